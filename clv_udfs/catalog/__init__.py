"""The catalogue of Excel functions: one source of truth per function.

Each :class:`ExcelFunction` names a core function and adds only what Excel needs on top of it:
the name Excel shows, how to write the same calculation with native Excel functions (for the
portable templates), and worked examples from the literature. The description and every
argument's help text are read from the core function's numpy-style docstring, so they are
written once. The Excel layer (:mod:`clv_udfs.excel`), the workbook generator and the function
reference (``docs/functions.md``) are all generated from :data:`FUNCTIONS`.
"""

import functools
import inspect
import os
import re
from dataclasses import dataclass, field
from importlib import metadata
from typing import Callable, Literal, get_args, get_origin

import numpy as np

UNITS = ("D", "W", "M", "Y")
SHARED_CHOICES = {"time_unit": UNITS, "period": UNITS, "returns": ("net", "exclude", "stop")}
"""Arguments that mean the same wherever they appear, and the values they take (Excel offers
them as a dropdown on Office.js). Other arguments declare theirs with a ``typing.Literal``
annotation, or by a :class:`~clv_udfs.core.domains.Choice` domain of the core function."""


def _docs_url():
    """Where docs/functions.md is read: ``$CLV_UDFS_DOCS_URL``, else the package's
    "Documentation" project URL, else the page's path in the repository."""
    try:
        urls = metadata.metadata("clv-udfs").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    listed = dict(url.split(", ", 1) for url in urls if ", " in url)
    return (os.environ.get("CLV_UDFS_DOCS_URL") or listed.get("Documentation")
            or "docs/functions.md")


DOCS_URL = _docs_url()


@dataclass(frozen=True)
class Example:
    """A worked example: the arguments (Excel order), the expected result and its source."""

    args: tuple
    expected: object
    source: str

    def call_text(self, name):
        """The example as typed in a cell: ``=CLV_PREDICTIVE(100, 0.8, 0.12, , "end")``."""
        shown = ", ".join("" if a is None else f'"{a}"' if isinstance(a, str) else f"{a:g}"
                          for a in self.args)
        return f"={name}({shown})"


@dataclass(frozen=True)
class Argument:
    """One argument as Excel shows it."""

    name: str
    doc: str
    required: bool
    default: object = None
    choices: tuple = ()


@dataclass(frozen=True)
class ExcelFunction:
    """An Excel function backed by a core function.

    ``native`` builds the equivalent native Excel formula (without "=") from cell references,
    one per argument given; ``table`` is set for functions that return a table with a header row
    (their ``adapter`` turns Excel-shaped arguments into that table). A table function's Excel
    signature, description and argument help are the adapter's signature and numpy-style
    docstring, since its Excel arguments (ranges, one-cell options) differ from the core's.
    """

    name: str
    core: Callable
    native: Callable[..., str] | None = None
    adapter: Callable | None = None
    examples: tuple = field(default_factory=tuple)
    returns_text: bool = False

    @property
    def table(self):
        return self.adapter is not None

    @property
    def memoised(self):
        """True for the fits (``*_FIT``): the Excel layer remembers their tables by value."""
        return self.table and self.name.endswith("_FIT")

    @property
    def documented(self):
        """The function whose signature and docstring Excel shows: the adapter, else the core."""
        return self.adapter or self.core

    @functools.cached_property
    def description(self):
        """The first paragraph of the documented docstring (Excel's function-wizard text)."""
        return " ".join(_doc(self.documented).split("\n\n")[0].split())

    @functools.cached_property
    def arguments(self):
        """The arguments in Excel order, with the help text from the documented docstring."""
        docs = parameter_docs(_doc(self.documented))
        return tuple(
            Argument(name, docs.get(name, ""), p.default is inspect.Parameter.empty,
                     None if p.default is inspect.Parameter.empty else p.default,
                     self._choices(name, p))
            for name, p in inspect.signature(self.documented).parameters.items())

    def _choices(self, name, parameter):
        """The fixed values of an argument: its Literal annotation, the core's Choice domain, or
        :data:`SHARED_CHOICES`; empty for an argument that takes any value."""
        if get_origin(parameter.annotation) is Literal:
            return get_args(parameter.annotation)
        domain = getattr(self.documented, "domains", {}).get(name)
        return getattr(domain, "options", None) or SHARED_CHOICES.get(name, ())

    @property
    def anchor(self):
        """The id of the function's section of docs/functions.md (its name in lower case)."""
        return self.name.lower()

    @property
    def help_url(self):
        """The link to the function's section of the reference, e.g. ``…/functions.md#clv_net``."""
        return f"{DOCS_URL}#{self.anchor}"

    def formula(self, *refs, namespace=""):
        """The live formula text, e.g. ``CLV_SIMPLE(B2,B3,B4)`` or ``XLWINGS.CLV_SIMPLE(...)``."""
        prefix = f"{namespace.rstrip('.')}." if namespace else ""
        return f"{prefix}{self.name}({','.join(refs)})"


def _doc(func):
    """The docstring as plain text: Sphinx roles and literals reduced to their words."""
    text = inspect.getdoc(func) or ""
    return re.sub(r"(?::\w+:)?`+([^`]+)`+", r"\1", text)


def parameter_docs(docstring):
    """Map each parameter of a numpy-style docstring to its one-line help text.

    >>> parameter_docs('''Sum.
    ...
    ... Parameters
    ... ----------
    ... x : money
    ...     First amount,
    ...     in euros.
    ... y : count
    ...     Second.
    ...
    ... Returns
    ... -------
    ... z''')
    {'x': 'First amount, in euros.', 'y': 'Second.'}
    """
    match = re.search(r"^Parameters\n-+\n(.*?)(?:\n\n[A-Z][^\n]*\n-+\n|\Z)", docstring,
                      re.S | re.M)
    if not match:
        return {}
    docs, name = {}, None
    for line in match.group(1).splitlines():
        header = re.match(r"^(\w+)\s*:", line)
        if header:
            name = header.group(1)
            docs[name] = []
        elif name and line.strip():
            docs[name].append(line.strip())
    return {key: " ".join(lines) for key, lines in docs.items()}


def literal(value):
    """A default value as an Excel literal: ``3.0`` → "3", ``"start"`` → '"start"', no end → None.

    >>> literal(3.0), literal("start"), literal(float("inf")), literal(True)
    ('3', '"start"', None, 'TRUE')
    """
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).upper()
    if np.isinf(value):
        return None
    return f"{value:.15g}"


def native_formula(spec, *refs):
    """The native-Excel formula text (without "=") of ``spec`` applied to ``refs``.

    Omitted optional arguments get the core default, so the formula computes what the live
    function computes.

    >>> native_formula(FUNCTIONS["MAX_CAC"], "B2")
    'B2/3'
    """
    arguments = spec.arguments
    if len(refs) > len(arguments) or len(refs) < sum(a.required for a in arguments):
        raise ValueError(f"{spec.name} takes {len(arguments)} arguments, not {len(refs)}")
    padded = list(refs) + [literal(a.default) for a in arguments[len(refs):]]
    return spec.native(*padded)


def _collect():
    from . import evidence, models, transactions, unit_economics

    functions = {}
    for module in (unit_economics, transactions, models, evidence):
        for spec in module.FUNCTIONS:
            if spec.name in functions:
                raise ValueError(f"two catalogue entries are called {spec.name}")
            functions[spec.name] = spec
    return functions


FUNCTIONS = _collect()
