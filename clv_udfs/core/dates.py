"""Dates as users hand them over, turned into ``datetime64[D]`` days.

Accepted, per element:

* Excel serial numbers in the 1900 date system: serial 1 is 1900-01-01 and 25569 is
  1970-01-01. Serial 60 is Excel's fictitious 1900-02-29 and is refused; a fraction (a time of
  day) is dropped.
* Whole numbers 10000101–99991231 are read as compact ``YYYYMMDD`` dates (CDNOW's format); no
  Excel serial is that large (the last, 9999-12-31, is 2958465), so there is no ambiguity.
* ``datetime.date`` / ``datetime.datetime`` objects and numpy ``datetime64`` values.
* Text: ISO ``1997-01-01`` (a time after it, ``1997-01-01 10:30``, is dropped) or compact
  ``19970101``; with an explicit ``date_format`` (a :func:`~datetime.datetime.strptime` format
  such as ``"%d-%m-%Y"``) text must match that format instead. Text is never read as a serial.

:func:`parse_dates_masked` gives the days and a mask of the good elements (the Excel layer and
the file reader use it, so one bad cell spoils only its own result); :func:`parse_dates` raises
:class:`~clv_udfs.errors.CLVError` naming the first bad row and its value.

>>> parse_dates([35431, "1997-01-02", "19970103", 19970104]).astype(str).tolist()
['1997-01-01', '1997-01-02', '1997-01-03', '1997-01-04']
>>> parse_dates(["1997-01-01", "31-13-2020"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
clv_udfs.errors.CLVError: dates row 2: "31-13-2020" is not a date; use a date, an Excel date ...
"""

import datetime as dt
import re

import numpy as np

from ..errors import CLVError
from .domains import EXCEL_ERRORS, show, value_problem
from .mixed import mixed_array

EXCEL_EPOCH_SERIAL = 25569      # Excel serial of 1970-01-01 (1900 date system)
EXCEL_FAKE_LEAP_DAY = 60        # Excel's 1900-02-29, a day that never existed
EXCEL_LAST_SERIAL = 2958465     # 9999-12-31
COMPACT_FIRST, COMPACT_LAST = 10000101, 99991231
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _number_days(values):
    """Days since 1970-01-01 (float, NaN where bad) of serial numbers and YYYYMMDD numbers."""
    v = np.asarray(values, dtype=float)
    if v.size and EXCEL_FAKE_LEAP_DAY + 1 <= v.min() and v.max() < EXCEL_LAST_SERIAL + 1:
        return np.floor(v) - EXCEL_EPOCH_SERIAL   # the usual column: serials after 1900-02-29
    with np.errstate(invalid="ignore"):
        whole = np.floor(v)
        serial = (v >= 1) & (whole <= EXCEL_LAST_SERIAL) & (whole != EXCEL_FAKE_LEAP_DAY)
        serial_days = whole - EXCEL_EPOCH_SERIAL + (whole < EXCEL_FAKE_LEAP_DAY)
        compact = (v >= COMPACT_FIRST) & (v <= COMPACT_LAST) & (v == whole)
    if not compact.any():   # the usual column of Excel serials: no calendar arithmetic
        return np.where(serial, serial_days, np.nan)
    ymd = np.where(compact, whole, COMPACT_FIRST).astype(np.int64)
    year, month, day = ymd // 10000, ymd // 100 % 100, ymd % 100
    month_ok = (month >= 1) & (month <= 12)
    months = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + (day - 1)
    compact &= month_ok & (day >= 1) & (days.astype("datetime64[M]") == months)
    compact_days = days.astype(np.int64).astype(float)
    return np.where(serial, serial_days, np.where(compact, compact_days, np.nan))


def _text_day(text, date_format):
    """Days since 1970-01-01 of one text date, or None."""
    text = text.strip()
    try:
        if date_format is not None:
            return dt.datetime.strptime(text, date_format).date().toordinal() - _EPOCH_ORDINAL
        match = _ISO.fullmatch(text) or _COMPACT.fullmatch(text)
        if match is None:
            return None
        return dt.date(*map(int, match.groups())).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        return None


