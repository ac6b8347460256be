"""The look of every clv-udfs workbook: named cell styles, number formats, ratio colours.

Templates and reports register :data:`NAMED_STYLES` once per workbook (:func:`register`) and
then refer to the styles by name, so a user sees the same yellow input cells and grey
calculated cells everywhere. Number formats depend on the currency and the language (the unit
words "months"/"maanden"), so they come from :func:`number_format`.
"""

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

CURRENCIES = {"EUR": "€", "USD": "$"}

_thin = Side(style="thin", color="A6A6A6")
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _style(name, font=None, fill=None, border=None, locked=True, alignment=None):
    style = NamedStyle(name=name, font=font or Font(name="Calibri", size=11),
                       border=border or Border(), protection=Protection(locked=locked),
                       alignment=alignment or Alignment())
    if fill:
        style.fill = PatternFill("solid", fgColor=fill)
    return style


INPUT = "CLV input"
OUTPUT = "CLV output"
HEADER = "CLV header"
TITLE = "CLV title"
NOTE = "CLV note"
NOTE_HEADING = "CLV note heading"
LABEL = "CLV label"
TOTAL = "CLV total"

NAMED_STYLES = (
    _style(INPUT, Font(name="Calibri", size=11, color="1F3864"), "FFF2CC", _box, locked=False),
    _style(OUTPUT, Font(name="Calibri", size=11, bold=True), "EDEDED", _box),
    _style(TOTAL, Font(name="Calibri", size=11, bold=True), "D9D9D9", _box),
    _style(HEADER, Font(name="Calibri", size=11, bold=True, color="FFFFFF"), "1F4E78", _box,
           alignment=Alignment(wrap_text=True, vertical="center")),
    _style(TITLE, Font(name="Calibri", size=16, bold=True, color="1F4E78")),
    _style(NOTE, Font(name="Calibri", size=10, italic=True, color="595959")),
    _style(NOTE_HEADING, Font(name="Calibri", size=11, bold=True, color="595959")),
    _style(LABEL, Font(name="Calibri", size=11)),
)


def register(workbook):
    """Add the clv-udfs named styles to ``workbook`` (call once, before styling cells)."""
    for style in NAMED_STYLES:
        workbook.add_named_style(style)


_UNITS = {"en": {"months": "months", "years": "years"},
          "nl": {"months": "maanden", "years": "jaar"}}


def number_format(kind, currency, lang):
    """The Excel number format for a value of ``kind`` ("money", "rate", "months", …).

    >>> number_format("money", "EUR", "nl")
    '"€" #,##0.00;-"€" #,##0.00'
    >>> number_format("months", "USD", "nl")
    '0.0 "maanden"'
    """
    symbol = CURRENCIES[currency]
    space = " " if currency == "EUR" else ""
    formats = {
        "money": f'"{symbol}"{space}#,##0.00;-"{symbol}"{space}#,##0.00',
        "rate": "0.0%",
        "change": "+0.0%;-0.0%;0.0%",
        "count": "#,##0",
        "number": "#,##0.0#",
        "estimate": "0.000",
        "ratio": '0.00":1"',
        "months": f'0.0 "{_UNITS[lang]["months"]}"',
        "years": f'0.0# "{_UNITS[lang]["years"]}"',
        "text": "@",
    }
    return formats[kind]


RATIO_BANDS = (  # (Excel condition on the cell, fill colour): CLV:CAC below 1, below 3, 3–5, ≥5
    ("{0}<1", "F8CBAD"),
    ("AND({0}>=1,{0}<3)", "FFE699"),
    ("AND({0}>=3,{0}<5)", "C6EFCE"),
    ("{0}>=5", "BDD7EE"),
)


def colour_ratios(worksheet, cells):
    """Conditional formatting that colours CLV:CAC ratios in ``cells`` ("H8:H14") by band."""
    first = cells.split(":")[0].replace("$", "")
    for condition, colour in RATIO_BANDS:
        worksheet.conditional_formatting.add(cells, FormulaRule(
            formula=[condition.format(first)], stopIfTrue=True,
            fill=PatternFill("solid", fgColor=colour, bgColor=colour)))
