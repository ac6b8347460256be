"""Catalogue entries for the transaction-table functions (issue 4): RFM, historical value,
cohorts, segments and KPIs, each spilling a table with a header row.

A table function is declared by an ``adapter``: a function taking the raw Excel-shaped
arguments (2-D lists of cells) and returning the table, header row first. Its signature and
numpy-style docstring are what Excel shows (see :class:`~clv_udfs.catalog.ExcelFunction`); the
transaction columns are documented once, by :func:`document_columns`.

How problems show:

* **Spare rows** whose cells are all empty are skipped (select a range longer than the data).
* **Refunds** (negative amounts) follow the optional ``returns`` argument of CLV_RFM,
  CLV_HISTORICAL, CLV_COHORT and CLV_KPIS: ``net`` (default) nets a refund into its customer
  (less revenue, never a purchase occasion), ``exclude`` leaves it out, ``stop`` treats it as a
  bad row. Under ``net``, a refund of a customer without a purchase is a bad row (there is
  nothing to net it into).
* **Per-customer tables** (CLV_RFM, CLV_HISTORICAL): a customer with a bad transaction row
  (text amount, unparseable date, error cell, a refund under ``stop``) shows
  ``#VALUE! <message of its first bad row>`` in its result cells; the other customers compute.
  Rows without a customer id belong to no customer: they add one row at the bottom carrying the first such row's message and how
  many there are.
* **Whole-data tables** (CLV_COHORT, CLV_KPIS) add up every row, so one bad row spoils every
  value (labels stay); the message names the first bad row and how many there are.
* CLV_SEGMENT: a bad value shows its message in its own row; the tiers are cut among the
  usable values. An empty cell gives an empty tier and does not count.
* Whole-call problems (ranges of different heights, a bad time unit) raise CLVError.
"""

import dataclasses
import re
import string
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .. import cells
from ..core.channels import channel_economics, channel_texts, check_spend, customer_channels
from ..core.cohorts import cohort_table
from ..core.dates import date_message, parse_dates_masked
from ..core.domains import SIGNED_MONEY, show, value_problem
from ..core.kpis import NO_PRIOR_BUYERS, UNDER_TWO_YEARS, YEAR_DAYS, kpis
from ..core.segments import DEFAULT_SHARES, segment
from ..core.summary import historical_clv, rfm_summary
from ..core.time_units import UNIT_NAMES, parse_unit
from ..core.transactions import (Transactions, check_transactions, returns_policy,
                                 screen_transactions, whole_ids)
from ..errors import CLVError
from . import ExcelFunction

COLUMN_HELP = {
    "customer_ids": ("Customer id of each transaction, one cell per row (numbers or text)",
                     "enter a customer id"),
    "dates": ("Date of each transaction: a date, an Excel date number or text such as "
              "1997-01-31", "enter a date"),
    "amounts": ("Amount of each transaction, in your currency; a negative amount is a refund "
                "(see returns)", "enter an amount ≥ 0"),
    "returns": ("What a refund (a negative amount) does: net (default: it reduces its "
                "customer's revenue and is never a purchase), exclude (left out) or stop (a bad "
                "row)", None),
}
"""Per transaction argument (the columns and the returns policy): its help text and what a
message asks for."""


def document_columns(adapter):
    """Fill in the help of each ``customer_ids : range`` (or dates, amounts) docstring line.

    The transaction columns mean the same in every table function, so their help is written
    once, here, and added below the bare parameter lines of the adapter's docstring.
    """
    adapter.__doc__ = re.sub(
        rf"^( *)({'|'.join(COLUMN_HELP)}) : (?:range|text)$",
        lambda m: f"{m[0]}\n{m[1]}    {COLUMN_HELP[m[2]][0]}.", adapter.__doc__, flags=re.M)
    return adapter


