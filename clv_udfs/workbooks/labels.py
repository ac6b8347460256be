"""Every text a workbook shows, in English and Dutch.

Templates ask for text by key (``text("calculator.title")``); both languages must have the same
keys (a test checks). Health labels are the exception: they are what ``CLV_CAC_HEALTH``
returns, in English in every language, because a live cell shows the add-in's answer and the
portable cell must show the same; :func:`health_legend` explains them in the sheet's language.
"""

from ..core.unit_economics import HEALTH_LABELS

LANGUAGES = ("en", "nl")

_EN = {
    # shared
    "howto": "How to use",
    "howto.inputs": "Type your figures in the yellow cells; grey cells are calculated. "
                    "Select an input to see what it expects.",
    "howto.protect": "The sheet is protected without a password so formulas stay intact: "
                     "Review ▸ Unprotect Sheet to change the layout.",
    "howto.live": "Formulas call the clv-udfs functions (CLV_SIMPLE …), so open this file with "
                  "the add-in loaded; without it, use the portable version.",
    "howto.portable": "Only native Excel functions: works without the add-in, in Excel, "
                      "LibreOffice and Google Sheets.",
    "health.legend": ("Health of CLV:CAC: below 1 {0}, 1–2 {1}, 2–3 {2},",
                      "3–5 {3}, 5 and above {4}."),
    "prompt.money": "An amount of 0 or more, in {currency}.",
    "prompt.rate": "A percentage from 0% to 100% (type 5% or 0.05).",
    "prompt.count": "A number of 0 or more.",
    "prompt.number": "A number of 0 or more.",
    "prompt.years": "A number of years, 0 or more.",
    "prompt.ratio": "A ratio above 0 (3 means 3:1).",
    "prompt.text": "Any name.",
    "error.title": "Not allowed",
    # field names
    "aov": "Average order value",
    "purchases_per_year": "Purchases per year",
    "lifespan_years": "Customer lifespan (years)",
    "margin_per_year": "Gross margin per customer per year",
    "retention": "Retention rate per year",
    "discount": "Discount rate per year",
    "mrr": "Monthly revenue per customer (MRR)",
    "gross_margin": "Gross margin",
    "monthly_churn": "Monthly churn",
    "cac": "Acquisition cost per customer (CAC)",
    "target_ratio": "Target CLV:CAC",
    "clv": "Customer lifetime value (CLV)",
    "ratio": "CLV:CAC",
    "health": "Health",
    "max_cac": "Maximum affordable CAC",
    "gp_month": "Gross profit per customer per month",
    "payback": "Payback (months, with churn)",
    # calculator
    "calculator.sheet": "CLV calculator",
    "calculator.title": "Customer lifetime value calculator",
    "calculator.howto": "Three ways to estimate CLV side by side; below, each is compared with "
                        "what a customer costs to acquire.",
    "calculator.simple": "Simple: revenue",
    "calculator.predictive": "Predictive: margin, retention, discount",
    "calculator.subscription": "Subscription (SaaS)",
    "calculator.acquisition": "Acquisition",
    "calculator.versus": "CLV against CAC",
    # channels
    "channels.sheet": "Channels",
    "channels.title": "Unit economics by acquisition channel",
    "channels.howto": "One row per channel; the total row blends them (CLV, profit and churn "
                      "weighted by new customers). Ratio colours: red below 1, amber below 3, "
                      "green 3–5, blue 5 and above.",
    "channel": "Channel",
    "spend": "Marketing spend",
    "new_customers": "New customers",
    "clv_per_customer": "CLV per customer",
    "cac.short": "CAC",
    "payback.short": "Payback (months)",
    "total": "Total",
    "channel.paid_social": "Paid social",
    "channel.search": "Search",
    "channel.email": "E-mail",
    "channel.organic": "Organic",
    "channel.referral": "Referral",
    "channel.display": "Display ads",
    "channels.chart": "CLV against CAC per channel",
    # subscription
    "saas.sheet": "SaaS",
    "saas.title": "Subscription (SaaS) customer lifetime value",
    "saas.howto": "Undiscounted CLV = MRR × gross margin ÷ monthly churn. The table shows how "
                  "CLV moves with churn and margin; its yellow headers can be changed too.",
    "saas.inputs": "Inputs",
    "saas.results": "Results",
    "lifespan_months": "Expected lifespan (months)",
    "payback_no_churn": "Payback ignoring churn (months)",
    "saas.sensitivity": "CLV by monthly churn (rows) and gross margin (columns)",
    "saas.chart": "CLV against monthly churn, per gross margin",
    # levers
    "levers.sheet": "Retention levers",
    "levers.title": "Retention levers: what moves CLV",
    "levers.howto": "Each row changes one driver by the yellow amount and compares CLV with the "
                    "baseline: one more year on a three-year lifespan is +33%.",
    "levers.baseline": "Baseline",
    "clv_profit": "CLV (gross profit)",
    "lever": "Lever",
    "change": "Change",
    "driver_now": "Now",
    "driver_after": "After",
    "lifespan_after": "Lifespan after (years)",
    "clv_after": "CLV after",
    "vs_baseline": "Versus baseline",
    "lever.lifespan": "Longer lifespan (+ years)",
    "lever.churn": "Less yearly churn (− %; churn = 1 ÷ lifespan)",
    "lever.aov": "Higher order value (+ %)",
    "lever.frequency": "More purchases per year (+ %)",
    "lever.margin": "Better margin (+ points)",
    # subscription retention (sBG)
    "sbg.sheet": "Retention",
    "howto.live_only": "Formulas call the clv-udfs functions, so open this file with the "
                       "add-in loaded; this template has no portable version.",
    "sbg.title": "Subscription retention: survival, lifetime and CLV of a cohort",
    "sbg.title.portable": "Subscription retention: survival and renewal of a cohort",
    "sbg.howto": "Type how many customers of one cohort are still active after each yearly "
                 "renewal (year 0: the cohort size); add years as they come in.",
    "sbg.howto.fit": "SBG_FIT fits the shifted-beta-geometric model (Fader & Hardie 2007) to "
                     "them; the example cohort gives alpha 0.704 and beta 1.182.",
    "sbg.howto.del": "DEL: discounted expected lifetime of a new customer in years; DERL: the "
                     "same for a customer who has renewed that many times; CLV = margin × DEL.",
    "sbg.inputs": "Inputs",
    "sbg.discount": "Discount rate per year",
    "sbg.margin": "Margin per customer per year (paid at renewal)",
    "sbg.fitted": "Fitted model (SBG_FIT)",
    "sbg.typed": "Model parameters",
    "sbg.howto.typed": "Type alpha and beta of the shifted-beta-geometric model (Fader & Hardie "
                       "2007), e.g. from SBG_FIT; the example holds the paper's estimates for "
                       "this cohort, 0.704 and 1.182.",
    "sbg.howto.portable": "Only native Excel functions: works without the add-in. Fitting, DEL, "
                          "DERL and CLV need the add-in (the live version).",
    "sbg.results": "A new customer",
    "sbg.del": "Discounted expected lifetime (DEL, years)",
    "sbg.clv": "Customer lifetime value (CLV = margin × DEL)",
    "sbg.year": "Year",
    "sbg.active": "Active customers (observed)",
    "sbg.observed": "Share still active (observed)",
    "sbg.survival": "Share still active (model)",
    "sbg.retention": "Renewal rate (model)",
    "sbg.derl": "Residual lifetime after this many renewals (DERL, years)",
    "sbg.chart": "Survival and renewal rate by year",
    "sbg.share": "Share",
    # predictive CLV (BG/NBD + Gamma-Gamma)
    "pred.sheet": "Predictive CLV",
    "pred.title": "Predictive CLV: who is still a customer, what they will buy, what they are "
                  "worth",
    "pred.howto": "Each row is one customer's RFM summary: repeat purchases x, recency t_x "
                  "(first to last purchase) and age T (first purchase to the end of the data) in "
                  "one time unit, and the mean value of the repeat purchases (CLV_RFM makes it "
                  "from transactions).",
    "pred.howto.data": "The example: the first {customers} CDNOW customers over the papers' "
                       "39-week calibration period, in weeks. Replace them with yours (at most "
                       "{customers} rows; leave unused rows empty); for more customers use "
                       "clv-udfs report or the functions over your own ranges.",
    "pred.howto.fit": "BGNBD_FIT and GAMMAGAMMA_FIT fit the models (Fader, Hardie & Lee 2005) "
                      "to these rows; the standard errors show how well the data pin each "
                      "parameter, so a fit needs a few hundred customers. On all 2,357 CDNOW "
                      "customers the papers find {bgnbd} and {gammagamma}.",
    "pred.howto.typed": "Type the parameters of the BG/NBD and Gamma-Gamma models (Fader, "
                        "Hardie & Lee 2005) from BGNBD_FIT and GAMMAGAMMA_FIT; the example "
                        "holds the published estimates on all 2,357 CDNOW customers, in weeks: "
                        "{bgnbd} and {gammagamma}.",
    "pred.howto.portable": "Only native Excel functions: works without the add-in. Fitting, "
                           "expected purchases and CLV need the add-in (the live version).",
    "pred.inputs": "Inputs",
    "pred.time_unit": "Time unit of recency and age T (D, W, M or Y)",
    "pred.horizon": "Horizon for expected purchases, in that time unit",
    "pred.margin": "Margin on spend",
    "pred.discount": "Discount rate per month",
    "pred.months": "CLV horizon in months",
    "pred.model": "Purchase model",
    "pred.model.BG/NBD": "Purchases: BG/NBD",
    "pred.model.Gamma-Gamma": "Spend per purchase: Gamma-Gamma",
    "pred.estimate": "Estimate",
    "pred.frequency": "Repeat purchases (x)",
    "pred.recency": "Recency (t_x)",
    "pred.T": "Age (T)",
    "pred.spend": "Mean repeat purchase (z̄)",
    "pred.p_alive": "P(alive)",
    "pred.expected": "Expected purchases in the horizon",
    "pred.expected_spend": "Expected spend per purchase",
    "pred.clv": "CLV over the CLV horizon",
    "pred.tier": "Tier (by CLV)",
    "pred.tiers": "Predicted CLV by tier",
    "pred.tier_letter": "Tier",
    "pred.customers": "Customers",
    "pred.share_customers": "Share of customers",
    "pred.clv_total": "Predicted CLV",
    "pred.share_clv": "Share of CLV",
    "pred.tiers.note": "A: the {0} of customers with the highest CLV; B: the next {1}; C: the "
                       "rest.",
    "pred.chart": "Share of customers and of predicted CLV per tier",
    "prompt.estimate": "A model parameter, greater than 0.",
    "prompt.at_most": "At most the value in {cell}.",
    # cohort CLV
    "cohort.sheet": "Cohort CLV",
    "cohort.title": "Cohort CLV: cumulative revenue per customer by acquisition month",
    "cohort.howto": "Each row is a cohort, the customers who first bought in that month: "
                    "revenue per customer so far, 0, 1, 2 … months later (CLV_COHORT).",
    "cohort.howto.block": "Replace the sample transactions with yours (one row per order; dates "
                          "as dates or text such as 2024-01-31). The table has room for six "
                          "cohorts and months 0–5; a month a cohort has not reached yet is "
                          "empty, and rows after the last cohort show #N/A.",
    "cohort.transactions": "Transactions",
    "customer_id": "Customer id",
    "date": "Date",
    "amount": "Amount",
    "cohort.table": "Cumulative revenue per customer, by months since the first purchase",
    "cohort.chart": "Cumulative revenue per customer, per cohort",
    "cohort.axis": "Months since the first purchase",
    "cohort.per_customer": "Revenue per customer",
    # channel economics from data
    "channels_data.sheet": "Channels from data",
    "channels_data.title": "Unit economics by acquisition channel, from orders and spend",
    "channels_data.howto": "A customer's channel is the channel of their first order (empty: "
                           "unknown). CAC = spend ÷ the customers acquired in the months with "
                           "spend; CLV = gross profit to date per acquired customer; payback = "
                           "the first month since acquisition (0 = that month) in which "
                           "cumulative gross profit per customer reaches CAC.",
    "channels_data.howto.block": "Replace the sample orders and spend with yours (months as "
                                 "2024-03 or a date); the table has room for five channels and "
                                 "the total, or type =CLV_CHANNELS(customer_ids, order_dates, "
                                 "order_amounts, order_channels, spend_channels, spend_months, "
                                 "spend_amounts, and the gross margin cell) in an empty "
                                 "cell.",
    "channels_data.orders": "Orders",
    "channels_data.spend": "Marketing spend",
    "channels_data.month": "Month",
    "channels_data.table": "Unit economics per channel (CLV_CHANNELS)",
    "channels_data.clv": "Historical CLV (gross profit per customer)",
    "channels_data.payback": "Payback (month since acquisition)",
    "channels_data.chart": "CAC and historical CLV per channel",
    # transaction report
    "report.summary.sheet": "Summary",
    "report.customers.sheet": "Customers",
    "report.cohorts.sheet": "Cohorts",
    "report.segments.sheet": "Segments",
    "report.title": "Customer value report",
    "report.source": "Source: {source}",
    "report.period": "Transactions from {first} to {last}, computed by clv-udfs.",
    "report.historical": ("Historical CLV is what customers have brought in so far",
                          "(revenue × gross margin), not a forecast of what they will bring."),
    "report.kpis": "Key figures",
    "report.customers": "Customers",
    "report.orders": "Orders",
    "report.revenue": "Revenue",
    "report.frequency": "Orders per customer per year",
    "report.retention_na": "n/a (under 2 years of data)",
    "report.retention_no_buyers": "n/a (nobody bought in the year before the last)",
    "report.clv_revenue": "Historical CLV: revenue per customer",
    "report.clv_profit": "Historical CLV: gross profit per customer",
    "report.first_date": "First transaction",
    "report.last_date": "Last transaction",
    "report.observation_end": "Observation end (--observation-end)",
    "report.no_forecast": "No forecast in this report: {reason}.",
    "report.quality": "Data quality",
    "report.rows_read": "Data rows read",
    "report.rows": "Transactions used",
    "report.skipped": "Bad rows skipped",
    "report.problems": "First skipped rows:",
    "report.gross_sales": "Gross sales (before returns)",
    "report.returns": "Returns and cancellations",
    "report.net_negative": "Customers with net revenue ≤ 0 (kept)",
    "report.guest_orders": "Guest orders (no customer id), kept apart",
    "report.guest_revenue": "Revenue of guest orders",
    "report.returns_apart": "Refunds left out (excluded, or of customers without a purchase)",
    "report.reasons": "Bad rows by reason (first rows):",
    "report.reason.text": "control characters in a cell",
    "report.reason.long": "a cell over {longest} characters, the most an Excel cell holds",
    "report.reason.customer": "customer id is a logical value",
    "report.reason.customer_error": "error value in the customer column",
    "report.reason.customer_scientific": "customer id in scientific notation",
    "report.reason.date": "unreadable date",
    "report.reason.date_range": "date before 1900 or more than a year ahead",
    "report.reason.after_end": "date after the observation end",
    "report.reason.quantity": "unreadable quantity",
    "report.reason.price": "unreadable unit price",
    "report.reason.zero_price": "zero unit price",
    "report.reason.amount": "unreadable amount",
    "report.reason.refund": "refund (--returns stop)",
    "report.rows_short": "rows",
    "report.row_short": "row",
    "report.versus": "Historical CLV against CAC",
    "report.col.customer": "Customer",
    "report.col.frequency": "Repeat purchases",
    "report.col.recency": "Recency ({unit})",
    "report.col.T": "Age T ({unit})",
    "report.col.monetary": "Average repeat purchase",
    "report.col.orders": "Orders",
    "report.col.revenue": "Revenue",
    "report.col.profit": "Gross profit (historical CLV)",
    "report.col.segment": "Segment",
    "report.col.net_negative": "Net revenue ≤ 0",
    "report.col.p_alive": "P(alive)",
    "report.col.expected": "Purchases next {months} months",
    "report.col.spend": "Expected spend per purchase",
    "report.col.clv": "Predicted CLV, {months} months",
    "report.customers.title": "Customers: purchase history and historical value",
    "report.customers.note": ("Repeat purchases: purchase days after the first (orders on one "
                              "day are one purchase).",
                              "Recency: first to last purchase; age T: first purchase to the "
                              "end of the data; both in {unit}."),
    "report.cut": ("The Customers sheet shows the top {shown} of {total} customers by "
                   "\"{ranking}\", highest first (Excel holds {limit} rows a sheet); every "
                   "customer is in {file}."),
    "report.customers_file": "Every customer's row, beside this report",
    "report.unit.D": "days",
    "report.unit.W": "weeks",
    "report.unit.M": "months",
    "report.unit.Y": "years",
    "report.cohorts.title": "Cumulative revenue per customer by acquisition cohort",
    "report.cohorts.note": ("Rows: the customers whose first purchase fell in that period; "
                            "columns: {unit} since then",
                            "(0 = the period of the first purchase). Empty cells lie after "
                            "the end of the data."),
    "report.cohorts.folded": ("{periods} {unit} from the first cohort to the end of the data: "
                              "one column every {step} {unit} (0, {step}, … and the last, "
                              "{last}); each is the running total up to it."),
    "report.cohort": "Cohort",
    "report.cohort_size": "Customers",
    "report.cohorts.chart": "Cumulative revenue per customer",
    "report.cohorts.chart_some": "{title} (one cohort in {step}, and the last)",
    "report.cohorts.axis": "{unit} since first purchase",
    "report.segments.title": "Customer segments (ABC by revenue)",
    "report.segments.note": ("A: the 20% of customers with the highest revenue; B: the next "
                             "30%; C: the rest.",
                             "Customers with equal revenue share a segment."),
    "report.share_customers": "Share of customers",
    "report.share_revenue": "Share of revenue",
    "report.revenue_per_customer": "Revenue per customer",
    "report.segments.chart": "Share of customers and of revenue per segment",
}

