"""The forward forecast with its evidence: check the models on a holdout, choose one, refit it on
all the data, predict every customer's CLV with an interval.

1. **Holdout check** (:mod:`.model_check`): every repeat-purchase model is fitted on the
   calibration period and its predicted holdout purchases compared with the actual ones; the
   closest is chosen (BIC breaks ties within 1%). Without a holdout (a history too short to
   split, said in words) the model with the lowest BIC on all the data is chosen.
2. **Refit**: the chosen model is fitted again on the whole history, from the start a fit
   of those data alone takes (so it is the fit the Excel functions give), with Gamma-Gamma on the repeat buyers whose mean spend is above 0, and
   both fits carry their diagnostics (:mod:`.models.diagnostics`). On a machine with more
   than one core the refit of the model leading the check so far starts as soon as a core is
   free, before the check has chosen (:class:`~.models.scheduling.Speculation`): the chosen
   model's refit is then taken, running or done, the others are cancelled, and the numbers
   are those of refitting after the choice. Gamma-Gamma needs neither the check nor the
   chosen model: it is fitted on the first core the check fits leave free, while the refit
   runs, to the same numbers as on its own (:func:`_spend_fit`).
3. **Forecast**: per customer P(alive), expected purchases and spend over the horizon and the
   discounted CLV (:func:`~.models.clv.expected_clv`), with a 90% interval from the fits'
   covariance (:mod:`.models.uncertainty`). Each distinct history (x, t_x, T) is computed
   once, its P(alive) once for all four (:func:`~.models.clv.discounted_purchases`); the
   numbers are those of the models' own methods, bit for bit.

The automatic calibration end leaves the last third of the span for the holdout; a span under
12 weeks (8 to fit, 4 to check) is too short for a holdout.
"""

import functools
from dataclasses import dataclass

import numpy as np

from ..errors import CLVError
from .model_check import TRANSACTION_MODELS, planned_holdout_check
from .domains import DISCOUNT_RATE, RATE
from .models import GammaGamma
from .models.clv import discounted_purchases, margin_of, months_in
from .models.diagnostics import diagnose
from .models.inputs import factorise, remembered_factorisations
from .models.scheduling import Speculation
from .models.uncertainty import fit_covariance, interval_of_rows, spend_slopes
from .tracking import weekly_tracking

MIN_SPAN_DAYS = 84
NO_REPEAT_BUYERS = ("these purchase histories cannot support a repeat-purchase model: no "
                    "customer made a repeat purchase, and the models learn how often customers "
                    "buy again from those who did")
NO_INTERVAL_SLOPES = ("no interval: the CLV is not a finite number a small step from the "
                      "estimates, so its uncertainty cannot be measured")
NO_REPEAT_SPEND = ("spend per purchase cannot be modelled: no repeat buyer spent more than 0 "
                   "on their repeat purchases, and Gamma-Gamma learns what customers spend "
                   "from those who did; check the amounts")


@dataclass(frozen=True, eq=False)
class Forecast:
    """Everything the report shows about the forecast; per-customer arrays follow the order of
    the summary it was made from."""

    check: object               # ModelCheck, or None without a holdout
    holdout: object             # HoldoutSummary, or None
    no_holdout: str | None      # why there is no holdout check, in words
    chosen: str
    reason: str
    transactions: object        # the chosen model, fitted on all the data
    transaction_diagnostics: object
    spend_model: object
    spend_diagnostics: object
    p_alive: np.ndarray
    expected: np.ndarray
    spend: np.ndarray
    clv: np.ndarray
    interval: object            # CLVInterval, or None (interval_problem says why)
    interval_problem: str | None
    tracking: tuple | None      # (days, actual, {name: expected}) of the holdout check

    @property
    def equity(self):
        """Customer equity: the sum of predicted CLV over the horizon."""
        return float(self.clv.sum())


def automatic_calibration_end(first_day, last_day):
    """The calibration end that leaves the last third of the span for the holdout, or None
    and the reason when the span is too short.

    >>> import numpy as np
    >>> split, why = automatic_calibration_end(np.datetime64("1997-01-01"),
    ...                                        np.datetime64("1998-06-30"))
    >>> str(split), why
    ('1997-12-30', None)
    >>> automatic_calibration_end(np.datetime64("2024-01-01"), np.datetime64("2024-02-15"))[1]
    'the history spans 45 days; a holdout check needs at least 84 (8 weeks to fit the models, 4 to check them)'
    """
    span = int((last_day - first_day).astype(int))
    if span < MIN_SPAN_DAYS:
        return None, (f"the history spans {span} days; a holdout check needs at least "
                      f"{MIN_SPAN_DAYS} (8 weeks to fit the models, 4 to check them)")
    return first_day + int(round(span * 2 / 3)), None


