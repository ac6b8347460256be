"""Every template's worked example, pinned to figures worked out by hand and written here (not
taken from the template's plan or from the core), as LibreOffice shows the portable flavour
after recalculating it and as the ``formulas`` engine computes the live flavour.

The engine tests compare each engine with the template's own plan, so a template wired to the
wrong cell (payback reading revenue instead of gross profit, a lever moving the wrong way)
agrees with itself, and regenerating the committed files makes the snapshot agree too; these
figures do not move with it. The arithmetic behind each figure is in the comment above it.
"""

import pytest

from clv_udfs.workbooks import build
from clv_udfs.workbooks.labels import texts

from .engines import formulas_values, path_of, plan_of, read_values, register_excel_layer

WORDS = texts("en")
LOCALE = ("en", "EUR")


def flavours(key):
    """The flavours ``key`` comes in; the portable one needs LibreOffice."""
    return [pytest.param(f, marks=pytest.mark.soffice) if f == "portable" else f
            for f in build.flavours_of(key)]


@pytest.fixture(scope="module")
def read():
    """The values read so far, one engine run per template and flavour."""
    register_excel_layer()
    return {}


@pytest.fixture
def sheet(request, generated, read):
    """``sheet(key, flavour)``: ``{ref: value}`` of the recalculated en-EUR template."""
    def values(key, flavour):
        if (key, flavour) not in read:
            case = (*LOCALE, key)
            if flavour == "live":
                read[key, flavour] = formulas_values(path_of(generated, case, "live"))
            else:
                recalculated = request.getfixturevalue("recalculated")
                read[key, flavour] = read_values(recalculated[case], plan_of(case).sheet)
        return read[key, flavour]

    return values


def row_of(values, column, label):
    """The first row whose cell in ``column`` shows ``label`` (text or number)."""
    rows = sorted(int(ref[len(column):]) for ref, value in values.items()
                  if ref[:len(column)] == column and ref[len(column):].isdigit()
                  and value == label and not isinstance(value, bool))
    assert rows, f"no cell of column {column} shows {label!r}"
    return rows[0]


def beside(values, label, column="A"):
    """The value to the right of the first cell of ``column`` that shows ``label``."""
    return values.get(f"{chr(ord(column) + 1)}{row_of(values, column, label)}")


def near(figure, digits):
    """``figure`` as written with ``digits`` decimals: within half a unit of the last one."""
    return pytest.approx(figure, abs=0.5 * 10 ** -digits)


@pytest.mark.parametrize("flavour", flavours("clv-calculator"))
def test_calculator_shows_its_worked_example(sheet, flavour):
    v = sheet("clv-calculator", flavour)
    clv = WORDS["clv"]
    assert beside(v, clv, "A") == near(900, 9)          # 50 × 6 × 3
    assert beside(v, clv, "D") == near(366.67, 2)       # 100 × 1.1 / (1.1 − 0.8) = 110 / 0.3
    assert beside(v, clv, "G") == near(1600, 9)         # 100 × 0.8 / 0.05
    ratio, health, max_cac = WORDS["ratio"], WORDS["health"], WORDS["max_cac"]
    # CAC 300, target 3: 900/300 = 3, 366.67/300 = 1.22, 1600/300 = 5.33; max CAC = CLV / 3
    assert [beside(v, ratio, c) for c in "ADG"] == [near(3, 9), near(1.2222, 4), near(5.3333, 4)]
    assert [beside(v, health, c) for c in "ADG"] == ["Healthy", "Unsustainable",
                                                     "Under-investing"]
    assert [beside(v, max_cac, c) for c in "ADG"] == [near(300, 9), near(122.22, 2),
                                                      near(533.33, 2)]
    # gross profit 100 × 0.8 = 80 a month; 80 × (1 − 0.95ⁿ) / 0.05 = 300 → 0.95ⁿ = 0.8125,
    # n = ln 0.8125 / ln 0.95 = −0.20764 / −0.051293 = 4.048 (on revenue, 100: 3.168)
    assert beside(v, WORDS["gp_month"], "G") == near(80, 9)
    assert beside(v, WORDS["payback"], "G") == near(4.048, 3)


