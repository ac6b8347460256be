"""The cell rule at the Excel boundary (issue 14, items 4, 6 and 11), in both runtimes: every
cell shows a number or one line naming the argument — never NaN/inf, never a Python name, never
a 32,767-character echo — each test built from a reproducer of the fuzzing pass.
"""

import json
import math

import numpy as np
import pytest
import xlwings as xw

from clv_udfs import catalog, cells
from clv_udfs.core.domains import QUOTE_LIMIT

from conftest import ERROR_CELL
from fuzz_functions import base_call

PYTHON_WORDS = ("NoneType", "attribute", "positional argument", "object", "Traceback", "nan",
                "inf")


def message_of(run, name, *args):
    """The message a call shows: the raised error on Office.js, the cell text in the classic
    add-in (one-cell calls)."""
    try:
        (cell,), = run(name, *args)
    except xw.XlwingsError as error:
        return str(error)
    assert isinstance(cell, str) and cell.startswith(cells.ERROR_PREFIX), cell
    return cell[len(cells.ERROR_PREFIX):]


def assert_plain(message, *names):
    words = message.replace(",", " ").replace(";", " ").split()
    assert not any(word in message for word in PYTHON_WORDS[:5]), message
    assert not any(word in words for word in PYTHON_WORDS[5:]), message
    assert "\n" not in message and len(message) <= 500, message
    assert any(name in message for name in names), message


OVERFLOWS = [  # the seven functions of issue 14.6 whose overflow showed 'NoneType'
    ("CLV_SIMPLE", (1e200, 1e200, 3)),
    ("CLV_NET", (1e200, 1e200, 3, 0.4)),
    ("CLV_AFFILIATE", (1e308, 1e308, 4)),
    ("AOV", (1e308, 1e-300)),
    ("PURCHASE_FREQUENCY", (1e308, 1e-300)),
    ("CLV_CAC_RATIO", (1e308, 1e-300)),
    ("MAX_CAC", (1e308, 1e-300)),
]


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
@pytest.mark.parametrize("name,args", OVERFLOWS, ids=[o[0] for o in OVERFLOWS])
def test_overflow_is_one_line_naming_every_argument_and_its_value(request, runtime, name, args):
    message = message_of(request.getfixturevalue(runtime), name, *[[[v]] for v in args])
    assert message.startswith("the result for ") and "beyond the largest number" in message
    for argument, value in zip(catalog.FUNCTIONS[name].arguments, args):
        assert f"{argument.name} {value:g}" in message
    assert_plain(message, *[a.name for a in catalog.FUNCTIONS[name].arguments])


def test_overflow_in_one_row_of_a_range_spoils_only_that_row(officejs):
    result = officejs("CLV_SIMPLE", [[50], [1e200]], [[6], [1e200]], [[3]])
    assert result[0] == [900.0]
    assert result[1][0].startswith("#VALUE! the result for avg_order_value 1e+200")


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
@pytest.mark.parametrize("name,args", [
    ("SBG_DERL", ([[0.704], [1.182]], [[1], [4]], None)),
    ("CLV_SBG", ([[0.704], [1.182]], [[100], [50]], None)),
    ("SBG_DEL", ([[0.704], [1.182]], None)),
], ids=["SBG_DERL", "CLV_SBG", "SBG_DEL"])
def test_an_empty_discount_cell_is_named_not_a_missing_python_argument(request, runtime, name,
                                                                       args):
    # Office.js sends the empty one-cell argument as null; the classic add-in as [[None]]
    run = request.getfixturevalue(runtime)
    given = [([[None]] if a is None and runtime == "classic" else a) for a in args]
    message = message_of(run, name, *given)
    assert message.startswith("discount_rate: the cell"), message
    assert "empty" in message
    assert_plain(message, "discount_rate")


def test_sbg_del_with_a_discount_rate_still_spills_its_column(officejs):
    header, (value,) = officejs("SBG_DEL", [[0.704], [1.182]], [[0.1]])
    assert header == ["discounted expected lifetime"] and value > 1


# --- no NaN/inf leaves a cell (issue 14.4), in both runtimes ----------------------------------

