"""Customer columns as Excel hands them over: a whole spilled CLV_RFM or CLV_HOLDOUT table, or
columns that may start with their header, and the time unit that travels in those headers.

A spilled table is recognised by its header row: the columns are found by their titles
(``frequency (repeat purchases)``, ``recency (weeks)``, ``T (weeks)``, ``monetary value (mean
repeat purchase)``, ``holdout repeat purchases``, ``holdout length (weeks)``), so a table with
extra or reordered columns still works. The unit in brackets (a word such as ``weeks`` or a letter
such as ``W``) is the data's time unit; two headers that disagree are refused.

Columns whose first cell is text (a word, not a number or an Excel error) are taken to start
with their header, which is left out, when that makes every column of the call the same height
(a lone column: always); a header with a unit in brackets gives the unit. When it does not (a
text cell where the other columns have a number), the text is data and shows its own message.

>>> table = [["customer id", "frequency (repeat purchases)", "recency (days)", "T (days)"],
...          ["a", 1, 7.0, 14.0], ["b", 0, 0.0, 7.0]]
>>> columns, unit = customer_columns(frequency=table, recency=None, T=None)
>>> {name: column.tolist() for name, column in columns.items()}, unit
({'frequency': [1, 0], 'recency': [7.0, 0.0], 'T': [14.0, 7.0]}, 'D')
>>> customer_columns(frequency=[["frequency"], [1]], recency=[["recency (W)"], [2.0]],
...                  T=[["T"], [3.0]])[1]
'W'
"""

import re

from .. import cells
from ..core.time_units import UNIT_NAMES, parse_unit
from ..errors import CLVError

TITLES = {   # argument name: how its column's title starts in CLV_RFM / CLV_HOLDOUT
    "frequency": "frequency", "recency": "recency", "T": "t", "monetary_value": "monetary value",
    "holdout_frequency": "holdout repeat purchases", "holdout_length": "holdout length",
}
_UNIT = re.compile(r"\(([^()]*)\)\s*$")


def _is_title(cell):
    """A cell that can only be a header: text that is not a number or an Excel error."""
    if not isinstance(cell, str) or not cell.strip() or cell.strip().startswith("#"):
        return False   # "#N/A", or "#VALUE! <message>" of a spoiled row above
    try:
        float(cell)
    except ValueError:
        return True
    return False


def header_unit(title):
    """The time unit in a header's brackets (``recency (weeks)`` → ``W``), or None.

    >>> header_unit("T (months)"), header_unit("holdout length (D)"), header_unit("frequency")
    ('M', 'D', None)
    """
    match = _UNIT.search(str(title))
    if match is None:
        return None
    try:
        return parse_unit(match.group(1))
    except CLVError:
        return None


def _title_matches(title, start):
    text = str(title).strip().lower()
    return text == start or text.startswith(start + " ") or text.startswith(start + "(")


def _empty(value):
    return value is None or not (~cells.blank_rows(cells.grid(value).ravel())).any()


def _table_columns(argument, grid, wanted):
    """The ``wanted`` columns of a spilled table (header in the first row), by their titles."""
    titles = grid[0]
    columns = {}
    for name in wanted:
        found = [i for i, title in enumerate(titles) if _title_matches(title, TITLES[name])]
        if not found:
            raise CLVError(f'{argument}: the table has no column titled "{TITLES[name]} …"; '
                           "give the whole CLV_RFM or CLV_HOLDOUT spill, header included, or "
                           "the columns one by one")
        columns[name] = grid[1:, found[0]]
    return columns, [titles[i] for i in range(len(titles))]


def without_header(argument, value, rows=None):
    """A one-column range as a 1-D column without its header cell, and that header (or None);
    with ``rows``, the first cell is a header only if the rest is ``rows`` long.

    >>> without_header("spend", [["spend"], [5.0], [6.0]])
    (array([5.0, 6.0], dtype=object), 'spend')
    >>> without_header("spend", [["n/a"], [5.0]], rows=2)[1] is None
    True
    """
    column = cells.column(argument, value)
    if column.size and _is_title(column[0]) and rows in (None, column.size - 1):
        return column[1:], column[0]
    return column, None


def data_unit(titles):
    """The one time unit named in ``titles`` (None if none); two different ones are refused."""
    units = {title: header_unit(title) for title in titles if title is not None}
    found = {unit for unit in units.values() if unit}
    if len(found) > 1:
        shown = ", ".join(f'"{title}"' for title, unit in units.items() if unit)
        raise CLVError(f"the headers {shown} are in different time units; give every duration "
                       "in one unit")
    return found.pop() if found else None


def is_table(grid):
    """True for a spilled table: two or more rows and columns, the first row holding a title.

    >>> import numpy as np
    >>> is_table(np.array([["frequency", "T (weeks)"], [1, 2.0]], dtype=object))
    True
    >>> is_table(np.array([["frequency"], [1]], dtype=object))
    False
    """
    return grid.shape[1] > 1 and grid.shape[0] > 1 and any(map(_is_title, grid[0]))


def customer_columns(**ranges):
    """The customer ranges (first the one that may hold a whole table) as 1-D columns without
    headers, and the time unit their headers name (None when they name none).

    When the first range is a spilled table (two or more columns under a header row), the
    columns are taken from it by title and the other ranges must be left empty.
    """
    (first, value), *others = ranges.items()
    one_column = isinstance(value, list) and value and isinstance(value[0], list) \
        and len(value[0]) == 1   # a column of cells: no table, and no grid made of it
    grid = None if one_column else cells.grid(value)
    if grid is not None and is_table(grid):
        given = [name for name, other in others if not _empty(other)]
        if given:
            raise CLVError(f"{given[0]}: leave it empty when {first} is a whole table; the "
                           f"table's own {given[0]} column is used")
        columns, titles = _table_columns(first, grid, list(ranges))
        return columns, data_unit(titles)
    for name, value in ranges.items():
        if value is None:
            raise CLVError(f"{name}: the range is empty; give one cell per customer, or the "
                           "whole CLV_RFM table as the first argument")
    columns = {name: cells.column(name, value) for name, value in ranges.items()}
    titled = {name: bool(c.size) and _is_title(c[0]) for name, c in columns.items()}
    if len({c.size - titled[name] for name, c in columns.items()}) > 1:
        return columns, None     # headers would not line the columns up: the text is data
    titles = [c[0] if titled[name] else None for name, c in columns.items()]
    return {name: c[1:] if titled[name] else c for name, c in columns.items()}, \
        data_unit(titles)


def resolve_unit(found, given, needed=True):
    """The time unit of the data: ``found`` in the headers, ``given`` as time_unit (text or
    None). A ``given`` unit that contradicts the headers is refused; with neither, CLVError
    when ``needed``, else None.

    >>> resolve_unit("D", None), resolve_unit(None, "weeks")
    ('D', 'W')
    >>> resolve_unit("D", "W")
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: time_unit: "W" contradicts the data, whose headers are in days; leave time_unit empty or give "D"
    """
    unit = None if given is None else parse_unit(given)
    if found and unit and unit != found:
        raise CLVError(f'time_unit: "{given}" contradicts the data, whose headers are in '
                       f'{UNIT_NAMES[found]}; leave time_unit empty or give "{found}"')
    unit = unit or found
    if unit is None and needed:
        raise CLVError("time_unit: give the unit of recency and T (D, W, M or Y), or give the "
                       "whole CLV_RFM table, whose headers carry it")
    return unit
