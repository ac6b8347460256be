"""Workbooks generated with openpyxl: the ready-made templates, and the pieces a report reuses.

The API, smallest first:

* :mod:`.styles` — :func:`~.styles.register` the named styles, :func:`~.styles.number_format`
  per kind/currency/language, :func:`~.styles.colour_ratios` for CLV:CAC bands;
* :mod:`.labels` — every text in English and Dutch (:func:`~.labels.texts`);
* :mod:`.arithmetic` — the non-catalogue arithmetic (:class:`~.arithmetic.Op`: Excel text and
  Python together);
* :mod:`.flavours` — live (our functions, optional namespace) or portable (native Excel);
* :mod:`.sheet` — :class:`~.sheet.Sheet`: text, validated input cells, calculated cells declared
  once as (catalogue function or Op, input refs), layout and protection; it records a
  :class:`~.plan.Plan` whose :meth:`~.plan.Plan.expected` gives every calculated cell's value
  from the Python core;
* :mod:`.charts` — bar and line charts from cell ranges;
* :mod:`.build` — :func:`~.build.make` one template, :func:`~.build.write_templates` a set to a
  folder (never overwriting without ``force``), :func:`~.build.write_every_locale` the committed
  set under ``workbook_templates/``.

A new template is a module with ``KEY``, ``SHEET`` (the text key of its sheet name) and
``build(sheet)``, listed in :data:`.build.TEMPLATES`.
"""

__all__ = ["TEMPLATES", "make", "write_every_locale", "write_templates"]


def __getattr__(name):
    """The templates' API from :mod:`.build`, imported when first asked for: the report
    reuses only the small pieces, and importing every template would import the whole
    Excel catalogue (and its models) for nothing."""
    if name in __all__:
        from . import build
        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
