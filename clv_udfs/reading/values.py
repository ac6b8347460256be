"""Cell values of an export turned into ids, numbers and screened text.

* **Numbers**: currency symbols (€ $ £ ¥), spaces and thousands separators are dropped; the
  **decimal comma** is detected from the values (``1.234,56``, ``12,5``) and otherwise assumed
  for ``;`` files, as Dutch and German exports use it. Numbers a workbook stores stay as they
  are.
* **Ids** (customers, orders) become text, as the file shows them: ``00042`` keeps its zeros,
  a whole number stored as ``17850.0`` (or the number 17850 in a workbook) is ``17850``, and a
  date Excel made of an id (``3-12``) is its date text (``2012-03-01``), never a number; an id
  Excel shortened to scientific notation (``1.23457E+11``) is flagged, since its digits are lost.
* **Screening**: control characters (NUL and the like, which no export field holds) and
  fields over :data:`LONGEST` characters are flagged; :func:`printable` shows any file text
  in a message with control characters escaped, so a message never drives the terminal.
"""

import datetime as dt
import re
from collections import defaultdict

import numpy as np

from ..core.domains import EXCEL_ERRORS
from ..core.transactions import id_text, scientific_id

LONGEST = 32_767          # characters: the most an Excel cell holds; no id, date or amount
_DROP = str.maketrans("", "", "€$£¥ \u00a0\u202f'")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")   # and what
# XML 1.0 cannot hold (U+FFFE, U+FFFF): a sheet with either is refused by Excel and openpyxl
_ODD_ID = re.compile(r"(?:^|\0)[#\s]|\s(?:\0|$)|[.,]|\d[Ee][+-]")   # not its own id
_ODD_MARKS = ("#", ".", ",", "E+", "E-", "e+", "e-", " ", "\t", "\n", "\r", "\x0b",
              "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")   # in every match of _ODD_ID


