"""Benchmark: the whole ``clv-udfs report`` on a synthetic export of 1,000,000 transactions.

The CSV (200,000 customers with text ids, three years of ISO dates, amounts with two decimals;
fixed seed) is written to a temporary folder, then the report command runs on it in this process:
reading, the core analysis, the BG/NBD and Gamma-Gamma fits behind the predictive columns, and
the streamed workbook. Customers buy at different rates and stop at different times, as BG/NBD
assumes; with uniform random data the fit would fail and the predictions be left out (the script
says so if they are). Prints the wall time, the report's size and the process's peak memory
(``ru_maxrss``, which includes generating the CSV).

    /work/venv/bin/python benchmarks/bench_report.py [--transactions N] [--customers N]
"""

import argparse
import contextlib
import io
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from clv_udfs.cli import main


def write_csv(path, transactions, customers, seed=0):
    """A synthetic export: customer_id,date,amount, one row per order."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.5, 1.0, customers)                     # heterogeneous purchase rates
    customer = rng.choice(customers, transactions, p=rate / rate.sum())
    first = rng.integers(0, 3 * 365, customers)
    last = np.minimum(first + rng.exponential(365.0, customers), 3 * 365 - 1)   # dropout
    day = first[customer] + (rng.random(transactions) * (last - first + 1)[customer]).astype(int)
    ids = np.char.add("C", customer.astype(str))
    days = (np.datetime64("2020-01-01") + day).astype(str)
    amounts = np.char.mod("%.2f", np.round(rng.gamma(2.0, 25.0, transactions), 2))
    rows = np.char.add(np.char.add(np.char.add(ids, ","), np.char.add(days, ",")), amounts)
    path.write_text("customer_id,date,amount\n" + "\n".join(rows.tolist()) + "\n")


def main_benchmark():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        source, out = Path(folder) / "orders.csv", Path(folder) / "report.xlsx"
        write_csv(source, args.transactions, args.customers)
        print(f"{args.transactions:,} transactions of up to {args.customers:,} customers "
              f"({source.stat().st_size / 1e6:.0f} MB CSV)")
        said = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(said):
            status = main(["report", str(source), "-o", str(out), "--margin", "0.3",
                           "--cac", "120"])
        seconds = time.perf_counter() - start
        print(said.getvalue(), end="")
        if status:
            raise SystemExit(status)
        if "left out" in said.getvalue():
            print("NOTE: the predictive columns (and their fits) are not in this timing")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB on Linux
        print(f"clv-udfs report: {seconds:.1f} s wall, report {out.stat().st_size / 1e6:.1f} MB, "
              f"peak memory {peak:,.0f} MiB")


if __name__ == "__main__":
    main_benchmark()
