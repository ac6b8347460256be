"""Customer lifetime value from a fitted transaction model (BG/NBD or Pareto/NBD)."""

import numpy as np

from ...errors import CLVError
from ..domains import DISCOUNT_RATE, MONEY, PERIODS, RATE, show
from ..elementwise import broadcast
from ..time_units import UNIT_NAMES, convert, parse_unit
from .inputs import compress, customer_data, factorise, finite


def months_in(horizon, horizon_unit):
    """The horizon as a whole number of months, or CLVError."""
    unit = parse_unit(horizon_unit, "horizon_unit")
    months = convert(float(PERIODS.check("horizon", horizon)), unit, "M")
    whole = round(months)
    if not np.isfinite(months) or abs(months - whole) > 1e-9 or whole < 1:
        converted = "" if unit == "M" else f" is {show(months)} months"
        raise CLVError(f"horizon: {show(horizon)} {UNIT_NAMES[unit]}{converted}; give a whole "
                       "number of months (at least 1), e.g. 12 months or 1 year")
    return int(whole)


def expected_clv(model, frequency, recency, T, time_unit, spend, margin,
                 monthly_discount_rate, horizon, horizon_unit):
    """Discounted expected margin of each customer over the next ``horizon``, month by month.

    .. math::

        CLV = \\sum_{i=1}^{H} \\frac{\\big(E[Y(i) \\mid x, t_x, T] - E[Y(i-1) \\mid x, t_x, T]
        \\big)\\, s\\, m}{(1+d)^i}

    where E[Y(i) | …] is the model's conditional expected number of purchases in the next i
    months (a month is 365.25/12 days, converted to the model's time unit), s the expected
    spend per purchase, m the margin and d the monthly discount rate; each month's margin is
    discounted at the month's end. This is the month-by-month sum of ``lifetimes``'
    ``customer_lifetime_value``.

    Parameters
    ----------
    model : BetaGeo or ParetoNBD
        A fitted (or :meth:`from_params`) transaction model.
    frequency, recency, T :
        Each customer's repeat purchases, last purchase time and time observed, in
        ``time_unit``.
    time_unit : text
        Unit of recency and T (D, W, M or Y); must be the model's own ``time_unit``.
    spend : money
        Expected spend per purchase of each customer, e.g. from
        :meth:`GammaGamma.conditional_expected_average_profit`.
    margin : rate
        Share of spend kept as margin, 0–1 (1 for revenue).
    monthly_discount_rate : rate
        Discount rate per month, 0–1 (1% or 0.01).
    horizon : number
        How far ahead to count, in ``horizon_unit``; a whole number of months.
    horizon_unit : text
        Unit of ``horizon`` (M or Y; W or D when they make whole months).

    Returns
    -------
    Present value of each customer's expected margin over the horizon, in the currency of
    ``spend`` (float for a single customer).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research* 42(4), 415–430.

    Examples
    --------
    Undiscounted, the monthly increments add up to the model's 12-month expectation:

    >>> from clv_udfs.core.models import BetaGeo
    >>> model = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> value = expected_clv(model, 2, 30.43, 38.86, "W", spend=100, margin=0.5,
    ...                      monthly_discount_rate=0, horizon=1, horizon_unit="Y")
    >>> purchases = model.conditional_expected_number_of_purchases_up_to_time(
    ...     convert(12, "M", "W"), 2, 30.43, 38.86)
    >>> bool(np.isclose(value, 100 * 0.5 * purchases))
    True
    """
    unit = parse_unit(time_unit)
    if unit != model.time_unit:
        raise CLVError(f'time_unit: "{time_unit}" is not the model\'s unit; the model was fitted '
                       f"in {UNIT_NAMES[model.time_unit]}, so give recency and T in "
                       f"{UNIT_NAMES[model.time_unit]} and time_unit \"{model.time_unit}\"")
    months = months_in(horizon, horizon_unit)
    x, t_x, age = customer_data(frequency, recency, T)
    arrays, shape = broadcast({"x": x, "spend": MONEY.check("spend", spend),
                               "margin": RATE.check("margin", margin)})
    rate = DISCOUNT_RATE.check("monthly_discount_rate", monthly_discount_rate)
    x, t_x, age = (np.broadcast_to(v, shape) for v in (x, t_x, age))
    (ux, ut, uT), _, inverse = compress([x, t_x, age])
    value = discounted_purchases(model, ux, ut, uT, rate, months)[0][inverse].reshape(shape)
    result = margin_of(model, value, arrays["spend"], arrays["margin"], x)
    return float(result) if result.ndim == 0 else result


def margin_of(model, discounted, spend, margin, frequency):
    """Discounted expected purchases times spend per purchase times margin: the CLV, or
    CLVError naming the value that made it not a finite number."""
    with np.errstate(all="ignore"):
        return finite(discounted * spend * margin, "the expected CLV",
                      {"spend": spend, "frequency": frequency, **model.params_})


def discounted_purchases(model, x, t_x, T, monthly_discount_rate, months):
    """Of each of the distinct customers (x, t_x, T), checked 1-D arrays in the model's time
    unit: the expected purchases of each of the next ``months`` months, discounted at the
    month's end and summed (:func:`expected_clv` of one unit of spend and margin), the
    expected purchases over all the months and P(alive).

    E[Y(t) | x, t_x, T] is the purchases expected while alive, a function of (t, x, T), times
    P(alive): the first is computed once per month end and distinct (x, T) (customers share
    ages), the second once per customer for every month. ``model``: a fitted transaction model
    (BG/NBD, MBG/NBD, Pareto/NBD). CLVError where a result is not a finite number.

    >>> from clv_udfs.core.models import BetaGeo
    >>> model = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> value, purchases, alive = discounted_purchases(model, np.array([2.0]),
    ...                                                np.array([30.43]), np.array([38.86]),
    ...                                                0.0, 12)
    >>> bool(np.isclose(value[0], purchases[0])), bool(np.isclose(alive[0], 0.73, atol=5e-3))
    (True, True)
    """
    ends = convert(np.arange(months + 1.0), "M", model.time_unit)[:, None]
    customers = {"frequency": x, "recency": t_x, "T": T, **model.params_}
    with np.errstate(all="ignore"):
        alive = finite(model._alive(x, t_x, T), "the probability alive", customers)
        (x_alive, T_alive), index = factorise([x, T])
        while_alive = model._while_alive(ends, x_alive, T_alive)
    finite(while_alive, "the expected purchases", {"t": ends, "frequency": x_alive,
                                                     "T": T_alive, **model.params_})

    def expected(k):   # E[Y(t_k)] of every customer; P(alive) ≤ 1 keeps it finite
        row = while_alive[k].take(index)
        row *= alive
        return row

    # month by month, each month's purchases discounted and added in turn (an elementwise sum,
    # not a BLAS product: no threads queueing on a loaded machine)
    value, month = np.zeros(len(x)), np.empty(len(x))
    before = expected(0)
    for k, discount in enumerate((1 + monthly_discount_rate) ** -np.arange(1.0, months + 1), 1):
        by_then = expected(k)
        np.subtract(by_then, before, out=month)
        month *= discount
        value += month
        before = by_then
    return value, before, alive
