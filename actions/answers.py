"""Direct questions ("hoe lang mag een schorsing duren?") get direct answers, without the triage."""
import re
from typing import Any, Dict, List, Optional, Set, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import followups
from actions.read_facts import ABSENCE_AMOUNTS
from actions.replies import acknowledging, bot_texts_since_restart, no_answer, send
from actions.situation import SITUATION_SLOTS, situation_from_slots
from actions.topics import topic_buttons
from bot.engine import Situation, load_engine
from bot.engine.model import Button, Reply
from bot.engine import render
from bot.engine.focus import _FUNCTION_WORDS, _has, corpus_of, stems


def named_in_message(tracker: Tracker) -> Dict[str, Any]:
    """What the latest message names in the knowledge, as ids per entity type (kind, route,
    term, perspective, ...), resolved once from the entities and the words the user typed."""
    message = tracker.latest_message or {}
    named = load_engine().resolve_entities(message.get("entities") or [], message.get("text") or "")
    if named.get("perspective") not in ("ouder", "school", "leerplicht"):
        named.pop("perspective", None)
    return named


def describe(engine: Any, kind: Optional[str], route: Optional[str], term: Optional[str],
             role: str, region: Optional[str]) -> List[Any]:
    """What the thing is. A body or route named wins over a kind named with it: who it is for,
    what it can do, what to bring."""
    return render.render_definition(engine, kind=None if route else kind, route=route, term=term,
                                    role=role, region=region)


def _term_words_in(engine: Any, term: str, entries: Any) -> bool:
    """Whether a glossary term shares a word with one of these knowledge entries."""
    words = {w.lower() for w in (engine.knowledge.terms.get(term) or {}).get("words") or []}
    return any(words & {w.lower() for w in entry.get("words") or []} for entry in entries)


def is_role_word(engine: Any, term: str) -> bool:
    """Whether a glossary term is also a job someone writes as (roles.yml: "ib'er", "mentor")."""
    return _term_words_in(engine, term, engine.knowledge.roles.values())


def _is_actor_term(engine: Any, term: str) -> bool:
    """Whether a glossary term names a body or channel of actors.yml (DUO, CJG, GGD, SWV): a
    question how or when to deal with it is about the kind's steps."""
    return _term_words_in(engine, term, engine.knowledge.actors.values())


def _term_in_steps(engine: Any, term: str, kind: str) -> bool:
    """Whether the kind's steps use the term (DUO, CJG, samenwerkingsverband): then a question
    that names it is about those steps. A term the steps do not use, in a question read as "what
    is" ("tot hoe oud is hij leerplichtig?"), is asked about for itself; a body or channel in a
    procedure or deadline question ("moeten we dit ook bij DUO melden?" for a risicoleerling) is
    answered by the steps, which show where to report (_is_actor_term)."""
    entry = engine.knowledge.terms.get(term) or {}
    words = [w.lower() for w in list(entry.get("words") or []) + [entry.get("name", "")] if len(w) >= 3]
    texts = [a.get("text", "").lower() for a in (engine.knowledge.kinds.get(kind) or {}).get("actions") or []]
    return any(re.search(rf"(?<![\w-]){re.escape(w)}", t) for w in words for t in texts)


# "wat is ...", "wie is ...", "wat betekent ...", "wat doet ...": a question what something is.
DEFINITIONAL = re.compile(r"^\s*(?:en\s+)?(?:wat|wie)\s+(?:is|zijn|betekent|betekenen|doet|doen|houdt|bedoel\w*)\b"
                          r"|\b(?:uitleg|betekenis|betekent)\b", re.I)