_NL = {
    "howto": "Zo gebruikt u dit blad",
    "howto.inputs": "Vul uw cijfers in de gele cellen in; grijze cellen worden berekend. "
                    "Selecteer een invoercel om te zien wat er verwacht wordt.",
    "howto.protect": "Het blad is beveiligd zonder wachtwoord zodat de formules heel blijven: "
                     "Controleren ▸ Beveiliging blad opheffen om de indeling te wijzigen.",
    "howto.live": "De formules roepen de clv-udfs-functies aan (CLV_SIMPLE …): open dit bestand "
                  "met de invoegtoepassing geladen, of gebruik anders de portable versie.",
    "howto.portable": "Alleen standaard Excel-functies: werkt zonder invoegtoepassing, in Excel, "
                      "LibreOffice en Google Sheets.",
    "health.legend": ("Beoordeling blijft Engels, zoals CLV_CAC_HEALTH die geeft: {0} = "
                      "verliesgevend (onder 1), {1} = onhoudbaar (1–2),",
                      "{2} = onder doel (2–3), {3} = gezond (3–5), {4} = te weinig "
                      "groei-investering (5 of meer)."),
    "prompt.money": "Een bedrag van 0 of meer, in {currency}.",
    "prompt.rate": "Een percentage van 0% tot 100% (typ 5% of 0,05).",
    "prompt.count": "Een aantal van 0 of meer.",
    "prompt.number": "Een getal van 0 of meer.",
    "prompt.years": "Een aantal jaren, 0 of meer.",
    "prompt.ratio": "Een verhouding boven 0 (3 betekent 3:1).",
    "prompt.text": "Een naam naar keuze.",
    "error.title": "Niet toegestaan",
    "aov": "Gemiddelde orderwaarde",
    "purchases_per_year": "Aankopen per jaar",
    "lifespan_years": "Klantlevensduur (jaren)",
    "margin_per_year": "Brutomarge per klant per jaar",
    "retention": "Klantbehoud per jaar",
    "discount": "Disconteringsvoet per jaar",
    "mrr": "Maandomzet per klant (MRR)",
    "gross_margin": "Brutomarge",
    "monthly_churn": "Maandelijks klantverloop",
    "cac": "Acquisitiekosten per klant (CAC)",
    "target_ratio": "Doel CLV:CAC",
    "clv": "Klantwaarde (CLV)",
    "ratio": "CLV:CAC",
    "health": "Beoordeling",
    "max_cac": "Maximaal betaalbare CAC",
    "gp_month": "Brutowinst per klant per maand",
    "payback": "Terugverdientijd (maanden, met verloop)",
    "calculator.sheet": "CLV-calculator",
    "calculator.title": "Calculator klantwaarde (CLV)",
    "calculator.howto": "Drie manieren om de klantwaarde te schatten naast elkaar; daaronder "
                        "vergeleken met wat het kost om een klant te werven.",
    "calculator.simple": "Eenvoudig: omzet",
    "calculator.predictive": "Voorspellend: marge, behoud, disconto",
    "calculator.subscription": "Abonnement (SaaS)",
    "calculator.acquisition": "Acquisitie",
    "calculator.versus": "CLV tegenover CAC",
    "channels.sheet": "Kanalen",
    "channels.title": "Unit economics per acquisitiekanaal",
    "channels.howto": "Eén rij per kanaal; de totaalrij middelt ze (CLV, winst en verloop "
                      "gewogen naar nieuwe klanten). Kleuren: rood onder 1, oranje onder 3, "
                      "groen 3–5, blauw 5 of meer.",
    "channel": "Kanaal",
    "spend": "Marketinguitgaven",
    "new_customers": "Nieuwe klanten",
    "clv_per_customer": "CLV per klant",
    "cac.short": "CAC",
    "payback.short": "Terugverdientijd (maanden)",
    "total": "Totaal",
    "channel.paid_social": "Betaalde social media",
    "channel.search": "Zoekmachines",
    "channel.email": "E-mail",
    "channel.organic": "Organisch",
    "channel.referral": "Doorverwijzing",
    "channel.display": "Display-advertenties",
    "channels.chart": "CLV tegenover CAC per kanaal",
    "saas.sheet": "SaaS",
    "saas.title": "Klantwaarde bij abonnementen (SaaS)",
    "saas.howto": "Klantwaarde zonder disconto = MRR × brutomarge ÷ maandelijks verloop. De "
                  "tabel toont hoe de CLV meebeweegt met verloop en marge; ook de gele koppen "
                  "zijn aan te passen.",
    "saas.inputs": "Invoer",
    "saas.results": "Uitkomsten",
    "lifespan_months": "Verwachte levensduur (maanden)",
    "payback_no_churn": "Terugverdientijd zonder verloop (maanden)",
    "saas.sensitivity": "CLV per maandelijks verloop (rijen) en brutomarge (kolommen)",
    "saas.chart": "CLV tegenover maandelijks verloop, per brutomarge",
    "levers.sheet": "Retentiehefbomen",
    "levers.title": "Retentiehefbomen: wat beweegt de klantwaarde",
    "levers.howto": "Elke rij verandert één factor met het gele bedrag en vergelijkt de CLV met "
                    "de uitgangssituatie: één jaar langer op drie jaar is +33%.",
    "levers.baseline": "Uitgangssituatie",
    "clv_profit": "CLV (brutowinst)",
    "lever": "Hefboom",
    "change": "Wijziging",
    "driver_now": "Nu",
    "driver_after": "Daarna",
    "lifespan_after": "Levensduur daarna (jaren)",
    "clv_after": "CLV daarna",
    "vs_baseline": "T.o.v. uitgangssituatie",
    "lever.lifespan": "Langere levensduur (+ jaren)",
    "lever.churn": "Minder verloop per jaar (− %; verloop = 1 ÷ levensduur)",
    "lever.aov": "Hogere orderwaarde (+ %)",
    "lever.frequency": "Vaker kopen per jaar (+ %)",
    "lever.margin": "Betere marge (+ procentpunten)",
    # subscription retention (sBG)
    "sbg.sheet": "Retentie",
    "howto.live_only": "Formules roepen de clv-udfs-functies aan; open dit bestand dus met de "
                       "invoegtoepassing geladen. Van dit sjabloon is er geen draagbare versie.",
    "sbg.title": "Abonnementsretentie: overleving, levensduur en CLV van een cohort",
    "sbg.title.portable": "Abonnementsretentie: overleving en verlenging van een cohort",
    "sbg.howto": "Vul in hoeveel klanten van één cohort na elke jaarlijkse verlenging nog actief "
                 "zijn (jaar 0: de cohortgrootte); voeg jaren toe zodra ze bekend zijn.",
    "sbg.howto.fit": "SBG_FIT schat er het shifted-beta-geometric-model (Fader & Hardie 2007) "
                     "op; het voorbeeldcohort geeft alpha 0,704 en beta 1,182.",
    "sbg.howto.del": "DEL: verdisconteerde verwachte levensduur van een nieuwe klant in jaren; "
                     "DERL: idem voor een klant die zo vaak verlengd heeft; CLV = marge × DEL.",
    "sbg.inputs": "Invoer",
    "sbg.discount": "Disconteringsvoet per jaar",
    "sbg.margin": "Marge per klant per jaar (betaald bij verlenging)",
    "sbg.fitted": "Geschat model (SBG_FIT)",
    "sbg.typed": "Modelparameters",
    "sbg.howto.typed": "Vul alpha en beta van het shifted-beta-geometric-model in (Fader & "
                       "Hardie 2007), bijvoorbeeld uit SBG_FIT; het voorbeeld bevat de schattingen "
                       "uit het artikel voor dit cohort, 0,704 en 1,182.",
    "sbg.howto.portable": "Alleen standaard Excel-functies: werkt zonder invoegtoepassing. "
                          "Schatten, DEL, DERL en CLV vragen de invoegtoepassing (de live versie).",
    "sbg.results": "Een nieuwe klant",
    "sbg.del": "Verdisconteerde verwachte levensduur (DEL, jaren)",
    "sbg.clv": "Klantwaarde (CLV = marge × DEL)",
    "sbg.year": "Jaar",
    "sbg.active": "Actieve klanten (waargenomen)",
    "sbg.observed": "Aandeel nog actief (waargenomen)",
    "sbg.survival": "Aandeel nog actief (model)",
    "sbg.retention": "Verlengingskans (model)",
    "sbg.derl": "Resterende levensduur na zoveel verlengingen (DERL, jaren)",
    "sbg.chart": "Overleving en verlengingskans per jaar",
    "sbg.share": "Aandeel",
    # predictive CLV (BG/NBD + Gamma-Gamma)
    "pred.sheet": "Voorspelde CLV",
    "pred.title": "Voorspelde CLV: wie is nog klant, wat gaat die kopen, wat is die waard",
    "pred.howto": "Elke rij is de RFM-samenvatting van één klant: herhaalaankopen x, recentheid "
                  "t_x (eerste tot laatste aankoop) en leeftijd T (eerste aankoop tot einde "
                  "gegevens) in één tijdseenheid, en de gemiddelde waarde van de herhaalaankopen "
                  "(CLV_RFM maakt die uit transacties).",
    "pred.howto.data": "Het voorbeeld: de eerste {customers} CDNOW-klanten over de "
                       "kalibratieperiode van 39 weken uit de artikelen, in weken. Vervang ze "
                       "door de uwe (hoogstens {customers} rijen; laat ongebruikte rijen leeg); "
                       "gebruik voor meer klanten clv-udfs report of de functies over uw eigen "
                       "bereiken.",
    "pred.howto.fit": "BGNBD_FIT en GAMMAGAMMA_FIT schatten de modellen (Fader, Hardie & Lee "
                      "2005) op deze rijen; de standaardfouten tonen hoe goed de gegevens elke "
                      "parameter vastleggen, dus een schatting vraagt een paar honderd klanten. "
                      "Op alle 2.357 CDNOW-klanten vinden de artikelen {bgnbd} en {gammagamma}.",
    "pred.howto.typed": "Vul de parameters van het BG/NBD- en het Gamma-Gamma-model in (Fader, "
                        "Hardie & Lee 2005), uit BGNBD_FIT en GAMMAGAMMA_FIT; het voorbeeld "
                        "bevat de gepubliceerde schattingen op alle 2.357 CDNOW-klanten, in "
                        "weken: {bgnbd} en {gammagamma}.",
    "pred.howto.portable": "Alleen standaard Excel-functies: werkt zonder invoegtoepassing. "
                           "Schatten, verwachte aankopen en CLV vragen de invoegtoepassing (de "
                           "live versie).",
    "pred.inputs": "Invoer",
    "pred.time_unit": "Tijdseenheid van recentheid en leeftijd T (D, W, M of Y)",
    "pred.horizon": "Horizon voor verwachte aankopen, in die tijdseenheid",
    "pred.margin": "Marge op bestedingen",
    "pred.discount": "Disconteringsvoet per maand",
    "pred.months": "CLV-horizon in maanden",
    "pred.model": "Aankoopmodel",
    "pred.model.BG/NBD": "Aankopen: BG/NBD",
    "pred.model.Gamma-Gamma": "Besteding per aankoop: Gamma-Gamma",
    "pred.estimate": "Schatting",
    "pred.frequency": "Herhaalaankopen (x)",
    "pred.recency": "Recentheid (t_x)",
    "pred.T": "Leeftijd (T)",
    "pred.spend": "Gemiddelde herhaalaankoop (z̄)",
    "pred.p_alive": "Kans actief",
    "pred.expected": "Verwachte aankopen binnen de horizon",
    "pred.expected_spend": "Verwachte besteding per aankoop",
    "pred.clv": "CLV over de CLV-horizon",
    "pred.tier": "Segment (naar CLV)",
    "pred.tiers": "Voorspelde CLV per segment",
    "pred.tier_letter": "Segment",
    "pred.customers": "Klanten",
    "pred.share_customers": "Aandeel klanten",
    "pred.clv_total": "Voorspelde CLV",
    "pred.share_clv": "Aandeel CLV",
    "pred.tiers.note": "A: de {0} klanten met de hoogste CLV; B: de volgende {1}; C: de rest.",
    "pred.chart": "Aandeel klanten en voorspelde CLV per segment",
    "prompt.estimate": "Een modelparameter, groter dan 0.",
    "prompt.at_most": "Hoogstens de waarde in {cell}.",
    # cohort CLV
    "cohort.sheet": "Cohort-CLV",
    "cohort.title": "Cohort-CLV: cumulatieve omzet per klant per instroommaand",
    "cohort.howto": "Elke rij is een cohort, de klanten met hun eerste aankoop in die maand: "
                    "omzet per klant tot dan toe, 0, 1, 2 … maanden later (CLV_COHORT).",
    "cohort.howto.block": "Vervang de voorbeeldtransacties door de uwe (één rij per bestelling; "
                          "datums als datum of als tekst zoals 2024-01-31). De tabel biedt plaats "
                          "aan zes cohorten en maanden 0–5; een maand die een cohort nog niet "
                          "bereikt heeft is leeg, en rijen na het laatste cohort tonen #N/B.",
    "cohort.transactions": "Transacties",
    "customer_id": "Klantnummer",
    "date": "Datum",
    "amount": "Bedrag",
    "cohort.table": "Cumulatieve omzet per klant, per maand sinds de eerste aankoop",
    "cohort.chart": "Cumulatieve omzet per klant, per cohort",
    "cohort.axis": "Maanden sinds de eerste aankoop",
    "cohort.per_customer": "Omzet per klant",
    # channel economics from data
    "channels_data.sheet": "Kanalen uit data",
    "channels_data.title": "Unit economics per acquisitiekanaal, uit bestellingen en uitgaven",
    "channels_data.howto": "Het kanaal van een klant is het kanaal van de eerste bestelling "
                           "(leeg: onbekend). CAC = uitgaven ÷ de klanten geworven in de "
                           "maanden met uitgaven; CLV = brutowinst tot nu per geworven klant; "
                           "terugverdiend = de eerste maand sinds werving (0 = die maand) waarin "
                           "de cumulatieve brutowinst per klant de CAC haalt.",
    "channels_data.howto.block": "Vervang de voorbeeldbestellingen en -uitgaven door de uwe "
                                 "(maanden als 2024-03 of een datum); de tabel heeft ruimte "
                                 "voor vijf kanalen en het totaal, of typ "
                                 "=CLV_CHANNELS(customer_ids, order_dates, order_amounts, "
                                 "order_channels, spend_channels, spend_months, spend_amounts "
                                 "en de cel met de brutomarge) in een lege cel.",
    "channels_data.orders": "Bestellingen",
    "channels_data.spend": "Marketinguitgaven",
    "channels_data.month": "Maand",
    "channels_data.table": "Unit economics per kanaal (CLV_CHANNELS)",
    "channels_data.clv": "Historische CLV (brutowinst per klant)",
    "channels_data.payback": "Terugverdiend (maand sinds werving)",
    "channels_data.chart": "CAC en historische CLV per kanaal",
    "report.summary.sheet": "Samenvatting",
    "report.customers.sheet": "Klanten",
    "report.cohorts.sheet": "Cohorten",
    "report.segments.sheet": "Segmenten",
    "report.title": "Rapport klantwaarde",
    "report.source": "Bron: {source}",
    "report.period": "Transacties van {first} tot en met {last}, berekend door clv-udfs.",
    "report.historical": ("De historische CLV is wat klanten tot nu toe hebben opgebracht",
                          "(omzet × brutomarge), geen voorspelling van wat ze nog opbrengen."),
    "report.kpis": "Kerncijfers",
    "report.customers": "Klanten",
    "report.orders": "Bestellingen",
    "report.revenue": "Omzet",
    "report.frequency": "Bestellingen per klant per jaar",
    "report.retention_na": "n.v.t. (minder dan 2 jaar)",
    "report.retention_no_buyers": "n.v.t. (niemand kocht in het jaar vóór het laatste)",
    "report.clv_revenue": "Historische CLV: omzet per klant",
    "report.clv_profit": "Historische CLV: brutowinst per klant",
    "report.first_date": "Eerste transactie",
    "report.last_date": "Laatste transactie",
    "report.observation_end": "Einde waarneming (--observation-end)",
    "report.no_forecast": "Geen voorspelling in dit rapport: {reason}.",
    "report.quality": "Datakwaliteit",
    "report.rows_read": "Gelezen gegevensrijen",
    "report.rows": "Gebruikte transacties",
    "report.skipped": "Foute rijen overgeslagen",
    "report.problems": "Eerste overgeslagen rijen:",
    "report.gross_sales": "Bruto-omzet (vóór retouren)",
    "report.returns": "Retouren en annuleringen",
    "report.net_negative": "Klanten met netto-omzet ≤ 0 (behouden)",
    "report.guest_orders": "Gastbestellingen (zonder klantnummer), apart gehouden",
    "report.guest_revenue": "Omzet van gastbestellingen",
    "report.returns_apart": "Weggelaten terugbetalingen (uitgesloten, of van klanten zonder "
                            "aankoop)",
    "report.reasons": "Foute rijen per reden (eerste rijen):",
    "report.reason.text": "stuurtekens in een cel",
    "report.reason.long": "een cel van meer dan {longest} tekens, het meeste dat een Excel-cel bevat",
    "report.reason.customer": "klantnummer is een logische waarde",
    "report.reason.customer_error": "foutwaarde in de klantkolom",
    "report.reason.customer_scientific": "klantnummer in wetenschappelijke notatie",
    "report.reason.date": "onleesbare datum",
    "report.reason.date_range": "datum vóór 1900 of meer dan een jaar vooruit",
    "report.reason.after_end": "datum na het einde van de waarneming",
    "report.reason.quantity": "onleesbaar aantal",
    "report.reason.price": "onleesbare stukprijs",
    "report.reason.zero_price": "stukprijs nul",
    "report.reason.amount": "onleesbaar bedrag",
    "report.reason.refund": "terugbetaling (--returns stop)",
    "report.rows_short": "rijen",
    "report.row_short": "rij",
    "report.versus": "Historische CLV tegenover CAC",
    "report.col.customer": "Klant",
    "report.col.frequency": "Herhaalaankopen",
    "report.col.recency": "Recentheid ({unit})",
    "report.col.T": "Leeftijd T ({unit})",
    "report.col.monetary": "Gemiddelde herhaalaankoop",
    "report.col.orders": "Bestellingen",
    "report.col.revenue": "Omzet",
    "report.col.profit": "Brutowinst (historische CLV)",
    "report.col.segment": "Segment",
    "report.col.net_negative": "Netto-omzet ≤ 0",
    "report.col.p_alive": "Kans actief",
    "report.col.expected": "Aankopen komende {months} mnd",
    "report.col.spend": "Verwachte besteding per aankoop",
    "report.col.clv": "Voorspelde CLV, {months} mnd",
    "report.customers.title": "Klanten: aankoopgeschiedenis en historische waarde",
    "report.customers.note": ("Herhaalaankopen: aankoopdagen na de eerste (bestellingen op één "
                              "dag zijn één aankoop).",
                              "Recentheid: eerste tot laatste aankoop; leeftijd T: eerste "
                              "aankoop tot einde gegevens; beide in {unit}."),
    "report.cut": ("Het blad Klanten toont de {shown} beste van {total} klanten naar "
                   "\"{ranking}\", hoogste eerst (Excel houdt {limit} rijen per blad); alle "
                   "klanten staan in {file}."),
    "report.customers_file": "Een rij per klant, naast dit rapport",
    "report.unit.D": "dagen",
    "report.unit.W": "weken",
    "report.unit.M": "maanden",
    "report.unit.Y": "jaren",
    "report.cohorts.title": "Cumulatieve omzet per klant per instroomcohort",
    "report.cohorts.note": ("Rijen: de klanten met hun eerste aankoop in die periode; "
                            "kolommen: {unit} sindsdien",
                            "(0 = de periode van de eerste aankoop). Lege cellen liggen na het "
                            "einde van de gegevens."),
    "report.cohorts.folded": ("{periods} {unit} van het eerste cohort tot het einde van de "
                              "gegevens: één kolom per {step} {unit} (0, {step}, … en de "
                              "laatste, {last}); elk is het lopend totaal tot dan."),
    "report.cohort": "Cohort",
    "report.cohort_size": "Klanten",
    "report.cohorts.chart": "Cumulatieve omzet per klant",
    "report.cohorts.chart_some": "{title} (één cohort op {step}, en het laatste)",
    "report.cohorts.axis": "{unit} sinds eerste aankoop",
    "report.segments.title": "Klantsegmenten (ABC naar omzet)",
    "report.segments.note": ("A: de 20% klanten met de hoogste omzet; B: de volgende 30%; "
                             "C: de rest.",
                             "Klanten met gelijke omzet vallen in hetzelfde segment."),
    "report.share_customers": "Aandeel klanten",
    "report.share_revenue": "Aandeel omzet",
    "report.revenue_per_customer": "Omzet per klant",
    "report.segments.chart": "Aandeel klanten en omzet per segment",
}

