"""The Pareto/NBD's 2F1(a, b; a+1; z) and its derivatives in a and b against numerical
integration of its integral form, 2F1(a, b; a+1; z) = ∫₀¹ (1 − z u^(1/a))^(−b) du
(a ∫₀¹ t^(a−1)(1 − zt)^(−b) dt with u = t^a), differentiated under the integral sign."""

import numpy as np
import pytest
from scipy.integrate import quad

from clv_udfs.core.models.hypergeometric import (SERIES_LIMIT, log_hyp2f1_c_is_a_plus_1,
                                                 log_hyp2f1_c_is_a_plus_1_slopes)


def by_integration(a, b, z):
    """(log 2F1, ∂/∂a, ∂/∂b) with g(u) = 1 − z u^(1/a): ∫ g^(−b), ∫ −ln(g) g^(−b) and
    ∫ −b z u^(1/a) ln(u)/a² g^(−b−1) du."""
    g = lambda u: 1 - z * u ** (1 / a)
    options = {"epsabs": 1e-16, "epsrel": 1e-13, "limit": 200}
    value = quad(lambda u: g(u) ** -b, 0, 1, **options)[0]
    by_b = quad(lambda u: -np.log(g(u)) * g(u) ** -b, 0, 1, **options)[0]
    by_a = quad(lambda u: -b * z * u ** (1 / a) * np.log(u) / a**2 * g(u) ** (-b - 1), 0, 1,
                **options)[0]
    return np.log(value), by_a / value, by_b / value


# (a, b) as the Pareto/NBD makes them: a = r + s + x with b = s + 1 (α ≥ β) or b = r + x
CASES = [(0.55 + 0.61 + x, b) for x in (0, 1, 7, 60) for b in (1.61, 0.55 + x)] + [(250.3, 1.2)]


@pytest.mark.parametrize("a, b", CASES)
@pytest.mark.parametrize("z", [0.0, 1e-9, 0.004, 0.09, SERIES_LIMIT, 0.31, 0.6, 0.95])
def test_value_and_slopes_match_the_integral(a, b, z):
    value, by_a, by_b = (float(v[0]) for v in log_hyp2f1_c_is_a_plus_1_slopes([a], [b], [z]))
    expected = by_integration(a, b, z)
    exact = z <= SERIES_LIMIT   # summed series; beyond it, central differences (~1e-10)
    assert value == pytest.approx(expected[0], rel=1e-12, abs=1e-13)
    assert value == pytest.approx(float(log_hyp2f1_c_is_a_plus_1(a, b, z)), rel=1e-12,
                                  abs=1e-13)
    for mine, theirs in zip((by_a, by_b), expected[1:]):
        assert mine == pytest.approx(theirs, rel=1e-11 if exact else 1e-8,
                                     abs=1e-14 if exact else 1e-10)


def test_series_and_differences_meet_at_the_limit():
    """Either side of z = SERIES_LIMIT the two routes give one continuous function."""
    a, b = np.array([3.2, 3.2]), np.array([1.6, 2.5])
    below = log_hyp2f1_c_is_a_plus_1_slopes(a, b, np.full(2, SERIES_LIMIT))
    above = log_hyp2f1_c_is_a_plus_1_slopes(a, b, np.full(2, np.nextafter(SERIES_LIMIT, 1)))
    np.testing.assert_allclose(np.array(below), np.array(above), rtol=1e-9)
