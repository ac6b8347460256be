"""The BG/BB model of discrete-time repeat transactions (Fader, Hardie & Shang 2010).

Time is counted in transaction opportunities (periods), not in days or weeks: one chance to buy,
donate or attend per period (a yearly appeal, an annual event). A customer's history is x
(repeat transactions), t_x (the opportunity of the last one) and n (opportunities since the
first transaction), all whole numbers with 0 ≤ x ≤ t_x ≤ n.

>>> x, t_x, n = opportunity_data([2, 0], [4, 0], 6)
>>> n
array([6., 6.])
>>> opportunity_data(3, 2, 6)
Traceback (most recent call last):
...
clv_udfs.errors.CLVError: frequency: 3 is more than recency 2; a customer buys at most once per opportunity, so frequency ≤ recency
"""

import numpy as np
from scipy.special import betaln, gammaln

from ...errors import CLVError
from ..domains import show
from ..elementwise import broadcast
from .beta_ratios import rising_sums
from .estimation import LikelihoodModel
from .inputs import _item, compress, factorise, whole_counts
from .transactions import as_result

GAMMA_NUDGE = 1e-7   # γ = 1 is a removable singularity of the expectation


MAX_OPPORTUNITIES = 10_000
"""Purchase opportunities a BG/BB customer may have had: its likelihood sums over them one by
one, so the work grows with the count; yearly or monthly chances stay far below this."""


def opportunity_data(frequency, recency, n_periods):
    """Checked, broadcast float arrays ``(x, t_x, n)`` of whole numbers.

    CLVError names the argument and value for: a negative, fractional or missing count;
    recency after n_periods; frequency above recency; recency ≠ 0 with frequency 0.
    """
    arrays, _ = broadcast({"frequency": whole_counts("frequency", frequency),
                           "recency": whole_counts("recency", recency, "periods"),
                           "n_periods": whole_counts("n_periods", n_periods, "periods")})
    x, t_x, n = arrays["frequency"], arrays["recency"], arrays["n_periods"]
    many = n > MAX_OPPORTUNITIES
    if many.any():
        raise CLVError(f"n_periods: {show(n[many].flat[0])} opportunities are more than this "
                       f"discrete-time model is for; enter at most {MAX_OPPORTUNITIES:,} (for "
                       "daily or weekly buying use BG/NBD or Pareto/NBD)")
    late = t_x > n
    if late.any():
        raise CLVError(f"recency: {show(t_x[late].flat[0])} is after n_periods "
                       f"{show(n[late].flat[0])}; the last transaction cannot come after the "
                       "last opportunity" + _item(t_x, late))
    orphan = (x == 0) & (t_x != 0)
    if orphan.any():
        raise CLVError(f"recency: {show(t_x[orphan].flat[0])} with frequency 0; a customer with "
                       "no repeat transactions has recency 0" + _item(t_x, orphan))
    crowded = x > t_x
    if crowded.any():
        raise CLVError(f"frequency: {show(x[crowded].flat[0])} is more than recency "
                       f"{show(t_x[crowded].flat[0])}; a customer buys at most once per "
                       "opportunity, so frequency ≤ recency" + _item(x, crowded))
    return x, t_x, n


