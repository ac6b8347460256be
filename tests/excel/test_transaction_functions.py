"""The transaction-table functions through real xlwings Office.js calls and the classic add-in.

Expected numbers are hand calculations (shown next to each), never our own output.
"""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import xlwings as xw

from clv_udfs import catalog
from clv_udfs.catalog import transactions as catalog_transactions

from conftest import ERROR_CELL

ROOT = Path(__file__).resolve().parents[2]
CDNOW_SAMPLE = ROOT / "clv_udfs" / "data" / "CDNOW_sample.txt"
PUBLISHED = ROOT / "tests" / "data" / "cdnow_customers_summary_with_transactions.csv"
EXCEL_DAY_ZERO = dt.date(1899, 12, 30)


def col(*values):
    """A column range as Excel sends it."""
    return [[v] for v in values]


def serial(day):
    return (day - EXCEL_DAY_ZERO).days


# "a" buys on 1 Jan (10 + 5, one purchase day), 15 Jan (20) and 29 Jan (40); "b" once, 22 Jan.
DAYS = [dt.date(1997, 1, d) for d in (1, 22, 1, 15, 29)]
IDS = ["a", "b", "a", "a", "a"]
AMOUNTS = [10, 7, 5, 20, 40]
END = dt.date(1997, 2, 5)
RFM_HEADER = ["customer id", "frequency (repeat purchases)", "recency (weeks)", "T (weeks)",
              "monetary value (mean repeat purchase)", "total spend"]
# a: x = 3 days − 1 = 2; t_x = 28 days = 4 weeks; T = 35 days = 5 weeks; z̄ = (20 + 40) / 2.
# b: x = 0, t_x = 0, T = 14 days = 2 weeks, z̄ = 0, total 7.
RFM_A = ["a", 2, 4.0, 5.0, 30.0, 75.0]
RFM_B = ["b", 0, 0.0, 2.0, 0.0, 7.0]

DATE_KINDS = {
    "serials": ([serial(d) for d in DAYS], serial(END)),
    "iso-text": ([d.isoformat() for d in DAYS], END.isoformat()),
    "datetimes": ([dt.datetime.combine(d, dt.time()) for d in DAYS],
                  dt.datetime.combine(END, dt.time())),
}


def rfm(call, ids=IDS, dates=None, amounts=AMOUNTS, end=None, unit="W"):
    dates, default_end = DATE_KINDS["serials"] if dates is None else (dates, None)
    return call("CLV_RFM", col(*ids), col(*dates), col(*amounts),
                [[serial(END) if end is None else end]], [[unit]])


def test_rfm_hand_example_in_weeks(officejs):
    assert rfm(officejs) == [RFM_HEADER, RFM_A, RFM_B]


def test_rfm_in_days_states_days_in_the_header(officejs):
    header, a, b = rfm(officejs, unit="D")
    assert header[2:4] == ["recency (days)", "T (days)"]
    assert a[2:4] == [28.0, 35.0] and b[2:4] == [0.0, 14.0]


@pytest.mark.parametrize("kind", ["serials", "iso-text"])
def test_rfm_dates_as_serials_or_iso_text_give_the_same_table(officejs, kind):
    dates, end = DATE_KINDS[kind]
    assert rfm(officejs, dates=dates, end=end) == [RFM_HEADER, RFM_A, RFM_B]


def test_rfm_dates_as_datetimes_in_the_classic_addin(classic):
    dates, end = DATE_KINDS["datetimes"]
    assert rfm(classic, dates=dates, end=end) == [RFM_HEADER, RFM_A, RFM_B]


def test_rfm_observation_end_defaults_to_the_last_date(officejs):
    # end 29 Jan: a's T = 28 days = 4 weeks, b's T = 7 days = 1 week.
    result = officejs("CLV_RFM", col(*IDS), col(*DATE_KINDS["serials"][0]), col(*AMOUNTS))
    assert [row[3] for row in result[1:]] == [4.0, 1.0]


