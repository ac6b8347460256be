"""The Pareto/NBD model of repeat purchasing (Schmittlein, Morrison & Colombo 1987)."""

import numpy as np
from scipy.special import digamma, gammaln

from ..domains import DURATION
from .hypergeometric import log_hyp2f1_c_is_a_plus_1, log_hyp2f1_c_is_a_plus_1_slopes
from .inputs import factorise
from .transactions import TransactionModel


def _one_minus_power_over(s, beta, t):
    """[1 − (β/(β+t))^(s−1)]/(s−1), continued to its limit ln(1 + t/β) at s = 1 (``s`` one
    number, the model's parameter)."""
    log_ratio = np.log1p(t / beta)
    if abs(s - 1) < 1e-9:
        return log_ratio
    return -np.expm1(-(s - 1) * log_ratio) / (s - 1)


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
    The gradient is analytic, the 2F1's derivatives in its first two arguments included
    (summed with its series, per purchase count; by central differences only where its
    argument is so near 1 that the series would need over 7,172 terms: z > 0.9935 at b' = 0.6),
    and the 2F1 is computed once per distinct (x, τ) pair (see :meth:`_log_f`).

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
    def _pairs(x, t_x, T):
        """Distinct (x, τ) pairs among (x, t_x) and (x, T), and each customer's index into
        them for t_x and for T: the 2F1 is computed once per pair, not twice per customer."""
        shape = np.broadcast_shapes(np.shape(x), np.shape(t_x), np.shape(T))
        counts = np.broadcast_to(x, shape).ravel()
        (counts, times), index = factorise([np.concatenate([counts, counts]), np.concatenate(
            [np.broadcast_to(t_x, shape).ravel(), np.broadcast_to(T, shape).ravel()])])
        return (counts, times), index[:len(index) // 2], index[len(index) // 2:]

    def _prepare(self, data):
        return (*data, self._pairs(*data))

    @staticmethod
    def _log_f(params, counts, times, slopes):
        """log F(τ) per distinct (x, τ) pair and, with ``slopes``, its gradient (4 × pairs).

        F = 2F1(a, b'; a+1; z)/(m+τ)^a with a = r+s+x, z = |α−β|/(m+τ). In z the derivative
        is closed form, d log 2F1/dz = (a/z)[(1−z)^(−b')/2F1 − 1] (2F1(a, b'; a+1; z) is
        a z^(−a) times an incomplete beta function), → ab'/(a+1) as z → 0; in a and b' it
        comes with the value from :func:`.log_hyp2f1_c_is_a_plus_1_slopes`.
        """
        r, alpha, s, beta = params
        swap = alpha < beta
        top = beta if swap else alpha
        a = r + s + counts
        b = r + counts if swap else np.full(np.shape(counts), s + 1.0)
        z = abs(alpha - beta) / (top + times)
        log_top = np.log(top + times)
        if not slopes:
            return log_hyp2f1_c_is_a_plus_1(a, b, z) - a * log_top, None
        log_hyp, by_a, by_b = log_hyp2f1_c_is_a_plus_1_slopes(a, b, z)
        tiny = z < 1e-8
        safe = np.where(tiny, 0.5, z)
        by_z = np.where(tiny, a * b / (a + 1),
                        a / safe * np.expm1(-b * np.log1p(-safe) - log_hyp))
        near, far = (beta, alpha) if swap else (alpha, beta)   # near = m
        z_by_near = (far + times) / (near + times) ** 2   # dz/dm and dz/d(the other)
        z_by_far = -1 / (near + times)
        by_r = by_a - log_top + (by_b if swap else 0.0)
        by_s = by_a - log_top + (0.0 if swap else by_b)
        by_near = by_z * z_by_near - a / (near + times)
        by_far = by_z * z_by_far
        by_alpha, by_beta = (by_far, by_near) if swap else (by_near, by_far)
        return log_hyp - a * log_top, np.stack([by_r, by_alpha, by_s, by_beta])

    @classmethod
    def _log_parts(cls, params, x, t_x, T, pairs=None, slopes=False):
        """Per customer: log L, P(alive) and, with ``slopes``, ∇log L in (r, α, s, β)
        (4 × customers).

        With C the constant, A the 'alive at T' term and S = s/(r+s+x), L = C[A + S(F(t_x) −
        F(T))]. Everything but the difference depends on (x, t_x) or (x, T) alone, so it is
        computed once per distinct pair (``pairs``, from :meth:`_prepare`) and gathered per
        customer; per customer, with u = log(A/S) and ℓ = log(e^u + F(t_x) − F(T)), summed
        relative to the larger of e^u and F(t_x) so that neither overflows,

        log L = log(CS) + ℓ,  P(alive) = e^(u−ℓ),
        ∇log L = ∇log(CS) + P(alive) ∇u + [F(t_x) ∇log F(t_x) − F(T) ∇log F(T)] e^(−ℓ).
        """
        r, alpha, s, beta = params
        shape = np.broadcast_shapes(np.shape(x), np.shape(t_x), np.shape(T))
        (counts, times), last_index, end_index = pairs or cls._pairs(x, t_x, T)
        at_pair, d_pair = cls._log_f(params, counts, times, slopes)
        share = np.log(s) - np.log(r + s + counts)
        fixed = gammaln(r + counts) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) + share
        alive = -(r + counts) * np.log(alpha + times) - s * np.log(beta + times) - share
        # per customer, in place: fresh customer-length arrays cost page faults on every call
        last_row, drop, p_alive = at_pair[last_index], at_pair[end_index], alive[end_index]
        np.minimum(np.subtract(drop, last_row, out=drop), 0.0, out=drop)
        np.negative(np.expm1(drop, out=drop), out=drop)   # 1 − F(T)/F(t_x), 0 if t_x = T
        top = np.maximum(p_alive, last_row)   # e^u and F(t_x) over e^top, then e^ℓ over it
        np.exp(np.subtract(p_alive, top, out=p_alive), out=p_alive)
        np.exp(np.subtract(last_row, top, out=last_row), out=last_row)
        total = np.multiply(last_row, drop)
        total += p_alive
        log_l = fixed[end_index]
        log_l += top
        log_l += np.log(total, out=top)
        np.divide(p_alive, total, out=p_alive)
        if not slopes:
            return log_l.reshape(shape), p_alive.reshape(shape), None
        inverse = 1 / (r + s + counts)
        start = (digamma(r + counts) - digamma(r) + np.log(alpha) - inverse, r / alpha,
                 np.log(beta) + 1 / s - inverse, s / beta)   # ∇log(CS); in α and β constant
        turn = np.stack([inverse - np.log(alpha + times), -(r + counts) / (alpha + times),
                         inverse - 1 / s - np.log(beta + times), -s / (beta + times)])
        by_last = np.divide(last_row, total, out=last_row)   # F(t_x) e^(−ℓ)
        by_end = np.multiply(by_last, drop, out=drop)
        by_end -= by_last   # −F(T) e^(−ℓ)
        gradient = np.empty((4, len(last_index)))
        for k in range(4):   # one parameter at a time: four rows of customers stay in cache
            lane = turn[k][end_index]
            lane *= p_alive
            for part, index, weight in ((d_pair, last_index, by_last), (d_pair, end_index, by_end)):
                term = part[k][index]
                term *= weight
                lane += term
            lane += start[k] if np.isscalar(start[k]) else start[k][end_index]
            gradient[k] = lane
        return log_l.reshape(shape), p_alive.reshape(shape), gradient.reshape((4,) + shape)

    def _log_likelihood(self, params, data):
        """log L per row and its gradient (rows × 4), from :meth:`_log_parts`."""
        log_l, _, gradient = self._log_parts(params, *data, slopes=True)
        return log_l, np.moveaxis(gradient, 0, -1)

    def _alive(self, x, t_x, T):
        return self._log_parts(self._values(), x, t_x, T)[1]

    def _while_alive(self, t, x, T):
        r, alpha, s, beta = self._values()
        if np.ndim(T) == 1 and np.shape(t)[1:] == (1,):
            # a column of horizons for distinct customers, who share few ages: the bracket,
            # a function of age and horizon, once per distinct age (log1p and expm1 are slow)
            (ages,), index = factorise([T])
            bracket = _one_minus_power_over(s, beta + ages, t).take(index, axis=1)
        else:
            bracket = _one_minus_power_over(s, beta + T, t)
        return (r + x) * (beta + T) / (alpha + T) * bracket

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
        t, x, t_x, T = self._customers(frequency, recency, T, t)
        return self._result(lambda: self._while_alive(t, x, T) * self._alive(x, t_x, T),
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