@dataclass(frozen=True, eq=False)
class Rows:
    """Transaction rows read from Excel ranges and screened row by row.

    ``customer_id`` are the distinct ids (first appearance) of the rows that have one;
    ``customer`` is each row's index into them (-1 without an id); ``good`` marks usable rows,
    ``use`` the usable rows of customers without a bad row; ``spoiled`` is per customer the
    message of its first bad row (None if none); ``problems`` the messages of all bad rows;
    ``checked`` the checked transactions of all rows, customers numbered as in ``customer_id``,
    when every row is usable as it is (else None).
    """

    cols: dict
    customer_id: np.ndarray
    customer: np.ndarray
    good: np.ndarray
    use: np.ndarray
    spoiled: np.ndarray
    problems: np.ndarray
    orphans: np.ndarray
    checked: Transactions | None = None

    def usable(self, amounts_only=False):
        """The usable rows as the leading arguments of a core transaction function —
        ``(customer_ids, dates, amounts)``, or ``(customer_ids, amounts)`` — with customers
        numbered as in ``customer_id``: the checked transactions when there are any (the core
        then checks nothing again), else the columns of the rows in ``use``."""
        if self.checked is not None:
            return (self.checked, None) if amounts_only else (self.checked, None, None)
        columns = ("amounts",) if amounts_only else ("dates", "amounts")
        return (self.customer[self.use], *(self.cols[name][self.use] for name in columns))

    @property
    def rows_without_id(self):
        """The message for the rows without a customer id, or None."""
        return _summary(self.problems[self.orphans], "without a customer id")

    @property
    def first_problem(self):
        """The message for all bad rows, or None."""
        return _summary(self.problems, "to fix")


def _summary(messages, what):
    if messages.size == 0:
        return None
    more = f" (and {messages.size - 1} more rows {what})" if messages.size > 1 else ""
    return messages[0] + more


def read_rows(returns="stop", **ranges):
    """Screen the transaction ranges (customer_ids, [dates], amounts) given by name, refunds
    by the ``returns`` policy.

    >>> r = read_rows(customer_ids=[["a"], ["b"], [None], ["a"]],
    ...               amounts=[[5], ["x"], [1], [7]])
    >>> r.customer_id.tolist(), r.use.tolist(), r.spoiled.tolist()
    (['a', 'b'], [True, False, False, True], [None, 'amounts row 2: "x" is text, not a number; enter an amount ≥ 0'])
    >>> r.rows_without_id
    'customer_ids row 3: the customer id is empty; enter a customer id'
    """
    if "dates" in ranges:
        ranges["dates"] = cells.date_column("dates", ranges["dates"])
    given = cells.columns(**ranges)   # the cells as they are, for blanks, errors and messages
    n = given["customer_ids"].size
    filled = ~cells.blank_rows(*given.values())
    errors = {name: cells.error_cells(c) for name, c in given.items()}
    cols = {name: np.where(errors[name], None, c) if errors[name].any() else c
            for name, c in given.items()}   # a column of numbers stays numeric (fast path)
    if "dates" in cols:   # parsed once: days, NaT where a cell is not a date
        cols["dates"], dated = parse_dates_masked(cols["dates"])
    ids = whole_ids(cols["customer_ids"])
    screened = screen_transactions(ids, cols.get("dates"), cols["amounts"], returns=returns)
    if screened.ok.all() and screened.transactions.customer.size == n:
        return _all_usable(cols, screened.transactions)
    owners = screen_transactions(ids, None, np.zeros(n))
    message = np.full(n, None, dtype=object)
    message[~screened.ok] = screened.messages
    if "dates" in cols:   # the screen saw NaT: quote the cell (an id problem comes first)
        undated = np.flatnonzero(~dated & owners.ok)
        message[undated] = [date_message("dates", row + 1, given["dates"][row])
                            for row in undated]
    for name in reversed(given):
        for row in np.flatnonzero(errors[name]):
            message[row] = value_problem(f"{name} row {row + 1}", given[name][row],
                                         COLUMN_HELP[name][1])
    customer = np.full(n, -1)
    customer[owners.ok] = owners.transactions.customer
    lone = _lone_refunds(screened, customer, owners.transactions.customer_id.size)
    message[lone] = [f"amounts row {row + 1}: {show(cols['amounts'][row])} is a refund but "
                     "this customer has no purchase to net it into; enter the purchase or "
                     "leave the refund out" for row in np.flatnonzero(lone)]
    bad = filled & (~screened.ok | lone)
    known = np.flatnonzero(bad & (customer >= 0))
    spoiled = np.full(owners.transactions.customer_id.size, None, dtype=object)
    codes, first = np.unique(customer[known], return_index=True)
    spoiled[codes] = message[known[first]]
    good = screened.ok & ~lone
    use = good & np.equal(np.append(spoiled, None)[customer], None)
    if not (good | bad).any():
        raise CLVError("customer_ids: there are no transactions; give at least one row")
    return Rows(cols, owners.transactions.customer_id, customer, good, use, spoiled,
                message[bad], (customer < 0)[bad])


