"""``clv-udfs docs``: regenerate the function reference page."""

from pathlib import Path

from ..reference import reference_markdown
from ..writing import write_text


def add_parser(sub):
    parser = sub.add_parser("docs", help="write the function reference (docs/functions.md)")
    parser.add_argument("--out", type=Path, default=Path("docs/functions.md"),
                        help="where to write it (default: docs/functions.md)")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(run=run)


def run(args):
    write_text(args.out, reference_markdown() + "\n", force=args.force)
    print(f"wrote {args.out}")
