"""Write one sheet of a clv-udfs workbook: text, inputs and calculated cells.

A :class:`Sheet` wraps an openpyxl worksheet together with the choices made at generation
(flavour, currency, language) and records a :class:`~clv_udfs.workbooks.plan.Plan` of every
input and calculated cell, so a test can compute what the sheet must show. Templates and
reports use only these methods to put content on a sheet:

* :meth:`Sheet.text` / :meth:`Sheet.title` / :meth:`Sheet.header` / :meth:`Sheet.how_to` — text,
  always stored as text (a label starting with "=" never becomes a formula);
* :meth:`Sheet.input` — a styled, unlocked input cell with data validation, an input message
  and optionally a defined name;
* :meth:`Sheet.compute` — a locked cell computing a catalogue function (live or native
  formula) or plain arithmetic (the same in both flavours);
* :meth:`Sheet.table` — a live table function written once over the block it fills.
"""

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.datavalidation import DataValidation

from . import styles
from .arithmetic import Op
from .labels import texts
from .plan import Call, Derived, Input, Plan

_VALIDATION = {  # kind -> (type, operator, formula1, formula2)
    "money": ("decimal", "greaterThanOrEqual", "0", None),
    "rate": ("decimal", "between", "0", "1"),
    "count": ("whole", "greaterThanOrEqual", "0", None),
    "number": ("decimal", "greaterThanOrEqual", "0", None),
    "years": ("decimal", "greaterThanOrEqual", "0", None),
    "ratio": ("decimal", "greaterThan", "0", None),
    "estimate": ("decimal", "greaterThan", "0", None),
}


