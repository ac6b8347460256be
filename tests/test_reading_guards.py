"""Hostile and extreme input files (issue 14): each numbered finding about reading has a
regression test built from its reproducer."""

import datetime as dt
import re
import zipfile

import openpyxl
import pytest

from clv_udfs.cli import main
from clv_udfs.errors import CLVError
from clv_udfs.reading import read_transactions

from workbooks.report_pages import open_report, summary_values, table


def workbook(tmp_path, rows, name="orders.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def rewrite(path, part, change):
    """``path`` with the text of zip member ``part`` passed through ``change``."""
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in items:
            out.writestr(item, change(data.decode()).encode() if item.filename == part else data)


def run(tmp_path, capsys, *args):
    """The report CLI's exit code and its stderr; never a traceback."""
    code = main(["report", *map(str, args), "-o", str(tmp_path / "r.xlsx"), "--no-predictions"])
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) <= 1
    return code, err


# 2. Customer ids Excel turned into dates ("3-12" typed in a cell) stay ids, written as text.
def test_a_date_in_an_id_cell_is_an_id_written_as_text(tmp_path, capsys):
    path = workbook(tmp_path, [["customer", "date", "amount"],
                               [dt.datetime(2012, 3, 1), dt.date(2024, 1, 1), 5],
                               [dt.datetime(2012, 3, 1), dt.date(2024, 1, 9), 7],
                               ["A1", dt.date(2024, 1, 5), 3]])
    assert run(tmp_path, capsys, path)[0] == 0
    _, customers = table(open_report(tmp_path / "r.xlsx")["customers"])
    assert [row[0] for row in customers] == ["2012-03-01", "A1"]


