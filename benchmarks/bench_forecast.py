"""Benchmark: the report's forecast (holdout check of three models, refit of the chosen one on
all the data, Gamma-Gamma, predictions, interval) on its schedule (the costliest check fits
first, one per core, the refit of the model leading so far on the first core free, each pass
of a fit on many customers in two halves on the cores left free), against the same forecast
with its passes whole (the forecast before the split, ``SPLIT_ROWS`` out of reach) and on the
schedule before that (every check fit at once, the refit started once the check has chosen,
passes whole).

The data are bench_report.py's synthetic export (1,000,000 transactions of up to 200,000
customers by default, fixed seed), read and summarised as the report does, in weeks, with the
automatic calibration end. Both schedules run alternately in one process, each the best of
``--repeats`` runs, wall and CPU time (process time, all threads); the load average at start
and end is printed with them. The baselines are this checkout's forecast without the split
and, further, with :class:`Speculation` starting every task at once and no follow-up before
it is taken (:func:`all_at_once`); the script checks that all give the same choice, reason,
estimates and standard errors.

    python benchmarks/bench_forecast.py [--transactions N] [--repeats N]
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench_report import write_csv

from clv_udfs.core.forecast import automatic_calibration_end, forecast
from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.models import estimation
from clv_udfs.core.models.scheduling import Speculation
from clv_udfs.reading import read_transactions
from clv_udfs.workbooks.report.data import analyse


def report_data(transactions):
    """The customers summary and calibration/holdout split the report forecasts from."""
    with tempfile.TemporaryDirectory(prefix="bench-forecast-") as folder:
        source = Path(folder) / "orders.csv"
        write_csv(source, transactions, transactions // 5)
        read = read_transactions(source)
    customers = analyse(read, margin=0.3, cac=120).customers
    split, _ = automatic_calibration_end(read.dates.min(), customers.observation_end)
    return customers, calibration_and_holdout(read.transactions, None, None, split,
                                              customers.observation_end, customers.time_unit)


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    summary, holdout = report_data(args.transactions)
    print(f"{summary.frequency.size:,} customers, {holdout.calibration.frequency.size:,} in "
          f"the calibration period, in weeks; load {os.getloadavg()[0]:.2f}")
    fill, split = Speculation._fill, estimation.SPLIT_ROWS
    runs = {"schedule before": (all_at_once, None), "passes whole": (fill, None),
            "passes in halves": (fill, split)}
    times = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, (schedule, rows) in runs.items():
            Speculation._fill, estimation.SPLIT_ROWS = schedule, rows or float("inf")
            times[name].append(timed(summary, holdout))
    Speculation._fill, estimation.SPLIT_ROWS = fill, split
    outcomes = [[(f.chosen, f.reason, f.transactions.params_, f.transactions.standard_errors_,
                  f.spend_model.params_, f.spend_model.standard_errors_) for *_, f in runs]
                for runs in times.values()]
    same = all(o == outcomes[0][0] for runs in outcomes for o in runs)
    best = {name: (min(w for w, _, _ in r), min(c for _, c, _ in r)) for name, r in times.items()}
    for name, (wall, cpu) in best.items():
        print(f"{name:16s} {wall:6.2f} s wall  {cpu:6.2f} s CPU  (best of {args.repeats})")
    before, whole, halves = (wall for wall, _ in best.values())
    print(f"passes in halves: {whole / halves:.2f}x faster in wall time than whole, "
          f"{before / halves:.2f}x than the schedule before; chosen "
          f"{times['passes in halves'][0][2].chosen}; identical results: {same}; "
          f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
