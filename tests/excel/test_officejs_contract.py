"""The Excel functions as xlwings Lite/Server registers and calls them (real xlwings code)."""

import datetime as dt

import numpy as np
import pytest
from xlwings import server

from clv_udfs import catalog, excel


def registered():
    return {f["name"]: f for f in server.custom_functions_meta(excel)["functions"]}


def test_every_catalogue_function_is_registered_under_its_excel_name():
    assert set(registered()) == set(catalog.FUNCTIONS)
    assert set(excel.__all__) == set(catalog.FUNCTIONS)


@pytest.mark.parametrize("name", sorted(catalog.FUNCTIONS))
def test_registration_carries_description_argument_help_and_optional_flags(name):
    meta, spec = registered()[name], catalog.FUNCTIONS[name]
    assert meta["description"] == spec.description and meta["description"]
    assert [p["name"] for p in meta["parameters"]] == [a.name for a in spec.arguments]
    for param, argument in zip(meta["parameters"], spec.arguments):
        assert param["description"] == argument.doc and len(argument.doc) > 10
        assert param.get("optional", False) is (not argument.required)


@pytest.mark.parametrize("spec,example", [(s, e) for s in catalog.FUNCTIONS.values()
                                          for e in s.examples],
                         ids=lambda v: getattr(v, "name", "") or str(getattr(v, "args", "")))
def test_worked_examples_through_officejs(officejs, spec, example):
    (cell,), = officejs(spec.name, *[[[v]] if v is not None else [[None]] for v in example.args])
    if isinstance(example.expected, str):
        assert cell == example.expected
    else:
        assert cell == pytest.approx(example.expected, rel=1e-12)


@pytest.mark.parametrize("spec,example", [(s, s.examples[0]) for s in catalog.FUNCTIONS.values()
                                          if s.examples], ids=lambda v: getattr(v, "name", ""))
def test_worked_examples_through_the_classic_addin(classic, spec, example):
    (cell,), = classic(spec.name, *[[[v]] for v in example.args])
    if isinstance(example.expected, str):
        assert cell == example.expected
    else:
        assert cell == pytest.approx(example.expected, rel=1e-12)


def test_omitted_optional_arguments_take_their_defaults(officejs):
    assert officejs("CLV_PREDICTIVE", [[100]], [[0.8]], [[0.12]]) == [[pytest.approx(
        100 * 1.12 / 0.32)]]
    assert officejs("MAX_CAC", [[1500]]) == [[500.0]]


def test_a_whole_range_is_one_call_and_keeps_its_shape(officejs):
    n = 100_000
    aov = np.linspace(10, 100, n)
    result = officejs("CLV_SIMPLE", aov.reshape(-1, 1).tolist(), [[6]], [[3]])
    assert len(result) == n and all(len(row) == 1 for row in result[:5])
    np.testing.assert_allclose(np.array(result, dtype=float)[:, 0], aov * 18, rtol=1e-12)


def test_row_and_column_ranges_broadcast_to_a_grid(officejs):
    result = officejs("CLV_SIMPLE", [[50], [100]], [[6, 12]], [[3]])
    assert result == [[900.0, 1800.0], [1800.0, 3600.0]]


def test_a_date_in_a_number_argument_is_named_as_a_date(classic):
    (cell,), = classic("AOV", [[dt.datetime(2024, 1, 31)]], [[10]])
    assert cell == "#VALUE! revenue: 2024-01-31 is a date, not a number; enter an amount ≥ 0"
