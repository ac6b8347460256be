"""A worksheet's picked columns parsed by fastexcel (Rust, calamine inside) into typed Arrow
columns: no Python object per cell, only the columns the header check picked.

* **Ids** (customer, order) are read as text: a number shows as Excel shows it (17850, not
  17850.0), so a column mixing numbers and text (``536365`` and ``C536379``, as the UCI Online
  Retail export has) is one column of text. A date cell in an id column (an id Excel made a
  date) is its date text, a logical value stays a logical value: Excel itself turns typed
  ``true`` or ``2012-03-01`` into those, so their text forms come from such cells.
* **Numbers and dates** must hold one type each (numbers, or dates, or text, with empty
  cells): a column that mixes them (a price column with a text cell, dates among text) raises
  :class:`Mixed`, and the caller reads the sheet cell by cell, so every cell keeps its exact
  value and a mixed cell its own message.
* Formulas without a cached value are empty. An error cell in the customer, date, amount,
  quantity or price column keeps its error's text (``#N/A``): an empty id is a guest order, an
  error is a bad row, and a bad date or number names the error rather than an empty cell.
"""

import logging
import re

import numpy as np

from .sheet_errors import VALUE_ROLES

ID_ROLES = ("customer", "order")
_STAMP = re.compile(r"(\d{4}-\d\d-\d\d)[ T]\d\d:\d\d:\d\d(\.\d+)?")
_LOGICAL = {"true": True, "false": False}

logging.getLogger("fastexcel").setLevel(logging.ERROR)   # its dtype notes are not for users


class Mixed(Exception):
    """The sheet is read cell by cell instead (a mixed column, or a layout not read here)."""


def parsed_sheet(path, sheet, header_row, names):
    """fastexcel's parse of the worksheet (index or name ``sheet``) whose header is 0-based
    sheet row ``header_row``, with only the columns of ``names`` (role → header text, unique in
    the header) selected and typed; nothing is converted yet. Raises :class:`Mixed`."""
    import fastexcel

    wanted = list(dict.fromkeys(names.values()))
    dtypes = {name: "string" for role, name in names.items() if role in ID_ROLES}
    try:
        return fastexcel.read_excel(str(path)).load_sheet(
            sheet, header_row=header_row, use_columns=wanted, dtypes=dtypes or None,
            schema_sample_rows=None, dtype_coercion="strict")
    except Exception:   # a mixed column, or anything fastexcel reads otherwise than calamine
        raise Mixed from None


def picked_columns(parsed, names, texts):
    """``(header, role → values, rows)`` of a :func:`parsed_sheet`: the header row's
    ``texts`` (from column A) over the parsed range's columns, and each role's values (see
    :func:`numpy_column`). Raises :class:`Mixed` when fastexcel's columns are not where
    ``texts`` has them.

    >>> class Parsed:   # the range starts in column B: column A is empty
    ...     width, selected_columns = 2, [type("Info", (), dict(name="klant", index=0,
    ...                                                          absolute_index=1))]
    ...     def to_arrow_with_errors(self):
    ...         import pyarrow as pa
    ...         return pa.record_batch({"klant": ["a", None]}), None
    >>> header, columns, rows = picked_columns(Parsed(), {"customer": "klant"},
    ...                                        ["", "klant", "datum"])
    >>> header, columns["customer"].tolist(), rows
    (['klant', 'datum'], ['a', ''], 2)
    """
    import pyarrow as pa

    try:
        batch, errors = parsed.to_arrow_with_errors()
        selected, width = parsed.selected_columns, parsed.width
    except Exception:   # as in parsed_sheet
        raise Mixed from None
    starts = {column.absolute_index - column.index for column in selected}
    start = starts.pop() if len(starts) == 1 else -1
    padded = texts + [""] * (start + width)
    if (start < 0 or batch.schema.names != list(dict.fromkeys(names.values()))
            or any(padded[column.absolute_index] != column.name for column in selected)
            or any(texts[:start]) or any(texts[start + width:])):
        raise Mixed
    table = pa.Table.from_batches([batch])
    columns = {role: numpy_column(table.column(name), role) for role, name in names.items()}
    if errors is not None and errors.errors:
        by_column = {}   # fastexcel's cell errors, by column of the range
        for error in errors.errors:
            by_column.setdefault(error.offset_position[1], []).append(error)
        index = {column.name: column.index for column in selected}
        filled = {role: ~_empty(values) for role, values in columns.items()}
        for role in VALUE_ROLES:
            if role in names and columns[role].dtype == object:
                others = [mask for other, mask in filled.items() if other != role]
                _error_texts(by_column.get(index[names[role]], ()), columns[role],
                             np.logical_or.reduce(others) if others else None)
    _check_empty_cells(table, names, columns)
    return padded[start:start + width], columns, batch.num_rows


