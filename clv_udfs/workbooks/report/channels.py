"""The report's channels sheet: unit economics per acquisition channel, the channels' cohort
curves against their CAC, and customers and CLV per segment — all values, from the core
(:mod:`clv_udfs.core.channels`).

Layout, top down: the notes (and, in bold, how many customers of the customers file never
ordered, :func:`unmatched_note`); the channel table (one row per channel, a total row, CLV:CAC
coloured by the templates' health bands) and a bar chart of CAC and CLV per channel like the
channel-economics template's; then the curves (cumulative gross profit per acquired customer
by months since acquisition, a CAC row under each channel that has one) with one small line
chart per channel, its CAC a flat reference line, so the payback month is where the two lines
cross; the spend per channel and calendar month; then one block per segment column.
"""

import numpy as np
from openpyxl.utils import get_column_letter

from ...core.channels import (
    NO_CUSTOMERS, NO_SPEND, NONE_ACQUIRED, NOT_YET, TOTAL, UNKNOWN, channel_economics,
    check_spend, mapped, segment_values,
)
from .. import charts, styles
from ..labels import health_legend, percent, whole
from .cells import Page

LABELS = {
    "en": {
        "report.channels.sheet": "Channels",
        "report.channels.title": "Acquisition channels: CAC, CLV and payback",
        "report.channels.note": (
            "A customer's channel is the channel of their first order (or the customers file); "
            "customers without one form \"unknown\". Channels match regardless of case and "
            "spaces.",
            "CAC = spend ÷ the customers acquired in the months with spend on the channel. "
            "Historical CLV = gross profit to date per acquired customer (margin {margin}%).",
            "Payback = the first month since acquisition (0 = the month of acquisition) in "
            "which cumulative gross profit per acquired customer reaches CAC. The total row "
            "blends the channels by new customers."),
        "report.channels.columns": ("Channel", "New customers", "Spend", "CAC",
                                    "Historical CLV (gross profit per customer)", "CLV:CAC",
                                    "Health", "Payback (month since acquisition)",
                                    "Predicted CLV (mean)"),
        "report.channels.unmatched": (
            "1 customer of {file} has no order among the rows this report uses ({ids}): it "
            "is in no channel or segment here.",
            "{count} customers of {file} have no order among the rows this report uses (e.g. "
            "{ids}): they are in no channel or segment here.",
            "{count} customers of {file} have no order among the rows this report uses "
            "({ids}): they are in no channel or segment here."),
        "report.channels.chart": "CAC and historical CLV per channel",
        "report.channels.curves": "Cumulative gross profit per acquired customer, by months "
                                  "since acquisition",
        "report.channels.cac_row": "{channel}: CAC",
        "report.channels.axis": "Months since acquisition",
        "report.channels.curves_charted": ("Charts of the {shown} channels with the most new "
                                           "customers, of {all}; every channel's curve is in "
                                           "the table above."),
        "report.channels.spend": "Spend per channel per month",
        "report.channels.segments": "By segment ({column})",
        "report.channels.segment_columns": ("Segment", "Customers", "Revenue",
                                            "Historical CLV (gross profit per customer)",
                                            "Predicted CLV (mean)"),
        "words": {NO_SPEND: NO_SPEND, NO_CUSTOMERS: NO_CUSTOMERS, NOT_YET: NOT_YET,
                  NONE_ACQUIRED: NONE_ACQUIRED, UNKNOWN: UNKNOWN, TOTAL: "Total"},
    },
    "nl": {
        "report.channels.sheet": "Kanalen",
        "report.channels.title": "Acquisitiekanalen: CAC, CLV en terugverdientijd",
        "report.channels.note": (
            "Het kanaal van een klant is het kanaal van de eerste bestelling (of uit het "
            "klantenbestand); klanten zonder kanaal vormen \"onbekend\". Hoofdletters en "
            "spaties tellen niet.",
            "CAC = uitgaven ÷ de klanten geworven in de maanden met uitgaven aan het kanaal. "
            "Historische CLV = brutowinst tot nu per geworven klant (marge {margin}%).",
            "Terugverdiend = de eerste maand sinds werving (0 = de maand van werving) waarin de "
            "cumulatieve brutowinst per geworven klant de CAC haalt. De totaalrij middelt de "
            "kanalen naar nieuwe klanten."),
        "report.channels.columns": ("Kanaal", "Nieuwe klanten", "Uitgaven", "CAC",
                                    "Historische CLV (brutowinst per klant)", "CLV:CAC",
                                    "Gezondheid", "Terugverdiend (maand sinds werving)",
                                    "Voorspelde CLV (gemiddeld)"),
        "report.channels.unmatched": (
            "1 klant uit {file} heeft geen bestelling in de rijen van dit rapport ({ids}): die "
            "telt hier in geen kanaal of segment mee.",
            "{count} klanten uit {file} hebben geen bestelling in de rijen van dit rapport "
            "(bijv. {ids}): die tellen hier in geen kanaal of segment mee.",
            "{count} klanten uit {file} hebben geen bestelling in de rijen van dit rapport "
            "({ids}): die tellen hier in geen kanaal of segment mee."),
        "report.channels.chart": "CAC en historische CLV per kanaal",
        "report.channels.curves": "Cumulatieve brutowinst per geworven klant, naar maanden "
                                  "sinds werving",
        "report.channels.cac_row": "{channel}: CAC",
        "report.channels.axis": "Maanden sinds werving",
        "report.channels.curves_charted": ("Grafieken van de {shown} kanalen met de meeste "
                                           "nieuwe klanten, van {all}; de curve van elk kanaal "
                                           "staat in de tabel hierboven."),
        "report.channels.spend": "Uitgaven per kanaal per maand",
        "report.channels.segments": "Per segment ({column})",
        "report.channels.segment_columns": ("Segment", "Klanten", "Omzet",
                                            "Historische CLV (brutowinst per klant)",
                                            "Voorspelde CLV (gemiddeld)"),
        "words": {NO_SPEND: "geen uitgaven", NO_CUSTOMERS: "geen klanten in uitgavemaanden",
                  NOT_YET: "nog niet", NONE_ACQUIRED: "geen klanten", UNKNOWN: "onbekend",
                  TOTAL: "Totaal"},
    },
}
"""The sheet's words (kept here, beside the only sheet that uses them)."""

