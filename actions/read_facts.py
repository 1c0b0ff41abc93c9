"""action_read_facts: the custom slot mapping that runs on every user message.

It turns what the user typed (or the button they clicked) into situation slots, so facts given
early, in free text or as a correction ("nee, het is 3 weken") are picked up wherever they occur.
"""
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.situation import SITUATION_SLOTS
from bot.engine import load_engine
from bot.engine.facts import parse_number

# Intents whose text may carry facts about the child. Questions ("wat is luxe verzuim?") do not:
# reading facts from them would silently change the situation.
FACT_INTENTS = {"describe_situation", "state_role", "choose_region",
                "disagree_with_school", "affirm", "deny", "request_human", "nlu_fallback"}
QUESTION_INTENTS = {"ask_about", "ask_procedure", "ask_deadline"}
# "dan bel ik de lpa", "ik mail de mentor", "ik verwijs haar naar leerplicht": someone to contact
ADDRESSED = re.compile(r"\b(?:bel|belt|bellen|mail|mailt|mailen|app|appt|appen|vraag|vragen|spreek|spreken"
                       r"|benader\w*|contact\w*(?: op)? met|verwijs\w*(?: \w+)? naar|stuur\w*(?: \w+)? naar)\b")
# A message that opens a new case ("andere vraag: ...", "volgende beller: ...", "nieuwe casus")
# ("nog een vraag: ..." is one more question, usually about the same case)
NEW_CASE = re.compile(r"^\W*(?:(?:een |nog een )?(?:andere|nieuwe|volgende|tweede) (?:vraag|casus|beller|melding"
                      r"|situatie|leerling|ouder|moeder|vader)|nog een (?:casus|beller|leerling)"
                      r"|ander (?:geval|verhaal|ding|punt)|(?:nog )?iets anders|weer een ander)\b")
# Another child of the same writer: "en nu wil mijn dochter van 10 ook niet meer" after a son of 6,
# "mijn andere zoon", "onze oudste": the guide's "second child", whose facts are not the first's
ANOTHER_CHILD = re.compile(r"\b(?:mijn|m'n|mn|onze) (?:andere|oudste|jongste|tweede) (?:zoon|dochter|kind|zoontje|dochtertje)\b"
                           r"|\b(?:mijn|m'n|mn|onze) (?:zoon|dochter|zoontje|dochtertje) van (\d{1,2})\b")
# "en nu wil haar broertje van 12 ook niet meer" (blind round 19): a sibling who now does the same
SIBLING_TOO = re.compile(r"\b(?:haar|zijn|z'n|hun|het|ons|onze|mijn|m'n|mn) (?:kleine |grote |oudere |jongere )?"
                         r"(?:broertje|zusje|broer|zus)\b(?=.*\book\b)")
BECAUSE = re.compile(r"\b(?:omdat|want|aangezien|doordat)\b(.+)$", re.I | re.S)
# Messages that answer "wie bent u?" without saying who: the role is then skipped, not asked again.
ROLE_NOT_GIVEN_INTENTS = {"describe_situation", "disagree_with_school", "affirm", "deny"}
BOOL_SLOTS = {"enrolled", "care_involved", "disagreement", "has_vrijstelling", "structural"}
DONT_KNOW = re.compile(r"\b(weet (ik )?(het )?niet|geen idee|onbekend|weet niet precies)\b", re.I)
# "het is echt weken", "al maanden": a length without a number answers "hoeveel weken?" as well as
# the user can; asking again got "Dank u. Dan nog deze vraag: Hoeveel weken ...?" in a replay
VAGUE_LENGTH = re.compile(r"\b(?:al |echt |gewoon |wel |zeker )*(?:weken|maanden|heel lang|al lang|een hele tijd"
                          r"|sinds (?:weken|maanden))\b", re.I)


def statements(text: str) -> str:
    """The sentences of a message that are not questions ("Leerling uit groep 4 wordt elke maandag
    ziek gemeld." in a message that ends with a question); empty for a question alone."""
    engine = load_engine()
    return " ".join(s for s in engine.sentences(text) if not s.endswith("?") and not engine.is_question(s))


