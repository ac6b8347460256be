"""XLSX/XLSM input, read in Rust and guarded against hostile files.

* The header row is read first from the start of the sheet's XML (:mod:`.sheet_head`) and
  checked for the needed columns before the sheet is parsed.
* The picked columns are then parsed by fastexcel into typed columns (:mod:`.sheet_columns`):
  no Python object per cell, unused columns never converted. A number or date column that
  mixes types, or a layout the header scan does not know, is read cell by cell with
  python-calamine instead, so every cell keeps its exact value; Excel tables too.
* Not openpyxl: both readers are several times faster on large sheets, and they read every
  row the sheet holds whatever its ``<dimension>`` claims (openpyxl's read-only mode trusts
  it and drops rows silently).
* Guards, each refused in one line naming the limit and how to raise it: the workbook's
  uncompressed size (a zip bomb expands a few megabytes into gigabytes) and its row count;
  XML with a DOCTYPE or entity declarations, which Excel never writes (entity bombs, external
  entities), is refused outright.
* Values come as the cells hold them: numbers, text, dates; error cells and formulas without
  a cached value are empty, except an error cell in the customer column, which keeps its
  error's text (``#N/A``, :mod:`.sheet_errors`): it is a bad row, not a guest order.
"""

import zipfile
from operator import itemgetter

import numpy as np

from ..errors import CLVError
from .sheet_columns import Mixed, parsed_sheet, picked_columns
from .sheet_errors import mark_error_cells
from .sheet_head import sheet_head, sheet_parts
from .table import Table
from .values import printable

MAX_UNZIPPED_MB = 1000
MAX_ROWS = 5_000_000
_PROLOG = 4096   # bytes of each XML part searched for a DOCTYPE


def check_archive(path, max_unzipped_mb=MAX_UNZIPPED_MB):
    """Refuse a workbook whose parts expand beyond ``max_unzipped_mb`` megabytes or whose XML
    declares a DOCTYPE or entities."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            size = sum(part.file_size for part in parts)
            if size > max_unzipped_mb * 1e6:
                raise CLVError(f"{path}: the workbook expands to {size / 1e6:,.0f} MB, more than "
                               f"the limit of {max_unzipped_mb:,} MB (a protection against "
                               "zip bombs); raise it with --max-unzipped-mb if the file is "
                               "genuine")
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with archive.open(part) as xml:
                        prolog = xml.read(_PROLOG)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise CLVError(f"{path}: {part.filename} declares XML entities "
                                       "(<!DOCTYPE>), which Excel never writes; the file is "
                                       "refused as possibly crafted; save it again from Excel")
    except FileNotFoundError:
        raise CLVError(f"{path}: there is no such file; check the path") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise CLVError(f"{path}: is not a readable Excel workbook; save it again from Excel "
                       "as .xlsx") from None


def _open(path, load_tables=False):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path), load_tables=load_tables)
    except Exception:   # calamine raises its own error types for every kind of broken file
        raise CLVError(f"{path}: is not a readable Excel workbook; save it again from Excel "
                       "as .xlsx") from None


def _is_blank(row):
    return all(value == "" or value is None for value in row)


def read_workbook_table(path, pick, sheet=None, max_rows=MAX_ROWS,
                        max_unzipped_mb=MAX_UNZIPPED_MB):
    """The :class:`~.table.Table` of a worksheet (the first, or ``sheet``: a worksheet or an
    Excel table's name); ``pick(header)`` gives role → column index."""
    check_archive(path, max_unzipped_mb)
    book = _open(path)
    if sheet is not None and sheet not in book.sheet_names:
        return _excel_table(path, sheet, pick, book.sheet_names, max_rows)
    others = [name for name in book.sheet_names if name != (sheet or book.sheet_names[0])]

    def picked(header):
        try:
            return pick(header)
        except CLVError as problem:
            raise CLVError(f"{problem}{_other_sheets(book.sheet_names[0], others, sheet)}") \
                from None

    typed = _typed_table(path, picked, sheet, max_rows)
    if typed is not None:
        return typed
    ws = book.get_sheet_by_name(sheet) if sheet is not None else book.get_sheet_by_index(0)
    _check_rows(path, ws.height, max_rows)
    rows = _Counted(ws.iter_rows())
    header = next((row for row in rows if not _is_blank(row)), [])
    if not header:
        raise CLVError("the file has no rows; it needs a header and one row per transaction"
                       + _other_sheets(book.sheet_names[0], others, sheet))
    table = _picked(header, picked([str(h) for h in header]), rows, rows.count + 1)
    # iter_rows starts at the sheet's first row or at the range's (versions differ): it ends
    # at the range's last row, so the number of rows it gave tells where it started
    table = table._replace(numbers=table.numbers + ws.end[0] + 1 - rows.count)
    return mark_error_cells(path, sheet, table, ws.start[1])


class _Counted:
    """An iterator that counts the items it gave (``count``)."""

    def __init__(self, items):
        self.items, self.count = iter(items), 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.items)
        self.count += 1
        return item