def _log_binomial(n, k):
    """ln C(n, k) for whole 0 ≤ k ≤ n (−inf where k > n)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(k <= n, gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1), -np.inf)


class _Ratios:
    """The BG/BB likelihood's beta ratios at (α, β, γ, δ) for whole counts up to ``top``,
    with their slopes in the parameters, from the rising sums of α, β, α+β, δ and γ+δ
    (:func:`~.beta_ratios.rising_sums`). Differences of betaln lost up to ~1e-7 where γ and δ
    (or α and β) are ~1e7, everyone with the same drop-out (or purchase) chance: noise in
    which fits were accepted at γ ≈ 2e6 or refused as flat, depending on where it stalled.

    >>> from scipy.special import betaln
    >>> r = _Ratios((0.5, 0.8, 0.6, 2.0), 6)
    >>> value = r.transactions(np.array([2.0]), np.array([3.0]))[0][0]
    >>> bool(abs(value - (betaln(2.5, 3.8) - betaln(0.5, 0.8))) < 1e-13)
    True
    """

    def __init__(self, params, top):
        alpha, beta, gamma, delta = params
        self.gamma = gamma
        self.a, self.b, self.ab, self.d, self.gd = (
            rising_sums(z, top + 1) for z in (alpha, beta, alpha + beta, delta, gamma + delta))

    def transactions(self, x, y):
        """ln B(α+x, β+y)/B(α, β) and its slopes in α and β."""
        i, j = x.astype(int), y.astype(int)
        k = i + j
        return (self.a[0][i] + self.b[0][j] - self.ab[0][k],
                self.a[1][i] - self.ab[1][k], self.b[1][j] - self.ab[1][k])

    def alive(self, n):
        """ln B(γ, δ+n)/B(γ, δ) (alive after n opportunities) and its slopes in γ and δ."""
        m = n.astype(int)
        return self.d[0][m] - self.gd[0][m], -self.gd[1][m], self.d[1][m] - self.gd[1][m]

    def dropped(self, k):
        """ln B(γ+1, δ+k)/B(γ, δ) (dropped out right after opportunity k) and its slopes in
        γ and δ."""
        m = k.astype(int)
        return (np.log(self.gamma) + self.d[0][m] - self.gd[0][m + 1],
                1 / self.gamma - self.gd[1][m + 1], self.d[1][m] - self.gd[1][m + 1])


class BetaGeoBetaBinom(LikelihoodModel):
    """BG/BB: beta-geometric dropout, beta-Bernoulli transactions, in discrete time.

    While alive, a customer transacts at each opportunity with probability p.
    p varies across customers as a beta(α, β) distribution.
    Before each opportunity, an alive customer dies for good with probability θ.
    θ varies across customers as a beta(γ, δ) distribution, independent of p.

    With x repeat transactions in n opportunities, the last at opportunity t_x, one
    customer's likelihood (Fader, Hardie & Shang 2010, eq. 5) is

    .. math::

        L = \\frac{B(\\alpha+x, \\beta+n-x)}{B(\\alpha,\\beta)}
            \\frac{B(\\gamma, \\delta+n)}{B(\\gamma,\\delta)}
          + \\sum_{i=0}^{n-t_x-1} \\frac{B(\\alpha+x, \\beta+t_x-x+i)}{B(\\alpha,\\beta)}
            \\frac{B(\\gamma+1, \\delta+t_x+i)}{B(\\gamma,\\delta)}

    (alive through opportunity n, or died just before opportunity t_x + i + 1), maximised
    with its analytic gradient. The sum runs over opportunities, not customers: every
    distinct (x, t_x) is computed once per opportunity. All times are counted in
    opportunities: the model has no clock, so ``time_unit`` is None.

    Parameters
    ----------
    time_unit : None
        Ignored: BG/BB counts opportunities (as for Gamma-Gamma, give ``penalizer=`` by name).
    penalizer : number
        L2 penalty on the parameters (default 0: plain maximum likelihood).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
    discrete-time noncontractual setting. *Marketing Science* 29(6), 1086–1108.

    Examples
    --------
    The paper's donations data: 11,104 first-time donors of 1995, each with 6 later yearly
    appeals. A donor who gave at all 6 is alive in 2002 with probability 0.93 (Table 6):

    >>> model = BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    >>> round(model.conditional_probability_alive(6, 6, 6, periods_ahead=1), 2)
    0.93
    """

    PARAMETERS = ("alpha", "beta", "gamma", "delta")
    NAME = "BG/BB"
    TIMED = False
    DATA_ADVICE = "check that enough customers transacted again"

    def fit(self, frequency, recency, n_periods, weights=None):
        """Estimate α, β, γ, δ by maximum likelihood; returns the model.

        Parameters
        ----------
        frequency : count
            Repeat transactions x of each customer: the opportunities after the first
            transaction at which they transacted.
        recency : count
            The opportunity t_x (1 … n) of each customer's last repeat transaction; 0 if none.
        n_periods : count
            Opportunities n each customer had after their first transaction.
        weights : count, optional
            Number of customers each row stands for (default 1 each).
        """
        columns, counts, _ = compress(list(opportunity_data(frequency, recency, n_periods)),
                                      weights)
        return self._estimate(columns, counts)

    def _start(self, data, counts):
        return np.zeros(len(self.PARAMETERS))

    def _log_likelihood(self, params, data):
        """Per row ln L and its gradient, every beta ratio to B(α, β) B(γ, δ) taken from the
        exact sums of :class:`_Ratios`."""
        x, t_x, n, plan = data
        # the died sums run on for every (x, t_x) pair to the longest gap: t_x + i up to
        ratios = _Ratios(params, int(t_x.max(initial=0) + (n - t_x).max(initial=0)) + 1)
        transact, by_alpha, by_beta = ratios.transactions(x, n - x)
        stay, by_gamma, by_delta = ratios.alive(n)
        log_alive = transact + stay
        d_alive = np.column_stack([by_alpha, by_beta, by_gamma, by_delta])
        log_died, d_died = self._log_died(ratios, *plan)
        rows = np.logaddexp(log_alive, log_died)
        w_alive = np.exp(log_alive - rows)[:, None]
        return rows, w_alive * d_alive + (1 - w_alive) * d_died

    def _prepare(self, data):
        """``data`` and the plan of the 'died' sum: the distinct (x, t_x) pairs, each row's
        pair, and the rows ordered by the sum's length n − t_x, with where each length
        starts."""
        x, t_x, n = data
        pairs, pair = factorise([x, t_x])
        gap = (n - t_x).astype(np.intp)
        order = np.argsort(gap, kind="stable")
        starts = np.searchsorted(gap[order], np.arange(gap.max(initial=0) + 2))
        return x, t_x, n, (*pairs, pair, order, starts)

    @staticmethod
    def _log_died(ratios, pair_x, pair_t, pair, order, starts):
        """ln Σ_i B(α+x, β+t_x−x+i) B(γ+1, δ+t_x+i) / (B(α, β) B(γ, δ)) over i = 0 … n−t_x−1
        per row (−inf where the sum is empty) and its gradient (``ratios``: :class:`_Ratios`).

        The terms depend on (x, t_x) and i only, so the running sums go over the distinct
        (x, t_x) pairs, one opportunity at a time, and each row takes its pair's sum when i
        reaches its length. The terms fall with i, so each is scaled by the first and the
        sums stay in (0, n]."""
        def term(i):
            transact, by_alpha, by_beta = ratios.transactions(pair_x, pair_t - pair_x + i)
            dropped, by_gamma, by_delta = ratios.dropped(pair_t + i)
            return transact + dropped, np.column_stack([by_alpha, by_beta, by_gamma, by_delta])

        first = term(0)[0]
        total, weighted = np.zeros_like(first), np.zeros((first.size, 4))
        row_total, row_weighted = np.zeros(pair.size), np.zeros((pair.size, 4))
        for i in range(starts.size - 2):
            log_term, slopes = term(i)
            scaled = np.exp(log_term - first)
            total += scaled
            weighted += scaled[:, None] * slopes
            ending = order[starts[i + 1]:starts[i + 2]]   # rows whose sum ends here
            row_total[ending] = total[pair[ending]]
            row_weighted[ending] = weighted[pair[ending]]
        some = row_total > 0
        with np.errstate(divide="ignore"):
            log_died = np.where(some, first[pair] + np.log(row_total), -np.inf)
        return log_died, row_weighted / np.where(some, row_total, 1.0)[:, None]

    @staticmethod
    def _customers(frequency, recency, n_periods, argument, periods):
        """Checked, broadcast (x, t_x, n) and ``periods`` (named ``argument``): the shape,
        the distinct rows (x, t_x, n, periods) and each customer's index into them."""
        history = opportunity_data(frequency, recency, n_periods)
        arrays, shape = broadcast({"x": history[0], "t_x": history[1], "n": history[2],
                                   argument: whole_counts(argument, periods, "periods")})
        unique, _, inverse = compress([np.ravel(np.broadcast_to(a, shape))
                                       for a in arrays.values()])
        return shape, unique, inverse

    def _log_posterior_terms(self, unique):
        """ln L per distinct history (x, t_x, n), and ln B(α+x, β+n−x)/B(α, β): the
        likelihood's own sums (:class:`_Ratios`), so that a customer alive for sure has
        P(alive) exactly 1."""
        params = np.array(self._values())
        with np.errstate(all="ignore"):
            rows, _ = self._log_likelihood(params, self._prepare(unique))
        x, _, n = unique
        return rows, _Ratios(params, int(n.max(initial=0))).transactions(x, n - x)[0]

    def conditional_probability_alive(self, frequency, recency, n_periods, periods_ahead=0):
        """Probability that a customer with history (x, t_x, n) is alive at opportunity
        n + m (m = ``periods_ahead``).

        .. math::

            P(\\text{alive at } n+m) = \\frac{B(\\alpha+x, \\beta+n-x)}{B(\\alpha,\\beta)}
            \\frac{B(\\gamma, \\delta+n+m)}{B(\\gamma,\\delta)} \\Big/ L

        Fader, Hardie & Shang (2010), eq. 11 (there m = 1: "alive in 2002"). With m = 0 a
        customer who transacted at the last opportunity is alive for sure.

        Parameters
        ----------
        frequency, recency, n_periods :
            The customer's history, as for :meth:`fit`.
        periods_ahead : count
            m: 0 for the last observed opportunity (default), 1 for the next one, …

        Returns
        -------
        Probability 0–1 per customer (float for single values).

        Examples
        --------
        Table 6 of the paper: 0.11 for a 1995 donor who never gave again, 0.59 for one who
        gave twice, the last time in 1999:

        >>> model = BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657,
        ...                                      delta=2.783)
        >>> model.conditional_probability_alive([0, 2], [0, 4], 6, 1).round(2)
        array([0.11, 0.59])
        """
        shape, unique, inverse = self._customers(frequency, recency, n_periods,
                                                 "periods_ahead", periods_ahead)
        log_l, log_alive = self._log_posterior_terms(unique[:3])
        ahead = unique[2] + unique[3]
        log_alive = log_alive + _Ratios(self._values(), int(ahead.max(initial=0))).alive(ahead)[0]
        return as_result(np.minimum(np.exp(log_alive - log_l), 1.0)[inverse].reshape(shape))

    def conditional_expected_number_of_purchases_up_to_time(self, periods, frequency, recency,
                                                            n_periods):
        """Expected transactions at the next ``periods`` opportunities (n+1 … n+n*) of a
        customer with history (x, t_x, n).

        .. math::

            E[X(n, n+n^*)] = \\frac{1}{L} \\frac{B(\\alpha+x+1, \\beta+n-x)}{B(\\alpha,\\beta)}
            \\frac{\\delta}{\\gamma-1} \\frac{\\Gamma(\\gamma+\\delta)}{\\Gamma(1+\\delta)}
            \\Big[\\frac{\\Gamma(1+\\delta+n)}{\\Gamma(\\gamma+\\delta+n)}
            - \\frac{\\Gamma(1+\\delta+n+n^*)}{\\Gamma(\\gamma+\\delta+n+n^*)}\\Big]

        Fader, Hardie & Shang (2010), eq. 13; γ = 1 is a removable singularity, so γ is
        nudged off it by 1e-7. With x = t_x = n = 0 it is E[X(n*)] of a new customer (eq. 8).

        Parameters
        ----------
        periods : count
            n*: how many future opportunities to count.
        frequency, recency, n_periods :
            The customer's history, as for :meth:`fit`.

        Returns
        -------
        Expected number of transactions per customer.

        Examples
        --------
        With the paper's estimates, a donor who gave at all 6 opportunities is expected to
        give 3.75 times at the next 5:

        >>> model = BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657,
        ...                                      delta=2.783)
        >>> round(model.conditional_expected_number_of_purchases_up_to_time(5, 6, 6, 6), 2)
        3.75
        """
        shape, unique, inverse = self._customers(frequency, recency, n_periods, "periods",
                                                 periods)
        log_l, _ = self._log_posterior_terms(unique[:3])
        alpha, beta, gamma, delta = self._values()
        if abs(gamma - 1) < GAMMA_NUDGE:
            gamma = 1 + GAMMA_NUDGE
        x, _, n, horizon = unique

        def log_g(m):
            return gammaln(1 + delta + m) - gammaln(gamma + delta + m)

        bracket = -np.expm1(log_g(n + horizon) - log_g(n)) / (gamma - 1)
        log_front = (betaln(alpha + x + 1, beta + n - x) - betaln(alpha, beta) - log_l
                     + np.log(delta) + gammaln(gamma + delta) - gammaln(1 + delta) + log_g(n))
        return as_result((np.exp(log_front) * bracket)[inverse].reshape(shape))

    def expected_number_of_purchases_up_to_time(self, periods):
        """Expected repeat transactions E[X(n*)] of a new customer in their first ``periods``
        opportunities (Fader, Hardie & Shang 2010, eq. 8).

        .. math::

            E[X(n^*)] = \\frac{\\alpha}{\\alpha+\\beta} \\frac{\\delta}{\\gamma-1}\\Big[1 -
            \\frac{\\Gamma(\\gamma+\\delta)}{\\Gamma(1+\\delta)}
            \\frac{\\Gamma(1+\\delta+n^*)}{\\Gamma(\\gamma+\\delta+n^*)}\\Big]
        """
        return self.conditional_expected_number_of_purchases_up_to_time(periods, 0, 0, 0)

    def probability_of_n_purchases_up_to_time(self, periods, number):
        """Probability that a new customer makes exactly ``number`` repeat transactions in
        their first ``periods`` opportunities: the model's in-sample histogram.

        .. math::

            P(X(n) = x) = \\binom{n}{x} \\frac{B(\\alpha+x, \\beta+n-x)}{B(\\alpha,\\beta)}
            \\frac{B(\\gamma, \\delta+n)}{B(\\gamma,\\delta)}
            + \\sum_{i=x}^{n-1} \\binom{i}{x} \\frac{B(\\alpha+x, \\beta+i-x)}{B(\\alpha,\\beta)}
            \\frac{B(\\gamma+1, \\delta+i)}{B(\\gamma,\\delta)}

        (alive through n, or died just before opportunity i + 1; Fader, Hardie & Shang 2010,
        eq. 7), summed over i one opportunity at a time.

        Parameters
        ----------
        periods : count
            n: opportunities after the first transaction.
        number : count
            x: repeat transactions, 0 … n (0 for numbers above n).

        Examples
        --------
        The paper's spreadsheet: of the 11,104 donors, 3,454.9 are expected to give no more
        after 1995 (the data have 3,464):

        >>> model = BetaGeoBetaBinom.from_params(alpha=1.2035, beta=0.7497, gamma=0.6567,
        ...                                      delta=2.7834)
        >>> round(11104 * model.probability_of_n_purchases_up_to_time(6, 0), 1)
        3454.9
        """
        alpha, beta, gamma, delta = self._values()
        arrays, shape = broadcast({
            "periods": whole_counts("periods", periods, "periods"),
            "number": whole_counts("number", number, "transactions")})
        n, x = (np.broadcast_to(a, shape) for a in arrays.values())
        possible = x <= n
        x = np.minimum(x, n)

        def log_share(p_fail, theta_a, theta_b):
            return (betaln(alpha + x, beta + p_fail) - betaln(alpha, beta)
                    + betaln(theta_a, theta_b) - betaln(gamma, delta))

        total = np.exp(_log_binomial(n, x) + log_share(n - x, gamma, delta + n))
        for i in range(int(n.max(initial=0))):
            died = np.exp(_log_binomial(i, x) + log_share(i - x, gamma + 1, delta + i))
            total = total + np.where((x <= i) & (i < n), died, 0.0)
        return as_result(np.where(possible, total, 0.0))
