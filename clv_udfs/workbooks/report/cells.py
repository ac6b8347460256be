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

from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.formatting import ConditionalFormattingList

from .. import styles

FORMATS = {"date": "yyyy-mm-dd", "duration": "#,##0.00"}   # report kinds beyond styles'


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

    Column ``widths`` ({"A": 40}) and ``freeze`` ("A5") must be known before the first row, as
    write-only sheets write them first.
    """

    def __init__(self, book, title, currency, lang, texts, widths, freeze=None):
        self.ws = book.create_sheet(title)
        self.ws.conditional_formatting = ConditionalFormattingList()  # write-only lacks one
        for letter, width in widths.items():
            self.ws.column_dimensions[letter].width = width
        self.ws.freeze_panes = freeze
        self.ws.sheet_view.showGridLines = False
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.cells = Cells(self.ws, currency, lang)
        self.texts = texts
        self.row = 0

    def append(self, cells):
        """Append one row of cells (or values); returns its row number."""
        self.ws.append(cells)
        self.row += 1
        return self.row

    def title(self, key):
        """The page title (text of ``key``)."""
        self.ws.row_dimensions[self.row + 1].height = 24
        return self.append([self.cells.text(self.texts[key], styles.TITLE)])

    def note(self, *lines):
        """Lines of explanation in the note style, one row each."""
        for line in lines:
            self.append([self.cells.text(line, styles.NOTE)])

    def blank(self):
        return self.append([])

    def header(self, *texts):
        """A row of column or section headers (two text lines high)."""
        self.ws.row_dimensions[self.row + 1].height = 30
        return self.append([self.cells.text(t, styles.HEADER) for t in texts])

    def pair(self, key, value, kind=None):
        """A labelled value: the text of ``key``, then ``value`` (a calculated, grey cell)."""
        return self.append([self.cells.text(self.texts[key]),
                            self.cells.value(value, kind, styles.OUTPUT)])