def _all_usable(cols, transactions):
    """The :class:`Rows` when every row is good and kept as it is: the screened transactions
    number the customers of all rows, so they are neither numbered nor checked again."""
    n = transactions.customer.size
    every = np.ones(n, dtype=bool)
    customers = transactions.customer_id.size
    return Rows(cols, transactions.customer_id, transactions.customer, every, every,
                np.full(customers, None, dtype=object), np.zeros(0, dtype=object),
                np.zeros(0, dtype=bool),
                dataclasses.replace(transactions, customer_id=np.arange(customers)))


def _lone_refunds(screened, customer, customers):
    """Per row: a refund (kept by the ``net`` policy) of a customer with no purchase row.
    Only refunds are looked up, so rows without an id (-1) never index ``bought``, which is
    empty when no row has an id."""
    refund = screened.ok & screened.refund & (customer >= 0)
    bought = np.bincount(customer[screened.ok & ~screened.refund & (customer >= 0)],
                         minlength=customers) > 0
    lone = refund.copy()
    lone[refund] = ~bought[customer[refund]]
    return lone


def customer_table(rows, header, codes, values):
    """The per-customer table: header, one row per customer, a bottom row for rows without id.

    ``values`` fill the computed customers, one row per customer index in ``codes``: a 2-D
    array, or the list of its columns (which then keep their own types, whole numbers as
    integers). Spoiled customers show their message; customers neither computed nor spoiled
    are left out. The table is a :class:`~clv_udfs.cells.Table` of typed columns; a column
    becomes one of cells only where a spoiled customer's message or a scattered row enters it.
    """
    spoiled = (np.not_equal(rows.spoiled, None) if rows.problems.size
               else np.zeros(rows.spoiled.shape, dtype=bool))
    keep = spoiled.copy()
    keep[codes] = True
    shown = np.flatnonzero(keep)
    at = (np.cumsum(keep) - 1)[codes]
    bad = np.flatnonzero(spoiled[shown])
    in_order = bad.size == 0 and np.array_equal(at, np.arange(shown.size))
    columns = [rows.customer_id[shown]]
    for column in values.T if isinstance(values, np.ndarray) else values:
        if not in_order:
            cells_of = np.empty(shown.size, dtype=object)
            cells_of[at] = column
            cells_of[bad] = cells.ERROR_PREFIX + rows.spoiled[shown[bad]].astype(str)
            column = cells_of
        columns.append(column)
    bottom = rows.rows_without_id
    return cells.Table(header, columns,
                       [] if bottom is None else [[cells.ERROR_PREFIX + bottom] * len(header)])


def spoil_values(table, rows, label_columns):
    """``table`` with every value cell (below the header, right of the labels) showing the
    first bad row's message, when there is one."""
    if rows.first_problem:
        table[1:, label_columns:] = cells.ERROR_PREFIX + rows.first_problem
    return table


