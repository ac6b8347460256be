"""XLSX read as typed columns (fastexcel, header read first) gives what the cell-by-cell reader
(python-calamine) gives, on the shapes real exports have (issue 9.5)."""

import datetime as dt

import numpy as np
import openpyxl
import pytest

from clv_udfs.errors import CLVError
from clv_udfs.reading import read_table, read_transactions, workbook
from clv_udfs.reading.columns import transaction_columns

HEADER = ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID",
          "Country"]
LINES = [
    [536365, "85123A", 6, dt.datetime(2010, 12, 1, 8, 26), 2.55, 17850.0, "United Kingdom"],
    [536365, 71053, 6, dt.datetime(2010, 12, 1, 8, 26), 3.39, 17850.0, "United Kingdom"],
    ["C536379", "D", -1, dt.datetime(2010, 12, 1, 9, 41), 27.5, 17850.0, "United Kingdom"],
    [536366, 22633, 6, dt.datetime(2010, 12, 1, 8, 28), 1.85, None, "United Kingdom"],   # guest
    [536367, 84879, 32, dt.datetime(2010, 12, 2, 8, 34), 1.69, "0042", "France"],
    [536368, 22960, 6, dt.datetime(2010, 12, 3), 0.0, 13047.0, "United Kingdom"],  # zero price
    [536369, 21756, 3, dt.datetime(2010, 12, 3), 5.95, dt.datetime(2012, 3, 1), "Japan"],
    [536370, 22728, 24, dt.datetime(2010, 12, 4), 3.75, True, "France"],        # logical id
    [536371, 22727, 2, dt.datetime(2010, 12, 5), 10.0, "#N/A", "France"],  # error cell: bad
]


def save(path, rows, write_only=False, column_a_note=False):
    """``rows`` in a workbook: shared strings (openpyxl's default) or inline strings
    (write-only), a blank first row, the table from column B, a blank row among the data."""
    book = openpyxl.Workbook(write_only=write_only)
    ws = book.create_sheet() if write_only else book.active
    ws.append([])
    for i, row in enumerate(rows):
        ws.append([None, *row])
        if i == 3:
            ws.append([])
    if column_a_note:
        ws.append(["exported by the shop system"])
    book.save(path)
    return path


def cell_by_cell(monkeypatch, call):
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "_typed_table", lambda *args: None)
        return call()


def typed_used(path):
    return workbook._typed_table(path, lambda header: transaction_columns(header, {}), None,
                                 workbook.MAX_ROWS) is not None


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
@pytest.mark.parametrize("column_a_note", [False, True], ids=["from B", "note in A"])
def test_typed_columns_read_as_cell_by_cell(tmp_path, monkeypatch, write_only, column_a_note):
    path = save(tmp_path / "retail.xlsx", [HEADER, *LINES], write_only, column_a_note)
    assert typed_used(path)   # numbers and text mixed in the id columns stay on the fast path
    typed = read_transactions(path, skip_bad_rows=True)
    cells = cell_by_cell(monkeypatch, lambda: read_transactions(path, skip_bad_rows=True))
    assert typed.report == cells.report
    for mine, theirs in zip(typed[:3], cells[:3]):
        assert mine.tolist() == theirs.tolist()
    # by hand: rows 3-12 (header in row 2), row 6 blank
    assert typed.report.rows == 9
    assert typed.report.reasons == {"customer": (1, [11]), "customer_error": (1, [12]),
                                    "zero_price": (1, [9])}
    assert typed.report.guests == {"rows": 1, "orders": 1, "revenue": pytest.approx(6 * 1.85)}
    assert sorted(set(typed.customer_ids.tolist())) == ["0042", "17850", "2012-03-01"]
    # 17850: invoice 536365 (6 × 2.55 + 6 × 3.39) less the cancellation C536379 (27.50)
    net = typed.amounts[typed.customer_ids == "17850"].sum()
    assert net == pytest.approx(6 * 2.55 + 6 * 3.39 - 27.5)


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_header_and_row_numbers_are_the_sheets(tmp_path, monkeypatch, write_only):
    path = save(tmp_path / "retail.xlsx", [HEADER, *LINES], write_only, column_a_note=True)

    def pick(header):
        return transaction_columns(header, {})

    typed = read_table(path, pick)
    cells = cell_by_cell(monkeypatch, lambda: read_table(path, pick))
    assert typed.header == cells.header == ["", *HEADER]   # the note makes column A the range's
    assert typed.index == cells.index
    assert typed.numbers.tolist() == cells.numbers.tolist() == [3, 4, 5, 7, 8, 9, 10, 11, 12]


@pytest.mark.parametrize("column, text", [
    (4, "n/a"), (4, "NaN"), (4, "five"), (3, "NULL"), (3, "2010-12-01")])
def test_a_number_or_date_column_with_a_text_cell_is_read_cell_by_cell(tmp_path, column, text):
    # fastexcel reads "n/a", "NULL" as empty and "NaN" as NaN in a number or date column: such
    # a sheet is read cell by cell, so the row's message shows the cell's text
    lines = [row[:] for row in LINES[:3]]
    lines[1][column] = text
    path = save(tmp_path / "retail.xlsx", [HEADER, *lines])
    assert not typed_used(path)
    problems = read_transactions(path, skip_bad_rows=True).report.problems
    assert len(problems) == (text != "2010-12-01")
    assert all(f'row 4: "{text}"' in problem for problem in problems)


def test_the_header_is_checked_before_the_sheet_is_parsed(tmp_path, monkeypatch):
    path = save(tmp_path / "retail.xlsx", [HEADER[:5], *(line[:5] for line in LINES)])

    def parse(*args):
        raise AssertionError("the sheet was parsed")

    monkeypatch.setattr(workbook, "parsed_sheet", parse)
    with pytest.raises(CLVError, match="^cannot tell which column holds the customer"):
        read_transactions(path)


def test_dates_and_numbers_come_typed(tmp_path):
    path = save(tmp_path / "retail.xlsx", [HEADER, *LINES[:3]])
    table = read_table(path, lambda header: transaction_columns(header, {}))
    assert table.columns["quantity"].dtype == np.float64
    assert table.columns["date"].dtype.kind == "M"
    assert table.columns["order"].tolist() == ["536365", "536365", "C536379"]


def test_a_rich_text_header_is_read_before_the_sheet(tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    header = [CellRichText(["Customer", TextBlock(InlineFont(b=True), "ID")]), *HEADER[:5]]
    path = save(tmp_path / "rich.xlsx", [header, *([line[5], *line[:5]] for line in LINES[:3])])
    assert typed_used(path)
    assert read_transactions(path).customer_ids.tolist() == ["17850"] * 3


def test_a_number_in_the_header_reads_cell_by_cell(tmp_path):
    path = save(tmp_path / "retail.xlsx", [[*HEADER, 2024], *LINES[:3]])
    assert not typed_used(path)
    read = read_transactions(path)
    assert read.report.rows == 3 and read.report.columns["customer"] == "CustomerID"
    assert read.amounts.tolist() == pytest.approx([15.3, 20.34, -27.5])
