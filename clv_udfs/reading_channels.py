"""Read a report's channel inputs: a customers file, a marketing spend file, and the channel (or
segment) column of the orders file.

* **Customers file** (``--customers``): one row per customer with a customer id column (found as
  for orders: customer_id, klantnummer, …), a channel column and optionally a segment column.
* **Spend file** (``--spend``): one row per spend line with a channel, a month (``2024-03``, or
  any date in the month) and an amount (``€ 1.234,50`` and decimal commas read as for orders).
* **Orders file** (``--channel-col``, ``--segment-col``): a customer's channel (or segment) is
  the one on their first order.

Columns are found by header, case, spaces, ``_`` and ``-`` ignored, among English and Dutch
names (:data:`NAMES`), or named with ``--channel-col`` / ``--segment-col``. Files are CSV
(delimiter detected) or XLSX (first sheet), read with the helpers of :mod:`clv_udfs.reading`;
rows are numbered as in the file, the header being row 1.
"""

from pathlib import Path
from typing import NamedTuple

import numpy as np

from .core.channels import channel_texts, check_listing, check_spend, customer_channels
from .core.transactions import screen_transactions
from .errors import CLVError
from .reading import _amount_values, _csv_rows, _normal, _xlsx_rows, find_column

NAMES = {
    "channel": ("channel", "acquisitionchannel", "kanaal", "acquisitiekanaal", "source",
                "utmsource", "bron", "medium", "utmmedium", "marketingchannel",
                "marketingkanaal"),
    "month": ("month", "maand", "period", "periode", "date", "datum", "yearmonth"),
    "spend": ("spend", "amount", "cost", "costs", "kosten", "adspend", "marketingspend",
              "uitgaven", "bedrag", "budget"),
    "segment": ("segment", "klantsegment", "customertype", "klanttype"),
}
"""Header names of each column, normalised (lower case, no spaces, ``_``, ``-`` or ``.``)."""


class Listing(NamedTuple):
    """Customers' values (channel or segment) from a file: ids, one value per id, every value
    as written (for the spelling shown) and the file's row number of each id."""

    ids: np.ndarray
    values: np.ndarray
    written: np.ndarray
    rows: np.ndarray | None   # file row of each id, for messages (None: ids are distinct)
    column: str


class ChannelInputs(NamedTuple):
    """What the report needs for its channels sheet; any part may be None."""

    channels: Listing | None
    segments: Listing | None
    spend: object | None       # core.channels.Spend


class _Table(NamedTuple):
    header: list
    rows: list
    numbers: np.ndarray
    delimiter: str
    path: Path