def _another_child(text: str, tracker: Tracker) -> bool:
    """Whether the message turns to another child than the one the conversation is about: an
    other/eldest/youngest child, a brother or sister who now does the same, or a son or daughter
    of another age than the one known."""
    if tracker.get_slot("age") is None and not tracker.get_slot("reason"):
        return False        # nothing known yet about a first child
    if SIBLING_TOO.search(text):
        return True
    m = ANOTHER_CHILD.search(text)
    if not m:
        return False
    return m.group(1) is None or (tracker.get_slot("age") is not None
                                  and float(m.group(1)) != float(tracker.get_slot("age")))


def _coerce(name: str, value: Any) -> Any:
    if name in BOOL_SLOTS and isinstance(value, str):
        return value.strip().lower() in {"true", "ja", "1", "yes"}
    if name in {"age", "weeks_absent", "hours_absent", "suspension_days", "late_count",
                "sick_reports_quarter"}:
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    return value


NUMERIC_SLOTS = {"age", "weeks_absent", "hours_absent", "suspension_days", "late_count",
                 "sick_reports_quarter"}
# the numbers that tell of the absence itself (an age or a role does not)
ABSENCE_AMOUNTS = NUMERIC_SLOTS - {"age"}
COUNT_SLOTS = {"late_count", "sick_reports_quarter"}
CORRECTION = re.compile(r"^\s*(nee|sorry|oeps|oh|correctie)\b", re.I)
# "het is geen schorsing maar ze willen hem verwijderen": the user corrects what it is about.
CORRECTS_WHAT = re.compile(r"\b(?:geen|niet)\b[^.?!]{0,60}\bmaar\b|\bhet is (?:toch |eigenlijk )?geen\b", re.I)
BARE_NUMBER = re.compile(r"^\s*(?:ongeveer|zo'n|circa|ca\.?)?\s*(\d{1,3}(?:[.,]\d)?|[a-zé]+)\s*[.!]?\s*$", re.I)


def _place_days_and_numbers(found: Dict[str, Any], requested: Any, tracker: Tracker,
                            text: str) -> None:
    """Put a number where the conversation expects it.

    "3 dagen" is the length of a suspension when that is what was asked (or the reason is a
    suspension); otherwise it is absence, counted in school weeks of 5 days. A bare "14" answers
    the question that was just asked.
    """
    days = found.pop("days_absent", None)
    suspended = (found.get("reason") or tracker.get_slot("reason")) == "geschorst"
    if (days is None and "weeks_absent" in found and "suspension_days" not in found
            and (requested == "suspension_days" or (suspended and tracker.get_slot("suspension_days") is None))):
        # "nu zegt ze dat het 2 weken wordt" asked for the days of a suspension, or "geschorst ...
        # hij moet 2 weken thuisblijven": school weeks of 5 days (a replayed chat asked the days
        # the parent had just given)
        days = float(found.pop("weeks_absent")) * 5
    if days is not None:
        reason = found.get("reason") or tracker.get_slot("reason")
        if requested == "suspension_days" or (reason == "geschorst" and "suspension_days" not in found):
            found.setdefault("suspension_days", days)
        elif "weeks_absent" not in found:
            found["weeks_absent"] = round(float(days) / 5, 1)
    if requested in COUNT_SLOTS and requested not in found:
        # "7 keer denk ik", "nee sorry, het zijn er 10": a count answers the "hoe vaak?" asked.
        count = load_engine().count_answer(text or "")
        if count is not None:
            found[requested] = count
    elif CORRECTION.match(text or ""):
        # "nee sorry, het zijn er 10" after the next question was asked: it corrects the one
        # count given before (a replayed chat asked the next question again instead).
        known = [name for name in COUNT_SLOTS if tracker.get_slot(name) is not None]
        count = load_engine().count_answer(text or "") if len(known) == 1 else None
        if count is not None and known[0] not in found:
            found[known[0]] = count
    bare = BARE_NUMBER.match(text or "")
    if bare and requested in NUMERIC_SLOTS and requested not in found:
        number = parse_number(bare.group(1))  # "14", "1,5", and words: "veertien"
        if number is not None:
            found[requested] = number


def _yes_no_answer(field: str, yes: bool, tracker: Tracker) -> Any:
    """A typed "ja"/"nee" answers a yes/no fact directly, and a question whose buttons start
    with "Ja"/"Nee" (e.g. "Ja, 16 uur of meer") with that button's value."""
    if field in BOOL_SLOTS:
        return yes
    from actions.triage import open_questions  # here, to keep module imports one-directional
    word = "ja" if yes else "nee"
    for unknown in open_questions(tracker, reading=True):
        if unknown.field == field:
            for choice in unknown.choices or []:
                if choice.title.lower().startswith(word):
                    return choice.value
    return None


