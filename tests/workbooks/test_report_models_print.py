"""The forecast and models sheets as a reader sees them printed (issues 9.7 and 10): section
headings and titles do not widen the first column, charts sit beside or above the tables
without covering a filled cell and inside the tables' width (so the page is not shrunk to fit
them), a heading stays on the page of its table, and the holdout bars start at zero."""

import math

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.labels import texts
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.predictions import Predictions

WORDS = texts("en")
EMU_PER_CM = 360_000     # a drawing's extent is in English Metric Units
ROW_CM = 0.45            # LibreOffice's default row height; Excel's 15 pt (0.53 cm) is taller


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    sample = read_cdnow_sample()
    path = tmp_path_factory.mktemp("models-print") / "cdnow.xlsx"
    hook = Predictions(12, 0.01, "en", sample, "1997-09-30")
    write_report(path, sample, margin=0.3, cac=20, extra_columns=hook, extra_sheets=hook.sheets)
    return openpyxl.load_workbook(path)


def _cm(width):
    """Centimetres of a column ``width`` (characters) as Excel draws it (7-pixel digits)."""
    return (math.trunc(width * 7 + 5)) / 96 * 2.54


@pytest.mark.parametrize("sheet, headings", [
    ("report.forecast.sheet", ["report.at_risk"]),
    ("report.models.sheet", ["report.models.comparison", "report.models.by_frequency",
                             "report.models.fits", "report.models.tracking"])])
def test_headings_do_not_widen_the_first_column(book, sheet, headings):
    ws = book[WORDS[sheet]]
    longest_label = max(len(str(row[0])) for row in ws.iter_rows(values_only=True)
                        if row[0] is not None and not any(
                            str(row[0]).startswith(WORDS[key][:20]) for key in headings)
                        and row[1] is not None)
    assert ws.column_dimensions["A"].width < 1.3 * longest_label + 4
    assert ws.column_dimensions["A"].width < max(len(WORDS[key]) for key in headings)


def test_charts_cover_no_filled_cell_and_stay_within_the_tables(book):
    ws = book[WORDS["report.models.sheet"]]
    filled = {(cell.row, cell.column) for row in ws.iter_rows() for cell in row
              if cell.value is not None}
    table_columns = max(column for _, column in filled)
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 30)]
    assert len(ws._charts) == 2
    for chart in ws._charts:
        row, column = chart.anchor._from.row + 1, chart.anchor._from.col + 1
        width, height = (extent / EMU_PER_CM for extent in (chart.anchor.ext.width,
                                                             chart.anchor.ext.height))
        right, covered = column, _cm(widths[column - 1])
        while covered < width:
            right += 1
            covered += _cm(widths[right - 1])
        rows = math.ceil(height / ROW_CM)
        assert right <= table_columns
        assert not {(r, c) for r in range(row, row + rows) for c in range(column, right + 1)
                    } & filled
    bars = [chart for chart in ws._charts if chart.tagname == "barChart"]
    assert bars[0].y_axis.scaling.min == 0


def test_a_heading_is_on_the_page_of_its_table(book):
    for sheet in ("report.forecast.sheet", "report.models.sheet"):
        ws = book[WORDS[sheet]]
        headings = {cell.row for cell in ws["A"] if cell.style == "CLV note heading"}
        assert headings
        assert not {brk.id for brk in ws.row_breaks.brk} & headings
