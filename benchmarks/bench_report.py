"""Benchmark: the whole ``clv-udfs report`` on a synthetic export of 1,000,000 transactions.

The CSV (200,000 customers with text ids, three years of ISO dates, amounts with two decimals;
fixed seed) is written to a temporary folder, then the report command runs on it in this process:
reading, the core analysis and the streamed workbook. Prints the wall time of each run, the
report's size and the process's peak memory (``ru_maxrss``, which includes generating the CSV).

    /work/venv/bin/python benchmarks/bench_report.py [--transactions N] [--customers N]
"""

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from clv_udfs.cli import main


def write_csv(path, transactions, customers, seed=0):
    """A synthetic export: customer_id,date,amount, one row per order."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("C", rng.integers(0, customers, transactions).astype(str))
    days = (np.datetime64("2020-01-01") + rng.integers(0, 3 * 365, transactions)).astype(str)
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
        start = time.perf_counter()
        status = main(["report", str(source), "-o", str(out), "--margin", "0.3", "--cac", "120"])
        seconds = time.perf_counter() - start
        if status:
            raise SystemExit(status)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB on Linux
        print(f"clv-udfs report: {seconds:.1f} s wall, report {out.stat().st_size / 1e6:.1f} MB, "
              f"peak memory {peak:,.0f} MiB")


if __name__ == "__main__":
    main_benchmark()
