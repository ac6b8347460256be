"""``clv-udfs report``: a customer value report (.xlsx) from a transaction export."""

import argparse
import math
from importlib import import_module
from pathlib import Path
from threading import Thread

from ..core.dates import parse_dates
from ..core.domains import DISCOUNT_RATE, HORIZON_MONTHS, POSITIVE_MONEY, RATE
from ..core.transactions import RETURNS
from ..errors import CLVError
from ..reading import read_transactions
from ..reading.channels import order_columns, read_channel_inputs
from ..reading.values import printable
from ..reading.workbook import MAX_ROWS, MAX_UNZIPPED_MB
from ..workbooks.labels import LANGUAGES
from ..workbooks.report import write_report
from ..workbooks.report.companion import FILE_FORMATS, companion_path
from ..workbooks.report.progress import Progress
from ..workbooks.report.sheets import reason_lines
from ..workbooks.styles import currency_code

_UNITS = ("D", "W", "M", "Y")
PREDICTIONS = f"{__package__.rpartition('.')[0]}.workbooks.report.predictions"


def _number(text, kind):
    """``text`` as a ``kind`` number; ``30%`` is 0.3."""
    stripped = text.strip()
    if kind is float and stripped.endswith("%"):
        return float(stripped[:-1]) / 100
    return kind(stripped)


def checked(flag, domain, kind=float):
    """An argparse type: the option's text as a finite number the core ``domain`` allows
    (``30%`` for 0.3), or an error naming the option, checked before any file is read."""
    def parse(text):
        try:
            value = _number(text, kind)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f'"{printable(text)}" is not a number; {domain.allowed}') from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{printable(text)} is not a finite number; "
                                             f"{domain.allowed}")
        if not domain.valid(value):
            raise argparse.ArgumentTypeError(domain.message(flag, value).split(": ", 1)[1])
        return value
    return parse


def unit(text):
    """An argparse type: a time unit letter, any case (``w`` is weeks)."""
    letter = text.strip().upper()
    if letter not in _UNITS:
        raise argparse.ArgumentTypeError(f'"{printable(text)}" is not a time unit; use D (days), '
                                         "W (weeks), M (months) or Y (years)")
    return letter


def whole(flag):
    """An argparse type: a whole number ≥ 1 for a limit option."""
    def parse(text):
        try:
            value = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(f'"{printable(text)}" is not allowed; enter a whole '
                                             "number ≥ 1")
        return value
    return parse


