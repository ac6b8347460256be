"""Everything a transaction report shows, computed by the core before any cell is written.

:func:`analyse` hands every core function the transactions the reader checked once (a
:class:`~clv_udfs.core.transactions.Transactions`), so a million rows with text ids are screened
once rather than once per table. Every number in the report is a field of the
:class:`ReportData` it returns.
"""

from dataclasses import dataclass

import numpy as np

from ...core.cohorts import CohortTable, cohort_table
from ...core.kpis import KPIs, kpis
from ...core.segments import segment
from ...core.summary import CustomerSummary, HistoricalValue, historical_clv, rfm_summary
from ...core.time_units import parse_unit
from ...core.unit_economics import clv_cac_health, clv_cac_ratio
from ...reading import ReadReport

@dataclass(frozen=True)
class CustomerColumn:
    """An extra column of the customers sheet: a header, one value per customer (in the
    order of :attr:`ReportData.customers`) and a number format kind ("money", "number", "rate",
    "count"). The hook for predictive columns (P(alive), expected purchases, predicted CLV)."""

    header: str
    values: np.ndarray
    kind: str = "number"
    ranks: bool = False       # orders the customers when the sheet cannot hold them all


@dataclass(frozen=True)
class Tiers:
    """Per customer tier (A, B, C …): customers, revenue and gross profit."""

    letter: np.ndarray
    customers: np.ndarray
    revenue: np.ndarray
    gross_profit: np.ndarray


@dataclass(frozen=True, eq=False)
class ReportData:
    """The report's numbers; per-customer arrays share the customer order of ``customers``."""

    kpis: KPIs
    customers: CustomerSummary
    history: HistoricalValue
    segment: np.ndarray
    tiers: Tiers
    cohorts: CohortTable
    margin: float
    cac: float | None
    ratio: float | None       # average historical gross profit per customer : CAC
    health: str | None
    read: ReadReport
    cohort_period: str
    rows_used: int            # transaction rows behind the figures (purchases and refunds)

    @property
    def average_gross_profit(self):
        """Historical gross profit per customer (the CLV compared with CAC)."""
        return self.kpis.average_clv * self.margin


def analyse(transactions, margin=1.0, cac=None, time_unit="W", cohort_period="M"):
    """The :class:`ReportData` of ``transactions`` (a :class:`~clv_udfs.reading.ReadTransactions`).

    ``margin`` is the gross margin (0–1) for gross profit; ``cac`` the acquisition cost per
    customer (None: no CLV:CAC); ``time_unit`` the unit of recency and T; ``cohort_period`` the
    calendar period of the cohorts. Segments cut customers by historical revenue into the top
    20 % (A), the next 30 % (B) and the rest (C).
    """
    checked, read = transactions.transactions, transactions.report
    customers = rfm_summary(checked, observation_end=read.observation_end, time_unit=time_unit)
    history = historical_clv(checked, gross_margin=margin)
    letters = segment(history.revenue)
    headline = kpis(checked, observation_end=read.observation_end)
    ratio = health = None
    if cac is not None:
        ratio = float(clv_cac_ratio(headline.average_clv * float(margin), cac))
        health = str(clv_cac_health(ratio))
    return ReportData(headline, customers, history, letters, _tiers(letters, history),
                      cohort_table(checked, period=cohort_period), float(margin),
                      None if cac is None else float(cac), ratio, health, read,
                      parse_unit(cohort_period, "cohort_period"), int(checked.amount.size))


def _tiers(letters, history):
    """Customers, revenue and gross profit summed per tier letter."""
    tier, index = np.unique(letters, return_inverse=True)
    return Tiers(tier, np.bincount(index, minlength=tier.size),
                 np.bincount(index, weights=history.revenue, minlength=tier.size),
                 np.bincount(index, weights=history.gross_profit, minlength=tier.size))

