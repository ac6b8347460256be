"""Catalogue entries for the probabilistic models (issue 5; core: :mod:`clv_udfs.core.models`).

The ``*_FIT`` functions spill a parameter table with a header row: one row per parameter
(the paper's name, the estimate, its standard error), then the log-likelihood, whether the fit
converged and the time unit (for BG/BB "purchase opportunity": it counts chances to buy, not
days); MBG/NBD and BG/BB tables then name their model (an MBG/NBD table must, since MBG/NBD
has BG/NBD's parameter names). Then comes the evidence
(:mod:`clv_udfs.core.models.diagnostics`): BIC, the customers fitted and one row per warning in
words ("none" without). Every prediction function takes such a table as ``params`` — or the
parameter numbers themselves in the paper's order (r, alpha, a, b for BG/NBD and MBG/NBD; r,
alpha, s, beta for Pareto/NBD; p, q, gamma for Gamma-Gamma; alpha, beta for sBG; alpha, beta,
gamma, delta for BG/BB) — and spills one column
with a header row, one value per customer row (type the formula in the header row of an empty
column and the values line up with the data).

How problems show:

* **Spare rows** whose cells are all empty are skipped (select a range longer than the data).
* **Predictions**: a customer row with a bad cell shows ``#VALUE! <message>`` in its own result
  cell; the other rows compute.
* **Fits** use every row, so a bad row stops the fit with a message naming it.
* Whole-call problems (ranges of different heights, an unreadable parameter table) raise
  CLVError.

The customer arguments take the whole spilled CLV_RFM or CLV_HOLDOUT table as the first of them
(the others left empty), or columns that may start with their header
(:mod:`.customer_tables`); the time unit comes from the headers, and an explicit ``time_unit``
that contradicts it is refused. Nothing assumes weeks: a fit without a unit in its headers or
its ``time_unit`` is refused.
"""

import re
from typing import Literal

import numpy as np

from .. import cells
from ..core.domains import (
    COUNT, DISCOUNT_RATE, DURATION, HORIZON_MONTHS, RATE, is_number, value_problem,
)
from ..core.models import (
    BetaGeo, BetaGeoBetaBinom, GammaGamma, ModifiedBetaGeo, ParetoNBD, ShiftedBetaGeometric,
    expected_clv,
)
from ..core.models.diagnostics import diagnose
from ..core.models.uncertainty import clv_interval, log_covariance
from ..core.models.inputs import PARAMETER, PENALIZER
from ..core.time_units import UNIT_NAMES, parse_unit
from ..errors import CLVError
from . import ExcelFunction
from .customer_tables import customer_columns, resolve_unit, without_header
from .transactions import _flag

TIME_UNIT_ROW = "time unit"
MODEL_ROW = "model"
NAMED_FITS = (ModifiedBetaGeo, BetaGeoBetaBinom)   # FIT tables of issue 10 say their model
MUST_NAME = (ModifiedBetaGeo,)   # a table without a model row is never one: BG/NBD's names
OPPORTUNITY = "purchase opportunity"   # BG/BB's time unit: it counts chances to buy, not days
NO_UNIT = "(none given)"   # time unit of bare parameter numbers where it matters
MODEL_NAMES = {"BG/NBD": BetaGeo, "BGNBD": BetaGeo, "PARETO/NBD": ParetoNBD,
               "PARETO": ParetoNBD, "MBG/NBD": ModifiedBetaGeo, "MBGNBD": ModifiedBetaGeo}
PARAMETER_NAMES = frozenset(name for cls in (BetaGeo, BetaGeoBetaBinom, GammaGamma,
                                             ModifiedBetaGeo, ParetoNBD, ShiftedBetaGeometric)
                            for name in cls.PARAMETERS)
"""Every model parameter (r, alpha, …, gamma): a prediction refused for one of them is a
problem of the ``params`` argument, which holds it."""


def fit_table(model, diagnostics=None, extra=()):
    """The spilled parameter table of a fitted model; with its
    :class:`~clv_udfs.core.models.diagnostics.Diagnostics`, the BIC, customers and the
    ``extra`` rows (label, value) follow, then one row of warnings in words, joined by " | "
    ("none" without), so a table's size never depends on how many there are and a template's
    block always holds it."""
    rows = [["parameter", "estimate", "standard error"]]
    rows += [[name, value, model.standard_errors_[name]] for name, value in model.params_.items()]
    rows += [["log-likelihood", model.log_likelihood_, ""], ["converged", model.converged_, ""]]
    if model.time_unit:
        rows.append([TIME_UNIT_ROW, model.time_unit, ""])
    elif isinstance(model, BetaGeoBetaBinom):
        rows.append([TIME_UNIT_ROW, OPPORTUNITY, ""])
    if isinstance(model, NAMED_FITS):
        rows.append([MODEL_ROW, model.NAME, ""])
    if diagnostics is not None:
        rows += [["BIC", diagnostics.bic, ""], ["customers", diagnostics.customers, ""]]
        rows += [[label, value, ""] for label, value in extra]
        rows.append(["warnings", " | ".join(diagnostics.warnings) or "none", ""])
    return np.array(rows, dtype=object)


