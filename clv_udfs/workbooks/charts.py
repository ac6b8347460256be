"""Charts for clv-udfs sheets, drawn from cell ranges so they follow the inputs."""

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import column_index_from_string


def _place(sheet, chart, title, anchor, x_title, y_title, width, height=8, legend="b"):
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides axes otherwise
    chart.height, chart.width = height, width
    chart.legend.position = legend
    sheet.ws.add_chart(chart, anchor)


def _by_column(chart, sheet, anchor, title, header_row, last_row, category_col, value_cols,
               x_title, y_title, width):
    """``chart`` with one series per column in ``value_cols`` (numbers, 1 = A), the series
    names in ``header_row`` and the categories from ``category_col`` below it, placed."""
    for col in value_cols:
        chart.add_data(Reference(sheet.ws, min_col=col, min_row=header_row, max_row=last_row),
                       titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=category_col, min_row=header_row + 1,
                                   max_row=last_row))
    _place(sheet, chart, title, anchor, x_title, y_title, width)
    return chart


def bar_chart(sheet, anchor, title, header_row, last_row, category_col, value_cols,
              x_title=None, y_title=None, width=16):
    """Clustered columns, one series per column of ``value_cols``; ``width`` in centimetres."""
    chart = BarChart()
    chart.type = "col"
    return _by_column(chart, sheet, anchor, title, header_row, last_row, category_col,
                      value_cols, x_title, y_title, width)


def line_chart(sheet, anchor, title, header_row, last_row, category_col, value_cols,
               x_title=None, y_title=None, width=16):
    """Lines over the categories in ``category_col``, one per column of ``value_cols``."""
    return _by_column(LineChart(), sheet, anchor, title, header_row, last_row, category_col,
                      value_cols, x_title, y_title, width)


def row_line_chart(sheet, anchor, title, rows, label_col, category_row, value_cols,
                   x_title=None, y_title=None, width=16, height=8, legend="b"):
    """Lines over the categories in ``category_row``, one per row of ``rows``, each named by
    its cell in ``label_col``; columns are letters here ("E", "GHIJ")."""
    chart = LineChart()
    first, last = (column_index_from_string(c) for c in (value_cols[0], value_cols[-1]))
    for row in rows:
        values = Reference(sheet.ws, min_col=first, max_col=last, min_row=row, max_row=row)
        label = Reference(sheet.ws, min_col=column_index_from_string(label_col), min_row=row)
        chart.series.append(Series(values, title=None))
        chart.series[-1].tx = SeriesLabel(strRef=StrRef(str(label)))
    chart.set_categories(Reference(sheet.ws, min_col=first, max_col=last, min_row=category_row,
                                   max_row=category_row))
    _place(sheet, chart, title, anchor, x_title, y_title, width, height, legend)
    return chart
