"""Forecast evidence through the Excel layer (issue 10): CLV_HOLDOUT, the unit-safe chain from a
spilled CLV_RFM / CLV_HOLDOUT table into the fits and predictions, and CLV_MODEL_CHECK."""

import numpy as np
import pytest
import xlwings as xw

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.sample import read_cdnow_sample

IDS, DATES, AMOUNTS, _ = read_cdnow_sample()
DAYS = [int(str(d).replace("-", "")) for d in DATES]     # CDNOW's own YYYYMMDD numbers


def col(values):
    return [[v] for v in values]


TRANSACTIONS = (col(IDS.tolist()), col(DAYS), col(AMOUNTS.tolist()))


@pytest.fixture(scope="module")
def holdout_spill():
    """CLV_HOLDOUT on the CDNOW sample in weeks, through the classic add-in."""
    from clv_udfs import excel
    return excel.CLV_HOLDOUT(*TRANSACTIONS, [["1997-09-30"]], [["1998-06-30"]])


def test_clv_holdout_spills_the_core_split_with_units_in_the_header(holdout_spill):
    core = calibration_and_holdout(IDS, DATES, AMOUNTS, "1997-09-30", "1998-06-30", "W")
    header, body = holdout_spill[0], holdout_spill[1:]
    assert header == ["customer id", "frequency (repeat purchases)", "recency (weeks)",
                      "T (weeks)", "monetary value (mean repeat purchase)", "total spend",
                      "holdout repeat purchases", "holdout length (weeks)", "holdout spend"]
    assert len(body) == len(core) == 2357
    assert sum(row[6] for row in body) == int(core.holdout_frequency.sum())
    assert {row[7] for row in body} == {39.0}


def test_clv_holdout_without_calibration_end_is_one_line(officejs):
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("CLV_HOLDOUT", *TRANSACTIONS, [[None]])
    assert str(raised.value).startswith("calibration_end: the cell is empty")