def read_params(argument, value, classes, time_unit=None, data_unit=None):
    """A model built from a parameter table (labels in the first column) or bare numbers.

    ``classes`` are the model classes the parameters may belong to; labels pick one, bare
    numbers must be as many as the first class's parameters (in the paper's order).
    ``time_unit`` is the unit of bare numbers: predictions in the data's own unit do not
    depend on it (W stands in); a caller that needs the true unit passes it, or NO_UNIT to
    have a missing one refused. ``data_unit`` is the unit the customer data's headers name:
    a table fitted in another unit is refused.
    """
    grid = cells.grid(value)
    labels = ({str(row[0]).strip(): row[1] for row in grid if isinstance(row[0], str)}
              if grid.shape[1] > 1 else {})
    table_unit = labels.pop(TIME_UNIT_ROW, None)
    named = labels.pop(MODEL_ROW, None)
    if table_unit and time_unit not in (None, NO_UNIT) and \
            parse_unit(time_unit) != parse_unit(table_unit, argument):
        raise CLVError(f"time_unit: {time_unit} differs from the table's time unit {table_unit}; "
                       "leave time_unit empty or fit the model in that unit")
    if table_unit and data_unit and parse_unit(table_unit, argument) != data_unit:
        raise CLVError(f"{argument}: the model was fitted in {UNIT_NAMES[parse_unit(table_unit)]}"
                       f" but the customer data are in {UNIT_NAMES[data_unit]}; fit and predict "
                       "in one time unit")
    time_unit = data_unit if time_unit in (None, NO_UNIT) and data_unit else time_unit
    unit = table_unit or time_unit or "W"
    if unit == NO_UNIT:
        raise CLVError("time_unit: give the unit of recency and T (D, W, M or Y), or pass a "
                       "*_FIT table, whose time unit row says it")
    if labels:
        cls = _table_class(argument, labels, classes, named)
        if cls is None:
            wanted = " or ".join(", ".join(c.PARAMETERS) for c in classes)
            raise CLVError(f"{argument}: the table has no rows labelled {wanted}; use the "
                           "table a *_FIT function spills, or the parameter numbers")
        values = [labels[name] for name in cls.PARAMETERS]
    else:
        cls = classes[0]
        flat = grid.ravel()
        values = list(flat[~cells.blank_rows(flat)])
        if len(values) != len(cls.PARAMETERS):
            raise CLVError(f"{argument}: give the {len(cls.PARAMETERS)} numbers "
                           f"{', '.join(cls.PARAMETERS)} in that order, or a *_FIT table; "
                           f"there are {len(values)}")
    for name, v in zip(cls.PARAMETERS, values):
        if not is_number(v):
            raise CLVError(value_problem(f"{argument} {name}", v, PARAMETER.allowed))
    try:
        return cls.from_params(unit if cls.TIMED else None, **dict(zip(cls.PARAMETERS, values)))
    except CLVError as problem:
        raise CLVError(_naming(argument, str(problem), table_unit)) from None


def _naming(argument, message, table_unit):
    """A parameter problem naming the argument it came from: "a: 0 is not allowed" becomes
    "params a: 0 …", and a bad time unit read from a FIT table is the table's, not a
    time_unit argument's.

    >>> _naming("params", "a: 0 is not allowed", None)
    'params a: 0 is not allowed'
    >>> _naming("params", 'time_unit: "x" is not a time unit', "x")
    'params time unit: "x" is not a time unit'
    """
    if message.startswith("time_unit:"):
        return f"{argument} {TIME_UNIT_ROW}:{message[10:]}" if table_unit else message
    return f"{argument} {message}"


def _table_class(argument, labels, classes, named):
    """The class of ``classes`` whose parameters label a table (None if none has them all).

    A table with a model row (NAMED_FITS) must name one of ``classes``; a table without one
    cannot stand for a named model, since MBG/NBD and BG/NBD share their parameter names.
    """
    if named is not None:
        cls = next((c for c in classes if c.NAME == str(named).strip()), None)
        if cls is None:
            raise CLVError(f"{argument}: the table's model is {named}, not "
                           f"{' or '.join(c.NAME for c in classes)}; use it with the {named} "
                           "functions")
        return cls
    cls = next((c for c in classes if set(c.PARAMETERS) <= set(labels)), None)
    if cls in MUST_NAME:
        raise CLVError(f"{argument}: the table has no model row saying {cls.NAME} (a fit of "
                       f"another model may have the same parameter names); use the table "
                       f"{cls.NAME.replace('/', '')}_FIT spills, or the numbers "
                       f"{', '.join(cls.PARAMETERS)}")
    return cls


