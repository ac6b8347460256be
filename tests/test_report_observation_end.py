"""``clv-udfs report --observation-end DATE``: the day the export runs to. Rows dated after it
are bad rows of their own reason ("date after the observation end"), and customers' ages T
are measured to it, not to the last transaction. Figures by hand, in days."""

import openpyxl
import pytest

from clv_udfs.cli import main

ORDERS = ("customer_id,date,amount\n"
          "A,2024-01-01,10\n"
          "A,2024-02-01,20\n"
          "B,2024-01-15,5\n"
          "A,2024-04-01,30\n"      # row 5: after an observation end of 2024-03-01
          "B,2024-03-01,7\n")      # on the observation end: kept


def _report(tmp_path, *options):
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS, encoding="utf-8")
    out = tmp_path / "report.xlsx"
    status = main(["report", str(orders), "-o", str(out), "--time-unit", "D",
                   "--no-predictions", "--force", *options])
    return status, out


def _sheets(out):
    book = openpyxl.load_workbook(out)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    rows = list(book["Customers"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Customer") + 1
    customers = {row[0]: row[2:5] for row in rows[start:] if row[0]}   # x, t_x, T
    return summary, customers


def test_rows_after_the_observation_end_are_skipped_and_counted(tmp_path, capsys):
    status, out = _report(tmp_path, "--observation-end", "2024-03-01", "--skip-bad-rows")
    assert status == 0
    summary, customers = _sheets(out)
    # A: Jan 1 and Feb 1 (Apr 1 is after the end): x 1, t_x 31, T Jan 1 → Mar 1 = 60 (leap)
    # B: Jan 15 and Mar 1: x 1, t_x = T = 16 + 29 + 1 = 46
    assert customers == {"A": (1, 31, 60), "B": (1, 46, 46)}
    assert summary["Bad rows skipped"] == 1
    assert summary["Revenue"] == 10 + 20 + 5 + 7
    assert "date after the observation end: 1 (row 5)" in summary
    said = capsys.readouterr().out
    assert "bad rows, date after the observation end: 1 (row 5)" in said


def test_without_skipping_the_first_late_row_stops_the_report_in_one_line(tmp_path, capsys):
    status, out = _report(tmp_path, "--observation-end", "2024-03-01")
    assert status != 0 and not out.exists()
    said = capsys.readouterr()
    assert said.err.strip().splitlines()[-1].startswith(
        'clv-udfs report: column "date" row 5: 2024-04-01 is after the observation end '
        "2024-03-01 (--observation-end)")
    assert "Traceback" not in said.err


def test_a_later_observation_end_ages_every_customer_to_it(tmp_path):
    status, out = _report(tmp_path, "--observation-end", "2024-06-30")
    assert status == 0
    summary, customers = _sheets(out)
    # A: Jan 1, Feb 1, Apr 1: x 2, t_x 91, T Jan 1 → Jun 30 = 181; B: t_x 46, T 167
    assert customers == {"A": (2, 91, 181), "B": (1, 46, 167)}
    assert summary["Observation end (--observation-end)"].date().isoformat() == "2024-06-30"
    assert summary["Bad rows skipped"] == 0


def test_without_the_option_the_data_end_at_the_last_transaction(tmp_path):
    status, out = _report(tmp_path)
    summary, customers = _sheets(out)
    assert customers == {"A": (2, 91, 91), "B": (1, 46, 77)}
    assert "Observation end (--observation-end)" not in summary


@pytest.mark.parametrize("day", ["2024-13-01", "soon"])
def test_an_unreadable_observation_end_is_refused_by_name(tmp_path, capsys, day):
    with pytest.raises(SystemExit):
        _report(tmp_path, "--observation-end", day)
    err = capsys.readouterr().err
    assert "argument --observation-end:" in err and "Traceback" not in err


def test_a_calibration_end_after_the_observation_end_names_both_options(tmp_path, capsys):
    status, out = _report(tmp_path, "--observation-end", "2024-03-01",
                          "--calibration-end", "2024-05-01")
    assert status != 0 and not out.exists()
    assert capsys.readouterr().err.strip() == (
        "clv-udfs report: --calibration-end: 2024-05-01 is not before --observation-end "
        "2024-03-01; the models are checked on the days between them, so give an earlier "
        "--calibration-end")


def test_a_calibration_end_on_the_last_order_is_refused_by_the_option_name(tmp_path, capsys):
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS, encoding="utf-8")
    out = tmp_path / "report.xlsx"
    # the last order is on 2024-04-01; without --observation-end the data end there
    status = main(["report", str(orders), "-o", str(out), "--calibration-end", "2024-04-01"])
    assert status != 0 and not out.exists()
    assert capsys.readouterr().err.strip() == (
        "clv-udfs report: --calibration-end: 2024-04-01 is not before the observation end "
        "2024-04-01; the models are checked on the days between them, so give an earlier "
        "--calibration-end")


def test_a_calibration_end_before_the_first_order_is_refused_by_the_option_name(tmp_path,
                                                                                 capsys):
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS, encoding="utf-8")
    status = main(["report", str(orders), "-o", str(tmp_path / "report.xlsx"),
                   "--calibration-end", "2023-12-01"])   # the first order is on 2024-01-01
    err = capsys.readouterr().err.strip()
    assert status != 0 and err.startswith("clv-udfs report: --calibration-end: 2023-12-01 ")
    assert "calibration_end" not in err and "Traceback" not in err


def test_the_key_figures_run_to_the_observation_end(tmp_path):
    status, out = _report(tmp_path, "--observation-end", "2024-06-30")
    summary, _ = _sheets(out)
    # 5 orders of 2 customers from 2024-01-01 to the end 2024-06-30: 31 + 29 + 31 + 30 + 31 + 30
    # = 182 days (to the last order, 2024-04-01, it would be 92)
    assert summary["Orders per customer per year"] == pytest.approx(5 / 2 * 365.25 / 182)
    status, out = _report(tmp_path)
    summary, _ = _sheets(out)
    assert summary["Orders per customer per year"] == pytest.approx(5 / 2 * 365.25 / 92)


def test_the_retention_year_ends_on_the_observation_end(tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("customer_id,date,amount\n"
                      "a,2019-01-10,10\n"
                      "b,2019-02-01,10\n"
                      "c,2019-03-01,10\n"
                      "a,2020-01-10,10\n"
                      "b,2020-06-01,10\n", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--no-predictions",
                 "--observation-end", "2021-01-15"]) == 0
    summary, _ = _sheets(out)
    # 2019-01-10 … 2021-01-15 is 737 days, two full years. The last year runs 2020-01-17 …
    # 2021-01-15 (b buys), the year before 2019-01-17 … 2020-01-16 (a, b and c buy): 1 of 3.
    # Ended on the last order (2020-06-01) the data would span 509 days: no retention rate.
    assert summary["Retention rate per year"] == pytest.approx(1 / 3)
    assert summary["Orders per customer per year"] == pytest.approx(5 / 3 * 365.25 / 737)