def test_nan_and_inf_in_a_table_become_messages_naming_function_row_and_values():
    def adapter(params, t):
        """A table function whose model gives NaN in one row and inf in another."""
        return np.array([["value"], [1.5], [np.nan], [np.inf]], dtype=object)

    spec = catalog.ExcelFunction("FAKE_PREDICT", adapter, adapter=adapter)
    shown = cells.call(spec, [[[3000], [20000]], [[52], [7], [1e300]]])
    assert shown[1] == [1.5]
    assert shown[2] == ["#VALUE! FAKE_PREDICT row 2 (value): no finite result for params 3000, "
                        "20000, t 7; these values are outside the range the function can "
                        "compute"]
    assert shown[3][0].startswith("#VALUE! FAKE_PREDICT row 3 (value): no finite result for "
                                  "params 3000, 20000, t 1e+300;")


def test_the_nonfinite_mask_covers_numbers_in_text_columns_and_float_arrays():
    mixed = np.array([["id", "x"], ["a", np.float64(np.nan)], [np.inf, "#VALUE! m"]],
                     dtype=object)
    plain, bad = cells.screened(mixed)
    assert bad.tolist() == [[False, False], [False, True], [True, False]]
    assert type(plain[1, 1]) is float and type(plain[2, 0]) is float   # no numpy scalars
    assert cells.screened(np.array([[1.0, -np.inf]]))[1].tolist() == [[False, True]]


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
@pytest.mark.parametrize("name,args", [
    # issue 14.1/14.4: BG/NBD with a large a, b (NaN before the guard), and a huge horizon
    ("BGNBD_EXPECTED", ([[4.41], [49.4], [3000], [20000]], [[52]], [[3]], [[40]], [[100]])),
    ("BGNBD_EXPECTED", ([[0.243], [4.414], [0.793], [2.426]], [[1e300]], [[2]], [[30]], [[38]])),
    ("BGNBD_P_ALIVE", ([[1e300], [1e-300], [1e300], [1e-300]], [[1e300]], [[1e300]], [[1e300]])),
    ("PARETO_P_ALIVE", ([[1e300], [1e-300], [1e300], [1e-300]], [[1e300]], [[1e300]], [[1e300]])),
    ("GAMMAGAMMA_SPEND", ([[6.25], [3.74], [15.44]], [[1e300]], [[1.7e308]])),
    ("CLV_SBG", ([[0.704], [1.182]], [[1.7e308]], [[0]])),
], ids=["bgnbd-large-a-b", "bgnbd-huge-t", "bgnbd-alive-extremes", "pareto-alive-extremes",
        "spend-near-max", "sbg-margin-near-max"])
def test_model_predictions_at_extremes_are_finite_numbers_or_one_line_messages(
        request, runtime, name, args):
    try:
        result = request.getfixturevalue(runtime)(name, *args)
    except xw.XlwingsError as error:
        return assert_plain(str(error), *[a.name for a in catalog.FUNCTIONS[name].arguments])
    json.dumps(result, allow_nan=False)           # what Office.js must be able to send
    for (cell,) in result[1:]:
        if isinstance(cell, str):
            assert cell.startswith(cells.ERROR_PREFIX), cell
            assert_plain(cell, *[a.name for a in catalog.FUNCTIONS[name].arguments])
        else:
            assert isinstance(cell, float) and math.isfinite(cell)


# --- messages (issue 14.11) -------------------------------------------------------------------

@pytest.mark.parametrize("runtime", ["classic", "officejs"])
def test_a_bad_model_parameter_names_the_params_argument(request, runtime):
    run = request.getfixturevalue(runtime)
    message = message_of(run, "BGNBD_P_ALIVE", [[0.243], [4.414], [0], [2.426]], [[2]], [[30]],
                         [[38]])
    assert message.startswith("params a: 0 is not allowed"), message


def test_a_bad_time_unit_row_in_a_fit_table_names_the_table_not_time_unit(officejs):
    table = [["parameter", "estimate", "standard error"], ["r", 0.243, ""], ["alpha", 4.414, ""],
             ["a", 0.793, ""], ["b", 2.426, ""], ["time unit", "fortnight", ""]]
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("BGNBD_P_ALIVE", table, [[2]], [[30]], [[38]])
    assert str(raised.value).startswith('params time unit: "fortnight" is not a time unit')


