"""``clv-udfs report`` with channels: the channels sheet equals the hand figures of
tests/channel_figures.py (their arithmetic is written out there), read from a Dutch orders CSV,
a customers file and a Dutch spend file."""

import argparse

import numpy as np
import openpyxl
import pytest

from channel_figures import (
    CURVES, CUSTOMERS, MARGIN, MONTHS, ORDERS, SEGMENTS, SPEND, SPEND_BY_MONTH,
    TABLE_BY_CUSTOMERS, TABLE_BY_ORDERS, assert_row,
)
from clv_udfs.cli import main
from clv_udfs.reading.channels import read_channel_inputs
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.channels import LABELS
from clv_udfs.workbooks.report.predictions import Predictions

from .report_pages import table

HEADER_ROW = 6   # title, three note lines, a blank row, the header


def comma(amount):
    return f"{amount:.2f}".replace(".", ",")


@pytest.fixture
def files(tmp_path):
    """The orders (Dutch: ';', decimal comma, a channel column), customers and spend files."""
    orders = tmp_path / "orders.csv"
    orders.write_text("klantnummer;datum;bedrag;kanaal\n" + "".join(
        f"{i};{d};{comma(a)};{c}\n" for i, d, a, c in ORDERS), encoding="utf-8")
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id,channel,segment\n" + "".join(
        f"{i},{c},{s}\n" for i, c, s in CUSTOMERS), encoding="utf-8")
    spend = tmp_path / "spend.csv"
    spend.write_text("Kanaal;Maand;Kosten\n" + "".join(
        f"{c};{m};€ {comma(a)}\n" for c, m, a in SPEND), encoding="utf-8")
    return orders, customers, spend


def channel_sheet(path, lang):
    return openpyxl.load_workbook(path, data_only=True)[LABELS[lang]["report.channels.sheet"]]


def rows_below(ws, header_row, width):
    """The rows under ``header_row`` (first ``width`` cells) down to the first blank one."""
    rows = []
    for row in ws.iter_rows(min_row=header_row + 1, max_col=width, values_only=True):
        if row[0] is None:
            break
        rows.append(list(row))
    return rows


def expected(table):
    """The hand table with the total row labelled as the sheet labels it."""
    return [("Total", *row[1:]) if row[0] == "total" else row for row in table]


def run(files, tmp_path, *options):
    orders, customers, spend = files
    out = tmp_path / "report.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--margin", str(MARGIN),
                 "--no-predictions", "--spend", str(spend), *options]) == 0
    return channel_sheet(out, "nl" if "nl" in options else "en")


def test_channel_sheet_from_a_customers_file_equals_the_hand_figures(files, tmp_path):
    ws = run(files, tmp_path, "--customers", str(files[1]))
    header = [c.value for c in ws[HEADER_ROW]][:8]
    assert header == list(LABELS["en"]["report.channels.columns"][:8])
    got = rows_below(ws, HEADER_ROW, 8)
    want = expected(TABLE_BY_CUSTOMERS)
    assert [row[0] for row in got] == [row[0] for row in want]
    for row, hand in zip(got, want):
        assert_row(row, hand, pytest.approx)


def test_channel_sheet_from_the_orders_channel_column_equals_the_hand_figures(files, tmp_path):
    ws = run(files, tmp_path, "--channel-col", "kanaal")
    got = rows_below(ws, HEADER_ROW, 8)
    for row, hand in zip(got, expected(TABLE_BY_ORDERS)):
        assert_row(row, hand, pytest.approx)
    assert len(got) == len(TABLE_BY_ORDERS)


def test_curves_and_cac_rows_equal_the_hand_figures(files, tmp_path):
    ws = run(files, tmp_path, "--customers", str(files[1]))
    values = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values)
                 if row[0] == LABELS["en"]["report.channels.curves"])
    assert list(values[start + 1][:7]) == ["Channel", 0, 1, 2, 3, 4, 5]
    shown = {row[0]: list(row[1:7]) for row in values[start + 2:start + 14] if row[0]}
    names = {"total": "Total"}
    for channel, curve in CURVES.items():
        got = shown[names.get(channel, channel)]
        assert [v is None for v in got] == [v is None for v in curve], channel
        assert [v for v in got if v is not None] == \
            pytest.approx([v for v in curve if v is not None], rel=1e-9), channel
    # a CAC row under each channel with a CAC: Search 100/3, Social 50, total 225/7
    assert shown["Search: CAC"] == pytest.approx([100 / 3] * 6)
    assert shown["Social: CAC"] == pytest.approx([50.0] * 6)
    assert shown["Total: CAC"] == pytest.approx([225 / 7] * 6)
    assert "Organic: CAC" not in shown and "Display: CAC" not in shown


