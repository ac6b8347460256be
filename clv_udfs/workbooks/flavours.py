"""How a workbook's formulas call a catalogue function: live (our add-in) or portable (native).

Both flavours take the formula text from the catalogue (:mod:`clv_udfs.catalog`), so a template
declares each calculated cell once and either flavour writes it.
"""

import re
from dataclasses import dataclass

from .. import catalog
from ..errors import CLVError


@dataclass(frozen=True)
class Live:
    """Cells call our Excel functions, e.g. ``CLV_SIMPLE(B5,B6,B7)``.

    ``namespace`` is the runtime's prefix: empty for the classic add-in and xlwings Lite,
    ``XLWINGS`` (written ``XLWINGS.CLV_SIMPLE``) for xlwings Server.
    """

    namespace: str = ""
    name = "live"

    def __post_init__(self):
        if self.namespace and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.namespace):
            raise CLVError(f'namespace: "{self.namespace}" is not a name Excel can prefix a '
                           "function with; use letters, digits and _ (e.g. XLWINGS)")

    def call(self, function, *refs):
        """The formula text (without "=") of catalogue ``function`` applied to ``refs``."""
        return catalog.FUNCTIONS[function].formula(*refs, namespace=self.namespace)


@dataclass(frozen=True)
class Portable:
    """Cells use only native Excel functions (Excel without the add-in, LibreOffice, Sheets)."""

    name = "portable"

    def call(self, function, *refs):
        """The catalogue's native-Excel formula text (without "=") for ``function``."""
        return catalog.native_formula(catalog.FUNCTIONS[function], *refs)


FLAVOURS = ("live", "portable")


def flavour(name, namespace=""):
    """The flavour called ``name`` ("live" or "portable")."""
    if name == "live":
        return Live(namespace)
    if name == "portable":
        return Portable()
    raise ValueError(f"unknown flavour {name!r}; use one of {', '.join(FLAVOURS)}")
