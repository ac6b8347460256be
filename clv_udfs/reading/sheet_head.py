"""A worksheet's header row read from the start of its XML, before the sheet is parsed.

The first rows of a sheet are the first few kilobytes of its XML part (hundreds of megabytes
for half a million rows). Streamed through the standard library's expat parser and stopped at
the first row that is not blank, they tell which columns the file has in milliseconds, so a
file without a needed column is refused before the sheet is parsed, and the parser is told
which columns to convert.

Only what is certain comes back (:class:`Head`): the sheet row of the first cell with a value
(where the sheet's data range starts), the row of the header (the first row that is not
blank) and its texts by column letter. A header cell that is not text (a number, a date, a
logical value, an error), a cell without its reference, a chart sheet or a workbook layout
not described here gives None, and the caller reads the sheet cell by cell instead.

Layout (ECMA-376 part 1, §18.3): the package relationship ``officeDocument`` names the
workbook part; its ``<sheet r:id>`` entries name the worksheet parts in workbook order, with
the shared-string table beside them; a cell ``<c r="B2" t="s"><v>3</v></c>`` holds shared
string 3, ``t="inlineStr"`` holds ``<is><t>text</t></is>`` and ``t="str"`` a formula's text.
"""

import posixpath
import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

ROWS_SCANNED = 1000   # rows read looking for the header before giving up (reading cell by cell)
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")   # column letters, row number


class Head(NamedTuple):
    """The start of a worksheet: ``first`` (the sheet row of the first cell with a value),
    ``row`` (the header's sheet row) and ``texts`` (the header's texts, "" for an empty cell,
    from column A to its last cell)."""

    first: int
    row: int
    texts: list


def _local(tag):
    return tag.rpartition("}")[2]


def _relations(archive, part):
    """Relationship id → (type, part path) of ``part`` ("" for the package)."""
    folder, _, name = part.rpartition("/")
    root = ET.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    relations = {}
    for relation in root:
        target = relation.get("Target", "")
        if relation.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(folder, target))
        relations[relation.get("Id")] = (relation.get("Type", "").rpartition("/")[2], path)
    return relations


def sheet_parts(archive, sheet=None):
    """The XML part of the first worksheet (or of the sheet named ``sheet``) and the
    shared-string part (None when the workbook has none); None when the sheet is no worksheet
    or the layout is unknown."""
    try:
        book = next(path for kind, path in _relations(archive, "").values()
                    if kind == "officeDocument")
        relations = _relations(archive, book)
        sheets = [element for element in ET.fromstring(archive.read(book)).iter()
                  if _local(element.tag) == "sheet"]
    except (KeyError, StopIteration, ET.ParseError):
        return None
    chosen = next((element for element in sheets
                   if sheet is None or element.get("name") == sheet), None)
    ids = [value for key, value in (chosen.attrib.items() if chosen is not None else ())
           if key.startswith("{") and _local(key) == "id"]
    kind, part = relations.get(ids[0], (None, None)) if ids else (None, None)
    if kind != "worksheet":
        return None
    strings = next((path for kind, path in relations.values() if kind == "sharedStrings"), None)
    return part, strings


def column_position(letters):
    """Column position of Excel column letters (A → 0).

    >>> column_position("A"), column_position("Z"), column_position("AA"), column_position("XFD")
    (0, 25, 26, 16383)
    """
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _text(element):
    """The text of an ``<is>`` or ``<si>`` element: its ``<t>``, or its rich-text runs' ``<t>``
    joined (phonetic guides ``<rPh>`` left out)."""
    parts = []
    for child in element:
        if _local(child.tag) == "t":
            parts.append(child.text or "")
        elif _local(child.tag) == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _cells(row):
    """``(reference, kind, value)`` of each cell with a value in a ``<row>`` element: the
    reference as matched by ``CELL_REFERENCE``, kind "s" (value: shared-string index), "text" or
    "other"; None when a cell has no reference."""
    cells = []
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        reference = CELL_REFERENCE.fullmatch(cell.get("r", ""))
        if reference is None:
            return None
        children = {_local(child.tag): child for child in cell}
        kind = cell.get("t", "n")
        if "is" in children and kind == "inlineStr":
            cells.append((reference, "text", _text(children["is"])))
        elif "v" in children and kind in ("s", "str"):
            value = children["v"].text or ""
            cells.append((reference, kind if kind == "s" else "text", value))
        elif "v" in children or "is" in children:
            cells.append((reference, "other", None))
    return cells


def _rows(archive, part):
    """The sheet's first rows with a value cell, as ``(row number, cells)``, until one holds a
    cell that is certainly not blank (text that is not empty, a shared string or another
    value); None when a cell has no reference or no such row comes in the first
    :data:`ROWS_SCANNED` rows."""
    rows, scanned = [], 0
    with archive.open(part) as xml:
        for _, element in ET.iterparse(xml, events=("end",)):
            if _local(element.tag) != "row":
                if _local(element.tag) == "sheetData":
                    return None
                continue
            cells = _cells(element)
            element.clear()
            scanned += 1
            if cells is None or scanned > ROWS_SCANNED:
                return None
            if cells:
                rows.append((int(cells[0][0][2]), cells))
                if any(kind != "text" or value for _, kind, value in cells):
                    return rows
    return None


def _shared_strings(archive, part, needed):
    """The shared strings up to index ``needed`` (a list)."""
    strings = []
    with archive.open(part) as xml:
        for _, element in ET.iterparse(xml, events=("end",)):
            if _local(element.tag) == "si":
                strings.append(_text(element))
                element.clear()
                if len(strings) > needed:
                    break
    return strings


def sheet_head(archive, part, strings_part):
    """The :class:`Head` of the worksheet in zip member ``part``, or None (see the module)."""
    try:
        rows = _rows(archive, part)
        if rows is None:
            return None
        indexes = [int(value) for _, cells in rows for _, kind, value in cells if kind == "s"]
        if indexes and strings_part is None:
            return None
        strings = _shared_strings(archive, strings_part, max(indexes)) if indexes else []
    except (KeyError, ValueError, ET.ParseError):
        return None
    if indexes and len(strings) <= max(indexes):
        return None
    for number, cells in rows:
        if any(kind == "other" for _, kind, _ in cells):
            return None
        texts = {column_position(reference[1]): strings[int(value)] if kind == "s" else value
                 for reference, kind, value in cells}
        if any(texts.values()):
            header = [""] * (max(texts) + 1)
            for column, text in texts.items():
                header[column] = text
            return Head(rows[0][0], number, header)
    return None
