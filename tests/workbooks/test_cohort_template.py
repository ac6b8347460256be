"""The Cohort CLV template's table is CLV_COHORT of its transactions, cell by cell.

The expected numbers come from the core :func:`~clv_udfs.core.cohorts.cohort_table` on the
template's input cells; the ``formulas`` engine (our functions registered) evaluates the live
workbook with the example inputs, with changed amounts, and with a customer's first purchase
moved to a later cohort.
"""

import numpy as np
import pytest

from clv_udfs.core.cohorts import cohort_table
from clv_udfs.workbooks.templates import cohort

from .engines import changed_inputs, formulas_values, path_of, plan_of, register_excel_layer

CASES = [(lang, "EUR", cohort.KEY) for lang in ("en", "nl")]


def transaction_refs(plan):
    """The input refs of each transaction column (ids, dates, amounts), top to bottom."""
    return [[ref for ref in plan.inputs if ref.rstrip("0123456789") == column]
            for column in cohort.INPUT_COLUMNS]


def core_cells(plan, inputs):
    """``{ref: value}`` of the table as the core computes it for the template's inputs changed
    by ``inputs`` (empty text after the end of the data)."""
    values = {**plan.inputs, **inputs}
    t = cohort_table(*([values[ref] for ref in refs] for refs in transaction_refs(plan)))
    assert t.values.shape == (cohort.MONTHS, cohort.MONTHS), "the table should fit its cells"
    first = min(int(ref[1:]) for ref in plan.outputs) + 1   # under the function's header row
    return {f"{column}{first + i}": "" if isinstance(v, float) and np.isnan(v) else v
            for i, row in enumerate(zip(t.cohort.tolist(), t.size.tolist(), *t.values.T))
            for column, v in zip(cohort.TABLE_COLUMNS, row)}


def later_first_purchase(plan):
    """Customer 1005 (February cohort) makes its first purchase in March instead."""
    ids, dates, _ = transaction_refs(plan)
    row = next(i for i, ref in enumerate(ids) if plan.inputs[ref] == "1005")
    assert plan.inputs[dates[row]].startswith("2024-02")
    return {dates[row]: "2024-03-03"}


CHANGES = {"none": lambda plan: {}, "amounts": changed_inputs, "dates": later_first_purchase}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("case", CASES, ids="-".join)
def test_every_table_cell_equals_the_core_cohort_table(case, change, generated):
    register_excel_layer()
    plan = plan_of(case, "live")
    inputs = CHANGES[change](plan)
    expected = core_cells(plan, inputs)
    header = min(int(ref[1:]) for ref in plan.outputs)
    assert set(expected) == {ref for ref in plan.outputs if int(ref[1:]) > header}
    got = formulas_values(path_of(generated, case, "live"), inputs)
    assert got[f"E{header}"] == "cohort (month of first purchase)"
    for ref, value in expected.items():
        if isinstance(value, str):
            assert got[ref] == value, ref
        else:
            assert got[ref] == pytest.approx(value, rel=1e-9, abs=0), ref
    if change != "none":
        assert expected != core_cells(plan, {}), "the change should move the table"


def test_cells_beyond_a_shorter_table_show_na(generated):
    """Without the June transactions the table has five cohorts and months 0–4: the block's
    spare cells show #N/A, as Excel shows an array formula's cells beyond its result (the
    how-to says so), and the rest is the core's table."""
    register_excel_layer()
    case = CASES[0]
    plan = plan_of(case, "live")
    ids, dates, amounts = transaction_refs(plan)
    june = {ref: None for i, d in enumerate(dates) if plan.inputs[d].startswith("2024-06")
            for ref in (ids[i], dates[i], amounts[i])}
    expected = plan.expected(june)
    spare = {ref for ref, value in expected.items() if value == "#N/A"}
    last = max(int(ref[1:]) for ref in plan.outputs)
    assert spare == {f"{c}{last}" for c in cohort.TABLE_COLUMNS} | {
        f"L{row}" for row in range(last - cohort.MONTHS, last)}   # header row too
    got = formulas_values(path_of(generated, case, "live"), june)
    for ref, value in expected.items():
        if ref in spare:
            assert str(got[ref]) == "#N/A", ref
        elif isinstance(value, str):
            assert got[ref] == value, ref
        else:
            assert got[ref] == pytest.approx(value, rel=1e-9, abs=0), ref
