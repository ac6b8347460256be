"""A live template calls each table function once per recalculation (issue 13): the calls are
counted from the generated files, an array formula over a block once."""

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from clv_udfs import catalog
from .engines import FUNCTION_NAME, case_id, cases, formula_text, path_of

GOALS = {"predictive-clv": 12, "cohort-clv": 4, "subscription-retention": 8}


def calls(path):
    """How often the formulas of the workbook at ``path`` call one of our functions."""
    ws = openpyxl.load_workbook(path).active
    return sum(name in catalog.FUNCTIONS for row in ws.iter_rows() for c in row
               if c.data_type == "f" for name in FUNCTION_NAME.findall(formula_text(c)))


@pytest.mark.parametrize("case", [c for c in cases("live") if c[2] in GOALS], ids=case_id)
def test_live_model_templates_make_few_calls(case, generated):
    assert 0 < calls(path_of(generated, case, "live")) <= GOALS[case[2]]


def test_an_array_formula_counts_once_and_a_cell_each_call(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws["A1"] = ArrayFormula("A1:C6", "=SBG_FIT(E1:E8)")
    ws["A8"] = "=IFERROR(INDEX(SBG_DEL(A1:B6,0.1),2,1),INDEX(SBG_DEL(A1:B6,0.1),1,1))"
    ws["A9"] = "=SUM(A2:A3)"
    workbook.save(tmp_path / "counted.xlsx")
    assert calls(tmp_path / "counted.xlsx") == 3
