"""Which column holds what: headers matched against common English and Dutch names.

A header matches a name with case, spaces, ``_``, ``-`` and ``.`` ignored (``Customer ID``,
``customer_id`` and ``CUSTOMER-ID`` are one name). :func:`find_columns` is the general tool
(any roles, any names); :func:`transaction_columns` applies it to an order export, where the
amount is either one column or quantity × unit price.
"""

import re

from ..errors import CLVError

HEADER_NAMES = {
    "customer": ("customerid", "customer", "customerno", "customernumber", "clientid", "client",
                 "klantid", "klant", "klantnummer", "klantnr", "relatienummer", "debiteurnummer",
                 "userid", "memberid", "masterid", "id"),
    "date": ("date", "orderdate", "transactiondate", "invoicedate", "purchasedate", "datum",
             "orderdatum", "besteldatum", "factuurdatum", "transactiedatum", "day"),
    "amount": ("amount", "revenue", "sales", "total", "ordertotal", "ordervalue", "value",
               "spend", "dollarvalue", "linetotal", "price", "bedrag", "omzet", "totaal",
               "totaalbedrag", "waarde", "prijs"),
    "quantity": ("quantity", "qty", "quantityordered", "units", "aantal", "hoeveelheid",
                 "stuks", "aantalstuks"),
    "price": ("unitprice", "price", "priceeach", "itemprice", "unitcost", "prijs", "stukprijs",
              "eenheidsprijs", "prijsperstuk", "verkoopprijs"),
    "order": ("invoiceno", "invoice", "invoicenumber", "invoiceid", "orderid", "orderno",
              "ordernumber", "ordernr", "order", "transactionid", "receiptno", "ordernummer",
              "factuurnummer", "factuurnr", "factuur", "factuurid", "bestelnummer", "bonnummer"),
}
"""Known header names per role, in order of preference (normalised: see :func:`normal`)."""

OPTIONS = {"customer": "--customer-col", "date": "--date-col", "amount": "--amount-col",
           "quantity": "--quantity-col", "price": "--price-col", "order": "--order-col"}


def normal(header):
    """A header as matched: lower case without spaces, ``_``, ``-`` and ``.``.

    >>> normal(" Customer_ID ")
    'customerid'
    """
    return re.sub(r"[\s_\-.]", "", str(header or "")).lower()


def _shown(headers):
    return ", ".join(str(h) for h in headers)


def find_columns(headers, wanted, names=HEADER_NAMES, required=()):
    """Index of each wanted role's column in ``headers``.

    ``wanted`` maps a role to the header the user gave (None: look for the role's ``names``);
    a given header that is missing is an error, as is a ``required`` role that is not found.
    Other roles not found are absent from the result. Messages name the option (``--date-col``)
    and the argument (``date_col``) and list the columns.

    >>> find_columns(["Klantnummer", "Datum", "Bedrag"], {"customer": None, "date": "datum"})
    {'customer': 0, 'date': 1}
    >>> find_columns(["a", "b"], {"customer": None}, required=("customer",))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: cannot tell which column holds the customer; ...: a, b
    """
    normals = [normal(h) for h in headers]
    found = {}
    for role, given in wanted.items():
        candidates = (normal(given),) if given is not None else names.get(role, ())
        index = next((normals.index(name) for name in candidates if name in normals), None)
        if index is None and given is not None:
            raise CLVError(f'{role}_col: there is no column "{given}"; the columns are: '
                           + _shown(headers))
        if index is None and role in required:
            option = OPTIONS.get(role, f"--{role}-col")
            raise CLVError(f"cannot tell which column holds the {role}; name it with {option} "
                           f"({role}_col); the columns are: {_shown(headers)}")
        if index is not None:
            found[role] = index
    return found


def transaction_columns(headers, given):
    """The columns of an order export: customer, date, and either an amount or quantity and
    unit price (line items), plus an order id when there is one.

    ``given`` maps roles (customer, date, amount, quantity, price, order) to user-given headers
    or None. Line items win when quantity and price are found and no amount column other than
    the price column is (an explicit ``amount`` always wins).

    >>> transaction_columns(["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice",
    ...                      "CustomerID"], {})
    {'customer': 4, 'date': 2, 'order': 0, 'quantity': 1, 'price': 3}
    """
    found = find_columns(headers, {role: given.get(role) for role in ("customer", "date")},
                         required=("customer", "date"))
    found.update(find_columns(headers, {"order": given.get("order")}))
    items = find_columns(headers, {role: given.get(role) for role in ("quantity", "price")})
    amount = find_columns(headers, {"amount": given.get("amount")})
    explicit_items = given.get("quantity") is not None or given.get("price") is not None
    if given.get("amount") is None and len(items) == 2 and (
            explicit_items or amount.get("amount") in (None, items["price"])):
        return {**found, **items}
    if "amount" not in amount:
        raise CLVError("cannot tell which column holds the amount; name it with --amount-col "
                       "(amount_col), or for invoice lines --quantity-col and --price-col; the "
                       f"columns are: {_shown(headers)}")
    return {**found, **amount}
