"""A report stopped mid-write (issue 14.10): SIGTERM removes the temporary file and keeps the
old report; SIGKILL's leftover is named after the report and clv-udfs, and the next write of
that report removes it. A child process writes the CDNOW report and stalls in its progress
callback while the customer rows are being written, so the signal arrives mid-write."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.report import write_report

ROOT = Path(__file__).resolve().parents[2]
STALLING_WRITER = """
import sys, time
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.progress import Progress

class Stall(Progress):
    def advance(self, done, total):
        print("writing", flush=True)
        time.sleep(120)

write_report(sys.argv[1], read_cdnow_sample(), force=True, progress=Stall(enabled=False))
"""


def stalled_writer(target):
    """A child writing ``target``, returned once it is in the middle of the write."""
    child = subprocess.Popen([sys.executable, "-c", STALLING_WRITER, str(target)],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout.readline() == "writing\n"
    return child


def partials(folder, pid):
    return [p.name for p in folder.iterdir()
            if p.name.startswith(f".report.xlsx.clv-udfs-partial-{pid}-")]


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_terminated_write_leaves_the_old_report_and_no_temporary(tmp_path, number):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"last month's report")
    child = stalled_writer(target)
    assert len(partials(tmp_path, child.pid)) == 1          # mid-write: the temporary exists
    child.send_signal(number)
    assert child.wait(timeout=60) == -number                # ended as the signal asks
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]
    assert target.read_bytes() == b"last month's report"


def test_a_killed_write_leaves_a_named_file_that_the_next_write_removes(tmp_path):
    target = tmp_path / "report.xlsx"
    child = stalled_writer(target)
    child.kill()
    child.wait(timeout=60)
    leftover, = partials(tmp_path, child.pid)                # a user can tell it is ours
    alive = tmp_path / ".report.xlsx.clv-udfs-partial-1-abcd"   # pid 1 runs: not touched
    alive.write_bytes(b"")
    other = tmp_path / ".other.xlsx.clv-udfs-partial-999999999-abcd"
    other.write_bytes(b"")
    write_report(target, read_cdnow_sample())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [alive.name, other.name, "report.xlsx"])