@pytest.mark.parametrize("row,bad,expected", [
    (1, "ten", 'amounts row 2: "ten" is text, not a number; enter an amount ≥ 0'),
    (1, -7, "amounts row 2: -7 is a refund but this customer has no purchase to net it into; "
            "enter the purchase or leave the refund out"),
    (1, ERROR_CELL, "amounts row 2: the cell holds the error #N/A; enter an amount ≥ 0"),
], ids=["text-amount", "negative-amount", "error-cell"])
def test_a_bad_amount_spoils_only_its_customers_row(officejs, row, bad, expected):
    amounts = list(AMOUNTS)
    amounts[row] = bad
    header, a, b = rfm(officejs, amounts=amounts)
    assert a == RFM_A
    assert b == ["b"] + ["#VALUE! " + expected] * 5


def test_an_unparseable_date_spoils_only_its_customers_row(officejs):
    dates = ["1997-01-01", "1997-01-22", "1997-01-01", "15/01/1997", "1997-01-29"]
    header, a, b = rfm(officejs, dates=dates, end="1997-02-05")
    assert a[0] == "a" and a[1].startswith('#VALUE! dates row 4: "15/01/1997" is not a date')
    assert b == RFM_B


def test_rows_without_a_customer_id_add_one_message_row_at_the_bottom(officejs):
    ids = IDS + ["", None]
    dates = DATE_KINDS["serials"][0] + [serial(END), serial(END)]
    result = rfm(officejs, ids=ids, dates=dates, amounts=AMOUNTS + [1, 2])
    assert result[:3] == [RFM_HEADER, RFM_A, RFM_B]
    assert result[3] == ["#VALUE! customer_ids row 6: the customer id is empty; enter a "
                         "customer id (and 1 more rows without a customer id)"] * 6


def test_spare_empty_rows_at_the_bottom_are_skipped(officejs):
    pad = [None, None]
    result = rfm(officejs, ids=IDS + pad, dates=DATE_KINDS["serials"][0] + pad,
                 amounts=AMOUNTS + pad)
    assert result == [RFM_HEADER, RFM_A, RFM_B]


MISMATCHED = ("CLV_RFM", col("a", "b"), col(serial(END)), col(1, 2))


def test_ranges_of_different_lengths_are_one_error_naming_both(officejs):
    with pytest.raises(xw.XlwingsError, match="^customer_ids has 2 rows but dates has 1; "):
        officejs(*MISMATCHED)


def test_ranges_of_different_lengths_in_the_classic_addin(classic):
    (cell,), = classic(*MISMATCHED)
    assert cell.startswith("#VALUE! customer_ids has 2 rows but dates has 1")


def test_a_bad_time_unit_is_one_error(officejs):
    with pytest.raises(xw.XlwingsError, match='^time_unit: "fortnight" is not a time unit'):
        rfm(officejs, unit="fortnight")


def test_cdnow_sample_matches_the_published_summary(officejs):
    """2,357 customers, calibration end 1997-09-30, weeks; sample_id ↔ master_id as in
    tests/core/test_transactions_summary.py."""
    master, sample, day, _, dollars = np.loadtxt(CDNOW_SAMPLE, unpack=True)
    days = [serial(dt.datetime.strptime(str(int(d)), "%Y%m%d").date()) for d in day]
    result = officejs("CLV_RFM", col(*master.astype(int).tolist()), col(*days),
                      col(*dollars.tolist()), [[serial(dt.date(1997, 9, 30))]], [["W"]])
    assert result[0] == RFM_HEADER and len(result) == 2358
    table = np.array(result[1:], dtype=float)
    sample_of = dict(zip(master.astype(int).tolist(), sample.astype(int).tolist()))
    sample_ids = np.array([sample_of[int(c)] for c in table[:, 0]])
    order = np.argsort(sample_ids)
    published = np.loadtxt(PUBLISHED, delimiter=",", skiprows=1)
    assert np.array_equal(sample_ids[order], published[:, 0])
    assert np.array_equal(table[order, 1], published[:, 1])
    np.testing.assert_allclose(table[order, 2:4], published[:, 2:4], atol=0.005 + 1e-9)
    np.testing.assert_allclose(table[order, 4], published[:, 4], atol=0.01)   # zbar