# the report's forecast and model sheets (issue 10)
_EN.update({
    "report.forecast.sheet": "Forecast",
    "report.forecast.title": "Forecast: what the customers will bring in the next {months} months",
    "report.forecast.note": ("Predicted CLV: each customer's expected gross profit over the "
                             "horizon, discounted monthly at {discount}%, from {model} and "
                             "Gamma-Gamma fitted on all the data.",
                             "The {level:.0%} interval reflects the fits' parameter "
                             "uncertainty (delta method on their covariance); the Models "
                             "sheet shows how the model was chosen and checked."),
    "report.forecast.figures": "Forecast",
    "report.equity": "Customer equity (sum of predicted CLV)",
    "report.equity.lower": "Customer equity, lower end ({level:.0%} interval)",
    "report.equity.upper": "Customer equity, upper end ({level:.0%} interval)",
    "report.clv_per_customer": "Predicted CLV per customer",
    "report.clv_per_customer.lower": "Predicted CLV per customer, lower end",
    "report.clv_per_customer.upper": "Predicted CLV per customer, upper end",
    "report.expected_alive": "Customers expected to be active (sum of P(alive))",
    "report.model": "Purchase model",
    "report.forecast.versus": "Predicted CLV against CAC",
    "report.at_risk": "Valuable customers at risk: highest historical gross profit, P(alive) "
                      "below 50%",
    "report.at_risk.none": "No customer has P(alive) below 50%.",
    "report.col.since_last": "Since last purchase ({unit})",
    "report.col.clv_lower": "Predicted CLV, lower end",
    "report.col.clv_upper": "Predicted CLV, upper end",
    "report.models.sheet": "Models",
    "report.models.title": "Which purchase model to trust: fitted on the calibration period, "
                           "checked on the holdout",
    "report.models.split": "Calibration: {first} to {split}; holdout: the {length} {unit} "
                           "after it, to {last}. Customers first seen in the holdout are not "
                           "in the check.",
    "report.models.none": "No holdout check: {reason}.",
    "report.models.chosen": "Chosen model",
    "report.models.comparison": "Holdout check",
    "report.models.col.model": "Model",
    "report.models.col.ll": "Log-likelihood",
    "report.models.col.bic": "BIC",
    "report.models.col.predicted": "Predicted holdout repeat purchases",
    "report.models.col.actual": "Actual holdout repeat purchases",
    "report.models.col.error": "Error (share of actual)",
    "report.models.chart": "Holdout repeat purchases: predicted by each model and actual",
    "report.models.by_frequency": "Mean holdout purchases by calibration repeat purchases",
    "report.models.col.frequency": "Calibration repeat purchases",
    "report.models.col.customers": "Customers",
    "report.models.col.actual_mean": "Actual",
    "report.models.tracking": "Cumulative repeat purchases, week by week",
    "report.models.col.week": "Week ending",
    "report.models.col.actual_cumulative": "Actual",
    "report.models.tracking.chart": "Cumulative repeat purchases: actual and each model "
                                    "(calibration end at week {week})",
    "report.models.fits": "Fits on all the data, time in {unit} (these drive the forecast)",
    "report.models.col.parameter": "Parameter",
    "report.models.col.estimate": "Estimate",
    "report.models.col.se": "Standard error",
    "report.models.converged": "Converged",
    "report.models.customers": "Customers fitted",
    "report.models.warnings": "Warnings",
    "report.models.no_warnings": "none",
    "report.models.no_holdout_purchases": "no holdout purchases to compare with",
    "report.models.failed": "Not fitted: {problem}",
    "report.yes": "yes",
    "report.no": "no",
})
_NL.update({
    "report.forecast.sheet": "Prognose",
    "report.forecast.title": "Prognose: wat de klanten de komende {months} maanden opbrengen",
    "report.forecast.note": ("Voorspelde CLV: de verwachte brutowinst per klant over de "
                             "horizon, maandelijks verdisconteerd tegen {discount}%, uit "
                             "{model} en Gamma-Gamma geschat op alle gegevens.",
                             "Het {level:.0%}-interval geeft de parameteronzekerheid van de "
                             "schattingen weer (deltamethode op hun covariantie); het blad "
                             "Modellen toont hoe het model is gekozen en getoetst."),
    "report.forecast.figures": "Prognose",
    "report.equity": "Klantvermogen (som van de voorspelde CLV)",
    "report.equity.lower": "Klantvermogen, ondergrens ({level:.0%}-interval)",
    "report.equity.upper": "Klantvermogen, bovengrens ({level:.0%}-interval)",
    "report.clv_per_customer": "Voorspelde CLV per klant",
    "report.clv_per_customer.lower": "Voorspelde CLV per klant, ondergrens",
    "report.clv_per_customer.upper": "Voorspelde CLV per klant, bovengrens",
    "report.expected_alive": "Verwacht actieve klanten (som van P(actief))",
    "report.model": "Aankoopmodel",
    "report.forecast.versus": "Voorspelde CLV tegenover CAC",
    "report.at_risk": "Waardevolle klanten in gevaar: hoogste historische brutowinst, "
                      "P(actief) onder 50%",
    "report.at_risk.none": "Geen klant heeft P(actief) onder 50%.",
    "report.col.since_last": "Sinds laatste aankoop ({unit})",
    "report.col.clv_lower": "Voorspelde CLV, ondergrens",
    "report.col.clv_upper": "Voorspelde CLV, bovengrens",
    "report.models.sheet": "Modellen",
    "report.models.title": "Welk aankoopmodel te vertrouwen: geschat op de kalibratieperiode, "
                           "getoetst op de toetsperiode",
    "report.models.split": "Kalibratie: {first} tot {split}; toetsperiode: de {length} "
                           "{unit} daarna, tot {last}. Klanten die pas in de toetsperiode "
                           "kochten, tellen niet mee.",
    "report.models.none": "Geen toetsing op een toetsperiode: {reason}.",
    "report.models.chosen": "Gekozen model",
    "report.models.comparison": "Toetsing",
    "report.models.col.model": "Model",
    "report.models.col.ll": "Log-aannemelijkheid",
    "report.models.col.bic": "BIC",
    "report.models.col.predicted": "Voorspelde herhaalaankopen in de toetsperiode",
    "report.models.col.actual": "Werkelijke herhaalaankopen in de toetsperiode",
    "report.models.col.error": "Fout (aandeel van werkelijk)",
    "report.models.chart": "Herhaalaankopen in de toetsperiode: voorspeld per model en "
                           "werkelijk",
    "report.models.by_frequency": "Gemiddelde aankopen in de toetsperiode naar herhaalaankopen "
                                  "in de kalibratie",
    "report.models.col.frequency": "Herhaalaankopen in de kalibratie",
    "report.models.col.customers": "Klanten",
    "report.models.col.actual_mean": "Werkelijk",
    "report.models.tracking": "Cumulatieve herhaalaankopen, per week",
    "report.models.col.week": "Week tot en met",
    "report.models.col.actual_cumulative": "Werkelijk",
    "report.models.tracking.chart": "Cumulatieve herhaalaankopen: werkelijk en per model "
                                    "(einde kalibratie in week {week})",
    "report.models.fits": ("Schattingen op alle gegevens, tijd in {unit} (deze sturen de "
                           "prognose)"),
    "report.models.col.parameter": "Parameter",
    "report.models.col.estimate": "Schatting",
    "report.models.col.se": "Standaardfout",
    "report.models.converged": "Geconvergeerd",
    "report.models.customers": "Klanten in de schatting",
    "report.models.warnings": "Waarschuwingen",
    "report.models.no_warnings": "geen",
    "report.models.no_holdout_purchases": "geen aankopen in de toetsperiode om mee te vergelijken",
    "report.models.failed": "Niet geschat: {problem}",
    "report.yes": "ja",
    "report.no": "nee",
})