_KINDS = (None, "count", "money", "money", "money", "ratio", None, "count", "money")
_CHART_ROWS = 18          # rows left free below a chart 8 cm high
_CURVE_CHART_WIDTH = 12   # cm; two charts side by side
CHART_CHANNELS = 12       # curve charts at most: those of the channels with most new customers
CHANNEL_COLUMNS = ("channel", "new_customers", "spend", "cac", "clv", "ratio", "health",
                   "payback")


def analyse(transactions, inputs, margin, predicted=None):
    """``(ChannelEconomics or None, [(column, SegmentValues)])`` of the report's transactions
    (a :class:`~clv_udfs.reading.ReadTransactions`, checked once by the reader under its
    ``--returns`` policy) and :class:`~clv_udfs.reading.channels.ChannelInputs`."""
    tx = transactions.transactions
    economics = None
    if inputs.channels is not None:
        listing = inputs.channels
        spend = inputs.spend if inputs.spend is not None else check_spend([], [], [])
        economics = channel_economics(
            tx, mapped(tx, listing.ids, listing.values, listing.column, listing.rows), spend,
            margin, written=listing.written, predicted=predicted)
    segments = []
    if inputs.segments is not None:
        listing = inputs.segments
        segments.append((listing.column, segment_values(
            tx, mapped(tx, listing.ids, listing.values, listing.column, listing.rows), margin,
            predicted)))
    return economics, segments


def predicted_clv(extra, texts):
    """The predicted CLV per customer among the report's extra customer columns (those of
    :class:`~.predictions.Predictions`), or None when predictions are off or left out."""
    stem = texts["report.col.clv"].split("{")[0]
    return next((column.values for column in extra if column.header.startswith(stem)), None)


def write(book, inputs, transactions, *, margin, currency, lang, texts, predicted=None):
    """Add the channels sheet to ``book`` (a write-only workbook); returns what it shows."""
    words = {**texts, **LABELS[lang]}
    economics, segments = analyse(transactions, inputs, margin, predicted)
    page = Page(book, words["report.channels.sheet"], currency, lang, words, "B6")
    page.title("report.channels.title")
    page.note(*(line.format(margin=percent(margin, lang)) for line in
                words["report.channels.note"]))
    if inputs.unmatched is not None and inputs.unmatched.count:
        page.notice(unmatched_note(words, inputs.unmatched, lang))
    else:
        page.blank()
    if economics is not None:
        _table(page, economics)
        _curves(page, economics)
        _spend(page, economics)
    for column, values in segments:
        _segments(page, column, values)
    page.close()
    return economics, segments


def unmatched_note(words, unmatched, lang):
    """The line saying how many customers of the customers file never ordered, with the first
    few ids (:class:`~clv_udfs.reading.channels.Unmatched`).

    >>> from clv_udfs.reading.channels import Unmatched
    >>> print(unmatched_note(LABELS["nl"], Unmatched(1200, ("7", "8"), "klanten.csv"), "nl"))
    ... # doctest: +NORMALIZE_WHITESPACE
    1.200 klanten uit klanten.csv hebben geen bestelling in de rijen van dit rapport
    (bijv. 7, 8): die tellen hier in geen kanaal of segment mee.
    """
    one, some, every = words["report.channels.unmatched"]   # "e.g." only when ids are left out
    listed = every if unmatched.count <= len(unmatched.examples) else some
    return (one if unmatched.count == 1 else listed).format(
        count=whole(unmatched.count, lang), file=unmatched.file,
        ids=", ".join(unmatched.examples))


