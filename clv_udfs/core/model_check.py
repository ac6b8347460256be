"""Which repeat-purchase model to trust: each fitted on the calibration period, each checked
against what the customers actually did in the holdout period.

For every model in :data:`TRANSACTION_MODELS` (a model is one entry: its name and its class) the
check fits the calibration summary (x, t_x, T), predicts each customer's holdout repeat
purchases :math:`E[X^* \\mid x, t_x, T]` over the holdout length :math:`t^*`, and compares

* the log-likelihood and :math:`BIC = k\\ln N - 2\\ln L` of the calibration fit;
* the predicted and actual **total** holdout repeat purchases, and the error
  :math:`|\\sum \\hat x^* - \\sum x^*| / \\sum x^*`;
* the **mean** predicted and actual holdout purchases of the customers with 0, 1, …, 6 and 7 or
  more calibration repeat purchases (the conditional-expectations check of Fader, Hardie & Lee
  2005, figure 4).

The chosen model has the smallest total error; models within one percent of the actual total of
the best are a tie, broken by the lower BIC. A model whose fit fails keeps its row, with the
reason, and is not chosen.

>>> [name for name, _ in TRANSACTION_MODELS]
['BG/NBD', 'MBG/NBD', 'Pareto/NBD']
"""

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np

from ..errors import CLVError
from .domains import DURATION
from .models import BetaGeo, ModifiedBetaGeo, ParetoNBD
from .models.diagnostics import diagnose
from .models.scheduling import side_by_side
from .models.inputs import customer_data, whole_counts

TRANSACTION_MODELS = (
    ("BG/NBD", BetaGeo),
    ("MBG/NBD", ModifiedBetaGeo),
    ("Pareto/NBD", ParetoNBD),
)
"""(name, class) of every repeat-purchase model the check compares, the cheapest fit first; a
class has ``fit`` and ``conditional_expected_number_of_purchases_up_to_time`` as
:class:`BetaGeo` has."""

TIE = 0.01            # errors within 1% of the actual total are a tie, broken by BIC
TOP_FREQUENCY = 7     # the last frequency group is "7+"


@dataclass(frozen=True, eq=False)
class ModelResult:
    """One model's calibration fit and holdout prediction (``problem`` says why there is none)."""

    name: str
    model: object
    diagnostics: object
    predicted: np.ndarray | None
    problem: str | None = None

    @property
    def predicted_total(self):
        return np.nan if self.predicted is None else float(self.predicted.sum())


