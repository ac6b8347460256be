"""Template 3, subscription (SaaS): CLV, lifespan and payback from MRR, margin and churn, with a
sensitivity table of CLV over monthly churn × gross margin and its chart.

Example: €100 MRR at 80% margin and 5% monthly churn → CLV €1,600, 20 months; a CAC of €600 is
paid back in 7.5 months ignoring churn, 9.2 counting it.
"""

from .. import charts
from ..arithmetic import PRODUCT
from ..labels import health_legend

KEY = "subscription-saas"
SHEET = "saas.sheet"

_CHURNS = tuple(n / 100 for n in range(1, 11))
_MARGINS = (0.6, 0.7, 0.8, 0.9)
_TABLE_COLUMNS = "BCDE"


def build(sheet):
    """Fill ``sheet`` with the SaaS inputs, results, sensitivity table and chart."""
    t = sheet.texts
    sheet.title("A1", "saas.title")
    top = sheet.how_to(2, (t["saas.howto"], *health_legend(sheet.lang)))
    mrr, margin, churn, cac = (f"B{top + i}" for i in (1, 2, 3, 4))
    sheet.header(f"A{top}", "saas.inputs", through=f"B{top}")
    for ref, key, kind, value, name in (
            (mrr, "mrr", "money", 100, "monthly_revenue"),
            (margin, "gross_margin", "rate", 0.8, "gross_margin"),
            (churn, "monthly_churn", "rate", 0.05, "monthly_churn"),
            (cac, "cac", "money", 600, "acquisition_cost")):
        sheet.label(f"A{ref[1:]}", key)
        sheet.input(ref, kind, value, t[key], name=name)

    results = top + 6
    clv, profit, ratio = f"B{results + 1}", f"B{results + 3}", f"B{results + 6}"
    sheet.header(f"A{results}", "saas.results", through=f"B{results}")
    for ref, key, kind, what, args in (
            (clv, "clv", "money", "CLV_SUBSCRIPTION", (mrr, margin, churn)),
            (f"B{results + 2}", "lifespan_months", "months", "CUSTOMER_LIFESPAN", (churn,)),
            (profit, "gp_month", "money", PRODUCT, (mrr, margin)),
            (f"B{results + 4}", "payback_no_churn", "months", "PAYBACK_MONTHS", (cac, profit)),
            (f"B{results + 5}", "payback", "months", "PAYBACK_MONTHS", (cac, profit, churn)),
            (ratio, "ratio", "ratio", "CLV_CAC_RATIO", (clv, cac)),
            (f"B{results + 7}", "health", "text", "CLV_CAC_HEALTH", (ratio,))):
        sheet.label(f"A{ref[1:]}", key)
        sheet.compute(ref, kind, what, *args)

    _sensitivity(sheet, results + 9, mrr)
    sheet.widths(A=40, B=14, C=14, D=14, E=14)
    sheet.finish(freeze=f"A{top}")


def _sensitivity(sheet, row, mrr):
    """CLV for each churn (rows, yellow) × gross margin (columns, yellow), then the chart."""
    t = sheet.texts
    sheet.header(f"A{row}", "saas.sensitivity", through=f"{_TABLE_COLUMNS[-1]}{row}")
    head, first = row + 1, row + 2
    last = first + len(_CHURNS) - 1
    sheet.label(f"A{head}", "monthly_churn")
    for column, value in zip(_TABLE_COLUMNS, _MARGINS):
        sheet.input(f"{column}{head}", "rate", value, t["gross_margin"])
    for r, value in zip(range(first, last + 1), _CHURNS):
        sheet.input(f"A{r}", "rate", value, t["monthly_churn"])
        for column in _TABLE_COLUMNS:
            sheet.compute(f"{column}{r}", "money", "CLV_SUBSCRIPTION",
                       f"${mrr[0]}${mrr[1:]}", f"{column}${head}", f"$A{r}")
    charts.line_chart(sheet, f"G{row}", t["saas.chart"], head, last, 1, (2, 3, 4, 5),
                      x_title=t["monthly_churn"], y_title=t["clv"])
