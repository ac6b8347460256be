"""An error value in an XLSX customer column (``#N/A`` from a VLOOKUP that found no customer,
``#REF!`` after a deleted sheet) is a bad row naming the cell and the error, in both XLSX
readers (typed columns, and cell by cell for mixed columns and Excel tables); an empty cell
stays a guest order. An error in the date, quantity or price column is a bad row naming the
error too, not an empty cell. fastexcel and python-calamine both read an error cell as empty, so the
typed reader takes fastexcel's cell errors and the cell-by-cell reader the sheet's XML."""

import datetime as dt
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from clv_udfs.cli import main
from clv_udfs.errors import CLVError
from clv_udfs.reading import read_transactions, sheet_errors, workbook
from clv_udfs.workbooks.labels import texts

from workbooks.report_pages import open_report

HEADER = ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"]
LINES = [
    [536365, 6, dt.datetime(2010, 12, 1, 8, 26), 2.55, 17850],     # row 2: 15.30
    [536366, 2, dt.datetime(2010, 12, 1, 9, 0), 3.39, "#N/A"],     # row 3: VLOOKUP found none
    [536367, 4, dt.datetime(2010, 12, 2, 10, 0), 1.85, None],      # row 4: guest, 7.40
    [536368, 1, dt.datetime(2010, 12, 3, 11, 0), 5.00, "#REF!"],   # row 5: a deleted sheet
    [536369, 3, dt.datetime(2010, 12, 4, 12, 0), 2.00, 17850],     # row 6: 6.00
]


