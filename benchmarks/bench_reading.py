"""Benchmark: reading an Online-Retail-shaped export, and the whole report, from .csv, .xlsx
and .parquet (issue 9.5, 12.5).

The export (fixed seed) has the UCI "Online Retail" shape and size: 541,909 invoice lines
(InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country),
several lines per invoice, about 2 % cancellation invoices "C…", a quarter of the lines without
a customer id (guest orders), ids written as "17850.0". In the workbook, as in the UCI file,
invoice numbers are numbers except the cancellations' text ("C536379"), customer ids numbers
and dates real dates. Each format is read with
:func:`clv_udfs.reading.read_transactions`, then the whole ``clv-udfs report`` runs on it; the
times are printed with their ratio to the CSV (the baseline), measured in this one run. Goal:
.xlsx within 3× of .csv.

    PYTHONPATH=. python benchmarks/bench_reading.py [--lines N] [--repeats N]
"""

import argparse
import contextlib
import io
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from clv_udfs.cli import main
from clv_udfs.reading import read_transactions

HEADER = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
          "CustomerID", "Country"]


def export_columns(lines, seed=0):
    """The export's columns as numpy arrays of text (one element per invoice line)."""
    rng = np.random.default_rng(seed)
    invoices = lines // 20
    invoice = np.sort(rng.integers(0, invoices, lines))
    customers = rng.integers(12346, 18288, invoices).astype(float)
    guest = rng.random(invoices) < 0.25
    cancelled = rng.random(invoices) < 0.02
    day = np.datetime64("2010-12-01") + np.sort(rng.integers(0, 373, invoices))
    number = np.char.add(np.where(cancelled, "C", ""), (536365 + np.arange(invoices)).astype(str))
    quantity = rng.integers(1, 25, lines) * np.where(cancelled[invoice], -1, 1)
    price = np.round(rng.gamma(1.5, 2.0, lines), 2)
    price[rng.random(lines) < 0.001] = 0.0
    customer = np.where(guest, "", np.char.add(customers.astype(int).astype(str), ".0"))
    code = np.char.add("S", rng.integers(10000, 99999, lines).astype(str))
    return [number[invoice], code, np.full(lines, "WHITE HANGING HEART T-LIGHT HOLDER"),
            quantity.astype(str), np.char.add(day[invoice].astype(str), " 08:26"),
            np.char.mod("%.2f", price), customer[invoice], np.full(lines, "United Kingdom")]


def write_files(folder, lines):
    """The export as .csv, .xlsx and .parquet in ``folder``; returns their paths."""
    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = export_columns(lines)
    csv = folder / "retail.csv"
    rows = columns[0]
    for column in columns[1:]:
        rows = np.char.add(np.char.add(rows, ","), column)
    csv.write_text(",".join(HEADER) + "\n" + "\n".join(rows.tolist()) + "\n")
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(HEADER)
    quantity, price = columns[3].astype(int).tolist(), columns[5].astype(float).tolist()
    customer = [float(c) if c else None for c in columns[6].tolist()]
    dates = columns[4].astype("datetime64[s]").astype(object).tolist()
    invoice = [n if n.startswith("C") else int(n) for n in columns[0].tolist()]
    for row in zip(invoice, columns[1].tolist(), columns[2].tolist(), quantity,
                   dates, price, customer, columns[7].tolist()):
        ws.append(row)
    xlsx = folder / "retail.xlsx"
    book.save(xlsx)
    parquet = folder / "retail.parquet"
    pq.write_table(pa.table({name: column for name, column in zip(HEADER, columns)}), parquet)
    return {"csv": csv, "xlsx": xlsx, "parquet": parquet}


def timed(call):
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main_benchmark():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=541_909)
    parser.add_argument("--repeats", type=int, default=3,
                        help="rounds over the three formats, back to back; the best is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reading-") as folder:
        paths = write_files(Path(folder), args.lines)
        best, loads = {}, [os.getloadavg()[0]]
        for _ in range(args.repeats):
            for kind, path in paths.items():
                read, data = timed(lambda: read_transactions(path, skip_bad_rows=True))
                with contextlib.redirect_stdout(io.StringIO()):
                    report, code = timed(lambda: main([
                        "report", str(path), "-o", str(Path(folder) / f"{kind}.xlsx"),
                        "--force", "--skip-bad-rows", "--currency", "GBP"]))
                if code:
                    raise SystemExit(f"the report on the .{kind} file failed ({code})")
                old = best.get(kind, (read, report, data))
                best[kind] = (min(read, old[0]), min(report, old[1]), data)
            loads.append(os.getloadavg()[0])
        print(f"{args.lines:,} invoice lines; best of {args.repeats} rounds, ratio to .csv "
              f"(1-minute load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} "
              "cores):")
        base_read, base_report, _ = best["csv"]
        for kind, (read, report, data) in best.items():
            print(f"  .{kind:<8} read {read:6.2f} s ({read / base_read:4.1f}×)   "
                  f"report {report:6.2f} s ({report / base_report:4.1f}×)   "
                  f"{data.transactions.customer_id.size:,} customers, "
                  f"{data.report.guests['rows']:,} guest lines")


if __name__ == "__main__":
    main_benchmark()
