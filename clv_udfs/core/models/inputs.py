"""Checked customer summaries (frequency, recency, T) and their compression to unique rows.

A customer summary is the triple of the "buy till you die" papers: ``frequency`` x (repeat
purchases), ``recency`` t_x (time of the last repeat purchase, counted from the first purchase)
and ``T`` (time from the first purchase to the end of observation), all in one time unit.

>>> x, t_x, T = customer_data([2, 0], [30.43, 0], 38.86)
>>> T
array([38.86, 38.86])
>>> customer_data(0, 3, 10)
Traceback (most recent call last):
...
clv_udfs.errors.CLVError: recency: 3 with frequency 0; a customer with no repeat purchases has recency 0
"""

import hashlib
import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

from ...errors import CLVError
from ..domains import COUNT, DURATION, Domain, show
from ..elementwise import broadcast

PARAMETER = Domain("enter a model parameter > 0", low=0, low_open=True, high_open=True)
PENALIZER = Domain("enter a penalty ≥ 0 (e.g. 0.001)", low=0, high_open=True)
WEIGHT = Domain("enter a number of customers ≥ 0", low=0, high_open=True)


def _item(array, mask):
    """" (item k)" for the first True element of ``mask``, or "" for a single value."""
    return "" if array.ndim == 0 else f" (item {int(np.flatnonzero(mask.ravel())[0]) + 1})"


def whole_counts(argument, value, noun="purchases"):
    """``value`` as a float array of whole numbers ≥ 0; CLVError naming the first other one
    (``noun`` says what is counted: purchases, customers, renewals)."""
    array = COUNT.check(argument, value)
    fractional = array != np.floor(array)
    if fractional.any():
        raise CLVError(f"{argument}: {show(array[fractional].flat[0])} is not a whole number; "
                       f"enter a count of {noun} (0, 1, 2, …)" + _item(array, fractional))
    return array


def customer_data(frequency, recency, T):
    """Checked, broadcast float arrays ``(x, t_x, T)``.

    CLVError names the argument and value for: negative, fractional or missing frequency;
    negative or missing recency or T; recency after T; recency ≠ 0 with frequency 0.
    """
    arrays, _ = broadcast({"frequency": whole_counts("frequency", frequency),
                           "recency": DURATION.check("recency", recency),
                           "T": DURATION.check("T", T)})
    x, t_x, age = arrays["frequency"], arrays["recency"], arrays["T"]
    late = t_x > age
    if late.any():
        raise CLVError(f"recency: {show(t_x[late].flat[0])} is after T {show(age[late].flat[0])};"
                       " the last purchase cannot come after the end of observation"
                       + _item(t_x, late))
    orphan = (x == 0) & (t_x != 0)
    if orphan.any():
        raise CLVError(f"recency: {show(t_x[orphan].flat[0])} with frequency 0; a customer with "
                       "no repeat purchases has recency 0" + _item(t_x, orphan))
    return x, t_x, age


def factorise(columns):
    """Unique rows of equal-shape ``columns`` (raveled) and, per row, the index of its unique
    row.

    Returns ``(unique_columns, inverse)`` with ``unique_columns[k][inverse] ==
    ravel(columns[k])``, the unique rows in lexicographic order; much faster than
    ``np.unique(..., axis=0)`` (:func:`_sorted_rows`). Columns that broadcasting repeats along
    an axis (``np.broadcast_to(x, (13, n))``: 13 horizons of the same customers) are sorted
    once, not once per repeat; inside :func:`remembered_factorisations` the same columns are
    sorted once in all.

    >>> factorise([np.array([2.0, 1.0, 2.0]), np.array([5.0, 5.0, 5.0])])
    ((array([1., 2.]), array([5., 5.])), array([1, 0, 1]))
    >>> (x,), inverse = factorise([np.broadcast_to([2.0, 1.0], (3, 2))])
    >>> x, inverse
    (array([1., 2.]), array([1, 0, 1, 0, 1, 0]))
    """
    arrays = [np.asarray(c) for c in columns]
    shape = arrays[0].shape
    if any(a.shape != shape for a in arrays):
        arrays = [np.ravel(a) for a in arrays]
        shape = arrays[0].shape
    repeated = tuple(slice(0, 1) if all(a.strides[i] == 0 for a in arrays) else slice(None)
                     for i in range(len(shape)))
    distinct = [a[repeated] for a in arrays]
    memory = _REMEMBERED.get()
    if memory is None:
        unique, inverse = _sorted_rows(distinct)
    else:
        unique, inverse = memory.recall(distinct)
    if distinct[0].shape != shape:
        inverse = np.broadcast_to(inverse.reshape(distinct[0].shape), shape)
    return unique, np.ravel(inverse)


