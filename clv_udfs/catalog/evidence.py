"""Catalogue entries for the evidence behind a forecast (issue 10): the calibration/holdout
table (core: :mod:`clv_udfs.core.holdout`) and the model check that compares models on it
(core: :mod:`clv_udfs.core.model_check`).

CLV_HOLDOUT spills the CLV_RFM columns of the calibration period plus the holdout columns, the
time unit in the headers (``recency (weeks)``, ``holdout length (weeks)``), so the whole spill
can be handed to CLV_MODEL_CHECK, any ``*_FIT`` or prediction function as one argument.
"""

import re

import numpy as np

from .. import cells
from ..core.holdout import calibration_and_holdout
from ..core.model_check import compare_models
from ..core.time_units import UNIT_NAMES, parse_unit
from ..errors import CLVError
from . import ExcelFunction
from .customer_tables import TITLES, customer_columns, is_table, resolve_unit
from .models import _fit_columns
from .transactions import customer_table, document_columns, read_rows, rfm_header

HOLDOUT_PURCHASES = "holdout repeat purchases"
HOLDOUT_LENGTH = "holdout length"


def holdout_header(unit):
    """The CLV_HOLDOUT header: the RFM header, then the holdout columns."""
    return [*rfm_header(unit), HOLDOUT_PURCHASES, f"{HOLDOUT_LENGTH} ({UNIT_NAMES[unit]})",
            "holdout spend"]


@document_columns
def holdout_table(customer_ids, dates, amounts, calibration_end, observation_end=None,
                  time_unit="W"):
    """Per customer: the RFM summary up to the calibration end, then the repeat purchases,
    length and spend of the holdout period after it.

    Spills a table with a header row, one row per customer first seen by the calibration end;
    durations in the stated time unit. Fit a model on the RFM columns and compare its
    predictions over the holdout length with the holdout purchases (CLV_MODEL_CHECK).

    Parameters
    ----------
    customer_ids : range
    dates : range
    amounts : range
    calibration_end : date
        Last day of the calibration period; the models are fitted on what happened up to it.
    observation_end : date
        Last day of the holdout period; default the last date.
    time_unit : text
        Unit of recency, T and holdout length: D (days), W (weeks, default), M or Y.

    Examples
    --------
    >>> holdout_table([["a"], ["a"], ["b"], ["a"]],
    ...               [["1997-01-01"], ["1997-01-08"], ["1997-01-08"], ["1997-01-22"]],
    ...               [[10], [20], [5], [7]], [["1997-01-15"]])[:, [0, 1, 6, 7]].tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['customer id', 'frequency (repeat purchases)', 'holdout repeat purchases',
      'holdout length (weeks)'], ['a', 1, 1, 1.0], ['b', 0, 0, 1.0]]
    """
    unit = parse_unit(cells.single("time_unit", time_unit, "W"))
    split = cells.single("calibration_end", calibration_end, None)
    if split is None:
        raise CLVError("calibration_end: the cell is empty; enter the last day of the "
                       "calibration period, e.g. 1997-09-30")
    end = cells.single("observation_end", observation_end, None)
    rows = read_rows(customer_ids=customer_ids, dates=dates, amounts=amounts)
    codes, values = np.zeros(0, dtype=np.int64), np.zeros((0, 8))
    if rows.use.any():
        h = calibration_and_holdout(*rows.usable(), split, end, unit)
        s = h.calibration
        codes = s.customer_id
        values = [s.frequency, s.recency, s.T, s.monetary_value, s.total_spend,
                  h.holdout_frequency, np.full(len(h), h.holdout_length), h.holdout_spend]
    return customer_table(rows, holdout_header(unit), codes, values)


MODEL_HEADER = ["model", "log-likelihood", "BIC", "predicted holdout repeat purchases",
                "actual holdout repeat purchases", "error (share of actual)", "converged",
                "warnings"]