TEXTS = {"en": _EN, "nl": _NL}


def texts(lang):
    """The text table for ``lang`` ("en" or "nl")."""
    if lang not in TEXTS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return TEXTS[lang]


def health_legend(lang):
    """Two lines explaining the (English) health labels in ``lang``."""
    return tuple(line.format(*HEALTH_LABELS) for line in texts(lang)["health.legend"])


def decimal(number, places, lang):
    """``number`` with ``places`` decimals and the marks of ``lang``, for a figure inside a
    sentence.

    >>> decimal(1234.56, 1, "en"), decimal(1234.56, 1, "nl")
    ('1,234.6', '1.234,6')
    """
    return figure_marks(f"{number:,.{places}f}", lang)


def figure_marks(text, lang):
    """An English-formatted figure with the decimal and thousands marks of ``lang``."""
    return text.translate(_DUTCH_MARKS) if lang == "nl" else text


_DUTCH_MARKS = str.maketrans(",.", ".,")


def percent(rate, lang):
    """A rate (0.0075) as the percentage a user typed it (0.75), without rounding it to a
    fixed number of places, with the marks of ``lang``; the sentence adds the "%".

    >>> percent(0.0075, "en"), percent(0.01, "en"), percent(0.325, "nl")
    ('0.75', '1', '32,5')
    """
    return figure_marks(f"{rate * 100:.6g}", lang)


def whole(number, lang):
    """``number`` with the thousands separator of ``lang``, for counts inside a sentence.

    >>> whole(1048576, "en"), whole(1048576, "nl")
    ('1,048,576', '1.048.576')
    """
    return decimal(int(number), 0, lang)
