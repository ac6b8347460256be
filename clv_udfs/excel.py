"""The Excel functions — the only module that imports xlwings.

Point the xlwings add-in (``UDF_MODULES = clv_udfs.excel``) or xlwings Lite/Server at this
module. It defines one Excel function per entry of :data:`clv_udfs.catalog.FUNCTIONS`
(``CLV_SIMPLE``, ``CLV_SUBSCRIPTION``, …), each a thin façade: the description and argument help
come from the core docstring, every argument arrives as a 2-D range (``ndim=2``) with error
cells as text (``err_to_str``), and all conversion is done by :mod:`clv_udfs.cells`.

How problems show:

* a bad cell in a range → that result cell shows ``#VALUE! <message>``; the others compute;
* a single-cell formula with a problem → on xlwings Lite/Server (Office.js) a real ``#VALUE!``
  error with the message on hover; on the classic add-in, which would otherwise print a Python
  traceback, the text ``#VALUE! <message>``.

On Office.js an argument with fixed values (a time unit, ``timing``, a segment method) shows
them as a dropdown (a ``typing.Literal`` annotation, which xlwings turns into a custom enum),
and every function links to its section of docs/functions.md (``help_url``; set
``CLV_UDFS_DOCS_URL`` to where the page is published).
"""

import inspect
import os
import sys
from typing import Literal

import xlwings as xw

from . import catalog, cells
from .errors import CLVError


def on_office_js():
    """True under xlwings Lite (Pyodide) or xlwings Server, where errors can carry a message."""
    return sys.platform == "emscripten" or os.environ.get("XLWINGS_ON_SERVER") == "true"


def present(spec, raw):
    """Run ``spec`` on Excel-shaped ``raw`` arguments and return what the cells should show."""
    try:
        result = cells.shown(spec, raw)
    except CLVError as error:
        message = cells.one_line(error)
    except Exception as error:  # a bug of ours must still read as one line, not a traceback
        message = cells.one_line(f"{spec.name} could not compute this ({error}); please report "
                                 "it with the inputs")
    else:
        single = len(result) == 1 and len(result[0]) == 1
        if not (on_office_js() and single and cells.is_error_cell(result[0][0])):
            return result
        message = result[0][0][len(cells.ERROR_PREFIX):]
    if on_office_js():
        raise xw.XlwingsError(message)
    return [[cells.ERROR_PREFIX + message]]


def _excel_function(spec):
    arguments = spec.arguments

    def udf(*raw):
        # Office.js sends an empty one-cell argument as null, which xlwings turns into the
        # default of an optional argument; for a required one, read it as the empty cell it is
        given = [[[None]] if value is None and argument.required else value
                 for value, argument in zip(raw, arguments)]
        return present(spec, given + [a.default for a in arguments[len(raw):]])

    udf.__name__ = udf.__qualname__ = spec.name
    udf.__doc__ = spec.description
    udf.__module__ = __name__
    udf.__signature__ = inspect.Signature([
        inspect.Parameter(a.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          default=inspect.Parameter.empty if a.required else a.default)
        for a in arguments])
    options = {"category": "CLV"}
    if xw.on_server:   # Office.js: dropdowns for fixed values, and a link to the reference
        udf.__annotations__ = {a.name: Literal[a.choices] for a in arguments if a.choices}
        options["help_url"] = spec.help_url
    for argument in reversed(arguments):
        udf = xw.arg(argument.name, ndim=2, err_to_str=True, doc=argument.doc)(udf)
    return xw.func(**options)(xw.ret(doc=spec.description)(udf))


for _spec in catalog.FUNCTIONS.values():
    globals()[_spec.name] = _excel_function(_spec)
del _spec

__all__ = sorted(catalog.FUNCTIONS)