def question_subject(engine: Any, intent: Optional[str], text: str, named: Dict[str, Any],
                     topic: Dict[str, Any], situation: Situation) -> Tuple[Optional[str], ...]:
    """(intent, kind, route, term) of a question: what it names, else what the reader or a
    whole knowledge word in it names, else the previous answer's topic, else the triage's kind."""
    kind, route, term = named.get("kind"), named.get("route"), named.get("term")
    if intent == "ask_about" and followups.WHAT_TO_DO.search(text.lower()):
        # "... is dat mijn taak?": one's own part in the steps, not what the subject is
        intent = "ask_procedure"
    if term and intent in ("ask_deadline", "ask_procedure") and is_role_word(engine, term):
        # "als ib'er: wanneer moet ik melden?": the writer's job, not what is asked about
        term = None
    if not route:
        # "jom kipoer", "hij wordt 5", "15 dagen voor een bruiloft": a type of verlof or
        # vrijstelling names its kind, more precisely than the tagger's kind
        kind = engine.kind_of_named_type(text) or kind
    elliptical = engine.is_elliptical_follow_up(text)
    if not (kind or route or term):
        # "en bij ziekte?", "mogen mijn kinderen vrij met het suikerfeest?": the tagger may
        # miss the reason word; the free-text reader knows every phrase of the knowledge.
        # The same reason as the triage's is left to the triage's kind below, which knows
        # more (a 13-week illness is langdurig verzuim, not just ziek).
        reason = engine.extract_facts(text).get("reason")
        if reason == situation.reason:
            reason = None
        # with what the triage knows ("geen school kan haar hebben" for a child registered
        # nowhere is absoluut verzuim, not the catch-all of a bare reason)
        kinds = engine.classify(situation.with_(reason=reason)).kinds if reason else []
        kind = kinds[0] if kinds else None
    if not (kind or route or term):
        # "mag ik stoppen met school?": a knowledge word the tagger did not tag. A kind word
        # only without a triage reason, which knows the kind better.
        in_text = engine.topics_in_text(text)
        route, term = in_text.get("route"), in_text.get("term")
        if term and intent in ("ask_deadline", "ask_procedure") and is_role_word(engine, term):
            term = None
        # A kind its reason cannot be is another subject ("moeten we haar nu ook uitschrijven?"
        # about a pupil who will not come: the verwijdering rules, not the last answer's topic).
        reason_kinds = (engine.knowledge.reasons.get(situation.reason or "") or {}).get("kinds") or []
        kind = in_text.get("kind") if not situation.reason or in_text.get("kind") not in reason_kinds else None
    if term and not (kind or route) and (intent in ("ask_deadline", "ask_procedure")
                                         or (intent == "ask_about" and not DEFINITIONAL.search(text))):
        # "binnen hoeveel dagen melden bij DUO?" or "melden bij swv of bij leerplicht?" after a
        # triage or an answer: a term in a question that does not ask what the term is, is a
        # detail of the kind at hand, not the subject.
        context = topic.get("kind") or ((engine.classify(situation).kinds or [None])[0] if situation.reason else None)
        status = engine.classify(situation).status if situation.reason else None
        if context and ((intent != "ask_about" and _is_actor_term(engine, term))
                        or any(_term_in_steps(engine, term, k) for k in (context, status) if k)):
            kind, term = context, None
            intent = "ask_procedure" if intent == "ask_about" else intent
    if term and not (kind or route) and (intent in ("ask_deadline", "ask_procedure")
                                         or (intent == "ask_about" and not DEFINITIONAL.search(text))):
        # "een leerling is nu 8 keer te laat gekomen zonder geldige reden. moet ik al melden?":
        # the situation the message tells (te laat komen) is the subject, not a term among its
        # words ("zonder geldige reden": ongeoorloofd), which was all a blind chat got
        facts = engine.extract_facts(text)
        said = {k: v for k, v in facts.items() if k in SITUATION_SLOTS and getattr(situation, k, None) is None}
        told = facts.get("reason")
        kinds = engine.classify(situation.with_(**{**said, "reason": told})).kinds if told else []
        if kinds:
            kind, term = kinds[0], None
            intent = "ask_procedure" if intent == "ask_about" else intent
    if (kind or route or term) and topic.get("question") and elliptical:
        # "en een verwijdering?" right after "hoe lang mag een schorsing duren?": the same
        # question about the new subject. The NLU reads such a bare subject as ask_about.
        intent = topic["question"]
    if not (kind or route or term) and any(topic.get(k) for k in ("kind", "route", "term")):
        # "Moet school dat melden?" right after an answer: the same topic. (Advice clears
        # it, so after a triage the triage's kind is used instead, below.)
        kind, route, term = topic.get("kind"), topic.get("route"), topic.get("term")
    elif not (kind or route or term):
        # "Wat moet de school doen?" after a triage: about the kind just discussed, also when
        # the facts alone make it one without a reason ("op geen school ingeschreven": absoluut
        # verzuim). A term still named here is the subject ("mag de school hem weigeren?": the
        # zorgplicht); a body or channel ("wat moet ik melden bij DUO?") was made the triage's
        # kind above.
        classified = engine.classify(situation)
        # "ik ben 15 en kom vaak te laat ... kan dat gewoon?": te laat komen waits for the school
        # level, but it is the only kind the facts can make; its rules (which say where they
        # apply) answer better than "no answer" (blind round 18)
        # (only for a message that tells that reason itself: "kan ik met iemand praten zonder dat
        # mijn moeder het weet?" later in the same chat is no question about te laat komen's
        # rules, blind round 19)
        told_reason = situation.reason and engine.extract_facts(text).get("reason") == situation.reason
        kinds = classified.kinds or (classified.possible_kinds
                                     if len(classified.possible_kinds) == 1 and told_reason else [])
        kind = kinds[0] if kinds else None
    return intent, kind, route, term