def _numeric_columns(**ranges):
    """Equal-height ranges as 1-D object columns, and the mask of rows that hold data.

    Spare all-blank rows at the bottom are cut off; a blank row between customers keeps its
    place (its result stays empty), so every result stays beside its own customer.
    """
    cols = cells.columns(per="customer", **ranges)
    blank = cells.blank_rows(*cols.values())
    used = blank.size - int(np.argmax(~blank[::-1])) if (~blank).any() else 0
    return {name: c[:used] for name, c in cols.items()}, ~blank[:used]


def _fit_columns(ordered=False, skip=None, **ranges):
    """Numeric columns for a fit and the row of each value within its range (from 1); blank rows
    are left
    out (refused where the row order is the time, ``ordered``), and so are the rows where
    ``skip(columns)`` is true. CLVError names the first cell that is not a number."""
    cols, filled = _numeric_columns(**ranges)
    if ordered and not filled.all():
        row = int(np.flatnonzero(~filled)[0]) + 1
        raise CLVError(f"{next(iter(cols))} row {row}: the cell is empty; every period needs "
                       "its count, with no gaps")
    if skip is not None:
        filled &= ~skip(cols)
    rows = np.flatnonzero(filled) + 1
    cols = {name: c[filled] for name, c in cols.items()}
    for name, col in cols.items():
        bad = ~cells.number_cells(col)
        if bad.any():
            at = int(np.flatnonzero(bad)[0])
            raise CLVError(value_problem(f"{name} row {rows[at]}", col[at], "enter a number"))
    return [col.astype(float) for col in cols.values()], rows


def per_row(header, func, **ranges):
    """``func(**columns)`` over customer rows, spilled under ``header``.

    Computes all rows at once. When every row holds a customer and every result is a finite
    number (the usual call), the column comes back as a :class:`~clv_udfs.cells.Table` of
    floats under its header, which is screened and written at C speed rather than as a
    million Python objects. When the core refuses some row, the rows are halved until each
    bad row stands alone and shows its own message, so k bad rows among n cost about
    k·log₂(n) vectorised calls rather than one call per row.
    """
    cols, filled = _numeric_columns(**ranges)
    rows = np.flatnonzero(filled)
    if not rows.size:
        names = list(cols)
        raise CLVError(f"{names[0] if len(names) == 1 else ', '.join(names)}: the cells are "
                       "empty; give one value per row")
    cols = {name: c[rows] for name, c in cols.items()}
    values = np.full(filled.size, "", dtype=object)
    try:
        result = np.asarray(func(**cols)).reshape(-1)
    except CLVError as problem:
        _refused(func, cols, rows, values, problem)
    else:
        if (rows.size == filled.size == result.size and result.dtype.kind == "f"
                and np.isfinite(result).all()):
            return cells.Table([header], [result])
        values[rows] = result.astype(object)
    return np.vstack([np.array([[header]], dtype=object), values[:, None]])


def _compute(func, cols, rows, values):
    """Fill ``values[rows]`` with ``func``'s results, halving around rows the core refuses."""
    try:
        values[rows] = np.asarray(func(**cols), dtype=object).reshape(-1)
    except CLVError as problem:
        _refused(func, cols, rows, values, problem)


def _refused(func, cols, rows, values, problem):
    """After the core refused ``rows`` (``problem``): the whole call's message when it is about
    the parameters or a one-cell argument, the row's own when it stands alone, else each half
    computed apart (:func:`_compute`). The core's "(item k)" counts the customers computed,
    not rows of the sheet, so a whole call's message leaves it out, as a row's does."""
    text = str(problem).split(" (item")[0]
    name = text.partition(": ")[0]
    if name in PARAMETER_NAMES:   # a parameter too extreme for these customers
        raise CLVError(_naming("params", text, None)) from None
    if name not in cols:   # a one-cell argument: the whole call
        raise CLVError(text) from None
    if rows.size == 1:
        values[rows[0]] = cells.ERROR_PREFIX + _row_message(text, cols, rows[0])
        return
    half = rows.size // 2
    for part in (slice(None, half), slice(half, None)):
        _compute(func, {name: c[part] for name, c in cols.items()}, rows[part], values)


def _row_message(text, cols, row):
    """The core's message about customer ``row`` (0-based; ``cols`` hold that row alone),
    naming the row; a cell that is empty, text or an Excel error is described as the
    elementwise functions describe it."""
    name, _, rest = text.partition(": ")
    if name in cols and not is_number(cols[name][0]):
        text = value_problem(name, cols[name][0], rest.rsplit("; ", 1)[-1])
    return text.replace(":", f" row {row + 1}:", 1)


def _fitted(model, ordered=False, skip=None, evidence=None, extra=(), **ranges):
    """The parameter table of ``model`` fitted to ``ranges``; a bad row stops the fit with the
    core's message naming the row. ``evidence(columns)`` gives the arguments of
    :func:`~clv_udfs.core.models.diagnostics.diagnose` after the model (none: no evidence
    rows); ``extra`` are rows (label, value) shown with them."""
    columns, rows = _fit_columns(ordered, skip, **ranges)
    try:
        fitted = model.fit(*columns)
        return fit_table(fitted, evidence and diagnose(fitted, *evidence(columns)), extra)
    except CLVError as problem:
        item = re.search(r" \(item (\d+)\)$", str(problem))
        if item is None:
            raise
        row = rows[int(item.group(1)) - 1]
        raise CLVError(str(problem)[:item.start()].replace(":", f" row {row}:", 1)) from None


