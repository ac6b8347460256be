"""A model's parameters on a template: names in column A, estimates in B.

The prediction functions take the block ``$A$r:$B$s`` and find each parameter by its name, so
the names are fixed cells. In a live template the estimates are cells of the model's ``*_FIT``
table on the sheet's data; in a portable one, yellow inputs holding published estimates.
"""

from .. import styles
from ..spill import Spilled, constant


def parameter_rows(sheet, first_row, published, fit=None, fit_args=(), errors=False,
                   model=""):
    """One row per ``(name, value)`` of ``published`` from ``first_row``: the name in A and the
    estimate in B, a cell of ``fit`` on ``fit_args`` (with its standard error in C when
    ``errors``) or, without ``fit``, an input holding ``value``. Returns the block's range.

    ``model`` ("BG/NBD") prefixes the inputs' help titles.
    """
    for index, (name, value) in enumerate(published, start=1):
        row = first_row + index - 1
        sheet.compute(f"A{row}", "text", constant(name), style=styles.LABEL)
        if fit is None:
            sheet.input(f"B{row}", "estimate", value, f"{model} {name}".strip())
            continue
        for column, place in (("B", 2), ("C", 3))[:2 if errors else 1]:
            sheet.compute(f"{column}{row}", "estimate",
                          Spilled(fit, fit_args, row=index, column=place))
    return f"$A${first_row}:$B${first_row + len(published) - 1}"
