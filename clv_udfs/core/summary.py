"""Per-customer summaries of transactions: RFM (frequency, recency, T, monetary value) and
historical value.

The RFM summary follows Fader & Hardie (the BG/NBD, Pareto/NBD and Gamma-Gamma inputs):

* purchases on the same **day** are one purchase, their amounts summed;
* :math:`x` (``frequency``) = distinct purchase days − 1, the number of *repeat* purchases. The
  purchase is always the day, whatever ``time_unit``: the unit only scales durations. (The
  lifetimes package with ``freq="W"`` counts distinct weeks instead; use ``time_unit="D"`` and
  compare durations in days to match it.)
* :math:`t_x` (``recency``) = last purchase day − first purchase day and :math:`T` = observation
  end − first purchase day, in ``time_unit`` (days / days per unit, not rounded). The
  observation end is a day like the purchase days: a customer whose first purchase is on the
  observation end has T = 0.
* ``monetary_value`` = mean amount of the repeat purchases (0 without repeats), the
  Gamma-Gamma input :math:`\\bar z`; ``total_spend`` includes the first purchase.
* Transactions after the observation end are ignored; customers who first buy after it are
  left out.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import CLVError
from .dates import parse_dates
from .domains import RATE
from .time_units import days_per, parse_unit
from .transactions import as_transactions


@dataclass(frozen=True, eq=False)
class CustomerSummary:
    """RFM summary, one element per customer (order of first appearance), CLVTools-style.

    ``frequency``, ``recency``, ``T`` and ``monetary_value`` are the x, t_x, T and z̄ of the
    BG/NBD, Pareto/NBD and Gamma-Gamma models; durations are in ``time_unit``; money in the
    currency of the amounts.
    """

    customer_id: np.ndarray
    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    monetary_value: np.ndarray
    total_spend: np.ndarray
    time_unit: str
    observation_end: np.datetime64

    def __len__(self):
        return len(self.customer_id)


@dataclass(frozen=True, eq=False)
class HistoricalValue:
    """Per customer (order of first appearance): orders, revenue and gross profit to date."""

    customer_id: np.ndarray
    orders: np.ndarray
    revenue: np.ndarray
    gross_profit: np.ndarray


def observed(transactions, observation_end=None, argument="observation_end"):
    """The transactions dated on or before the observation end, and that end as a day.

    The end is ``observation_end`` (a date), by default the last transaction date. An end
    before the first transaction, or one that leaves only refunds, is refused in one line
    naming ``argument`` (``observation_end``, or ``calibration_end`` for a calibration
    period, which ends the same way). Customers whose purchases all come later are left out
    (:meth:`~clv_udfs.core.transactions.Transactions.until`).

    >>> from clv_udfs.core.transactions import as_transactions
    >>> tx = as_transactions(["a", "b"], ["2024-01-01", "2024-03-01"], [10, 20])
    >>> kept, end = observed(tx, "2024-02-01")
    >>> kept.customer_id.tolist(), str(end)
    (['a'], '2024-02-01')
    >>> observed(tx, "2023-12-31", "calibration_end")
    Traceback (most recent call last):
    clv_udfs.errors.CLVError: calibration_end: 2023-12-31 is before the first transaction (2024-01-01); enter a date on or after it
    """
    last = transactions.date.max()
    end = last if observation_end is None else parse_dates([observation_end], argument)[0]
    first = transactions.date.min()
    if end < first:
        raise CLVError(f"{argument}: {end} is before the first transaction ({first}); enter a "
                       "date on or after it")
    if end >= last:
        return transactions, end
    transactions = transactions.until(end)
    if not transactions.purchase.any():   # only refunds dated on or before it
        raise CLVError(f"{argument}: no purchase is dated on or before {end}; enter a date on "
                       "or after the first purchase")
    return transactions, end


def rfm_summary(customer_ids, dates=None, amounts=None, observation_end=None, time_unit="W",
                date_format=None, returns="stop"):
    """Frequency, recency, age and average repeat spend of every customer.

    .. math::

        x = n_{days} - 1,\\quad t_x = \\frac{d_{last} - d_{first}}{u},\\quad
        T = \\frac{d_{end} - d_{first}}{u},\\quad
        \\bar z = \\frac{\\sum_{k=2}^{n_{days}} s_k}{x}

    with :math:`n_{days}` the customer's distinct purchase days up to :math:`d_{end}`,
    :math:`s_k` the amount spent on the k-th of them (net of the refunds netted into it, see
    :meth:`~clv_udfs.core.transactions.Transactions.daily`) and :math:`u` the days per
    ``time_unit``.

    Parameters
    ----------
    customer_ids : array_like or Transactions
        Customer of each transaction (numbers or text), or already checked
        :class:`~clv_udfs.core.transactions.Transactions` (then ``dates`` and ``amounts`` are
        not given).
    dates : array_like
        Date of each transaction (see :mod:`~clv_udfs.core.dates`).
    amounts : array_like
        Amount of each transaction, ≥ 0, in your currency.
    observation_end : date, optional
        Last day of the observation period (calibration end); default the last transaction date.
    time_unit : {"D", "W", "M", "Y"}
        Unit of ``recency`` and ``T``; default weeks.
    date_format : str, optional
        strptime format of text dates, e.g. ``"%d-%m-%Y"``.
    returns : {"stop", "net", "exclude"}
        What a negative amount (a refund) does; see :mod:`~clv_udfs.core.transactions`.

    Returns
    -------
    CustomerSummary
        Arrays aligned by customer, customers in order of first appearance.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way:
    an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275–284.
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
    http://www.brucehardie.com/notes/025/

    Examples
    --------
    Customer 1 buys on 1 Jan (two orders, 10 + 5), 8 Jan (20) and 22 Jan (40); customer 2 once,
    on 15 Jan. Observation ends 29 Jan:

    >>> s = rfm_summary([1, 1, 2, 1, 1], ["1997-01-01", "1997-01-01", "1997-01-15",
    ...                  "1997-01-08", "1997-01-22"], [10, 5, 7, 20, 40], "1997-01-29")
    >>> s.customer_id.tolist(), s.frequency.tolist(), s.recency.tolist(), s.T.tolist()
    ([1, 2], [2, 0], [3.0, 0.0], [4.0, 2.0])
    >>> s.monetary_value.tolist(), s.total_spend.tolist()
    ([30.0, 0.0], [75.0, 7.0])
    """
    unit = parse_unit(time_unit)
    transactions, end = observed(
        as_transactions(customer_ids, dates, amounts, date_format, returns), observation_end)
    customer, day, spend = transactions.daily()
    n = transactions.customer_id.size
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])
    lasts = np.r_[starts[1:], customer.size] - 1
    purchase_days = np.bincount(customer, minlength=n)
    total = np.bincount(customer, weights=spend, minlength=n)
    frequency = purchase_days - 1
    unit_days = days_per(unit)
    repeat_spend = total - spend[starts]
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, repeat_spend / frequency, 0.0)
    return CustomerSummary(
        customer_id=transactions.customer_id,
        frequency=frequency,
        recency=(day[lasts] - day[starts]).astype(float) / unit_days,
        T=(end - day[starts]).astype(float) / unit_days,
        monetary_value=monetary,
        total_spend=total,
        time_unit=unit,
        observation_end=end,
    )


def historical_clv(customer_ids, amounts=None, gross_margin=1, returns="stop"):
    """Orders, revenue and gross profit of every customer so far.

    .. math:: \\text{orders}_i = n_i,\\quad R_i = \\sum_k a_{ik},\\quad GP_i = m \\, R_i

    Parameters
    ----------
    customer_ids : array_like or Transactions
        Customer of each transaction (numbers or text), or already checked
        :class:`~clv_udfs.core.transactions.Transactions` (then ``amounts`` is not given).
    amounts : array_like
        Amount of each transaction, ≥ 0, in your currency.
    gross_margin : rate
        Gross margin on revenue, 0–1 (40% or 0.4); default 1 (profit = revenue).
    returns : {"stop", "net", "exclude"}
        What a negative amount (a refund) does; see :mod:`~clv_udfs.core.transactions`.

    Returns
    -------
    HistoricalValue
        Per customer, in order of first appearance: ``orders`` (distinct order ids of its
        purchases when the transactions have them, else purchase rows, not merged by day),
        ``revenue`` (net of refunds) and ``gross_profit``, in your currency.

    References
    ----------
    Kumar, V. & Reinartz, W. (2016). *Customer Relationship Management*, ch. 6 (historical
    customer value).

    Examples
    --------
    >>> h = historical_clv(["a", "b", "a"], [100, 50, 20], gross_margin=0.4)
    >>> h.customer_id.tolist(), h.orders.tolist(), h.revenue.tolist(), h.gross_profit.tolist()
    (['a', 'b'], [2, 1], [120.0, 50.0], [48.0, 20.0])
    """
    margin = float(RATE.check("gross_margin", gross_margin))
    transactions = as_transactions(customer_ids, None, amounts, returns=returns)
    n = transactions.customer_id.size
    revenue = np.bincount(transactions.customer, weights=transactions.amount, minlength=n)
    return HistoricalValue(transactions.customer_id, transactions.orders(), revenue,
                           revenue * margin)