def _no_repeat_purchase(cols):
    """Rows whose frequency is the number 0: customers without a repeat purchase."""
    frequency = cols["frequency"]
    numbers = cells.number_cells(frequency)
    zero = np.zeros(frequency.size, dtype=bool)
    zero[numbers] = frequency[numbers].astype(float) == 0
    return zero


CUSTOMER_DOC = """    frequency : range
        Repeat purchases of each customer (whole numbers ≥ 0), or the whole CLV_RFM or
        CLV_HOLDOUT spill, header included (then leave recency and T empty).
    recency : range
        Time of each customer's last repeat purchase since their first (0 if none).
    T : range
        Time from each customer's first purchase to the end of observation."""


def _number(argument, value, default, domain=None):
    """A one-cell number argument (``default`` when empty), checked against the core's
    ``domain`` if given, so a bad one-cell option is one error rather than one per row."""
    number = cells.single(argument, value, default)
    if not is_number(number):
        raise CLVError(value_problem(argument, number, domain.allowed if domain
                                          else "enter a number"))
    if domain is not None:
        domain.check(argument, number)
    return number


def _transaction_fit(cls, paper):
    def adapter(frequency, recency=None, T=None, time_unit=None, penalizer=0):
        columns, found = customer_columns(frequency=frequency, recency=recency, T=T)
        model = cls(resolve_unit(found, cells.single("time_unit", time_unit, None)),
                    _number("penalizer", penalizer, 0, PENALIZER))
        return _fitted(model, evidence=lambda c: (c[0],), **columns)

    adapter.__doc__ = f"""Fit the {cls.NAME} model ({paper}) to customer summaries.

    Spills the parameter table: {', '.join(cls.PARAMETERS)} with standard errors,
    log-likelihood, convergence, time unit, BIC, customers and warnings in words.

    Parameters
    ----------
{CUSTOMER_DOC}
    time_unit : text
        Unit of recency and T: D, W, M or Y; default the unit in the headers (CLV_RFM's
        "recency (weeks)"), which a different time_unit contradicts.
    penalizer : number
        L2 penalty on the parameters, default 0; try 0.001 if the fit fails.
    """
    return adapter


def _transaction_expected(cls, fit):
    def adapter(params, t, frequency, recency=None, T=None):
        columns, found = customer_columns(frequency=frequency, recency=recency, T=T)
        model = read_params("params", params, (cls,), data_unit=found)
        horizon = _number("t", t, None, DURATION)
        return per_row(f"expected purchases in the next {horizon:g}",
                       lambda **c: model.conditional_expected_number_of_purchases_up_to_time(
                           horizon, c["frequency"], c["recency"], c["T"]), **columns)

    adapter.__doc__ = f"""Expected purchases of each customer in the next t time units
    ({cls.NAME}).

    Parameters
    ----------
    params : range
        A {fit} table, or the numbers {', '.join(cls.PARAMETERS)}.
    t : number
        Horizon, in the unit of recency and T.
{CUSTOMER_DOC}
    """
    return adapter


def _transaction_alive(cls, fit):
    def adapter(params, frequency, recency=None, T=None):
        columns, found = customer_columns(frequency=frequency, recency=recency, T=T)
        model = read_params("params", params, (cls,), data_unit=found)
        return per_row("P(alive)", lambda **c: model.conditional_probability_alive(
            c["frequency"], c["recency"], c["T"]), **columns)

    adapter.__doc__ = f"""Probability that each customer is still alive ({cls.NAME}).

    Parameters
    ----------
    params : range
        A {fit} table, or the numbers {', '.join(cls.PARAMETERS)}.
{CUSTOMER_DOC}
    """
    return adapter


bgnbd_fit = _transaction_fit(BetaGeo, "Fader, Hardie & Lee 2005")
pareto_fit = _transaction_fit(ParetoNBD, "Schmittlein, Morrison & Colombo 1987")
bgnbd_expected = _transaction_expected(BetaGeo, "BGNBD_FIT")
pareto_expected = _transaction_expected(ParetoNBD, "PARETO_FIT")
bgnbd_p_alive = _transaction_alive(BetaGeo, "BGNBD_FIT")
pareto_p_alive = _transaction_alive(ParetoNBD, "PARETO_FIT")
mbgnbd_fit = _transaction_fit(ModifiedBetaGeo, "Batislam, Denizel & Filiztekin 2007")
mbgnbd_expected = _transaction_expected(ModifiedBetaGeo, "MBGNBD_FIT")
mbgnbd_p_alive = _transaction_alive(ModifiedBetaGeo, "MBGNBD_FIT")


