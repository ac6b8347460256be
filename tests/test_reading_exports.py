"""Real order exports (issue 9): invoice lines shaped like the UCI "Online Retail" export, with
English and Dutch headers, as CSV and XLSX, against a hand computation; CDNOW_master.txt's
whitespace-aligned layout; the first-try stumbles of the report CLI."""

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from clv_udfs.cli import main
from clv_udfs.errors import CLVError
from clv_udfs.reading import read_transactions
from clv_udfs.workbooks.labels import texts
from clv_udfs.workbooks.report.companion import CSV_DIALECTS
from clv_udfs.workbooks.report.data import analyse

from workbooks.report_pages import open_report, summary_values, table

CDNOW_HEAD = Path(__file__).parent / "data" / "cdnow_master_head.txt"

# Invoice lines: invoice, stock code, quantity, date, unit price, customer id (as a float text).
LINES = [
    ("536365", "A", 6, "2010-12-01 08:26", 2.55, "17850.0"),    # 15.30
    ("536365", "B", 2, "2010-12-01 08:26", 3.39, "17850.0"),    #  6.78
    ("536366", "C", 4, "2010-12-01 09:00", 1.85, "17850.0"),    #  7.40, same day: one purchase
    ("536370", "D", 10, "2010-12-03 10:00", 5.00, "12583.0"),   # 50.00
    ("536370", "E", 1, "2010-12-03 10:00", 0.00, "12583.0"),    # zero price: bad row 6
    ("C536379", "D", -2, "2010-12-04 11:00", 5.00, "12583.0"),  # cancellation: -10.00
    ("536380", "F", 3, "2010-12-05 12:00", 2.00, ""),           # guest:  6.00
    ("536380", "G", 1, "2010-12-05 12:00", 4.00, ""),           # guest:  4.00 (same invoice)
    ("536390", "A", 1, "2010-12-10 13:00", 2.55, "17850.0"),    #  2.55
    ("536400", "H", 1, "2010-12-12 14:00", 20.00, "13047.0"),   # 20.00
    ("C536401", "H", -1, "2010-12-13 15:00", 20.00, "13047.0"),  # -20.00: 13047 nets to 0
]
HEADERS = {"en": ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
           "nl": ["Factuurnummer", "Artikelcode", "Aantal", "Factuurdatum", "Stukprijs",
                  "Klantnummer"]}

# The hand computation.
GROSS = 15.30 + 6.78 + 7.40 + 50.00 + 2.55 + 20.00          # 102.03
RETURNS = 10.00 + 20.00
NET = GROSS - RETURNS                                        # 72.03
ORDERS = 3 + 1 + 1          # 17850: 536365, 536366, 536390; 12583: 536370; 13047: 536400
REVENUE = {"17850": 15.30 + 6.78 + 7.40 + 2.55, "12583": 50.00 - 10.00, "13047": 0.0}


