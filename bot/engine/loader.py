"""Load all knowledge YAML once, validate it, and return a read-only Knowledge object.

Everything that can be wrong in the YAML is caught here (at start-up) with a KnowledgeError that
names file, entry and field. The check that quotes occur in the seed texts is deliberately *not*
done here (see quotes.py): the seeds need not be present where the bot runs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from . import schema as S
from .errors import KnowledgeError
from .model import Situation

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "knowledge"
# libyaml's loader is ~10x faster than the pure-Python one (start-up time and test speed).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# file -> top-level key holding the entries (None: the file itself is one object)
FILES = {
    "sources.yml": "sources", "actors.yml": "actors", "roles.yml": "roles", "levels.yml": "levels",
    "kinds.yml": "kinds", "routes.yml": "routes", "reasons.yml": "reasons",
    "glossary.yml": "terms", "questions.yml": "questions", "answers.yml": "answers",
    "settings.yml": None,
}


@dataclass
class Knowledge:
    dir: Path
    sources: Dict[str, dict]
    actors: Dict[str, dict]
    roles: Dict[str, dict]
    levels: Dict[str, dict]
    kinds: Dict[str, dict]
    routes: Dict[str, dict]
    reasons: Dict[str, dict]
    terms: Dict[str, dict]
    questions: Dict[str, dict]
    answers: Dict[str, dict]
    regions: Dict[str, dict]
    settings: Dict[str, Any]
    thresholds: Dict[str, dict]                 # "kind.threshold_id" -> threshold
    source_refs: List[S.SourceRef] = field(default_factory=list)

    @property
    def default_region(self) -> str:
        return self.settings["default_region"]

    @property
    def staff_roles(self) -> frozenset:
        """The roles of professionals (roles.yml `staff: true`): school, leerplicht, zorg."""
        return frozenset(rid for rid, r in self.roles.items() if r.get("staff"))

    def threshold(self, ref: str, local_kind: Optional[str] = None) -> dict:
        t = S.resolve_threshold(self.thresholds, ref, local_kind)
        if t is None:  # validation guarantees this cannot happen for YAML-defined references
            raise KeyError(ref)
        return t

    def citation(self, source: Any) -> str:
        """'Handreiking schoolverzuim 2017-2018, §2a Schorsing' (title from sources.yml)."""
        if not isinstance(source, dict):
            return ""
        return f"{self.sources[source['doc']]['title']}, §{source['section']}"


def _read(path: Path, file: str) -> Any:
    if not path.exists():
        raise KnowledgeError(file, None, None, f"file not found (looked in {path.parent})")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(file, None, None, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise KnowledgeError(file, None, None, "expected a mapping at the top of the file")
    return data


def _entries(data: dict, file: str, key: str) -> Dict[str, dict]:
    entries = data.get(key)
    if not isinstance(entries, dict) or not entries:
        raise KnowledgeError(file, None, key, "missing or empty top-level mapping")
    return {str(k): v for k, v in entries.items()}


def load_knowledge(knowledge_dir: Optional[os.PathLike] = None) -> Knowledge:
    kdir = Path(knowledge_dir) if knowledge_dir else DEFAULT_DIR
    if not kdir.is_dir():
        raise KnowledgeError(str(kdir), None, None, "knowledge directory not found")

    raw = {f: _read(kdir / f, f) for f in FILES}
    coll = {f: (_entries(raw[f], f, key) if key else raw[f]) for f, key in FILES.items()}

    region_dir = kdir / "regions"
    if not region_dir.is_dir():
        raise KnowledgeError("regions/", None, None, f"region directory not found in {kdir}")
    region_files = sorted(region_dir.glob("*.yml"))
    if not region_files:
        raise KnowledgeError("regions/", None, None, "no region file (regions/<id>.yml) found")
    regions = {p.stem: _read(p, f"regions/{p.name}") for p in region_files}

    kinds, routes = coll["kinds.yml"], coll["routes.yml"]
    region_routes = {rid: r for reg in regions.values() if isinstance(reg.get("routes"), dict)
                     for rid, r in reg["routes"].items()}
    ids = {
        "docs": set(coll["sources.yml"]), "actors": set(coll["actors.yml"]),
        "roles": set(coll["roles.yml"]), "levels": set(coll["levels.yml"]), "kinds": set(kinds),
        "routes": set(routes) | set(region_routes), "reasons": set(coll["reasons.yml"]),
        "regions": set(regions), "terms": set(coll["glossary.yml"]),
    }
    thresholds = _collect_thresholds(kinds)
    ctx = S.Ctx(ids, thresholds)

    specs = {"sources.yml": S.SOURCE_DOC, "actors.yml": S.ACTOR, "roles.yml": S.ROLE,
             "levels.yml": S.LEVEL, "kinds.yml": S.KIND, "routes.yml": S.ROUTE,
             "reasons.yml": S.REASON, "glossary.yml": S.TERM, "questions.yml": S.QUESTION,
             "answers.yml": S.ANSWER}
    for file, spec in specs.items():
        for entry_id, entry in coll[file].items():
            spec.check(entry, "", ctx.at(file, entry_id, entry_id if file == "kinds.yml" else None))
    S.SETTINGS.check(coll["settings.yml"], "", ctx.at("settings.yml", None))
    for rid, reg in regions.items():
        file = f"regions/{rid}.yml"
        S.REGION.check(reg, "", ctx.at(file, rid))
        _check_region(reg, rid, file, ids)

    _check_kinds(kinds, ctx)
    _check_misc(coll, ctx)

    settings = dict(coll["settings.yml"])
    env_region = os.environ.get("VERZUIMWIJZER_REGION")
    if env_region:
        if env_region not in regions:
            raise KnowledgeError("settings.yml", None, "default_region",
                                 f"VERZUIMWIJZER_REGION={env_region!r} is not a region file "
                                 f"(known: {', '.join(sorted(regions))})")
        settings["default_region"] = env_region

    return Knowledge(dir=kdir, sources=coll["sources.yml"], actors=coll["actors.yml"],
                     roles=coll["roles.yml"], levels=coll["levels.yml"], kinds=kinds, routes=routes,
                     reasons=coll["reasons.yml"], terms=coll["glossary.yml"],
                     questions=coll["questions.yml"], answers=coll["answers.yml"], regions=regions, settings=settings,
                     thresholds=thresholds, source_refs=ctx.source_refs)


def _collect_thresholds(kinds: Dict[str, dict]) -> Dict[str, dict]:
    out: Dict[str, dict] = {}
    for kid, kind in kinds.items():
        items = kind.get("thresholds") if isinstance(kind, dict) else None
        if not isinstance(items, list):
            continue
        for i, t in enumerate(items):
            if not isinstance(t, dict) or "id" not in t:
                continue  # the schema check reports it with its path
            key = f"{kid}.{t['id']}"
            if key in out:
                raise KnowledgeError("kinds.yml", kid, f"thresholds[{i}].id", f"duplicate threshold id {t['id']!r}")
            out[key] = t
    return out


def _check_kinds(kinds: Dict[str, dict], ctx: S.Ctx) -> None:
    ctx.at("kinds.yml", None)
    for kid, kind in kinds.items():
        ctx.entry = kid
        for i, t in enumerate(kind.get("thresholds") or []):
            want = S.FIELD_UNITS.get(t.get("field"))
            if want and t["unit"] != want:
                ctx.fail(f"thresholds[{i}].unit", f"{t['unit']!r} does not fit field {t['field']!r} (expected {want!r})")
            known = {x["id"] for x in kind.get("types") or []}
            for tid in t.get("types") or []:
                if tid not in known:
                    ctx.fail(f"thresholds[{i}].types", f"{tid!r} is not one of this kind's types ({', '.join(sorted(known)) or 'none'})")
        if kid in (kind.get("supersedes") or []):
            ctx.fail("supersedes", "a kind cannot supersede itself")
        if kind["category"] == "status" and kind.get("supersedes"):
            ctx.fail("supersedes", "a status does not supersede kinds")


def _check_misc(coll: Dict[str, Any], ctx: S.Ctx) -> None:
    fields = set(Situation.field_names())
    implying = [("reasons.yml", rid, reason) for rid, reason in coll["reasons.yml"].items()] + \
               [("roles.yml", rid, role) for rid, role in coll["roles.yml"].items()]
    for file, rid, entry in implying:
        ctx.at(file, rid)
        for k, v in (entry.get("implies") or {}).items():
            if k not in fields:
                ctx.fail(f"implies.{k}", f"not a Situation field (known: {', '.join(sorted(fields))})")
            if k in S.BOOL_FIELDS and not isinstance(v, bool):
                ctx.fail(f"implies.{k}", f"expected true or false, got {v!r}")
    for qid in coll["questions.yml"]:
        ctx.at("questions.yml", qid)
        if qid not in fields:
            ctx.fail("", f"{qid!r} is not a Situation field")
    for aid, answer in coll["answers.yml"].items():
        ctx.at("answers.yml", aid)
        forms = [k for k in ("answer", "shows", "steps") if answer.get(k)]
        if len(forms) != 1:
            ctx.fail("", "needs exactly one of `answer` (with `source`), `shows` or `steps` (with `source`)")
        if (answer.get("answer") or answer.get("steps")) and not answer.get("source"):
            ctx.fail("source", "an own answer, or the steps it shows, need the source quote")
        if (answer.get("shows") or answer.get("steps")) and any(answer.get(k) for k in ("answer_staff", "answer_pupil")):
            ctx.fail("", "the shown entry or steps have the text; add only a `lead`")
        if answer.get("shows") and answer.get("source"):
            ctx.fail("source", "the shown entry has its own source")
        if answer.get("steps") in coll["kinds.yml"] and not _steps_with_quote(
                coll["kinds.yml"][answer["steps"]], answer["source"].get("quote", "")):
            ctx.fail("source.quote", f"no step of {answer['steps']!r} has this quote")


def _steps_with_quote(kind: dict, quote: str) -> List[dict]:
    """The actions of a kind whose source quote contains this quote or is part of it, whitespace
    aside."""
    from .quotes import same_passage
    return [a for a in kind.get("actions") or [] if same_passage(quote, (a.get("source") or {}).get("quote") or "")]


def _check_region(reg: dict, rid: str, file: str, ids: Dict[str, set]) -> None:
    if reg["id"] != rid:
        raise KnowledgeError(file, rid, "id", f"{reg['id']!r} must equal the file name {rid!r}")
    for route_id in reg.get("route_overrides") or {}:
        if route_id not in ids["routes"]:
            raise KnowledgeError(file, rid, f"route_overrides.{route_id}",
                                 f"unknown route {route_id!r} (known: {', '.join(sorted(ids['routes']))})")
