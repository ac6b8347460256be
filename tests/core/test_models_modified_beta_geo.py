"""MBG/NBD (Batislam, Denizel & Filiztekin 2007) against an independent implementation of its
likelihood and predictions (tests/papers.py), optimised here with scipy, and BTYDplus' CDNOW
estimates."""

import numpy as np
import pytest
from scipy.optimize import minimize

from clv_udfs.core.models import BetaGeo, ModifiedBetaGeo
from clv_udfs.errors import CLVError
from papers import mbgnbd_expected, mbgnbd_expected_new, mbgnbd_log_likelihood, mbgnbd_p_alive
from test_models_cdnow import T, T_X, X

# BTYDplus (mplatzer/BTYDplus, mbgcnbd with k = 1) on the same CDNOW summary, as quoted in the
# lifetimes tests: r = 0.525, α = 6.183, a = 0.891, b = 1.614.
BTYDPLUS = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}
NAMES = tuple(BTYDPLUS)


@pytest.fixture(scope="module")
def fitted():
    return ModifiedBetaGeo("W").fit(X, T_X, T)


@pytest.fixture(scope="module")
def independent():
    """The papers.py likelihood maximised by Nelder-Mead over log-parameters (no gradient,
    nothing shared with the package)."""
    result = minimize(lambda p: -mbgnbd_log_likelihood(X, T_X, T, *np.exp(p)), np.zeros(4),
                      method="Nelder-Mead",
                      options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000,
                               "maxfev": 40000})
    return dict(zip(NAMES, np.exp(result.x))), -result.fun


def test_estimates_match_btydplus(fitted):
    for name, value in BTYDPLUS.items():
        assert fitted.params_[name] == pytest.approx(value, abs=5e-4)
    assert fitted.converged_ and fitted.time_unit == "W"


def test_estimates_and_log_likelihood_match_the_independent_maximum(fitted, independent):
    params, log_likelihood = independent
    for name in NAMES:
        assert fitted.params_[name] == pytest.approx(params[name], rel=1e-4)
    assert fitted.log_likelihood_ == pytest.approx(log_likelihood, abs=1e-6)
    assert fitted.log_likelihood_ == pytest.approx(
        mbgnbd_log_likelihood(X, T_X, T, **fitted.params_), abs=1e-8)


