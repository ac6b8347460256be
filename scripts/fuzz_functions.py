"""Seeded fuzzing of every Excel function through both runtimes: the cell rule, checked.

    python scripts/fuzz_functions.py [--calls 20000] [--seed 1]

Every catalogue function (so functions added later are covered without listing them) is called
with hostile Excel-shaped arguments — huge, tiny and negative numbers, text, a 32,767-character
cell, booleans, dates, error cells, empty cells, ranges of clashing sizes — through the classic
add-in path and through xlwings' real Office.js call path. Each call must end in cells that
show a number or a one-line message naming an argument: never NaN/inf, never a Python name or
traceback, and on Office.js a response that is valid JSON. ``tests/excel/test_fuzz.py`` runs a
few thousand of these calls in the suite; this script runs a wider sweep and prints a summary.

The module must be imported after ``XLWINGS_ON_SERVER`` is set (see tests/conftest.py); run as a
script it sets it itself.
"""

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import re
import sys
from collections import Counter

import numpy as np

if __name__ == "__main__":
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw  # noqa: E402  (after the runtime is chosen)
from xlwings import server  # noqa: E402

from clv_udfs import catalog, excel  # noqa: E402

JARGON = re.compile(r"Traceback|NoneType|\\bobject\\b|positional argument|keyword argument|"
                    r"attribute|<class|\\w+Error\\b|dtype|ndarray|numpy|\\bnan\\b|\\bNone\\b|"
                    r"\\binf\\b|__")
"""Words that give away Python internals in a message."""

LONG_TEXT = "x" * 32_767
ERROR_CELL = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
NUMBERS = (0, 1, -1, 0.5, 2, 3, 12, 52, 80, 100, 1000, 3000, 20000, 1e6, 1e9, 1e15, 1e-300, 5e-324,
           1e150, 1e300, 1.7e308, -1e308, 2.0 ** 53, 0.999999, 1.000001, 36525, 7.5)
WORDS = ("abc", "", " ", "=1+1", "17850.0", "3-12", "£12,50", "W", "M", "D", "Y", "end", "start",
         "quantile", "value", "BG/NBD", "Pareto/NBD", "weeks", "1997-01-31", "TRUE", "ünïcødé",
         "#N/A", "#DIV/0!", "#VALUE!", LONG_TEXT, "line\nbreak")
OTHERS = (None, True, False, dt.datetime(2020, 3, 1), dt.datetime(1, 1, 1),
          dt.datetime(9999, 12, 31))

CDNOW = ([[0], [0], [0], [0], [2], [0], [2], [0], [18], [0], [1], [0]],
         [[0], [0], [0], [0], [14.29], [0], [31], [0], [35.14], [0], [5.29], [0]],
         [[36], [36], [36], [35.86], [35.86], [35.86], [35.86], [35.86], [35.86], [35.86],
          [35.86], [35.86]])
"""Frequency, recency and T (weeks) of twelve CDNOW customers: the fewest rows found on which
both BG/NBD and Pareto/NBD fits converge."""

