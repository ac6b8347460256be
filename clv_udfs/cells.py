"""Excel-shaped input in, cell values out — the conversion half of the Excel layer.

xlwings hands every argument over as a 2-D list of Python values: floats, ``None`` for an empty
cell, text, booleans, datetimes, and (with ``err_to_str``) error cells as text such as
``"#N/A"``. This module turns those into the float arrays the core functions take, with one
message per bad cell, and turns results back into what cells show. It does not import xlwings,
so it is tested directly; :mod:`clv_udfs.excel` only adds the decorators.

A bad cell shows ``#VALUE!`` followed by the one-line message; it spoils only its own result.
On the way out every result passes the cell rule (:func:`finite`): a NaN or infinity — which
Excel cannot show and which makes an Office.js response invalid JSON — becomes a one-line
message naming the function and the values it came from. A column of plain numbers is read in
one pass at C speed and stays a float array, so the core takes its numeric paths.
"""

import contextlib
import datetime as dt
import gc
import itertools
import re

import numpy as np

from .core.dates import date_objects
from .core.domains import EXCEL_ERRORS, QUOTE_LIMIT, is_number, show, value_problem
from .core.elementwise import broadcast, evaluate, undefined_message
from .errors import CLVError
from .memo import FITS

ERROR_PREFIX = "#VALUE! "

_IS_NUMBER = np.frompyfunc(is_number, 1, 1)
_IS_EMPTY = np.frompyfunc(lambda v: v is None or (isinstance(v, str) and v == ""), 1, 1)


def grid(value):
    """Any Excel argument as a 2-D object array (a single value becomes 1×1).

    A range (a list of rows) is gathered in one pass (:func:`gathered`) rather than walked
    cell by cell by numpy.

    >>> grid([[1, "a"], [2, None]]).tolist(), grid(5).shape
    ([[1, 'a'], [2, None]], (1, 1))
    """
    cells = gathered(value)
    if cells is not None:
        return _object_grid(*cells)
    array = np.array(value, dtype=object)
    while array.ndim < 2:
        array = array.reshape((1,) + array.shape) if array.ndim == 1 else array.reshape(1, 1)
    if array.ndim > 2:
        raise CLVError("a range must be rows and columns of cells")
    return array


def _object_grid(flat, shape):
    """Gathered cells as a 2-D object array, each cell kept as it is."""
    return np.fromiter(flat, object, len(flat)).reshape(shape)


def _is_word(value):
    text = value.strip().upper() if isinstance(value, str) else ""
    return text != "" and text not in EXCEL_ERRORS


def gathered(value):
    """The cells of a 2-D list of rows as one flat list, row after row, and the range's
    shape; None when ``value`` is not a list of equally long lists.

    >>> gathered([[1, "a"], [2, None]])
    ([1, 'a', 2, None], (2, 2))
    >>> gathered([[1], 2]) is None, gathered(5) is None
    (True, True)
    """
    if not isinstance(value, list) or not value or not isinstance(value[0], list):
        return None
    width = len(value[0])
    try:   # a row that is not a sequence of ``width`` cells fails here
        if width == 1:
            flat = [cell for cell, in value]
        elif set(map(len, value)) == {width}:
            flat = list(itertools.chain.from_iterable(value))
        else:
            return None
    except (TypeError, ValueError):
        return None
    return flat, (len(value), width)


def plain_numbers(value):
    """The range as a float array when every cell is a plain number (the usual case), else None.

    Three passes at C speed, none of them per cell in Python: the cells are gathered into one
    list, ``sum`` of it fails on any text, empty cell or date, and numpy converts it. A logical
    value would pass the sum as 0 or 1, so only the cells holding 0 or 1 have their types
    looked at.

    >>> plain_numbers([[1.0], [2]])
    array([[1.],
           [2.]])
    >>> plain_numbers([[1.0], [True]]) is None, plain_numbers([[1.0], 2.0]) is None
    (True, True)
    >>> plain_numbers([[1.0, "2"]]) is None, plain_numbers([[0.0, None]]) is None
    (True, True)
    """
    cells = gathered(value)
    return None if cells is None else _numbers(*cells)


def _numbers(flat, shape):
    """:func:`plain_numbers` of gathered cells."""
    try:
        sum(flat)
        numbers = np.fromiter(flat, float, len(flat))
    except (TypeError, ValueError, OverflowError):
        return None
    suspects = np.flatnonzero((numbers == 0) | (numbers == 1))
    if suspects.size and not _all_numbers(map(flat.__getitem__, suspects.tolist())):
        return None
    return numbers.reshape(shape)


