"""Template 4, retention levers: the CLV effect of changing one driver at a time.

Baseline CLV is the gross-profit CLV (``CLV_NET``) of €50 × 6 purchases × 3 years at 40% margin,
€360. Each lever row changes one driver and shows CLV beside the baseline: one more year of
lifespan on three is +33% (the literature's "4 years instead of 3"); 10% less yearly churn
(churn = 1 ÷ lifespan) lengthens the lifespan to 1 ÷ (⅓ × 0.9) = 3.33 years.
"""

from dataclasses import dataclass

from ..arithmetic import CHANGE, COPY, GROW, PLUS, RECIPROCAL, SHRINK

KEY = "retention-levers"
SHEET = "levers.sheet"

_BASELINE = (  # text key, kind, example, defined name; CLV_NET's argument order
    ("aov", "money", 50, "avg_order_value"),
    ("purchases_per_year", "number", 6, "purchases_per_year"),
    ("lifespan_years", "years", 3, "lifespan_years"),
    ("gross_margin", "rate", 0.4, "gross_margin"),
)
_LIFESPAN = 2  # index of the lifespan among the baseline drivers


@dataclass(frozen=True)
class _Lever:
    key: str
    change_kind: str
    change: float
    driver: int  # which baseline driver the lever moves (index into _BASELINE)
    now: object  # Op giving the driver's current value from the baseline cell
    after: object  # Op(now, change) giving the changed driver
    lifespan: object  # Op or catalogue function giving the lifespan from "after"; None: unchanged


_LEVERS = (
    _Lever("lever.lifespan", "years", 1, _LIFESPAN, COPY, PLUS, COPY),
    _Lever("lever.churn", "rate", 0.1, _LIFESPAN, RECIPROCAL, SHRINK, "CUSTOMER_LIFESPAN"),
    _Lever("lever.aov", "rate", 0.1, 0, COPY, GROW, None),
    _Lever("lever.frequency", "rate", 0.1, 1, COPY, GROW, None),
    _Lever("lever.margin", "rate", 0.05, 3, COPY, PLUS, None),
)
_HEADERS = (("A", "lever"), ("B", "change"), ("C", "driver_now"), ("D", "driver_after"),
            ("E", "lifespan_after"), ("F", "clv_after"), ("G", "vs_baseline"))


def build(sheet):
    """Fill ``sheet`` with the baseline and one row per lever."""
    t = sheet.texts
    sheet.title("A1", "levers.title")
    top = sheet.how_to(2, (t["levers.howto"],))
    sheet.header(f"A{top}", "levers.baseline", through=f"B{top}")
    drivers = [f"B{top + i}" for i in range(1, len(_BASELINE) + 1)]
    for ref, (key, kind, value, name) in zip(drivers, _BASELINE):
        sheet.label(f"A{ref[1:]}", key)
        sheet.input(ref, kind, value, t[key], name=name)
    baseline = f"B{top + len(_BASELINE) + 1}"
    sheet.label(f"A{baseline[1:]}", "clv_profit")
    sheet.compute(baseline, "money", "CLV_NET", *drivers)

    head = top + len(_BASELINE) + 3
    for column, key in _HEADERS:
        sheet.header(f"{column}{head}", key)
    sheet.ws.row_dimensions[head].height = 32
    for row, lever in enumerate(_LEVERS, start=head + 1):
        _lever_row(sheet, row, lever, drivers, baseline)
    sheet.widths(A=48, B=12, C=12, D=12, E=15, F=14, G=18)
    sheet.finish(freeze=f"A{top}")


def _lever_row(sheet, row, lever, drivers, baseline):
    kind = _BASELINE[lever.driver][1]
    driver_kind = "rate" if lever.now is RECIPROCAL else kind
    change, now, after, lifespan = (f"{c}{row}" for c in "BCDE")
    sheet.label(f"A{row}", lever.key)
    sheet.input(change, lever.change_kind, lever.change, sheet.texts["change"])
    sheet.compute(now, driver_kind, lever.now, drivers[lever.driver])
    sheet.compute(after, driver_kind, lever.after, now, change)
    if lever.lifespan is None:
        sheet.compute(lifespan, "years", COPY, drivers[_LIFESPAN])
    else:
        sheet.compute(lifespan, "years", lever.lifespan, after)
    clv_args = list(drivers)
    clv_args[_LIFESPAN] = lifespan
    if lever.driver != _LIFESPAN:
        clv_args[lever.driver] = after
    sheet.compute(f"F{row}", "money", "CLV_NET", *clv_args)
    sheet.compute(f"G{row}", "change", CHANGE, f"F{row}", baseline)
