"""Options the input file cannot use are refused by name, never dropped silently: ``--sheet``
for a CSV, TXT or Parquet file (no sheets), ``--delimiter`` for an XLSX or Parquet file (no
delimiters). The same options on the files they are for still read them. A workbook or archive
named as a text file (an export downloaded zipped, an .xls) is one line, not a traceback."""

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clv_udfs.cli import main

ROWS = [("customer", "date", "amount"), ("17850.0", "2024-01-01", "12.50"),
        ("17850.0", "2024-02-01", "7.50"), ("13047", "2024-01-15", "20.00")]


def _write(path):
    """The same three orders as ``path``'s format holds them."""
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        book.active.title = "Notes"
        orders = book.create_sheet("Orders")
        for row in ROWS:
            orders.append(row)
        book.save(path)
    elif path.suffix == ".parquet":
        pq.write_table(pa.table({name: [row[k] for row in ROWS[1:]]
                                 for k, name in enumerate(ROWS[0])}), path)
    else:
        path.write_text("".join(";".join(row) + "\n" for row in ROWS), encoding="utf-8")
    return path


def _report(tmp_path, source, *options):
    out = tmp_path / "report.xlsx"
    code = main(["report", str(source), "-o", str(out), "--no-predictions", *options])
    return code, out


@pytest.mark.parametrize("name, kind", [("orders.csv", "CSV/TXT"), ("orders.txt", "CSV/TXT"),
                                        ("orders.parquet", "Parquet")])
def test_sheet_for_a_file_without_sheets_is_one_line_naming_it(tmp_path, capsys, name, kind):
    source = _write(tmp_path / name)
    code, out = _report(tmp_path, source, "--sheet", "Orders")
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err == (f'clv-udfs report: {source}: --sheet "Orders" names a worksheet of an XLSX '
                   f"file, but this is a {kind} file, which has no sheets; leave --sheet out "
                   "or give the workbook\n")


@pytest.mark.parametrize("name, kind", [("orders.xlsx", "XLSX"), ("orders.parquet", "Parquet")])
def test_delimiter_for_a_file_without_delimiters_is_one_line_naming_it(tmp_path, capsys, name,
                                                                       kind):
    source = _write(tmp_path / name)
    options = ("--sheet", "Orders") if kind == "XLSX" else ()
    code, out = _report(tmp_path, source, "--delimiter", ";", *options)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err == (f"clv-udfs report: {source}: --delimiter is for CSV/TXT files; this {kind} "
                   "file has its columns without one, so leave --delimiter out\n")


@pytest.mark.parametrize("name, options", [("orders.xlsx", ("--sheet", "Orders")),
                                           ("orders.csv", ("--delimiter", ";")),
                                           ("orders.parquet", ())])
def test_the_options_still_read_the_files_they_are_for(tmp_path, capsys, name, options):
    code, out = _report(tmp_path, _write(tmp_path / name), *options)
    assert code == 0 and out.exists()
    assert "2 customers, 3 orders" in capsys.readouterr().out


@pytest.mark.parametrize("option", ["--customers", None])
def test_a_workbook_or_archive_named_as_text_is_one_line(tmp_path, capsys, option):
    zipped = tmp_path / "export.csv"
    zipped.write_bytes(_write(tmp_path / "orders.xlsx").read_bytes())   # a zip, named .csv
    old = tmp_path / "orders.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))   # an OLE2 header
    orders = _write(tmp_path / "orders.txt")
    for source, what in ((zipped, "a zip archive"), (old, "an Excel 97-2003 workbook (.xls)")):
        given = (orders, "--customers", str(source)) if option else (source,)
        code, out = _report(tmp_path, *given)
        err = capsys.readouterr().err
        assert code == 2 and not out.exists()
        assert err.startswith(f"clv-udfs report: {source}: this is {what}")
        assert len(err.splitlines()) == 1 and "Traceback" not in err