def _all_numbers(cells):
    """True when every cell is a plain float or int (one pass over the types, at C speed)."""
    return set(map(type, cells)) <= _NUMBER_TYPES


_NUMBER_TYPES = {float, int, np.float64}


def read_argument(argument, value, domain, default, required):
    """One argument as ``(values, problems)``: a 2-D array and a same-shaped array of messages.

    An optional argument left empty (one empty cell) takes its default; ``problems`` holds None
    where the cell is usable. An empty cell within a range is a problem even for an optional
    argument: Office.js may send an error cell as an empty one, and a silent default would
    hide it (the classic add-in sees the error), so both runtimes refuse it alike.

    >>> from clv_udfs.core.domains import MONEY
    >>> read_argument("annual_cost_to_serve", [[20], [None]], MONEY, 0.0, False)[1][1, 0]
    'annual_cost_to_serve: the cell is empty; fill every cell of the range, or leave the argument out for its default'
    """
    values, problems = _read(argument, value, domain, default, required)
    return values, np.full(values.shape, None, dtype=object) if problems is None else problems


def _read(argument, value, domain, default, required):
    """:func:`read_argument` with ``problems`` None when every cell is usable (the usual
    case, which then costs no array of messages)."""
    numbers = None if domain.text else plain_numbers(value)
    if numbers is not None:
        cells = values = numbers
        ok = domain.valid(values)
    else:
        cells = grid(value)
        if not required and cells.size == 1 and _IS_EMPTY(cells[0, 0]):
            cells = np.full((1, 1), default, dtype=object)
        if domain.text:
            values = cells
            ok = domain.valid(cells)
        else:
            number = _IS_NUMBER(cells).astype(bool)
            values = np.where(number, cells, np.nan).astype(float)
            ok = number & domain.valid(values)
    if ok.all():
        return values, None
    problems = np.full(cells.shape, None, dtype=object)
    allowed = domain.allowed if required else OPTIONAL_RANGE
    for index in zip(*np.nonzero(~ok)):
        cell = cells[index]
        typed = _is_word(cell) if domain.text else is_number(cell)
        problems[index] = (domain.message(argument, cell) if typed else value_problem(
            argument, cell, allowed if _IS_EMPTY(cell) else domain.allowed))
    return values, problems


OPTIONAL_RANGE = "fill every cell of the range, or leave the argument out for its default"


def evaluate_cells(func, arguments, raw):
    """Run an elementwise core function over Excel-shaped arguments, cell by cell.

    Returns a 2-D array: results where every input cell was usable, messages (starting with
    ``#VALUE!``) elsewhere. Ranges of clashing sizes raise CLVError for the whole call.
    """
    values, problems = {}, {}
    for argument, value in zip(arguments, raw):
        domain = func.domains[argument.name]
        values[argument.name], problems[argument.name] = _read(
            argument.name, value, domain, argument.default, argument.required)
    values, shape = broadcast(values)
    first_problem = None   # per cell, the message of its first argument with a problem
    for name in reversed([name for name, messages in problems.items() if messages is not None]):
        if first_problem is None:
            first_problem = np.full(shape, None, dtype=object)
        here = np.broadcast_to(np.not_equal(problems[name], None), shape)
        first_problem[here] = np.broadcast_to(problems[name], shape)[here]
    ok = np.ones(shape, dtype=bool) if first_problem is None else np.equal(first_problem, None)
    result, undefined = evaluate(func, values, ok)
    if ok.all() and not undefined.any():
        return result
    out = result.astype(object)
    if first_problem is not None:
        out[~ok] = np.char.add(ERROR_PREFIX, first_problem[~ok].astype(str)).astype(object)
    for index in zip(*np.nonzero(undefined)):
        out[index] = ERROR_PREFIX + undefined_message(func, values, index)
    return out


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector (if it runs) for the block."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


