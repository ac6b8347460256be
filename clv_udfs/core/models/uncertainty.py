"""How sure a CLV forecast is: 90% intervals from the fits' covariance (the delta method).

Maximum-likelihood estimates ψ̂ = log θ̂ are asymptotically normal with covariance
:math:`\\Sigma = H^{-1}`, H the Hessian of −log L in ψ (the observed information, the same one
the standard errors come from). A customer's CLV is :math:`D_i(\\psi_1)\\,S_i(\\psi_2)\\,m`: the
discounted expected purchases of the transaction model times the Gamma-Gamma spend times the
margin. By the delta method on the log scale,

.. math::

    \\operatorname{sd}(\\ln CLV_i)^2 = g_{1i}^\\top \\Sigma_1 g_{1i} + g_{2i}^\\top \\Sigma_2 g_{2i},
    \\qquad g_{1i} = \\frac{\\partial \\ln D_i}{\\partial \\psi_1},\\;
    g_{2i} = \\frac{\\partial \\ln S_i}{\\partial \\psi_2}

(the two fits independent; derivatives by forward differences in ψ), and the interval is
:math:`CLV_i\\,e^{\\pm z\\,\\mathrm{sd}}` with z the normal quantile of the level (1.645 for 90%):
positive, and wider upwards, as a lognormal. The total (customer equity) gets the same with the
gradient of the sum. Parameter uncertainty only: the randomness of each customer's own purchases
is not in it. The cost is one CLV evaluation per transaction-model parameter plus one, whatever
the level, so it stays cheap for large customer bases (draws would need hundreds).

Reference: Greene, W. H. (2012), *Econometric Analysis*, 7th ed., sec. 4.6 (the delta method).
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from ..domains import DISCOUNT_RATE
from .clv import discounted_purchases, months_in
from .estimation import hessian
from .gamma_gamma import GammaGamma
from .inputs import compress, customer_data, factorise
from .scheduling import cores, side_by_side

LEVEL = 0.90


@dataclass(frozen=True, eq=False)
class CLVInterval:
    """Per customer and in total: the lower and upper ends of the interval, at ``level``."""

    lower: np.ndarray
    upper: np.ndarray
    total_lower: float
    total_upper: float
    level: float


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
    return _inverse(hessian(lambda p: total * model._objective(p, data, counts, False), point,
                            slope))


def fit_covariance(model):
    """Covariance of log θ̂ of a ``model`` fitted by maximum likelihood, from the Hessian its
    standard errors came from (``information_``): :func:`log_covariance` on the data it was
    fitted on, without differencing the likelihood again. That Hessian is taken where the
    optimiser stopped, before the Newton steps that polish the estimates, so it agrees with
    :func:`log_covariance` at the final estimates to within about 1e-4 relative. None for a
    model with known parameters (:meth:`from_params`) or a Hessian that is not positive
    definite.

    Simulated Gamma-Gamma spend (p = 6, q = 4, γ = 15) of 300 repeat buyers:

    >>> from clv_udfs.core.models import GammaGamma
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(1, 6, 300)
    >>> z = rng.gamma(6.0 * x, 1 / (x * rng.gamma(4.0, 1 / 15.0, 300)))
    >>> fitted = GammaGamma().fit(x, z)
    >>> bool(np.allclose(fit_covariance(fitted), log_covariance(fitted, x, z), rtol=1e-6))
    True
    >>> fit_covariance(GammaGamma.from_params(p=6.0, q=4.0, gamma=15.0)) is None
    True
    """
    return _inverse(getattr(model, "information_", None))


def _inverse(information):
    """H⁻¹, or None when ``information`` is missing or not positive definite."""
    if information is None or not np.all(np.isfinite(information)) or np.any(
            np.linalg.eigvalsh(information) <= 0):
        return None
    return np.linalg.inv(information)


def _shifted(model, j, step):
    """``model`` with its j-th log-parameter moved by ``step``."""
    values = np.array(model._values())
    values[j] *= np.exp(step)
    return type(model).from_params(model.time_unit, **dict(zip(model.PARAMETERS, values)))


def _log_slopes(evaluate, model, base, step, threads):
    """∂ ln evaluate(model) / ∂ψ_j for every parameter j (rows: parameters, columns:
    customers), forward steps, the parameters :func:`~.estimation.side_by_side` on up to
    ``threads`` threads."""
    with np.errstate(divide="ignore", invalid="ignore"):
        log_base = np.log(base)
        return np.stack(side_by_side(
            [lambda j=j: (np.log(evaluate(_shifted(model, j, step))) - log_base) / step
             for j in range(len(model.PARAMETERS))], threads))


def _quadratic_form(slopes, covariance):
    """gᵀΣg of each customer's slopes g (rows: parameters, columns: customers), term by term
    in the order of ``np.einsum("ij,jk,ik->i", …)``, and 2–3× faster than it.

    >>> g, c = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[2.0, 0.5], [0.5, 1.0]])
    >>> _quadratic_form(g, c), np.einsum("ij,jk,ik->i", g.T, c, g.T)
    (array([14., 32.]), array([14., 32.]))
    """
    total = np.zeros(slopes.shape[1])
    for j, k in np.ndindex(covariance.shape):
        total += covariance[j, k] * slopes[j] * slopes[k]
    return total


def clv_interval(transactions, transaction_cov, frequency, recency, T, spend, margin,
                 monthly_discount_rate, horizon_months, level=LEVEL, spend_fit=None,
                 step=1e-6):
    """The ``level`` interval of each customer's CLV and of their total, by the delta method.

    Parameters
    ----------
    transactions : model
        The fitted transaction model (BG/NBD, Pareto/NBD, …).
    transaction_cov : array
        Its :func:`log_covariance`.
    frequency, recency, T : array_like
        Every customer's summary, in the transaction model's time unit.
    spend : array_like
        Expected spend per purchase of each customer (ignored with ``spend_fit``).
    margin, monthly_discount_rate, horizon_months :
        As for :func:`~clv_udfs.core.models.clv.expected_clv`.
    level : float
        Central share covered, default 0.90.
    spend_fit : (GammaGamma, covariance, monetary_value), optional
        The spend model, its :func:`log_covariance` and every customer's mean repeat spend:
        the spend comes from it and its uncertainty is included; without it the spend is
        taken as known.
    step : float
        Forward-difference step in log-parameters.

    Returns
    -------
    CLVInterval
    """
    rate = DISCOUNT_RATE.check("monthly_discount_rate", monthly_discount_rate)
    months = months_in(horizon_months, "M")
    rows, inverse = factorise([np.asarray(c, dtype=float) for c in (frequency, recency, T)])
    discounted = discounted_purchases(transactions, *rows, rate, months)[0]
    x = rows[0][inverse]
    if spend_fit is None:
        spending = (np.broadcast_to(np.asarray(spend, dtype=float), x.shape),
                    np.zeros((1, x.size)), np.zeros((1, 1)))
    else:
        spend_model, spend_cov, monetary_value = spend_fit
        spending = (*spend_slopes(spend_model, x, monetary_value, step), spend_cov)
    return interval_of_rows(transactions, transaction_cov, rows, inverse, discounted, spending,
                            margin, rate, months, level, step)


def spend_slopes(spend_model, frequency, monetary_value, step=1e-6):
    """Every customer's expected spend per purchase by a fitted Gamma-Gamma ``spend_model``
    and its slopes ∂ ln spend/∂ψ (rows: parameters), by forward steps: the spend's part of
    :func:`clv_interval`, which needs no transaction model (the forecast computes it on a
    core the fits leave free). A few milliseconds per parameter, so on this thread.

    By hand for x = 1, z̄ = 20 at p = 6, q = 4, γ = 15: the spend γ/(x + (q−1)/p) +
    z̄/(1 + (q−1)/(px)) = 10 + 13.33, of which γ's term is 10, so ∂ ln spend/∂ ln γ = 10/23.33:

    >>> from clv_udfs.core.models import GammaGamma
    >>> spend, slopes = spend_slopes(GammaGamma.from_params(p=6.0, q=4.0, gamma=15.0),
    ...                              [1, 3], [20.0, 40.0])
    >>> slopes.shape, round(float(spend[0]), 4), round(float(slopes[2, 0]), 4)
    ((3, 2), 23.3333, 0.4286)
    """
    def spend_of(model):
        return model.conditional_expected_average_profit(frequency, monetary_value)

    amount = spend_of(spend_model)
    return amount, _log_slopes(spend_of, spend_model, amount, step, 1)


def interval_of_rows(transactions, transaction_cov, rows, inverse, discounted, spending, margin,
                     rate, months, level=LEVEL, step=1e-6):
    """:func:`clv_interval` of the customers whose distinct (x, t_x, T) are ``rows`` (checked
    1-D arrays; ``inverse``: each customer's row), with ``discounted`` the transaction model's
    :func:`~.clv.discounted_purchases` of the rows, ``spending`` each customer's spend per
    purchase, its slopes (:func:`spend_slopes`) and their covariance, and ``rate``,
    ``months`` checked: the transaction model is evaluated once per row. The forecast has
    ``discounted`` already, from its CLV, and ``spending`` from its Gamma-Gamma fit."""

    def discounted_by(model):
        return discounted_purchases(model, *rows, rate, months)[0]

    g1 = _log_slopes(discounted_by, transactions, discounted, step, cores())
    g1 = g1.take(inverse, axis=1)
    amount, g2, spend_cov = spending
    value = discounted[inverse] * amount * float(margin)
    # a value below the smallest normal double (P(alive) ~1e-320: 2,431 purchases, the last
    # 11 weeks ago) has log-slopes of rounding noise, whose exp overflowed: its interval is it
    positive = value >= np.finfo(float).tiny
    g1, g2 = np.where(positive, g1, 0.0), np.where(positive, g2, 0.0)
    sd = np.sqrt(_quadratic_form(g1, transaction_cov) + _quadratic_form(g2, spend_cov))
    z = ndtri(0.5 + level / 2)   # the normal quantile; scipy.stats would cost 0.3 s of import
    total = float(value.sum())   # elementwise sums: BLAS threads would queue, and change them
    if total > 0:
        t1 = (g1 * value).sum(axis=1) / total   # ∂ ln(total)/∂ψ: value-weighted slopes
        t2 = (g2 * value).sum(axis=1) / total
        total_sd = float(np.sqrt(t1 @ transaction_cov @ t1 + t2 @ spend_cov @ t2))
    else:
        total_sd = 0.0
    return CLVInterval(value * np.exp(-z * sd), value * np.exp(z * sd),
                       total * np.exp(-z * total_sd), total * np.exp(z * total_sd), level)
