"""Which steps of a plan a question is about.

"Moeten we de ouders vooraf horen?" about a verwijdering asks for one rule (the hearing), not for
the whole plan. The steps are ranked by the words they share with the question, each word weighted
by how rare it is over all actions of the knowledge (a word in many actions, like "school" or
"melden", says little about which one is meant). Words of the kind itself ("schorsing") picked
the kind and say nothing about the step. No knowledge lives here: only how Dutch words are
compared.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .model import Step, StepPlan

# A word must be in at most this share of all actions to say which step is meant.
MAX_SHARE = 0.06
# The question must share at least this much weight with the best step (log N/df: one word found
# in at most about 6% of all actions, or two more common ones), or it is about the whole plan.
MIN_SCORE = 2.8
# A question that names no kind must share more with one step of all the knowledge's steps.
MIN_SCORE_ANYWHERE = 5.5
# Steps within this share of the best step's score are shown with it.
KEEP_SHARE = 0.75
MAX_STEPS = 3

# Dutch function words and question words ("hoe lang", "hoe vaak" ask for a deadline, not a
# step): they never say which step is meant.
_FUNCTION_WORDS = frozenset("""
aan af al als alles alleen ben bent bij binnen daar daarna dan dat de deze die dit doe doen doet
door dus een eens en er eerst gaat gaan geen had hebben heb heeft hem het hier hij hoe hoeveel
hoelang hun ik in is ja je jij jou jouw kan kun kunnen kunt laat maar me meer mag mij mijn moet
moeten mogen na naar nee niet nog nu of om ons onze ook op over te tot u uw van veel voor waar
wanneer want waarom wat we wel welk welke wie wij wil willen word worden wordt zal ze zelf zich
zij zijn zo zou zouden zullen eigenlijk even graag precies hoor toch haar jullie hen
lang lange langer snel vaak keer staan staat stond zitten zit komen komt kwam krijgen krijg krijgt
maken maak maakt geven geef geeft zeggen zeg zegt weten weet vinden vind vindt allebei beide
verder daarmee ermee mee gewoon echt zomaar iets niks niets weer
deels half geregeld
""".split())
# Separable verbs split in the steps' word order: "inschakelen" is "schakelt ... in".
_SEPARABLE = ("in", "uit", "op", "aan", "af", "mee", "door", "terug", "toe", "over", "bij")

_WORD = re.compile(r"[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*")


def stem(word: str) -> str:
    """A rough Dutch stem, enough to match "hoort", "horen" and "gehoord", or "brief" and
    "brieven": strip the ge- prefix and inflection endings, then undo the spelling changes
    (double vowel or consonant, v/f and z/s at the end)."""
    w = word.lower()
    if w.startswith("ge") and len(w) > 6 and w[-1] in "dt":     # gehoord, gemeld, gestuurd
        w = w[2:]
    for suffix in ("ingen", "ing", "en", "e", "s", "t", "d"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) >= 2 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    w = re.sub(r"([aeou])\1", r"\1", w)
    if w.endswith("v"):
        w = w[:-1] + "f"
    elif w.endswith("z"):
        w = w[:-1] + "s"
    return w


# "in- en uitschrijvingen": the first word shares the second's last part.
_ELIDED = re.compile(r"\b([a-z]+)- (?:en|of) (" + "|".join(_SEPARABLE) + r")([a-z]{4,})")


@lru_cache(maxsize=4096)
def stems(text: str) -> FrozenSet[str]:
    """The stems of a text's content words; cached, as every question compares with every step."""
    low = (text or "").lower()
    low += "".join(f" {m.group(1)}{m.group(3)}" for m in _ELIDED.finditer(low))
    return frozenset(stem(w) for w in _WORD.findall(low) if w not in _FUNCTION_WORDS and len(w) >= 3)


def _action_text(action: dict) -> str:
    """What an action says, with the source sentence it comes from (richer wording)."""
    return f"{action.get('text', '')} {(action.get('source') or {}).get('quote', '')}"


