"""The rows of a :class:`~.table.Table` screened once into checked transactions.

Per data row, in this order: a cell with control characters or over
:data:`~.values.LONGEST` characters, a customer id that is a logical value, an error value
(``#N/A``, in a CSV or as a workbook's error cell) or a long id Excel shortened to scientific
notation (``1.23457E+11``: its digits are lost), a date that is not a date or lies outside
1900-01-01 … today + :data:`FUTURE_DAYS`, a date after the observation end when one is given
(the day the export runs to), a quantity or unit price that is not a number, a zero unit
price, an amount that is not a finite number, and, with the ``stop`` policy, a refund. The
first that applies is the row's reason; the messages are the core's
(:mod:`~clv_udfs.core.transactions`, :mod:`~clv_udfs.core.dates`).

Not bad rows:

* **guest orders**: rows without a customer id, counted with their orders and revenue, kept
  out of every per-customer figure;
* **refunds** (a negative amount or quantity, or any line of a cancellation invoice: an order
  id of a ``C`` and digits, as in ``C536379``): with ``net`` they reduce their customer's
  revenue and are never a purchase; ``exclude`` leaves them out (counted); refunds of customers
  with no purchase in the data are counted apart (there is nothing to net them into).
"""

import datetime as dt
import re
from dataclasses import replace

import numpy as np

from ..core.dates import date_message, parse_dates_masked
from ..core.domains import show, value_problem
from ..core.transactions import (amount_message, build_transactions, factorize, returns_policy,
                                 scientific_message)
from ..errors import CLVError
from .table import coded, plain
from .values import (ERROR, LOGICAL, LONGEST, SCIENTIFIC, decimal_of, id_texts, numbers_of,
                     printable, text_problems, texts_of)

FUTURE_DAYS = 366           # how far after today a transaction date may lie
FIRST_DAY = np.datetime64("1900-01-01")
PROBLEMS_KEPT = 20          # messages kept for the report
ROWS_PER_REASON = 5         # row numbers kept per reason
_CANCELLATION = re.compile(r"[Cc]\d+")

REASONS = ("text", "long", "customer", "customer_error", "customer_scientific", "date",
           "date_range", "after_end", "quantity", "price", "zero_price", "amount", "refund")
"""Why a row is bad, in the order checked (the report's labels name each: ``report.reason.*``);
a row's reason is stored as its position + 1."""
_CODE = {key: code for code, key in enumerate(REASONS, start=1)}


def last_day():
    """The latest transaction date accepted: today plus :data:`FUTURE_DAYS`."""
    return np.datetime64(dt.date.today()) + FUTURE_DAYS


def _first(reason, mask, key):
    """Set ``key`` as the reason of the rows in ``mask`` that have none yet."""
    reason[mask & (reason == 0)] = _CODE[key]


def _first_of(reason, column, mask, key):
    """:func:`_first` for the rows whose value in ``column`` (:class:`~.table.Coded`) is in
    ``mask`` (over its distinct values): nothing to map when no value is."""
    if mask.any():
        _first(reason, column.map(mask), key)


def _keys(distinct, texts):
    """Codes of the id ``texts`` of a column's ``distinct`` values, in order of first
    appearance, and each code's first index (:func:`~clv_udfs.core.transactions.factorize`).
    Ids taken as they are (the usual export) are distinct already: each is its own key."""
    if texts.size and (texts == distinct).all():
        return np.arange(texts.size), np.arange(texts.size)
    return factorize(texts)


def reason_of(rows, i):
    """The reason key of row ``i`` (None for a good row)."""
    code = int(rows["reason"][i])
    return REASONS[code - 1] if code else None