# 3. A <dimension> that under-reports the sheet no longer drops rows.
def test_every_row_is_read_whatever_the_dimension_says(tmp_path):
    rows = [["customer", "date", "amount"]] + [[f"c{i % 50}", dt.date(2024, 1, 1 + i % 28), 1]
                                              for i in range(1000)]
    path = workbook(tmp_path, rows)
    rewrite(path, "xl/worksheets/sheet1.xml",
            lambda xml: re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:C10"/>', xml))
    read = read_transactions(path)
    assert read.report.rows == 1000 and read.transactions.customer_id.size == 50


# 5 (dates). Placeholder dates are bad rows by reason, which --skip-bad-rows can leave out.
def test_placeholder_dates_are_bad_rows_by_reason(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\na,2024-01-01,5\nb,0001-01-01,5\nc,9999-12-31,5\n"
                    "d,2024-02-01,5\n")
    code, err = run(tmp_path, capsys, path)
    assert code == 2 and 'column "date" row 3: 0001-01-01 is not a transaction date' in err
    assert main(["report", str(path), "-o", str(tmp_path / "nl.xlsx"), "--skip-bad-rows",
                 "--lang", "nl", "--no-predictions"]) == 0
    notes = [row[0] for row in open_report(tmp_path / "nl.xlsx", "nl")["summary"].iter_rows(
        values_only=True)]
    assert "datum vóór 1900 of meer dan een jaar vooruit: 2 (rijen 3, 4)" in notes
    read = read_transactions(path, skip_bad_rows=True)
    assert read.report.reasons == {"date_range": (2, [3, 4])}


# 7. Control characters, NUL bytes and over-long fields are bad rows, named, never tracebacks.
def test_control_characters_nul_and_long_fields_are_bad_rows(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\na,2024-01-01,5\n\x1b[31mred,2024-01-02,5\n"
                    "b,2024-01-03,1\x002\nc,2024-01-04," + "9" * 140_000 + "\n"
                    "AB\ufffeCD,2024-01-05,5\n"        # a character XML 1.0 cannot hold
                    + "d" * 32_768 + ",2024-01-06,5\n"   # one more than an Excel cell holds
                    + "e" * 32_767 + ",2024-01-07,5\n")  # as many as it holds: kept
    code, err = run(tmp_path, capsys, path)
    assert code == 2 and "\x1b" not in err and "\\x1b[31mred" in err
    assert run(tmp_path, capsys, path, "--skip-bad-rows")[0] == 0
    read = read_transactions(path, skip_bad_rows=True)
    assert read.report.reasons == {"text": (3, [3, 4, 6]),
                                   "long": (2, [5, 7])}
    assert read.report.used == 2   # a and the 32,767-character id
    problems = read.report.problems
    assert not any("\x1b" in p or "\x00" in p or "\ufffe" in p for p in problems)
    assert any("AB\\ufffeCD" in p for p in problems)
    assert any("32,768 characters, more than the 32,767 an Excel cell holds" in p
               for p in problems)
    report = tmp_path / "kept.xlsx"   # the report of what is left opens (openpyxl parses it)
    assert main(["report", str(path), "-o", str(report), "--no-predictions",
                 "--skip-bad-rows"]) == 0
    customers = openpyxl.load_workbook(report)["Customers"]
    assert any(row[0] == "e" * 32_767 for row in customers.iter_rows(values_only=True))


def test_a_control_character_in_the_file_name_is_not_echoed(tmp_path, capsys):
    path = tmp_path / "orders\x1b[2J.csv"
    path.write_text("customer,date,amount\na,2024-01-01,5\n")
    assert main(["report", str(path), "-o", str(tmp_path / "r.xlsx"), "--no-predictions"]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'])
def test_entity_declarations_are_refused_in_one_line(tmp_path, capsys, declaration):
    path = workbook(tmp_path, [["customer", "date", "amount"], ["a", "2024-01-01", 5]])
    rewrite(path, "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace("<worksheet", declaration + "<worksheet", 1))
    code, err = run(tmp_path, capsys, path)
    assert code == 2 and "declares XML entities" in err


# 8. Zip bombs: the uncompressed size and the row count have limits that say how to raise them.
def test_a_workbook_expanding_beyond_the_limit_is_refused_before_reading(tmp_path, capsys):
    rows = [["customer", "date", "amount"]] + [["a" * 200, "2024-01-01", 1]] * 20_000
    path = workbook(tmp_path, rows)
    assert path.stat().st_size < 1_000_000   # compresses to little, expands to much more
    code, err = run(tmp_path, capsys, path, "--max-unzipped-mb", "1")
    assert code == 2 and "more than the limit of 1 MB" in err and "--max-unzipped-mb" in err
    code, err = run(tmp_path, capsys, path, "--max-rows", "1000")
    assert code == 2 and "20,001 rows, more than the limit of 1,000" in err
    assert "--max-rows" in err


# 11. UTF-16 files are read; an inf amount is a bad row with the file's row number; --cac inf
# is refused.
def test_utf16_unicode_text_is_read(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes("customer\tdate\tamount\nä1\t2024-01-01\t5,5\n".encode("utf-16"))
    read = read_transactions(path, decimal=",")
    assert read.customer_ids.tolist() == ["ä1"] and read.amounts.tolist() == [5.5]


def test_an_infinite_amount_is_a_bad_row_with_its_row_number(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\na,2024-01-01,5\nb,2024-01-02,inf\n")
    with pytest.raises(CLVError, match=r'^column "amount" row 3: infinite is not allowed'):
        read_transactions(path)
    assert read_transactions(path, skip_bad_rows=True).report.reasons == {
        "amount": (1, [3])}


def test_an_infinite_cac_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["report", "x.csv", "-o", str(tmp_path / "r.xlsx"), "--cac", "inf"])
    assert "argument --cac: inf is not a finite number" in capsys.readouterr().err


def test_guest_rows_bad_rows_and_rows_used_in_the_summary(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\na,2024-01-01,5\n,2024-01-02,7\nb,x,1\n")
    assert run(tmp_path, capsys, path, "--skip-bad-rows")[0] == 0
    shown = summary_values(open_report(tmp_path / "r.xlsx")["summary"])
    assert (shown["report.rows_read"], shown["report.rows"], shown["report.skipped"]) == (3, 1, 1)
    assert (shown["report.guest_orders"], shown["report.guest_revenue"]) == (1, 7.0)


# A file with no usable order left (only a header, only guest rows, only refunds) is one line
# saying what became of its rows, not a traceback from an empty summary.
@pytest.mark.parametrize("rows, said", [
    ("", "(0 rows)"),
    (",2024-01-05,10\n,2024-02-05,20\n", "(2 rows: 2 without a customer id)"),
    ("A,2024-01-05,-10\nB,2024-02-05,-20\n", "(2 rows: 2 refunds with no purchase to net into)"),
])
def test_a_file_without_a_usable_order_is_one_line(tmp_path, capsys, rows, said):
    source = tmp_path / "orders.csv"
    source.write_text("customer_id,order_date,amount\n" + rows, encoding="utf-8")
    code, err = run(tmp_path, capsys, source)
    assert code != 0 and said in err and "needs at least one order of a known customer" in err
    assert not (tmp_path / "r.xlsx").exists()


# The channels sheet uses the transactions as read, under the same --returns policy: a refund
# nets into its customer (default) instead of stopping the report.
def test_channels_follow_the_returns_policy(tmp_path, capsys):
    source = tmp_path / "orders.csv"
    source.write_text("customer_id,order_date,amount,channel\n"
                      "A,2024-01-05,100.00,web\nA,2024-03-10,50.00,web\n"
                      "B,2024-02-01,200.00,store\nB,2024-06-15,-200.00,store\n"
                      "C,2024-04-20,75.50,web\n", encoding="utf-8")
    spend = tmp_path / "spend.csv"
    spend.write_text("channel,month,amount\nweb,2024-01,500\nstore,2024-02,300\n",
                     encoding="utf-8")
    code, err = run(tmp_path, capsys, source, "--channel-col", "channel", "--spend", spend)
    assert code == 0 and err == ""
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Channels"]
    rows = {}
    for row in sheet.iter_rows(values_only=True):   # the channel table is the first block
        rows.setdefault(row[0], row)
    # store: customer B, 200 bought and 200 returned → historical CLV 0; web: A and C, 225.50
    # over two customers → 112.75 (margin 1); CAC 300/1 and 500/1 (one customer each in the
    # months with spend: B in February, A in January)
    assert rows["store"][4] == pytest.approx(0.0) and rows["web"][4] == pytest.approx(112.75)
    assert rows["store"][3] == pytest.approx(300.0) and rows["web"][3] == pytest.approx(500.0)


# What a first try hits, answered in the message itself: day-first dates name --date-format, a
# workbook whose first sheet is not the data names its other sheets and --sheet, a negative
# spend line is not called a refund.
def test_day_first_dates_name_the_date_format_option(tmp_path, capsys):
    source = tmp_path / "orders.csv"
    source.write_text("klant;datum;bedrag\nA;20-01-2024;1.234,50\nB;03-02-2024;10,00\n",
                      encoding="utf-8")
    code, err = run(tmp_path, capsys, source)
    assert code != 0 and "give --date-format %d-%m-%Y" in err
    code, err = run(tmp_path, capsys, source, "--date-format", "%d-%m-%Y")
    assert code == 0 and summary_values(open_report(tmp_path / "r.xlsx")["summary"])[
        "report.revenue"] == pytest.approx(1244.50)


def test_data_on_a_later_sheet_names_the_sheets(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["export from ERP"])
    orders = book.create_sheet("Orders")
    for row in (["customer_id", "order_date", "amount"], ["a", "2024-01-05", 10]):
        orders.append(row)
    book.save(tmp_path / "two.xlsx")
    code, err = run(tmp_path, capsys, tmp_path / "two.xlsx")
    assert code != 0 and 'that is sheet "Notes"; the workbook also has "Orders"' in err
    assert run(tmp_path, capsys, tmp_path / "two.xlsx", "--sheet", "Orders")[0] == 0


def test_a_negative_spend_line_is_not_called_a_refund(tmp_path, capsys):
    source = tmp_path / "orders.csv"
    source.write_text("customer_id,order_date,amount,channel\na,2024-01-05,10,web\n",
                      encoding="utf-8")
    spend = tmp_path / "spend.csv"
    spend.write_text("channel,month,amount\nweb,2024-01,-500\n", encoding="utf-8")
    code, err = run(tmp_path, capsys, source, "--channel-col", "channel", "--spend", spend)
    assert code != 0 and "-500 is negative; spend is what was paid" in err
    assert "refund" not in err


def test_lines_ending_in_a_lone_carriage_return_are_rows(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends lines with a CR alone (found in round 2's review):
    it gave a csv.Error traceback; now each CR ends a row, as in a Windows or Unix file."""
    path = tmp_path / "mac.csv"
    path.write_bytes(b"klant;datum;bedrag\r17850;2024-01-05;12,50\r13047;2024-01-06;"
                     b"\xa3 7,50\r17850;2024-02-01;1.000,00\r")      # Windows-1252 £ too
    ids, dates, amounts, report = read_transactions(path)
    assert ids.tolist() == ["17850", "13047", "17850"]
    assert dates.astype(str).tolist() == ["2024-01-05", "2024-01-06", "2024-02-01"]
    assert amounts.tolist() == [12.5, 7.5, 1000.0]
    assert report.rows == 3


def test_binary_bytes_named_csv_are_one_line(tmp_path, capsys):
    """Random bytes named .csv (a lone CR inside the first line made csv.reader raise)."""
    path = tmp_path / "orders.csv"
    path.write_bytes(b"\x8b\x13cust\rom\xfer,da\x00te\n" + bytes(range(256)) * 3)
    code, err = run(tmp_path, capsys, path)
    assert code == 2
    assert "the file cannot be read as CSV (a line break inside a field)" in err
    path.write_bytes(b"customer,date,amount\n" + bytes(range(256)) * 3 + b"\r\x00\n")
    code, err = run(tmp_path, capsys, path)
    assert code == 2 and "holds control characters, which no export field has" in err


def test_blank_invoice_numbers_are_orders_of_their_own(tmp_path):
    """Rows without an invoice number are not one big order (found in round 2's review): by
    hand, customer 1 has three orders (Jan 1 and Feb 1 without a number, A1) and customer 2
    one (A2, two lines)."""
    path = tmp_path / "lines.csv"
    path.write_text("customer,date,invoice,amount\n"
                    "1,2024-01-01,,10\n1,2024-02-01,,20\n1,2024-03-01,A1,5\n"
                    "2,2024-03-02,A2,7\n2,2024-03-02,A2,8\n", encoding="utf-8")
    transactions = read_transactions(path).transactions
    assert transactions.orders().tolist() == [3, 1]


def test_a_decimal_comma_id_and_a_dutch_factuur_column(tmp_path):
    """A Dutch export writes the float id 17850.0 as "17850,0": the same customer as "17850".
    Its "Factuur" column is the invoice column, so the credit note C536379 is a return."""
    path = tmp_path / "facturen.csv"
    path.write_text("Klant;Datum;Factuur;Bedrag\n"
                    "17850,0;2024-01-05;536365;€ 1.234,50\n"
                    "17850;2024-02-01;536366;10,00\n"
                    "1,000;2024-02-02;536367;5,00\n"
                    "17850;2024-02-03;C536379;12,50\n", encoding="utf-8")
    ids, dates, amounts, report = read_transactions(path)
    assert report.columns["order"] == "Factuur"
    assert ids.tolist() == ["17850", "17850", "1,000", "17850"]   # 1,000 is no decimal id
    assert amounts.tolist() == [1234.5, 10.0, 5.0, -12.5]
