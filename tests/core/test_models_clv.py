"""Expected CLV from a transaction model: the month-by-month sum, checked by hand."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, ModifiedBetaGeo, ParetoNBD, expected_clv
from clv_udfs.core.time_units import convert
from clv_udfs.errors import CLVError

BGNBD = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)


@pytest.mark.parametrize("model", [
    BGNBD, ParetoNBD.from_params("W", r=0.553, alpha=10.578, s=0.606, beta=11.669),
    ModifiedBetaGeo.from_params("W", r=0.525, alpha=6.183, a=0.891, b=1.614),   # BTYDplus
    BetaGeo.from_params("W", r=0.41, alpha=0.85, a=18.0, b=165.0)],   # a ≥ 10: quadrature
    ids=["BG/NBD", "Pareto/NBD", "MBG/NBD", "BG/NBD with a >= 10"])
def test_sum_of_discounted_monthly_increments(model):
    """Σ_i (E[Y(i months)] − E[Y(i−1 months)]) × spend × margin / (1+d)^i, written out."""
    x, t_x, age = np.array([2, 0, 10]), np.array([30.43, 0, 38]), np.array([38.86, 38.86, 38.86])
    weeks = convert(np.arange(13.0), "M", "W")
    cumulative = np.array([model.conditional_expected_number_of_purchases_up_to_time(
        w, x, t_x, age) for w in weeks])
    by_hand = sum((cumulative[i] - cumulative[i - 1]) / 1.01 ** i for i in range(1, 13))
    value = expected_clv(model, x, t_x, age, "W", spend=[40, 50, 60], margin=0.3,
                         monthly_discount_rate=0.01, horizon=1, horizon_unit="Y")
    np.testing.assert_allclose(value, by_hand * np.array([40, 50, 60]) * 0.3, rtol=1e-12)


def test_units_must_be_stated_and_agree():
    args = (BGNBD, 2, 30.43, 38.86)
    with pytest.raises(CLVError, match="fitted in weeks"):
        expected_clv(*args, "D", 100, 1, 0.01, 12, "M")
    with pytest.raises(CLVError, match="whole number of months"):
        expected_clv(*args, "W", 100, 1, 0.01, 10, "W")
    assert expected_clv(*args, "W", 100, 1, 0.01, 1, "Y") == pytest.approx(
        expected_clv(*args, "W", 100, 1, 0.01, 12, "M"), rel=1e-15)
