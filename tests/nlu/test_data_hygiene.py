"""Fast checks on the NLU data (no training, no Rasa import)."""
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "data" / "nlu"
TESTSET = ROOT / "tests" / "nlu" / "testset.yml"

CONTRACT_INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "restart", "help", "chitchat", "out_of_scope",
    "request_human", "delete_conversation", "describe_situation", "state_role", "choose_region",
    "ask_about", "ask_procedure", "ask_deadline", "disagree_with_school",
}
ENTITY_TYPES = {"kind", "reason", "route", "term", "role", "level", "region"}
# ids fixed by docs/architecture.md
CONTRACT_IDS = {
    "reason": {"ziek", "geschorst", "verwijderd", "weigert", "ouders_houden_thuis",
               "geen_passende_plek", "vakantie", "te_laat", "niet_ingeschreven", "verlof",
               "vrijstelling", "zorgen"},
    "role": {"ouder", "school", "leerplicht"},
    "level": {"po", "vo", "mbo", "so"},
    "region": {"holland-rijnland", "kop-van-noord-holland"},
}
ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<type>[\w-]+)\)|(?P<json>\{[^}]*\}))")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]


def examples(paths):
    """Yield (intent, raw example) for every intent example in the files."""
    for path in paths:
        for block in load(path):
            if "intent" in block:
                for line in block["examples"].splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        yield block["intent"], line[2:]


def entities(raw):
    """[(text, type, value or None)] of an annotated example."""
    out = []
    for m in ANNOTATION.finditer(raw):
        if m.group("type"):
            out.append((m.group("text"), m.group("type"), None))
        else:
            spec = yaml.safe_load(m.group("json"))
            out.append((m.group("text"), spec["entity"], spec.get("value")))
    return out


def plain(raw):
    text = ANNOTATION.sub(lambda m: m.group("text"), raw)
    text = re.sub(r"\s+", " ", text.lower()).strip()
    return re.sub(r"[\s!?.,:;]+$", "", re.sub(r"^[\s!?.,:;]+", "", text)).replace(", ", " ").replace(": ", " ")


def norm(word):
    return re.sub(r"\s+", " ", str(word).strip().lower().replace("\u2019", "'"))


TRAIN_FILES = sorted(p for p in NLU_DIR.glob("*.yml"))
TRAIN = list(examples(TRAIN_FILES))
TEST = list(examples([TESTSET]))


def vocabulary():
    """The knowledge's vocabulary when the engine is available, else None."""
    try:
        from bot.engine import load_engine
        return load_engine().nlu_vocabulary()
    except Exception:  # engine not built yet / knowledge invalid: other tests report that
        return None


def test_files_are_rasa_3_1():
    for path in TRAIN_FILES + [TESTSET]:
        assert str(yaml.safe_load(path.read_text())["version"]) == "3.1", path


def test_every_contract_intent_has_30_examples():
    counts = Counter(intent for intent, _ in TRAIN)
    assert set(counts) == CONTRACT_INTENTS
    thin = {i: c for i, c in counts.items() if c < 30}
    assert not thin, thin


def test_testset_covers_every_intent_and_is_big_enough():
    assert len(TEST) >= 150
    assert {i for i, _ in TEST} == CONTRACT_INTENTS


def test_no_test_message_in_training_data():
    train = {plain(raw) for _, raw in TRAIN}
    leaked = [raw for _, raw in TEST if plain(raw) in train]
    assert not leaked, leaked


def test_no_duplicates_in_training_data():
    seen, dups = {}, []
    for intent, raw in TRAIN:
        key = plain(raw)
        if key in seen:
            dups.append((raw, seen[key], intent))
        seen[key] = intent
    assert not dups, dups


def test_only_contract_entity_types_and_no_numbers_annotated():
    for _, raw in TRAIN + TEST:
        for text, etype, _ in entities(raw):
            assert etype in ENTITY_TYPES, raw
            assert not re.fullmatch(r"[\d\s]+(?:weken|dagen|uur|jaar|keer)?", text), raw


def test_explicit_values_are_contract_ids():
    for _, raw in TRAIN + TEST:
        for text, etype, value in entities(raw):
            if etype in CONTRACT_IDS:
                resolved = value if value is not None else norm(text)
                if value is not None or norm(text) in CONTRACT_IDS[etype]:
                    assert resolved in CONTRACT_IDS[etype], (raw, resolved)


def test_annotation_values_are_consistent():
    """Rasa's synonyms are global: one text may not be given two different values."""
    values = defaultdict(set)
    for _, raw in TRAIN:
        for text, _, value in entities(raw):
            if value is not None and norm(text) != norm(value):
                values[norm(text)].add(value)
    clashes = {t: v for t, v in values.items() if len(v) > 1}
    assert not clashes, clashes


def test_entity_values_are_known_ids():
    """With the knowledge: every annotated entity resolves to an id of its type, and explicit
    values never contradict the generated synonyms."""
    vocab = vocabulary()
    if vocab is None:
        pytest.skip("bot.engine not available yet")
    from bot.engine.facts import normalise_entity
    import importlib.util
    spec = importlib.util.spec_from_file_location("generate_nlu", ROOT / "scripts" / "generate_nlu.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    built = gen.build(vocab)
    synonym_of = {w: sid for sid, ws in built["synonyms"].items() for w in ws}
    ids = {etype: set(gen.clean_vocabulary(vocab)[etype]) for etype in ENTITY_TYPES}
    problems = []
    for _, raw in TRAIN + TEST:
        for text, etype, value in entities(raw):
            if value is not None:
                if value not in ids[etype] and value not in CONTRACT_IDS.get(etype, set()):
                    problems.append((raw, etype, value, "unknown id"))
                elif norm(text) in synonym_of and synonym_of[norm(text)] != value:
                    problems.append((raw, etype, value, f"generated synonym says {synonym_of[norm(text)]}"))
            elif normalise_entity(etype, text, vocab) is None:
                problems.append((raw, etype, text, "text resolves to no id of its type"))
    assert not problems, "\n".join(map(str, problems))
