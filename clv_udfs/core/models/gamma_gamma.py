"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005)."""

import numpy as np
from scipy.special import digamma, gammaln

from ...errors import CLVError
from ..domains import MONEY, POSITIVE_MONEY
from ..elementwise import broadcast
from .estimation import LikelihoodModel
from .inputs import compress, finite, whole_counts, with_count_index
from .transactions import as_result


class GammaGamma(LikelihoodModel):
    """Gamma-Gamma: average spend per transaction, shrunk towards the population mean.

    A customer's transaction values vary around their mean as a gamma(p, ν) distribution.
    The customer's ν varies across customers as a gamma(q, γ) distribution.
    Spend is independent of how often and how long a customer buys.
    The average of x transactions z̄ is therefore gamma(px, νx) given ν.

    Fit it on repeat buyers only (x > 0) with z̄ the mean value of their x repeat
    transactions. One customer's log-likelihood is

    .. math::

        \\ell = \\ln\\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)} + q\\ln\\gamma
        + (px-1)\\ln\\bar z + px\\ln x - (px+q)\\ln(\\gamma + x\\bar z)

    maximised with its analytic gradient.

    Parameters
    ----------
    penalizer : number
        λ of the L2 penalty λ(p² + q² + γ'²), γ' = γ / (mean z̄): spend measured in units of
        the customers' mean spend, so the fit does not depend on the currency (default 0).
        Spend has no time unit: ``time_unit`` is None.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves
    for customer base analysis. *Journal of Marketing Research* 42(4), 415–430.
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
    http://brucehardie.com/notes/025/

    Examples
    --------
    >>> model = GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44)
    >>> round(model.conditional_expected_average_profit(2, 100.0), 2)
    88.35
    """

    PARAMETERS = ("p", "q", "gamma")
    SHAPES = ("p", "q")
    NAME = "Gamma-Gamma"
    DATA_ADVICE = "check that there are enough repeat buyers with differing spend"
    TIMED = False

    def fit(self, frequency, monetary_value, weights=None):
        """Estimate p, q, γ by maximum likelihood on repeat buyers; returns the model.

        Parameters
        ----------
        frequency : count
            Repeat transactions x of each customer, all ≥ 1.
        monetary_value : money
            Mean value z̄ of each customer's repeat transactions, > 0, in your currency.
        weights : count, optional
            Number of customers each row stands for (default 1 each).
        """
        x, spend = self._customers(frequency, monetary_value, fitting=True)
        columns, counts, _ = compress([x, spend], weights)
        return self._estimate(columns, counts)

    @staticmethod
    def _customers(frequency, monetary_value, fitting=False):
        """Checked, broadcast (x, z̄); a fit needs repeat buyers (x ≥ 1, z̄ > 0)."""
        spend = POSITIVE_MONEY if fitting else MONEY
        arrays, _ = broadcast({"frequency": whole_counts("frequency", frequency),
                               "monetary_value": spend.check("monetary_value", monetary_value)})
        x = arrays["frequency"]
        if fitting and (x == 0).any():
            raise CLVError("frequency: 0 is not allowed; the Gamma-Gamma model is fitted on "
                           "repeat buyers, so leave out customers with no repeat purchase")
        return x, arrays["monetary_value"]

    def _predict_on(self, data):
        self.conditional_expected_average_profit(*data)

    def _unit(self, data, counts):
        """The customers' mean spend z̄: γ is penalized in this unit, whatever the currency."""
        return float((counts * data[1]).sum() / counts.sum())

    def _rescaled(self, data, unit):
        x, spend = data
        return x, spend / unit

    def _log_jacobian(self, data, counts, unit):
        """−N ln c: the likelihood is a density in each customer's z̄."""
        return -float(counts.sum()) * np.log(unit)

    def _start(self, data, counts):
        """p = 1, q = 2 and γ the customers' mean of z̄/x (taken, as every fit's start, with
        BLAS on one thread: :meth:`~.estimation.LikelihoodModel._estimate`)."""
        mean_spend = float((counts * (data[1] / data[0])).sum() / counts.sum())
        return np.log([1.0, 2.0, mean_spend])

    def _prepare(self, data):
        x, spend = data
        log_spend = np.log(spend)
        return with_count_index((x, x * spend, log_spend, x * (log_spend + np.log(x))))

    def _log_likelihood(self, params, data):
        p, q, gamma = params
        x, total, log_spend, weighted_logs, counts, index = data
        pc = p * counts
        by_count = np.stack([gammaln(pc + q) - gammaln(pc) - gammaln(q),
                             digamma(pc + q) - digamma(pc), digamma(pc + q) - digamma(q)])
        shape_terms, p_slope, q_slope = by_count[:, index]
        px = p * x
        log_total = np.log(gamma + total)
        rows = (shape_terms + q * np.log(gamma) - log_spend + p * weighted_logs
                - (px + q) * log_total)
        gradient = np.column_stack([x * (p_slope - log_total) + weighted_logs,
                                    q_slope + np.log(gamma) - log_total,
                                    q / gamma - (px + q) / (gamma + total)])
        return rows, gradient

    def conditional_expected_average_profit(self, frequency, monetary_value):
        """Expected spend per transaction of a customer with x transactions averaging z̄.

        .. math::

            E(Z \\mid p, q, \\gamma, x, \\bar z) = \\frac{p(\\gamma + x\\bar z)}{px + q - 1}
            = \\frac{q-1}{px+q-1}\\frac{p\\gamma}{q-1} + \\frac{px}{px+q-1}\\bar z

        a weighted mean of the population mean pγ/(q−1) and the customer's own z̄
        (Fader, Hardie & Lee 2005, eq. 5). A customer with no repeat purchase (x = 0) gets
        the population mean, whatever ``monetary_value`` holds. Computed as
        γ/(x + (q−1)/p) + z̄/(1 + (q−1)/(px)), which stays finite for any values a
        spreadsheet holds unless the answer itself is too large (then CLVError).

        Returns
        -------
        Expected spend per transaction, in the currency of ``monetary_value``.
        """
        p, q, gamma = self._values()
        x, spend = self._customers(frequency, monetary_value)
        with np.errstate(all="ignore"):
            shrink = (q - 1) / p
            few = x + shrink <= 0
            if few.any():
                raise CLVError(f"frequency: {float(x[few].flat[0]):g} is too few for p = {p:.4g} "
                               f"and q = {q:.4g}; the expected spend has no finite value unless "
                               "p × frequency + q > 1")
            # γ/(x + (q−1)/p) + z̄/(1 + (q−1)/(px)): the same number without the products
            # p·x and x·z̄, which overflow for values a spreadsheet accepts
            own = np.where(x > 0, spend / (1 + shrink / np.where(x > 0, x, 1.0)), 0.0)
            value = gamma / (x + shrink) + own
        return as_result(finite(value, "the expected spend",
                                {"frequency": x, "monetary_value": spend, **self.params_}))