def _about_context(engine: Any, intent: Optional[str], named: Dict[str, Any], text: str) -> bool:
    """ "wie beslist dat?" right after an answer: read as ask_about, but it names nothing, so it
    asks about a part of the topic at hand, not what that topic is."""
    return (intent == "ask_about" and not any(named.get(k) for k in ("kind", "route", "term"))
            and not engine.extract_facts(text).get("reason") and not engine.topics_in_text(text))


def _plan(engine: Any, kind: str, role: str, situation: Situation, text: str = "") -> Any:
    """The kind's steps for the role; for the triage's own kind with what is known applied (a
    3-day schorsing: the copy to the inspectie is due, not "bij meer dan 1 dag"), including the
    facts the question itself gives ("een leerling van 9 ... moeten we het kind horen?": not the
    step for pupils over 12). Those are only used here, not stored: a question is no statement."""
    said = {k: v for k, v in engine.extract_facts(text).items()
            if k in SITUATION_SLOTS and getattr(situation, k, None) is None and k != "role"}
    asked = situation.with_(**said) if said else situation
    kinds = engine.classify(asked).kinds if asked.reason else []
    if kinds and kind == kinds[0]:
        # the triage's plan: its kind with its status (thuiszitter, risicoleerling) merged
        return engine.plan_for(asked.with_(role=role))
    return engine.next_steps(kind, role, asked.region, situation=asked if kind in kinds else None)


def conversation_topics(engine: Any, tracker: Tracker, situation: Situation,
                        named: Optional[Dict[str, Any]] = None) -> Set[str]:
    """The ids of the kinds, terms and routes the conversation is about now: named in the latest
    message (``named``, when already resolved), the last answer's topic, and the triage's kind
    and status."""
    topic = tracker.get_slot("topic") or {}
    named = named_in_message(tracker) if named is None else named
    ids = {named.get(k) for k in ("kind", "route", "term")}
    if isinstance(topic, dict):
        ids |= {topic.get(k) for k in ("kind", "route", "term")}
    if situation.reason:
        classification = engine.classify(situation)
        ids |= set(classification.kinds[:1]) | {classification.status}
    return {i for i in ids if i}


def direct_replies(engine: Any, tracker: Tracker, text: str, topics: Set[str] = frozenset(),
                   named: Optional[Dict[str, Any]] = None) -> List[Any]:
    """The answer of answers.yml the message asks ("is vrijstelling een oplossing?"), if any."""
    situation = situation_from_slots(tracker.current_slot_values())
    found = engine.direct_answer(text, set(topics) | conversation_topics(engine, tracker, situation, named),
                                 situation.role or "ouder")
    if found and found.shows and engine.named_type(text):
        # "wie beoordeelt vrijstelling wegens trekkend bestaan?": the named type and who assesses
        # it (the focused answer) say more than a general explanation
        return []
    return render.render_direct(engine, found, situation.role or "ouder", situation.region) if found else []


