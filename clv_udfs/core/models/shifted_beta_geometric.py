"""The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007, 2010)."""

import numpy as np
from scipy.special import betaln, hyp2f1

from ...errors import CLVError
from ..domains import DISCOUNT_RATE, DURATION, MONEY, show
from ..elementwise import broadcast
from .beta_ratios import beta_ratios
from .estimation import LikelihoodModel
from .inputs import whole_counts
from .transactions import as_result


class ShiftedBetaGeometric(LikelihoodModel):
    """sBG: how many subscribers of a cohort renew each period.

    At the end of each period, an active customer cancels with probability θ.
    θ is fixed for a customer: the same every period.
    θ varies across customers as a beta(α, β) distribution.
    Cancelled customers never come back.

    With T the number of periods a customer stays (Fader & Hardie 2007, eqs. 3–4),

    .. math::

        P(T = t) = \\frac{B(\\alpha+1, \\beta+t-1)}{B(\\alpha, \\beta)}, \\qquad
        S(t) = P(T > t) = \\frac{B(\\alpha, \\beta+t)}{B(\\alpha, \\beta)},

    and a cohort with :math:`n_t` customers active after t renewals (t = 0..n) has
    log-likelihood :math:`\\sum_{t=1}^{n} (n_{t-1} - n_t) \\ln P(T=t) + n_n \\ln S(n)`,
    maximised with its analytic gradient.

    Parameters
    ----------
    time_unit : text
        Length of one contract period: D, W, M or Y.
    penalizer : number
        L2 penalty on the parameters (default 0).

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
    Interactive Marketing* 21(1), 76–90.
    Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting:
    the perils of ignoring heterogeneity. *Marketing Science* 29(1), 85–93.

    Examples
    --------
    The "regular" cohort of Fader & Hardie (2007), customers per 1,000 still active after
    0..7 yearly renewals:

    >>> model = ShiftedBetaGeometric("Y").fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> round(model.params_["alpha"], 3), round(model.params_["beta"], 3)
    (0.704, 1.182)
    """

    PARAMETERS = ("alpha", "beta")
    NAME = "sBG"
    DATA_ADVICE = "give the counts of more renewal periods"

    def fit(self, active):
        """Estimate α and β from a cohort's active counts; returns the model.

        Parameters
        ----------
        active : count
            Customers still active after 0, 1, …, n renewals; ``active[0]`` is the cohort size.
            Counts never rise.
        """
        counts = whole_counts("active", np.atleast_1d(active), "customers").ravel()
        if len(counts) < 2 or counts[0] == 0:
            raise CLVError("active: give the cohort size then the customers still active after "
                           "each renewal, e.g. 1000, 631, 468")
        rising = np.flatnonzero(np.diff(counts) > 0)
        if rising.size:
            k = int(rising[0]) + 1
            raise CLVError(f"active: {show(counts[k])} is more than the {show(counts[k - 1])} "
                           f"before it; active customers cannot increase (item {k + 1})")
        periods = np.arange(1.0, len(counts))
        rows = (np.append(periods, periods[-1]), np.append(np.zeros_like(periods), 1.0))
        return self._estimate(rows, np.append(-np.diff(counts), counts[-1]))

    def _start(self, data, counts):
        return np.zeros(2)

    def _log_likelihood(self, params, data):
        """Per row: ln S(t)/… of a customer still active after t renewals, ln B(α, β+t)/
        B(α, β), or of one who left at the t-th, ln B(α+1, β+t−1)/B(α, β); and the gradient,
        all from the exact sums of :func:`.beta_ratios.beta_ratios`."""
        alpha, beta = params
        t, survived = data
        kept = survived > 0
        stayed, left, slope_stayed, slope_left, slope_all = beta_ratios(alpha, beta, t)
        gradient = np.column_stack([np.where(kept, 0.0, 1 / alpha) - slope_all,
                                    np.where(kept, slope_stayed, slope_left) - slope_all])
        return np.where(kept, stayed, left), gradient

    def survival(self, t):
        """Share of a new cohort still active after ``t`` renewals, S(t) = B(α, β+t)/B(α, β).

        Examples
        --------
        >>> model = ShiftedBetaGeometric.from_params("Y", alpha=0.704, beta=1.182)
        >>> round(1000 * model.survival(1))
        627
        """
        alpha, beta = self._values()
        t = DURATION.check("t", t)
        return as_result(np.exp(betaln(alpha, beta + t) - betaln(alpha, beta)))

    def retention(self, t):
        """Renewal rate at the t-th renewal, r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1), t ≥ 1.

        It rises with t: the customers who cancel easily leave first (Fader & Hardie 2007,
        eq. 5).

        >>> model = ShiftedBetaGeometric.from_params("Y", alpha=0.704, beta=1.182)
        >>> round(model.retention(1), 3)
        0.627
        """
        alpha, beta = self._values()
        t = DURATION.check("t", t)
        if (t < 1).any():
            raise CLVError(f"t: {show(float(t[t < 1].flat[0]))} is not allowed; the first "
                           "renewal is t = 1")
        return as_result((beta + t - 1) / (alpha + beta + t - 1))

    def discounted_expected_lifetime(self, discount_rate):
        """Discounted expected lifetime (DEL) of a new customer, in contract periods.

        .. math::

            DEL(d) = \\sum_{t=0}^{\\infty} \\frac{S(t)}{(1+d)^t}
            = {}_2F_1\\Big(1, \\beta; \\alpha+\\beta; \\frac{1}{1+d}\\Big)

        The first period counts in full (payment at the start of each period). Fader & Hardie
        (2010), eq. 5.

        Parameters
        ----------
        discount_rate : rate
            Discount rate per contract period, 0–1.
        """
        return self._discounted_periods(0.0, discount_rate)

    def discounted_expected_residual_lifetime(self, renewals, discount_rate):
        """Discounted expected residual lifetime (DERL) of a customer who has renewed
        ``renewals`` times, valued just before their next renewal decision.

        With n − 1 = ``renewals``,

        .. math::

            DERL(d \\mid n-1) = \\sum_{t=n}^{\\infty} \\frac{S(t)}{S(n-1)} \\frac{1}{(1+d)^{t-n}}
            = \\frac{\\beta+n-1}{\\alpha+\\beta+n-1}\\,
            {}_2F_1\\Big(1, \\beta+n; \\alpha+\\beta+n; \\frac{1}{1+d}\\Big)

        (Fader & Hardie 2010, eq. 6): the next payment, if the customer renews, is not
        discounted.

        Parameters
        ----------
        renewals : count
            Renewals made so far (0 for a customer in their first period).
        discount_rate : rate
            Discount rate per contract period, 0–1.
        """
        return self._discounted_periods(whole_counts("renewals", renewals, "renewals") + 1, discount_rate)

    def _discounted_periods(self, n, discount_rate):
        """S(n)/S(n−1) · 2F1(1, β+n; α+β+n; 1/(1+d)), with the ratio 1 for n = 0 (DEL)."""
        alpha, beta = self._values()
        arrays, _ = broadcast({"n": np.asarray(n, dtype=float),
                               "d": DISCOUNT_RATE.check("discount_rate", discount_rate)})
        n, d = arrays["n"], arrays["d"]
        first = np.where(n > 0, (beta + n - 1) / (alpha + beta + n - 1), 1.0)
        with np.errstate(all="ignore"):
            value = first * hyp2f1(1.0, beta + n, alpha + beta + n, 1 / (1 + d))
        if not np.isfinite(value).all():
            raise CLVError(f"discount_rate: 0 with alpha = {alpha:.4g} ≤ 1 gives an infinite "
                           "lifetime; enter a discount rate above 0")
        return as_result(value)

    def clv(self, margin_per_period, discount_rate):
        """Expected lifetime value of a new customer: margin × DEL(d).

        .. math:: E(CLV) = m \\; {}_2F_1\\Big(1, \\beta; \\alpha+\\beta; \\frac{1}{1+d}\\Big)

        Parameters
        ----------
        margin_per_period : money
            Margin a customer brings each contract period, paid at the period's start.
        discount_rate : rate
            Discount rate per contract period, 0–1.

        Returns
        -------
        Present value of the expected margins, in the currency of ``margin_per_period``.
        """
        margin = MONEY.check("margin_per_period", margin_per_period)
        return as_result(margin * self.discounted_expected_lifetime(discount_rate))
