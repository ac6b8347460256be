"""The summary's retention rate says which of its two needs is lacking: two full years of data
(730 days, first transaction to observation end), or a buyer in the year before the last. The
Excel function (CLV_KPIS' table, catalog.transactions.kpi_table) tells the same two apart.

The orders are a Dutch export (';', decimal comma, "Klantnummer" with ids Excel wrote as
"17850.0"). Days counted by hand."""

import openpyxl
import pytest

from clv_udfs.catalog.transactions import kpi_table
from clv_udfs.cli import main
from clv_udfs.core.kpis import kpis
from clv_udfs.workbooks.labels import texts

# 2021-01-04 … 2023-02-01 is 759 days (365 + 365 + 28 + 1): two full years. The last year is
# 2022-02-02 … 2023-02-01 (17850 buys), the year before 2021-02-02 … 2022-02-01: nobody.
NO_BUYERS = ("Klantnummer;Factuurdatum;Bedrag\n"
             "17850.0;2021-01-04;12,50\n"
             "13047.0;2021-01-20;7,95\n"
             "17850.0;2023-02-01;19,80\n")
# 2021-01-04 … 2022-06-01 is 514 days (365 + 148 + 1): under two years.
SHORT = ("Klantnummer;Factuurdatum;Bedrag\n"
         "17850.0;2021-01-04;12,50\n"
         "13047.0;2021-01-20;7,95\n"
         "17850.0;2022-06-01;19,80\n")


def _retention_shown(tmp_path, orders, lang):
    source = tmp_path / "orders.csv"
    source.write_text(orders, encoding="utf-8")
    out = tmp_path / "report.xlsx"
    assert main(["report", str(source), "-o", str(out), "--no-predictions", "--lang", lang,
                 "--force"]) == 0
    words = texts(lang)
    sheet = openpyxl.load_workbook(out)[words["report.summary.sheet"]]
    return next(row[1] for row in sheet.iter_rows(values_only=True)
                if row[0] == words["retention"])


@pytest.mark.parametrize("orders, lang, shown", [
    (NO_BUYERS, "en", "n/a (nobody bought in the year before the last)"),
    (NO_BUYERS, "nl", "n.v.t. (niemand kocht in het jaar vóór het laatste)"),
    (SHORT, "en", "n/a (under 2 years of data)"),
    (SHORT, "nl", "n.v.t. (minder dan 2 jaar)"),
])
def test_the_report_says_why_there_is_no_retention_rate(tmp_path, orders, lang, shown):
    assert _retention_shown(tmp_path, orders, lang) == shown


@pytest.mark.parametrize("orders, said", [
    (NO_BUYERS, "dates: nobody bought in the year before the last year of data (the 365 days "
                "before 2022-02-02)"),
    (SHORT, "dates: yearly retention needs two full years of data (730 days); these data span "
            "514 days"),
])
def test_the_excel_function_tells_the_same_two_apart(orders, said):
    rows = [line.split(";") for line in orders.splitlines()[1:]]
    table = kpi_table([[r[0]] for r in rows], [[r[1]] for r in rows],
                      [[float(r[2].replace(",", "."))] for r in rows])
    cell = dict(table.tolist())["yearly retention rate"]
    assert said in cell


def test_two_years_count_from_the_first_row_a_credit_note_included():
    """A credit note on 2021-01-04 (its purchase predates the export) starts the data, as it
    starts the report's period and its orders-per-year span: 2021-01-04 … 2023-01-10 is 737
    days. The year before the last, 2021-01-11 … 2022-01-10, had buyers 13047, 17850 and
    14688; of them 13047 (2022-12-01) and 17850 (2023-01-10) bought in the last year: 2 of 3.
    Counted from the first purchase (2021-03-01, 681 days) it would be under two years."""
    k = kpis(["17850.0", "13047.0", "14688.0", "17850.0", "13047.0", "17850.0"],
             ["2021-01-04", "2021-03-01", "2021-04-01", "2021-06-01", "2022-12-01",
              "2023-01-10"], [-15.30, 7.95, 30.0, 12.50, 9.90, 19.80], returns="net")
    assert k.days == 737 and k.retention_missing is None
    assert k.retention_rate == pytest.approx(2 / 3)
