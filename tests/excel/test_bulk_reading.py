"""Ranges read in bulk (issue 12.3) give the same cells as reading them one cell at a time.

The Excel layer reads a column of plain numbers in a few passes at C speed, screens transaction
rows once when every row is usable, and reads a column of dates once; these tests hold each
fast path against the cell-by-cell path it stands in for and against hand calculations, in both
runtimes: the classic add-in (dates arrive as datetimes) and Office.js (xlwings Lite/Server,
through xlwings' own ``custom_functions_call``: dates arrive as serial numbers, whole numbers
as ints, error cells as error objects).
"""

import datetime as dt

import numpy as np
import pytest
import xlwings as xw
from conftest import ERROR_CELL

from clv_udfs import cells
from clv_udfs.core import dates as core_dates

MIXED_DAYS = core_dates._mixed_days
RUNTIMES = ["classic", "officejs"]

EXCEL_DAY_ZERO = dt.datetime(1899, 12, 30)


def col(values):
    return [[v] for v in values]


MIXED = {   # the same cells as each runtime hands them over
    "classic": [100.0, 50, True, "1.5", None, 0.0, 1.0, False, "#N/A", dt.datetime(2020, 1, 1),
                80.5, np.float64(20.0), 1],
    "officejs": [100.0, 50, True, "1.5", None, 0.0, 1.0, False, ERROR_CELL, 43831, 80.5, 20.0,
                 1],
}


def shown_alone(run, name, *args):
    """What a one-cell call shows: its value, or ``#VALUE!`` and the message (which Office.js
    raises as a real error)."""
    try:
        return run(name, *args)[0][0]
    except xw.XlwingsError as error:
        return cells.ERROR_PREFIX + str(error)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_a_range_read_in_bulk_shows_what_each_cell_shows_alone(request, runtime):
    run = request.getfixturevalue(runtime)
    together = run("CLV_PREDICTIVE", col(MIXED[runtime]), [[0.8]], [[0.1]])
    alone = [shown_alone(run, "CLV_PREDICTIVE", [[cell]], [[0.8]], [[0.1]])
             for cell in MIXED[runtime]]
    assert [row[0] for row in together] == alone
    # hand calculation: m (1 + d) / (1 + d - r) = 100 × 1.1 / 0.3
    assert together[0][0] == pytest.approx(100 * 1.1 / 0.3)
    assert together[2][0] == ("#VALUE! margin_per_period: TRUE is a logical value, not a number; "
                              "enter an amount (may be negative)")
    assert together[3][0].startswith('#VALUE! margin_per_period: "1.5" is text, not a number')
    assert together[4][0] == ("#VALUE! margin_per_period: the cell is empty; enter an amount "
                              "(may be negative)")
    assert together[8][0] == ("#VALUE! margin_per_period: the cell holds the error #N/A; enter "
                              "an amount (may be negative)")


@pytest.mark.parametrize("cells_in, numbers", [
    ([[0.0], [1.0], [2.5]], [0.0, 1.0, 2.5]),
    ([[0.0], [1], [True]], None),
    ([[1.0], [False]], None),
    ([[3.0], ["3"]], None),
    ([[3.0], [None]], None),
    ([[1.0, 2], [3, 4.5]], [1.0, 2.0, 3.0, 4.5]),
    ([[1.0], [2.0, 3.0]], None),
])
def test_plain_numbers_only_when_every_cell_is_a_number(cells_in, numbers):
    found = cells.plain_numbers(cells_in)
    assert (found is None) if numbers is None else found.ravel().tolist() == numbers


def _transactions(rng, rows=400, customers=50):
    ids = rng.integers(1000, 1000 + customers, rows).astype(float).tolist()
    days = rng.integers(0, 700, rows)
    dates = [dt.datetime(2021, 1, 1) + dt.timedelta(days=int(d)) for d in days]
    amounts = np.round(rng.gamma(2.0, 20.0, rows), 2).tolist()
    return ids, dates, amounts


def _serials(dates):
    return [(d - EXCEL_DAY_ZERO).days for d in dates]


