"""The Engine: one object the conversation layer talks to (no Rasa import anywhere here)."""
from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

from . import classify as _classify
from . import escalation as _escalation
from . import render as _render
from . import steps as _steps
from .loader import Knowledge, load_knowledge
from .model import Classification, EscalationAdvice, Reply, Situation, StepPlan

try:  # written by the NLU engineer; guarded so the engine works (and tests run) without it
    from .facts import extract_facts as _extract_facts
except Exception:  # pragma: no cover - depends on the other module being present
    _extract_facts = None


class Entry(dict):
    """A knowledge entry: a dict that also allows attribute access (entry.name) and has .id."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _entry(id_: str, data: dict) -> Entry:
    e = Entry(data)
    e["id"] = id_
    return e


class Engine:
    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self._classified: Dict[tuple, Classification] = {}
        self._direct_index = None

    # -- lookups -------------------------------------------------------------------------
    @property
    def default_region(self) -> str:
        return self.knowledge.default_region

    def kind(self, id: str) -> Optional[Entry]:
        d = self.knowledge.kinds.get(id)
        return _entry(id, d) if d is not None else None

    def route(self, id: str, region: Optional[str] = None) -> Optional[Entry]:
        region = region if region in self.knowledge.regions else self.default_region
        d = _escalation.routes_for_region(self.knowledge, region).get(id) or self.knowledge.routes.get(id)
        return _entry(id, d) if d is not None else None

    def term(self, key: str) -> Optional[Entry]:
        d = self.knowledge.terms.get(key)
        return _entry(key, d) if d is not None else None

    def region(self, id: Optional[str]) -> Optional[Entry]:
        d = self.knowledge.regions.get(id) if id else None
        return _entry(id, d) if d is not None else None

    def regions(self) -> List[Entry]:
        return [_entry(rid, d) for rid, d in self.knowledge.regions.items()]

    # -- reasoning -----------------------------------------------------------------------
    def kinds_settled(self, situation: Situation, fields: List[str]) -> bool:
        """Whether no answer to these open questions can change the situation's kinds."""
        from .classify import kinds_settled
        return kinds_settled(self.knowledge, situation, fields)

    def settled_status(self, situation: Situation, fields: List[str]) -> Optional[str]:
        """The status no answer to these open questions can change, if there is one."""
        from .classify import settled_status
        return settled_status(self.knowledge, situation, fields)

    def possible_statuses(self, situation: Situation, field: str) -> List[str]:
        """The statuses the situation has for some answer to this open question."""
        from .classify import possible_statuses
        return possible_statuses(self.knowledge, situation, field)

    def settled_category(self, situation: Situation) -> Optional[str]:
        """ "ongeoorloofd" when every kind the situation may still be is ongeoorloofd verzuim."""
        from .classify import settled_category
        return settled_category(self.knowledge, situation)

    def classify(self, situation: Situation) -> Classification:
        """Classify a situation. One conversation turn classifies the same situation several
        times (reading facts, choosing the next question, asking it, advising), and finding the
        unknowns classifies dozens of variants each time, so results are memoised per situation.
        The returned Classification is shared: treat it as read-only."""
        key = tuple(situation.to_dict().items())
        try:
            return self._classified[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value slipped in: classify without the memo
            return _classify.classify(self.knowledge, situation)
        result = _classify.classify(self.knowledge, situation)
        if len(self._classified) >= 4096:  # bounded memory; situations repeat within a turn
            self._classified.clear()
        self._classified[key] = result
        return result

    def next_steps(self, kind_id: str, role: Optional[str], region: Optional[str] = None,
                   start_date: Optional[dt.date] = None, situation: Optional[Situation] = None) -> StepPlan:
        return _steps.next_steps(self.knowledge, kind_id, role, region, start_date, situation)

    def steps_ahead(self, kind_id: str, situation: Situation) -> List[Any]:
        """The kind's steps that apply once a known count grows (bot/engine/steps.py)."""
        return _steps.steps_ahead(self.knowledge, kind_id, situation)

    def named_type(self, question: str) -> Optional[tuple]:
        """(kind id, type) of the type of verlof or vrijstelling the question names ("suikerfeest",
        "hij wordt 5"). A type whose name gives a range ("tot en met 10 schooldagen") gives way to
        its counterpart ("meer dan 10 schooldagen", another kind) when the question's number of
        days falls outside it: 15 days for a bruiloft is leerplicht's to assess."""
        from .focus import named_type
        hits = [(kind_id, t) for kind_id, kind in self.knowledge.kinds.items()
                if (t := named_type(kind, question))]
        if not hits:
            return None
        kind_id, found = hits[0]
        amounts = _render._amounts(question or "")
        # "3 weken naar Marokko": a school week has 5 school days (as facts.py counts a week)
        days = amounts.get("dagen") or (amounts["weken"] * _render._PER_WEEK if "weken" in amounts else None)
        bound = _RANGE.search(found["name"])
        if days and bound:
            n, above = int(bound.group(2)), bound.group(1) == "meer dan"
            if (days > n) != above:
                base = found["name"][:bound.start()].strip()
                for other_kind, kind in self.knowledge.kinds.items():
                    for other in kind.get("types") or []:
                        b = _RANGE.search(other["name"])
                        if other is not found and b and int(b.group(2)) == n and other["name"][:b.start()].strip() == base:
                            return other_kind, other
        return kind_id, found

    def kind_of_named_type(self, question: str) -> Optional[str]:
        """The kind one of whose types the question names ("hij wordt 5": verlof for 5-jarigen)."""
        typed = self.named_type(question)
        return typed[0] if typed else None

    def plan_for_question(self, question: str, role: Optional[str], region: Optional[str] = None) -> Optional[StepPlan]:
        """The plan of the kind whose steps a question that names no kind is about ("binnen
        hoeveel dagen moet een inschrijving bij DUO staan?"), or None (bot/engine/focus.py)."""
        from .focus import best_plan
        plans = [self.next_steps(kind_id, role, region) for kind_id in self.knowledge.kinds]
        return best_plan(self.knowledge, plans, question)

    def direct_answer(self, question: str, topics: Any = (), role: Optional[str] = None) -> Any:
        """The entry of answers.yml the question asks ("is vrijstelling een oplossing?"), given
        the ids of the kinds, terms and routes the conversation is about; or None
        (bot/engine/direct.py)."""
        from . import direct
        return direct.find(self.knowledge, self.direct_index(), question, topics, role)

    def direct_index(self) -> Any:
        """The word index of answers.yml, built once (the action server builds it at start)."""
        from . import direct
        if self._direct_index is None:
            self._direct_index = direct.build_index(self.knowledge)
        return self._direct_index

    def plan_for(self, situation: Situation, classification: Optional[Classification] = None) -> Optional[StepPlan]:
        """The plan for the situation's role: the main kind plus its status, merged."""
        c = classification or _classify.classify(self.knowledge, situation, with_unknowns=False)
        kinds = c.kinds[:1] + ([c.status] if c.status else [])
        if not kinds:
            return None
        plans = [self.next_steps(kid, situation.role, situation.region, situation.start_date, situation)
                 for kid in kinds]
        return _steps.merge_plans(plans)

    def escalation(self, situation: Situation) -> EscalationAdvice:
        return _escalation.escalation(self.knowledge, situation)

    def advise(self, situation: Situation) -> List[Reply]:
        return _render.render_advice(self, situation)

    # -- language ------------------------------------------------------------------------
    def reason_words(self) -> Dict[str, List[str]]:
        return {rid: list(r["words"]) for rid, r in self.knowledge.reasons.items()}

    def region_words(self) -> Dict[str, List[str]]:
        """region id -> its name, everyday words and area names (municipalities, subregions)."""
        return {rid: _dedupe([reg["name"]] + reg["words"] + [a["name"] for a in reg["areas"]])
                for rid, reg in self.knowledge.regions.items()}

    def acknowledgement(self, text: str, role: Optional[str]) -> Optional[str]:
        """The role's short acknowledgement when the message shows the writer is upset ("we
        zijn ten einde raad"); None for staff and for calm messages. Unknown role: parents'."""
        reply = (self.knowledge.roles.get(role or "ouder") or {}).get("acknowledge")
        words = self.knowledge.settings.get("distress_words") or []
        if reply and _distress_pattern(tuple(words)).search((text or "").lower()):
            return reply
        return None

    def extract_facts(self, text: str) -> Dict[str, Any]:
        if _extract_facts is None:
            return {}
        facts = _extract_facts(text, self.reason_words(), self.region_words())
        typed = self.kind_of_named_type(text)
        if typed and (facts.get("reason") or self.is_question(text)):
            # "net 5 geworden ... mag ik haar op woensdag thuis houden?" names verlof for
            # 5-jarigen: the reason is the one whose main kind that is, not the
            # "thuis houden" that the words alone suggest. A statement that only names a type
            # asks for nothing ("ze is vorige maand 5 geworden" of a child not enrolled anywhere:
            # no request for leave, round 15)
            reasons = [rid for rid, r in self.knowledge.reasons.items() if typed in (r.get("kinds") or [])]
            if reasons and facts.get("reason") not in reasons:
                first = [rid for rid in reasons if self.knowledge.reasons[rid]["kinds"][0] == typed]
                facts["reason"] = (first or reasons)[0]
        return facts

    def _vocabulary(self) -> Dict[str, Dict[str, List[str]]]:
        if not hasattr(self, "_vocabulary_cache"):
            self._vocabulary_cache = self.nlu_vocabulary()
        return self._vocabulary_cache

    def normalise_entity(self, entity: str, value: Any) -> Optional[str]:
        """The knowledge id for an entity value found by NLU ("wil niet" -> "weigert"), or None
        when it names nothing the knowledge knows (then it must not become a fact)."""
        if not isinstance(value, str):
            return None
        from .facts import normalise_entity
        return normalise_entity(entity, value, self._vocabulary())

    def resolve_entities(self, entities: List[dict], text: str) -> Dict[str, Any]:
        """{entity type: id} for a parsed message, resolved per type from the surface text
        (Rasa's synonym mapper is global and may give a kind the id of a reason)."""
        from .facts import resolve_entities
        return resolve_entities(entities, text, self._vocabulary())

    def topics_in_text(self, text: str, min_length: int = 4) -> Dict[str, str]:
        """{"term": id} etc. for the longest knowledge word of a topic type (kind, route, term)
        in ``text``, whole words, not negated: what a question names when the tagger tagged
        nothing ("mag ik stoppen met school?")."""
        from .facts import topics_in_text
        return topics_in_text(text, self._vocabulary(), min_length)

    def reason_of_longer_phrase(self, text: str, entities: List[dict]) -> Optional[str]:
        """The reason of a knowledge phrase in ``text`` that strictly contains the words the NLU
        tagged as a reason ("geen school kan haar opvangen" over "geen school"), else None."""
        from .facts import reason_of_longer_phrase
        return reason_of_longer_phrase(text, entities, self.reason_words())

    @staticmethod
    def reason_tag_holds(text: str, start: int, end: int, reason: str) -> bool:
        """Whether a tagged reason counts by the free-text reader's rules: not negated ("zonder
        verlof"), not a relative's illness ("oma ligt in het ziekenhuis"), ..."""
        from .facts import reason_tag_holds
        return reason_tag_holds(text, start, end, reason)

    @staticmethod
    def is_question(text: str) -> bool:
        """ "bij wie vraag ik dat aan", "mag ik echt niet komen": a question also without "?"."""
        from .facts import is_question
        return is_question(text)

    @staticmethod
    def sentences(text: str) -> List[str]:
        """The sentences of a message."""
        from .facts import sentences
        return sentences(text)

    @staticmethod
    def told(text: str) -> str:
        """The sentences of a message that do not open as a question: "de school wil er de GGD bij
        halen." of "... gaat die zeggen dat ze spijbelt?" ("mijn zoon spijbelt, wat nu?" tells)."""
        from .facts import told
        return told(text)

    def what_if_facts(self, text: str) -> Dict[str, Any]:
        """The facts a what-if supposes ("en als ze nee zeggen en we gaan toch": no permission,
        a trip), role and region aside; empty for any other message."""
        if not self.is_what_if(text):
            return {}
        return {k: v for k, v in self.extract_facts(text).items()
                if k in Situation.field_names() and k not in ("role", "region")}

    def supposed(self, situation: Situation, text: str) -> Situation:
        """The situation a what-if supposes: the known facts with the ones it adds."""
        said = self.what_if_facts(text)
        return situation.with_(**said) if said else situation

    @staticmethod
    def goes_anyway(text: str) -> bool:
        """Leave refused and the child gone anyway: a trip without permission (luxe verzuim)."""
        from .facts import goes_anyway
        return goes_anyway(text)

    @staticmethod
    def is_what_if(text: str) -> bool:
        """ "en als ze nee zeggen en we gaan toch": a question about another situation."""
        from .facts import is_what_if
        return is_what_if(text)

    @staticmethod
    def count_answer(text: str) -> Optional[int]:
        """The one count in a short answer to "hoe vaak?" ("7 keer denk ik", "het zijn er 10"),
        else None. For the action layer to place under the fact that was asked."""
        from .facts import count_answer
        return count_answer(text)

    @staticmethod
    def is_elliptical_follow_up(text: str) -> bool:
        """A short "en ...?" that asks the previous question about another subject
        ("en een verwijdering?" after "hoe lang mag een schorsing duren?")."""
        from .facts import is_elliptical_follow_up
        return is_elliptical_follow_up(text)

    def nlu_vocabulary(self) -> Dict[str, Dict[str, List[str]]]:
        """id -> everyday words, per entity type, to generate NLU synonyms and lookup tables."""
        k = self.knowledge
        routes = dict(k.routes)
        for reg in k.regions.values():
            routes.update(reg.get("routes") or {})
        return {
            "kind": {kid: _dedupe([kd["name"]] + kd["words"] + [w for t in kd.get("types") or [] for w in t["words"]])
                     for kid, kd in k.kinds.items()},
            "reason": {rid: _dedupe(r["words"]) for rid, r in k.reasons.items()},
            "route": {rid: _dedupe([r["name"]] + r["words"]) for rid, r in routes.items()},
            "term": {tid: _dedupe(t["words"]) for tid, t in k.terms.items()},
            "role": {rid: _dedupe(r["words"]) for rid, r in k.roles.items()},
            "level": {lid: _dedupe(lv["words"]) for lid, lv in k.levels.items()},
            "region": self.region_words(),
        }


def _dedupe(words: List[str]) -> List[str]:
    seen, out = set(), []
    for w in words:
        key = w.strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(w.strip())
    return out


# "... tot en met 10 schooldagen", "... van meer dan 10 schooldagen" in a type's name
_RANGE = re.compile(r"(?:\s+van)?\s+\b(tot en met|meer dan) (\d+)")


@lru_cache(maxsize=4)
def _distress_pattern(words: tuple) -> "re.Pattern":
    alternatives = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives or '(?!)'})(?![\w-])")


@lru_cache(maxsize=8)
def _cached(path: str, region_env: str) -> Engine:
    return Engine(load_knowledge(path))


def load_engine(knowledge_dir: Optional[os.PathLike] = None) -> Engine:
    """Load and validate the knowledge once per directory (and VERZUIMWIJZER_REGION value)."""
    from .loader import DEFAULT_DIR
    path = str(Path(knowledge_dir).resolve()) if knowledge_dir else str(DEFAULT_DIR)
    return _cached(path, os.environ.get("VERZUIMWIJZER_REGION", ""))
