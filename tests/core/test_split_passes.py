"""A fit on many customers splits each likelihood pass in two halves (issue 12): the halves
run on a spare core when one is free, else one after the other, and the fit is the same bit
for bit either way, for each model; threads never outnumber the cores."""

import threading

import numpy as np
import pytest

from clv_udfs.core.forecast import automatic_calibration_end, forecast
from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.models import BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNBD, estimation
from clv_udfs.core.models.inputs import compress, customer_data
from clv_udfs.core.summary import rfm_summary
from clv_udfs.sample import read_cdnow_sample


@pytest.fixture(scope="module")
def customers():
    """40,000 simulated Pareto/NBD customers observed 1–52 weeks, times in whole days (as a
    summary of dated transactions has them), in weeks, and each repeat buyer's mean spend in
    cents (Gamma-Gamma, p = 6, q = 4, γ = 15): over ``SPLIT_ROWS`` distinct rows each."""
    rng = np.random.default_rng(12)
    n = 40_000
    days = rng.integers(7, 365, n)
    rate = rng.gamma(0.6, 1 / 10.0, n) * 7              # purchases per day
    lifetime = np.minimum(rng.exponential(1 / rng.gamma(0.6, 1 / 12.0, n)) * 7, days)
    x = rng.poisson(rate * lifetime).astype(float)
    last = np.floor(lifetime * rng.random(n) ** (1 / np.maximum(x, 1)))
    t_x = np.where(x > 0, last, 0.0) / 7
    spend = np.round(rng.gamma(6.0 * np.maximum(x, 1), 1 / (np.maximum(x, 1) * rng.gamma(
        4.0, 1 / 15.0, n))), 2)
    return x, t_x, days / 7.0, spend


def columns_of(cls, customers):
    x, t_x, T, spend = customers
    repeat = x > 0
    return (x[repeat], spend[repeat]) if cls is GammaGamma else (x, t_x, T)


def fitted(cls, columns, cores, monkeypatch):
    """``cls`` fitted on ``columns`` with ``cores`` cores, and per likelihood call its thread
    and number of rows."""
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    model, calls = cls() if cls is GammaGamma else cls("W"), []
    computed = model._log_likelihood

    def recorded(params, data):
        calls.append((threading.get_ident(), len(data[0])))
        return computed(params, data)
    model._log_likelihood = recorded
    model.fit(*columns)
    return model, calls


@pytest.mark.parametrize("cls", [ParetoNBD, BetaGeo, ModifiedBetaGeo, GammaGamma])
def test_a_fit_split_in_halves_is_the_same_on_one_core_and_on_two(cls, customers,
                                                                  monkeypatch):
    columns = columns_of(cls, customers)
    rows = len(compress(list(columns))[1])
    assert rows * cls.ROW_COST >= estimation.SPLIT_ROWS or cls is GammaGamma
    if cls is GammaGamma:   # its rows cost less: it splits from 200,000 rows
        monkeypatch.setattr(estimation, "SPLIT_ROWS", rows * cls.ROW_COST)
    one, one_calls = fitted(cls, columns, 1, monkeypatch)
    two, two_calls = fitted(cls, columns, 2, monkeypatch)
    assert {thread for thread, _ in one_calls} == {threading.get_ident()}
    two_threads = {thread for thread, _ in two_calls}
    assert threading.get_ident() in two_threads and len(two_threads) > 1   # halves beside it
    assert max(size for _, size in one_calls) < rows       # every pass on halves
    assert one.params_ == two.params_
    assert one.standard_errors_ == two.standard_errors_
    assert one.log_likelihood_ == two.log_likelihood_
    assert np.array_equal(one.information_, two.information_)


def test_the_pareto_nbd_halves_share_no_purchase_count(customers):
    """So that no (x, τ) pair's 2F1 is computed in both halves."""
    model = ParetoNBD("W")
    (x, t_x, T), counts, _ = compress(list(customer_data(*customers[:3])))
    middle = model._halfway((x, t_x, T))
    assert 0 < middle < len(x) and x[middle - 1] < x[middle]


def test_the_fits_of_a_forecast_never_outnumber_the_cores(monkeypatch):
    """CDNOW with the split from 50 rows (Gamma-Gamma's from 500; it has 1,059): every fit
    splits its passes, the holdout check's fits run side by side with the refit and the
    Hessians' rows. Counted at any moment, the passes running never outnumber the cores,
    and the results are the one-core forecast's. (Which fit's halves take a spare core
    depends on timing: Gamma-Gamma runs beside the refit.)"""
    ids, dates, amounts, _ = read_cdnow_sample()
    summary = rfm_summary(ids, dates, amounts, time_unit="W")
    split_day, _ = automatic_calibration_end(dates.min(), dates.max())
    holdout = calibration_and_holdout(ids, dates, amounts, split_day, None, "W")
    monkeypatch.setattr(estimation, "SPLIT_ROWS", 50)
    lock, running, most = threading.Lock(), [0], [0]
    nested = threading.local()   # MBG/NBD's likelihood calls BG/NBD's: one pass, not two

    def counting(cls):
        computed = cls._log_likelihood

        def counted(self, params, data):
            if getattr(nested, "inside", False):
                return computed(self, params, data)
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            nested.inside = True
            try:
                return computed(self, params, data)
            finally:
                nested.inside = False
                with lock:
                    running[0] -= 1
        monkeypatch.setattr(cls, "_log_likelihood", counted)
    for cls in (ParetoNBD, BetaGeo, ModifiedBetaGeo, GammaGamma):
        counting(cls)
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    alone = forecast(summary, 0.3, 0.01, 12, holdout)
    assert most[0] == 1
    for cores in (2, 3):
        monkeypatch.setattr("os.cpu_count", lambda: cores)
        most[0] = 0
        together = forecast(summary, 0.3, 0.01, 12, holdout)
        assert 1 < most[0] <= cores
        assert together.transactions.params_ == alone.transactions.params_
        assert together.spend_model.params_ == alone.spend_model.params_
