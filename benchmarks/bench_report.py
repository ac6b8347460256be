"""Benchmark: the whole ``clv-udfs report`` on a synthetic export of 1,000,000 (or 10,000,000)
transactions.

The CSV (one customer per five transactions with text ids, three years of ISO dates, amounts
with two decimals; fixed seed) is written to a temporary folder in blocks of a million rows,
then the report command runs on it in a fresh process: reading, the core analysis, the BG/NBD
and Gamma-Gamma fits behind the predictive columns, and the streamed workbook (past Excel's
1,048,576 rows, the top customers and the companion CSV of all of them). Customers buy at
different rates and stop at different times, as BG/NBD assumes; with uniform random data the
fit would fail and the predictions be left out (the script says so if they are).

Prints the command's wall time (its imports included: the CLI imports a command's modules when
it runs) and that of its stages (reading; analysing, the fits included; writing the customer
rows), the report's size and the command's peak memory: the child process's own high-water
mark (``VmHWM``), not its ``ru_maxrss``, which a forked child inherits from its parent (the CSV
generation here peaks at ~700 MiB, which that figure used to report at 1M transactions). The
child imports the clv_udfs of this checkout, whatever is installed, compiled to bytecode first
(into its ``__pycache__`` folders) as an installed package is: with ``PYTHONDONTWRITEBYTECODE``
set, every run would otherwise compile its ~65 modules, ~0.2 s that no user pays. (Not into a
``PYTHONPYCACHEPREFIX`` folder: the child would then look there for numpy's, scipy's and
pyarrow's bytecode too, and compile all of it, seconds, in its first run.) Goal (issue 12): 1M transactions in ≤ 3 s and ≤ 400 MiB; 10M under 4 GiB.

With ``--profile N`` the command runs under cProfile and the N functions of clv_udfs with the
most cumulative time (imports included) are printed after the figures; profiling slows the
run somewhat. With ``--baseline REVISION`` the clv_udfs of that git revision runs too, on the
same CSV, alternating with this checkout ``--repeats`` times, and the ratio of the best times
is printed: a shared machine's load moves both alike. With several runs each, the median wall
time and the highest peak memory are printed beside the best run's figures.

    python benchmarks/bench_report.py [--transactions N] [--customers N] [--profile N]
                                      [--baseline REVISION] [--repeats N]
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

BLOCK = 1_000_000
COMMAND = """
import cProfile, io, pstats, sys, time
profile = cProfile.Profile() if int(sys.argv[4]) else None
profile and profile.enable()
start = time.perf_counter()
from clv_udfs.cli import main
from clv_udfs.workbooks.report.progress import Progress
stages, shown = [], Progress.stage
def stage(self, name):   # the report's stages, timed
    stages.append((name, time.perf_counter()))
    shown(self, name)
Progress.stage = stage
status = main(["report", sys.argv[1], "-o", sys.argv[2], "--margin", "0.3", "--cac", "120",
               "--max-rows", sys.argv[3]])
profile and profile.disable()
end = time.perf_counter()
ends = [at for _, at in stages[1:]] + [end]
print("stages: " + ", ".join(f"{name} {stop - at:.1f} s"
                            for (name, at), stop in zip(stages, ends)))
print(f"SECONDS {end - start:.2f}")
try:      # this process's own high-water mark: ru_maxrss would count the parent's, inherited
    with open("/proc/self/status") as status_file:
        peak = next(int(line.split()[1]) for line in status_file if line.startswith("VmHWM"))
except OSError:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"PEAK {peak / 1024:.0f}")
if profile:
    shown = io.StringIO()
    pstats.Stats(profile, stream=shown).sort_stats("cumulative").print_stats(
        "clv_udfs", int(sys.argv[4]))
    print("PROFILE" + shown.getvalue().split("ncalls", 1)[-1])
sys.exit(status)
"""
ROOT = Path(__file__).resolve().parents[1]   # the child imports this checkout's clv_udfs


def write_csv(path, transactions, customers, seed=0):
    """A synthetic export: customer_id,date,amount, one row per order, written in blocks."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.5, 1.0, customers)                     # heterogeneous purchase rates
    first = rng.integers(0, 3 * 365, customers)
    last = np.minimum(first + rng.exponential(365.0, customers), 3 * 365 - 1)   # dropout
    with open(path, "w") as handle:
        handle.write("customer_id,date,amount\n")
        for size in np.diff(np.r_[0:transactions:BLOCK, transactions]):
            customer = rng.choice(customers, size, p=rate / rate.sum())
            day = first[customer] + (rng.random(size) * (last - first + 1)[customer]).astype(int)
            ids = np.char.add("C", customer.astype(str))
            days = (np.datetime64("2020-01-01") + day).astype(str)
            amounts = np.char.mod("%.2f", np.round(rng.gamma(2.0, 25.0, size), 2))
            rows = np.char.add(np.char.add(np.char.add(ids, ","), np.char.add(days, ",")),
                               amounts)
            handle.write("\n".join(rows.tolist()) + "\n")