@pytest.mark.parametrize("flavour", flavours("subscription-saas"))
def test_saas_shows_its_worked_example(sheet, flavour):
    v = sheet("subscription-saas", flavour)
    assert beside(v, WORDS["clv"]) == near(1600, 9)                # 100 × 0.8 / 0.05
    assert beside(v, WORDS["lifespan_months"]) == near(20, 9)      # 1 / 0.05
    assert beside(v, WORDS["gp_month"]) == near(80, 9)             # 100 × 0.8
    assert beside(v, WORDS["payback_no_churn"]) == near(7.5, 9)    # 600 / 80
    # 80 × (1 − 0.95ⁿ) / 0.05 = 600 → 0.95ⁿ = 0.625, n = ln 0.625 / ln 0.95 = 9.163
    assert beside(v, WORDS["payback"]) == near(9.163, 3)
    assert beside(v, WORDS["ratio"]) == near(2.6667, 4)            # 1600 / 600
    assert beside(v, WORDS["health"]) == "Below target"            # 2 ≤ 2.67 < 3
    # sensitivity: MRR 100 × margin (columns B–E: 60%, 70%, 80%, 90%) / churn (rows)
    assert v[f"B{row_of(v, 'A', 0.01)}"] == near(6000, 9)          # 100 × 0.6 / 0.01
    assert v[f"D{row_of(v, 'A', 0.05)}"] == near(1600, 9)          # 100 × 0.8 / 0.05
    assert v[f"E{row_of(v, 'A', 0.1)}"] == near(900, 9)            # 100 × 0.9 / 0.1


@pytest.mark.parametrize("flavour", flavours("channel-economics"))
def test_channels_show_their_worked_example(sheet, flavour):
    v = sheet("channel-economics", flavour)
    social, display, total = (row_of(v, "A", WORDS[k]) for k in (
        "channel.paid_social", "channel.display", "total"))
    # paid social: CAC 12,000 / 150 = 80; 200 / 80 = 2.5; payback 0.96ⁿ = 1 − 80 × 0.04 / 8
    # = 0.6, n = ln 0.6 / ln 0.96 = 12.513
    assert [v[f"{c}{social}"] for c in "GHIJ"] == [
        near(80, 9), near(2.5, 9), "Below target", near(12.513, 3)]
    # display: 9,000 / 60 = 150; 120 / 150 = 0.8; 0.95ⁿ = 1 − 150 × 0.05 / 8 = 0.0625,
    # n = ln 0.0625 / ln 0.95 = 54.054
    assert [v[f"{c}{display}"] for c in "GHIJ"] == [
        near(150, 9), near(0.8, 9), "Loss-making", near(54.054, 3)]
    # total: spend 12,000 + 15,000 + 2,000 + 1,500 + 4,000 + 9,000 = 43,500; customers
    # 150 + 250 + 80 + 100 + 90 + 60 = 730; CLV weighted by customers (200·150 + 260·250 +
    # 310·80 + 240·100 + 280·90 + 120·60) / 730 = 176,200 / 730 = 241.370; gross profit
    # 6,752 / 730 = 9.2493; churn 28 / 730 = 0.038356; CAC 43,500 / 730 = 59.589;
    # ratio 241.370 / 59.589 = 4.0506; payback ln(1 − 59.589 × 0.038356 / 9.2493) /
    # ln(1 − 0.038356) = 7.257
    assert [v[f"{c}{total}"] for c in "BCDEFGHIJ"] == [
        near(43500, 9), 730, near(241.370, 3), near(9.2493, 4), near(0.038356, 6),
        near(59.589, 3), near(4.0506, 4), "Healthy", near(7.257, 3)]


