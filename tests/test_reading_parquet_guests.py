"""A Parquet export whose customer column is a number column with missing ids (how pandas
writes Online Retail's blank CustomerID: NaN, or a null): those rows are guest orders, as a
blank id is in a CSV, not bad rows."""

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clv_udfs.reading import read_transactions


@pytest.mark.parametrize("missing", [np.nan, None], ids=["NaN", "null"])
def test_missing_ids_in_a_number_column_are_guest_orders(tmp_path, missing):
    path = tmp_path / "online_retail.parquet"
    pq.write_table(pa.table({
        "InvoiceNo": ["536365", "536366", "536367", "536368"],
        "InvoiceDate": ["2010-12-01", "2010-12-01", "2010-12-02", "2010-12-03"],
        "Quantity": [6, 2, 3, 1],
        "UnitPrice": [2.55, 1.85, 4.25, 3.0],
        "CustomerID": pa.array([17850.0, missing, 13047.0, 17850.0], type=pa.float64()),
    }), path)
    read = read_transactions(path)
    assert read.report.reasons == {}
    assert read.report.guests["rows"] == 1
    assert read.report.guests["revenue"] == pytest.approx(2 * 1.85)
    assert sorted(set(read.transactions.customer_id)) == ["13047", "17850"]
