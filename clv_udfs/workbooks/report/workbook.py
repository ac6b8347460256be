"""The transaction report workbook: summary, customers, cohorts and segments, as values.

:func:`write_report` is the one entry point (the ``report`` command and the demo use it): it
computes everything with the core (:func:`~.data.analyse`), decides which customers the
customers sheet holds and writes the companion file of all of them when needed
(:mod:`.companion`), lays out the sheets (:mod:`.sheets`) on :class:`~.cells.Page` s, which size
their columns and set up printing when closed (:mod:`.layout`), adds the customer rows as plain
SpreadsheetML (:mod:`.rows`: openpyxl would take a minute for 200,000 customers), and saves
everything through :func:`~clv_udfs.writing.write_atomically` (an existing file is replaced
only with ``force``).
"""

import io
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

from openpyxl import Workbook

from ...writing import write_atomically
from .. import styles
from . import companion
from . import channels as report_channels
from . import rows as report_rows
from . import sheets as report_sheets
from ..labels import texts
from .cells import Page
from .data import analyse
from .progress import SILENT

_FREEZE = {"report.customers.sheet": f"B{report_sheets.TABLE_HEADER_ROW + 1}",
           "report.cohorts.sheet": f"C{report_sheets.TABLE_HEADER_ROW + 1}"}


def write_report(path, transactions, *, margin=1.0, cac=None, time_unit="W", cohort_period="M",
                 lang="en", currency="EUR", source="", extra_columns=None, force=False,
                 progress=SILENT, customers_file=None, extra_sheets=None, channels=None):
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
        of ``data.customers``) appended to the customers sheet. If it has a
        ``prepare(time_unit)`` method, that runs on a helper thread while the core
        analyses (the forecast's holdout split, which needs only the transactions).
    progress : Progress
        Where to show progress (default: nowhere).
    customers_file : {"csv", "parquet"}, optional
        Also write every customer's row to ``<report>.customers.<format>`` beside the report.
        When the customers outnumber a sheet's rows, the sheet keeps the top customers by
        predicted (else historical) CLV and this file is written anyway (CSV unless asked);
        see :mod:`.companion`.
    extra_sheets : callable, optional
        Called with the ReportData after ``extra_columns``, it returns ``(position, text key,
        writer)`` of sheets to add: position "first" before the summary, "last" after the
        segments; ``writer(page)`` fills the sheet (the forecast and models sheets), whose
        columns are sized to their values when the page closes.
    channels : ChannelInputs, optional
        Channels, spend and segments (:func:`clv_udfs.reading.channels.read_channel_inputs`):
        adds the channels sheet (:mod:`.channels`).
    """
    with ExitStack() as files:
        temporary = files.enter_context(write_atomically(path, force=force))
        progress.stage("analysing")
        prepare = getattr(extra_columns, "prepare", None)
        with ThreadPoolExecutor(1) as helper:   # the forecast's holdout split meanwhile
            prepared = prepare and helper.submit(prepare, time_unit)
            data = analyse(transactions, margin, cac, time_unit, cohort_period)
            prepared and prepared.result()
        extra = extra_columns(data) if extra_columns else ()
        added = tuple(extra_sheets(data)) if extra_sheets else ()
        book = Workbook(write_only=True)
        book.properties.creator = "clv-udfs"
        styles.register(book)
        words = texts(lang)
        columns = report_sheets.customer_columns(words, data, extra)
        kept = companion.kept_customers(data, extra, words, report_sheets.TABLE_HEADER_ROW)
        every = None
        if kept.cut or customers_file:
            file_format = customers_file or "csv"
            every = companion.companion_path(path, file_format)
            progress.stage(f"writing {every.name}")
            companion.write_customers(
                files.enter_context(write_atomically(every, force=force)), file_format,
                [words["report.col.customer"], *(title for title, _, _ in columns)],
                [data.customers.customer_id, *(values for _, values, _ in columns)], lang)

        pages = []

        def page(key):
            pages.append(Page(book, words[key], currency, lang, words, _FREEZE.get(key)))
            return pages[-1]

        def add(position):
            for where, key, writer in added:
                if where == position:
                    writer(page(key))

        name = every and every.name
        add("first")
        report_sheets.summary(page("report.summary.sheet"), data, source, kept, name,
                              getattr(extra_columns, "skipped", None))
        rows = report_sheets.customers(page("report.customers.sheet"), data, columns, kept, name)
        report_sheets.cohorts(page("report.cohorts.sheet"), data)
        report_sheets.segments(page("report.segments.sheet"), data)
        if channels is not None:
            report_channels.write(book, channels, transactions, margin=margin, currency=currency,
                                  lang=lang, texts=words,
                                  predicted=report_channels.predicted_clv(extra, words))
        add("last")
        for sheet in pages:
            sheet.close()
        saved = io.BytesIO()
        book.save(saved)
        progress.stage("writing customers")
        report_rows.splice(saved, temporary, rows, progress)
    progress.close()
    return data
