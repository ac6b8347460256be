"""Customer ids Excel shortened to scientific notation: a 12-digit id in a General column is
written as ``1.23457E+11`` when Excel saves the sheet as CSV (``1,23457E+11`` in a Dutch
export), its last digits lost, so several customers share one text. Such a row is a bad row of
its own reason, with the row, the value and how to export the ids whole; an id written as a
float (``17850.0``) stays the customer 17850."""

import pytest

from clv_udfs.cli import main
from clv_udfs.errors import CLVError
from clv_udfs.reading import read_transactions
from clv_udfs.workbooks.labels import texts

from workbooks.report_pages import open_report

# An Online-Retail-shaped export: invoice, quantity, date, unit price, customer id.
# Customers 123456789012 and 123457000001 both read 1.23457E+11 once Excel has shortened them.
LINES = [
    ("536365", 6, "2010-12-01 08:26", "2.55", "17850.0"),      # 15.30, the float-text id 17850
    ("536366", 2, "2010-12-01 09:00", "3.39", "1.23457E+11"),  # row 3: shortened
    ("536367", 4, "2010-12-02 10:00", "1.85", "12583"),        #  7.40
    ("536368", 1, "2010-12-03 11:00", "5.00", "1.23457E+11"),  # row 5: shortened
    ("536369", 3, "2010-12-04 12:00", "2.00", "17850.0"),      #  6.00
]
HEADERS = {"en": "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID",
           "nl": "Factuurnummer;Aantal;Factuurdatum;Stukprijs;Klantnummer"}
HINT = ("is a customer id Excel shortened to scientific notation (its last digits are lost); "
        "in Excel, format the id column as Text before exporting, or export as CSV from the "
        "source system")


def export(tmp_path, lang, lines=LINES):
    """The lines as an English CSV ("," and decimal points) or a Dutch one (";", decimal
    commas, and the ids as a Dutch Excel writes them)."""
    sep = "," if lang == "en" else ";"
    rows = [HEADERS[lang]]
    for invoice, qty, day, price, customer in lines:
        if lang == "nl":
            price, customer = price.replace(".", ","), customer.replace(".", ",")
        rows.append(sep.join([invoice, str(qty), day, price, customer]))
    path = tmp_path / f"orders-{lang}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_shortened_id_stops_the_read_naming_row_value_and_the_way_out(tmp_path, lang):
    shown = "1.23457E+11" if lang == "en" else "1,23457E+11"
    column = "CustomerID" if lang == "en" else "Klantnummer"
    with pytest.raises(CLVError) as stop:
        read_transactions(export(tmp_path, lang))
    assert str(stop.value) == (f'column "{column}" row 3: "{shown}" {HINT} (or leave bad rows '
                               "out with --skip-bad-rows)")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_skipped_shortened_ids_are_counted_apart_and_float_ids_stay_customers(tmp_path, lang):
    read = read_transactions(export(tmp_path, lang), skip_bad_rows=True)
    assert read.report.reasons == {"customer_scientific": (2, [3, 5])}
    assert read.report.skipped == 2 and read.report.guests["rows"] == 0
    assert read.transactions.customer_id.tolist() == ["17850", "12583"]
    assert read.amounts.tolist() == pytest.approx([6 * 2.55, 4 * 1.85, 3 * 2.00])


def test_a_whole_column_of_shortened_ids_says_why_nothing_is_left(tmp_path):
    lines = [(invoice, qty, day, price, "1.23457E+11") for invoice, qty, day, price, _ in LINES]
    path = export(tmp_path, "en", lines)
    with pytest.raises(CLVError, match=r'^column "CustomerID" row 2: "1.23457E\+11" is a '):
        read_transactions(path)
    with pytest.raises(CLVError) as nothing:
        read_transactions(path, skip_bad_rows=True)
    said = str(nothing.value)
    assert "no row has a customer id" in said and "5 bad rows skipped" in said
    assert f'the first bad row: column "CustomerID" row 2: "1.23457E+11" {HINT}' in said


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_report_names_the_reason_in_its_language(tmp_path, capsys, lang):
    out = tmp_path / "report.xlsx"
    assert main(["report", str(export(tmp_path, lang)), "-o", str(out), "--skip-bad-rows",
                 "--no-predictions", "--lang", lang]) == 0
    printed = capsys.readouterr().out
    assert "2 bad rows skipped" in printed
    assert "bad rows, customer id in scientific notation: 2 (rows 3, 5)" in printed
    words = texts(lang)
    notes = [row[0] for row in open_report(out, lang)["summary"].iter_rows(values_only=True)]
    label = {"en": "customer id in scientific notation",
             "nl": "klantnummer in wetenschappelijke notatie"}[lang]
    assert words["report.reason.customer_scientific"] == label
    assert f"{label}: 2 ({words['report.rows_short']} 3, 5)" in notes