class Table:
    """A spilled table kept as typed columns under a header row (and text rows below): a
    per-customer table of a million transactions is then screened for NaN/inf one column at a
    time, at C speed, rather than one cell type at a time. Anything else (indexing,
    ``np.asarray``, :func:`as_cells`) sees the 2-D object array of its cells.

    >>> t = Table(["n", "x"], [np.array([1, 2]), np.array([0.5, 1.5])], [["#VALUE! m", "#VALUE! m"]])
    >>> t.shape, t[1].tolist(), t.tolist()
    ((4, 2), [1, 0.5], [['n', 'x'], [1, 0.5], [2, 1.5], ['#VALUE! m', '#VALUE! m']])
    """

    def __init__(self, header, columns, bottom=()):
        self.header, self.columns, self.bottom = list(header), list(columns), list(bottom)
        self.shape = (1 + len(self.columns[0]) + len(self.bottom), len(self.header))

    def __array__(self, dtype=None, copy=None):
        table = np.empty(self.shape, dtype=object)
        table[0] = self.header
        for j, column in enumerate(self.columns):
            table[1:1 + len(column), j] = column
        table[1 + len(self.columns[0]):] = self.bottom or table[:0]
        return table if dtype is None else table.astype(dtype)

    def __getitem__(self, key):
        return np.asarray(self)[key]

    def tolist(self):
        """The table as a 2-D list of plain Python values."""
        return np.asarray(self).tolist()


def as_cells(result):
    """A result of :func:`compute` as a 2-D list of plain Python values (floats, text) for
    xlwings, in one pass at C speed (:func:`finite` has made its numpy scalars plain).

    The rows are built with the garbage collector paused: they hold only numbers and text (no
    cycles to find), and each collection would otherwise walk every live container — among
    them the millions of one-cell rows of the ranges just read.

    >>> as_cells(np.array([["n", 2.5], ["m", 3]], dtype=object))
    [['n', 2.5], ['m', 3]]
    """
    with _collector_paused():
        array = np.asarray(result)
        if array.dtype.kind in "fiub":
            return array.reshape(array.shape[0] if array.ndim else 1, -1).tolist()
        return (array if array.ndim == 2 else grid(result)).tolist()


def screened(table):
    """``(plain, bad)``: the 2-D ``table`` with the numpy scalars among mixed cells made plain
    Python values, and the mask of its NaN/±inf cells (which no cell may show).

    One pass over the cell types per column. A header row is text above numbers, so the first
    row is tested apart from the others: a column of numbers under its title is tested at C
    speed; only a column that mixes text and numbers below the first row is tested cell by
    cell.

    >>> screened(np.array([["a", 1.0], ["b", np.inf]], dtype=object))[1].tolist()
    [[False, False], [False, True]]
    """
    if table.dtype.kind in "fc":
        return table, ~np.isfinite(table)
    if table.dtype.kind != "O":
        return table, np.zeros(table.shape, dtype=bool)
    bad = np.zeros(table.shape, dtype=bool)
    plain = table
    for j in range(table.shape[1]):
        for rows in (slice(0, 1), slice(1, None)):
            made_plain, bad[rows, j] = _screen_cells(table[rows, j])
            if made_plain is not None:
                plain = table.copy() if plain is table else plain
                plain[rows, j] = made_plain
    return plain, bad


def _screen_column(column):
    """``(plain, bad)`` of one 1-D column of a :class:`Table`: a numeric column as it is."""
    if column.dtype.kind in "fc":
        return column, ~np.isfinite(column)
    if column.dtype.kind != "O":
        return column, np.zeros(column.shape, dtype=bool)
    plain, bad = _screen_cells(column)
    return (column if plain is None else plain), bad


def _screen_cells(cells):
    """``(plain, bad)`` of a 1-D object array: the array with its numpy scalars made plain
    Python values (None when it holds none) and the mask of its NaN/±inf cells."""
    items = cells.tolist()
    kinds = set(map(type, items))
    plain = None
    if any(issubclass(k, np.generic) for k in kinds):
        plain = cells = _PLAIN(cells)
        items = cells.tolist()
        kinds = set(map(type, items))
    if not any(issubclass(k, float) for k in kinds):
        return plain, np.zeros(cells.shape, dtype=bool)
    if kinds <= {float, int, bool}:
        return plain, ~np.isfinite(cells.astype(float))
    # NaN is the one value unequal to itself; text, None and numbers compare fast
    return plain, (cells != cells) | (cells == np.inf) | (cells == -np.inf)


_PLAIN = np.frompyfunc(lambda v: v.item() if isinstance(v, np.generic) else v, 1, 1)


