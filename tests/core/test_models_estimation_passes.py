"""Passes over the data per fit (issue 12): the polish stops once its Newton steps are
rounding noise, and a search that runs past the limit ends there, with the refusal it
always had. The estimates are checked against the paper's likelihood, not the code's."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, ModifiedBetaGeo, ParetoNBD
from clv_udfs.errors import CLVError
from papers import bgnbd_log_likelihood
from test_models_beta_ratios import _stopping_customers
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
    went on with line searches failing in rounding noise there). (x, t_x, T) = (2, 10, 30):
    at (3, 20, 30) the search stops short of the limit, on a likelihood flat in r, since the
    2F1's derivatives are summed exactly rather than differenced (issue 12)."""
    model, passes = _counting(ParetoNBD("W"))
    with pytest.raises(CLVError, match=r"^Pareto/NBD fit: parameter r ran away to ") as refused:
        model.fit(np.full(1000, 2.0), np.full(1000, 10.0), np.full(1000, 30.0))
    named = float(str(refused.value).split("ran away to ")[1].split(",")[0])
    computed_r = np.array([p[0] for p in passes])
    assert named > np.exp(18) and np.any(np.abs(computed_r / named - 1) < 1e-9)
    assert len(passes) - np.argmax(computed_r > np.exp(18)) <= 8


def test_a_search_that_steps_past_the_limit_is_refused_even_if_it_would_come_back():
    """An MBG/NBD fit (found by a review over 660 simulated fits) whose search reaches
    log b = 18.000, just past the limit, and would converge at 17.88 with b's standard error
    3× the estimate: accepted before the search was stopped past the limit, refused now as
    running away, a decision taken with the speed-up (the data cannot pin b down either way)."""
    rng = np.random.default_rng(3)
    n = int(rng.integers(30, 400))
    T = rng.uniform(5, 78, n).round(1)
    rate = rng.gamma(rng.uniform(0.2, 3), rng.uniform(0.05, 1), n)
    alive = np.minimum(rng.exponential(rng.uniform(5, 500), n), T)
    x = rng.poisson(rate * alive).astype(float)
    t_x = np.where(x > 0, (alive * rng.uniform(0.5, 1, n)).round(1), 0.0)
    with pytest.raises(CLVError, match=r"^MBG/NBD fit: parameter b ran away to "):
        ModifiedBetaGeo("W").fit(x, t_x, T)


def test_a_newton_polish_that_steps_up_a_ridge_past_the_limit_is_refused():
    """BG/NBD on customers who stop at a common rate (the 1M benchmark's kind of data,
    3,000 of them): L-BFGS-B stops on its tolerance at log b = 16.95, along the ridge where
    a and b grow together, and one Newton step of the polish, on a Hessian whose smallest
    eigenvalue is 6e-5, jumps to log b = 19.07. That point was accepted with standard errors
    100× the estimates; past the limit, it is refused as running away, as a search there is."""
    summary = _stopping_customers(3000, 5)
    model, polished_from = BetaGeo("W"), []
    polish = model._polish
    model._polish = lambda point, *rest: polished_from.append(point) or polish(point, *rest)
    with pytest.raises(CLVError, match=r"^BG/NBD fit: parameter b ran away to ") as refused:
        model.fit(summary.frequency, summary.recency, summary.T)
    named = float(str(refused.value).split("ran away to ")[1].split(",")[0])
    assert np.log(named) > 18 and polished_from[0][3] < 18
