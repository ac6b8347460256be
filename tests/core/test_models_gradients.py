"""Analytic gradients of the log-likelihoods against central differences (issue 12): per
customer row, in the natural parameters, at the papers' estimates and away from them."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, GammaGamma, ParetoNBD, ShiftedBetaGeometric
from test_models_cdnow import T, T_X, X, ZBAR

REPEAT = X > 0
CASES = [
    (BetaGeo("W"), (X, T_X, T), [(0.243, 4.414, 0.793, 2.426), (2.0, 0.5, 15.0, 40.0),
                                 (0.05, 30.0, 0.2, 0.3)]),
    # Pareto/NBD: both 2F1 branches (α ≥ β and α < β), and α = β where its argument is 0
    (ParetoNBD("W"), (X, T_X, T), [(0.553, 10.578, 0.606, 11.669), (0.553, 12.0, 0.606, 9.0),
                                   (2.0, 0.5, 5.0, 40.0), (0.05, 30.0, 0.2, 0.3),
                                   (1.0, 3.0, 1.0, 3.0)]),
    (GammaGamma(), (X[REPEAT], ZBAR[REPEAT]), [(6.25, 3.74, 15.44), (0.5, 20.0, 300.0)]),
    (ShiftedBetaGeometric("Y"), (np.array([1.0, 2, 3, 3]), np.array([0.0, 0, 0, 1])),
     [(0.704, 1.182), (5.0, 0.3)]),
]


@pytest.mark.parametrize("model, data, points", CASES, ids=["BG/NBD", "Pareto/NBD", "Gamma-Gamma", "sBG"])
def test_analytic_gradient_equals_central_differences(model, data, points):
    prepared = model._prepare(data)
    for point in points:
        params = np.array(point)
        _, gradient = model._log_likelihood(params, prepared)
        for j in range(len(params)):
            step = np.zeros(len(params))
            step[j] = 1e-6 * params[j]
            up = model._log_likelihood(params + step, prepared)[0]
            down = model._log_likelihood(params - step, prepared)[0]
            np.testing.assert_allclose(gradient[:, j], (up - down) / (2 * step[j]),
                                       rtol=1e-6, atol=1e-7 * np.abs(gradient[:, j]).max())


def test_penalized_objective_slope_equals_central_differences():
    """The fit's objective −(1/N)Σ w ℓ + λ Σ θ'² and its slope in ψ = log θ'."""
    model = BetaGeo("W", penalizer=0.05)
    data = model._prepare((X, T_X / T.max(), T / T.max()))
    counts = np.ones(len(X))
    point = np.log([0.3, 0.2, 0.9, 2.0])
    _, slope = model._objective(point, data, counts, True)
    numeric = [(model._objective(point + e, data, counts, False)
                - model._objective(point - e, data, counts, False)) / 2e-6
               for e in np.eye(4) * 1e-6]
    np.testing.assert_allclose(slope, numeric, rtol=1e-6)