_ERROR_TEXTS = {"Div0": "#DIV/0!", "NA": "#N/A", "Name": "#NAME?", "Null": "#NULL!",
                "Num": "#NUM!", "Ref": "#REF!", "Value": "#VALUE!", "GettingData": "#GETTING_DATA"}
_ERROR_CELL = re.compile(r".*'Error\((\w+)\)'")   # fastexcel's words for an error cell


def _error_texts(errors, values, filled=None):
    """Give the cells of a column (``values``, an object array) that hold an Excel error their
    error's text (``#N/A``): a customer cell so it is a bad row naming it rather than an
    empty id (a guest order), a date or number cell so its row's message names the error
    rather than an empty cell. fastexcel reads an error cell as empty and reports it among
    its cell errors, by data row and column of the range: ``errors`` are the column's. A row
    whose other cells are all empty (``filled`` False: a lookup formula filled down past the
    data) stays blank, as the cell-by-cell reader leaves it. Raises :class:`Mixed` for a
    report not understood (calamine's error kinds are the eight above).

    >>> class Error:
    ...     offset_position, detail = (1, 0), "Expected string but got 'Error(NA)'"
    >>> _error_texts([Error()], np.array(["a", ""], dtype=object)).tolist()
    ['a', '#N/A']
    """
    for error in errors:
        row = error.offset_position[0]
        if filled is not None and not filled[row]:
            continue
        kind = _ERROR_CELL.fullmatch(error.detail)
        if kind is None or kind[1] not in _ERROR_TEXTS:
            raise Mixed
        values[row] = _ERROR_TEXTS[kind[1]]
    return values


def _empty(values):
    """Which values are empty: "" or None, NaN or NaT."""
    if values.dtype == object:
        return (values == "") | np.equal(values, None) | (values != values)
    if values.dtype.kind == "f":
        return np.isnan(values)
    return np.isnat(values) if values.dtype.kind == "M" else np.zeros(values.size, dtype=bool)


def _check_empty_cells(table, names, columns):
    """Raise :class:`Mixed` when a number or date column has an empty value in a row that is
    not blank: fastexcel reads text such as "n/a", "NA" or "null" in such a column as an empty
    cell and "NaN" as NaN, where the cell-by-cell reader keeps the text for the row's message."""
    import pyarrow as pa

    typed = [role for role, name in names.items()
             if not pa.types.is_string(table.column(name).type)]
    empty = {role: _empty(columns[role]) for role in typed}
    if not any(mask.any() for mask in empty.values()):
        return   # the usual case: every number and date cell filled
    blank = np.logical_and.reduce([empty.get(role, _empty(values))
                                   for role, values in columns.items()])
    if any((mask & ~blank).any() for mask in empty.values()):
        raise Mixed


def _ids(distinct):
    """The distinct texts of an id column (an object array) with the texts of Excel's date
    and logical cells given back as the date's text and the logical value. Raises
    :class:`Mixed` for a whole number beyond 2**53: as text it may be a number cell whose last
    digits the float lost (12345678901234567 reads "12345678901234570"), which only the
    cell-by-cell reader, seeing the cell's type, can tell from a text id.

    >>> _ids(np.array(["17850", "2012-03-01 00:00:00", "true"], dtype=object)).tolist()
    ['17850', '2012-03-01', True]
    """
    for i, text in enumerate(distinct.tolist()):
        if len(text) > 15 and text.isdigit() and int(text) > 2**53:
            raise Mixed
        stamp = _STAMP.fullmatch(text)
        if stamp or text in _LOGICAL:
            distinct[i] = stamp[1] if stamp else _LOGICAL[text]
    return distinct


def _objects(column, fix=None):
    """An arrow text column as an object array, each distinct text made a Python string once
    (export columns repeat their values: ids, dates, prices) and given to ``fix`` (one pass
    over the distinct texts) before the rows take theirs."""
    encoded = column.combine_chunks().dictionary_encode()
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
    if fix is not None:
        distinct = fix(distinct)
    return distinct[encoded.indices.to_numpy(zero_copy_only=False)]


def numpy_column(column, role):
    """One picked Arrow column (a chunked array) as the reader's values: float64 or
    datetime64 arrays when the column has no empty cell, else an object array with "" for the
    empty cells; ids as text (see the module). Raises :class:`Mixed` for a type read cell by
    cell only."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_string(kind):
        return _objects(pc.fill_null(column, ""), _ids if role in ID_ROLES else None)
    if pa.types.is_null(kind):
        return np.full(len(column), "", dtype=object)
    if not (pa.types.is_floating(kind) or pa.types.is_boolean(kind)
            or pa.types.is_timestamp(kind) or pa.types.is_date(kind)):
        raise Mixed
    if column.null_count == 0 and not pa.types.is_boolean(kind):
        return column.to_numpy()
    values = np.array(column.to_pylist(), dtype=object)
    values[np.equal(values, None)] = ""
    return values