def _replies(engine: Any, intent: Optional[str], kind: Optional[str], route: Optional[str],
             term: Optional[str], text: str, focus_text: str, named: Dict[str, Any], role: str,
             situation: Situation, direct: List[Any] = ()) -> Tuple[List[Any], Optional[str]]:
    """The answer, most specific first, and the kind it turned out to be about."""
    region = situation.region
    replies = None
    if kind and situation.reason and render.asks_whats_next(text):
        # "en wat gebeurt er als hij nog 2x te laat is?": what the next thresholds bring
        classification = engine.classify(situation)
        if kind in classification.kinds:
            ahead = render.render_steps_ahead(engine, situation, [kind] + ([classification.status] if classification.status else []))
            if ahead:
                return ahead, kind
    # "8 dagen, kan dat?" checks the number; "hoeveel dagen hebben ze om 16 uur te melden?" asks
    # a deadline, and its number is part of the rule asked about.
    checked = (render.render_threshold_check(engine, kind, text)
               if kind and intent in ("ask_deadline", "ask_procedure") and not render.asks_deadline_only(text)
               and not (intent == "ask_procedure" and ASKS_FOR_STEPS_NOW.search(render.question_context(text).lower()))
               else [])
    if checked and direct and ALTERNATIVE_AMOUNTS.search(text.lower()):
        # "thuiszitter volgens welke definitie? 4 weken of 3 maanden?": two numbers to choose
        # between ask which rule holds, not whether a told number crosses one (dev round 22)
        checked = []
    if checked and direct and _only_known_numbers(situation, text):
        # "moet hij die 3 dagen thuis dan wel werk van school krijgen?": a known number repeated
        # in a question that answers.yml answers is no number to check (round 20)
        checked = []
    if checked:
        # "8 dagen, kan dat?": the rule for that number, not every step of the kind.
        replies = checked
        checked[-1].buttons = list(checked[-1].buttons or []) + [ALL_STEPS]
    elif direct:
        # "de school zegt dat ik vrijstelling moet aanvragen, is dat een oplossing?": one fact
        replies = list(direct)
        if kind:
            replies[-1].buttons = list(replies[-1].buttons or []) + [ALL_STEPS]
    elif kind and (intent in ("ask_deadline", "ask_procedure") or _about_context(engine, intent, named, text)
                   or engine.kind_of_named_type(text) == kind) and (
            focused := render.render_focused(engine, _plan(engine, kind, role, situation, text), focus_text,
                                             with_deadline=intent == "ask_deadline")):
        # "moeten we de ouders vooraf horen?": the step asked about, not the whole plan;
        # "vrij met het suikerfeest?": that type of verlof and who assesses it.
        replies = focused
        focused[-1].buttons = list(focused[-1].buttons or []) + [ALL_STEPS]
    elif not (kind or route) and intent in ("ask_deadline", "ask_procedure") and (
            found := engine.plan_for_question(text, role, region)) and (
            focused := render.render_focused(engine, found, text, kind_words_count=True)):
        # "binnen hoeveel dagen moet een inschrijving bij DUO staan?": no kind named or at
        # hand, but one step of all the knowledge is clearly what is asked.
        replies, kind = focused, found.kind
        focused[-1].buttons = list(focused[-1].buttons or []) + [ALL_STEPS]
    elif intent == "ask_deadline" and kind:
        replies = render.render_deadlines(engine, kind, role)
    elif intent == "ask_procedure" and kind:
        replies = render.render_plan(engine, _plan(engine, kind, role, situation, text), situation)
    elif route or kind or term:
        # ask_about, or a deadline/procedure question without a kind: what the thing is.
        replies = describe(engine, kind, route, term, role, region)
    if not replies and not (kind or route or term) and (found := engine.plan_for_question(text, role, region)):
        # a question the NLU read as "what is" that names nothing, yet clearly matches one step
        # of all the knowledge ("welke aanvragen beoordeelt leerplicht?"): that, not the menu
        replies = render.render_focused(engine, found, text, kind_words_count=True)
        kind = found.kind if replies else None
    return replies or [], kind


def _only_known_numbers(situation: Situation, text: str) -> bool:
    """Whether the question's numbers are all numbers of the situation told before."""
    amounts = render.question_amounts(text)
    known = {float(getattr(situation, f)) for f in ABSENCE_AMOUNTS if getattr(situation, f) is not None}
    return bool(amounts) and all(float(v) in known for v in amounts.values())


