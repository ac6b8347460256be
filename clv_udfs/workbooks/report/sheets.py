"""The four sheets of a transaction report, each written from a :class:`~.data.ReportData`.

Every number is a value computed by the core (:mod:`.data`), so the report reads the same
in any viewer, including ones that never recalculate.
"""

import datetime

import numpy as np
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from .. import charts, styles
from ..labels import health_legend
from .rows import RowBlock

TABLE_HEADER_ROW = 5      # customers and cohorts: title, two note lines, a blank row, header


def _date(day):
    return datetime.date.fromisoformat(str(day))


def summary(page, data, source):
    """Key figures, data quality (rows used and skipped, the first problems) and, when a CAC is
    given, historical CLV against it."""
    t, k = page.texts, data.kpis
    page.title("report.title")
    page.note(t["report.source"].format(source=source))
    page.note(t["report.period"].format(first=k.first_date, last=k.last_date))
    page.note(*t["report.historical"])
    page.blank()
    page.header(t["report.kpis"], "")
    for key, value, kind in (
            ("report.customers", k.customers, "count"),
            ("report.orders", k.orders, "count"),
            ("report.gross_sales", k.gross_sales, "money"),
            ("report.returns", k.returns, "money"),
            ("report.revenue", k.revenue, "money"),
            ("aov", k.average_order_value, "money"),
            ("report.frequency", k.purchases_per_year, "number"),
            ("retention", t["report.retention_na"] if np.isnan(k.retention_rate)
             else k.retention_rate, "rate"),
            ("report.clv_revenue", k.average_clv, "money"),
            ("gross_margin", data.margin, "rate"),
            ("report.clv_profit", data.average_gross_profit, "money"),
            ("report.first_date", _date(k.first_date), "date"),
            ("report.last_date", _date(k.last_date), "date")):
        page.pair(key, value, kind)
    page.blank()
    page.header(t["report.quality"], "")
    page.pair("report.rows_read", data.read.rows, "count")
    page.pair("report.rows", data.rows_used, "count")
    page.pair("report.skipped", data.read.skipped, "count")
    _input_apart(page, data)
    if data.read.problems:
        page.note(t["report.problems"], *data.read.problems)
    if data.cac is not None:
        page.blank()
        page.header(t["report.versus"], "")
        page.pair("cac", data.cac, "money")
        page.pair("report.clv_profit", data.average_gross_profit, "money")
        ratio = page.pair("ratio", data.ratio, "ratio")
        styles.colour_ratios(page.ws, f"B{ratio}")
        page.pair("health", data.health, "text")
        page.note(*health_legend(page.cells.lang))


def reason_lines(texts, reasons):
    """One line per reason of the bad rows: its name, the count and the first row numbers."""
    return [f"{texts[f'report.reason.{key}']}: {count:,} ({texts['report.rows_short']} "
            f"{', '.join(map(str, rows))}{', …' if count > len(rows) else ''})"
            for key, (count, rows) in reasons.items()]


def _input_apart(page, data):
    """Bad rows per reason, guest orders, refunds left out and customers whose refunds reach
    their purchases (issue 9: what the reader kept apart)."""
    read = data.read
    if read.reasons:
        page.note(page.texts["report.reasons"], *reason_lines(page.texts, read.reasons))
    if read.guests["rows"]:
        page.pair("report.guest_orders", read.guests["orders"], "count")
        page.pair("report.guest_revenue", read.guests["revenue"], "money")
    apart = read.returns_excluded["amount"] + read.returns_unmatched["amount"]
    if apart:
        page.pair("report.returns_apart", apart, "money")
    page.pair("report.net_negative", int((data.history.revenue <= 0).sum()), "count")


def customer_columns(texts, data, extra=()):
    """``(header, values, kind)`` of every customers-sheet column after the id: the segment,
    the RFM summary and historical value, then the ``extra``
    :class:`~.data.CustomerColumn` s."""
    t, c, h = texts, data.customers, data.history
    unit = {"unit": t[f"report.unit.{c.time_unit}"]}
    return [(t["report.col.segment"], data.segment, None),
            (t["report.col.frequency"], c.frequency, "count"),
            (t["report.col.recency"].format(**unit), c.recency, "duration"),
            (t["report.col.T"].format(**unit), c.T, "duration"),
            (t["report.col.monetary"], c.monetary_value, "money"),
            (t["report.col.orders"], h.orders, "count"),
            (t["report.col.revenue"], h.revenue, "money"),
            (t["report.col.profit"], h.gross_profit, "money"),
            *((column.header, column.values, column.kind) for column in extra)]