def test_the_core_rule_is_the_same_for_the_excel_functions():
    from clv_udfs.core.transactions import screen_transactions

    screened = screen_transactions(["17850.0", "1.23457E+11", "1,23457E+11"],
                                   ["2024-01-01"] * 3, [5, 6, 7])
    assert screened.ok.tolist() == [True, False, False]
    assert screened.transactions.customer_id.tolist() == ["17850.0"]   # as given
    assert screened.messages == [f'customer_ids row 2: "1.23457E+11" {HINT}',
                                 f'customer_ids row 3: "1,23457E+11" {HINT}']


def test_codes_excel_never_writes_for_a_whole_number_stay_customers(tmp_path):
    """General shows whole numbers of up to 11 digits in full, so an exponent under 11 (and
    any negative one) is not a shortened id but a code someone typed: 1E+05, 1E+10 and 2E-04
    are customers; 1.23457E+11 is not (it was refused as one before, 1E+05 too)."""
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\n1E+05,2024-01-01,5\n1E+10,2024-01-02,6\n"
                    "2E-04,2024-01-03,7\n1.23457E+11,2024-01-04,8\n", encoding="utf-8")
    read = read_transactions(path, skip_bad_rows=True)
    assert read.customer_ids.tolist() == ["1E+05", "1E+10", "2E-04"]
    assert read.report.reasons == {"customer_scientific": (1, [5])}


def test_a_customers_file_with_a_shortened_id_is_refused_with_the_way_out(tmp_path):
    from clv_udfs.reading.channels import read_customers

    customers = tmp_path / "klanten.csv"
    customers.write_text("klantnummer;kanaal\n17850,0;Search\n1,23457E+11;Social\n",
                         encoding="utf-8")
    with pytest.raises(CLVError) as refused:
        read_customers(customers)
    assert str(refused.value) == f'klanten.csv: klantnummer row 3: "1,23457E+11" {HINT}'


def test_an_order_number_excel_shortened_is_one_order_per_customer_and_day(tmp_path):
    """Excel cut long order numbers to 4.50123E+12, so one text names several orders: its
    lines are one order per customer and day (by hand: customer A has the two lines of
    1 January, one line on 1 March and order 77, so 3 orders; B one), not one order for all
    of them, and a Dutch decimal-comma id 1.000 stays customer 1.000, not customer 1."""
    path = tmp_path / "orders.csv"
    path.write_text("InvoiceNo,CustomerID,InvoiceDate,Amount\n"
                    "4.50123E+12,A,2024-01-01,10\n4.50123E+12,A,2024-01-01,5\n"
                    "4.50123E+12,A,2024-03-01,20\n4.50123E+12,B,2024-03-01,20\n"
                    "77,A,2024-04-01,1\n", encoding="utf-8")
    read = read_transactions(path)
    assert dict(zip(read.transactions.customer_id.tolist(),
                    read.transactions.orders().tolist())) == {"A": 3, "B": 1}
    dutch = tmp_path / "klanten.csv"
    dutch.write_text("klant;datum;bedrag\n1.000;2024-01-01;10,50\n1;2024-01-02;3,00\n",
                     encoding="utf-8")
    assert sorted(read_transactions(dutch).transactions.customer_id.tolist()) == ["1", "1.000"]