ALL_STEPS = Button(title="Toon alle stappen", payload="/ask_procedure")
ALTERNATIVE_AMOUNTS = re.compile(r"\b\d+\s+[a-z]+\s+of\s+(?:na\s+)?\d+\s+[a-z]+")
# the steps asked for outright: "welke stappen moeten we doorlopen?", "wat moet ik doen?" (a number
# told in the story before it is then no question of its own: the steps apply it)
ASKS_FOR_STEPS_NOW = re.compile(
    r"\bwelke stappen\b|\bwat (?:zijn|is) (?:de|onze|mijn|hun) (?:stappen|procedure|verplichtingen|taken)\b"
    r"|\bwat (?:moet|moeten) (?:ik|we|wij) (?:nu |dan |allemaal )?doen\b|\bwat is de procedure\b|\bchecklist\b"
    r"|\bstappenplan\b|\bhoe pakken (?:we|wij|ik) dit aan\b")
# "waar kan ik terecht?", "bij wie kan ik aankloppen": where to go, i.e. the routes
WHERE_TO_GO = re.compile(r"\b(?:waar|bij wie) (?:kan|kunnen|moet|moeten) (?:ik|we|wij|je) (?:dan |nog |ook |meer |anders )*"
                         r"(?:terecht|heen|naartoe|aankloppen)\b", re.I)


# "welk samenwerkingsverband is dat dan bij ons?", "welk leerplichtbureau hoort bij ons?"
WHICH_BODY = re.compile(r"\b(?:welk|welke|(?:wat|wie) is (?:dan |hier |eigenlijk )*(?:ons|onze|het|de))"
                        r" (samenwerkingsverband|swv|leerplichtbureau|leerplicht)\b")
# ... of the writer's own place, not in general ("wat is een samenwerkingsverband?")
_OWN_PLACE = re.compile(r"\b(?:bij ons|hier|onze|ons|daar|wonen|woon)\b")


def sent_region_bodies(dispatcher: CollectingDispatcher, text: str, region: Optional[str]) -> bool:
    """ "welk samenwerkingsverband is dat dan bij ons?": the region's own bodies of that kind, sent;
    False when the message does not ask it or the region names none (dev round 22 got the steps)."""
    asked = which_body_asked(text)
    bodies = render.render_region_bodies(load_engine(), region, asked) if asked else []
    if bodies:
        send(dispatcher, bodies)
    return bool(bodies)


def which_body_asked(text: str) -> Optional[str]:
    """The actor (samenwerkingsverband or leerplicht) whose body in the user's region is asked."""
    low = (text or "").lower()
    m = WHICH_BODY.search(low)
    if not m or not _OWN_PLACE.search(low):
        return None
    return "leerplicht" if m.group(1).startswith("leerplicht") else "samenwerkingsverband"


# the school not listening or acting, or things stuck: where to go is then where to escalate
STUCK = re.compile(r"\b(?:niet (?:luistert|luisteren|meewerkt|meewerken|reageert|reageren)|vastloopt|vast loopt|vastlopen"
                   r"|(?:niks|niets) (?:doet|doen)|(?:niet|nooit) terug ?belt|niet eens (?:zijn|worden|bent)|oneens)\b")


# who to contact and how: "wie is hier de leerplichtambtenaar, hoe kom ik daaraan?", "hoe bereik ik
# leerplicht?" (a number or address the sources do not have is another question)
CONTACT_ASKED = re.compile(
    r"\bhoe (?:kom|komen) (?:ik|we|wij) (?:daar ?aan|aan (?:een|de|hun|het)|in contact)\b|\bhoe bereik (?:ik|je|we)\b"
    r"|\bwie is (?:hier|bij ons|onze|mijn|de|hun) (?:eigenlijk )?(?:\w+ )?(?:leerplichtambtenaar|lpa)\b")


# "kun je dat nog eens laten zien?", "herhaal dat": a repeat is asked for
ASKS_AGAIN = re.compile(r"\b(?:nog eens|nog een keer|opnieuw|herhaal\w*|nogmaals|terug ?zien|laten zien)\b", re.I)


def _said_before(tracker: Tracker, replies: List[Any]) -> bool:
    """Whether every text of these replies was sent already in this conversation."""
    said = bot_texts_since_restart(tracker)
    texts = [r.text for r in replies if r.text]
    return bool(texts) and all(t in said for t in texts)


# Words that say nothing about what is asked: the function words of the focused answers
# (bot/engine/focus.py) and the domain's own words, which every block has.
_NOT_A_SUBJECT = _FUNCTION_WORDS | frozenset(
    "ouder ouders school kind kinderen leerling onderwijs verzuim thuis weken dagen jaar tijd zorg hulp "
    "andere anders daarvoor straks later vraag vragen vraagt was waren wilt zoals hebt omdat deze "
    "met zo'n eigenlijk".split())


