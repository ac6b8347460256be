"""Read a written report back as plain data (openpyxl, cached values only), for the tests."""

import openpyxl

from clv_udfs.workbooks.labels import texts
from clv_udfs.workbooks.report.sheets import TABLE_HEADER_ROW


def open_report(path, lang="en"):
    """``{key: worksheet}`` of the report at ``path``, keyed "summary", "customers", …."""
    book = openpyxl.load_workbook(path, data_only=True)
    words = texts(lang)
    return {key: book[words[f"report.{key}.sheet"]]
            for key in ("summary", "customers", "cohorts", "segments")}


def summary_values(ws, lang="en"):
    """``{text key: value}`` of the labelled values of the summary sheet (first occurrence)."""
    labels = {}
    for label, value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        if value is not None:
            labels.setdefault(label, value)
    return {key: labels[text] for key, text in texts(lang).items() if text in labels}


def table(ws, header_row=TABLE_HEADER_ROW):
    """The header and the data rows (lists of values) of a table sheet, blank rows ending it."""
    rows = ws.iter_rows(min_row=header_row, values_only=True)
    header = list(next(rows))
    data = []
    for row in rows:
        if all(v is None for v in row):
            break
        data.append(list(row))
    return header, data


def cells_of_column(ws, column=1, first_row=TABLE_HEADER_ROW + 1):
    """The cells of one column below the header."""
    return [row[0] for row in ws.iter_rows(min_row=first_row, min_col=column, max_col=column)]
