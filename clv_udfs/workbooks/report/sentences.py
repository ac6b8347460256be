"""The core's sentences about fits and forecasts, in the report's language and words.

The core speaks one language, English: its messages are what an Excel cell shows. The forecast
and models sheets also show some of them — why a model was chosen, why there is no holdout
check or no interval, a fit's warnings, why a model could not be fitted — so a Dutch report
maps each through :data:`DUTCH`: the English sentence as the core writes it, with its variable
parts in braces, beside the Dutch sentence the same parts go into. A part that is itself a
sentence of the table (the refusal inside "not fitted", the reason inside "no holdout check")
is translated in turn; any other part keeps its text with Dutch number marks (1,653 → 1.653;
12.1% → 12,1%). A sentence the table does not know stays English (the tests make every
sentence the core writes for these sheets known).

A fit refusal's first advice, to set the penalizer (the core's ``PENALIZER_ADVICE``), is for
the Excel functions, the only ones with that option: the report, in either language, leaves it
out wherever it stands and keeps the advice about the data.

>>> translated("BG/NBD: only 12 customers made a repeat purchase (fewer than 30), too few to "
...            "estimate how often customers buy and drop out", "nl")
'BG/NBD: slechts 12 klanten deden een herhaalaankoop (minder dan 30), te weinig om te schatten \
hoe vaak klanten kopen en afhaken'
"""

import re
from functools import lru_cache

from ...errors import PENALIZER_ADVICE
from ..labels import figure_marks