def currency(text):
    """An argparse type: an ISO 4217 currency code, any case."""
    try:
        return currency_code(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def calendar_day(text):
    """An argparse type: the option's text as a day, or the reader's one-line reason."""
    try:
        return parse_dates([text], "day")[0]
    except CLVError as error:
        raise argparse.ArgumentTypeError(str(error).split(": ", 1)[1])


def add_parser(sub):
    parser = sub.add_parser(
        "report", help="write a customer value report (.xlsx) from a CSV or XLSX of orders",
        description="Read one row per order or invoice line (customer, date, amount or "
                    "quantity × unit price) and write a workbook with key figures, one row per "
                    "customer (RFM, historical CLV, segment), acquisition cohorts and ABC "
                    "segments, all as values.")
    parser.add_argument("transactions", type=Path,
                        help="CSV, TXT, XLSX or Parquet file, one row per order or invoice line")
    parser.add_argument("-o", "--output", type=Path, required=True, help="report to write (.xlsx)")
    parser.add_argument("--margin", type=checked("--margin", RATE), default=1.0,
                        help="gross margin for gross profit, 0–1 (default 1: profit = revenue)")
    parser.add_argument("--cac", type=checked("--cac", POSITIVE_MONEY),
                        help="acquisition cost per customer: adds CLV:CAC")
    parser.add_argument("--time-unit", type=unit, default="W",
                        help="unit of recency and age T: D, W, M or Y (default W)")
    parser.add_argument("--cohort-period", type=unit, default="M",
                        help="calendar period of the cohorts (default M)")
    parser.add_argument("--customer-col", help="header of the customer column (default: found)")
    parser.add_argument("--date-col", help="header of the date column (default: found)")
    parser.add_argument("--amount-col", help="header of the amount column (default: found)")
    parser.add_argument("--quantity-col", help="header of the quantity column of invoice lines "
                                               "(amount = quantity × unit price; default: found)")
    parser.add_argument("--price-col", help="header of the unit price column (default: found)")
    parser.add_argument("--order-col", help="header of the order or invoice id column: orders "
                                            "are distinct ids (default: found)")
    parser.add_argument("--returns", choices=RETURNS, default="net",
                        help="refunds (negative amounts, cancellation invoices C…): net them "
                             "into their customer (default), exclude them, or stop at the first")
    parser.add_argument("--date-format", help='strptime format of the dates, e.g. "%%d-%%m-%%Y"')
    parser.add_argument("--delimiter", help="CSV delimiter: one character, or tab (also \\t) "
                                            "(default: detected)")
    parser.add_argument("--decimal", choices=(".", ","), help="decimal mark (default: detected)")
    parser.add_argument("--sheet", help="worksheet or Excel table of an XLSX input "
                                        "(default: the first sheet)")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="skip rows with a bad id, date or amount and count them per reason "
                             "in the report, instead of stopping at the first")
    parser.add_argument("--max-rows", type=whole("--max-rows"), default=MAX_ROWS,
                        help=f"refuse inputs with more rows (default {MAX_ROWS:,})")
    parser.add_argument("--max-unzipped-mb", type=whole("--max-unzipped-mb"),
                        default=MAX_UNZIPPED_MB,
                        help="refuse workbooks that expand beyond this many MB (zip bombs; "
                             f"default {MAX_UNZIPPED_MB:,})")
    parser.add_argument("--horizon-months", type=checked("--horizon-months", HORIZON_MONTHS,
                                                         int), default=12,
                        help="months ahead for the predicted purchases and CLV (default 12)")
    parser.add_argument("--monthly-discount", type=checked("--monthly-discount", DISCOUNT_RATE),
                        default=0.01,
                        help="discount rate per month for the predicted CLV, 0–1 (default 0.01)")
    parser.add_argument("--calibration-end", type=calendar_day, metavar="DATE",
                        help="last day the models are fitted on before they are checked on the "
                             "rest (default: two thirds into the history; no check when it is "
                             "shorter than 12 weeks)")
    parser.add_argument("--observation-end", type=calendar_day, metavar="DATE",
                        help="the day the export runs to: customers' ages (T) are measured to "
                             "it and rows dated after it are bad rows (default: the last "
                             "transaction date)")
    parser.add_argument("--no-predictions", action="store_true",
                        help="leave out the BG/NBD and Gamma-Gamma columns")
    parser.add_argument("--channel-col", help="header of the orders' channel column (a customer's "
                                              "channel is that of their first order); with "
                                              "--customers, of the customers file's")
    parser.add_argument("--customers", type=Path,
                        help="CSV, TXT, XLSX or Parquet with a customer id, a channel and "
                             "optionally a segment column")
    parser.add_argument("--spend", type=Path,
                        help="CSV, TXT, XLSX or Parquet of marketing spend: channel, month (or "
                             "date) and amount per line")
    parser.add_argument("--segment-col", help="header of a segment column (country, customer "
                                              "type) of the customers file, else of the orders")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the labels")
    parser.add_argument("--currency", type=currency, default="EUR",
                        help="ISO 4217 code of the amounts' currency, e.g. EUR, USD, GBP, JPY "
                             "(default EUR)")
    parser.add_argument("--force", action="store_true", help="replace an existing report")
    parser.add_argument("--customers-file-format", choices=FILE_FORMATS,
                        help="also write every customer's row to <report>.customers.csv or "
                             ".parquet (written as CSV anyway when the customers outnumber "
                             "a sheet's 1,048,576 rows)")
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


