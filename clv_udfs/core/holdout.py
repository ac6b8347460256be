"""Calibration and holdout: fit on the first part of the history, check on the rest.

The history is split at the **calibration end** :math:`d_c`. The customers are those who first
bought on or before :math:`d_c`; each gets

* the calibration RFM summary (x, t_x, T, z̄) of :func:`~clv_udfs.core.summary.rfm_summary`
  with the observation end at :math:`d_c`;
* the **holdout repeat purchases** :math:`x^*`: their distinct purchase days in
  :math:`(d_c, d_e]` (purchases on the same day are one purchase, as everywhere; every holdout
  purchase of a calibration customer is a repeat purchase);
* the **holdout length** :math:`t^* = (d_e - d_c)/u` in ``time_unit``, the same for everyone;
* the **holdout spend**: the amounts of those purchases, summed.

A model fitted on the calibration summary predicts :math:`E[X^* \\mid x, t_x, T]` over
:math:`t^*`; comparing with :math:`x^*` is the check of Fader, Hardie & Lee (2005) and of
lifetimes' ``calibration_and_holdout_data``. Customers first seen after :math:`d_c` are left
out: a model fitted on the calibration part knows nothing of them.

>>> h = calibration_and_holdout(["a", "a", "b", "a", "a", "c"],
...     ["1997-01-01", "1997-01-08", "1997-01-08", "1997-01-22", "1997-01-22", "1997-01-29"],
...     [10, 20, 5, 7, 3, 9], "1997-01-15", "1997-01-29")
>>> h.calibration.customer_id.tolist(), h.calibration.frequency.tolist()
(['a', 'b'], [1, 0])
>>> h.holdout_frequency.tolist(), h.holdout_length, h.holdout_spend.tolist()
([1, 0], 2.0, [10.0, 0.0])
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..errors import CLVError
from .summary import CustomerSummary, observed, rfm_summary
from .time_units import days_per, parse_unit
from .transactions import as_transactions
from .dates import parse_dates


@dataclass(frozen=True, eq=False)
class HoldoutSummary:
    """A calibration RFM summary and, per customer in the same order, the holdout purchases.

    ``first_day`` and ``repeat_days`` (every repeat purchase day of these customers up to the
    observation end, calibration and holdout, sorted) are what a tracking chart needs.
    """

    calibration: CustomerSummary
    holdout_frequency: np.ndarray
    holdout_spend: np.ndarray
    holdout_length: float
    calibration_end: np.datetime64
    observation_end: np.datetime64
    first_day: np.ndarray
    repeat_days: np.ndarray

    @property
    def time_unit(self):
        return self.calibration.time_unit

    def __len__(self):
        return len(self.calibration)


def check_holdout_period(split, end, argument="calibration_end",
                         end_argument="the observation end"):
    """Refuse a calibration end ``split`` on or after the observation end ``end`` (both days):
    the models are checked on the days between them. The message names the two as the caller
    calls them (the CLI: ``--calibration-end`` and ``--observation-end``).

    >>> check_holdout_period(np.datetime64("2024-05-01"), np.datetime64("2024-03-01"))
    Traceback (most recent call last):
    clv_udfs.errors.CLVError: calibration_end: 2024-05-01 is not before the observation end 2024-03-01; the models are checked on the days between them, so give an earlier calibration_end
    """
    if split >= end:
        raise CLVError(f"{argument}: {split} is not before {end_argument} {end}; the models are "
                       f"checked on the days between them, so give an earlier {argument}")


def calibration_and_holdout(customer_ids, dates, amounts, calibration_end,
                            observation_end=None, time_unit="W", date_format=None,
                            argument="calibration_end"):
    """The calibration RFM summary and holdout repeat purchases of every customer first seen
    by ``calibration_end``.

    .. math::

        x^*_i = \\#\\{\\text{purchase days of } i \\text{ in } (d_c, d_e]\\}, \\qquad
        t^* = \\frac{d_e - d_c}{u}

    Parameters
    ----------
    customer_ids : array_like or Transactions
        Customer of each transaction (numbers or text); or transactions already checked
        (:class:`~.transactions.Transactions`, refunds netted as read), with no dates and
        amounts.
    dates : array_like
        Date of each transaction.
    amounts : array_like
        Amount of each transaction, ≥ 0, in your currency.
    calibration_end : date
        Last day of the calibration period (the models are fitted on what happened up to it).
    observation_end : date, optional
        Last day of the holdout period; default the last transaction date.
    time_unit : {"D", "W", "M", "Y"}
        Unit of recency, T and the holdout length; default weeks.
    date_format : str, optional
        strptime format of text dates.
    argument : str
        What messages call ``calibration_end`` (the CLI: ``--calibration-end``).

    Returns
    -------
    HoldoutSummary

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way:
    an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275–284 (sec. 4: 39
    calibration weeks, 39 holdout weeks).
    """
    unit = parse_unit(time_unit)
    split = parse_dates([calibration_end], argument)[0]
    transactions, end = observed(as_transactions(customer_ids, dates, amounts, date_format),
                                 observation_end)
    check_holdout_period(split, end, argument)
    by_code = dataclasses.replace(transactions,   # each customer's id is its code here
                                  customer_id=np.arange(transactions.customer_id.size))
    calibration = rfm_summary(observed(by_code, split, argument)[0], None, None, split,
                              unit)
    code = calibration.customer_id     # the transactions' codes of the calibration customers
    customer, day, spend = transactions.daily()
    known = np.full(transactions.customer_id.size, -1)
    known[code] = np.arange(code.size)
    index = known[customer]
    mine = index >= 0
    later = mine & (day > split)
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])
    first_day = day[starts][known[customer[starts]] >= 0]
    repeat = mine.copy()
    repeat[starts] = False
    return HoldoutSummary(
        calibration=dataclasses.replace(calibration, customer_id=transactions.customer_id[code]),
        holdout_frequency=np.bincount(index[later], minlength=code.size),
        holdout_spend=np.bincount(index[later], weights=spend[later], minlength=code.size),
        holdout_length=float((end - split).astype(float) / days_per(unit)),
        calibration_end=split, observation_end=end,
        first_day=first_day, repeat_days=np.sort(day[repeat]))
