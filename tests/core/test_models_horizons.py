"""Many horizons of the same customers at once (a CLV's months) give each horizon's own
predictions: P(alive) is computed once per customer and broadcast over the horizons."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, ModifiedBetaGeo, ParetoNBD
from clv_udfs.errors import CLVError

RNG = np.random.default_rng(5)
X = RNG.integers(0, 8, 300).astype(float)
T = np.round(RNG.uniform(10, 40, 300), 2)
T_X = np.where(X > 0, np.round(T * RNG.uniform(0, 1, 300), 2), 0.0)
MODELS = [BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426),
          ModifiedBetaGeo.from_params("W", r=0.525, alpha=6.183, a=0.891, b=1.614),
          ParetoNBD.from_params("W", r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.NAME)
def test_a_column_of_horizons_equals_each_horizon_alone(model):
    horizons = np.array([0.0, 4.3, 8.7, 52.0])[:, None]
    together = model.conditional_expected_number_of_purchases_up_to_time(horizons, X, T_X, T)
    assert together.shape == (4, 300)
    for row, t in zip(together, horizons[:, 0]):
        alone = model.conditional_expected_number_of_purchases_up_to_time(t, X, T_X, T)
        assert np.array_equal(row, alone)
    assert np.all(together[0] == 0) and np.all(np.diff(together, axis=0) > 0)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.NAME)
def test_horizons_and_customers_of_clashing_sizes_are_named(model):
    with pytest.raises(CLVError, match="t has 2 values but frequency has 300"):
        model.conditional_expected_number_of_purchases_up_to_time([1.0, 2.0], X, T_X, T)
