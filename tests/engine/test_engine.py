"""The Engine facade: caching, lookups, NLU vocabulary, facts delegation, no Rasa import."""
import sys
from pathlib import Path

from bot.engine import Situation, load_engine
import bot.engine.engine as engine_module


def test_load_engine_is_cached(engine):
    assert load_engine() is engine


def test_lookups(engine):
    assert engine.kind("schorsing").name == "Schorsing"
    assert engine.route("gpo").id == "gpo"
    assert engine.route("cto", "kop-van-noord-holland").name == "Melding bij de CTO"
    assert engine.term("swv").short
    assert engine.region("nergens") is None and engine.region(None) is None
    assert engine.region("holland-rijnland").name == "Holland Rijnland"
    assert engine.default_region == "holland-rijnland"
    assert {r.name for r in engine.regions()} == {"Holland Rijnland", "Kop van Noord-Holland"}


def test_nlu_vocabulary(engine):
    v = engine.nlu_vocabulary()
    assert set(v) == {"kind", "reason", "route", "term", "role", "level", "region"}
    assert "eruit gestuurd" in v["kind"]["schorsing"] and "time-out" in v["reason"]["geschorst"]
    assert "cto" in v["route"] and "schagen" in [w.lower() for w in v["region"]["kop-van-noord-holland"]]
    assert set(v["reason"]) == set(engine.knowledge.reasons)
    for group in v.values():
        for words in group.values():
            assert len(words) == len({w.lower() for w in words})


def test_a_word_that_is_a_term_and_a_route_means_one_thing(engine):
    """Rasa's synonyms are global: a word listed for a term and for another route is mapped to
    one of them, and the other becomes unreachable ('ondersteuningsplan' was route geschillen,
    so "waar vind ik het ondersteuningsplan?" explained the geschillen route)."""
    v = engine.nlu_vocabulary()
    term_of = {w.lower(): i for i, words in v["term"].items() for w in words}
    clashes = {w: (term_of[w.lower()], i) for i, words in v["route"].items() for w in words
               if w.lower() in term_of and term_of[w.lower()] != i}
    assert not clashes, clashes


def test_extract_facts_delegates_with_reason_words(engine, monkeypatch):
    seen = {}

    def fake(text, reason_words, region_words):
        seen["args"] = (text, reason_words, region_words)
        return {"reason": "geschorst"}
    monkeypatch.setattr(engine_module, "_extract_facts", fake)
    assert engine.extract_facts("hij is eruit gestuurd") == {"reason": "geschorst"}
    assert "eruit gestuurd" in seen["args"][1]["geschorst"]
    # region words: the pack's name, words and areas (municipalities)
    assert "schagen" in [w.lower() for w in seen["args"][2]["kop-van-noord-holland"]]
    monkeypatch.setattr(engine_module, "_extract_facts", None)
    assert engine.extract_facts("iets") == {}


def test_situation_accepts_slot_values(engine):
    s = Situation(start_date="2026-11-26", age=12.0, late_count=9.0)
    assert s.start_date.isoformat() == "2026-11-26"
    assert Situation.from_dict({"reason": "ziek", "days_absent": 3}).reason == "ziek"
    assert engine.classify(Situation(reason="te_laat", level="vo", late_count=9.0, age=12.0)).kinds == ["te_laat"]


def test_engine_does_not_import_rasa():
    """Static check of every engine module (a subprocess import check was too slow under load)."""
    import ast
    root = Path(__file__).resolve().parents[2] / "bot" / "engine"
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in ("rasa", "rasa_sdk"), f"{path.name} imports {name}"
    assert not [m for m in sys.modules if m.split(".")[0] in ("rasa", "rasa_sdk")] or "actions" in sys.modules


def test_normalise_entity_maps_everyday_words_to_ids(engine):
    assert engine.normalise_entity("reason", "eruit gezet") in engine.knowledge.reasons
    assert engine.normalise_entity("reason", "geschorst") == "geschorst"
    assert engine.normalise_entity("reason", "iets onbekends") is None
    assert engine.normalise_entity("level", 7) is None


def test_topics_in_text_finds_whole_knowledge_words(engine):
    assert engine.topics_in_text("mag ik stoppen met school?") == {"term": "leerplichtige_leeftijd"}
    assert engine.topics_in_text("wat doet de onderwijsconsulent") == {"route": "onderwijsconsulent"}
    # whole words only, and nothing for a message without one
    assert engine.topics_in_text("hoe laat is het") == {}
    assert "route" not in engine.topics_in_text("de onderwijsconsulentenclub")
    # a negated word is no topic: a leerplicht officer's "meegenomen naar spanje zonder verlof"
    assert engine.topics_in_text("meegenomen naar spanje zonder verlof, wat zijn mijn stappen?") == {}
    # the meldplicht is wettelijk verzuim's rule: a general "when must we report" question is about it
    assert engine.topics_in_text("wanneer moet een school verzuim melden?") == {"kind": "wettelijk"}
    assert engine.topics_in_text("vanaf hoeveel uur verzuim moeten we melden") == {"kind": "wettelijk"}


def test_anxiety_complaints_are_an_illness(engine):
    # "leerling ... 4 weken niet op school geweest, angstklachten" (2026-11-25): no reason was read
    assert engine.extract_facts("4 weken niet op school geweest, angstklachten")["reason"] == "ziek"


def test_a_boarding_school_abroad_is_other_education(engine):
    # round 20: "een jaar naar een kostschool in Engeland" got the school's verlof
    assert engine.kind_of_named_type("Ouders willen hem een jaar naar een kostschool in Engeland sturen. "
                                     "Wat moeten ze bij ons aanvragen?") == "vrijstelling_leerplicht"
