"""Every formula in every template computes what the Python core computes.

Portable templates are recalculated by LibreOffice, live templates by the ``formulas`` package
with our Excel-layer functions registered; both are compared cell by cell with
:meth:`~clv_udfs.workbooks.plan.Plan.expected`, for the example inputs and for changed inputs.
"""

import pytest

from clv_udfs import catalog, excel
from clv_udfs.workbooks import soffice as libreoffice

from .engines import (
    PORTABLE, arithmetic_names, assert_matches_core, case_id, cases, changed_inputs,
    formula_names, formulas_values, path_of, plan_of, read_values, register_excel_layer,
    set_inputs,
)

LIVE = cases("live")


@pytest.fixture(scope="module")
def recalculated_changed(soffice, generated, tmp_path_factory):
    """Every portable template with changed inputs, recalculated (one run): {case: path}."""
    edited = tmp_path_factory.mktemp("edited")
    sources = []
    for case in PORTABLE:
        plan = plan_of(case)
        source = edited / f"{case_id(case)}.xlsx"
        set_inputs(path_of(generated, case, "portable"), source, plan.sheet,
                   changed_inputs(plan))
        sources.append(source)
    out = tmp_path_factory.mktemp("recalculated-changed")
    return dict(zip(PORTABLE, libreoffice.convert(sources, out)))


@pytest.mark.soffice
@pytest.mark.parametrize("case", PORTABLE, ids=case_id)
def test_libreoffice_computes_the_core_values(case, recalculated):
    plan = plan_of(case)
    assert_matches_core(read_values(recalculated[case], plan.sheet), plan)


@pytest.mark.soffice
@pytest.mark.parametrize("case", PORTABLE, ids=case_id)
def test_libreoffice_follows_changed_inputs(case, recalculated_changed):
    plan = plan_of(case)
    inputs = changed_inputs(plan)
    assert_matches_core(read_values(recalculated_changed[case], plan.sheet), plan, inputs)


@pytest.fixture(scope="module")
def excel_layer():
    register_excel_layer()


@pytest.mark.parametrize("case", LIVE, ids=case_id)
def test_formulas_engine_with_our_functions_computes_the_core_values(case, generated,
                                                                     excel_layer):
    plan = plan_of(case, "live")
    path = path_of(generated, case, "live")
    assert_matches_core(formulas_values(path), plan)
    inputs = changed_inputs(plan)
    assert_matches_core(formulas_values(path, inputs), plan, inputs)


@pytest.mark.parametrize("case", LIVE, ids=case_id)
def test_live_templates_call_only_functions_the_excel_layer_exports(case, generated):
    names = formula_names(path_of(generated, case, "live"))
    assert names - set(excel.__all__) <= arithmetic_names()
    assert names & set(excel.__all__), "a live template should call our functions"


@pytest.mark.parametrize("case", PORTABLE, ids=case_id)
def test_portable_templates_use_only_native_functions(case, generated):
    names = formula_names(path_of(generated, case, "portable"))
    assert not names & set(catalog.FUNCTIONS)