HISTORICAL_HEADER = ["customer id", "orders", "revenue", "gross profit (historical CLV)"]


def test_historical_hand_example(officejs):
    # 1: 10 + 30 = 40, × 25% = 10; 2: 20 → 5; 3: 40 → 10.
    result = officejs("CLV_HISTORICAL", col(1, 2, 1, 3), col(10, 20, 30, 40), [[0.25]])
    assert result == [HISTORICAL_HEADER, [1, 2, 40.0, 10.0], [2, 1, 20.0, 5.0],
                      [3, 1, 40.0, 10.0]]


def test_historical_margin_defaults_to_one_and_bad_rows_spoil_their_customer(officejs):
    result = officejs("CLV_HISTORICAL", col(1, 2, 1, 2), col(10, 20, 30, "n/a"))
    assert result[1] == [1, 2, 40.0, 40.0]
    assert result[2] == [2] + ['#VALUE! amounts row 4: "n/a" is text, not a number; '
                               "enter an amount ≥ 0"] * 3


def test_historical_bad_margin_is_one_error(officejs):
    with pytest.raises(xw.XlwingsError, match="^gross_margin: 40 is not a rate"):
        officejs("CLV_HISTORICAL", col(1), col(10), [[40]])


# a: 5 Jan 10, 3 Feb 20, 1 Mar 40; b: 20 Jan 30; c: 10 Feb 5.
COHORT_ARGS = (col("a", "b", "a", "c", "a"),
               col("1997-01-05", "1997-01-20", "1997-02-03", "1997-02-10", "1997-03-01"),
               col(10, 30, 20, 5, 40))


def test_cohort_cumulative_hand_example(officejs):
    # January: 2 customers, (10 + 30) / 2 = 20, + 20 / 2 = 30, + 40 / 2 = 50.
    # February: 1 customer, 5, 5, and April is not observed yet.
    result = officejs("CLV_COHORT", *COHORT_ARGS)
    assert result == [
        ["cohort (month of first purchase)", "customers acquired",
         "month 0: cumulative revenue per customer", "month 1: cumulative revenue per customer",
         "month 2: cumulative revenue per customer"],
        ["1997-01", 2, 20.0, 30.0, 50.0],
        ["1997-02", 1, 5.0, 5.0, ""]]


def test_cohort_per_period_in_years(officejs):
    result = officejs("CLV_COHORT", *COHORT_ARGS, [["M"]], [[False]])
    assert result[0][2] == "month 0: revenue per customer"
    assert result[1:] == [["1997-01", 2, 20.0, 10.0, 20.0], ["1997-02", 1, 5.0, 0.0, ""]]
    years = officejs("CLV_COHORT", *COHORT_ARGS, [["Y"]])
    assert years == [["cohort (year of first purchase)", "customers acquired",
                      "year 0: cumulative revenue per customer"], ["1997", 3, 35.0]]


def test_cohort_bad_row_spoils_the_values_and_keeps_the_labels(officejs):
    ids, dates, amounts = COHORT_ARGS
    result = officejs("CLV_COHORT", ids, dates, amounts[:4] + [[-1]], [["M"]], [[True]],
                      [["stop"]])
    message = ("#VALUE! amounts row 5: -1 is a refund; net refunds into their orders or leave "
               "them out")
    assert [row[0] for row in result[1:]] == ["1997-01", "1997-02"]
    assert all(cell == message for row in result[1:] for cell in row[1:])


KPI_ARGS = (col("a", "b", "a"), col("2020-01-01", "2020-06-01", "2021-12-30"), col(100, 50, 30))