def printable(text):
    """``text`` with control characters shown as ``\\xNN`` escapes.

    >>> printable("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 256 else
                        f"\\u{ord(m[0]):04x}", str(text))


def decimal_of(joined, delimiter):
    """"," or "." as the decimal mark of numbers (all joined in one text)."""
    comma = "," in joined and re.search(r",\d{1,2}(?!\d)|,\d{4,}|\d\.\d{3},\d", joined)
    point = "." in joined and re.search(r"\.\d{1,2}(?!\d)|\.\d{4,}|\d,\d{3}\.\d", joined)
    if bool(comma) != bool(point):
        return "," if comma else "."
    return "," if delimiter == ";" else "."


def _float(text):
    try:
        return float(text)
    except ValueError:
        return np.nan


def parse_numbers(texts, decimal):
    """Floats of number texts (NaN where not a number), cleaned in one pass over all of them.

    >>> parse_numbers(["€ 1.234,50", "-3", "x"], ",").tolist()
    [1234.5, -3.0, nan]
    """
    joined = "\0".join(texts).translate(_DROP)
    if joined.count("\0") != len(texts) - 1 and texts:   # a NUL inside a value: not a number
        return parse_numbers([text.replace("\0", "\x01") for text in texts], decimal)
    thousands = "." if decimal == "," else ","
    joined = re.sub(rf"(?<=\d){re.escape(thousands)}(?=\d{{3}}(?!\d))", "", joined)
    if decimal == ",":
        joined = joined.replace(",", ".")
    cleaned = joined.split("\0")
    try:
        return np.array(cleaned, dtype=float)
    except ValueError:
        return np.array(list(map(_float, cleaned)))


def all_text(items):
    """Whether every item is text (checked at C speed: joining fails on anything else)."""
    try:
        "".join(items)
    except TypeError:
        return False
    return True


TEXT, FLOAT, INT = 1, 2, 3


def _types(values):
    """The kind of each value of an object column: :data:`TEXT`, :data:`FLOAT`, :data:`INT`
    or 0 (anything else: dates, logical values, None)."""
    kinds = defaultdict(int, {str: TEXT, float: FLOAT, int: INT})
    return np.fromiter(map(kinds.__getitem__, map(type, values.tolist())), dtype=np.int8,
                       count=values.size)


def texts_of(values):
    """The text cells of a column ("" for the others)."""
    if values.dtype.kind in "iufM":
        return []
    items = values.tolist()
    if all_text(items):
        return items
    return np.where(_types(values) == TEXT, values, "").tolist()


def _parse_distinct(items, decimal):
    """:func:`parse_numbers` of text items, each distinct text parsed once."""
    distinct = dict.fromkeys(items)
    distinct.update(zip(distinct, parse_numbers(list(distinct), decimal).tolist()))
    return np.fromiter(map(distinct.__getitem__, items), dtype=float, count=len(items))


def numbers_of(values, decimal):
    """Floats of a column: numbers as stored, text parsed with ``decimal``, NaN otherwise
    (each distinct text parsed once: export columns repeat their values)."""
    if values.dtype.kind in "iuf":
        return values.astype(float)
    items = values.tolist()
    if all_text(items):
        return _parse_distinct(items, decimal)
    types = _types(values)
    numbers = np.full(len(items), np.nan)
    stored = (types == FLOAT) | (types == INT)
    numbers[stored] = values[stored].astype(float)
    text = types == TEXT
    if text.any():
        numbers[text] = _parse_distinct(values[text].tolist(), decimal)
    return numbers


LOGICAL, ERROR, SCIENTIFIC = 1, 2, 3
"""Why an id is unusable (:func:`id_texts`): a logical value (or a number that is not finite),
an Excel error, an id Excel shortened to scientific notation."""


def _id_text(value):
    """One id as text ("" when empty), or why it is unusable (:data:`LOGICAL`, :data:`ERROR`,
    :data:`SCIENTIFIC`)."""
    if isinstance(value, str):
        text = value.strip()
        if text.upper() in EXCEL_ERRORS:
            return ERROR
        return SCIENTIFIC if scientific_id(text) else id_text(text)
    if isinstance(value, (bool, np.bool_)):
        return LOGICAL
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):   # a missing id in a number column (pandas' NaN): a guest order
            return ""
        if not np.isfinite(value):
            return LOGICAL
        if abs(value) > 2.0**53:   # a float no longer holds every whole number: digits lost
            return SCIENTIFIC      # (Excel shows such a number as 1.23457E+16)
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[D]"))
    return "" if value is None else str(value).strip()


def _odd_ids(joined):
    """Whether an id of ``joined`` (ids joined by NUL) needs a look (:data:`_ODD_ID`). The
    usual column of plain ASCII ids holds none of :data:`_ODD_MARKS`, which a substring scan
    finds at C speed: the regular expression, ten times slower, runs only when one is there.

    >>> _odd_ids("C1\\0C2"), _odd_ids("C1\\0 C2"), _odd_ids("C1\\0C 2"), _odd_ids("1E+5")
    (False, True, False, True)
    """
    if joined.isascii() and not any(mark in joined for mark in _ODD_MARKS):
        return False
    return _ODD_ID.search(joined) is not None


def id_texts(values):
    """Ids as text, and per id why it is unusable (0: usable; :data:`LOGICAL`, :data:`ERROR`,
    :data:`SCIENTIFIC`; its text is then ""); an empty id is "". Text ids are taken as they
    are unless one needs a look (spaces around it, a ".", a leading "#", an exponent): one scan
    of them all; other values are converted once per distinct value.

    >>> texts, why = id_texts(np.array(["00042", "17850.0", 17850.0, "", True, "#N/A",
    ...                                 "1,23457E+11"], dtype=object))
    >>> texts.tolist(), why.tolist()
    (['00042', '17850', '17850', '', '', '', ''], [0, 0, 0, 0, 1, 2, 3])
    """
    items = values.tolist()
    texts = np.empty(len(items), dtype=object)
    if all_text(items) and not _odd_ids("\0".join(items)):
        texts[:] = items
        return texts, np.zeros(len(items), dtype=np.int8)
    keys = list(zip(map(type, items), items))      # TRUE is not the id 1
    distinct = dict.fromkeys(keys)
    for key in distinct:
        distinct[key] = _id_text(key[1])
    texts[:] = list(map(distinct.__getitem__, keys))
    why = np.fromiter((t if isinstance(t, int) else 0 for t in texts.tolist()),
                      dtype=np.int8, count=len(items))
    texts[why != 0] = ""
    return texts, why


def _has_control(text):
    """Whether ``text`` holds a control character (a byte scan when it is ASCII)."""
    if text.isascii():
        codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        return bool(((codes < 32) & (codes != 9) & (codes != 10) & (codes != 13)
                     | (codes == 127)).any())
    return _CONTROL.search(text) is not None


def text_problems(values):
    """Masks of the values that are text with control characters, and of text over
    :data:`LONGEST` characters (one scan of the whole column when it is clean, the usual
    case)."""
    control = np.zeros(values.shape, dtype=bool)
    long = np.zeros(values.shape, dtype=bool)
    texts = texts_of(values)
    if not texts or (max(map(len, texts)) <= LONGEST and not _has_control("\n".join(texts))):
        return control, long
    for i, text in enumerate(texts):
        long[i] = len(text) > LONGEST
        control[i] = not long[i] and _has_control(text)
    return control, long
