"""The command line imports only what the command it runs needs (issue 12: 1.9 s of a report's
13.5 s was importing the demo's catalogue and scipy.stats)."""

import subprocess
import sys
from pathlib import Path

import pytest


def imported_after(code):
    """The clv_udfs and scipy modules a fresh interpreter has loaded after running ``code``."""
    shown = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True).stdout.split()
    return set(shown)


def test_parsing_a_report_does_not_import_the_other_commands_or_scipy_stats():
    loaded = imported_after("from clv_udfs.cli import build_parser\n"
                            "argv = ['report', 'orders.csv', '-o', 'report.xlsx']\n"
                            "build_parser(argv).parse_args(argv)")
    assert "clv_udfs.commands.report" in loaded
    assert not {"clv_udfs.commands.demo", "clv_udfs.commands.docs",
                "clv_udfs.commands.templates"} & loaded
    assert "scipy.stats" not in loaded


@pytest.mark.parametrize("argv", [["--help"], ["reprt"]])
def test_help_and_a_mistyped_command_still_list_every_command(argv, capsys):
    from clv_udfs.cli import main
    with pytest.raises(SystemExit):
        main(argv)
    said = capsys.readouterr()
    listed = said.out + said.err
    assert all(name in listed for name in ("demo", "docs", "templates", "report"))


def test_the_models_scipy_is_imported_on_a_thread_while_the_orders_are_read(tmp_path):
    """Parsing a report's arguments loads no scipy; running it, scipy arrives while the orders
    are still being read (the read here waits for it, up to a minute), so by another thread."""
    loaded = imported_after("from clv_udfs.cli import build_parser\n"
                            "argv = ['report', 'orders.csv', '-o', 'report.xlsx']\n"
                            "build_parser(argv).parse_args(argv)")
    assert not {"scipy.optimize", "scipy.special", "clv_udfs.core.forecast"} & loaded
    code = f"""
import sys, threading, time
class Spy:   # says which thread imports scipy.optimize
    def find_spec(self, name, path=None, target=None):
        if name == "scipy.optimize":
            print("on the main thread:", threading.current_thread() is threading.main_thread())
sys.meta_path.insert(0, Spy())
from clv_udfs.commands import report
read = report.read_transactions
def waiting(*args, **kwargs):
    deadline = time.monotonic() + 60
    while "scipy.optimize" not in sys.modules and time.monotonic() < deadline:
        time.sleep(0.01)
    print("scipy during the read:", "scipy.optimize" in sys.modules)
    return read(*args, **kwargs)
report.read_transactions = waiting
from clv_udfs.cli import main
main(["report", r"{Path(__file__).parent / 'data' / 'transactions_nl.csv'}", "-o",
      r"{tmp_path / 'r.xlsx'}",
      "--date-format", "%d-%m-%Y", "--skip-bad-rows"])
"""
    said = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout
    assert "scipy during the read: True" in said
    assert "on the main thread: False" in said and "on the main thread: True" not in said


def test_a_failed_import_on_the_reading_thread_says_nothing_there(capsys):
    """The main thread imports the module again when it needs it and reports a failure
    itself, so the reading thread's attempt stays silent."""
    from clv_udfs.commands.report import _import_quietly
    assert _import_quietly("clv_udfs.no_such_module") is None
    assert capsys.readouterr() == ("", "")