@pytest.mark.parametrize("flavour", flavours("retention-levers"))
def test_levers_show_their_worked_example(sheet, flavour):
    v = sheet("retention-levers", flavour)
    assert beside(v, WORDS["clv_profit"]) == near(360, 9)   # 50 × 6 × 3 × 40%
    rows = {key: row_of(v, "A", WORDS[key]) for key in (
        "lever.lifespan", "lever.churn", "lever.aov", "lever.frequency", "lever.margin")}
    # columns: driver now, driver after, lifespan after, CLV after, change on 360
    expected = {
        "lever.lifespan": (3, 4, 4, 480, 0.3333),             # 50 × 6 × 4 × 0.4; +⅓
        # churn 1/3 → 1/3 × 0.9 = 0.3 → lifespan 1/0.3 = 3.333; 50 × 6 × 3.333 × 0.4 = 400
        "lever.churn": (0.3333, 0.3, 3.3333, 400, 0.1111),
        "lever.aov": (50, 55, 3, 396, 0.1),                   # 55 × 6 × 3 × 0.4
        "lever.frequency": (6, 6.6, 3, 396, 0.1),             # 50 × 6.6 × 3 × 0.4
        "lever.margin": (0.4, 0.45, 3, 405, 0.125),           # 50 × 6 × 3 × 0.45
    }
    for key, figures in expected.items():
        assert [v[f"{c}{rows[key]}"] for c in "CDEFG"] == [near(f, 4) for f in figures], key


def _year_cells(v, year):
    row = row_of(v, "A", year)
    return [v.get(f"{c}{row}") for c in "CDEF"]


@pytest.mark.parametrize("flavour", flavours("subscription-retention"))
def test_retention_shows_the_papers_regular_cohort(sheet, flavour):
    """Fader & Hardie (2007), "regular" cohort: α = 0.704, β = 1.182 (typed in the portable
    flavour, fitted in the live one; the paper's log-likelihood is −1680.3)."""
    v = sheet("subscription-retention", flavour)
    assert beside(v, "alpha") == near(0.704, 3) and beside(v, "beta") == near(1.182, 3)
    # S(1) = β/(α+β) = 1.182/1.886 = 0.62672; S(2) = S(1) (β+1)/(α+β+1)
    # = 0.62672 × 2.182/2.886 = 0.47384; renewal rate r(2) = 2.182/2.886 = 0.75606;
    # observed 631/1000, 468/1000
    year1, year2 = _year_cells(v, 1), _year_cells(v, 2)
    assert year1[:3] == [near(0.631, 9), near(0.6267, 3), near(0.6267, 3)]
    assert year2[:3] == [near(0.468, 9), near(0.4738, 3), near(0.7561, 3)]
    if flavour == "portable":
        return
    # DEL = Σ_{t≥0} S(t)/1.1ᵗ and DERL(n) = Σ_{t≥n+1} S(t)/S(n)/1.1^(t−n−1), summed
    # term by term from α = 0.704, β = 1.182: 3.6951, DERL(0) = 2.9647;
    # CLV = €100 × DEL = 369.51
    assert beside(v, WORDS["sbg.del"]) == pytest.approx(3.6951, abs=1e-3)
    assert beside(v, WORDS["sbg.clv"]) == pytest.approx(369.51, abs=0.1)
    assert _year_cells(v, 0)[3] == pytest.approx(2.9647, abs=1e-3)
    assert beside(v, "log-likelihood") == pytest.approx(-1680.3, abs=0.05)   # table's label


