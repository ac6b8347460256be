"""Transaction tables (one row per order: customer id, date, amount), checked row by row.

Rules every transaction function shares:

* **Customer ids** may be numbers or text; text is matched after trimming spaces, and a whole
  number matches the same text (``1001`` and ``"1001"`` are one customer). An empty id is bad,
  and so is an id Excel shortened to scientific notation (``1.23457E+11``: its digits are lost,
  :func:`scientific_id`).
  Customers are reported in the **order of their first appearance** in the data.
* **Dates**: anything :mod:`~clv_udfs.core.dates` accepts.
* **Amounts** are numbers ≥ 0 (a free order, 0, is still an order). A **refund** (a negative
  amount, or any line of a cancellation document) follows the ``returns`` policy:

  - ``"stop"`` (the default of the core functions): refused, the row is bad;
  - ``"net"``: it reduces its customer's revenue and is never a purchase occasion; in the
    per-day view (:meth:`Transactions.daily`) it nets into the customer's last purchase day on
    or before it (the first one when it precedes them all). Returns of a customer with no
    purchase in the data are left out (there is no purchase to net them into);
  - ``"exclude"``: left out.
* **Orders**: with order ids (an invoice number per line), a customer's orders are its distinct
  order ids among the purchase lines; without, every purchase row is an order.
* All columns have the same number of rows; rows are numbered from 1 in messages.

:func:`screen_transactions` gives the good rows plus a mask and one message per bad row (the
Excel layer uses it); :func:`check_transactions` raises :class:`~clv_udfs.errors.CLVError` for the
first bad row. Both give a :class:`Transactions` object, checked once: every core transaction
function (:func:`~clv_udfs.core.summary.rfm_summary`, :func:`~clv_udfs.core.kpis.kpis`, …)
takes one in place of its columns (:func:`as_transactions`), so a report screens its rows once.
A reader that checked its rows itself builds the object with :func:`build_transactions`.

>>> tx = check_transactions(["b", "a", "b"], ["1997-01-01", "1997-01-02", "1997-01-03"],
...                         [10, 20, 30])
>>> tx.customer_id.tolist(), tx.customer.tolist()
(['b', 'a'], [0, 1, 0])
>>> check_transactions(["a"], ["1997-01-01"], [-5])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
clv_udfs.errors.CLVError: amounts row 1: -5 is a refund; net refunds into their orders or ...
"""

import re
from dataclasses import dataclass

import numpy as np

from ..errors import CLVError
from .dates import date_message, parse_dates_masked
from .domains import EXCEL_ERRORS, MONEY, is_number, show, value_problem
from .mixed import mixed_array


RETURNS = ("net", "exclude", "stop")
"""The returns policies (see the module description)."""