def test_segments_of_the_customers_file_equal_the_hand_figures(files, tmp_path):
    ws = run(files, tmp_path, "--customers", str(files[1]))
    values = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values) if row[0] == "By segment (segment)")
    got = [list(row[:4]) for row in values[start + 2:start + 2 + len(SEGMENTS)]]
    for row, hand in zip(got, SEGMENTS):
        assert_row(row, hand, pytest.approx)
    assert all(row[0] is None for row in values[start + 2 + len(SEGMENTS):])


def test_spend_without_channels_is_refused_in_one_line(files, tmp_path, capsys):
    orders, _, spend = files
    out = tmp_path / "r.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--spend", str(spend)]) == 2
    assert "--spend: the report needs each customer's channel too" in capsys.readouterr().err
    assert not out.exists()


def test_a_bad_spend_line_names_the_file_and_row(files, tmp_path, capsys):
    orders, customers, spend = files
    spend.write_text("channel,month,spend\nSearch,2024-01,60\nSocial,Feb,5\n")
    out = tmp_path / "r.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--spend", str(spend),
                 "--customers", str(customers)]) == 2
    assert 'spend.csv: month row 3: "Feb" is not a date' in capsys.readouterr().err


def test_dutch_report_names_the_words(files, tmp_path):
    ws = run(files, tmp_path, "--customers", str(files[1]), "--lang", "nl")
    got = rows_below(ws, HEADER_ROW, 8)
    assert [row[0] for row in got] == ["Search", "Social", "Organic", "onbekend", "Display",
                                       "Totaal"]
    assert got[2][3] == "geen uitgaven" and got[1][7] == "nog niet"


def test_a_dutch_xlsx_customers_file_with_number_ids_matches_text_ids(files, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Klantnummer", "Kanaal", "Segment"])
    for customer, channel, segment in CUSTOMERS:
        book.active.append([int(customer), channel, segment])
    customers = tmp_path / "klanten.xlsx"
    book.save(customers)
    ws = run(files, tmp_path, "--customers", str(customers))
    for row, hand in zip(rows_below(ws, HEADER_ROW, 8), expected(TABLE_BY_CUSTOMERS)):
        assert_row(row, hand, pytest.approx)


def test_a_customer_listed_twice_with_two_channels_names_both_rows(files, tmp_path, capsys):
    orders, customers, spend = files
    customers.write_text("customer,channel\n1001,Search\n1002,Social\n1001,Email\n")
    assert main(["report", str(orders), "-o", str(tmp_path / "r.xlsx"), "--customers",
                 str(customers), "--no-predictions"]) == 2
    assert ("customers.csv: channel row 4: customer 1001 is already in Search (row 2)"
            in capsys.readouterr().err)


def test_segments_from_the_orders_channel_column_equal_the_hand_figures(files, tmp_path):
    """--segment-col on the orders file: a customer's segment is the one on their first order
    (so the segments here are the channels): Search 1001, 1002, 1003: revenue 140 + 40 + 100,
    CLV 280 × 0.5 / 3; Organic 1006, 1007: 40 + 50, CLV 22.5; Social 1004, 1005: 80 + 60,
    CLV 35; unknown 1008: 80, CLV 40. In order of the customers' first appearance."""
    orders, _, _ = files
    out = tmp_path / "r.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--margin", str(MARGIN),
                 "--no-predictions", "--segment-col", "kanaal"]) == 0
    values = list(channel_sheet(out, "en").iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values) if row[0] == "By segment (kanaal)")
    got = [list(row[:4]) for row in values[start + 2:start + 6]]
    want = [("Search", 3, 280.0, 140 / 3), ("Organic", 2, 90.0, 22.5), ("Social", 2, 140.0, 35.0),
            ("unknown", 1, 80.0, 40.0)]
    for row, hand in zip(got, want):
        assert_row(row, hand, pytest.approx)
    assert len([row for row in values[start + 2:] if row[0]]) == 4


