"""The function reference page (``docs/functions.md``), generated from the catalogue.

The page is committed so it reads on any code host; a test fails when it is not current
(regenerate with ``clv-udfs docs``).
"""

from . import catalog
from .catalog import native_formula


def _default_text(argument):
    if argument.required:
        return "required"
    if argument.default is None:
        return "optional, default: empty (see help)"
    literal = catalog.literal(argument.default)
    return "optional, default: empty (no end)" if literal is None else f"optional, default {literal}"


def _native_lines(spec):
    """The native Excel formula of ``spec`` for example cells A2, B2, …; a model function's
    parameters stand in a column, e.g. r, alpha, a, b in P2:P5."""
    refs = [chr(ord("A") + i) + "2" for i, a in enumerate(spec.arguments)
            if a.required or a.default is None]   # optional data ranges (recency, T) too
    names = getattr(spec.native, "parameters", None)
    where = ""
    if names:
        refs[0] = f"$P$2:$P${1 + len(names)}"
        where = f" (one row of data; {', '.join(names)} in P2:P{1 + len(names)})"
    return [f"Native Excel equivalent of `={spec.formula(*refs)}`{where}: "
            f"`={native_formula(spec, *refs)}`", ""]


def reference_markdown():
    """The whole reference page as Markdown text."""
    out = ["# Function reference", "",
           "Generated from the docstrings by `clv-udfs docs`; do not edit by hand.", "",
           "Every function takes single cells or whole ranges; a bad cell shows",
           "`#VALUE! <message>` in its own result only. Rates are fractions (80% or 0.8).", ""]
    for spec in catalog.FUNCTIONS.values():
        args = ", ".join(a.name if a.required else f"[{a.name}]" for a in spec.arguments)
        out += [f'<a id="{spec.anchor}"></a>', "", f"## {spec.name}({args})", "",
                spec.description, "",
                f"Core function: `clv_udfs.{spec.core.__module__.split('clv_udfs.')[-1]}."
                f"{spec.core.__name__}`", "",
                "| argument | | help |", "|---|---|---|"]
        out += [f"| {a.name} | {_default_text(a)} | {a.doc} |" for a in spec.arguments]
        out.append("")
        if spec.native:
            out += _native_lines(spec)
        if spec.examples:
            out.append("Worked examples:")
            out.append("")
            for example in spec.examples:
                expected = (example.expected if isinstance(example.expected, str)
                            else f"{example.expected:,.4g}")
                out.append(f"- `{example.call_text(spec.name)}` → {expected} ({example.source})")
            out.append("")
    return "\n".join(out)