def screen(table, date_format=None, decimal=None, returns="net", observation_end=None):
    """Screen ``table``'s rows: a dict of per-row arrays (customer key, dates, amount, refund,
    order key, reason, guest) with the text of each customer key, the decimal mark, the
    returns policy and the observation end; see :func:`~clv_udfs.reading.read_transactions`
    for the rest. ``observation_end`` (a day, optional): rows dated after it are bad rows,
    "after_end".

    Every column is taken as its distinct values (:class:`~.table.Coded`): ids, dates and
    numbers are read once per distinct value and the rows get theirs by code, so a million
    rows cost a few array lookups beyond their distinct values.
    """
    policy = returns_policy(returns)
    cols = {role: coded(values) for role, values in table.columns.items()}
    reason = np.zeros(table.numbers.size, dtype=np.int8)
    for column in cols.values():
        control, long = text_problems(column.distinct)
        _first_of(reason, column, control, "text")
        _first_of(reason, column, long, "long")
    customer = cols["customer"]
    texts, why = id_texts(customer.distinct)
    keys, first = _keys(customer.distinct, texts)
    guest = customer.map((texts == "") & (why == 0))
    for key, code in (("customer", LOGICAL), ("customer_error", ERROR),
                      ("customer_scientific", SCIENTIFIC)):
        _first_of(reason, customer, why == code, key)
    days, date_ok = parse_dates_masked(cols["date"].distinct, date_format)
    with np.errstate(invalid="ignore"):
        out_of_range = date_ok & ((days < FIRST_DAY) | (days > last_day()))
        after_end = None if observation_end is None else date_ok & (days > observation_end)
    _first_of(reason, cols["date"], ~date_ok, "date")
    _first_of(reason, cols["date"], out_of_range, "date_range")
    if after_end is not None:
        _first_of(reason, cols["date"], after_end, "after_end")
    number_roles = [r for r in ("amount", "quantity", "price") if r in cols]
    if decimal is None:
        joined = "\0".join("\0".join(texts_of(cols[r].distinct)) for r in number_roles)
        decimal = decimal_of(joined, table.delimiter)
    with np.errstate(invalid="ignore", over="ignore"):
        if "amount" in cols:
            amount = cols["amount"].map(numbers_of(cols["amount"].distinct, decimal))
        else:
            quantity, price = (cols[r].map(numbers_of(cols[r].distinct, decimal))
                               for r in ("quantity", "price"))
            _first(reason, ~np.isfinite(quantity), "quantity")
            _first(reason, ~np.isfinite(price), "price")
            _first(reason, price == 0, "zero_price")
            amount = quantity * price
        _first(reason, ~np.isfinite(amount), "amount")
        refund = np.isfinite(amount) & (amount < 0)
    orders = None
    if "order" in cols:
        order_texts, why = id_texts(cols["order"].distinct)
        scientific = why == SCIENTIFIC
        order_texts[scientific] = [str(o).strip() for o in cols["order"].distinct[scientific]]
        orders = cols["order"].map(factorize(order_texts)[0])
        blank = cols["order"].map(order_texts == "")   # no order id: each row its own order
        orders[blank] = orders.max(initial=-1) + 1 + np.arange(np.count_nonzero(blank))
        shortened = cols["order"].map(scientific)
        if shortened.any():   # an order number Excel cut (4.50123E+12) names several orders:
            # its lines are one order per customer and day, as without order numbers
            _, split = np.unique(np.c_[orders[shortened], customer.map(keys)[shortened],
                                       cols["date"].map(days)[shortened].astype(np.int64)],
                                 axis=0, return_inverse=True)
            orders[shortened] = orders.max() + 1 + split.ravel()
        cancelled = np.fromiter((bool(_CANCELLATION.fullmatch(o)) for o in order_texts.tolist()),
                                dtype=bool, count=order_texts.size)
        if cancelled.any():
            refund |= cols["order"].map(cancelled)
            amount = np.where(refund, -np.abs(amount), amount)
    if policy == "stop":
        _first(reason, refund, "refund")
    return dict(customer=customer.map(keys), key_text=texts[first], dates=cols["date"].map(days),
                amount=amount, refund=refund, orders=orders, reason=reason, guest=guest,
                decimal=decimal, policy=policy, observation_end=observation_end)


_DAY_FIRST = re.compile(r"\s*(\d{1,2})([-/.])(\d{1,2})\2(\d{4})\s*")


def _format_hint(value, date_format):
    """For a date written day or month first (20-01-2024, 01/20/2024) without --date-format:
    the option that reads it, since such dates are ambiguous and never guessed.

    >>> _format_hint("20-01-2024", None)
    '; this file writes dates day first: give --date-format %d-%m-%Y'
    >>> _format_hint("01/20/2024", None)
    '; this file writes dates month first: give --date-format %m/%d/%Y'
    >>> _format_hint("05.06.2024", None)
    '; give --date-format %d.%m.%Y (day first) or %m.%d.%Y (month first), as the file writes them'
    >>> _format_hint("2024-01-20", None), _format_hint("20-01-2024", "%Y-%m-%d")
    ('', '')
    >>> _format_hint("31-13-2020", None)   # no month 13 either way: no hint
    ''
    """
    shape = _DAY_FIRST.fullmatch(str(value)) if date_format is None else None
    if shape is None:
        return ""
    separator = shape[2]
    day_first, month_first = (f"%d{separator}%m{separator}%Y", f"%m{separator}%d{separator}%Y")
    fits = [form for form in (day_first, month_first) if _reads(shape[0].strip(), form)]
    if fits == [day_first]:
        return f"; this file writes dates day first: give --date-format {day_first}"
    if fits == [month_first]:
        return f"; this file writes dates month first: give --date-format {month_first}"
    if fits:
        return (f"; give --date-format {day_first} (day first) or {month_first} (month first), "
                "as the file writes them")
    return ""


def _reads(text, form):
    try:
        dt.datetime.strptime(text, form)
    except ValueError:
        return False
    return True


