"""extract_facts: realistic Dutch messages from parents, intern begeleiders and leerplicht."""
import pytest

from bot.engine.facts import extract_facts, parse_number

CASES = [
    # --- durations -------------------------------------------------------------------------
    ("mijn dochter zit al 6 weken thuis want de school kan haar niet aan",
     {"weeks_absent": 6, "reason": "geen_passende_plek", "role": "ouder"}),
    ("hij zit nu anderhalve maand thuis", {"weeks_absent": 6}),
    ("ze is al 3 maanden ziek", {"weeks_absent": 13, "reason": "ziek"}),
    ("onze zoon zit een half jaar thuis zonder onderwijs", {"weeks_absent": 26, "role": "ouder"}),
    ("sinds de herfstvakantie gaat hij niet meer", {}),
    ("al twee weken niet op school geweest", {"weeks_absent": 2}),
    ("een week", {"weeks_absent": 1}),
    ("ongeveer een maand", {"weeks_absent": 4}),
    ("anderhalve week", {"weeks_absent": 1.5}),
    ("ze zit al een paar weken thuis", {}),
    ("al weken thuis en niemand doet iets", {}),
    ("hij is 10 dagen niet geweest", {"days_absent": 10}),
    ("3wk", {"weeks_absent": 3}),
    ("ze zit al ruim 2 jaar thuis", {"weeks_absent": 104}),
    # --- disagreement, and its negation -----------------------------------------------------
    ("we zijn het niet eens met de school", {"disagreement": True}),
    ("we hebben ruzie met school", {"disagreement": True}),
    ("nee we hebben geen ruzie met school", {"disagreement": False}),
    ("nee, we zijn het eens met de school", {"disagreement": False}),
    ("we zijn het niet oneens met school", {"disagreement": False}),
    ("er is geen conflict, we werken goed samen", {"disagreement": False}),
    # --- corrections -----------------------------------------------------------------------
    ("niet 5 maar 3 weken", {"weeks_absent": 3}),
    ("nee, het is 3 weken", {"weeks_absent": 3}),
    ("ik bedoelde 6 dagen", {"days_absent": 6}),
    ("3 weken, niet 5", {"weeks_absent": 3}),
    ("klopt niet, hij is 14", {"age": 14, "disagreement": True} if False else {"age": 14}),
    ("sorry, ze zit op het vo niet op de basisschool", {"level": "vo"}),
    ("niet op de havo maar op het vmbo", {"level": "vo"}),
    # --- suspension ------------------------------------------------------------------------
    ("hij is geschorst voor 3 dagen", {"suspension_days": 3, "reason": "geschorst"}),
    ("3 dagen geschorst omdat hij een leraar uitschold", {"suspension_days": 3, "reason": "geschorst"}),
    ("hij is geschorst voor een week", {"suspension_days": 5, "reason": "geschorst"}),
    ("hij is geschorst en zit nu al 3 weken thuis",
     {"weeks_absent": 3, "reason": "geschorst"}),
    ("schorsing van twee dagen, mag dat zomaar?", {"suspension_days": 2, "reason": "geschorst"}),
    # --- hours -----------------------------------------------------------------------------
    ("hij heeft 16 uur gemist in 4 weken", {"hours_absent": 16}),
    ("16 uur", {"hours_absent": 16}),
    ("16 jaar", {"age": 16}),
    ("mijn zoon is 16 jaar", {"age": 16, "role": "ouder"}),
    ("de les begint om 8 uur en hij komt steeds te laat", {"reason": "te_laat"}),
    ("ze mag maar 2 uur per dag naar school", {}),
    # --- late ------------------------------------------------------------------------------
    ("hij is al 9 keer te laat gekomen", {"late_count": 9, "reason": "te_laat"}),
    ("9x te laat dit jaar", {"late_count": 9, "reason": "te_laat"}),
    ("ze komt steeds te laat, inmiddels twaalf keer", {"late_count": 12, "reason": "te_laat"}),
    # --- sick reports ----------------------------------------------------------------------
    ("dit is al de 4e ziekmelding dit kwartaal", {"sick_reports_quarter": 4, "reason": "ziek"}),
    ("ze heeft zich dit kwartaal 5 keer ziek gemeld", {"sick_reports_quarter": 5, "reason": "ziek"}),
    # --- age -------------------------------------------------------------------------------
    ("ze is 12", {"age": 12}),
    ("mijn dochter van 9 wil niet naar school",
     {"age": 9, "reason": "weigert", "role": "ouder"}),
    ("een jongen van 15 jaar uit de brugklas", {"age": 15, "level": "vo"}),
    ("het gaat om een 13-jarige leerling", {"age": 13}),
    ("ze is 12 jaar en zit al 2 jaar thuis", {"age": 12, "weeks_absent": 104}),
    # --- level -----------------------------------------------------------------------------
    ("groep 8", {"level": "po"}),
    ("hij zit in groep 7 van de basisschool", {"level": "po"}),
    ("brugklas havo", {"level": "vo"}),
    ("ze doet vmbo-t", {"level": "vo"}),
    ("mbo niveau 2", {"level": "mbo"}),
    ("hij zit op het speciaal onderwijs", {"level": "so"}),
    ("vo", {"level": "vo"}),
    # --- enrolled --------------------------------------------------------------------------
    ("hij staat niet ingeschreven", {"enrolled": False, "reason": "niet_ingeschreven"}),
    ("ja ze staat ingeschreven", {"enrolled": True}),
    ("nee niet ingeschreven", {"enrolled": False, "reason": "niet_ingeschreven"}),
    ("de school heeft hem uitgeschreven en nu heeft hij geen school",
     {"enrolled": False, "reason": "niet_ingeschreven"}),
    # --- reasons ---------------------------------------------------------------------------
    ("hij wil niet meer naar school", {"reason": "weigert"}),
    ("school zegt vol", {"reason": "geen_passende_plek"}),
    ("ze hebben hem eruit gezet", {"reason": "geschorst"}),
    ("we gaan een week eerder op vakantie", {"weeks_absent": 1, "reason": "vakantie"}),
    ("hij komt steeds te laat", {"reason": "te_laat"}),
    ("ze kan het niet aan", {"reason": "zorgen"}),
    ("ze hebben hem van school gestuurd", {"reason": "verwijderd"}),
    ("hij is niet ziek, hij weigert gewoon", {"reason": "weigert"}),
    ("we houden hem thuis tot er een goede school is", {"reason": "ouders_houden_thuis"}),
    ("we hebben verlof gevraagd voor een bruiloft in marokko", {"reason": "verlof"}),
    ("ze heeft een burn-out", {"reason": "ziek"}),
    # --- care, disagreement, vrijstelling, role --------------------------------------------
    ("hij is in behandeling bij de ggz", {"care_involved": True}),
    ("er is geen hulp, geen jeugdzorg niks", {"care_involved": False}),
    ("we zijn het niet eens met de school", {"disagreement": True}),
    ("er is ruzie met school over de plaatsing", {"disagreement": True}),
    ("ze heeft een vrijstelling van de leerplicht", {"has_vrijstelling": True, "reason": "vrijstelling"}),
    ("ik ben ib'er op een basisschool", {"role": "school", "level": "po"}),
    ("als moeder weet ik niet meer wat ik moet doen", {"role": "ouder"}),
    ("ik werk bij leerplicht", {"role": "leerplicht"}),
    ("ik ben zelf ook leerkracht", {"role": "school"}),
    ("de leerplichtambtenaar belde gisteren", {}),
    ("ik ben intern begeleider en heb een leerling die al 5 weken thuiszit",
     {"role": "school", "weeks_absent": 5}),
    ("ze mag maar 2 dagen in de week naar school", {}),
    ("mijn zoon (14) zit thuis sinds de zomer", {"age": 14, "role": "ouder"}),
    ("de school moet binnen 5 dagen melden toch?", {}),
    # --- long story ------------------------------------------------------------------------
    ("Goedemiddag, ik ben de moeder van een jongen van 14. Hij zit in de tweede klas van het vmbo "
     "en is sinds oktober niet meer op school geweest, dat is nu ongeveer 8 weken. Hij heeft "
     "schoolangst en is in behandeling bij de GGZ. School zegt dat ze hem niet kunnen helpen en we "
     "zijn het totaal niet eens met hoe het gaat. Hij staat nog wel ingeschreven.",
     {"role": "ouder", "age": 14, "level": "vo", "weeks_absent": 8, "reason": "weigert",
      "care_involved": True, "disagreement": True, "enrolled": True}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_extract_facts(text, expected):
    assert extract_facts(text) == expected


def test_reason_words_from_knowledge_come_first():
    words = {"geschorst": ["eruit gestuurd", "time-out"], "weigert": ["wil niet", "schoolangst", "ziek"]}
    assert extract_facts("hij is eruit gestuurd", words)["reason"] == "geschorst"
    assert extract_facts("ze heeft schoolangst", words)["reason"] == "weigert"
    # the knowledge wins over the built-in defaults ...
    assert extract_facts("ze is ziek", words)["reason"] == "weigert"
    # ... which only fill in when none of its words occur
    assert extract_facts("school zegt vol", words)["reason"] == "geen_passende_plek"


def test_with_the_real_knowledge():
    engine = pytest.importorskip("bot.engine").load_engine()
    words = engine.reason_words()
    assert extract_facts("hij is geschorst voor 3 dagen", words) == {"suspension_days": 3, "reason": "geschorst"}
    assert extract_facts("mijn dochter wil niet naar school", words)["reason"] == "weigert"
    assert extract_facts("school zegt vol", words)["reason"] == "geen_passende_plek"
    # "geen school kan haar opvangen" is no place, not "geen school" (not enrolled)
    assert extract_facts("zit al een half jaar thuis. geen school kan haar opvangen",
                         words)["reason"] == "geen_passende_plek"
    assert extract_facts("mijn kind heeft geen school", words)["reason"] == "niet_ingeschreven"
    # "geen school kan haar opvangen" is no place, not "geen school" (not enrolled)
    assert extract_facts("zit al een half jaar thuis. geen school kan haar opvangen",
                         words)["reason"] == "geen_passende_plek"
    assert extract_facts("mijn kind heeft geen school", words)["reason"] == "niet_ingeschreven"


def test_reason_words_prefix_and_multiword():
    words = {"ziek": ["ziek*"], "geen_passende_plek": ["zit vol", "geen plek"]}
    assert extract_facts("ze is ziekgemeld", words)["reason"] == "ziek"
    assert extract_facts("de school zit  vol", words)["reason"] == "geen_passende_plek"


def test_earliest_reason_wins():
    assert extract_facts("hij is geschorst en nu weigert hij te gaan")["reason"] == "geschorst"


@pytest.mark.parametrize("token,value", [("6", 6), ("1,5", 1.5), ("zes", 6), ("anderhalve", 1.5),
                                         ("een half", 0.5), ("twintig", 20), ("één", 1), ("x", None)])
def test_parse_number(token, value):
    assert parse_number(token) == value


def test_empty():
    assert extract_facts("") == {}
    assert extract_facts("   ") == {}


def test_reason_of_longer_phrase_only_when_it_contains_the_tagged_words(engine):
    text = "Geen school kan haar opvangen, ze zit thuis"
    tagged = [{"entity": "reason", "value": "niet_ingeschreven", "start": 0, "end": 11}]
    assert engine.reason_of_longer_phrase(text, tagged) == "geen_passende_plek"
    # same phrase as the one tagged: nothing more specific
    assert engine.reason_of_longer_phrase("ze heeft geen school", [
        {"entity": "reason", "value": "niet_ingeschreven", "start": 9, "end": 20}]) is None
    # the reader's phrase is elsewhere in the message
    text = "ze is geschorst en nu ziek"
    assert engine.reason_of_longer_phrase(text, [
        {"entity": "reason", "value": "ziek", "start": 22, "end": 26}]) is None
    assert engine.reason_of_longer_phrase(text, []) is None


@pytest.mark.parametrize("text, elliptical", [
    ("en een verwijdering?", True),
    ("En bij een time-out?", True),
    ("en voor het vo", True),
    ("maar bij luxe verzuim?", True),
    ("en ook bij ziekte?", True),
    # a question of its own, or no follow-up at all
    ("en wat is een verwijdering?", False),
    ("en mag dat?", False),
    ("en hoe lang duurt een verwijdering?", False),
    ("een verwijdering", False),
    ("hoe lang mag een schorsing duren?", False),
    ("en toen heeft de school hem naar huis gestuurd zonder iets te zeggen", False),
])
def test_elliptical_follow_up(text, elliptical):
    from bot.engine.facts import is_elliptical_follow_up
    assert is_elliptical_follow_up(text) is elliptical
