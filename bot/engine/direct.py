"""Direct answers: which entry of answers.yml a question asks, if any.

"De school zegt dat ik vrijstelling moet aanvragen, is dat een oplossing?" asks for one fact (no:
not because the school cannot cope, 001 §3a), not for the steps of a kind. answers.yml lists such
facts with the ways people ask them. A question matches an entry when it shares enough rare words
with one of its `asks`, weighted by how rare each word is over all asks and all actions of the
knowledge ("school" or "kind" say little, "vrijstelling" and "oplossing" much), when it covers
enough of that ask, and when it has the ask's rarest word and what the ask asks beyond its subject
(the words of what the entry is `about`): "wat is luxe verzuim?" is no question about Halt. An entry
about the conversation's topic (the kind, term or route just discussed or named) needs less
shared weight; an entry `only_about` needs that topic. No knowledge lives here: only how a
question is compared with the asks.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

from .focus import _SEPARABLE, _WORD, _has, action_texts, stem, stems
from .render import _is_staff

# Words the step matcher ignores (they do not say which step is meant) that do say which
# question is asked: "wie moet een school voor hem vinden?", "kan dat zomaar?".
_QUESTION_WORDS = frozenset("vinden vindt vind krijgen krijgt krijg zomaar geven geeft lang langer vaak zelf eerst"
                             " toch alleen".split())


# Of those, the words that give a question its shape but name no topic ("kan dat zomaar?")
_SHAPE_STEMS = frozenset(stem(w) for w in "zomaar toch lang langer vaak eerst".split())


def question_stems(text: str) -> FrozenSet[str]:
    """The stems of a question's content words, with the question words above."""
    words = {stem(w) for w in _WORD.findall((text or "").lower()) if w in _QUESTION_WORDS}
    return stems(text) | frozenset(words)


# The shared words must weigh at least this much (log N/df: about two rare words, or one very
# rare word and a common one) ...
MIN_SHARED = 5.0
# ... and cover at least this share of the ask's own weight (the question asks what the ask asks,
# not just mentions its subject).
MIN_COVERAGE = 0.6
# About the conversation's topic: a follow-up ("en als niemand hem wil hebben?") says less.
MIN_SHARED_IN_TOPIC = 3.5
# The best entry must beat the second by this factor, or the question is ambiguous between them.
MARGIN = 1.15


@dataclass(frozen=True)
class DirectAnswer:
    id: str
    text: Optional[str]           # the entry's own answer for the role, or None when it `shows`
    source: Optional[dict]
    shows: Optional[str]          # the term, route or kind whose explanation answers it
    steps: Optional[str]          # the kind whose steps with the source quote answer it
    lead: Optional[str]
    about: Tuple[str, ...]
    score: float