@dataclass(frozen=True, eq=False)
class Transactions:
    """Checked transactions: distinct customers and, per row, customer index, date, amount.

    ``order`` (per row, an order number; None: every row is an order) and ``refund`` (per row,
    True for a return or cancellation line, whose ``amount`` is negative; None: no returns) are
    set when the data have them. Every customer has at least one purchase (non-refund) row.
    """

    customer_id: np.ndarray   # distinct ids, order of first appearance
    customer: np.ndarray      # per row, int64 index into customer_id
    date: np.ndarray          # per row, datetime64[D] (absent when no dates were given)
    amount: np.ndarray        # per row, float (negative on refund rows)
    order: np.ndarray | None = None    # per row, int64 order number
    refund: np.ndarray | None = None   # per row, bool

    @property
    def purchase(self):
        """Per row: True for a purchase, False for a refund."""
        return np.ones(self.amount.size, dtype=bool) if self.refund is None else ~self.refund

    @property
    def returns(self):
        """Total refunded, as a positive amount (0 without refunds)."""
        return 0.0 if self.refund is None else float(-self.amount[self.refund].sum())

    @property
    def gross(self):
        """Total of the purchase rows, before refunds."""
        return float(self.amount[self.purchase].sum())

    def orders(self):
        """Orders per customer: distinct order numbers of its purchase rows (every purchase
        row without order numbers)."""
        purchase = self.purchase
        n = self.customer_id.size
        if self.order is None:
            return np.bincount(self.customer[purchase], minlength=n)
        orders = int(self.order.max()) + 1 if self.order.size else 1
        pairs = np.unique(self.customer[purchase] * orders + self.order[purchase])
        return np.bincount(pairs // orders, minlength=n)

    def rows(self, keep):
        """The rows where ``keep``; customers left without a purchase row are dropped (with
        their refunds), the others keep their order."""
        if keep.all():
            return self
        n = self.customer_id.size
        present = np.bincount(self.customer[keep & self.purchase], minlength=n) > 0
        keep = keep & present[self.customer]
        renumber = np.cumsum(present) - 1
        return Transactions(self.customer_id[present], renumber[self.customer[keep]],
                            self.date[keep], self.amount[keep],
                            None if self.order is None else self.order[keep],
                            None if self.refund is None else self.refund[keep])

    def until(self, end):
        """The rows dated on or before ``end`` (see :meth:`rows`)."""
        return self.rows(self.date <= end)

    def daily(self):
        """Purchases per customer-day, sorted by customer then date; same-day amounts summed,
        each refund netted into the customer's last purchase day on or before it (the first
        purchase day when it precedes them all).

        Returns ``(customer, date, amount)`` arrays, one element per customer-day.
        """
        days = self.date.astype(np.int64)
        if days.size == 0:
            return self.customer, self.date, self.amount
        key = self.customer * (days.max() - days.min() + 1) + (days - days.min())
        purchase = self.purchase
        bought = key[purchase]
        order = np.argsort(bought)
        bought = bought[order]
        starts = np.flatnonzero(np.r_[True, bought[1:] != bought[:-1]])
        amount = np.add.reduceat(self.amount[purchase][order], starts)
        if not purchase.all():
            occasions = bought[starts]
            refunds = ~purchase
            at = np.searchsorted(occasions, key[refunds], side="right") - 1
            customer_of = self.customer[purchase][order][starts]
            before_first = (at < 0) | (customer_of[np.maximum(at, 0)] != self.customer[refunds])
            first_day = np.searchsorted(customer_of, self.customer[refunds], side="left")
            np.add.at(amount, np.where(before_first, first_day, at), self.amount[refunds])
        return (self.customer[purchase][order][starts], self.date[purchase][order][starts],
                amount)


@dataclass(frozen=True, eq=False)
class Screened:
    """Result of :func:`screen_transactions`: good rows, a per-row mask, bad-row messages."""

    transactions: Transactions
    ok: np.ndarray            # per input row
    messages: list            # one line per bad row, in row order
    refund: np.ndarray        # per input row: a negative amount the returns policy accepts


def factorize(keys):
    """Codes of ``keys`` numbered in order of first appearance, and each code's first index.

    >>> factorize(np.array([7, 3, 7, 5]))
    (array([0, 1, 0, 2]), array([0, 1, 3]))
    """
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if keys.dtype.kind in "iu" and keys.max() - keys.min() <= 4 * keys.size:
        return _factorize_dense(keys - keys.min())
    if keys.dtype.kind in "UO":
        return _factorize_hashed(keys.tolist())
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return _by_first_appearance(first, inverse.ravel())


def _factorize_hashed(items):
    """:func:`factorize` of text keys by hashing (no sort): a dict keeps first appearance."""
    code = dict(zip(dict.fromkeys(items), range(len(items))))
    codes = np.fromiter(map(code.__getitem__, items), dtype=np.int64, count=len(items))
    first = np.empty(len(code), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(items) - 1, -1, -1)
    return codes, first


def _factorize_dense(offsets):
    """:func:`factorize` of small non-negative integers, without sorting the rows."""
    first = np.full(offsets.max() + 1, offsets.size)
    np.minimum.at(first, offsets, np.arange(offsets.size))
    present = first < offsets.size
    code = np.cumsum(present) - 1
    return _by_first_appearance(first[present], code[offsets])


def _by_first_appearance(first, inverse):
    """Renumber codes ``inverse`` (of keys in some order, first seen at ``first``) by ``first``."""
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[inverse], first[order]


_WHOLE = re.compile(r"(-?\d+)(?:\.0{1,2}|,0{1,2})")    # 17850.0 and, decimal comma, 17850,0


def id_text(text):
    """A customer id written as text, stripped, with a whole number's decimals dropped: an id
    exported as a float (``"17850.0"``, or ``"17850,0"`` with a decimal comma) is the customer
    ``17850``. A thousands group is no decimal, whichever mark it uses: ``"1,000"`` and the
    Dutch ``"1.000"`` stay themselves (customer 1000 is not customer 1).

    >>> id_text(" 17850.0 "), id_text("17850,0"), id_text("1,000"), id_text("00123")
    ('17850', '17850', '1,000', '00123')
    >>> id_text("1.000"), id_text("17850.00")
    ('1.000', '17850')
    """
    text = text.strip()
    whole = ("." in text or "," in text) and _WHOLE.fullmatch(text)
    return whole[1] if whole else text


_SCIENTIFIC = re.compile(r"[+-]?\d(?:[.,]\d{1,14})?E\+(?:1[1-9]|[2-9]\d|[1-9]\d\d)")
# 1.23457E+11, 1,23457E+11: General shows whole numbers of up to 11 digits in full


def scientific_id(text):
    """Whether an id written as text is a number Excel shortened to scientific notation
    (``1.23457E+11``, in a Dutch export ``1,23457E+11``): Excel writes a long id so when the
    column is formatted General, and the digits after the sixth are lost, so the text names no
    customer (several customers share it). A whole number written as a float (``17850.0``) is
    an id (:func:`id_text`). Only Excel's own form is taken: one digit before the decimal
    mark, a capital E, a plus and an exponent of 11 or more (General shows whole numbers of up
    to 11 digits in full), so codes such as ``12E5``, ``12E+3``, ``1E+05`` or ``0012E-3`` stay
    ids.

    >>> scientific_id("1.23457E+11"), scientific_id(" 1,23457E+11 "), scientific_id("1E+11")
    (True, True, True)
    >>> scientific_id("4.50123E+12"), scientific_id("1.2E+100")
    (True, True)
    >>> codes = ("17850.0", "12E5", "E+11", "12E+3", "1E+05", "1E+10", "0012E-3", "1E-05")
    >>> [scientific_id(code) for code in codes]
    [False, False, False, False, False, False, False, False]
    """
    return _SCIENTIFIC.fullmatch(text.strip()) is not None


def scientific_message(where, value):
    """The one-line message of an id in scientific notation at ``where`` (column and row),
    with how to export it whole.

    >>> scientific_message("customer_ids row 2", "1.23457E+11")  # doctest: +NORMALIZE_WHITESPACE
    'customer_ids row 2: "1.23457E+11" is a customer id Excel shortened to scientific notation
    (its last digits are lost); in Excel, format the id column as Text before exporting, or
    export as CSV from the source system'
    >>> scientific_message("Klantnummer row 3", 1.2345678901234568e16).split(" (")[0]
    'Klantnummer row 3: 12345678901234568 is a customer id stored as a number longer than a \
number holds exactly'
    """
    if isinstance(value, str):
        shown = f"{show(value.strip())} is a customer id Excel shortened to scientific notation"
    else:   # a number cell beyond 2**53 (a 17-digit loyalty number): rounded as it was stored
        shown = (f"{float(value):.0f} is a customer id stored as a number longer than a number "
                 "holds exactly")
    return (f"{where}: {shown} (its last digits are lost); in Excel, format the id column as "
            "Text before exporting, or export as CSV from the source system")


def _id_key(value):
    """The matching key of one customer id (text), or None for an empty id, an Excel error, a
    logical value or an id in scientific notation, which cannot name a customer."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, str):
        text = id_text(value)
        return (None if not text or text.upper() in EXCEL_ERRORS or scientific_id(text)
                else text)
    if is_number(value):
        if not np.isfinite(value):
            return None
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return None if value is None else str(value)


def id_keys(values):
    """Matching keys of customer ids (numbers, or text for mixed input) and the ok mask."""
    if values.dtype.kind in "iu":
        return values, np.ones(values.shape, dtype=bool)
    if values.dtype.kind == "f":
        return values, np.isfinite(values)
    items = values.tolist()
    distinct = dict.fromkeys(items)
    for value in distinct:
        distinct[value] = _id_key(value)
    keys = np.array(list(map(distinct.__getitem__, items)), dtype=object)
    ok = keys != None  # noqa: E711  (elementwise comparison)
    keys[~ok] = ""
    return keys.astype(str), ok


def _amount(value):
    """One amount as a float (NaN when it is not a number)."""
    return float(value) if is_number(value) else np.nan


def _amounts(values):
    """Amounts as floats (NaN where not a number) and the ok mask (finite and ≥ 0)."""
    if values.dtype.kind in "iuf" or set(map(type, values.tolist())) <= {float, int}:
        numbers = values.astype(float)   # the usual Excel column: plain numbers only
    else:
        numbers = np.frompyfunc(_amount, 1, 1)(values).astype(float)
    with np.errstate(invalid="ignore"):
        return numbers, np.isfinite(numbers) & (numbers >= 0)


def amount_message(argument, row, value):
    """The one-line message for a bad amount ``value`` at 1-based ``row``."""
    where = f"{argument} row {row}"
    if not is_number(value):
        return value_problem(where, value, MONEY.allowed)
    if float(value) < 0:
        return f"{where}: {show(value)} is a refund; net refunds into their orders or leave them out"
    return MONEY.message(where, value)


def id_message(argument, row, value=None):
    """The one-line message for a customer id at 1-based ``row`` that names no customer: an
    empty cell, or ``value`` when it is an Excel error, a logical value or an id in scientific
    notation (:func:`scientific_message`).

    >>> id_message("customer_ids", 2), id_message("customer_ids", 3, True)
    ('customer_ids row 2: the customer id is empty; enter a customer id', 'customer_ids row 3: TRUE is not a customer id; enter text or a number')
    """
    where = f"{argument} row {row}"
    if value is None or value != value or isinstance(value, str) and not value.strip():
        return f"{where}: the customer id is empty; enter a customer id"   # (NaN: read empty)
    if isinstance(value, str) and scientific_id(value):
        return scientific_message(where, value)
    return f"{where}: {show(value)} is not a customer id; enter text or a number"


def _column(argument, values):
    """A 1-D array of one column (an Excel n×1 or 1×n range is flattened)."""
    array = mixed_array(values)
    if array.ndim == 0:
        raise CLVError(f"{argument}: give a column of values, one per transaction")
    return array.ravel()


def _same_length(columns):
    sizes = {name: column.size for name, column in columns.items()}
    (first, n), *others = sizes.items()
    for name, size in others:
        if size != n:
            raise CLVError(f"{first} has {n} values but {name} has {size}; "
                           "use columns of the same length, one row per transaction")


def returns_policy(value, argument="returns"):
    """The returns policy ``value`` names ("net", "exclude" or "stop"; case and spaces ignored).

    >>> returns_policy(" Net ")
    'net'
    """
    text = str(value).strip().lower() if value is not None else ""
    if text not in RETURNS:
        raise CLVError(f"{argument}: {show(value)} is not a returns policy; use net (refunds "
                       "reduce their customer's revenue), exclude (leave them out) or stop "
                       "(refuse them)")
    return text


def build_transactions(ids, keys, dates, amounts, refund=None, orders=None):
    """:class:`Transactions` of rows already checked, and the mask of the rows kept.

    ``ids`` are the customer ids as given, ``keys`` their matching keys (:func:`id_keys`),
    ``refund`` marks refund rows (their amounts negative) and ``orders`` holds each row's order
    id (any values; None: every row is an order). Rows of customers without a purchase row are
    not kept. Customer ids that are all whole floats become integers.

    >>> tx, kept = build_transactions(np.array(["b", "a", "c"]), np.array(["b", "a", "c"]),
    ...                               np.array(["2024-01-01"] * 3, dtype="datetime64[D]"),
    ...                               np.array([5.0, 7.0, -2.0]),
    ...                               refund=np.array([False, False, True]))
    >>> tx.customer_id.tolist(), kept.tolist()
    (['b', 'a'], [True, True, False])
    """
    kept = np.ones(keys.size, dtype=bool)
    if refund is not None:
        if refund.any():
            codes = factorize(keys)[0]
            kept = (np.bincount(codes[~refund], minlength=codes.size) > 0)[codes]
            ids, keys, dates, amounts, refund = (a[kept] for a in (ids, keys, dates, amounts,
                                                                      refund))
            orders = None if orders is None else orders[kept]
        else:
            refund = None
    codes, first = factorize(keys)
    customer_id = ids[first]
    customer_id = whole_ids(customer_id)
    order = None
    if orders is not None:
        order = factorize(orders if orders.dtype.kind in "iuf" else orders.astype(str))[0]
    return Transactions(customer_id, codes, dates, amounts, order, refund), kept


def whole_ids(ids):
    """A column of customer ids that are all whole numbers as integers (Excel hands numbers
    over as floats); any other column as it is, also one beyond ±2**53, where a float no
    longer holds every whole number (a 20-digit loyalty number would become -2**63).

    >>> whole_ids(np.array([17850.0, 13047.0])), whole_ids(np.array([1.5]))
    (array([17850, 13047]), array([1.5]))
    >>> whole_ids(np.array([12345678901234567890.0]))
    array([1.23456789e+19])
    """
    if ids.dtype.kind != "f" or not ids.size or not (
            -2.0 ** 53 <= ids.min() <= ids.max() <= 2.0 ** 53):   # (a NaN fails them too)
        return ids
    whole = ids.astype(np.int64)
    return whole if np.array_equal(whole, ids) else ids


def screen_transactions(customer_ids, dates, amounts, date_format=None,
                        names=("customer_ids", "dates", "amounts"), returns="stop"):
    """Check transactions row by row; keep the good rows.

    ``dates`` may be None for functions that need no dates. ``names`` are the three argument
    names used in messages; ``returns`` the policy for negative amounts (see the module
    description). Returns a :class:`Screened`; refunds left out by the policy are good rows
    absent from its transactions.

    >>> screened = screen_transactions([1, None, 2], ["1997-01-01", "1997-01-02", "x"], [5, 6, 7])
    >>> screened.ok.tolist(), screened.transactions.customer_id.tolist()
    ([True, False, False], [1])
    >>> print(screened.messages[1])  # doctest: +ELLIPSIS
    dates row 3: "x" is not a date; use a date, an Excel date number or text such as ...
    >>> net = screen_transactions(["a", "a"], ["1997-01-01", "1997-01-02"], [5, -2], returns="net")
    >>> net.ok.tolist(), net.transactions.returns, net.transactions.gross
    ([True, True], 2.0, 5.0)
    """
    policy = returns_policy(returns)
    columns = {names[0]: _column(names[0], customer_ids), names[2]: _column(names[2], amounts)}
    if dates is not None:
        columns[names[1]] = _column(names[1], dates)
    _same_length(columns)
    ids, raw_amounts = columns[names[0]], columns[names[2]]
    keys, id_ok = id_keys(ids)
    money, amount_ok = _amounts(raw_amounts)
    with np.errstate(invalid="ignore"):
        refund = np.isfinite(money) & (money < 0) & (policy != "stop")
    amount_ok |= refund
    if dates is None:
        days, date_ok = np.zeros(ids.size, dtype="datetime64[D]"), np.ones(ids.size, dtype=bool)
    else:
        days, date_ok = parse_dates_masked(columns[names[1]], date_format)
    ok = id_ok & date_ok & amount_ok
    messages = [id_message(names[0], row + 1, ids[row]) if not id_ok[row]
                else date_message(names[1], row + 1, columns[names[1]][row], date_format)
                if not date_ok[row] else amount_message(names[2], row + 1, raw_amounts[row])
                for row in np.flatnonzero(~ok)]
    use = ok & ~refund if policy == "exclude" else ok
    transactions, _ = build_transactions(ids[use], keys[use], days[use], money[use],
                                         refund[use] if policy == "net" else None)
    return Screened(transactions, ok, messages, refund)


def check_transactions(customer_ids, dates, amounts, date_format=None,
                       names=("customer_ids", "dates", "amounts"), returns="stop"):
    """:func:`screen_transactions`, raising CLVError for the first bad row; returns Transactions.

    An empty table is refused too: there is nothing to summarise.
    """
    screened = screen_transactions(customer_ids, dates, amounts, date_format, names, returns)
    if screened.messages:
        raise CLVError(screened.messages[0])
    if screened.transactions.customer_id.size == 0:
        raise CLVError(f"{names[0]}: there are no transactions; give at least one row")
    return screened.transactions


def as_transactions(customer_ids, dates, amounts, date_format=None, returns="stop"):
    """``customer_ids`` itself when it is a checked :class:`Transactions`, else the
    transactions of the three columns (:func:`check_transactions`).

    >>> tx = check_transactions(["a"], ["1997-01-01"], [5])
    >>> as_transactions(tx, None, None) is tx
    True
    """
    if isinstance(customer_ids, Transactions):
        return customer_ids
    return check_transactions(customer_ids, dates, amounts, date_format, returns=returns)
