"""The four sheets of a transaction report, each written from a :class:`~.data.ReportData`.

Every number is a value computed by the core (:mod:`.data`), so the report reads the same
in any viewer, including ones that never recalculate.
"""

import datetime
import textwrap

import numpy as np
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from ...core.kpis import NO_PRIOR_BUYERS, UNDER_TWO_YEARS
from ...reading.values import LONGEST
from .. import charts, styles
from . import companion
from ..labels import health_legend, texts, whole
from .rows import RowBlock
from .sentences import translated

TABLE_HEADER_ROW = 5      # customers and cohorts: title, two note lines, a blank row, header
CHART_ROWS = 16           # rows an 8 cm high chart covers
COHORT_COLUMNS = 24       # period columns of the cohort sheet: two years of months, readable
CHART_COHORTS = 12        # lines of the cohort chart
RETENTION_MISSING = {UNDER_TWO_YEARS: "report.retention_na",
                     NO_PRIOR_BUYERS: "report.retention_no_buyers"}
"""The label shown for each reason the KPIs have no retention rate."""


def _date(day):
    return datetime.date.fromisoformat(str(day))


def summary(page, data, source, kept=None, customers_file=None, no_forecast=None):
    """Key figures, data quality (rows used and skipped, the first problems, customers left off
    the customers sheet by ``kept`` and the ``customers_file`` holding them all) and, when a
    CAC is given, historical CLV against it; ``no_forecast`` is why a forecast was asked for
    but cannot be made (the core's sentence), said under the title."""
    t, k = page.texts, data.kpis
    page.title("report.title")
    page.note(t["report.source"].format(source=source))
    page.note(t["report.period"].format(first=k.first_date, last=k.last_date))
    page.note(*t["report.historical"])
    if no_forecast:
        said = t["report.no_forecast"].format(reason=translated(no_forecast, page.cells.lang))
        page.note(*textwrap.wrap(said, 80, break_on_hyphens=False))
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
            ("retention", t[RETENTION_MISSING[k.retention_missing]]
             if k.retention_missing else k.retention_rate, "rate"),
            ("report.clv_revenue", k.average_clv, "money"),
            ("gross_margin", data.margin, "rate"),
            ("report.clv_profit", data.average_gross_profit, "money"),
            ("report.first_date", _date(k.first_date), "date"),
            ("report.last_date", _date(k.last_date), "date")):
        page.pair(key, value, kind)
    if data.read.observation_end is not None:
        page.pair("report.observation_end", _date(data.read.observation_end), "date")
    page.blank()
    page.header(t["report.quality"], "")
    page.pair("report.rows_read", data.read.rows, "count")
    page.pair("report.rows", data.rows_used, "count")
    page.pair("report.skipped", data.read.skipped, "count")
    _input_apart(page, data)
    if data.read.problems:
        page.note(t["report.problems"], *data.read.problems)
    if kept is not None and kept.cut:
        page.note(*textwrap.wrap(cut_note(page, kept, customers_file), 80))
    if customers_file is not None:
        page.pair("report.customers_file", customers_file, "text")
    if data.cac is not None:
        page.blank()
        page.header(t["report.versus"], "")
        page.pair("cac", data.cac, "money")
        page.pair("report.clv_profit", data.average_gross_profit, "money")
        ratio = page.pair("ratio", data.ratio, "ratio")
        styles.colour_ratios(page.ws, f"B{ratio}")
        page.pair("health", data.health, "text")
        page.note(*health_legend(page.cells.lang))


def reason_lines(lang, reasons):
    """One line per reason of the bad rows in ``lang``: its name, the count (with the
    language's thousands mark) and the first row numbers.

    >>> reason_lines("nl", {"date": (1200, [3, 9]), "long": (1, [42])})
    ['onleesbare datum: 1.200 (rijen 3, 9, …)', 'een cel van meer dan 32.767 tekens, het meeste \
dat een Excel-cel bevat: 1 (rij 42)']
    """
    words = texts(lang)
    return [f"{words[f'report.reason.{key}'].replace('{longest}', whole(LONGEST, lang))}: "
            f"{whole(count, lang)} ({words['report.row_short' if count == 1 else 'report.rows_short']} "
            f"{', '.join(map(str, rows))}{', …' if count > len(rows) else ''})"
            for key, (count, rows) in reasons.items()]


