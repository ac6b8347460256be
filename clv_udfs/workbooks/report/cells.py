"""Styled cells and top-down pages for the report's streamed (write-only) worksheets.

A report can hold hundreds of thousands of customer rows, so its workbook is written with
openpyxl's write-only mode: rows are appended one after the other and every cell that needs a
style is a :class:`~openpyxl.cell.WriteOnlyCell`. Resolving a named style and a number format
costs far more than a cell, so :class:`Cells` resolves each (style, kind) once and copies the
result onto new cells.

Numbers are written as values, never formulas; text (customer ids above all) is always stored as
text, so an id like ``=HYPERLINK(…)`` stays the characters the file had.
"""

import math
from copy import copy

import numpy as np
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.formatting.formatting import ConditionalFormattingList

from .. import styles
from . import layout

# report kinds beyond styles': "fixed" has two decimals always, so a column's figures line up;
# a fit's "estimate" shows as Excel's General (2.28E-07 or 348166965, not 0.000 and
# 348166965.000), where the templates' input cells keep styles' 0.000
FORMATS = {"date": "yyyy-mm-dd", "duration": "#,##0.00", "fixed": "#,##0.00",
           "estimate": "General"}


class Cells:
    """Cell factory for one write-only worksheet, with its currency and language."""

    def __init__(self, worksheet, currency, lang):
        self.ws = worksheet
        self.currency = currency
        self.lang = lang
        self._styles = {}

    def _style(self, style, kind):
        key = (style, kind)
        if key not in self._styles:
            prototype = WriteOnlyCell(self.ws)
            prototype.style = style
            if kind is not None:
                prototype.number_format = FORMATS.get(kind) or styles.number_format(
                    kind, self.currency, self.lang)
            self._styles[key] = prototype._style
        return self._styles[key]

    def style_id(self, kind=None, style=styles.LABEL):
        """The workbook's index of the cell format (``style`` with ``kind``), for cells written
        outside openpyxl (:mod:`.rows`)."""
        return self.ws.parent._cell_styles.add(self._style(style, kind))

    def value(self, value, kind=None, style=styles.LABEL):
        """A cell holding ``value`` (a number, date or text) in ``style`` with the number format
        of ``kind`` (see :func:`~.styles.number_format`, or "date", "duration"); NaN gives an empty
        cell, text is kept as text."""
        if isinstance(value, float) and math.isnan(value):
            value = None
        cell = WriteOnlyCell(self.ws, value)
        if isinstance(value, str):
            cell.data_type = "s"
        cell._style = copy(self._style(style, kind))
        return cell

    def text(self, text, style=styles.LABEL):
        """``text`` as a text cell in ``style``."""
        return self.value(text, style=style)

    def row(self, *values, kind=None, style=styles.LABEL):
        """One row of cells of the same ``kind`` and ``style``."""
        return [self.value(v, kind, style) for v in values]


class Page:
    """A report worksheet filled from the top down, one appended row at a time.

    Rows are held until :meth:`close`, which sizes every column to its widest formatted value
    (:mod:`.layout`; a write-only sheet needs its widths before its first row), sets up the
    printed page and then writes the rows. Rows spliced in later (:mod:`.rows`) are sized with
    :meth:`measure`. ``freeze`` ("A5") fixes the panes.
    """

    def __init__(self, book, title, currency, lang, texts, freeze=None):
        self.ws = book.create_sheet(title)
        self.ws.conditional_formatting = ConditionalFormattingList()  # write-only lacks one
        self.ws.freeze_panes = freeze
        self.ws.sheet_view.showGridLines = False
        self.cells = Cells(self.ws, currency, lang)
        self.texts = texts
        self.row = 0
        self._rows = []
        self._needs = {}           # column number: (characters, bold)
        self._blocks = []
        self._open = None          # first row of the block begun by the last header
        self._title_row = None
        self.extent = 0            # the last row, reserved rows included

    def append(self, cells, measure=True):
        """Append one row of cells (or values); returns its row number. ``measure=False`` for a
        line of text that may run on over empty cells (titles, notes)."""
        self._rows.append(cells)
        self.row += 1
        if measure:
            for column, cell in enumerate(cells, start=1):
                self._need(column, *_cell_need(cell))
        return self.row

    def measure(self, column, values, kind=None, style=styles.LABEL):
        """Widen ``column`` (1 = A) for ``values`` (a whole column of numbers or texts) written
        in ``style`` with the number format of ``kind``; for rows not appended here."""
        prototype = self.cells.value(None, kind, style)
        number_format = prototype.number_format
        array = np.asarray(values)
        if array.dtype.kind in "fiub":
            chars = layout.format_width(number_format, array)
        else:
            chars = layout.text_width(array.tolist())
        self._need(column, chars, bool(prototype.font.b))

    def reserve(self, rows):
        """Count ``rows`` more rows spliced in below the appended ones (:mod:`.rows`)."""
        self.extent = self.row + rows

    def keep(self, first, last):
        """Keep rows ``first``–``last`` (a table, a chart) on one printed page when they fit."""
        self._blocks.append((first, last))

    def repeat(self, row):
        """Print ``row`` (a table header) at the top of every printed page."""
        self._title_row = row

    def _need(self, column, chars, bold):
        had, was_bold = self._needs.get(column, (0, False))
        if chars * (layout.BOLD if bold else 1) > had * (layout.BOLD if was_bold else 1):
            self._needs[column] = (chars, bold)

    def close(self):
        """Size the columns, set up printing and write the held rows."""
        widths = layout.fit_columns(self.ws, self._needs)
        self.extent = max(self.extent, self.row)
        self._end_block(self.extent)
        layout.print_setup(self.ws, widths, self.extent, self._blocks, self._title_row)
        for cells in self._rows:
            self.ws.append(cells)
        self._rows = []

    def title(self, key):
        """The page title (text of ``key``)."""
        self._end_block()
        self.ws.row_dimensions[self.row + 1].height = 24
        return self.append([self.cells.text(self.texts[key], styles.TITLE)], measure=False)

    def note(self, *lines):
        """Lines of explanation in the note style, one row each."""
        for line in lines:
            self.append([self.cells.text(line, styles.NOTE)], measure=False)

    def notice(self, line):
        """One line the reader must not miss (rows left out, periods folded), in the bold note
        style; like a note it may run on over the empty cells beside it."""
        return self.append([self.cells.text(line, styles.NOTE_HEADING)], measure=False)

    def blank(self):
        """An empty row; it ends the block begun by the last :meth:`header`."""
        self._end_block()
        return self.append([])

    def header(self, *texts):
        """A row of column or section headers (two text lines high). It begins a block, kept on
        one printed page with the rows below it up to the next blank row or title."""
        self.ws.row_dimensions[self.row + 1].height = 30
        row = self.append([self.cells.text(t, styles.HEADER) for t in texts])
        if self._open is None:
            self._open = row
        return row

    def _end_block(self, last=None):
        if self._open is not None:
            self.keep(self._open, last or self.row)
            self._open = None

    def pair(self, key, value, kind=None):
        """A labelled value: the text of ``key``, then ``value`` (a calculated, grey cell)."""
        return self.append([self.cells.text(self.texts[key]),
                            self.cells.value(value, kind, styles.OUTPUT)])


def _cell_need(cell):
    """(characters, bold) a written cell needs."""
    if not isinstance(cell, Cell):
        return layout.cell_width(cell), False
    wrap = bool(cell.alignment.wrap_text)
    return layout.cell_width(cell.value, cell.number_format, wrap), bool(cell.font.b)
