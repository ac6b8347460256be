"""Catalogue entries for the evidence behind a forecast (issue 10): the calibration/holdout
table (core: :mod:`clv_udfs.core.holdout`) and the model check that compares models on it
(core: :mod:`clv_udfs.core.model_check`).

CLV_HOLDOUT spills the CLV_RFM columns of the calibration period plus the holdout columns, the
time unit in the headers (``recency (weeks)``, ``holdout length (weeks)``), so the whole spill
can be handed to CLV_MODEL_CHECK, any ``*_FIT`` or prediction function as one argument.
"""

import numpy as np

from .. import cells
from ..core.holdout import calibration_and_holdout
from ..core.time_units import UNIT_NAMES, parse_unit
from ..errors import CLVError
from . import ExcelFunction
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
        h = calibration_and_holdout(rows.customer[rows.use], rows.cols["dates"][rows.use],
                                    rows.cols["amounts"][rows.use], split, end, unit)
        s = h.calibration
        codes = s.customer_id
        values = np.column_stack([s.frequency.astype(object), s.recency, s.T, s.monetary_value,
                                  s.total_spend, h.holdout_frequency.astype(object),
                                  np.full(len(h), h.holdout_length), h.holdout_spend])
    return customer_table(rows, holdout_header(unit), codes, values)


FUNCTIONS = (
    ExcelFunction("CLV_HOLDOUT", calibration_and_holdout, adapter=holdout_table),
)
