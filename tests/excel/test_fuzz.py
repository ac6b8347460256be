"""Seeded fuzzing of every catalogue function in both runtimes (issue 14): the cell rule holds.

A few thousand calls (a fixed number of rounds over the catalogue, so functions added later are
covered without listing them) through the classic add-in and through xlwings' real Office.js
call path. The machinery and a wider sweep are in scripts/fuzz_functions.py.
"""

import numpy as np
import pytest

from clv_udfs import catalog

import fuzz_functions as fuzz

ROUNDS = 60
"""Calls per catalogue function (half of them in each runtime)."""


def test_the_seeded_fuzz_run_finds_no_cell_breaking_the_rule():
    findings = fuzz.fuzz(ROUNDS * len(catalog.FUNCTIONS), seed=2026)
    report = "\n".join(f"{name} ({runtime}) {fuzz.shorten(args)}: {'; '.join(found)[:300]}"
                       for name, runtime, args, found in findings[:10])
    assert not findings, f"{len(findings)} calls broke the cell rule:\n{report}"


def test_every_catalogue_function_is_fuzzed_in_both_runtimes(monkeypatch):
    called = []
    monkeypatch.setattr(fuzz, "check_call",
                        lambda spec, args, officejs: called.append((spec.name, officejs)) or [])
    fuzz.fuzz(2 * len(catalog.FUNCTIONS))
    assert set(called) == {(name, officejs) for name in catalog.FUNCTIONS
                           for officejs in (False, True)}


SPEC = catalog.FUNCTIONS["CLV_SIMPLE"]


@pytest.mark.parametrize("cells,problem", [
    ([[float("nan")]], "non-finite"),
    ([[float("inf")]], "non-finite"),
    ([[{"type": "Error", "errorType": "Num"}]], "error object"),
    ([["#VALUE! CLV_SIMPLE could not compute this ('NoneType' object has no attribute "
       "'format')"]], "Python word"),
    ([["#VALUE! missing 1 required positional argument: 'discount_rate'"]], "Python word"),
    ([["#VALUE! the value is too large"]], "names no argument"),
    ([["#VALUE! avg_order_value: bad\nsecond line"]], "more than one line"),
    ([["#VALUE! avg_order_value: " + "x" * 32_767]], "characters long"),
    ([[np.float32(1)]], "cell of type"),
], ids=["nan", "inf", "num-error", "nonetype", "positional", "no-argument", "two-lines", "long",
        "numpy-scalar"])
def test_the_checks_catch_what_they_are_for(cells, problem):
    found = fuzz.problems_of_cells(SPEC, cells, officejs=False)
    assert any(problem in f for f in found), found


def test_an_inf_is_caught_as_invalid_json_on_officejs():
    found = fuzz.problems_of_cells(SPEC, [[float("inf")]], officejs=True)
    assert any("invalid JSON" in f for f in found), found


def test_good_cells_pass_the_checks():
    cells = [[900.0, "Healthy"], ["#VALUE! avg_order_value: -1 is not allowed; enter an amount ≥ 0",
                                  None]]
    assert fuzz.problems_of_cells(SPEC, cells, officejs=True) == []
