"""Acquisition channels: CAC, historical CLV, CLV:CAC and payback per channel, from the data.

A customer's **channel** is the channel of their first order (the earliest date; on a tie the
first row), or the one a customer → channel list gives them; customers missing from that list,
or whose first order has no channel, form the channel ``"unknown"``. Channels are matched
without regard to case and surrounding spaces (``" Search"``, ``"search"``) and shown as first
written: the order (or customer list) channels top to bottom, then the spend lines.

Marketing **spend** comes as lines of channel, month (a date in the month, or text ``2024-03``)
and amount ≥ 0. Per channel, in your currency and months:

* ``new customers``: customers acquired through the channel (first order in the data);
* ``CAC`` = spend ÷ new customers acquired *in the months with spend* on the channel, so a
  campaign month is not credited with customers acquired before it started; a channel with
  customers but no spend shows ``"no spend"``, spend on a channel that brought no customers
  in its spend months shows ``"none acquired in spend months"``;
* ``historical CLV`` = gross profit (amount × gross margin) to date ÷ new customers;
* ``CLV:CAC`` and its health label (:func:`~.unit_economics.clv_cac_health`);
* ``payback``: the first month since acquisition (0 = the month of acquisition) in which the
  channel's cumulative gross profit per acquired customer reaches CAC, read off the channel's
  curve; ``"not yet"`` while it has not.

The **curve** of a channel at month ``k`` since acquisition is the cumulative gross profit of
its customers observed that long (acquired at least ``k`` months before the month of the last
order) divided by their number: the cohorts pooled, each counted while it is observed.

The **total** row (last) blends the channels by new customers: all spend ÷ the customers
acquired in months with any spend, all gross profit ÷ all customers, payback on the curve of
all customers.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..errors import CLVError
from .cohorts import period_label
from .dates import date_message, parse_dates_masked
from .domains import RATE, show
from .transactions import amount_message, factorize, id_keys
from .unit_economics import clv_cac_health, clv_cac_ratio

UNKNOWN = "unknown"
TOTAL = "total"
NO_SPEND = "no spend"
NO_CUSTOMERS = "none acquired in spend months"
NONE_ACQUIRED = "no customers"
NOT_YET = "not yet"
_MONTH_TEXT = np.frompyfunc(
    lambda v: f"{v.strip()}-01" if isinstance(v, str) and len(v.strip()) in (6, 7)
    and v.strip()[4:5] == "-" else v, 1, 1)


@dataclass(frozen=True, eq=False)
class Spend:
    """Checked spend lines: channel text (trimmed), month, amount."""

    channel: np.ndarray   # str
    month: np.ndarray     # datetime64[M]
    amount: np.ndarray    # float


@dataclass(frozen=True, eq=False)
class ChannelEconomics:
    """One row per channel, then the total row (label ``"total"``); money in your currency.

    ``cac``, ``clv``, ``ratio`` and ``payback`` are NaN where they have no number; ``reason``
    says why CAC has none (None where it has one): :data:`NO_SPEND` or :data:`NO_CUSTOMERS`.
    ``health`` is None where the ratio is NaN. ``curve`` (rows × months since acquisition) is
    the cumulative gross profit per acquired customer, NaN where no customer is observed that
    long; ``spend_by_month`` (channel rows × ``months``) the spend per calendar month;
    ``predicted`` the mean predicted CLV of the customers with one (None without predictions).
    """

    channel: np.ndarray
    new_customers: np.ndarray
    spend: np.ndarray
    cac: np.ndarray
    reason: np.ndarray
    clv: np.ndarray
    ratio: np.ndarray
    health: np.ndarray
    payback: np.ndarray
    curve: np.ndarray
    months: np.ndarray
    spend_by_month: np.ndarray
    predicted: np.ndarray | None = None

    def shown(self, name):
        """Column ``name`` as cells: the number, or the words saying why there is none
        (:data:`NO_SPEND`, :data:`NO_CUSTOMERS`, :data:`NOT_YET` for a payback and
        :data:`NONE_ACQUIRED` for the CLV of a channel without customers)."""
        values = getattr(self, name).astype(object)
        missing = np.array([v is None or v != v for v in values])
        why = np.where(np.equal(self.reason, None), NOT_YET if name == "payback" else None,
                       self.reason)
        if name == "clv":
            why = np.where(self.new_customers == 0, NONE_ACQUIRED, None)
        values[missing] = why[missing]
        return values


def channel_texts(argument, values, blank_ok=True, rows=None):
    """Trimmed text of each channel cell (numbers as written, 2 → "2"); blank cells give
    None, or CLVError naming the first blank row when not ``blank_ok``.

    >>> channel_texts("channels", [" Search ", 2, None]).tolist()
    ['Search', '2', None]
    """
    keys, ok = id_keys(np.asarray(values, dtype=object).ravel())
    if not blank_ok and not ok.all():
        row = _row(np.flatnonzero(~ok)[0], rows)
        raise CLVError(f"{argument} row {row}: the channel is empty; name the channel")
    return np.where(ok, keys.astype(object), None)


def _row(index, rows):
    """The row number shown for 0-based ``index``: ``rows[index]`` (a file's own numbering) or
    ``index + 1``."""
    return int(rows[index]) if rows is not None else int(index) + 1


def check_spend(channels, months, amounts,
                names=("spend_channels", "spend_months", "spend_amounts"), rows=None):
    """Spend lines checked row by row: CLVError naming the first bad row (numbered by
    ``rows``, default 1, 2, …).

    >>> s = check_spend(["Search", "search "], ["2024-01", "2024-02-15"], [60, 40])
    >>> s.channel.tolist(), s.month.astype(str).tolist(), s.amount.tolist()
    (['Search', 'search'], ['2024-01', '2024-02'], [60.0, 40.0])
    """
    cols = [np.asarray(c, dtype=object).ravel() for c in (channels, months, amounts)]
    if len({c.size for c in cols}) > 1:
        raise CLVError(f"{names[0]}, {names[1]} and {names[2]} have {cols[0].size}, "
                       f"{cols[1].size} and {cols[2].size} rows; give one row per spend line")
    text = channel_texts(names[0], cols[0], blank_ok=False, rows=rows)
    days, day_ok = parse_dates_masked(_MONTH_TEXT(cols[1]) if cols[1].size else cols[1])
    if not day_ok.all():
        row = int(np.flatnonzero(~day_ok)[0])
        raise CLVError(date_message(names[1], _row(row, rows), cols[1][row]).replace(
            "use a date", "use a month such as 2024-03 or a date", 1))
    amount = np.array([float(a) if isinstance(a, (int, float)) and not isinstance(a, bool)
                       else np.nan for a in cols[2].tolist()])
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(amount) & (amount >= 0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value, where = cols[2][row], f"{names[2]} row {_row(row, rows)}"
        if np.isfinite(amount[row]):   # negative: spend is paid, never a refund of an order
            raise CLVError(f"{where}: {show(value)} is negative; spend is what was paid, 0 or "
                           "more (net credits into the month's spend)")
        raise CLVError(amount_message(names[2], _row(row, rows), value))
    return Spend(text.astype(str), days.astype("datetime64[M]"), amount)


def first_orders(transactions):
    """Row index of each customer's first order (earliest date; on a tie the first row)."""
    order = np.lexsort((np.arange(transactions.customer.size), transactions.date))
    _, first = np.unique(transactions.customer[order], return_index=True)
    return order[first]


def check_listing(ids, values, argument="channels", rows=None):
    """The distinct ids (matching keys) of a customer list and each one's value (text, None
    when empty); an empty id, or a customer listed twice with different values, is refused
    naming the row (numbered by ``rows``, default 1, 2, …).

    >>> check_listing([8, " 9", "8"], ["Search", "Social", "search "])[1].tolist()
    ['Search', 'Social']
    """
    keys, ok = id_keys(np.asarray(ids, dtype=object).ravel())
    if not ok.all():
        row = _row(np.flatnonzero(~ok)[0], rows)
        raise CLVError(f"customer ids row {row}: the customer id is empty; enter a customer id")
    texts = channel_texts(argument, values)
    codes, first = factorize(keys)
    normal = np.array([t.casefold() if t else "" for t in texts.tolist()], dtype=str)
    clash = np.flatnonzero(normal != normal[first][codes])
    if clash.size:
        row, earlier = int(clash[0]), first[codes[clash[0]]]
        raise CLVError(f"{argument} row {_row(row, rows)}: customer {keys[row]} is already in "
                       f"{texts[earlier]!s} (row {_row(earlier, rows)}); give each customer one")
    return keys[first].astype(str), texts[first]


def mapped(transactions, ids, values, argument="channels", rows=None):
    """Each customer's value (text) from a customer list ``ids`` → ``values`` (checked by
    :func:`check_listing`); None for customers missing from it.

    >>> from clv_udfs.core.transactions import check_transactions
    >>> tx = check_transactions([7, "8"], ["2024-01-01", "2024-01-02"], [1, 1])
    >>> mapped(tx, ["8", 9], ["Search", "Social"]).tolist()
    [None, 'Search']
    """
    listed, texts = check_listing(ids, values, argument, rows)
    position = listed_positions(transactions, listed)
    result = np.full(position.size, None, dtype=object)
    found = position >= 0
    result[found] = texts[position[found]]
    return result


def listed_positions(transactions, listed):
    """Each customer's position in ``listed`` (the distinct matching keys of a customer list,
    :func:`check_listing`), -1 for a customer missing from it: the match of :func:`mapped`.

    >>> from clv_udfs.core.transactions import check_transactions
    >>> tx = check_transactions([7, "8"], ["2024-01-01", "2024-01-02"], [1, 1])
    >>> listed_positions(tx, np.array(["9", "8"])).tolist()
    [-1, 1]
    """
    wanted = id_keys(transactions.customer_id.astype(object))[0].astype(str)
    position = np.full(wanted.size, -1)
    if listed.size:
        order = np.argsort(listed)
        place = np.minimum(np.searchsorted(listed[order], wanted), listed.size - 1)
        found = listed[order][place] == wanted
        position[found] = order[place[found]]
    return position


def customer_channels(transactions, order_channels=None, ids=None, channels=None):
    """Each customer's channel text (None when unknown): the channel of their first order
    (``order_channels``, one per transaction row), or from a customer list ``ids`` →
    ``channels``."""
    if order_channels is not None:
        firsts = np.asarray(order_channels, dtype=object).ravel()[first_orders(transactions)]
        return channel_texts("channels", firsts)
    return mapped(transactions, ids, channels)


def _label_codes(customer_texts, written, spend):
    """Codes of the customers' and the spend lines' channels, and the labels, numbered in
    order of first appearance in ``written`` (all channel cells as written), then the
    customers' ``"unknown"``, then the spend lines."""
    customer = np.where(np.equal(customer_texts, None), UNKNOWN, customer_texts).astype(str)
    written = np.array([w for w in dict.fromkeys(np.asarray(written, dtype=object).tolist())
                        if w is not None], dtype=str)   # distinct, in order: few
    everything = np.concatenate([written, customer,
                                 spend.channel]).astype(str)
    codes, first = factorize(np.char.lower(everything))
    start = written.size
    return codes[start:start + customer.size], codes[start + customer.size:], everything[first]


def channel_economics(transactions, customer_texts, spend, gross_margin=1.0, written=(),
                      predicted=None):
    """Per channel and in total: new customers, spend, CAC, historical CLV, CLV:CAC, health and
    payback (see the module description for every definition).

    .. math::

        CAC_c = \\frac{\\sum_m S_{c,m}}{\\sum_{m:\\,S_{c,m} > 0} N_{c,m}},\\qquad
        CLV_c = \\frac{g \\sum_{i \\in c} R_i}{N_c},\\qquad
        \\text{payback}_c = \\min\\{k : G_c(k) \\ge CAC_c\\}

    with :math:`S_{c,m}` the spend in month :math:`m`, :math:`N_{c,m}` the customers acquired
    then, :math:`g` the gross margin, :math:`R_i` a customer's revenue and :math:`G_c(k)` the
    curve (cumulative gross profit per acquired customer after ``k`` months).

    Parameters
    ----------
    transactions : Transactions
        Checked orders (:func:`~.transactions.check_transactions`).
    customer_texts : array_like
        Each customer's channel text, None when unknown (:func:`customer_channels`).
    spend : Spend
        Checked spend lines (:func:`check_spend`).
    gross_margin : rate
        Gross margin on revenue, 0–1; default 1 (profit = revenue).
    written : sequence of str
        All channel cells as written, for the spelling shown (default: the customers').
    predicted : array_like, optional
        Predicted CLV per customer (NaN where none), averaged per channel.

    Returns
    -------
    ChannelEconomics

    References
    ----------
    Skok, D. (2013). SaaS Metrics 2.0 (CAC, CLV:CAC, months to recover CAC);
    Fader, P. S. (2020). *Customer Centricity*, 2nd ed., ch. 4 (acquisition cohorts).

    Examples
    --------
    a and b come through search in January; search spent 30 that month:

    >>> from clv_udfs.core.transactions import check_transactions
    >>> tx = check_transactions(["a", "b", "a"], ["2024-01-03", "2024-01-09", "2024-02-01"],
    ...                         [10, 20, 40])
    >>> e = channel_economics(tx, ["Search", "search"], check_spend(["SEARCH"], ["2024-01"], [30]))
    >>> e.channel.tolist(), e.cac.tolist(), e.clv.tolist(), e.payback.tolist()
    (['Search', 'total'], [15.0, 15.0], [35.0, 35.0], [0.0, 0.0])
    """
    margin = float(RATE.check("gross_margin", gross_margin))
    customer_texts = np.asarray(customer_texts, dtype=object)
    ch, spend_ch, labels = _label_codes(customer_texts, written, spend)
    month = transactions.date.astype("datetime64[M]").astype(np.int64)
    first = np.full(transactions.customer_id.size, month.max())
    np.minimum.at(first, transactions.customer, month)
    spent_month = spend.month.astype(np.int64)
    low = int(min(first.min(), spent_month.min(initial=first.min())))
    high = int(max(month.max(), spent_month.max(initial=month.max())))
    width, n = high - low + 1, labels.size
    acquired = np.bincount(ch * width + first - low, minlength=n * width).reshape(n, width)
    grid = np.bincount(spend_ch * width + spent_month - low, weights=spend.amount.astype(float),
                       minlength=n * width).reshape(n, width).astype(float)
    profit = np.bincount(ch[transactions.customer], weights=_gross(transactions, margin),
                         minlength=n)
    shown = (acquired.sum(axis=1) > 0) | (np.bincount(spend_ch, minlength=n) > 0)
    keep = np.flatnonzero(shown)
    covered_any = grid[keep].sum(axis=0) > 0
    new = np.append(acquired[keep].sum(axis=1), acquired.sum())
    spend_total = np.append(grid[keep].sum(axis=1), grid.sum())
    paid_for = np.append((acquired[keep] * (grid[keep] > 0)).sum(axis=1),
                         acquired[:, covered_any].sum())
    gross = np.append(profit[keep], profit.sum())
    curve = _curves(transactions, month, first, ch, margin, keep, n)
    rows = _rows(np.append(labels[keep], TOTAL), new, spend_total, paid_for, gross, curve,
                 period_label(np.arange(low, high + 1), "M"), grid[keep])
    if predicted is None:
        return rows
    return dataclasses.replace(rows, predicted=_means(ch, predicted, keep, n))


def _means(codes, values, keep, n):
    """Mean of the finite ``values`` per code (kept codes, then all), NaN where none."""
    values = np.asarray(values, dtype=float)
    known = np.isfinite(values)
    sums = np.bincount(codes[known], weights=values[known], minlength=n)
    counts = np.bincount(codes[known], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.append(sums[keep], sums.sum()) / np.append(counts[keep], counts.sum())


def _gross(transactions, margin):
    return transactions.amount * margin


def _curves(transactions, month, first, ch, margin, keep, n):
    """Cumulative gross profit per observed customer by months since acquisition, per kept
    channel and for all customers (last row); ``n`` channel codes in all.

    Without a customers × months matrix: an order adds its gross profit to the months from its
    own (months since acquisition) to the customer's last observed month, and a customer counts
    in months 0 to that last one; both are difference arrays summed up along the months.
    """
    age = month.max() - first                      # last observed month since acquisition
    width = int(age.max()) + 2                     # one spare column for the differences
    row = ch[transactions.customer] * width
    gross = _gross(transactions, margin)
    since = month - first[transactions.customer]
    size = n * width
    sums = (np.bincount(row + since, weights=gross, minlength=size)
            - np.bincount(row + age[transactions.customer] + 1, weights=gross, minlength=size))
    counts = (np.bincount(ch * width, minlength=size)
              - np.bincount(ch * width + age + 1, minlength=size))
    sums = np.cumsum(sums.reshape(n, width), axis=1)[:, :-1]
    counts = np.cumsum(counts.reshape(n, width), axis=1)[:, :-1]
    sums = np.vstack([sums[keep], sums.sum(axis=0)])
    counts = np.vstack([counts[keep], counts.sum(axis=0)])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _rows(label, new, spend, paid_for, gross, curve, months, grid):
    """The :class:`ChannelEconomics` of the per-row sums."""
    has_cac = (spend > 0) & (paid_for > 0)
    reason = np.where(spend <= 0, NO_SPEND, np.where(paid_for == 0, NO_CUSTOMERS, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        cac = np.where(has_cac, spend / paid_for, np.nan)
        clv = np.where(new > 0, gross / new, np.nan)
    rated = has_cac & (new > 0)
    ratio = np.full(label.size, np.nan)
    health = np.full(label.size, None, dtype=object)
    payback = np.full(label.size, np.nan)
    if rated.any():
        ratio[rated] = clv_cac_ratio(clv[rated], cac[rated])
        health[rated] = np.asarray(clv_cac_health(ratio[rated]), dtype=object)
        reached = np.nan_to_num(curve[rated], nan=-np.inf) >= cac[rated][:, None]
        payback[rated] = np.where(reached.any(axis=1), reached.argmax(axis=1), np.nan)
    return ChannelEconomics(label, new, spend, cac, reason.astype(object), clv, ratio, health,
                            payback, curve, months, grid)


@dataclass(frozen=True, eq=False)
class SegmentValues:
    """Per segment: customers, revenue, historical CLV (gross profit per customer) and, when
    predictions are given, the mean predicted CLV."""

    segment: np.ndarray
    customers: np.ndarray
    revenue: np.ndarray
    clv: np.ndarray
    predicted: np.ndarray | None


def segment_values(transactions, segment_texts, gross_margin=1.0, predicted=None):
    """Customers, revenue and historical CLV per segment (country, customer type …).

    ``segment_texts`` is each customer's segment (None: ``"unknown"``), matched like channels;
    ``predicted`` an optional predicted CLV per customer (NaN where none: left out of the mean).

    >>> from clv_udfs.core.transactions import check_transactions
    >>> tx = check_transactions(["a", "b", "c"], ["2024-01-01"] * 3, [10, 20, 60])
    >>> s = segment_values(tx, ["NL", "BE", "nl"], 0.5)
    >>> s.segment.tolist(), s.customers.tolist(), s.revenue.tolist(), s.clv.tolist()
    (['NL', 'BE'], [2, 1], [70.0, 20.0], [17.5, 10.0])
    """
    texts = np.where(np.equal(np.asarray(segment_texts, dtype=object), None), UNKNOWN,
                     segment_texts).astype(str)
    codes, first = factorize(np.char.lower(texts))
    n = first.size
    revenue = np.bincount(transactions.customer, weights=transactions.amount,
                          minlength=transactions.customer_id.size)
    customers = np.bincount(codes, minlength=n)
    total = np.bincount(codes, weights=revenue, minlength=n)
    mean = None if predicted is None else _means(codes, predicted, np.arange(n), n)[:-1]
    return SegmentValues(texts[first], customers, total, total * float(gross_margin) / customers,
                         mean)
