"""Cumulative repeat purchases week by week: what the customers did against what each model,
fitted on the calibration period, expected (the tracking plot of Fader, Hardie & Lee 2005,
figure 2, and of CLVTools).

For the customers first seen by the calibration end, with first purchase days :math:`f_i`, the
expected cumulative repeat purchases by calendar day :math:`d` are

.. math:: \\hat R(d) = \\sum_i E\\big[X\\big(\\max(d - f_i, 0)/u\\big)\\big]

with :math:`E[X(t)]` the model's expected repeat purchases of a new customer in their first t
time units (``expected_number_of_purchases_up_to_time``) and u the days per time unit; the
actual :math:`R(d)` counts their repeat purchase days up to d. Customers sharing a first day are
computed once.

>>> import numpy as np
>>> from clv_udfs.core.holdout import calibration_and_holdout
>>> from clv_udfs.core.models import BetaGeo
>>> h = calibration_and_holdout(["a", "a", "b", "a"], ["2024-01-01", "2024-01-05",
...     "2024-01-03", "2024-01-20"], [1, 1, 1, 1], "2024-01-10", "2024-01-21", "D")
>>> model = BetaGeo.from_params("D", r=1, alpha=5, a=1, b=3)
>>> days, actual, expected = weekly_tracking(h, {"BG/NBD": model})
>>> days.astype(str).tolist(), actual.tolist()
(['2024-01-08', '2024-01-15', '2024-01-21'], [1, 1, 2])
>>> bool(np.all(np.diff(expected["BG/NBD"]) >= 0))
True
"""

import numpy as np

from .time_units import days_per


def weekly_tracking(holdout, models, step_days=7):
    """Week ends, actual and expected cumulative repeat purchases per model.

    Parameters
    ----------
    holdout : HoldoutSummary
        The calibration/holdout split (its ``first_day`` and ``repeat_days``).
    models : dict
        ``{name: fitted model}``, each in the split's time unit.
    step_days : int
        Days between points (7: weekly); the last point is the observation end.

    Returns
    -------
    (days, actual, expected)
        ``datetime64[D]`` ends of each period, actual cumulative repeat purchases (int) and
        ``{name: expected cumulative repeat purchases}``.
    """
    start = holdout.first_day.min()
    end = holdout.observation_end
    steps = int((end - start).astype(int)) // step_days
    days = start + step_days * np.arange(1, steps + 1)
    if days.size == 0 or days[-1] != end:
        days = np.append(days, end)
    actual = np.searchsorted(holdout.repeat_days, days, side="right")
    firsts, counts = np.unique(holdout.first_day, return_counts=True)
    elapsed = np.maximum((days[:, None] - firsts[None, :]).astype(float), 0.0)
    t = elapsed / days_per(holdout.time_unit)
    expected = {name: np.asarray(model.expected_number_of_purchases_up_to_time(t)) @ counts
                for name, model in models.items()}
    return days, actual, expected
