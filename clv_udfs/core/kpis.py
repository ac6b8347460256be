"""Headline customer KPIs of a transaction table.

Definitions (orders as in :func:`~clv_udfs.core.summary.historical_clv`: distinct order ids
when the transactions have them, else purchase rows; revenue is net of refunds):

* ``average_order_value`` = gross sales (purchases before refunds) / orders, the value of an
  order when it is placed;
* ``purchases_per_year`` = orders per customer per year of data, the data spanning the first
  transaction date to the observation end inclusive (days / 365.25); the observation end is
  the day the data run to (an export's end date), by default the last transaction date;
* ``retention_rate`` = share of the customers who bought in the year before the last year of
  the data who bought again in the last year. The last year is the 365 days ending on the
  observation end, the year before it the 365 days before those. It needs two full years of
  data (730 days from the first transaction to the observation end) and a buyer in the year
  before the last; without them it is NaN, not a guess, and ``retention_missing`` says which
  is lacking (:data:`UNDER_TWO_YEARS` or :data:`NO_PRIOR_BUYERS`);
* ``average_clv`` = historical (net) revenue per customer.
"""

from dataclasses import dataclass

import numpy as np

from .summary import observed
from .time_units import days_per
from .transactions import as_transactions

YEAR_DAYS = 365
UNDER_TWO_YEARS = "under two years of data"
NO_PRIOR_BUYERS = "nobody bought in the year before the last"


@dataclass(frozen=True, eq=False)
class KPIs:
    """Headline KPIs; money in the currency of the amounts."""

    customers: int
    orders: int
    revenue: float
    average_order_value: float
    purchases_per_year: float
    retention_rate: float
    average_clv: float
    first_date: np.datetime64
    last_date: np.datetime64
    gross_sales: float       # purchases before refunds
    returns: float           # refunded, as a positive amount
    observation_end: np.datetime64
    retention_missing: str | None   # why retention_rate is NaN; None when it is a number

    @property
    def days(self):
        """Days of data: the first transaction date to the observation end, inclusive."""
        return int((self.observation_end - self.first_date).astype(np.int64)) + 1


def yearly_retention(customer, dates, customers, first, end):
    """Share of the previous year's buyers who buy in the last year, the year ending on
    ``end``, with the data starting on ``first`` (days).

    Returns ``(rate, missing)``: ``missing`` is None, or with a NaN rate
    :data:`UNDER_TWO_YEARS` (``first`` to ``end`` spans under 730 days) or
    :data:`NO_PRIOR_BUYERS` (nobody bought in the year before the last).

    >>> day = np.datetime64
    >>> yearly_retention(np.array([0, 0]), np.array([day("2020-01-01"), day("2021-06-01")]), 1,
    ...                  day("2020-01-01"), day("2021-06-01"))
    (nan, 'under two years of data')
    """
    days = dates.astype(np.int64)
    last = int(np.datetime64(end, "D").astype(np.int64))
    if last - int(np.datetime64(first, "D").astype(np.int64)) + 1 < 2 * YEAR_DAYS:
        return np.nan, UNDER_TWO_YEARS
    recent = days > last - YEAR_DAYS
    before = ~recent & (days > last - 2 * YEAR_DAYS)
    bought_before = np.bincount(customer[before], minlength=customers) > 0
    bought_recently = np.bincount(customer[recent], minlength=customers) > 0
    if not bought_before.any():
        return np.nan, NO_PRIOR_BUYERS
    return float(np.mean(bought_recently[bought_before])), None


def kpis(customer_ids, dates=None, amounts=None, date_format=None, returns="stop",
         observation_end=None):
    """Customers, orders, revenue, AOV, purchase frequency, yearly retention and average CLV.

    .. math::

        AOV = \\frac{G}{N_{orders}},\\quad
        f = \\frac{N_{orders}}{N_{customers}} \\cdot \\frac{365.25}{d_{end} - d_{first} + 1},
        \\quad r = \\frac{|B_{prev} \\cap B_{last}|}{|B_{prev}|},\\quad
        \\overline{CLV} = \\frac{R}{N_{customers}}

    with :math:`G` the gross sales, :math:`R` the revenue net of refunds, :math:`d_{end}` the
    observation end and :math:`B` the sets of buyers in the last year and the year before it
    (see the module description).

    Parameters
    ----------
    customer_ids, dates, amounts : array_like
        One row per transaction (see :mod:`~clv_udfs.core.transactions`); or
        ``customer_ids`` already checked Transactions, without dates and amounts.
    date_format : str, optional
        strptime format of text dates.
    returns : {"stop", "net", "exclude"}
        What a negative amount (a refund) does; see :mod:`~clv_udfs.core.transactions`.
    observation_end : date, optional
        The day the data run to (an export's end date): the frequency's span and the
        retention's last year end on it; transactions after it are left out. Default: the last
        transaction date.

    Returns
    -------
    KPIs

    References
    ----------
    Farris, P. W., Bendle, N. T., Pfeifer, P. E. & Reibstein, D. J. (2010). *Marketing
    Metrics*, 2nd ed., ch. 5 (retention rate, customer lifetime value).

    Examples
    --------
    Two customers, three orders over two years; "a" buys in both years, "b" only in the first:

    >>> k = kpis(["a", "b", "a"], ["2020-01-01", "2020-06-01", "2021-12-30"], [100, 50, 30])
    >>> k.customers, k.orders, k.revenue, k.average_order_value, k.average_clv
    (2, 3, 180.0, 60.0, 90.0)
    >>> round(k.purchases_per_year, 4), k.retention_rate  # 3 orders / 2 customers / 1.9986 years
    (0.7505, 0.5)

    The same orders in an export that runs to 2022-06-30 span 912 days (366 + 365 + 181), and
    the year before the last (2020-07-01 … 2021-06-30) had no buyer, so no retention rate:

    >>> k = kpis(["a", "b", "a"], ["2020-01-01", "2020-06-01", "2021-12-30"], [100, 50, 30],
    ...          observation_end="2022-06-30")
    >>> round(k.purchases_per_year, 4), k.retention_rate, k.retention_missing
    (0.6007, nan, 'nobody bought in the year before the last')

    An end that leaves only a refund is refused in words:

    >>> kpis(["a", "a"], ["2020-01-01", "2020-06-01"], [-10, 50], returns="net",
    ...      observation_end="2020-03-01")
    Traceback (most recent call last):
    clv_udfs.errors.CLVError: observation_end: no purchase is dated on or before 2020-03-01; enter a date on or after the first purchase
    """
    transactions = as_transactions(customer_ids, dates, amounts, date_format, returns)
    transactions, end = observed(transactions, observation_end)
    first = transactions.date.min()   # of the rows kept: a customer who bought only later
    # goes with their earlier credit notes
    customers = transactions.customer_id.size
    orders = int(transactions.orders().sum())
    revenue = float(transactions.amount.sum())
    gross = transactions.gross
    last = transactions.date.max()
    years = float((end - first).astype(np.int64) + 1) / days_per("Y")
    purchase = transactions.purchase
    retention, missing = yearly_retention(transactions.customer[purchase],
                                          transactions.date[purchase], customers, first, end)
    return KPIs(customers, orders, revenue, gross / orders, orders / customers / years,
                retention, revenue / customers, first, last, gross, transactions.returns, end,
                missing)