DUTCH = (
    # why there is no forecast at all (core.forecast), before the fit refusals it wraps
    ("these purchase histories cannot support a repeat-purchase model: {problem}",
     "deze aankoopgeschiedenissen dragen geen model voor herhaalaankopen: {problem}"),
    ("no customer made a repeat purchase, and the models learn how often customers buy again "
     "from those who did",
     "geen klant deed een herhaalaankoop, en de modellen leren hoe vaak klanten opnieuw kopen "
     "van wie dat deed"),
    ("spend per purchase cannot be modelled: no repeat buyer spent more than 0 on their "
     "repeat purchases, and Gamma-Gamma learns what customers spend from those who did; check "
     "the amounts",
     "de besteding per aankoop is niet te modelleren: geen herhaalkoper besteedde meer dan 0 "
     "aan zijn herhaalaankopen, en Gamma-Gamma leert wat klanten besteden van wie dat deed; "
     "controleer de bedragen"),
    # the choice of model (core.model_check.ModelCheck.reason, core.forecast)
    ("{model} is chosen by its BIC alone: nobody bought again in the holdout period, so no "
     "model's prediction can be checked against it.",
     "{model} is gekozen op zijn BIC alleen: niemand kocht opnieuw in de toetsperiode, dus "
     "geen voorspelling van een model is ermee te vergelijken."),
    ("{model} is chosen: its predicted holdout repeat purchases ({predicted}) miss the actual "
     "{actual} by {error}, within 1% of the closest, {closest} ({closest_error}), and {model} "
     "has the lower BIC.",
     "{model} is gekozen: de voorspelde herhaalaankopen in de toetsperiode ({predicted}) "
     "wijken {error} af van de werkelijke {actual}, binnen 1% van de beste, {closest} "
     "({closest_error}), en {model} heeft de lagere BIC."),
    ("{model} is chosen: its predicted holdout repeat purchases ({predicted}) come closest to "
     "the actual {actual} (error {error}).",
     "{model} is gekozen: de voorspelde herhaalaankopen in de toetsperiode ({predicted}) "
     "liggen het dichtst bij de werkelijke {actual} (fout {error})."),
    ("{model} is chosen: its predicted holdout repeat purchases ({predicted}) come closest to "
     "the actual {actual} (error {error}); {other} and {another} came within 1% as well, and "
     "{model} has the lower BIC.",
     "{model} is gekozen: de voorspelde herhaalaankopen in de toetsperiode ({predicted}) "
     "liggen het dichtst bij de werkelijke {actual} (fout {error}); ook {other} en {another} "
     "bleven binnen 1%, en {model} heeft de lagere BIC."),
    ("{model} is chosen: its predicted holdout repeat purchases ({predicted}) come closest to "
     "the actual {actual} (error {error}); {other} came within 1% as well, and {model} has "
     "the lower BIC.",
     "{model} is gekozen: de voorspelde herhaalaankopen in de toetsperiode ({predicted}) "
     "liggen het dichtst bij de werkelijke {actual} (fout {error}); ook {other} bleef binnen "
     "1%, en {model} heeft de lagere BIC."),
    ("No holdout check ({why}); {model} is used as it has the lowest BIC on all the data.",
     "Geen toetsing op een toetsperiode ({why}); {model} wordt gebruikt omdat het de laagste "
     "BIC heeft op alle gegevens."),
    ("No model could be checked on the holdout; {model} is used as it has the lowest BIC on "
     "all the data.",
     "Geen model kon op de toetsperiode worden getoetst; {model} wordt gebruikt omdat het de "
     "laagste BIC heeft op alle gegevens."),
    ("{closest} came closest on the holdout but cannot be refitted on all the data "
     "({problem}); {model} is used as it has the lowest BIC on all the data.",
     "{closest} kwam het dichtst bij de toetsperiode maar kan niet opnieuw worden geschat op "
     "alle gegevens ({problem}); {model} wordt gebruikt omdat het de laagste BIC heeft op "
     "alle gegevens."),
    # why there is no holdout check (core.forecast, .predictions)
    ("the history spans {days} days; a holdout check needs at least {least} (8 weeks to fit "
     "the models, 4 to check them)",
     "de gegevens beslaan {days} dagen; een toetsing vraagt er minstens {least} (8 weken om "
     "de modellen te schatten, 4 om ze te toetsen)"),
    ("the transactions were not given to the forecast",
     "de transacties zijn niet aan de prognose meegegeven"),
    # why there is no interval (core.forecast)
    ("no interval: the CLV is not a finite number a small step from the estimates, so its "
     "uncertainty cannot be measured",
     "geen interval: de CLV is geen eindig getal vlak naast de schattingen, dus de "
     "onzekerheid ervan is niet te meten"),
    ("no interval: the likelihood is flat in some parameter, so its uncertainty cannot be "
     "measured",
     "geen interval: de aannemelijkheid is vlak in een parameter, dus de onzekerheid ervan is "
     "niet te meten"),
    # a fit's warnings (core.models.diagnostics)
    ("{model}: parameter {name} = {value} is at the edge of what can be estimated, so the data "
     "cannot pin it down",
     "{model}: parameter {name} = {value} ligt aan de rand van wat te schatten is, dus de "
     "gegevens leggen hem niet vast"),
    ("{model}: parameter {name} = {value} has a standard error of {error}, larger than itself, "
     "so the data hardly pin it down",
     "{model}: parameter {name} = {value} heeft een standaardfout van {error}, groter dan "
     "zichzelf, dus de gegevens leggen hem nauwelijks vast"),
    ("{model}: hardly anyone seems to drop out (mean dropout chance {chance} per purchase), so "
     "customers who went silent still get a high P(alive)",
     "{model}: bijna niemand lijkt af te haken (gemiddelde afhaakkans {chance} per aankoop), "
     "dus klanten die stil zijn gevallen houden een hoge P(actief)"),
    ("{model}: only {count} customers made a repeat purchase (fewer than {least}), too few to "
     "estimate how often customers buy and drop out",
     "{model}: slechts {count} klanten deden een herhaalaankoop (minder dan {least}), te "
     "weinig om te schatten hoe vaak klanten kopen en afhaken"),
    ("{model}: only {count} customers made a repeat purchase (fewer than {least}), too few to "
     "estimate how spend per purchase varies between customers",
     "{model}: slechts {count} klanten deden een herhaalaankoop (minder dan {least}), te "
     "weinig om te schatten hoe de besteding per aankoop tussen klanten verschilt"),
    ("Gamma-Gamma: repeat frequency and mean spend correlate ({correlation}, beyond "
     "±{limit}), against the model's assumption that spend does not depend on how often a "
     "customer buys",
     "Gamma-Gamma: herhaalfrequentie en gemiddelde besteding hangen samen ({correlation}, "
     "buiten ±{limit}), tegen de aanname van het model in dat de besteding niet afhangt van "
     "hoe vaak een klant koopt"),
    # why a model could not be fitted (core.models.estimation, core.model_check)
    ("{model} fit: parameter {name} ran away to {value}, so the data cannot pin it down; "
     "{advice}",
     "schatting {model}: parameter {name} liep weg naar {value}, dus de gegevens leggen hem "
     "niet vast; {advice}"),
    ("{model} fit: the likelihood is not finite at any tried parameters; {advice}",
     "schatting {model}: de aannemelijkheid is bij geen enkele geprobeerde parameter eindig; "
     "{advice}"),
    ("{model} fit: the likelihood is flat in parameter {name} (estimate {value}), so the data "
     "cannot pin it down; {advice}",
     "schatting {model}: de aannemelijkheid is vlak in parameter {name} (schatting {value}), "
     "dus de gegevens leggen hem niet vast; {advice}"),
    ("{model} fit: parameter {name} = {value} has a standard error of {error}, over {times} "
     "times the estimate, so the data cannot pin it down; {advice}",
     "schatting {model}: parameter {name} = {value} heeft een standaardfout van {error}, meer "
     "dan {times} keer de schatting, dus de gegevens leggen hem niet vast; {advice}"),
    ("{model} fit: the estimates ({estimates}) give predictions that cannot be computed "
     "({problem}), so the fit is refused; {advice}",
     "schatting {model}: de schattingen ({estimates}) geven voorspellingen die niet te "
     "berekenen zijn ({problem}), dus de schatting is geweigerd; {advice}"),
    ("{model}: the fitted parameters give no finite holdout prediction for some customers; "
     "{advice}",
     "{model}: de geschatte parameters geven voor sommige klanten geen eindige voorspelling "
     "voor de toetsperiode; {advice}"),
    ("{name}: {value} is too extreme to compute {quantity} (the result is not a finite "
     "number); check the value{where}",
     "{name}: {value} is te extreem om {quantity} te berekenen (de uitkomst is geen eindig "
     "getal); controleer de waarde{where}"),
    (" (item {item})", " (element {item})"),
    ("the expected purchases", "de verwachte aankopen"),
    ("the probability alive", "de kans dat de klant actief is"),
    ("check that enough customers made repeat purchases",
     "controleer of genoeg klanten een herhaalaankoop deden"),
    ("check that there are enough repeat buyers with differing spend",
     "controleer of er genoeg herhaalkopers met verschillende bestedingen zijn"),
    ("check the data", "controleer de gegevens"),
)
"""(English, Dutch) of every core sentence the forecast and models sheets show; ``{part}``
stands for a variable part, the same in both."""

