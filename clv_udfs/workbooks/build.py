"""Generate the template workbooks: one file per template and flavour.

:func:`make` builds one template in memory (the workbook and its :class:`~.plan.Plan`);
:func:`write_templates` writes a set to a folder through
:func:`clv_udfs.writing.write_atomically`, so an existing file is replaced only with ``force``.
The committed set under ``workbook_templates/`` is every language × currency pair
(:data:`LOCALES`) in folders named like ``en-EUR`` (:func:`write_every_locale`).
"""

from pathlib import Path

from openpyxl import Workbook

from ..errors import CLVError
from ..writing import write_atomically
from . import styles
from .templates import (
    calculator, channels, channels_from_data, cohort, levers, predictive, retention, subscription,
)
from .flavours import FLAVOURS, flavour
from .labels import LANGUAGES
from .sheet import Sheet

TEMPLATES = {module.KEY: module for module in (calculator, channels, subscription, levers,
                                               retention, cohort, predictive,
                                               channels_from_data)}
LOCALES = tuple((lang, currency) for lang in LANGUAGES for currency in styles.CURRENCIES)


def make(key, flavour_name="portable", namespace="", currency="EUR", lang="en"):
    """Template ``key`` as ``(openpyxl Workbook, Plan)``; nothing is written."""
    template = TEMPLATES[key]
    workbook = Workbook()
    workbook.properties.creator = "clv-udfs"
    styles.register(workbook)
    sheet = Sheet(workbook.active, flavour(flavour_name, namespace), currency, lang)
    sheet.ws.title = sheet.texts[template.SHEET]
    sheet.plan.sheet = sheet.ws.title
    template.build(sheet)
    return workbook, sheet.plan


def flavours_of(key):
    """The flavours template ``key`` comes in: its module's ``FLAVOURS`` (e.g. only "live" when
    it fits a model, which needs the add-in), else both."""
    return getattr(TEMPLATES[key], "FLAVOURS", FLAVOURS)


def file_name(key, flavour_name):
    """``clv-calculator.live.xlsx``."""
    return f"{key}.{flavour_name}.xlsx"


def locale_folder(lang, currency):
    """``en-EUR``: the folder of one language and currency in the committed set."""
    return f"{lang}-{currency}"


def write_templates(out_dir, flavours=FLAVOURS, namespace="", currency="EUR", lang="en",
                    force=False):
    """Write every template in each of ``flavours`` to ``out_dir``; returns the paths.

    Refuses (CLVError) before writing anything when a file exists and ``force`` is false.
    """
    if currency not in styles.ISO_4217:
        raise CLVError(f"unknown currency {currency}; use an ISO 4217 code such as EUR, USD, "
                       "GBP or JPY")
    if lang not in LANGUAGES:
        raise CLVError(f"unknown language {lang}; use one of {', '.join(LANGUAGES)}")
    targets = [(Path(out_dir) / file_name(key, f), key, f) for key in TEMPLATES for f in flavours
               if f in flavours_of(key)]
    existing = [str(path) for path, _, _ in targets if path.exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise CLVError(f"{existing[0]} already exists{more}; pass --force to replace")
    for path, key, flavour_name in targets:
        workbook, _ = make(key, flavour_name, namespace, currency, lang)
        with write_atomically(path, force=force) as temporary:
            workbook.save(temporary)
    return [path for path, _, _ in targets]


def write_every_locale(root, force=False):
    """The committed set: both flavours (plain function names) for every :data:`LOCALES`
    pair, in ``root/<lang>-<currency>/``; returns the paths."""
    return [path for lang, currency in LOCALES
            for path in write_templates(Path(root) / locale_folder(lang, currency),
                                        currency=currency, lang=lang, force=force)]
