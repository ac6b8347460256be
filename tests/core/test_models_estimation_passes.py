"""Passes over the data per fit (issue 12): the polish stops once its Newton steps are
rounding noise, and a search lost on a ridge ends where it is lost, with the refusal it
always had. The estimates are checked against the paper's likelihood, not the code's."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, ModifiedBetaGeo, ParetoNBD
from clv_udfs.errors import CLVError
from papers import bgnbd_log_likelihood
from test_models_cdnow import T, T_X, X


def _counting(model):
    """``model`` with its likelihood passes over the data recorded (their parameters)."""
    passes = []
    computed = model._log_likelihood

    def counted(params, data):
        passes.append(np.array(params))
        return computed(params, data)
    model._log_likelihood = counted
    return model, passes


def test_the_polished_cdnow_estimates_are_a_maximum_of_the_papers_likelihood():
    """A Newton step on FHL (2005) eq. 6 itself (central differences of the independent
    formula in log θ, the fit's own Hessian ``information_``) moves the BG/NBD estimates by
    less than 1e-6 in log θ: the polish stops on rounding noise, not short of the optimum."""
    fitted = BetaGeo("W").fit(X, T_X, T)
    point = np.log(list(fitted.params_.values()))
    log_l = lambda p: bgnbd_log_likelihood(X, T_X, T, *np.exp(p))
    slope = np.array([(log_l(point + e) - log_l(point - e)) / 2e-5 for e in np.eye(4) * 1e-5])
    assert np.abs(np.linalg.solve(fitted.information_, slope)).max() < 1e-6
    assert fitted.log_likelihood_ == pytest.approx(log_l(point), rel=1e-12)


def test_a_runaway_is_refused_at_the_iterate_past_the_limit():
    """1,000 identical customers: r runs away. The search ends at the first iterate beyond
    |log r| = 18 (r > 6.6e7), whose r the refusal names: at most the line search that found
    it follows the first point computed past the limit (18 passes before, when L-BFGS-B
    went on with line searches failing in rounding noise there)."""
    model, passes = _counting(ParetoNBD("W"))
    with pytest.raises(CLVError, match=r"^Pareto/NBD fit: parameter r ran away to ") as refused:
        model.fit(np.full(1000, 3.0), np.full(1000, 20.0), np.full(1000, 30.0))
    named = float(str(refused.value).split("ran away to ")[1].split(",")[0])
    computed_r = np.array([p[0] for p in passes])
    assert named > np.exp(18) and np.any(np.abs(computed_r / named - 1) < 1e-9)
    assert len(passes) - np.argmax(computed_r > np.exp(18)) <= 8


def _homogeneous_dropout(seed=2, n=20000):
    """Customers whose drop-out probability hardly varies (p ~ beta(500, 4000)), λ ~
    gamma(2, 10) per week, observed 20–100 weeks, times to the nearest day: a and b run up
    a ridge together."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(20, 100, n)
    rate, dropout = rng.gamma(2.0, 1 / 10, n), rng.beta(500, 4000, n)
    events = rng.poisson(rate * age)
    x = np.minimum(events, rng.geometric(dropout))
    t_x = np.where(x > 0, age * rng.beta(np.maximum(x, 1), np.maximum(events - x, 0) + 1), 0)
    age = np.round(age * 7) / 7
    return x.astype(float), np.minimum(np.round(t_x * 7) / 7, age), age


def test_a_search_stalled_on_a_ridge_is_refused_as_flat_in_fewer_passes():
    """MBG/NBD on nearly homogeneous drop-out: b ≈ 2.4e7 is not pinned down. The search
    stalls there in rounding noise; it is refused as flat in b, as it was, in at most 60
    passes over the data (87 when L-BFGS-B ran its failing line searches to the end)."""
    model, passes = _counting(ModifiedBetaGeo("W"))
    with pytest.raises(CLVError, match=r"^MBG/NBD fit: the likelihood is flat in parameter b "
                                       r"\(estimate 2376"):
        model.fit(*_homogeneous_dropout())
    assert len(passes) <= 60