_DETERMINER_BEFORE = re.compile(r"\b(?:de|het|een|die|deze|zo'n|elke|iedere)\s+$")


def _role_tags_name_someone(text: str, entities: List[Dict[Text, Any]]) -> bool:
    """Whether every tagged role word follows an article ("de jongere", "een leerling")."""
    spans = [(e["start"], e["end"]) for e in entities if e.get("entity") == "role"
             and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
    return bool(spans) and all(_DETERMINER_BEFORE.search(text[:start].lower()) for start, _ in spans)


def _writer_role(role: Any, reader_role: Any, tagged_role: Any, known_role: Any, intent: Any,
                 text: str) -> Any:
    """Who is typing, from this message's role (the tagger's over the reader's) and the known one."""
    if role and known_role and role != known_role and ADDRESSED.search(text.lower()):
        # "ok helder, dan bel ik de lpa" from an ib'er: whom the writer will contact, not who
        # is writing (round 17 switched to leerplicht's checklist)
        return None
    if role == "ouder" and known_role in load_engine().knowledge.staff_roles and intent != "state_role" and not text.startswith("/"):
        # Staff talk about parents ("en als moeder niet meewerkt?"): a parent word in their
        # message is not who is typing. Saying so ("ik ben de moeder") changes the role.
        return None
    if tagged_role == "ouder" and reader_role in load_engine().knowledge.staff_roles:
        # "balie leerplicht Alphen: moeder aan de lijn ...": the tagged "moeder" is who the
        # message is about; the job the writer opens with is who is writing.
        return reader_role
    if role is None and intent == "state_role":
        # "leerplicht", "school", "moeder" alone, as the answer to "wie bent u?": the role word
        # itself (roles.yml), which the tagger may leave untagged (it is also a topic word).
        said = re.sub(r"[^\w' -]", "", text.lower()).strip()
        for role_id, entry in load_engine().knowledge.roles.items():
            if said in {w.lower() for w in entry["words"]} | {entry["name"].lower()}:
                return role_id
    if tagged_role == "ouder" and reader_role == "jongere":
        # "ik ben zelf de leerling": the tagger's "leerling" is folded into ouder (NLU data);
        # the reader's phrase says who is typing.
        return "jongere"
    return role


def _acknowledgement_due(tracker: Tracker, intent: Any, text: str, role: Any) -> Any:
    """ "We zijn ten einde raad": the short acknowledgement the next reply opens with, once per
    conversation; None for calm messages, staff and button clicks. (A slot, not a message: Rasa
    keeps only the slots of a slot mapping action; actions/replies.py says it.)"""
    if intent not in FACT_INTENTS | QUESTION_INTENTS or not text or text.startswith("/"):
        return None
    reply = load_engine().acknowledgement(text, role if isinstance(role, str) else None)
    if reply and not any(e.get("event") == "bot" and e.get("text") == reply for e in tracker.events):
        return reply
    return None


class ActionReadFacts(Action):
    def name(self) -> Text:
        return "action_read_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        found: Dict[str, Any] = {}
        clause_facts: Dict[str, Any] = {}

        # A message the NLU could not place that is a question ("moet ik de GGD inschakelen?")
        # is no more a statement of facts than the questions it did place.
        if intent == "out_of_scope" and text and not text.startswith("/") and \
                load_engine().extract_facts(statements(text) or text).get("reason"):
            # "mijn zoon mag van school een hele week niet komen ... mag een school dat zomaar??"
            # read as out of scope: a story the NLU could not place (action_off_topic starts
            # the triage on it, as the fallback does)
            intent = "nlu_fallback"
        unplaced_question = intent == "nlu_fallback" and text.rstrip().endswith("?")
        # "stel dat hij volgend kwartaal weer 4 keer ziek is": a what-if tells no facts, whatever
        # the intent (its supposed situation is answered, not stored)
        unplaced_question = unplaced_question or load_engine().is_what_if(text)
        # "kan ik hier bezwaar tegen maken?", "de ib'er had het over de ggd, wat doen die?": read
        # as disagreement, but a question: the escalation action answers it (and sets the
        # disagreement itself); its words are no facts, nor the answer to the open question.
        unplaced_question = unplaced_question or (intent == "disagree_with_school" and load_engine().is_question(text))
        told = statements(text) if unplaced_question else ""
        if intent in FACT_INTENTS and text and not text.startswith("/") and not unplaced_question:
            found.update(load_engine().extract_facts(text))
        elif told:
            # "Een leerling wordt bijna elke maandag ziek gemeld. Vanaf wanneer moet ik hier iets
            # mee?": the sentences before the question are a story (action_fallback then starts
            # the triage); the question itself states nothing.
            found.update(load_engine().extract_facts(told))
        elif text and not text.startswith("/"):
            # "directeur basisschool in katwijk. ... moeten we het kind ook horen?": a question
            # states no facts about the child, but who is asking, and where, it does say.
            said = load_engine().extract_facts(text)
            found.update({k: said[k] for k in ("role", "region") if k in said})
            story = statements(text) if intent in QUESTION_INTENTS else ""
            if story:
                # "mn dochter is 15 en zit al 6 weken thuis ... krijg ik nu een boete": the
                # sentences before the question tell the situation, whichever intent the whole
                # message got (round 15: the story was lost when it was read as a question)
                found.update({k: v for k, v in load_engine().extract_facts(story).items() if k != "role"})
            # ... and a reason clause in it states facts ("krijg ik een boete omdat hij nergens
            # staat ingeschreven?")
            clause = BECAUSE.search(text)
            if clause and intent in QUESTION_INTENTS:
                clause_facts = {k: v for k, v in load_engine().extract_facts(clause.group(1)).items()
                                if k != "role" and k in SITUATION_SLOTS}
        # Entities (from the tagger or from a button payload) win over the free-text reader, but only
        # as knowledge ids: the tagger may tag "wil niet" without its synonym, which is no reason id.
        entities = message.get("entities") or []
        if not text.startswith("/"):
            # "meegenomen naar spanje zonder verlof", "mijn moeder ligt in het ziekenhuis": a
            # tagged reason the reader's rules reject is not the reason (the reader may know it).
            engine = load_engine()
            entities = [e for e in entities if not (
                e.get("entity") == "reason" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
                and not engine.reason_tag_holds(text, e["start"], e["end"], engine.normalise_entity("reason", e.get("value")) or ""))]
        resolved = load_engine().resolve_entities(entities, text)
        reader_role = found.get("role")
        for name, value in resolved.items():
            if name in SITUATION_SLOTS and value is not None:
                found[name] = value
        known_reason = tracker.get_slot("reason")
        if known_reason and found.get("reason") not in (None, known_reason) and not text.startswith("/"):
            # "de school wil er de GGD bij halen. ... gaat die zeggen dat ze spijbelt?": a reason
            # named only in a sentence that asks is no new reason (a replayed chat about an ill
            # girl turned into truancy); "hij spijbelt nu ook, wat nu?" tells one
            told = load_engine().told(text)
            tagged = [text[e["start"]:e["end"]] for e in entities if e.get("entity") == "reason"
                      and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
            if not load_engine().extract_facts(told).get("reason") and not any(t and t in told for t in tagged):
                found.pop("reason")
        if (reader_role is None and intent != "state_role" and load_engine().is_question(text)
                and _role_tags_name_someone(text, entities)):
            # "vanaf welke leeftijd spreken we de jongere zelf aan?" (dev round 22 turned a
            # leerplicht officer into a pupil): a role word after an article, in a question, is
            # whom the question is about; the writer's own role is said otherwise ("ik ben ...")
            found.pop("role", None)
            resolved.pop("role", None)
        role = _writer_role(found.get("role"), reader_role, resolved.get("role"),
                            tracker.get_slot("role"), intent, text)
        if role:
            found["role"] = role
        else:
            found.pop("role", None)
        if "reason" in resolved and intent in FACT_INTENTS:
            # ... unless the reader's phrase contains the tagger's words and says more.
            longer = load_engine().reason_of_longer_phrase(text, entities)
            if longer:
                found["reason"] = longer
            if found.get("reason") == "verlof" and not unplaced_question and load_engine().goes_anyway(text):
                # "verlof gevraagd, wij hebben nee gezegd, en nu is de leerling toch weg": the
                # tagged "verlof" was refused; the trip without permission is the reason
                found["reason"], found["has_vrijstelling"] = "vakantie", False

        if intent == "disagree_with_school" and text and not unplaced_question and CORRECTS_WHAT.search(text):
            # "ik zie in de brief dat het geen schorsing is maar dat ze hem willen verwijderen":
            # read as an objection, but it corrects the reason: the new reason is a fact.
            corrected = load_engine().extract_facts(text).get("reason")
            if corrected:
                found["reason"] = corrected
        elif (intent == "disagree_with_school" and tracker.get_slot("reason")
                and tracker.get_slot("requested_slot") != "reason"):
            # "we zijn het oneens, de school wil dat wij een vrijstelling aanvragen": an objection
            # names what it is about, which need not be why the child is at home. A known reason
            # stays (a replayed chat turned a child without a place into a vrijstelling case).
            found.pop("reason", None)
        requested = tracker.get_slot("requested_slot")
        deferred = None
        if intent in QUESTION_INTENTS and requested in found:
            # "kunnen wij als school een onderwijszorgconsulent inschakelen?" while "wie bent u?"
            # is open: filling the asked fact now would let the form go on and swallow the
            # question. The answer action sets it after answering (data/rules).
            deferred = {requested: _coerce(requested, found.pop(requested))}
        if clause_facts:
            # likewise the facts of a reason clause in a question: set after the answer
            deferred = {**(deferred or {}), **{k: _coerce(k, v) for k, v in clause_facts.items()}}
        _place_days_and_numbers(found, requested, tracker, text)
        cannot_answer = bool(requested and DONT_KNOW.search(text))
        if requested == "weeks_absent" and "weeks_absent" not in found and VAGUE_LENGTH.search(text):
            cannot_answer = True
        if requested == "role" and "role" not in found and intent in ROLE_NOT_GIVEN_INTENTS:
            # Answered "wie bent u?" with more about the child ("zoon 14 jaar, 3 weken niet"):
            # go on with parents' wording rather than ask again. Replayed chats asked it 5 times.
            cannot_answer = True
        if intent in {"affirm", "deny"} and requested and requested not in found:
            answer = _yes_no_answer(requested, intent == "affirm", tracker)
            if answer is not None:
                found[requested] = answer
            elif not found:
                # "ja" to "hoe oud is uw kind?": asking again would loop; go on without it.
                # ("nee, het zijn er 10" corrects another fact and leaves the question open.)
                cannot_answer = True

        events: List[Dict[Text, Any]] = []
        skipped = list(tracker.get_slot("skipped_facts") or [])
        skip = [e.get("value") for e in message.get("entities") or [] if e.get("entity") == "skip_fact"]
        if requested and (skip or cannot_answer):
            skip = skip or [requested]
        for name in skip:
            if name and name not in skipped:
                skipped.append(name)
        if skip:
            events.append(SlotSet("skipped_facts", skipped))

        if NEW_CASE.match(text.lower()) or _another_child(text.lower(), tracker):
            # "andere vraag: moeder belt dat ...", "volgende beller: ...": a front desk's next
            # case, whose facts are not the last one's (round 16 carried a disagreement over);
            # who is asking and where stay
            for name in SITUATION_SLOTS:
                if name not in ("role", "region") and name not in found and tracker.get_slot(name) is not None:
                    events.append(SlotSet(name, None))
            for name in ("skipped_facts", "topic", "advice_shown"):
                if tracker.get_slot(name) is not None:
                    events.append(SlotSet(name, None))
        for name, value in found.items():
            if name not in SITUATION_SLOTS:
                continue
            value = _coerce(name, value)
            if value is not None and value != tracker.get_slot(name):
                events.append(SlotSet(name, value))
        if deferred or tracker.get_slot("deferred_facts"):
            events.append(SlotSet("deferred_facts", deferred))
        acknowledgement = _acknowledgement_due(tracker, intent, text, found.get("role") or tracker.get_slot("role"))
        if acknowledgement and acknowledgement != tracker.get_slot("acknowledgement"):
            events.append(SlotSet("acknowledgement", acknowledgement))
        # A new understood message ends a run of misunderstandings.
        if intent != "nlu_fallback" and (tracker.get_slot("misunderstood") or 0) > 0:
            events.append(SlotSet("misunderstood", 0))
        return events
