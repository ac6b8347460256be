"""More customers than a sheet holds (issue 12.4): the customers sheet keeps the top customers
by predicted (else historical) CLV and says so, on the sheet and in the summary, and every
customer's row goes to a companion file beside the report. Excel's real limit (1,048,576 rows)
is lowered to a sheet with room for 50 customers below its header."""

import csv

import numpy as np
import pyarrow.parquet as pq
import pytest

from clv_udfs.cli import main
from clv_udfs.core.summary import historical_clv, rfm_summary
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.report import companion, write_report
from clv_udfs.workbooks.report.predictions import Predictions
from clv_udfs.workbooks.report.sheets import TABLE_HEADER_ROW

from .report_pages import open_report, summary_values, table

ROOM = 50


@pytest.fixture
def small_sheets(monkeypatch):
    monkeypatch.setattr(companion, "SHEET_ROWS", TABLE_HEADER_ROW + ROOM)


@pytest.fixture(scope="module")
def sample():
    return read_cdnow_sample()


def read_csv(path):
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")   # the BOM Excel needs for UTF-8
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def summary_lines(ws):
    return [row[0] for row in ws.iter_rows(values_only=True) if isinstance(row[0], str)]


def test_the_sheet_keeps_the_top_customers_by_predicted_clv(small_sheets, sample, tmp_path):
    out = tmp_path / "shop.xlsx"
    write_report(out, sample, extra_columns=Predictions(12, 0.01, "en"))
    every = tmp_path / "shop.customers.csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.customers.csv", "shop.xlsx"]

    header, everyone = read_csv(every)
    clv_column = header.index("Predicted CLV, 12 months")
    assert header[0] == "Customer"
    assert len(everyone) == 2357
    rfm = rfm_summary(*sample[:3], time_unit="W")
    assert [row[0] for row in everyone] == [str(c) for c in rfm.customer_id]
    revenue = historical_clv(sample.customer_ids, sample.amounts).revenue
    np.testing.assert_allclose([float(row[header.index("Revenue")]) for row in everyone],
                               revenue, rtol=1e-12)
    clv = np.array([float(row[clv_column]) for row in everyone])
    top = [everyone[i][0] for i in np.argsort(-clv, kind="stable")[:ROOM]]

    sheets = open_report(out)
    shown_header, shown = table(sheets["customers"])
    assert shown_header == header
    assert [str(row[0]) for row in shown] == top            # highest first
    assert sheets["customers"].max_row == TABLE_HEADER_ROW + ROOM == companion.SHEET_ROWS
    said = ('The Customers sheet shows the top 50 of 2,357 customers by "Predicted CLV, '
            '12 months", highest first (Excel holds 55 rows a sheet); every customer is in '
            'shop.customers.csv.')
    assert sheets["customers"].cell(TABLE_HEADER_ROW - 1, 1).value == said
    assert sheets["customers"].column_dimensions["A"].width < 20    # sized to the ids
    assert said in " ".join(summary_lines(sheets["summary"]))
    shown_summary = summary_values(sheets["summary"])
    assert shown_summary["report.customers_file"] == "shop.customers.csv"
    assert shown_summary["report.customers"] == 2357      # the key figures count everyone


def test_without_predictions_the_top_is_by_historical_clv(small_sheets, sample, tmp_path):
    out = tmp_path / "shop.xlsx"
    write_report(out, sample, margin=0.3)
    history = historical_clv(sample.customer_ids, sample.amounts, 0.3)
    order = np.argsort(-history.gross_profit, kind="stable")[:ROOM]
    _, shown = table(open_report(out)["customers"])
    assert [str(row[0]) for row in shown] == [str(c) for c in history.customer_id[order]]
    line = open_report(out)["customers"].cell(TABLE_HEADER_ROW - 1, 1).value
    assert line.startswith('The Customers sheet shows the top 50 of 2,357 customers by '
                           '"Gross profit (historical CLV)"')


def test_parquet_when_asked_and_nothing_cut_when_all_fit(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["report", "tests/data/transactions_nl.csv", "-o", str(out), "--date-format",
                 "%d-%m-%Y", "--skip-bad-rows", "--customers-file-format", "parquet"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert f"wrote {tmp_path / 'r.customers.parquet'}: every customer's row (see the " \
           "summary)" in said
    every = pq.read_table(tmp_path / "r.customers.parquet").to_pylist()
    assert [row["Customer"] for row in every] == ["0042", "7"]     # ids stay text
    assert [row["Revenue"] for row in every] == pytest.approx([1237.0, 12.0])
    sheets = open_report(out)
    _, shown = table(sheets["customers"])
    assert [row[0] for row in shown] == ["0042", "7"]
    assert sheets["customers"].cell(TABLE_HEADER_ROW - 1, 1).value is None   # nothing cut
    assert summary_values(sheets["summary"])["report.customers_file"] == "r.customers.parquet"


def test_an_existing_companion_file_is_never_overwritten(small_sheets, sample, tmp_path):
    precious = tmp_path / "shop.customers.csv"
    precious.write_text("mine")
    with pytest.raises(Exception, match="already exists"):
        write_report(tmp_path / "shop.xlsx", sample)
    assert precious.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["shop.customers.csv"]


def test_an_asked_for_companion_file_that_exists_is_refused_before_reading(tmp_path, capsys):
    (tmp_path / "r.customers.csv").write_text("mine")
    assert main(["report", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "r.xlsx"),
                 "--customers-file-format", "csv"]) == 2
    assert "r.customers.csv already exists" in capsys.readouterr().err
    assert (tmp_path / "r.customers.csv").read_text() == "mine"


def test_the_dutch_report_says_so_in_dutch_numbers(small_sheets, sample, tmp_path):
    write_report(tmp_path / "winkel.xlsx", sample, lang="nl")
    line = open_report(tmp_path / "winkel.xlsx", "nl")["customers"].cell(
        TABLE_HEADER_ROW - 1, 1).value
    assert line.startswith("Het blad Klanten toont de 50 beste van 2.357 klanten naar "
                           '"Brutowinst (historische CLV)"')
    assert line.endswith("alle klanten staan in winkel.customers.csv.")


def test_the_dutch_companion_csv_opens_in_dutch_excel_in_columns(small_sheets, sample, tmp_path):
    # Dutch Windows separates list items with ';' and writes decimals with ',': a comma-
    # separated file opens there as one column of text
    write_report(tmp_path / "winkel.xlsx", sample, lang="nl")
    raw = (tmp_path / "winkel.customers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "winkel.customers.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, everyone = rows[0], rows[1:]
    assert header[0] == "Klant" and len(everyone) == 2357
    assert all(len(row) == len(header) for row in everyone)
    revenue = [row[header.index("Omzet")] for row in everyone]
    assert not any("." in value for value in revenue)      # no decimal points, no thousands mark
    expected = historical_clv(sample.customer_ids, sample.amounts).revenue
    np.testing.assert_allclose([float(v.replace(",", ".")) for v in revenue], expected,
                               rtol=1e-12)