def _in_table(message):
    """A problem with a column of the holdout table, named as CLV_MODEL_CHECK's argument:
    ``recency row 3: …`` (the third customer) → ``holdout_table row 4 (recency): …`` (the row
    of the spill, counting its header).

    >>> _in_table('recency row 3: "abc" is text, not a number; enter a number')
    'holdout_table row 4 (recency): "abc" is text, not a number; enter a number'
    >>> _in_table("frequency: -1 is not allowed; enter a count ≥ 0 (item 2)")
    'holdout_table (frequency): -1 is not allowed; enter a count ≥ 0 (item 2)'
    >>> _in_table('time_unit: "W" contradicts the data')
    'time_unit: "W" contradicts the data'
    """
    name, _, rest = message.partition(": ")
    if name in ("time_unit", "holdout_table"):
        return message
    column = re.fullmatch(r"(\w+)(?: row (\d+))?", name)
    if not rest or not column:   # not "<column>[ row <n>]: …"
        return f"holdout_table: {message}"
    row = f" row {int(column[2]) + 1}" if column[2] else ""
    return f"holdout_table{row} ({TITLES.get(column[1], column[1])}): {rest}"


NO_HOLDOUT_PURCHASES = "no holdout purchases to compare with"


def _shown_error(check, result):
    """The model's holdout error, or why there is none (nobody bought again in the holdout)."""
    error = check.error(result)
    return error if np.isfinite(error) else NO_HOLDOUT_PURCHASES


def _model_rows(check):
    """One row per model: its fit and holdout totals, or why it could not be fitted."""
    actual = float(check.actual.sum())
    rows = []
    for r in check.results:
        if r.predicted is None:
            rows.append([r.name, f"{cells.ERROR_PREFIX}holdout_table (calibration columns): "
                                 f"{r.problem}"] + [""] * 6)
            continue
        d = r.diagnostics
        rows.append([r.name, d.log_likelihood, d.bic, r.predicted_total, actual,
                     _shown_error(check, r), d.converged, "; ".join(d.warnings) or "none"])
    return rows


def _frequency_rows(check):
    """Mean actual and predicted holdout purchases per calibration frequency 0 … 7+ (empty
    where no customer has that frequency)."""
    labels, customers, actual, predicted = check.by_frequency()
    header = ["calibration repeat purchases", "customers", "actual mean holdout purchases",
              *(f"{name}: predicted mean" for name in predicted)]
    means = np.column_stack([actual, *predicted.values()]).astype(object)
    means[customers == 0] = ""
    return [header, *(np.column_stack([np.array(labels, dtype=object),
                                       customers.astype(object), means]).tolist())]


def model_check_table(holdout_table, time_unit=None):
    """Fit every repeat-purchase model on the calibration columns of a CLV_HOLDOUT table and
    compare its predicted holdout purchases with the actual ones.

    Spills one row per model (BG/NBD, Pareto/NBD): log-likelihood, BIC, predicted and actual
    total holdout repeat purchases, the error as a share of the actual, convergence and
    warnings in words; then the mean predicted and actual holdout purchases of the customers
    with 0, 1, …, 6 and 7 or more calibration repeat purchases; then the chosen model (smallest
    holdout error; BIC breaks ties within 1%) with the reason in one sentence.

    Parameters
    ----------
    holdout_table : range
        The whole CLV_HOLDOUT spill, header included.
    time_unit : text
        Unit of recency, T and holdout length; default the unit in the table's headers, which a
        different time_unit contradicts.
    """
    grid = cells.grid(holdout_table)
    if not is_table(grid):
        rows, width = grid.shape
        raise CLVError(f"holdout_table: a range of {rows} row{'s' * (rows != 1)} and {width} "
                       f"column{'s' * (width != 1)} is not a table; give the whole CLV_HOLDOUT "
                       "spill, header row included")
    unit = None
    try:
        columns, found = customer_columns(frequency=holdout_table, recency=None, T=None,
                                          holdout_frequency=None, holdout_length=None)
        unit = resolve_unit(found, cells.single("time_unit", time_unit, None))
        (x, t_x, age, holdout_x, length), _ = _fit_columns(**columns)
        check = compare_models(x, t_x, age, holdout_x, length, unit)
    except CLVError as problem:
        raise CLVError(_in_table(str(problem))) from None
    chosen = check.chosen
    blocks = [[MODEL_HEADER, *_model_rows(check)], _frequency_rows(check),
              [["chosen model", chosen.name if chosen else "", check.reason]]]
    width = max(len(row) for block in blocks for row in block)
    rows = []
    for block in blocks:
        rows += [[*row, *[""] * (width - len(row))] for row in block] + [[""] * width]
    return np.array(rows[:-1], dtype=object)


FUNCTIONS = (
    ExcelFunction("CLV_HOLDOUT", calibration_and_holdout, adapter=holdout_table),
    ExcelFunction("CLV_MODEL_CHECK", compare_models, adapter=model_check_table),
)
