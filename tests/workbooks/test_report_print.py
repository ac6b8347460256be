"""The report as a reader sees it (issue 9.7): money of 1,000 and more fits its column instead
of showing ###, long sheets repeat their header row on every printed page, wide sheets print
landscape and one page wide, and blocks are not split across pages where they fit on one.

Amounts are the CDNOW sample's times 1,000 (revenue € 244 million), so every money column
holds values of a million and more. Widths are checked against the value written the way the
money format shows it ("€ 1,234,567.89"), computed here with Python's own formatting.
"""

import re
import shutil
import subprocess

import numpy as np
import openpyxl
import pytest

from clv_udfs.reading import ReadTransactions
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks import soffice as libreoffice
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.layout import page_breaks
from clv_udfs.workbooks.report.predictions import Predictions
from clv_udfs.workbooks.report.sheets import TABLE_HEADER_ROW

BOLD = 1.1   # bold digits are wider; the grey output cells are bold


def rich(customers=None):
    """The CDNOW sample with every amount times 1,000 (optionally its first customers only)."""
    ids, dates, amounts, read = read_cdnow_sample()
    keep = np.ones(ids.size, bool) if customers is None else np.isin(
        ids, np.unique(ids)[:customers])
    return ReadTransactions(ids[keep], dates[keep], amounts[keep] * 1000.0, read)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "rich.xlsx"
    write_report(path, rich(), margin=0.3, cac=20_000, source="CDNOW × 1,000",
                 extra_columns=Predictions(12, 0.01, "en"))
    return path


def shown_money(value):
    """Characters of ``value`` in the report's euro format '"€" #,##0.00;-"€" #,##0.00'."""
    return len(f"€ {value:,.2f}")


def test_every_money_cell_fits_its_column(written):
    book = openpyxl.load_workbook(written)
    checked = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if "€" not in cell.number_format or not isinstance(cell.value, (int, float)):
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                need = shown_money(cell.value) * (BOLD if cell.font.b else 1)
                assert width >= need, (ws.title, cell.coordinate, cell.value, width)
                checked += 1
    assert checked > 2357 * 5        # the customers' money columns, the summary, cohorts …
    big = openpyxl.load_workbook(written, read_only=True)["Segments"]
    assert max(c for r in big.iter_rows(values_only=True) for c in r
               if isinstance(c, (int, float))) > 1e8


def test_long_sheets_repeat_their_header_and_wide_sheets_print_landscape(written):
    book = openpyxl.load_workbook(written)
    for name in ("Customers", "Cohorts"):
        ws = book[name]
        assert ws.print_title_rows == f"${TABLE_HEADER_ROW}:${TABLE_HEADER_ROW}", name
        assert ws.page_setup.orientation == "landscape"
    for ws in book.worksheets:
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
    assert book["Summary"].page_setup.orientation == "portrait"     # two columns


def test_a_block_that_would_straddle_a_page_starts_the_next_one():
    # 30 rows a page: the block 25–40 moves to a page of its own, the block 1–10 stays put,
    # a block longer than a page is left to run on
    assert page_breaks(120, [(1, 10), (25, 40), (45, 120)], per_page=30) == [24]
    # with a repeated header row every later page has one row less
    assert page_breaks(80, [(50, 60)], per_page=30, repeated=1) == [49]


@pytest.mark.soffice
def test_libreoffice_prints_no_hashes(soffice, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    path = tmp_path / "rich.xlsx"
    write_report(path, rich(customers=120), margin=0.3, cac=20_000,
                 extra_columns=Predictions(12, 0.01, "en"))
    pdf, = libreoffice.convert([path], tmp_path / "pdf", target="pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "###" not in text
    assert re.search(r"€ \d{1,3},\d{3},\d{3}\.\d\d", text)   # millions, shown as digits
    pages = text.split("\f")
    customers = [p for p in pages if "Customers ·" in p]
    assert len(customers) >= 2
    assert all("Repeat" in p and "Predicted CLV" in p for p in customers)   # header repeated
