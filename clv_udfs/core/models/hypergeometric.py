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


def one_minus_power_hyp2f1(power, a, b, c, z):
    """1 − (1−z)^p 2F1(a, b; c; z) via Euler's transformation (the BG/NBD expectations).

    Equals 1 − (1−z)^(p + c − a − b) 2F1(c − a, c − b; c; z); with the BG/NBD arguments
    p + c − a − b = a_BG − 1, so the power stays bounded however large the purchase count.

    >>> float(one_minus_power_hyp2f1(1.0, 1.0, 1.0, 2.0, 0.0))
    0.0
    """
    return 1 - np.exp((power + c - a - b) * np.log1p(-z)) * hyp2f1(c - a, c - b, c, z)
