"""The report's forecast and models sheets (issue 10): the CDNOW report checks the models on the
published split, shows the comparison, the tracking chart and the choice, and leads with the
forecast; a history where nobody drops out carries the warning; a short one says why there is no
holdout check."""

import numpy as np
import openpyxl
import pytest

from clv_udfs.cli import main
from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.reading import ReadReport, ReadTransactions
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.labels import texts
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.predictions import Predictions

from no_dropout import never_dropping_out

WORDS = texts("en")


def _write(path, transactions, calibration_end=None, cac=None):
    hook = Predictions(12, 0.01, "en", transactions, calibration_end)
    hook.data = write_report(path, transactions, margin=0.3, cac=cac, extra_columns=hook,
                             extra_sheets=hook.sheets)
    return hook, openpyxl.load_workbook(path)


def _rows(ws):
    return [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]


def _after(rows, first_cell):
    """The rows under the header row that starts with ``first_cell``, up to a blank row."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_cell)
    block = []
    for row in rows[start + 1:]:
        if not row:
            break
        block.append(row)
    return rows[start], block


@pytest.fixture(scope="module")
def cdnow(tmp_path_factory):
    sample = read_cdnow_sample()
    path = tmp_path_factory.mktemp("models") / "cdnow.xlsx"
    return (sample,) + _write(path, sample, "1997-09-30", cac=20)


def test_cdnow_report_leads_with_the_forecast_and_ends_with_the_models(cdnow):
    _, hook, book = cdnow
    assert book.sheetnames == [WORDS["report.forecast.sheet"], WORDS["report.summary.sheet"],
                               WORDS["report.customers.sheet"], WORDS["report.cohorts.sheet"],
                               WORDS["report.segments.sheet"], WORDS["report.models.sheet"]]
    figures = {row[0]: row[1] for row in _rows(book[WORDS["report.forecast.sheet"]])
               if len(row) == 2}
    f = hook.forecast
    assert figures[WORDS["report.equity"]] == pytest.approx(f.clv.sum())
    lower = figures[WORDS["report.equity.lower"].format(level=0.9)]
    upper = figures[WORDS["report.equity.upper"].format(level=0.9)]
    assert lower < figures[WORDS["report.equity"]] < upper
    assert figures[WORDS["report.clv_per_customer"]] == pytest.approx(f.clv.sum() / 2357)
    assert figures["CLV:CAC"] == pytest.approx(f.clv.sum() / 2357 / 20)


def test_cdnow_models_sheet_has_the_comparison_the_choice_and_the_tracking_chart(cdnow):
    (ids, dates, amounts, _), hook, book = cdnow
    ws = book[WORDS["report.models.sheet"]]
    rows = _rows(ws)
    header, models = _after(rows, WORDS["report.models.col.model"])
    assert [row[0] for row in models] == ["BG/NBD", "MBG/NBD", "Pareto/NBD"]
    split = calibration_and_holdout(ids, dates, amounts, "1997-09-30", None, "W")
    assert all(row[4] == split.holdout_frequency.sum() for row in models)
    assert models[0][1] == pytest.approx(-9582.4, abs=0.05)        # FHL (2005) calibration LL
    chosen = next(row for row in rows if row and row[0] == WORDS["report.models.chosen"])
    assert chosen[1] == hook.forecast.chosen in ("BG/NBD", "Pareto/NBD")
    _, tracking = _after(rows, WORDS["report.models.col.week"])
    assert tracking[-1][0] == "1998-06-30"
    assert tracking[-1][1] == split.calibration.frequency.sum() + split.holdout_frequency.sum()
    assert len(ws._charts) == 2                       # the comparison and the tracking chart
    _, frequency = _after(rows, WORDS["report.models.col.frequency"])
    assert [row[0] for row in frequency] == ["0", "1", "2", "3", "4", "5", "6", "7+"]


def test_valuable_customers_at_risk_are_the_top_historical_value_below_half_alive(cdnow):
    _, hook, book = cdnow
    rows = _rows(book[WORDS["report.forecast.sheet"]])
    _, at_risk = _after(rows, WORDS["report.col.customer"])
    f = hook.forecast
    alive = dict(zip(map(str, hook.data.customers.customer_id), f.p_alive))
    assert 0 < len(at_risk) <= 10
    assert all(alive[row[0]] < 0.5 for row in at_risk)
    profits = [row[1] for row in at_risk]
    assert profits == sorted(profits, reverse=True)


def test_nobody_dropping_out_puts_the_warning_in_the_report(tmp_path):
    ids, dates, amounts = never_dropping_out()
    data = ReadTransactions(np.array(ids, dtype=object), np.array(dates, dtype="datetime64[D]"),
                            np.array(amounts), ReadReport(rows=len(ids)))
    hook, book = _write(tmp_path / "steady.xlsx", data)
    text = " ".join(str(v) for row in _rows(book[WORDS["report.models.sheet"]]) for v in row)
    # whichever model is chosen, its fit and the holdout check say the dropout is not pinned
    assert "larger than itself, so the data hardly pin it down" in text
    # and the forecast sheet, whose equity and "nobody at risk" rest on that fit, says so too
    forecast = " ".join(str(v) for row in _rows(book[WORDS["report.forecast.sheet"]])
                        for v in row)
    warnings = hook.forecast.transaction_diagnostics.warnings
    assert warnings and all(line in forecast for line in warnings)


def test_the_fits_name_their_time_unit_and_show_small_estimates(tmp_path):
    """The fits' parameters are in the data's time unit (α in weeks here), said in their
    heading; an estimate or standard error shows as Excel's General, so a degenerate 2.3e-07
    is not 0.000."""
    ids, dates, amounts, _ = read_cdnow_sample()
    hook, book = _write(tmp_path / "cdnow.xlsx", ReadTransactions(ids, dates, amounts,
                                                                  ReadReport(rows=len(ids))))
    sheet = book[WORDS["report.models.sheet"]]
    assert any(row[0] == "Fits on all the data, time in weeks (these drive the forecast)"
               for row in _rows(sheet) if row)
    alpha = hook.forecast.transactions.params_["alpha"]
    shown = [cell for row in sheet.iter_rows() for cell in row if cell.value == alpha]
    assert shown and all(cell.number_format == "General" for cell in shown)


def test_a_short_history_says_there_is_no_holdout_check(tmp_path):
    ids, dates, amounts, _ = read_cdnow_sample()
    early = dates <= np.datetime64("1997-02-28")
    data = ReadTransactions(ids[early], dates[early], amounts[early], ReadReport(rows=early.sum()))
    hook, book = _write(tmp_path / "short.xlsx", data)
    rows = _rows(book[WORDS["report.models.sheet"]])
    assert rows[1][0] == ("No holdout check: the history spans 58 days; a holdout check needs "
                          "at least 84 (8 weeks to fit the models, 4 to check them).")
    assert hook.forecast.reason.endswith("lowest BIC on all the data.")


def test_cli_calibration_end_is_checked_before_reading(tmp_path, capsys):
    source = tmp_path / "orders.csv"
    source.write_text("customer,date,amount\na,2024-01-01,5\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["report", str(source), "-o", str(tmp_path / "r.xlsx"),
              "--calibration-end", "someday"])
    err = capsys.readouterr().err
    assert '"someday" is not a date' in err and "Traceback" not in err