def _shares_a_word(question: str, replies: List[Any]) -> bool:
    """Whether the question names a word the block has ("gaat dat ook via DUO?" and the
    checklist's "melden via DUO-verzuimloket"): then the block said before does answer it.
    Words are compared by their stems, also as the end of a compound ("brief" in
    "waarschuwingsbrief"), not by their first letters: "kan mijn moeder een briefje schrijven?"
    shares nothing with "schriftelijk vastgelegd" (round 18 got the same steps again)."""
    block = " ".join((r.text or "") for r in replies).lower()
    in_block = stems(block) | stems(block.replace("-", " "))
    words = {w for w in re.findall(r"[a-zà-ÿ'-]{3,}", question.lower()) if w not in _NOT_A_SUBJECT}
    knowledge = load_engine().knowledge
    corpus = corpus_of(knowledge)
    asked = stems(" ".join(words)) | stems(" ".join(words).replace("-", " "))
    # not a short word found in many steps ("meld"): one that says which step is meant, a
    # longer one ("schorsing"), or the short name of a body or channel ("duo", "swv")
    names = _short_names(knowledge)
    return any(_has(in_block, st) for st in asked if corpus.weight(st) > 0 or len(st) >= 6 or st in names)


_SHORT_NAMES: List[Any] = [None, frozenset()]     # [the knowledge they were collected from, the names]


def _short_names(knowledge: Any) -> frozenset:
    """The short words (at most 4 letters) that name a term, body or route: "duo", "ggd", "swv";
    collected once per loaded knowledge, not at every message."""
    if _SHORT_NAMES[0] is not knowledge:
        entries = list(knowledge.terms.values()) + list(knowledge.actors.values()) + list(knowledge.routes.values())
        _SHORT_NAMES[:] = [knowledge, frozenset(w.lower() for e in entries for w in e.get("words") or []
                                                if 2 < len(w) <= 4 and " " not in w)]
    return _SHORT_NAMES[1]


def _said_just_before(tracker: Tracker, replies: List[Any]) -> bool:
    """Whether these replies are what the bot said in its last turn."""
    last: List[str] = []
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            if last:
                break
            continue
        if event.get("event") == "bot" and event.get("text"):
            last.append(event["text"])
    return bool(last) and all(r.text in last for r in replies if r.text)


def _instead_of_repeating(engine: Any, situation: Situation, topic: Any, text: str) -> List[Any]:
    """For a question that would get the last answer again: the routes when it asks where to go
    (and the situation is known), else the steps of the situation it is about; empty when neither
    answers it."""
    if situation.reason and WHERE_TO_GO.search(text):
        supposed = situation.with_(disagreement=True)
        routes = render.render_escalation(engine, engine.escalation(supposed), supposed, alternatives=True)
        if routes:
            return routes
    return followups.about_situation(engine, situation, topic, text) if situation.reason else []


