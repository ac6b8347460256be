"""The forward forecast's evidence: weekly tracking against plain counts and the paper's E[X(t)],
parameter covariance against the fit's standard errors, the CLV interval, the automatic split."""

import numpy as np
import pytest
from scipy.special import hyp2f1

from clv_udfs.core.forecast import automatic_calibration_end, forecast
from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.models import BetaGeo, GammaGamma, ParetoNBD, expected_clv
from clv_udfs.core.model_check import TRANSACTION_MODELS
from clv_udfs.core.models.uncertainty import clv_interval, fit_covariance, log_covariance
from clv_udfs.core.summary import rfm_summary
from clv_udfs.core.time_units import convert
from clv_udfs.core.tracking import weekly_tracking
from clv_udfs.errors import CLVError
from clv_udfs.sample import read_cdnow_sample

IDS, DATES, AMOUNTS, _ = read_cdnow_sample()


def bgnbd_new_customer(t, r, alpha, a, b):
    """FHL (2005), eq. 9: E[X(t)] of a new customer."""
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                    * hyp2f1(r, b, a + b - 1, t / (alpha + t)))


@pytest.fixture(scope="module")
def split():
    return calibration_and_holdout(IDS, DATES, AMOUNTS, "1997-09-30", "1998-06-30", "W")


