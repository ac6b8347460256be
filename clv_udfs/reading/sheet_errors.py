"""The error cells of worksheet columns (``#N/A``, ``#REF!`` …), found in the sheet's XML.

python-calamine, which reads a sheet cell by cell, gives an error cell as an empty one
(python-calamine issue 105, open), so a customer id ``#N/A`` would read as a guest order and a
unit price ``#N/A`` as an empty cell. The
sheet's XML tells them apart: an error cell is ``<c r="G12" t="e"><v>#N/A</v></c>`` (ECMA-376
part 1, §18.3.1.4; the formula ``<f>`` may come first). The XML is streamed and searched for
the attribute ``t="e"`` at C speed; only its hits (a few cells, usually none) are parsed, so a
sheet of hundreds of megabytes costs about one decompression, next to the seconds the
cell-by-cell read takes.
"""

import re
import zipfile

import numpy as np

from ..core.domains import EXCEL_ERRORS
from .sheet_head import CELL_REFERENCE, column_position, sheet_parts

_CHUNK = 1 << 22              # bytes of XML searched at a time
_KEEP = 1 << 16               # bytes a hit's cell may need past it (a long formula)
_ERROR_ATTRIBUTE = re.compile(rb"""t=["']e["']""")   # a literal first: C-speed search
_CELL = re.compile(rb"""<(?:\w+:)?c\s[^>]*?\br=["']""" + CELL_REFERENCE.pattern.encode()
                   + rb"""["'][^>]*(?<!/)>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)<""",
                   re.DOTALL)
# (an empty error cell, <c r="D3" t="e"/>, is not opened: its match must not run on into the
# next cell's value)


def _hits(buffer, start, stop):
    """``(letters, row, error text)`` of the error cells whose ``t="e"`` starts in
    ``buffer[start:stop]``.

    >>> _hits(b'<row r="2"><c r="A2" s="1" t="e"><f>NA()</f><v>#N/A</v></c></row>', 0, 99)
    [('A', 2, '#N/A')]
    >>> _hits(b'<row r="3"><c r="D3" t="e"/><c r="E3" t="n"><v>7</v></c></row>', 0, 99)
    []
    """
    found = []
    for hit in _ERROR_ATTRIBUTE.finditer(buffer, start):
        if hit.start() >= stop:
            break
        cell = _CELL.match(buffer, max(buffer.rfind(b"<", 0, hit.start()), 0))
        if cell is not None:
            text = cell[3].decode(errors="replace")
            if text.strip().upper() in EXCEL_ERRORS:   # an error cell holds an error's text
                found.append((cell[1].decode(), int(cell[2]), text))
    return found


VALUE_ROLES = ("customer", "date", "amount", "quantity", "price")
"""The picked columns whose error cells (``#N/A`` from a lookup) make a bad row naming the
error; an empty cell there is a guest order (customer) or says the cell is empty."""


def error_cells(path, sheet, columns):
    """0-based sheet column → {sheet row number → error text} of the error cells in each of
    ``columns`` (0-based) of the worksheet (the first, or the one named ``sheet``); empty when
    the workbook's layout is not known. The XML is read once, in chunks; each keeps the last
    :data:`_KEEP` bytes for the next, from the tag they start in, so a cell cut by a chunk's
    end is read whole."""
    errors = {column: {} for column in columns}
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive, sheet)
        if parts is None:
            return errors
        with archive.open(parts[0]) as xml:
            buffer, start = b"", 0
            while True:
                chunk = xml.read(_CHUNK)
                buffer += chunk
                stop = max(len(buffer) - _KEEP, start) if chunk else len(buffer)
                for letters, row, text in _hits(buffer, start, stop):
                    found = errors.get(column_position(letters))
                    if found is not None:
                        found[row] = text
                if not chunk:
                    return errors
                cut = max(buffer.rfind(b"<", 0, stop), 0)
                buffer, start = buffer[cut:], stop - cut


def mark_error_cells(path, sheet, table, first_column):
    """``table`` with the empty cells of its :data:`VALUE_ROLES` columns that are error cells
    in the sheet given their error's text (``#N/A``): a customer cell so it is a bad row
    rather than an empty id (a guest order), a date or number cell so its row's message names
    the error rather than an empty cell. The table's column 0 is sheet column
    ``first_column``; the sheet's XML is read only when such a column has an empty cell."""
    empty = {role: (values == "") | np.equal(values, None)
             for role, values in table.columns.items()
             if role in VALUE_ROLES and values.dtype == object}
    empty = {role: mask for role, mask in empty.items() if mask.any()}
    if not empty:
        return table
    found = error_cells(path, sheet, {first_column + table.index[role] for role in empty})
    columns = dict(table.columns)
    for role, mask in empty.items():
        errors = found[first_column + table.index[role]]
        if not errors:
            continue
        numbers = np.fromiter(errors, dtype=np.int64, count=len(errors))
        at = np.searchsorted(table.numbers, numbers)     # the table's rows run down the sheet
        at[at == table.numbers.size] = 0
        hit = (table.numbers[at] == numbers) & mask[at]
        if hit.any():
            columns[role] = columns[role].copy()
            columns[role][at[hit]] = np.array(list(errors.values()), dtype=object)[hit]
    return table._replace(columns=columns)
