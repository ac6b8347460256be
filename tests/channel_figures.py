"""Hand-computed channel economics (issue 11): six months of orders and spend, worked by hand.

Gross margin 50 %, so every order's gross profit (GP) is half its amount. Customers and their
orders (amount → GP), with the channel the customers file gives them:

=====  ========  =====================================================  =================
id     channel   orders (month: amount)                                  GP by month since
                                                                         acquisition
=====  ========  =====================================================  =================
1001   Search    Jan 40, Mar 60, Jun 40                                  m0 20, m2 30, m5 20
1002   search    Jan 20, Feb 20                                          m0 10, m1 10
1003   SEARCH    Mar 60, May 40                                          m0 30, m2 20
1004   Social    Feb 30, Apr 50                                          m0 15, m2 25
1005   social    Apr 60                                                  m0 30
1006   Organic   Jan 20, Jun 20                                          m0 10, m5 10
1007   organic   May 50                                                  m0 25
1008   (none)    Feb 70, Mar 10  — missing from the customers file       m0 35, m1 5
1009   Referral  no orders: in the customers file only, never shown
=====  ========  =====================================================  =================

Spend lines: " search" Jan 60, Social Feb 50, Search 2024-03-15 40, Display Mar 25 (a channel
without customers), SOCIAL Apr 30, social Jun 20. Organic and unknown have no spend.

Per channel (the data end in June, month 5 of the January cohorts):

* Search: 3 new customers, spend 60 + 40 = 100 in Jan and Mar, when all 3 were acquired:
  CAC = 100 / 3 = 33.33. GP = 70 + 20 + 50 = 140, CLV = 140 / 3 = 46.67; ratio 1.4
  (Unsustainable). Curve (1003 is observed up to month 3 only):
  m0 (20+10+30)/3 = 20, m1 (20+20+30)/3 = 23.33, m2 (50+20+50)/3 = 40, m3 40,
  m4 (50+20)/2 = 35, m5 (70+20)/2 = 45. First ≥ 33.33: month 2.
* Social: 2 new customers (Feb, Apr), spend 50 + 30 + 20 = 100 in Feb, Apr and Jun, in which
  2 were acquired: CAC = 50. GP = 40 + 30 = 70, CLV = 35; ratio 0.7 (Loss-making).
  Curve m0 (15+30)/2 = 22.5, m1 22.5, m2 (40+30)/2 = 35, m3 40, m4 40, m5 none: never 50,
  payback "not yet".
* Organic: 2 new customers, no spend: CAC "no spend". GP 20 + 25 = 45, CLV 22.5.
  Curve m0 (10+25)/2 = 17.5, m1 17.5, m2 10, m3 10, m4 10, m5 20.
* unknown (1008): 1 customer, no spend. GP 40, CLV 40. Curve 35, 40, 40, 40, 40, none.
* Display: 0 new customers, spend 25 shown: CAC "none acquired in spend months",
  CLV "no customers".
* Total: 8 new customers, spend 225. Months with any spend: Jan, Feb, Mar, Apr, Jun, in which
  1001, 1002, 1006 (Jan), 1004, 1008 (Feb), 1003 (Mar), 1005 (Apr) were acquired = 7 (1007
  came in May): CAC = 225 / 7 = 32.142857. GP 295, CLV 295 / 8 = 36.875; ratio
  36.875 / 32.142857 = 1.147222 (Unsustainable). Curve over all 8:
  m0 175/8 = 21.875, m1 190/8 = 23.75, m2 240/7 = 34.2857 (1007 not observed), m3 210/6 = 35,
  m4 160/5 = 32, m5 110/3 = 36.667; first ≥ 32.142857: month 2.

Segments (customers file; 1008 missing → unknown), revenue per customer: 1001 140, 1002 40,
1003 100, 1004 80, 1005 60, 1006 40, 1007 50, 1008 80:
NL (1001, 1003, 1004, 1005): 4 customers, revenue 380, CLV 380 × 0.5 / 4 = 47.5;
BE (1002, 1006, 1007): 3, revenue 130, CLV 65 / 3 = 21.667; unknown (1008): 1, 80, CLV 40.
"""

