"""Office.js metadata (issue 13.4): fixed-value arguments are dropdowns (custom enums from
typing.Literal) and every function links to its section of docs/functions.md — read from what
xlwings Lite/Server actually registers (``custom_functions_meta``)."""

import re

import pytest
import xlwings as xw
from xlwings import server

from clv_udfs import catalog, excel
from clv_udfs.reference import reference_markdown

from fuzz_functions import base_call

META = server.custom_functions_meta(excel)
ENUMS = {enum["id"]: [v["stringValue"] for v in enum["values"]] for enum in META.get("enums", [])}


def dropdowns():
    """{(function, argument): [values]} as Excel will offer them."""
    return {(f["name"], p["name"]): ENUMS[p["customEnumId"]]
            for f in META["functions"] for p in f["parameters"] if "customEnumId" in p}


UNITS = ["D", "W", "M", "Y"]


@pytest.mark.parametrize("function,argument,values", [
    ("CLV_RFM", "time_unit", UNITS), ("CLV_COHORT", "period", UNITS),
    ("BGNBD_FIT", "time_unit", UNITS), ("PARETO_FIT", "time_unit", UNITS),
    ("SBG_FIT", "time_unit", UNITS), ("CLV_PREDICT", "time_unit", UNITS),
    ("CLV_PREDICTIVE", "timing", ["start", "end"]),
    ("CLV_SEGMENT", "method", ["quantile", "value"]),
    ("CLV_PREDICT", "model", ["BG/NBD", "Pareto/NBD", "MBG/NBD"]),
])
def test_fixed_value_arguments_are_dropdowns(function, argument, values):
    offered = dropdowns()[(function, argument)]
    assert offered[:len(values)] == values if argument != "model" else set(values) <= set(offered)


def test_only_arguments_with_fixed_values_are_dropdowns_and_keep_their_help():
    expected = {(s.name, a.name): list(a.choices) for s in catalog.FUNCTIONS.values()
                for a in s.arguments if a.choices}
    assert dropdowns() == expected
    for f in META["functions"]:
        for p, argument in zip(f["parameters"], catalog.FUNCTIONS[f["name"]].arguments):
            assert p["description"] == argument.doc
            assert p["dimensionality"] == ("scalar" if argument.choices else "matrix")


CHOSEN = [(s, i, v) for s in catalog.FUNCTIONS.values() if base_call(s)
          for i, a in enumerate(s.arguments) for v in a.choices]


@pytest.mark.parametrize("spec,position,value", CHOSEN,
                         ids=[f"{s.name}-{s.arguments[i].name}-{v}" for s, i, v in CHOSEN])
def test_every_dropdown_value_is_accepted_by_its_function(officejs, spec, position, value):
    args = base_call(spec)
    args[position] = [[value]]
    name = spec.arguments[position].name
    try:
        cells = officejs(spec.name, *args)
    except xw.XlwingsError as error:   # (CLV_PREDICT: a unit other than its table's is refused)
        messages = [str(error)]
    else:
        messages = [c for row in cells for c in row if isinstance(c, str)]
    assert not any(m.startswith((name, f"#VALUE! {name}")) and " is not a" in m
                   for m in messages), messages


@pytest.mark.parametrize("name", sorted(catalog.FUNCTIONS))
def test_every_function_links_to_its_own_section_of_the_reference(name):
    meta = next(f for f in META["functions"] if f["name"] == name)
    base, anchor = meta["helpUrl"].rsplit("#", 1)
    assert base == catalog.DOCS_URL and base.endswith("functions.md")
    page = reference_markdown()
    heading = re.search(rf'<a id="{re.escape(anchor)}"></a>\n\n## (\w+)\(', page)
    assert heading and heading.group(1) == name


def test_the_reference_address_can_be_set_for_a_published_page(monkeypatch):
    monkeypatch.setenv("CLV_UDFS_DOCS_URL", "https://example.org/clv/functions.md")
    assert catalog._docs_url() == "https://example.org/clv/functions.md"
