"""Gaussian hypergeometric 2F1 in the forms the models need, without overflow.

:func:`scipy.special.hyp2f1` overflows (or loses all precision) when its argument z is near 1
and :math:`c - a - b < 0`, which is exactly where heavy buyers put the Pareto/NBD likelihood
and the BG/NBD conditional expectation. Euler's transformation

.. math:: {}_2F_1(a, b; c; z) = (1-z)^{c-a-b}\\, {}_2F_1(c-a, c-b; c; z)

moves the divergent factor into a power that is taken in log space, leaving a series that
converges at z = 1.

References
----------
Abramowitz, M. & Stegun, I. A. (1964). *Handbook of Mathematical Functions*, 15.3.3.
Fader, P. S. & Hardie, B. G. S. (2013). Overcoming the BG/NBD model's #NUM! error problem.
http://brucehardie.com/notes/027/
"""

import numpy as np
from scipy.special import hyp2f1


def log_hyp2f1_c_is_a_plus_1(a, b, z):
    """log 2F1(a, b; a+1; z) for a > 0, b > 0, 0 ≤ z < 1 (the Pareto/NBD case).

    With c = a + 1, c − a − b = 1 − b: for b ≤ 1 the series converges at z = 1 as it stands;
    for b > 1 Euler's transformation gives (1−z)^(1−b) 2F1(1, a+1−b; a+1; z), whose series
    converges at z = 1.

    >>> float(np.exp(log_hyp2f1_c_is_a_plus_1(2.0, 3.0, 0.5)))  # 2F1(2, 3; 3; z) = (1-z)^-2
    4.0
    """
    a, b, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, z)))
    result = np.empty(a.shape)
    euler = b > 1
    ae, be, ze = a[euler], b[euler], z[euler]
    result[euler] = (1 - be) * np.log1p(-ze) + np.log(hyp2f1(1.0, ae + 1 - be, ae + 1, ze))
    direct = ~euler
    result[direct] = np.log(hyp2f1(a[direct], b[direct], a[direct] + 1, z[direct]))
    return result


SERIES_LIMIT = 0.3   # z up to which the series is summed (≤ 37 terms) instead of differenced
SERIES_TOLERANCE = 1e-17   # the series' tails are summed until below this (G ≥ 1)


def log_hyp2f1_c_is_a_plus_1_slopes(a, b, z):
    """log 2F1(a, b; a+1; z) and its derivatives in a and b, for 1-D a > 0, b > 0, 0 ≤ z < 1.

    Euler's form log 2F1 = (1−b) log(1−z) + log G with G = 2F1(1, a+1−b; a+1; z) = Σ_n T_n,

    .. math:: T_0 = 1, \\quad T_{n+1} = T_n \\rho_n, \\quad
        \\rho_n = \\frac{(a+1-b+n)\\, z}{a+1+n}, \\quad
        \\frac{\\partial\\rho_n}{\\partial a} = \\frac{bz}{(a+1+n)^2}, \\quad
        \\frac{\\partial\\rho_n}{\\partial b} = -\\frac{z}{a+1+n}

    Where z ≤ 0.3 and b ≤ a + 1 (every term ≥ 0, and each at most z times the one before) G,
    ∂G/∂a and ∂G/∂b are summed term by term with those recurrences until the tails fall below
    1e-17 of G: exact to rounding, in the time of one scipy call at z ≈ 0.01 and of two at
    z = 0.3 (the differences take five). Elsewhere the value is
    :func:`log_hyp2f1_c_is_a_plus_1` and the derivatives its central differences (relative
    step 1e-5, error ~1e-10).

    Returns
    -------
    (log 2F1, ∂ log 2F1/∂a, ∂ log 2F1/∂b), three arrays shaped like ``a``.

    At a = 2, b = 3 (so a + 1 − b = 0) the series sums by hand: 2F1 = (1 − z)^−2 and
    ∂G/∂a = −∂G/∂b = Σ_{n≥1} 2z^n/(n(n+1)(n+2)); with L = −ln(1 − z), at z = 1/4 that is
    9L − 5/2 and ∂ log 2F1/∂b = L − (9L − 5/2) = 5/2 − 8L (series); at z = 1/2 it is
    L − 1/2 and 1/2 (differences):

    >>> value, by_a, by_b = log_hyp2f1_c_is_a_plus_1_slopes([2.0, 2.0], [3.0, 3.0], [0.25, 0.5])
    >>> L = -np.log1p(-np.array([0.25, 0.5]))
    >>> (np.exp(value) * 9).round(12).tolist()
    [16.0, 36.0]
    >>> errors = np.abs([by_a - [9 * L[0] - 2.5, L[1] - 0.5], by_b - [2.5 - 8 * L[0], 0.5]])
    >>> bool(errors[:, 0].max() < 1e-15), bool(errors[:, 1].max() < 1e-10)
    (True, True)
    """
    a, b, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, z)))
    value, by_a, by_b = np.empty(a.shape), np.empty(a.shape), np.empty(a.shape)
    series = (z <= SERIES_LIMIT) & (b <= a + 1)
    ai, bi, zi = a[series], b[series], z[series]
    value[series], by_a[series], by_b[series] = _euler_series(ai, bi, zi)
    rest = ~series
    if rest.any():
        ar, br, zr = a[rest], b[rest], z[rest]
        value[rest] = log_hyp2f1_c_is_a_plus_1(ar, br, zr)
        step_a, step_b = 1e-5 * ar, 1e-5 * br
        by_a[rest] = (log_hyp2f1_c_is_a_plus_1(ar + step_a, br, zr)
                      - log_hyp2f1_c_is_a_plus_1(ar - step_a, br, zr)) / (2 * step_a)
        by_b[rest] = (log_hyp2f1_c_is_a_plus_1(ar, br + step_b, zr)
                      - log_hyp2f1_c_is_a_plus_1(ar, br - step_b, zr)) / (2 * step_b)
    return value, by_a, by_b


