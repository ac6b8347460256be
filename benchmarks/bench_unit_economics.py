"""Vectorised unit-economics functions against calling them once per row in a Python loop.

Baseline: the same core function called row by row in a Python loop, which is what a
spreadsheet-style, cell-at-a-time implementation does. The loop is timed on a sample of
``LOOP_ROWS`` rows and scaled to ``ROWS`` per row (a full million-call loop per function would
take minutes and tell nothing more). Also shown: the whole Excel-layer call (Excel-shaped 2-D
lists in and out, as xlwings delivers them) for the same ``ROWS``.

Run: ``python benchmarks/bench_unit_economics.py`` (from the project's venv).
"""

import time

import numpy as np

from clv_udfs import catalog
from clv_udfs.cells import call

ROWS = 1_000_000
LOOP_ROWS = 20_000


def inputs(spec, rows, rng):
    """Valid arguments: the first worked example's values, each row scaled by 0.9–1.0."""
    example = spec.examples[0].args
    args = {}
    for argument, value in zip(spec.arguments, example):
        if value is None:
            continue
        args[argument.name] = value if isinstance(value, str) else value * rng.uniform(
            0.9, 1.0, rows)
    return args


def best_of(repeats, func):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    rng = np.random.default_rng(20261122)
    print(f"{'function':<20}{'vectorised':>12}{'loop (est.)':>14}{'ratio':>9}"
          f"{'Excel layer':>14}   ({ROWS:,} rows; loop timed on {LOOP_ROWS:,})")
    for spec in catalog.FUNCTIONS.values():
        if spec.table or not spec.examples:
            continue
        args = inputs(spec, ROWS, rng)
        vector = best_of(3, lambda: spec.core(**args))
        sample = {k: v if isinstance(v, str) else v[:LOOP_ROWS] for k, v in args.items()}

        def loop():
            for i in range(LOOP_ROWS):
                spec.core(**{k: v if isinstance(v, str) else float(v[i])
                             for k, v in sample.items()})

        per_row = best_of(1, loop) / LOOP_ROWS
        raw = [np.asarray(v).reshape(-1, 1).tolist() if not isinstance(v, str) else [[v]]
               for v in args.values()]
        names = list(args)
        positional = [raw[names.index(a.name)] if a.name in names else [[None]]
                      for a in spec.arguments]
        excel = best_of(1, lambda: call(spec, positional))
        print(f"{spec.name:<20}{vector:>11.4f}s{per_row * ROWS:>13.2f}s"
              f"{per_row * ROWS / vector:>8.0f}×{excel:>13.2f}s")


if __name__ == "__main__":
    main()