def _fit_on_all(summary, cls):
    """``cls`` fitted on the whole history with its diagnostics, or the refusal in words.
    The search starts where a fit of these data alone starts, not at the calibration fit's
    estimates: where the data hardly pin a parameter down, the start decides whether a fit
    is accepted and where it ends, and the report's fit must be the one MBGNBD_FIT and the
    other functions give for the same customers."""
    try:
        with np.errstate(all="ignore"):   # a model that cannot fit says so in words
            model = cls(summary.time_unit).fit(summary.frequency, summary.recency, summary.T)
    except CLVError as problem:
        return None, str(problem)
    return (model, diagnose(model, summary.frequency)), None


def _choose(summary, check, no_holdout, models, refitted=None):
    """The chosen model's name, its fit on all the data and the reason in one sentence: the
    holdout check's choice (``refitted``: its :func:`_fit_on_all`; None without a choice),
    else (no check, or that model cannot be refitted) the lowest BIC of every other model
    fitted on all the data."""
    if refitted is not None and refitted[0] is not None:
        return check.chosen.name, refitted[0], check.reason
    closest = None if refitted is None else check.chosen.name   # checked, refused on all
    fits = {name: (None, refitted[1]) if name == closest else _fit_on_all(summary, cls)
            for name, cls in models}
    usable = {name: fit for name, (fit, _) in fits.items() if fit is not None}
    if not usable:
        raise CLVError("these purchase histories cannot support a repeat-purchase model: "
                       + next(problem for _, problem in fits.values()))
    name = min(usable, key=lambda n: usable[n][1].bic)
    why = (f"No holdout check ({no_holdout})" if check is None
           else f"{closest} came closest on the holdout but cannot be refitted on all the data "
                f"({refitted[1]})" if closest
           else "No model could be checked on the holdout")
    return name, usable[name], f"{why}; {name} is used as it has the lowest BIC on all the data."


def _refit(summary, models, result):
    """The refit of a model checked on the holdout (its :class:`~.model_check.ModelResult`):
    :func:`_fit_on_all`, or None for a model refused on the calibration period."""
    return (None if result.model is None else
            functools.partial(_fit_on_all, summary, dict(models)[result.name]))


def _leader(blank, checks, finished):
    """Of the model fits of the holdout check finished so far ({index: ModelResult}; indices
    from ``checks`` on are other tasks), the index of the one the check would choose now
    (:attr:`~.model_check.ModelCheck.chosen`)."""
    finished = {k: result for k, result in finished.items() if k < checks}
    if not finished:
        return None
    chosen = blank.completed(finished[k] for k in sorted(finished)).chosen
    return next((k for k, result in finished.items() if result is chosen), None)


def _spend_fit(summary, repeat):
    """Gamma-Gamma fitted on the repeat buyers whose mean spend is above 0, with its
    diagnostics, every customer's expected spend per purchase and its slopes in the
    parameters (:func:`~.models.uncertainty.spend_slopes`, for the interval); or None and
    the refusal in words. It needs neither the check nor the chosen model, so it runs on a
    core the fits leave free; its numbers do not depend on where it runs."""
    x, m = summary.frequency, summary.monetary_value
    try:
        with np.errstate(all="ignore"):
            model = GammaGamma().fit(x[repeat], m[repeat])
        return (model, diagnose(model, x[repeat], m[repeat]), *spend_slopes(model, x, m)), None
    except CLVError as problem:
        return None, problem


def forecast(summary, margin, monthly_discount_rate, horizon_months, holdout=None,
             no_holdout=None, models=TRANSACTION_MODELS):
    """The :class:`Forecast` of the customers in ``summary`` (a CustomerSummary of the whole
    history).

    Parameters
    ----------
    summary : CustomerSummary
        Every customer's x, t_x, T and mean repeat spend, in ``summary.time_unit``.
    margin : rate
        Gross margin on spend, 0–1.
    monthly_discount_rate : rate
        Discount rate per month, 0–1.
    horizon_months : int
        Months ahead.
    holdout : HoldoutSummary, optional
        The calibration/holdout split to check the models on, in the same time unit.
    no_holdout : str, optional
        Why there is no holdout, in words (shown when ``holdout`` is None).
    models : sequence of (name, class)

    Raises
    ------
    CLVError
        When no model can be fitted on the whole history, or Gamma-Gamma cannot.
    """
    with remembered_factorisations():   # the same customers are factorised dozens of times
        return _forecast(summary, margin, monthly_discount_rate, horizon_months, holdout,
                         no_holdout, models)


