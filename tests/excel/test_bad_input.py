"""Bad input, for every argument of every function: core, classic add-in and Office.js paths.

Each case starts from the function's first worked example and spoils one argument.
"""

import numpy as np
import pytest
import xlwings as xw

from clv_udfs import catalog
from clv_udfs.core.domains import Choice
from clv_udfs.errors import CLVError

from conftest import ERROR_CELL

JARGON = ("Traceback", "NoneType", "<class", "Error:", "object", "dtype", "ndarray")


def _cases():
    for spec in catalog.FUNCTIONS.values():
        if spec.table or not spec.examples:
            continue
        example = spec.examples[0]
        args = list(example.args) + [None] * (len(spec.arguments) - len(example.args))
        for position, argument in enumerate(spec.arguments):
            yield pytest.param(spec, args, position, id=f"{spec.name}-{argument.name}")


CASES = list(_cases())


def out_of_range(domain):
    """A number the domain refuses (a percentage typed as a whole number for rates)."""
    if isinstance(domain, Choice):
        return "sideways"
    if domain.percent_hint:
        return 80
    if np.isfinite(domain.low):
        return domain.low - 1
    return None


def with_value(args, position, value):
    changed = list(args)
    changed[position] = value
    return changed


def core_kwargs(spec, args):
    return {a.name: v for a, v in zip(spec.arguments, args) if v is not None}


def expected_cell(spec, args):
    """What the core computes for the example's arguments (the Excel layer must agree)."""
    return spec.core(**core_kwargs(spec, args))


def assert_one_line_plain(message, argument):
    assert message.startswith(f"{argument}:") or argument in message
    assert "\n" not in message
    assert not any(word in message for word in JARGON), message


@pytest.mark.parametrize("spec,args,position", CASES)
def test_core_rejects_text_naming_argument_and_value(spec, args, position):
    name = spec.arguments[position].name
    with pytest.raises(CLVError) as raised:
        spec.core(**core_kwargs(spec, with_value(args, position, "abc")))
    assert_one_line_plain(str(raised.value), name)
    assert '"abc"' in str(raised.value)


BOUNDED = [case for case in CASES if out_of_range(
    case.values[0].core.domains[case.values[0].arguments[case.values[2]].name]) is not None]


@pytest.mark.parametrize("spec,args,position", BOUNDED)
def test_core_rejects_values_outside_the_allowed_range(spec, args, position):
    name = spec.arguments[position].name
    bad = out_of_range(spec.core.domains[name])
    with pytest.raises(CLVError) as raised:
        spec.core(**core_kwargs(spec, with_value(args, position, bad)))
    assert_one_line_plain(str(raised.value), name)


@pytest.mark.parametrize("spec,args,position", CASES)
@pytest.mark.parametrize("bad,shown", [("abc", '"abc"'), (True, "TRUE"), (ERROR_CELL, "#N/A")],
                         ids=["text", "boolean", "error-cell"])
def test_officejs_bad_cell_in_a_range_spoils_only_its_own_result(officejs, spec, args,
                                                                  position, bad, shown):
    name = spec.arguments[position].name
    cells = [[[v]] for v in args]
    given = args[position] if args[position] is not None else spec.arguments[position].default
    cells[position] = [[given], [bad], [given]]
    result = officejs(spec.name, *cells)
    good = expected_cell(spec, args)
    assert result[0][0] == (good if isinstance(good, str) else pytest.approx(good, rel=1e-12))
    assert result[2][0] == result[0][0]
    assert result[1][0].startswith(f"#VALUE! {name}:"), result[1][0]
    assert shown in result[1][0]
    assert_one_line_plain(result[1][0], name)


@pytest.mark.parametrize("spec,args,position", CASES)
def test_officejs_single_bad_cell_is_value_error_with_message(officejs, spec, args, position):
    name = spec.arguments[position].name
    cells = [[[v]] for v in args]
    cells[position] = [["abc"]]
    with pytest.raises(xw.XlwingsError) as raised:
        officejs(spec.name, *cells)
    assert_one_line_plain(str(raised.value), name)


@pytest.mark.parametrize("spec,args,position", CASES)
def test_officejs_empty_required_cell_says_it_is_empty(officejs, spec, args, position):
    argument = spec.arguments[position]
    cells = [[[v]] for v in args]
    cells[position] = [[None]]
    if not argument.required:
        default = expected_cell(spec, with_value(args, position, None))
        assert officejs(spec.name, *cells) == [[default]]
        return
    with pytest.raises(xw.XlwingsError, match=f"^{argument.name}: the cell is empty"):
        officejs(spec.name, *cells)


@pytest.mark.parametrize("spec,args,position", CASES)
def test_classic_addin_shows_the_message_as_text_never_a_traceback(classic, spec, args,
                                                                   position):
    name = spec.arguments[position].name
    cells = [[[v]] for v in args]
    cells[position] = [["#DIV/0!"]]
    (cell,), = classic(spec.name, *cells)
    assert cell.startswith(f"#VALUE! {name}: the cell holds the error #DIV/0!")
    assert_one_line_plain(cell, name)


def test_rate_typed_as_whole_number_suggests_percent(officejs):
    with pytest.raises(xw.XlwingsError, match="retention_rate: 80 is not a rate between 0 and 1; "
                                               "enter 80% or 0.8"):
        officejs("CLV_PREDICTIVE", [[100]], [[80]], [[0.1]])


def test_negative_count_is_refused_with_the_value(officejs):
    with pytest.raises(xw.XlwingsError, match="purchases_per_year: -2 is not allowed; enter a "
                                               "count ≥ 0"):
        officejs("CLV_SIMPLE", [[50]], [[-2]], [[3]])


MISMATCHED = ([[50], [60]], [[6], [6], [6]], [[3]])


def test_ranges_of_different_sizes_are_one_clear_error_on_officejs(officejs):
    with pytest.raises(xw.XlwingsError, match="avg_order_value has 2×1 values but "
                                               "purchases_per_year has 3×1"):
        officejs("CLV_SIMPLE", *MISMATCHED)


def test_ranges_of_different_sizes_are_one_clear_error_in_the_classic_addin(classic):
    (cell,), = classic("CLV_SIMPLE", *MISMATCHED)
    assert cell.startswith("#VALUE! avg_order_value has 2×1 values")


def test_result_without_an_answer_spoils_only_its_row(officejs):
    result = officejs("PAYBACK_MONTHS", [[300], [300]], [[50]], [[0.05], [0.5]])
    assert result[0][0] == pytest.approx(np.log(0.7) / np.log(0.95))
    assert result[1][0].startswith("#VALUE! cac 300 is never paid back")
