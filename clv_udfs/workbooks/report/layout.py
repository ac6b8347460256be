"""How a report sheet reads on screen and on paper: columns as wide as their formatted values,
the printed page (orientation, scale, repeated header rows, page breaks between blocks).

Excel shows ``###`` when a number in its format is wider than its column, so a column is sized
from the widest value *as formatted*: :func:`format_width` reads the number format (literal
text, thousands separators, decimals, percent) and needs only the largest and smallest value,
so a million-row column is measured with two reductions. Widths are in Excel's unit, the width
of the digit 0 in the default font (Calibri 11, 7 pixels, plus 5 pixels of cell padding).

:func:`print_setup` chooses landscape when the columns are wider than a portrait page, scales
the sheet to one page wide, repeats the header row on every printed page and moves a block
(a table with its header, a chart) that would straddle a page to the next page when it fits on
one.
"""

import math
import re

import numpy as np
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak

MAX_WIDTH = 255              # Excel's widest column
MIN_WIDTH = 8.43             # Excel's default column width
BOLD = 1.1                   # bold digits are about a tenth wider
PADDING = 1.5                # characters of room beside the value
PAGE = {"portrait": (6.77, 9.0), "landscape": (9.5, 6.27)}   # printable inches, A4 ∩ Letter
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3,
           "footer": 0.3}
ROW_POINTS = 16              # a 15-point row with a little room for taller title rows
FOOTER = "&A · &P / &N"      # sheet name · page / pages

_DATE = re.compile(r"[ymdhs]", re.IGNORECASE)


def format_width(number_format, values):
    """Characters of the widest of ``values`` (numbers; NaN and inf are empty cells) shown in
    ``number_format``.

    >>> format_width('"€" #,##0.00;-"€" #,##0.00', [12.5, -1234567.891])
    15
    >>> format_width("0.0%", [0.25, 1.0])
    6
    >>> format_width("#,##0", [np.nan, 999, 1000])
    5
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not values.size:
        return 0
    sections = _sections(number_format or "General")
    return max(_number_width(sections, float(values.max())),
               _number_width(sections, float(values.min())))


def text_width(values):
    """Characters of the longest of ``values`` written as text (ids, labels).

    >>> text_width(["a", 17850, "Customer 1"])
    10
    """
    return max(map(len, map(str, values)), default=0)


def header_width(text):
    """Characters a header cell needs when it wraps onto two lines: the longer of its longest
    word and half its length.

    >>> header_width("Gross profit (historical CLV)")
    16
    """
    words = str(text).split()
    return max(max(map(len, words), default=0), math.ceil(len(str(text)) / 2) + 1)


def cell_width(value, number_format="General", wrap=False):
    """Characters one cell needs for ``value`` in ``number_format`` (wrapping text: two lines)."""
    if value is None:
        return 0
    if isinstance(value, str):
        return header_width(value) if wrap else len(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        return len(number_format) if _is_date(number_format) else len(str(value))
    if not math.isfinite(value):
        return 0
    return _number_width(_sections(number_format or "General"), float(value))


def column_width(chars, bold=False, minimum=MIN_WIDTH):
    """The Excel column width for ``chars`` characters of (``bold``) text, padded.

    >>> column_width(15, bold=True)
    18.0
    """
    return round(min(MAX_WIDTH, max(minimum, chars * (BOLD if bold else 1.0) + PADDING)), 1)


def fit_columns(ws, needs, minimum=MIN_WIDTH):
    """Set the widths of ``ws``'s columns from ``needs`` ({column number: (characters, bold)});
    for a write-only sheet, before its first row. Returns the widths set ({letter: width})."""
    widths = {}
    for column, (chars, bold) in sorted(needs.items()):
        letter = get_column_letter(column)
        widths[letter] = ws.column_dimensions[letter].width = column_width(chars, bold, minimum)
    return widths


def print_setup(ws, widths, rows, blocks=(), title_row=None):
    """Print ``ws`` readably: landscape when its columns (``widths``, {letter: width}) are wider
    than a portrait page, scaled to one page wide, ``title_row`` repeated on every page,
    narrow margins, the sheet name and page number in the footer, and each block
    ``(first, last)`` of ``blocks`` that would straddle a page moved whole to the next page
    when it fits on one. ``rows`` is the sheet's last row. Returns the orientation.
    """
    inches = sum(_pixels(width) for width in widths.values()) / 96
    orientation = "landscape" if inches > PAGE["portrait"][0] else "portrait"
    page_width, page_height = PAGE[orientation]
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for side, inch in MARGINS.items():
        setattr(ws.page_margins, side, inch)
    ws.oddFooter.center.text = FOOTER
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"
    scale = min(1.0, page_width / inches) if inches else 1.0
    per_page = int(page_height * 72 / (ROW_POINTS * scale))
    repeated = 0 if title_row is None else 1
    for row in page_breaks(rows, blocks, per_page, repeated):
        ws.row_breaks.append(Break(id=row))
    return orientation


def page_breaks(rows, blocks, per_page, repeated=0):
    """Rows after which a page break keeps each block ``(first, last)`` on one page of
    ``per_page`` rows (``repeated`` of them the repeated header) where it fits on one.

    >>> page_breaks(60, [(1, 12), (14, 30), (32, 45)], per_page=40)
    [31]
    """
    breaks, top = [], 1
    for first, last in sorted(blocks):
        room = per_page - (repeated if top > 1 else 0)
        while first - top >= room:                  # whole pages before the block
            top += room
            room = per_page - repeated
        if last - top + 1 > room and last - first + 1 <= per_page - repeated and first > top:
            breaks.append(first - 1)
            top = first
    return breaks


def _pixels(width):
    return math.trunc((256 * width + math.trunc(128 / 7)) / 256 * 7) + 5


def _sections(number_format):
    sections, quoted, start = [], False, 0
    for i, char in enumerate(number_format):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            sections.append(number_format[start:i])
            start = i + 1
    return [*sections, number_format[start:]]


def _number_width(sections, value):
    if value < 0 and len(sections) > 1:
        return _shown(sections[1], -value)
    return _shown(sections[0], abs(value)) + (value < 0)


def _is_date(section):
    return bool(_DATE.search(re.sub(r'"[^"]*"|\[[^]]*]|\\.', "", section))) and \
        "General" not in section


def _shown(section, value):
    """Characters of ``value`` (≥ 0) in one format ``section``."""
    if section.strip() in ("", "General", "@"):
        return min(len(f"{value:.10g}"), 11)
    if _is_date(section):
        return len(re.sub(r'"|\\', "", section))
    literal = decimals = int_zeros = 0
    scale, thousands, point, i = 1.0, False, False, 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.index('"', i + 1)
            literal += end - i - 1
            i = end
        elif char in "\\_*":
            literal += char != "*"
            i += 1
        elif char == "[":
            i = section.index("]", i)
        elif char in "0#?":
            if point:
                decimals += 1
            else:
                int_zeros += char == "0"
        elif char == ".":
            point = True
        elif char == ",":
            thousands = not point
        elif char == "%":
            scale *= 100
            literal += 1
        else:
            literal += 1
        i += 1
    digits = max(len(str(int(round(value * scale, decimals)))), int_zeros)
    if thousands:
        digits += (digits - 1) // 3
    return literal + digits + (decimals + 1 if decimals else 0)
