"""A report whose purchase histories cannot carry a forecast (nobody bought twice) says so on
its summary sheet, with the core's reason, in English and in Dutch, and in the CLI's line;
it had no forecast sheets and not a word about why."""

import datetime

import numpy as np
import openpyxl
import pytest

from clv_udfs.cli import main

ORDERS = "customer_id,date,amount\nA,2024-01-01,10\nB,2024-01-05,20\nC,2024-02-01,5\n"
SAID = {"en": "No forecast in this report: these purchase histories cannot support a "
              "repeat-purchase model: no customer made a repeat purchase, and the models learn "
              "how often customers buy again from those who did",
        "nl": "Geen voorspelling in dit rapport: deze aankoopgeschiedenissen dragen geen model "
              "voor herhaalaankopen: geen klant deed een herhaalaankoop, en de modellen leren "
              "hoe vaak klanten opnieuw kopen van wie dat deed"}


def report_of(tmp_path, orders_csv, lang):
    """The report of the orders ``orders_csv`` (text) in ``lang``: its workbook and the notes
    at the top of its summary sheet, as one text."""
    orders = tmp_path / "orders.csv"
    orders.write_text(orders_csv, encoding="utf-8")
    out = tmp_path / "report.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--lang", lang]) == 0
    book = openpyxl.load_workbook(out)
    return book, " ".join(row[0] for row in book.worksheets[0].iter_rows(
        max_row=12, values_only=True) if isinstance(row[0], str))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_summary_says_why_there_is_no_forecast(tmp_path, capsys, lang):
    book, notes = report_of(tmp_path, ORDERS, lang)
    assert len(book.sheetnames) == 4          # summary, customers, cohorts, segments
    assert SAID[lang] in notes
    assert ("predictive columns left out: these purchase histories cannot support a "
            "repeat-purchase model: no customer made a repeat purchase") in capsys.readouterr().out


# 50 customers, one a day from 2024-01-01; only C000 buys again (2024-03-01): every model's fit
# on all the data is refused, BG/NBD's first (the likelihood is flat in r)
ONE_REPEAT = "customer_id,date,amount\n" + "".join(
    f"C{i:03d},{datetime.date(2024, 1, 1) + datetime.timedelta(i)},10\n"
    for i in range(50)) + "C000,2024-03-01,10\n"
REFUSED = {"en": "the data cannot pin it down; check that enough customers made repeat purchases",
           "nl": "de gegevens leggen hem niet vast; controleer of genoeg klanten een "
                 "herhaalaankoop deden"}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_refused_fit_advises_on_the_data_not_on_an_option_the_report_lacks(tmp_path, capsys,
                                                                             lang):
    _, notes = report_of(tmp_path, ONE_REPEAT, lang)
    assert REFUSED[lang] in notes and "penalizer" not in notes
    said = capsys.readouterr().out
    assert f"{REFUSED['en']}\n" in said and "penalizer" not in said


def _free_repeats(customers=400, seed=4):
    """Customers buying at gamma-distributed rates over two years, each first order 25.00 and
    every later one 0.00 (free refills): the transaction models fit, Gamma-Gamma has no one."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(2.0, 1 / 60, customers)     # purchases a day
    first = rng.integers(0, 400, customers)
    lines = ["customer_id,date,amount"]
    for c in range(customers):
        days = first[c] + np.cumsum(rng.exponential(1 / rate[c], 12)).astype(int)
        days = np.r_[first[c], days[days < 730]]
        for k, day in enumerate(days.tolist()):
            lines.append(f"C{c},{datetime.date(2023, 1, 1) + datetime.timedelta(day)},"
                         f"{25.0 if k == 0 else 0.0:.2f}")
    return "\n".join(lines) + "\n"


SPEND = {"en": "spend per purchase cannot be modelled: no repeat buyer spent more than 0 on "
               "their repeat purchases, and Gamma-Gamma learns what customers spend from those "
               "who did; check the amounts",
         "nl": "de besteding per aankoop is niet te modelleren: geen herhaalkoper besteedde meer "
               "dan 0 aan zijn herhaalaankopen, en Gamma-Gamma leert wat klanten besteden van "
               "wie dat deed; controleer de bedragen"}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_repeat_buyers_who_spent_nothing_are_named_not_no_customers_to_fit(tmp_path, capsys,
                                                                           lang):
    """It said "Gamma-Gamma fit: there are no customers to fit; give at least one", advice a
    report user cannot follow."""
    _, notes = report_of(tmp_path, _free_repeats(), lang)
    assert SPEND[lang] in notes and "no customers to fit" not in notes
    assert f"predictive columns left out: {SPEND['en']}\n" in capsys.readouterr().out