OPPORTUNITY_DOC = """    frequency : range
        Repeat transactions of each customer: the opportunities after the first transaction
        at which they bought, donated or came (whole numbers ≥ 0).
    recency : range
        The opportunity (1, 2, …) of each customer's last repeat transaction; 0 if none.
    n_periods : range
        Opportunities each customer had after their first transaction (e.g. 6 yearly
        appeals)."""


def bgbb_fit(frequency, recency, n_periods, weights=None, penalizer=0):
    """Fit the BG/BB model (Fader, Hardie & Shang 2010) to discrete-time histories: one
    chance to buy per period (yearly donations, annual events).

    Spills the parameter table: alpha, beta, gamma, delta with standard errors,
    log-likelihood, convergence, the time unit (one purchase opportunity) and the model.

    Parameters
    ----------
{customers}
    weights : range
        Number of customers each row stands for (e.g. a table of distinct histories and
        their counts); leave empty for one customer per row.
    penalizer : number
        L2 penalty on the parameters, default 0; try 0.001 if the fit fails.
    """
    model = BetaGeoBetaBinom(penalizer=_number("penalizer", penalizer, 0, PENALIZER))
    ranges = {"frequency": frequency, "recency": recency, "n_periods": n_periods}
    if weights is not None and not (cells.grid(weights).size == 1
                                    and cells.single("weights", weights, None) is None):
        ranges["weights"] = weights
    return _fitted(model, **ranges)


def bgbb_p_alive(params, frequency, recency, n_periods, periods_ahead=0):
    """Probability that each customer is still alive (BG/BB), at the last observed
    opportunity or some periods on.

    Parameters
    ----------
    params : range
        A BGBB_FIT table, or the numbers alpha, beta, gamma, delta.
{customers}
    periods_ahead : number
        0 (default): alive at the last observed opportunity; 1: still alive at the next one
        (the paper's "alive in 2002"); 2, 3, …: further on.
    """
    model = read_params("params", params, (BetaGeoBetaBinom,))
    ahead = _number("periods_ahead", periods_ahead, 0, COUNT)
    header = ("P(alive)" if ahead == 0 else
              f"P(alive in {ahead:g} period{'' if ahead == 1 else 's'})")
    return per_row(header, lambda **c: model.conditional_probability_alive(
        c["frequency"], c["recency"], c["n_periods"], ahead),
        frequency=frequency, recency=recency, n_periods=n_periods)


def bgbb_expected(params, periods, frequency, recency, n_periods):
    """Expected transactions of each customer at the next opportunities (BG/BB).

    Parameters
    ----------
    params : range
        A BGBB_FIT table, or the numbers alpha, beta, gamma, delta.
    periods : number
        How many future opportunities to count (a whole number, e.g. 5 for the next 5 years
        of yearly appeals).
{customers}
    """
    model = read_params("params", params, (BetaGeoBetaBinom,))
    horizon = _number("periods", periods, None, COUNT)
    return per_row(f"expected transactions in the next {horizon:g} periods",
                   lambda **c: model.conditional_expected_number_of_purchases_up_to_time(
                       horizon, c["frequency"], c["recency"], c["n_periods"]),
                   frequency=frequency, recency=recency, n_periods=n_periods)


for _adapter in (bgbb_fit, bgbb_p_alive, bgbb_expected):
    _adapter.__doc__ = _adapter.__doc__.format(customers=OPPORTUNITY_DOC)


def _no_positive_spend(cols):
    """Rows of repeat buyers whose mean spend is a number ≤ 0 (the model needs spend > 0)."""
    spend = cols["monetary_value"]
    numbers = cells.number_cells(spend)
    low = np.zeros(spend.size, dtype=bool)
    low[numbers] = spend[numbers].astype(float) <= 0
    return low & ~_no_repeat_purchase(cols)


def gammagamma_fit(frequency, monetary_value=None, penalizer=0):
    """Fit the Gamma-Gamma spend model (Fader, Hardie & Lee 2005) to repeat buyers.

    Spills the parameter table: p, q, gamma with standard errors, log-likelihood,
    convergence, BIC, customers, the repeat buyers left out for a mean spend ≤ 0, and
    warnings in words (among them the model's check: repeat frequency and mean spend should
    not correlate).

    Parameters
    ----------
    frequency : range
        Repeat purchases of each customer, or the whole CLV_RFM spill, header included (then
        leave monetary_value empty). Rows with 0 are skipped (the model is fitted on repeat
        buyers), so the whole RFM summary can be given.
    monetary_value : range
        Mean value of each customer's repeat purchases; repeat buyers with a mean of 0 or less
        (free or refunded orders) are left out and counted.
    penalizer : number
        L2 penalty on the parameters, default 0.
    """
    columns, _ = customer_columns(frequency=frequency, monetary_value=monetary_value)
    used, _ = _numeric_columns(**columns)
    left_out = int(_no_positive_spend(used).sum())
    return _fitted(GammaGamma(penalizer=_number("penalizer", penalizer, 0, PENALIZER)),
                   skip=lambda c: _no_repeat_purchase(c) | _no_positive_spend(c),
                   evidence=lambda c: c, extra=[("left out: mean spend ≤ 0", left_out)],
                   **columns)