def compiled(tree):
    """The environment of a child that imports the clv_udfs of ``tree``, compiled into its
    ``__pycache__`` folders first (as an installed package is)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(tree) / "clv_udfs")],
                   check=True, env=env)
    return env


def baseline_tree(revision, folder):
    """The clv_udfs of git ``revision`` of this checkout, unpacked into ``folder``/baseline."""
    tree = Path(folder) / "baseline"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "clv_udfs"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def run_report(env, source, out, max_rows, profile):
    """One report in a fresh process: ``(seconds, peak MiB, what it said, its profile)``."""
    child = subprocess.run([sys.executable, "-c", COMMAND, str(source), str(out),
                            str(max_rows), str(profile)],
                           capture_output=True, text=True, cwd=source.parent, env=env)
    said, _, profiled = child.stdout.replace("\r", "").partition("PROFILE")
    if child.returncode:
        print(said, child.stderr)
        raise SystemExit(child.returncode)
    seconds = float(said.rsplit("SECONDS ", 1)[1].split()[0])
    peak = float(said.rsplit("PEAK ", 1)[1])
    return seconds, peak, said.rsplit("SECONDS ", 1)[0], profiled


def main_benchmark():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, help="default: transactions / 5")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N clv_udfs functions with the most cumulative time")
    parser.add_argument("--baseline", metavar="REVISION",
                        help="also run the clv_udfs of this git revision, alternating with "
                             "this checkout, and print the ratio of the best times")
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs of each; the best is shown, with the median and the "
                             "highest peak memory")
    args = parser.parse_args()
    customers = args.customers or args.transactions // 5
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        source = Path(folder) / "orders.csv"
        write_csv(source, args.transactions, customers)
        print(f"{args.transactions:,} transactions of up to {customers:,} customers "
              f"({source.stat().st_size / 1e6:.0f} MB CSV)")
        trees = {"this checkout": compiled(ROOT)}
        if args.baseline:
            trees = {f"baseline {args.baseline}": compiled(
                baseline_tree(args.baseline, folder)), **trees}
        best, walls, peaks, loads = {}, {}, {}, [os.getloadavg()[0]]
        outs = {name: Path(folder) / f"report{i}.xlsx" for i, name in enumerate(trees)}
        for _ in range(args.repeats):
            for name, env in trees.items():
                for old_output in Path(folder).glob(f"{outs[name].stem}.*"):
                    old_output.unlink()
                run = run_report(env, source, outs[name], max(args.transactions, 1),
                                 args.profile)
                best[name] = min(best.get(name, run), run, key=lambda r: r[0])
                walls.setdefault(name, []).append(run[0])
                peaks[name] = max(peaks.get(name, 0.0), run[1])
                loads.append(os.getloadavg()[0])
        for name, (seconds, peak, said, profile) in best.items():
            if len(trees) > 1:
                print(f"{name}:")
            print(said, end="")
            if "left out" in said:
                print("NOTE: the predictive columns (and their fits) are not in this timing")
            companions = Path(folder).glob(f"{outs[name].stem}.customers.*")
            extra = "".join(f", {p.name} {p.stat().st_size / 1e6:.1f} MB" for p in companions)
            spread = (f" (best of {args.repeats}; median {np.median(walls[name]):.1f} s, "
                      f"highest peak {peaks[name]:,.0f} MiB)" if args.repeats > 1 else "")
            print(f"clv-udfs report: {seconds:.1f} s wall (imports included), report "
                  f"{outs[name].stat().st_size / 1e6:.1f} MB{extra}, peak memory "
                  f"{peak:,.0f} MiB{spread}")
            if profile:
                print(f"\nwhere the time goes (cumulative seconds, under cProfile):\n   ncalls"
                      + profile, end="")
        if len(trees) > 1:
            (_, (old, *_)), (_, (new, *_)) = best.items()
            print(f"ratio baseline / this checkout: {old / new:.2f}× (best of {args.repeats} "
                  f"each, alternating; 1-minute load average {min(loads):.1f}–{max(loads):.1f} "
                  f"on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main_benchmark()
