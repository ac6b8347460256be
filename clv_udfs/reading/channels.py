"""Read a report's channel inputs: a customers file, a marketing spend file, and the channel (or
segment) column of the orders file.

* **Customers file** (``--customers``): one row per customer with a customer id column (found as
  for orders: customer_id, klantnummer, …), a channel column and optionally a segment column.
  Ids are read as for orders (:func:`~.values.id_texts`: ``17850.0`` is ``17850``, a date Excel
  made of an id is its date text), so they match the orders' ids. Its customers with no order
  among the rows the report uses are counted (:func:`unmatched_customers`), for the channels
  sheet and the CLI to say so.
* **Spend file** (``--spend``): one row per spend line with a channel, a month (``2024-03``, or
  any date in the month) and an amount (``€ 1.234,50`` and decimal commas read as for orders,
  :func:`~.values.numbers_of`).
* **Orders file** (``--channel-col``, ``--segment-col``): the column is taken in the same read
  as the orders (:func:`order_columns`, ``extra_cols`` of
  :func:`~clv_udfs.reading.read_transactions`); a customer's channel (or segment) is the one on
  their first order among the rows the report uses.

Columns are found by header (:func:`~.columns.find_columns`: case, spaces, ``_``, ``-`` and
``.`` ignored) among English and Dutch names (:data:`NAMES`), or named with ``--channel-col``
/ ``--segment-col``. Files are CSV/TXT, XLSX/XLSM (first sheet) or Parquet, read by the
package's own readers (:func:`~clv_udfs.reading.read_table`); rows are numbered as in the
file, the header being row 1.
"""

from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..core.channels import (channel_texts, check_listing, check_spend, customer_channels,
                             listed_positions)
from ..core.domains import show
from ..core.transactions import scientific_message
from ..errors import CLVError
from . import read_table
from .columns import HEADER_NAMES, find_columns, normal
from .values import SCIENTIFIC, decimal_of, id_texts, numbers_of, printable, texts_of
from .workbook import MAX_ROWS, MAX_UNZIPPED_MB

NAMES = {
    "customer": HEADER_NAMES["customer"],
    "channel": ("channel", "acquisitionchannel", "kanaal", "acquisitiekanaal", "source",
                "utmsource", "bron", "medium", "utmmedium", "marketingchannel",
                "marketingkanaal"),
    "month": ("month", "maand", "period", "periode", "date", "datum", "yearmonth"),
    "spend": ("spend", "amount", "cost", "costs", "kosten", "adspend", "marketingspend",
              "uitgaven", "bedrag", "budget"),
    "segment": ("segment", "klantsegment", "customersegment", "customertype", "klanttype"),
}
"""Header names of each column, normalised (lower case, no spaces, ``_``, ``-`` or ``.``)."""

_SPEND_ROLES = ("channel", "month", "spend")


class Listing(NamedTuple):
    """Customers' values (channel or segment) from a file: ids, one value per id, every value
    as written (for the spelling shown) and the file's row number of each id."""

    ids: np.ndarray
    values: np.ndarray
    written: np.ndarray
    rows: np.ndarray | None   # file row of each id, for messages (None: ids are distinct)
    column: str


class Unmatched(NamedTuple):
    """The customers of a customers file with no order among the rows the report uses: how
    many, the first few ids (in the file's order) and the file's name."""

    count: int
    examples: tuple
    file: str


class ChannelInputs(NamedTuple):
    """What the report needs for its channels sheet; any part may be None."""

    channels: Listing | None
    segments: Listing | None
    spend: object | None       # core.channels.Spend
    unmatched: Unmatched | None = None   # the customers file's ids that never ordered


def _file_table(path, pick, delimiter=None, limits=(MAX_ROWS, MAX_UNZIPPED_MB)):
    """The :class:`~.table.Table` of a customers or spend file; every message names the file
    and the file must have rows below its header."""
    path = Path(path)
    try:
        table = read_table(path, pick, delimiter, None, *limits)
    except CLVError as error:
        text = printable(error)
        raise CLVError(text if text.startswith(str(path)) else f"{path.name}: {text}") from None
    if not table.numbers.size:
        raise CLVError(f"{path.name}: the file has no rows below its header; it needs a header "
                       "and one row per line")
    return table


