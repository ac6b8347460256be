"""The report's channel inputs read through the reading package: customers and spend files in
every input format, ids and numbers read as for orders, and the orders' channel column taken
in the orders' own read."""

import datetime as dt

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import clv_udfs.reading as reading
from clv_udfs.cli import main
from clv_udfs.core.channels import customer_channels, mapped
from clv_udfs.errors import CLVError
from clv_udfs.reading import read_transactions
from clv_udfs.reading.channels import first_order_listing, read_customers, read_spend

ORDERS = ("klantnummer;datum;bedrag;kanaal\n"
          "17850;2024-01-05;40,00;Search\n"
          "2012-03-01;2024-01-20;20,00;Social\n"
          "17850;2024-02-03;10,00;Email\n")


def test_customer_ids_match_the_orders_as_the_orders_reader_reads_them(tmp_path):
    """An id written 17850.0 and an id Excel turned into a date (3-12 → 2012-03-01) in the
    customers workbook match the orders' 17850 and 2012-03-01 (as id_texts reads them)."""
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS)
    book = openpyxl.Workbook()
    book.active.append(["Klantnummer", "Kanaal"])
    book.active.append([17850.0, "Search"])
    book.active.append([dt.datetime(2012, 3, 1), "Social"])
    customers = tmp_path / "klanten.xlsx"
    book.save(customers)
    channels, segments = read_customers(customers)
    assert channels.ids.tolist() == ["17850", "2012-03-01"] and segments is None
    tx = read_transactions(orders).transactions
    assert dict(zip(tx.customer_id.tolist(),
                    mapped(tx, channels.ids, channels.values).tolist())) == {
        "17850": "Search", "2012-03-01": "Social"}
    text = tmp_path / "klanten.csv"
    text.write_text("klant_id;bron;segment\n17850.0;Search;NL\n")
    channels, segments = read_customers(text)
    assert channels.ids.tolist() == ["17850"] and segments.values.tolist() == ["NL"]


def test_spend_reads_as_utf16_tab_text_with_decimal_commas(tmp_path):
    spend = tmp_path / "spend.txt"
    spend.write_bytes("Kanaal\tMaand\tKosten\nSearch\t2024-01\t€ 1.250,50\n"
                      "Social\t15-02-2024\t12,5\n".encode("utf-16"))
    with pytest.raises(CLVError, match=r'spend.txt: Maand row 3: "15-02-2024" is not a date'):
        read_spend(spend)
    spend.write_bytes("Kanaal\tMaand\tKosten\nSearch\t2024-01\t€ 1.250,50\n"
                      "Social\t2024-02-15\t12,5\n".encode("utf-16"))
    s = read_spend(spend)
    assert s.channel.tolist() == ["Search", "Social"]
    assert s.month.astype(str).tolist() == ["2024-01", "2024-02"]
    assert s.amount.tolist() == [1250.5, 12.5]