def rfm_header(unit):
    """The header of an RFM table in ``unit``; the unit travels with it (``recency (weeks)``),
    so a function given the whole table reads the unit from it."""
    words = UNIT_NAMES[unit]
    return ["customer id", "frequency (repeat purchases)", f"recency ({words})", f"T ({words})",
            "monetary value (mean repeat purchase)", "total spend"]


@document_columns
def rfm_table(customer_ids, dates, amounts, observation_end=None, time_unit="W", returns="net"):
    """Per customer: repeat purchases, recency, age T, mean repeat purchase and total spend.

    Spills a table with a header row, one row per customer in order of first appearance;
    durations in the stated time unit.

    Parameters
    ----------
    customer_ids : range
    dates : range
    amounts : range
    observation_end : date
        Last day of the observation period (calibration end); default the last date.
    time_unit : text
        Unit of recency and T: D (days), W (weeks, default), M (months) or Y (years).
    returns : text

    Examples
    --------
    >>> rfm_table([["a"], ["a"], ["b"]], [["1997-01-01"], ["1997-01-15"], ["1997-01-08"]],
    ...           [[10], [30], [5]])[:, :4].tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['customer id', 'frequency (repeat purchases)', 'recency (weeks)', 'T (weeks)'],
     ['a', 1, 2.0, 2.0], ['b', 0, 0.0, 1.0]]
    """
    unit = parse_unit(cells.single("time_unit", time_unit, "W"))
    end = cells.single("observation_end", observation_end, None)
    header = rfm_header(unit)
    policy = _policy(returns)
    rows = read_rows(policy, customer_ids=customer_ids, dates=dates, amounts=amounts)
    codes, values = np.zeros(0, dtype=np.int64), np.zeros((0, 5))
    if rows.use.any():
        s = rfm_summary(*rows.usable(), end, unit, returns=policy)
        codes = s.customer_id
        values = [s.frequency, s.recency, s.T, s.monetary_value, s.total_spend]
    return customer_table(rows, header, codes, values)


@document_columns
def historical_table(customer_ids, amounts, gross_margin=1, returns="net"):
    """Per customer: orders, revenue and gross profit so far (the historical CLV).

    Spills a table with a header row, one row per customer in order of first appearance.

    Parameters
    ----------
    customer_ids : range
    amounts : range
    gross_margin : rate
        Gross margin on revenue, 0–1 (40% or 0.4); default 1 (profit = revenue).
    returns : text

    Examples
    --------
    >>> historical_table([["a"], ["b"], ["a"]], [[100], [50], [20]], [[0.4]]).tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['customer id', 'orders', 'revenue', 'gross profit (historical CLV)'],
     ['a', 2, 120.0, 48.0], ['b', 1, 50.0, 20.0]]
    """
    margin = cells.single("gross_margin", gross_margin, 1)
    policy = _policy(returns)
    rows = read_rows(policy, customer_ids=customer_ids, amounts=amounts)
    codes, values = np.zeros(0, dtype=np.int64), np.zeros((0, 3))
    if rows.use.any():
        h = historical_clv(*rows.usable(amounts_only=True), margin, returns=policy)
        codes = h.customer_id
        values = [h.orders, h.revenue, h.gross_profit]
    return customer_table(rows, ["customer id", "orders", "revenue",
                                 "gross profit (historical CLV)"], codes, values)


def _policy(returns):
    """The returns policy of a one-cell ``returns`` argument (default net)."""
    return returns_policy(cells.single("returns", returns, "net"))


def _flag(argument, value, default):
    """A TRUE/FALSE option (1 and 0 accepted too)."""
    flag = cells.single(argument, value, default)
    if isinstance(flag, (bool, np.bool_)) or (not isinstance(flag, str) and flag in (0, 1)):
        return bool(flag)
    raise CLVError(f"{argument}: {show(flag)} is not TRUE or FALSE; enter TRUE or FALSE")


