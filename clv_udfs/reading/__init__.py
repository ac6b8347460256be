"""Read order exports (CSV, TXT, XLSX, Parquet) into checked transactions.

* **Formats**: ``.csv``/``.txt`` (pyarrow's C parser; ``,`` ``;`` tab or whitespace-aligned;
  UTF-8, UTF-16 or Windows-1252; see :mod:`.table`), ``.xlsx``/``.xlsm`` (fastexcel;
  python-calamine for mixed columns; guards against zip and entity bombs; see
  :mod:`.workbook`) and ``.parquet``.
* **Columns** are found by header among common English and Dutch names (:mod:`.columns`), or
  named: customer, date, and an amount, or quantity × unit price for invoice lines; an order
  (invoice) id column, when there is one, makes orders distinct invoices.
* **Rows** are numbered as in the file: the header is row 1. Rows without a customer id are
  guest orders, counted apart; refunds follow the ``returns`` policy; a bad row raises
  :class:`~clv_udfs.errors.CLVError` naming the row and the value, or with ``skip_bad_rows``
  is skipped and counted per reason (:mod:`.screen`).
* Customer ids are text, exactly as the file shows them (``00042`` keeps its zeros,
  ``17850.0`` is ``17850``).
* **Extra columns** (``extra_cols``, e.g. the orders' channel) are taken in the same read and
  come back one value per transaction row (:attr:`ReadTransactions.extra`).
"""

import gc
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..core.dates import parse_dates
from ..core.transactions import Transactions, check_transactions
from ..errors import CLVError
from .columns import HEADER_NAMES, find_columns, normal, transaction_columns
from .screen import checked, screen, tally
from .table import delimiter_of, plain, read_parquet_table, read_text_table
from .values import decimal_of, numbers_of, printable
from .workbook import MAX_ROWS, MAX_UNZIPPED_MB, read_workbook_table

__all__ = ["HEADER_NAMES", "ReadReport", "ReadTransactions", "decimal_of", "find_columns",
           "normal", "numbers_of", "read_table", "read_transactions"]


@dataclass
class ReadReport:
    """What reading did: rows read, used and skipped (per reason, with the first row numbers
    and messages), guest orders, refunds left out, the columns, delimiter and decimal mark,
    and the observation end when one was given (a day; None: the last transaction date)."""

    rows: int = 0
    skipped: int = 0
    problems: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)
    delimiter: str = ""
    decimal: str = ""
    reasons: dict = field(default_factory=dict)
    guests: dict = field(default_factory=lambda: {"rows": 0, "orders": 0, "revenue": 0.0})
    returns_excluded: dict = field(default_factory=lambda: {"rows": 0, "amount": 0.0})
    returns_unmatched: dict = field(default_factory=lambda: {"rows": 0, "amount": 0.0})
    returns: str = "net"
    used: int | None = None
    observation_end: np.datetime64 | None = None


@dataclass(frozen=True, eq=False)
class ReadTransactions:
    """Transactions read from a file: the rows used (``customer_ids``, ``dates``, ``amounts``;
    refunds negative), what reading did (``report``) and the rows checked once
    (``transactions``, built from the three columns when not given), and the values of each
    extra column asked for, one per row of ``transactions`` (``extra``: role → values). Unpacks
    and indexes as the tuple ``(ids, dates, amounts, report)``."""

    customer_ids: np.ndarray
    dates: np.ndarray
    amounts: np.ndarray
    report: ReadReport
    transactions: Transactions = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.transactions is None:
            object.__setattr__(self, "transactions", check_transactions(
                self.customer_ids, self.dates, self.amounts, returns="net"))

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        return (self.customer_ids, self.dates, self.amounts, self.report)[index]


