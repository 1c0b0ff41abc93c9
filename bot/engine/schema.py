"""Schema of the knowledge files and a small validator with precise error messages.

Why not jsonschema: its messages do not say which entry of which file is wrong in words an
editor of the YAML understands, and cross-references (actor ids, doc ids, threshold names) need
the other files anyway. Every error is a KnowledgeError("<file>: <entry>: <field>: <problem>").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence

from .conditions import COMPARE_OPS, DERIVED_FIELDS, OPS, UNARY_OPS
from .errors import KnowledgeError
from .model import Situation

UNITS = ["dagen", "werkdagen", "schooldagen", "weken", "maanden", "uur", "keer", "procent", "jaar"]
CATEGORIES = ["geoorloofd", "ongeoorloofd", "status"]
ACTION_TYPES = ["plicht", "mogelijkheid"]
STATUSES = ["thuiszitter", "risicoleerling"]
SITUATION_FIELDS = [f for f in Situation.field_names()]
CONDITION_FIELDS = SITUATION_FIELDS + sorted(DERIVED_FIELDS)
BOOL_FIELDS = {"enrolled", "care_involved", "disagreement", "has_vrijstelling", "structural"}
NUMBER_FIELDS = {"age", "weeks_absent", "hours_absent", "suspension_days", "late_count",
                 "sick_reports_quarter"}
# The unit a threshold on a field must have (a threshold in days on weeks_absent is a bug).
FIELD_UNITS = {"weeks_absent": "weken", "hours_absent": "uur", "suspension_days": "dagen",
               "late_count": "keer", "sick_reports_quarter": "keer", "age": "jaar"}


# ------------------------------------------------------------------------------ spec types

class Spec:
    def check(self, v: Any, path: str, ctx: "Ctx") -> None:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass
class T(Spec):
    """A scalar: str | int | num | bool."""
    name: str

    def check(self, v, path, ctx):
        ok = {"str": lambda x: isinstance(x, str) and x.strip() != "",
              "int": lambda x: isinstance(x, int) and not isinstance(x, bool),
              "num": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
              "bool": lambda x: isinstance(x, bool)}[self.name](v)
        if not ok:
            label = {"str": "non-empty text", "int": "a whole number", "num": "a number",
                     "bool": "true or false"}[self.name]
            ctx.fail(path, f"expected {label}, got {v!r}")


@dataclass
class Enum(Spec):
    values: Sequence[Any]

    def check(self, v, path, ctx):
        if v not in self.values:
            ctx.fail(path, f"{v!r} is not one of {', '.join(map(str, self.values))}")


@dataclass
class Ref(Spec):
    """An id that must exist in another collection (actors, kinds, routes, docs, ...)."""
    collection: str

    def check(self, v, path, ctx):
        known = ctx.ids[self.collection]
        if not isinstance(v, str) or v not in known:
            ctx.fail(path, f"unknown {self.collection[:-1] if self.collection.endswith('s') else self.collection} "
                           f"{v!r} (known: {', '.join(sorted(known))})")


@dataclass
class ListOf(Spec):
    item: Spec
    min: int = 0

    def check(self, v, path, ctx):
        if not isinstance(v, list):
            ctx.fail(path, f"expected a list, got {type(v).__name__}")
        if len(v) < self.min:
            ctx.fail(path, f"needs at least {self.min} item(s)")
        for i, x in enumerate(v):
            self.item.check(x, f"{path}[{i}]", ctx)


@dataclass
class MapOf(Spec):
    item: Spec

    def check(self, v, path, ctx):
        if not isinstance(v, dict):
            ctx.fail(path, f"expected a mapping, got {type(v).__name__}")
        for k, x in v.items():
            self.item.check(x, f"{path}.{k}" if path else str(k), ctx)


class Obj(Spec):
    def __init__(self, required: Dict[str, Spec], optional: Optional[Dict[str, Spec]] = None):
        self.required, self.optional = required, optional or {}

    def check(self, v, path, ctx):
        if not isinstance(v, dict):
            ctx.fail(path, f"expected a mapping, got {type(v).__name__ if v is not None else 'nothing'}")
        for k in self.required:
            if k not in v or v[k] is None:
                ctx.fail(_join(path, k), "missing required field")
        for k, x in v.items():
            spec = self.required.get(k) or self.optional.get(k)
            if spec is None:
                allowed = ", ".join(list(self.required) + list(self.optional))
                ctx.fail(_join(path, k), f"unknown field (allowed: {allowed})")
            spec.check(x, _join(path, k), ctx)


class SourceSpec(Spec):
    def __init__(self, allow_general: bool = False):
        self.allow_general = allow_general

    def check(self, v, path, ctx):
        if v == "general" and self.allow_general:
            ctx.record_source(path, v)
            return
        Obj({"doc": Ref("docs"), "section": T("str"), "quote": T("str")}).check(v, path, ctx)
        if len(v["quote"]) > 300:
            ctx.fail(_join(path, "quote"), "quote is longer than 300 characters; keep it within one sentence")
        ctx.record_source(path, v)


class Cond(Spec):
    """A condition (see conditions.py); threshold references must resolve."""

    def check(self, v, path, ctx):
        if not isinstance(v, dict) or len(v) == 0:
            ctx.fail(path, "expected a condition mapping")
        if "all" in v or "any" in v:
            key = "all" if "all" in v else "any"
            ListOf(self, 1).check(v[key], _join(path, key), ctx)
            return
        if "not" in v:
            self.check(v["not"], _join(path, "not"), ctx)
            return
        if "threshold" in v:
            if ctx.resolve_threshold(v["threshold"]) is None:
                ctx.fail(_join(path, "threshold"), f"unknown threshold {v['threshold']!r}")
            t = ctx.resolve_threshold(v["threshold"])
            if not t.get("field"):
                ctx.fail(_join(path, "threshold"), f"threshold {v['threshold']!r} has no field to compare")
            return
        Obj({"field": Enum(CONDITION_FIELDS), "op": Enum(sorted(OPS))}, {"value": Any_()}).check(v, path, ctx)
        op, fld, val = v["op"], v["field"], v.get("value")
        if op in COMPARE_OPS and "value" not in v:
            ctx.fail(_join(path, "value"), f"op {op!r} needs a value")
        if op in UNARY_OPS and "value" in v:
            ctx.fail(_join(path, "value"), f"op {op!r} takes no value")
        values = val if isinstance(val, list) else [val]
        if op in COMPARE_OPS:
            refs = {"reason": "reasons", "level": "levels", "kinds": "kinds", "role": "roles",
                    "region": "regions"}
            if fld in refs:
                for i, x in enumerate(values):
                    Ref(refs[fld]).check(x, _join(path, "value") + (f"[{i}]" if isinstance(val, list) else ""), ctx)
            if fld == "status":
                for x in values:
                    Enum(STATUSES).check(x, _join(path, "value"), ctx)
            if fld in NUMBER_FIELDS and op in {"gt", "gte", "lt", "lte", "eq", "ne"}:
                T("num").check(val, _join(path, "value"), ctx)
        if op in {"in", "not_in"} and not isinstance(val, list):
            ctx.fail(_join(path, "value"), f"op {op!r} needs a list")


class Any_(Spec):
    def check(self, v, path, ctx):
        return None


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


# ------------------------------------------------------------------------------ context

@dataclass
class SourceRef:
    file: str
    entry: str
    field: str
    source: Any


class Ctx:
    """Validation context: which file/entry we are in, the known ids, collected sources."""

    def __init__(self, ids: Dict[str, set], thresholds: Dict[str, dict]):
        self.ids, self.thresholds = ids, thresholds
        self.file, self.entry, self.kind = "", None, None
        self.source_refs: List[SourceRef] = []

    def at(self, file: str, entry: Optional[str], kind: Optional[str] = None) -> "Ctx":
        self.file, self.entry, self.kind = file, entry, kind
        return self

    def fail(self, path: str, message: str) -> None:
        raise KnowledgeError(self.file, self.entry, path or None, message)

    def record_source(self, path: str, source: Any) -> None:
        self.source_refs.append(SourceRef(self.file, self.entry or "", path, source))

    def resolve_threshold(self, ref: str) -> Optional[dict]:
        return resolve_threshold(self.thresholds, ref, self.kind)


def resolve_threshold(thresholds: Mapping[str, dict], ref: str, local_kind: Optional[str]) -> Optional[dict]:
    """'kind.id' or a bare 'id' (looked up in the local kind first, then anywhere if unique)."""
    if "." in ref:
        return thresholds.get(ref)
    if local_kind and f"{local_kind}.{ref}" in thresholds:
        return thresholds[f"{local_kind}.{ref}"]
    hits = [t for k, t in thresholds.items() if k.split(".", 1)[1] == ref]
    return hits[0] if len(hits) == 1 else None


# ------------------------------------------------------------------------------ file schemas

SOURCE = SourceSpec()
DEADLINE = Obj({"value": T("num"), "unit": Enum(UNITS), "text": T("str")},
               {"repeat": T("bool"), "from": T("str")})
THRESHOLD = Obj({"id": T("str"), "op": Enum(["gt", "gte", "lt", "lte"]), "value": T("num"),
                 "unit": Enum(UNITS), "meaning": T("str"), "source": SOURCE},
                {"field": Enum(sorted(NUMBER_FIELDS)), "label": T("str"),
                 # a number the user says is checked against it, though no fact of the triage holds
                 # it ("15 schooldagen voor een bruiloft"), with its own verdicts when the default
                 # ones ("dat blijft binnen die grens" / "dat is meer dan mag") do not fit
                 "checked_in_questions": T("bool"), "verdict_holds": T("str"), "verdict_fails": T("str"),
                 # the rule is about these of the kind's `types` only: a question that names
                 # another type ("een week extra vrij buiten de schoolvakanties") is not checked
                 "types": ListOf(T("str"))})
ACTION = Obj({"actor": Ref("actors"), "text": T("str"), "source": SOURCE},
             {"type": Enum(ACTION_TYPES), "deadline": DEADLINE, "when": Cond(), "when_text": T("str"),
              "report": T("str"), "region": Ref("regions"), "key": T("bool")})
KIND = Obj(
    {"name": T("str"), "category": Enum(CATEGORIES), "definition_b1": T("str"),
     "definition": Obj({"text": T("str"), "source": SOURCE}), "words": ListOf(T("str"), 1),
     "signals": Cond(), "actions": ListOf(ACTION, 1)},
    {"group": T("str"), "level_only": ListOf(Ref("levels"), 1), "thresholds": ListOf(THRESHOLD),
     "supersedes": ListOf(Ref("kinds")),
     "types": ListOf(Obj({"id": T("str"), "name": T("str"), "words": ListOf(T("str")), "source": SOURCE})),
     "types_assessed_by": Obj({"actor": Ref("actors"), "text": T("str"), "source": SOURCE}),
     "report_options": ListOf(Obj({"reason": Ref("reasons"), "text": T("str"), "source": SOURCE})),
     "other_definitions": ListOf(Obj({"scope": T("str"), "applied": T("bool"), "text": T("str"),
                                      "source": SOURCE}))})
TEXT_SRC = Obj({"text": T("str"), "source": SOURCE})
ROUTE = Obj(
    {"name": T("str"), "explanation_b1": T("str"), "words": ListOf(T("str"), 1),
     "who_may_use": ListOf(Ref("actors"), 1), "priority": T("int"),
     # why: to parents (u-vorm); why_staff: the same reason told to school or leerplicht staff.
     "applies_when": ListOf(Obj({"when": Cond(), "why": T("str")},
                                {"maybe": T("bool"), "why_staff": T("str"),
                                 "time": Obj({"field": Enum(sorted(NUMBER_FIELDS)), "op": Enum(["gt", "gte"]),
                                              "value": T("num"), "unit": Enum(UNITS), "text": T("str")},
                                             {"text_staff": T("str")})})),
     "can": ListOf(TEXT_SRC), "cannot": ListOf(TEXT_SRC), "prepare": ListOf(TEXT_SRC), "source": SOURCE},
    {"not_when": ListOf(Obj({"when": Cond(), "why": T("str")}, {"why_staff": T("str")})),
     # the explanation told to school or leerplicht staff, and to a pupil (explanation_b1 is to parents)
     "explanation_staff": T("str"), "explanation_pupil": T("str"),
     "suggest": T("bool"),
     "individual": T("bool"), "regions": ListOf(Ref("regions"), 1)})
SOURCE_DOC = Obj({"file": T("str"), "title": T("str"), "year": T("int"), "publisher": T("str")})
ACTOR = Obj({"name": T("str"), "explanation": T("str"), "words": ListOf(T("str"), 1)}, {"source": SOURCE})
ROLE = Obj({"name": T("str"), "actor": Ref("actors"), "words": ListOf(T("str"), 1)},
           {"intro": T("str"), "acknowledge": T("str"), "staff": T("bool"), "implies": MapOf(Any_())})
LEVEL = Obj({"name": T("str"), "words": ListOf(T("str"), 1)})
REASON = Obj({"name": T("str"), "kinds": ListOf(Ref("kinds"), 1), "words": ListOf(T("str"), 1)},
             {"implies": MapOf(Any_()), "refusal": T("bool"), "absence": Enum(("geoorloofd", "ongeoorloofd"))})
TERM = Obj({"name": T("str"), "words": ListOf(T("str"), 1), "short": T("str"), "explanation": T("str"),
            "source": SourceSpec(allow_general=True)},
           # an explanation that speaks to parents ("u", "uw kind") has one for staff and pupils
           {"explanation_staff": T("str"), "explanation_pupil": T("str")})
QUESTION = Obj({"question": T("str"), "why": T("str")},
               {"question_staff": T("str"), "question_pupil": T("str"),
                "choices": ListOf(Obj({"title": T("str"), "value": Any_()}), 1), "probe": ListOf(Any_(), 1),
                "only_for_reasons": ListOf(Ref("reasons"), 1),
                "implied_when": Cond(), "implied_value": Any_()})
REGION = Obj(
    {"id": T("str"), "name": T("str"), "handreiking": Enum(["regional", "reference"]), "note": T("str"),
     "words": ListOf(T("str"), 1), "areas": ListOf(Obj({"name": T("str"), "source": SOURCE}), 1),
     "bodies": ListOf(Obj({"id": T("str"), "name": T("str"), "what": T("str"), "source": SOURCE},
                          {"is_a": Ref("actors")}), 1),
     "contact": Obj({"text": T("str"), "bodies": ListOf(T("str"), 1)}, {"source": SOURCE})},
    {"thuiszitter_definition": TEXT_SRC,
     "meldroute": ListOf(Obj({"text": T("str"), "source": SOURCE}, {"kinds": ListOf(Ref("kinds"), 1)})),
     "route_overrides": MapOf(Obj({"text": T("str"), "source": SOURCE}, {"who_decides": T("str")})),
     "extra_actions": ListOf(Obj({"kinds": ListOf(Ref("kinds"), 1), "actor": Ref("actors"), "text": T("str"),
                                  "source": SOURCE},
                                 {"report": T("str"), "deadline": DEADLINE, "when": Cond(),
                                  "type": Enum(ACTION_TYPES)})),
     "routes": MapOf(ROUTE)})


class AnyRef(Spec):
    """An id that must exist in one of several collections (a topic: kind, term or route)."""

    def __init__(self, collections: Sequence[str]):
        self.collections = list(collections)

    def check(self, v, path, ctx):
        if not isinstance(v, str) or not any(v in ctx.ids[c] for c in self.collections):
            ctx.fail(path, f"{v!r} is no id of {', '.join(self.collections)}")


# A direct answer (answers.yml): one question people ask, answered by one fact of the sources:
# its own `answer` with `source`; or `shows` the explanation of a term, route or kind that answers
# it; or `steps` of a kind: the steps with the `source` quote, in the asker's words (the fact then
# stays in one place), optionally after a short `lead` ("Nee.").
ANSWER = Obj({"asks": ListOf(T("str"), 2)},
             {"answer": T("str"), "source": SOURCE, "answer_staff": T("str"), "answer_pupil": T("str"),
              "shows": AnyRef(["terms", "routes", "kinds"]), "steps": Ref("kinds"), "lead": T("str"),
              "about": ListOf(AnyRef(["kinds", "terms", "routes"]), 1), "only_about": T("bool")})
SETTINGS = Obj({"default_region": Ref("regions")}, {"distress_words": ListOf(T("str"), 1)})