@document_columns
def cohort_spill(customer_ids, dates, amounts, period="M", cumulative=True, returns="net"):
    """Revenue per acquired customer of each acquisition cohort, by periods since acquisition.

    Spills a table with a header row: cohort (period of first purchase, oldest first),
    customers acquired, then one column per period since acquisition; periods not yet observed
    stay empty.

    Parameters
    ----------
    customer_ids : range
    dates : range
    amounts : range
    period : text
        Calendar period of cohorts and columns: D (days), W (weeks from Monday), M (months,
        default) or Y (years).
    cumulative : logical
        TRUE (default) for the running total since acquisition, FALSE for each period alone.
    returns : text

    Examples
    --------
    >>> cohort_spill([["a"], ["b"], ["a"]], [["1997-01-05"], ["1997-02-20"], ["1997-02-03"]],
    ...              [[10], [30], [20]]).tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['cohort (month of first purchase)', 'customers acquired',
      'month 0: cumulative revenue per customer', 'month 1: cumulative revenue per customer'],
     ['1997-01', 1, 10.0, 30.0], ['1997-02', 1, 30.0, '']]
    """
    unit = parse_unit(cells.single("period", period, "M"), "period")
    running = _flag("cumulative", cumulative, True)
    policy = _policy(returns)
    rows = read_rows(policy, customer_ids=customer_ids, dates=dates, amounts=amounts)
    if not rows.good.any():
        raise CLVError(rows.first_problem)
    t = cohort_table(rows.customer[rows.good], rows.cols["dates"][rows.good],
                     rows.cols["amounts"][rows.good], unit, running, returns=policy)
    word = UNIT_NAMES[unit][:-1]
    what = "cumulative revenue" if running else "revenue"
    header = [f"cohort ({word} of first purchase)", "customers acquired",
              *(f"{word} {k}: {what} per customer" for k in t.period)]
    values = np.where(np.isnan(t.values), "", t.values.astype(object))
    body = np.column_stack([t.cohort.astype(object), t.size.astype(object), values])
    return spoil_values(np.vstack([np.array([header], dtype=object), body]), rows, 1)


def _retention_cell(k):
    """The KPIs' retention rate, or the line saying which of its two needs is lacking."""
    if k.retention_missing == NO_PRIOR_BUYERS:
        return (f"{cells.ERROR_PREFIX}dates: nobody bought in the year before the last "
                f"year of data (the {YEAR_DAYS} days before "
                f"{k.observation_end - np.timedelta64(YEAR_DAYS - 1, 'D')}), so there is no "
                "one to retain; yearly retention needs buyers in both years")
    if k.retention_missing == UNDER_TWO_YEARS:
        return (f"{cells.ERROR_PREFIX}dates: yearly retention needs two full years of data "
                f"({2 * YEAR_DAYS} days); these data span {k.days} days")
    return k.retention_rate


@document_columns
def kpi_table(customer_ids, dates, amounts, returns="net"):
    """Headline KPIs of a transaction table: AOV, purchase frequency, retention, average CLV.

    Spills a two-column table (KPI, value). Orders are purchase rows (refunds are not orders;
    average order value is purchases before refunds per order); purchase frequency is
    orders per customer per year of data (first to last date); yearly retention is the share of
    the previous year's buyers who bought again in the last 365 days (needs two years of
    data); average historical CLV is revenue per customer.

    Parameters
    ----------
    customer_ids : range
    dates : range
    amounts : range
    returns : text

    Examples
    --------
    >>> kpi_table([["a"], ["b"], ["a"]], [["2020-01-01"], ["2020-06-01"], ["2021-12-30"]],
    ...           [[100], [50], [30]])[[1, 3, 4, 5]].tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['average order value', 60.0], ['yearly retention rate', 0.5],
     ['average historical CLV (revenue per customer)', 90.0], ['customers', 2]]
    """
    policy = _policy(returns)
    rows = read_rows(policy, customer_ids=customer_ids, dates=dates, amounts=amounts)
    if not rows.good.any():
        raise CLVError(rows.first_problem)
    k = kpis(rows.customer[rows.good], rows.cols["dates"][rows.good],
             rows.cols["amounts"][rows.good], returns=policy)
    table = np.array([
        ["KPI", "value"],
        ["average order value", k.average_order_value],
        ["purchases per customer per year", k.purchases_per_year],
        ["yearly retention rate", _retention_cell(k)],
        ["average historical CLV (revenue per customer)", k.average_clv],
        ["customers", k.customers],
        ["orders", k.orders],
        ["revenue", k.revenue],
    ], dtype=object)
    return spoil_values(table, rows, 1)