def export(tmp_path, lang, kind):
    """The invoice lines as a CSV (English: "," and decimal points; Dutch: ";" and decimal
    commas) or as an XLSX (numbers, real dates, ids as numbers)."""
    header = HEADERS[lang]
    if kind == "csv":
        sep = "," if lang == "en" else ";"
        text = [sep.join(header)]
        for invoice, code, qty, day, price, customer in LINES:
            shown = f"{price:.2f}" if lang == "en" else f"{price:.2f}".replace(".", ",")
            text.append(sep.join([invoice, code, str(qty), day, shown, customer]))
        path = tmp_path / f"retail-{lang}.csv"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        return path
    book = openpyxl.Workbook()
    book.active.append(header)
    for invoice, code, qty, day, price, customer in LINES:
        book.active.append([int(invoice) if invoice.isdigit() else invoice, code, qty,
                            dt.datetime.fromisoformat(day), price,
                            float(customer) if customer else None])
    path = tmp_path / f"retail-{lang}.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_invoice_lines_give_the_hand_computed_figures(tmp_path, lang, kind):
    read = read_transactions(export(tmp_path, lang, kind), skip_bad_rows=True)
    report = read.report
    assert set(report.columns) == {"customer", "date", "order", "quantity", "price"}
    assert report.rows == 11 and report.skipped == 1
    assert report.reasons == {"zero_price": (1, [6])}
    assert report.guests == {"rows": 2, "orders": 1, "revenue": pytest.approx(10.0)}
    data = analyse(read)
    k = data.kpis
    assert (k.customers, k.orders) == (3, ORDERS)
    assert k.gross_sales == pytest.approx(GROSS) and k.returns == pytest.approx(RETURNS)
    assert k.revenue == pytest.approx(NET)
    assert k.average_order_value == pytest.approx(GROSS / ORDERS)
    assert k.average_clv == pytest.approx(NET / 3)
    history = data.history
    assert history.customer_id.tolist() == ["17850", "12583", "13047"]   # text, not 17850.0
    assert history.orders.tolist() == [3, 1, 1]
    np.testing.assert_allclose(history.revenue, list(REVENUE.values()), atol=1e-9)
    rfm = data.customers
    # 17850 buys on 1 Dec (three lines of two invoices: one purchase occasion) and 10 Dec; the
    # refunds are never purchases: 12583 and 13047 bought on one day each.
    assert rfm.frequency.tolist() == [1, 0, 0]
    assert rfm.monetary_value[0] == pytest.approx(2.55)
    assert rfm.T[0] == pytest.approx(12 / 7) and rfm.recency[0] == pytest.approx(9 / 7)
    np.testing.assert_allclose(rfm.total_spend, list(REVENUE.values()), atol=1e-9)


def test_returns_exclude_and_stop(tmp_path):
    path = export(tmp_path, "en", "csv")
    excluded = read_transactions(path, skip_bad_rows=True, returns="exclude")
    assert excluded.report.returns_excluded == {"rows": 2, "amount": pytest.approx(RETURNS)}
    assert analyse(excluded).kpis.revenue == pytest.approx(GROSS)
    with pytest.raises(CLVError, match=r'^column "UnitPrice" row 6: the unit price is 0'):
        read_transactions(path, returns="stop")
    with pytest.raises(CLVError, match=r"^quantity × unit price row 6: -10 is a refund"):
        read_transactions(_without_zero_price(path), returns="stop")


def _without_zero_price(path):
    lines = path.read_text().splitlines()
    kept = path.with_name("no-zero.csv")
    kept.write_text("\n".join(line for line in lines if ",E," not in line) + "\n")
    return kept


def test_the_report_cli_reads_invoice_lines_with_no_column_options(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["report", str(export(tmp_path, "nl", "csv")), "-o", str(out),
                 "--skip-bad-rows", "--currency", "GBP", "--no-predictions"]) == 0
    printed = capsys.readouterr().out
    assert f"3 customers, {ORDERS} orders, 1 bad row skipped" in printed
    assert "bad rows, zero unit price: 1 (row 6)" in printed
    assert "2 rows without a customer id (guest orders: 1 order, 10.00)" in printed
    shown = summary_values(open_report(out)["summary"])
    assert (shown["report.customers"], shown["report.orders"]) == (3, ORDERS)
    assert shown["report.gross_sales"] == pytest.approx(GROSS)
    assert shown["report.returns"] == pytest.approx(RETURNS)
    assert shown["report.revenue"] == pytest.approx(NET)
    assert shown["aov"] == pytest.approx(GROSS / ORDERS)
    assert (shown["report.guest_orders"], shown["report.guest_revenue"]) == (1, 10.0)
    assert shown["report.net_negative"] == 1 and shown["report.skipped"] == 1
    _, customers = table(open_report(out)["customers"])
    assert [row[0] for row in customers] == ["17850", "12583", "13047"]
    notes = [row[0] for row in open_report(out)["summary"].iter_rows(values_only=True)]
    assert "zero unit price: 1 (row 6)" in notes
    money = openpyxl.load_workbook(out)["Summary"]["B11"].number_format
    assert "£" in money


