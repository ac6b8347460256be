"""``clv-udfs report``: inputs (Dutch CSV, XLSX, hostile ids, bad rows), safe writing, and a
report LibreOffice opens with the numbers unchanged."""

import openpyxl
import pytest

from clv_udfs.cli import main
from clv_udfs.core.kpis import kpis
from clv_udfs.workbooks import soffice as libreoffice

from .report_pages import cells_of_column, open_report, summary_values, table

DUTCH = "tests/data/transactions_nl.csv"


def test_dutch_csv_with_bad_rows_skipped_and_counted(tmp_path, capsys):
    out = tmp_path / "nl.xlsx"
    assert main(["report", DUTCH, "-o", str(out), "--date-format", "%d-%m-%Y",
                 "--skip-bad-rows", "--lang", "nl", "--margin", "0.4"]) == 0
    assert "1 bad row skipped" in capsys.readouterr().out
    shown = summary_values(open_report(out, "nl")["summary"], "nl")
    # Good rows: 0042 € 1.234,50 and € 2,50 on 31-01; 7 €12 on 15-02. Skipped: the date
    # 31-13-2024. Apart: the row without a customer (a guest order) and the refund -3,00 of a
    # customer with no purchase.
    assert shown["report.skipped"] == 1
    assert (shown["report.rows_read"], shown["report.rows"]) == (6, 3)
    assert shown["report.customers"] == 2
    assert shown["report.revenue"] == pytest.approx(1249.0)
    assert shown["report.clv_profit"] == pytest.approx(1249.0 / 2 * 0.4)
    problems = [row[0] for row in open_report(out, "nl")["summary"].iter_rows(values_only=True)
                if row[0] and str(row[0]).startswith("column ")]
    assert [p.split(":")[0] for p in problems] == ['column "Datum" row 7']
    header, rows = table(open_report(out, "nl")["customers"])
    assert header[0] == "Klant" and [r[0] for r in rows] == ["0042", "7"]


def test_a_bad_row_stops_with_one_line_naming_it(tmp_path, capsys):
    out = tmp_path / "nl.xlsx"
    assert main(["report", DUTCH, "-o", str(out), "--date-format", "%d-%m-%Y"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ('clv-udfs report: column "Datum" row 7: "31-13-2024" is not a date; '
                           'use text in the format "%d-%m-%Y" (or leave bad rows out with '
                           "--skip-bad-rows)")
    assert not out.exists()


def test_bad_date_and_amount_messages_quote_the_value(tmp_path, capsys):
    source = tmp_path / "orders.csv"
    for row, message in (("a,2024-02-30,5", 'column "date" row 3: "2024-02-30" is not a date'),
                         ("a,2024-02-03,five", 'column "amount" row 3: "five" is text')):
        source.write_text(f"customer,date,amount\na,2024-01-01,10\n{row}\n")
        assert main(["report", str(source), "-o", str(tmp_path / "r.xlsx")]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and len(err.splitlines()) == 1


HOSTILE = ['=HYPERLINK("http://x","click")', "+31 6 1234", "-1+1", "@SUM(A1)", "=1+1"]


def test_hostile_customer_ids_stay_text(tmp_path):
    source = tmp_path / "orders.csv"
    lines = [f'"{h.replace(chr(34), chr(34) * 2)}",2024-01-0{i + 1},10' for i, h in
             enumerate(HOSTILE)]
    source.write_text("customer,date,amount\n" + "\n".join(lines) + "\n")
    out = tmp_path / "r.xlsx"
    assert main(["report", str(source), "-o", str(out)]) == 0
    customers = open_report(out)["customers"]
    cells = cells_of_column(customers)
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}
    raw = openpyxl.load_workbook(out)   # formulas, if any, would show here
    assert not [c for ws in raw.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]


def test_never_overwrites_without_force(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"precious")
    args = ["report", DUTCH, "-o", str(out), "--date-format", "%d-%m-%Y", "--skip-bad-rows"]
    assert main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"precious"
    assert main([*args, "--force"]) == 0
    assert summary_values(open_report(out)["summary"])["report.customers"] == 2
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]   # no temporary file left


def test_the_input_file_is_never_the_report_even_with_force(xlsx_orders, capsys):
    path, _ = xlsx_orders
    before = path.read_bytes()
    assert main(["report", str(path), "-o", str(path), "--force"]) == 2
    assert "is the input file" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_report_name_must_end_in_xlsx(tmp_path, capsys):
    assert main(["report", DUTCH, "-o", str(tmp_path / "report.csv")]) == 2
    assert "give a name ending in .xlsx" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("option,value,message", [
    ("--margin", "30", "argument --margin: 30 is not a rate between 0 and 1; enter 30% or 0.3"),
    ("--horizon-months", "0", "argument --horizon-months: 0 is not allowed; enter a whole number "
                              "of months from 1 to 1200"),
    ("--monthly-discount", "x", 'argument --monthly-discount: "x" is not a number'),
    ("--cac", "-5", "argument --cac: -5 is not allowed; enter an amount > 0"),
])
def test_bad_options_are_refused_by_name_before_reading(tmp_path, capsys, option, value, message):
    with pytest.raises(SystemExit) as stopped:
        main(["report", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "r.xlsx"),
              option, value])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_a_report_keeps_the_permissions_of_a_new_file(tmp_path):
    import os
    out = tmp_path / "r.xlsx"
    umask = os.umask(0o022)
    try:
        assert main(["report", DUTCH, "-o", str(out), "--date-format", "%d-%m-%Y",
                     "--skip-bad-rows"]) == 0
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644


