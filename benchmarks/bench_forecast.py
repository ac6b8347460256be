"""Benchmark: the report's forecast (holdout check of three models, refit of the chosen one on
all the data, Gamma-Gamma, predictions, interval) on its schedule (the costliest check fits
first, one per core, the refit of the model leading so far on the first core free), against
the same forecast on the schedule before (every check fit at once, the refit started once
the check has chosen).

The data are bench_report.py's synthetic export (1,000,000 transactions of up to 200,000
customers by default, fixed seed), read and summarised as the report does, in weeks, with the
automatic calibration end. Both schedules run alternately in one process, each the best of
``--repeats`` runs, wall and CPU time (process time, all threads); the load average at start
and end is printed with them. The baseline is this checkout's forecast with
:class:`Speculation` starting every task at once and no follow-up before it is taken
(:func:`all_at_once`); the script checks that both give the same choice, reason, estimates
and standard errors.

    python benchmarks/bench_forecast.py [--transactions N] [--repeats N]
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench_report import write_csv

from clv_udfs.core.forecast import forecast
from clv_udfs.core.models.scheduling import Speculation
from clv_udfs.reading import read_transactions
from clv_udfs.workbooks.report.data import analyse
from clv_udfs.workbooks.report.predictions import Predictions


def report_data(transactions):
    """The customers summary and calibration/holdout split the report forecasts from."""
    with tempfile.TemporaryDirectory(prefix="bench-forecast-") as folder:
        source = Path(folder) / "orders.csv"
        write_csv(source, transactions, transactions // 5)
        read = read_transactions(source)
    data = analyse(read, margin=0.3, cac=120)
    holdout, _ = Predictions(transactions=read).prepare(data.customers.time_unit)
    return data.customers, holdout


def benchmark_data(description, repeats):
    """The command line (``--transactions``, ``--repeats`` with this default) and the
    :func:`report_data` of that many transactions: ``(args, summary, holdout)``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=repeats)
    args = parser.parse_args()
    return (args, *report_data(args.transactions))


def all_at_once(speculation, waiting, running):
    """Speculation._fill of the schedule before: every task at once, no follow-up."""
    while waiting:
        k = waiting.pop(0)
        running[speculation._submit(speculation._tasks[k])] = k
    return bool(running)


def timed(summary, holdout):
    """(wall seconds, CPU seconds, forecast) of one forecast."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = forecast(summary, 0.3, 0.01, 12, holdout)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main():
    args, summary, holdout = benchmark_data(__doc__.splitlines()[0], 5)
    print(f"{summary.frequency.size:,} customers, {holdout.calibration.frequency.size:,} in "
          f"the calibration period, in weeks; load {os.getloadavg()[0]:.2f}")
    fill, runs = Speculation._fill, {"schedule before": [], "schedule now": []}
    for _ in range(args.repeats):
        for name in runs:
            Speculation._fill = fill if name == "schedule now" else all_at_once
            runs[name].append(timed(summary, holdout))
    Speculation._fill = fill
    (before, after) = ([f for *_, f in runs[name]] for name in runs)
    same = all((a.chosen, a.reason, a.transactions.params_, a.transactions.standard_errors_)
               == (b.chosen, b.reason, b.transactions.params_, b.transactions.standard_errors_)
               for a, b in zip(before, after))
    best = {name: (min(w for w, _, _ in r), min(c for _, c, _ in r)) for name, r in runs.items()}
    for name, (wall, cpu) in best.items():
        print(f"{name:16s} {wall:6.2f} s wall  {cpu:6.2f} s CPU  (best of {args.repeats})")
    (wall_before, _), (wall_after, _) = best.values()
    print(f"schedule now: {wall_before / wall_after:.2f}x faster in wall time; chosen "
          f"{after[0].chosen}; identical results: {same}; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
