"""Customer tiers (ABC segmentation) from a value per customer.

Two ways to cut, both giving letters ``A`` (best), ``B``, ``C``, …:

* ``method="quantile"``: ``cutoffs`` are the shares of customers in each tier from the top,
  default ``(0.2, 0.3)``: the top 20 % "A", the next 30 % "B", the rest "C". A value's place is
  the share of customers with a strictly *higher* value, so equal values always share a tier
  (the better one) whatever their order; ties can make a tier a little larger than its share.
* ``method="value"``: ``cutoffs`` are value thresholds, highest first: value ≥ cutoffs[0] is
  "A", ≥ cutoffs[1] "B", …, anything lower the next letter.
"""

import string

import numpy as np

from ..errors import CLVError
from .domains import POSITIVE_RATE, SIGNED_MONEY, Choice
from .mixed import mixed_array

DEFAULT_SHARES = (0.2, 0.3)
_ROUNDING = 1e-9   # 20 % of 10 customers is 2 customers, not 2.0000000000000004
_METHOD = Choice(("quantile", "value"))


def _shares(cutoffs):
    shares = POSITIVE_RATE.check("cutoffs", DEFAULT_SHARES if cutoffs is None else cutoffs)
    if shares.sum() > 1 + _ROUNDING:
        raise CLVError(f"cutoffs: the shares add up to {shares.sum():.10g}, more than 100%; "
                       "give the share of each tier from the top, e.g. 20% and 30%")
    return shares


def _thresholds(cutoffs):
    if cutoffs is None:
        raise CLVError('cutoffs: method "value" needs value thresholds, highest first, '
                       "e.g. 1000 and 500")
    thresholds = SIGNED_MONEY.check("cutoffs", cutoffs).ravel()
    if np.any(np.diff(thresholds) > 0):
        raise CLVError("cutoffs: the thresholds must go from highest to lowest, e.g. 1000 and 500")
    return thresholds


def segment(values, method="quantile", cutoffs=None):
    """Tier letter of each value: "A" for the best customers, then "B", "C", ….

    .. math::

        \\text{quantile: } \\text{tier}(v) = \\#\\{j : \\tfrac{\\#\\{w > v\\}}{n} \\ge
        s_1 + \\dots + s_j\\}, \\qquad
        \\text{value: } \\text{tier}(v) = \\#\\{j : v < c_j\\}

    (tier 0 is "A").

    Parameters
    ----------
    values : array_like
        One number per customer (revenue, CLV, profit; may be negative).
    method : {"quantile", "value"}
        Cut by share of customers (default) or by value.
    cutoffs : array_like, optional
        Quantile: share of customers in each tier from the top, default 20 % and 30 %.
        Value: thresholds, highest first.

    Returns
    -------
    Array of tier letters, shaped like ``values``.

    References
    ----------
    Kumar, V. & Reinartz, W. (2016). *Customer Relationship Management*, ch. 5 (customer
    pyramids and ABC tiers).

    Examples
    --------
    >>> segment([10, 100, 50, 50, 20, 30, 40, 60, 70, 80]).tolist()
    ['C', 'A', 'B', 'B', 'C', 'C', 'C', 'B', 'B', 'A']
    >>> segment([1500, 700, 200, 1000], method="value", cutoffs=[1000, 500]).tolist()
    ['A', 'B', 'C', 'A']
    """
    numbers = SIGNED_MONEY.check("values", mixed_array(values))
    kind = str(_METHOD.check("method", method))
    if cutoffs is not None and np.size(cutoffs) >= len(string.ascii_uppercase):
        raise CLVError(f"cutoffs: {np.size(cutoffs)} cutoffs make more tiers than the letters A "
                       f"to Z; give at most {len(string.ascii_uppercase) - 1}")
    flat = numbers.ravel()
    if kind == "quantile":
        bounds = np.cumsum(_shares(cutoffs)).ravel() * flat.size - _ROUNDING
        ahead = flat.size - np.searchsorted(np.sort(flat), flat, side="right")
        tier = np.searchsorted(bounds, ahead, side="right")
    else:
        ascending = _thresholds(cutoffs)[::-1]
        tier = ascending.size - np.searchsorted(ascending, flat, side="right")
    letters = np.array(list(string.ascii_uppercase))
    return letters[tier].reshape(numbers.shape)
