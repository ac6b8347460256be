"""The report's first sheet: the forecast, before the history.

Customer equity (the sum of predicted CLV over the horizon) with its 90% interval, predicted CLV
per customer, against the CAC with its health when a CAC is given, and the valuable customers at
risk: the highest historical gross profit among those with P(alive) below one half. All numbers
come from a :class:`~clv_udfs.core.forecast.Forecast`; its sentences (the reason for the model,
why there is no interval) are shown in the report's language (:mod:`.sentences`).
"""

import numpy as np

from ...core.unit_economics import clv_cac_health, clv_cac_ratio
from .. import styles
from ..labels import health_legend, percent
from .sentences import fit_warnings, translated

AT_RISK_ROWS = 10
AT_RISK_BELOW = 0.5


def _line(page, label, value, kind):
    """A labelled calculated value (the label already in words); returns its row."""
    return page.append([page.cells.text(label), page.cells.value(value, kind, styles.OUTPUT)])


def at_risk(data, f, rows=AT_RISK_ROWS):
    """Indices of the valuable customers at risk: P(alive) < 0.5, highest historical gross
    profit first, at most ``rows``."""
    risky = np.flatnonzero(f.p_alive < AT_RISK_BELOW)
    order = np.argsort(-data.history.gross_profit[risky], kind="stable")
    return risky[order][:rows]


def forecast_sheet(page, data, f, months, discount):
    """Write the forecast sheet of ``f`` (a Forecast) for ``data`` (the ReportData)."""
    t, n = page.texts, len(data.customers)
    level = f.interval.level if f.interval is not None else 0.9
    page.ws.row_dimensions[1].height = 24
    page.append([page.cells.text(t["report.forecast.title"].format(months=months),
                                 styles.TITLE)], measure=False)
    lang = page.cells.lang
    page.note(*(line.format(discount=percent(discount, lang), model=f.chosen,
                            level=level) for line in t["report.forecast.note"]))
    page.note(translated(f.reason, lang))
    warnings = (*fit_warnings(f.transaction_diagnostics, lang),
                *fit_warnings(f.spend_diagnostics, lang))
    if warnings:   # a degenerate fit's forecast is not shown without them
        page.note(*warnings)
    if f.interval_problem:
        page.note(translated(f.interval_problem, lang))
    page.blank()
    page.header(t["report.forecast.figures"], "")
    _line(page, t["report.equity"], f.equity, "money")
    if f.interval is not None:
        _line(page, t["report.equity.lower"].format(level=level), f.interval.total_lower, "money")
        _line(page, t["report.equity.upper"].format(level=level), f.interval.total_upper, "money")
    _line(page, t["report.clv_per_customer"], f.equity / n, "money")
    if f.interval is not None:
        _line(page, t["report.clv_per_customer.lower"], f.interval.total_lower / n, "money")
        _line(page, t["report.clv_per_customer.upper"], f.interval.total_upper / n, "money")
    _line(page, t["report.expected_alive"], float(f.p_alive.sum()), "number")
    _line(page, t["report.model"], f.chosen, "text")
    if data.cac is not None:
        ratio = float(clv_cac_ratio(f.equity / n, data.cac))
        page.blank()
        page.header(t["report.forecast.versus"], "")
        page.pair("cac", data.cac, "money")
        _line(page, t["report.clv_per_customer"], f.equity / n, "money")
        row = page.pair("ratio", ratio, "ratio")
        styles.colour_ratios(page.ws, f"B{row}")
        page.pair("health", str(clv_cac_health(ratio)), "text")
        page.note(*health_legend(page.cells.lang))
    page.blank()
    _at_risk_table(page, data, f, months)


def _at_risk_table(page, data, f, months):
    """The valuable customers at risk, or a line saying there are none."""
    t = page.texts
    c = data.customers
    heading = page.notice(t["report.at_risk"])
    chosen = at_risk(data, f)
    if chosen.size == 0:
        page.note(t["report.at_risk.none"])
        return
    unit = t[f"report.unit.{c.time_unit}"]
    page.header(t["report.col.customer"], t["report.col.profit"], t["report.col.p_alive"],
                t["report.col.since_last"].format(unit=unit),
                t["report.col.clv"].format(months=months))
    for i in chosen.tolist():
        page.append([page.cells.text(str(c.customer_id[i])),
                     page.cells.value(float(data.history.gross_profit[i]), "money",
                                      styles.OUTPUT),
                     page.cells.value(float(f.p_alive[i]), "rate", styles.OUTPUT),
                     page.cells.value(float(c.T[i] - c.recency[i]), "duration", styles.OUTPUT),
                     page.cells.value(float(f.clv[i]), "money", styles.OUTPUT)])
    page.keep(heading, page.row)
