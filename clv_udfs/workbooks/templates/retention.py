"""Template 6, subscription retention: a contract cohort's survivors → the shifted-beta-geometric
model (Fader & Hardie 2007) → projected survival and renewal rates, DEL, DERL and CLV.

Example: the paper's "regular" cohort, 1000 customers of whom 631, 468, 382, 326, 289, 262 and
241 are still active after one to seven yearly renewals, fits α = 0.704, β = 1.182. With €100
margin a year and a 10% discount rate a new customer's CLV is 100 × DEL.

* **Live**: SBG_FIT fits α and β to the survivors; DEL, DERL and CLV follow. The fit table and
  the survival, renewal-rate and DERL columns are each one array formula from the function's
  header row down; DEL and CLV are single values beside their labels, each the value under
  the header of its call (or the call's message).
* **Portable**: α and β are typed in (the example holds the paper's estimates); survival
  S(t) = B(α, β+t)/B(α, β) through GAMMALN and the renewal rate are native formulas. DEL, DERL
  and CLV need the Gaussian hypergeometric function and fitting an optimiser, so they are live
  only.
"""

from .. import charts
from ..arithmetic import DIVIDE
from .parameters import fit_rows, parameter_rows
from ..spill import NEXT, Spilled, Table, constant

KEY = "subscription-retention"
SHEET = "sbg.sheet"
SAME_LAYOUT = False   # the portable flavour is the closed-form part of the live one

_SURVIVORS = (1000, 631, 468, 382, 326, 289, 262, 241)
PUBLISHED = (("alpha", 0.704), ("beta", 1.182))   # Fader & Hardie (2007), regular cohort
_YEARS = 13  # projected years 0–12
_COLUMNS = (("A", "sbg.year"), ("B", "sbg.active"), ("C", "sbg.observed"),
            ("D", "sbg.survival"), ("E", "sbg.retention"), ("F", "sbg.derl"))


def build(sheet):
    """Fill ``sheet`` with the cohort, α and β (live: fitted), the projection and its chart,
    and (live) DEL, CLV and DERL."""
    t, live = sheet.texts, sheet.flavour.name == "live"
    sheet.title("A1", "sbg.title" if live else "sbg.title.portable")
    top = sheet.how_to(2, (t["sbg.howto"], t["sbg.howto.fit" if live else "sbg.howto.typed"],
                           *((t["sbg.howto.del"],) if live else ())),
                       add_in_note=None if live else "sbg.howto.portable")
    discount, margin = f"B{top + 1}", f"B{top + 2}"
    fitted = top + 4 if live else top
    results = fitted + fit_rows(PUBLISHED, live, timed=True) + 2
    head = results + 4 if live else results
    first, last = head + 1, head + _YEARS
    survivors = f"$B${first}:$B${first + len(_SURVIVORS) - 1}"

    _cohort(sheet, head, first, live)
    if live:
        sheet.header(f"A{top}", "sbg.inputs", through=f"B{top}")
        for ref, key, kind, value, name in (
                (discount, "sbg.discount", "rate", 0.1, "discount_rate"),
                (margin, "sbg.margin", "money", 100, "margin_per_year")):
            sheet.label(f"A{ref[1:]}", key)
            sheet.input(ref, kind, value, t[key], name=name)

    sheet.header(f"A{fitted}", "sbg.fitted" if live else "sbg.typed", through=f"B{fitted}")
    params = parameter_rows(sheet, fitted + 1, PUBLISHED,
                            *(("SBG_FIT", (survivors,), True) if live else ()))
    if live:
        sheet.header(f"A{results}", "sbg.results", through=f"B{results}")
        sheet.label(f"A{results + 1}", "sbg.del")
        sheet.compute(f"B{results + 1}", "years", Spilled("SBG_DEL", (params, discount)))
        sheet.label(f"A{results + 2}", "sbg.clv")
        sheet.compute(f"B{results + 2}", "money",
                      Spilled("CLV_SBG", (params, margin, discount)))
        _live_projection(sheet, head, first, last, params, discount)
    else:
        _portable_projection(sheet, first, last, params)

    charts.line_chart(sheet, f"H{head}", t["sbg.chart"], head, last, 1, (3, 4, 5),
                      x_title=t["sbg.year"], y_title=t["sbg.share"])
    sheet.widths(A=44, B=14, C=14, D=14, E=14, F=24)
    sheet.finish(freeze=f"A{top}")


def _cohort(sheet, head, first, live):
    """The projection table's headers (live: survival and DERL above their functions' own
    headers), the years and the observed survivors (yellow), the fit's data, with the share
    observed still active."""
    for column, key in _COLUMNS if live else _COLUMNS[:-1]:
        above = live and column in "DF"
        sheet.header(f"{column}{head - above}", key)
    sheet.ws.row_dimensions[head].height = 45
    for row in range(first, first + _YEARS):
        if row == first:
            sheet.compute(f"A{row}", "count", constant(0))
        else:
            sheet.compute(f"A{row}", "count", NEXT, f"A{row - 1}")
    for row, value in enumerate(_SURVIVORS, start=first):
        sheet.input(f"B{row}", "count", value, sheet.texts["sbg.active"])
        sheet.compute(f"C{row}", "rate", DIVIDE, f"B{row}", f"$B${first}")
    sheet.define("cohort_active", f"B{first}:B{first + len(_SURVIVORS) - 1}")


def _live_projection(sheet, head, first, last, params, discount):
    """Survival and DERL (given the ``discount`` rate) for years 0 … 12, and the renewal rate
    from year 1, each column one array formula. The renewal rate starts at year 1, so its
    function's header sits in the year-0 row."""
    years = f"$A${first}:$A${last}"
    for column, kind, function, at, refs in (
            ("D", "rate", "SBG_SURVIVAL", head, (params, years)),
            ("E", "rate", "SBG_RETENTION", first, (params, f"$A${first + 1}:$A${last}")),
            ("F", "years", "SBG_DERL", head, (params, years, discount))):
        sheet.table(Table(function, refs, f"{column}{at}", last - at + 1), (kind,))


def _portable_projection(sheet, first, last, params):
    """Year by year, survival and the renewal rate, each a native formula of its year."""
    for row in range(first, last + 1):
        year = f"A{row}"
        sheet.compute(f"D{row}", "rate", Spilled("SBG_SURVIVAL", (params, year)))
        if row > first:
            sheet.compute(f"E{row}", "rate", Spilled("SBG_RETENTION", (params, year)))
