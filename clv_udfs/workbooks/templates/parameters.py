"""A model's parameters on a template: names in column A, estimates in B.

The prediction functions take the block and find each parameter by its name in its first
column. In a live template the block is the model's ``*_FIT`` table on the sheet's data, one
array formula over its header row, parameter rows (estimate and standard error), log-likelihood,
convergence and, for a timed model, time unit; in a portable one, fixed name cells beside
yellow inputs holding published estimates.
"""

from .. import styles
from ..spill import Table, constant


def parameter_rows(sheet, first_row, published, fit=None, fit_args=(), timed=False, model="",
                   evidence=0):
    """The parameter block from ``first_row``; returns its range (the names and estimates).

    Live (``fit`` given): the table of ``fit`` on ``fit_args``, whose rows are a header,
    ``published``'s parameters, the log-likelihood, convergence, (``timed``) the time unit and
    ``evidence`` rows (BIC, customers, … and the warnings row of the FIT table).
    Portable: one row per ``(name, value)`` of ``published``, the name in A and an input
    holding ``value`` in B, whose help title ``model`` ("BG/NBD") prefixes.
    """
    if fit is not None:
        rows = fit_rows(published, True, timed, evidence)
        sheet.table(Table(fit, fit_args, f"A{first_row}", rows, columns=3),
                    ("text", "estimate", "estimate"))
        return f"$A${first_row}:$B${first_row + rows - 1}"
    for row, (name, value) in enumerate(published, start=first_row):
        sheet.compute(f"A{row}", "text", constant(name), style=styles.LABEL)
        sheet.input(f"B{row}", "estimate", value, f"{model} {name}".strip())
    return f"$A${first_row}:$B${first_row + len(published) - 1}"


def fit_rows(published, live, timed=False, evidence=0):
    """Rows the block of :func:`parameter_rows` takes: live, the fit table's header,
    parameters, log-likelihood, convergence, (``timed``) time unit and ``evidence`` rows;
    portable, the parameters.

    >>> fit_rows((("alpha", 0.704), ("beta", 1.182)), live=True, timed=True)
    6
    """
    return 1 + len(published) + 2 + timed + evidence if live else len(published)
