"""Template 7, predictive CLV: an RFM summary → the BG/NBD purchase model and the Gamma-Gamma
spend model (Fader, Hardie & Lee 2005) → each customer's P(alive), expected purchases, expected
spend per purchase, CLV over the coming months and ABC tier, with a chart of the tiers' shares.

Example data: the first :data:`CUSTOMERS` customers of the CDNOW sample, summarised in weeks
over the papers' 39-week calibration period (the x, t_x, T and z̄ of the published summary).

* **Live**: BGNBD_FIT and GAMMAGAMMA_FIT fit the models to the customer rows and every
  prediction uses the fitted parameters. On these 200 customers the fit gives r ≈ 0.215,
  α ≈ 3.75, a ≈ 0.185, b ≈ 0.485 (all 2,357 customers: 0.243, 4.414, 0.793, 2.426). Each fit
  table and each prediction column (P(alive), expected purchases, spend, CLV, tier) is one
  array formula from the function's header row down (:class:`~..spill.Table`), so a
  recalculation makes seven calls; the tier table's counts and sums stay one native formula
  per tier. A longer customer list needs the blocks enlarged (Excel does not let rows be
  inserted inside an array formula): select a block, widen its range and confirm with
  Ctrl+Shift+Enter.
* **Portable**: what native Excel can compute from typed-in parameters, P(alive) and expected
  spend per purchase; the example parameters are the published estimates on all 2,357
  customers. Expected purchases and CLV need the Gaussian hypergeometric function and fitting
  needs an optimiser, neither of which Excel has, so they are live only.
"""

from functools import lru_cache
from string import ascii_uppercase

from openpyxl.utils import column_index_from_string

from ...core.segments import DEFAULT_SHARES
from ...core.summary import rfm_summary
from ...sample import read_cdnow_sample
from .. import charts, styles
from ..arithmetic import COUNT_IF, DIVIDE, SUM, SUM_IF
from .parameters import fit_rows, parameter_rows
from ..spill import Spilled, Table, constant

KEY = "predictive-clv"
SHEET = "pred.sheet"
SAME_LAYOUT = False   # the portable flavour is the closed-form part of the live one
CUSTOMERS = 200
CALIBRATION_END = "1997-09-30"