# The orders (customer id, date, amount, the channel written on the order row: first orders
# carry the customer's channel; later rows carry other channels or none, which must not count),
# the spend lines and the margin are the sample of the channel-economics-from-data template,
# so the template shows these very figures.
from clv_udfs.workbooks.templates.channels_from_data import (
    GROSS_MARGIN as MARGIN, ORDERS, SPEND,
)

# customer id, channel, segment (1008 is missing; 1009 never ordered)
CUSTOMERS = [
    ("1001", "Search", "NL"),
    ("1002", "search ", "BE"),
    ("1004", "Social", "NL"),
    ("1006", "Organic", "BE"),
    ("1003", "SEARCH", "NL"),
    ("1005", "social", "NL"),
    ("1007", "organic", "BE"),
    ("1009", "Referral", "NL"),
]

NO_SPEND = "no spend"
NO_CUSTOMERS = "none acquired in spend months"
# channel, new customers, spend, CAC, historical CLV, CLV:CAC, health, payback month
SEARCH = ("Search", 3, 100.0, 100 / 3, 140 / 3, 1.4, "Unsustainable", 2)
SOCIAL = ("Social", 2, 100.0, 50.0, 35.0, 0.7, "Loss-making", "not yet")
ORGANIC = ("Organic", 2, 0.0, NO_SPEND, 22.5, NO_SPEND, NO_SPEND, NO_SPEND)
UNKNOWN = ("unknown", 1, 0.0, NO_SPEND, 40.0, NO_SPEND, NO_SPEND, NO_SPEND)
DISPLAY = ("Display", 0, 25.0, NO_CUSTOMERS, "no customers", NO_CUSTOMERS, NO_CUSTOMERS,
           NO_CUSTOMERS)
TOTAL = ("total", 8, 225.0, 225 / 7, 36.875, 36.875 / (225 / 7), "Unsustainable", 2)

# by the customers file: channels as first written there, unknown, then spend-only channels
TABLE_BY_CUSTOMERS = [SEARCH, SOCIAL, ORGANIC, UNKNOWN, DISPLAY, TOTAL]
# by the order rows (date order): Search, Organic, Social, then unknown and Display
TABLE_BY_ORDERS = [SEARCH, ORGANIC, SOCIAL, UNKNOWN, DISPLAY, TOTAL]

N = None  # a month since acquisition no customer of the channel has reached
CURVES = {
    "Search": [20, 70 / 3, 40, 40, 35, 45],
    "Social": [22.5, 22.5, 35, 40, 40, N],
    "Organic": [17.5, 17.5, 10, 10, 10, 20],
    "unknown": [35, 40, 40, 40, 40, N],
    "Display": [N] * 6,
    "total": [175 / 8, 190 / 8, 240 / 7, 35, 32, 110 / 3],
}
MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
SPEND_BY_MONTH = {
    "Search": [60, 0, 40, 0, 0, 0],
    "Social": [0, 50, 0, 30, 0, 20],
    "Organic": [0] * 6,
    "unknown": [0] * 6,
    "Display": [0, 0, 25, 0, 0, 0],
}
# segment, customers, revenue, historical CLV (gross profit per customer)
SEGMENTS = [("NL", 4, 380.0, 47.5), ("BE", 3, 130.0, 65 / 3), ("unknown", 1, 80.0, 40.0)]


def columns(rows):
    """The columns of a list of row tuples."""
    return [list(column) for column in zip(*rows)]


def assert_row(got, expected, approx):
    """One table row equals the hand figures: text exactly, numbers to 1e-9."""
    assert len(got) == len(expected), (got, expected)
    for value, want in zip(got, expected):
        if isinstance(want, str):
            assert value == want, (got, expected)
        else:
            assert value == approx(want, rel=1e-9, abs=1e-12), (got, expected)
