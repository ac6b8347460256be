"""Time units, explicit everywhere.

A unit is one of ``"D"`` (day), ``"W"`` (week = 7 days), ``"M"`` (month = 365.25 / 12 days) or
``"Y"`` (year = 365.25 days). Every duration in clv-udfs is stated in one of these; converting
between them goes through days, never through a hard-coded "30-day month".

>>> days_per("M")
30.4375
>>> convert(52, "W", "Y")  # 52 weeks in years
0.9965776865160849
"""

from ..errors import CLVError

DAYS_PER_UNIT = {"D": 1.0, "W": 7.0, "M": 365.25 / 12.0, "Y": 365.25}
UNIT_NAMES = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}


def parse_unit(unit, argument="time_unit"):
    """Return the canonical unit letter for ``unit`` (case-insensitive; D, W, M or Y)."""
    text = str(unit).strip().upper() if unit is not None else ""
    aliases = {"DAY": "D", "DAYS": "D", "WEEK": "W", "WEEKS": "W", "MONTH": "M", "MONTHS": "M",
               "YEAR": "Y", "YEARS": "Y"}
    text = aliases.get(text, text)
    if text not in DAYS_PER_UNIT:
        raise CLVError(f'{argument}: "{unit}" is not a time unit; use D (days), W (weeks), '
                       "M (months) or Y (years)")
    return text


def days_per(unit):
    """Number of days in one ``unit``: D 1, W 7, M 30.4375, Y 365.25."""
    return DAYS_PER_UNIT[parse_unit(unit)]


def convert(value, from_unit, to_unit):
    """Express a duration ``value`` given in ``from_unit`` in ``to_unit`` (arrays broadcast)."""
    return value * days_per(from_unit) / days_per(to_unit)
