"""Messages that broke the cell rule once helpers' work met on main (issue 14.6/14.11): each names
an argument of the function that shows it, the value, and what is allowed — reproducers from the
seeded fuzz run (tests/excel/test_fuzz.py)."""

import datetime as dt

import pytest
import xlwings as xw

from fuzz_functions import BASES

HOLDOUT = [list(row) for row in BASES["CLV_MODEL_CHECK"][0]]
"""A CLV_HOLDOUT spill of twelve CDNOW customers (weeks), header first."""

ERROR_CELL = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}


def with_cell(row, column, value):
    table = [list(r) for r in HOLDOUT]
    table[row][column] = value
    return table


def test_model_check_on_a_range_that_is_not_a_table_names_holdout_table(officejs):
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("CLV_MODEL_CHECK", [[1.5], [2]])
    assert str(raised.value) == ("holdout_table: a range of 2 rows and 1 column is not a table; "
                                 "give the whole CLV_HOLDOUT spill, header row included")


@pytest.mark.parametrize("table,message", [
    (with_cell(3, 2, "abc"), 'holdout_table row 4 (recency): "abc" is text, not a number; '
                             "enter a number"),
    (with_cell(0, 2, 1e308), 'holdout_table (frequency): the table has no column titled '
                             '"recency …"'),
    (with_cell(5, 1, -1), "holdout_table (frequency): -1 is not allowed; enter a count ≥ 0"),
    (with_cell(2, 4, 1.5), "holdout_table (holdout repeat purchases): 1.5 is not a whole number"),
])
def test_a_bad_holdout_table_names_the_argument_the_row_and_the_column(officejs, table, message):
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("CLV_MODEL_CHECK", table)
    assert str(raised.value).startswith(message)


def test_a_model_the_calibration_columns_cannot_fit_keeps_its_row_with_the_reason(officejs):
    rows = {row[0]: row for row in officejs("CLV_MODEL_CHECK", HOLDOUT)[1:4]}
    assert isinstance(rows["BG/NBD"][1], float)
    assert rows["Pareto/NBD"][1].startswith(
        "#VALUE! holdout_table (calibration columns): Pareto/NBD fit: parameter beta")


@pytest.mark.parametrize("function,args", [
    ("CLV_HISTORICAL", ([[None]], [[dt.datetime(9999, 12, 31)]], [[0.4]])),
    ("CLV_COHORT", ([[False], [ERROR_CELL], [True]], [["1997-01-05"], ["1997-02-20"],
                                                      ["1997-02-03"]], [[10], [30], [20]])),
    ("CLV_RFM", ([[None], [None]], [["1997-01-05"], ["1997-02-20"]], [[-10], [30]])),
])
def test_rows_none_of_which_has_a_customer_id_say_so(officejs, function, args):
    """No row names a customer (one a refund): the empty table of customers was indexed."""
    try:
        cells = officejs(function, *args)
    except xw.XlwingsError as error:
        messages = [str(error)]
    else:
        messages = [c for row in cells for c in row if isinstance(c, str) and "#VALUE!" in c]
    assert messages and all("customer_ids row 1: " in m for m in messages), messages


def test_a_parameter_too_extreme_for_a_customer_is_the_params_arguments_problem(officejs):
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("GAMMAGAMMA_SPEND", [[1.7e308], [3.74], [15.44]], [[2], [0]], [[35], [0]])
    assert str(raised.value).startswith("params p: 1.7e+308 is too extreme to compute the "
                                        "expected spend")


def test_a_logical_value_as_customer_id_is_named_not_called_empty(officejs):
    cells = officejs("CLV_HISTORICAL", [["a"], [True], [None]], [[10], [20], [30]], [[0.4]])
    assert cells[-1][0] == ("#VALUE! customer_ids row 2: TRUE is not a customer id; enter text "
                            "or a number (and 1 more rows without a customer id)")


def test_retention_without_buyers_in_the_year_before_says_so_not_that_the_data_are_short(
        officejs):
    """A 0001-01-01 date stretches the span past two years with nobody buying in the year
    before the last: the mean of no customers was taken (a warning) and the message claimed the
    data were too short while naming a span of 737,577 days."""
    cells = officejs("CLV_KPIS", [[1000.0], ["b"], ["a"]],
                     [["2020-01-01"], ["2020-06-01"], [dt.datetime(1, 1, 1)]], [[100], [50], [30]])
    retention = dict((row[0], row[1]) for row in cells)["yearly retention rate"]
    assert retention == ("#VALUE! dates: nobody bought in the year before the last year of data "
                         "(the 365 days before 2019-06-03), so there is no one to retain; yearly "
                         "retention needs buyers in both years")


def test_customer_columns_of_different_heights_say_one_row_per_customer(officejs):
    params = [[0.243], [4.414], [0.793], [2.426]]
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("BGNBD_P_ALIVE", params, [[1], [2]], [[3], [4], [5]], [[6], [7]])
    assert str(raised.value).endswith("select ranges of the same height, one row per customer")
