"""Excel-shaped input in, cell values out — the conversion half of the Excel layer.

xlwings hands every argument over as a 2-D list of Python values: floats, ``None`` for an empty
cell, text, booleans, datetimes, and (with ``err_to_str``) error cells as text such as
``"#N/A"``. This module turns those into the float arrays the core functions take, with one
message per bad cell, and turns results back into what cells show. It does not import xlwings,
so it is tested directly; :mod:`clv_udfs.excel` only adds the decorators.

A bad cell shows ``#VALUE!`` followed by the one-line message; it spoils only its own result.
"""

import itertools

import numpy as np

from .core.domains import EXCEL_ERRORS, is_number, value_problem
from .core.elementwise import broadcast, evaluate, undefined_message
from .errors import CLVError

ERROR_PREFIX = "#VALUE! "

_IS_NUMBER = np.frompyfunc(is_number, 1, 1)
_IS_EMPTY = np.frompyfunc(lambda v: v is None or (isinstance(v, str) and v == ""), 1, 1)


def grid(value):
    """Any Excel argument as a 2-D object array (a single value becomes 1×1)."""
    array = np.array(value, dtype=object)
    while array.ndim < 2:
        array = array.reshape((1,) + array.shape) if array.ndim == 1 else array.reshape(1, 1)
    if array.ndim > 2:
        raise CLVError("a range must be rows and columns of cells")
    return array


def _is_word(value):
    text = value.strip().upper() if isinstance(value, str) else ""
    return text != "" and text not in EXCEL_ERRORS


def plain_numbers(value):
    """The range as a float array when every cell is a plain number (the usual case), else None.

    A cheap pass over the cell types lets whole columns of numbers skip the cell-by-cell checks.

    >>> plain_numbers([[1.0], [2]])
    array([[1.],
           [2.]])
    >>> plain_numbers([[1.0], [True]]) is None
    True
    """
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        return None
    if not set(map(type, itertools.chain.from_iterable(value))) <= {float, int}:
        return None
    return np.array(value, dtype=float).reshape(len(value), -1)


def read_argument(argument, value, domain, default, required):
    """One argument as ``(values, problems)``: a 2-D array and a same-shaped array of messages.

    Empty cells of an optional argument take its default; ``problems`` holds None where the
    cell is usable.
    """
    numbers = None if domain.text else plain_numbers(value)
    if numbers is not None:
        cells = values = numbers
        ok = domain.valid(values)
    else:
        cells = grid(value)
        if not required:
            cells = cells.copy()
            cells[_IS_EMPTY(cells).astype(bool)] = default
        if domain.text:
            values = cells
            ok = domain.valid(cells)
        else:
            number = _IS_NUMBER(cells).astype(bool)
            values = np.where(number, cells, np.nan).astype(float)
            ok = number & domain.valid(values)
    problems = np.full(cells.shape, None, dtype=object)
    for index in zip(*np.nonzero(~ok)):
        cell = cells[index]
        typed = _is_word(cell) if domain.text else is_number(cell)
        problems[index] = (domain.message(argument, cell) if typed
                           else value_problem(argument, cell, domain.allowed))
    return values, problems


def evaluate_cells(func, arguments, raw):
    """Run an elementwise core function over Excel-shaped arguments, cell by cell.

    Returns a 2-D array: results where every input cell was usable, messages (starting with
    ``#VALUE!``) elsewhere. Ranges of clashing sizes raise CLVError for the whole call.
    """
    values, problems = {}, {}
    for argument, value in zip(arguments, raw):
        domain = func.domains[argument.name]
        values[argument.name], problems[argument.name] = read_argument(
            argument.name, value, domain, argument.default, argument.required)
    values, shape = broadcast(values)
    first_problem = np.full(shape, None, dtype=object)
    for name in reversed(list(problems)):
        here = np.not_equal(problems[name], None)
        if here.any():
            spread = np.broadcast_to(problems[name], shape)
            here = np.broadcast_to(here, shape)
            first_problem[here] = spread[here]
    ok = np.equal(first_problem, None)
    result, undefined = evaluate(func, values, ok)
    if ok.all() and not undefined.any():
        return result
    out = result.astype(object)
    out[~ok] = np.char.add(ERROR_PREFIX, first_problem[~ok].astype(str)).astype(object)
    for index in zip(*np.nonzero(undefined)):
        out[index] = ERROR_PREFIX + undefined_message(func, values, index)
    return out


