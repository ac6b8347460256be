"""RFM summary and historical value: hand-worked examples and the published CDNOW summary."""

from pathlib import Path

import numpy as np
import pytest

from clv_udfs.core.summary import historical_clv, rfm_summary
from clv_udfs.core.transactions import check_transactions, screen_transactions
from clv_udfs.errors import CLVError

ROOT = Path(__file__).resolve().parents[2]
CDNOW_SAMPLE = ROOT / "clv_udfs" / "data" / "CDNOW_sample.txt"
PUBLISHED = ROOT / "tests" / "data" / "cdnow_customers_summary_with_transactions.csv"


def test_cdnow_calibration_summary_matches_the_published_one():
    """x exactly, t_x and T to the published 2 decimals, z̄ to 0.01.

    The published file's ID is CDNOW's sample_id (1:1 with master_id); its T runs from the
    first purchase day to the day 1997-09-30 (customer 1: 272 days = 38.86 weeks).
    """
    master, sample, day, _, dollars = np.loadtxt(CDNOW_SAMPLE, unpack=True)
    published = np.loadtxt(PUBLISHED, delimiter=",", skiprows=1)
    summary = rfm_summary(master.astype(int), day.astype(int), dollars, "1997-09-30", "W")
    sample_of = dict(zip(master.astype(int).tolist(), sample.astype(int).tolist()))
    sample_ids = np.array([sample_of[c] for c in summary.customer_id.tolist()])
    order = np.argsort(sample_ids)
    assert np.array_equal(sample_ids[order], published[:, 0])
    assert np.array_equal(summary.frequency[order], published[:, 1])
    np.testing.assert_allclose(summary.recency[order], published[:, 2], atol=0.005 + 1e-9)
    np.testing.assert_allclose(summary.T[order], published[:, 3], atol=0.005 + 1e-9)
    np.testing.assert_allclose(summary.monetary_value[order], published[:, 4], atol=0.01)
    assert summary.time_unit == "W" and str(summary.observation_end) == "1997-09-30"


def test_same_day_purchases_are_one_and_later_ones_are_ignored():
    # a: 1 Jan 10 + 5 (one purchase), 15 Jan 30, 29 Jan 6 (after the end); b: first buys 29 Jan.
    s = rfm_summary(["a", "a", "a", "a", "b"],
                    ["1997-01-01", "1997-01-01", "1997-01-15", "1997-01-29", "1997-01-29"],
                    [10, 5, 30, 6, 99], observation_end="1997-01-22", time_unit="D")
    assert s.customer_id.tolist() == ["a"]
    assert s.frequency.tolist() == [1]
    assert s.recency.tolist() == [14.0] and s.T.tolist() == [21.0]
    assert s.monetary_value.tolist() == [30.0] and s.total_spend.tolist() == [45.0]


def test_time_unit_scales_durations_but_purchases_stay_days():
    dates = ["1997-01-01", "1997-01-02", "1997-01-03"]   # three days of one week
    months = rfm_summary([7, 7, 7], dates, [1, 2, 3], "1997-01-31", time_unit="M")
    assert months.frequency.tolist() == [2]
    assert months.recency[0] == pytest.approx(2 / 30.4375)
    assert months.T[0] == pytest.approx(30 / 30.4375)
    assert months.monetary_value.tolist() == [2.5]


def test_defaults_end_on_the_last_date_in_weeks_and_keep_first_appearance():
    s = rfm_summary(["z", "y", "z"], ["1997-01-01", "1997-01-08", "1997-01-15"], [1, 2, 3])
    assert s.customer_id.tolist() == ["z", "y"]
    assert s.T.tolist() == [2.0, 1.0] and s.recency.tolist() == [2.0, 0.0]
    assert str(s.observation_end) == "1997-01-15" and len(s) == 2


def test_a_first_purchase_on_the_end_day_has_age_zero():
    s = rfm_summary([1], [35431], [5.0], observation_end=35431)
    assert s.T.tolist() == [0.0] and s.frequency.tolist() == [0]


