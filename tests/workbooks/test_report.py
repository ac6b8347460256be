"""The report's numbers are values, and each equals what the core computes from the same rows.

The bundled CDNOW sample (2,357 customers, 6,919 orders) is reported once; every sheet is read
back with openpyxl ``data_only=True``, which sees only stored values, as a viewer that never
recalculates would. Expected numbers come from the core functions called on the raw rows.
"""

import io

import numpy as np
import pytest

from clv_udfs.core.cohorts import cohort_table
from clv_udfs.core.kpis import kpis
from clv_udfs.core.segments import segment
from clv_udfs.core.summary import historical_clv, rfm_summary
from clv_udfs.core.unit_economics import clv_cac_health, clv_cac_ratio
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.data import CustomerColumn
from clv_udfs.workbooks.report.progress import Progress

from .report_pages import open_report, summary_values, table

MARGIN, CAC = 0.3, 20.0


@pytest.fixture(scope="module")
def sample():
    return read_cdnow_sample()


@pytest.fixture(scope="module")
def report(sample, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "cdnow.xlsx"
    write_report(path, sample, margin=MARGIN, cac=CAC, time_unit="W", source="CDNOW sample")
    return open_report(path)


def test_no_cell_is_a_formula(report):
    for ws in report.values():
        assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_summary_equals_the_core(report, sample):
    ids, dates, amounts, _ = sample
    k = kpis(ids, dates, amounts)
    shown = summary_values(report["summary"])
    assert shown["report.customers"] == k.customers == 2357
    assert shown["report.orders"] == k.orders == 6919
    for key, expected in (("report.revenue", k.revenue), ("aov", k.average_order_value),
                          ("report.frequency", k.purchases_per_year),
                          ("report.clv_revenue", k.average_clv),
                          ("report.clv_profit", k.average_clv * MARGIN),
                          ("gross_margin", MARGIN), ("cac", CAC)):
        assert shown[key] == pytest.approx(expected, rel=1e-12), key
    assert shown["retention"] == "n/a (under 2 years of data)"   # 1997-01-01 to 1998-06-30
    assert str(shown["report.first_date"].date()) == "1997-01-01"
    assert str(shown["report.last_date"].date()) == "1998-06-30"
    ratio = clv_cac_ratio(k.average_clv * MARGIN, CAC)
    assert shown["ratio"] == pytest.approx(ratio, rel=1e-12)
    assert shown["health"] == clv_cac_health(ratio) == "Unsustainable"
    assert shown["report.skipped"] == 0


def test_customers_equal_the_core(report, sample):
    ids, dates, amounts, _ = sample
    rfm = rfm_summary(ids, dates, amounts, time_unit="W")
    history = historical_clv(ids, amounts, MARGIN)
    header, rows = table(report["customers"])
    assert header == ["Customer", "Segment", "Repeat purchases", "Recency (weeks)",
                      "Age T (weeks)", "Average repeat purchase", "Orders", "Revenue",
                      "Gross profit (historical CLV)", "Net revenue ≤ 0"]
    columns = list(zip(*rows))
    flagged = [customer for customer, flag in zip(columns[0], columns[9]) if flag == "yes"]
    assert flagged == rfm.customer_id[history.revenue <= 0].tolist() != []   # $0 purchases
    assert list(columns[0]) == rfm.customer_id.tolist() == history.customer_id.tolist()
    assert list(columns[1]) == segment(history.revenue).tolist()
    for shown, expected in zip(columns[2:], (rfm.frequency, rfm.recency, rfm.T,
                                              rfm.monetary_value, history.orders,
                                              history.revenue, history.gross_profit)):
        np.testing.assert_allclose(np.array(shown, dtype=float), expected, rtol=1e-12)


def test_cohorts_equal_the_core(report, sample):
    ids, dates, amounts, _ = sample
    expected = cohort_table(ids, dates, amounts, period="M")
    header, rows = table(report["cohorts"])
    assert header[2:] == expected.period.tolist()
    assert [r[0] for r in rows] == expected.cohort.tolist() == ["1997-01", "1997-02", "1997-03"]
    assert [r[1] for r in rows] == expected.size.tolist()
    shown = np.array([[np.nan if v is None else v for v in r[2:]] for r in rows], dtype=float)
    np.testing.assert_allclose(shown, expected.values, rtol=1e-12)   # NaN where not observed
    assert report["cohorts"].conditional_formatting, "the colour scale is missing"
    assert len(report["cohorts"]._charts) == 1


def test_segments_equal_the_core(report, sample):
    ids, _, amounts, _ = sample
    history = historical_clv(ids, amounts, MARGIN)
    tiers = segment(history.revenue)
    _, rows = table(report["segments"])
    assert [r[0] for r in rows] == ["A", "B", "C", "Total"]
    for row in rows[:3]:
        mine = tiers == row[0]
        assert row[1] == mine.sum()
        assert row[2] == pytest.approx(mine.mean(), rel=1e-12)
        assert row[3] == pytest.approx(history.revenue[mine].sum(), rel=1e-12)
        assert row[4] == pytest.approx(history.revenue[mine].sum() / history.revenue.sum())
        assert row[5] == pytest.approx(history.gross_profit[mine].sum(), rel=1e-12)
    assert rows[3][1:4] == [2357, 1, pytest.approx(history.revenue.sum())]
    assert len(report["segments"]._charts) == 1


def test_extra_columns_are_the_hook_for_predictions(sample, tmp_path):
    def doubled_revenue(data):
        return [CustomerColumn("Predicted CLV", data.history.revenue * 2, "money")]

    path = tmp_path / "with-predictions.xlsx"
    write_report(path, sample, extra_columns=doubled_revenue)
    header, rows = table(open_report(path)["customers"])
    assert header[-1] == "Predicted CLV"
    revenue = historical_clv(sample.customer_ids, sample.amounts).revenue
    np.testing.assert_allclose([r[-1] for r in rows], revenue * 2, rtol=1e-12)


def test_progress_draws_only_on_a_terminal(sample, tmp_path):
    quiet, shown = io.StringIO(), io.StringIO()
    write_report(tmp_path / "a.xlsx", sample, progress=Progress(quiet))
    write_report(tmp_path / "b.xlsx", sample, progress=Progress(shown, enabled=True))
    assert quiet.getvalue() == ""
    assert "\rwriting customers [" in shown.getvalue()
    assert "2,357/2,357" in shown.getvalue()
