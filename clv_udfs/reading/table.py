"""A file's picked columns, whatever its format: :class:`Table` and the CSV and Parquet readers.

Every reader looks at the header first, asks ``pick(header)`` which columns it needs (so a
file without a customer column is refused before its rows are read) and reads only those.

* **CSV/TXT** are parsed by pyarrow's C parser; files it cannot take row for row (blank lines,
  short or long rows, a field larger than its block) go through Python's csv module, which
  numbers the same records. Encoding: UTF-16 with a byte-order mark (Excel's "Unicode Text"),
  UTF-8 with or without one, else Windows-1252. The delimiter is ``,`` ``;`` or tab (the most
  frequent in the header line) unless given; a header line with none of them but columns
  aligned by spaces (``customer_id  date  dollar_value``) is read as whitespace-separated.
* **Parquet**: the columns of the schema, values as stored (numbers, dates, text).
"""

import csv
import io
import re
from typing import NamedTuple

import numpy as np

from ..errors import CLVError

DELIMITERS = (",", ";", "\t")
DELIMITER_WORDS = {"\\t": "\t", "tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|",
                   "space": " ", "whitespace": " "}
BLOCK = 1 << 24   # bytes per pyarrow parse block: a record larger than this takes Python's path


class Table(NamedTuple):
    """Picked columns of a file: ``header`` (every column's name), ``index`` (role → column
    position), ``columns`` (role → one value per data row), ``numbers`` (each data row's
    number in the file, the header being row 1 unless preceded by blank rows), and the
    ``delimiter`` of a text file ("" otherwise)."""

    header: list
    index: dict
    columns: dict
    numbers: np.ndarray
    delimiter: str = ""


def delimiter_of(text):
    """The delimiter a user typed: one character, or ``\\t``/``tab`` (and comma, semicolon,
    pipe, space) by name; None stays None (detect).

    >>> delimiter_of("\\\\t"), delimiter_of("TAB"), delimiter_of(";")
    ('\\t', '\\t', ';')
    """
    if text is None:
        return None
    chosen = DELIMITER_WORDS.get(text.strip().lower() if text.strip() else text, text)
    if len(chosen) != 1 or chosen in "\"\r\n":
        shown = repr(text).strip("'") if text else "(empty)"
        raise CLVError(f"delimiter: {shown} is not a delimiter; give one character such as , "
                       "or ; or tab (also \\t)")
    return chosen


def decode(raw):
    """Text of a file's bytes: UTF-16 (with its byte-order mark), UTF-8, else Windows-1252."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_bytes(path):
    """The file's bytes, or a one-line CLVError for a missing or unreadable file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CLVError(f"{path}: there is no such file; check the path") from None
    except IsADirectoryError:
        raise CLVError(f"{path}: is a folder; give a file") from None
    except OSError as error:
        raise CLVError(f"{path}: the file cannot be read ({error.strerror})") from None


def _whitespace_table(text):
    """Whitespace-aligned text as tab-separated text (runs of spaces or tabs become one tab)."""
    text = re.sub(r"(?m)^[ \t]+|[ \t]+(?=\r?$)", "", text)
    return re.sub(r"[ \t]+", "\t", text)


def read_text_table(path, pick, delimiter=None):
    """The :class:`Table` of a CSV/TXT file; ``pick(header)`` gives role → column index."""
    text = decode(read_bytes(path))
    skipped, start, first_line = 0, 0, ""
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        if text[start:end].strip():
            first_line = text[start:end]
            break
        skipped, start = skipped + 1, end
    if not first_line:
        raise CLVError("the file has no rows; it needs a header and one row per transaction")
    if delimiter is None:
        delimiter = max(DELIMITERS, key=first_line.count)
        if not first_line.count(delimiter) and re.search(r"\S[ ]+\S", first_line.strip()):
            text, first_line, delimiter = _whitespace_table(text), \
                _whitespace_table(first_line), "\t"
    header = next(csv.reader([first_line], delimiter=delimiter), [])
    index = pick(header)
    first_row = skipped + 1
    try:
        columns, count = _arrow_columns(text, delimiter, len(header), index, first_row)
        numbers = np.arange(first_row + 1, first_row + 1 + count)
    except _Irregular:
        columns, numbers = _python_columns(text, delimiter, index, first_row)
    filled = np.zeros(numbers.size, dtype=bool)
    for values in columns.values():
        filled |= values != ""
    if not filled.all():
        columns = {role: values[filled] for role, values in columns.items()}
    return Table(header, index, columns, numbers[filled], delimiter)


class _Irregular(Exception):
    """The file is not one record per row of the header's width (pyarrow cannot number it)."""


def _arrow_columns(text, delimiter, width, index, first_row):
    """Picked columns (object arrays of text) parsed by pyarrow, and the number of rows."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    irregular_rows = []

    def irregular(row):
        irregular_rows.append(row.number)
        return "skip"

    names = [f"c{i}" for i in range(width)]
    wanted = {role: names[i] for role, i in index.items()}
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=first_row,
                                               block_size=BLOCK),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                                 ignore_empty_lines=False,
                                                 invalid_row_handler=irregular),
            convert_options=arrow_csv.ConvertOptions(
                include_columns=sorted(set(wanted.values())),
                column_types={name: pa.string() for name in wanted.values()},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        raise _Irregular from None
    if irregular_rows:
        raise _Irregular
    return {role: _objects(table.column(name)) for role, name in wanted.items()}, table.num_rows


def _objects(column):
    """An arrow text column as an object array, each distinct text made a Python string once
    (export columns repeat their values: ids, dates, prices)."""
    encoded = column.combine_chunks().dictionary_encode()
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
    return distinct[encoded.indices.to_numpy(zero_copy_only=False)]


def _python_columns(text, delimiter, index, first_row):
    """Picked columns and row numbers read by Python's csv module (short rows padded with
    "")."""
    limit = csv.field_size_limit()
    csv.field_size_limit(1 << 30)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise CLVError(f"the file cannot be read as CSV ({error}); check the delimiter and "
                       "quotes") from None
    finally:
        csv.field_size_limit(limit)
    numbers = np.arange(1, len(rows) + 1)
    keep = numbers > first_row
    rows = rows[first_row:]
    width = max(index.values()) + 1
    for i in np.flatnonzero(np.fromiter(map(len, rows), int, len(rows)) < width).tolist():
        rows[i] = list(rows[i]) + [""] * (width - len(rows[i]))
    columns = {role: np.array([row[i] for row in rows], dtype=object) for role, i in index.items()}
    return columns, numbers[keep]


def read_parquet_table(path, pick):
    """The :class:`Table` of a Parquet file: the picked columns as stored."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        header = pq.read_schema(path).names
    except FileNotFoundError:
        raise CLVError(f"{path}: there is no such file; check the path") from None
    except (pa.ArrowException, OSError):
        raise CLVError(f"{path}: is not a readable Parquet file") from None
    index = pick(header)
    table = pq.read_table(path, columns=sorted({header[i] for i in index.values()}))
    columns = {}
    for role, i in index.items():
        column = table.column(header[i])
        kind = column.type
        if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
            values = column.cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
        elif pa.types.is_integer(kind) or pa.types.is_floating(kind):
            values = column.to_numpy(zero_copy_only=False)
        else:
            values = column.to_numpy(zero_copy_only=False).astype(object)
        if values.dtype == object:
            values = np.where(np.equal(values, None), "", values)
        columns[role] = values
    return Table(header, index, columns, np.arange(2, table.num_rows + 2))
