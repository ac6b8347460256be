"""Catalogue entries for the unit-economics functions (core: :mod:`clv_udfs.core.unit_economics`).

Each ``native`` lambda receives one cell reference (or literal) per argument, in Excel order,
with omitted optional arguments filled in by :func:`clv_udfs.catalog.native_formula`
(``None`` for an empty "no end" default), and returns the same calculation in native Excel.
"""

import math

from ..core import unit_economics as ue
from . import Example, ExcelFunction

_FROM_LITERATURE = "worked example from the CLV literature"
_BY_HAND = "hand calculation"


def _predictive_native(m, r, d, n, timing):
    q = f"{r}/(1+{d})"
    if timing == '"start"':
        first = m
    elif timing == '"end"':
        first = f"{m}*{q}"
    else:
        first = f'{m}*IF(LOWER({timing})="end",{q},1)'
    if n is None:
        return f"{first}/(1-{q})"
    return f"IF({q}=1,{first}*{n},{first}*(1-({q})^{n})/(1-{q}))"


def _health_native(ratio, target, ceiling):
    loss, unsustainable, below, healthy, under = (f'"{label}"' for label in ue.HEALTH_LABELS)
    labels = (f"IF({ratio}<1,{loss},IF({ratio}<2,{unsustainable},IF({ratio}<{target},{below},"
              f"IF({ratio}<{ceiling},{healthy},{under}))))")
    if _is_number(target) and _is_number(ceiling) and float(target) <= float(ceiling):
        return labels
    return f"IF({target}>{ceiling},NA(),{labels})"


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


FUNCTIONS = (
    ExcelFunction(
        "CLV_SIMPLE", ue.clv_simple,
        native=lambda aov, f, years: f"{aov}*{f}*{years}",
        examples=(Example((50, 6, 3), 900.0, _FROM_LITERATURE),
                  Example((200, 3, 4), 2400.0, _FROM_LITERATURE),
                  Example((100, 12, 3), 3600.0, _FROM_LITERATURE),
                  Example((500, 1, 5), 2500.0, _FROM_LITERATURE))),
    ExcelFunction(
        "CLV_NET", ue.clv_net,
        native=lambda aov, f, years, margin, serve, cac:
            f"{aov}*{f}*{years}*{margin}-{serve}*{years}-{cac}",
        examples=(Example((50, 6, 3, 0.4, 20, 100), 200.0, _BY_HAND + ": 900 × 40% − 3 × 20 − 100"),
                  Example((50, 6, 3, 0.4), 360.0, _BY_HAND + ": 900 × 40%"))),
    ExcelFunction(
        "CLV_PREDICTIVE", ue.clv_predictive,
        native=_predictive_native,
        examples=(Example((100, 0.8, 0.12, None, "end"), 250.0,
                          "Gupta & Lehmann (2003): margin multiple r/(1+i−r) = 2.5 at 80% "
                          "retention and 12% discount"),
                  Example((100, 0.8, 0.1), 100 * 1.1 / 0.3, _BY_HAND + ": 100 × 1.1 / 0.3"),
                  Example((100, 1, 0, 3), 300.0, _BY_HAND + ": three undiscounted periods"))),
    ExcelFunction(
        "CLV_SUBSCRIPTION", ue.clv_subscription,
        native=lambda mrr, margin, churn, d:
            f"{mrr}*{margin}/{churn}" if d == "0" else f"{mrr}*{margin}*(1+{d})/({churn}+{d})",
        examples=(Example((100, 0.8, 0.05), 1600.0, _BY_HAND + ": 80 / 5%"),
                  Example((100, 0.8, 0.05, 0.01), 80 * 1.01 / 0.06, _BY_HAND))),
    ExcelFunction(
        "CUSTOMER_LIFESPAN", ue.customer_lifespan,
        native=lambda churn: f"1/{churn}",
        examples=(Example((0.05,), 20.0, _BY_HAND + ": 1 / 5% monthly churn = 20 months"),
                  Example((0.25,), 4.0, _BY_HAND))),
    ExcelFunction(
        "CLV_CAC_RATIO", ue.clv_cac_ratio,
        native=lambda clv, cac: f"{clv}/{cac}",
        examples=(Example((1200, 300), 4.0, _FROM_LITERATURE + ": 4:1"),
                  Example((500, 300), 500 / 300, _FROM_LITERATURE + ": 1.7:1"))),
    ExcelFunction(
        "CLV_CAC_HEALTH", ue.clv_cac_health,
        native=_health_native, returns_text=True,
        examples=(Example((4,), "Healthy", _FROM_LITERATURE + ": 4:1 is healthy"),
                  Example((500 / 300,), "Unsustainable", _FROM_LITERATURE + ": 1.7:1"),
                  Example((0.5,), "Loss-making", _BY_HAND),
                  Example((2.5,), "Below target", _BY_HAND),
                  Example((6,), "Under-investing", _BY_HAND))),
    ExcelFunction(
        "MAX_CAC", ue.max_cac,
        native=lambda clv, target: f"{clv}/{target}",
        examples=(Example((1500, 3), 500.0, _FROM_LITERATURE + ": CAC 500 needs CLV ≥ 1,500"),
                  Example((1500,), 500.0, _FROM_LITERATURE + " (default target 3:1)"))),
    ExcelFunction(
        "PAYBACK_MONTHS", ue.payback_months,
        native=lambda cac, gp, churn:
            f"{cac}/{gp}" if churn == "0"
            else f"IF({churn}=0,{cac}/{gp},LN(1-{cac}*{churn}/{gp})/LN(1-{churn}))",
        examples=(Example((300, 50), 6.0, _FROM_LITERATURE + ": $300 / $50 a month"),
                  Example((300, 50, 0.05), math.log(1 - 300 * 0.05 / 50) / math.log(0.95), _BY_HAND +
                          ": ln(1 − 300 × 0.05 / 50) / ln(0.95)"))),
    ExcelFunction(
        "CLV_AFFILIATE", ue.clv_affiliate,
        native=lambda first, repeat, n: f"{first}+{repeat}*{n}",
        examples=(Example((50, 30, 4), 170.0, _FROM_LITERATURE),
                  Example((50, 25, 3), 125.0, _FROM_LITERATURE))),
    ExcelFunction(
        "AOV", ue.avg_order_value,
        native=lambda revenue, orders: f"{revenue}/{orders}",
        examples=(Example((5000, 100), 50.0, _BY_HAND),)),
    ExcelFunction(
        "PURCHASE_FREQUENCY", ue.purchase_frequency,
        native=lambda orders, customers: f"{orders}/{customers}",
        examples=(Example((1000, 250), 4.0, _FROM_LITERATURE + ": 1,000 orders, 250 customers"),)),
    ExcelFunction(
        "RETENTION_RATE", ue.retention_rate,
        native=lambda start, end, new: f"({end}-{new})/{start}",
        examples=(Example((100, 80), 0.8, _FROM_LITERATURE + ": 100 → 80 customers"),
                  Example((100, 90, 20), 0.7, _BY_HAND + ": (90 − 20) / 100"))),
    ExcelFunction(
        "CHURN_RATE", ue.churn_rate,
        native=lambda start, end, new: f"1-({end}-{new})/{start}",
        examples=(Example((100, 80), 0.2, _FROM_LITERATURE + ": 100 → 80 customers"),)),
)