def _input_apart(page, data):
    """Bad rows per reason, guest orders, refunds left out and customers whose refunds reach
    their purchases (issue 9: what the reader kept apart)."""
    read = data.read
    if read.reasons:
        page.note(page.texts["report.reasons"], *reason_lines(page.cells.lang, read.reasons))
    if read.guests["rows"]:
        page.pair("report.guest_orders", read.guests["orders"], "count")
        page.pair("report.guest_revenue", read.guests["revenue"], "money")
    apart = read.returns_excluded["amount"] + read.returns_unmatched["amount"]
    if apart:
        page.pair("report.returns_apart", apart, "money")
    page.pair("report.net_negative", int((data.history.revenue <= 0).sum()), "count")


def customer_columns(texts, data, extra=()):
    """``(header, values, kind)`` of every customers-sheet column after the id: the segment,
    the RFM summary and historical value, the flag of a net revenue ≤ 0 (only when a customer
    has one), then the ``extra``
    :class:`~.data.CustomerColumn` s."""
    t, c, h = texts, data.customers, data.history
    unit = {"unit": t[f"report.unit.{c.time_unit}"]}
    flags = (t["report.col.net_negative"], net_negative_flags(t, h.revenue), None)
    return [(t["report.col.segment"], data.segment, None),
            (t["report.col.frequency"], c.frequency, "count"),
            (t["report.col.recency"].format(**unit), c.recency, "duration"),
            (t["report.col.T"].format(**unit), c.T, "duration"),
            (t["report.col.monetary"], c.monetary_value, "money"),
            (t["report.col.orders"], h.orders, "count"),
            (t["report.col.revenue"], h.revenue, "money"),
            (t["report.col.profit"], h.gross_profit, "money"),
            *((flags,) if (h.revenue <= 0).any() else ()),
            *((column.header, column.values, column.kind) for column in extra)]


def net_negative_flags(texts, revenue):
    """The customers-sheet flag of each customer whose net revenue (purchases less refunds) is
    zero or below: kept in every figure, marked "yes" here; blank for everyone else (issue 9).

    >>> net_negative_flags({"report.yes": "yes"}, np.array([120.0, 0.0, -15.5])).tolist()
    ['', 'yes', 'yes']
    """
    return np.where(np.asarray(revenue) <= 0, texts["report.yes"], "")


def cut_note(page, kept, customers_file):
    """One line: how many customers the customers sheet shows, by what, and where the rest are."""
    lang = page.cells.lang
    return page.texts["report.cut"].format(
        shown=whole(kept.shown, lang), total=whole(kept.total, lang), ranking=kept.ranking,
        limit=whole(companion.SHEET_ROWS, lang), file=customers_file)


def customers(page, data, columns, kept, customers_file=None):
    """The customers sheet down to its header; returns the :class:`~.rows.RowBlock` of
    one row per ``kept`` customer: the id (text stays text, never a formula), then the
    ``columns`` (:func:`customer_columns`). When customers are left off, the line above the
    header says so and names the ``customers_file`` holding them all."""
    t = page.texts
    page.title("report.customers.title")
    unit = t[f"report.unit.{data.customers.time_unit}"]
    page.note(*(line.format(unit=unit) for line in t["report.customers.note"]))
    if kept.cut:
        page.notice(cut_note(page, kept, customers_file))
    else:
        page.blank()
    header = page.header(t["report.col.customer"], *(title for title, _, _ in columns))
    page.repeat(header)
    ids = kept.take(data.customers.customer_id)
    page.measure(1, ids)
    for column, (_, values, kind) in enumerate(columns, start=2):
        page.measure(column, kept.take(values), kind)
    block = RowBlock(page.ws, header + 1, [
        (ids, page.cells.style_id()),
        *((kept.take(values), page.cells.style_id(kind)) for _, values, kind in columns)])
    page.reserve(block.rows)
    page.ws.auto_filter.ref = f"A{header}:{block.last_ref}"
    return block


