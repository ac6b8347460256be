"""Predictive columns and sheets for the report: the forecast of :mod:`clv_udfs.core.forecast`.

The customers sheet already holds each customer's repeat purchases x, recency t_x, age T (in
the report's time unit) and mean repeat spend. :class:`Predictions` checks the repeat-purchase
models on a calibration/holdout split of the transactions (``calibration_end``, default the
last third of the span; none when the history is too short, said in words), refits the chosen
one on all the data with Gamma-Gamma, and adds per customer:

* P(alive): the probability the customer is still active;
* expected purchases in the next ``horizon_months`` months (a month is 365.25/12 days);
* expected spend per purchase (Gamma-Gamma; the population mean for customers with no repeat);
* predicted CLV: expected gross profit over the horizon, each month discounted at its end
  (:func:`clv_udfs.core.models.expected_clv`), and its 90% interval.

It also gives the report two sheets (:meth:`Predictions.sheets`): the forecast, first, and the
models with their evidence, last. When the data do not allow a fit (too few repeat buyers, a
flat likelihood) the columns and sheets are left out and :attr:`Predictions.skipped` says so in
plain words; the rest of the report is unaffected.
"""

from ...core.dates import parse_dates
from ...core.forecast import automatic_calibration_end, forecast
from ...core.holdout import calibration_and_holdout
from ...core.summary import observed
from ...core.time_units import parse_unit
from ...errors import CLVError
from ..labels import texts
from .data import CustomerColumn
from .forecast import forecast_sheet
from .models import models_sheet


class Predictions:
    """The ``extra_columns`` hook of :func:`~.report.write_report` for model predictions.

    ``transactions`` (the report's :class:`~clv_udfs.reading.ReadTransactions`) allow the
    holdout check; ``calibration_end`` (a date) overrides the automatic split.

    >>> hook = Predictions(horizon_months=12, monthly_discount_rate=0.01, lang="en")
    >>> hook.skipped is None
    True
    """

    def __init__(self, horizon_months=12, monthly_discount_rate=0.01, lang="en",
                 transactions=None, calibration_end=None):
        self.horizon_months = horizon_months
        self.monthly_discount_rate = monthly_discount_rate
        self.texts = texts(lang)
        self.transactions = transactions
        self.calibration_end = (None if calibration_end is None else
                                parse_dates([calibration_end], "--calibration-end")[0])
        self.skipped = None
        self.models = None
        self.forecast = None
        self._split = None   # (time unit, the split of prepare)

    def prepare(self, time_unit):
        """The calibration/holdout split in ``time_unit``, or None and why there is none.
        It needs the transactions alone, not the report's analysis, so
        :func:`~.workbook.write_report` calls this on a helper thread while it analyses; the
        forecast then takes the split made (made here if not yet, or in another unit)."""
        unit = parse_unit(time_unit)
        if self._split is None or self._split[0] != unit:
            self._split = unit, self._holdout(unit)
        return self._split[1]

    def _holdout(self, unit):
        """The split of :meth:`prepare`: at ``calibration_end``, else the last third of the
        span from the first row kept to the observation end (those of the KPIs and the
        customers summary: :func:`~clv_udfs.core.summary.observed`)."""
        if self.transactions is None:
            return None, "the transactions were not given to the forecast"
        checked = self.transactions.transactions
        kept, end = observed(checked, self.transactions.report.observation_end)
        split, why = self.calibration_end, None
        if split is None:
            split, why = automatic_calibration_end(kept.date.min(), end)
        if split is None:
            return None, why
        return calibration_and_holdout(checked, None, None, split, end, unit,
                                       argument="--calibration-end"), None

    def __call__(self, data):
        """The predictive columns for ``data`` (a ReportData), or none when no fit is possible."""
        holdout, why = self.prepare(data.customers.time_unit)
        try:
            result = forecast(data.customers, data.margin, self.monthly_discount_rate,
                              self.horizon_months, holdout, why)
        except CLVError as problem:
            self.skipped = str(problem)   # the core says which model failed and why
            return ()
        self.forecast = result
        self.models = (result.transactions, result.spend_model)
        words = self.texts
        months = {"months": self.horizon_months}
        columns = [
            CustomerColumn(words["report.col.p_alive"], result.p_alive, "rate"),
            CustomerColumn(words["report.col.expected"].format(**months), result.expected,
                           "number"),
            CustomerColumn(words["report.col.spend"], result.spend, "money"),
            CustomerColumn(words["report.col.clv"].format(**months), result.clv, "money",
                           ranks=True),
        ]
        if result.interval is not None:
            columns += [CustomerColumn(words["report.col.clv_lower"], result.interval.lower,
                                       "money"),
                        CustomerColumn(words["report.col.clv_upper"], result.interval.upper,
                                       "money")]
        return tuple(columns)

    def sheets(self, data):
        """``(position, text key, writer)`` of the sheets this forecast adds:
        "first" (the forecast) and "last" (the models); none without a forecast."""
        if self.forecast is None:
            return ()
        f, months, rate = self.forecast, self.horizon_months, self.monthly_discount_rate
        return (("first", "report.forecast.sheet",
                 lambda page: forecast_sheet(page, data, f, months, rate)),
                ("last", "report.models.sheet", lambda page: models_sheet(page, data, f)))
