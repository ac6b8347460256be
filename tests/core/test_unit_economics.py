"""Unit-economics formulas against the worked examples of the CLV literature and hand sums."""

import math

import numpy as np
import pytest

from clv_udfs import catalog
from clv_udfs.core import unit_economics as ue
from clv_udfs.errors import CLVError

EXAMPLES = [(spec, example) for spec in catalog.FUNCTIONS.values() if not spec.table
            for example in spec.examples]


def core_call(spec, args):
    """The example's arguments as a Python call: an empty (None) argument takes the default."""
    names = [a.name for a in spec.arguments]
    return spec.core(**{name: value for name, value in zip(names, args) if value is not None})


@pytest.mark.parametrize("spec,example", EXAMPLES,
                         ids=[f"{s.name}{e.args}" for s, e in EXAMPLES])
def test_core_reproduces_worked_example(spec, example):
    result = core_call(spec, example.args)
    if isinstance(example.expected, str):
        assert result == example.expected
    else:
        assert result == pytest.approx(example.expected, rel=1e-12)


def test_four_years_instead_of_three_raises_simple_clv_by_a_third():
    assert ue.clv_simple(50, 6, 4) / ue.clv_simple(50, 6, 3) - 1 == pytest.approx(1 / 3)


def test_customer_spending_500_a_year_for_5_years_is_worth_2500():
    assert ue.clv_simple(500, 1, 5) == 2500


def test_cac_300_with_clv_500_is_unsustainable_at_1_7_to_1():
    ratio = ue.clv_cac_ratio(500, 300)
    assert round(ratio, 1) == 1.7
    assert ue.clv_cac_health(ratio) == "Unsustainable"


def test_health_boundaries_follow_target_and_ceiling():
    labels = ue.clv_cac_health(np.array([0.99, 1, 1.99, 2, 3.99, 4, 5.99, 6]), 4, 6)
    assert list(labels) == ["Loss-making", "Unsustainable", "Unsustainable", "Below target",
                            "Below target", "Healthy", "Healthy", "Under-investing"]


def test_predictive_closed_forms_match_the_series_summed_term_by_term():
    m, r, d = 100.0, 0.8, 0.1
    start = sum(m * r ** t / (1 + d) ** t for t in range(2000))
    end = sum(m * r ** t / (1 + d) ** t for t in range(1, 2001))
    assert ue.clv_predictive(m, r, d) == pytest.approx(start, rel=1e-12)
    assert ue.clv_predictive(m, r, d, timing="end") == pytest.approx(end, rel=1e-12)
    assert ue.clv_predictive(m, r, d, periods=5) == pytest.approx(
        sum(m * r ** t / (1 + d) ** t for t in range(5)), rel=1e-12)
    assert ue.clv_predictive(m, r, d, 5, "END") == pytest.approx(
        sum(m * r ** t / (1 + d) ** t for t in range(1, 6)), rel=1e-12)


def test_subscription_clv_is_predictive_clv_with_retention_one_minus_churn():
    assert ue.clv_subscription(100, 0.8, 0.05, 0.01) == pytest.approx(
        ue.clv_predictive(80, 0.95, 0.01), rel=1e-12)


def test_payback_with_churn_repays_cac_by_expected_surviving_profit():
    months = ue.payback_months(300, 50, 0.05)
    repaid = 50 * (1 - 0.95 ** months) / 0.05
    assert repaid == pytest.approx(300, rel=1e-12)
    assert months == pytest.approx(math.log(0.7) / math.log(0.95), rel=1e-12)


def test_functions_broadcast_like_numpy():
    result = ue.clv_simple(np.array([[50], [200]]), np.array([6, 3]), 3)
    assert result.shape == (2, 2)
    np.testing.assert_allclose(result, [[900, 450], [3600, 1800]])
    assert isinstance(ue.clv_simple(50, 6, 3), float)


def test_mismatched_lengths_name_both_arguments():
    with pytest.raises(CLVError, match="avg_order_value has 2 values but purchases_per_year "
                                       "has 3"):
        ue.clv_simple([1, 2], [1, 2, 3], 1)


@pytest.mark.parametrize("call,message", [
    (lambda: ue.payback_months(300, 50, 0.5), "never paid back"),
    (lambda: ue.clv_predictive(100, 1, 0), "never stops adding up"),
    (lambda: ue.clv_subscription(100, 0.8, 0), "enter a churn rate above 0"),
    (lambda: ue.retention_rate(100, 80, 90), "check the counts"),
    (lambda: ue.clv_cac_health(3, 6, 5), "target 6 is above ceiling 5"),
])
def test_results_that_do_not_exist_raise_a_plain_message(call, message):
    with pytest.raises(CLVError, match=message):
        call()
