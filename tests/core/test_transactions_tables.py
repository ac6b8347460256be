"""Cohort table, segments and KPIs: hand-worked examples and the rules at the edges."""

import numpy as np
import pytest

from clv_udfs.core.cohorts import cohort_table
from clv_udfs.core.kpis import kpis
from clv_udfs.core.segments import segment
from clv_udfs.errors import CLVError

IDS = ["a", "b", "a", "c", "a", "b"]
DATES = ["1997-01-05", "1997-01-20", "1997-02-03", "1997-02-10", "1997-03-01", "1997-03-31"]
AMOUNTS = [10, 30, 20, 5, 40, 6]


def test_monthly_cohorts_per_period_and_cumulative():
    # January cohort a, b (2 customers): Jan 10 + 30, Feb 20, Mar 40 + 6. February cohort c: 5.
    per_period = cohort_table(IDS, DATES, AMOUNTS, cumulative=False)
    assert per_period.cohort.tolist() == ["1997-01", "1997-02"]
    assert per_period.size.tolist() == [2, 1]
    np.testing.assert_array_equal(per_period.values, [[20, 10, 23], [5, 0, np.nan]])
    running = cohort_table(IDS, DATES, AMOUNTS)
    np.testing.assert_array_equal(running.values, [[20, 30, 53], [5, 5, np.nan]])
    assert running.cumulative and not per_period.cumulative


def test_weekly_cohorts_start_on_monday_and_yearly_ones_are_years():
    weeks = cohort_table([1, 2, 1], ["1997-01-05", "1997-01-06", "1997-01-13"], [1, 2, 3],
                         period="W", cumulative=False)
    assert weeks.cohort.tolist() == ["1996-12-30", "1997-01-06"]   # Sunday 5 Jan → week of 30 Dec
    np.testing.assert_array_equal(weeks.values, [[1, 0, 3], [2, 0, np.nan]])
    years = cohort_table([1, 2], ["1997-12-31", "1998-01-01"], [1, 2], period="Y")
    assert years.cohort.tolist() == ["1997", "1998"] and years.period.tolist() == [0, 1]


def test_cohort_period_is_checked():
    with pytest.raises(CLVError, match='^period: "Q" is not a time unit'):
        cohort_table(IDS, DATES, AMOUNTS, period="Q")


def test_default_segments_are_top_20_next_30_rest():
    values = [10, 100, 50, 50, 20, 30, 40, 60, 70, 80]
    assert segment(values).tolist() == ["C", "A", "B", "B", "C", "C", "C", "B", "B", "A"]


def test_ties_share_the_better_tier_whatever_the_order():
    assert segment([5, 5, 5, 1, 1]).tolist() == ["A", "A", "A", "C", "C"]
    assert segment([1, 5, 1, 5, 5]).tolist() == ["C", "A", "C", "A", "A"]


def test_custom_shares_and_value_cutoffs():
    assert segment([4, 3, 2, 1], cutoffs=[0.25, 0.25, 0.25]).tolist() == ["A", "B", "C", "D"]
    assert segment([[1000], [999.99], [-5]], method="value", cutoffs=[1000, 0]).tolist() == [
        ["A"], ["B"], ["C"]]


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "abc"}, r'^method: "abc" is not an option; use "quantile" or "value"$'),
    ({"cutoffs": [0.6, 0.6]}, r"^cutoffs: the shares add up to 1.2, more than 100%"),
    ({"cutoffs": [20, 30]}, r"^cutoffs: 20 is not a rate between 0 and 1; enter 20% or 0.2"),
    ({"method": "value"}, r'^cutoffs: method "value" needs value thresholds'),
    ({"method": "value", "cutoffs": [1, 2]}, r"^cutoffs: the thresholds must go from highest"),
])
def test_bad_segment_settings_are_named(kwargs, message):
    with pytest.raises(CLVError, match=message):
        segment([1, 2, 3], **kwargs)


def test_segment_values_must_be_numbers():
    with pytest.raises(CLVError, match=r'^values: "x" is text, not a number'):
        segment([1, "x"])


def test_kpis_of_a_small_table():
    k = kpis(IDS, DATES, AMOUNTS)
    assert (k.customers, k.orders, k.revenue) == (3, 6, 111.0)
    assert k.average_order_value == 18.5 and k.average_clv == 37.0
    span_years = 86 / 365.25                                  # 5 Jan – 31 Mar inclusive
    assert k.purchases_per_year == pytest.approx(6 / 3 / span_years)
    assert np.isnan(k.retention_rate)                         # less than two years of data
    assert str(k.first_date) == "1997-01-05" and str(k.last_date) == "1997-03-31"


def test_yearly_retention_compares_the_last_two_years():
    # last date 2021-12-31: last year 2021-01-01..2021-12-31, year before 2020-01-02..2020-12-31.
    ids = ["a", "b", "c", "d", "a", "c", "e", "d"]
    dates = ["2020-01-02", "2020-05-01", "2020-12-31", "2020-01-01", "2021-01-01", "2021-12-31",
             "2021-06-01", "2021-03-01"]
    k = kpis(ids, dates, [1] * 8)
    # year before: a, b, c (d's 1 Jan 2020 is older); of those a and c came back.
    assert k.retention_rate == pytest.approx(2 / 3)


def test_kpis_refuse_bad_rows():
    with pytest.raises(CLVError, match=r'^dates row 2: "2020-02-30" is not a date'):
        kpis([1, 2], ["2020-01-01", "2020-02-30"], [1, 2])


def test_more_cutoffs_than_letters_is_a_plain_error():
    from clv_udfs.core.segments import segment
    with pytest.raises(CLVError, match=r"^cutoffs: 26 cutoffs make more tiers than the letters "
                                       r"A to Z; give at most 25$"):
        segment([1.0, 2.0], "value", list(range(26, 0, -1)))
