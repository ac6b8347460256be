"""The ``clv-udfs`` command line: one sub-command per module of :mod:`clv_udfs.commands`.

Every sub-command reports problems as one line on stderr and exits with status 2; it never
prints a Python traceback at a user.
"""

import argparse
import importlib
import sys

from .commands import COMMANDS
from .errors import CLVError


def build_parser(argv=None):
    """The argument parser with the sub-command ``argv`` names registered, or every one (for
    ``--help``, a mistyped command or no ``argv``): a command's module is imported only when
    it is registered, so running one command does not pay for importing the others.

    >>> build_parser(["docs", "--force"]).parse_args(["docs", "--force"]).force
    True
    """
    parser = argparse.ArgumentParser(
        prog="clv-udfs",
        description="Customer lifetime value for Excel: templates, reports and a demo.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = next((a for a in argv or () if not a.startswith("-")), None)
    for name in (named,) if named in COMMANDS else COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").add_parser(sub)
    return parser


def main(argv=None):
    """Run ``clv-udfs`` with ``argv`` (default: the process arguments); returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    try:
        return args.run(args) or 0
    except CLVError as error:
        print(f"clv-udfs {args.command}: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a disk, permission or path problem the command did not foresee
        where = f"{error.filename}: " if error.filename else ""
        print(f"clv-udfs {args.command}: {where}{error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("clv-udfs: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