def test_log_likelihood_matches_the_paper_formula_away_from_the_optimum():
    for params in ({"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 1.0}, BTYDPLUS,
                   {"r": 3.0, "alpha": 0.2, "a": 5.0, "b": 0.3}):
        model = ModifiedBetaGeo.from_params("W", **params)
        data = model._prepare((X, T_X, T))
        rows, _ = model._log_likelihood(np.array(list(params.values())), data)
        assert rows.sum() == pytest.approx(mbgnbd_log_likelihood(X, T_X, T, **params),
                                           rel=1e-12)


def assert_gradient_matches_differences(model, params, columns):
    """The analytic gradient of each row's log-likelihood against central differences
    (shared with the BG/BB tests)."""
    data = model._prepare(columns)
    _, gradient = model._log_likelihood(params, data)
    for k, step in enumerate(np.diag(1e-6 * params)):
        numeric = (model._log_likelihood(params + step, data)[0]
                   - model._log_likelihood(params - step, data)[0]) / (2 * step[k])
        np.testing.assert_allclose(gradient[:, k], numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("point", [(0.525, 6.183, 0.891, 1.614), (2.0, 0.5, 3.0, 0.7)])
def test_analytic_gradient_matches_finite_differences(point):
    assert_gradient_matches_differences(ModifiedBetaGeo("W"), np.array(point), (X, T_X, T))


def test_standard_errors_are_positive_and_finite(fitted):
    errors = np.array(list(fitted.standard_errors_.values()))
    assert np.isfinite(errors).all() and (errors > 0).all()


def test_one_time_buyers_are_not_certainly_alive():
    """The point of the model: x = 0 gives 1/(1 + a/b·((α+T)/α)^r) < 1 (BG/NBD says 1)."""
    model = ModifiedBetaGeo.from_params("W", **BTYDPLUS)
    alive = model.conditional_probability_alive([0, 0], [0, 0], [1, 77])
    assert alive == pytest.approx([mbgnbd_p_alive(0, 0, t, **BTYDPLUS) for t in (1, 77)],
                                  rel=1e-12)
    assert alive[1] < alive[0] < 1
    assert BetaGeo.from_params("W", **BTYDPLUS).conditional_probability_alive(0, 0, 77) == 1


def test_predictions_match_the_independent_formulas():
    model = ModifiedBetaGeo.from_params("W", **BTYDPLUS)
    x, t_x, age = np.array([0, 1, 2, 7, 15]), np.array([0, 20.0, 30.43, 35.0, 38]), \
        np.array([38.86, 30, 38.86, 36, 39])
    np.testing.assert_allclose(model.conditional_probability_alive(x, t_x, age),
                               mbgnbd_p_alive(x, t_x, age, **BTYDPLUS), rtol=1e-12)
    for t in (1, 39, 104):
        np.testing.assert_allclose(
            model.conditional_expected_number_of_purchases_up_to_time(t, x, t_x, age),
            mbgnbd_expected(t, x, t_x, age, **BTYDPLUS), rtol=1e-9)
    t = np.array([0.1429, 1.0, 3.0, 32.0, 78.0])
    np.testing.assert_allclose(model.expected_number_of_purchases_up_to_time(t),
                               mbgnbd_expected_new(t, **BTYDPLUS), rtol=1e-9)


def test_expected_purchases_add_up_over_the_calibration_period(fitted):
    """Fitted models reproduce the calibration total roughly: Σ E[X(T_i)] against the 2,457
    repeat purchases observed (within 2 %)."""
    predicted = fitted.expected_number_of_purchases_up_to_time(T).sum()
    assert predicted == pytest.approx(X.sum(), rel=0.02)


def test_predictions_stay_finite_for_heavy_and_long_histories():
    """Every pairing of 0–5,000 purchases with histories up to 1,000 weeks."""
    model = ModifiedBetaGeo.from_params("W", **BTYDPLUS)
    x, age, share = (g.ravel() for g in np.meshgrid([0, 1, 50, 500, 5000], [1, 38.86, 1000],
                                                    [0.001, 0.5, 1.0]))
    t_x = np.where(x > 0, share * age, 0)
    expected = model.conditional_expected_number_of_purchases_up_to_time(52, x, t_x, age)
    alive = model.conditional_probability_alive(x, t_x, age)
    assert np.isfinite(expected).all() and (expected >= 0).all()
    assert ((alive >= 0) & (alive <= 1)).all()


def test_a_equal_to_one_is_continuous():
    near = [ModifiedBetaGeo.from_params("W", r=0.5, alpha=6, a=a, b=1.6) for a in
            (1 - 1e-6, 1.0, 1 + 1e-6)]
    values = [m.conditional_expected_number_of_purchases_up_to_time(39, 2, 30, 39) for m in near]
    assert np.isfinite(values).all()
    assert values[1] == pytest.approx(values[0], rel=1e-4)
    assert values[1] == pytest.approx(values[2], rel=1e-4)


def test_weights_equal_repeated_rows():
    weights = np.arange(len(X)) % 3
    once = ModifiedBetaGeo("W").fit(X, T_X, T, weights=weights)
    spelled = ModifiedBetaGeo("W").fit(*(np.repeat(v, weights) for v in (X, T_X, T)))
    for name in NAMES:
        assert once.params_[name] == pytest.approx(spelled.params_[name], rel=1e-6)


@pytest.mark.parametrize("args, message", [
    (([-1], [0], [5]), "frequency: -1 is not allowed"),
    (([1], [6], [5]), "recency: 6 is after T 5"),
    (([0], [2], [5]), "recency: 2 with frequency 0"),
])
def test_bad_inputs_name_argument_and_value(args, message):
    with pytest.raises(CLVError, match=message):
        ModifiedBetaGeo.from_params("W", **BTYDPLUS).conditional_probability_alive(*args)
    with pytest.raises(CLVError, match=message):
        ModifiedBetaGeo("W").fit(*args)


def test_time_unit_is_required():
    with pytest.raises(CLVError, match="time_unit"):
        ModifiedBetaGeo.from_params(**BTYDPLUS)