PUBLISHED = {  # Fader, Hardie & Lee (2005a, 2005b), all 2,357 CDNOW customers, weeks
    "BG/NBD": (("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)),
    "Gamma-Gamma": (("p", 6.25), ("q", 3.74), ("gamma", 15.44)),
}
FITS = {"BG/NBD": "BGNBD_FIT", "Gamma-Gamma": "GAMMAGAMMA_FIT"}
EVIDENCE = {"BG/NBD": 3, "Gamma-Gamma": 4}
"""Rows of each FIT table after its estimates: BIC, customers, (Gamma-Gamma) the repeat buyers
left out for a mean spend ≤ 0, and the warnings in words."""
UNITS = ("D", "W", "M", "Y")   # days, weeks, months, years
_OPTIONS = (("time_unit", "pred.time_unit", "text", "W"), ("horizon", "pred.horizon", "count", 52),
            ("margin", "pred.margin", "rate", 0.3), ("discount", "pred.discount", "rate", 0.01),
            ("months", "pred.months", "count", 12))
_DATA = (("A", "customer_id", "text"), ("B", "pred.frequency", "count"),
         ("C", "pred.recency", "number"), ("D", "pred.T", "number"),
         ("E", "pred.spend", "money"))
_TIER_COLUMNS = "LMNOP"   # tier, customers, share, predicted CLV, share
TIERS = ascii_uppercase[:len(DEFAULT_SHARES) + 1]   # CLV_SEGMENT's default tiers


@lru_cache(maxsize=1)
def customers():
    """``(id, x, t_x, T, z̄)`` of the example customers: the bundled CDNOW sample's first
    :data:`CUSTOMERS`, durations in weeks and amounts rounded to cents, as published."""
    summary = rfm_summary(*read_cdnow_sample()[:3], observation_end=CALIBRATION_END,
                          time_unit="W")
    head = slice(None, CUSTOMERS)
    return tuple(zip(summary.customer_id[head].tolist(),
                     summary.frequency[head].astype(int).tolist(),
                     *(column[head].round(2).tolist() for column in (
                         summary.recency, summary.T, summary.monetary_value))))


def build(sheet):
    """Fill ``sheet``: (live) the inputs, the two models' parameters, the customers with their
    predictions, and (live) the tier table and its chart."""
    t, live = sheet.texts, sheet.flavour.name == "live"
    sheet.title("A1", "pred.title")
    point = "," if sheet.lang == "nl" else "."
    published = {model: "; ".join(f"{name} {value:g}".replace(".", point)
                                  for name, value in values)
                 for model, values in PUBLISHED.items()}
    how = t["pred.howto.fit" if live else "pred.howto.typed"].format(
        bgnbd=published["BG/NBD"], gammagamma=published["Gamma-Gamma"])
    top = sheet.how_to(2, (t["pred.howto"], t["pred.howto.data"].format(customers=CUSTOMERS),
                           how), add_in_note=None if live else "pred.howto.portable")
    bgnbd_row = top + (len(_OPTIONS) + 3 if live else 0)
    gammagamma_row = bgnbd_row + fit_rows(PUBLISHED["BG/NBD"], live, True,
                                          EVIDENCE["BG/NBD"]) + 2
    head = gammagamma_row + fit_rows(PUBLISHED["Gamma-Gamma"], live,
                                     evidence=EVIDENCE["Gamma-Gamma"]) + 2
    first, last = head + 1, head + CUSTOMERS
    data = {column: f"${column}${first}:${column}${last}" for column, _, _ in _DATA}
    options = _options(sheet, top) if live else {}
    fit_args = {"BG/NBD": (data["B"], data["C"], data["D"], options.get("time_unit")),
                "Gamma-Gamma": (data["B"], data["E"])}
    params = {model: _parameters(sheet, row, model, fit_args[model] if live else None)
              for model, row in (("BG/NBD", bgnbd_row), ("Gamma-Gamma", gammagamma_row))}
    _customers(sheet, head, data, params, options, live)
    if live:
        _tiers(sheet, top, data)
    sheet.widths(A=48, B=14, C=14, D=14, E=15, F=12, G=15, H=15, I=15, J=10, L=8, M=12,
                 N=12, O=15, P=12)
    sheet.finish(freeze=f"A{top}")


def _options(sheet, top):
    """The live flavour's inputs (time unit, forecast horizon, margin, monthly discount, CLV
    months) and the fixed purchase model; returns ``{name: absolute ref}``."""
    t = sheet.texts
    sheet.header(f"A{top}", "pred.inputs", through=f"B{top}")
    options = {}
    for row, (name, key, kind, value) in enumerate(_OPTIONS, start=top + 1):
        sheet.label(f"A{row}", key)
        sheet.input(f"B{row}", kind, value, t[key],
                    choices=UNITS if name == "time_unit" else None)
        options[name] = f"$B${row}"
    model_row = top + len(_OPTIONS) + 1
    sheet.label(f"A{model_row}", "pred.model")
    sheet.compute(f"B{model_row}", "text", constant("BG/NBD"))
    options["model"] = f"$B${model_row}"
    return options


def _parameters(sheet, row, model, fit_args):
    """The parameter block of ``model`` under a header in ``row``.

    Live (``fit_args`` given): the model's fit table on the customers (estimates, standard
    errors, log-likelihood, convergence, BG/NBD's time unit, BIC, customers and warnings).
    Portable: the parameter
    names in A (fixed cells the functions read, so they pick the parameters by name) and
    yellow inputs holding the published estimates in B. Returns the block's range, which the
    prediction functions take as their parameters.
    """
    sheet.header(f"A{row}", f"pred.model.{model}")
    if fit_args is None:
        sheet.header(f"B{row}", "pred.estimate")
        return parameter_rows(sheet, row + 1, PUBLISHED[model], model=model)
    return parameter_rows(sheet, row + 1, PUBLISHED[model], FITS[model], fit_args,
                          timed=model == "BG/NBD", evidence=EVIDENCE[model])


def _customers(sheet, head, data, params, options, live):
    """The customer rows (yellow: id, x, t_x, T, z̄; recency limited to T) and each one's
    predictions: P(alive) and expected spend in both flavours; expected purchases, CLV and
    tier in the live one."""
    t = sheet.texts
    for column, key, _ in _DATA:
        sheet.header(f"{column}{head}", key)
    sheet.ws.row_dimensions[head].height = 45
    first, last = head + 1, head + CUSTOMERS
    for row, values in enumerate(customers(), start=first):
        for (column, key, kind), value in zip(_DATA, values):
            sheet.input(f"{column}{row}", kind, value, t[key],
                        at_most=f"D{row}" if column == "C" else None)
    for column, name in zip("ABCDE", ("customer_ids", "frequency", "recency", "age_T",
                                      "monetary_value")):
        sheet.define(name, f"{column}{first}:{column}{last}")
    if live:
        _live_predictions(sheet, head, data, params, options)
    else:
        _portable_predictions(sheet, first, last, params)


def _live_predictions(sheet, head, data, params, options):
    """Each prediction column as one array formula from the header row down (rows left empty
    show nothing), and the tiers, one CLV_SEGMENT over the CLV column."""
    bgnbd, gammagamma = params["BG/NBD"], params["Gamma-Gamma"]
    x, recency, T, spend = (data[column] for column in "BCDE")
    rows = CUSTOMERS + 1
    spend_column = data["A"].replace("A", "H")
    for column, key, kind, function, refs in (
            ("F", "pred.p_alive", "rate", "BGNBD_P_ALIVE", (bgnbd, x, recency, T)),
            ("G", "pred.expected", "number", "BGNBD_EXPECTED",
             (bgnbd, options["horizon"], x, recency, T)),
            ("H", "pred.expected_spend", "money", "GAMMAGAMMA_SPEND", (gammagamma, x, spend)),
            ("I", "pred.clv", "money", "CLV_PREDICT", (
                bgnbd, x, recency, T, spend_column, options["margin"], options["discount"],
                options["months"], options["model"], options["time_unit"]))):
        sheet.header(f"{column}{head - 1}", key)   # above the function's own header
        sheet.table(Table(function, refs, f"{column}{head}", rows, empty_columns="A:E",
                          numeric=refs.index(x)), (kind,))
    # CLV_SEGMENT leaves a row whose CLV is empty empty itself, and keeps every row
    sheet.header(f"J{head - 1}", "pred.tier")
    sheet.table(Table("CLV_SEGMENT", (data["A"].replace("A", "I"),), f"J{head}", rows),
                ("text",))
    sheet.ws.row_dimensions[head - 1].height = 45


def _portable_predictions(sheet, first, last, params):
    """P(alive) and expected spend per customer row, each a native formula of its row's
    cells."""
    for column, key in (("F", "pred.p_alive"), ("G", "pred.expected_spend")):
        sheet.header(f"{column}{first - 1}", key)
    for row in range(first, last + 1):
        x, recency, T, spend = (f"{column}{row}" for column in "BCDE")
        empty = f"$A{row}:$E{row}"   # a row not filled in shows no predictions
        sheet.compute(f"F{row}", "rate", Spilled("BGNBD_P_ALIVE", (params["BG/NBD"], x, recency,
                                                                   T), empty_with=empty))
        sheet.compute(f"G{row}", "money", Spilled("GAMMAGAMMA_SPEND", (
            params["Gamma-Gamma"], x, spend), empty_with=empty))


def _tiers(sheet, top, data):
    """Customers and predicted CLV per ABC tier with their shares, a total row, and a bar
    chart of the two shares."""
    t = sheet.texts
    tier, count, count_share, value, value_share = _TIER_COLUMNS
    clv, tiers = (data["A"].replace("A", column) for column in "IJ")
    sheet.header(f"{tier}{top}", "pred.tiers", through=f"{value_share}{top}")
    head = top + 1
    for column, key in zip(_TIER_COLUMNS, ("pred.tier_letter", "pred.customers",
                                           "pred.share_customers", "pred.clv_total",
                                           "pred.share_clv")):
        sheet.header(f"{column}{head}", key)
    sheet.ws.row_dimensions[head].height = 30
    total = head + len(TIERS) + 1
    for row, letter in enumerate(TIERS, start=head + 1):
        sheet.compute(f"{tier}{row}", "text", constant(letter))
        sheet.compute(f"{count}{row}", "count", COUNT_IF, tiers, f"{tier}{row}")
        sheet.compute(f"{value}{row}", "money", SUM_IF, tiers, f"{tier}{row}", clv)
    sheet.text(f"{tier}{total}", t["total"], styles.TOTAL)
    for column, kind in ((count, "count"), (value, "money")):
        sheet.compute(f"{column}{total}", kind, SUM, f"{column}{head + 1}:{column}{total - 1}",
                      style=styles.TOTAL)
    for row in range(head + 1, total + 1):
        for share, of in ((count_share, count), (value_share, value)):
            sheet.compute(f"{share}{row}", "rate", DIVIDE, f"{of}{row}", f"${of}${total}",
                          style=styles.TOTAL if row == total else styles.OUTPUT)
    shares = tuple(f"{share:.0%}" for share in DEFAULT_SHARES)
    sheet.text(f"{tier}{total + 1}", t["pred.tiers.note"].format(*shares), styles.NOTE)
    charts.bar_chart(sheet, f"{tier}{total + 3}", t["pred.chart"], head, total - 1,
                     column_index_from_string(tier),
                     tuple(map(column_index_from_string, (count_share, value_share))))