def every_nth(count, limit):
    """Which of ``count`` items (periods, cohorts) to show when at most ``limit`` fit: all of
    them, or every ``step``-th from the first, and the last, with the smallest step that fits.
    Returns ``(indices, step)``.

    >>> shown, step = every_nth(72, limit=24)
    >>> step, shown.tolist()[:4], shown.tolist()[-2:], shown.size <= 24
    (4, [0, 4, 8, 12], [68, 71], True)
    >>> every_nth(24, limit=24)[1]
    1
    """
    if count <= limit:
        return np.arange(count), 1
    step = -(-(count - 1) // (limit - 1))
    shown = np.arange(0, count, step)
    if shown[-1] != count - 1:
        shown = np.append(shown, count - 1)
    return shown, step


def cohorts(page, data):
    """The cohort table (colour scale from low to high) and one line per cohort; past
    :data:`COHORT_COLUMNS` periods (a long history, or a placeholder date such as 0001-01-01
    that would need more columns than Excel's 16,384) every step-th period is shown, and the
    line above the table says so. The values are running totals, so a shown column is complete:
    it is everything up to its period. The chart draws at most :data:`CHART_COHORTS` cohorts."""
    t, table = page.texts, data.cohorts
    unit = t[f"report.unit.{data.cohort_period}"]
    shown, step = every_nth(table.period.size, COHORT_COLUMNS)
    page.title("report.cohorts.title")
    page.note(*(line.format(unit=unit) for line in t["report.cohorts.note"]))
    if step > 1:
        lang = page.cells.lang
        page.notice(t["report.cohorts.folded"].format(
            periods=whole(table.period.size, lang), unit=unit, step=step,
            last=whole(table.period[-1], lang)))
    else:
        page.blank()
    header = page.append([page.cells.text(t["report.cohort"], styles.HEADER),
                          page.cells.text(t["report.cohort_size"], styles.HEADER),
                          *page.cells.row(*table.period[shown].tolist(), style=styles.HEADER)])
    page.repeat(header)
    for label, size, values in zip(table.cohort.tolist(), table.size.tolist(),
                                   table.values[:, shown].tolist()):
        page.append([page.cells.text(label), page.cells.value(size, "count"),
                     *page.cells.row(*values, kind="money", style=styles.OUTPUT)])
    first, last = header + 1, page.row
    page.keep(header, last)
    last_column = 2 + shown.size
    values = f"C{first}:{get_column_letter(last_column)}{last}"
    page.ws.conditional_formatting.add(values, ColorScaleRule(
        start_type="min", start_color="F8696B", mid_type="percentile", mid_value=50,
        mid_color="FFEB84", end_type="max", end_color="63BE7B"))
    _cohort_chart(page, table.cohort.tolist(), header, last_column, unit)


def _cohort_chart(page, labels, header, last_column, unit):
    """Cumulative revenue per customer over the periods since acquisition, one line per
    cohort (every step-th past :data:`CHART_COHORTS`, said in the title), below the table."""
    last = header + len(labels)
    drawn, step = every_nth(len(labels), CHART_COHORTS)
    title = page.texts["report.cohorts.chart"]
    if step > 1:
        title = page.texts["report.cohorts.chart_some"].format(title=title, step=step)
    page.keep(last + 3, last + 3 + CHART_ROWS * 10 // 8)
    charts.row_line_chart(page, f"A{last + 3}", title, (header + 1 + drawn).tolist(), "A",
                          header, ("C", get_column_letter(last_column)),
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
    totals = (t["total"], customers, 1.0, revenue, 1.0 if revenue else np.nan,
              tiers.gross_profit.sum(),
              revenue / customers)
    kinds = (None, "count", "rate", "money", "rate", "money", "money")
    for values, style in [*((row, styles.OUTPUT) for row in rows), (totals, styles.TOTAL)]:
        page.append([page.cells.value(v, kind, style) for v, kind in zip(values, kinds)])
    page.keep(page.row + 3, page.row + 3 + CHART_ROWS)
    charts.bar_chart(page, f"A{page.row + 3}", t["report.segments.chart"], header,
                     header + len(rows), 1, (3, 5))
