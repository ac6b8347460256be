"""CLV_CHANNELS through real xlwings Office.js calls, against the hand figures of
tests/channel_figures.py (their arithmetic is written out there)."""

import datetime as dt

import pytest

from channel_figures import MARGIN, ORDERS, SPEND, TABLE_BY_ORDERS, assert_row, columns
from clv_udfs.catalog.transactions import CHANNEL_HEADER

from conftest import ERROR_CELL

EXCEL_DAY_ZERO = dt.date(1899, 12, 30)


def col(*values):
    return [[v] for v in values]


def serial(text):
    """The Excel serial number of a date (a month "2024-03" is its first day)."""
    day = dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    return (day - EXCEL_DAY_ZERO).days


def arguments(dates_as=str, spare_rows=0):
    ids, dates, amounts, channels = columns(ORDERS)
    spend_channels, months, spent = columns(SPEND)
    blank = [None] * spare_rows
    return (col(*ids, *blank), col(*map(dates_as, dates), *blank), col(*amounts, *blank),
            col(*(c or None for c in channels), *blank), col(*spend_channels, *blank),
            col(*map(dates_as, months), *blank), col(*spent, *blank), [[MARGIN]])


@pytest.mark.parametrize("dates_as", [str, serial], ids=["iso-text", "serials"])
def test_every_column_equals_the_hand_figures(officejs, dates_as):
    header, *rows = officejs("CLV_CHANNELS", *arguments(dates_as))
    assert header == CHANNEL_HEADER
    assert [row[0] for row in rows] == [row[0] for row in TABLE_BY_ORDERS]
    for row, want in zip(rows, TABLE_BY_ORDERS):
        assert_row(row, want, pytest.approx)


def test_spare_empty_rows_below_the_data_change_nothing(officejs):
    assert officejs("CLV_CHANNELS", *arguments(spare_rows=3)) == \
        officejs("CLV_CHANNELS", *arguments())


def test_a_bad_order_row_shows_its_message_in_every_value(officejs):
    ids, dates, amounts, *rest = arguments()
    amounts[2] = [-20]
    header, *rows = officejs("CLV_CHANNELS", ids, dates, amounts, *rest)
    assert rows[0][0] == "Search"
    assert all(v.startswith("#VALUE! amounts row 3: -20 is a refund") for v in rows[0][1:])


def test_a_bad_spend_line_names_its_row(officejs):
    *orders, spend_channels, months, spent, margin = arguments()
    months[1] = ["Feb"]
    with pytest.raises(Exception, match='spend_months row 2: "Feb" is not a date'):
        officejs("CLV_CHANNELS", *orders, spend_channels, months, spent, margin)


def test_an_error_cell_in_the_spend_lines_names_its_row(officejs):
    *orders, spend_channels, months, spent, margin = arguments(spare_rows=1)
    spend_channels[2] = [ERROR_CELL]
    with pytest.raises(Exception, match="spend_channels row 3: the cell holds the error #N/A"):
        officejs("CLV_CHANNELS", *orders, spend_channels, months, spent, margin)


def test_a_bad_spend_line_below_a_blank_line_keeps_its_row_number(officejs):
    *orders, spend_channels, months, spent, margin = arguments()
    blank = [[None]]
    with pytest.raises(Exception, match="spend_amounts row 3: -1 is negative"):
        officejs("CLV_CHANNELS", *orders, spend_channels[:1] + blank + [["Search"]],
                 months[:1] + blank + [["2024-05"]], spent[:1] + blank + [[-1]], margin)
