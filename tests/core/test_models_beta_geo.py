"""BG/NBD against Fader, Hardie & Lee (2005) and its companion spreadsheet."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo
from clv_udfs.errors import CLVError
from test_models_cdnow import T, T_X, X

PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


@pytest.fixture(scope="module")
def fitted():
    return BetaGeo("W").fit(X, T_X, T)


def test_estimates_match_the_paper(fitted):
    """FHL (2005), section 4: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4."""
    for name, value in PUBLISHED.items():
        assert fitted.params_[name] == pytest.approx(value, abs=5e-4)
    assert fitted.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)
    assert fitted.converged_
    assert fitted.time_unit == "W"


def test_standard_errors_are_positive_and_finite(fitted):
    errors = np.array(list(fitted.standard_errors_.values()))
    assert np.isfinite(errors).all() and (errors > 0).all()


def test_conditional_expectation_of_the_worked_example(fitted):
    """FHL (2005) spreadsheet: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks."""
    value = fitted.conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86)
    assert value == pytest.approx(1.226, abs=5e-4)


def test_expected_purchases_of_a_new_customer(fitted):
    """FHL (2005) spreadsheet, E[X(t)] at t = 1 day, 1, 3, 31.86 and 32 weeks."""
    t = np.array([0.1429, 1.0, 3.00, 31.8571, 32.00])
    expected = np.array([0.0078, 0.0532, 0.1506, 1.0405, 1.0437])
    np.testing.assert_allclose(fitted.expected_number_of_purchases_up_to_time(t), expected,
                               atol=5e-5)


@pytest.mark.xfail(strict=True, reason="the spreadsheet's solver estimates differ from the "
                   "maximum (gradient < 1e-7 here) beyond the printed digits; at twice the "
                   "calibration period that shows: 1.8580 here against 1.8576")
def test_expected_purchases_at_78_weeks(fitted):
    """FHL (2005) spreadsheet, E[X(78)] = 1.8576."""
    assert fitted.expected_number_of_purchases_up_to_time(78) == pytest.approx(1.8576, abs=5e-5)


def test_probability_alive_by_hand():
    """Eq. 13 by hand for x = 2, t_x = 30.43, T = 38.86 with the published parameters:
    1 / (1 + 0.793/3.426 · (43.274/34.844)^2.243) = 0.72658."""
    model = BetaGeo.from_params("W", **PUBLISHED)
    assert model.conditional_probability_alive(2, 30.43, 38.86) == pytest.approx(0.72658, abs=1e-5)
    assert model.conditional_probability_alive(0, 0, 38.86) == 1.0


def test_predictions_stay_finite_for_heavy_and_long_histories():
    model = BetaGeo.from_params("W", **PUBLISHED)
    x = np.array([0, 1, 50, 500, 5000, 5000])
    t_x = np.array([0, 1000, 0.1, 38.86, 1000, 1])
    age = np.array([1000, 1000, 38.86, 38.86, 1000, 1000])
    expected = model.conditional_expected_number_of_purchases_up_to_time(52, x, t_x, age)
    alive = model.conditional_probability_alive(x, t_x, age)
    assert np.isfinite(expected).all() and (expected >= 0).all()
    assert ((alive >= 0) & (alive <= 1)).all()
    assert expected[3] > 100   # a heavy buyer seen at T keeps buying


def test_weights_equal_repeated_rows():
    weights = np.arange(len(X)) % 3
    once = BetaGeo("W").fit(X, T_X, T, weights=weights)
    spelled = BetaGeo("W").fit(*(np.repeat(v, weights) for v in (X, T_X, T)))
    for name in PUBLISHED:
        assert once.params_[name] == pytest.approx(spelled.params_[name], rel=1e-6)


def test_penalizer_shrinks_the_parameters(fitted):
    shrunk = BetaGeo("W", penalizer=0.1).fit(X, T_X, T)
    assert all(shrunk.params_[k] < fitted.params_[k] for k in PUBLISHED)


@pytest.mark.parametrize("args, message", [
    (([-1], [0], [5]), "frequency: -1 is not allowed"),
    (([1.5], [1], [5]), "frequency: 1.5 is not a whole number"),
    (([1], [6], [5]), "recency: 6 is after T 5"),
    (([0], [2], [5]), "recency: 2 with frequency 0"),
    (([1], [np.nan], [5]), "recency: the value is missing"),
])
def test_bad_inputs_name_argument_and_value(args, message):
    model = BetaGeo.from_params("W", **PUBLISHED)
    with pytest.raises(CLVError, match=message):
        model.conditional_probability_alive(*args)
    with pytest.raises(CLVError, match=message):
        BetaGeo("W").fit(*args)


def test_a_fit_without_repeat_buying_says_how_to_fix_it():
    with pytest.raises(CLVError, match="penalizer"):
        BetaGeo("W").fit([0, 0, 0], [0, 0, 0], [5, 6, 7])


def test_time_unit_is_required_and_parameters_must_be_complete():
    with pytest.raises(CLVError, match="time_unit"):
        BetaGeo.from_params(**PUBLISHED)
    with pytest.raises(CLVError, match="give exactly r, alpha, a, b"):
        BetaGeo.from_params("W", r=1, alpha=1, a=1)
    with pytest.raises(CLVError, match="no parameters yet"):
        BetaGeo("W").conditional_probability_alive(1, 1, 2)
