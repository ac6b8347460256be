"""The Pareto/NBD model of repeat purchasing (Schmittlein, Morrison & Colombo 1987)."""

import numpy as np
from scipy.special import gammaln

from ..domains import DURATION
from .hypergeometric import log_hyp2f1_c_is_a_plus_1
from .inputs import factorise
from .transactions import TransactionModel


def _one_minus_power_over(s, beta, t):
    """[1 − (β/(β+t))^(s−1)]/(s−1), continued to its limit ln(1 + t/β) at s = 1."""
    log_ratio = np.log1p(t / beta)
    near_one = np.abs(s - 1) < 1e-9
    safe = np.where(near_one, 2.0, s)
    value = -np.expm1(-(safe - 1) * log_ratio) / (safe - 1)
    return np.where(near_one, log_ratio, value)


class ParetoNBD(TransactionModel):
    """Pareto/NBD: exponential lifetimes, Poisson purchasing, both gamma-mixed.

    While alive, a customer buys as a Poisson process with rate λ.
    A customer's unobserved lifetime is exponential with rate μ.
    λ and μ vary across customers as independent gamma(r, α) and gamma(s, β) distributions.
    Nobody comes back after their lifetime ends.

    With x repeat purchases, the last at t_x, observed until T, one customer's likelihood
    (Fader & Hardie 2005, note 009, eqs. 19–22) is

    .. math::

        L = \\frac{\\Gamma(r+x)\\alpha^r\\beta^s}{\\Gamma(r)} \\Big[
        \\frac{1}{(\\alpha+T)^{r+x}(\\beta+T)^s} + \\frac{s}{r+s+x}\\,(F(t_x) - F(T))\\Big],
        \\quad F(\\tau) = \\frac{{}_2F_1(r+s+x, b'; r+s+x+1; \\frac{|\\alpha-\\beta|}
        {m+\\tau})}{(m+\\tau)^{r+s+x}}

    with m = α, b' = s + 1 if α ≥ β and m = β, b' = r + x otherwise (the swap keeps the
    2F1 argument in [0, 1)). Everything is summed in log space; the 2F1 goes through
    Euler's transformation (:mod:`.hypergeometric`), so heavy buyers cannot overflow it.
    The gradient is numerical.

    Parameters
    ----------
    time_unit, penalizer :
        As for :class:`~clv_udfs.core.models.BetaGeo`; the penalty is
        λ(r² + α'² + s² + β'²) with α' = α / max T and β' = β / max T.

    References
    ----------
    Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers: who
    are they and what will they do next? *Management Science* 33(1), 1–24.
    Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
    related expressions. http://brucehardie.com/notes/009/

    Examples
    --------
    The CDNOW estimates of the BTYD walkthrough; its worked customer has 26 repeat purchases,
    the last at week 30.86, observed for 31 weeks:

    >>> model = ParetoNBD.from_params("W", r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)
    >>> round(model.conditional_probability_alive(26, 30.86, 31), 4)
    0.9979
    """

    PARAMETERS = ("r", "alpha", "s", "beta")
    SHAPES = ("r", "s")
    # The Pareto/NBD likelihood flattens gently where the data cannot support a fit (1,000
    # identical customers: r → ∞), so the optimiser stops at a large finite value instead
    # of running away as the BG/NBD does; a standard error over 10× its estimate is refused.
    REFUSED_RELATIVE_ERROR = 10.0
    NAME = "Pareto/NBD"

    @staticmethod
    def _pairs(x, times):
        """Distinct (x, τ) pairs and each customer's index into them: the 2F1 is computed
        once per pair, not once per customer."""
        shape = np.broadcast_shapes(np.shape(x), np.shape(times))
        return factorise([np.broadcast_to(x, shape), np.broadcast_to(times, shape)])

    def _prepare(self, data):
        x, t_x, T = data
        return (x, t_x, T, self._pairs(x, t_x), self._pairs(x, T))

    @classmethod
    def _log_parts(cls, params, x, t_x, T, last=None, end=None):
        """(log constant, log of the 'alive at T' term, log of the 'died in (t_x, T]' term).

        Everything but the difference F(t_x) − F(T) depends on (x, t_x) or (x, T) alone, so
        it is computed once per distinct pair (``last``, ``end``) and gathered per customer.
        """
        r, alpha, s, beta = params
        top, gap = max(alpha, beta), abs(alpha - beta)
        shape = np.broadcast_shapes(np.shape(x), np.shape(t_x), np.shape(T))

        def log_f(counts, times):
            a = r + s + counts
            b = s + 1 if alpha >= beta else r + counts
            return log_hyp2f1_c_is_a_plus_1(a, b, gap / (top + times)) - a * np.log(top + times)

        (counts, times), index = last or cls._pairs(x, t_x)
        at_last = log_f(counts, times)[index].reshape(shape)
        (counts, times), index = end or cls._pairs(x, T)
        constant, log_alive, share, at_end = (part.reshape(shape) for part in np.stack([
            gammaln(r + counts) - gammaln(r) + r * np.log(alpha) + s * np.log(beta),
            -(r + counts) * np.log(alpha + times) - s * np.log(beta + times),
            np.log(s) - np.log(r + s + counts),
            log_f(counts, times)])[:, index])
        with np.errstate(divide="ignore"):   # t_x = T: no room to die in, log 0 = −inf
            log_died = share + at_last + np.log(-np.expm1(np.minimum(at_end - at_last, 0.0)))
        return constant, log_alive, log_died

    def _log_likelihood(self, params, data):
        constant, log_alive, log_died = self._log_parts(params, *data)
        return constant + np.logaddexp(log_alive, log_died), None

    def _alive(self, x, t_x, T):
        _, log_alive, log_died = self._log_parts(self._values(), x, t_x, T)
        return np.exp(log_alive - np.logaddexp(log_alive, log_died))

    def conditional_probability_alive(self, frequency, recency, T):
        """Probability that a customer with history (x, t_x, T) is still alive at T.

        .. math::

            P(\\text{alive}) = \\frac{1}{(\\alpha+T)^{r+x}(\\beta+T)^s}\\Big/\\Big[
            \\frac{1}{(\\alpha+T)^{r+x}(\\beta+T)^s} + \\frac{s}{r+s+x}(F(t_x) - F(T))\\Big]

        the 'alive' share of the likelihood (Fader & Hardie 2005, note 009, eq. 24),
        computed as a difference of logs.

        Returns
        -------
        Probability 0–1 per customer (float for single values).
        """
        x, t_x, T = self._customers(frequency, recency, T)
        return self._result(lambda: self._alive(x, t_x, T), "the probability alive",
                            frequency=x, recency=t_x, T=T)

    def conditional_expected_number_of_purchases_up_to_time(self, t, frequency, recency, T):
        """Expected purchases in the next ``t`` time units of a customer with history
        (x, t_x, T).

        .. math::

            E[Y(t) \\mid x, t_x, T] = \\frac{(r+x)(\\beta+T)}{(\\alpha+T)(s-1)}\\Big[1 -
            \\Big(\\frac{\\beta+T}{\\beta+T+t}\\Big)^{s-1}\\Big] P(\\text{alive})

        (Fader & Hardie 2005, note 009, eq. 27; at s = 1 the bracket over s − 1 is
        ln(1 + t/(β+T))).

        Parameters as for :meth:`BetaGeo.conditional_expected_number_of_purchases_up_to_time`.

        Examples
        --------
        >>> model = ParetoNBD.from_params("W", r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)
        >>> round(model.conditional_expected_number_of_purchases_up_to_time(52, 26, 30.86, 31), 1)
        25.5
        """
        r, alpha, s, beta = self._values()
        t, x, t_x, T = self._customers(frequency, recency, T, t)
        return self._result(
            lambda: ((r + x) * (beta + T) / (alpha + T) * _one_minus_power_over(s, beta + T, t)
                     * self._alive(x, t_x, T)),
            "the expected purchases", t=t, frequency=x, recency=t_x, T=T)

    def expected_number_of_purchases_up_to_time(self, t):
        """Expected repeat purchases E[X(t)] of a new customer in their first ``t`` time units.

        .. math:: E[X(t)] = \\frac{r\\beta}{\\alpha(s-1)}\\Big[1 - \\Big(\\frac{\\beta}
            {\\beta+t}\\Big)^{s-1}\\Big]

        (Schmittlein, Morrison & Colombo 1987, eq. 17).

        Examples
        --------
        >>> model = ParetoNBD.from_params("W", r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)
        >>> round(model.expected_number_of_purchases_up_to_time(9), 2)
        0.39
        """
        r, alpha, s, beta = self._values()
        t = DURATION.check("t", t)
        return self._result(lambda: r * beta / alpha * _one_minus_power_over(s, beta, t),
                            "the expected purchases", t=t)
