"""Channel economics against the hand-computed figures of tests/channel_figures.py."""

import numpy as np
import pytest

from channel_figures import (
    CURVES, CUSTOMERS, MARGIN, MONTHS, ORDERS, SEGMENTS, SPEND, SPEND_BY_MONTH,
    TABLE_BY_CUSTOMERS, TABLE_BY_ORDERS, assert_row, columns,
)
from clv_udfs.core.channels import (
    channel_economics, channel_texts, check_spend, customer_channels, segment_values,
)
from clv_udfs.core.transactions import check_transactions
from clv_udfs.errors import CLVError

IDS, DATES, AMOUNTS, ORDER_CHANNELS = columns(ORDERS)
LISTED, LISTED_CHANNELS, LISTED_SEGMENTS = columns(CUSTOMERS)
TX = check_transactions(IDS, DATES, AMOUNTS)
SPENT = check_spend(*columns(SPEND))

COLUMNS = ("channel", "new_customers", "spend", "cac", "clv", "ratio", "health", "payback")


def table(economics):
    shown = [economics.shown(name) if name not in ("channel", "new_customers", "spend")
             else getattr(economics, name) for name in COLUMNS]
    return [list(row) for row in zip(*(column.tolist() for column in shown))]


def by_customers_file():
    texts = customer_channels(TX, ids=LISTED, channels=LISTED_CHANNELS)
    return channel_economics(TX, texts, SPENT, MARGIN, written=LISTED_CHANNELS)


def by_order_channels():
    texts = customer_channels(TX, order_channels=ORDER_CHANNELS)
    return channel_economics(TX, texts, SPENT, MARGIN, written=channel_texts("c", ORDER_CHANNELS))


@pytest.mark.parametrize("build, expected", [(by_customers_file, TABLE_BY_CUSTOMERS),
                                             (by_order_channels, TABLE_BY_ORDERS)])
def test_every_column_equals_the_hand_figures(build, expected):
    got = table(build())
    assert [row[0] for row in got] == [row[0] for row in expected]
    for row, want in zip(got, expected):
        assert_row(row, want, pytest.approx)


def test_cohort_curves_per_channel_equal_the_hand_figures():
    e = by_customers_file()
    assert e.curve.shape == (len(e.channel), 6)
    for name, curve in zip(e.channel.tolist(), e.curve.tolist()):
        want = [np.nan if v is None else v for v in CURVES[name]]
        assert curve == pytest.approx(want, nan_ok=True, rel=1e-9), name


def test_spend_per_channel_per_month_equals_the_lines():
    e = by_customers_file()
    assert e.months.tolist() == MONTHS
    assert {c: row for c, row in zip(e.channel.tolist(), e.spend_by_month.tolist())} == \
        SPEND_BY_MONTH


def test_segments_equal_the_hand_figures():
    texts = customer_channels(TX, ids=LISTED, channels=LISTED_SEGMENTS)
    s = segment_values(TX, texts, MARGIN)
    got = list(zip(s.segment.tolist(), s.customers.tolist(), s.revenue.tolist(), s.clv.tolist()))
    for row, want in zip(got, SEGMENTS):
        assert_row(row, want, pytest.approx)
    assert len(got) == len(SEGMENTS)


def test_segment_predicted_clv_is_the_mean_of_the_customers_with_a_prediction():
    texts = customer_channels(TX, ids=LISTED, channels=LISTED_SEGMENTS)
    # customers in order of first appearance: 1001 1006 1002 1004 1008 1003 1005 1007
    predicted = [100, 10, 20, np.nan, 5, 60, 80, 30]
    s = segment_values(TX, texts, MARGIN, predicted)
    # NL: 1001, 1003, 1005 (1004 has none) → (100 + 60 + 80) / 3; BE: (10 + 20 + 30) / 3
    assert s.predicted.tolist() == pytest.approx([80.0, 20.0, 5.0])


def test_a_customer_listed_twice_with_different_channels_is_refused():
    with pytest.raises(CLVError, match=r"channels row 3: customer 1001 is already in Search "
                                       r"\(row 1\)"):
        customer_channels(TX, ids=["1001", "1002", 1001], channels=["Search", "x", "Social"])


def test_a_spend_line_with_a_bad_month_or_amount_names_its_row():
    with pytest.raises(CLVError, match=r'spend_months row 2: "March" is not a date; use a month'):
        check_spend(["a", "b"], ["2024-01", "March"], [1, 2])
    with pytest.raises(CLVError, match="spend_amounts row 1: -5 is negative; spend is what "):
        check_spend(["a"], ["2024-01"], [-5])
    with pytest.raises(CLVError, match="spend_channels row 2: the channel is empty"):
        check_spend(["a", " "], ["2024-01", "2024-02"], [1, 2])


def test_zero_spend_lines_count_as_no_spend():
    e = channel_economics(TX, customer_channels(TX, order_channels=ORDER_CHANNELS),
                          check_spend(["Search"], ["2024-01"], [0]), MARGIN)
    assert e.shown("cac")[0] == "no spend"
    assert e.shown("cac")[-1] == "no spend"


def test_channel_predicted_clv_is_the_mean_of_its_customers_with_a_prediction():
    texts = customer_channels(TX, ids=LISTED, channels=LISTED_CHANNELS)
    # customers in order of first appearance: 1001 1006 1002 1004 1008 1003 1005 1007
    predicted = [90, 10, 30, np.nan, 7, 60, 40, np.nan]
    e = channel_economics(TX, texts, SPENT, MARGIN, written=LISTED_CHANNELS, predicted=predicted)
    # Search 1001, 1002, 1003: (90 + 30 + 60) / 3; Social 1005 only; Organic 1006 only;
    # unknown 1008; Display none; total (90 + 10 + 30 + 7 + 60 + 40) / 6
    assert e.predicted.tolist() == pytest.approx([60.0, 40.0, 10.0, 7.0, np.nan, 237 / 6],
                                                 nan_ok=True)