def _columns(path, wanted, required):
    """``pick`` for :func:`_file_table`: the ``wanted`` roles (role → header given or None)
    among :data:`NAMES`, ``required`` ones refused in one line naming the file."""
    def pick(header):
        try:
            return find_columns(header, wanted, NAMES, required)
        except CLVError as error:
            raise CLVError(f"{Path(path).name}: {error}") from None
    return pick


def read_spend(path, delimiter=None, decimal=None, limits=(MAX_ROWS, MAX_UNZIPPED_MB)):
    """Checked spend lines (:class:`~clv_udfs.core.channels.Spend`) of a spend file.

    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "spend.csv"
    >>> _ = file.write_text("Kanaal;Maand;Kosten\\nSearch;2024-01;€ 1.250,50\\n")
    >>> s = read_spend(file)
    >>> s.channel.tolist(), s.month.astype(str).tolist(), s.amount.tolist()
    (['Search'], ['2024-01'], [1250.5])
    """
    path = Path(path)
    pick = _columns(path, dict.fromkeys(_SPEND_ROLES), ())

    def spend_columns(header):
        found = pick(header)
        missing = [role for role in _SPEND_ROLES if role not in found]
        if missing:
            raise CLVError(f"{path.name}: cannot tell which column holds the {missing[0]}; give "
                           f"it a header such as {', '.join(NAMES[missing[0]][:3])}; the columns "
                           f"are: {', '.join(map(str, header))}")
        return found

    table = _file_table(path, spend_columns, delimiter, limits)
    raw = table.columns["spend"]
    if decimal is None:
        decimal = decimal_of("\0".join(texts_of(raw)), table.delimiter)
    amounts = numbers_of(raw, decimal)
    amounts = np.where(np.isnan(amounts), raw, amounts)   # a bad cell is shown as written
    names = tuple(f"{path.name}: {printable(table.header[table.index[r]])}"
                  for r in _SPEND_ROLES)
    return check_spend(table.columns["channel"], table.columns["month"], amounts, names,
                       rows=table.numbers)


def read_customers(path, customer_col=None, channel_col=None, segment_col=None, delimiter=None,
                   limits=(MAX_ROWS, MAX_UNZIPPED_MB)):
    """The channel and segment listings of a customers file (None for a missing segment
    column that was not asked for); ``customer_col`` is used when the file has that column.

    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "klanten.csv"
    >>> _ = file.write_text("Klantnummer;Kanaal\\n17850.0;Search\\n00042;social \\n")
    >>> channels, segments = read_customers(file)
    >>> channels.ids.tolist(), channels.values.tolist(), segments
    (['17850', '00042'], ['Search', 'social'], None)
    """
    path = Path(path)
    wanted = {"customer": None, "channel": channel_col, "segment": segment_col}

    def customers_columns(header):   # --customer-col names the orders' column: used if here
        given = customer_col if normal(customer_col) in map(normal, header) else None
        return _columns(path, dict(wanted, customer=given), ("customer", "channel"))(header)

    table = _file_table(path, customers_columns, delimiter, limits)
    ids = _ids(path, table)
    channels = _listing(path, table, ids, "channel")
    segments = _listing(path, table, ids, "segment") if "segment" in table.index else None
    return channels, segments


def _ids(path, table):
    """The customer ids as text (as for orders); a row without a usable id is refused."""
    ids, why = id_texts(table.columns["customer"])
    wrong = (why != 0) | (ids == "")
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        where = (f"{path.name}: {printable(table.header[table.index['customer']])} row "
                 f"{int(table.numbers[i])}")
        if not why[i]:
            raise CLVError(f"{where}: the customer id is empty; enter a customer id")
        if why[i] == SCIENTIFIC:
            raise CLVError(scientific_message(where, table.columns["customer"][i]))
        raise CLVError(f"{where}: {printable(show(table.columns['customer'][i]))} is not a "
                       "customer id; enter the id")
    return ids


