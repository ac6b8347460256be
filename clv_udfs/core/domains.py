"""What each argument of a CLV function may hold, checked element by element.

A :class:`Domain` turns a user's value into a float array and says, per element, whether it is
allowed. Core functions raise :class:`~clv_udfs.errors.CLVError` for the first bad element; the
Excel layer uses the same masks so that one bad cell spoils only its own result.

>>> RATE.check("retention_rate", 0.8)
array(0.8)
>>> RATE.check("retention_rate", 80)
Traceback (most recent call last):
...
clv_udfs.errors.CLVError: retention_rate: 80 is not a rate between 0 and 1; enter 80% or 0.8
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..errors import CLVError


EXCEL_ERRORS = frozenset({"#N/A", "#VALUE!", "#DIV/0!", "#NUM!", "#REF!", "#NAME?", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!"})


def is_number(value):
    """True for a plain number; booleans, text, dates and blanks are not.

    >>> is_number(3), is_number(2.5), is_number(True), is_number("3")
    (True, True, False, False)
    """
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, (bool, np.bool_)))


def value_problem(argument, value, allowed):
    """Why ``value`` cannot be used as a number for ``argument``: one line ending in ``allowed``.

    >>> value_problem("amounts", "ten", "enter an amount ≥ 0")
    'amounts: "ten" is text, not a number; enter an amount ≥ 0'
    >>> value_problem("amounts", "#N/A", "enter an amount ≥ 0")
    'amounts: the cell holds the error #N/A; enter an amount ≥ 0'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{argument}: the cell is empty; {allowed}"
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return f"{argument}: the cell holds the error {value.strip().upper()}; {allowed}"
    if isinstance(value, (bool, np.bool_)):
        return f"{argument}: {show(bool(value))} is a logical value, not a number; {allowed}"
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{argument}: {value:%Y-%m-%d} is a date, not a number; {allowed}"
    if isinstance(value, str):
        return f"{argument}: {show(value)} is text, not a number; {allowed}"
    return f"{argument}: {show(value)} is not a number; {allowed}"


QUOTE_LIMIT = 60
"""Most characters of a user's text a message quotes (an Excel cell holds up to 32,767)."""


def show(value):
    """Format a user's value for a message: numbers compactly, text quoted on one line and cut
    to :data:`QUOTE_LIMIT` characters, so a message fits in a cell and reads as one line.

    >>> show(2.5), show(1e200), show(True), show("line\\nbreak")
    ('2.5', '1e+200', 'TRUE', '"line break"')
    >>> show("x" * 32767)
    '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (32767 characters)'
    """
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, np.integer, np.floating)):
        value = float(value)
        if np.isinf(value):
            return "infinite" if value > 0 else "-infinite"
        return f"{value:,.10g}".replace(",", "")
    text = " ".join(str(value).split()) if any(c < " " for c in str(value)) else str(value)
    if len(text) <= QUOTE_LIMIT:
        return f'"{text}"'
    return f'"{text[:QUOTE_LIMIT]}…" ({len(str(value))} characters)'


@dataclass(frozen=True)
class Domain:
    """Allowed numeric values: ``low``..``high`` with open or closed ends (``text`` is False).

    ``allowed`` is the phrase a message ends with ("enter a number ≥ 0").
    ``percent_hint`` adds "enter 80% or 0.8" when a user typed a percentage as a whole number.
    """

    allowed: str
    text = False
    low: float = -np.inf
    high: float = np.inf
    low_open: bool = False
    high_open: bool = False
    percent_hint: bool = False

    def valid(self, values):
        """Boolean mask of the allowed elements of a float array (NaN is never allowed)."""
        v = np.asarray(values, dtype=float)
        with np.errstate(invalid="ignore"):
            above = v > self.low if self.low_open else v >= self.low
            below = v < self.high if self.high_open else v <= self.high
        return above & below

    def message(self, argument, value):
        """The one-line message for a disallowed ``value`` of ``argument``."""
        if isinstance(value, (int, float, np.integer, np.floating)) and np.isnan(value):
            return f"{argument}: the value is missing; {self.allowed}"
        if self.percent_hint and 1 < float(value) <= 100:
            return (f"{argument}: {show(value)} is not a rate between 0 and 1; "
                    f"enter {show(value)}% or {show(float(value) / 100)}")
        return f"{argument}: {show(value)} is not allowed; {self.allowed}"

    def normalise(self, values):
        """Numbers need no normalising (see :meth:`Choice.normalise`)."""
        return values

    def coerce(self, argument, value):
        """``value`` as a float array, or CLVError for text, booleans and blanks."""
        array = np.asarray(value)
        if array.dtype.kind in "iuf":
            return array.astype(float)
        for item in array.ravel():
            if not is_number(item):
                raise CLVError(value_problem(argument, item, self.allowed))
        return array.astype(float)

    def check(self, argument, value):
        """``value`` as a float array; CLVError naming the first disallowed element."""
        array = self.coerce(argument, value)
        ok = self.valid(array)
        if not ok.all():
            bad = array[~ok].flat[0]
            where = "" if array.ndim == 0 else f" (item {int(np.flatnonzero(~ok.ravel())[0]) + 1})"
            raise CLVError(self.message(argument, bad) + where)
        return array