def message(table, rows, i, date_format):
    """The one-line message of bad data row ``i`` (its reason), in the core's words."""
    reason = reason_of(rows, i)
    role = {"customer": "customer", "customer_error": "customer",
            "customer_scientific": "customer", "date": "date", "date_range": "date",
            "after_end": "date", "quantity": "quantity", "price": "price",
            "zero_price": "price"}.get(reason, "amount")
    if reason in ("text", "long"):
        role = next(r for r, values in table.columns.items()
                    if any(mask[0] for mask in text_problems(plain(values, [i]))))
    if role == "amount" and role not in table.columns:   # invoice lines: no amount column
        column = "quantity × unit price"
        role = "quantity"
    else:
        column = f'column "{printable(table.header[table.index[role]])}"'
    row = int(table.numbers[i])
    where = f"{column} row {row}"
    value = plain(table.columns[role], i)
    if reason == "text":
        return (f"{where}: {show(printable(value[:60]))} holds control characters, which no "
                "export field has; correct the file or leave the row out")
    if reason == "long":
        return (f"{where}: the cell holds {len(value):,} characters, more than the {LONGEST:,} "
                "an Excel cell holds; check the delimiter and quotes, or leave the row out")
    if reason == "customer" and isinstance(value, (bool, np.bool_)):
        return f"{where}: {show(value)} is a logical value, not a customer id; enter the id"
    if reason in ("customer", "customer_error"):
        return value_problem(where, value, "enter the customer's id")
    if reason == "customer_scientific":
        return scientific_message(where, value)
    if reason == "date":
        return date_message(column, row, value, date_format) + _format_hint(value, date_format)
    if reason == "date_range":
        return (f"{where}: {rows['dates'][i]} is not a transaction date (before 1900 or after "
                f"{last_day()}; a placeholder?); correct it or leave the row out")
    if reason == "after_end":
        return (f"{where}: {rows['dates'][i]} is after the observation end "
                f"{rows['observation_end']} (--observation-end); leave the row out or give a "
                "later observation end")
    if reason == "quantity":
        return value_problem(where, value, "enter a number of items")
    if reason in ("price",):
        return value_problem(where, value, "enter a unit price")
    if reason == "zero_price":
        return f"{where}: the unit price is 0, a line that sells nothing; leave it out"
    parsed = rows["amount"][i]
    return amount_message(column, row, value if np.isnan(parsed) else parsed)


def tally(table, rows, bad, date_format):
    """Bad rows per reason: ``{reason key: (count, first row numbers)}`` and the first
    messages."""
    reasons = {}
    rows_bad = np.flatnonzero(bad)
    codes = rows["reason"][rows_bad]
    for code, key in enumerate(REASONS, start=1):
        where = rows_bad[codes == code]
        if where.size:
            reasons[key] = (int(where.size), table.numbers[where[:ROWS_PER_REASON]].tolist())
    problems = [message(table, rows, i, date_format)
                for i in np.flatnonzero(bad)[:PROBLEMS_KEPT].tolist()]
    return reasons, problems


def _orders(rows, mask):
    """Orders among the rows in ``mask``: distinct order ids of purchases, else purchases."""
    purchases = mask & ~rows["refund"]
    if rows["orders"] is None:
        return int(purchases.sum())
    return int(np.unique(rows["orders"][purchases]).size)


def checked(table, rows, skip_bad_rows, date_format):
    """The checked transactions, the bad rows, the counts of the report (see :mod:`.screen`)
    and the table row of each transaction row."""
    bad = (rows["reason"] != 0) & ~rows["guest"]
    if bad.any() and not skip_bad_rows:
        first = message(table, rows, int(np.flatnonzero(bad)[0]), date_format)
        raise CLVError(f"{first} (or leave bad rows out with --skip-bad-rows)")
    usable = ~bad & np.isfinite(rows["amount"])
    guest = rows["guest"] & usable
    refund = rows["refund"]
    use = usable & ~rows["guest"]
    excluded = use & refund if rows["policy"] == "exclude" else np.zeros_like(use)
    use &= ~excluded
    customer, orders = rows["customer"][use], rows["orders"]
    transactions, kept = build_transactions(
        customer, customer, rows["dates"][use], rows["amount"][use],
        refund[use] if rows["policy"] == "net" else None,
        None if orders is None else orders[use])
    transactions = replace(transactions, customer_id=rows["key_text"][transactions.customer_id])
    unmatched = rows["amount"][use][~kept]
    amount = rows["amount"]
    counts = dict(
        guests={"rows": int(guest.sum()), "orders": _orders(rows, guest),
                "revenue": float(amount[guest].sum())},
        returns_excluded={"rows": int(excluded.sum()),
                          "amount": 0.0 - float(amount[excluded].sum())},
        returns_unmatched={"rows": int(unmatched.size), "amount": 0.0 - float(unmatched.sum())},
        skipped=int(bad.sum()), used=int(kept.sum()))
    return transactions, bad, counts, np.flatnonzero(use)[kept]
