"""An export with refunds gets its forecast (issues 9.2 and 10.1): the report's automatic holdout
check takes the transactions as read, refunds netted, instead of re-reading the amounts and
stopping at the first negative one; a refund is never a holdout purchase."""

import numpy as np
import openpyxl

from clv_udfs.cli import main
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.labels import texts

WORDS = texts("en")
SPLIT, END = np.datetime64("1997-12-30"), np.datetime64("1998-06-30")   # a third held out


def test_refunds_in_the_holdout_are_netted_not_counted_and_the_forecast_is_written(tmp_path):
    ids, dates, amounts, _ = read_cdnow_sample()
    ids = np.array(["c" + i for i in ids.tolist()])
    # five early customers get a refund on a holdout day they did not buy on
    early = np.unique(ids[dates <= np.datetime64("1997-01-31")])[:5]
    day = np.datetime64("1998-03-03")
    assert not np.isin(ids[dates == day], early).any()
    rows = [f"{i},{d},{a:.2f}" for i, d, a in zip(ids.tolist(), dates.astype(str).tolist(),
                                                   amounts.tolist())]
    rows += [f"{i},{day},-1.00" for i in early.tolist()]
    path = tmp_path / "orders.csv"
    path.write_text("customer_id,date,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    assert main(["report", str(path), "-o", str(out)]) == 0
    # by hand: purchase days after the split of customers first seen by it
    first = {}
    for i, d in zip(ids.tolist(), dates.tolist()):
        first[i] = min(first.get(i, d), d)
    days = {(i, d) for i, d in zip(ids.tolist(), dates.tolist())
            if first[i] <= SPLIT < d <= END}
    ws = openpyxl.load_workbook(out, data_only=True)[WORDS["report.models.sheet"]]
    rows = list(ws.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == WORDS["report.models.col.model"])
    column = header.index(WORDS["report.models.col.actual"])
    model_rows = [r for r in rows if r[0] in ("BG/NBD", "MBG/NBD", "Pareto/NBD")][:3]
    assert [r[column] for r in model_rows] == [len(days)] * 3