def _has(step_stems: FrozenSet[str], asked: str) -> bool:
    """The step uses the word, also as the end of a compound ("inspectie" in
    "onderwijsinspectie", "verlof" in "vakantieverlof") or as a split separable verb
    ("schakelt in")."""
    if asked in step_stems:
        return True
    if len(asked) >= 5 and any(s.endswith(asked) for s in step_stems):
        return True
    for prefix in _SEPARABLE:
        rest = asked[len(prefix):]
        if asked.startswith(prefix) and len(rest) >= 5 and rest in step_stems:
            return True
    return False


class _Corpus:
    """All actions of the knowledge as stem sets, and how rare each asked word is among them."""

    def __init__(self, texts: Tuple[str, ...]):
        self.actions = [stems(t) for t in texts]
        self._weights: Dict[str, float] = {}

    def weight(self, asked: str) -> float:
        """log(N / df) for a word in at most MAX_SHARE of all actions, else 0."""
        if asked not in self._weights:
            n = len(self.actions)
            df = sum(1 for a in self.actions if _has(a, asked))
            self._weights[asked] = math.log(n / df) if df and df / n <= MAX_SHARE else 0.0
        return self._weights[asked]


@lru_cache(maxsize=4)
def _corpus(texts: Tuple[str, ...]) -> _Corpus:
    return _Corpus(texts)


def action_texts(knowledge) -> list:
    """Every action of every kind, with its source sentence."""
    return [_action_text(a) for kind in knowledge.kinds.values() for a in kind.get("actions") or []]


def corpus_of(knowledge) -> _Corpus:
    texts = action_texts(knowledge)
    for region in knowledge.regions.values():
        texts += [_action_text(a) for a in region.get("extra_actions") or []]
    return _corpus(tuple(texts))


# "wat zijn onze stappen als leerplicht?", "welke stappen moet ik zetten?": the whole plan
_WHOLE_PLAN = re.compile(r"\bwat (?:zijn|is) (?:onze|mijn|de|jullie|mijn eigen) (?:stappen|taken|acties|rol)\b"
                         r"|\bwelke stappen\b|\bstappenplan\b"
                         # "wat mag ik van ze verwachten eigenlijk" (dev round 22)
                         r"|\bwat (?:mag|mogen|kan|kunnen) (?:ik|we|wij) (?:\w+ ){0,3}?verwachten\b")


def _with_abbreviations(knowledge, question: str) -> str:
    """The question with the full name of each abbreviation in it ("pv": proces-verbaal), as
    the steps spell them out (glossary words of at most 4 letters)."""
    low = f" {(question or '').lower()} "
    names = [t.get("name", "") for t in knowledge.terms.values()
             if any(len(w) <= 4 and re.search(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", low)
                    for w in t.get("words") or [])]
    return " ".join([question] + names)


def _asked(knowledge, question: str, ignore: Iterable[str]) -> Dict[str, float]:
    """The question's rare words with their weights, without the ignored phrases' words."""
    if question.lstrip().startswith("/") or _WHOLE_PLAN.search(question.lower()):
        return {}           # a button's payload ("/ask_procedure"): the whole plan was asked for
    question = _with_abbreviations(knowledge, question)
    corpus = corpus_of(knowledge)
    ignored = set()
    for phrase in ignore:
        ignored |= stems(phrase)
    asked = {s: corpus.weight(s) for s in stems(question) if s not in ignored}
    return {s: w for s, w in asked.items() if w}


def _scored(plan: StepPlan, asked: Dict[str, float], actors: Optional[Iterable[str]]) -> List[Tuple[float, int, Step]]:
    allowed = set(actors) if actors is not None else None
    out: List[Tuple[float, int, Step]] = []
    for order, step in enumerate(plan.steps):
        if allowed is not None and step.actor not in allowed:
            continue
        quote = step.source.get("quote", "") if isinstance(step.source, dict) else ""
        step_stems = stems(f"{step.text} {quote}")
        score = sum(w for s, w in asked.items() if _has(step_stems, s))
        if score:
            out.append((score, order, step))
    return out


def _kept(plan: StepPlan, scored: List[Tuple[float, int, Step]], min_score: float) -> List[Step]:
    if not scored:
        return []
    best = max(s for s, _, _ in scored)
    if best < min_score:
        return []
    kept = [(score, order, step) for score, order, step in scored if score >= KEEP_SHARE * best]
    kept.sort(key=lambda x: (x[2].actor != plan.actor, -x[0], x[1]))
    return [step for _, _, step in kept[:MAX_STEPS]]


def focused_steps(knowledge, plan: StepPlan, question: str, ignore: Iterable[str] = (),
                  actors: Optional[Iterable[str]] = None) -> List[Step]:
    """The steps of ``plan`` the question asks about, the asker's own first; empty when the
    question is about the plan as a whole ("wat moet ik doen?"). ``actors``: only their steps."""
    asked = _asked(knowledge, question, ignore)
    return _kept(plan, _scored(plan, asked, actors), MIN_SCORE) if asked else []


def best_plan(knowledge, plans: Sequence[StepPlan], question: str) -> Optional[StepPlan]:
    """Of the plans of all kinds, the one with the step that shares most rare words with a
    question that names no kind ("binnen hoeveel dagen moet een inschrijving bij DUO staan?"),
    when that step clears MIN_SCORE_ANYWHERE; else None. Kind words count here: they say which
    kind is meant."""
    asked = _asked(knowledge, question, ())
    best, best_score = None, 0.0
    for plan in plans:
        top = max((score for score, _, _ in _scored(plan, asked, None)), default=0.0)
        if top > best_score:
            best, best_score = plan, top
    return best if best_score >= MIN_SCORE_ANYWHERE else None


def named_type(kind: dict, question: str) -> Optional[dict]:
    """The type of the kind the question names ("suikerfeest": verlof vanwege godsdienst of
    levensovertuiging), by its longest word, whole words only."""
    low = f" {(question or '').lower()} "
    best, best_len = None, 0
    for t in kind.get("types") or []:
        for w in t.get("words") or []:
            w = w.lower()
            if len(w) > best_len and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low):
                best, best_len = t, len(w)
    return best


