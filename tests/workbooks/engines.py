"""Recalculate templates with a spreadsheet engine and compare every cell with the core.

Two engines: LibreOffice (portable flavour, via :mod:`clv_udfs.workbooks.soffice`) and the
``formulas`` package with our Excel-layer functions registered (live flavour).
"""

import re

import formulas
import numpy as np
import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula
import schedula as sh
from formulas.functions import wrap_func
from formulas.tokens.operand import XlError

from clv_udfs import excel
from clv_udfs.workbooks import arithmetic, build, spill
from clv_udfs.workbooks.plan import cells_in

FUNCTION_NAME = re.compile(r"([A-Z][A-Z0-9_.]*)\(")


def cases(flavour=None):
    """``(lang, currency, key)`` of every committed template (that comes in ``flavour``)."""
    return [(lang, currency, key) for lang, currency in build.LOCALES for key in build.TEMPLATES
            if flavour is None or flavour in build.flavours_of(key)]


PORTABLE = cases("portable")


def case_id(case):
    return "-".join(case)


def path_of(root, case, flavour):
    lang, currency, key = case
    return root / build.locale_folder(lang, currency) / build.file_name(key, flavour)


def plan_of(case, flavour=None):
    """The template's plan in ``flavour`` (default: portable if it has one, else live)."""
    lang, currency, key = case
    flavour = flavour or build.flavours_of(key)[-1]
    return build.make(key, flavour, currency=currency, lang=lang)[1]


def changed_inputs(plan):
    """Other, still valid, values for every numeric input (factors 0.75–0.95 keep rates ≤ 1),
    rounded so that a spreadsheet stores them exactly as typed; whole numbers (counts) stay
    whole, and an input bounded by another (a customer's recency by their age T) stays
    within its bound."""
    numbers = [(ref, v) for ref, v in plan.inputs.items() if not isinstance(v, str)]
    changed = {ref: round(value * (0.75 + 0.05 * (i % 5)), None if isinstance(value, int) else 9)
               for i, (ref, value) in enumerate(numbers)}
    for ref in changed:
        bound = plan.cells[ref].at_most
        if bound:
            changed[ref] = min(changed[ref], changed[bound])
    return changed


def set_inputs(source, target, sheet, inputs):
    """Copy workbook ``source`` to ``target`` with the input cells changed (openpyxl)."""
    book = openpyxl.load_workbook(source)
    for ref, value in inputs.items():
        book[sheet][ref].value = value
    book.save(target)


def formula_names(path):
    """Every function name used in any formula of the workbook at ``path``."""
    book = openpyxl.load_workbook(path)
    return {name for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f" for name in FUNCTION_NAME.findall(formula_text(c))}


def formula_text(cell):
    """The formula of ``cell``, also when it is an array formula over a block."""
    return cell.value.text if isinstance(cell.value, ArrayFormula) else cell.value


def arithmetic_names():
    """The native functions the non-catalogue arithmetic uses (SUM, SUMPRODUCT …), and those
    around a table function's cell (:data:`clv_udfs.workbooks.spill.NATIVE`)."""
    return {name for op in vars(arithmetic).values() if isinstance(op, arithmetic.Op)
            for name in FUNCTION_NAME.findall(op.excel)} | set(spill.NATIVE)


def assert_matches_core(values, plan, inputs=None):
    """``values`` ({ref: value} from an engine) show no error and equal the core's results."""
    errors = {ref: v for ref, v in values.items()
              if isinstance(v, XlError) or (isinstance(v, str) and v.startswith("#"))}
    assert not errors, f"{plan.sheet}: error cells {errors}"
    for ref, value in {**plan.inputs, **(inputs or {})}.items():
        assert values.get(ref, "") == value, f"{plan.sheet}!{ref}: input changed"  # "": empty
    for ref, expected in plan.expected(inputs).items():
        got = values.get(ref)
        if isinstance(expected, str):
            assert got == expected, f"{plan.sheet}!{ref}: {got!r}, core {expected!r}"
        else:
            assert got == pytest.approx(expected, rel=1e-9, abs=0), (
                f"{plan.sheet}!{ref} = {plan.cells[ref]}: {got!r}, core {expected!r}")


def read_values(path, sheet):
    """``{ref: value}`` of every non-empty cell of a recalculated workbook (cached values)."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


# --- the formulas package, with our functions -------------------------------------------------

_AS_XLWINGS = np.vectorize(lambda v: None if v is sh.EMPTY else v, otypes=[object])


def _cell_function(udf):
    """One cell's value, or the whole table of a table function (for INDEX around it); an
    empty cell reaches the function as None, as xlwings hands it over."""
    def call(*args):
        raw = [_AS_XLWINGS(np.asarray(a, dtype=object)).tolist() for a in args]
        result = udf(*raw)
        return result[0][0] if len(result) == 1 and len(result[0]) == 1 else np.array(
            result, dtype=object)

    return wrap_func(call)


def register_excel_layer():
    """Make every function :mod:`clv_udfs.excel` exports known to the ``formulas`` engine."""
    functions = formulas.get_functions()
    for name in excel.__all__:
        functions[name] = _cell_function(getattr(excel, name))


def array_blocks(path):
    """The ranges of the array formulas in the one-sheet workbook at ``path`` ("F20:F220")."""
    ws = openpyxl.load_workbook(path).active
    return {c.value.ref for row in ws.iter_rows() for c in row
            if isinstance(c.value, ArrayFormula)}


def formulas_values(path, inputs=None):
    """``{ref: value}`` of every cell after ``formulas`` evaluates the one-sheet workbook at
    ``path``, with ``inputs`` ({ref: value}) replacing input cells; an array formula's block
    gives each of its cells."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    keys = {key.split("!")[-1]: key for key in model.dsp.data_nodes
            if isinstance(key, str) and "!" in key and ":" not in key.split("!")[-1]}
    solution = model.calculate(inputs={keys[ref]: v for ref, v in (inputs or {}).items()})
    blocks = array_blocks(path)
    values, in_blocks = {}, {}
    for key, ranges in solution.items():
        if not isinstance(key, str) or "!" not in key:
            continue
        ref = key.split("!")[-1]
        if ":" not in ref:
            values[ref] = _plain(ranges.value[0, 0])
        elif ref in blocks:   # the block's own result (its cells read one by one turn a
            # message such as "#VALUE! …" into a bare error)
            in_blocks.update(zip(cells_in(ref), map(_plain, np.asarray(ranges.value).ravel())))
    return {**values, **in_blocks}


def _plain(value):
    """A ``formulas`` value as the core gives it: numpy scalars as Python numbers, an empty
    result as None."""
    if value is sh.EMPTY:
        return None
    return value.item() if isinstance(value, np.generic) else value
