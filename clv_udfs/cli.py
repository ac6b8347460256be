"""The ``clv-udfs`` command line: one sub-command per module of :mod:`clv_udfs.commands`.

Every sub-command reports problems as one line on stderr and exits with status 2; it never
prints a Python traceback at a user.
"""

import argparse
import sys

from .commands import COMMANDS
from .errors import CLVError


def build_parser():
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="clv-udfs",
        description="Customer lifetime value for Excel: templates, reports and a demo.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv=None):
    """Run ``clv-udfs`` with ``argv`` (default: the process arguments); returns the exit code."""
    args = build_parser().parse_args(argv)
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
