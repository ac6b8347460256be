"""``clv-udfs demo``: worked examples of every function, then the sample workbooks.

The README's main job: prints one literature example per Excel function (computed by the code
the Excel functions call), writes the templates into ``OUT/templates`` and a customer report of
the bundled CDNOW sample, with BG/NBD and Gamma-Gamma predictions, to ``OUT/cdnow-report.xlsx``.
"""

from pathlib import Path

from .. import catalog
from ..cells import call
from ..sample import read_cdnow_sample
from ..workbooks import write_templates
from ..workbooks.report import write_report
from ..workbooks.report.predictions import Predictions
from ..workbooks.report.sentences import translated

MARGIN, CAC = 0.3, 20.0


def add_parser(sub):
    parser = sub.add_parser("demo", help="show worked examples and write sample workbooks")
    parser.add_argument("--out", type=Path, default=Path("demo-output"),
                        help="folder for the sample workbooks (default: demo-output)")
    parser.add_argument("--force", action="store_true",
                        help="replace workbooks left there by an earlier demo")
    parser.set_defaults(run=run)


def worked_examples():
    """Lines ``=CLV_SIMPLE(50, 6, 3) → 900.00  (source)``, one per function with an example."""
    lines = []
    for spec in catalog.FUNCTIONS.values():
        if not spec.examples:
            continue
        example = spec.examples[0]
        cells = call(spec, [[[a]] for a in example.args]
                     + [[[None]] for _ in spec.arguments[len(example.args):]])
        value = cells[0][0]
        text = value if isinstance(value, str) else f"{value:,.2f}"
        lines.append(f"  {example.call_text(spec.name)} → {text}    ({example.source})")
    return lines


def run(args):
    print("Worked examples (each computed by the same code the Excel functions call):")
    print("\n".join(worked_examples()))
    templates = write_templates(args.out / "templates", force=args.force)
    print(f"\nTemplates ({len(templates)} files, live and portable) in {args.out / 'templates'}:")
    for path in templates:
        print(f"  {path}")
    report = args.out / "cdnow-report.xlsx"
    sample = read_cdnow_sample()
    predictions = Predictions(horizon_months=12, monthly_discount_rate=0.01,
                              transactions=sample)
    data = write_report(report, sample, margin=MARGIN, cac=CAC,
                        source="CDNOW sample (Fader, Hardie & Lee 2005)",
                        extra_columns=predictions, force=args.force,
                        extra_sheets=predictions.sheets)
    print(f"\nReport of the CDNOW sample ({data.kpis.customers:,} customers, "
          f"{data.kpis.orders:,} orders, margin {MARGIN:.0%}, CAC {CAC:g}): {report}")
    if predictions.skipped:
        print(f"  predictive columns left out: {translated(predictions.skipped, 'en')}")
        return
    bg, gg = predictions.models
    print(f"  {predictions.forecast.chosen} on all 78 weeks: " + ", ".join(f"{k} = {v:.3f}" for k, v in bg.params_.items())
          + "; Gamma-Gamma: " + ", ".join(f"{k} = {v:.2f}" for k, v in gg.params_.items()))
