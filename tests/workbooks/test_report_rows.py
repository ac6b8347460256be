"""The customers sheet's rows, written a column at a time (:mod:`.rows`), read back as exactly
the values given: every finite double unchanged to the last bit, NaN and ±inf as empty cells,
text escaped for XML and kept as text, ids that mix numbers and text each as what they are."""

import math

import numpy as np
import openpyxl

from clv_udfs.reading import ReadReport, ReadTransactions
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.data import CustomerColumn
from clv_udfs.workbooks.report.sheets import TABLE_HEADER_ROW

IDS = ['a&b<c>"d"', "tab\there", "bell\x07gone", 17850, "=1+1", "ü €", 3.5, "%s %d"]
ODD = [1e-300, 1.7976931348623157e308, -0.0, 0.1 + 0.2, math.nan, math.inf, -math.inf,
       123456789012345.67]


def test_values_come_back_exactly(tmp_path):
    n = len(IDS)
    orders = ReadTransactions(np.array(IDS, dtype=object),
                              np.array(["2024-01-01"] * n, dtype="datetime64[D]"),
                              np.arange(1.0, n + 1), ReadReport(rows=n))
    rng = np.random.default_rng(7)
    random = rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n)

    def odd_columns(data):
        return [CustomerColumn("flag", np.arange(n) % 2 == 0, None),
                CustomerColumn("odd", np.array(ODD), "number"),
                CustomerColumn("random", random, "money")]

    out = tmp_path / "r.xlsx"
    write_report(out, orders, extra_columns=odd_columns)
    ws = openpyxl.load_workbook(out)["Customers"]
    rows = list(ws.iter_rows(min_row=TABLE_HEADER_ROW + 1))
    assert [r[0].value for r in rows] == ['a&b<c>"d"', "tab\there", "bellgone", 17850, "=1+1",
                                          "ü €", 3.5, "%s %d"]
    assert [r[0].data_type for r in rows] == ["s", "s", "s", "n", "s", "s", "n", "s"]
    assert [r[-3].value for r in rows] == [True, False] * 4
    shown = [r[-2].value for r in rows]
    assert shown[:4] == ODD[:4] and shown[7] == ODD[7]
    assert shown[4:7] == [None, None, None]                     # never NaN or inf in a cell
    assert [r[-1].value for r in rows] == random.tolist()