def customers(page, data, extra):
    """The customers sheet down to its header; returns the :class:`~.rows.RowBlock` of
    one row per customer: the id (text stays text, never a formula), the segment, the RFM
    summary and historical value, then the ``extra`` columns."""
    t = page.texts
    columns = customer_columns(t, data, extra)
    page.title("report.customers.title")
    unit = t[f"report.unit.{data.customers.time_unit}"]
    page.note(*(line.format(unit=unit) for line in t["report.customers.note"]))
    page.blank()
    header = page.header(t["report.col.customer"], *(title for title, _, _ in columns))
    block = RowBlock(page.ws, header + 1, [
        (data.customers.customer_id.tolist(), page.cells.style_id()),
        *((values.tolist(), page.cells.style_id(kind)) for _, values, kind in columns)])
    page.ws.auto_filter.ref = f"A{header}:{block.last_ref}"
    return block


def cohorts(page, data):
    """The cohort table (colour scale from low to high) and one line per cohort."""
    t, table = page.texts, data.cohorts
    unit = t[f"report.unit.{data.cohort_period}"]
    page.title("report.cohorts.title")
    page.note(*(line.format(unit=unit) for line in t["report.cohorts.note"]))
    page.blank()
    header = page.append([page.cells.text(t["report.cohort"], styles.HEADER),
                          page.cells.text(t["report.cohort_size"], styles.HEADER),
                          *page.cells.row(*table.period.tolist(), style=styles.HEADER)])
    for label, size, values in zip(table.cohort.tolist(), table.size.tolist(),
                                   table.values.tolist()):
        page.append([page.cells.text(label), page.cells.value(size, "count"),
                     *page.cells.row(*values, kind="money", style=styles.OUTPUT)])
    first, last = header + 1, page.row
    last_column = 2 + table.period.size
    values = f"C{first}:{get_column_letter(last_column)}{last}"
    page.ws.conditional_formatting.add(values, ColorScaleRule(
        start_type="min", start_color="F8696B", mid_type="percentile", mid_value=50,
        mid_color="FFEB84", end_type="max", end_color="63BE7B"))
    _cohort_chart(page, table.cohort.tolist(), header, last_column, unit)


def _cohort_chart(page, labels, header, last_column, unit):
    """Cumulative revenue per customer over the periods since acquisition, one line per
    cohort, below the table."""
    last = header + len(labels)
    charts.row_line_chart(page, f"A{last + 3}", page.texts["report.cohorts.chart"],
                          range(header + 1, last + 1), "A", header,
                          ("C", get_column_letter(last_column)),
                          x_title=page.texts["report.cohorts.axis"].format(unit=unit).capitalize(),
                          width=24, height=10, legend="r")


def segments(page, data):
    """Customers, revenue and gross profit per ABC segment with shares, a total row and a chart
    of the shares."""
    t, tiers = page.texts, data.tiers
    page.title("report.segments.title")
    page.note(*t["report.segments.note"])
    page.blank()
    header = page.header(t["report.col.segment"], t["report.customers"],
                         t["report.share_customers"], t["report.revenue"],
                         t["report.share_revenue"], t["report.col.profit"],
                         t["report.revenue_per_customer"])
    customers, revenue = tiers.customers.sum(), tiers.revenue.sum()
    rows = [(letter, n, n / customers, r, r / revenue if revenue else np.nan, p, r / n)
            for letter, n, r, p in zip(tiers.letter.tolist(), tiers.customers.tolist(),
                                       tiers.revenue.tolist(), tiers.gross_profit.tolist())]
    totals = (t["total"], customers, 1.0, revenue, 1.0, tiers.gross_profit.sum(),
              revenue / customers)
    kinds = (None, "count", "rate", "money", "rate", "money", "money")
    for values, style in [*((row, styles.OUTPUT) for row in rows), (totals, styles.TOTAL)]:
        page.append([page.cells.value(v, kind, style) for v, kind in zip(values, kinds)])
    charts.bar_chart(page, f"A{page.row + 3}", t["report.segments.chart"], header,
                     header + len(rows), 1, (3, 5))
