"""Sub-commands of ``clv-udfs``; each module has ``add_parser(subparsers)`` setting ``run``."""

from . import demo, docs, report, templates

COMMANDS = (demo, docs, templates, report)
