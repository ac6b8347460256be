"""The forecast's refit started before the holdout check has chosen (on a core the check leaves
free): the same Forecast as one step after another, the same fallback when the chosen model
cannot be refitted, and a refit that turns out not to be needed stops without a trace."""

import threading
import time

import numpy as np
import pytest

from clv_udfs.core import forecast as forecasting
from clv_udfs.core.forecast import automatic_calibration_end, forecast
from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.model_check import TRANSACTION_MODELS
from clv_udfs.core.models import BetaGeo, GammaGamma, ParetoNBD, scheduling
from clv_udfs.core.summary import rfm_summary
from clv_udfs.errors import CLVError
from clv_udfs.sample import read_cdnow_sample

IDS, DATES, AMOUNTS, _ = read_cdnow_sample()
LONGEST = rfm_summary(IDS, DATES, AMOUNTS, time_unit="W").T.max()


@pytest.fixture(scope="module")
def cdnow():
    summary = rfm_summary(IDS, DATES, AMOUNTS, time_unit="W")
    split_day, _ = automatic_calibration_end(DATES.min(), DATES.max())
    return summary, calibration_and_holdout(IDS, DATES, AMOUNTS, split_day, None, "W")


def on_cores(monkeypatch, cores, *arguments, models=TRANSACTION_MODELS):
    """forecast(*arguments) on a machine with ``cores`` cores, and the threads the fits on
    all the data ran on (the main thread or another)."""
    monkeypatch.setattr(scheduling, "CPU_QUOTA", "")
    monkeypatch.setattr(scheduling, "_allowed", lambda: cores)
    threads, fit_on_all = [], forecasting._fit_on_all

    def recorded(*given, **named):
        threads.append(threading.current_thread() is threading.main_thread())
        return fit_on_all(*given, **named)
    monkeypatch.setattr(forecasting, "_fit_on_all", recorded)
    result = forecast(*arguments, models=models)
    monkeypatch.undo()
    return result, threads


def assert_same(one, other):
    """The same choice, reason, estimates and standard errors, bit for bit, and the same
    customer forecasts."""
    assert (one.chosen, one.reason) == (other.chosen, other.reason)
    for fitted, again in ((one.transactions, other.transactions),
                          (one.spend_model, other.spend_model)):
        assert fitted.params_ == again.params_
        assert fitted.standard_errors_ == again.standard_errors_
        assert fitted.log_likelihood_ == again.log_likelihood_
    for name in ("p_alive", "expected", "clv"):
        assert np.array_equal(getattr(one, name), getattr(other, name))
    assert one.interval.total_lower == other.interval.total_lower


def test_the_refit_started_early_gives_the_forecast_of_one_step_after_another(
        cdnow, monkeypatch):
    summary, holdout = cdnow
    early, early_threads = on_cores(monkeypatch, 2, summary, 0.3, 0.01, 12, holdout)
    late, late_threads = on_cores(monkeypatch, 1, summary, 0.3, 0.01, 12, holdout)
    assert early_threads == [False] and late_threads == [True]   # really on its own thread
    assert_same(early, late)
    assert early.chosen == "MBG/NBD"


def test_gamma_gamma_on_a_free_core_gives_the_forecast_of_one_step_after_another(
        cdnow, monkeypatch):
    """Gamma-Gamma needs neither the check nor the chosen model, so it is fitted on a core
    the check fits leave free, while the refit runs: the same fit, spend and intervals."""
    summary, holdout = cdnow
    threads = []

    class Recorded(GammaGamma):
        def fit(self, *columns):
            threads.append(threading.current_thread() is threading.main_thread())
            return super().fit(*columns)

    def on(cores):
        monkeypatch.setattr(forecasting, "GammaGamma", Recorded)
        return on_cores(monkeypatch, cores, summary, 0.3, 0.01, 12, holdout)[0]
    free, serial = on(2), on(1)
    assert threads == [False, True]
    assert_same(free, serial)
    assert np.array_equal(free.spend, serial.spend)
    assert free.spend_diagnostics == serial.spend_diagnostics
    assert np.array_equal(free.interval.upper, serial.interval.upper)


