"""The templates are good templates, and the committed ones are what the generator makes now."""

from pathlib import Path

import openpyxl
import pytest

from clv_udfs import catalog
from clv_udfs.workbooks import build, labels
from clv_udfs.workbooks.plan import Call, Input, cells_in
from clv_udfs.workbooks.styles import CURRENCIES

from .engines import case_id, cases, formula_text, path_of, plan_of
from .snapshot import describe

COMMITTED = Path(__file__).parents[2] / "workbook_templates"
CASES = cases()
FLAVOURS = ("live", "portable")
COMMITTED_FILES = [(case, f) for case in CASES for f in build.flavours_of(case[2])]


@pytest.mark.parametrize("case,flavour", COMMITTED_FILES,
                         ids=lambda v: case_id(v) if isinstance(v, tuple) else v)
def test_committed_template_equals_generated(case, flavour, generated):
    committed = path_of(COMMITTED, case, flavour)
    assert committed.exists(), f"{committed} is missing: run clv-udfs templates --out " \
                               "workbook_templates --every-locale --force"
    assert describe(committed) == describe(path_of(generated, case, flavour)), (
        f"{committed} is out of date: run clv-udfs templates --out workbook_templates "
        "--every-locale --force")


def test_nothing_else_is_committed():
    expected = {path_of(COMMITTED, case, f) for case, f in COMMITTED_FILES}
    assert set(COMMITTED.rglob("*.xlsx")) == expected


@pytest.mark.parametrize("case,flavour", COMMITTED_FILES,
                         ids=lambda v: case_id(v) if isinstance(v, tuple) else v)
def test_inputs_are_unlocked_validated_and_explained(case, flavour, generated):
    plan = plan_of(case, flavour)
    book = openpyxl.load_workbook(path_of(generated, case, flavour))
    ws = book[plan.sheet]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.freeze_panes
    validations = ws.data_validations.dataValidation
    for ref, cell in plan.cells.items():
        if isinstance(cell, Input):
            assert not ws[ref].protection.locked, ref
            rules = [dv for dv in validations if ref in dv.sqref]
            assert len(rules) == 1 and rules[0].showInputMessage and rules[0].prompt, ref
            if ws[ref].number_format.endswith("%"):
                assert (rules[0].type, rules[0].formula1, rules[0].formula2) == (
                    "decimal", "0", "1"), ref
        else:
            assert ws[ref].protection.locked, ref
    assert book.defined_names
    for name, defined in book.defined_names.items():
        for ref in cells_in(defined.attr_text.split("!")[-1]):
            assert isinstance(plan.cells.get(ref), Input), name


SAME_LAYOUT = [case for case in cases("portable")
               if getattr(build.TEMPLATES[case[2]], "SAME_LAYOUT", True)]


@pytest.mark.parametrize("case", SAME_LAYOUT, ids=case_id)
def test_flavours_differ_only_in_calls_and_the_add_in_note(case, generated):
    live, portable = (describe(path_of(generated, case, f)) for f in FLAVOURS)
    plan, add_in_note = plan_of(case), labels.texts(case[0])["howto.live"]
    live_cells, portable_cells = (d["sheets"][plan.sheet].pop("cells") for d in (live, portable))
    assert live == portable
    assert live_cells.keys() == portable_cells.keys()
    for ref, cell in live_cells.items():
        if cell != portable_cells[ref]:
            assert isinstance(plan.cells.get(ref), Call) or cell[0] == add_in_note, ref


@pytest.mark.parametrize("case", [c for c in cases("portable") if c not in SAME_LAYOUT],
                         ids=case_id)
def test_a_smaller_portable_flavour_keeps_every_function_excel_can_compute(case):
    """Where the portable sheet is the closed-form part of the live one, it computes exactly
    the live functions that have a native formula."""
    live, portable = ({c.function for c in plan_of(case, f).outputs.values()
                       if isinstance(c, Call)} for f in FLAVOURS)
    native = {name for name, spec in catalog.FUNCTIONS.items() if spec.native}
    assert portable == live & native and portable


def test_namespace_prefixes_only_our_functions():
    for key in build.TEMPLATES:
        plain = build.make(key, "live")[0].active
        spaced = build.make(key, "live", namespace="XLWINGS")[0].active
        for row in plain.iter_rows():
            for cell in row:
                other = spaced[cell.coordinate]
                if cell.data_type == "f" and any(f"{name}(" in formula_text(cell)
                                                 for name in catalog.FUNCTIONS):
                    assert "XLWINGS." in formula_text(other) and formula_text(other).replace(
                        "XLWINGS.", "") == formula_text(cell)
                else:
                    assert other.value == cell.value


def test_languages_have_the_same_texts():
    assert labels.TEXTS["en"].keys() == labels.TEXTS["nl"].keys()


def test_money_formats_show_the_chosen_currency(generated):
    """Every money format shows the chosen currency; the live flavour (the whole template)
    has money cells."""
    for lang, currency in build.LOCALES:
        for key in build.TEMPLATES:
            for flavour in build.flavours_of(key):
                ws = openpyxl.load_workbook(path_of(generated, (lang, currency, key),
                                                    flavour)).active
                formats = {c.number_format for row in ws.iter_rows() for c in row}
                shown = {code for code, symbol in CURRENCIES.items()
                         if any(f'"{symbol}"' in f for f in formats)}
                assert shown == {currency} if flavour == "live" else shown <= {currency}, (
                    lang, currency, key, flavour)
