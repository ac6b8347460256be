"""Benchmark: the forecast's predictions after the fits (P(alive), the horizon's purchases, the
12-month CLV and its 90% interval) from one pass over the distinct customer histories, against
each of them from the model's own method, one after another, as the forecast computed them
before (each computed P(alive) again, and the interval its own CLV).

The data are bench_report.py's synthetic export (1,000,000 transactions by default), read,
summarised and forecast as the report does; the chosen model and Gamma-Gamma are then taken
as fitted. Both ways run alternately in one process, each the best of ``--repeats`` runs, in a
fresh memory of factorisations holding what the refit left there (the customers' distinct
histories). The Gamma-Gamma spend and its slopes are counted on both sides, though the forecast
computes them beside the refit. The script checks that every customer's numbers are the same,
bit for bit; the load average at start and end is printed with the times.

    python benchmarks/bench_predictions.py [--transactions N] [--repeats N]
"""

import os
import time

import numpy as np
from bench_forecast import benchmark_data

from clv_udfs.core.forecast import forecast, predictions
from clv_udfs.core.models import expected_clv
from clv_udfs.core.models.inputs import factorise, remembered_factorisations
from clv_udfs.core.models.uncertainty import clv_interval, fit_covariance, spend_slopes
from clv_udfs.core.time_units import convert

MARGIN, RATE, MONTHS = 0.3, 0.01, 12


def one_by_one(model, spend_model, summary):
    """Each output from the model's own method."""
    x, t_x, T, m = summary.frequency, summary.recency, summary.T, summary.monetary_value
    spend = spend_model.conditional_expected_average_profit(x, m)
    alive = model.conditional_probability_alive(x, t_x, T)
    purchases = model.conditional_expected_number_of_purchases_up_to_time(
        convert(MONTHS, "M", summary.time_unit), x, t_x, T)
    clv = expected_clv(model, x, t_x, T, summary.time_unit, spend, MARGIN, RATE, MONTHS, "M")
    interval = clv_interval(model, fit_covariance(model), x, t_x, T, None, MARGIN, RATE, MONTHS,
                            spend_fit=(spend_model, fit_covariance(spend_model), m))
    return alive, purchases, clv, interval


def one_pass(model, spend_model, summary):
    """The forecast's way: each distinct history once, P(alive) once for all four."""
    x, t_x, T, m = summary.frequency, summary.recency, summary.T, summary.monetary_value
    spending = spend_slopes(spend_model, x, m)
    return predictions(model, spend_model, spending, x, t_x, T, MARGIN, RATE, MONTHS)[:4]


def timed(way, model, spend_model, summary):
    """(seconds, results) of ``way`` in a memory holding the refit's factorisation."""
    x, t_x, T = summary.frequency, summary.recency, summary.T
    with remembered_factorisations(), np.errstate(all="ignore"):
        factorise([x, t_x, T])
        start = time.perf_counter()
        results = way(model, spend_model, summary)
        return time.perf_counter() - start, results


def main():
    args, summary, holdout = benchmark_data(__doc__.splitlines()[0], 7)
    f = forecast(summary, MARGIN, RATE, MONTHS, holdout)
    print(f"{summary.frequency.size:,} customers, {f.chosen} chosen; "
          f"load {os.getloadavg()[0]:.2f}")
    runs = {"one by one": [], "one pass": []}
    for _ in range(args.repeats):
        for name, way in (("one by one", one_by_one), ("one pass", one_pass)):
            runs[name].append(timed(way, f.transactions, f.spend_model, summary))
    (_, before), (_, after) = runs["one by one"][0], runs["one pass"][0]
    same = all(np.array_equal(a, b) for a, b in zip(before[:3], after[:3])) and all(
        np.array_equal(getattr(before[3], end), getattr(after[3], end))
        for end in ("lower", "upper"))
    best = {name: min(seconds for seconds, _ in r) for name, r in runs.items()}
    for name, seconds in best.items():
        print(f"{name:12s} {1000 * seconds:7.1f} ms  (best of {args.repeats})")
    print(f"one pass: {best['one by one'] / best['one pass']:.2f}x faster; every customer's "
          f"numbers identical: {same}; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
