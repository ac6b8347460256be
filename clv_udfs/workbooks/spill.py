"""One cell of a table function's result, as a single-cell formula.

openpyxl cannot write Excel's spilling dynamic arrays, so a template takes each value it needs
from a table function with ``INDEX``: ``=INDEX(BGNBD_P_ALIVE($C$6:$C$9,B20,C20,D20),2,1)`` is
one customer's P(alive), the row under the header. When the whole call fails (a fit refused
its data) the cell shows the function's message instead, through
``IFERROR(INDEX(…),INDEX(…,1,1))``. Such a cell works in every Excel with the
add-in (no spill range to keep free), the ``formulas`` engine evaluates it, and the
:class:`~.plan.Plan` computes the same value through the catalogue's adapter.

A portable template writes the catalogue's native formula instead, which computes the one value
itself: ``=1/(1+IF(B20>0,…))`` for that customer's P(alive). Only per-row model functions whose
formula is closed-form have one (sBG survival and renewal rate, BG/NBD P(alive), Gamma-Gamma
spend); the rest exist in live templates only.
"""

from dataclasses import dataclass

import numpy as np
from openpyxl.utils import range_boundaries

from .. import catalog, cells
from ..errors import CLVError
from .arithmetic import Op
from .plan import Call

HEADER_ROWS = 1
NATIVE = ("INDEX", "IFERROR", "IF", "COUNTA")   # the native functions around a live call


@dataclass(frozen=True)
class Spilled(Call):
    """Cell (``row``, ``column``) of catalogue table function ``function`` on ``refs``, counted
    from 1 in the spilled result below its header row (``row=1`` is the first value row).

    ``empty_with`` ("$A20:$E20", a customer's row) leaves the cell empty while every cell there
    is empty, ``=IF(COUNTA($A20:$E20)=0,"",…)``: a template row the user has not filled shows
    nothing rather than the #REF! of a function that skipped the empty row.
    """

    row: int = 1
    column: int = 1
    empty_with: str | None = None

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
        try:
            result = cells.call(catalog.FUNCTIONS[self.function], shaped)
        except CLVError as problem:   # what the add-in shows, and IFERROR passes on
            return cells.ERROR_PREFIX + str(problem)
        return result[self.row - 1 + HEADER_ROWS][self.column - 1]


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