def _word(page, value):
    """A core word (no spend, not yet, unknown, total) in the sheet's language."""
    return page.texts["words"].get(value, value) if isinstance(value, str) else value


def _table(page, e):
    """The channel table, its colours, legend and bar chart."""
    t = page.texts
    predicted = e.predicted is not None
    titles = t["report.channels.columns"][:9 if predicted else 8]
    header = page.header(*titles)
    columns = [e.channel, e.new_customers, e.spend, *map(e.shown, CHANNEL_COLUMNS[3:])]
    if predicted:
        columns.append(e.predicted)
    rows = list(zip(*(column.tolist() for column in columns)))
    for number, row in enumerate(rows, start=1):
        style = styles.TOTAL if number == len(rows) else styles.OUTPUT
        page.append([page.cells.value(_word(page, value), kind if not isinstance(value, str)
                                      else None, style)
                     for value, kind in zip(row, _KINDS)])
    styles.colour_ratios(page.ws, f"F{header + 1}:F{page.row}")
    page.blank()
    page.note(*health_legend(page.cells.lang))
    charts.bar_chart(page, f"A{page.row + 2}", t["report.channels.chart"], header,
                     header + len(rows) - 1, 1, (4, 5), width=24)
    for _ in range(_CHART_ROWS + 1):
        page.blank()


def _curves(page, e):
    """The curve of each channel (and the total), a CAC row under each one with a CAC, and a
    line chart per channel, its curve and its CAC as a reference line: of the
    :data:`CHART_CHANNELS` channels with the most new customers (said when there are more)."""
    t = page.texts
    page.notice(t["report.channels.curves"])
    months = e.curve.shape[1]
    header = page.append([page.cells.text(t["channel"], styles.HEADER),
                          *page.cells.row(*range(months), style=styles.HEADER)])
    blocks = []
    for label, curve, cac in zip(e.channel.tolist(), e.curve.tolist(), e.cac.tolist()):
        name = _word(page, label)
        rows = [page.append([page.cells.text(name),
                             *page.cells.row(*curve, kind="money", style=styles.OUTPUT)])]
        if not np.isnan(cac):
            rows.append(page.append([
                page.cells.text(t["report.channels.cac_row"].format(channel=name)),
                *page.cells.row(*[cac] * months, kind="money")]))
        blocks.append((name, rows))
    last_column = get_column_letter(1 + months)
    with_curve = np.flatnonzero(~np.isnan(e.curve).all(axis=1))
    chosen = np.sort(with_curve[np.argsort(-e.new_customers[with_curve], kind="stable")]
                     [:CHART_CHANNELS])
    drawn = [blocks[k] for k in chosen.tolist()]
    if len(drawn) < with_curve.size:   # a campaign column: hundreds of channels
        page.note(t["report.channels.curves_charted"].format(shown=len(drawn),
                                                             all=with_curve.size))
    first_chart = page.row + 2
    for index, (name, rows) in enumerate(drawn):
        anchor = f"{'AE'[index % 2]}{first_chart + (index // 2) * _CHART_ROWS}"
        chart = charts.row_line_chart(page, anchor, name, rows, "A", header,
                                      ("B", last_column), x_title=t["report.channels.axis"],
                                      width=_CURVE_CHART_WIDTH)
        chart.y_axis.scaling.min = 0
        for series in chart.series:
            series.smooth = False
    for _ in range(((len(drawn) + 1) // 2) * _CHART_ROWS + 2):
        page.blank()


def _spend(page, e):
    """The spend lines summed per channel and calendar month (the CAC's numerators)."""
    page.notice(page.texts["report.channels.spend"])
    page.append([page.cells.text(page.texts["channel"], styles.HEADER),
                 *page.cells.row(*e.months.tolist(), style=styles.HEADER)])
    for label, spent in zip(e.channel.tolist(), e.spend_by_month.tolist()):
        page.append([page.cells.text(_word(page, label)),
                     *page.cells.row(*spent, kind="money", style=styles.OUTPUT)])
    page.blank()


def _segments(page, column, s):
    """Customers, revenue and historical (and predicted) CLV per segment of ``column``."""
    t = page.texts
    page.notice(t["report.channels.segments"].format(column=column))
    predicted = s.predicted is not None
    page.header(*t["report.channels.segment_columns"][:5 if predicted else 4])
    columns = [s.segment, s.customers, s.revenue, s.clv]
    if predicted:
        columns.append(s.predicted)
    for row in zip(*(c.tolist() for c in columns)):
        page.append([page.cells.value(_word(page, v), kind, styles.OUTPUT)
                     for v, kind in zip(row, (None, "count", "money", "money", "money"))])
    page.blank()