def test_functions_without_time_unit_never_speak_of_time_unit(officejs):
    no_unit = [s for s in catalog.FUNCTIONS.values()
               if "time_unit" not in [a.name for a in s.arguments] and s.name != "CLV_PREDICT"]
    table = [["r", 0.243], ["alpha", 4.414], ["a", 0.793], ["b", 2.426], ["time unit", "x"]]
    for spec in no_unit:
        args = [table] + [[[1]]] * (len(spec.arguments) - 1)
        try:
            officejs(spec.name, *args)
        except xw.XlwingsError as error:
            assert "time_unit" not in str(error), (spec.name, str(error))


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
@pytest.mark.parametrize("name,position", [("CLV_NET", 4), ("CLV_RFM", 4), ("CLV_SEGMENT", 1),
                                           ("BGNBD_FIT", 3), ("AOV", 0)])
def test_a_32767_character_cell_is_quoted_short(request, runtime, name, position):
    spec = catalog.FUNCTIONS[name]
    args = base_call(spec)
    args[position] = [["x" * 32_767]]
    message = message_of(request.getfixturevalue(runtime), name, *args)
    assert len(message) < 200 and "x" * (QUOTE_LIMIT + 1) not in message, message
    assert "(32767 characters)" in message
    assert_plain(message, spec.arguments[position].name)


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
def test_an_error_arriving_empty_in_an_optional_range_is_not_the_default(request, runtime):
    # CLV_NET(…, {20;#N/A}, 100): Office.js may send the #N/A as null, i.e. an empty cell
    run = request.getfixturevalue(runtime)
    for missing in (None, ERROR_CELL if runtime == "officejs" else "#N/A"):
        result = run("CLV_NET", [[50]], [[6]], [[3]], [[0.4]], [[20], [missing]], [[100]])
        assert result[0] == [200.0]
        assert result[1][0].startswith("#VALUE! annual_cost_to_serve: the cell "), result[1][0]


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
def test_an_optional_argument_left_empty_still_takes_its_default(request, runtime):
    run = request.getfixturevalue(runtime)
    empty = None if runtime == "officejs" else [[None]]
    assert run("CLV_NET", [[50]], [[6]], [[3]], [[0.4]], empty, [[100]]) == [[260.0]]


def test_a_gap_in_segment_cutoffs_is_refused_not_skipped(officejs):
    with pytest.raises(xw.XlwingsError, match="cutoffs row 2: the cell is empty"):
        officejs("CLV_SEGMENT", [[1500], [700], [200]], [["value"]], [[1000], [None], [500]])


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
def test_a_per_customer_overflow_names_its_customer_not_an_input_row(request, runtime):
    """Customer 1's two orders of 1e308 sum beyond the largest number; customer 2's 5 + 6 is
    11 by hand. The message names customer 1, not input row 2 (which is customer 2's)."""
    cells_shown = request.getfixturevalue(runtime)(
        "CLV_HISTORICAL", [[2.0], [2.0], [1.0], [1.0]], [[5.0], [6.0], [1e308], [1e308]])
    assert cells_shown[1][:3] == [2, 2, 11.0]
    assert cells_shown[2][2] == ("#VALUE! CLV_HISTORICAL customer 1 (revenue): no finite "
                                 "result from this customer's rows; their amounts are beyond "
                                 "the largest number a cell can hold")


@pytest.mark.parametrize("runtime", ["classic", "officejs"])
def test_an_id_exported_as_float_text_is_the_same_customer(request, runtime):
    """"123.0" (text of a float export), the number 123 and "123" are one customer: 5 + 6 + 1
    = 12 by hand; "00123" keeps its zeros and stays apart."""
    shown = request.getfixturevalue(runtime)(
        "CLV_HISTORICAL", [["123.0"], [123.0], ["123"], ["00123"]], [[5.0], [6.0], [1.0], [2.0]])
    assert [row[1:3] for row in shown[1:]] == [[3, 12.0], [1, 2.0]]
    assert shown[2][0] == "00123"
