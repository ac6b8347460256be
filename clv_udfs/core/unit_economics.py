"""Unit-economics CLV formulas: the calculators' CLV, CAC and retention arithmetic.

Flat, broadcasting functions in the style of numpy-financial. Every argument accepts a scalar or
an array; every time unit is in the argument's name (``purchases_per_year``,
``monthly_churn``) or stated as "per period" where any period works as long as all the
arguments use the same one.
"""

import numpy as np

from .domains import (
    COUNT, DISCOUNT_RATE, DURATION, MONEY, PERIODS, POSITIVE_COUNT, POSITIVE_MONEY, POSITIVE_RATE,
    POSITIVE_RATIO, RATE, RATE_BELOW_ONE, RATIO, SIGNED_MONEY, Choice,
)
from .elementwise import elementwise

HEALTH_LABELS = ("Loss-making", "Unsustainable", "Below target", "Healthy", "Under-investing")


@elementwise(avg_order_value=MONEY, purchases_per_year=COUNT, lifespan_years=DURATION)
def clv_simple(avg_order_value, purchases_per_year, lifespan_years):
    """Simple (revenue) customer lifetime value.

    .. math:: CLV = AOV \\times f \\times L

    Parameters
    ----------
    avg_order_value : money
        Average order value, in your currency.
    purchases_per_year : count
        Purchases per customer per year.
    lifespan_years : duration
        Expected customer lifespan, in years.

    Returns
    -------
    Lifetime revenue per customer, in the currency of ``avg_order_value``. No margin, no
    discounting: use :func:`clv_net` or :func:`clv_predictive` for those.

    References
    ----------
    The calculators' textbook formula, e.g. Kumar & Reinartz (2016), *Customer Relationship
    Management*, ch. 6 (average order value × purchase frequency × lifespan).

    Examples
    --------
    >>> clv_simple(50, 6, 3)
    900.0
    """
    return avg_order_value * purchases_per_year * lifespan_years


@elementwise(avg_order_value=MONEY, purchases_per_year=COUNT, lifespan_years=DURATION,
             gross_margin=RATE, annual_cost_to_serve=MONEY, acquisition_cost=MONEY)
def clv_net(avg_order_value, purchases_per_year, lifespan_years, gross_margin,
            annual_cost_to_serve=0.0, acquisition_cost=0.0):
    """Net (profit) customer lifetime value, undiscounted.

    .. math:: CLV = AOV \\times f \\times L \\times m - S \\times L - CAC

    Parameters
    ----------
    avg_order_value : money
        Average order value, in your currency.
    purchases_per_year : count
        Purchases per customer per year.
    lifespan_years : duration
        Expected customer lifespan, in years.
    gross_margin : rate
        Gross margin on revenue, 0–1 (30% or 0.3).
    annual_cost_to_serve : money
        Cost of serving one customer for a year (support, retention offers); default 0.
    acquisition_cost : money
        What it cost to acquire the customer (CAC), subtracted once; default 0.

    Returns
    -------
    Lifetime gross profit less cost to serve and acquisition cost, in your currency. Can be
    negative.

    References
    ----------
    Kumar & Reinartz (2016), *Customer Relationship Management*, ch. 6.

    Examples
    --------
    >>> clv_net(50, 6, 3, 0.4, annual_cost_to_serve=20, acquisition_cost=100)
    200.0
    """
    revenue = avg_order_value * purchases_per_year * lifespan_years
    return revenue * gross_margin - annual_cost_to_serve * lifespan_years - acquisition_cost


def _geometric_sum(first, ratio, periods):
    """first × (1 + q + … + q^(n−1)); n may be infinite (needs q < 1).

    Called inside :func:`~.elementwise.evaluate`, which silences the q = 1 division warning.
    """
    return np.where(ratio == 1, first * periods, first * (1 - ratio ** periods) / (1 - ratio))


@elementwise(margin_per_period=SIGNED_MONEY, retention_rate=RATE, discount_rate=DISCOUNT_RATE,
             periods=PERIODS, timing=Choice(("start", "end")),
             undefined="margin_per_period {margin_per_period} with retention_rate {retention_rate}"
                       " and discount_rate {discount_rate} never stops adding up; give a number "
                       "of periods, a retention below 100% or a discount rate above 0")
