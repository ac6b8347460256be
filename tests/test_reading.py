"""Reading transaction exports: CSV dialects, Dutch decimals, XLSX, bad rows and bad files."""

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from clv_udfs.reading import read_transactions
from clv_udfs.errors import CLVError

DUTCH = Path(__file__).parent / "data" / "transactions_nl.csv"


def write(tmp_path, text, name="orders.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_csv_with_english_headers(tmp_path):
    path = write(tmp_path, "order_id,customer_id,order_date,revenue\n"
                           "1,A,2024-01-31,10.5\n2,B,2024-02-01,\"1,200.00\"\n")
    ids, dates, amounts, report = read_transactions(path)
    assert ids.tolist() == ["A", "B"]
    assert dates.astype(str).tolist() == ["2024-01-31", "2024-02-01"]
    assert amounts.tolist() == [10.5, 1200.0]
    assert report.columns == {"customer": "customer_id", "date": "order_date",
                              "amount": "revenue", "order": "order_id"}
    assert (report.rows, report.skipped, report.delimiter, report.decimal) == (2, 0, ",", ".")


def test_dutch_export_skipping_bad_rows_reports_them_with_file_rows():
    # row 6 has no customer (a guest order), row 7 a bad date, row 8 refunds customer 9, who
    # bought nothing in the data (counted apart: nothing to net it into).
    ids, dates, amounts, report = read_transactions(DUTCH, date_format="%d-%m-%Y",
                                                    skip_bad_rows=True)
    assert ids.tolist() == ["0042", "0042", "7"]
    assert dates.astype(str).tolist() == ["2024-01-31", "2024-01-31", "2024-02-15"]
    assert amounts.tolist() == [1234.5, 2.5, 12.0]
    assert (report.delimiter, report.decimal, report.rows, report.skipped) == (";", ",", 6, 1)
    assert report.problems == [
        'column "Datum" row 7: "31-13-2024" is not a date; use text in the format "%d-%m-%Y"']
    assert report.reasons == {"date": (1, [7])}
    assert report.guests == {"rows": 1, "orders": 1, "revenue": 5.0}
    assert report.returns_unmatched == {"rows": 1, "amount": 3.0}
    assert report.columns == {"customer": "Klantnummer", "date": "Datum", "amount": "Bedrag"}


def test_a_bad_row_stops_reading_by_default():
    with pytest.raises(CLVError, match=r'^column "Datum" row 7: "31-13-2024" is not a date; '
                                       r".* \(or leave bad rows out with --skip-bad-rows\)$"):
        read_transactions(DUTCH, date_format="%d-%m-%Y")


def test_a_bad_date_without_a_format_names_row_value_and_the_way_out(tmp_path):
    path = write(tmp_path, "customer;date;amount\n" + "x;2020-01-01;1\n" * 15
                 + "y;31-13-2020;2\n")
    with pytest.raises(CLVError) as error:
        read_transactions(path)
    assert str(error.value) == ('column "date" row 17: "31-13-2020" is not a date; use a date, '
                                "an Excel date number or text such as 1997-01-31 (or leave "
                                "bad rows out with --skip-bad-rows)")


def test_text_amounts_are_refused_with_the_value(tmp_path):
    path = write(tmp_path, "customer\tdate\tamount\nx\t2020-01-01\tten euros\n")
    with pytest.raises(CLVError, match=r'^column "amount" row 2: "ten euros" is text, not a '
                                       r"number; enter an amount ≥ 0"):
        read_transactions(path)


def test_named_columns_tab_delimiter_and_formula_like_ids_stay_text(tmp_path):
    tricky = '=HYPERLINK("http://x","click")'
    path = write(tmp_path, 'who\twhen\thow much\n"=HYPERLINK(""http://x"",""click"")"\t'
                           "19970101\t$5\n")
    ids, dates, amounts, _ = read_transactions(path, customer_col="WHO", date_col="when",
                                               amount_col="how much")
    assert ids.tolist() == [tricky]
    assert dates.astype(str).tolist() == ["1997-01-01"] and amounts.tolist() == [5.0]


def test_explicit_delimiter_and_decimal_win(tmp_path):
    path = write(tmp_path, "klant|datum|omzet\nk1|2020-01-01|1.234\n")
    _, _, amounts, report = read_transactions(path, delimiter="|", decimal=",")
    assert amounts.tolist() == [1234.0] and report.decimal == ","


def test_thousands_point_with_semicolons_is_a_decimal_comma_file(tmp_path):
    path = write(tmp_path, "klant;datum;bedrag\na;2020-01-01;1.234\nb;2020-01-02;7\n")
    assert read_transactions(path).amounts.tolist() == [1234.0, 7.0]


def test_short_rows_are_bad_rows_not_crashes(tmp_path):
    path = write(tmp_path, "customer,date,amount\na,2020-01-01\n")
    with pytest.raises(CLVError, match=r'^column "amount" row 2: the cell is empty'):
        read_transactions(path)


def test_xlsx_first_or_named_sheet_with_real_dates_and_numbers(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Orders")
    sheet.append([])
    sheet.append(["Customer ID", "Order Date", "Amount"])
    sheet.append([1001, dt.datetime(2024, 1, 31, 15, 0), 19.99])
    sheet.append(["0042", "2024-02-01", "€ 5,00"])
    path = tmp_path / "orders.xlsx"
    book.save(path)
    ids, dates, amounts, report = read_transactions(path, sheet="Orders", decimal=",")
    assert ids.tolist() == ["1001", "0042"]   # ids are text, as the file shows them
    assert dates.astype(str).tolist() == ["2024-01-31", "2024-02-01"]
    assert amounts.tolist() == [19.99, 5.0]
    with pytest.raises(CLVError, match="cannot tell which column holds the customer"):
        read_transactions(path)
    with pytest.raises(CLVError, match='^sheet: there is no sheet or table "Sales"; the sheets '
                                       "are: Notes, Orders$"):
        read_transactions(path, sheet="Sales")


def test_xlsx_named_table_is_read_within_its_range_with_sheet_row_numbers(tmp_path):
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Export"
    ws["A1"] = "Orders exported 2024-03-01"
    for row in (["klant", "datum", "bedrag"], ["a", "2024-01-05", 10.5], ["b", "2024-01-06", 4],
                ["c", "geen datum", 1]):
        ws.append([None, *row])
    ws["F2"] = "not part of the table"
    ws.add_table(Table(displayName="Orders", ref="B2:D4"))
    path = tmp_path / "export.xlsx"
    book.save(path)
    ids, dates, amounts, _ = read_transactions(path, sheet="Orders")
    assert ids.tolist() == ["a", "b"]
    assert dates.astype(str).tolist() == ["2024-01-05", "2024-01-06"]
    assert amounts.tolist() == [10.5, 4.0]
    ws.tables["Orders"].ref = "B2:D5"
    book.save(path)
    with pytest.raises(CLVError, match=r'^column "datum" row 5: "geen datum" is not a date'):
        read_transactions(path, sheet="Orders")
    with pytest.raises(CLVError, match=r'no sheet or table "Sales".*the tables are: Orders$'):
        read_transactions(path, sheet="Sales")


def test_xlsx_bad_rows_use_sheet_row_numbers(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["klant", "datum", "bedrag"])
    book.active.append(["a", "geen datum", 1])
    path = tmp_path / "orders.xlsx"
    book.save(path)
    with pytest.raises(CLVError, match=r'^column "datum" row 2: "geen datum" is not a date'):
        read_transactions(path)


@pytest.mark.parametrize("name, content, message", [
    ("missing.csv", None, r"missing.csv: there is no such file; check the path$"),
    ("broken.xlsx", "not a zip", r"broken.xlsx: is not a readable Excel workbook"),
    ("empty.csv", "\n\n", r"^the file has no rows"),
    ("other.csv", "a,b,c\n1,2,3\n", r"^cannot tell which column holds the customer; name it "
                                    r"with --customer-col \(customer_col\); the columns are: "
                                    r"a, b, c$"),
])
def test_unreadable_files_give_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(CLVError, match=message) as error:
        read_transactions(path)
    assert "\n" not in str(error.value)


def test_a_named_column_that_is_not_there(tmp_path):
    path = write(tmp_path, "customer,date,amount\na,2020-01-01,1\n")
    with pytest.raises(CLVError, match=r'^amount_col: there is no column "total"'):
        read_transactions(path, amount_col="total")


def test_reading_a_large_file_is_vectorised(tmp_path):
    n = 50_000
    rng = np.random.default_rng(0)
    days = (np.datetime64("2020-01-01") + rng.integers(0, 500, n)).astype(str)
    lines = [f"c{i};{d};{a:.2f}".replace(".", ",")
             for i, d, a in zip(rng.integers(0, 5000, n), days, rng.gamma(2, 30, n))]
    path = write(tmp_path, "klant;datum;bedrag\n" + "\n".join(lines))
    ids, dates, amounts, report = read_transactions(path)
    assert report.rows == n and report.decimal == ","
    assert dates.astype(str).tolist() == days.tolist()
    assert np.all(amounts >= 0) and ids[0].startswith("c")


def test_a_comma_that_is_no_thousands_separator_is_a_bad_amount_not_ten_times_more(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\na,2024-01-01,1234.50\nb,2024-01-02,\"1,234.50\"\n"
                    "c,2024-01-03,\"1,5\"\n")
    with pytest.raises(CLVError, match=r'^column "amount" row 4: "1,5" is text, not a number'):
        read_transactions(path, decimal=".")
    _, _, amounts, report = read_transactions(path, decimal=".", skip_bad_rows=True)
    assert amounts.tolist() == [1234.5, 1234.5] and report.skipped == 1


def test_a_refund_with_a_currency_sign_is_called_a_refund(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("klant;datum;bedrag\na;2024-01-01;€ 5,00\nb;2024-01-02;€ -3,00\n")
    with pytest.raises(CLVError, match=r'^column "bedrag" row 3: -3 is a refund'):
        read_transactions(path, returns="stop")
    ids, _, amounts, report = read_transactions(path, returns="exclude")
    assert ids.tolist() == ["a"] and report.returns_excluded == {"rows": 1, "amount": 3.0}


def test_error_cells_and_logical_values_are_not_customer_ids(tmp_path):
    book = openpyxl.Workbook()
    for row in (["customer", "date", "amount"], ["a", "2024-01-01", 1], ["#N/A", "2024-01-02", 2],
                [True, "2024-01-03", 3]):
        book.active.append(row)
    path = tmp_path / "orders.xlsx"
    book.save(path)
    with pytest.raises(CLVError, match=r'^column "customer" row 3: the cell holds the error '
                                       "#N/A; enter the customer's id"):
        read_transactions(path)
    ids, _, _, report = read_transactions(path, skip_bad_rows=True)
    # an error cell is no empty id (a guest order): it is a bad row of its own reason
    assert ids.tolist() == ["a"] and report.guests["rows"] == 0
    assert report.reasons == {"customer": (1, [4]), "customer_error": (1, [3])}


def test_rows_keep_their_file_numbers_after_blank_lines_and_quoted_newlines(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("\n\ncustomer,date,amount\r\na,2024-01-01,5\r\n\"b\nc\",2024-01-02,3\r\n"
                    "d,x,1\r\n")
    with pytest.raises(CLVError, match=r'^column "date" row 6: "x" is not a date'):
        read_transactions(path)
    ids, _, _, report = read_transactions(path, skip_bad_rows=True)
    assert ids.tolist() == ["a", "b\nc"] and report.reasons == {"date": (1, [6])}


def test_a_logical_value_is_never_taken_for_the_id_1(tmp_path):
    # TRUE == 1 in Python: reading each distinct value once must keep the two apart
    book = openpyxl.Workbook()
    for row in (["customer", "date", "amount"], [1, "2024-01-01", 5], [True, "2024-01-02", 3]):
        book.active.append(row)
    path = tmp_path / "orders.xlsx"
    book.save(path)
    ids, _, amounts, report = read_transactions(path, skip_bad_rows=True)
    assert ids.tolist() == ["1"] and amounts.tolist() == [5.0]
    assert report.reasons == {"customer": (1, [3])}


def test_a_windows_1252_pound_far_down_a_file_is_read_as_windows_1252(tmp_path, capfd):
    # the head of the file is plain ASCII: only the parse finds the byte UTF-8 cannot hold
    lines = [f"c{i % 50},2024-01-{1 + i % 28:02d},{i % 90 + 0.5}" for i in range(5000)]
    path = tmp_path / "orders.csv"
    for last, amount in (("z,2024-02-01,£ 7.25", 7.25), ("z,2024-02-01,£ 7,25", 7.0)):
        path.write_bytes("\r\n".join(["klant,datum,bedrag", *lines, last]).encode("cp1252"))
        ids, dates, amounts, report = read_transactions(path, decimal=".")
        assert report.rows == 5001 and ids[-1] == "z" and str(dates[-1]) == "2024-02-01"
        assert amounts[-1] == amount     # the second: a row of four fields, read by Python
    assert capfd.readouterr().err == ""


def test_the_quick_scan_for_ids_that_need_a_look_agrees_with_the_pattern():
    """values._odd_ids skips the regular expression when a substring scan finds none of the
    characters it needs; every character of the first 12,288 (white space of all kinds, NUL,
    control characters, accents) at the start, inside and at the end of an id, and exponents,
    must get the pattern's answer."""
    from clv_udfs.reading.values import _ODD_ID, _odd_ids
    cases = ["C1\0C2", "1E+5", "1e-5", "E+", "12E5", "1,23457E+11", "A#1", "#N/A"]
    for code in range(0x3000):
        c = chr(code)
        cases += [f"{c}C1\0C2", f"C1{c}C2\0C3", f"C1{c}\0C2", f"C1\0C2{c}"]
    disagree = [case for case in cases if _odd_ids(case) != bool(_ODD_ID.search(case))]
    assert not disagree