def one_line(message, limit=500):
    """A message as one line of at most ``limit`` characters, long quoted text cut short.

    Quotes are paired from the left, so only a quoted value longer than :data:`QUOTE_LIMIT` is
    cut, never the words between two short quoted values.

    >>> one_line('time_unit: "' + "x" * 100 + '"\\nis not a time unit')
    'time_unit: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (100 characters) is not a time unit'
    >>> one_line('time_unit: "W" contradicts the data, whose headers are in days; leave time_unit '
    ...          'empty or give "D"')
    'time_unit: "W" contradicts the data, whose headers are in days; leave time_unit empty or give "D"'
    """
    text = " ".join(str(message).split())
    text = re.sub(r'"([^"]*)"', lambda m: show(m.group(1)) if len(m.group(1)) > QUOTE_LIMIT
                  else m.group(0), text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _listed(raw, names, row):
    """The values a result row was computed from, as ``name value`` words: one-cell arguments,
    the ``row``-th cell (from 1) of column ranges at least that tall, and the first few numbers
    of other ranges and of ``params`` (a model's parameter table or numbers)."""
    words = []
    for name, value in zip(names, raw):
        cells = grid(value)
        if cells.size == 1:
            picked = cells.ravel()
        elif cells.shape[1] == 1 and cells.shape[0] >= row > 0 and name != "params":
            picked = cells[row - 1]
        else:
            picked = [v for v in cells.ravel() if is_number(v)][:4]
        words.append(f"{name} {', '.join(show(v) for v in picked if v is not None) or 'empty'}")
    return ", ".join(words)


def nonfinite_message(spec, raw, table, index):
    """The message replacing a NaN/inf result cell: names the function, the column and row
    where the result is a table with a header row, and the values it came from."""
    i, j = index
    headed = table.shape[0] > 1 and all(isinstance(v, str) for v in table[0])
    where = f" row {i} ({table[0, j]})" if headed else ""
    row = i if headed else i + 1
    return one_line(f"{spec.name}{where}: no finite result for "
                    f"{_listed(raw, [a.name for a in spec.arguments], row)}; these values are "
                    "outside the range the function can compute")


def finite(spec, raw, result):
    """``result`` (2-D) with every NaN/inf cell replaced by ``#VALUE!`` and its message, and
    numpy scalars among text made plain Python values.

    >>> spec = type("Spec", (), {"name": "F", "arguments": ()})
    >>> finite(spec, [], np.array([["n", np.float64(2.5)]], dtype=object)).tolist()
    [['n', 2.5]]
    """
    if isinstance(result, Table):
        columns = [_screen_column(column) for column in result.columns]
        if not any(bad.any() for _, bad in columns):
            return Table(result.header, [plain for plain, _ in columns], result.bottom)
    table = np.asarray(result)
    table, bad = screened(table.reshape(table.shape[0] if table.ndim else 1, -1))
    if not bad.any():
        return table
    table = table.astype(object)
    for index in zip(*np.nonzero(bad)):
        table[index] = ERROR_PREFIX + (
            customer_nonfinite_message(spec, table, index) if isinstance(result, Table)
            else nonfinite_message(spec, raw, table, index))
    return table


def customer_nonfinite_message(spec, table, index):
    """The message replacing a NaN/inf cell of a per-customer :class:`Table` (customer id
    first): its rows are customers, not the input rows, so it names the customer.

    >>> spec = type("Spec", (), {"name": "CLV_HISTORICAL"})
    >>> table = np.array([["customer_id", "revenue"], [1, np.inf]], dtype=object)
    >>> customer_nonfinite_message(spec, table, (1, 1))[:56]
    'CLV_HISTORICAL customer 1 (revenue): no finite result fr'
    """
    i, j = index
    return one_line(f"{spec.name} customer {table[i, 0]} ({table[0, j]}): no finite result "
                    "from this customer's rows; their amounts are beyond the largest number a "
                    "cell can hold")


def is_error_cell(value):
    """True for a result cell that carries a message instead of a value."""
    return isinstance(value, str) and value.startswith(ERROR_PREFIX)


def call(spec, raw):
    """Run a catalogue entry on Excel-shaped arguments; the cells to show, as a 2-D list.

    Elementwise functions broadcast cell by cell; table functions hand the arguments to their
    adapter; a fit on the same values as one of the last 32 is not computed again
    (:mod:`clv_udfs.memo`). Whole-call problems raise CLVError.
    """
    if spec.memoised:
        return FITS(spec.name, raw, lambda *args: as_cells(compute(spec, args)))
    return as_cells(compute(spec, raw))


def shown(spec, raw):
    """What the Excel façade hands xlwings: :func:`call`'s cells, except that a result of
    numbers only stays a 2-D float array, which xlwings' numpy converter turns into cells in
    one pass (a list made here would be converted twice).

    >>> from clv_udfs.catalog import FUNCTIONS
    >>> shown(FUNCTIONS["CLV_SIMPLE"], [[[50], [100]], [[6]], [[3]]])
    array([[ 900.],
           [1800.]])
    """
    if spec.memoised:
        return call(spec, raw)
    result = compute(spec, raw)
    numbers = isinstance(result, np.ndarray) and result.dtype.kind == "f"
    return result if numbers else as_cells(result)


def compute(spec, raw):
    """The result of a catalogue entry as a 2-D array with every NaN/inf replaced by its
    message (:func:`finite`)."""
    if spec.table:
        return finite(spec, raw, spec.adapter(*raw))
    return finite(spec, raw, evaluate_cells(spec.core, spec.arguments, raw))


# Range readers shared by the table functions (clv_udfs.catalog.transactions).

_IS_ERROR = np.frompyfunc(
    lambda v: isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS, 1, 1)


def column(argument, value):
    """A range of one column or one row as a 1-D array of its cells: floats when every cell is
    a number (the usual column, which then takes the core's numeric paths), else objects.

    >>> column("amounts", [[1], ["x"], [None]]).tolist()
    [1, 'x', None]
    >>> column("customer_ids", [[17850.0], [13047]]).dtype, column("T", np.array([2, 5])).dtype
    (dtype('float64'), dtype('float64'))
    >>> column("amounts", [[1, 2], [3, 4]])
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: amounts: select one column (or one row) of cells, not 2×2
    """
    return _column(argument, value, gathered(value))


def date_column(argument, value):
    """A range of dates as :func:`column` reads it, except that a column whose cells are all
    dates or datetimes (how the classic add-in hands date cells over) comes as
    ``datetime64[D]`` days, read in one pass at C speed; a time of day is dropped, as
    :func:`~clv_udfs.core.dates.parse_dates` drops it.

    >>> date_column("dates", [[dt.datetime(1997, 1, 1, 10, 30)], [dt.date(1997, 1, 2)]])
    array(['1997-01-01', '1997-01-02'], dtype='datetime64[D]')
    >>> date_column("dates", [[dt.date(1997, 1, 1)], ["x"]]).tolist()
    [datetime.date(1997, 1, 1), 'x']
    """
    flat = gathered(value)
    if flat is not None and flat[0] and min(flat[1]) == 1 and isinstance(flat[0][0], dt.date):
        days = date_objects(flat[0])
        if days is not None:
            return days
    return _column(argument, value, flat)


def _column(argument, value, flat):
    """:func:`column` of ``value``, whose cells :func:`gathered` has gathered into ``flat``."""
    if flat is not None:
        cells = _numbers(*flat)
        cells = _object_grid(*flat) if cells is None else cells
    elif isinstance(value, np.ndarray) and value.dtype.kind in "fiu":   # a column read before
        cells = np.atleast_2d(value).astype(float)
    elif isinstance(value, np.ndarray) and value.dtype.kind == "M":   # dates read before
        cells = np.atleast_2d(value)
    else:
        cells = grid(value)
    if min(cells.shape) > 1:
        raise CLVError(f"{argument}: select one column (or one row) of cells, not "
                       f"{cells.shape[0]}×{cells.shape[1]}")
    return cells.ravel()


def columns(per="transaction", **ranges):
    """Several ranges as 1-D columns of one length, one row ``per`` transaction (or customer);
    CLVError naming two that differ.

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
                           f"select ranges of the same height, one row per {per}")
    return read


def number_cells(values):
    """Mask of the cells of a 1-D column that hold a plain number."""
    if values.dtype.kind in "fiu" or _all_numbers(values.tolist()):
        return np.ones(values.shape, bool)
    return _IS_NUMBER(values).astype(bool)


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
    if cells.dtype.kind != "O":   # a numeric column holds no text and no empty cell
        return np.zeros(cells.shape, dtype=bool)
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
    """The cells of an optional range argument down to its last non-empty one, as a 1-D array;
    ``default`` if all are empty. A gap above the last value is refused: Office.js may send an
    error cell as an empty one, which must not silently drop out.

    >>> values_or_default("cutoffs", [[0.1], [0.4], [None]], None).tolist()
    [0.1, 0.4]
    >>> values_or_default("cutoffs", [[None]], None) is None
    True
    >>> values_or_default("cutoffs", [[0.1], [None], [0.4]], None)
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: cutoffs row 2: the cell is empty; fill the cells from the top without gaps
    """
    cells = column(argument, value)
    empty = _IS_EMPTY(cells).astype(bool)
    if empty.all():
        return default
    cells = cells[:int(np.flatnonzero(~empty)[-1]) + 1]
    if empty[:cells.size].any():
        raise CLVError(f"{argument} row {int(np.argmax(empty)) + 1}: the cell is empty; fill "
                       "the cells from the top without gaps")
    return cells