def sbg_fit(active, time_unit="Y", penalizer=0):
    """Fit the shifted-beta-geometric model (Fader & Hardie 2007) to a cohort's renewals.

    Spills the parameter table: alpha, beta with standard errors, log-likelihood,
    convergence and time unit.

    Parameters
    ----------
    active : range
        Customers still active after 0, 1, 2, … renewals; the first cell is the cohort size.
    time_unit : text
        Length of one contract period: D, W, M or Y (default).
    penalizer : number
        L2 penalty on the parameters, default 0.
    """
    columns, _ = customer_columns(active=active)
    return _fitted(ShiftedBetaGeometric(cells.single("time_unit", time_unit, "Y"),
                                        _number("penalizer", penalizer, 0, PENALIZER)),
                   ordered=True, **columns)


def gammagamma_spend(params, frequency, monetary_value=None):
    """Expected spend per purchase of each customer (Gamma-Gamma).

    Parameters
    ----------
    params : range
        A GAMMAGAMMA_FIT table, or the numbers p, q, gamma.
    frequency : range
        Repeat purchases of each customer (0 gives the population mean), or the whole CLV_RFM
        spill, header included (then leave monetary_value empty).
    monetary_value : range
        Mean value of each customer's repeat purchases.
    """
    model = read_params("params", params, (GammaGamma,))
    columns, _ = customer_columns(frequency=frequency, monetary_value=monetary_value)
    return per_row("expected spend per purchase",
                   lambda **c: model.conditional_expected_average_profit(
                       c["frequency"], c["monetary_value"]), **columns)


def clv_predict(params, frequency, recency=None, T=None, spend=None, margin=None,
                monthly_discount_rate=None, horizon_months=12, model=None, time_unit=None,
                interval=False):
    """Discounted expected margin of each customer over the next months (BG/NBD, MBG/NBD or
    Pareto/NBD purchases × spend × margin).

    Parameters
    ----------
    params : range
        A BGNBD_FIT, MBGNBD_FIT or PARETO_FIT table (its time unit row gives the unit of
        recency and T),
        or the four parameter numbers with ``model`` and ``time_unit``.
{customers}
    spend : range
        Needed: expected spend per purchase of each customer (e.g. GAMMAGAMMA_SPEND's spill).
        (Optional in the signature only so that recency and T before it can stay empty.)
    margin : rate
        Needed: share of spend kept as margin, 0–1.
    monthly_discount_rate : rate
        Needed: discount rate per month, 0–1.
    horizon_months : number
        Months to count, a whole number from 1 to 1200; default 12.
    model : text
        "BG/NBD", "Pareto/NBD" or "MBG/NBD", needed only with bare parameter numbers.
    time_unit : text
        Unit of recency and T (D, W, M or Y), needed only with bare parameter numbers and
        customer columns without a unit in their headers.
    interval : logical
        TRUE to add the lower and upper ends of each customer's 90% interval (delta method on
        the purchase model's covariance, recomputed on the customers given: give all the
        customers the model was fitted on; the spend is taken as known); default FALSE.
    """
    kind = cells.single("model", model, None)
    classes = (BetaGeo, ParetoNBD, ModifiedBetaGeo)
    if kind is not None:
        if str(kind).strip().upper() not in MODEL_NAMES:
            raise CLVError(f'model: "{kind}" is not a model; use "BG/NBD" or "Pareto/NBD" '
                           'or "MBG/NBD"')
        classes = (MODEL_NAMES[str(kind).strip().upper()],)
    columns, found = customer_columns(frequency=frequency, recency=recency, T=T)
    if spend is None:
        raise CLVError("spend: the range is empty; give the expected spend per purchase of each "
                       "customer, e.g. GAMMAGAMMA_SPEND's spill")
    columns["spend"], _ = without_header("spend", spend, columns["frequency"].size)
    unit = resolve_unit(found, cells.single("time_unit", time_unit, None), needed=False)
    fitted = read_params("params", params, classes, unit or NO_UNIT, found)
    m = _number("margin", margin, None, RATE)
    d = _number("monthly_discount_rate", monthly_discount_rate, None, DISCOUNT_RATE)
    months = _number("horizon_months", horizon_months, 12, HORIZON_MONTHS)
    wanted = _flag("interval", interval, False)
    values = per_row(f"CLV over {months:g} months", lambda **c: expected_clv(
        fitted, c["frequency"], c["recency"], c["T"], fitted.time_unit, c["spend"], m, d,
        months, "M"), **columns)
    return _with_interval(values, fitted, columns, m, d, months) if wanted else values