def test_spend_and_customers_read_from_workbooks_and_parquet(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Channel", "Date", "Cost"])
    book.active.append(["Search", dt.datetime(2024, 3, 15), 40])
    book.active.append(["Display", dt.datetime(2024, 4, 1), 25.5])
    workbook = tmp_path / "spend.xlsx"
    book.save(workbook)
    parquet = tmp_path / "spend.parquet"
    pq.write_table(pa.table({"utm_source": ["Search", "Display"],
                             "month": pa.array([dt.date(2024, 3, 15), dt.date(2024, 4, 1)]),
                             "spend": [40.0, 25.5]}), parquet)
    for path in (workbook, parquet):
        s = read_spend(path)
        assert s.channel.tolist() == ["Search", "Display"], path.name
        assert s.month.astype(str).tolist() == ["2024-03", "2024-04"], path.name
        assert s.amount.tolist() == [40.0, 25.5], path.name
    customers = tmp_path / "customers.parquet"
    pq.write_table(pa.table({"customer_id": [17850, 42], "channel": ["Search", "Social"]}),
                   customers)
    channels, _ = read_customers(customers)
    assert channels.ids.tolist() == ["17850", "42"]
    assert channels.values.tolist() == ["Search", "Social"]


def test_messages_name_the_file_the_column_and_the_row(tmp_path):
    spend = tmp_path / "spend.csv"
    spend.write_text("channel,amount\nSearch,60\n")
    with pytest.raises(CLVError, match="spend.csv: cannot tell which column holds the month; "
                                       "give it a header such as month, maand, period"):
        read_spend(spend)
    spend.write_text("channel,month,amount\n")
    with pytest.raises(CLVError, match="spend.csv: the file has no rows below its header"):
        read_spend(spend)
    spend.write_text("channel,month,amount\nSearch,2024-01,zestig\n")
    with pytest.raises(CLVError, match='spend.csv: amount row 2: "zestig" is text'):
        read_spend(spend)
    book = openpyxl.Workbook()
    book.active.append(["customer", "channel"])
    book.active.append([1001, "Search"])
    book.active.append([True, "Social"])
    customers = tmp_path / "customers.xlsx"
    book.save(customers)
    with pytest.raises(CLVError, match="customers.xlsx: customer row 3: TRUE is not a customer "
                                       "id; enter the id"):
        read_customers(customers)
    customers = tmp_path / "customers.csv"
    customers.write_text("customer,channel\n1001,Search\n")
    with pytest.raises(CLVError, match='customers.csv: segment_col: there is no column "land"'):
        read_customers(customers, segment_col="land")
    with pytest.raises(CLVError, match=r"missing.csv: there is no such file"):
        read_customers(tmp_path / "missing.csv")


def test_the_orders_channel_column_follows_the_rows_the_report_uses(tmp_path):
    """Guest rows and skipped bad rows carry no channel: customer 2's first usable order is
    the Social one, customer 1's the Search one (2024-01-02), whatever the row order."""
    orders = tmp_path / "orders.csv"
    orders.write_text("klant;datum;bedrag;kanaal\n"
                      "1;2024-01-05;10;Email\n"
                      ";2024-01-01;5;Guest\n"
                      "2;geen datum;5;Display\n"
                      "2;2024-01-07;5;Social\n"
                      "1;2024-01-02;7;Search\n")
    read = read_transactions(orders, skip_bad_rows=True, extra_cols={"channel": "kanaal"})
    assert read.extra["channel"].tolist() == ["Email", "Social", "Search"]
    assert read.report.columns["channel"] == "kanaal"
    listing = first_order_listing(read, "channel")
    assert dict(zip(listing.ids.tolist(), listing.values.tolist())) == {"1": "Search",
                                                                        "2": "Social"}
    tx = read.transactions
    assert customer_channels(tx, order_channels=read.extra["channel"]).tolist() == \
        ["Search", "Social"]


def test_the_report_reads_the_orders_once_with_their_channel_column(tmp_path, monkeypatch):
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS)
    spend = tmp_path / "spend.csv"
    spend.write_text("kanaal;maand;kosten\nSearch;2024-01;30\n")
    seen = []
    text_table = reading.read_text_table

    def counted(path, *args):
        seen.append(path.name)
        return text_table(path, *args)

    monkeypatch.setattr(reading, "read_text_table", counted)
    out = tmp_path / "r.xlsx"
    assert main(["report", str(orders), "-o", str(out), "--no-predictions", "--channel-col",
                 "kanaal", "--segment-col", "kanaal", "--spend", str(spend)]) == 0
    assert sorted(seen) == ["orders.csv", "spend.csv"]
    shown = [row for row in openpyxl.load_workbook(out, data_only=True)["Channels"].iter_rows(
        min_row=7, max_col=4, values_only=True)]
    assert shown[:2] == [("Search", 1, 30, 30), ("Social", 1, 0, "no spend")]


def test_a_missing_orders_channel_column_is_refused_in_one_line(tmp_path, capsys):
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS)
    assert main(["report", str(orders), "-o", str(tmp_path / "r.xlsx"), "--channel-col",
                 "utm_source"]) == 2
    err = capsys.readouterr().err
    assert 'channel_col: there is no column "utm_source"; the columns are: klantnummer' in err
    assert "Traceback" not in err and not (tmp_path / "r.xlsx").exists()