class _Index:
    def __init__(self, entries: Dict[str, dict], corpus_texts: Tuple[str, ...],
                 subjects: Dict[str, Tuple[FrozenSet[str], FrozenSet[str]]]):
        self.entries = entries
        self.asks = {eid: [question_stems(a) for a in e.get("asks") or []] for eid, e in entries.items()}
        # documents: every entry's asks together, and every action of the knowledge
        self.documents = [frozenset().union(*a) for a in self.asks.values() if a]
        self.documents += [stems(t) for t in corpus_texts]
        self._weights: Dict[str, float] = {}
        # per entry, the stems of the words of what it is `about` ("vrijstelling"), and per ask
        # those it uses
        self.subjects = {eid: words | frozenset(w for w in names if self.weight(w) >= MIN_SUBJECT_WEIGHT)
                         for eid, (words, names) in subjects.items()}
        self.subjects_of_ask = {ask: ask & self.subjects[eid] for eid, asks in self.asks.items() for ask in asks}
        # Every word of every ask, with the rests of it after a separable prefix: a question is
        # checked once against these, not once per ask (this runs in several actions per turn).
        self.vocabulary = frozenset().union(*(a for asks in self.asks.values() for a in asks)) if self.asks else frozenset()
        self._rests = {w: tuple(w[len(p):] for p in _SEPARABLE if w.startswith(p) and len(w) - len(p) >= 5)
                       for w in self.vocabulary}
        for word in self.vocabulary:    # weigh every ask word now, not during a user's turn
            self.weight(word)
        self.named_subjects: Dict[str, FrozenSet[str]] = {}
        self.ask_words = {eid: frozenset().union(*asks) if asks else frozenset() for eid, asks in self.asks.items()}

    def present(self, question: FrozenSet[str]) -> FrozenSet[str]:
        """The ask words the question has, as focus._has counts them (also as the end of a
        compound, or after a separable prefix)."""
        suffixes = {q[i:] for q in question for i in range(0, len(q) - 4)}
        return frozenset(w for w in self.vocabulary
                         if w in question or (len(w) >= 5 and w in suffixes)
                         or any(rest in question for rest in self._rests[w]))

    def weight(self, word: str) -> float:
        if word not in self._weights:
            n = len(self.documents)
            df = sum(1 for d in self.documents if _has(d, word))
            self._weights[word] = math.log(n / df) if df else 0.0
        return self._weights[word]

    def score(self, question: FrozenSet[str], ask: FrozenSet[str],
              present: Optional[FrozenSet[str]] = None) -> Tuple[float, float]:
        """(weight of the ask's words the question has, share of the ask's weight covered); 0
        unless the question has at least two of the ask's words, among them its rarest: "mogen
        ze hem bij leerplicht melden terwijl hij ziek is?" is not "kan ik mezelf ziek melden?".
        ``present``: self.present(question), when the caller scores many asks."""
        weights = {w: self.weight(w) for w in ask}
        if present is None:
            present = self.present(question)
        found = [w for w in ask if w in present]
        rarest = max(weights.values(), default=0.0)
        if len(found) < 2 or not any(weights[w] == rarest for w in found):
            return 0.0, 0.0
        if not any(w not in _SHAPE_STEMS and weights[w] >= MIN_SUBJECT_WEIGHT for w in found):
            # "... belt de directeur dat hij niet meer mag komen. kan dat zomaar??" is not "kunnen ze
            # haar zomaar van school sturen?": a question word and "school" are no shared topic
            return 0.0, 0.0
        rare = {w for w in ask if weights[w] >= MIN_SUBJECT_WEIGHT}
        specific = rare - self.subjects_of_ask.get(ask, frozenset())
        if not (specific & set(found) if specific else rare <= set(found)):
            # The question must share what the ask asks about its subject ("oplossing" in "is
            # vrijstelling een oplossing?"); an ask of subjects only ("kan luxe verzuim naar
            # Halt?") needs all of them: "wat is luxe verzuim?" is no question about Halt.
            return 0.0, 0.0
        total = sum(weights.values())
        shared = sum(weights[w] for w in found)
        return shared, (shared / total if total else 0.0)


def _subject_stems(knowledge, ids) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """The stems of the one-word `words` of the kinds, terms and routes listed (phrases such as
    "leerplicht beslist" bring in words that are no subject), and of their names outside
    brackets ("Luxe verzuim", "Verlof (school beslist)"), which count when they are rare."""
    words: List[str] = []
    names: List[str] = []
    for i in ids or []:
        entry = knowledge.kinds.get(i) or knowledge.terms.get(i) or knowledge.routes.get(i) or {}
        words += [w for w in entry.get("words") or [] if " " not in w.strip()]
        names.append(re.sub(r"\([^)]*\)", " ", entry.get("name") or ""))
    return (frozenset().union(*(stems(w) for w in words)) if words else frozenset(),
            frozenset().union(*(stems(n) for n in names)) if names else frozenset())


# A word of a name must be at least this rare to be a subject ("luxe" is, "verzuim" is not).
MIN_SUBJECT_WEIGHT = 2.0