def read_transactions(path, customer_col=None, date_col=None, amount_col=None, date_format=None,
                      delimiter=None, decimal=None, skip_bad_rows=False, sheet=None, *,
                      quantity_col=None, price_col=None, order_col=None, returns="net",
                      max_rows=MAX_ROWS, max_unzipped_mb=MAX_UNZIPPED_MB, extra_cols=None,
                      observation_end=None):
    """Checked transactions of an order export (CSV/TXT, XLSX/XLSM or Parquet).

    Parameters
    ----------
    path : str or Path
        The file.
    customer_col, date_col, amount_col, quantity_col, price_col, order_col : str, optional
        Header of each column; default: found among common English and Dutch names. Without
        an amount column, amount = quantity × unit price.
    date_format : str, optional
        strptime format of the dates, e.g. ``"%d-%m-%Y"``; default ISO (YYYY-MM-DD) or
        YYYYMMDD (and real dates in a workbook).
    delimiter : str, optional
        CSV delimiter (one character, or ``\\t``/``tab``); default detected.
    decimal : {",", "."}, optional
        Decimal mark of the numbers; default detected.
    skip_bad_rows : bool
        Skip bad rows (counted per reason) instead of stopping at the first.
    sheet : str, optional
        Worksheet or Excel table name; default the first worksheet.
    returns : {"net", "exclude", "stop"}
        Refunds reduce their customer's revenue (default), are left out, or stop reading.
    max_rows, max_unzipped_mb : int
        Limits of a workbook's rows and uncompressed size.
    extra_cols : dict, optional
        Role → header of further columns to take in the same read (``{"channel": "kanaal"}``);
        their values come back per transaction row in ``extra``.
    observation_end : date, optional
        The day the export runs to: rows dated after it are bad rows ("date after the
        observation end"), stopping the read or skipped with ``skip_bad_rows``.

    Returns
    -------
    ReadTransactions

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
        return _read(Path(path), dict(customer=customer_col, date=date_col, amount=amount_col,
                                      quantity=quantity_col, price=price_col, order=order_col),
                     date_format, delimiter_of(delimiter), decimal, skip_bad_rows, sheet,
                     returns, max_rows, max_unzipped_mb, extra_cols or {},
                     None if observation_end is None
                     else parse_dates([observation_end], "observation_end")[0])
    except CLVError as error:
        raise CLVError(printable(error)) from None
    finally:
        if was_enabled:
            gc.enable()


def read_table(path, pick, delimiter=None, sheet=None, max_rows=MAX_ROWS,
               max_unzipped_mb=MAX_UNZIPPED_MB, coded=False):
    """The :class:`~.table.Table` of any input file (CSV/TXT, XLSX/XLSM or Parquet, by its
    suffix): ``pick(header)`` returns role → column index (e.g. with :func:`find_columns`) and
    is called before the rows are read; the picked columns come back as arrays (with
    ``coded``, some as :class:`~.table.Coded` columns), blank rows left out, numbered as in the
    file. The one way in for every reader of user files.

    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "spend.csv"
    >>> _ = file.write_text("Kanaal;Kosten\\nSearch;€ 1.250,50\\n")
    >>> table = read_table(file, lambda header: {"channel": 0, "spend": 1})
    >>> table.columns["spend"].tolist(), table.numbers.tolist(), table.delimiter
    (['€ 1.250,50'], [2], ';')
    """
    path = Path(path)
    suffix = path.suffix.lower()
    _refuse_mismatch(path, sheet, delimiter)
    if suffix in (".xlsx", ".xlsm"):
        table = read_workbook_table(path, pick, sheet, max_rows, max_unzipped_mb)
    elif suffix == ".parquet":
        table = read_parquet_table(path, pick)
    else:
        table = read_text_table(path, pick, delimiter)
    if table.numbers.size > max_rows:
        raise CLVError(f"{path}: the file has {table.numbers.size:,} rows, more than the limit "
                       f"of {max_rows:,}; raise it with --max-rows if the file is genuine")
    if coded:
        return table
    return table._replace(columns={role: plain(values) for role, values in table.columns.items()})


_NOT_TEXT = ((b"PK\x03\x04", "a zip archive (an .xlsx or .ods workbook, or a zipped export), "
                             "not a CSV/TXT file; give a workbook its .xlsx name, or unzip the "
                             "export"),
             (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls), which cannot be read; "
                                  "save it in Excel as .xlsx or CSV"))


def _refuse_mismatch(path, sheet, delimiter):
    """Refuse, in one line, what the file cannot be read as: ``--sheet`` for a file without
    sheets, ``--delimiter`` for a file without delimiters (an option the input cannot use was
    meant for another file, so it is never dropped silently), and a workbook or archive named
    as a text file.

    >>> _refuse_mismatch(Path("orders.csv"), "Orders", None)
    Traceback (most recent call last):
    ...
    clv_udfs.errors.CLVError: orders.csv: --sheet "Orders" names a worksheet of an XLSX file, \
