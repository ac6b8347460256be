"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005)."""

import numpy as np
from scipy.special import digamma, gammaln

from ...errors import CLVError
from ..domains import POSITIVE_MONEY
from ..elementwise import broadcast
from .estimation import LikelihoodModel
from .inputs import compress, whole_counts
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
        L2 penalty on the parameters (default 0). Spend has no time unit: ``time_unit`` is
        None.

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
    NAME = "Gamma-Gamma"
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
        x, spend = self._customers(frequency, monetary_value)
        columns, counts, _ = compress([x, spend], weights)
        return self._estimate(columns, counts)

    @staticmethod
    def _customers(frequency, monetary_value):
        arrays, _ = broadcast({"frequency": whole_counts("frequency", frequency),
                               "monetary_value": POSITIVE_MONEY.check("monetary_value",
                                                                      monetary_value)})
        x = arrays["frequency"]
        if (x == 0).any():
            raise CLVError("frequency: 0 is not allowed; the Gamma-Gamma model needs repeat "
                           "buyers, so leave out customers with no repeat purchase")
        return x, arrays["monetary_value"]

    def _start(self, data, counts):
        mean_spend = float(np.dot(counts, data[1]) / counts.sum())
        return np.log([1.0, 2.0, mean_spend])

    def _log_likelihood(self, params, data):
        p, q, gamma = params
        x, spend = data
        px = p * x
        rows = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma)
                + (px - 1) * np.log(spend) + px * np.log(x) - (px + q) * np.log(gamma + x * spend))
        psi = digamma(px + q)
        log_total = np.log(gamma + x * spend)
        gradient = np.column_stack([
            x * (psi - digamma(px) + np.log(spend) + np.log(x) - log_total),
            psi - digamma(q) + np.log(gamma) - log_total,
            q / gamma - (px + q) / (gamma + x * spend),
        ])
        return rows, gradient

    def conditional_expected_average_profit(self, frequency, monetary_value):
        """Expected spend per transaction of a customer with x transactions averaging z̄.

        .. math::

            E(Z \\mid p, q, \\gamma, x, \\bar z) = \\frac{p(\\gamma + x\\bar z)}{px + q - 1}
            = \\frac{q-1}{px+q-1}\\frac{p\\gamma}{q-1} + \\frac{px}{px+q-1}\\bar z

        a weighted mean of the population mean pγ/(q−1) and the customer's own z̄
        (Fader, Hardie & Lee 2005, eq. 5).

        Returns
        -------
        Expected spend per transaction, in the currency of ``monetary_value``.
        """
        p, q, gamma = self._values()
        x, spend = self._customers(frequency, monetary_value)
        denominator = p * x + q - 1
        if (denominator <= 0).any():
            few = float(x[denominator <= 0].flat[0])
            raise CLVError(f"frequency: {few:g} is too few for p = {p:.4g} and q = {q:.4g}; the "
                           "expected spend has no finite value unless p × frequency + q > 1")
        return as_result(p * (gamma + x * spend) / denominator)