def _forecast(summary, margin, monthly_discount_rate, horizon_months, holdout, no_holdout,
              models):
    """:func:`forecast`, its factorisations remembered; while the holdout check's last fits
    run, the refit of the model leading so far starts on a free core
    (:class:`~.models.scheduling.Speculation`). The check fits start the costliest first
    (the models are listed the cheapest first), as the costliest refit gains the most from
    an early start; Gamma-Gamma (:func:`_spend_fit`) starts after them, on the first core
    free. What the summary alone shows (nobody bought twice, no repeat buyer spent anything)
    is refused before any fit; a fit's own refusal comes after, the transaction model's
    first."""
    if not np.any(summary.frequency > 0):   # every fit would fail, each for its own reason
        raise CLVError(NO_REPEAT_BUYERS)
    check = refitted = tracking = None
    blank, fits = (planned_holdout_check(holdout, models) if holdout is not None
                   else (None, []))
    x, t_x, T, m = summary.frequency, summary.recency, summary.T, summary.monetary_value
    repeat = (x > 0) & (m > 0)
    if not repeat.any():   # before the fits: Gamma-Gamma would have no one to learn from
        raise CLVError(NO_REPEAT_SPEND)
    tasks = [*fits, functools.partial(_spend_fit, summary, repeat)]
    # the leader is always a check fit, so only those are followed by a refit
    with Speculation(tasks, functools.partial(_refit, summary, models),
                     functools.partial(_leader, blank, len(fits)),
                     [*range(len(fits) - 1, -1, -1), len(fits)]) as fitting:
        *results, (spending, spend_problem) = fitting.results()
        if holdout is not None:
            check = blank.completed(results)
            if check.usable:   # while the refit runs
                with np.errstate(all="ignore"):
                    tracking = weekly_tracking(holdout, {r.name: r.model for r in check.usable})
            if check.chosen is not None:
                refitted = fitting.take(check.results.index(check.chosen))
    chosen, (model, diagnostics), reason = _choose(summary, check, no_holdout, models, refitted)
    if spending is None:
        raise spend_problem
    spend_model, spend_diagnostics, spend, spend_by = spending
    margin = RATE.check("margin", margin)
    rate = DISCOUNT_RATE.check("monthly_discount_rate", monthly_discount_rate)
    months = months_in(horizon_months, "M")
    alive, purchases, clv, interval, interval_problem = predictions(
        model, spend_model, (spend, spend_by), x, t_x, T, margin, rate, months)
    return Forecast(check, holdout, no_holdout, chosen, reason, model, diagnostics, spend_model,
                    spend_diagnostics, alive, purchases, spend, clv, interval, interval_problem,
                    tracking)


def predictions(model, spend_model, spending, x, t_x, T, margin, rate, months):
    """Every customer's P(alive), expected purchases over the horizon, CLV, and the CLV
    interval (or None and why), from the fitted ``model`` and ``spend_model``, ``spending``
    (each customer's spend per purchase and its slopes, :func:`.models.uncertainty
    .spend_slopes`), the customers' x, t_x, T and the checked ``margin``, ``rate`` and
    ``months``. Each distinct (x, t_x, T) is computed once, and P(alive) once for all four;
    CLVError, naming the model and the value, where a prediction is not a finite number."""
    with np.errstate(all="ignore"):   # log 0 inside Pareto/NBD where t_x = T; results checked
        rows, inverse = factorise([x, t_x, T])
        try:
            discounted, purchases, alive = discounted_purchases(model, *rows, rate, months)
            clv = margin_of(model, discounted[inverse], spending[0], margin, x)
        except CLVError as problem:   # its "(item k)" counts distinct histories: left out
            raise CLVError(f"{model.NAME}: the forecast is not finite for some customers "
                           f"({str(problem).split(' (item ')[0]}); {model.DATA_ADVICE}") from None
        interval, interval_problem = _interval(model, spend_model, spending, rows, inverse,
                                               discounted, margin, rate, months)
    return alive[inverse], purchases[inverse], clv, interval, interval_problem


def _interval(model, spend_model, spending, rows, inverse, discounted, margin, rate, months):
    """The CLV interval (:func:`~.models.uncertainty.interval_of_rows` of the customers'
    distinct ``rows``, their ``discounted`` purchases and ``spending``: each customer's spend
    and its slopes), or None and why."""
    transaction_cov, spend_cov = fit_covariance(model), fit_covariance(spend_model)
    if transaction_cov is None or spend_cov is None:
        return None, ("no interval: the likelihood is flat in some parameter, so its "
                      "uncertainty cannot be measured")
    try:
        return interval_of_rows(model, transaction_cov, rows, inverse, discounted,
                                (*spending, spend_cov), margin, rate, months), None
    except CLVError:   # the forecast stands; only its uncertainty cannot be measured
        return None, NO_INTERVAL_SLOPES
