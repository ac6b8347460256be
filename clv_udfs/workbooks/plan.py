"""What a template computes, independent of any spreadsheet engine.

A :class:`Plan` records every input and calculated cell of a sheet as the template declares it:
an :class:`Input` holds a value, a :class:`Call` names a catalogue function and the cells it
reads, a :class:`Derived` cell applies an :class:`~clv_udfs.workbooks.arithmetic.Op`.
:meth:`Plan.expected` computes every calculated cell with the Python core, which is what the
engine checks compare a recalculated workbook against.
"""

from dataclasses import dataclass, field

from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import get_column_letter

from .. import catalog
from .arithmetic import Op


@dataclass(frozen=True)
class Input:
    """A cell the user fills in, with the template's example value; ``at_most`` is the cell
    whose value bounds it (a customer's recency is at most their age T), if any."""

    value: object
    at_most: str | None = None


class Computed:
    """What calculated cells share: :meth:`compute` takes the values of :attr:`reads`, the
    cells ``refs`` its formula names (a subclass may read more)."""

    @property
    def reads(self):
        return self.refs


@dataclass(frozen=True)
class Call(Computed):
    """A cell computed by catalogue function ``function`` from the cells ``refs``."""

    function: str
    refs: tuple

    def formula(self, flavour):
        return flavour.call(self.function, *self.refs)

    def compute(self, args):
        return catalog.FUNCTIONS[self.function].core(*args)


@dataclass(frozen=True)
class Derived(Computed):
    """A cell computed by plain arithmetic ``op`` (the same text in every flavour)."""

    op: Op
    refs: tuple

    def formula(self, flavour):
        return self.op.formula(*self.refs)

    def compute(self, args):
        return self.op.python(*args)


def cells_in(ref):
    """The cell addresses of ``ref`` ("B5", "$B$5" or "B8:B13"), without "$", row by row.

    >>> cells_in("$C$2:D3")
    ['C2', 'D2', 'C3', 'D3']
    """
    ref = ref.replace("$", "")
    if ":" not in ref:
        return [ref]
    first_col, first_row, last_col, last_row = range_boundaries(ref)
    return [f"{get_column_letter(c)}{r}" for r in range(first_row, last_row + 1)
            for c in range(first_col, last_col + 1)]


@dataclass
class Plan:
    """The cells of one sheet, in the order they were declared (inputs before their users)."""

    sheet: str
    cells: dict = field(default_factory=dict)

    def add(self, ref, cell):
        if ref in self.cells:
            raise ValueError(f"{self.sheet}!{ref} is declared twice")
        self.cells[ref] = cell

    @property
    def inputs(self):
        """``{ref: example value}`` of the input cells."""
        return {ref: c.value for ref, c in self.cells.items() if isinstance(c, Input)}

    @property
    def outputs(self):
        """``{ref: Call or Derived}`` of the calculated cells."""
        return {ref: c for ref, c in self.cells.items() if not isinstance(c, Input)}

    def expected(self, inputs=None):
        """Every calculated cell's value from the Python core, for ``inputs`` (default: the
        template's example values; a partial dict overrides only those cells)."""
        values = {**self.inputs, **(inputs or {})}

        def read(ref):
            found = [values[cell] for cell in cells_in(ref)]
            return found if ":" in ref else found[0]

        for ref, cell in self.outputs.items():
            values[ref] = cell.compute([read(r) for r in cell.reads])
        return {ref: values[ref] for ref in self.outputs}
