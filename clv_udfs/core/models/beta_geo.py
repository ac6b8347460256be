"""The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005)."""

import numpy as np
from scipy.special import digamma, expit, gammaln, roots_legendre

from ..domains import DURATION
from .beta_ratios import beta_ratios
from .hypergeometric import one_minus_power_hyp2f1
from .inputs import factorise, with_count_index
from .transactions import TransactionModel


QUADRATURE_FROM = 10.0   # a and b + x both at least this: the posterior of p is integrated
_NODES, _WEIGHTS = roots_legendre(96)
_CHUNK = 8192   # customers per quadrature block: 96 nodes each, bounded memory

def _expected_while_alive(t, r, alpha, a, b, x, T):
    """(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))].

    The BG/NBD expected purchases in (T, T+t] of a customer with x purchases by T who is
    still alive; with x = T = 0 it is E[X(t)] for a new customer. Where a and b + x are both
    10 or more (customers who rarely drop out, or heavy buyers of such a base) the 2F1 loses
    all precision or overflows, so the same number is computed as the integral it comes from
    (:func:`_expected_by_quadrature`); elsewhere by the 2F1, with a = 1 (a removable
    singularity) nudged off by 1e-9.
    """
    t, x, T = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (t, x, T)))
    (t1, x1, T1), inverse = factorise([t, x, T])   # once per distinct (t, x, T)
    return _expected_on_rows(t1, r, alpha, a, b, x1, T1)[inverse].reshape(t.shape)


def _expected_on_grid(t, r, alpha, a, b, x, T):
    """:func:`_expected_while_alive` of (t, x, T) broadcast together, element by element: for
    rows already distinct (each horizon of distinct customers), which it does not look for."""
    t, x, T = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (t, x, T)))
    return _expected_on_rows(t.ravel(), r, alpha, a, b, x.ravel(), T.ravel()).reshape(t.shape)


def _expected_on_rows(t, r, alpha, a, b, x, T):
    """:func:`_expected_while_alive` for 1-D arrays of equal length."""
    result = np.empty(t.shape)
    integrate = np.minimum(a, b + x) >= QUADRATURE_FROM
    rest = ~integrate
    a1 = 1 + 1e-9 if abs(a - 1) < 1e-9 else a
    tr, xr, Tr = t[rest], x[rest], T[rest]
    z = tr / (alpha + Tr + tr)
    result[rest] = (a1 + b + xr - 1) / (a1 - 1) * one_minus_power_hyp2f1(
        r + xr, r + xr, b + xr, a1 + b + xr - 1, z)
    ti, xi, Ti = t[integrate], x[integrate], T[integrate]
    result[integrate] = np.concatenate([
        _expected_by_quadrature(ti[k:k + _CHUNK], r, alpha, a, b, xi[k:k + _CHUNK],
                                Ti[k:k + _CHUNK])
        for k in range(0, ti.size, _CHUNK)] or [np.empty(0)])
    return result


def _expected_by_quadrature(t, r, alpha, a, b, x, T):
    """E[(1 − (1 + p t/(α+T))^−(r+x)) / p] over p ~ beta(a, b+x), 1-D arrays.

    Given λ and p, a customer alive at T expects (1 − e^(−λpt))/p purchases in the next t;
    λ | history ~ gamma(r+x, α+T) and p | alive ~ beta(a, b+x) turn that into the bracket
    above. The beta density is integrated in u = logit p (log-concave there, width
    σ = √(1/a + 1/(b+x))) by 96-point Gauss–Legendre over the mode ± 12σ, normalised by
    the same rule, so it never overflows however large a, b or x. The nodes and their
    weights depend on x alone, so they are computed once per distinct x (a few hundred at
    most) and only the bracket per customer and horizon.
    """
    counts, which = np.unique(x, return_inverse=True)   # not remembered: a forecast's
    big_b = b + counts                                  # factorisations are of customers
    centre = np.log(a) - np.log(big_b)
    width = 12 * np.sqrt(1 / a + 1 / big_b)
    u = centre[:, None] + width[:, None] * _NODES
    log_p, log_q = -np.logaddexp(0, -u), -np.logaddexp(0, u)
    log_density = a * log_p + big_b[:, None] * log_q
    weights = _WEIGHTS * np.exp(log_density - log_density.max(axis=1, keepdims=True))
    p = np.exp(log_p)[which]
    spent = -np.expm1(-(r + x)[:, None] * np.log1p((t / (alpha + T))[:, None] * p)) / p
    return (weights[which] * spent).sum(axis=1) / weights.sum(axis=1)[which]


