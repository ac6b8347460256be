"""The MBG/NBD model of repeat purchasing (Batislam, Denizel & Filiztekin 2007)."""

import numpy as np
from scipy.special import expit

from ..domains import DURATION
from .beta_geo import BetaGeo, _expected_on_grid, _expected_while_alive
from .transactions import TransactionModel


class ModifiedBetaGeo(TransactionModel):
    """MBG/NBD: BG/NBD in which a customer may also drop out right after the first purchase.

    While alive, a customer buys as a Poisson process with rate λ.
    λ varies across customers as a gamma(r, α) distribution.
    Right after every purchase, the first one included, a customer drops out for good with
    probability p; p varies across customers as a beta(a, b) distribution, independent of λ.
    So a customer who never came back is not alive for sure, unlike in BG/NBD.

    With x repeat purchases, the last at t_x, observed for T (all from the first purchase, in
    ``time_unit``), one customer's likelihood is

    .. math::

        L = \\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)B(a,b)}\\Big[
        \\frac{B(a, b+x+1)}{(\\alpha+T)^{r+x}} + \\frac{B(a+1, b+x)}{(\\alpha+t_x)^{r+x}}\\Big]

    (alive at T after x + 1 chances to drop out, or dropped out right after the purchase at
    t_x; for x = 0 the second term is the share a/(a+b) who never buy again). Maximised with
    its analytic gradient, through the BG/NBD likelihood (see ``_log_likelihood``).

    Parameters
    ----------
    time_unit, penalizer :
        As for :class:`~clv_udfs.core.models.BetaGeo`.

    References
    ----------
    Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and comparison
    of models for customer base analysis. *International Journal of Research in Marketing*
    24(3), 201–209.
    Hoppe, D. & Wagner, U. (2007). Customer base analysis: the case for a central variant of
    the Betageometric/NBD model. *Marketing — Journal of Research and Management* 3(2), 75–90.

    Examples
    --------
    The CDNOW estimates of BTYDplus (r 0.525, α 6.183, a 0.891, b 1.614, in weeks); a customer
    who bought once, 38.86 weeks ago, is no longer certainly alive:

    >>> model = ModifiedBetaGeo.from_params("W", r=0.525, alpha=6.183, a=0.891, b=1.614)
    >>> round(model.conditional_probability_alive(0, 0, 38.86), 2)
    0.39
    """

    PARAMETERS = BetaGeo.PARAMETERS
    SHAPES = BetaGeo.SHAPES
    NAME = "MBG/NBD"
    _prepare = BetaGeo._prepare

    def _log_likelihood(self, params, data):
        """The likelihood as a mixture: a share a/(a+b) drops out right after the first
        purchase and never buys again; the others survived one drop-out chance, so their p is
        beta(a, b+1), and from there on they are BG/NBD customers with b + 1:

        .. math:: L = \\frac{a}{a+b}[x = 0] + \\frac{b}{a+b} L_{BG/NBD}(r, \\alpha, a, b+1)

        which is the formula of the class docstring, term by term.
        """
        r, alpha, a, b = params
        rows, gradient = BetaGeo._log_likelihood(self, np.array([r, alpha, a, b + 1]), data)
        stayed = np.log(b) - np.log(a + b) + rows
        gone = np.where(data[0] > 0, -np.inf, np.log(a) - np.log(a + b))
        w_stayed = expit(stayed - gone)[:, None]
        from_stayed = gradient + [0, 0, -1 / (a + b), 1 / b - 1 / (a + b)]
        from_gone = np.array([0, 0, 1 / a - 1 / (a + b), -1 / (a + b)])
        return (np.logaddexp(stayed, gone),
                w_stayed * from_stayed + (1 - w_stayed) * from_gone)

    def conditional_probability_alive(self, frequency, recency, T):
        """Probability that a customer with history (x, t_x, T) is still alive at T.

        .. math::

            P(\\text{alive}) = \\Big[1 + \\frac{a}{b+x}
            \\Big(\\frac{\\alpha+T}{\\alpha+t_x}\\Big)^{r+x}\\Big]^{-1}

        the 'alive' share of the likelihood, for every x including 0 (Batislam, Denizel &
        Filiztekin 2007), computed as a logistic function of the log odds.

        Returns
        -------
        Probability 0–1 per customer (float for single values).

        Examples
        --------
        >>> model = ModifiedBetaGeo.from_params("W", r=0.525, alpha=6.183, a=0.891, b=1.614)
        >>> round(model.conditional_probability_alive(2, 30.43, 38.86), 3)
        0.706
        """
        x, t_x, T = self._customers(frequency, recency, T)
        return self._result(lambda: self._alive(x, t_x, T), "the probability alive",
                            frequency=x, recency=t_x, T=T)

    def _alive(self, x, t_x, T):
        r, alpha, a, b = self._values()
        log_odds = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        return expit(-log_odds)

    def conditional_expected_number_of_purchases_up_to_time(self, t, frequency, recency, T):
        """Expected purchases in the next ``t`` time units of a customer with history
        (x, t_x, T).

        Alive at T, the customer's λ is gamma(r+x, α+T) and p is beta(a, b+x+1), and from
        then on a drop-out chance follows every purchase, as in BG/NBD:

        .. math::

            E[Y(t) \\mid x, t_x, T] = \\frac{a+b+x}{a-1}\\Big[1 - \\Big(\\frac{\\alpha+T}
            {\\alpha+T+t}\\Big)^{r+x} {}_2F_1\\Big(r+x, b+x+1; a+b+x; \\frac{t}{\\alpha+T+t}
            \\Big)\\Big] \\, P(\\text{alive} \\mid x, t_x, T)

        with the 2F1 through Euler's transformation, as for BG/NBD. Parameters and result as
        for :meth:`BetaGeo.conditional_expected_number_of_purchases_up_to_time`.

        Examples
        --------
        >>> model = ModifiedBetaGeo.from_params("W", r=0.525, alpha=6.183, a=0.891, b=1.614)
        >>> round(model.conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86), 3)
        1.263
        """
        r, alpha, a, b = self._values()
        t, x, t_x, T = self._customers(frequency, recency, T, t)
        return self._result(lambda: _expected_while_alive(t, r, alpha, a, b + 1, x, T)
                            * self._alive(x, t_x, T),
                            "the expected purchases", t=t, frequency=x, recency=t_x, T=T)

    def _while_alive(self, t, x, T):
        r, alpha, a, b = self._values()
        return _expected_on_grid(t, r, alpha, a, b + 1, x, T)

    def expected_number_of_purchases_up_to_time(self, t):
        """Expected repeat purchases E[X(t)] of a new customer in their first ``t`` time units.

        Alive after the first purchase with probability b/(a+b), and then as above with
        x = T = 0:

        .. math::

            E[X(t)] = \\frac{b}{a-1}\\Big[1 - \\Big(\\frac{\\alpha}{\\alpha+t}\\Big)^r
            {}_2F_1\\Big(r, b+1; a+b; \\frac{t}{\\alpha+t}\\Big)\\Big]

        Examples
        --------
        >>> model = ModifiedBetaGeo.from_params("W", r=0.525, alpha=6.183, a=0.891, b=1.614)
        >>> round(model.expected_number_of_purchases_up_to_time(78), 2)
        1.8
        """
        r, alpha, a, b = self._values()
        t = DURATION.check("t", t)
        return self._result(lambda: b / (a + b) * _expected_while_alive(t, r, alpha, a, b + 1,
                                                                         0.0, 0.0),
                            "the expected purchases", t=t)