def build_index(knowledge) -> _Index:
    """The asks of answers.yml as stem sets, with word weights over them and all actions."""
    texts = action_texts(knowledge)
    subjects = {eid: _subject_stems(knowledge, e.get("about")) for eid, e in knowledge.answers.items()}
    index = _Index(knowledge.answers, tuple(texts), subjects)
    # the one-word names of bodies ("swv", "samenwerkingsverband", "ggd", "cto", "gpo"), by stem,
    # with the ids of the actors, terms and routes that carry them. Not the actors every question
    # names (ouders, leerling, school, leerplicht), nor levels or other terms ("mbo").
    bodies = [(aid, a.get("words") or []) for aid, a in knowledge.actors.items()
              if aid not in ("ouders", "leerling", "school", "leerplicht", "anderen")]
    bodies += [(rid, r.get("words") or []) for rid, r in knowledge.routes.items()]
    named: Dict[str, set] = {}
    for bid, words in bodies:
        for w in words:
            if " " in w.strip():
                continue
            for st in stems(w):
                if len(st) < 3:
                    continue
                ids = named.setdefault(st, set())
                ids.add(bid)
                ids.update(tid for group in (knowledge.terms, knowledge.routes, knowledge.kinds) for tid, e in group.items()
                           if any(w.lower() == x.lower() for x in e.get("words") or []))
    index.named_subjects = {st: frozenset(ids) for st, ids in named.items()}
    return index


def _question_sentence(question: str) -> str:
    """The last sentence that asks ("Ik zit in het ondersteuningsteam namens het JGT. Wanneer nemen
    wij het initiatief?": the JGT is who is asking, not what is asked about, blind round 19)."""
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", (question or "").strip()) if x]
    asking = [x for x in sentences if "?" in x]
    return (asking or sentences or [question or ""])[-1]


def _names_another_subject(index: _Index, asked: FrozenSet[str], eid: str, about: set) -> bool:
    """ "Moet ik het SWV ook zelf informeren of doet leerplicht dat?" is not "moet hij zelf ook
    mee naar leerplicht?" (blind round 18): the asking sentence names a body or route that the
    entry is not about and none of its asks uses."""
    return any(st in index.named_subjects and not (index.named_subjects[st] & about)
               and st not in index.ask_words[eid] for st in asked)


def _text_for(entry: dict, role: Optional[str]) -> Optional[str]:
    if not entry.get("answer"):
        return None
    if _is_staff(role) and entry.get("answer_staff"):
        return entry["answer_staff"]
    if role == "jongere" and entry.get("answer_pupil"):
        return entry["answer_pupil"]
    return entry["answer"]


def find(knowledge, index: _Index, question: str, topics: Iterable[str] = (), role: Optional[str] = None) -> Optional[DirectAnswer]:
    """The entry of answers.yml the question asks, or None. ``topics``: the ids of the kinds,
    terms and routes the conversation is about (named now, or just discussed)."""
    if not knowledge.answers or (question or "").lstrip().startswith("/"):
        return None
    asked = question_stems(question)
    if not asked:
        return None
    topics = set(t for t in topics if t)
    asked_sentence = question_stems(_question_sentence(question))
    present = index.present(asked)
    scored: List[Tuple[float, str]] = []
    for eid, entry in knowledge.answers.items():
        about = set(entry.get("about") or [])
        in_topic = bool(about & topics)
        if entry.get("only_about") and not in_topic:
            continue
        need_shared = MIN_SHARED_IN_TOPIC if in_topic else MIN_SHARED
        if _names_another_subject(index, asked_sentence, eid, about):
            continue
        best = 0.0
        for ask in index.asks[eid]:
            subject = ask & index.subjects[eid]
            if subject and not in_topic and not any(w in present for w in subject):
                # "wie beslist dat, de school of de gemeente?" about verlof is not "beslist de
                # gemeente over de vrijstelling?": an ask that names its subject needs the
                # question to name it too, or the conversation to be about it
                continue
            shared, cover = index.score(asked, ask, present)
            if shared >= need_shared and cover >= MIN_COVERAGE:
                best = max(best, shared * cover * (1.25 if in_topic else 1.0))
        if best:
            scored.append((best, eid))
    if not scored:
        return None
    scored.sort(reverse=True)
    top, eid = scored[0]
    if len(scored) > 1 and top < MARGIN * scored[1][0]:
        return None
    entry = knowledge.answers[eid]
    return DirectAnswer(id=eid, text=_text_for(entry, role), source=entry.get("source"),
                        shows=entry.get("shows"), steps=entry.get("steps"), lead=entry.get("lead"),
                        about=tuple(entry.get("about") or []), score=top)