class BetaGeo(TransactionModel):
    """BG/NBD: beta-geometric dropout, negative-binomial purchasing.

    While alive, a customer buys as a Poisson process with rate λ.
    λ varies across customers as a gamma(r, α) distribution.
    After any purchase, a customer drops out for good with probability p.
    p varies across customers as a beta(a, b) distribution, independent of λ.

    Each customer's history is summarised by x (repeat purchases), t_x (time of the last one)
    and T (time observed), all measured from the first purchase in ``time_unit``. The
    log-likelihood of one customer (Fader, Hardie & Lee 2005, eq. 6) is

    .. math::

        \\ell = \\ln\\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)} - \\ln B(a, b) + \\ln\\Big[
        \\frac{B(a, b+x)}{(\\alpha+T)^{r+x}}
        + \\delta_{x>0}\\frac{B(a+1, b+x-1)}{(\\alpha+t_x)^{r+x}}\\Big]

    maximised with its analytic gradient.

    Parameters
    ----------
    time_unit : text
        Unit of recency, T and every horizon t: D, W, M or Y.
    penalizer : number
        λ of the L2 penalty λ(r² + α'² + a² + b²), α' = α / max T: time measured in units
        of the longest-observed customer, so the fit does not depend on the time unit
        (as ``lifetimes`` 0.11; :mod:`.estimation`). Default 0: plain maximum likelihood.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way: an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275–284.

    Examples
    --------
    The published CDNOW estimates; a customer with 2 repeat purchases, the last at week
    30.43, observed for 38.86 weeks (the paper's worked example):

    >>> model = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> round(model.conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86), 3)
    1.226
    """

    PARAMETERS = ("r", "alpha", "a", "b")
    SHAPES = ("r", "a", "b")
    NAME = "BG/NBD"

    def _prepare(self, data):
        return with_count_index(data)

    def _log_likelihood(self, params, data):
        """Per-row ℓ and its gradient; the beta functions' ratios to B(a, b) and their
        slopes are the exact sums of :func:`.beta_ratios.beta_ratios`."""
        r, alpha, a, b = params
        x, t_x, T, counts, index = data
        log_gamma_rx, psi_rx, beta_end, beta_last, slope_end, slope_last, slope_ab = np.stack([
            gammaln(r + counts), digamma(r + counts), *beta_ratios(a, b, counts)])[:, index]
        common = log_gamma_rx - gammaln(r) + r * np.log(alpha)
        end = beta_end - (r + x) * np.log(alpha + T)
        last = np.where(x > 0, beta_last - (r + x) * np.log(alpha + t_x), -np.inf)
        rows = common + np.logaddexp(end, last)
        w_last = expit(last - end)
        w_end = 1 - w_last
        gradient = np.column_stack([
            psi_rx - digamma(r) + np.log(alpha)
            - w_end * np.log(alpha + T) - w_last * np.log(alpha + t_x),
            r / alpha - (r + x) * (w_end / (alpha + T) + w_last / (alpha + t_x)),
            w_last / a - slope_ab,
            w_end * slope_end + w_last * slope_last - slope_ab,
        ])
        return rows, gradient

    def conditional_probability_alive(self, frequency, recency, T):
        """Probability that a customer with history (x, t_x, T) is still alive at T.

        .. math::

            P(\\text{alive}) = \\Big[1 + \\delta_{x>0}\\frac{a}{b+x-1}
            \\Big(\\frac{\\alpha+T}{\\alpha+t_x}\\Big)^{r+x}\\Big]^{-1}

        computed as a logistic function of the log odds, so it stays in [0, 1] for any
        history. Fader, Hardie & Lee (2005), eq. 13 (and Fader & Hardie's 2008 note on it).

        Returns
        -------
        Probability 0–1 per customer (float for single values).

        Examples
        --------
        >>> model = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> model.conditional_probability_alive(0, 0, 38.86)
        1.0
        """
        x, t_x, T = self._customers(frequency, recency, T)
        return self._result(lambda: self._alive(x, t_x, T), "the probability alive",
                            frequency=x, recency=t_x, T=T)

    def _alive(self, x, t_x, T):
        r, alpha, a, b = self._values()
        x1 = np.where(x > 0, x, 1.0)
        log_odds = np.log(a) - np.log(b + x1 - 1) + (r + x) * (np.log(alpha + T)
                                                              - np.log(alpha + t_x))
        return np.where(x > 0, expit(-log_odds), 1.0)

    def conditional_expected_number_of_purchases_up_to_time(self, t, frequency, recency, T):
        """Expected purchases in the next ``t`` time units of a customer with history
        (x, t_x, T).

        .. math::

            E[Y(t) \\mid x, t_x, T] = \\frac{a+b+x-1}{a-1}\\Big[1 - \\Big(\\frac{\\alpha+T}
            {\\alpha+T+t}\\Big)^{r+x} {}_2F_1\\Big(r+x, b+x; a+b+x-1; \\frac{t}{\\alpha+T+t}
            \\Big)\\Big] \\, P(\\text{alive} \\mid x, t_x, T)

        Fader, Hardie & Lee (2005), eq. 10, with the 2F1 taken through Euler's
        transformation so heavy buyers stay finite (Fader & Hardie 2013, note 027).

        Parameters
        ----------
        t : duration
            Horizon, in the model's ``time_unit``.
        frequency, recency, T :
            The customer's history, as for :meth:`fit`.

        Returns
        -------
        Expected number of purchases per customer.
        """
        r, alpha, a, b = self._values()
        t, x, t_x, T = self._customers(frequency, recency, T, t)
        return self._result(lambda: _expected_while_alive(t, r, alpha, a, b, x, T)
                            * self._alive(x, t_x, T),
                            "the expected purchases", t=t, frequency=x, recency=t_x, T=T)

    def _while_alive(self, t, x, T):
        r, alpha, a, b = self._values()
        return _expected_on_grid(t, r, alpha, a, b, x, T)

    def expected_number_of_purchases_up_to_time(self, t):
        """Expected repeat purchases E[X(t)] of a new customer in their first ``t`` time units.

        .. math::

            E[X(t)] = \\frac{a+b-1}{a-1}\\Big[1 - \\Big(\\frac{\\alpha}{\\alpha+t}\\Big)^r
            {}_2F_1\\Big(r, b; a+b-1; \\frac{t}{\\alpha+t}\\Big)\\Big]

        Fader, Hardie & Lee (2005), eq. 9.

        Examples
        --------
        >>> model = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.expected_number_of_purchases_up_to_time(78), 2)
        1.86
        """
        r, alpha, a, b = self._values()
        t = DURATION.check("t", t)
        return self._result(lambda: _expected_while_alive(t, r, alpha, a, b, 0.0, 0.0),
                            "the expected purchases", t=t)
