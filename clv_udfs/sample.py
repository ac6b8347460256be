"""The bundled CDNOW sample as transactions, ready for a report or the demo.

``clv_udfs/data/CDNOW_sample.txt`` is the file Fader and Hardie publish: whitespace-separated,
no header, one line per order with ``master_id sample_id date(YYYYMMDD) number_of_cds
dollar_value``. It is not an export a user would give :func:`clv_udfs.reading.read_transactions`
(no header, spaces as separators), so it has this loader of its own instead of a special case in
the general reader. The result has the reader's shape, so whatever takes a read file takes it.
"""

from importlib import resources

import numpy as np

from .core.dates import parse_dates
from .reading import ReadReport, ReadTransactions

SAMPLE = "CDNOW_sample.txt"


def read_cdnow_sample():
    """Customer ids (``master_id`` text, zeros kept), dates and dollar values of the sample.

    >>> ids, dates, amounts, report = read_cdnow_sample()
    >>> ids[0], str(dates[0]), float(amounts[0]), report.rows
    ('00004', '1997-01-01', 29.33, 6919)
    """
    source = resources.files("clv_udfs") / "data" / SAMPLE
    with resources.as_file(source) as path:
        table = np.loadtxt(path, dtype=str, usecols=(0, 2, 4))
    ids, days, dollars = table.T
    report = ReadReport(rows=len(ids), columns={"customer": "master_id", "date": "date",
                                                "amount": "dollar_value"})
    return ReadTransactions(ids.astype(object), parse_dates(days.astype(np.int64)),
                            dollars.astype(float), report)
