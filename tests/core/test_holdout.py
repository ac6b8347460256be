"""Calibration/holdout split: the CDNOW sample against a count made here from the raw file, the
published BG/NBD calibration estimates, and hand-worked small cases."""

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.models import BetaGeo
from clv_udfs.errors import CLVError
from clv_udfs.sample import read_cdnow_sample

RAW = Path(__file__).resolve().parents[2] / "clv_udfs" / "data" / "CDNOW_sample.txt"


def _raw_holdout_count(calibration_end, observation_end):
    """Distinct customer-days in (calibration_end, observation_end] of customers whose first
    purchase is on or before calibration_end, counted line by line from the raw file."""
    days = defaultdict(set)
    with open(RAW) as lines:
        for line in lines:
            master, _sample, day, _cds, _dollars = line.split()
            days[master].add(int(day))
    return sum(sum(calibration_end < d <= observation_end for d in customer_days)
               for customer_days in days.values() if min(customer_days) <= calibration_end)


@pytest.fixture(scope="module")
def cdnow():
    ids, dates, amounts, _ = read_cdnow_sample()
    return calibration_and_holdout(ids, dates, amounts, "1997-09-30", "1998-06-30", "W")


def test_cdnow_holdout_total_matches_a_count_from_the_raw_file(cdnow):
    assert int(cdnow.holdout_frequency.sum()) == _raw_holdout_count(19970930, 19980630)
    assert len(cdnow) == 2357                       # FHL (2005): the 1997 Q1 cohort
    assert cdnow.holdout_length == 39.0             # 273 days: FHL's 39 holdout weeks
    assert cdnow.time_unit == "W"


def test_cdnow_calibration_fit_gives_the_published_bgnbd_estimates(cdnow):
    """Fader, Hardie & Lee (2005), table 1: r 0.243, α 4.414, a 0.793, b 2.426."""
    c = cdnow.calibration
    model = BetaGeo("W").fit(c.frequency, c.recency, c.T)
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert model.params_[name] == pytest.approx(value, abs=5e-4)


def test_same_day_holdout_purchases_are_one_and_late_customers_are_left_out():
    # a: calibration 1 Jan, 8 Jan; holdout 22 Jan twice (one day) and 29 Jan;
    # b: calibration 8 Jan only; c: first buys in the holdout; a row after the end is ignored.
    h = calibration_and_holdout(
        ["a", "a", "b", "a", "a", "a", "c", "a"],
        ["1997-01-01", "1997-01-08", "1997-01-08", "1997-01-22", "1997-01-22", "1997-01-29",
         "1997-01-22", "1997-02-05"],
        [10, 20, 5, 7, 3, 4, 9, 100], "1997-01-15", "1997-01-29", "D")
    assert h.calibration.customer_id.tolist() == ["a", "b"]
    assert h.calibration.frequency.tolist() == [1, 0]
    assert h.calibration.T.tolist() == [14.0, 7.0]
    assert h.holdout_frequency.tolist() == [2, 0]
    assert h.holdout_spend.tolist() == [14.0, 0.0]
    assert h.holdout_length == 14.0
    assert h.first_day.astype(str).tolist() == ["1997-01-01", "1997-01-08"]
    assert h.repeat_days.astype(str).tolist() == ["1997-01-08", "1997-01-22", "1997-01-29"]


def test_holdout_length_is_in_the_unit_asked_for():
    args = (["a", "a"], ["1997-01-01", "1997-03-02"], [1, 2], "1997-01-31", "1997-03-02")
    assert calibration_and_holdout(*args, time_unit="D").holdout_length == 30.0
    assert calibration_and_holdout(*args, time_unit="M").holdout_length == pytest.approx(
        30 / 30.4375)


@pytest.mark.parametrize("split,end,message", [
    ("1996-12-31", None, "calibration_end: 1996-12-31 is before the first transaction"),
    ("1997-03-02", None, "calibration_end: 1997-03-02 is not before the observation end"),
    ("1997-02-01", "1997-01-15", "calibration_end: 1997-02-01 is not before the observation"),
    ("soon", None, 'calibration_end row 1: "soon" is not a date'),
])
def test_a_split_without_a_holdout_is_one_line_naming_the_argument(split, end, message):
    with pytest.raises(CLVError) as raised:
        calibration_and_holdout(["a", "a"], ["1997-01-01", "1997-03-02"], [1, 2], split, end)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
