"""A fit started from another fit of the same model (the holdout check's calibration fit, for
the refit on all data) finds the same estimates as one started from scratch."""

import pytest

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.models import BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNBD
from clv_udfs.core.summary import rfm_summary
from clv_udfs.sample import read_cdnow_sample

IDS, DATES, AMOUNTS, _ = read_cdnow_sample()
PRECISION = {BetaGeo: 1e-12, ModifiedBetaGeo: 1e-12, ParetoNBD: 1e-8}   # Pareto/NBD: its 2F1
# derivatives in a and b are central differences where the 2F1's argument is above 0.3, which
# set how exactly its optimum is located


@pytest.fixture(scope="module")
def histories():
    split = calibration_and_holdout(IDS, DATES, AMOUNTS, "1997-09-30", "1998-06-30", "W")
    return split.calibration, rfm_summary(IDS, DATES, AMOUNTS, time_unit="W")


@pytest.mark.parametrize("cls", [BetaGeo, ModifiedBetaGeo, ParetoNBD])
def test_a_refit_started_from_the_calibration_fit_finds_the_same_estimates(histories, cls):
    calibration, whole = histories
    early = cls("W").fit(calibration.frequency, calibration.recency, calibration.T)
    cold = cls("W").fit(whole.frequency, whole.recency, whole.T)
    warm = cls("W").fit(whole.frequency, whole.recency, whole.T, start=early)
    assert warm.params_ == pytest.approx(cold.params_, rel=PRECISION[cls])
    assert warm.log_likelihood_ == pytest.approx(cold.log_likelihood_, rel=1e-12)
    assert warm.standard_errors_ == pytest.approx(cold.standard_errors_, rel=1e-5)


def test_a_start_without_usable_estimates_is_ignored(histories):
    _, whole = histories
    cold = BetaGeo("W").fit(whole.frequency, whole.recency, whole.T)
    spend = GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44)   # three parameters, not four
    pareto = ParetoNBD.from_params("W", r=0.55, alpha=10.6, s=0.61, beta=11.7)
    for start in (BetaGeo("W"), BetaGeo.from_params("W", r=1e-12, alpha=1.0, a=1.0, b=1.0),
                  spend, pareto):
        fitted = BetaGeo("W").fit(whole.frequency, whole.recency, whole.T, start=start)
        assert fitted.params_ == cold.params_