@dataclass(frozen=True, eq=False)
class ModelCheck:
    """Every model's :class:`ModelResult` on one calibration/holdout split."""

    results: tuple
    frequency: np.ndarray       # calibration repeat purchases per customer
    actual: np.ndarray          # holdout repeat purchases per customer
    holdout_length: float
    time_unit: str

    def error(self, result):
        """|predicted − actual| total holdout repeat purchases, as a share of the actual; NaN
        when nobody bought again in the holdout (there is no share to take)."""
        actual = float(self.actual.sum())
        return abs(result.predicted_total - actual) / actual if actual > 0 else np.nan

    def completed(self, results):
        """This check with the model results ``results`` (in the order of the models, or some
        of them: the check so far)."""
        return dataclasses.replace(self, results=tuple(results))

    @property
    def usable(self):
        return [r for r in self.results if r.predicted is not None]

    @property
    def chosen(self):
        """The model with the smallest holdout error (BIC among those within 1% of it); None
        when no model could be fitted."""
        if not self.usable:
            return None
        if not self.actual.sum() > 0:   # no holdout purchase to compare with: BIC alone
            return min(self.usable, key=lambda r: r.diagnostics.bic)
        best = min(self.error(r) for r in self.usable)
        close = [r for r in self.usable if self.error(r) <= best + TIE]
        return min(close, key=lambda r: r.diagnostics.bic)

    @property
    def reason(self):
        """The choice in one sentence."""
        chosen = self.chosen
        if chosen is None:
            return ("No model could be fitted on the calibration period: "
                    + "; ".join(r.problem for r in self.results))
        actual = float(self.actual.sum())
        if not actual > 0:
            return (f"{chosen.name} is chosen by its BIC alone: nobody bought again in the "
                    "holdout period, so no model's prediction can be checked against it.")
        closest = min(self.usable, key=self.error)
        if self.error(closest) < self.error(chosen):     # a tie broken by BIC, said as such
            return (f"{chosen.name} is chosen: its predicted holdout repeat purchases "
                    f"({chosen.predicted_total:,.0f}) miss the actual {actual:,.0f} by "
                    f"{self.error(chosen):.1%}, within 1% of the closest, {closest.name} "
                    f"({self.error(closest):.1%}), and {chosen.name} has the lower BIC.")
        text = (f"{chosen.name} is chosen: its predicted holdout repeat purchases "
                f"({chosen.predicted_total:,.0f}) come closest to the actual {actual:,.0f} "
                f"(error {self.error(chosen):.1%})")
        tied = [r.name for r in self.usable
                if r is not chosen and self.error(r) <= self.error(chosen) + TIE]
        if tied:
            text += (f"; {' and '.join(tied)} came within 1% as well, and {chosen.name} has the "
                     "lower BIC")
        return text + "."

    def by_frequency(self):
        """Per calibration frequency 0, 1, …, 6, 7+: labels, customers, the mean actual
        holdout purchases and each usable model's mean predicted (one array per model)."""
        group = np.minimum(self.frequency, TOP_FREQUENCY).astype(int)
        labels = [str(k) for k in range(TOP_FREQUENCY)] + [f"{TOP_FREQUENCY}+"]
        customers = np.bincount(group, minlength=TOP_FREQUENCY + 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            def mean(values):
                return np.bincount(group, weights=values, minlength=TOP_FREQUENCY + 1) / customers
            return labels, customers, mean(self.actual), {r.name: mean(r.predicted)
                                                          for r in self.usable}


def fit_and_predict(name, cls, frequency, recency, T, holdout_length, time_unit):
    """One :class:`ModelResult`: ``cls`` fitted on the calibration summary, its predictions
    over the holdout; a refused fit becomes the result's ``problem``."""
    try:
        with np.errstate(all="ignore"):   # a model that cannot fit says so in words
            model = cls(time_unit).fit(frequency, recency, T)
            predicted = np.asarray(model.conditional_expected_number_of_purchases_up_to_time(
                holdout_length, frequency, recency, T), dtype=float)
    except CLVError as problem:
        return ModelResult(name, None, None, None, str(problem))
    if not np.isfinite(predicted).all():
        return ModelResult(name, None, None, None, f"{name}: the fitted parameters give no "
                           "finite holdout prediction for some customers; "
                           + cls.DATA_ADVICE)
    return ModelResult(name, model, diagnose(model, frequency), np.broadcast_to(
        predicted, np.shape(frequency)))


def compare_models(frequency, recency, T, holdout_frequency, holdout_length, time_unit,
                   models=TRANSACTION_MODELS):
    """Fit every model on the calibration summary and check it on the holdout purchases.

    Parameters
    ----------
    frequency, recency, T : array_like
        Calibration repeat purchases x, recency t_x and age T of each customer, in
        ``time_unit``.
    holdout_frequency : array_like
        Repeat purchases of each customer in the holdout period.
    holdout_length : duration
        Length of the holdout period, in ``time_unit``.
    time_unit : {"D", "W", "M", "Y"}
    models : sequence of (name, class)
        The models to compare; default :data:`TRANSACTION_MODELS`.

    Returns
    -------
    ModelCheck

    Raises
    ------
    CLVError
        Naming the argument and value, for data no model can be checked on: a negative or
        fractional count, a negative duration, recency after T, no customers.
    """
    blank, fits = planned_check(frequency, recency, T, holdout_frequency, holdout_length,
                                time_unit, models)
    return blank.completed(side_by_side(fits))


def planned_check(frequency, recency, T, holdout_frequency, holdout_length, time_unit,
                  models=TRANSACTION_MODELS):
    """:func:`compare_models` before any model is fitted: the checked data as a
    :class:`ModelCheck` without results, and one fit per model (a callable returning its
    :class:`ModelResult`), whose results in order complete it (:meth:`ModelCheck.completed`),
    for a caller that runs the fits itself: the forecast refits the model leading so far while
    the others still fit. CLVError as :func:`compare_models`.

    >>> blank, fits = planned_check([2, 0, 1], [3.0, 0, 2.0], [10.0, 8, 9], [1, 0, 0], 5, "W")
    >>> len(fits), blank.results
    (3, ())
    """
    x, t_x, age = customer_data(frequency, recency, T)
    if x.size == 0:
        raise CLVError("frequency: there are no customers; give one row per customer")
    actual = whole_counts("holdout_frequency", holdout_frequency)
    length = DURATION.check("holdout_length", holdout_length)
    return ModelCheck((), x, actual, float(np.max(length)), time_unit), [
        functools.partial(fit_and_predict, name, cls, x, t_x, age, length, time_unit)
        for name, cls in models]


def planned_holdout_check(holdout, models=TRANSACTION_MODELS):
    """:func:`planned_check` on a :class:`~clv_udfs.core.holdout.HoldoutSummary`."""
    c = holdout.calibration
    return planned_check(c.frequency, c.recency, c.T, holdout.holdout_frequency,
                         holdout.holdout_length, holdout.time_unit, models)


def compare_holdout(holdout, models=TRANSACTION_MODELS):
    """:func:`compare_models` on a :class:`~clv_udfs.core.holdout.HoldoutSummary`."""
    blank, fits = planned_holdout_check(holdout, models)
    return blank.completed(side_by_side(fits))
