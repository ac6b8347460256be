"""Date parsing: Excel serials, YYYYMMDD, objects, text, formats, and the row messages."""

import datetime as dt

import numpy as np
import pytest

from clv_udfs.core.dates import parse_dates, parse_dates_masked
from clv_udfs.errors import CLVError


def text(dates):
    return np.asarray(dates).astype(str).tolist()


@pytest.mark.parametrize("serial, expected", [
    (1, "1900-01-01"), (59, "1900-02-28"), (61, "1900-03-01"), (25569, "1970-01-01"),
    (35431, "1997-01-01"), (35431.75, "1997-01-01"), (2958465, "9999-12-31"),
])
def test_excel_serials_use_the_1900_date_system(serial, expected):
    assert text(parse_dates([serial])) == [expected]


@pytest.mark.parametrize("serial", [0, -1, 60, 60.5, 2958466, 10000100, np.nan, np.inf])
def test_serials_outside_the_1900_system_and_the_fake_leap_day_are_refused(serial):
    _, ok = parse_dates_masked(np.array([serial], dtype=float))
    assert not ok[0]


def test_compact_numbers_and_text_are_yyyymmdd():
    assert text(parse_dates([19970101, "19971231", 20000229])) == [
        "1997-01-01", "1997-12-31", "2000-02-29"]
    _, ok = parse_dates_masked([19970230, 19971301, "19970132", 19970101.5])
    assert not ok.any()


def test_objects_datetime64_and_iso_text_with_a_time():
    values = [dt.date(1997, 1, 2), dt.datetime(1997, 1, 3, 23, 59), np.datetime64("1997-01-04"),
              "1997-01-05 10:30", "1997-1-6", " 1997-01-07T08:00:00 "]
    assert text(parse_dates(values)) == [f"1997-01-0{d}" for d in range(2, 8)]
    assert text(parse_dates(np.array(["1997-01-01T12:00"], dtype="datetime64[m]"))) == [
        "1997-01-01"]


def test_a_mixed_list_keeps_numbers_as_serials():
    assert text(parse_dates([35431, "1997-01-02"])) == ["1997-01-01", "1997-01-02"]


def test_text_is_never_a_serial_number():
    _, ok = parse_dates_masked(["35431", "1997-02-30", "01/02/1997", "", True, None])
    assert not ok.any()


def test_explicit_format_replaces_iso():
    assert text(parse_dates(["31-01-1997"], date_format="%d-%m-%Y")) == ["1997-01-31"]
    _, ok = parse_dates_masked(["1997-01-31", "31-13-1997"], date_format="%d-%m-%Y")
    assert not ok.any()


def test_mask_keeps_the_shape_and_marks_bad_cells_only():
    dates, ok = parse_dates_masked(np.array([[35431, 60], [0, 35432]]))
    assert ok.tolist() == [[True, False], [False, True]]
    assert text(dates) == [["1997-01-01", "NaT"], ["NaT", "1997-01-02"]]


@pytest.mark.parametrize("values, message", [
    (["1997-01-01", "31-13-2020"],
     'dates row 2: "31-13-2020" is not a date; use a date, an Excel date number or text such '
     "as 1997-01-31"),
    ([35431, 60], "dates row 2: 60 is Excel's 1900-02-29, a day that never existed; "
                  "enter a real date"),
    ([None], "dates row 1: the date is empty; enter a date"),
    ([True], "dates row 1: TRUE is a logical value, not a date; enter a date"),
])
def test_strict_variant_names_row_and_value(values, message):
    with pytest.raises(CLVError) as error:
        parse_dates(values)
    assert str(error.value) == message


def test_strict_variant_names_the_format_and_argument():
    with pytest.raises(CLVError, match=r'^order_date row 1: "1997-01-31" is not a date; use text '
                                       r'in the format "%d-%m-%Y"$'):
        parse_dates(["1997-01-31"], argument="order_date", date_format="%d-%m-%Y")