def test_a_gamma_gamma_refusal_is_said_after_a_transaction_model_refusal(cdnow, monkeypatch):
    """Gamma-Gamma is fitted before the refit, yet its fit's refusal is said only when the
    transaction model could be fitted, as one step after another would. (No repeat buyer who
    spent anything is refused before any fit: tests/core/test_forecast.py.)"""
    summary, holdout = cdnow

    class Refused(GammaGamma):
        def fit(self, *columns):
            raise CLVError("Gamma-Gamma fit: refused for the test")

    models = tuple((name, refused_on_all_data(cls)) for name, cls in TRANSACTION_MODELS)
    for cores in (1, 2):
        monkeypatch.setattr(forecasting, "GammaGamma", Refused)
        with pytest.raises(CLVError, match="refused for the test") as raised:
            on_cores(monkeypatch, cores, summary, 0.3, 0.01, 12, holdout, models=models)
        monkeypatch.undo()   # on_cores did not reach its own
        assert not str(raised.value).startswith("Gamma-Gamma")
        monkeypatch.setattr(forecasting, "GammaGamma", Refused)
        with pytest.raises(CLVError, match="^Gamma-Gamma fit: refused for the test$"):
            on_cores(monkeypatch, cores, summary, 0.3, 0.01, 12, holdout)
        monkeypatch.undo()


def on_all_data(columns):
    """Whether a fit is on the whole history (its oldest customer is older than any of the
    calibration period), not a holdout-check fit."""
    return np.max(columns[2]) == LONGEST


def refused_on_all_data(cls):
    """``cls`` whose fit on the whole history (the forecast's refit) is refused."""
    class Refused(cls):
        def fit(self, *columns):
            if on_all_data(columns):
                raise CLVError(f"{self.NAME} fit: refused for the test")
            return super().fit(*columns)
    return Refused


@pytest.mark.parametrize("cores", [1, 2])
def test_a_chosen_model_that_cannot_be_refitted_falls_back_to_the_lowest_bic_of_the_others(
        cdnow, monkeypatch, cores):
    summary, holdout = cdnow
    models = tuple((name, refused_on_all_data(cls) if name == "MBG/NBD" else cls)
                   for name, cls in TRANSACTION_MODELS)
    f, _ = on_cores(monkeypatch, cores, summary, 0.3, 0.01, 12, holdout, models=models)
    fits = {name: cls("W").fit(summary.frequency, summary.recency, summary.T)
            for name, cls in TRANSACTION_MODELS if name != "MBG/NBD"}
    customers = summary.frequency.size
    bic = {name: len(m.params_) * np.log(customers) - 2 * m.log_likelihood_   # by hand
           for name, m in fits.items()}
    lowest = min(bic, key=bic.get)
    assert f.check.chosen.name == "MBG/NBD"
    assert f.chosen == lowest and f.reason == (
        "MBG/NBD came closest on the holdout but cannot be refitted on all the data (MBG/NBD "
        f"fit: refused for the test); {lowest} is used as it has the lowest BIC on all the "
        "data.")
    assert f.transactions.params_ == fits[lowest].params_
    assert f.transactions.standard_errors_ == fits[lowest].standard_errors_


def test_a_refit_not_needed_is_cancelled_and_leaves_no_error_nor_thread(cdnow, monkeypatch):
    """Pareto/NBD's check fit ends first, so its refit starts while BG/NBD's check fit waits for
    that; BG/NBD then comes closer to the holdout, is chosen, and Pareto/NBD's refit, fitting
    again and again until stopped, stops at its next likelihood pass."""
    summary, holdout = cdnow
    started, ended = threading.Event(), []

    class Lingering(ParetoNBD):
        def fit(self, *columns):
            if not on_all_data(columns):
                return super().fit(*columns)
            started.set()
            deadline = time.monotonic() + 60
            try:
                while time.monotonic() < deadline:
                    super().fit(*columns)
            except BaseException as problem:
                ended.append(type(problem).__name__)
                raise
            ended.append("not cancelled")
            return self

    class WaitsForRival(BetaGeo):
        def fit(self, *columns):
            if not on_all_data(columns):
                assert started.wait(60)
            return super().fit(*columns)

    before = threading.active_count()
    f, threads = on_cores(monkeypatch, 2, summary, 0.3, 0.01, 12, holdout,
                          models=(("BG/NBD", WaitsForRival), ("Pareto/NBD", Lingering)))
    assert ended == ["_Cancelled"] and threads == [False, False]
    assert threading.active_count() == before
    plain, _ = on_cores(monkeypatch, 1, summary, 0.3, 0.01, 12, holdout,
                        models=(("BG/NBD", BetaGeo), ("Pareto/NBD", ParetoNBD)))
    assert f.chosen == "BG/NBD"
    assert_same(f, plain)
