"""The channel-economics-from-data template's table is CLV_CHANNELS of its sample, cell by cell,
equal to the hand figures of tests/channel_figures.py (whose data are this sample) when the
``formulas`` engine evaluates the live workbook; and it follows a changed spend line."""

import pytest

from channel_figures import TABLE_BY_ORDERS, assert_row
from clv_udfs.workbooks.templates import channels_from_data as template

from .engines import formulas_values, path_of, plan_of, register_excel_layer

CASES = [(lang, "EUR", template.KEY) for lang in ("en", "nl")]


def table_rows(plan, got):
    """The table's cells row by row, top to bottom, as the engine computed them."""
    first = min(int(ref[1:]) for ref in plan.outputs)
    return [[got[f"{column}{first + i}"] for column in template.TABLE_COLUMNS]
            for i in range(template.TABLE_ROWS)]


def search_spend_ref(plan):
    """The amount cell of the first spend line (" search", January, 60)."""
    column = template.SPEND_COLUMNS[-1]
    return min((ref for ref in plan.inputs if ref.rstrip("0123456789") == column),
               key=lambda ref: int(ref[1:]))


# Search's January spend 60 → 160: Search CAC (160 + 40) / 3 = 66.67, CLV 46.67, ratio 0.7
# (Loss-making), its curve never reaches 66.67 (at most 45): "not yet". Total spend 325,
# CAC 325 / 7 = 46.43, ratio 36.875 / 46.43 = 0.794 (Loss-making), the total curve tops at
# 36.67: "not yet". The other rows are unchanged.
MORE_SEARCH = [
    ("Search", 3, 200.0, 200 / 3, 140 / 3, 0.7, "Loss-making", "not yet"),
    *TABLE_BY_ORDERS[1:5],
    ("total", 8, 325.0, 325 / 7, 36.875, 36.875 / (325 / 7), "Loss-making", "not yet"),
]


@pytest.mark.parametrize("case", CASES, ids="-".join)
@pytest.mark.parametrize("change", ["none", "more search spend"])
def test_every_table_cell_equals_the_hand_figures(case, change, generated):
    register_excel_layer()
    plan = plan_of(case, "live")
    inputs = {search_spend_ref(plan): 160} if change != "none" else {}
    got = formulas_values(path_of(generated, case, "live"), inputs)
    rows = table_rows(plan, got)
    expected = TABLE_BY_ORDERS if change == "none" else MORE_SEARCH
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        assert_row(row, want, pytest.approx)
