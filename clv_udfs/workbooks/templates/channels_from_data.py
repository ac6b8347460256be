"""Template 7, channel economics from data (live only): sample orders with their channel, sample
marketing spend per channel and month, and the CLV_CHANNELS table over them with a chart.

Where the channel-economics template takes spend, new customers and CLV typed in by hand, this
one computes them from the orders: a customer's channel is the channel of their first order;
CAC is the spend ÷ the customers acquired in the months with spend; historical CLV the gross
profit to date per acquired customer; payback the first month since acquisition in which the
channel's cumulative gross profit per customer reaches CAC (:mod:`clv_udfs.core.channels`).

Each table cell takes its value from CLV_CHANNELS with ``INDEX`` (:class:`~.spill.Spilled`),
as the cohort template does with CLV_COHORT: openpyxl cannot write a spilling dynamic array.
The table has room for the sample's five channels and the total row. Live only: the table's
rows follow the data, which no native formula can spill.

Example (the hand-worked figures of the tests): search brings in 3 customers for 100 of spend,
CAC 33.33, gross profit 46.67 per customer to date (CLV:CAC 1.4), paid back in month 2.
"""

from .. import charts, styles
from ..spill import Spilled

KEY = "channel-economics-from-data"
SHEET = "channels_data.sheet"
FLAVOURS = ("live",)

ORDER_COLUMNS = "ABCD"   # customer id, date, amount, channel
SPEND_COLUMNS = "FGH"    # channel, month, amount
TABLE_COLUMNS = "JKLMNOPQ"
GROSS_MARGIN = 0.5

ORDERS = (   # customer id, date, amount, channel of the order (first orders count)
    ("1001", "2024-01-05", 40, "Search"),
    ("1006", "2024-01-12", 20, "Organic"),
    ("1002", "2024-01-20", 20, "search "),
    ("1002", "2024-02-11", 20, "Social"),
    ("1004", "2024-02-14", 30, "Social"),
    ("1008", "2024-02-25", 70, ""),
    ("1003", "2024-03-03", 60, "SEARCH"),
    ("1001", "2024-03-10", 60, "Email"),
    ("1008", "2024-03-30", 10, "Email"),
    ("1004", "2024-04-09", 50, ""),
    ("1005", "2024-04-21", 60, "social"),
    ("1003", "2024-05-08", 40, ""),
    ("1007", "2024-05-19", 50, "organic"),
    ("1001", "2024-06-02", 40, ""),
    ("1006", "2024-06-15", 20, ""),
)
SPEND = (    # channel, month, amount
    (" search", "2024-01", 60),
    ("Social", "2024-02", 50),
    ("Search", "2024-03-15", 40),
    ("Display", "2024-03", 25),
    ("SOCIAL", "2024-04", 30),
    ("social", "2024-06", 20),
)
TABLE_ROWS = 6    # Search, Organic, Social, unknown, Display, total
_HEADERS = ("channel", "new_customers", "spend", "cac.short", "channels_data.clv", "ratio",
            "health", "channels_data.payback")
_KINDS = ("text", "count", "money", "money", "money", "ratio", "text", "count")


def build(sheet):
    """Fill ``sheet`` with the orders, the spend, the gross margin, the channel table and its
    chart."""
    t = sheet.texts
    sheet.title("A1", "channels_data.title")
    top = sheet.how_to(2, (t["channels_data.howto"], t["channels_data.howto.block"]),
                       add_in_note="howto.live_only")
    first = top + 2
    refs = (*_block(sheet, top, first, ORDER_COLUMNS, "channels_data.orders",
                     ("customer_id", "date", "amount", "channel"),
                     ("text", "text", "money", "text"), ORDERS,
                     ("customer_ids", "order_dates", "order_amounts", "order_channels")),
            *_block(sheet, top, first, SPEND_COLUMNS, "channels_data.spend",
                    ("channel", "channels_data.month", "amount"), ("text", "text", "money"),
                    SPEND, ("spend_channels", "spend_months", "spend_amounts")))
    margin_row = first + len(SPEND) + 1
    sheet.label(f"{SPEND_COLUMNS[0]}{margin_row}", "gross_margin")
    sheet.input(f"{SPEND_COLUMNS[1]}{margin_row}", "rate", GROSS_MARGIN, t["gross_margin"])
    last = _table(sheet, top, first, (*refs, f"${SPEND_COLUMNS[1]}${margin_row}"))
    styles.colour_ratios(sheet.ws, f"{TABLE_COLUMNS[5]}{first}:{TABLE_COLUMNS[5]}{last}")
    charts.bar_chart(sheet, f"{TABLE_COLUMNS[0]}{last + 3}", t["channels_data.chart"], top + 1,
                     last - 1, 10, (13, 14), width=20)
    sheet.widths(A=12, B=12, C=11, D=11, E=3, F=11, G=11, H=11, I=3, J=14, K=11, L=12, M=12,
                 N=16, O=10, P=15, Q=14)
    sheet.finish(freeze=f"A{first}")


def _block(sheet, top, first, columns, title, keys, kinds, rows, names):
    """Yellow input rows under a section header and column headers, each column named
    (for typing CLV_CHANNELS by hand); returns the absolute column ranges."""
    t = sheet.texts
    last = first + len(rows) - 1
    sheet.header(f"{columns[0]}{top}", title, through=f"{columns[-1]}{top}")
    for index, (column, key, kind, name) in enumerate(zip(columns, keys, kinds, names)):
        sheet.header(f"{column}{top + 1}", key)
        for row, values in enumerate(rows, start=first):
            sheet.input(f"{column}{row}", kind, values[index], t[key])
        sheet.define(name, f"{column}{first}:{column}{last}")
    return tuple(f"${column}${first}:${column}${last}" for column in columns)


def _table(sheet, top, first, refs):
    """The channel table, each cell one value of CLV_CHANNELS, under headers in the sheet's
    language; returns its last row (the total)."""
    sheet.header(f"{TABLE_COLUMNS[0]}{top}", "channels_data.table",
                 through=f"{TABLE_COLUMNS[-1]}{top}")
    for column, key in zip(TABLE_COLUMNS, _HEADERS):
        sheet.header(f"{column}{top + 1}", key)
    sheet.ws.row_dimensions[top + 1].height = 45
    for row in range(1, TABLE_ROWS + 1):
        style = styles.TOTAL if row == TABLE_ROWS else styles.OUTPUT
        for index, (column, kind) in enumerate(zip(TABLE_COLUMNS, _KINDS), start=1):
            sheet.compute(f"{column}{first + row - 1}", kind,
                          Spilled("CLV_CHANNELS", refs, row=row, column=index), style=style)
    return first + TABLE_ROWS - 1
