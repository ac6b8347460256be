"""Templates' worked examples against the literature and formulas computed here, not through
the catalogue: the live cells of the retention template call table functions whose expected
values the plan takes from the same adapters, so those need an outside anchor."""

import numpy as np
import pytest
from scipy.special import betaln

from clv_udfs.workbooks import make
from clv_udfs.workbooks.labels import texts

WORDS = texts("en")


def labelled(workbook, plan):
    """``{label: expected value of the calculated cell beside it}`` for the label/value rows
    (a label is text, or a fixed cell such as a parameter name the functions read)."""
    values = plan.expected()
    shown = {}
    for (cell,) in workbook.active.iter_rows(max_col=1):
        label = values.get(cell.coordinate, cell.value)
        if isinstance(label, str) and f"B{cell.row}" in values:
            shown[label] = values[f"B{cell.row}"]
    return shown


@pytest.fixture(scope="module")
def retention():
    workbook, plan = make("subscription-retention", "live")
    return workbook, plan, labelled(workbook, plan)


def test_retention_template_fits_the_published_regular_cohort(retention):
    """Fader & Hardie (2007), the "regular" cohort: α = 0.704, β = 1.182."""
    _, _, shown = retention
    assert shown["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert shown["beta"] == pytest.approx(1.182, abs=5e-4)


def test_retention_template_projection_follows_the_sbg_formulas(retention):
    """S(t) = B(α, β+t)/B(α, β) and r(t) = (β+t−1)/(α+β+t−1) (Fader & Hardie 2007);
    DEL = Σ S(t)/(1+d)^t summed term by term; CLV = margin × DEL."""
    workbook, plan, shown = retention
    alpha, beta = shown["alpha"], shown["beta"]
    values, ws = plan.expected(), workbook.active
    head = next(c.row for c in ws["A"] if c.value == WORDS["sbg.year"])
    for row in range(head + 1, head + 14):
        t = values[f"A{row}"]
        survival = np.exp(betaln(alpha, beta + t) - betaln(alpha, beta))
        assert values[f"D{row}"] == pytest.approx(survival, rel=1e-9)
        if t > 0:
            assert values[f"E{row}"] == pytest.approx((beta + t - 1) / (alpha + beta + t - 1),
                                                      rel=1e-9)
    d = plan.inputs[next(ref for ref in plan.inputs
                         if ws[f"A{ref[1:]}"].value == WORDS["sbg.discount"])]
    t = np.arange(2000)   # at 10% a year the terms beyond are below 1e-80
    series = np.sum(np.exp(betaln(alpha, beta + t) - betaln(alpha, beta)) / (1 + d) ** t)
    assert shown[WORDS["sbg.del"]] == pytest.approx(series, rel=1e-6)
    assert shown[WORDS["sbg.clv"]] == pytest.approx(100 * series, rel=1e-6)
