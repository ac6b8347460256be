"""Arithmetic that is not a catalogue function: totals, copies, changes, what-if shifts,
counts and sums by category.

Each :class:`Op` is written once as Excel text and once as Python, so a template cell using it
is the same in both flavours and its expected value can be computed without a spreadsheet.
Range arguments (``B8:B13``) reach the Python side as a list of the cells' values.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Op:
    """``excel`` is a ``str.format`` template over the argument references."""

    excel: str
    python: Callable

    def formula(self, *refs):
        """The formula text (without "=") for ``refs``."""
        return self.excel.format(*refs)


COPY = Op("{0}", lambda a: a)
PLUS = Op("{0}+{1}", lambda a, b: a + b)
PRODUCT = Op("{0}*{1}", lambda a, b: a * b)
DIVIDE = Op("{0}/{1}", lambda a, b: a / b if b else "#DIV/0!")   # as Excel shows it
RECIPROCAL = Op("1/{0}", lambda a: 1 / a)
GROW = Op("{0}*(1+{1})", lambda a, share: a * (1 + share))
SHRINK = Op("{0}*(1-{1})", lambda a, share: a * (1 - share))
CHANGE = Op("{0}/{1}-1", lambda new, base: new / base - 1)
SUM = Op("SUM({0})", sum)
WEIGHTED_MEAN = Op("SUMPRODUCT({0},{1})/SUM({1})",
                   lambda values, weights: sum(v * w for v, w in zip(values, weights))
                   / sum(weights))
COUNT_IF = Op("COUNTIF({0},{1})", lambda values, wanted: sum(v == wanted for v in values))
SUM_IF = Op("SUMIF({0},{1},{2})",
            lambda keys, wanted, values: sum(v for k, v in zip(keys, values) if k == wanted))