_PART = re.compile(r"\{(\w+)\}")
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")


def _pattern(english):
    """The regular expression of an English sentence with ``{part}`` s; a part named twice
    must be the same text both times."""
    pieces, seen, end = [], set(), 0
    for match in _PART.finditer(english):
        pieces.append(re.escape(english[end:match.start()]))
        name = match.group(1)
        pieces.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        end = match.end()
    pieces.append(re.escape(english[end:]))
    return re.compile("".join(pieces), re.DOTALL)


_DUTCH = tuple((_pattern(english), dutch) for english, dutch in DUTCH)


def _marks(text):
    """``text`` with the Dutch marks in its numbers: 1,653.5 → 1.653,5.

    >>> _marks("1,653 of 1,882 (12.1%); 2.225087674e-08; 1997-09-30")
    '1.653 of 1.882 (12,1%); 2,225087674e-08; 1997-09-30'
    """
    return _NUMBER.sub(lambda m: figure_marks(m.group(), "nl"), text)


@lru_cache(maxsize=1024)
def translated(sentence, lang):
    """``sentence`` (a core message, or None) in ``lang`` as the report says it: English as
    the core writes it, Dutch through :data:`DUTCH`, both without the penalizer advice; a
    sentence the table does not know stays English (without that advice too).

    >>> translated("BG/NBD fit: the likelihood is not finite at any tried parameters; set the "
    ...            "penalizer to a small value such as 0.001, or check the data", "en")
    'BG/NBD fit: the likelihood is not finite at any tried parameters; check the data'
    """
    if sentence is None:
        return sentence
    sentence = sentence.replace(PENALIZER_ADVICE, "; ")   # wherever a refusal stands in it
    if lang != "nl":
        return sentence
    for pattern, target in _DUTCH:
        match = pattern.fullmatch(sentence)
        if match:
            parts = {name: _part(value, lang) for name, value in match.groupdict().items()}
            if None in parts.values():     # an English clause inside: no half-Dutch line
                return sentence
            return target.format(**parts)
    return sentence


_PROSE = re.compile(r"[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}")   # three words: a clause, not a name


def _part(value, lang):
    """A variable part: a known sentence translated, else its text with the language's
    number marks; None for an English clause the table does not know.

    >>> _part("1,653.5", "nl"), _part("Pareto/NBD", "nl"), _part("some new words here", "nl")
    ('1.653,5', 'Pareto/NBD', None)
    """
    found = translated(value, lang)
    if found != value or not value:
        return found
    return None if _PROSE.search(value) else _marks(value)


def fit_warnings(diagnostics, lang):
    """A fit's warnings (its :class:`~clv_udfs.core.models.diagnostics.Diagnostics`) in
    ``lang``: the forecast sheet shows them beside the forecast, the models sheet beside the
    fit."""
    return tuple(translated(line, lang) for line in diagnostics.warnings)