def test_cdnow_master_layout_is_read_with_no_options(tmp_path, capsys):
    ids, days, cds, dollars = np.loadtxt(CDNOW_HEAD, skiprows=1, dtype=str, unpack=True)
    out = tmp_path / "cdnow.xlsx"
    assert main(["report", str(CDNOW_HEAD), "-o", str(out), "--no-predictions"]) == 0
    shown = summary_values(open_report(out)["summary"])
    assert shown["report.customers"] == len(set(ids.tolist()))
    assert shown["report.revenue"] == pytest.approx(dollars.astype(float).sum())
    assert shown["report.rows_read"] == 300
    _, customers = table(open_report(out)["customers"])
    assert customers[0][0] == "00001"          # zeros kept: an id is text


@pytest.mark.parametrize("given", ["\t", "\\t", "tab", "TAB"])
def test_a_tab_delimiter_however_typed(tmp_path, given):
    path = tmp_path / "orders.txt"
    path.write_text("customer\tdate\tamount\na\t2024-01-01\t5\n")
    assert read_transactions(path, delimiter=given).amounts.tolist() == [5.0]


@pytest.mark.parametrize("given", ["ab", ""])
def test_a_delimiter_of_two_or_no_characters_is_one_line(tmp_path, capsys, given):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\na,2024-01-01,5\n")
    assert main(["report", str(path), "-o", str(tmp_path / "r.xlsx"), "--delimiter",
                 given]) == 2
    err = capsys.readouterr().err
    assert err.startswith("clv-udfs report: delimiter: ") and len(err.splitlines()) == 1


