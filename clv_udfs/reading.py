"""Read transaction exports (CSV or XLSX) into customer ids, dates and amounts.

* **CSV**: delimiter ``,`` ``;`` or tab, taken from the header line (the most frequent of the
  three) unless given; UTF-8 (with or without BOM), else Windows-1252. **Decimal comma** is
  detected from the amounts (``1.234,56``, ``12,5``) and otherwise assumed for ``;`` files,
  as Dutch and German exports use it; currency symbols (€ $ £ ¥), spaces and thousands
  separators are dropped.
* **XLSX/XLSM**: the first sheet, or the named ``sheet`` — a worksheet or an Excel table (Insert ▸
  Table); the header is the first non-empty row (a table's header row).
* **Columns** are found by header (case, spaces, ``_`` and ``-`` ignored) among common English
  and Dutch names (customer_id, klantnummer, date, datum, amount, bedrag, omzet, …), or named
  with ``customer_col`` / ``date_col`` / ``amount_col``.
* **Rows** are numbered as in the file: the header is row 1. Blank lines are ignored. A bad row
  (empty id, a date that is not a date, an amount that is not a number ≥ 0) raises
  :class:`~clv_udfs.errors.CLVError` naming the row and the value, or with ``skip_bad_rows`` is
  skipped and counted in the report.
* Customer ids stay exactly the text in the file (``00042`` keeps its zeros).
"""

import csv
import gc
import io
import re
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .core.dates import parse_dates_masked
from .core.domains import MONEY, show
from .core.transactions import id_keys
from .errors import CLVError

HEADER_NAMES = {
    "customer": ("customerid", "customer", "customerno", "customernumber", "clientid", "client",
                 "klantid", "klant", "klantnummer", "klantnr", "relatienummer", "debiteurnummer",
                 "userid", "memberid", "masterid", "id"),
    "date": ("date", "orderdate", "transactiondate", "invoicedate", "purchasedate", "datum",
             "orderdatum", "besteldatum", "factuurdatum", "transactiedatum", "day"),
    "amount": ("amount", "revenue", "sales", "total", "ordertotal", "ordervalue", "value",
               "spend", "dollarvalue", "price", "bedrag", "omzet", "totaal", "totaalbedrag",
               "waarde", "prijs"),
}
DELIMITERS = (",", ";", "\t")
_DROP = str.maketrans("", "", "€$£¥ \u00a0\u202f'")
_PROBLEMS_KEPT = 20


@dataclass
class ReadReport:
    """What reading did: rows read, rows skipped, the first problems, columns used."""

    rows: int = 0
    skipped: int = 0
    problems: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)
    delimiter: str = ""
    decimal: str = ""


class ReadTransactions(NamedTuple):
    customer_ids: np.ndarray   # object array: text (CSV) or the cell values (XLSX)
    dates: np.ndarray          # datetime64[D]
    amounts: np.ndarray        # float
    report: ReadReport


def _normal(header):
    return re.sub(r"[\s_\-.]", "", str(header or "")).lower()


def find_column(headers, role, given):
    """Index of the ``role`` column: the ``given`` header, or the first known name present."""
    normal = [_normal(h) for h in headers]
    wanted = (_normal(given),) if given is not None else HEADER_NAMES[role]
    for name in wanted:
        if name in normal:
            return normal.index(name)
    shown = ", ".join(str(h) for h in headers)
    if given is not None:
        raise CLVError(f'{role}_col: there is no column "{given}"; the columns are: {shown}')
    raise CLVError(f"cannot tell which column holds the {role}; name it with --{role}-col "
                   f"({role}_col); the columns are: {shown}")


def _decimal_of(joined, delimiter):
    """"," or "." as the decimal mark of the amounts (all joined in one text)."""
    comma = re.search(r",\d{1,2}(?!\d)|,\d{4,}|\d\.\d{3},\d", joined)
    point = re.search(r"\.\d{1,2}(?!\d)|\.\d{4,}|\d,\d{3}\.\d", joined)
    if bool(comma) != bool(point):
        return "," if comma else "."
    return "," if delimiter == ";" else "."


def _float(text):
    try:
        return float(text)
    except ValueError:
        return np.nan


