"""The cohort sheet stays within Excel's 16,384 columns and readable whatever dates arrive
(issue 14.5: one placeholder date crashed the report with "Invalid column index 18279"; issue
9.7: a single cohort of 72 months was an unreadable strip). Past :data:`COHORT_COLUMNS` periods
every step-th period is shown, the last one too, and the line above the table says so."""

import numpy as np
import pytest

from clv_udfs.core.cohorts import cohort_table
from clv_udfs.reading import ReadReport, ReadTransactions
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.sheets import COHORT_COLUMNS, TABLE_HEADER_ROW

from .report_pages import open_report, table


def transactions(ids, dates, amounts):
    return ReadTransactions(np.array(ids, dtype=object), np.array(dates, dtype="datetime64[D]"),
                            np.array(amounts, dtype=float), ReadReport(rows=len(ids)))


def cohort_sheet(tmp_path, orders, period):
    out = tmp_path / "r.xlsx"
    write_report(out, orders, cohort_period=period)
    ws = open_report(out)["cohorts"]
    return ws, *table(ws)


SHOP = (["a", "b", "a", "c", "b"],
        ["2024-01-05", "2024-01-20", "2024-02-03", "2024-03-10", "2024-04-01"],
        [10.0, 30.0, 20.0, 5.0, 40.0])


@pytest.mark.parametrize("placeholder,period", [("0001-01-01", "M"), ("9999-12-31", "M"),
                                                ("1970-01-01", "D")])
def test_a_placeholder_date_folds_the_periods_instead_of_crashing(tmp_path, placeholder,
                                                                  period):
    ids, dates, amounts = SHOP
    orders = transactions([*ids, "z"], [*dates, placeholder], [*amounts, 1.0])
    ws, header, rows = cohort_sheet(tmp_path, orders, period)
    expected = cohort_table(*orders[:3], period=period)
    periods = expected.period.size
    assert periods > 16_384 - 2                       # the table Excel could not hold
    assert len(header) <= 2 + COHORT_COLUMNS
    shown = header[2:]
    assert shown[0] == 0 and shown[-1] == periods - 1
    step = shown[1] - shown[0]
    assert shown[:-1] == list(range(0, periods, step))
    line = ws.cell(TABLE_HEADER_ROW - 1, 1).value
    assert line.startswith(f"{periods:,} ") and f"one column every {step} " in line
    assert [r[0] for r in rows] == expected.cohort.tolist()
    values = np.array([[np.nan if v is None else v for v in r[2:]] for r in rows], dtype=float)
    np.testing.assert_allclose(values, expected.values[:, shown], rtol=1e-12)


def test_a_long_single_cohort_is_folded_and_says_so(tmp_path):
    months = np.arange("2018-01", "2024-01", dtype="datetime64[M]")        # 72 months
    orders = transactions(["a", "b"] * 72, np.repeat(months.astype("datetime64[D]"), 2),
                          np.arange(144, dtype=float) + 1)
    ws, header, rows = cohort_sheet(tmp_path, orders, "M")
    assert header[2:] == [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68,
                          71]
    assert ws.cell(TABLE_HEADER_ROW - 1, 1).value == (
        "72 months from the first cohort to the end of the data: one column every 4 months "
        "(0, 4, … and the last, 71); each is the running total up to it.")
    assert ws.column_dimensions["A"].width < 20          # the line runs on; it sets no width
    # one cohort of two customers; customer spend up to month k: sum of 1…2(k+1), halved
    (label, size, *values), = rows
    assert (label, size) == ("2018-01", 2)
    np.testing.assert_allclose(values, [(2 * k + 2) * (2 * k + 3) / 2 / 2 for k in header[2:]])


def test_a_short_history_shows_every_period(tmp_path):
    ws, header, _ = cohort_sheet(tmp_path, transactions(*SHOP), "M")
    assert header[2:] == [0, 1, 2, 3]
    assert ws.cell(TABLE_HEADER_ROW - 1, 1).value is None


def test_the_chart_of_many_cohorts_draws_every_nth_and_says_so(tmp_path):
    days = np.arange("2024-01-01", "2024-02-10", dtype="datetime64[D]")      # 40 daily cohorts
    orders = transactions([f"c{i}" for i in range(40)], days, np.arange(40.0) + 1)
    ws, header, rows = cohort_sheet(tmp_path, orders, "D")
    assert len(rows) == 40
    chart, = ws._charts
    assert len(chart.series) == 11            # cohorts 0, 4, …, 36 and the last, 39
    title = "".join(run.t for p in chart.title.tx.rich.p for run in p.r)
    assert title == "Cumulative revenue per customer (one cohort in 4, and the last)"