def export(tmp_path, lines=LINES, table=False, lookup="E3"):
    """The lines in a workbook (openpyxl writes "#N/A" as an error cell), the cell ``lookup``
    (the customer cell of row 3) then made a formula whose cached value is the error, as
    Excel saves a VLOOKUP."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Orders"
    for row in [HEADER, *lines]:
        ws.append(row)
    if table:
        ws.add_table(Table(displayName="Verkopen", ref=f"A1:E{len(lines) + 1}"))
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / "orders.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                cell = f'<c r="{lookup}" t="e"><v>#N/A</v></c>'.encode()
                assert cell in data
                data = data.replace(cell, f'<c r="{lookup}" t="e"><f>VLOOKUP(A3,Klanten!A:B,2,'
                                          f'FALSE)</f><v>#N/A</v></c>'.encode())
            target.writestr(part, data)
    return path


def read_cell_by_cell(monkeypatch, *args, **options):
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "_typed_table", lambda *args: None)
        return read_transactions(*args, **options)


@pytest.mark.parametrize("reader", ["typed", "cell by cell", "Excel table"])
def test_error_ids_are_bad_rows_and_empty_ids_guests(tmp_path, monkeypatch, reader):
    if reader == "Excel table":
        read = read_transactions(export(tmp_path, table=True), skip_bad_rows=True,
                                 sheet="Verkopen")
    elif reader == "cell by cell":
        read = read_cell_by_cell(monkeypatch, export(tmp_path), skip_bad_rows=True)
    else:
        read = read_transactions(export(tmp_path), skip_bad_rows=True)
    report = read.report
    assert report.reasons == {"customer_error": (2, [3, 5])}
    assert report.problems == [
        'column "CustomerID" row 3: the cell holds the error #N/A; enter the customer\'s id',
        'column "CustomerID" row 5: the cell holds the error #REF!; enter the customer\'s id']
    assert report.guests == {"rows": 1, "orders": 1, "revenue": pytest.approx(4 * 1.85)}
    assert read.customer_ids.tolist() == ["17850", "17850"]
    assert read.amounts.tolist() == pytest.approx([6 * 2.55, 3 * 2.00])


def test_an_error_id_stops_the_read_naming_the_cell(tmp_path):
    with pytest.raises(CLVError) as stop:
        read_transactions(export(tmp_path))
    assert str(stop.value) == ('column "CustomerID" row 3: the cell holds the error #N/A; enter '
                               "the customer's id (or leave bad rows out with --skip-bad-rows)")


def test_the_xml_scan_reads_a_cell_cut_by_a_chunk_end(tmp_path, monkeypatch):
    lines = [[536365 + i, 1, dt.datetime(2010, 12, 1), 1.0, "#N/A" if i % 7 == 1 else 17850]
             for i in range(60)]
    path = export(tmp_path, lines)
    whole = sheet_errors.error_cells(path, None, {3, 4})
    assert whole == {3: {}, 4: {i + 2: "#N/A" for i in range(60) if i % 7 == 1}}
    for chunk in (5, 64, 333):   # chunks that cut cells and tags everywhere
        monkeypatch.setattr(sheet_errors, "_CHUNK", chunk)
        monkeypatch.setattr(sheet_errors, "_KEEP", 200)
        assert sheet_errors.error_cells(path, None, {3, 4}) == whole


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_report_names_the_reason_in_its_language(tmp_path, capsys, lang):
    out = tmp_path / "report.xlsx"
    assert main(["report", str(export(tmp_path)), "-o", str(out), "--skip-bad-rows",
                 "--no-predictions", "--lang", lang]) == 0
    printed = capsys.readouterr().out
    assert "bad rows, error value in the customer column: 2 (rows 3, 5)" in printed
    assert "1 row without a customer id (guest orders: 1 order, 7.40)" in printed
    words = texts(lang)
    label = {"en": "error value in the customer column", "nl": "foutwaarde in de klantkolom"}
    assert words["report.reason.customer_error"] == label[lang]
    notes = [row[0] for row in open_report(out, lang)["summary"].iter_rows(values_only=True)]
    assert f"{label[lang]}: 2 ({words['report.rows_short']} 3, 5)" in notes


@pytest.mark.parametrize("reader", ["typed", "cell by cell"])
def test_a_lookup_filled_down_past_the_data_leaves_blank_rows(tmp_path, monkeypatch, reader):
    lines = LINES + [[None, None, None, None, "#N/A"]] * 3   # rows 7-9: only the lookup's #N/A
    path = export(tmp_path, lines)
    read = (read_cell_by_cell(monkeypatch, path, skip_bad_rows=True) if reader != "typed"
            else read_transactions(path, skip_bad_rows=True))
    assert read.report.rows == 5
    assert read.report.reasons == {"customer_error": (2, [3, 5])}


PRICED = [
    [536365, 6, dt.datetime(2010, 12, 1, 8, 26), 2.55, 17850],     # row 2: 15.30
    [536366, 2, dt.datetime(2010, 12, 1, 9, 0), "#N/A", 17851],    # row 3: VLOOKUP of a price
    [536367, 4, "#VALUE!", 1.85, 17852],                            # row 4: a date formula
    [536368, "#REF!", dt.datetime(2010, 12, 3, 11, 0), 5.00, 17853],   # row 5
    [536369, 3, dt.datetime(2010, 12, 4, 12, 0), 2.00, 17850],     # row 6: 6.00
    [None, None, "#N/A", None, None],                               # row 7: filled down, blank
]


@pytest.mark.parametrize("reader", ["typed", "cell by cell", "Excel table"])
def test_error_values_in_date_quantity_and_price_cells_are_named(tmp_path, monkeypatch, reader):
    """They read as empty cells before ("the cell is empty; enter a unit price"): a VLOOKUP
    price that found nothing is not a price someone forgot to type."""
    path = export(tmp_path, PRICED, table=reader == "Excel table", lookup="D3")
    if reader == "Excel table":
        read = read_transactions(path, skip_bad_rows=True, sheet="Verkopen")
    elif reader == "cell by cell":
        read = read_cell_by_cell(monkeypatch, path, skip_bad_rows=True)
    else:
        typed, made = workbook._typed_table, []
        monkeypatch.setattr(workbook, "_typed_table",
                            lambda *args: made.append(typed(*args)) or made[-1])
        read = read_transactions(path, skip_bad_rows=True)
        assert made[0] is not None   # the typed reader read it, not the cell-by-cell one
    assert read.report.reasons == {"date": (1, [4]), "quantity": (1, [5]), "price": (1, [3])}
    assert read.report.problems == [
        'column "UnitPrice" row 3: the cell holds the error #N/A; enter a unit price',
        'column "InvoiceDate" row 4: the cell holds the error #VALUE!; enter a date',
        'column "Quantity" row 5: the cell holds the error #REF!; enter a number of items']
    assert read.customer_ids.tolist() == ["17850", "17850"]
    assert read.amounts.tolist() == pytest.approx([6 * 2.55, 3 * 2.00])


@pytest.mark.parametrize("reader", ["typed", "cell by cell"])
def test_an_error_amount_is_named_and_two_lookups_filled_down_stay_blank(tmp_path, monkeypatch,
                                                                         reader):
    """An amount column (not invoice lines) with a VLOOKUP's #N/A, and two lookups (customer
    and amount) filled down past the data: only the real row is bad."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in [["Klant", "Datum", "Bedrag"], ["K1", dt.date(2024, 1, 2), 10.0],
                ["K2", dt.date(2024, 1, 3), "#N/A"], ["K1", dt.date(2024, 2, 1), 5.5],
                ["#N/A", None, "#N/A"], ["#N/A", None, "#N/A"]]:
        ws.append(row)
    path = tmp_path / "bedragen.xlsx"
    book.save(path)
    read = (read_cell_by_cell(monkeypatch, path, skip_bad_rows=True) if reader != "typed"
            else read_transactions(path, skip_bad_rows=True))
    assert read.report.rows == 3
    assert read.report.problems == [
        'column "Bedrag" row 3: the cell holds the error #N/A; enter an amount ≥ 0']
    assert read.customer_ids.tolist() == ["K1", "K1"] and read.amounts.tolist() == [10.0, 5.5]
