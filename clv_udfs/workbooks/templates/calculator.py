"""Template 1, the CLV calculator: three CLV methods side by side, then each against CAC.

Examples: €50 × 6 purchases × 3 years = €900 (simple); €100 margin a year at 80% retention and
10% discount = €366.67 (predictive, first margin now); €100 MRR at 80% margin and 5% monthly
churn = €1,600 (subscription).
"""

from dataclasses import dataclass

from ..arithmetic import PRODUCT
from ..labels import health_legend

KEY = "clv-calculator"
SHEET = "calculator.sheet"


@dataclass(frozen=True)
class _Method:
    header: str
    label: str  # column of the labels
    value: str  # column of the values
    inputs: tuple  # (text key, kind, example, defined name)
    function: str


_METHODS = (
    _Method("calculator.simple", "A", "B",
            (("aov", "money", 50, "avg_order_value"),
             ("purchases_per_year", "number", 6, "purchases_per_year"),
             ("lifespan_years", "years", 3, "lifespan_years")), "CLV_SIMPLE"),
    _Method("calculator.predictive", "D", "E",
            (("margin_per_year", "money", 100, "margin_per_year"),
             ("retention", "rate", 0.8, "retention_rate"),
             ("discount", "rate", 0.1, "discount_rate")), "CLV_PREDICTIVE"),
    _Method("calculator.subscription", "G", "H",
            (("mrr", "money", 100, "monthly_revenue"),
             ("gross_margin", "rate", 0.8, "gross_margin"),
             ("monthly_churn", "rate", 0.05, "monthly_churn")), "CLV_SUBSCRIPTION"),
)


def build(sheet):
    """Fill ``sheet`` (a :class:`~clv_udfs.workbooks.sheet.Sheet`) with the calculator."""
    t = sheet.texts
    sheet.title("A1", "calculator.title")
    top = sheet.how_to(2, (t["calculator.howto"], *health_legend(sheet.lang)))
    acquisition, versus = top + 6, top + 10
    cac, target = f"B{acquisition + 1}", f"B{acquisition + 2}"

    sheet.header(f"A{acquisition}", "calculator.acquisition", through=f"B{acquisition}")
    sheet.label(f"A{acquisition + 1}", "cac")
    sheet.input(cac, "money", 300, t["cac"], name="acquisition_cost")
    sheet.label(f"A{acquisition + 2}", "target_ratio")
    sheet.input(target, "ratio", 3, t["target_ratio"], name="target_ratio")

    for method in _METHODS:
        value = method.value
        inputs = [f"{value}{top + i}" for i in (1, 2, 3)]
        clv = f"{value}{top + 4}"
        sheet.header(f"{method.label}{top}", method.header, through=f"{value}{top}")
        for ref, (key, kind, example, name) in zip(inputs, method.inputs):
            sheet.label(f"{method.label}{ref[1:]}", key)
            sheet.input(ref, kind, example, t[key], name=name)
        sheet.label(f"{method.label}{top + 4}", "clv")
        sheet.compute(clv, "money", method.function, *inputs)

        ratio = f"{value}{versus + 1}"
        sheet.header(f"{method.label}{versus}", "calculator.versus", through=f"{value}{versus}")
        for ref, key, kind, function, args in (
                (ratio, "ratio", "ratio", "CLV_CAC_RATIO", (clv, cac)),
                (f"{value}{versus + 2}", "health", "text", "CLV_CAC_HEALTH", (ratio, target)),
                (f"{value}{versus + 3}", "max_cac", "money", "MAX_CAC", (clv, target))):
            sheet.label(f"{method.label}{ref[1:]}", key)
            sheet.compute(ref, kind, function, *args)

    # Payback needs a monthly gross profit and a churn rate: only the subscription has them.
    mrr, margin, churn = (f"H{top + i}" for i in (1, 2, 3))
    profit = f"H{versus + 4}"
    sheet.label(f"G{versus + 4}", "gp_month")
    sheet.compute(profit, "money", PRODUCT, mrr, margin)
    sheet.label(f"G{versus + 5}", "payback")
    sheet.compute(f"H{versus + 5}", "months", "PAYBACK_MONTHS", cac, profit, churn)

    sheet.widths(A=36, B=16, C=3, D=38, E=16, F=3, G=38, H=16)
    sheet.finish(freeze=f"A{top}")
