"""The weekly tracking table on the models sheet runs over several printed pages: its header row
is the sheet's print title, so every page of the table starts with it (issue 9.7), and the
pages before the table (the holdout check, the fits) do not carry it."""

import re
import shutil
import subprocess

import numpy as np
import openpyxl
import pytest

from clv_udfs.reading import ReadTransactions
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks import soffice as libreoffice
from clv_udfs.workbooks.labels import texts
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.predictions import Predictions

WORDS = texts("en")
WEEK_ROW = re.compile(r"^\s*199[78]-\d\d-\d\d\s+[\d,]+\s")   # a tracking row: week, actual …


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report of the CDNOW sample's first 600 customers, checked on the published split:
    78 weeks of tracking, more than a printed page."""
    ids, dates, amounts, read = read_cdnow_sample()
    keep = np.isin(ids, np.unique(ids)[:600])
    sample = ReadTransactions(ids[keep], dates[keep], amounts[keep], read)
    path = tmp_path_factory.mktemp("tracking") / "tracking.xlsx"
    hook = Predictions(12, 0.01, "en", sample, "1997-09-30")
    write_report(path, sample, margin=0.3, extra_columns=hook, extra_sheets=hook.sheets)
    return path


def _tracking_header(ws):
    return next(row for row in range(1, ws.max_row + 1)
                if ws.cell(row, 1).value == WORDS["report.models.col.week"])


def test_the_tracking_header_is_the_models_sheets_print_title(report):
    ws = openpyxl.load_workbook(report)[WORDS["report.models.sheet"]]
    header = _tracking_header(ws)
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.max_row - header == 78                 # the table below it, one row per week


@pytest.mark.soffice
def test_every_printed_page_of_the_tracking_table_starts_with_its_header(soffice, report,
                                                                        tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    pdf, = libreoffice.convert([report], tmp_path, target="pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    models = [page for page in text.split("\f") if f"{WORDS['report.models.sheet']} ·" in page]
    tracking = [page for page in models
                if any(WEEK_ROW.match(line) for line in page.splitlines())]
    assert len(tracking) >= 2                        # the table does run over pages
    for page in tracking:
        lines = [line for line in page.splitlines() if line.strip()]
        first_row = next(i for i, line in enumerate(lines) if WEEK_ROW.match(line))
        assert any(line.strip().startswith(WORDS["report.models.col.week"])
                   for line in lines[:first_row])                   # the header above the rows
    before = models[:models.index(tracking[0])]
    assert before and not any(WORDS["report.models.col.week"] in page for page in before)
