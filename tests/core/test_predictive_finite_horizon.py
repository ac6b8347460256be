"""CLV_PREDICTIVE over a finite number of periods, against a hand calculation.

€200 margin a period, 90% retention, 12% discount rate, three periods. Each term is
m·rᵗ/(1+d)ᵗ: t = 0: 200; t = 1: 200 × 0.9 / 1.12 = 160.714286; t = 2: 200 × 0.81 / 1.2544
= 129.145408; t = 3: 200 × 0.729 / 1.404928 = 103.777560.
"""

import pytest

from clv_udfs import catalog, cells
from clv_udfs.core import unit_economics as ue

START = 200 + 160.714286 + 129.145408     # first margin now: t = 0, 1, 2 → 489.859694
END = 160.714286 + 129.145408 + 103.777560   # margins at each period's end: t = 1, 2, 3
NO_END = 200 * 1.12 / (1.12 - 0.9)        # m(1+d)/(1+d−r) = 224 / 0.22 = 1018.181818


def test_three_periods_sum_the_hand_computed_terms():
    assert ue.clv_predictive(200, 0.9, 0.12, periods=3) == pytest.approx(START, abs=2e-6)
    assert ue.clv_predictive(200, 0.9, 0.12, 3, "end") == pytest.approx(END, abs=2e-6)


def test_one_period_is_one_margin_now_or_one_discounted_margin_at_the_end():
    assert ue.clv_predictive(200, 0.9, 0.12, periods=1) == pytest.approx(200, rel=1e-12)
    assert ue.clv_predictive(200, 0.9, 0.12, 1, "end") == pytest.approx(160.714286, abs=1e-6)


def test_the_excel_function_counts_a_column_of_horizons_and_an_empty_one_as_no_end():
    """=CLV_PREDICTIVE(200, 0.9, 0.12, A1:A3) over the periods 1, 2, 3; a periods cell left
    empty on its own means no end. Inside a range an empty cell is that row's error, not the
    default: on Office.js an error cell can arrive as an empty one (issue 14.11)."""
    call = lambda periods: cells.call(catalog.FUNCTIONS["CLV_PREDICTIVE"],
                                      [[[200]], [[0.9]], [[0.12]], periods])
    shown = call([[1], [2], [3], [None]])
    assert [row[0] for row in shown[:3]] == pytest.approx([200, 200 + 160.714286, START],
                                                          abs=2e-6)
    assert shown[3][0].startswith("#VALUE! periods") and "empty" in shown[3][0]
    assert call([[None]])[0][0] == pytest.approx(NO_END, abs=2e-6)