def test_predicted_clv_per_channel_is_the_mean_of_the_customers_sheet(tmp_path):
    """With predictions on (the CDNOW sample fits), each channel's predicted CLV is the mean of
    its customers' predicted CLV on the customers sheet; channels by the id's last digit."""
    ids = np.unique(read_cdnow_sample().customer_ids.astype(str))
    channel_of = {i: ("even", "odd")[int(i[-1]) % 2] for i in ids}
    customers = tmp_path / "customers.csv"
    customers.write_text("customer,channel\n" + "".join(f"{i},{c}\n"
                                                       for i, c in channel_of.items()))
    out = tmp_path / "r.xlsx"
    hook = Predictions(12, 0.01, "en")
    inputs = read_channel_inputs(argparse.Namespace(
        customers=customers, channel_col=None, spend=None, segment_col=None, customer_col=None,
        date_col=None, date_format=None, delimiter=None, decimal=None, sheet=None,
        transactions=None))
    write_report(out, read_cdnow_sample(), margin=0.3, extra_columns=hook, channels=inputs)
    book = openpyxl.load_workbook(out, data_only=True)
    header, rows = table(book["Customers"])
    clv = header.index(next(h for h in header if str(h).startswith("Predicted CLV")))
    sums, counts = {}, {}
    for row in rows:
        channel = channel_of[str(row[0])]
        sums[channel] = sums.get(channel, 0) + row[clv]
        counts[channel] = counts.get(channel, 0) + 1
    ws = book["Channels"]
    assert ws.cell(HEADER_ROW, 9).value == "Predicted CLV (mean)"
    shown = {row[0]: row[8] for row in rows_below(ws, HEADER_ROW, 9)}
    assert shown["even"] == pytest.approx(sums["even"] / counts["even"], rel=1e-9)
    assert shown["odd"] == pytest.approx(sums["odd"] / counts["odd"], rel=1e-9)
    assert shown["Total"] == pytest.approx(sum(sums.values()) / len(rows), rel=1e-9)


def test_spend_per_channel_per_month_equals_the_spend_lines(files, tmp_path):
    ws = run(files, tmp_path, "--customers", str(files[1]))
    values = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values)
                 if row[0] == LABELS["en"]["report.channels.spend"])
    assert list(values[start + 1][1:7]) == MONTHS
    shown = {row[0]: list(row[1:7]) for row in values[start + 2:start + 7]}
    assert shown == SPEND_BY_MONTH


def test_a_campaign_column_of_many_channels_charts_the_largest_and_says_so(tmp_path,
                                                                           monkeypatch):
    """A utm_campaign column gives hundreds of channels: one line chart each made a sheet of
    hundreds of charts (1,500 campaigns: 5.3 s against 0.44 s). The curves of all stay in the
    table; the charts are those of the CHART_CHANNELS channels with most new customers."""
    from clv_udfs.workbooks import charts
    from clv_udfs.workbooks.report import channels as report_channels
    drawn = []
    line_chart = charts.row_line_chart
    monkeypatch.setattr(charts, "row_line_chart",
                        lambda page, anchor, name, *rest, **named: drawn.append(name)
                        or line_chart(page, anchor, name, *rest, **named))
    orders = tmp_path / "orders.csv"
    lines = ["customer,date,amount,campaign"]
    for c in range(40):   # campaign k acquires k + 1 customers, each buying twice
        for n in range(c + 1):
            lines += [f"C{c}-{n},2024-01-{1 + n % 28:02d},20,camp{c:02d}",
                      f"C{c}-{n},2024-03-{1 + n % 28:02d},15,camp{c:02d}"]
    orders.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--no-predictions",
                 "--channel-col", "campaign"]) == 0
    shown = report_channels.CHART_CHANNELS
    channels_drawn = [name for name in drawn if name == "Total" or name.startswith("camp")]
    assert sorted(channels_drawn) == sorted(
        ["Total", *(f"camp{c:02d}" for c in range(40 - shown + 1, 40))])
    ws = channel_sheet(out, "en")
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert (f"Charts of the {shown} channels with the most new customers, of 41; every "
            "channel's curve is in the table above.") in cells
    assert sum(c.startswith("camp") for c in cells) >= 40 * 2   # curve rows and table rows