@pytest.fixture
def xlsx_orders(tmp_path):
    """A workbook export: numeric and text ids, real dates and numbers, a title sheet first."""
    import datetime

    book = openpyxl.Workbook()
    book.active.title = "Info"
    ws = book.create_sheet("Orders")
    ws.append(["Order", "Klantnummer", "Orderdatum", "Omzet"])
    rows = [(1, 1001, datetime.date(2023, 1, 5), 120.0), (2, "A-7", datetime.date(2023, 2, 1), 35.5),
            (3, 1001, datetime.date(2023, 3, 9), 80.25)]
    for row in rows:
        ws.append(row)
    path = tmp_path / "orders.xlsx"
    book.save(path)
    return path, rows


def test_xlsx_input(xlsx_orders, tmp_path):
    path, rows = xlsx_orders
    out = tmp_path / "r.xlsx"
    assert main(["report", str(path), "-o", str(out), "--sheet", "Orders", "--cac", "50"]) == 0
    k = kpis(*zip(*[r[1:] for r in rows]))
    shown = summary_values(open_report(out)["summary"])
    assert (shown["report.customers"], shown["report.orders"]) == (k.customers, k.orders) == (2, 3)
    assert shown["report.revenue"] == pytest.approx(k.revenue) == 235.75
    assert shown["ratio"] == pytest.approx(235.75 / 2 / 50)
    _, customers = table(open_report(out)["customers"])
    assert [r[0] for r in customers] == ["1001", "A-7"]   # ids are text, as the README says


@pytest.mark.soffice
def test_libreoffice_opens_the_report_with_the_numbers_unchanged(soffice, tmp_path):
    out = tmp_path / "report.xlsx"
    assert main(["report", DUTCH, "-o", str(out), "--date-format", "%d-%m-%Y",
                 "--skip-bad-rows", "--cac", "100"]) == 0
    converted_dir = tmp_path / "converted"
    converted, = libreoffice.convert([out], converted_dir)
    for key, ws in open_report(out).items():
        again = open_report(converted)[key]
        mine = [[c.value for c in row] for row in ws.iter_rows()]
        theirs = [[c.value for c in row][:len(r)] for row, r in zip(again.iter_rows(), mine)]
        # LibreOffice stores 15 significant digits, as Excel shows them
        assert theirs == [[pytest.approx(v, rel=1e-14) if isinstance(v, float) else v
                           for v in row] for row in mine], key