def _listing(path, table, ids, role):
    """The checked listing of the ``role`` column (refused now, before any report is written,
    when a customer is listed twice with different values)."""
    column = printable(table.header[table.index[role]])
    values = channel_texts(column, table.columns[role])
    listed, firsts = check_listing(ids, values, f"{path.name}: {column}", table.numbers)
    return Listing(listed, firsts, values, None, column)


def order_columns(args):
    """The orders' columns the report options ask for (role → header), taken in the same read
    as the orders: ``--channel-col`` and ``--segment-col`` without ``--customers``. Spend
    without any channel is refused here, before a file is read."""
    if args.spend and not (args.customers or args.channel_col):
        raise CLVError("--spend: the report needs each customer's channel too; give "
                       "--channel-col (the channel column of the orders) or --customers FILE")
    if args.customers:
        return {}
    return {role: given for role, given in (("channel", args.channel_col),
                                            ("segment", args.segment_col)) if given}


def first_order_listing(read, role):
    """Each customer's value in the orders' ``role`` column on their first order (earliest
    date, first row on a tie) among the rows used, as a :class:`Listing`; ``read`` is the
    :class:`~clv_udfs.reading.ReadTransactions` read with that extra column."""
    column = printable(read.report.columns[role])
    values = channel_texts(column, read.extra[role])
    tx = read.transactions
    return Listing(tx.customer_id, customer_channels(tx, order_channels=values), values, None,
                   column)


def unmatched_customers(listing, orders, file, examples=3):
    """The :class:`Unmatched` customers of a customers file's ``listing``: ids (matched as the
    channels are, :func:`~clv_udfs.core.channels.mapped`) with no order in ``orders`` (the
    report's :class:`~clv_udfs.reading.ReadTransactions`), so they count in no channel. The
    example ids show control characters as ``\\xNN`` (a sheet cannot hold them).

    >>> from clv_udfs.core.transactions import check_transactions
    >>> from clv_udfs.reading import ReadReport, ReadTransactions
    >>> tx = check_transactions(["17850"], ["2024-01-01"], [5.0])
    >>> orders = ReadTransactions(tx.customer_id, tx.date, tx.amount, ReadReport(), tx)
    >>> listing = Listing(np.array(["17850", "13047"]), None, None, None, "channel")
    >>> unmatched_customers(listing, orders, "customers.csv")
    Unmatched(count=1, examples=('13047',), file='customers.csv')
    """
    ordered = np.zeros(listing.ids.size, dtype=bool)
    position = listed_positions(orders.transactions, listing.ids)
    ordered[position[position >= 0]] = True
    missing = listing.ids[~ordered]
    return Unmatched(int(missing.size), tuple(map(printable, missing[:examples].tolist())), file)


def read_channel_inputs(args, orders=None):
    """The :class:`ChannelInputs` the report options ask for, or None when none does.

    ``--customers`` gives channels (and a segment column when present or named); otherwise
    ``--channel-col`` names the channel column of the orders file. ``--segment-col`` names the
    segment column of the customers file, or of the orders file without one. ``orders`` is the
    orders read with :func:`order_columns` as ``extra_cols``.
    """
    if not (args.customers or args.channel_col or args.spend or args.segment_col):
        return None
    taken = order_columns(args)
    limits = (getattr(args, "max_rows", MAX_ROWS),
              getattr(args, "max_unzipped_mb", MAX_UNZIPPED_MB))
    channels = segments = None
    if args.customers:
        channels, segments = read_customers(args.customers, args.customer_col, args.channel_col,
                                            args.segment_col, limits=limits)
    if "channel" in taken:
        channels = first_order_listing(orders, "channel")
    if "segment" in taken:
        segments = first_order_listing(orders, "segment")
    spend = (read_spend(args.spend, decimal=args.decimal, limits=limits) if args.spend
             else None)
    unmatched = None
    if args.customers and orders is not None:
        unmatched = unmatched_customers(channels, orders, printable(Path(args.customers).name))
    return ChannelInputs(channels, segments, spend, unmatched)
