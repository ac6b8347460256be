"""Benchmark: clv_udfs' rfm_summary against lifetimes' summary_data_from_transaction_data.

Two data sets: a synthetic one (1,000,000 transactions of 200,000 customers over three years,
fixed seed) and CDNOW_master (69,659 transactions of 23,570 customers, read from
``../shared/data/CDNOW_master.txt`` next to the repository, or the path in ``$CDNOW_MASTER``).
Both libraries get ready-made inputs (numpy arrays; a pandas DataFrame) so only the summary is
timed, best of ``--repeat`` runs. The summaries are compared customer by customer: frequency
exactly, recency, T and monetary value to 1e-9 (lifetimes with ``freq="D"``; clv_udfs with
``time_unit="D"``, the same day-level convention).

Run it with the benchmark environment, which has lifetimes 0.11.3 and its old pandas::

    /work/benchvenv/bin/python benchmarks/bench_rfm.py [--repeat 3]

(``/work/benchvenv``: ``python3 -m venv /work/benchvenv``, then ``pip install lifetimes==0.11.3
numpy scipy openpyxl`` and ``pip install -e . --no-deps``.)
"""

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

from clv_udfs.core.dates import parse_dates
from clv_udfs.core.summary import rfm_summary

CDNOW_MASTER = Path(os.environ.get(
    "CDNOW_MASTER", Path(__file__).resolve().parents[2] / "shared" / "data" / "CDNOW_master.txt"))


def synthetic(transactions=1_000_000, customers=200_000, seed=0):
    """Customer ids, dates and amounts of a synthetic transaction log."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, customers, transactions)
    dates = np.datetime64("2020-01-01") + rng.integers(0, 3 * 365, transactions)
    amounts = np.round(rng.gamma(2.0, 25.0, transactions), 2)
    return ids, dates, amounts


def cdnow_master():
    """Customer ids (master_id), dates and dollar values of CDNOW_master."""
    table = np.loadtxt(CDNOW_MASTER, skiprows=1, usecols=(0, 1, 3))   # id date cds dollars
    return table[:, 0].astype(np.int64), parse_dates(table[:, 1]), table[:, 2]


def best_time(run, repeat):
    """Shortest wall time of ``repeat`` runs, and the last result."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def compare(name, ids, dates, amounts, repeat):
    """Time both summaries of one data set, check they agree, print one line."""
    end = dates.max()
    frame = pd.DataFrame({"id": ids, "date": dates.astype("datetime64[ns]"), "amount": amounts})
    ours_time, ours = best_time(
        lambda: rfm_summary(ids, dates, amounts, observation_end=end, time_unit="D"), repeat)
    theirs_time, theirs = best_time(
        lambda: summary_data_from_transaction_data(
            frame, "id", "date", monetary_value_col="amount",
            observation_period_end=pd.Timestamp(end), freq="D"), repeat)
    order = np.argsort(ours.customer_id)
    assert np.array_equal(ours.customer_id[order], theirs.index.to_numpy())
    assert np.array_equal(ours.frequency[order], theirs["frequency"].to_numpy())
    for ours_column, their_column in (("recency", "recency"), ("T", "T"),
                                      ("monetary_value", "monetary_value")):
        np.testing.assert_allclose(getattr(ours, ours_column)[order],
                                   theirs[their_column].to_numpy(), rtol=0, atol=1e-9)
    print(f"{name:>10}: {ids.size:>9,} transactions, {len(ours):>7,} customers | clv_udfs "
          f"{ours_time:7.3f} s | lifetimes {theirs_time:7.3f} s | {theirs_time / ours_time:5.1f}× "
          "faster | summaries identical")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    args = parser.parse_args()
    compare("synthetic", *synthetic(), repeat=args.repeat)
    compare("CDNOW", *cdnow_master(), repeat=args.repeat)


if __name__ == "__main__":
    main()
