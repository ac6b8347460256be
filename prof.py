import cProfile, pstats, tempfile, pathlib, sys, time
sys.path.insert(0, "benchmarks")
from clv_udfs.reading import read_transactions
import numpy as np
folder = pathlib.Path(tempfile.mkdtemp())
from bench_reading import export_columns, HEADER
columns = export_columns(540000)
rows = columns[0]
for c in columns[1:]:
    rows = np.char.add(np.char.add(rows, ","), c)
p = folder / "r.csv"
p.write_text(",".join(HEADER) + "\n" + "\n".join(rows.tolist()) + "\n")
t=time.perf_counter(); read_transactions(p, skip_bad_rows=True); print("plain", time.perf_counter()-t)
cProfile.run("read_transactions(p, skip_bad_rows=True)", "/tmp/prof.out")
pstats.Stats("/tmp/prof.out").sort_stats("tottime").print_stats(16)