def test_numeric_and_text_ids_of_the_same_customer_match():
    s = rfm_summary([1001, "1001 ", 1001.0], ["1997-01-01", "1997-01-02", "1997-01-03"],
                    [1, 1, 1], time_unit="D")
    assert s.customer_id.tolist() == [1001] and s.frequency.tolist() == [2]


@pytest.mark.parametrize("kwargs, message", [
    ({"observation_end": "1996-12-31"},
     r"^observation_end: 1996-12-31 is before the first transaction \(1997-01-01\)"),
    ({"observation_end": "soon"}, r'^observation_end row 1: "soon" is not a date'),
    ({"time_unit": "fortnight"}, r'^time_unit: "fortnight" is not a time unit'),
])
def test_bad_settings_are_named(kwargs, message):
    with pytest.raises(CLVError, match=message):
        rfm_summary([1], ["1997-01-01"], [1], **kwargs)


@pytest.mark.parametrize("ids, dates, amounts, message", [
    ([1, 2], ["1997-01-01"], [1, 2],
     "customer_ids has 2 values but dates has 1; use columns of the same length, one row per "
     "transaction"),
    ([1, ""], ["1997-01-01"] * 2, [1, 2],
     "customer_ids row 2: the customer id is empty; enter a customer id"),
    ([1, 2], ["1997-01-01"] * 2, [1, "ten"],
     'amounts row 2: "ten" is text, not a number; enter an amount ≥ 0'),
    ([1, 2], ["1997-01-01"] * 2, [1, -3.5],
     "amounts row 2: -3.5 is a refund; net refunds into their orders or leave them out"),
    ([1, 2], ["1997-01-01"] * 2, [None, 1], "amounts row 1: the cell is empty; enter an "
                                            "amount ≥ 0"),
    ([], [], [], "customer_ids: there are no transactions; give at least one row"),
])
def test_bad_rows_raise_naming_argument_row_and_value(ids, dates, amounts, message):
    with pytest.raises(CLVError) as error:
        rfm_summary(ids, dates, amounts)
    assert str(error.value) == message


def test_screening_keeps_good_rows_and_reports_each_bad_one():
    screened = screen_transactions(["a", None, "b", "c"], ["1997-01-01", "1997-01-02", "x",
                                                           "1997-01-04"], [1, 2, 3, -1])
    assert screened.ok.tolist() == [True, False, False, False]
    assert [m.split(":")[0] for m in screened.messages] == [
        "customer_ids row 2", "dates row 3", "amounts row 4"]
    assert screened.transactions.customer_id.tolist() == ["a"]


def test_excel_columns_may_be_n_by_1_ranges():
    tx = check_transactions([[1], [2]], [[35431], [35432]], [[1.5], [2.5]])
    assert tx.customer.tolist() == [0, 1] and tx.amount.tolist() == [1.5, 2.5]


def test_daily_merges_same_day_rows_sorted_by_customer_then_date():
    tx = check_transactions([2, 1, 2, 2], [35433, 35431, 35431, 35433], [1, 2, 3, 4])
    customer, day, amount = tx.daily()
    assert customer.tolist() == [0, 0, 1]
    assert day.astype(str).tolist() == ["1997-01-01", "1997-01-03", "1997-01-01"]
    assert amount.tolist() == [3.0, 5.0, 2.0]


def test_historical_clv_counts_rows_and_applies_the_margin():
    h = historical_clv([5, 3, 5, 5], [10, 20, 30, 0], gross_margin=0.25)
    assert h.customer_id.tolist() == [5, 3]
    assert h.orders.tolist() == [3, 1]
    assert h.revenue.tolist() == [40.0, 20.0] and h.gross_profit.tolist() == [10.0, 5.0]


def test_historical_clv_refuses_a_percentage_typed_as_a_whole_number():
    with pytest.raises(CLVError, match="gross_margin: 40 is not a rate between 0 and 1"):
        historical_clv([1], [1], gross_margin=40)