def _one_day(value, date_format):
    """Days since 1970-01-01 of one value of any accepted kind, or None."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None
    if isinstance(value, str):
        return _text_day(value, date_format)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.toordinal() - _EPOCH_ORDINAL
    if isinstance(value, np.datetime64):
        day = value.astype("datetime64[D]")
        return None if np.isnat(day) else int(day.astype(np.int64))
    if isinstance(value, (int, float, np.integer, np.floating)):
        day = _number_days([value])[0]
        return None if np.isnan(day) else int(day)
    return None


def date_objects(items):
    """``datetime64[D]`` days of a list of ``date``/``datetime`` objects (a workbook's date
    column; a time of day is dropped) in one pass at C speed, or None when one item is not a
    date.

    >>> date_objects([dt.datetime(1997, 1, 1, 10, 30), dt.date(1997, 1, 2)])
    array(['1997-01-01', '1997-01-02'], dtype='datetime64[D]')
    >>> date_objects([dt.date(1997, 1, 1), "x"]) is None
    True
    """
    try:
        ordinals = np.fromiter(map(dt.date.toordinal, items), np.int64, len(items))
    except (TypeError, ValueError):   # not all dates
        return None
    return _ORDINAL_DAY_ZERO + ordinals


_ORDINAL_DAY_ZERO = np.datetime64("0000-12-31")   # ordinal 1 is 0001-01-01


def _mixed_days(items, date_format):
    """Days (float, NaN where bad) of a list of mixed values, parsing each distinct value once;
    a list of dates or datetimes only (a workbook's date column) in one pass."""
    days = date_objects(items)
    if days is not None:
        return days.astype(np.int64).astype(float)
    distinct = dict.fromkeys(items)
    for value in distinct:
        distinct[value] = _one_day(value, date_format)
    return np.array(list(map(distinct.__getitem__, items)), dtype=float)


def parse_dates_masked(values, date_format=None):
    """Dates of ``values`` and a mask of the elements that are dates.

    Returns ``(dates, ok)``: a ``datetime64[D]`` array of the input's shape (NaT where not ok)
    and a boolean array. Text and mixed inputs are parsed once per distinct value, so a million
    rows with a few thousand distinct dates cost a few thousand parses.

    >>> dates, ok = parse_dates_masked([60, 61, "", None])
    >>> dates.astype(str).tolist()
    ['NaT', '1900-03-01', 'NaT', 'NaT']
    >>> ok
    array([False,  True, False, False])
    """
    array = mixed_array(values)
    if array.dtype.kind == "M":
        dates = array.astype("datetime64[D]")
        return dates, ~np.isnat(dates)
    if array.dtype.kind in "iuf":
        days = _number_days(array)
    elif array.dtype.kind in "USO":
        days = _mixed_days(array.ravel().tolist(), date_format).reshape(array.shape)
    else:
        days = np.full(array.shape, np.nan)
    ok = ~np.isnan(days)
    if ok.all():
        return days.astype(np.int64).astype("datetime64[D]"), ok
    dates = np.where(ok, days, 0).astype(np.int64).astype("datetime64[D]")
    dates[~ok] = np.datetime64("NaT")
    return dates, ok


def date_message(argument, row, value, date_format=None):
    """The one-line message for a ``value`` at 1-based ``row`` that is not a date.

    >>> date_message('column "InvoiceDate"', 4, "#N/A")
    'column "InvoiceDate" row 4: the cell holds the error #N/A; enter a date'
    """
    where = f"{argument} row {row}"
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{where}: the date is empty; enter a date"
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return value_problem(where, value, "enter a date")
    if isinstance(value, (bool, np.bool_)):
        return f"{where}: {show(value)} is a logical value, not a date; enter a date"
    if isinstance(value, (int, float, np.integer, np.floating)) and float(value) == 60:
        return f"{where}: 60 is Excel's 1900-02-29, a day that never existed; enter a real date"
    wanted = (f'text in the format "{date_format}"' if date_format
              else "a date, an Excel date number or text such as 1997-01-31")
    return f"{where}: {show(value)} is not a date; use {wanted}"


def parse_dates(values, argument="dates", date_format=None):
    """Dates of ``values`` as ``datetime64[D]``; CLVError naming the first bad row.

    Parameters
    ----------
    values : array_like
        Excel serial numbers, YYYYMMDD numbers, date/datetime objects, datetime64 values or
        text (see the module description).
    argument : str
        Name of the argument, for the message.
    date_format : str, optional
        strptime format for text dates, e.g. ``"%d-%m-%Y"``; default ISO or YYYYMMDD.

    Returns
    -------
    ``datetime64[D]`` array of the shape of ``values``.

    Examples
    --------
    >>> parse_dates(["31-01-1997"], date_format="%d-%m-%Y")
    array(['1997-01-31'], dtype='datetime64[D]')
    >>> parse_dates([1, 59, 61])
    array(['1900-01-01', '1900-02-28', '1900-03-01'], dtype='datetime64[D]')
    """
    dates, ok = parse_dates_masked(values, date_format)
    if not ok.all():
        index = int(np.flatnonzero(~ok.ravel())[0])
        value = np.asarray(values, dtype=object).ravel()[index]
        raise CLVError(date_message(argument, index + 1, value, date_format))
    return dates