BASES = {
    "CLV_RFM": ([["a"], ["a"], ["b"], ["c"]],
                [["1997-01-01"], ["1997-01-15"], ["1997-01-08"], [35500]],
                [[10], [30], [5], [7.5]], [[None]], [["W"]]),
    "CLV_HISTORICAL": ([["a"], ["b"], ["a"]], [[100], [50], [20]], [[0.4]]),
    "CLV_COHORT": ([["a"], ["b"], ["a"]], [["1997-01-05"], ["1997-02-20"], ["1997-02-03"]],
                   [[10], [30], [20]], [["M"]], [[True]]),
    "CLV_KPIS": ([["a"], ["b"], ["a"]], [["2020-01-01"], ["2020-06-01"], ["2021-12-30"]],
                 [[100], [50], [30]]),
    "CLV_SEGMENT": ([[1500], [700], [200]], [["value"]], [[1000], [500]]),
    "CLV_HOLDOUT": ([["a"], ["a"], ["b"], ["a"], ["b"]],
                    [["1997-01-01"], ["1997-01-15"], ["1997-01-08"], [35500], ["1997-03-01"]],
                    [[10], [30], [5], [7.5], [12]], [["1997-02-01"]], [[None]], [["W"]]),
    "CLV_MODEL_CHECK": ([["customer id", "frequency (repeat purchases)", "recency (weeks)",
                          "T (weeks)", "holdout repeat purchases", "holdout length (weeks)"]]
                        + [[k, x[0], t_x[0], age[0], held, 39] for k, (x, t_x, age, held)
                           in enumerate(zip(*CDNOW, (0, 0, 1, 0, 1, 0, 2, 0, 6, 0, 1, 0)))],
                        [[None]]),
    "BGNBD_FIT": (CDNOW[0], CDNOW[1], CDNOW[2], [["W"]], [[0]]),
    "PARETO_FIT": (CDNOW[0], CDNOW[1], CDNOW[2], [["W"]], [[0]]),
    "GAMMAGAMMA_FIT": ([[0], [2], [1], [5], [3], [4]], [[0], [30], [12], [36], [20], [25]],
                       [[0]]),
    "SBG_FIT": ([[1000], [631], [468], [382], [326]], [["Y"]], [[0]]),
    "BGNBD_EXPECTED": ([[0.243], [4.414], [0.793], [2.426]], [[39]], [[2], [0]],
                       [[30.43], [0]], [[38.86], [38]]),
    "BGNBD_P_ALIVE": ([[0.243], [4.414], [0.793], [2.426]], [[2], [0]], [[30.43], [0]],
                      [[38.86], [38]]),
    "PARETO_EXPECTED": ([[0.55], [10.6], [0.61], [11.7]], [[52]], [[2], [0]], [[30.43], [0]],
                        [[38.86], [38]]),
    "PARETO_P_ALIVE": ([[0.55], [10.6], [0.61], [11.7]], [[2], [0]], [[30.43], [0]],
                       [[38.86], [38]]),
    "GAMMAGAMMA_SPEND": ([[6.25], [3.74], [15.44]], [[2], [0]], [[35], [0]]),
    "CLV_PREDICT": ([["r", 0.243], ["alpha", 4.414], ["a", 0.793], ["b", 2.426],
                     ["time unit", "W"]], [[2], [0]], [[30.43], [0]], [[38.86], [38]],
                    [[35], [20]], [[0.3]], [[0.01]], [[12]], [[None]], [[None]]),
    "SBG_SURVIVAL": ([[0.704], [1.182]], [[1], [2], [3]]),
    "SBG_RETENTION": ([[0.704], [1.182]], [[1], [2], [3]]),
    "SBG_DEL": ([[0.704], [1.182]], [[0.1], [0.2]]),
    "SBG_DERL": ([[0.704], [1.182]], [[1], [4]], [[0.1]]),
    "CLV_SBG": ([[0.704], [1.182]], [[100], [50]], [[0.1]]),
}
"""A valid call of the table functions, mutated by the fuzzer; functions without one (added
later) start from random ranges and are fuzzed all the same."""


def base_call(spec):
    """Excel-shaped arguments of a valid call: the first worked example, else BASES; optional
    arguments either leaves out (added later, like CLV_RFM's ``returns``) are empty cells."""
    if spec.examples:
        args = [[[v]] for v in spec.examples[0].args]
    else:
        args = [list(map(list, a)) for a in BASES.get(spec.name, ())]
    return args + [[[None]]] * (len(spec.arguments) - len(args)) if args else []


def hostile_cell(rng, officejs):
    pool = rng.integers(4)
    if pool == 0:
        value = float(rng.choice(NUMBERS)) * (1 if rng.random() < 0.8 else -1)
        return int(value) if value.is_integer() and abs(value) < 1e6 and rng.random() < 0.3 \
            else value
    if pool == 1:
        return str(rng.choice(WORDS))
    if pool == 2 and officejs:
        return ERROR_CELL
    return OTHERS[rng.integers(len(OTHERS))]


def hostile_range(rng, officejs, rows=None):
    """A random range: mostly one cell or a column, sometimes a row or a block."""
    shape = [(1, 1), (rows or 3, 1), (1, 3), (2, 2)][rng.choice(4, p=[0.4, 0.4, 0.1, 0.1])]
    return [[hostile_cell(rng, officejs) for _ in range(shape[1])] for _ in range(shape[0])]


def mutate(rng, spec, officejs):
    """Arguments for one call: a valid call with one or two arguments (or cells) spoiled, or
    random ranges when the function has no valid call on file."""
    args = base_call(spec)
    if not args:
        return [hostile_range(rng, officejs) for _ in spec.arguments]
    for _ in range(rng.integers(1, 3)):
        at = int(rng.integers(len(args)))
        if rng.random() < 0.5 and len(args[at]) > 1 or rng.random() < 0.3:
            cells = [list(row) for row in args[at]]
            i, j = rng.integers(len(cells)), rng.integers(len(cells[0]))
            cells[i][j] = hostile_cell(rng, officejs)
            args[at] = cells
        else:
            args[at] = hostile_range(rng, officejs, rows=len(args[at]))
    if rng.random() < 0.2:   # Office.js sends an empty single cell as null
        args[int(rng.integers(len(args)))] = None
    return args


