"""Template 2, unit economics by acquisition channel: one row per channel and a total row.

Inputs per channel: spend, new customers, CLV per customer, gross profit per customer per month
and monthly churn. Calculated: CAC (spend ÷ new customers), CLV:CAC, its health label and the
payback with churn. The total row blends the channels, weighting by new customers.
"""

from .. import charts, styles
from ..arithmetic import DIVIDE, SUM, WEIGHTED_MEAN
from ..labels import health_legend

KEY = "channel-economics"
SHEET = "channels.sheet"

# name key, spend, new customers, CLV per customer, gross profit per month, monthly churn
_CHANNELS = (
    ("channel.paid_social", 12000, 150, 200, 8, 0.04),
    ("channel.search", 15000, 250, 260, 10.4, 0.04),
    ("channel.email", 2000, 80, 310, 9.3, 0.03),
    ("channel.organic", 1500, 100, 240, 7.2, 0.03),
    ("channel.referral", 4000, 90, 280, 11.2, 0.04),
    ("channel.display", 9000, 60, 120, 8, 0.05),
)
_INPUTS = (  # column, header key (also the column's defined name), kind
    ("B", "spend", "money"), ("C", "new_customers", "count"), ("D", "clv_per_customer", "money"),
    ("E", "gp_month", "money"), ("F", "monthly_churn", "rate"))
_OUTPUT_HEADERS = (("G", "cac.short"), ("H", "ratio"), ("I", "health"), ("J", "payback.short"))


def build(sheet):
    """Fill ``sheet`` with the channel table, its colours and chart."""
    t = sheet.texts
    sheet.title("A1", "channels.title")
    head = sheet.how_to(2, (t["channels.howto"], *health_legend(sheet.lang)))
    first, last = head + 1, head + len(_CHANNELS)
    total = last + 1
    sheet.header(f"A{head}", "channel")
    for column, key, *_ in _INPUTS + _OUTPUT_HEADERS:
        sheet.header(f"{column}{head}", key)
    sheet.ws.row_dimensions[head].height = 45

    for row, (name, *values) in zip(range(first, last + 1), _CHANNELS):
        sheet.input(f"A{row}", "text", t[name], t["channel"])
        for (column, key, kind), value in zip(_INPUTS, values):
            sheet.input(f"{column}{row}", kind, value, t[key])
        _results(sheet, row)
    for column, key, _ in _INPUTS:
        sheet.define(key, f"{column}{first}:{column}{last}")

    sheet.text(f"A{total}", t["total"], styles.TOTAL)
    spend, customers = f"B{first}:B{last}", f"C{first}:C{last}"
    sheet.compute(f"B{total}", "money", SUM, spend, style=styles.TOTAL)
    sheet.compute(f"C{total}", "count", SUM, customers, style=styles.TOTAL)
    for column in "DEF":
        kind = next(k for c, _, k in _INPUTS if c == column)
        sheet.compute(f"{column}{total}", kind, WEIGHTED_MEAN, f"{column}{first}:{column}{last}",
                     customers, style=styles.TOTAL)
    _results(sheet, total, styles.TOTAL)

    styles.colour_ratios(sheet.ws, f"H{first}:H{total}")
    charts.bar_chart(sheet, f"A{total + 3}", t["channels.chart"], head, last, 1, (4, 7),
                     width=24)
    sheet.widths(A=24, B=18, C=11, D=14, E=17, F=14, G=12, H=10, I=16, J=18)
    sheet.finish(freeze=f"B{first}")


def _results(sheet, row, style=styles.OUTPUT):
    """CAC, CLV:CAC, health and payback of the channel (or total) in ``row``."""
    sheet.compute(f"G{row}", "money", DIVIDE, f"B{row}", f"C{row}", style=style)
    sheet.compute(f"H{row}", "ratio", "CLV_CAC_RATIO", f"D{row}", f"G{row}", style=style)
    sheet.compute(f"I{row}", "text", "CLV_CAC_HEALTH", f"H{row}", style=style)
    sheet.compute(f"J{row}", "months", "PAYBACK_MONTHS", f"G{row}", f"E{row}", f"F{row}",
               style=style)
