"""A file's picked columns, whatever its format: :class:`Table` and the CSV and Parquet readers.

Every reader looks at the header first, asks ``pick(header)`` which columns it needs (so a
file without a customer column is refused before its rows are read) and reads only those.

* **CSV/TXT** are parsed by pyarrow's C parser, a UTF-8 file straight from disk into
  :class:`Coded` columns (each distinct text once, a code per row: a million rows with text
  ids take a few MB); files it cannot take row for row (blank lines, short or long rows, a
  field larger than its block) go through Python's csv module, which numbers the same
  records. Encoding: UTF-16 with a byte-order mark (Excel's "Unicode Text"),
  UTF-8 with or without one, else Windows-1252. The delimiter is ``,`` ``;`` or tab (the most
  frequent in the header line) unless given; a header line with none of them but columns
  aligned by spaces (``customer_id  date  dollar_value``) is read as whitespace-separated.
* **Parquet**: the columns of the schema, values as stored (numbers, dates, text).
"""

import csv
import io
import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..errors import CLVError
from .values import all_text

DELIMITERS = (",", ";", "\t")
DELIMITER_WORDS = {"\\t": "\t", "tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|",
                   "space": " ", "whitespace": " "}
BLOCK = 1 << 22   # bytes per pyarrow parse block: a record larger than this takes Python's path


@dataclass(frozen=True)
class Coded:
    """A column as its distinct values and each row's code into them (the values are
    ``distinct[codes]``). Export columns repeat their values (ids, dates, prices): work done
    per value is done once per distinct value, and a row costs a small integer.

    >>> column = coded(np.array(["b", "a", "b"], dtype=object))
    >>> column.distinct.tolist(), column.codes.tolist(), column.values().tolist()
    (['b', 'a'], [0, 1, 0], ['b', 'a', 'b'])
    """

    distinct: np.ndarray
    codes: np.ndarray

    @property
    def size(self):
        return self.codes.size

    def map(self, per_distinct):
        """Per row, the element of ``per_distinct`` (an array over the distinct values)."""
        return np.asarray(per_distinct)[self.codes]

    def values(self, rows=slice(None)):
        """The values of ``rows`` (default all)."""
        return self.distinct[self.codes[rows]]


def coded(values):
    """``values`` (any column of a :class:`Table`) as a :class:`Coded` column; values of
    different types stay apart (the logical value TRUE is not the number 1)."""
    if isinstance(values, Coded):
        return values
    values = np.asarray(values)
    if values.dtype.kind != "O":
        distinct, codes = np.unique(values, return_inverse=True)
        return Coded(distinct, codes.ravel())
    items = values.tolist()
    keys = items if all_text(items) else list(zip(map(type, items), items))
    code = dict(zip(dict.fromkeys(keys), range(len(keys))))
    distinct = np.empty(len(code), dtype=object)
    distinct[:] = list(code) if keys is items else [value for _, value in code]
    return Coded(distinct, np.fromiter(map(code.__getitem__, keys), np.int64, len(keys)))


def plain(values, rows=slice(None)):
    """The values of ``rows`` (default all) of a column of a :class:`Table`, as an array."""
    return values.values(rows) if isinstance(values, Coded) else values[rows]


def _rows(values, keep):
    """The rows ``keep`` (a mask or indices) of a column."""
    return Coded(values.distinct, values.codes[keep]) if isinstance(values, Coded) \
        else values[keep]


class Table(NamedTuple):
    """Picked columns of a file: ``header`` (every column's name), ``index`` (role → column
    position), ``columns`` (role → one value per data row: an array, or :class:`Coded`),
    ``numbers`` (each data row's number in the file, the header being row 1 unless preceded by
    blank rows), and the ``delimiter`` of a text file ("" otherwise)."""

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
    """Text of a file's bytes: UTF-16 (with its byte-order mark), UTF-8, else Windows-1252.

    >>> decode("klant;bedrag".encode("utf-16")), decode("café".encode("cp1252"))
    ('klant;bedrag', 'café')
    >>> decode("klant".encode("utf-16")[:-1])   # cut short
    Traceback (most recent call last):
    clv_udfs.errors.CLVError: the file is UTF-16 text (Excel's Unicode Text) but it is damaged at byte 10; export it again
    """
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as damaged:   # half a character, or half a surrogate pair
            raise CLVError(f"the file is UTF-16 text (Excel's Unicode Text) but it is damaged "
                           f"at byte {damaged.start:,}; export it again") from None
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
    """The :class:`Table` of a CSV/TXT file; ``pick(header)`` gives role → column index.

    A file in UTF-8 (the usual export) is parsed by pyarrow straight from disk, a block at a
    time, into :class:`Coded` columns, so it is never held whole in memory as text; any other
    file (UTF-16, Windows-1252, whitespace-aligned, irregular rows) is decoded first."""
    found = _first_line(_utf8_head(path))
    if found[1].endswith("\n") and (delimiter or not _delimiter(found[1])[1]):
        header, index, chosen, first_row = _picked(found, delimiter, pick)
        try:
            columns, count = _arrow_columns(str(path), chosen, len(header), index, first_row)
        except _Irregular:
            pass
        else:
            return _table(header, index, columns,
                          np.arange(first_row + 1, first_row + 1 + count), chosen)
    text = decode(read_bytes(path))
    if "\r" in text and "\n" not in text:      # "CSV (Macintosh)": lines end in a lone CR
        text = text.replace("\r", "\n")
    found = _first_line(text)
    if not found[1]:
        raise CLVError("the file has no rows; it needs a header and one row per transaction")
    if delimiter is None:
        delimiter, whitespace = _delimiter(found[1])
        if whitespace:
            text, found = _whitespace_table(text), (found[0], _whitespace_table(found[1]))
            delimiter = "\t"
    header, index, delimiter, first_row = _picked(found, delimiter, pick)
    try:
        columns, count = _arrow_columns(io.BytesIO(text.encode("utf-8")), delimiter,
                                        len(header), index, first_row)
        numbers = np.arange(first_row + 1, first_row + 1 + count)
    except _Irregular:
        columns, numbers = _python_columns(text, delimiter, index, first_row)
    return _table(header, index, columns, numbers, delimiter)


