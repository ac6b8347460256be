"""Acquisition cohorts: revenue per acquired customer by period since acquisition.

Periods are calendar periods: ``"D"`` days, ``"W"`` weeks starting on Monday (labelled by their
Monday), ``"M"`` months (labelled ``1997-01``) and ``"Y"`` years (``1997``). A customer's cohort
is the period of their first purchase; period 0 is that period, period 1 the next, and so on.
A refund counts, negative, in the period of its date (in period 0 when it precedes the
customer's first purchase).
"""

from dataclasses import dataclass

import numpy as np

from .time_units import parse_unit
from .transactions import as_transactions

_MONDAY_OFFSET = 4  # 1970-01-01 was a Thursday; 1970-01-05 the first Monday


@dataclass(frozen=True, eq=False)
class CohortTable:
    """Cohort × periods since acquisition.

    ``values[i, k]`` is the revenue (cumulative or not) in period ``k`` per customer acquired
    in cohort ``i``; NaN where period ``k`` of the cohort lies after the last transaction
    (the triangle not yet observed).
    """

    cohort: np.ndarray        # labels, oldest first
    size: np.ndarray          # customers acquired in each cohort
    period: np.ndarray        # 0, 1, 2, … periods since acquisition
    values: np.ndarray        # len(cohort) × len(period)
    cumulative: bool


def period_index(dates, period):
    """Calendar period number of each date (days, Mondays-weeks, months or years)."""
    if period == "D":
        return dates.astype(np.int64)
    if period == "W":
        return (dates.astype(np.int64) - _MONDAY_OFFSET) // 7
    return dates.astype(f"datetime64[{period}]").astype(np.int64)


def period_label(index, period):
    """Text label of calendar period numbers: 1997-01-06 (day, week Monday), 1997-01, 1997."""
    if period == "W":
        index = index * 7 + _MONDAY_OFFSET
        period = "D"
    return index.astype(f"datetime64[{period}]").astype(str)


def cohort_table(customer_ids, dates=None, amounts=None, period="M", cumulative=True,
                 date_format=None, returns="stop"):
    """Revenue per acquired customer of each acquisition cohort, period by period.

    .. math::

        v_{c,k} = \\frac{1}{n_c} \\sum_{i \\in c} \\sum_{j:\\,p_{ij} - p_{c} = k} a_{ij}
        \\quad\\text{(or its running total over } k \\text{ when cumulative)}

    with :math:`n_c` the customers whose first purchase falls in period :math:`p_c` and
    :math:`p_{ij}` the period of their j-th transaction.

    Parameters
    ----------
    customer_ids, dates, amounts : array_like
        One row per transaction (see :mod:`~clv_udfs.core.transactions`); or
        ``customer_ids`` already checked Transactions, without dates and amounts.
    period : {"D", "W", "M", "Y"}
        Calendar period of cohorts and columns; default months.
    cumulative : bool
        Running total over the periods since acquisition (default) or revenue per period.
    date_format : str, optional
        strptime format of text dates.
    returns : {"stop", "net", "exclude"}
        What a negative amount (a refund) does; see :mod:`~clv_udfs.core.transactions`.

    Returns
    -------
    CohortTable
        Cohorts oldest first; revenue per acquired customer in your currency.

    References
    ----------
    Fader, P. S. (2020). *Customer Centricity*, 2nd ed., ch. 4 (acquisition cohorts);
    Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers. *Journal of Marketing
    Research* 41(1), 7–18.

    Examples
    --------
    a and b join in January, c in February; the data end in March:

    >>> t = cohort_table(["a", "b", "a", "c", "a"],
    ...                  ["1997-01-05", "1997-01-20", "1997-02-03", "1997-02-10", "1997-03-01"],
    ...                  [10, 30, 20, 5, 40])
    >>> t.cohort.tolist(), t.size.tolist(), t.period.tolist()
    (['1997-01', '1997-02'], [2, 1], [0, 1, 2])
    >>> t.values.tolist()
    [[20.0, 30.0, 50.0], [5.0, 5.0, nan]]
    """
    unit = parse_unit(period, "period")
    transactions = as_transactions(customer_ids, dates, amounts, date_format, returns)
    index = period_index(transactions.date, unit)
    first = np.full(transactions.customer_id.size, index.max())
    purchase = transactions.purchase
    np.minimum.at(first, transactions.customer[purchase], index[purchase])
    cohorts, cohort_of, size = np.unique(first, return_inverse=True, return_counts=True)
    since = np.maximum(index - first[transactions.customer], 0)
    width = int(index.max() - cohorts.min()) + 1
    cell = cohort_of[transactions.customer] * width + since
    revenue = np.bincount(cell, weights=transactions.amount,
                          minlength=cohorts.size * width).reshape(cohorts.size, width)
    if cumulative:
        revenue = np.cumsum(revenue, axis=1)
    periods = np.arange(width)
    observed = periods[None, :] <= (index.max() - cohorts)[:, None]
    values = np.where(observed, revenue / size[:, None], np.nan)
    return CohortTable(period_label(cohorts, unit), size, periods, values, bool(cumulative))