def _euler_series(a, b, z):
    """(log 2F1, ∂/∂a, ∂/∂b) by the recurrences of :func:`log_hyp2f1_c_is_a_plus_1_slopes`,
    summed to the number of terms :func:`_terms` gives."""
    term, slope_a, slope_b = np.ones(a.shape), np.zeros(a.shape), np.zeros(a.shape)
    total, total_a, total_b = term.copy(), slope_a.copy(), slope_b.copy()
    upper, lower, ratio, step = a + 1 - b, a + 1, np.empty(a.shape), np.empty(a.shape)
    for _ in range(_terms(z, upper)):
        np.divide(z, lower, out=ratio)
        np.multiply(term, ratio, out=step)   # T_n z/(a+1+n) = −T_n ∂ρ_n/∂b
        ratio *= upper   # ρ_n
        slope_b *= ratio
        slope_b -= step
        slope_a *= ratio
        step *= b
        slope_a += np.divide(step, lower, out=step)
        term *= ratio
        total += term
        total_a += slope_a
        total_b += slope_b
        upper += 1
        lower += 1
    return ((1 - b) * np.log1p(-z) + np.log(total), total_a / total,
            total_b / total - np.log1p(-z))


def _terms(z, upper):
    """Terms after T_0 that leave every tail below SERIES_TOLERANCE (G ≥ 1): T_n ≤ z^n, and
    the derivatives' terms are at most T_n (n + 1/(a+1−b)), so the tails beyond N are at most
    z^N (N + 2 + 1/(a+1−b))/(1 − z)²."""
    if z.size == 0 or z.max() == 0:
        return 0
    top = float(z.max())
    scale = (2 + 1 / max(float(upper.min()), 1e-300)) / (1 - top) ** 2
    count = 1
    while top**count * (count + scale) > SERIES_TOLERANCE and count < 400:
        count += 1
    return count


def one_minus_power_hyp2f1(power, a, b, c, z):
    """1 − (1−z)^p 2F1(a, b; c; z) via Euler's transformation (the BG/NBD expectations).

    Equals 1 − (1−z)^(p + c − a − b) 2F1(c − a, c − b; c; z); with the BG/NBD arguments
    p + c − a − b = a_BG − 1, so the power stays bounded however large the purchase count.

    >>> float(one_minus_power_hyp2f1(1.0, 1.0, 1.0, 2.0, 0.0))
    0.0
    """
    return 1 - np.exp((power + c - a - b) * np.log1p(-z)) * hyp2f1(c - a, c - b, c, z)
