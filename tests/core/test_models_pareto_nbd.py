"""Pareto/NBD against the published CDNOW estimates and the BTYD package's worked numbers."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import gammaln

from clv_udfs.core.models import ParetoNBD
from test_models_cdnow import T, T_X, X

BTYD = {"r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562}


@pytest.fixture(scope="module")
def fitted():
    return ParetoNBD("W").fit(X, T_X, T)


def test_estimates_match_the_paper(fitted):
    """Fader, Hardie & Lee (2005, Marketing Science), Pareto/NBD on CDNOW: r = 0.553,
    α = 10.578, s = 0.606, β = 11.669, LL = −9595.0 (three significant figures here)."""
    published = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
    for name, value in published.items():
        assert fitted.params_[name] == pytest.approx(value, rel=5e-3)
    assert fitted.log_likelihood_ == pytest.approx(-9595.0, abs=0.05)
    assert fitted.converged_


def test_likelihood_equals_the_integral_it_comes_from():
    """The 2F1 closed form against direct integration over the death time τ in (t_x, T]:
    L = Γ(r+x)α^r β^s/Γ(r) [ (α+T)^-(r+x) (β+T)^-s + ∫ s (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ]."""
    for params in ((0.55, 10.58, 0.61, 11.67), (0.55, 3.0, 0.61, 11.67), (2.0, 1.0, 1.5, 1.0)):
        model = ParetoNBD.from_params("W", **dict(zip(ParetoNBD.PARAMETERS, params)))
        r, alpha, s, beta = params
        for x, t_x, age in ((0, 0, 30), (3, 10, 30), (40, 29, 30), (2, 30, 30)):
            died = quad(lambda tau: s * (alpha + tau) ** -(r + x) * (beta + tau) ** -(s + 1),
                        t_x, age, epsabs=0, epsrel=1e-12)[0]
            alive = (alpha + age) ** -(r + x) * (beta + age) ** -s
            expected = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) \
                + np.log(alive + died)
            rows, _ = model._log_likelihood(params, (np.array([x]), np.array([t_x]),
                                                     np.array([age])))
            assert rows[0] == pytest.approx(expected, rel=1e-9)


def test_btyd_walkthrough_customer(fitted):
    """BTYD walkthrough (Dziurzynski, Wadsworth & McCarthy), CDNOW: x = 26, t_x = 30.86,
    T = 31 has P(alive) = 0.9979 and expects 25.46 purchases in the next 52 weeks."""
    model = ParetoNBD.from_params("W", **BTYD)
    assert model.conditional_probability_alive(26, 30.86, 31) == pytest.approx(0.9979, abs=5e-5)
    expected = fitted.conditional_expected_number_of_purchases_up_to_time(52, 26, 30.86, 31)
    assert expected == pytest.approx(25.46, abs=5e-3)


def test_btyd_manual_expectation():
    """E[X(t)], t = 0..9 weeks, from the BTYD reference manual's pnbd.Expectation example as
    quoted in lifetimes' test suite. The parameters (0.55, 10.56, 0.61, 11.64) are our reading
    of that example, not quoted with the values: they reproduce all ten to eight digits."""
    model = ParetoNBD.from_params("W", r=0.55, alpha=10.56, s=0.61, beta=11.64)
    expected = [0.00000000, 0.05077821, 0.09916088, 0.14542507, 0.18979930, 0.23247466,
                0.27361274, 0.31335159, 0.35181024, 0.38909211]
    np.testing.assert_allclose(model.expected_number_of_purchases_up_to_time(np.arange(10)),
                               expected, atol=5e-9)


def test_s_equal_to_one_is_the_logarithmic_limit():
    """At s = 1, E[X(t)] = (rβ/α) ln(1 + t/β) (the limit of eq. 17)."""
    model = ParetoNBD.from_params("W", r=0.5, alpha=10.0, s=1.0, beta=12.0)
    assert model.expected_number_of_purchases_up_to_time(24) == pytest.approx(
        0.5 * 12 / 10 * np.log(3), rel=1e-12)


def test_predictions_stay_finite_for_heavy_and_long_histories():
    for params in (BTYD, {"r": 10.465, "alpha": 7.98565181e-03, "s": 3.0516, "beta": 2.820}):
        model = ParetoNBD.from_params("W", **params)
        x = np.array([0, 1, 40, 132, 133, 5000, 5000])
        t_x = np.array([0, 1000, 5, 200, 200, 1000, 1])
        age = np.array([1000, 1000, 6, 200, 200, 1000, 1000])
        alive = model.conditional_probability_alive(x, t_x, age)
        expected = model.conditional_expected_number_of_purchases_up_to_time(10, x, t_x, age)
        assert ((alive >= 0) & (alive <= 1)).all()
        assert np.isfinite(expected).all() and (expected >= 0).all()
    # one more purchase changes little (lifetimes' underflow regression, published parameters)
    model = ParetoNBD.from_params("W", r=0.55, alpha=10.58, s=0.61, beta=11.67)
    left, right = model.conditional_expected_number_of_purchases_up_to_time(
        10, [132, 133], 200, 200)
    assert abs(left - right) < 0.05
