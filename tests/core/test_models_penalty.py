"""The penalized fits: the same fitted customers in any time unit (or currency), lifetimes'
figures on CDNOW, and the estimates of an independent penalized optimisation (issue 15)."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, GammaGamma, ParetoNBD, expected_clv
from clv_udfs.core.time_units import convert
from papers import bgnbd_log_likelihood, bgnbd_penalized_fit, gamma_gamma_log_likelihood
from test_models_cdnow import T, T_X, X, ZBAR


def _summaries_in_days(seed=15, customers=400):
    """Order days of a small shop, built here: each customer's first order on day 0..179,
    later orders a few weeks apart, the books closed on day 364; returns (x, t_x, T) in days
    and each repeat buyer's mean order value."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 180, customers)
    gaps = rng.geometric(1 / rng.uniform(10, 90, customers)[:, None], (customers, 12))
    days = first[:, None] + np.cumsum(gaps, axis=1)
    stays = rng.integers(0, 13, customers)[:, None] > np.arange(12)   # orders until they leave
    repeat = (days <= 364) & stays
    x = repeat.sum(axis=1).astype(float)
    last = np.where(repeat, days, first[:, None]).max(axis=1)
    spend = np.round(rng.gamma(4, 12, customers) * (1 + 0.3 * rng.random(customers)), 2)
    return x, (last - first).astype(float), (364 - first).astype(float), spend


@pytest.mark.parametrize("model", [BetaGeo, ParetoNBD])
def test_penalized_fit_gives_the_same_customers_in_days_weeks_and_months(model):
    """Same transactions, same penalizer, three units: the same P(alive), the same expected
    purchases in the next 90 days and the same 12-month CLV, to 1e-9."""
    x, t_x, age, spend = _summaries_in_days()
    results = []
    for unit in "DWM":
        recency, observed = convert(t_x, "D", unit), convert(age, "D", unit)
        fitted = model(unit, penalizer=0.05).fit(x, recency, observed)
        results.append(np.concatenate([
            fitted.conditional_probability_alive(x, recency, observed),
            fitted.conditional_expected_number_of_purchases_up_to_time(
                convert(90, "D", unit), x, recency, observed),
            expected_clv(fitted, x, recency, observed, unit, spend, 0.3, 0.01, 12, "M")]))
    np.testing.assert_allclose(results[1], results[0], rtol=1e-9, atol=0)
    np.testing.assert_allclose(results[2], results[0], rtol=1e-9, atol=0)


def test_penalized_spend_model_does_not_depend_on_the_currency():
    """Gamma-Gamma in pounds and in pence with the same penalizer: the same expected spend
    (in pence, 100 × the pounds)."""
    x, _, _, spend = _summaries_in_days()
    repeat = x > 0
    pounds = GammaGamma(penalizer=0.05).fit(x[repeat], spend[repeat])
    pence = GammaGamma(penalizer=0.05).fit(x[repeat], 100 * spend[repeat])
    np.testing.assert_allclose(
        pence.conditional_expected_average_profit(x[repeat], 100 * spend[repeat]),
        100 * pounds.conditional_expected_average_profit(x[repeat], spend[repeat]),
        rtol=1e-9)
    assert pence.params_["p"] == pytest.approx(pounds.params_["p"], rel=1e-9)


def test_penalized_cdnow_fit_gives_lifetimes_figures():
    """lifetimes 0.11.3, BetaGeoFitter(penalizer_coef=0.01) on the CDNOW summary:
    r 0.243, α 4.43, a 0.286, b 0.658 (issue 15)."""
    fitted = BetaGeo("W", penalizer=0.01).fit(X, T_X, T)
    assert fitted.params_["r"] == pytest.approx(0.243, abs=5e-4)
    assert fitted.params_["alpha"] == pytest.approx(4.43, abs=5e-3)
    assert fitted.params_["a"] == pytest.approx(0.286, abs=5e-4)
    assert fitted.params_["b"] == pytest.approx(0.658, abs=5e-4)


@pytest.mark.parametrize("penalizer", [0.001, 0.01, 0.1])
def test_penalized_estimates_equal_an_independent_optimisation(penalizer):
    """papers.bgnbd_penalized_fit: FHL (2005) eq. 6 and the documented penalty, minimised by
    Nelder–Mead; the estimates agree to 1e-6."""
    fitted = BetaGeo("W", penalizer=penalizer).fit(X, T_X, T)
    expected = bgnbd_penalized_fit(X, T_X, T, penalizer)
    np.testing.assert_allclose(list(fitted.params_.values()), expected, rtol=1e-6)


def test_penalizer_zero_is_plain_maximum_likelihood_in_every_unit():
    weeks = BetaGeo("W").fit(X, T_X, T)
    days = BetaGeo("D").fit(X, 7 * T_X, 7 * T)
    assert days.params_["alpha"] == pytest.approx(7 * weeks.params_["alpha"], rel=1e-9)
    assert days.params_["a"] == pytest.approx(weeks.params_["a"], rel=1e-9)


def test_spend_of_cdnow_is_unchanged_by_the_money_unit_when_unpenalized():
    repeat = X > 0
    fitted = GammaGamma().fit(X[repeat], ZBAR[repeat])
    assert fitted.params_["p"] == pytest.approx(6.25, abs=5e-3)


def test_log_likelihood_is_reported_in_the_users_unit():
    """The fit runs on rescaled data; the reported log-likelihood is the papers' formula on
    the user's data at the fitted parameters (days for BG/NBD, the currency for spend)."""
    days = BetaGeo("D").fit(X, 7 * T_X, 7 * T)
    assert days.log_likelihood_ == pytest.approx(
        bgnbd_log_likelihood(X, 7 * T_X, 7 * T, *days.params_.values()), rel=1e-12)
    repeat = X > 0
    spend = GammaGamma().fit(X[repeat], ZBAR[repeat])
    assert spend.log_likelihood_ == pytest.approx(
        gamma_gamma_log_likelihood(X[repeat], ZBAR[repeat], *spend.params_.values()), rel=1e-12)
