"""The Engine facade: caching, lookups, NLU vocabulary, facts delegation, no Rasa import."""
import subprocess
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


def test_extract_facts_delegates_with_reason_words(engine, monkeypatch):
    seen = {}

    def fake(text, reason_words):
        seen["args"] = (text, reason_words)
        return {"reason": "geschorst"}
    monkeypatch.setattr(engine_module, "_extract_facts", fake)
    assert engine.extract_facts("hij is eruit gestuurd") == {"reason": "geschorst"}
    assert "eruit gestuurd" in seen["args"][1]["geschorst"]
    monkeypatch.setattr(engine_module, "_extract_facts", None)
    assert engine.extract_facts("iets") == {}


def test_situation_accepts_slot_values(engine):
    s = Situation(start_date="2026-11-26", age=12.0, late_count=9.0)
    assert s.start_date.isoformat() == "2026-11-26"
    assert Situation.from_dict({"reason": "ziek", "days_absent": 3}).reason == "ziek"
    assert engine.classify(Situation(reason="te_laat", level="vo", late_count=9.0, age=12.0)).kinds == ["te_laat"]


def test_engine_does_not_import_rasa():
    root = Path(__file__).resolve().parents[2]
    code = ("import sys; import bot.engine; e = bot.engine.load_engine(); "
            "e.advise(bot.engine.Situation(role='ouder', reason='ziek')); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