def _tier_header(method, cutoffs):
    """The header stating how the tiers were cut, e.g. ``tier (A: top 20%, B: next 30%, C: rest)``."""
    letters = string.ascii_uppercase
    if method == "quantile":
        shares = DEFAULT_SHARES if cutoffs is None else [float(c) for c in cutoffs]
        parts = [f"{letters[i]}: {'top' if i == 0 else 'next'} {show(100 * s)}%"
                 for i, s in enumerate(shares)]
        last = "rest"
    else:
        parts = [f"{letters[i]}: ≥ {show(c)}" for i, c in enumerate(cutoffs)]
        last = "lower"
    return f"tier ({', '.join(parts + [f'{letters[len(parts)]}: {last}'])})"


def segment_table(values, method: Literal["quantile", "value"] = "quantile", cutoffs=None):
    """Tier letter of each value: "A" for the best customers, then "B", "C".

    Spills one column with a header row stating the cut, one tier per value.

    Parameters
    ----------
    values : range
        One number per customer (revenue, CLV, profit; may be negative), one column.
    method : text
        "quantile" (default) to cut by share of customers, "value" to cut by value thresholds.
    cutoffs : range
        Quantile: share of customers in each tier from the top, default 20% and 30% (A top 20%,
        B next 30%, C the rest). Value: thresholds, highest first (value ≥ first is A, …).

    Examples
    --------
    >>> segment_table([[1500], [700], [200]], "value", [[1000], [500]]).ravel().tolist()
    ['tier (A: ≥ 1000, B: ≥ 500, C: lower)', 'A', 'B', 'C']
    """
    kind = cells.single("method", method, "quantile")
    limits = cells.values_or_default("cutoffs", cutoffs, None)
    column = cells.column("values", values)
    numbers, problems = (a[:, 0] for a in cells.read_argument(
        "values", column[:, None], SIGNED_MONEY, None, True))
    good = np.equal(problems, None)
    bad = ~good & ~cells.blank_rows(column)
    out = np.full(column.size, "", dtype=object)
    out[good] = segment(numbers[good], kind, limits)
    out[bad] = cells.ERROR_PREFIX + problems[bad].astype(str)
    header = _tier_header(str(kind).strip().lower(), limits)
    return np.concatenate([[header], out]).astype(object)[:, None]


CHANNEL_HEADER = ["channel", "new customers", "spend",
                  "CAC (spend ÷ customers acquired in the spend months)",
                  "historical CLV (gross profit per customer)", "CLV:CAC", "health",
                  "payback (month since acquisition, 0 = first)"]
CHANNEL_COLUMNS = ("cac", "clv", "ratio", "health", "payback")


def channel_rows(economics):
    """The body of a channel table: one row per channel and the total row, a number or the
    words saying why there is none in every cell."""
    e = economics
    return np.column_stack([e.channel.astype(object), e.new_customers.astype(object),
                            e.spend.astype(object), *map(e.shown, CHANNEL_COLUMNS)])