def clv_predictive(margin_per_period, retention_rate, discount_rate, periods=np.inf,
                   timing="start"):
    """Discounted expected margin of a retained customer (the retention-and-discount model).

    .. math::

        CLV = \\sum_{t} m \\, \\frac{r^t}{(1+d)^t},\\quad
        t = 0..n-1 \\text{ (start)} \\text{ or } t = 1..n \\text{ (end)}

    With :math:`q = r/(1+d)` this is :math:`m(1-q^n)/(1-q)` for "start" and
    :math:`m\\,q(1-q^n)/(1-q)` for "end"; with no end (``periods`` empty or infinite) the closed
    forms :math:`m(1+d)/(1+d-r)` and :math:`m\\,r/(1+d-r)`.

    Parameters
    ----------
    margin_per_period : money
        Gross margin a customer brings per period, in your currency.
    retention_rate : rate
        Share of customers kept from one period to the next, 0–1 (80% or 0.8).
    discount_rate : rate
        Discount rate (cost of capital) per period, 0–1 (10% or 0.1).
    periods : count
        Number of periods to count; empty means no end.
    timing : text
        "start": the first margin is earned now, undiscounted (t = 0..n−1); "end": margins
        arrive at the end of each period (t = 1..n).

    Returns
    -------
    Present value of the customer's expected margin, in your currency. All rates are per the
    same period (a year, a month): mixing periods is the classic mistake.

    References
    ----------
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing models and
    applications. *Journal of Interactive Marketing* 12(1), 17–30. Gupta, S. & Lehmann, D. R.
    (2003). Customers as assets. *Journal of Interactive Marketing* 17(1), 9–24 (the "end" form
    m·r/(1+d−r)).

    Examples
    --------
    >>> round(clv_predictive(100, 0.8, 0.1), 2)          # 100 × 1.1 / 0.3
    366.67
    >>> round(clv_predictive(100, 0.8, 0.1, timing="end"), 2)  # 100 × 0.8 / 0.3
    266.67
    >>> clv_predictive(100, 1, 0, periods=3)
    300.0
    """
    ratio = retention_rate / (1 + discount_rate)
    first = np.where(timing == "end", margin_per_period * ratio, margin_per_period)
    return _geometric_sum(first, ratio, periods)


@elementwise(monthly_revenue=MONEY, gross_margin=RATE, monthly_churn=RATE,
             monthly_discount_rate=DISCOUNT_RATE,
             undefined="monthly_churn {monthly_churn} with monthly_discount_rate "
                       "{monthly_discount_rate}: with no churn and no discounting the value "
                       "never stops adding up; enter a churn rate above 0")
def clv_subscription(monthly_revenue, gross_margin, monthly_churn, monthly_discount_rate=0.0):
    """Subscription (SaaS) customer lifetime value from MRR, margin and monthly churn.

    .. math:: CLV = \\frac{MRR \\times m}{c} \\quad\\text{or, discounted,}\\quad
              CLV = \\frac{MRR \\times m \\, (1+d)}{c + d}

    The discounted form is :func:`clv_predictive` with retention :math:`1-c`, paid at the start
    of each month (subscriptions bill in advance), so it equals the undiscounted one at d = 0.

    Parameters
    ----------
    monthly_revenue : money
        Monthly recurring revenue per customer (MRR or ARPA), in your currency.
    gross_margin : rate
        Gross margin on that revenue, 0–1 (80% or 0.8).
    monthly_churn : rate
        Share of customers who cancel each month, 0–1 (5% or 0.05).
    monthly_discount_rate : rate
        Discount rate per month, 0–1; default 0 (no discounting).

    Returns
    -------
    Lifetime gross profit per subscriber, in your currency.

    References
    ----------
    Skok, D. (2013). SaaS Metrics 2.0; Berger & Nasr (1998) for the discounted series.

    Examples
    --------
    >>> clv_subscription(100, 0.8, 0.05)
    1600.0
    >>> round(clv_subscription(100, 0.8, 0.05, 0.01), 2)  # 80 × 1.01 / 0.06
    1346.67
    """
    return (monthly_revenue * gross_margin * (1 + monthly_discount_rate)
            / (monthly_churn + monthly_discount_rate))


@elementwise(churn_rate=POSITIVE_RATE)
def customer_lifespan(churn_rate):
    """Expected customer lifespan from a churn rate.

    .. math:: L = 1 / c

    Parameters
    ----------
    churn_rate : rate
        Share of customers lost per period, above 0 and at most 1 (5% or 0.05).

    Returns
    -------
    Expected lifespan in the churn rate's own period: a monthly churn gives months, a yearly
    churn gives years.

    References
    ----------
    The mean of the geometric distribution of periods until churn.

    Examples
    --------
    >>> customer_lifespan(0.05)  # 5% monthly churn → 20 months
    20.0
    """
    return 1 / churn_rate


