"""How sure a CLV forecast is: 90% intervals from the fits' covariance.

Maximum-likelihood estimates ψ̂ = log θ̂ are asymptotically normal with covariance
:math:`\\Sigma = H^{-1}`, H the Hessian of −log L in ψ (the observed information, the same one
the standard errors come from). The interval draws :math:`\\psi^{(k)} \\sim N(\\hat\\psi, \\Sigma)`
for the transaction model and, independently, for Gamma-Gamma, recomputes every customer's
CLV (:func:`~clv_udfs.core.models.clv.expected_clv`) with each draw, and reports the 5th and 95th
percentiles per customer and of the total (customer equity). Parameter uncertainty only: the
randomness of each customer's own purchases is not in it.

References: Fader, Hardie & Lee (2005), web appendix on parameter uncertainty; the
"draws from the asymptotic normal" method of Krinsky & Robb (1986).
"""

from dataclasses import dataclass

import numpy as np

from .clv import expected_clv
from .estimation import hessian
from .gamma_gamma import GammaGamma
from .inputs import compress, customer_data

LEVEL = 0.90
DRAWS = 200


@dataclass(frozen=True, eq=False)
class CLVInterval:
    """Per customer and in total: the lower and upper ends of the interval, at ``level``."""

    lower: np.ndarray
    upper: np.ndarray
    total_lower: float
    total_upper: float
    level: float
    draws: int


def log_covariance(model, *columns):
    """Covariance of log θ̂ of a fitted ``model`` on the data it was fitted on (``columns``: x,
    t_x, T for a transaction model; x, z̄ of the repeat buyers for Gamma-Gamma); None when the
    Hessian is not positive definite (a flat likelihood).

    >>> from clv_udfs.core.models import GammaGamma
    >>> x, z = [1, 2, 3, 1, 2, 4], [20.0, 35.0, 28.0, 50.0, 22.0, 31.0]
    >>> log_covariance(GammaGamma.from_params(p=6.0, q=4.0, gamma=15.0), x, z).shape
    (3, 3)
    """
    if isinstance(model, GammaGamma):
        rows = list(model._customers(*columns, fitting=True))
    else:
        rows = list(customer_data(*columns))
    unique, counts, _ = compress(rows)
    data = model._prepare(unique)
    point = np.log(model._values())
    total = counts.sum()
    with np.errstate(all="ignore"):
        analytic = model._log_likelihood(np.exp(point), data)[1] is not None
    slope = (lambda p: total * model._objective(p, data, counts, True)[1]) if analytic else None
    information = hessian(lambda p: total * model._objective(p, data, counts, False), point,
                          slope)
    if not np.all(np.isfinite(information)) or np.any(np.linalg.eigvalsh(information) <= 0):
        return None
    return np.linalg.inv(information)


def _draws(model, covariance, rng, draws):
    """``draws`` models with log-parameters drawn from N(log θ̂, covariance)."""
    centre = np.log(model._values())
    for psi in rng.multivariate_normal(centre, covariance, size=draws):
        yield type(model).from_params(model.time_unit,
                                      **dict(zip(model.PARAMETERS, np.exp(psi))))


def clv_interval(transactions, transaction_cov, spend_model, spend_cov, frequency, recency, T,
                 monetary_value, margin, monthly_discount_rate, horizon_months, level=LEVEL,
                 draws=DRAWS, seed=0):
    """The ``level`` interval of each customer's CLV and of their total, by drawing both
    models' parameters from their asymptotic normal.

    Parameters
    ----------
    transactions, spend_model :
        The fitted transaction model (BG/NBD, Pareto/NBD, …) and Gamma-Gamma model.
    transaction_cov, spend_cov : array
        Their :func:`log_covariance`.
    frequency, recency, T, monetary_value : array_like
        Every customer's summary, in the transaction model's time unit.
    margin, monthly_discount_rate, horizon_months :
        As for :func:`~clv_udfs.core.models.clv.expected_clv`.
    level : float
        Central share covered, default 0.90 (the 5th to the 95th percentile).
    draws : int
        Parameter draws; the fixed ``seed`` makes the interval the same on every run.

    Returns
    -------
    CLVInterval
    """
    rng = np.random.default_rng(seed)
    x = np.asarray(frequency, dtype=float)
    (ux, ut, uT, um), _, inverse = compress([x, np.asarray(recency, float),
                                             np.asarray(T, float),
                                             np.asarray(monetary_value, float)])
    values = np.empty((draws, ux.size))
    pairs = zip(_draws(transactions, transaction_cov, rng, draws),
                _draws(spend_model, spend_cov, rng, draws))
    for k, (model, spend) in enumerate(pairs):
        values[k] = expected_clv(model, ux, ut, uT, model.time_unit,
                                 spend.conditional_expected_average_profit(ux, um), margin,
                                 monthly_discount_rate, horizon_months, "M")
    tail = (1 - level) / 2 * 100
    lower, upper = np.percentile(values, [tail, 100 - tail], axis=0)
    counts = np.bincount(inverse, minlength=ux.size)
    totals = values @ counts
    total_lower, total_upper = np.percentile(totals, [tail, 100 - tail])
    return CLVInterval(lower[inverse], upper[inverse], float(total_lower), float(total_upper),
                       level, draws)
