"""Sub-commands of ``clv-udfs``, one module each, with ``add_parser(subparsers)`` setting ``run``.

:data:`COMMANDS` names them in the order ``clv-udfs --help`` lists them. The command line
imports only the module of the command it runs (see :func:`clv_udfs.cli.build_parser`): a
report does not load the demo's catalogue of Excel functions.
"""

COMMANDS = ("demo", "docs", "templates", "report")
