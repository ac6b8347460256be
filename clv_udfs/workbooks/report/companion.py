"""More customers than a sheet holds: which rows the customers sheet keeps, and the companion
file that holds every customer.

Excel holds :data:`SHEET_ROWS` rows a sheet (1,048,576, header rows included) and refuses or cuts
a file with more. When the customers outnumber the room below the sheet's header,
:func:`keep` chooses the customers with the highest predicted CLV (else historical CLV, the gross
profit so far), highest first; the sheet and the summary say so, and :func:`write_customers`
puts every customer's row, in the sheet's columns, into a file beside the report named after it
(``report.xlsx`` → ``report.customers.csv`` or ``report.customers.parquet``). Nothing is cut
silently.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...errors import CLVError

SHEET_ROWS = 1_048_576          # Excel's rows per sheet (a module constant, so a test can lower it)
FILE_FORMATS = ("csv", "parquet")
CSV_DIALECTS = {"en": (",", "."), "nl": (";", ",")}   # (field separator, decimal mark)


@dataclass(frozen=True, eq=False)
class Kept:
    """The customers a sheet shows: ``rows`` indexes the customers in sheet order (None: all of
    them, in their own order); ``ranking`` names the column they were chosen by."""

    rows: np.ndarray | None
    total: int
    ranking: str

    @property
    def cut(self):
        """Whether some customers are not on the sheet."""
        return self.rows is not None

    @property
    def shown(self):
        return self.total if self.rows is None else int(self.rows.size)

    def take(self, values):
        """``values`` (one per customer) in sheet order."""
        return values if self.rows is None else np.asarray(values)[self.rows]


def keep(ranking_values, ranking, room):
    """The :class:`Kept` customers when the sheet has ``room`` rows for them: all when they fit,
    else the ``room`` with the highest ``ranking_values`` (NaN last, ties in customer order),
    highest first.

    >>> kept = keep(np.array([5.0, np.nan, 9.0, 1.0]), "Predicted CLV", room=2)
    >>> kept.rows.tolist(), kept.shown, kept.total, kept.cut
    ([2, 0], 2, 4, True)
    >>> keep(np.array([5.0, 1.0]), "Predicted CLV", room=2).cut
    False
    """
    values = np.asarray(ranking_values, dtype=float)
    if values.size <= room:
        return Kept(None, int(values.size), ranking)
    order = np.argsort(np.where(np.isnan(values), np.inf, -values), kind="stable")
    return Kept(order[:room], int(values.size), ranking)


def kept_customers(data, extra, texts, header_row):
    """The :class:`Kept` customers of ``data`` on a customers sheet whose header is on
    ``header_row``: ranked by the ``extra`` column that ``ranks`` (predicted CLV), else by
    historical gross profit."""
    ranked = [column for column in extra if column.ranks]
    values, name = ((ranked[0].values, ranked[0].header) if ranked
                    else (data.history.gross_profit, texts["report.col.profit"]))
    return keep(values, name, SHEET_ROWS - header_row)


def companion_path(report, file_format):
    """The companion file of ``report``: its name with ``.customers.<format>`` for ``.xlsx``.

    >>> companion_path("out/shop.xlsx", "csv").as_posix()
    'out/shop.customers.csv'
    """
    if file_format not in FILE_FORMATS:
        raise CLVError(f'customers file format "{file_format}" is not allowed; use '
                       f'{" or ".join(FILE_FORMATS)}')
    report = Path(report)
    return report.with_name(f"{report.stem}.customers.{file_format}")


def write_customers(path, file_format, headers, columns, lang="en"):
    """Write one row per customer to ``path`` as CSV (UTF-8 with a byte-order mark, so Excel
    reads its accents; header row) or Parquet: ``columns`` are arrays of one value per
    customer under ``headers``. NaN and ±inf are empty fields; ids are written as text (an XLSX
    id cell holding a number too), and in the CSV an id Excel would run as a formula (``=1+1``,
    ``@SUM(A1)``, ``+x``) gets a leading ``'``, as a spreadsheet user types it.

    The CSV is written as the report's language's Excel opens it with a double-click
    (:data:`CSV_DIALECTS`): English comma-separated with decimal points; Dutch
    semicolon-separated with decimal commas, the list separator of Dutch Windows, in which a
    comma-separated file opens as one column.

    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "r.customers.csv"
    >>> write_customers(file, "csv", ["id", "clv"], [np.array(["=1+1", "-5"], dtype=object),
    ...                                             np.array([np.inf, 2.5])])
    >>> print(file.read_text(encoding="utf-8-sig"), end="")
    "id","clv"
    "'=1+1",
    "-5",2.5
    >>> write_customers(file, "csv", ["klant", "clv"], [np.array(["17850"], dtype=object),
    ...                                                np.array([1234.5])], lang="nl")
    >>> print(file.read_text(encoding="utf-8-sig"), end="")
    "klant";"clv"
    "17850";"1234,5"
    """
    import pyarrow as pa

    csv = file_format == "csv"
    delimiter, decimal = CSV_DIALECTS[lang] if csv else (None, ".")
    arrays = [_arrow(pa, values, formulas_quoted=csv, decimal=decimal) for values in columns]
    table = pa.table(arrays, names=list(headers))
    if file_format == "parquet":
        import pyarrow.parquet as pq
        pq.write_table(table, path)
    else:
        import pyarrow.csv as pc
        with open(path, "wb") as file:
            file.write("\ufeff".encode("utf-8"))
            pc.write_csv(table, file, pc.WriteOptions(quoting_style="needed",
                                                      delimiter=delimiter))


def _arrow(pa, values, formulas_quoted, decimal="."):
    """``values`` as an Arrow column for the file: numbers written with ``decimal`` as their
    decimal mark (with a comma they become text, quoted in the CSV, which Excel still opens
    as numbers: quotes only enclose a field); ids become text, formula-like ones prefixed
    with ``'`` when asked."""
    import pyarrow.compute as pc

    values = np.asarray(values)
    if values.dtype.kind == "f":
        numbers = pa.array(values, mask=~np.isfinite(values))
        if decimal == ".":
            return numbers
        return pc.replace_substring(pc.cast(numbers, pa.string()), ".", decimal)
    if values.dtype.kind != "O":
        return pa.array(values)
    texts = pa.array(values.astype(str))   # ids: text, or numbers from an XLSX cell
    if not formulas_quoted:
        return texts
    formula = pc.and_(pc.match_substring_regex(texts, r"^[=+\-@\t\r]"),
                      pc.invert(pc.match_substring_regex(texts, r"^[+-]?\d+(\.\d+)?$")))
    return pc.if_else(formula, pc.binary_join_element_wise("'", texts, ""), texts)