def as_cells(result):
    """Results as a 2-D list of plain Python values (floats, text) for xlwings."""
    array = np.asarray(result)
    if array.dtype.kind in "fiub":
        return array.reshape(array.shape[0] if array.ndim else 1, -1).tolist()
    return [[v.item() if isinstance(v, np.generic) else v for v in row] for row in grid(result)]


def is_error_cell(value):
    """True for a result cell that carries a message instead of a value."""
    return isinstance(value, str) and value.startswith(ERROR_PREFIX)


def call(spec, raw):
    """Run a catalogue entry on Excel-shaped arguments; the cells to show, as a 2-D list.

    Elementwise functions broadcast cell by cell; table functions hand the arguments to their
    adapter. Whole-call problems raise CLVError.
    """
    if spec.table:
        return as_cells(spec.adapter(*raw))
    return as_cells(evaluate_cells(spec.core, spec.arguments, raw))


# Range readers shared by the table functions (clv_udfs.catalog.transactions).

_IS_ERROR = np.frompyfunc(
    lambda v: isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS, 1, 1)


def column(argument, value):
    """A range of one column or one row as a 1-D object array of its cells.

    >>> column("amounts", [[1], ["x"], [None]]).tolist()
    [1, 'x', None]
    >>> column("amounts", [[1, 2], [3, 4]])
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: amounts: select one column (or one row) of cells, not 2×2
    """
    cells = grid(value)
    if min(cells.shape) > 1:
        raise CLVError(f"{argument}: select one column (or one row) of cells, not "
                       f"{cells.shape[0]}×{cells.shape[1]}")
    return cells.ravel()


def columns(**ranges):
    """Several ranges as 1-D columns of one length; CLVError naming two that differ.

    >>> columns(customer_ids=[[1], [2]], amounts=[[5], [6], [7]])
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: customer_ids has 2 rows but amounts has 3; select ranges of the same height, one row per transaction
    """
    read = {name: column(name, value) for name, value in ranges.items()}
    (first, cells), *others = read.items()
    for name, other in others:
        if other.size != cells.size:
            raise CLVError(f"{first} has {cells.size} rows but {name} has {other.size}; "
                           "select ranges of the same height, one row per transaction")
    return read


def number_cells(values):
    """Mask of the cells of a 1-D object column that hold a plain number."""
    return _IS_NUMBER(values).astype(bool) if values.size else np.zeros(values.shape, bool)


def blank_rows(*cols):
    """Mask of the rows whose cells are all empty (spare rows at the bottom of a range).

    >>> blank_rows(np.array([1, None, ""], dtype=object), np.array([2, None, None], dtype=object))
    array([False,  True,  True])
    """
    return np.logical_and.reduce([_where_any(_IS_EMPTY, c, (str, type(None))) for c in cols])


def error_cells(cells):
    """Mask of the cells that hold an Excel error (``#N/A``, ``#DIV/0!``, …)."""
    return _where_any(_IS_ERROR, cells, (str,))


def _where_any(test, cells, kinds):
    """``test`` of each cell, run once per distinct value, and not at all (all False) when no
    cell is of one of ``kinds``: a column of numbers needs no Python call per cell, a column
    of customer ids one per customer. (``test`` gives the same answer for 1, 1.0 and True,
    which share a dictionary key.)"""
    items = cells.ravel().tolist()
    if not set(map(type, items)) & set(kinds):
        return np.zeros(cells.shape, dtype=bool)
    verdict = {value: bool(test(value)) for value in dict.fromkeys(items)}
    return np.fromiter(map(verdict.__getitem__, items), bool, len(items)).reshape(cells.shape)


def single(argument, value, default):
    """The one cell of an optional argument; ``default`` when it is empty.

    >>> single("time_unit", [[None]], "W"), single("time_unit", [["M"]], "W")
    ('W', 'M')
    """
    cells = grid(value)
    if cells.size != 1:
        raise CLVError(f"{argument}: give one cell, not a range of {cells.shape[0]}×"
                       f"{cells.shape[1]}")
    cell = cells[0, 0]
    if _IS_EMPTY(cell):
        return default
    if _IS_ERROR(cell):
        raise CLVError(f"{argument}: the cell holds the error {cell.strip().upper()}")
    return cell


def values_or_default(argument, value, default):
    """The non-empty cells of an optional range argument as a 1-D array; ``default`` if none.

    >>> values_or_default("cutoffs", [[0.1], [None], [0.4]], None).tolist()
    [0.1, 0.4]
    >>> values_or_default("cutoffs", [[None]], None) is None
    True
    """
    cells = column(argument, value)
    cells = cells[~_IS_EMPTY(cells).astype(bool)]
    return default if cells.size == 0 else cells
