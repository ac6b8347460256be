"""Benchmark: an XLSX whose customer column holds ids Excel turned into dates (issue 12).

Excel makes a date of an id such as ``3-12`` when a CSV is opened and saved again; the typed
reader gives such a cell back as its date text (``2012-03-01``). The sheet (fixed seed) has
500,000 order rows (customer, date, amount) and 20,000 customers, 5,000 of them ids Excel made
dates; the baseline is the same sheet with those 5,000 ids as whole numbers. Both are read
with :func:`clv_udfs.reading.read_transactions` in this one run (best of ``--repeats``), and
the ratio is printed: the date-ids should cost about what the numbers cost (one pass over the
distinct ids, not one comparison of the whole column per distinct date).

    PYTHONPATH=. python benchmarks/bench_xlsx_date_ids.py [--rows N] [--dates N] [--repeats N]
"""

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np

from clv_udfs.reading import read_transactions


def write_sheet(path, rows, dates, as_dates):
    """``rows`` orders of 20,000 customers, the first ``dates`` of them date cells when
    ``as_dates`` (else whole numbers), to ``path``."""
    import openpyxl

    rng = np.random.default_rng(0)
    first = dt.datetime(2001, 1, 1)
    ids = [first + dt.timedelta(days=i) if as_dates and i < dates else 100000 + i
           for i in range(20_000)]
    customer = rng.integers(0, 20_000, rows)
    customer[:dates] = np.arange(dates)           # every date-id is in the data
    day = dt.datetime(2023, 1, 1)
    days = [day + dt.timedelta(days=int(d)) for d in range(365)]
    offset = rng.integers(0, 365, rows).tolist()
    amount = np.round(rng.gamma(2.0, 20.0, rows) + 1, 2).tolist()
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Orders")
    ws.append(["CustomerID", "OrderDate", "Amount"])
    for c, d, a in zip(customer.tolist(), offset, amount):
        ws.append([ids[c], days[d], a])
    book.save(path)


def best_of(repeats, path):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        read = read_transactions(path)
        times.append(time.perf_counter() - start)
    return min(times), read


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--dates", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-date-ids-") as name:
        folder = Path(name)
        numbers, dated = folder / "numbers.xlsx", folder / "dates.xlsx"
        write_sheet(numbers, args.rows, args.dates, as_dates=False)
        write_sheet(dated, args.rows, args.dates, as_dates=True)
        base, _ = best_of(args.repeats, numbers)
        ours, read = best_of(args.repeats, dated)
        turned = int(np.char.count(read.customer_ids.astype(str), "-").astype(bool).sum())
        print(f"{args.rows:,} rows, {args.dates:,} ids Excel made dates ({turned:,} rows read as "
              "date text)")
        print(f"  ids as numbers (baseline): {base:.2f} s")
        print(f"  ids as dates:              {ours:.2f} s  ({ours / base:.2f}x the baseline)")


if __name__ == "__main__":
    main()