def _with_interval(values, fitted, columns, margin, rate, months):
    """The CLV column with the lower and upper ends of each computed row's 90% interval beside
    it (rows showing a message stay empty there)."""
    values = np.asarray(values)   # a Table of one float column, or the cells with messages
    cols, _ = _numeric_columns(**columns)
    done = cells.number_cells(values[1:, 0])
    ends = np.full((done.size, 2), "", dtype=object)
    if done.any():
        x, t_x, age, spend = (cols[name][done].astype(float)
                              for name in ("frequency", "recency", "T", "spend"))
        covariance = log_covariance(fitted, x, t_x, age)
        if covariance is None:
            ends[done] = cells.ERROR_PREFIX + ("no interval: the likelihood is flat at these "
                                               "parameters on these customers")
        else:
            found = clv_interval(fitted, covariance, x, t_x, age, spend, margin, rate, months)
            ends[done] = np.column_stack([found.lower, found.upper])
    header = np.array([["lower end (90% interval)", "upper end (90% interval)"]], dtype=object)
    return np.hstack([values, np.vstack([header, ends])])


clv_predict.__doc__ = clv_predict.__doc__.format(customers=CUSTOMER_DOC)
clv_predict.__annotations__["model"] = Literal[tuple(dict.fromkeys(
    cls.NAME for cls in MODEL_NAMES.values()))]   # the dropdown of its model names


def _sbg_column(header, params, method, rate=None, **ranges):
    """One sBG quantity per row of ``ranges``; ``rate`` (one cell) is passed last if given."""
    model = read_params("params", params, (ShiftedBetaGeometric,))
    extra = () if rate is None else (_number("discount_rate", rate, None, DISCOUNT_RATE),)
    columns, _ = customer_columns(**ranges)
    return per_row(header, lambda **c: getattr(model, method)(*c.values(), *extra), **columns)


def sbg_survival(params, t):
    """Share of a new cohort still active after each number of renewals t (sBG).

    Parameters
    ----------
    params : range
        An SBG_FIT table, or the numbers alpha, beta.
    t : range
        Renewals (periods), one per row.
    """
    return _sbg_column("survival", params, "survival", t=t)


def sbg_retention(params, t):
    """Renewal rate at the t-th renewal (sBG), rising with t.

    Parameters
    ----------
    params : range
        An SBG_FIT table, or the numbers alpha, beta.
    t : range
        Renewal number (1 = first renewal), one per row.
    """
    return _sbg_column("retention rate", params, "retention", t=t)


def sbg_del(params, discount_rate):
    """Discounted expected lifetime of a new customer, in periods (sBG; Fader & Hardie 2010).

    Parameters
    ----------
    params : range
        An SBG_FIT table, or the numbers alpha, beta.
    discount_rate : range
        Discount rate per period, 0–1, one per row.
    """
    return _sbg_column("discounted expected lifetime", params, "discounted_expected_lifetime",
                       discount_rate=discount_rate)


def sbg_derl(params, renewals, discount_rate):
    """Discounted expected residual lifetime of a customer who has renewed so many times
    (sBG; Fader & Hardie 2010).

    Parameters
    ----------
    params : range
        An SBG_FIT table, or the numbers alpha, beta.
    renewals : range
        Renewals each customer has made, one per row.
    discount_rate : rate
        Discount rate per period, 0–1 (one cell).
    """
    return _sbg_column("discounted expected residual lifetime", params,
                       "discounted_expected_residual_lifetime", discount_rate,
                       renewals=renewals)


def clv_sbg(params, margin_per_period, discount_rate):
    """Expected lifetime value of a new subscriber: margin per period × DEL (sBG).

    Parameters
    ----------
    params : range
        An SBG_FIT table, or the numbers alpha, beta.
    margin_per_period : range
        Margin per contract period, paid at the start of each period, one per row.
    discount_rate : rate
        Discount rate per period, 0–1 (one cell).
    """
    return _sbg_column("CLV", params, "clv", discount_rate, margin_per_period=margin_per_period)


# --- native Excel formulas (portable templates: one customer or period per cell) ----------

def _parameter_refs(params, cls):
    """The cell of each parameter in ``params``: a one-column range of the numbers in the
    paper's order, or a block whose last column holds them beside their labels.

    >>> _parameter_refs("$A$5:$B$6", ShiftedBetaGeometric)
    {'alpha': '$B$5', 'beta': '$B$6'}
    """
    match = re.fullmatch(r"\$?[A-Z]+\$?(\d+):(\$?[A-Z]+)(\$?)(\d+)", params)
    rows = range(int(match.group(1)), int(match.group(4)) + 1) if match else ()
    if len(rows) != len(cls.PARAMETERS):
        raise ValueError(f"{params} is not a column of the {len(cls.PARAMETERS)} {cls.NAME} "
                         "parameters")
    column, dollar = match.group(2), match.group(3)
    return dict(zip(cls.PARAMETERS, (f"{column}{dollar}{row}" for row in rows)))


def _native(cls):
    """Mark a native-formula builder as taking ``cls``'s parameters as its ``params`` range
    (its ``parameters``, in the paper's order), so a caller can lay out an example."""
    def mark(builder):
        builder.parameters = cls.PARAMETERS
        return builder
    return mark


