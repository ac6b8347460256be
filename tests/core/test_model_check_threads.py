"""Fits and likelihood passes side by side on threads (the model check's three fits, the rows
of a Hessian): the same results, in the same order, as one after another, a refusal included,
and never threads within threads."""

import threading
from contextvars import ContextVar

import numpy as np

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.model_check import TRANSACTION_MODELS, compare_holdout, fit_and_predict
from clv_udfs.core.models import ParetoNBD
from clv_udfs.core.models.estimation import hessian
from clv_udfs.core.models.scheduling import side_by_side
from clv_udfs.core.models.inputs import compress, customer_data
from clv_udfs.errors import CLVError
from clv_udfs.sample import read_cdnow_sample


def test_side_by_side_keeps_order_and_the_callers_context():
    seen = ContextVar("seen", default=None)
    seen.set("caller")
    results = side_by_side([lambda k=k: (k, seen.get()) for k in range(5)])
    assert results == tuple((k, "caller") for k in range(5))


def test_tasks_of_tasks_run_on_their_own_thread(machine_cores):
    machine_cores(2)
    outer = side_by_side([lambda: (threading.get_ident(), side_by_side(
        [threading.get_ident, threading.get_ident])) for _ in range(2)])
    for thread, inner in outer:
        assert thread != threading.get_ident() and inner == (thread, thread)


def test_a_hessian_of_rows_side_by_side_equals_one_row_after_another(machine_cores):
    ids, dates, amounts, _ = read_cdnow_sample()
    c = calibration_and_holdout(ids, dates, amounts, "1997-09-30", "1998-06-30",
                                "W").calibration
    model = ParetoNBD("W").fit(c.frequency, c.recency, c.T)
    unique, counts, _ = compress(list(customer_data(c.frequency, c.recency, c.T)))
    data = model._prepare(unique)
    point = np.log(model._values())
    slope = lambda p: model._objective(p, data, counts, True)[1]
    machine_cores(4)
    together = hessian(None, point, slope)
    machine_cores(1)
    assert np.array_equal(together, hessian(None, point, slope))


def test_the_check_equals_fitting_the_models_one_by_one():
    ids, dates, amounts, _ = read_cdnow_sample()
    holdout = calibration_and_holdout(ids, dates, amounts, "1997-09-30", "1998-06-30", "W")
    c = holdout.calibration
    check = compare_holdout(holdout, TRANSACTION_MODELS + (("flat", Refused),))
    alone = [fit_and_predict(name, cls, c.frequency, c.recency, c.T, holdout.holdout_length,
                             "W") for name, cls in TRANSACTION_MODELS]
    for together, single in zip(check.results, alone):
        assert together.name == single.name
        assert together.model.params_ == single.model.params_
        assert together.model.standard_errors_ == single.model.standard_errors_
        assert np.array_equal(together.predicted, single.predicted)
    assert check.results[-1].problem == "flat: refused"


class Refused:
    """A model whose fit is always refused."""

    DATA_ADVICE = ""

    def __init__(self, time_unit):
        pass

    def fit(self, *columns):
        raise CLVError("flat: refused")


def test_only_the_caller_limits_blas_threads_not_the_fits_on_their_threads(monkeypatch,
                                                                         machine_cores):
    """threadpoolctl is not safe to call from several threads at once."""
    from clv_udfs.core.models import scheduling
    calls = []
    real = scheduling.threadpool_limits
    monkeypatch.setattr(scheduling, "threadpool_limits",
                        lambda **limits: calls.append(limits) or real(**limits))
    machine_cores(2)   # side by side on any machine
    ids, dates, amounts, _ = read_cdnow_sample()
    holdout = calibration_and_holdout(ids, dates, amounts, "1997-09-30", "1998-06-30", "W")
    check = compare_holdout(holdout)
    assert all(r.model is not None for r in check.results)
    assert calls == [{"limits": 1, "user_api": "blas"}]


def test_every_fit_takes_its_start_with_blas_on_one_thread(monkeypatch):
    """A start summed by a BLAS product (the transaction models' np.dot) has last digits that
    depend on how many threads BLAS has, so a fit on the forecast's spare core (one thread)
    and the same fit on the main thread (every core) could start apart (found in the final
    review: 1e-16 in log α on 30,000 rows). The start is taken under one_blas_thread too."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from clv_udfs.core.models import BetaGeo, GammaGamma, ModifiedBetaGeo
    from clv_udfs.core.summary import rfm_summary
    seen = []
    for cls in (BetaGeo, ModifiedBetaGeo, ParetoNBD, GammaGamma):
        def start(self, data, counts, original=cls._start):
            seen.append((type(self).__name__, {pool["num_threads"] for pool in threadpool_info()
                                               if pool["user_api"] == "blas"}))
            return original(self, data, counts)
        monkeypatch.setattr(cls, "_start", start)
    ids, dates, amounts, _ = read_cdnow_sample()
    summary = rfm_summary(ids, dates, amounts, time_unit="W")
    x, t_x, T = summary.frequency, summary.recency, summary.T
    with threadpool_limits(limits=2, user_api="blas"):   # as on the main thread of 2 cores
        for cls in (BetaGeo, ModifiedBetaGeo, ParetoNBD):
            cls("W").fit(x, t_x, T)
        repeat = x > 0
        GammaGamma().fit(x[repeat], summary.monetary_value[repeat])
    assert seen == [(name, {1}) for name in
                    ("BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "GammaGamma")]
