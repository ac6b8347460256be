"""The customers sheet's rows, written a column at a time (:mod:`.rows`), read back as exactly
the values given: every finite double unchanged to the last bit, NaN and ±inf as empty cells,
text escaped for XML and kept as text, ids that mix numbers and text each as what they are."""

import math

import numpy as np
import openpyxl
import pytest

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


@pytest.mark.parametrize("deflate", ["isal", "zlib"])
def test_a_large_sheet_deflated_fast_holds_the_same_xml(tmp_path, monkeypatch, deflate):
    """Past rows.LARGE the customers sheet is deflated at level 1 by ISA-L (zlib where isal
    has no wheel), each chunk apart on the thread that formatted it: the file has the same
    members, the sheet the very same XML as at zlib's level 6, which zipfile inflates and
    checks against its CRC, and its stored stream is exactly the pieces, in order."""
    import importlib
    import threading
    import zipfile
    import zlib

    from clv_udfs.workbooks.report import rows
    if deflate == "isal":
        pytest.importorskip("isal")
    monkeypatch.setattr(rows, "fast_zlib", importlib.import_module(
        "isal.isal_zlib" if deflate == "isal" else "zlib"))
    n = 40
    orders = ReadTransactions(np.array([f"C{i % 25}" for i in range(n)], dtype=object),
                              np.datetime64("2024-01-01") + np.arange(n) * 3,
                              np.arange(1.0, n + 1) * 1.37, ReadReport(rows=n))
    write_report(tmp_path / "slow.xlsx", orders)
    monkeypatch.setattr(rows, "LARGE", 10)
    monkeypatch.setattr(rows, "CHUNK", 7)   # several chunks, formatted ahead on two threads
    written, deflated_on = [], []
    compress, deflate_apart = rows._PieceByPiece.compress, rows._PieceByPiece.deflate
    monkeypatch.setattr(rows._PieceByPiece, "compress", lambda self, data: written.append(
        (bytes(data), compress(self, data))) or written[-1][1])
    monkeypatch.setattr(rows._PieceByPiece, "deflate", staticmethod(
        lambda data: deflated_on.append(threading.current_thread().name) or deflate_apart(data)))
    write_report(tmp_path / "fast.xlsx", orders)
    with zipfile.ZipFile(tmp_path / "slow.xlsx") as slow, \
            zipfile.ZipFile(tmp_path / "fast.xlsx") as fast:
        assert slow.namelist() == fast.namelist()
        sheet = next(name for name in fast.namelist() if name.endswith("sheet2.xml"))
        info = fast.getinfo(sheet)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert fast.read(sheet) == slow.read(sheet)
        assert fast.testzip() is None
    with open(tmp_path / "fast.xlsx", "rb") as raw:   # the member's stored Deflate stream
        raw.seek(info.header_offset + 26)
        skip = int.from_bytes(raw.read(2), "little") + int.from_bytes(raw.read(2), "little")
        raw.seek(skip, 1)
        stored = raw.read(info.compress_size)
    assert stored == b"".join(made for _, made in written) + rows._PieceByPiece.flush()
    assert len(written) == 2 + -(-25 // 7)   # head, 4 chunks of the 25 customers, tail
    assert sum(name != "MainThread" for name in deflated_on) == 4   # each chunk once, there
    assert deflated_on.count("MainThread") == 2                    # the head and the tail
    by_zlib = zlib.compressobj(1, zlib.DEFLATED, -15)   # zlib's stream of the first chunk
    first_chunk, made = written[1]
    assert (made == by_zlib.compress(first_chunk) + by_zlib.flush(zlib.Z_SYNC_FLUSH)) == (
        deflate == "zlib")   # ISA-L's stream where installed: the swap took effect
