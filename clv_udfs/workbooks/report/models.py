"""The report's models sheet: how the purchase model was checked and chosen, and the fits that
drive the forecast.

From a :class:`~clv_udfs.core.forecast.Forecast`: the calibration/holdout split in words (or why
there is none); the holdout check, one row per model (log-likelihood, BIC, predicted and actual
holdout repeat purchases, error, the calibration fit's warnings) with a chart; the chosen model
and the reason in one sentence; the mean holdout purchases by calibration repeat purchases 0 … 7+; the weekly tracking of
cumulative repeat purchases, actual against each model, with a chart; then the chosen model
and Gamma-Gamma as fitted on all the data, with standard errors, log-likelihood, BIC,
convergence and warnings in words. The forecast's sentences (the reason, the warnings, why a
model could not be fitted) are shown in the report's language (:mod:`.sentences`).
"""

import numpy as np

from .. import charts, styles
from ..labels import decimal
from .sentences import fit_warnings, translated

CHART_COLUMN = "D"       # beside the fits (columns A–C), within the holdout table's width
CHART_WIDTH = 12         # centimetres: columns D–G
CHART_ROWS = 18          # rows left free above the tracking table for its chart (8 cm high)


def _heading(page, text):
    """A section heading; like a notice it does not widen column A."""
    return page.notice(text)


def _row(page, label, *values):
    """A row: a label, then (value, kind) pairs as calculated cells."""
    return page.append([page.cells.text(str(label)),
                        *(page.cells.value(v, kind, styles.OUTPUT) for v, kind in values)])


def models_sheet(page, data, f):
    """Write the models sheet of ``f`` (a Forecast) for ``data`` (the ReportData)."""
    t, lang = page.texts, page.cells.lang
    page.title("report.models.title")
    if f.holdout is None:
        page.note(t["report.models.none"].format(reason=translated(f.no_holdout, lang)))
    else:
        h = f.holdout
        unit = t[f"report.unit.{h.time_unit}"]
        page.note(t["report.models.split"].format(
            first=h.first_day.min(), split=h.calibration_end,
            length=decimal(h.holdout_length, 1, lang), unit=unit, last=h.observation_end))
    page.blank()
    _row(page, t["report.models.chosen"], (f.chosen, "text"))
    page.note(translated(f.reason, lang))
    compared = None
    if f.check is not None:
        page.blank()
        compared = _comparison(page, f.check)
        page.blank()
        _by_frequency(page, f.check)
    page.blank()
    fits = _fits(page, f)
    if compared is not None:
        chart = charts.bar_chart(page, f"{CHART_COLUMN}{fits + 1}", t["report.models.chart"],
                                 *compared, 1, (4, 5), width=CHART_WIDTH)
        chart.y_axis.scaling.min = 0       # bars from zero: a 3% gap does not look double
    if f.tracking is not None:
        page.blank()
        _tracking(page, f)


def _comparison(page, check):
    """One row per model with its holdout totals; returns the table's header and last row
    (for the bar chart of predicted and actual, drawn beside the fits)."""
    t = page.texts
    heading = _heading(page, t["report.models.comparison"])
    header = page.header(t["report.models.col.model"], t["report.models.col.ll"],
                         t["report.models.col.bic"], t["report.models.col.predicted"],
                         t["report.models.col.actual"], t["report.models.col.error"],
                         t["report.models.warnings"])
    actual = float(check.actual.sum())
    for r in check.results:
        if r.predicted is None:
            page.append([page.cells.text(r.name), page.cells.text(t["report.models.failed"].format(
                problem=translated(r.problem, page.cells.lang)))])
            continue
        _row(page, r.name, (r.diagnostics.log_likelihood, "fixed"),
             (r.diagnostics.bic, "fixed"), (r.predicted_total, "fixed"), (actual, "count"),
             (check.error(r), "rate") if np.isfinite(check.error(r))
             else (t["report.models.no_holdout_purchases"], "text"),
             ("; ".join(fit_warnings(r.diagnostics, page.cells.lang))
              or t["report.models.no_warnings"], "text"))
    page.keep(heading, page.row)
    return header, page.row


def _by_frequency(page, check):
    """Mean actual and predicted holdout purchases per calibration frequency 0 … 7+."""
    t = page.texts
    labels, customers, actual, predicted = check.by_frequency()
    heading = _heading(page, t["report.models.by_frequency"])
    page.header(t["report.models.col.frequency"], t["report.models.col.customers"],
                t["report.models.col.actual_mean"], *predicted)
    for k, label in enumerate(labels):
        _row(page, label, (int(customers[k]), "count"), (float(actual[k]), "fixed"),
             *((float(means[k]), "fixed") for means in predicted.values()))
    page.keep(heading, page.row)


def _fits(page, f):
    """The chosen model and Gamma-Gamma as fitted on all the data, with their evidence;
    returns the row of the heading."""
    t = page.texts
    heading = _heading(page, t["report.models.fits"].format(
        unit=t[f"report.unit.{f.transactions.time_unit}"]))
    for d in (f.transaction_diagnostics, f.spend_diagnostics):
        page.header(d.name, t["report.models.col.estimate"], t["report.models.col.se"])
        for name, value in d.params.items():
            _row(page, name, (value, "estimate"), (d.standard_errors.get(name), "estimate"))
        _row(page, t["report.models.col.ll"], (d.log_likelihood, "fixed"))
        _row(page, t["report.models.col.bic"], (d.bic, "fixed"))
        _row(page, t["report.models.converged"],
             (t["report.yes"] if d.converged else t["report.no"], "text"))
        _row(page, t["report.models.customers"], (d.customers, "count"))
        warnings = fit_warnings(d, page.cells.lang) or (t["report.models.no_warnings"],)
        page.append([page.cells.text(t["report.models.warnings"]),
                     page.cells.text(warnings[0], styles.OUTPUT)])
        for line in warnings[1:]:
            page.append([page.cells.text(""), page.cells.text(line, styles.OUTPUT)])
        page.blank()
    page.keep(heading, page.row - 1)
    return heading


def _tracking(page, f):
    """Cumulative repeat purchases by week: actual and each model, with a line chart above
    the table (in :data:`CHART_ROWS` rows left free for it). The table runs over pages, so its
    header is the sheet's print title: the last table of the sheet, it is repeated on every
    page after the one it starts on and on none before."""
    t = page.texts
    days, actual, expected = f.tracking
    heading = _heading(page, t["report.models.tracking"])
    for _ in range(CHART_ROWS):
        page.blank()
    page.keep(heading, page.row)
    header = page.header(t["report.models.col.week"], t["report.models.col.actual_cumulative"],
                         *expected)
    page.repeat(header)
    for k, day in enumerate(days.tolist()):
        _row(page, day, (int(actual[k]), "count"),
             *((float(values[k]), "fixed") for values in expected.values()))
    split_week = int((f.holdout.calibration_end >= days).sum())
    charts.line_chart(page, f"A{heading + 1}",
                      t["report.models.tracking.chart"].format(week=split_week), header,
                      page.row, 1, range(2, 3 + len(expected)), width=20)
