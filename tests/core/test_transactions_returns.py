"""Refunds net into their customer (issue 9.2): the core with a checked Transactions object
and the Excel table functions' ``returns`` argument, against hand computations."""

import numpy as np
import pytest

from clv_udfs.catalog.transactions import cohort_spill, historical_table, kpi_table, rfm_table
from clv_udfs.core.kpis import kpis
from clv_udfs.core.summary import historical_clv, rfm_summary
from clv_udfs.core.transactions import check_transactions
from clv_udfs.errors import CLVError


def col(*values):
    return [[v] for v in values]


# a: 10 on 1 Jan, 20 on 15 Jan, a refund of 5 on 16 Jan (nets into 15 Jan); b: 8 on 8 Jan.
IDS = col("a", "b", "a", "a")
DATES = col("1997-01-01", "1997-01-08", "1997-01-15", "1997-01-16")
AMOUNTS = col(10, 8, 20, -5)


def test_a_checked_transactions_object_is_used_as_is_by_every_core_function():
    tx = check_transactions(["a", "b", "a", "a"], [d for (d,) in DATES], [v for (v,) in AMOUNTS],
                            returns="net")
    assert (tx.gross, tx.returns) == (38.0, 5.0)
    s = rfm_summary(tx, time_unit="D")
    assert s.frequency.tolist() == [1, 0] and s.total_spend.tolist() == [25.0, 8.0]
    assert s.monetary_value.tolist() == [15.0, 0.0]   # 20 − 5 on the repeat day
    assert s.recency.tolist() == [14.0, 0.0] and s.T.tolist() == [15.0, 8.0]
    h = historical_clv(tx, gross_margin=0.5)
    assert h.orders.tolist() == [2, 1] and h.gross_profit.tolist() == [12.5, 4.0]
    k = kpis(tx)
    assert (k.orders, k.gross_sales, k.returns, k.revenue) == (3, 38.0, 5.0, 33.0)
    assert k.average_order_value == pytest.approx(38 / 3) and k.average_clv == 16.5


def test_excel_tables_net_refunds_by_default():
    rfm = rfm_table(IDS, DATES, AMOUNTS, [["1997-01-16"]], [["D"]])
    assert rfm[1].tolist() == ["a", 1, 14.0, 15.0, 15.0, 25.0]
    assert historical_table(IDS, AMOUNTS)[1].tolist() == ["a", 2, 25.0, 25.0]
    table = dict(kpi_table(IDS, DATES, AMOUNTS)[1:].tolist())
    assert (table["orders"], table["revenue"]) == (3, 33.0)
    assert table["average order value"] == pytest.approx(38 / 3)
    cohorts = cohort_spill(IDS, DATES, AMOUNTS, [["M"]], [[False]])
    assert cohorts[1].tolist() == ["1997-01", 2, 16.5]   # (10 + 8 + 20 − 5) / 2 customers


def test_excel_tables_exclude_or_stop_on_request():
    assert historical_table(IDS, AMOUNTS, None, [["exclude"]])[1].tolist() == ["a", 2, 30.0,
                                                                                30.0]
    spoiled = historical_table(IDS, AMOUNTS, None, [["stop"]])[1].tolist()
    assert spoiled[0] == "a" and spoiled[1].startswith("#VALUE! amounts row 4: -5 is a refund")
    with pytest.raises(CLVError, match='^returns: "gross" is not a returns policy'):
        historical_table(IDS, AMOUNTS, None, [["gross"]])


def test_a_customer_whose_refunds_exceed_purchases_is_kept_with_negative_revenue():
    h = historical_clv(["a", "a"], [10, -15], returns="net")
    assert h.customer_id.tolist() == ["a"] and h.revenue.tolist() == [-5.0]
    assert np.isfinite(h.gross_profit).all()
