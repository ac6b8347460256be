"""Charts for clv-udfs sheets, drawn from cell ranges so they follow the inputs."""

from openpyxl.chart import BarChart, LineChart, Reference


def _place(sheet, chart, title, anchor, x_title, y_title, width):
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides axes otherwise
    chart.height, chart.width = 8, width
    chart.legend.position = "b"
    sheet.ws.add_chart(chart, anchor)


def _columns(sheet, first_row, last_row, columns):
    return [Reference(sheet.ws, min_col=col, min_row=first_row, max_row=last_row)
            for col in columns]


def bar_chart(sheet, anchor, title, header_row, last_row, category_col, value_cols,
              y_title=None, width=16):
    """Clustered columns, one series per column in ``value_cols`` (numbers, 1 = A), the
    series names in ``header_row``, categories from ``category_col`` below it; ``width`` in
    centimetres."""
    chart = BarChart()
    chart.type = "col"
    for data in _columns(sheet, header_row, last_row, value_cols):
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(_columns(sheet, header_row + 1, last_row, [category_col])[0])
    _place(sheet, chart, title, anchor, None, y_title, width)
    return chart


def line_chart(sheet, anchor, title, header_row, last_row, category_col, value_cols,
               x_title=None, y_title=None, width=16):
    """Lines over the categories in ``category_col``, one per column of ``value_cols``."""
    chart = LineChart()
    for data in _columns(sheet, header_row, last_row, value_cols):
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(_columns(sheet, header_row + 1, last_row, [category_col])[0])
    _place(sheet, chart, title, anchor, x_title, y_title, width)
    return chart