@elementwise(clv=SIGNED_MONEY, cac=POSITIVE_MONEY)
def clv_cac_ratio(clv, cac):
    """CLV to customer-acquisition-cost ratio.

    .. math:: ratio = CLV / CAC

    Parameters
    ----------
    clv : money
        Customer lifetime value, in your currency.
    cac : money
        Customer acquisition cost, above 0, in the same currency.

    Returns
    -------
    The ratio (4 means 4:1); read it with :func:`clv_cac_health`.

    References
    ----------
    Skok, D. (2013). SaaS Metrics 2.0 (the 3:1 rule of thumb).

    Examples
    --------
    >>> clv_cac_ratio(1200, 300)
    4.0
    """
    return clv / cac


@elementwise(ratio=RATIO, target=POSITIVE_RATIO, ceiling=POSITIVE_RATIO,
             undefined="target {target} is above ceiling {ceiling}; the target must not exceed "
                       "the ceiling")
def clv_cac_health(ratio, target=3.0, ceiling=5.0):
    """Label a CLV:CAC ratio.

    ========================  ==================
    ratio                     label
    ========================  ==================
    below 1                   "Loss-making"
    1 to below 2              "Unsustainable"
    2 to below ``target``     "Below target"
    ``target`` to ``ceiling`` "Healthy"
    ``ceiling`` and above     "Under-investing"
    ========================  ==================

    Parameters
    ----------
    ratio : ratio
        CLV:CAC ratio (4 for 4:1), from :func:`clv_cac_ratio`.
    target : ratio
        The ratio you aim for; default 3.
    ceiling : ratio
        From this ratio on you are probably spending too little on growth; default 5.

    Returns
    -------
    The label, as text.

    References
    ----------
    Skok, D. (2013). SaaS Metrics 2.0 (3:1 target; above 5:1 growth is under-funded).

    Examples
    --------
    >>> clv_cac_health(1200 / 300)
    'Healthy'
    >>> clv_cac_health(500 / 300)
    'Unsustainable'
    """
    labels = np.select(
        [ratio < 1, ratio < 2, ratio < target, ratio < ceiling],
        HEALTH_LABELS[:4], default=HEALTH_LABELS[4]).astype(object)
    labels[np.broadcast_to(target > ceiling, labels.shape)] = None
    return labels


@elementwise(clv=SIGNED_MONEY, target_ratio=POSITIVE_RATIO)
def max_cac(clv, target_ratio=3.0):
    """The most you can pay to acquire a customer and still reach a target CLV:CAC ratio.

    .. math:: CAC_{max} = CLV / target

    Parameters
    ----------
    clv : money
        Customer lifetime value, in your currency.
    target_ratio : ratio
        The CLV:CAC ratio you aim for; default 3 (3:1).

    Returns
    -------
    Maximum acquisition cost, in the currency of ``clv``.

    References
    ----------
    Skok, D. (2013). SaaS Metrics 2.0.

    Examples
    --------
    >>> max_cac(1500, 3)  # a CAC of 500 needs a CLV of at least 1,500 at 3:1
    500.0
    """
    return clv / target_ratio


@elementwise(cac=MONEY, monthly_gross_profit=POSITIVE_MONEY, monthly_churn=RATE_BELOW_ONE,
             undefined="cac {cac} is never paid back: {monthly_gross_profit} a month with "
                       "monthly_churn {monthly_churn} adds up to less than the CAC; lower the "
                       "CAC or the churn")
def payback_months(cac, monthly_gross_profit, monthly_churn=0.0):
    """Months until a customer's gross profit repays the acquisition cost.

    Without churn :math:`n = CAC / gp`. With monthly churn :math:`c` the expected (surviving)
    profit is counted: :math:`\\sum_{t=1}^{n} gp\\,(1-c)^{t-1} = CAC` gives

    .. math:: n = \\frac{\\ln(1 - CAC\\,c / gp)}{\\ln(1 - c)}

    which has no answer (never pays back) when :math:`CAC\\,c \\ge gp`.

    Parameters
    ----------
    cac : money
        Customer acquisition cost, in your currency.
    monthly_gross_profit : money
        Gross profit per customer per month, above 0, same currency.
    monthly_churn : rate
        Share of customers who leave each month, 0 to below 1; default 0.

    Returns
    -------
    Months, as a fraction (6.0 = six months).

    References
    ----------
    Skok, D. (2013). SaaS Metrics 2.0 (months to recover CAC).

    Examples
    --------
    >>> payback_months(300, 50)
    6.0
    """
    share = cac * monthly_churn / monthly_gross_profit
    churned = np.log1p(-share) / np.log1p(-monthly_churn)
    return np.where(monthly_churn == 0, cac / monthly_gross_profit,
                    np.where(share < 1, churned, np.nan))


