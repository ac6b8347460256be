"""The Excel layer remembers fits by value (issue 13.3): a live workbook that asks for the same
fit from many cells, or recalculates, fits once."""

import pytest

from clv_udfs import catalog, memo
from clv_udfs.core.models import BetaGeo, ShiftedBetaGeometric

from fuzz_functions import CDNOW

FREQUENCY, RECENCY, T = CDNOW


@pytest.fixture
def fits(monkeypatch):
    """Count the model fits actually run, starting from an empty memo."""
    memo.FITS.clear()
    counted = []
    for cls in (BetaGeo, ShiftedBetaGeometric):
        original = cls.fit
        monkeypatch.setattr(cls, "fit", lambda self, *a, _fit=original, **k:
                            counted.append(type(self).NAME) or _fit(self, *a, **k))
    yield counted
    memo.FITS.clear()


def test_the_same_fit_on_the_same_values_is_not_refitted(officejs, fits):
    first = officejs("BGNBD_FIT", FREQUENCY, RECENCY, T, [["W"]])
    again = officejs("BGNBD_FIT", [row[:] for row in FREQUENCY], RECENCY, T, [["W"]])
    assert again == first and len(fits) == 1


def test_both_runtimes_share_the_remembered_fit(officejs, classic, fits):
    first = officejs("SBG_FIT", [[1000], [631], [468], [382]])
    assert classic("SBG_FIT", [[1000], [631], [468], [382]]) == first
    assert len(fits) == 1


def test_a_changed_value_or_option_refits(officejs, fits):
    officejs("BGNBD_FIT", FREQUENCY, RECENCY, T, [["W"]])
    changed = [row[:] for row in T]
    changed[0] = [40]
    officejs("BGNBD_FIT", FREQUENCY, RECENCY, changed, [["W"]])
    officejs("BGNBD_FIT", FREQUENCY, RECENCY, T, [["D"]])
    assert len(fits) == 3


def test_one_and_one_point_zero_and_true_are_different_values():
    keys = {memo.Memo.key("SBG_FIT", [[[v]]]) for v in (1, 1.0, True, "1")}
    assert len(keys) == 4


def test_the_memo_is_bounded_and_forgets_the_least_recently_used():
    store, calls = memo.Memo(size=2), []

    def compute(x):
        calls.append(x)
        return [[x]]
    for x in ("a", "b", "a", "c", "a", "b"):   # "b" is forgotten when "c" arrives
        store("F", [x], compute)
    assert calls == ["a", "b", "c", "b"]


def test_a_refused_fit_is_not_remembered(officejs, fits):
    bad = [[1000], [1200]]   # more active after a renewal than before
    for _ in range(2):
        with pytest.raises(Exception, match="active"):
            officejs("SBG_FIT", bad)
    assert len(fits) == 2


def test_only_the_fits_are_remembered():
    assert {s.name for s in catalog.FUNCTIONS.values() if s.memoised} == {
        name for name in catalog.FUNCTIONS if name.endswith("_FIT")}
    assert catalog.FUNCTIONS["BGNBD_FIT"].memoised and not catalog.FUNCTIONS["CLV_RFM"].memoised


def test_the_callers_copy_can_be_changed_without_changing_the_memo(officejs, fits):
    first = officejs("SBG_FIT", [[1000], [631], [468]])
    first[1][1] = "changed"
    assert officejs("SBG_FIT", [[1000], [631], [468]])[1][1] != "changed"
