"""scripts/generate_nlu.py with a stub vocabulary (no engine, no Rasa)."""
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from bot.engine.facts import normalise_entity, resolve_entities

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("generate_nlu", ROOT / "scripts" / "generate_nlu.py")
generate_nlu = importlib.util.module_from_spec(spec)
sys.modules["generate_nlu"] = generate_nlu
spec.loader.exec_module(generate_nlu)

STUB = {
    "kind": {"schorsing": ["schorsing", "geschorst", "Eruit gestuurd"],
             "luxe": ["luxe verzuim", "eerder op vakantie"],
             "te_laat": ["te laat", "te laat komen", "16 uur"]},
    "reason": {"geschorst": ["geschorst", "schorsing", "time-out"],
               "te_laat": ["te laat", "laatkomer"]},
    "route": {"onderwijsconsulent": ["onderwijsconsulent", "consulent"]},
    "term": {"zorgplicht": ["zorgplicht"]},
    "role": {"ouder": ["moeder", "vader"], "jongere": ["leerling"], "school": ["ib'er", "IB’er"]},
    "level": {"po": ["basisschool", "groep 8"], "vo": ["havo"]},
    "region": {"holland-rijnland": ["Leiden", "Alphen aan den Rijn"],
               "kop-van-noord-holland": ["Schagen"]},
}


@pytest.fixture
def stub(monkeypatch):
    monkeypatch.setattr(generate_nlu, "load_vocabulary", lambda: STUB)
    return STUB


def parsed(text):
    data = yaml.safe_load(text)
    syn = {e["synonym"]: [l[2:] for l in e["examples"].splitlines()] for e in data["nlu"] if "synonym" in e}
    look = {e["lookup"]: [l[2:] for l in e["examples"].splitlines()] for e in data["nlu"] if "lookup" in e}
    return data, syn, look


def test_header_and_format():
    text = generate_nlu.render(STUB)
    assert text.startswith("# generated — do not edit")
    data, syn, look = parsed(text)
    assert data["version"] == "3.1"
    assert set(look) == {"kind", "reason", "route", "term", "role", "level", "region"}


def test_synonyms_global_and_unique():
    data = generate_nlu.build(STUB)
    syn = data["synonyms"]
    all_words = [w for ws in syn.values() for w in ws]
    # every word maps to exactly one id (Rasa's synonyms are global)
    assert len(all_words) == len(set(all_words))
    # "schorsing" is kind schorsing and reason geschorst: the reason (slot-filling type) wins
    assert "schorsing" in syn["geschorst"]
    assert "schorsing" in data["ambiguous"] and "kind:schorsing" in data["ambiguous"]["schorsing"]
    assert "eruit gestuurd" in syn["schorsing"]  # only a kind word
    assert "time-out" in syn["geschorst"]
    assert "leiden" in syn["holland-rijnland"] and "schagen" in syn["kop-van-noord-holland"]
    # a word equal to its id is not a synonym
    assert "zorgplicht" not in syn and "geschorst" not in all_words


def test_word_with_two_ids_of_one_type_gets_no_synonym():
    vocab = {**STUB, "reason": {**STUB["reason"], "verwijderd": ["eruit"], "geschorst": ["eruit"]}}
    data = generate_nlu.build(vocab)
    assert "eruit" not in [w for ws in data["synonyms"].values() for w in ws]
    assert data["ambiguous"]["eruit"].startswith("no synonym")


def test_role_alias_and_quotes():
    _, syn, look = parsed(generate_nlu.render(STUB))
    assert "leerling" in syn["ouder"] and "jongere" in syn["ouder"]
    assert "jongere" not in syn
    assert syn["school"] == ["ib'er"]  # curly quote normalised, deduplicated


def test_lookups_sorted_unique_no_numbers():
    _, _, look = parsed(generate_nlu.render(STUB))
    for words in look.values():
        assert words == sorted(set(words))
    assert "16 uur" not in look["kind"]
    assert "groep 8" in look["level"]
    assert "te laat" in look["reason"]


def test_deterministic():
    assert generate_nlu.render(STUB) == generate_nlu.render(dict(reversed(list(STUB.items()))))


def test_check_mode(stub, tmp_path, capsys):
    out = tmp_path / "generated.yml"
    assert generate_nlu.main(["--check", "--output", str(out)]) == 1  # missing
    assert generate_nlu.main(["--output", str(out)]) == 0
    assert generate_nlu.main(["--check", "--output", str(out)]) == 0
    out.write_text(out.read_text() + "# edited\n")
    assert generate_nlu.main(["--check", "--output", str(out)]) == 1


def test_new_knowledge_word_appears(monkeypatch, tmp_path):
    out = tmp_path / "generated.yml"
    vocab = {**STUB, "reason": {**STUB["reason"], "geschorst": STUB["reason"]["geschorst"] + ["naar huis gestuurd"]}}
    monkeypatch.setattr(generate_nlu, "load_vocabulary", lambda: vocab)
    generate_nlu.main(["--output", str(out)])
    _, syn, _ = parsed(out.read_text())
    assert "naar huis gestuurd" in syn["geschorst"]


@pytest.mark.parametrize("etype,text,expected", [
    ("kind", "schorsing", "schorsing"),
    ("reason", "schorsing", "geschorst"),
    ("kind", "Geschorst", "schorsing"),
    ("reason", "te laat", "te_laat"),
    ("role", "leerling", "jongere"),  # the NLU synonyms fold it into ouder; the actions do not
    ("role", "IB'er", "school"),
    ("region", "alphen aan den rijn", "holland-rijnland"),
    ("level", "groep 8", "po"),
    ("level", "op de havo", "vo"),
    ("route", "iets anders", None),
])
def test_normalise_entity(etype, text, expected):
    assert normalise_entity(etype, text, STUB) == expected


def test_resolve_entities_uses_surface_text_per_type():
    text = "hoe lang mag een schorsing duren in leiden"
    ents = [{"entity": "kind", "value": "geschorst", "start": 16, "end": 25},   # global synonym hit
            {"entity": "region", "value": "holland-rijnland", "start": 35, "end": 41},
            {"entity": "age", "value": "12"},
            {"entity": "route", "value": "iets", "start": 0, "end": 3}]
    assert resolve_entities(ents, text, STUB) == {"kind": "schorsing", "region": "holland-rijnland",
                                                  "age": "12"}
