"""The look of every clv-udfs workbook: named cell styles, number formats, ratio colours.

Templates and reports register :data:`NAMED_STYLES` once per workbook (:func:`register`) and
then refer to the styles by name, so a user sees the same yellow input cells and grey
calculated cells everywhere. Number formats depend on the currency and the language (the unit
words "months"/"maanden"), so they come from :func:`number_format`.
"""

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

CURRENCIES = {"EUR": "€", "USD": "$"}
"""The currencies of the committed template sets (``workbook_templates/<lang>-<currency>/``)."""

ISO_4217 = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD "
    "FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY "
    "KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP "
    "MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR "
    "RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT "
    "TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW "
    "ZWG").split()
"""Active ISO 4217 currency codes (the report's and templates' ``--currency``)."""

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹",
            "KRW": "₩", "RUB": "₽", "TRY": "₺", "ILS": "₪", "NGN": "₦", "PHP": "₱", "VND": "₫",
            "UAH": "₴", "THB": "฿", "PLN": "zł", "BRL": "R$", "AUD": "A$", "CAD": "C$",
            "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "MXN": "MX$", "ZAR": "R", "CHF": "CHF",
            "SEK": "kr", "NOK": "kr", "DKK": "kr", "ISK": "kr", "CZK": "Kč", "HUF": "Ft"}
_DECIMALS = {**dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF "
                             "XPF".split(), 0),
             **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3)}


def currency_code(text):
    """The ISO 4217 code ``text`` names (any case), or ValueError.

    >>> currency_code("gbp")
    'GBP'
    """
    code = str(text).strip().upper()
    if code not in ISO_4217:
        raise ValueError(f'"{text}" is not an ISO 4217 currency code; use one such as EUR, '
                         "USD, GBP or JPY")
    return code


def currency_symbol(code):
    """The symbol shown before amounts: £ for GBP, ¥ for JPY, the code itself when the
    currency has no symbol of its own."""
    return _SYMBOLS.get(code, code)


def currency_decimals(code):
    """The usual number of decimals of the currency: 0 for JPY, 3 for KWD, else 2."""
    return _DECIMALS.get(code, 2)

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
    >>> number_format("money", "JPY", "en")
    '"¥"#,##0;-"¥"#,##0'
    >>> number_format("months", "USD", "nl")
    '0.0 "maanden"'
    """
    symbol = currency_symbol(currency)
    space = " " if currency == "EUR" or len(symbol) > 1 and symbol.isalpha() else ""
    decimals = currency_decimals(currency)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    formats = {
        "money": f'"{symbol}"{space}{digits};-"{symbol}"{space}{digits}',
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
