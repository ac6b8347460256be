"""A table function's result on a sheet: one formula over its whole block, or one cell of it.

A live template writes each table function once over the block its result fills, as a
multi-cell array formula (Excel's Ctrl+Shift+Enter formula, which openpyxl writes as an
:class:`~openpyxl.worksheet.formula.ArrayFormula` and every Excel version and LibreOffice keep):
``{=BGNBD_FIT($B$20:$B$219,…)}`` over the parameter table's cells, header row included, so a
recalculation calls the function once per table instead of once per cell (:class:`Table`).
When the whole call fails (a fit refused its data) its one-cell message fills the block, as
Excel repeats a single value over an array formula's cells.

A customer list may be shorter than the template: a per-customer block is wrapped in
``IF((A…&B…&…)="","",…)`` so the rows left empty show nothing, and one of its ranges is
given as ``range+0`` (an empty cell counts 0) so the function keeps those rows at the end of its
result instead of skipping them: Excel pads a shorter array with #N/A before ``IF`` picks the
empty text, but the ``formulas`` engine refuses arrays of different heights.

:class:`Spilled` is one cell of such a result, as the :class:`~.plan.Plan` computes it through
the catalogue's adapter. Where a single value is wanted beside its label (an sBG template's
DEL) it is also a one-cell formula, ``IFERROR(INDEX(SBG_DEL(…),2,1),INDEX(SBG_DEL(…),1,1))``:
the value under the header, or the call's message when it fails whole. The elementwise
functions of the other templates (CLV_SIMPLE, PAYBACK_MONTHS …) stay one formula per cell: each
cell is one value of its own row's inputs, and rows of a per-cell sheet can be inserted, which
Excel does not allow inside an array formula.

A portable template writes the catalogue's native formula instead, which computes the one value
itself: ``=1/(1+IF(B20>0,…))`` for that customer's P(alive). Only per-row model functions whose
formula is closed-form have one (sBG survival and renewal rate, BG/NBD P(alive), Gamma-Gamma
spend); the rest exist in live templates only.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, \
    get_column_letter

from .. import catalog, cells
from ..errors import CLVError
from .arithmetic import Op
from .plan import Call

HEADER_ROWS = 1
NATIVE = ("INDEX", "IFERROR", "IF", "COUNTA")   # the native functions around a live call
PADDING = "#N/A"   # what Excel shows in an array formula's cells beyond its result


@dataclass(frozen=True)
class Spilled(Call):
    """Cell (``row``, ``column``) of catalogue table function ``function`` on ``refs``, counted
    from 1 in the spilled result below its header row (``row=1`` is the first value row,
    ``row=0`` the header).

    ``empty_with`` ("$A20:$E20", a customer's row) leaves the cell empty while every cell there
    is empty, ``=IF(COUNTA($A20:$E20)=0,"",…)``: a template row the user has not filled shows
    nothing rather than the #REF! of a function that skipped the empty row. ``numeric`` is the
    index of an argument given as ``range+0`` (:class:`Table`).
    """

    row: int = 1
    column: int = 1
    empty_with: str | None = None
    numeric: int | None = None

    @property
    def reads(self):
        return self.refs + ((self.empty_with,) if self.empty_with else ())

    def formula(self, flavour):
        call = flavour.call(self.function, *self.refs)
        if flavour.name == "portable":   # the native formula is the one value of its row
            if (self.row, self.column) != (1, 1):
                raise ValueError(f"{self.function} has no native formula for row {self.row}, "
                                 f"column {self.column} of its result")
        else:   # a call that fails whole shows its message, not INDEX's #REF!
            call = (f"IFERROR(INDEX({call},{self.row + HEADER_ROWS},{self.column}),"
                    f"INDEX({call},1,1))")
        return f'IF(COUNTA({self.empty_with})=0,"",{call})' if self.empty_with else call

    def compute(self, args):
        if self.empty_with:
            *args, guard = args
            if all(value in (None, "") for value in guard):
                return ""
        shaped = [_shaped(ref, value) for ref, value in zip(self.refs, args)]
        if self.numeric is not None:
            shaped[self.numeric] = [[_plus_zero(v) for v in row] for row in shaped[self.numeric]]
        result = _result(self.function, _frozen(shaped))
        rows, columns = len(result), len(result[0])
        row = 0 if rows == 1 else self.row - 1 + HEADER_ROWS   # one row or column repeats
        column = 0 if columns == 1 else self.column - 1
        return result[row][column] if row < rows and column < columns else PADDING


@dataclass(frozen=True)
class Table:
    """Catalogue table function ``function`` on ``refs`` written once over its block: ``rows``
    × ``columns`` cells from ``at`` (the top-left cell, the function's header row).

    ``empty_columns`` ("A:E") leaves a row of the block empty while the sheet's cells of those
    columns are empty in that row (the header row's are headers, never empty); ``numeric`` is
    the index of the argument given as ``range+0``, so that the function's result keeps the
    empty rows at the end (see the module's note).

    >>> from clv_udfs.workbooks.flavours import Live
    >>> spend = Table("GAMMAGAMMA_SPEND", ("$A$2:$B$5", "$B$8:$B$9", "$C$8:$C$9"), "D7",
    ...               rows=3, empty_columns="A:C", numeric=1)
    >>> spend.block
    'D7:D9'
    >>> spend.formula(Live())
    'IF(($A$7:$A$9&$B$7:$B$9&$C$7:$C$9)="","",GAMMAGAMMA_SPEND($A$2:$B$5,$B$8:$B$9+0,$C$8:$C$9))'
    >>> spend.cells()["D8"].empty_with
    '$A8:$C8'
    """

    function: str
    refs: tuple
    at: str
    rows: int
    columns: int = 1
    empty_columns: str | None = None
    numeric: int | None = None

    @property
    def block(self):
        """The block's range, e.g. "F20:F220"."""
        column, row = coordinate_from_string(self.at)
        last = get_column_letter(column_index_from_string(column) + self.columns - 1)
        return f"{self.at}:{last}{row + self.rows - 1}"

    def formula(self, flavour):
        """The array formula's text (without "="); a live template's only."""
        if flavour.name != "live":
            raise ValueError(f"{self.function} over a block is a live formula")
        refs = list(self.refs)
        if self.numeric is not None:
            refs[self.numeric] += "+0"
        call = flavour.call(self.function, *refs)
        if not self.empty_columns:
            return call
        first, last = self._rows()
        joined = "&".join(f"${c}${first}:${c}${last}" for c in self._guard_columns())
        return f'IF(({joined})="","",{call})'

    def cells(self):
        """``{ref: Spilled}`` of every cell of the block, row by row (row 0: the header)."""
        column, first = coordinate_from_string(self.at)
        start = column_index_from_string(column)
        guard = self._guard_columns()
        return {f"{get_column_letter(start + c)}{first + r}": Spilled(
            self.function, self.refs, row=r, column=c + 1, numeric=self.numeric,
            empty_with=f"${guard[0]}{first + r}:${guard[-1]}{first + r}"
            if guard and r else None)
            for r in range(self.rows) for c in range(self.columns)}

    def _rows(self):
        first = coordinate_from_string(self.at)[1]
        return first, first + self.rows - 1

    def _guard_columns(self):
        if not self.empty_columns:
            return ()
        low, high = (column_index_from_string(c) for c in self.empty_columns.split(":"))
        return tuple(get_column_letter(c) for c in range(low, high + 1))


def _plus_zero(value):
    """A cell's value after ``+0`` in an array formula: empty is 0, a number stays, text that
    is not a number is Excel's #VALUE!."""
    if value is None:
        return 0.0
    if isinstance(value, (bool, int, float)):
        return float(value)
    try:
        return float(value)
    except ValueError:
        return "#VALUE!"


def _frozen(shaped):
    return tuple(tuple(tuple(row) for row in argument) for argument in shaped)


@lru_cache(maxsize=64)
def _result(function, frozen):
    """The cells ``function`` shows for the arguments ``frozen`` (2-D tuples); a call that
    fails whole is its one-cell message, which the add-in shows and IFERROR passes on."""
    try:
        return cells.call(catalog.FUNCTIONS[function], [[list(row) for row in argument]
                                                         for argument in frozen])
    except CLVError as problem:
        return [[cells.ERROR_PREFIX + str(problem)]]


def _shaped(ref, value):
    """A cell's or range's values (as :meth:`.Plan.expected` reads them: a flat list for a
    range) as the 2-D list Excel hands a function."""
    if ":" not in ref:
        return [[value]]
    first_col, first_row, last_col, last_row = range_boundaries(ref.replace("$", ""))
    return np.array(value, dtype=object).reshape(last_row - first_row + 1,
                                                 last_col - first_col + 1).tolist()


def constant(value):
    """A fixed value shown in a locked cell (e.g. a table function's time unit "W"): an
    :class:`~.arithmetic.Op` without arguments."""
    return Op(f'"{value}"' if isinstance(value, str) else f"{value!r}", lambda: value)


NEXT = Op("{0}+1", lambda previous: previous + 1)
"""The next period number: a column 0, 1, 2, … that follows its first cell."""