def _spend_lines(spend_channels, spend_months, spend_amounts):
    """The non-blank spend lines, checked (CLVError naming the first bad line)."""
    lines = cells.columns(spend_channels=spend_channels, spend_months=spend_months,
                          spend_amounts=spend_amounts)
    for name, column in lines.items():
        _refuse_errors(name, column, "enter a value or clear the whole line")
    filled = ~cells.blank_rows(*lines.values())
    return check_spend(*(column[filled] for column in lines.values()),
                       rows=np.flatnonzero(filled) + 1)


def _refuse_errors(argument, column, allowed):
    """CLVError naming the first cell of ``column`` that holds an Excel error."""
    broken = np.flatnonzero(cells.error_cells(column))
    if broken.size:
        raise CLVError(value_problem(f"{argument} row {broken[0] + 1}", column[broken[0]],
                                     allowed))


@document_columns
def channel_spill(customer_ids, dates, amounts, channels, spend_channels, spend_months,
                  spend_amounts, gross_margin=1):
    """Per acquisition channel: new customers, spend, CAC, historical CLV, CLV:CAC, health and
    payback, with a total row blended by new customers.

    Spills a table with a header row. A customer's channel is the channel on their first
    order (empty: "unknown"); channels match without regard to case and spaces. CAC is the
    spend ÷ the customers acquired in the months with spend; payback the first month since
    acquisition in which the channel's cumulative gross profit per customer reaches CAC.
    Cells without a number say why: "no spend", "none acquired in spend months", "not yet".

    Parameters
    ----------
    customer_ids : range
    dates : range
    amounts : range
    channels : range
        Channel of each transaction (search, social, e-mail …), one cell per row; only each
        customer's first order counts.
    spend_channels : range
        Channel of each marketing spend line.
    spend_months : range
        Month of each spend line: a date in the month or text such as 2024-03.
    spend_amounts : range
        Amount of each spend line, ≥ 0, in your currency.
    gross_margin : rate
        Gross margin on revenue, 0–1 (40% or 0.4); default 1 (profit = revenue).

    Examples
    --------
    >>> channel_spill([["a"], ["b"]], [["2024-01-03"], ["2024-01-09"]], [[10], [20]],
    ...               [["Search"], ["Social"]], [["search"]], [["2024-01"]],
    ...               [[5]])[1:, :4].tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Search', 1, 5.0, 5.0], ['Social', 1, 0.0, 'no spend'], ['total', 2, 5.0, 2.5]]
    """
    margin = cells.single("gross_margin", gross_margin, 1)
    order_channels = cells.columns(customer_ids=customer_ids, channels=channels)["channels"]
    _refuse_errors("channels", order_channels, "enter a channel or leave it empty")
    spend = _spend_lines(spend_channels, spend_months, spend_amounts)
    rows = read_rows(customer_ids=customer_ids, dates=dates, amounts=amounts)
    if not rows.good.any():
        raise CLVError(rows.first_problem)
    good = rows.good
    tx = check_transactions(rows.customer[good], rows.cols["dates"][good],
                            rows.cols["amounts"][good])
    kept = channel_texts("channels", order_channels[good])
    economics = channel_economics(tx, customer_channels(tx, order_channels=kept), spend, margin,
                                  written=kept)
    table = np.vstack([np.array([CHANNEL_HEADER], dtype=object), channel_rows(economics)])
    return spoil_values(table, rows, 1)


FUNCTIONS = (
    ExcelFunction("CLV_RFM", rfm_summary, adapter=rfm_table),
    ExcelFunction("CLV_HISTORICAL", historical_clv, adapter=historical_table),
    ExcelFunction("CLV_COHORT", cohort_table, adapter=cohort_spill),
    ExcelFunction("CLV_SEGMENT", segment, adapter=segment_table),
    ExcelFunction("CLV_KPIS", kpis, adapter=kpi_table),
    ExcelFunction("CLV_CHANNELS", channel_economics, adapter=channel_spill),
)