def sent(runtime, values):
    """Cells as ``runtime`` hands them over: Office.js (JSON) sends a whole number as an int, a
    date as its serial number and an error cell as an error object."""
    if runtime == "classic":
        return col(values)
    return col([int(v) if isinstance(v, float) and v.is_integer()
                else (v - EXCEL_DAY_ZERO).days if isinstance(v, dt.datetime)
                else ERROR_CELL if v == "#N/A" else v for v in values])


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("refunds", [False, True])
def test_rows_screened_once_give_the_table_of_rows_screened_one_by_one(request, runtime,
                                                                       refunds):
    run = request.getfixturevalue(runtime)
    rng = np.random.default_rng(7)
    ids, dates, amounts = _transactions(rng)
    if refunds:   # refunds of customers with purchases: every row is still usable under net
        amounts[10], amounts[20] = -5.0, -12.5
    serials = _serials(dates)
    table = run("CLV_RFM", sent(runtime, ids), sent(runtime, serials), sent(runtime, amounts))
    # one extra row of a new customer with a text amount takes the row-by-row path
    spoiled = run("CLV_RFM", sent(runtime, ids + [999.0]), sent(runtime, serials + [serials[0]]),
                  sent(runtime, amounts + ["ten"]))
    assert spoiled[:-1] == table
    assert spoiled[-1][0] == 999
    assert spoiled[-1][1] == ('#VALUE! amounts row 401: "ten" is text, not a number; enter an '
                              'amount ≥ 0')


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_dates_read_once_give_the_same_table_as_text_dates(request, runtime):
    run = request.getfixturevalue(runtime)
    rng = np.random.default_rng(11)
    ids, dates, amounts = _transactions(rng)
    ids, amounts = sent(runtime, ids), sent(runtime, amounts)
    as_dates = run("CLV_RFM", ids, sent(runtime, dates), amounts)
    as_serials = run("CLV_RFM", ids, col(_serials(dates)), amounts)
    as_text = run("CLV_RFM", ids, col([d.date().isoformat() for d in dates]), amounts)
    mixed = sent(runtime, dates[:-1]) + [[dates[-1].date().isoformat()]]   # one text date
    assert as_dates == as_serials == as_text
    assert run("CLV_RFM", ids, mixed, amounts) == as_text


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_whole_number_ids_show_as_whole_numbers_and_match_their_text(request, runtime):
    run = request.getfixturevalue(runtime)
    days = [[serial] for serial in (35431, 35438, 35445)]
    spent = sent(runtime, [10.0, 20.0, 5.0])
    table = run("CLV_RFM", sent(runtime, [17850.0, "17850", 13047.0]), days, spent)
    assert [row[0] for row in table[1:]] == [17850, 13047]
    # 17850 buys on day 0 and day 7: one repeat purchase, recency 1 week, T 2 weeks
    assert table[1][1:4] == [1, 1.0, 2.0]
    numbers = run("CLV_RFM", sent(runtime, [17850.0, 17850.0, 13047.0]), days, spent)
    assert numbers == table
    assert all(type(row[0]) is int for row in numbers[1:])


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_bad_dates_among_good_ones_are_parsed_once_and_quoted_as_typed(request, runtime,
                                                                       monkeypatch):
    run = request.getfixturevalue(runtime)
    rng = np.random.default_rng(13)
    ids, dates, amounts = _transactions(rng)
    good = run("CLV_RFM", sent(runtime, ids), sent(runtime, dates), sent(runtime, amounts))
    parses = []
    monkeypatch.setattr(core_dates, "_mixed_days",
                        lambda items, fmt: parses.append(1) or MIXED_DAYS(items, fmt))
    # three new customers, each with one bad date cell: text, empty, an error
    spoiled = run("CLV_RFM", sent(runtime, ids + [7001.0, 7002.0, 7003.0]),
                  sent(runtime, dates + ["31/01/2022", None, "#N/A"]),
                  sent(runtime, amounts + [5.0, 5.0, 5.0]))
    assert len(parses) == 1
    assert spoiled[:-3] == good
    assert [row[0] for row in spoiled[-3:]] == [7001, 7002, 7003]
    assert [row[1] for row in spoiled[-3:]] == [
        '#VALUE! dates row 401: "31/01/2022" is not a date; use a date, an Excel date number '
        'or text such as 1997-01-31',
        "#VALUE! dates row 402: the date is empty; enter a date",
        "#VALUE! dates row 403: the cell holds the error #N/A; enter a date"]


@pytest.mark.parametrize("serials", [
    [61, 61.9, 35431, 2958465.5],   # every cell a serial after 1900-02-29: the bulk path
    [60.5, 61], [60, 61], [59.9, 61], [1, 61], [2958466, 61], [0.5, 61], [19970101, 35431]])
def test_a_column_of_serials_gives_what_each_serial_gives_alone(serials):
    together, ok = core_dates.parse_dates_masked(np.array(serials, dtype=float))
    alone = [core_dates.parse_dates_masked(np.array([s], dtype=float)) for s in serials]
    assert together.astype(str).tolist() == [str(dates[0]) for dates, _ in alone]
    assert ok.tolist() == [good[0] for _, good in alone]
    assert not any(good for s, good in zip(serials, ok) if 60 <= s < 61)   # Excel's 1900-02-29


def test_known_serials_by_hand():
    """Serial 61 is 1900-03-01 (after Excel's fictitious 1900-02-29), 35431 1997-01-01 and
    2958465.5 noon of 9999-12-31, the last day Excel holds: the bulk path's edges."""
    days, ok = core_dates.parse_dates_masked(np.array([61.0, 35431.0, 2958465.5]))
    assert days.astype(str).tolist() == ["1900-03-01", "1997-01-01", "9999-12-31"]
    assert ok.all()


def test_twenty_digit_ids_stay_two_customers_not_minus_two_to_the_63():
    """Loyalty-card numbers of 20 digits, which Excel stores as floats: beyond 2**53 a float no
    longer holds every whole number, so they stay numbers (as Excel shows them) instead of
    both becoming -9223372036854775808."""
    from clv_udfs import excel
    rows = excel.CLV_RFM([[12345678901234567890.0], [98765432109876543210.0]],
                         [[45000.0], [45001.0]], [[10.0], [20.0]])
    assert [row[0] for row in rows[1:]] == [12345678901234567890.0, 98765432109876543210.0]