but this is a CSV/TXT file, which has no sheets; leave --sheet out or give the workbook
    """
    suffix = path.suffix.lower()
    kind = ("XLSX" if suffix in (".xlsx", ".xlsm") else "Parquet" if suffix == ".parquet"
            else "CSV/TXT")
    if sheet is not None and kind != "XLSX":
        raise CLVError(f'{printable(path)}: --sheet "{printable(sheet)}" names a worksheet '
                       f"of an XLSX file, but this is a {kind} file, which has no sheets; leave "
                       "--sheet out or give the workbook")
    if delimiter is not None and kind != "CSV/TXT":
        raise CLVError(f"{printable(path)}: --delimiter is for CSV/TXT files; this {kind} "
                       "file has its columns without one, so leave --delimiter out")
    if kind == "CSV/TXT":
        try:
            with open(path, "rb") as file:
                head = file.read(4)
        except OSError:
            return                      # the reader names a missing or unreadable file
        for signature, what in _NOT_TEXT:
            if head == signature:
                raise CLVError(f"{printable(path)}: this is {what}")


def _left_out(rows, counts):
    """What became of the rows when none is left to report on, in words.

    >>> _left_out(3, {"guests": {"rows": 2}, "returns_excluded": {"rows": 0},
    ...               "returns_unmatched": {"rows": 1}, "skipped": 0})
    '3 rows: 2 without a customer id, 1 refund with no purchase to net into'
    """
    parts = [f"{n:,} {what}" for n, what in (
        (counts["guests"]["rows"], "without a customer id"),
        (counts["returns_excluded"]["rows"], "refunds left out"),
        (counts["returns_unmatched"]["rows"], "refund with no purchase to net into"
         if counts["returns_unmatched"]["rows"] == 1 else "refunds with no purchase to net into"),
        (counts["skipped"], "bad rows skipped")) if n]
    return f"{rows:,} rows" + (": " + ", ".join(parts) if parts else "")


def _read(path, given, date_format, delimiter, decimal, skip_bad_rows, sheet, returns,
          max_rows, max_unzipped_mb, extra_cols, observation_end):
    """:func:`read_transactions` with the garbage collector paused."""
    def pick(header):
        return {**transaction_columns(header, given), **find_columns(header, extra_cols)}

    table = read_table(path, pick, delimiter, sheet, max_rows, max_unzipped_mb, coded=True)
    rows = screen(table, date_format, decimal, returns, observation_end)
    transactions, bad, counts, used = checked(table, rows, skip_bad_rows, date_format)
    reasons, problems = tally(table, rows, bad, date_format)
    if transactions.customer_id.size == 0:
        left_out = _left_out(table.numbers.size, counts)
        first = f"; the first bad row: {problems[0]}" if problems else ""
        raise CLVError(f"{printable(path)}: no row has a customer id, a date and an amount to "
                       f"report on ({left_out}); a report needs at least one order of a known "
                       f"customer{first}")
    report = ReadReport(rows=int(table.numbers.size), problems=problems,
                        columns={role: table.header[i] for role, i in table.index.items()},
                        delimiter=table.delimiter, decimal=rows["decimal"], reasons=reasons,
                        returns=rows["policy"], observation_end=observation_end, **counts)
    return ReadTransactions(transactions.customer_id[transactions.customer], transactions.date,
                            transactions.amount, report, transactions,
                            {role: plain(table.columns[role], used) for role in extra_cols})