class Sheet:
    """A worksheet being filled in; ``flavour`` from :mod:`~clv_udfs.workbooks.flavours`."""

    def __init__(self, worksheet, flavour, currency, lang):
        self.ws = worksheet
        self.flavour = flavour
        self.currency = currency
        self.lang = lang
        self.texts = texts(lang)
        self.plan = Plan(worksheet.title)

    # --- text -------------------------------------------------------------------------------

    def text(self, ref, text, style=styles.LABEL):
        """Put ``text`` in ``ref`` as text (never a formula) with named ``style``."""
        cell = self.ws[ref]
        cell.value = text
        cell.data_type = "s"
        cell.style = style
        return cell

    def label(self, ref, key, style=styles.LABEL):
        """The text of ``key`` in the sheet's language."""
        return self.text(ref, self.texts[key], style)

    def title(self, ref, key):
        """The sheet's title line."""
        self.label(ref, key, styles.TITLE)
        self.ws.row_dimensions[self.ws[ref].row].height = 24

    def header(self, ref, key, through=None):
        """A section or column header; ``through`` ("D6") merges the cells up to it."""
        self.label(ref, key, styles.HEADER)
        if through:
            self.ws.merge_cells(f"{ref}:{through}")

    def how_to(self, row, lines, column="A", add_in_note=None):
        """The "How to use" note: a heading and the template's ``lines``, from ``row`` down.

        The shared lines (inputs, whether the add-in is needed, protection) are added;
        ``add_in_note`` replaces the flavour's add-in line (the text key of, e.g., a note that
        the template exists only in the live flavour). Returns the first free row after the
        note and a blank row.
        """
        self.label(f"{column}{row}", "howto", styles.NOTE_HEADING)
        lines = [*lines] + [self.texts[k] for k in (
            "howto.inputs", add_in_note or f"howto.{self.flavour.name}", "howto.protect")]
        for offset, line in enumerate(lines, start=1):
            self.text(f"{column}{row + offset}", line, styles.NOTE)
        return row + len(lines) + 2

    # --- values -------------------------------------------------------------------------------

    def _format(self, cell, kind, style):
        cell.style = style
        cell.number_format = styles.number_format(kind, self.currency, self.lang)

    def input(self, ref, kind, value, prompt_title, name=None, at_most=None, choices=None):
        """An input cell holding the example ``value``: unlocked, validated, with help text.

        ``kind`` picks the number format and validation ("money", "rate", "count" (whole),
        "number", "years", "ratio", "estimate" (a model parameter, > 0), "text");
        ``prompt_title`` is the input message's title (the field name, at most 32 characters);
        ``name`` adds a workbook-level defined name; ``at_most`` ("D20") limits the value to
        that cell's while it is filled (a customer's recency to their age T); ``choices`` is
        the list a text input must be one of.
        """
        cell = self.ws[ref]
        if kind == "text":
            self.text(ref, value, styles.INPUT)
        else:
            cell.value = value
        self._format(cell, kind, styles.INPUT)
        prompt = self.texts[f"prompt.{kind}"].format(currency=self.currency)
        rule = _VALIDATION.get(kind)
        if at_most:
            rule = ("custom", None, f"AND({ref}>=0,OR(ISBLANK({at_most}),{ref}<={at_most}))",
                    None)
            prompt += " " + self.texts["prompt.at_most"].format(cell=at_most)
        if choices:
            rule = ("list", None, '"' + ",".join(choices) + '"', None)
            prompt = ", ".join(choices)
        validation = (DataValidation(type=rule[0], operator=rule[1], formula1=rule[2],
                                     formula2=rule[3], showErrorMessage=True,
                                     errorTitle=self.texts["error.title"], error=prompt)
                      if rule else DataValidation(type=None))
        validation.showInputMessage = True
        validation.promptTitle = prompt_title[:32]
        validation.prompt = prompt
        validation.add(ref)
        self.ws.add_data_validation(validation)
        if name:
            self.define(name, ref)
        self.plan.add(ref, Input(value, at_most))
        return cell

    def define(self, name, ref):
        """A workbook-level defined name for the cell or range ``ref`` ("B5", "B8:B13")."""
        absolute = ":".join(_absolute(part) for part in ref.split(":"))
        self.ws.parent.defined_names[name] = DefinedName(
            name, attr_text=f"{_quoted(self.ws.title)}!{absolute}")

    def compute(self, ref, kind, what, *refs, style=styles.OUTPUT):
        """A locked cell computing ``what`` of the cells ``refs``: the name of a catalogue
        function (live or native formula, per flavour) or an :class:`~.arithmetic.Op` (the
        same text in both flavours); or a ready :class:`~.plan.Call` such as one cell of a
        table function's result (:class:`~.spill.Spilled`), with no ``refs``."""
        if isinstance(what, Call):
            cell_plan = what
        else:
            cell_plan = Derived(what, refs) if isinstance(what, Op) else Call(what, refs)
        cell = self.ws[ref]
        cell.value = "=" + cell_plan.formula(self.flavour)
        self._format(cell, kind, style)
        self.plan.add(ref, cell_plan)
        return cell

    def table(self, table, kinds):
        """A :class:`~.spill.Table`: one array formula over its block, each column formatted
        as its ``kinds`` ("text", "money", …) below the function's header row."""
        self.ws[table.at] = ArrayFormula(table.block, "=" + table.formula(self.flavour))
        for ref, cell_plan in table.cells().items():
            header = cell_plan.row == 0
            self._format(self.ws[ref], "text" if header else kinds[cell_plan.column - 1],
                         styles.HEADER if header else styles.OUTPUT)
            self.plan.add(ref, cell_plan)
        return table.block

    # --- layout -------------------------------------------------------------------------------

    def widths(self, **columns):
        """Column widths in characters: ``widths(A=34, B=14)``."""
        for letter, width in columns.items():
            self.ws.column_dimensions[letter].width = width

    def finish(self, freeze):
        """Freeze panes at ``freeze``, print landscape one page wide, and protect the sheet
        (no password; layout changes such as column widths stay allowed)."""
        self.ws.freeze_panes = freeze
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.sheet_view.showGridLines = False
        protection = self.ws.protection
        protection.sheet = True
        protection.formatColumns = protection.formatRows = protection.formatCells = False


def _quoted(title):
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref):
    column = ref.rstrip("0123456789")
    return f"${column}${ref[len(column):]}"