def parse_amounts(texts, decimal):
    """Floats of amount texts (NaN where not a number), cleaned in one pass over all of them."""
    joined = "\0".join(texts).translate(_DROP)
    thousands = "." if decimal == "," else ","
    joined = re.sub(rf"(?<=\d){re.escape(thousands)}(?=\d{{3}}(?!\d))", "", joined)
    if decimal == ",":
        joined = joined.replace(",", ".")
    cleaned = joined.split("\0")
    try:
        return np.array(cleaned, dtype=float)
    except ValueError:
        return np.array(list(map(_float, cleaned)))


def _read_text(path):
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CLVError(f"{path}: there is no such file; check the path") from None
    except OSError as error:
        raise CLVError(f"{path}: the file cannot be read ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _csv_rows(path, delimiter):
    """Non-blank records of a CSV file, their row numbers (the header is row 1), delimiter."""
    text = _read_text(path)
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    if delimiter is None:
        delimiter = max(DELIMITERS, key=first_line.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    filled = np.fromiter(map(len, map("".join, rows)), dtype=np.int64, count=len(rows)) > 0
    if filled.all():
        return rows, np.arange(1, len(rows) + 1), delimiter
    numbers = np.flatnonzero(filled)
    return list(map(rows.__getitem__, numbers.tolist())), numbers + 1, delimiter


def _table(path, name):
    """``(sheet title, cell range, all table names)`` of the Excel table ``name``.

    Tables are invisible in openpyxl's read-only mode, so this loads the workbook fully; it is
    only used when ``--sheet`` names no sheet. The range is None when there is no such table.
    """
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=True)
    try:
        tables = {table: (ws.title, ws.tables[table].ref)
                  for ws in book.worksheets for table in ws.tables}
    finally:
        book.close()
    title, ref = tables.get(name, (None, None))
    return title, ref, sorted(tables)


def _xlsx_rows(path, sheet):
    """Non-blank rows of a worksheet (empty cells as "") and their row numbers."""
    import zipfile

    import openpyxl
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise CLVError(f"{path}: there is no such file; check the path") from None
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError):
        raise CLVError(f"{path}: is not a readable Excel workbook; save it again from Excel "
                       "as .xlsx") from None
    try:
        bounds = {}
        if sheet is not None and sheet not in book.sheetnames:
            title, ref, tables = _table(path, sheet)
            if ref is None:
                raise CLVError(f'sheet: there is no sheet or table "{sheet}"; the sheets are: '
                               + ", ".join(book.sheetnames)
                               + (f"; the tables are: {', '.join(tables)}" if tables else ""))
            sheet = title
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            bounds = dict(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        numbered = [(number, ["" if v is None else v for v in row])
                    for number, row in enumerate(ws.iter_rows(values_only=True, **bounds),
                                                 start=bounds.get("min_row", 1))
                    if any(str(v).strip() for v in row if v is not None)]
    finally:
        book.close()
    return [row for _, row in numbered], np.array([n for n, _ in numbered], dtype=np.int64)


def _columns(rows, wanted):
    """Header and the three picked columns of the data rows (short rows padded with "")."""
    if not rows:
        raise CLVError("the file has no rows; it needs a header and one row per transaction")
    header, data = rows[0], rows[1:]
    index = [find_column(header, role, given) for role, given in wanted.items()]
    width = max(index) + 1
    for i in np.flatnonzero(np.fromiter(map(len, data), int, len(data)) < width).tolist():
        data[i] = list(data[i]) + [""] * (width - len(data[i]))
    picked = list(zip(*map(itemgetter(*index), data))) or [(), (), ()]
    return header, index, picked


def _amount_values(values, delimiter, decimal, all_text):
    """Floats of an amount column (numbers kept, text cleaned) and the decimal mark used."""
    texts = values if all_text else [v if isinstance(v, str) else "" for v in values]
    decimal = decimal or _decimal_of("\0".join(texts), delimiter)
    amounts = parse_amounts(texts, decimal)
    if not all_text:
        numbers = np.array([isinstance(v, (int, float)) and not isinstance(v, bool)
                            for v in values], dtype=bool)
        amounts[numbers] = np.array(values, dtype=object)[numbers].astype(float)
    return amounts, decimal


def _problem(row, kind, value, date_format, amount=np.nan):
    """The message of a bad ``kind`` cell at file ``row``; ``amount`` is the parsed amount."""
    if kind == "customer":
        return f"row {row}: the customer id is empty; give every row a customer"
    shown = show(value if isinstance(value, str) else str(value))
    if kind == "date":
        hint = f'match --date-format "{date_format}"' if date_format else \
            "use YYYY-MM-DD or give --date-format"
        return f"row {row}: date {shown} is not a date; {hint}"
    if amount < 0:
        return (f"row {row}: amount {shown} is a refund; net refunds into their orders "
                "or leave them out (--skip-bad-rows)")
    return f"row {row}: amount {shown} is not an amount; use a number ≥ 0 like 1234.56"


def read_transactions(path, customer_col=None, date_col=None, amount_col=None, date_format=None,
                      delimiter=None, decimal=None, skip_bad_rows=False, sheet=None):
    """Customer ids, dates and amounts of a CSV or XLSX transaction export.

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.txt`` file, or ``.xlsx``/``.xlsm`` workbook.
    customer_col, date_col, amount_col : str, optional
        Header of each column; default: found among common English and Dutch names.
    date_format : str, optional
        strptime format of the dates, e.g. ``"%d-%m-%Y"``; default ISO (YYYY-MM-DD) or
        YYYYMMDD (and real dates in a workbook).
    delimiter : str, optional
        CSV delimiter; default detected from the header line.
    decimal : {",", "."}, optional
        Decimal mark of the amounts; default detected.
    skip_bad_rows : bool
        Skip bad rows (counted in the report) instead of stopping at the first.
    sheet : str, optional
        Worksheet or Excel table name; default the first worksheet.

    Returns
    -------
    ReadTransactions
        ``(customer_ids, dates, amounts, report)``: the good rows in file order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = file.write_text("klantnummer;datum;bedrag\\n0042;2024-01-31;€ 1.234,50\\n")
    >>> ids, dates, amounts, report = read_transactions(file)
    >>> ids.tolist(), dates.astype(str).tolist(), amounts.tolist(), report.decimal
    (['0042'], ['2024-01-31'], [1234.5], ',')
    """
    was_enabled = gc.isenabled()
    gc.disable()   # millions of small row objects, no cycles: collection passes only cost time
    try:
        return _read(Path(path), customer_col, date_col, amount_col, date_format, delimiter,
                     decimal, skip_bad_rows, sheet)
    finally:
        if was_enabled:
            gc.enable()


def _read(path, customer_col, date_col, amount_col, date_format, delimiter, decimal,
          skip_bad_rows, sheet):
    """:func:`read_transactions` with the garbage collector paused."""
    workbook = path.suffix.lower() in (".xlsx", ".xlsm")
    if workbook:
        (rows, numbers), delimiter = _xlsx_rows(path, sheet), ""
    else:
        rows, numbers, delimiter = _csv_rows(path, delimiter)
    wanted = {"customer": customer_col, "date": date_col, "amount": amount_col}
    header, index, (ids, raw_dates, raw_amounts) = _columns(rows, wanted)
    numbers = numbers[1:]
    ids = np.array(ids, dtype=object)
    dates, date_ok = parse_dates_masked(np.array(raw_dates, dtype=object), date_format)
    amounts, decimal = _amount_values(raw_amounts, delimiter, decimal, not workbook)
    id_ok = id_keys(ids)[1]
    ok = id_ok & date_ok & MONEY.valid(amounts)
    bad = np.flatnonzero(~ok)
    if bad.size and not skip_bad_rows:
        raise CLVError(_first_problem(bad[0], numbers, id_ok, date_ok, ids, raw_dates,
                                      raw_amounts, amounts, date_format))
    report = ReadReport(rows=int(ok.size), skipped=int(bad.size),
                        problems=[_first_problem(i, numbers, id_ok, date_ok, ids, raw_dates,
                                                 raw_amounts, amounts, date_format)
                                  for i in bad[:_PROBLEMS_KEPT]],
                        columns={role: header[i] for role, i in zip(wanted, index)},
                        delimiter=delimiter, decimal=decimal)
    return ReadTransactions(ids[ok], dates[ok], amounts[ok], report)


def _first_problem(i, numbers, id_ok, date_ok, ids, dates, amounts, parsed, date_format):
    """The message of data row ``i`` (its first bad column)."""
    if not id_ok[i]:
        return _problem(numbers[i], "customer", ids[i], date_format)
    if not date_ok[i]:
        return _problem(numbers[i], "date", dates[i], date_format)
    return _problem(numbers[i], "amount", amounts[i], date_format, parsed[i])