def _utf8_head(path, size=1 << 16):
    """The text of the file's first ``size`` bytes when they are UTF-8 (with or without a
    byte-order mark), else "" (a one-line CLVError when the file cannot be read)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(size)
    except OSError:
        return read_bytes(path)     # raises the message for a missing or unreadable file
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as error:   # a character cut at the end of the head is fine
        return head[:error.start].decode("utf-8-sig") if error.start > size - 4 else ""


def _first_line(text):
    """``(blank lines skipped, the first line with text)`` ("" when there is none)."""
    skipped, start = 0, 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        if text[start:end].strip():
            return skipped, text[start:end]
        skipped, start = skipped + 1, end
    return skipped, ""


def _delimiter(line):
    """The delimiter of a header ``line`` (the most frequent of :data:`DELIMITERS`) and
    whether its columns are aligned by spaces instead."""
    delimiter = max(DELIMITERS, key=line.count)
    return delimiter, bool(not line.count(delimiter) and re.search(r"\S[ ]+\S", line.strip()))


def _picked(found, delimiter, pick):
    """The header, the picked columns, the delimiter and the header's row number."""
    delimiter = delimiter or _delimiter(found[1])[0]
    try:
        header = next(csv.reader([found[1]], delimiter=delimiter), [])
    except csv.Error as error:
        raise _not_csv(error) from None
    return header, pick(header), delimiter, found[0] + 1


def _not_csv(error):
    """The one-line CLVError of a text Python's csv module cannot split (a ``csv.Error``).

    >>> str(_not_csv(csv.Error("new-line character seen in unquoted field - ...")))[:55]
    'the file cannot be read as CSV (a line break inside a f'
    """
    said = str(error)
    what = "a line break inside a field" if said.startswith("new-line character") else said
    return CLVError(f"the file cannot be read as CSV ({what}); check that it is a text export, "
                    "its delimiter and quotes")


def _table(header, index, columns, numbers, delimiter):
    """The :class:`Table`, rows whose picked cells are all empty left out."""
    filled = _filled(columns, numbers.size)
    if not filled.all():
        columns = {role: _rows(values, filled) for role, values in columns.items()}
    return Table(header, index, columns, numbers[filled], delimiter)


def _filled(columns, size):
    """Per row, whether any picked cell holds text: every row when a :class:`Coded` column
    has no empty value (the usual export), without looking at the rows."""
    filled = np.zeros(size, dtype=bool)
    for values in columns.values():
        if isinstance(values, Coded):
            text = values.distinct != ""
            if text.all():
                return np.ones(size, dtype=bool)
            filled |= values.map(text)
        else:
            filled |= values != ""
    return filled


class _Irregular(Exception):
    """The file is not one record per row of the header's width (pyarrow cannot number it),
    or not UTF-8 throughout."""


def _arrow_columns(source, delimiter, width, index, first_row):
    """Picked columns (:class:`Coded` text) parsed by pyarrow, and the number of rows. Each
    block is dictionary-encoded as it is parsed: the text of a column is held once per distinct
    value, each row is a code. One thread: a second parses little faster on a shared machine
    and leaves its own memory arena behind."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    names = [f"c{i}" for i in range(width)]
    wanted = {role: names[i] for role, i in index.items()}
    try:
        table = arrow_csv.read_csv(
            source,
            read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=first_row,
                                               block_size=BLOCK, use_threads=False),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                                 ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                include_columns=sorted(set(wanted.values())),
                column_types={name: pa.dictionary(pa.int32(), pa.string())
                              for name in wanted.values()},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, OSError):   # a row of another width, text that is not UTF-8
        raise _Irregular from None
    count, columns = table.num_rows, {}
    for name in dict.fromkeys(wanted.values()):
        column = table.column(name).unify_dictionaries().combine_chunks()
        table = table.drop_columns([name])
        columns[name] = Coded(column.dictionary.to_numpy(zero_copy_only=False).astype(object),
                              column.indices.to_numpy(zero_copy_only=False))
    table = column = None
    pa.default_memory_pool().release_unused()   # the parse buffers, back to the system
    return {role: columns[name] for role, name in wanted.items()}, count


def _python_columns(text, delimiter, index, first_row):
    """Picked columns and row numbers read by Python's csv module (short rows padded with
    "")."""
    limit = csv.field_size_limit()
    csv.field_size_limit(1 << 30)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _not_csv(error) from None
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
