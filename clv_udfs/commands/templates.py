"""``clv-udfs templates``: write the ready-made workbook templates."""

from pathlib import Path

from ..workbooks import build
from ..workbooks.flavours import FLAVOURS
from ..workbooks.labels import LANGUAGES
from .report import currency


def add_parser(sub):
    parser = sub.add_parser("templates", help="write the CLV workbook templates (.xlsx)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them to")
    parser.add_argument("--flavour", choices=(*FLAVOURS, "both"), default="both",
                        help="live: cells call the clv-udfs functions; portable: native Excel "
                             "only (default: both)")
    parser.add_argument("--namespace", default="",
                        help="prefix of the function names in live templates, e.g. XLWINGS for "
                             "xlwings Server (default: none, for the add-in and xlwings Lite)")
    parser.add_argument("--currency", type=currency, default="EUR",
                        help="ISO 4217 code of the amounts' currency, e.g. EUR, USD, GBP, JPY "
                             "(default EUR)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the labels")
    parser.add_argument("--every-locale", action="store_true",
                        help="write every language and currency into OUT/<lang>-<currency>/ "
                             "(how workbook_templates/ is made)")
    parser.add_argument("--force", action="store_true", help="replace existing files")
    parser.set_defaults(run=run)


def run(args):
    if args.every_locale:
        paths = build.write_every_locale(args.out, force=args.force)
    else:
        flavours = FLAVOURS if args.flavour == "both" else (args.flavour,)
        paths = build.write_templates(args.out, flavours, args.namespace, args.currency,
                                      args.lang, force=args.force)
    for path in paths:
        print(f"wrote {path}")
