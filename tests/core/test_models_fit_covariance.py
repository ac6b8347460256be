"""The covariance a fit keeps (its standard errors' Hessian) is the one the data give again:
the forecast's interval takes it instead of differencing the likelihood a second time."""

import numpy as np
import pytest

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.models import BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNBD
from clv_udfs.core.models.uncertainty import fit_covariance, log_covariance
from clv_udfs.sample import read_cdnow_sample

IDS, DATES, AMOUNTS, _ = read_cdnow_sample()


@pytest.fixture(scope="module")
def calibration():
    return calibration_and_holdout(IDS, DATES, AMOUNTS, "1997-09-30", "1998-06-30",
                                   "W").calibration


@pytest.mark.parametrize("cls", [BetaGeo, ModifiedBetaGeo, ParetoNBD])
def test_a_transaction_fit_keeps_the_covariance_of_its_data(calibration, cls):
    c = calibration
    model = cls("W").fit(c.frequency, c.recency, c.T)
    kept, again = fit_covariance(model), log_covariance(model, c.frequency, c.recency, c.T)
    assert kept == pytest.approx(again, rel=1e-4)
    errors = np.sqrt(np.diag(kept)) * np.array(list(model.params_.values()))
    assert errors == pytest.approx(list(model.standard_errors_.values()), rel=1e-12)


def test_the_spend_fit_keeps_its_covariance_and_known_parameters_have_none(calibration):
    c = calibration
    repeat = c.frequency > 0
    x, z = c.frequency[repeat], c.monetary_value[repeat]
    model = GammaGamma().fit(x, z)
    assert fit_covariance(model) == pytest.approx(log_covariance(model, x, z), rel=1e-4)
    assert fit_covariance(GammaGamma.from_params(p=6.0, q=4.0, gamma=15.0)) is None
