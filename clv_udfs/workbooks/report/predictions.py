"""Predictive columns for the report: BG/NBD and Gamma-Gamma fitted on the report's own data.

The customers sheet already holds each customer's repeat purchases x, recency t_x, age T (in
the report's time unit) and mean repeat spend. :class:`Predictions` fits BG/NBD (Fader, Hardie &
Lee 2005) on (x, t_x, T) and Gamma-Gamma on the repeat buyers' (x, mean spend), and adds per
customer:

* P(alive): the probability the customer is still active;
* expected purchases in the next ``horizon_months`` months (a month is 365.25/12 days);
* expected spend per purchase (Gamma-Gamma; the population mean for customers with no repeat);
* predicted CLV: expected gross profit over the horizon, each month discounted at its end
  (:func:`clv_udfs.core.models.expected_clv`).

When the data do not allow a fit (too few repeat buyers, a flat likelihood) the columns are left
out and :attr:`Predictions.skipped` says so in plain words; the rest of the report is
unaffected.
"""

from ...core.models import BetaGeo, GammaGamma, expected_clv
from ...core.time_units import convert
from ...errors import CLVError
from ..labels import texts
from .data import CustomerColumn


class Predictions:
    """The ``extra_columns`` hook of :func:`~.report.write_report` for model predictions.

    >>> hook = Predictions(horizon_months=12, monthly_discount_rate=0.01, lang="en")
    >>> hook.skipped is None
    True
    """

    def __init__(self, horizon_months=12, monthly_discount_rate=0.01, lang="en"):
        self.horizon_months = horizon_months
        self.monthly_discount_rate = monthly_discount_rate
        self.texts = texts(lang)
        self.skipped = None
        self.models = None

    def __call__(self, data):
        """The predictive columns for ``data`` (a ReportData), or none when no fit is possible."""
        summary = data.customers
        x, t_x, T = summary.frequency, summary.recency, summary.T
        repeat = (x > 0) & (summary.monetary_value > 0)
        try:
            transactions = BetaGeo(summary.time_unit).fit(x, t_x, T)
            spend_model = GammaGamma().fit(x[repeat], summary.monetary_value[repeat])
        except CLVError:
            self.skipped = ("these purchase histories cannot support a BG/NBD and Gamma-Gamma "
                            "fit (too few repeat buyers, or too little variation among them)")
            return ()
        self.models = (transactions, spend_model)
        horizon = convert(self.horizon_months, "M", summary.time_unit)
        spend = spend_model.conditional_expected_average_profit(x, summary.monetary_value)
        clv = expected_clv(transactions, x, t_x, T, summary.time_unit, spend, data.margin,
                           self.monthly_discount_rate, self.horizon_months, "M")
        words = self.texts
        months = {"months": self.horizon_months}
        return (
            CustomerColumn(words["report.col.p_alive"],
                           transactions.conditional_probability_alive(x, t_x, T), "rate"),
            CustomerColumn(words["report.col.expected"].format(**months),
                           transactions.conditional_expected_number_of_purchases_up_to_time(
                               horizon, x, t_x, T), "number"),
            CustomerColumn(words["report.col.spend"], spend, "money"),
            CustomerColumn(words["report.col.clv"].format(**months), clv, "money", ranks=True),
        )