# "wat gaat leerplicht dan doen?", "wat doet de ggd?": a question what one actor does.
_ACTOR_QUESTION = re.compile(r"\b(?:wat|hoe)\b.*\b(?:doen|doet|gaat|gaan|onderneemt|ondernemen|gebeurt|regelt"
                             r"|regelen|moet|moeten)\b")


# "hoort leerplicht dit ook?", "weet de inspectie ervan?": steps that inform that actor
_INFORMED = re.compile(r"\b(?:hoort|horen|weet|weten|krijgt|krijgen|ingelicht|geïnformeerd|geinformeerd"
                       r"|op de hoogte|bericht|kopie|betrokken|betrekken|erbij|hier ?bij|bij zijn)\b")


def _actor_named(knowledge, low: str, skip: Iterable[str]) -> Optional[str]:
    """The one actor the text names (by actors.yml words), not one of ``skip``; None for none or two."""
    found = None
    for actor_id, actor in knowledge.actors.items():
        if actor_id in skip:
            continue
        for w in actor.get("words") or []:
            if re.search(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", low):
                if found and found != actor_id:
                    return None
                found = actor_id
    return found


def informed_steps(knowledge, plan: StepPlan, question: str) -> List[Step]:
    """ "en hoort leerplicht dit ook?": the steps of others that name that actor (a copy sent to
    the leerplichtambtenaar), the asker's first."""
    low = (question or "").lower()
    if not _INFORMED.search(low):
        return []
    actor = _actor_named(knowledge, low, ("ouders", "leerling", plan.actor))
    if not actor:
        return []
    words = [w.lower() for w in knowledge.actors[actor].get("words") or []]
    steps = [s for s in plan.steps if s.actor != actor
             and any(re.search(rf"(?<![\w-])(?:\w*){re.escape(w)}", s.text.lower()) for w in words)]
    return sorted(steps, key=lambda s: s.actor != plan.actor)[:MAX_STEPS]


def asked_actor(knowledge, plan: StepPlan, question: str) -> Optional[str]:
    """The actor (not the asker) a "wat gaat X doen?" question is about, when the plan has steps
    of that actor; else None. ("wat doen wij?" is about the whole plan: the checklist.)"""
    low = (question or "").lower()
    if not _ACTOR_QUESTION.search(low):
        return None
    found = _actor_named(knowledge, low, ("ouders", "leerling", plan.actor))   # None for two actors
    return found if found and any(s.actor == found for s in plan.steps) else None
