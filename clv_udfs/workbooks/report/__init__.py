"""The transaction report: :mod:`.data` computes it with the core, :mod:`.predictions` adds the
model columns, :mod:`.sheets` lays out the sheets, :mod:`.rows` and :mod:`.cells` stream the
values, :mod:`.workbook` writes the file (:func:`~.workbook.write_report`)."""

from .workbook import write_report

__all__ = ["write_report"]