@acknowledging
class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return answer_question(dispatcher, tracker, tracker.latest_message.get("intent", {}).get("name"))


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str]) -> List[Dict[Text, Any]]:
    """The answer to the latest message as a question of this intent (ask_about, ask_procedure or
    ask_deadline), and the events that remember its topic."""
    engine = load_engine()
    named = named_in_message(tracker)
    deferred = tracker.get_slot("deferred_facts") or {}
    deferred = {k: v for k, v in deferred.items() if k in SITUATION_SLOTS} if isinstance(deferred, dict) else {}
    situation = situation_from_slots({**tracker.current_slot_values(), **deferred})
    role = named.get("perspective") or situation.role or "ouder"
    topic = tracker.get_slot("topic") or {}
    if not isinstance(topic, dict):
        topic = {}
    text = (tracker.latest_message or {}).get("text") or ""
    intent, kind, route, term = question_subject(engine, intent, text, named, topic, situation)
    focus_text = text
    if named.get("term") and not term and engine.term(named["term"]):
        # "swv" in the question, "samenwerkingsverband" in the steps
        focus_text = f"{text} {engine.term(named['term']).name}"
    if situation.reason and WHERE_TO_GO.search(text) and STUCK.search(text.lower()) and not (route or term):
        # "waar kan ik terecht als de school gewoon niet luistert": the routes, as the button
        # "Waar kan ik terecht als het vastloopt?" gives them (replayed round 20 got the steps)
        stuck = situation.with_(disagreement=True)
        routes = render.render_escalation(engine, engine.escalation(stuck), stuck, alternatives=True)
        if routes:
            send(dispatcher, routes)
            return [SlotSet("disagreement", True)]
    if situation.region and sent_region_bodies(dispatcher, text, situation.region):
        return []
    if CONTACT_ASKED.search(text.lower()):
        # "wie is hier eigenlijk de leerplichtambtenaar, hoe kom ik daaraan?": the contact route
        # of the region with what was told (round 20 got the honest line)
        send(dispatcher, render.render_handoff(engine, situation, situation.region))
        return []
    direct = direct_replies(engine, tracker, text, {kind, route, term} - {None}, named)
    replies, kind = _replies(engine, intent, kind, route, term, text, focus_text, named, role, situation, direct)
    if replies and _said_just_before(tracker, replies):
        # The same block as the answer just before ("Zorgplicht: ..." three times for three other
        # questions in a replayed chat): the question is about the situation, not the topic again.
        replies = _instead_of_repeating(engine, situation, topic, text) or replies
    if (replies and not text.startswith("/") and not ASKS_AGAIN.search(text) and _said_before(tracker, replies)
            and not _shares_a_word(text, replies) and not followups.WHAT_TO_DO.search(text.lower())):
        # ("wat kan ik dan wel voor die school doen?" asks for one's own part, which the block
        # said before may be: a jeugdarts's GGD task in blind round 14)
        # Still a block this conversation has had already, for a new question: blind chats judged
        # every such repeat wrong ("repeats the proces-verbaal text" for "en bij 12 keer?"). Say
        # honestly that there is no short answer, and whom to ask.
        # "bij wie kan ik nog meer terecht?": the people to go to, with what was told
        replies = (render.render_handoff(engine, situation, situation.region) if WHERE_TO_GO.search(text)
                   else [Reply(text=no_answer(situation.role))])
    if not replies and situation.reason is None and any(
            getattr(situation, f) is not None for f in SITUATION_SLOTS if f not in ("role", "region", "level")):
        # "wat moet de school eigenlijk allemaal doen?" about a child at home for 6 weeks, whose
        # reason is not known: the steps depend on it, and what the time told may make it
        # (round 15 got a menu of topics); once, not again
        open_situation = engine.advise(situation)
        if not _said_before(tracker, open_situation):
            replies = open_situation
    earlier_messages = sum(1 for e in tracker.events if e.get("event") == "user") > 1
    if not replies and not text.startswith("/") and (tracker.get_slot("advice_shown") or situation.reason
                                                     or earlier_messages):
        # "mag ik info uit ons dossier delen?" in a conversation about a situation: understood,
        # but nothing in the knowledge answers it; say so and whom to ask (round 15 got a menu)
        # (also later in any conversation: "moet ik de moeder laten weten dat ik haar meld?" in a
        # school's triage without a reason yet got the topic menu in blind round 18)
        replies = [Reply(text=no_answer(situation.role))]
    if not replies:
        dispatcher.utter_message(
            text="Waar gaat uw vraag over? Kies een onderwerp, of stel uw vraag anders.",
            buttons=topic_buttons(tracker.get_slot("role")))
    else:
        intro = (engine.knowledge.roles.get(situation.role or "") or {}).get("intro")
        if intro and not any(e.get("event") == "bot" and e.get("text") == intro for e in tracker.events):
            # a pupil reading parents' steps for the first time: say who "uw kind" is
            dispatcher.utter_message(text=intro)
        send(dispatcher, replies)
    # The entity slots are per message (only clear what is set: every event lengthens the
    # conversation that Rasa reloads and replays at each turn); the topic is remembered.
    events = [SlotSet(name, None) for name in ("kind", "route", "term")
              if tracker.get_slot(name) is not None]
    # the fact the question gave while the triage asked for it (action_read_facts)
    events += [SlotSet(name, value) for name, value in deferred.items()]
    if tracker.get_slot("deferred_facts"):
        events.append(SlotSet("deferred_facts", None))
    new_topic = ({"kind": kind, "route": route, "term": term, "question": intent}
                 if replies else None)
    if new_topic != (topic or None):
        events.append(SlotSet("topic", new_topic))
    return events