@pytest.mark.parametrize("flavour", flavours("cohort-clv"))
def test_cohort_shows_its_worked_example(sheet, flavour):
    """Customers 1001–1004 join in January (n = 0–3) and buy in month k where k = 0 or
    (n + k) mod 3 ≠ 0, for 20 + (13n + 29k) mod 60: n=0: 20, 49, 78, –, 76, 45;
    n=1: 33, 62, –, 60, 29, –; n=2: 46, –, 44, 73, –, 71; n=3: 59, 28, 57, –, 55, 24."""
    v = sheet("cohort-clv", flavour)
    january, june = row_of(v, "E", "2024-01"), row_of(v, "E", "2024-06")
    # month 0: (20 + 33 + 46 + 59)/4 = 39.5; month 1: + (49 + 62 + 28)/4 = 74.25;
    # month 5: (268 + 184 + 234 + 223)/4 = 909/4 = 227.25
    assert [v[f"{c}{january}"] for c in "FGHL"] == [4, near(39.5, 9), near(74.25, 9),
                                                   near(227.25, 9)]
    # June (n = 20–23) has only month 0: (40 + 53 + 66 + 79)/4 = 59.5
    assert [v[f"{c}{june}"] for c in "FG"] == [4, near(59.5, 9)]
    assert v.get(f"H{june}") in ("", None)


@pytest.mark.parametrize("flavour", flavours("predictive-clv"))
def test_predictive_shows_hand_computed_predictions(sheet, flavour):
    """Customer 00004 of CDNOW (x = 2, t_x = 30.43, T = 38.86 weeks, z̄ = 22.35) and 00050
    (x = 0): P(alive) = 1 / (1 + a/(b+x−1) ((α+T)/(α+t_x))^(r+x)) (1 for x = 0) and spend
    (γ + x z̄) p / (p x + q − 1) (FHL 2005a eq. 11, 2005b eq. 5)."""
    v = sheet("predictive-clv", flavour)
    four, fifty = row_of(v, "A", "00004"), row_of(v, "A", "00050")
    if flavour == "portable":
        # the published estimates, typed: r 0.243, α 4.414, a 0.793, b 2.426; p 6.25, q 3.74,
        # γ 15.44. P(alive) = 1 / (1 + 0.793/3.426 × (43.274/34.844)^2.243)
        # = 1 / (1 + 0.23147 × 1.62585) = 0.72658; spend (15.44 + 44.7) × 6.25 / 15.24 = 24.664;
        # x = 0: 15.44 × 6.25 / 2.74 = 35.219
        assert [v[f"{c}{four}"] for c in "FG"] == [near(0.7266, 4), near(24.664, 3)]
        assert [v[f"{c}{fifty}"] for c in "FG"] == [1, near(35.219, 3)]
        return
    # fitted to the 200 rows: the papers' likelihoods (tests/papers.py) maximised by
    # Nelder–Mead give r 0.21546, α 3.7497, a 0.18527, b 0.48478; p 5.0543, q 5.3089, γ 28.610
    assert [beside(v, name) for name in ("r", "alpha", "a", "b", "p", "q", "gamma")] == [
        pytest.approx(f, rel=1e-4) for f in (0.21546, 3.7497, 0.18527, 0.48478, 5.0543,
                                             5.3089, 28.610)]
    # P(alive) = 1 / (1 + 0.18527/1.48478 × (42.6097/34.1797)^2.21546) = 1 / (1 + 0.12478 ×
    # 1.62970) = 0.83101; spend (28.610 + 44.7) × 5.0543 / (10.1085 + 4.3089) = 25.700;
    # x = 0: 28.610 × 5.0543 / 4.3089 = 33.559. Expected purchases in 52 weeks (FHL 2005a
    # eq. 10) 2.0409 and the 12-month CLV at 30% margin and 1% a month, Σ_m spend × 0.3 ×
    # (E[X(m months)] − E[X(m−1 months)]) / 1.01^m = 14.830, from the same formulas.
    assert [v[f"{c}{four}"] for c in "FGHI"] == [
        pytest.approx(f, rel=2e-4) for f in (0.83101, 2.0409, 25.700, 14.830)]
    assert [v[f"{c}{fifty}"] for c in "FH"] == [1, pytest.approx(33.559, rel=2e-4)]
