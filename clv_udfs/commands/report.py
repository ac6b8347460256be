"""``clv-udfs report``: a customer value report (.xlsx) from a transaction export."""

import argparse
from pathlib import Path

from ..catalog.models import HORIZON_MONTHS
from ..core.domains import DISCOUNT_RATE, POSITIVE_MONEY, RATE
from ..errors import CLVError

from ..reading import read_transactions
from ..reading_channels import read_channel_inputs
from ..workbooks.labels import LANGUAGES
from ..workbooks.report import write_report
from ..workbooks.report.predictions import Predictions
from ..workbooks.report.progress import Progress
from ..workbooks.styles import CURRENCIES

_UNITS = ("D", "W", "M", "Y")


def checked(flag, domain, kind=float):
    """An argparse type: the option's text as a number the core ``domain`` allows, or an error
    naming the option, checked before any file is read."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f'"{text}" is not a number; {domain.allowed}')
        if not domain.valid(value):
            raise argparse.ArgumentTypeError(domain.message(flag, value).split(": ", 1)[1])
        return value
    return parse


def add_parser(sub):
    parser = sub.add_parser(
        "report", help="write a customer value report (.xlsx) from a CSV or XLSX of orders",
        description="Read one row per order (customer, date, amount) and write a workbook with "
                    "key figures, one row per customer (RFM, historical CLV, segment), "
                    "acquisition cohorts and ABC segments, all as values.")
    parser.add_argument("transactions", type=Path, help="CSV or XLSX file, one row per order")
    parser.add_argument("-o", "--output", type=Path, required=True, help="report to write (.xlsx)")
    parser.add_argument("--margin", type=checked("--margin", RATE), default=1.0,
                        help="gross margin for gross profit, 0–1 (default 1: profit = revenue)")
    parser.add_argument("--cac", type=checked("--cac", POSITIVE_MONEY),
                        help="acquisition cost per customer: adds CLV:CAC")
    parser.add_argument("--time-unit", choices=_UNITS, default="W",
                        help="unit of recency and age T: D, W, M or Y (default W)")
    parser.add_argument("--cohort-period", choices=_UNITS, default="M",
                        help="calendar period of the cohorts (default M)")
    parser.add_argument("--customer-col", help="header of the customer column (default: found)")
    parser.add_argument("--date-col", help="header of the date column (default: found)")
    parser.add_argument("--amount-col", help="header of the amount column (default: found)")
    parser.add_argument("--date-format", help='strptime format of the dates, e.g. "%%d-%%m-%%Y"')
    parser.add_argument("--delimiter", help="CSV delimiter (default: detected)")
    parser.add_argument("--decimal", choices=(".", ","), help="decimal mark (default: detected)")
    parser.add_argument("--sheet", help="worksheet or Excel table of an XLSX input "
                                        "(default: the first sheet)")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="skip rows with a bad id, date or amount and count them in the "
                             "report, instead of stopping at the first")
    parser.add_argument("--horizon-months", type=checked("--horizon-months", HORIZON_MONTHS,
                                                         int), default=12,
                        help="months ahead for the predicted purchases and CLV (default 12)")
    parser.add_argument("--monthly-discount", type=checked("--monthly-discount", DISCOUNT_RATE),
                        default=0.01,
                        help="discount rate per month for the predicted CLV, 0–1 (default 0.01)")
    parser.add_argument("--no-predictions", action="store_true",
                        help="leave out the BG/NBD and Gamma-Gamma columns")
    parser.add_argument("--channel-col", help="header of the orders' channel column (a customer's "
                                              "channel is that of their first order); with "
                                              "--customers, of the customers file's")
    parser.add_argument("--customers", type=Path, help="CSV or XLSX with a customer id, a channel "
                                                       "and optionally a segment column")
    parser.add_argument("--spend", type=Path, help="CSV or XLSX of marketing spend: channel, month "
                                                   "(or date) and amount per line")
    parser.add_argument("--segment-col", help="header of a segment column (country, customer "
                                              "type) of the customers file, else of the orders")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the labels")
    parser.add_argument("--currency", choices=tuple(CURRENCIES), default="EUR")
    parser.add_argument("--force", action="store_true", help="replace an existing report")
    parser.set_defaults(run=run)


def _output_of(args):
    """The report path, refused before any work when it could destroy the input or a file."""
    output = args.output
    if output.suffix.lower() != ".xlsx":
        raise CLVError(f"{output}: the report is an Excel workbook; give a name ending in .xlsx")
    if output.resolve() == args.transactions.resolve():
        raise CLVError(f"{output} is the input file; give the report another name")
    if output.exists() and not args.force:
        raise CLVError(f"{output} already exists; choose another name or pass --force to "
                       "replace it")
    return output


def run(args):
    _output_of(args)
    progress = Progress()
    progress.stage(f"reading {args.transactions.name}")
    transactions = read_transactions(
        args.transactions, args.customer_col, args.date_col, args.amount_col, args.date_format,
        args.delimiter, args.decimal, args.skip_bad_rows, args.sheet)
    channels = read_channel_inputs(args)
    predictions = None if args.no_predictions else Predictions(
        args.horizon_months, args.monthly_discount, args.lang)
    data = write_report(args.output, transactions, margin=args.margin, cac=args.cac,
                        time_unit=args.time_unit, cohort_period=args.cohort_period,
                        lang=args.lang, currency=args.currency, source=args.transactions.name,
                        extra_columns=predictions, force=args.force, progress=progress,
                        channels=channels)
    skipped = f", {data.read.skipped:,} bad rows skipped" if data.read.skipped else ""
    print(f"wrote {args.output}: {data.kpis.customers:,} customers, "
          f"{data.kpis.orders:,} orders{skipped}")
    if predictions is not None and predictions.skipped:
        print(f"predictive columns left out: {predictions.skipped}")
