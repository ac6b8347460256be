"""Standard errors against numbers from outside the code: lifetimes' on CDNOW for BG/NBD, and
for Pareto/NBD, Gamma-Gamma and sBG the inverse of a finite-difference Hessian of the papers'
log-likelihoods in the natural parameters (tests/papers.py), issue 15."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, GammaGamma, ParetoNBD, ShiftedBetaGeometric
from papers import (bgnbd_log_likelihood, gamma_gamma_log_likelihood, pareto_nbd_log_likelihood,
                    sbg_log_likelihood, standard_errors_by_finite_differences)
from test_models_cdnow import T, T_X, X, ZBAR

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


def test_bgnbd_standard_errors_equal_lifetimes_on_cdnow():
    """lifetimes 0.11.3, BetaGeoFitter().fit on the CDNOW summary: standard errors
    0.01256, 0.37822, 0.18572, 0.70535 for r, α, a, b (issue 15)."""
    fitted = BetaGeo("W").fit(X, T_X, T)
    np.testing.assert_allclose(list(fitted.standard_errors_.values()),
                               [0.01256, 0.37822, 0.18572, 0.70535], atol=5e-6)


@pytest.mark.parametrize("fit, log_likelihood", [
    (lambda: ParetoNBD("W").fit(X, T_X, T),
     lambda theta: pareto_nbd_log_likelihood(X, T_X, T, *theta)),
    (lambda: GammaGamma().fit(X[X > 0], ZBAR[X > 0]),
     lambda theta: gamma_gamma_log_likelihood(X[X > 0], ZBAR[X > 0], *theta)),
    (lambda: ShiftedBetaGeometric("Y").fit(REGULAR),
     lambda theta: sbg_log_likelihood(REGULAR, *theta)),
], ids=["Pareto/NBD", "Gamma-Gamma", "sBG"])
def test_standard_errors_equal_an_independent_finite_difference_hessian(fit, log_likelihood):
    """√diag(−H⁻¹) with H the Hessian in θ itself (no log, no delta method), by central
    differences of the paper's log-likelihood at the fitted θ: agreement to 0.1%."""
    fitted = fit()
    theta = np.array(list(fitted.params_.values()))
    expected = standard_errors_by_finite_differences(log_likelihood, theta)
    np.testing.assert_allclose(list(fitted.standard_errors_.values()), expected, rtol=1e-3)


def test_penalized_standard_errors_come_from_the_penalized_likelihood():
    """With a penalty the information is that of N·f: −ℓ + N λ Σ θ'² (θ' = α / max T for α);
    the finite-difference Hessian of that function, in θ, gives the same errors."""
    fitted = BetaGeo("W", penalizer=0.01).fit(X, T_X, T)
    unit, n = T.max(), len(X)

    def penalized(theta):
        r, alpha, a, b = theta
        return (bgnbd_log_likelihood(X, T_X, T, r, alpha, a, b)
                - n * 0.01 * (r**2 + (alpha / unit) ** 2 + a**2 + b**2))

    theta = np.array(list(fitted.params_.values()))
    np.testing.assert_allclose(list(fitted.standard_errors_.values()),
                               standard_errors_by_finite_differences(penalized, theta), rtol=1e-3)