def test_tracking_counts_repeat_days_and_sums_the_papers_expectation(split):
    model = BetaGeo("W").fit(split.calibration.frequency, split.calibration.recency,
                             split.calibration.T)
    days, actual, expected = weekly_tracking(split, {"BG/NBD": model})
    assert str(days[-1]) == "1998-06-30"
    assert actual[-1] == split.calibration.frequency.sum() + split.holdout_frequency.sum()
    # by hand: each customer's repeat days up to a day, from the raw rows
    seen = {}
    for customer, day in zip(IDS.tolist(), DATES.tolist()):
        seen.setdefault(customer, set()).add(day)
    middle = days[len(days) // 2]
    by_hand = sum(sum(d <= middle for d in sorted(s)[1:]) for s in seen.values()
                  if min(s) <= np.datetime64("1997-09-30"))
    assert actual[len(days) // 2] == by_hand
    p = model.params_
    t = np.maximum((middle - split.first_day).astype(float), 0) / 7
    paper = bgnbd_new_customer(t, p["r"], p["alpha"], p["a"], p["b"]).sum()
    assert expected["BG/NBD"][len(days) // 2] == pytest.approx(paper, rel=1e-9)


def test_covariance_gives_the_fits_standard_errors(split):
    c = split.calibration
    model = BetaGeo("W").fit(c.frequency, c.recency, c.T)
    errors = np.sqrt(np.diag(log_covariance(model, c.frequency, c.recency, c.T)))
    for (name, value), se in zip(model.params_.items(), errors):
        assert value * se == pytest.approx(model.standard_errors_[name], rel=1e-6)
    repeat = c.frequency > 0
    spend = GammaGamma().fit(c.frequency[repeat], c.monetary_value[repeat])
    assert log_covariance(spend, c.frequency[repeat], c.monetary_value[repeat]).shape == (3, 3)


@pytest.fixture(scope="module")
def cdnow_forecast():
    summary = rfm_summary(IDS, DATES, AMOUNTS, time_unit="W")
    split_day, _ = automatic_calibration_end(DATES.min(), DATES.max())
    holdout = calibration_and_holdout(IDS, DATES, AMOUNTS, split_day, None, "W")
    return summary, forecast(summary, 0.3, 0.01, 12, holdout)


def test_interval_brackets_every_customer_and_the_equity(cdnow_forecast):
    _, f = cdnow_forecast
    i = f.interval
    assert i.level == 0.9 and f.interval_problem is None
    assert np.all(i.lower <= f.clv + 1e-9) and np.all(f.clv <= i.upper + 1e-9)
    assert i.total_lower < f.equity < i.total_upper
    assert (i.total_upper - i.total_lower) / f.equity < 0.5     # a real, not a vacuous, interval


def test_forecast_uses_the_chosen_model_refitted_on_all_data(cdnow_forecast):
    summary, f = cdnow_forecast
    assert f.chosen == f.check.chosen.name and f.reason == f.check.reason
    refit = type(f.transactions)("W").fit(summary.frequency, summary.recency, summary.T)
    assert refit.params_ == pytest.approx(f.transactions.params_, rel=1e-9)
    assert f.tracking is not None and set(f.tracking[2]) == {"BG/NBD", "MBG/NBD", "Pareto/NBD"}


def test_a_short_history_has_no_holdout_said_in_words_and_bic_chooses():
    summary = rfm_summary(IDS, DATES, AMOUNTS, time_unit="W")
    split_day, why = automatic_calibration_end(np.datetime64("2024-01-01"),
                                               np.datetime64("2024-03-01"))
    assert split_day is None and why.startswith("the history spans 60 days")
    f = forecast(summary, 0.3, 0.01, 12, None, why)
    assert f.check is None and f.tracking is None
    assert f.reason.startswith("No holdout check (the history spans 60 days")
    assert f.reason.endswith("is used as it has the lowest BIC on all the data.")


def test_delta_interval_agrees_with_brute_force_parameter_draws(cdnow_forecast):
    """400 draws of log θ from N(log θ̂, Σ) for both fits, each customer's CLV recomputed per
    draw: the 5th and 95th percentiles of the total against the delta method's ends."""
    summary, f = cdnow_forecast
    x, t_x, T, m = summary.frequency, summary.recency, summary.T, summary.monetary_value
    repeat = (x > 0) & (m > 0)
    rng = np.random.default_rng(1)
    models = []
    for fitted, cov in ((f.transactions, log_covariance(f.transactions, x, t_x, T)),
                        (f.spend_model, log_covariance(f.spend_model, x[repeat], m[repeat]))):
        centre = np.log(list(fitted.params_.values()))
        models.append([type(fitted).from_params(fitted.time_unit, **dict(zip(
            fitted.PARAMETERS, np.exp(psi)))) for psi in rng.multivariate_normal(centre, cov,
                                                                                 400)])
    totals = [expected_clv(tm, x, t_x, T, "W", sm.conditional_expected_average_profit(x, m), 0.3,
                           0.01, 12, "M").sum() for tm, sm in zip(*models)]
    low, high = np.percentile(totals, [5, 95])
    assert f.interval.total_lower == pytest.approx(low, rel=0.02)
    assert f.interval.total_upper == pytest.approx(high, rel=0.02)


@pytest.mark.parametrize("name", ["BG/NBD", "MBG/NBD", "Pareto/NBD"])
def test_the_forecast_gives_each_customer_what_the_models_own_predictions_give(name):
    """The forecast computes P(alive) once for P(alive), the horizon's purchases, the CLV and
    its interval, and the purchases expected while alive once per distinct (x, T): each
    customer's numbers are still those of the model's own methods and of the public
    ``expected_clv`` and ``clv_interval``, bit for bit. (Those two share the forecast's
    ``discounted_purchases``; the CLV's sum is checked month by month against the models'
    own expected purchases in tests/core/test_models_clv.py, for every model.)"""
    summary = rfm_summary(IDS, DATES, AMOUNTS, time_unit="W")
    models = tuple(entry for entry in TRANSACTION_MODELS if entry[0] == name)
    f = forecast(summary, 0.3, 0.01, 12, None, "no holdout in this test", models=models)
    x, t_x, T, m = summary.frequency, summary.recency, summary.T, summary.monetary_value
    model, spend_model = f.transactions, f.spend_model
    spend = spend_model.conditional_expected_average_profit(x, m)
    assert np.array_equal(f.p_alive, model.conditional_probability_alive(x, t_x, T))
    assert np.array_equal(f.expected, model.conditional_expected_number_of_purchases_up_to_time(
        convert(12, "M", "W"), x, t_x, T))
    assert np.array_equal(f.spend, spend)
    assert np.array_equal(f.clv, expected_clv(model, x, t_x, T, "W", spend, 0.3, 0.01, 12, "M"))
    interval = clv_interval(model, fit_covariance(model), x, t_x, T, None, 0.3, 0.01, 12,
                            spend_fit=(spend_model, fit_covariance(spend_model), m))
    assert np.array_equal(f.interval.lower, interval.lower)
    assert np.array_equal(f.interval.upper, interval.upper)
    assert f.interval.total_upper == interval.total_upper


def test_a_clv_of_a_subnormal_size_has_a_finite_interval():
    """CDNOW's Pareto/NBD estimates and a customer with 2,431 purchases, the last at week 20 of
    31: P(alive) is ~1e-321, below the smallest normal double, so the CLV's log-slopes are
    rounding noise; their exp overflowed to an infinite upper end, a blank cell in the report
    (found in the final review). The interval of such a value is the value itself."""
    model = ParetoNBD.from_params("W", r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)
    assert 0 < model.conditional_probability_alive(2431, 20, 31) < np.finfo(float).tiny
    covariance = np.diag([0.01, 0.02, 0.03, 0.04])
    with np.errstate(over="raise"):
        interval = clv_interval(model, covariance, [2431, 2], [20, 10], [31, 31], [50.0, 50.0],
                                0.3, 0.01, 12)
    assert np.isfinite(interval.upper).all() and np.isfinite(interval.lower).all()
    assert interval.lower[0] == interval.upper[0] < 1e-300
    assert interval.lower[1] < interval.upper[1]   # a usual customer keeps a band


def test_a_forecast_that_cannot_be_computed_names_the_model_and_the_value():
    """Parameters no fit would accept (r = 1e7, alpha = 1e-7) put P(alive) beyond a double:
    the refusal names the model and the value, without the index of a distinct history."""
    from clv_udfs.core.forecast import predictions
    from clv_udfs.core.models import ParetoNBD
    from clv_udfs.errors import CLVError
    model = ParetoNBD.from_params("W", r=1e7, alpha=1e-7, s=1e-7, beta=1e7)
    spend = np.array([20.0, 30.0])
    with pytest.raises(CLVError) as refused:
        predictions(model, GammaGamma.from_params(p=6.0, q=4.0, gamma=15.0),
                    (spend, np.zeros((3, 2))), np.array([2.0, 0.0]), np.array([10.0, 0.0]),
                    np.array([31.0, 31.0]), 0.3, 0.01, 12)
    said = str(refused.value)
    assert said.startswith("Pareto/NBD: the forecast is not finite for some customers (")
    assert "is too extreme to compute" in said and "(item" not in said


def test_repeat_buyers_who_spent_nothing_are_refused_before_any_fit(monkeypatch):
    """Whether anyone spent on a repeat purchase is known from the summary: the forecast says
    so before fitting (20,000 such customers ran every model's fit for 5.3 s first), as it
    says before fitting that nobody bought twice."""
    from clv_udfs.core.forecast import NO_REPEAT_SPEND
    from clv_udfs.core.models.estimation import LikelihoodModel
    fits = []
    monkeypatch.setattr(LikelihoodModel, "_estimate", lambda self, *a: fits.append(self))
    ids = ["a", "a", "a", "b", "b", "c"]
    dates = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-05", "2024-04-01",
             "2024-02-10"]
    summary = rfm_summary(ids, dates, [20.0, 0.0, 0.0, 15.0, 0.0, 30.0], time_unit="W")
    with pytest.raises(CLVError) as refused:
        forecast(summary, 0.3, 0.01, 12)
    assert str(refused.value) == NO_REPEAT_SPEND and fits == []


def test_an_interval_that_cannot_be_computed_leaves_the_forecast_standing(monkeypatch):
    """The interval's slopes take the CLV a small step from the estimates; where it is not
    finite there the forecast keeps its numbers and says why it has no interval, in English
    and Dutch, rather than failing as a whole."""
    from clv_udfs.core import forecast as forecasting
    from clv_udfs.workbooks.report.sentences import translated

    def not_finite(*_):
        raise CLVError("alpha: 1e-300 is too extreme to compute the expected purchases "
                       "(the result is not a finite number); check the value (item 3)")
    monkeypatch.setattr(forecasting, "interval_of_rows", not_finite)
    summary = rfm_summary(IDS, DATES, AMOUNTS, time_unit="W")
    models = tuple(entry for entry in TRANSACTION_MODELS if entry[0] == "BG/NBD")
    f = forecast(summary, 0.3, 0.01, 12, None, "no holdout in this test", models=models)
    assert f.interval is None and f.interval_problem == forecasting.NO_INTERVAL_SLOPES
    assert np.isfinite(f.clv).all() and f.equity > 0
    assert translated(f.interval_problem, "nl").startswith("geen interval: de CLV is geen")