def problems_of_message(spec, message):
    """What is wrong with a message a cell shows (an empty list if nothing)."""
    found = []
    if "\n" in message or "\r" in message:
        found.append("more than one line")
    if len(message) > 1000:
        found.append(f"{len(message)} characters long")
    found += [f"Python word {w!r}" for w in JARGON.findall(message)]
    names = [a.name for a in spec.arguments]
    if not any(name in message for name in names):
        found.append("names no argument")
    return found


def problems_of_cells(spec, result, officejs):
    """What is wrong with the cells of a result (an empty list if nothing)."""
    if not isinstance(result, list) or not result or not all(isinstance(r, list) for r in result):
        return [f"not a 2-D list of cells: {str(result)[:80]}"]
    found = []
    for row in result:
        for cell in row:
            if isinstance(cell, float) and not math.isfinite(cell):
                found.append(f"non-finite cell {cell}")
            elif isinstance(cell, dict):
                if cell.get("type") != "FormattedNumber":   # (a date is one)
                    found.append(f"error object {cell} (a NaN reached xlwings)")
            elif isinstance(cell, str) and cell.startswith("#VALUE! "):
                found += problems_of_message(spec, cell[len("#VALUE! "):])
            elif not isinstance(cell, (str, int, float, bool, dt.datetime, dt.date)) \
                    and cell is not None:
                found.append(f"cell of type {type(cell).__name__}")
    if officejs:
        try:
            json.dumps(result, allow_nan=False, default=str)
        except ValueError as error:
            found.append(f"invalid JSON response: {error}")
    return found


def call_officejs(name, args):
    payload = {"func_name": name, "args": args, "caller_address": "Sheet1!A1",
               "formula_name": name, "version": xw.__version__, "runtime": "1.4",
               "culture_info_name": "en-US", "date_format": "M/d/yyyy", "client": "Office.js"}
    return asyncio.run(server.custom_functions_call(payload, excel))


def call_classic(name, args):
    """The cells the classic add-in writes (xlwings' numpy converter: ``tolist()``)."""
    result = getattr(excel, name)(*[[[None]] if a is None else a for a in args])
    return result.tolist() if isinstance(result, np.ndarray) else result


def check_call(spec, args, officejs):
    """Run one call in one runtime; the list of problems found (empty when the cells are fine)."""
    saved = os.environ.get("XLWINGS_ON_SERVER")
    if officejs:
        os.environ["XLWINGS_ON_SERVER"] = "true"
    else:
        os.environ.pop("XLWINGS_ON_SERVER", None)
    try:
        if officejs:
            try:
                result = call_officejs(spec.name, args)
            except xw.XlwingsError as error:
                return problems_of_message(spec, str(error))
        else:
            result = call_classic(spec.name, args)
        return problems_of_cells(spec, result, officejs)
    except Exception as error:   # noqa: BLE001 — a crash is a finding, reported, not raised
        return [f"crashed: {type(error).__name__}: {str(error)[:200]}"]
    finally:
        if saved is None:
            os.environ.pop("XLWINGS_ON_SERVER", None)
        else:
            os.environ["XLWINGS_ON_SERVER"] = saved


def fuzz(calls, seed=1):
    """``calls`` seeded calls spread over every catalogue function and both runtimes.

    Returns the findings as ``[(function, runtime, arguments, problems)]``.
    """
    rng = np.random.default_rng(seed)
    names = sorted(catalog.FUNCTIONS)
    findings = []
    for k in range(calls):
        spec = catalog.FUNCTIONS[names[k % len(names)]]
        officejs = bool(k // len(names) % 2)
        args = mutate(rng, spec, officejs)
        found = check_call(spec, args, officejs)
        if found:
            findings.append((spec.name, "Office.js" if officejs else "classic", args, found))
    return findings


def shorten(value, limit=120):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    findings = fuzz(options.calls, options.seed)
    kinds = Counter((name, runtime, problem.split(":")[0][:60])
                    for name, runtime, _, found in findings for problem in found)
    for (name, runtime, problem), count in kinds.most_common():
        print(f"{count:6d}  {name} ({runtime}): {problem}")
    for name, runtime, args, found in findings[:20]:
        print(f"\n{name} ({runtime}) {shorten(args)}\n    {'; '.join(found)[:300]}")
    print(f"\n{options.calls} calls, {len(findings)} with problems")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