def test_ids_longer_than_a_number_holds_are_bad_rows_not_one_customer(tmp_path):
    """Two 17-digit loyalty numbers in a float id column of a Parquet export (pandas keeps a
    number column with a missing id as floats): a float keeps every whole number only up to
    2**53 (9,007,199,254,740,992), so both read as 12345678901234568 and were merged into one
    customer under an id in neither row (found in the final review). They are bad rows of the
    scientific-notation reason (Excel shows them as 1.23457E+16); a 16-digit number below
    2**53 stays its customer, and the missing id is a guest order."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    pq.write_table(pa.table({
        "InvoiceNo": ["536365", "536366", "536367", "536368"],
        "InvoiceDate": ["2010-12-01", "2010-12-02", "2010-12-03", "2010-12-04"],
        "Amount": [15.30, 6.78, 7.40, 2.00],
        "CustomerID": [12345678901234567.0, 12345678901234568.0, 1234567890123456.0, None],
    }), tmp_path / "orders.parquet")
    with pytest.raises(CLVError) as refused:
        read_transactions(tmp_path / "orders.parquet")
    assert str(refused.value).startswith(
        'column "CustomerID" row 2: 12345678901234568 is a customer id stored as a number '
        "longer than a number holds exactly (its last digits are lost)")
    read = read_transactions(tmp_path / "orders.parquet", skip_bad_rows=True)
    assert read.report.reasons == {"customer_scientific": (2, [2, 3])}
    assert read.customer_ids.tolist() == ["1234567890123456"]


def test_an_xlsx_number_id_longer_than_a_number_holds_is_a_bad_row(tmp_path):
    """The same two 17-digit loyalty numbers as number cells of an XLSX sheet (the typed reader
    gets them as the text "12345678901234570"): bad rows; a 20-digit id typed as text stays a
    customer, and a 16-digit number below 2**53 too."""
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["InvoiceNo", "InvoiceDate", "Amount", "CustomerID"])
    sheet.append(["536365", "2010-12-01", 15.30, 12345678901234567])      # row 2
    sheet.append(["536366", "2010-12-02", 6.78, 12345678901234568])       # row 3
    sheet.append(["536367", "2010-12-03", 7.40, 1234567890123456])        # row 4: kept
    sheet.append(["536368", "2010-12-04", 2.00, "12345678901234567890"])  # row 5: text, kept
    book.save(tmp_path / "orders.xlsx")
    read = read_transactions(tmp_path / "orders.xlsx", skip_bad_rows=True)
    assert read.report.reasons == {"customer_scientific": (2, [2, 3])}
    assert sorted(read.customer_ids.tolist()) == ["1234567890123456", "12345678901234567890"]


def test_long_order_numbers_stored_as_numbers_are_read_not_a_traceback(tmp_path):
    """Order numbers of 17 digits in number cells lose their last digits as floats, as a
    text 4.50123E+12 does: lines of one customer and day are one order (C1: two lines of
    2 January, one order; C2 one). It raised AttributeError ('float' has no strip)."""
    import datetime as dt

    import openpyxl
    book = openpyxl.Workbook()
    for row in [["InvoiceNo", "CustomerID", "InvoiceDate", "Amount"],
                [12345678901234567, "C1", dt.datetime(2024, 1, 2), 10.0],
                [12345678901234568, "C1", dt.datetime(2024, 1, 2), 5.0],
                [12345678901234569, "C2", dt.datetime(2024, 1, 3), 7.0]]:
        book.active.append(row)
    book.save(tmp_path / "orders.xlsx")
    read = read_transactions(tmp_path / "orders.xlsx", order_col="InvoiceNo")
    assert read.customer_ids.tolist() == ["C1", "C1", "C2"]
    assert read.transactions.orders().tolist() == [1, 1]


def test_a_customers_file_with_a_long_number_id_names_the_number_not_python_text(tmp_path):
    """A 17-digit id in a number cell of the customers file: the message says it was stored
    as a number longer than a number holds (it quoted "1.234567890123457e+16", Python's
    text of the float, as if Excel had shortened it)."""
    import openpyxl

    from clv_udfs.reading.channels import read_customers
    book = openpyxl.Workbook()
    for row in [["klantnummer", "kanaal"], [17850, "Search"], [12345678901234567, "Social"]]:
        book.active.append(row)
    book.save(tmp_path / "klanten.xlsx")
    with pytest.raises(CLVError) as refused:
        read_customers(tmp_path / "klanten.xlsx")
    assert str(refused.value).startswith(   # the number as the typed reader gives it,
        "klanten.xlsx: klantnummer row 3: 12345678901234570 is a customer id stored as a "
        "number longer than a number holds exactly")   # as for the orders file
