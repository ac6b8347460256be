"""One observation-end rule (core.summary.observed) for the RFM summary, the KPIs and the
calibration period of the holdout split; one "calibration end before the observation end" rule
(core.holdout.check_holdout_period) for the holdout and the CLI.

The data are an Online Retail-shaped export: ids as Excel wrote them ("17850.0"), invoice
lines already multiplied out (quantity × price) and a credit note of customer 17850 dated
before that customer's first purchase in the export (the purchase it refunds is older). Figures
by hand, in days."""

import numpy as np
import pytest

from clv_udfs.core.holdout import calibration_and_holdout, check_holdout_period
from clv_udfs.core.kpis import kpis
from clv_udfs.core.summary import rfm_summary
from clv_udfs.core.transactions import check_transactions
from clv_udfs.errors import CLVError

IDS = ["17850.0", "17850.0", "13047.0", "17850.0", "13047.0"]
DATES = ["2010-12-01", "2010-12-05", "2010-12-10", "2010-12-20", "2010-12-22"]
AMOUNTS = [-2 * 7.65, 6 * 2.55 + 8 * 3.39, 12 * 1.25, 4 * 4.25, 24 * 0.85]


def _export():
    return check_transactions(IDS, DATES, AMOUNTS, returns="net")


def test_an_end_that_leaves_only_the_credit_note_is_refused_alike_everywhere():
    said = ("no purchase is dated on or before 2010-12-03; enter a date on or after the first "
            "purchase")
    for call in (lambda: rfm_summary(_export(), observation_end="2010-12-03"),
                 lambda: kpis(_export(), observation_end="2010-12-03")):
        with pytest.raises(CLVError) as raised:
            call()
        assert str(raised.value) == f"observation_end: {said}"
    with pytest.raises(CLVError) as raised:   # the calibration period ends the same way
        calibration_and_holdout(_export(), None, None, "2010-12-03", time_unit="D")
    assert str(raised.value) == f"calibration_end: {said}"


def test_an_end_before_the_export_is_refused_alike_everywhere():
    said = ("2010-11-30 is before the first transaction (2010-12-01); enter a date on or after "
            "it")
    for call, name in ((lambda: rfm_summary(_export(), observation_end="2010-11-30"),
                        "observation_end"),
                       (lambda: kpis(_export(), observation_end="2010-11-30"),
                        "observation_end"),
                       (lambda: calibration_and_holdout(_export(), None, None, "2010-11-30"),
                        "calibration_end")):
        with pytest.raises(CLVError) as raised:
            call()
        assert str(raised.value) == f"{name}: {said}"


def test_the_summary_and_the_kpis_keep_the_same_rows_up_to_the_end():
    s = rfm_summary(_export(), observation_end="2010-12-08", time_unit="D")
    k = kpis(_export(), observation_end="2010-12-08")
    # up to 8 Dec: 17850's credit note (1 Dec) and its purchase (5 Dec); 13047 first buys on
    # 10 Dec and is left out. T = 8 − 5 = 3 days; revenue 15.30 + 27.12 − 15.30 = 27.12.
    assert s.customer_id.tolist() == ["17850.0"] and s.T.tolist() == [3.0]
    assert s.total_spend.tolist() == pytest.approx([6 * 2.55 + 8 * 3.39 - 2 * 7.65])
    assert (k.customers, k.orders) == (1, 1)
    assert k.revenue == pytest.approx(6 * 2.55 + 8 * 3.39 - 2 * 7.65)


def test_the_period_starts_at_the_first_row_kept():
    """Customer X's credit note (2020) goes with X, whose only purchase is after the end; the
    period then runs from A's first purchase: 2021-01-01 to 2022-12-31 is 730 days, so A's
    2 orders are 2 × 365.25 / 730 a year (found in the final review: the note's date was
    kept as the start, 1,096 days, 0.667 a year)."""
    k = kpis(["X", "A", "A", "X"], ["2020-01-01", "2021-01-01", "2021-06-01", "2023-01-01"],
             [-5, 10, 20, 30], returns="net", observation_end="2022-12-31")
    assert k.first_date == np.datetime64("2021-01-01") and k.days == 730
    assert k.purchases_per_year == pytest.approx(2 * 365.25 / 730, rel=1e-12)


def test_the_holdout_split_counts_the_calibration_customers_up_to_its_end():
    h = calibration_and_holdout(_export(), None, None, "2010-12-10", "2010-12-22", "D")
    # by 10 Dec: 17850 (first bought 5 Dec) and 13047 (10 Dec); holdout 11–22 Dec: one
    # purchase day each (20 Dec, 22 Dec), 12 days long
    assert h.calibration.customer_id.tolist() == ["17850.0", "13047.0"]   # as written
    assert h.calibration.T.tolist() == [5.0, 0.0]
    assert h.holdout_frequency.tolist() == [1, 1] and h.holdout_length == 12.0


@pytest.mark.parametrize("split, end", [("2010-12-22", "2010-12-22"),
                                        ("2010-12-23", "2010-12-22")])
def test_a_calibration_end_not_before_the_observation_end_is_one_rule(split, end):
    with pytest.raises(CLVError) as raised:
        calibration_and_holdout(_export(), None, None, split, end)
    assert str(raised.value) == (
        f"calibration_end: {split} is not before the observation end {end}; the models are "
        "checked on the days between them, so give an earlier calibration_end")
    with pytest.raises(CLVError) as raised:   # the CLI's check, with its options' names
        check_holdout_period(np.datetime64(split), np.datetime64(end), "--calibration-end",
                             "--observation-end")
    assert str(raised.value) == (
        f"--calibration-end: {split} is not before --observation-end {end}; the models are "
        "checked on the days between them, so give an earlier --calibration-end")
