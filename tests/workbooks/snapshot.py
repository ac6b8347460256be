"""A workbook's content as plain data, for comparing a committed file with a fresh one.

Covers what a user sees or relies on — values, formulas, number formats, fonts, fills,
protection, data validation, defined names, conditional formatting, merged cells, layout and
charts (type, title, data references) — and leaves out what changes on every save (timestamps,
zip byte order).
"""

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula


def _cell(cell):
    value = cell.value
    if isinstance(value, ArrayFormula):
        value = ("array", value.ref, value.text)
    return (value, cell.data_type, cell.number_format, cell.style,
            cell.font.b, cell.font.i, cell.font.color and cell.font.color.rgb,
            cell.fill.fgColor.rgb if cell.fill.fill_type else None, cell.protection.locked,
            cell.alignment.wrap_text)


def _validation(dv):
    return (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.showInputMessage,
            dv.promptTitle, dv.prompt, dv.showErrorMessage, dv.error)


def _rules(ws):
    return sorted((str(rng.sqref), rule.type, tuple(rule.formula or ()),
                   rule.dxf.fill.fgColor.rgb if rule.dxf and rule.dxf.fill else None)
                  for rng in ws.conditional_formatting for rule in rng.rules)


def _chart(chart):
    refs = [(s.tx.strRef.f if s.tx and s.tx.strRef else None,
             s.val.numRef.f if s.val else None,
             (s.cat.numRef or s.cat.strRef).f if s.cat else None) for s in chart.series]
    title = "".join(r.t for p in chart.title.tx.rich.p for r in p.r or ()) if chart.title else None
    return (type(chart).__name__, title, refs)


def describe(path):
    """Everything a user would notice in the workbook at ``path``, as comparable data."""
    book = openpyxl.load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        sheets[ws.title] = {
            "cells": {c.coordinate: _cell(c) for row in ws.iter_rows() for c in row
                      if c.value is not None or c.has_style},
            "validation": sorted(_validation(dv) for dv in ws.data_validations.dataValidation),
            "conditional": _rules(ws),
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
            "protected": ws.protection.sheet,
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "charts": [_chart(c) for c in ws._charts],
        }
    names = {name: d.attr_text for name, d in book.defined_names.items()}
    return {"sheets": sheets, "names": names}
