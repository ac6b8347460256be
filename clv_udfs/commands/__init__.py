"""Sub-commands of ``clv-udfs``; each module has ``add_parser(subparsers)`` setting ``run``."""

from . import demo, docs, templates

COMMANDS = (demo, docs, templates)
