"""The transaction report workbook: summary, customers, cohorts and segments, as values.

:func:`write_report` is the one entry point (the ``report`` command and the demo use it): it
computes everything with the core (:func:`~.data.analyse`) and streams the sheets
(:mod:`.sheets`) into an openpyxl write-only workbook, adds the customer rows as plain
SpreadsheetML (:mod:`.rows`: openpyxl would take a minute for 200,000 customers), and
saves it through
:func:`~clv_udfs.writing.write_atomically` (an existing file is replaced only with ``force``).
"""

import io

from openpyxl import Workbook

from ...writing import write_atomically
from .. import styles
from . import channels as report_channels
from . import rows as report_rows
from . import sheets as report_sheets
from ..labels import texts
from .cells import Page
from .data import analyse
from .progress import SILENT

_WIDTHS = {
    "report.summary.sheet": {"A": 46, "B": 26},
    "report.customers.sheet": {"A": 18, **{c: 15 for c in "BCDEFGHIJKLMN"}},
    "report.cohorts.sheet": {"A": 12, "B": 11},
    "report.segments.sheet": {"A": 12, **{c: 17 for c in "BCDEFG"}},
}
_FREEZE = {"report.customers.sheet": f"B{report_sheets.TABLE_HEADER_ROW + 1}",
           "report.cohorts.sheet": f"C{report_sheets.TABLE_HEADER_ROW + 1}"}


def write_report(path, transactions, *, margin=1.0, cac=None, time_unit="W", cohort_period="M",
                 lang="en", currency="EUR", source="", extra_columns=None, force=False,
                 progress=SILENT, channels=None):
    """Write the report of ``transactions`` to ``path``; returns its :class:`ReportData`.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write; an existing file is replaced only with ``force``.
    transactions : ReadTransactions
        ``(customer_ids, dates, amounts, report)`` from :func:`clv_udfs.reading.read_transactions`
        or :func:`clv_udfs.sample.read_cdnow_sample`.
    margin : rate
        Gross margin for gross profit (historical CLV), 0–1; default 1 (profit = revenue).
    cac : money, optional
        Acquisition cost per customer; adds CLV:CAC and its health to the summary.
    time_unit : {"D", "W", "M", "Y"}
        Unit of recency and age T on the customers sheet; default weeks.
    cohort_period : {"D", "W", "M", "Y"}
        Calendar period of the cohorts; default months.
    lang : {"en", "nl"}
    currency : {"EUR", "USD"}
    source : str
        Where the transactions came from (shown on the summary), e.g. the file name.
    extra_columns : callable, optional
        The hook for predictive columns: called with the :class:`~.data.ReportData`, it
        returns :class:`~.data.CustomerColumn` s (one value per customer, in the order
        of ``data.customers``) appended to the customers sheet.
    progress : Progress
        Where to show progress (default: nowhere).
    channels : ChannelInputs, optional
        Channels, spend and segments (:func:`clv_udfs.reading_channels.read_channel_inputs`):
        adds the channels sheet (:mod:`.channels`).
    """
    with write_atomically(path, force=force) as temporary:
        progress.stage("analysing")
        data = analyse(transactions, margin, cac, time_unit, cohort_period)
        extra = extra_columns(data) if extra_columns else ()
        book = Workbook(write_only=True)
        book.properties.creator = "clv-udfs"
        styles.register(book)
        words = texts(lang)

        def page(key):
            return Page(book, words[key], currency, lang, words, _WIDTHS[key], _FREEZE.get(key))

        report_sheets.summary(page("report.summary.sheet"), data, source)
        rows = report_sheets.customers(page("report.customers.sheet"), data, extra)
        report_sheets.cohorts(page("report.cohorts.sheet"), data)
        report_sheets.segments(page("report.segments.sheet"), data)
        if channels is not None:
            report_channels.write(book, channels, transactions, margin=margin, currency=currency,
                                  lang=lang, texts=words,
                                  predicted=report_channels.predicted_clv(extra, words))
        saved = io.BytesIO()
        book.save(saved)
        progress.stage("writing customers")
        report_rows.splice(saved, temporary, rows, progress)
    progress.close()
    return data