def _table(path, delimiter=None, sheet=None):
    """Header, data rows (lists of cells), file row numbers and delimiter of a CSV or XLSX."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        (rows, numbers), delimiter = _xlsx_rows(path, sheet), ""
    else:
        rows, numbers, delimiter = _csv_rows(path, delimiter)
    if len(rows) < 2:
        raise CLVError(f"{path.name}: the file has no rows below its header; it needs a header "
                       "and one row per line")
    return _Table(list(rows[0]), rows[1:], numbers[1:], delimiter, path)


def _find(table, role, given, option):
    """Index of the ``role`` column: the ``given`` header, or the first known name present."""
    normal = [_normal(h) for h in table.header]
    for name in (_normal(given),) if given is not None else NAMES[role]:
        if name in normal:
            return normal.index(name)
    shown = ", ".join(str(h) for h in table.header)
    if given is not None:
        raise CLVError(f'{table.path.name}: there is no column "{given}" ({option}); the '
                       f"columns are: {shown}")
    raise CLVError(f"{table.path.name}: cannot tell which column holds the {role}; name it with "
                   f"{option}; the columns are: {shown}")


def _cells(table, index):
    """Column ``index`` of the data rows as an object array (short rows give "")."""
    return np.array([row[index] if index < len(row) else "" for row in table.rows], dtype=object)


def read_spend(path, delimiter=None, decimal=None):
    """Checked spend lines (:class:`~clv_udfs.core.channels.Spend`) of a spend file.

    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "spend.csv"
    >>> _ = file.write_text("Kanaal;Maand;Kosten\\nSearch;2024-01;€ 1.250,50\\n")
    >>> s = read_spend(file)
    >>> s.channel.tolist(), s.month.astype(str).tolist(), s.amount.tolist()
    (['Search'], ['2024-01'], [1250.5])
    """
    table = _table(path, delimiter)
    index = {role: _find(table, role, None, "a header such as channel, month, spend")
             for role in ("channel", "month", "spend")}
    raw = _cells(table, index["spend"])
    amounts, _ = _amount_values(raw.tolist(), table.delimiter, decimal,
                                all(isinstance(v, str) for v in raw.tolist()))
    amounts = np.where(np.isnan(amounts), raw, amounts)
    names = tuple(f"{table.path.name}: {table.header[index[r]]}" for r in index)
    return check_spend(_cells(table, index["channel"]), _cells(table, index["month"]), amounts,
                       names, rows=table.numbers)


def read_customers(path, customer_col=None, channel_col=None, segment_col=None, delimiter=None):
    """The channel and segment listings of a customers file (None for a missing segment
    column that was not asked for); ``customer_col`` is used when the file has that column."""
    table = _table(path, delimiter)
    try:
        customer = _customer_column(table.header, customer_col)
    except CLVError as error:
        raise CLVError(f"{table.path.name}: {error}") from None
    ids = _cells(table, customer)
    channel = _find(table, "channel", channel_col, "--channel-col")
    channels = _listing(table, ids, channel)
    segment = _optional(table, "segment", segment_col)
    return channels, None if segment is None else _listing(table, ids, segment)


def _customer_column(header, given):
    """The customer id column: the one ``--customer-col`` names for the orders when the file
    has it, else the one found by name."""
    normal = [_normal(h) for h in header]
    return find_column(header, "customer", given if _normal(given) in normal else None)


def _optional(table, role, given):
    """Index of an optional column, None when absent and not asked for."""
    try:
        return _find(table, role, given, f"--{role}-col")
    except CLVError:
        if given is not None:
            raise
        return None


def _listing(table, ids, index):
    """The checked listing of column ``index`` (refused now, before any report is written,
    when a customer is listed twice with different values)."""
    column = str(table.header[index])
    values = channel_texts(column, _cells(table, index))
    listed, firsts = check_listing(ids, values, f"{table.path.name}: {column}", table.numbers)
    return Listing(listed, firsts, values, None, column)


def read_first_orders(path, column, customer_col=None, date_col=None, date_format=None,
                      delimiter=None, option="--channel-col", sheet=None):
    """Each customer's value in orders column ``column`` on their first order (earliest
    date, first row on a tie), as a :class:`Listing`; rows without a usable id or date are
    passed over (the orders reader reports them)."""
    table = _table(path, delimiter, sheet)
    ids = _cells(table, find_column(table.header, "customer", customer_col))
    dates = _cells(table, find_column(table.header, "date", date_col))
    index = _find(table, "channel", column, option)
    values = channel_texts(column, _cells(table, index))
    screened = screen_transactions(ids, dates, np.zeros(ids.size), date_format)
    first = customer_channels(screened.transactions, order_channels=values[screened.ok])
    return Listing(screened.transactions.customer_id, first, values, None,
                   str(table.header[index]))


def read_channel_inputs(args):
    """The :class:`ChannelInputs` the report options ask for, or None when none does.

    ``--customers`` gives channels (and a segment column when present or named); otherwise
    ``--channel-col`` names the channel column of the orders file. ``--segment-col`` names the
    segment column of the customers file, or of the orders file without one.
    """
    if not (args.customers or args.channel_col or args.spend or args.segment_col):
        return None
    orders = dict(customer_col=args.customer_col, date_col=args.date_col,
                  date_format=args.date_format, delimiter=args.delimiter, sheet=args.sheet)
    channels = segments = None
    if args.customers:
        channels, segments = read_customers(args.customers, args.customer_col, args.channel_col,
                                            args.segment_col)
    elif args.channel_col:
        channels = read_first_orders(args.transactions, args.channel_col, **orders)
    elif args.spend:
        raise CLVError("--spend: the report needs each customer's channel too; give "
                       "--channel-col (the channel column of the orders) or --customers FILE")
    if args.segment_col and segments is None:
        segments = read_first_orders(args.transactions, args.segment_col, option="--segment-col",
                                     **orders)
    spend = read_spend(args.spend, decimal=args.decimal) if args.spend else None
    return ChannelInputs(channels, segments, spend)