@_native(ShiftedBetaGeometric)
def _native_sbg_survival(params, t):
    """S(t) = B(α, β+t)/B(α, β), the share of a cohort still active after t periods, with the
    beta functions through GAMMALN."""
    p = _parameter_refs(params, ShiftedBetaGeometric)
    a, b = p["alpha"], p["beta"]
    return f"EXP(GAMMALN({b}+{t})+GAMMALN({a}+{b})-GAMMALN({b})-GAMMALN({a}+{b}+{t}))"


@_native(ShiftedBetaGeometric)
def _native_sbg_retention(params, t):
    """r(t) = (β+t−1)/(α+β+t−1), the renewal rate at the t-th renewal (t ≥ 1)."""
    p = _parameter_refs(params, ShiftedBetaGeometric)
    return f"({p['beta']}+{t}-1)/({p['alpha']}+{p['beta']}+{t}-1)"


@_native(BetaGeo)
def _native_bgnbd_p_alive(params, frequency, recency, T):
    """P(alive) = 1/(1 + [x>0]·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)); t_x and T in one unit, that
    of the parameters."""
    p = _parameter_refs(params, BetaGeo)
    r, alpha, a, b = (p[name] for name in BetaGeo.PARAMETERS)
    x = frequency
    return (f"1/(1+IF({x}>0,{a}/({b}+{x}-1)*(({alpha}+{T})/({alpha}+{recency}))^({r}+{x}),0))")


@_native(GammaGamma)
def _native_gammagamma_spend(params, frequency, monetary_value):
    """E(Z | x, z̄) = p(γ + x·z̄)/(p·x + q − 1), in the currency of z̄; #N/A where p·x + q ≤ 1
    (no finite expectation, which the live function refuses)."""
    p = _parameter_refs(params, GammaGamma)
    below = f"{p['p']}*{frequency}+{p['q']}-1"
    return (f"IF({below}>0,{p['p']}*({p['gamma']}+{frequency}*{monetary_value})/({below}),"
            "NA())")


FUNCTIONS = (
    ExcelFunction("BGNBD_FIT", BetaGeo.fit, adapter=bgnbd_fit),
    ExcelFunction("MBGNBD_FIT", ModifiedBetaGeo.fit, adapter=mbgnbd_fit),
    ExcelFunction("PARETO_FIT", ParetoNBD.fit, adapter=pareto_fit),
    ExcelFunction("GAMMAGAMMA_FIT", GammaGamma.fit, adapter=gammagamma_fit),
    ExcelFunction("SBG_FIT", ShiftedBetaGeometric.fit, adapter=sbg_fit),
    ExcelFunction("BGBB_FIT", BetaGeoBetaBinom.fit, adapter=bgbb_fit),
    ExcelFunction("BGNBD_EXPECTED", BetaGeo.conditional_expected_number_of_purchases_up_to_time,
                  adapter=bgnbd_expected),
    ExcelFunction("BGNBD_P_ALIVE", BetaGeo.conditional_probability_alive,
                  native=_native_bgnbd_p_alive, adapter=bgnbd_p_alive),
    ExcelFunction("MBGNBD_EXPECTED",
                  ModifiedBetaGeo.conditional_expected_number_of_purchases_up_to_time,
                  adapter=mbgnbd_expected),
    ExcelFunction("MBGNBD_P_ALIVE", ModifiedBetaGeo.conditional_probability_alive,
                  adapter=mbgnbd_p_alive),
    ExcelFunction("PARETO_EXPECTED",
                  ParetoNBD.conditional_expected_number_of_purchases_up_to_time,
                  adapter=pareto_expected),
    ExcelFunction("PARETO_P_ALIVE", ParetoNBD.conditional_probability_alive,
                  adapter=pareto_p_alive),
    ExcelFunction("BGBB_EXPECTED",
                  BetaGeoBetaBinom.conditional_expected_number_of_purchases_up_to_time,
                  adapter=bgbb_expected),
    ExcelFunction("BGBB_P_ALIVE", BetaGeoBetaBinom.conditional_probability_alive,
                  adapter=bgbb_p_alive),
    ExcelFunction("GAMMAGAMMA_SPEND", GammaGamma.conditional_expected_average_profit,
                  native=_native_gammagamma_spend, adapter=gammagamma_spend),
    ExcelFunction("CLV_PREDICT", expected_clv, adapter=clv_predict),
    ExcelFunction("SBG_SURVIVAL", ShiftedBetaGeometric.survival, native=_native_sbg_survival,
                  adapter=sbg_survival),
    ExcelFunction("SBG_RETENTION", ShiftedBetaGeometric.retention,
                  native=_native_sbg_retention, adapter=sbg_retention),
    ExcelFunction("SBG_DEL", ShiftedBetaGeometric.discounted_expected_lifetime,
                  adapter=sbg_del),
    ExcelFunction("SBG_DERL", ShiftedBetaGeometric.discounted_expected_residual_lifetime,
                  adapter=sbg_derl),
    ExcelFunction("CLV_SBG", ShiftedBetaGeometric.clv, adapter=clv_sbg),
)
