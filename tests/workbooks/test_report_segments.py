"""The segments sheet's shares."""

import openpyxl

from clv_udfs.cli import main


def test_segments_without_revenue_show_no_share_in_total_either(tmp_path):
    """A refund that cancels the only sale leaves revenue 0: a share of 0 is no number, so the
    total row leaves it blank like the segment rows instead of claiming 100 %."""
    orders = tmp_path / "zero.csv"
    orders.write_text("customer_id,date,amount\nA,2024-01-01,10\nA,2024-01-05,-10\n"
                      "B,2024-01-03,0\n", encoding="utf-8")
    out = tmp_path / "zero.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--no-predictions"]) == 0
    rows = [row for row in openpyxl.load_workbook(out)["Segments"].iter_rows(values_only=True)
            if row[0] in ("A", "Total")]
    assert [row[:5] for row in rows] == [("A", 2, 1, 0, None), ("Total", 2, 1, 0, None)]