def test_margin_as_percent_and_lower_case_time_unit(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\na,2024-01-01,100\na,2024-01-15,100\n")
    out = tmp_path / "r.xlsx"
    assert main(["report", str(path), "-o", str(out), "--margin", "30%", "--time-unit", "w",
                 "--cohort-period", "m", "--no-predictions"]) == 0
    shown = summary_values(open_report(out)["summary"])
    assert shown["gross_margin"] == pytest.approx(0.3)
    assert shown["report.clv_profit"] == pytest.approx(200 * 0.3)


def test_float_text_ids_and_xlsx_number_ids_are_one_customer(tmp_path):
    book = openpyxl.Workbook()
    for row in (["CustomerID", "InvoiceDate", "Amount"], [17850.0, dt.date(2024, 1, 1), 5],
                ["17850.0", dt.date(2024, 1, 2), 6], ["17850", dt.date(2024, 1, 3), 7]):
        book.active.append(row)
    path = tmp_path / "ids.xlsx"
    book.save(path)
    read = read_transactions(path)
    assert read.transactions.customer_id.tolist() == ["17850"]


@pytest.mark.parametrize("code, money", [("GBP", '"£"#,##0.00;-"£"#,##0.00'),
                                         ("JPY", '"¥"#,##0;-"¥"#,##0'),
                                         ("KWD", '"KWD" #,##0.000;-"KWD" #,##0.000'),
                                         ("EUR", '"€" #,##0.00;-"€" #,##0.00')])
def test_any_iso_currency_has_its_symbol_and_decimals(code, money):
    from clv_udfs.workbooks.styles import number_format
    assert number_format("money", code, "en") == money


def test_templates_in_pounds(tmp_path):
    assert main(["templates", "--out", str(tmp_path), "--currency", "gbp",
                 "--flavour", "portable"]) == 0
    formats = {cell.number_format for path in tmp_path.glob("*.xlsx")
               for ws in openpyxl.load_workbook(path).worksheets
               for row in ws.iter_rows() for cell in row}
    assert any("£" in f for f in formats) and not any("€" in f for f in formats)


def test_an_unknown_currency_is_refused_by_name(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["report", "x.csv", "-o", str(tmp_path / "r.xlsx"), "--currency", "XYZ"])
    assert '"XYZ" is not an ISO 4217 currency code' in capsys.readouterr().err


def test_parquet_with_the_same_column_detection(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "orders.parquet"
    pq.write_table(pa.table({
        "Ordernummer": ["A1", "A1", "C2"],
        "Klantnummer": [17850.0, 17850.0, 17850.0],
        "Orderdatum": pa.array([dt.date(2024, 1, 1)] * 2 + [dt.date(2024, 1, 3)]),
        "Aantal": [2, 1, -1], "Prijs": [5.0, 3.0, 5.0]}), path)
    read = read_transactions(path)
    assert read.report.columns == {"customer": "Klantnummer", "date": "Orderdatum",
                                   "order": "Ordernummer", "quantity": "Aantal",
                                   "price": "Prijs"}
    assert read.customer_ids.tolist() == ["17850"] * 3
    assert read.amounts.tolist() == [10.0, 3.0, -5.0]
    k = analyse(read).kpis
    assert (k.orders, k.gross_sales, k.returns, k.revenue) == (1, 13.0, 5.0, 8.0)


def test_the_header_is_checked_for_every_column_before_the_rows(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text("InvoiceNo,CustomerID,InvoiceDate,Description\n1,a,2024-01-01,x\n")
    with pytest.raises(CLVError, match="^cannot tell which column holds the amount"):
        read_transactions(path)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_customer_whose_returns_exceed_purchases_is_kept_and_flagged(tmp_path, lang):
    # 14000 buys 1 × 20.00 and cancels 2 × 20.00 (an earlier order): net -20.00, by hand.
    lines = LINES + [("536500", "K", 1, "2010-12-14 09:00", 20.00, "14000.0"),
                     ("C536501", "K", -2, "2010-12-15 09:00", 20.00, "14000.0")]
    path = tmp_path / "retail.csv"
    path.write_text("\n".join([",".join(HEADERS["en"])] + [
        ",".join([invoice, code, str(qty), day, f"{price:.2f}", customer])
        for invoice, code, qty, day, price, customer in lines]) + "\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    assert main(["report", str(path), "-o", str(out), "--skip-bad-rows", "--no-predictions",
                 "--lang", lang, "--customers-file-format", "csv"]) == 0
    words = texts(lang)
    header, rows = table(open_report(out, lang)["customers"])
    flag, revenue = (header.index(words["report.col.net_negative"]),
                     header.index(words["report.col.revenue"]))
    shown = {row[0]: (row[revenue], row[flag] or "") for row in rows}
    yes = words["report.yes"]
    assert shown == {"17850": (pytest.approx(REVENUE["17850"]), ""),
                     "12583": (pytest.approx(REVENUE["12583"]), ""),
                     "13047": (0.0, yes), "14000": (pytest.approx(-20.0), yes)}
    assert summary_values(open_report(out, lang)["summary"], lang)["report.net_negative"] == 2
    with open(out.with_name("r.customers.csv"), encoding="utf-8-sig") as companion:   # BOM: Excel
        written = {row[words["report.col.customer"]]: row[words["report.col.net_negative"]]
                   for row in csv.DictReader(companion, delimiter=CSV_DIALECTS[lang][0])}
    assert written == {"17850": "", "12583": "", "13047": yes, "14000": yes}


def test_a_damaged_utf16_export_is_refused_in_one_line(tmp_path):
    """Excel's "Unicode Text" cut short or with half a surrogate pair: one line saying the
    file is damaged, not a UnicodeDecodeError traceback."""
    path = tmp_path / "orders.txt"
    good = "klant\tdatum\tbedrag\nK1\t2024-01-02\t10\n".encode("utf-16")
    path.write_bytes(good + b"\x00\xd8")   # a high surrogate with nothing after it
    with pytest.raises(CLVError, match=r"^the file is UTF-16 text \(Excel's Unicode Text\) "
                                       r"but it is damaged at byte [\d,]+; export it again"):
        read_transactions(path)