def _word(value):
    return value.strip().lower() if isinstance(value, str) else ""


@dataclass(frozen=True)
class Choice:
    """One of a few words, case-insensitive (e.g. ``timing`` "start" or "end"); ``text`` is True."""

    options: tuple
    text = True

    @property
    def allowed(self):
        return "use " + " or ".join(f'"{o}"' for o in self.options)

    def normalise(self, values):
        """Lower-cased, stripped text array (non-text becomes "" and so invalid); each distinct
        value is worked out once, so a long column of the same few words costs a lookup a cell.

        >>> Choice(("start", "end")).normalise([" End", "start", 3, "End"]).tolist()
        ['end', 'start', '', 'end']
        """
        array = np.asarray(values, dtype=object)
        items = array.ravel().tolist()
        try:
            words = {v: _word(v) for v in set(items)}
        except TypeError:   # an unhashable value (not a cell's): each on its own
            return np.frompyfunc(_word, 1, 1)(array) if array.size else array
        return np.array(list(map(words.__getitem__, items)), dtype=object).reshape(array.shape)

    def valid(self, values):
        return np.isin(self.normalise(values).astype(str), self.options)

    def message(self, argument, value):
        return f"{argument}: {show(value)} is not an option; {self.allowed}"

    def coerce(self, argument, value):
        return np.asarray(value, dtype=object)

    def check(self, argument, value):
        array = self.coerce(argument, value)
        ok = self.valid(array)
        if not ok.all():
            raise CLVError(self.message(argument, array[~ok].flat[0]))
        return self.normalise(array).astype(str)


MONEY = Domain("enter an amount ≥ 0", low=0)
SIGNED_MONEY = Domain("enter an amount (may be negative)", low=-np.inf, high=np.inf,
                      low_open=True, high_open=True)
POSITIVE_MONEY = Domain("enter an amount > 0", low=0, low_open=True)
COUNT = Domain("enter a count ≥ 0", low=0, high_open=True)
POSITIVE_COUNT = Domain("enter a count > 0", low=0, low_open=True, high_open=True)
DURATION = Domain("enter a duration ≥ 0", low=0)
RATE = Domain("enter a rate between 0 and 1 (0% to 100%)", low=0, high=1, percent_hint=True)
RATE_BELOW_ONE = Domain("enter a rate from 0 up to, not including, 1 (0% to 99.9…%)", low=0,
                        high=1, high_open=True, percent_hint=True)
POSITIVE_RATE = Domain("enter a rate above 0 and at most 1 (e.g. 5% or 0.05)", low=0, high=1,
                       low_open=True, percent_hint=True)
DISCOUNT_RATE = Domain("enter a discount rate between 0 and 1 (e.g. 10% or 0.1)", low=0, high=1,
                       percent_hint=True)
RATIO = Domain("enter a ratio ≥ 0 (e.g. 3 for 3:1)", low=0, high_open=True)
POSITIVE_RATIO = Domain("enter a ratio > 0 (e.g. 3 for 3:1)", low=0, low_open=True,
                        high_open=True)
PERIODS = Domain("enter a number of periods ≥ 0, or leave it empty for no end", low=0)
HORIZON_MONTHS = Domain("enter a whole number of months from 1 to 1200", low=1, high=1200)
