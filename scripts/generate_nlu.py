"""Generate data/nlu/generated.yml (synonyms + lookup tables) from the knowledge.

    python scripts/generate_nlu.py            # write the file
    python scripts/generate_nlu.py --check    # exit 1 when the file is stale (make validate)

Source: ``bot.engine.load_engine().nlu_vocabulary()`` ->
``{"kind": {id: [words]}, "reason": {...}, "route": {...}, "term": {...}, "role": {...},
"level": {...}, "region": {...}}``. A new word in the knowledge YAML is understood after
regenerating; nobody edits NLU files by hand for it.

Rules (all deterministic; output sorted):
- ``lookup: <entity type>``: every word and the readable id ("te_laat" -> "te laat") of that type,
  lower-cased, deduplicated. Words that are only a number with a unit ("16 uur", "5 jaar") are left
  out: numbers are read by bot.engine.facts, and a lookup hit on them would teach the tagger to tag
  numbers as entities.
- ``synonym: <id>``: every word -> its id. Rasa's EntitySynonymMapper is global (it ignores the
  entity type), so a word the knowledge uses for ids of several types (e.g. "schorsing": kind
  ``schorsing`` and reason ``geschorst``) maps to the id of the first type in TYPE_PRIORITY
  (role, level, region, reason: the types that fill categorical slots directly); a word with two
  ids *within* that type gets no synonym. Actions resolve kind/route/term per type from the
  surface text with ``bot.engine.facts.resolve_entities``. Words equal to their id are skipped.
- Role ``jongere`` is folded into ``ouder`` in the NLU synonyms (the annotation contract of the NLU
  data: role values ouder, school, leerplicht). The actions resolve the typed word themselves
  (``normalise_entity``) and keep ``jongere``, which gets the parents' steps.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUTPUT = ROOT / "data" / "nlu" / "generated.yml"
ENTITY_TYPES = ("kind", "reason", "route", "term", "role", "level", "region")
ROLE_ALIASES = {"jongere": "ouder"}
HEADER = (
    "# generated — do not edit.\n"
    "# Written by scripts/generate_nlu.py from bot.engine.load_engine().nlu_vocabulary()\n"
    "# (the knowledge YAML). Change the knowledge, then run `python scripts/generate_nlu.py`.\n"
)
_NUMBER_WITH_UNIT = re.compile(
    r"^(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|zestien)"
    r"[\s-]*(?:uur|uren|jaar|jarige?|dag|dagen|week|weken|maand|maanden|keer|x)$")

Vocabulary = Dict[str, Dict[str, List[str]]]


def load_vocabulary() -> Vocabulary:
    from bot.engine import load_engine  # imported late: tests monkeypatch this function

    return load_engine().nlu_vocabulary()


def norm(word: str) -> str:
    """Lower-case, straight quotes, single spaces: the form Rasa compares synonyms in."""
    word = str(word).strip().lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", word)


def readable_id(entity_id: str) -> str:
    return norm(entity_id.replace("_", " "))


def clean_vocabulary(vocab: Vocabulary) -> Vocabulary:
    """Normalise words, fold role aliases, drop empties and number+unit words; sorted + unique."""
    out: Vocabulary = {}
    for etype in ENTITY_TYPES:
        entries = vocab.get(etype) or {}
        merged: Dict[str, set] = {}
        for entity_id, words in entries.items():
            target = ROLE_ALIASES.get(entity_id, entity_id) if etype == "role" else entity_id
            bucket = merged.setdefault(str(target), set())
            if target != entity_id:
                bucket.add(norm(entity_id))
            for w in words or []:
                w = norm(w)
                if w and not _NUMBER_WITH_UNIT.match(w):
                    bucket.add(w)
        out[etype] = {k: sorted(v) for k, v in sorted(merged.items())}
    return out


# When a word belongs to ids of several entity types, the global synonym goes to the type that
# fills a categorical slot directly (role, level, region, reason); kind/route/term values are
# resolved per type by the action (bot.engine.facts.resolve_entities uses the surface text).
TYPE_PRIORITY = ("role", "level", "region", "reason", "kind", "route", "term")


def build(vocab: Vocabulary) -> dict:
    """Return {"synonyms": {id: [words]}, "lookups": {type: [words]}, "ambiguous": {word: note}}."""
    vocab = clean_vocabulary(vocab)
    owners: Dict[str, Dict[str, set]] = {}  # word -> type -> ids
    for etype, entries in vocab.items():
        for entity_id, words in entries.items():
            for w in words + [readable_id(entity_id)]:
                owners.setdefault(w, {}).setdefault(etype, set()).add(entity_id)

    synonyms: Dict[str, set] = {}
    ambiguous: Dict[str, str] = {}
    for w, by_type in owners.items():
        all_ids = {i for ids in by_type.values() for i in ids}
        etype = next(t for t in TYPE_PRIORITY if t in by_type)
        ids = by_type[etype]
        if len(all_ids) > 1:
            chosen = next(iter(ids)) if len(ids) == 1 else None
            ambiguous[w] = (f"{chosen} ({etype})" if chosen else "no synonym") + \
                " <- " + ", ".join(f"{t}:{i}" for t in TYPE_PRIORITY if t in by_type for i in sorted(by_type[t]))
            if chosen is None:
                continue
        (entity_id,) = ids
        if w != norm(entity_id):
            synonyms.setdefault(entity_id, set()).add(w)

    lookups: Dict[str, List[str]] = {}
    for etype, entries in vocab.items():
        words = set()
        for entity_id, ws in entries.items():
            words.update(ws)
            words.add(readable_id(entity_id))
        if words:
            lookups[etype] = sorted(words)
    return {
        "synonyms": {k: sorted(v) for k, v in sorted(synonyms.items()) if v},
        "lookups": dict(sorted(lookups.items())),
        "ambiguous": dict(sorted(ambiguous.items())),
    }


def _quote(word: str) -> str:
    # inside a block scalar "- text" lines are read by Rasa's markdown-ish example parser; square
    # brackets or parentheses would be read as entity annotations, so they are stripped.
    return re.sub(r"[\[\]\(\)\{\}]", "", word)


def render(vocab: Vocabulary) -> str:
    data = build(vocab)
    lines = [HEADER.rstrip("\n")]
    if data["ambiguous"]:
        lines.append("# Words of more than one id. Rasa synonyms are global, so the word maps to the id of")
        lines.append("# the first type in role, level, region, reason, kind, route, term; actions resolve")
        lines.append("# entities per type with bot.engine.facts.resolve_entities (from the surface text):")
        for w, note in data["ambiguous"].items():
            lines.append(f"#   {w}: {note}")
    lines += ['version: "3.1"', "", "nlu:"]
    for entity_id, words in data["synonyms"].items():
        lines.append(f"- synonym: {entity_id}")
        lines.append("  examples: |")
        lines += [f"    - {_quote(w)}" for w in words]
    for etype, words in data["lookups"].items():
        lines.append(f"- lookup: {etype}")
        lines.append("  examples: |")
        seen = set()
        for w in words:
            q = _quote(w)
            if q and q not in seen:
                seen.add(q)
                lines.append(f"    - {q}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if generated.yml is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    text = render(load_vocabulary())
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output} "
                  "is stale: run `python scripts/generate_nlu.py`", file=sys.stderr)
            return 1
        print("generated NLU is current")
        return 0
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print("generated NLU unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
