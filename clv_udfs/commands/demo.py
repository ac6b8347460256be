"""``clv-udfs demo``: a worked example of every function, then the sample workbooks."""

from .. import catalog
from ..cells import call


def add_parser(sub):
    parser = sub.add_parser("demo", help="show a worked example of each function")
    parser.set_defaults(run=run)


def worked_examples():
    """Lines ``CLV_SIMPLE(50, 6, 3) = 900  (source)`` for the first example of each function."""
    lines = []
    for spec in catalog.FUNCTIONS.values():
        if not spec.examples:
            continue
        example = spec.examples[0]
        value = call(spec, [[[a]] for a in example.args]
                     + [[[None]] for _ in spec.arguments[len(example.args):]])[0][0]
        text = value if isinstance(value, str) else f"{value:,.2f}"
        lines.append(f"  {example.call_text(spec.name)} → {text}    ({example.source})")
    return lines


def run(args):
    print("Worked examples (each computed by the same code the Excel functions call):")
    print("\n".join(worked_examples()))