@elementwise(initial_commission=MONEY, repeat_commission=MONEY, repeat_purchases=COUNT)
def clv_affiliate(initial_commission, repeat_commission, repeat_purchases):
    """Lifetime commission an affiliate earns on one referred customer.

    .. math:: CLV = c_0 + c_r \\times n

    Parameters
    ----------
    initial_commission : money
        Commission on the first purchase, in your currency.
    repeat_commission : money
        Commission on each repeat purchase.
    repeat_purchases : count
        Expected number of repeat purchases.

    Returns
    -------
    Lifetime commission, in your currency.

    References
    ----------
    Affiliate-programme calculators' formula (first-sale plus recurring commission).

    Examples
    --------
    >>> clv_affiliate(50, 30, 4)
    170.0
    """
    return initial_commission + repeat_commission * repeat_purchases


@elementwise(revenue=MONEY, orders=POSITIVE_COUNT)
def avg_order_value(revenue, orders):
    """Average order value (AOV).

    .. math:: AOV = revenue / orders

    Parameters
    ----------
    revenue : money
        Revenue over a period, in your currency.
    orders : count
        Number of orders in the same period, above 0.

    Returns
    -------
    Revenue per order, in your currency.

    References
    ----------
    Standard e-commerce KPI.

    Examples
    --------
    >>> avg_order_value(5000, 100)
    50.0
    """
    return revenue / orders


@elementwise(orders=COUNT, customers=POSITIVE_COUNT)
def purchase_frequency(orders, customers):
    """Purchase frequency: orders per unique customer over a period.

    .. math:: f = orders / customers

    Parameters
    ----------
    orders : count
        Number of orders in the period.
    customers : count
        Number of unique customers who ordered in the period, above 0.

    Returns
    -------
    Orders per customer in that period (a year's data gives purchases per year).

    References
    ----------
    Standard e-commerce KPI.

    Examples
    --------
    >>> purchase_frequency(1000, 250)
    4.0
    """
    return orders / customers


_RETENTION_UNDEFINED = ("customers_end {customers_end} minus new_customers {new_customers} is "
                        "below 0 or above customers_start {customers_start}; check the counts")


def _retention(customers_start, customers_end, new_customers):
    kept = (customers_end - new_customers) / customers_start
    return np.where((kept >= 0) & (kept <= 1), kept, np.nan)


@elementwise(customers_start=POSITIVE_COUNT, customers_end=COUNT, new_customers=COUNT,
             undefined=_RETENTION_UNDEFINED)
def retention_rate(customers_start, customers_end, new_customers=0.0):
    """Customer retention rate over a period.

    .. math:: r = (E - N) / S

    Parameters
    ----------
    customers_start : count
        Customers at the start of the period, above 0.
    customers_end : count
        Customers at the end of the period.
    new_customers : count
        Customers acquired during the period; default 0.

    Returns
    -------
    Retention for that period, 0–1 (format the cell as %).

    References
    ----------
    Reichheld, F. F. (1996). *The Loyalty Effect*, Harvard Business School Press.

    Examples
    --------
    >>> retention_rate(100, 80)
    0.8
    """
    return _retention(customers_start, customers_end, new_customers)


@elementwise(customers_start=POSITIVE_COUNT, customers_end=COUNT, new_customers=COUNT,
             undefined=_RETENTION_UNDEFINED)
def churn_rate(customers_start, customers_end, new_customers=0.0):
    """Customer churn rate over a period: one minus :func:`retention_rate`.

    .. math:: c = 1 - (E - N) / S

    Parameters
    ----------
    customers_start : count
        Customers at the start of the period, above 0.
    customers_end : count
        Customers at the end of the period.
    new_customers : count
        Customers acquired during the period; default 0.

    Returns
    -------
    Churn for that period, 0–1 (format the cell as %).

    References
    ----------
    Reichheld, F. F. (1996). *The Loyalty Effect*, Harvard Business School Press.

    Examples
    --------
    >>> round(churn_rate(100, 80), 10)
    0.2
    """
    return 1 - _retention(customers_start, customers_end, new_customers)
