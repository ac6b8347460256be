"""The report's predictive columns equal the models fitted on an independently built summary."""

import numpy as np
import pytest

from clv_udfs.cli import main
from clv_udfs.core.models import GammaGamma, expected_clv
from clv_udfs.core.summary import rfm_summary
from clv_udfs.reading import ReadReport, ReadTransactions
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.labels import texts
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.predictions import Predictions

from .report_pages import open_report, table

MARGIN, MONTHS, DISCOUNT = 0.3, 12, 0.01
WORDS = texts("en")


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    sample = read_cdnow_sample()
    path = tmp_path_factory.mktemp("predictions") / "cdnow.xlsx"
    hook = Predictions(MONTHS, DISCOUNT, "en")
    write_report(path, sample, margin=MARGIN, time_unit="W", extra_columns=hook)
    header, rows = table(open_report(path)["customers"])
    return sample, header, rows, hook


def column(header, rows, key):
    index = header.index(WORDS[key].format(months=MONTHS))
    return np.array([row[index] for row in rows], dtype=float)


def test_predictive_columns_equal_the_models_fitted_on_the_summary(reported):
    (ids, dates, amounts, _), header, rows, hook = reported
    summary = rfm_summary(ids, dates, amounts, time_unit="W")
    order = {str(c): i for i, c in enumerate(summary.customer_id)}
    pick = np.array([order[str(row[0])] for row in rows])
    x, t_x, T, m = (a[pick] for a in (summary.frequency, summary.recency, summary.T,
                                      summary.monetary_value))
    repeat = (x > 0) & (m > 0)
    chosen = type(hook.models[0])       # the model the forecast chose (see its models sheet)
    bg = chosen("W").fit(summary.frequency, summary.recency, summary.T)
    gg = GammaGamma().fit(x[repeat], m[repeat])
    spend = gg.conditional_expected_average_profit(x, m)
    weeks = 12 * 365.25 / 12 / 7
    np.testing.assert_allclose(column(header, rows, "report.col.p_alive"),
                               bg.conditional_probability_alive(x, t_x, T), rtol=1e-9)
    np.testing.assert_allclose(
        column(header, rows, "report.col.expected"),
        bg.conditional_expected_number_of_purchases_up_to_time(weeks, x, t_x, T), rtol=1e-9)
    np.testing.assert_allclose(column(header, rows, "report.col.spend"), spend, rtol=1e-9)
    np.testing.assert_allclose(
        column(header, rows, "report.col.clv"),
        expected_clv(bg, x, t_x, T, "W", spend, MARGIN, DISCOUNT, MONTHS, "M"), rtol=1e-9)
    assert hook.skipped is None


def test_predictions_are_probabilities_and_non_negative(reported):
    _, header, rows, _ = reported
    alive = column(header, rows, "report.col.p_alive")
    assert ((alive >= 0) & (alive <= 1)).all()
    assert (column(header, rows, "report.col.clv") >= 0).all()


def test_no_fit_leaves_the_columns_out_and_says_why(tmp_path):
    one_purchase_each = ReadTransactions(
        np.array(["a", "b", "c"], dtype=object),
        np.array(["2024-01-01", "2024-02-01", "2024-03-01"], dtype="datetime64[D]"),
        np.array([10.0, 20.0, 30.0]), ReadReport(rows=3))
    hook = Predictions(MONTHS, DISCOUNT, "en")
    write_report(tmp_path / "r.xlsx", one_purchase_each, extra_columns=hook)
    header, _ = table(open_report(tmp_path / "r.xlsx")["customers"])
    assert WORDS["report.col.p_alive"] not in header
    assert hook.skipped and "\n" not in hook.skipped


def test_cli_report_prints_nothing_about_predictions_when_they_fit(tmp_path, capsys):
    source = tmp_path / "orders.csv"
    ids, dates, amounts, _ = read_cdnow_sample()
    source.write_text("customer,date,amount\n" + "".join(
        f"{i},{d},{a}\n" for i, d, a in zip(ids, dates, amounts)))
    assert main(["report", str(source), "-o", str(tmp_path / "r.xlsx"), "--margin", "0.3"]) == 0
    assert "left out" not in capsys.readouterr().out
    header, _ = table(open_report(tmp_path / "r.xlsx")["customers"])
    assert WORDS["report.col.clv"].format(months=12) in header
