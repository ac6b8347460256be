"""Template 5, cohort CLV (live only): sample transactions, the CLV_COHORT table over them and
one line per acquisition cohort.

The table is one CLV_COHORT array formula over its block, header row included
(:class:`~..spill.Table`): openpyxl cannot write a spilling dynamic array, and an array formula
over a fixed block works in every Excel. The block has room for the sample's six cohort months
and months 0–5 since acquisition; data with fewer show #N/A in the spare cells, as Excel shows
an array formula's cells beyond its result, and data with more are cut at the block's edge.

Live only: the table's size follows the data (one row per cohort, one column per month), which
no single native formula of Excel without dynamic arrays or of LibreOffice can spill, and a
native version needs helper columns beside every transaction, so the two flavours would differ
in more than their calls.

Example: 24 customers, four acquired each month from January to June 2024, buying again in
some of the following months (:func:`transactions`); the January cohort has brought in €227.25
per customer by month 5.
"""

from datetime import date

from .. import charts
from ..spill import Table

KEY = "cohort-clv"
SHEET = "cohort.sheet"
FLAVOURS = ("live",)

CUSTOMERS = 24
MONTHS = 6
INPUT_COLUMNS = "ABC"  # customer id, date, amount
TABLE_COLUMNS = "EFGHIJKL"  # cohort, customers acquired, then months 0 … MONTHS - 1


def transactions():
    """The sample rows ``(customer id as text, ISO date, amount)``, oldest first.

    Customer ``n`` (ids 1001 …) joins in month ``n // 4`` of 2024 and comes back in each later
    month where ``(n + k) % 3`` is not 0, ``k`` months after joining; amounts 20–79.
    """
    rows = []
    for n in range(CUSTOMERS):
        joined = n // (CUSTOMERS // MONTHS)
        for k in range(MONTHS - joined):
            if k == 0 or (n + k) % 3:
                day = 1 + (7 * n + 11 * k) % 28
                rows.append((str(1001 + n), date(2024, 1 + joined + k, day).isoformat(),
                             20 + (13 * n + 29 * k) % 60))
    return sorted(rows, key=lambda row: (row[1], row[0]))


def build(sheet):
    """Fill ``sheet`` with the transactions, the cohort table and its chart."""
    t = sheet.texts
    sheet.title("A1", "cohort.title")
    top = sheet.how_to(2, (t["cohort.howto"], t["cohort.howto.block"]),
                       add_in_note="howto.live_only")
    first = top + 2
    columns = _transactions(sheet, top, first)
    last = _table(sheet, top, first, columns)
    charts.row_line_chart(sheet, f"{TABLE_COLUMNS[0]}{last + 3}", t["cohort.chart"],
                          range(first, last + 1), TABLE_COLUMNS[0], top + 1,
                          TABLE_COLUMNS[2:], x_title=t["cohort.axis"],
                          y_title=t["cohort.per_customer"], width=20)
    sheet.widths(A=14, B=13, C=13, D=3, E=14, F=12,
                 **{column: 13 for column in TABLE_COLUMNS[2:]})
    sheet.finish(freeze=f"A{first}")


def _transactions(sheet, top, first):
    """The yellow transaction rows under their headers, their columns named customer_ids,
    order_dates and order_amounts (for typing CLV_COHORT by hand); returns the column ranges."""
    t = sheet.texts
    rows = transactions()
    last = first + len(rows) - 1
    sheet.header(f"A{top}", "cohort.transactions", through=f"C{top}")
    for index, (column, key, kind) in enumerate(zip(
            INPUT_COLUMNS, ("customer_id", "date", "amount"), ("text", "text", "money"))):
        sheet.header(f"{column}{top + 1}", key)
        for row, values in enumerate(rows, start=first):
            sheet.input(f"{column}{row}", kind, values[index], t[key])
    for name, column in zip(("customer_ids", "order_dates", "order_amounts"), INPUT_COLUMNS):
        sheet.define(name, f"{column}{first}:{column}{last}")
    return tuple(f"${column}${first}:${column}${last}" for column in INPUT_COLUMNS)


def _table(sheet, top, first, columns):
    """Cohort, customers acquired and cumulative revenue per customer for months 0 … 5 under
    the function's header row: one CLV_COHORT over the block; returns the last row."""
    sheet.header(f"{TABLE_COLUMNS[0]}{top}", "cohort.table", through=f"{TABLE_COLUMNS[-1]}{top}")
    sheet.ws.row_dimensions[top + 1].height = 45
    sheet.table(Table("CLV_COHORT", columns, f"{TABLE_COLUMNS[0]}{top + 1}", MONTHS + 1,
                      len(TABLE_COLUMNS)), ("text", "count", *("money",) * MONTHS))
    return first + MONTHS - 1