def test_kpis_hand_example(officejs):
    # 180 / 3 orders = 60; 3 orders / 2 customers / (730 days / 365.25); of the first year's
    # buyers {a, b} only a buys in the last 365 days: 50 %; 180 / 2 customers = 90.
    assert officejs("CLV_KPIS", *KPI_ARGS) == [
        ["KPI", "value"],
        ["average order value", 60.0],
        ["purchases per customer per year", pytest.approx(1.5 * 365.25 / 730)],
        ["yearly retention rate", 0.5],
        ["average historical CLV (revenue per customer)", 90.0],
        ["customers", 2], ["orders", 3], ["revenue", 180.0]]


def test_kpis_retention_needs_two_years_and_says_so(officejs):
    result = officejs("CLV_KPIS", col("a", "a"), col("2021-01-01", "2021-03-01"), col(1, 2))
    assert result[3] == ["yearly retention rate", "#VALUE! dates: yearly retention needs two full "
                         "years of data (730 days); these data span 60 days"]


def test_kpis_bad_row_spoils_every_value(officejs):
    ids, dates, amounts = KPI_ARGS
    result = officejs("CLV_KPIS", [["a"], [ERROR_CELL], ["a"]], dates, amounts)
    assert [row[0] for row in result] == ["KPI", "average order value",
                                          "purchases per customer per year",
                                          "yearly retention rate",
                                          "average historical CLV (revenue per customer)",
                                          "customers", "orders", "revenue"]
    assert {row[1] for row in result[1:]} == {
        "#VALUE! customer_ids row 2: the cell holds the error #N/A; enter a customer id"}


def test_segment_quantile_hand_example(officejs):
    # Top 20 % of 10 = 2 (100, 80); next 30 %: 70, 60 and both 50s (4 higher values = 40 % <
    # 50 %, equal values share a tier); the rest C.
    values = [10, 100, 50, 50, 20, 30, 40, 60, 70, 80]
    result = officejs("CLV_SEGMENT", col(*values))
    assert result == [["tier (A: top 20%, B: next 30%, C: rest)"]] + col(
        "C", "A", "B", "B", "C", "C", "C", "B", "B", "A")


def test_segment_by_value_thresholds(officejs):
    result = officejs("CLV_SEGMENT", col(1500, 700, 200, 1000), [["value"]], col(1000, 500))
    assert result == [["tier (A: ≥ 1000, B: ≥ 500, C: lower)"]] + col("A", "B", "C", "A")


def test_segment_bad_value_spoils_only_its_own_tier(officejs):
    result = officejs("CLV_SEGMENT", col(1500, "abc", None, 200), [["value"]], col(1000, 500))
    assert result[1:] == col("A", '#VALUE! values: "abc" is text, not a number; enter an '
                             "amount (may be negative)", "", "C")


def test_segment_cutoffs_above_100_percent_are_one_error(officejs):
    with pytest.raises(xw.XlwingsError, match="^cutoffs: the shares add up to 1.2"):
        officejs("CLV_SEGMENT", col(1, 2, 3), [["quantile"]], col(0.6, 0.6))


TABLE_FUNCTIONS = [s for s in catalog.FUNCTIONS.values() if s.table]
TRANSACTION_FUNCTIONS = list(catalog_transactions.FUNCTIONS)


@pytest.mark.parametrize("spec", TABLE_FUNCTIONS, ids=lambda s: s.name)
def test_every_table_function_is_documented_from_its_adapter(spec):
    assert spec.description and spec.arguments
    assert all(len(a.doc) > 10 for a in spec.arguments)


@pytest.mark.parametrize("spec", TRANSACTION_FUNCTIONS, ids=lambda s: s.name)
def test_transaction_functions_take_the_transaction_columns_first(spec):
    assert [a.name for a in spec.arguments][:1] in (["customer_ids"], ["values"])

