"""Customers of a ``--customers`` file with no order among the rows the report uses are counted
and named, on the channels sheet and in the CLI's closing lines, never dropped silently: ids
that never ordered, and one whose only order was a bad row skipped. Ids written differently in
the two files ("17850.0" and "17850", " 13047") still match and are not counted."""

import openpyxl
import pytest

from clv_udfs.cli import main
from clv_udfs.workbooks.report.channels import LABELS

NOTICE_ROW = 5      # title, three note lines, then the notice where a blank row would be

ORDERS = ("klantnummer;datum;bedrag\n"
          "17850;01-02-2024;12,50\n"
          "17850;01-03-2024;7,50\n"
          "13047;15-02-2024;20,00\n"
          ";16-02-2024;9,99\n"               # a guest order: no customer id
          "12583;31-13-2024;30,00\n")        # 12583's only order: a bad date, skipped


def _files(tmp_path, customers):
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS, encoding="utf-8")
    listing = tmp_path / "klanten.csv"
    listing.write_text("customer_id,channel\n" + "".join(f"{i},{c}\n" for i, c in customers),
                       encoding="utf-8")
    return orders, listing


def _run(tmp_path, customers, lang="en"):
    orders, listing = _files(tmp_path, customers)
    out = tmp_path / "report.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--date-format", "%d-%m-%Y",
                 "--skip-bad-rows", "--no-predictions", "--customers", str(listing),
                 "--lang", lang]) == 0
    ws = openpyxl.load_workbook(out)[LABELS[lang]["report.channels.sheet"]]
    return ws, ws.cell(NOTICE_ROW, 1).value


MANY = [("17850.0", "Search"), (" 13047", "Social"), ("99001", "Search"), ("12583", "Social"),
        ("99002", "Referral"), ("99003", "Referral"), ("99004", "Search")]


def test_customers_that_never_ordered_are_counted_on_the_sheet_and_by_the_cli(tmp_path,
                                                                              capsys):
    ws, notice = _run(tmp_path, MANY)
    # 99001–99004 never ordered; 12583's one order was skipped; 17850 and 13047 match
    assert notice == ("5 customers of klanten.csv have no order among the rows this report "
                      "uses (e.g. 99001, 12583, 99002): they are in no channel or segment "
                      "here.")
    out = capsys.readouterr().out
    assert ("  5 customers in klanten.csv with no order among the rows used, in no channel: "
            "99001, 12583, 99002, …\n") in out
    header = [c.value for c in ws[NOTICE_ROW + 1]]
    table = {}
    for channel, customers in ws.iter_rows(min_row=NOTICE_ROW + 2, max_col=2, values_only=True):
        table.setdefault(channel, customers)       # the channel table, not the curves below
    new_customers = {channel: table[channel] for channel in ("Search", "Social")}
    assert header[0] == LABELS["en"]["report.channels.columns"][0]
    assert new_customers == {"Search": 1, "Social": 1}     # 17850 and 13047 only


def test_the_dutch_sheet_says_it_in_dutch(tmp_path):
    _, notice = _run(tmp_path, MANY, "nl")
    assert notice == ("5 klanten uit klanten.csv hebben geen bestelling in de rijen van dit "
                      "rapport (bijv. 99001, 12583, 99002): die tellen hier in geen kanaal of "
                      "segment mee.")


def test_one_customer_is_named_in_the_singular(tmp_path, capsys):
    _, notice = _run(tmp_path, [("17850", "Search"), ("13047", "Social"), ("99001", "Search")])
    assert notice == ("1 customer of klanten.csv has no order among the rows this report uses "
                      "(99001): it is in no channel or segment here.")
    assert ("  1 customer in klanten.csv with no order among the rows used, in no channel: "
            "99001\n") in capsys.readouterr().out


def test_when_every_customer_ordered_nothing_is_said(tmp_path, capsys):
    _, notice = _run(tmp_path, [("17850.0", "Search"), ("13047", "Social")])
    assert notice is None
    assert "klanten.csv" not in capsys.readouterr().out


def test_hostile_ids_that_never_ordered_are_shown_as_text(tmp_path, capsys):
    _, notice = _run(tmp_path, [("17850", "Search"), ("13047", "Social"), ("99\x01x", "Search"),
                                ("=1+1", "Social")])
    assert notice == ("2 customers of klanten.csv have no order among the rows this report "
                      "uses (99\\x01x, =1+1): they are in no channel or segment here.")
    assert "in no channel: 99\\x01x, =1+1\n" in capsys.readouterr().out


def test_text_ids_and_float_written_ids_are_counted_as_the_channels_match_them(tmp_path,
                                                                              capsys):
    """Orders with text ids (a webshop's "C-12", "00042") beside numeric ones, a customers
    file with "17850.0": every listed customer is either in a channel or counted, never both.
    By hand: 17850 (as "17850.0"), C-12 and 00042 ordered; 13047 and X-9 did not (2);
    14688 ordered but is not listed, so "unknown"."""
    orders = tmp_path / "orders.csv"
    orders.write_text("klantnummer;datum;bedrag\n"
                      "17850;01-02-2024;12,50\n"
                      "C-12;03-02-2024;7,50\n"
                      "00042;05-02-2024;20,00\n"
                      "14688;06-02-2024;9,99\n"
                      "C-12;01-03-2024;4,95\n", encoding="utf-8")
    listing = tmp_path / "klanten.csv"
    listing.write_text("customer_id,channel\n17850.0,Search\nC-12,Social\n00042,Social\n"
                       "13047.0,Search\nX-9,Referral\n", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--date-format", "%d-%m-%Y",
                 "--no-predictions", "--customers", str(listing)]) == 0
    ws = openpyxl.load_workbook(out)[LABELS["en"]["report.channels.sheet"]]
    assert ws.cell(NOTICE_ROW, 1).value == (
        "2 customers of klanten.csv have no order among the rows this report uses (13047, "
        "X-9): they are in no channel or segment here.")
    assert "  2 customers in klanten.csv with no order among the rows used, in no channel: " \
           "13047, X-9\n" in capsys.readouterr().out
    table = {}
    for channel, customers in ws.iter_rows(min_row=NOTICE_ROW + 2, max_col=2, values_only=True):
        table.setdefault(channel, customers)
    assert {c: table[c] for c in ("Search", "Social", "unknown")} == {
        "Search": 1, "Social": 2, "unknown": 1}
    # 5 listed = 3 in a channel (Search 1 + Social 2) + 2 counted as never ordering