def closing_lines(read):
    """What the CLI says about the input after the report: bad rows per reason (with the first
    row numbers), guest orders, refunds left out or without a purchase."""
    lines = [f"  bad rows, {line}" for line in reason_lines("en", read.reasons)]
    guests = read.guests
    if guests["rows"]:
        lines.append(f"  {counted(guests['rows'], 'row')} without a customer id (guest orders: "
                     f"{counted(guests['orders'], 'order')}, {guests['revenue']:,.2f}) kept "
                     "apart")
    for key, what in (("returns_excluded", "left out (--returns exclude)"),
                      ("returns_unmatched", "of customers with no purchase in the data, left "
                                            "out")):
        part = getattr(read, key)
        if part["rows"]:
            lines.append(f"  {counted(part['rows'], 'refund row')} {what}: "
                         f"{part['amount']:,.2f}")
    return lines


def _import_quietly(name):
    """Import the module ``name`` on a helper thread while the main one reads the orders.

    The models behind the predictions import scipy, about half a second that the read (most
    of it pyarrow's parse, which leaves the interpreter free) can hide. The main thread
    imports the same module when it needs it: Python's import lock makes it wait for this
    import to finish, and if this one failed it imports again and reports the failure
    itself, so nothing is said here.
    """
    try:
        import_module(name)
    except Exception:   # noqa: BLE001 - the main thread's own import says what went wrong
        return


def counted(number, noun):
    """``number`` and ``noun``, plural unless one.

    >>> counted(1, "bad row"), counted(1200, "order")
    ('1 bad row', '1,200 orders')
    """
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def run(args):
    _output_of(args)
    if (args.calibration_end is not None and args.observation_end is not None
            and args.calibration_end >= args.observation_end):
        raise CLVError(f"--calibration-end {args.calibration_end} is not before "
                       f"--observation-end {args.observation_end}; the models are checked on "
                       "the days between them, so give an earlier --calibration-end")
    every = companion_path(args.output, args.customers_file_format or "csv")
    if args.customers_file_format and every.exists() and not args.force:
        raise CLVError(f"{every} already exists; choose another report name or pass --force to "
                       "replace it")
    before = every.stat().st_mtime_ns if every.exists() else None
    taken = order_columns(args)   # the orders' channel/segment column: same read as the orders
    if not args.no_predictions:
        Thread(target=_import_quietly, args=(PREDICTIONS,), daemon=True).start()
    progress = Progress()
    progress.stage(f"reading {printable(args.transactions.name)}")
    transactions = read_transactions(
        args.transactions, args.customer_col, args.date_col, args.amount_col, args.date_format,
        args.delimiter, args.decimal, args.skip_bad_rows, args.sheet,
        quantity_col=args.quantity_col, price_col=args.price_col, order_col=args.order_col,
        returns=args.returns, max_rows=args.max_rows, max_unzipped_mb=args.max_unzipped_mb,
        extra_cols=taken, observation_end=args.observation_end)
    channels = read_channel_inputs(args, transactions)
    predictions = None if args.no_predictions else import_module(PREDICTIONS).Predictions(
        args.horizon_months, args.monthly_discount, args.lang, transactions,
        args.calibration_end)
    data = write_report(args.output, transactions, margin=args.margin, cac=args.cac,
                        time_unit=args.time_unit, cohort_period=args.cohort_period,
                        lang=args.lang, currency=args.currency,
                        source=printable(args.transactions.name),
                        extra_columns=predictions, force=args.force, progress=progress,
                        customers_file=args.customers_file_format,
                        extra_sheets=predictions and predictions.sheets, channels=channels)
    bad = data.read.skipped
    skipped = f", {counted(bad, 'bad row')} skipped" if bad else ""
    print(f"wrote {printable(args.output)}: {counted(data.kpis.customers, 'customer')}, "
          f"{counted(data.kpis.orders, 'order')}{skipped}")
    for line in closing_lines(data.read):
        print(line)
    unmatched = channels and channels.unmatched
    if unmatched and unmatched.count:
        more = ", …" if unmatched.count > len(unmatched.examples) else ""
        print(f"  {counted(unmatched.count, 'customer')} in "
              f"{unmatched.file} with no order among the rows used, in no channel: "
              f"{', '.join(unmatched.examples)}{more}")
    if every.exists() and every.stat().st_mtime_ns != before:
        print(f"wrote {printable(every)}: every customer's row (see the summary)")
    if predictions is not None and predictions.skipped:
        print(f"predictive columns left out: {predictions.skipped}")