def _sorted_rows(columns):
    """:func:`factorise` of equal-shape ``columns``: each column's values ranked by one sort,
    the ranks combined into one integer key per row (rank₁·n₂ + rank₂, …, in lexicographic
    order; re-ranked before the product of the counts could overflow), and the keys ranked by
    one more sort: 2–3× faster than a lexicographic sort of the rows."""
    columns = [np.ravel(c) for c in columns]
    key, size = _ranks(columns[0])[:2]
    for column in columns[1:]:
        rank, count = _ranks(column)[:2]
        if size * count >= 2**62:
            key, size = _ranks(key)[:2]
        key, size = key * count + rank, size * count
    inverse, _, order, new = _ranks(key)
    dtype = np.result_type(*columns)   # as one table of the rows would hold them
    return tuple(c[order[new]].astype(dtype, copy=False) for c in columns), inverse


def _ranks(values):
    """Each value's rank among the distinct ``values`` (0, 1, … in ascending order), their
    number, the sorting order and where in it a new value starts."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.empty(len(values), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    rank = np.empty(len(values), dtype=np.intp)
    rank[order] = np.cumsum(new) - 1
    return rank, int(rank[order[-1]]) + 1 if len(values) else 0, order, new


class _Factorisations:
    """The last ``size`` factorisations, keyed on a digest of the columns' values (dtype,
    shape and bytes), never on the arrays' identity: other data always miss. What it hands
    out is read-only, so no caller can change what the next one gets."""

    def __init__(self, size):
        self.size = size
        self.found = OrderedDict()
        self.lock = threading.Lock()

    def recall(self, columns):
        digest = hashlib.sha256()
        for column in columns:
            column = np.ascontiguousarray(column)
            digest.update(f"{column.dtype.str}{column.shape}".encode())
            digest.update(memoryview(column).cast("B"))
        key = digest.digest()
        with self.lock:
            if key in self.found:
                self.found.move_to_end(key)
                return self.found[key]
        unique, inverse = _sorted_rows(columns)
        for array in (*unique, inverse):
            array.flags.writeable = False
        with self.lock:
            self.found[key] = unique, inverse
            while len(self.found) > self.size:
                self.found.popitem(last=False)
        return unique, inverse


_REMEMBERED = ContextVar("factorisations", default=None)


@contextmanager
def remembered_factorisations(size=8):
    """Within the block, :func:`factorise` (and :func:`compress`) sort each distinct set of
    columns once: a forecast's fits, predictions and interval passes factorise the same
    customers dozens of times. The memory (``size`` results, a few MB each at 200k
    customers) is freed when the block ends; an enclosing block's is used if there is one.

    >>> with remembered_factorisations():
    ...     first = factorise([np.array([2.0, 1.0, 2.0])])
    ...     again = factorise([np.array([2.0, 1.0, 2.0])])
    >>> first[0][0] is again[0][0], first[0][0].flags.writeable
    (True, False)
    """
    if _REMEMBERED.get() is not None:
        yield
        return
    token = _REMEMBERED.set(_Factorisations(size))
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def compress(columns, weights=None):
    """Unique rows of equal-length 1-D ``columns`` with their summed ``weights``.

    Customers with identical summaries share one likelihood term, so a fit needs each distinct
    row once, weighted by how many customers have it.

    Returns ``(unique_columns, counts, inverse)`` with ``unique_columns[k][inverse] ==
    columns[k]``.

    >>> (x,), counts, inverse = compress([np.array([1.0, 0.0, 1.0])])
    >>> x, counts, inverse
    (array([0., 1.]), array([1., 2.]), array([1, 0, 1]))
    """
    unique, inverse = factorise(columns)
    size = len(inverse)
    weights = np.ones(size) if weights is None else np.broadcast_to(
        WEIGHT.check("weights", weights), (size,))
    counts = np.bincount(inverse, weights=weights, minlength=len(unique[0]))
    return unique, counts, inverse


def with_count_index(columns):
    """``columns`` followed by the distinct purchase counts of ``columns[0]`` and each row's
    index into them, so that Γ(r + x), ψ(b + x) and the like are computed once per count."""
    (counts,), inverse = factorise([columns[0]])
    return (*columns, counts, inverse)


def finite(value, quantity, arguments):
    """``value`` when every element is a finite number; otherwise CLVError naming, of
    ``arguments`` (name → value, each broadcastable to ``value``), the one furthest from 1 in
    order of magnitude at the first element that is not — the value that put the result
    beyond what a double can hold.

    >>> finite(np.array([1.0, np.inf]), "spend", {"frequency": [2, 1e308], "p": 6.0})
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: frequency: 1e+308 is too extreme to compute spend (the result is not...
    """
    array = np.asarray(value, dtype=float)
    bad = ~np.isfinite(array)
    if not bad.any():
        return value
    first = int(np.flatnonzero(bad.ravel())[0])
    at = {name: float(np.broadcast_to(v, array.shape).ravel()[first]) if array.ndim else float(v)
          for name, v in arguments.items()}
    name = max(at, key=lambda n: abs(np.log10(abs(at[n]))) if at[n] else 0.0)
    where = "" if array.ndim == 0 else f" (item {first + 1})"
    raise CLVError(f"{name}: {show(at[name])} is too extreme to compute {quantity} (the result "
                   "is not a finite number); check the value" + where)
