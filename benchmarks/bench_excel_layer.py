"""The Excel layer against the core it wraps, on a million Excel-shaped rows (issue 12.3).

Baseline: the core function on ready numpy arrays. Measured: the whole Excel-layer call as the
classic add-in makes it (``clv_udfs.excel.NAME(*ranges)``): every argument a 2-D list of Python
values as xlwings delivers them — customer ids as floats (a number cell), dates as Excel serial
numbers (as Office.js sends them) or datetimes (the classic add-in), amounts as floats — and the
spilled table back as a 2-D list. The goal is a ratio Excel layer / core ≤ 2.

Also shown, as the floor no Python-level layer goes below: the core plus the bare reading of
its range arguments — each range's cells turned into a float array (dates: day numbers) in the
fastest way found, with no check at all (:func:`bare_read`). Reading a Python float costs about
as much as the arithmetic of a simple formula on it, so a function that does little per cell
has a floor well above 1×. The floor leaves out writing the result cells, which a layer must
also do; "with writing" adds the bare writing of the spilled table (:func:`bare_write`): for
CLV_RFM 200,000 rows of six cells. CLV_PREDICT and CLV_PREDICTIVE hand xlwings their float
array as it is, so for them it is the floor.

    python benchmarks/bench_excel_layer.py [--rows 1000000] [--repeat 3]

(from a checkout other than the editable install, ``PYTHONPATH=.``: else the installed
clv_udfs is measured).

CLV_RFM: 1,000,000 transactions of 200,000 customers over three years. CLV_PREDICT:
1,000,000 customers with BG/NBD parameters of the CDNOW fit, spend, 12 months. CLV_PREDICTIVE:
1,000,000 rows of margin and retention, one discount rate. Times are the best of ``--repeat``
rounds, each running the core, the layer and the bare reading back to back.
"""

import argparse
import datetime as dt
import operator
import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import numpy as np  # noqa: E402

from bench_unit_economics import best_of  # noqa: E402  (this folder: run as a script)
from clv_udfs import excel  # noqa: E402
from clv_udfs.catalog.transactions import rfm_header  # noqa: E402
from clv_udfs.core.models import BetaGeo  # noqa: E402
from clv_udfs.core.models.clv import expected_clv  # noqa: E402
from clv_udfs.core.summary import rfm_summary  # noqa: E402
from clv_udfs.core.unit_economics import clv_predictive  # noqa: E402

EXCEL_EPOCH = np.datetime64("1899-12-30")
BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def column(values):
    """A numpy column as xlwings hands it over: a list of one-cell rows of Python values."""
    return [[v] for v in values.tolist()]


def interleaved(repeats, *funcs):
    """The best time of each function over ``repeats`` rounds that run them one after the
    other, so that a change in the machine's load falls on all of them alike."""
    rounds = [[best_of(1, func) for func in funcs] for _ in range(repeats)]
    return [min(times) for times in zip(*rounds)]


def bare_read(ranges):
    """The least any layer must do with the range arguments: each range's cells taken one per
    row straight into a float array (dates into integer day numbers), checking nothing.

    The fastest bare reads found: ``map(itemgetter(0), rows)`` into ``np.fromiter`` is as fast
    as gathering the cells into a list first (which the layer does, to check each row has one
    cell) and makes no list; a date's ``toordinal`` goes into an int64 array faster than into
    a float one."""
    cell = operator.itemgetter(0)
    for rows in ranges:
        if isinstance(rows[0][0], dt.date):
            np.fromiter(map(dt.date.toordinal, map(cell, rows)), np.int64, len(rows))
        else:
            np.fromiter(map(cell, rows), float, len(rows))


def bare_write(header, columns):
    """The least a layer must do with a spilled table: its rows as a 2-D list of Python values
    under the header (the fastest way found: the columns stacked into one float array, then
    ``tolist``), the garbage collector running as it does in the add-in."""
    return [header, *np.column_stack(columns).tolist()]


def rfm_case(rows, rng):
    customers = rows // 5
    ids = rng.integers(10_000, 10_000 + customers, rows)
    days = rng.integers(0, 3 * 365, rows)
    dates = np.datetime64("2020-01-01") + days
    amounts = np.round(rng.gamma(2.0, 25.0, rows), 2)
    serial_cells = column((dates - EXCEL_EPOCH).astype(float))
    as_datetimes = [[dt.datetime(2020, 1, 1) + dt.timedelta(days=int(d))] for d in days]
    core = lambda: rfm_summary(ids, dates, amounts, None, "W")  # noqa: E731
    s = core()
    spilled = [s.customer_id, s.frequency, s.recency, s.T, s.monetary_value, s.total_spend]
    write = lambda: bare_write(rfm_header("W"), spilled)  # noqa: E731
    id_cells, amount_cells = column(ids.astype(float)), column(amounts)
    yield "CLV_RFM (serial dates)", core, lambda: excel.CLV_RFM(
        id_cells, serial_cells, amount_cells), [id_cells, serial_cells, amount_cells], write
    yield "CLV_RFM (datetimes)", core, lambda: excel.CLV_RFM(
        id_cells, as_datetimes, amount_cells), [id_cells, as_datetimes, amount_cells], write


def predict_case(rows, rng):
    frequency = rng.poisson(2.0, rows).astype(float)
    T = rng.uniform(10, 78, rows).round(2)
    recency = np.where(frequency > 0, (T * rng.uniform(0, 1, rows)).round(2), 0.0)
    spend = rng.gamma(5.0, 8.0, rows).round(2)
    model = BetaGeo.from_params("W", **BGNBD)
    table = [["parameter", "estimate"], *([k, v] for k, v in BGNBD.items()), ["time unit", "W"]]
    ranges = [column(frequency), column(recency), column(T), column(spend)]
    yield "CLV_PREDICT", lambda: expected_clv(
        model, frequency, recency, T, "W", spend, 0.3, 0.01, 12, "M"), \
        lambda: excel.CLV_PREDICT(table, *ranges, [[0.3]], [[0.01]]), ranges, None


def predictive_case(rows, rng):
    margin = rng.uniform(50, 150, rows)
    retention = rng.uniform(0.5, 0.95, rows)
    ranges = [column(margin), column(retention)]
    yield "CLV_PREDICTIVE", lambda: clv_predictive(margin, retention, 0.1), \
        lambda: excel.CLV_PREDICTIVE(*ranges, [[0.1]]), ranges, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    rng = np.random.default_rng(20261129)
    print(f"{'function':<24}{'core':>9}{'Excel layer':>13}{'ratio':>7}{'floor':>9}"
          f"{'floor ratio':>13}{'with writing':>14}   ({options.rows:,} rows; load average "
          f"{os.getloadavg()[0]:.1f} at start)")
    for case in (rfm_case, predict_case, predictive_case):
        for name, core, layer, ranges, write in case(options.rows, rng):
            core_time, layer_time, read_time, write_time = interleaved(
                options.repeat, core, layer, lambda: bare_read(ranges), write or (lambda: None))
            floor = core_time + read_time
            print(f"{name:<24}{core_time:>8.3f}s{layer_time:>12.3f}s"
                  f"{layer_time / core_time:>6.2f}×{floor:>8.3f}s{floor / core_time:>12.2f}×"
                  f"{(floor + write_time) / core_time:>13.2f}×")


if __name__ == "__main__":
    main()