def _typed_table(path, pick, sheet, max_rows):
    """The Table read as typed columns (:mod:`.sheet_columns`), the header row read first
    (:mod:`.sheet_head`) and checked with ``pick`` before the sheet is parsed; None when the
    sheet is to be read cell by cell."""
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive, sheet)
        head = sheet_head(archive, *parts) if parts else None
    if head is None:
        return None
    start = next(i for i, text in enumerate(head.texts) if text)
    index = pick(head.texts[start:])
    names = {role: head.texts[start + i] for role, i in index.items()}
    if any(head.texts.count(name) > 1 for name in names.values()):
        return None
    try:
        parsed = parsed_sheet(path, 0 if sheet is None else sheet, head.row - 1, names)
        _check_rows(path, head.row + parsed.height, max_rows)
        header, columns, count = picked_columns(parsed, names, head.texts)
    except Mixed:
        return None
    index = pick(header)
    if any(header[i] != names[role] for role, i in index.items()):
        return None
    numbers = np.arange(head.row + 1, head.row + 1 + count)
    return _without_blank_rows(header, index, columns, numbers)


def _other_sheets(read, others, sheet):
    """Where the first sheet was read and the workbook has others: which, and --sheet.

    >>> _other_sheets("Notes", ["Orders"], None)
    '; that is sheet "Notes"; the workbook also has "Orders": name the sheet with --sheet'
    >>> _other_sheets("Orders", [], None), _other_sheets("Notes", ["Orders"], "Notes")
    ('', '')
    """
    if sheet is not None or not others:
        return ""
    names = ", ".join(f'"{printable(name)}"' for name in others[:5])
    return (f'; that is sheet "{printable(read)}"; the workbook also has {names}: name the '
            "sheet with --sheet")


def _check_rows(path, rows, max_rows):
    if rows > max_rows:
        raise CLVError(f"{path}: the sheet has {rows:,} rows, more than the limit of "
                       f"{max_rows:,}; raise it with --max-rows if the file is genuine")


def _picked(header, index, rows, first_number):
    """The Table of the data ``rows`` (an iterable of equally long lists, the first numbered
    ``first_number``): the picked columns, blank rows left out."""
    roles = list(index)
    picked = list(map(itemgetter(*(index[role] for role in roles)), rows))
    values = list(zip(*picked)) if picked else [()] * len(roles)
    columns = {role: np.array(column, dtype=object) for role, column in zip(roles, values)}
    numbers = np.arange(first_number, first_number + len(picked))
    return _without_blank_rows([str(h) for h in header], index, columns, numbers)


def _without_blank_rows(header, index, columns, numbers):
    """The Table of ``columns`` (role → values) with the rows whose picked cells are all
    empty ("" or None) left out; a typed column (numbers or dates) has no empty cell."""
    filled = np.zeros(numbers.size, dtype=bool)
    for column in columns.values():
        if column.dtype != object:
            filled[:] = True
            break
        filled |= (column != "") & np.not_equal(column, None)
    if not filled.all():
        columns = {role: column[filled] for role, column in columns.items()}
    return Table(header, index, columns, numbers[filled])


def _excel_table(path, name, pick, sheets, max_rows):
    """The Table of the Excel table (Insert ▸ Table) ``name``, numbered as on its sheet."""
    book = _open(path, load_tables=True)
    if name not in book.table_names:
        tables = sorted(book.table_names)
        raise CLVError(f'sheet: there is no sheet or table "{name}"; the sheets are: '
                       + ", ".join(sheets)
                       + (f"; the tables are: {', '.join(tables)}" if tables else ""))
    table = book.get_table_by_name(name)
    _check_rows(path, table.height, max_rows)
    index = pick([str(h) for h in table.columns])
    return mark_error_cells(path, table.sheet,
                          _picked(table.columns, index, table.to_python(), table.start[0] + 1),
                          table.start[1])
