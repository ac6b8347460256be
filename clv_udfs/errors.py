"""The one exception type of clv-udfs.

Every input problem and every result that does not exist (a customer who never pays back, an
infinite lifetime value) is raised as :class:`CLVError` with a one-line message that names the
argument, the value and what is allowed, so the Excel layer can show it in a cell unchanged.
"""


class CLVError(ValueError):
    """A CLV input or result problem, worded for a finance user (one line, no Python jargon)."""


PENALIZER_ADVICE = "; set the penalizer to a small value such as 0.001, or "
"""A fit refusal's first advice, before the model's advice on the data. Only the Excel
functions have a penalizer, so the report leaves it out (``workbooks.report.sentences``); it
lives here, not beside the fits, so the report can name it without importing scipy."""
