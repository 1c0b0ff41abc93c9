"""The situation triage: which fact to ask next is decided by the engine, not by this file."""
import re
import warnings
from collections import Counter
from typing import Any, Dict, List, Optional, Set, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import followups
from actions.answers import ASKS_FOR_STEPS_NOW, direct_replies
from actions.read_facts import CORRECTION
from actions.replies import acknowledge, acknowledging, bot_texts_since_restart, no_answer, said_this_turn, send
from actions.situation import situation_from_slots, situation_from_tracker
from bot.engine import load_engine
from bot.engine import render
from bot.engine.render import fact_payload

# Facts the form can ask; each has an action_ask_<field> below and a slot in domain.yml.
ASKABLE = ("role", "reason", "level", "age", "enrolled", "weeks_absent", "hours_absent",
           "suspension_days", "late_count", "care_involved", "disagreement", "has_vrijstelling",
           "sick_reports_quarter", "structural")

# rasa_sdk warns for every required slot that is not listed in domain.yml's form and has no
# extract_<slot> method. Ours are filled by action_read_facts (a custom slot mapping), so the
# warning is noise in every turn's log.
warnings.filterwarnings("ignore", message=r"No method 'extract_\w+' found for slot")

DISAGREEMENT_NOTED = ("Ik neem mee dat u het niet eens bent met de school. Na de vragen laat ik "
                      "zien waar u terecht kunt.")
DISAGREEMENT_NOTED_PUPIL = ("Ik neem mee dat je het er niet mee eens bent. Na de vragen laat ik zien waar "
                            "je terecht kunt.")
# Staff tell of parents and school disagreeing; "u bent het niet eens met de school" would be
# said to the school itself (a zorgcoördinator in a replayed chat).
DISAGREEMENT_NOTED_STAFF = ("Ik neem mee dat ouders en school het niet eens zijn. Na de vragen laat "
                            "ik zien welke routes er zijn.")


# Intents that are no question of the user's own, even with a "?" ("ja?", "wie ik ben?").
NOT_QUESTIONS = {"affirm", "deny", "state_role", "choose_region", "help", "request_human", "restart",
                 "greet", "thank", "goodbye", "delete_conversation"}


def why_asked(field: str) -> Optional[str]:
    """Why the triage asks for this fact (questions.yml `why`), for "hoezo wil je dat weten?"."""
    question = load_engine().knowledge.questions.get(field) or {}
    return question.get("why")


# A triage question asked this often is not asked again: a replayed chat asked "Wie bent u?" five
# times.
MAX_ASKS = 3
# Messages after a triage question that do not pass it over: asking why it is asked or what it
# means ("hoezo wil je dat weten?"), saying who one is, a greeting; the question is then asked again.
_NOT_PASSING_OVER = {"help", "state_role", "greet", "restart", "delete_conversation"}


def _field_of_question() -> Dict[str, str]:
    """Each wording of a triage question (parents', staff's, a pupil's) -> the fact it asks."""
    return {question[key]: field for field, question in load_engine().knowledge.questions.items()
            for key in ("question", "question_staff", "question_pupil") if question.get(key)}


def asked_too_often(tracker: Tracker, count_latest: bool = True) -> Set[str]:
    """The facts not to ask again: those asked MAX_ASKS times since the last advice, and those
    the user passed over once in the conversation, answering the question with more story or a
    question of their own while the fact stays unknown. Blind chats (round 15) had the same
    question in the very next reply on 14 of 125 turns ("Waarom is de leerling niet op school?"
    three times to a zorgcoördinator who did not know); the advice then goes on with what is
    known, as after "weet ik niet". ``count_latest``: whether the latest message counts (not while
    it is being read: it may still answer the question)."""
    return _asked_and_passed_over(tracker, count_latest)[0]


def asked_last(tracker: Tracker) -> Optional[str]:
    """The fact whose triage question is the bot's last message before the latest user message."""
    field_of = _field_of_question()
    seen_user = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            return field_of.get(event.get("text"))
    return None


def passed_over_any(tracker: Tracker) -> bool:
    """Whether the user passed over a triage question since the last advice: then the triage asks
    nothing more and gives the advice for what is known (round 15: after one question passed over,
    the next replies were a chain of other questions until the conversation ended)."""
    return bool(_asked_and_passed_over(tracker, True)[1])


def _asked_and_passed_over(tracker: Tracker, count_latest: bool) -> Tuple[Set[str], Set[str]]:
    """(facts not to ask again, facts passed over since the last advice). A fact passed over is
    not asked again in the whole conversation (since a restart): a parent who left "Op welk soort
    school zit uw kind?" aside got it again after the next fact in a round-15 chat. The count of
    MAX_ASKS starts again after each advice."""
    field_of = _field_of_question()
    counts: Counter = Counter()
    passed_over: Set[str] = set()
    passed_over_since_advice: Set[str] = set()
    since_advice = True
    later_user: Optional[Dict[Text, Any]] = None
    latest_user = next((e for e in reversed(tracker.events or []) if e.get("event") == "user"), None)
    for event in reversed(tracker.events or []):
        if event.get("event") == "restart":
            break
        if event.get("event") == "action" and event.get("name") == "action_give_advice":
            since_advice = False
        elif event.get("event") == "user":
            later_user = event
        elif event.get("event") == "bot" and event.get("text") in field_of:
            field = field_of[event["text"]]
            if since_advice:
                counts[field] += 1
            if (later_user is not None and _passes_over(later_user) and tracker.get_slot(field) is None
                    and (count_latest or later_user is not latest_user)):
                passed_over.add(field)
                if since_advice:
                    passed_over_since_advice.add(field)
            later_user = None   # only the message right after the question answers it
    # (a fact that became known is not asked anyway; a skipped unknown one is not asked again)
    return {field for field, n in counts.items() if n >= MAX_ASKS} | passed_over, passed_over_since_advice


def _passes_over(user: Dict[Text, Any]) -> bool:
    """Whether a message after a triage question leaves it aside: not a button (a button of the
    question answers it; another one is the user's choice to go elsewhere), not "hoezo?" or a role."""
    text = user.get("text") or ""
    intent = ((user.get("parse_data") or {}).get("intent") or {}).get("name")
    return not text.startswith("/") and intent not in _NOT_PASSING_OVER


def open_questions(tracker: Tracker, reading: bool = False) -> List:
    """The engine's unknowns that the user has not said they cannot answer, passed over or was
    asked too often. ``reading``: while the latest message is being read, it may still answer
    the last question ("ja" to "Ja, 16 uur of meer")."""
    skipped = set(tracker.get_slot("skipped_facts") or [])
    skipped |= asked_too_often(tracker, count_latest=not reading)
    unknowns = load_engine().classify(situation_from_tracker(tracker)).unknowns
    return [u for u in unknowns if u.field in ASKABLE and u.field not in skipped]


class ValidateSituationForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_situation_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        # A role the user could not or would not give is not asked again (skipped_facts); the
        # advice then speaks to parents, the engine's default role.
        if passed_over_any(tracker) or asks_for_steps_now(tracker):
            return []
        skipped = set(tracker.get_slot("skipped_facts") or [])
        skipped |= asked_too_often(tracker)
        required = [] if tracker.get_slot("role") or "role" in skipped else ["role"]
        for unknown in open_questions(tracker):
            if unknown.field not in required:
                required.append(unknown.field)
        return required


    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[Dict[Text, Any]]:
        # "We gaan bezwaar maken" in the middle of the triage fills the disagreement fact, so the
        # form goes on with its next question; say that it is heard and when the routes follow.
        # (Not in a validate_disagreement method: rasa_sdk only validates slots that are still
        # required, and a known disagreement no longer is.)
        events: List[Dict[Text, Any]] = []
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        answer = _answer_in_triage(tracker, intent, message.get("text") or "")
        if answer:
            events += acknowledge(dispatcher, tracker)
            send(dispatcher, answer)
        if (tracker.slots_to_validate().get("disagreement") is True and not _set_before_this_message(tracker, "disagreement")
                and tracker.get_slot("requested_slot") != "disagreement" and not passed_over_any(tracker)
                and any(u.field != "disagreement" for u in open_questions(tracker))):
            # ("na de vragen" only while questions follow: not when a question passed over ends
            # the triage, nor when nothing is left to ask)
            role = tracker.get_slot("role")
            dispatcher.utter_message(text=DISAGREEMENT_NOTED_STAFF if role in load_engine().knowledge.staff_roles
                                     else DISAGREEMENT_NOTED_PUPIL if role == "jongere" else DISAGREEMENT_NOTED)
        return events + await super().get_validation_events(dispatcher, tracker, domain)


def _set_before_this_message(tracker: Tracker, slot: str) -> bool:
    """Whether the slot was already true before the latest message (a replayed chat noted the same
    disagreement twice: "... komen er niet uit", later "hij heeft een jeugdwet indicatie ja")."""
    events = list(tracker.events or [])
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    value = None
    for e in events[:last_user]:
        if e.get("event") == "slot" and e.get("name") == slot:
            value = e.get("value")
        elif e.get("event") == "restart":
            value = None
    return value is True


def _answer_in_triage(tracker: Tracker, intent: Optional[str], text: str) -> List[Any]:
    """What the triage says before its next question to a message that asks something."""
    if asks_for_steps_now(tracker):
        return []       # the advice follows at once, and it is what was asked for
    engine = load_engine()
    situation = situation_from_slots({**tracker.current_slot_values(), **tracker.slots_to_validate()})
    topic = tracker.get_slot("topic") or {}
    answer: List[Any] = []
    # (an objection with a question was answered already when action_explain_escalation ran
    # before the form in this turn)
    if intent not in NOT_QUESTIONS and not text.startswith("/") and engine.is_question(text):
        # "ze gaat nu al 5 weken maar 2 ochtenden. is ze dan een thuiszitter?"
        answer = followups.is_it_a_kind(engine, situation, text)
        questions = [q for q in engine.sentences(text) if engine.is_question(q)]
        if answer and questions and not followups.IS_IT_A_KIND.search(questions[-1].lower()):
            # "... is hij nu een thuiszitter?? krijg ik een boete?": the last question too
            said = {r.text for r in answer}
            answer += [r for r in render.render_inline_answer(engine, situation, questions[-1]) if r.text not in said]
    if not answer and (intent == "describe_situation"
                       or (intent == "disagree_with_school" and not said_this_turn(tracker))):
        # "... 18 uur ongeoorloofd gemist. Binnen welke termijn melden?": the question is
        # answered now; the form asks what it still needs after that.
        topics = [topic.get(k) for k in ("kind", "route", "term")] if isinstance(topic, dict) else []
        answer = render.render_inline_answer(engine, situation, text, topics)
        if (not answer and engine.is_question(text) and not _triage_was_open(tracker)
                and not _ASKS_FOR_STEPS.search(render.question_context(text).lower())):
            # (a question for the steps, "wat nu?", is what the advice at the triage's end is for)
            # "school zei 'vraag maar vrijstelling aan want wij hebben geen passende plek'. klopt
            # dat wel??": a story whose question one fact of answers.yml answers gets it before
            # the first triage question (round 16: only the question "Waarom ...?")
            asked = render.question_context(text)
            answer = direct_replies(engine, tracker, asked) or (
                # "mijn zoon is 17 en is gestopt met zijn mbo. hij wil gaan werken. mag dat
                # gewoon?": what the question is about may be told two sentences before it
                direct_replies(engine, tracker, text) if asked != text else [])
    if (not answer and not said_this_turn(tracker) and intent not in NOT_QUESTIONS | {"describe_situation"}
            and not text.startswith("/") and engine.is_question(text) and _triage_was_open(tracker)):
        # A question of the user's own that also told a fact ("we moeten misschien 3 weken weg.
        # wie beslist dat dan", "en als school nee zegt en we gaan toch?"): the form goes on with
        # it, so the rules that answer questions do not run. Answer it here, as the fallback
        # would, from the question with the sentence before it (a story's other words are no part
        # of what is asked). A story with a question was answered above, from the story's kind.
        asked = render.question_context(text)
        answer = (direct_replies(engine, tracker, asked) or followups.what_if(engine, situation, text)
                  or followups.about_situation(engine, situation, topic, asked)
                  or followups.number_checked(engine, situation, topic, text))
    if (not answer and not said_this_turn(tracker) and intent not in NOT_QUESTIONS and not text.startswith("/")
            and engine.is_question(text) and _triage_was_open(tracker) and not situation.reason):
        # "mentor zegt 17 uur in de afgelopen 4 weken. wat betekent dat" before any reason (a
        # story read as describe_situation, which the question rules above leave alone)
        answer = followups.number_checked(engine, situation, topic, text)
    if (not answer and not text.startswith("/") and CORRECTION.match(text)
            and not engine.is_question(text)):
        # "nee wacht sorry, het is niet een week. het zijn 7 schooldagen": a corrected number is
        # checked against its rule before the next question (blind round 18 got only the next
        # question, not that 7 days are more than a schorsing may last)
        answer = followups.number_checked(engine, situation, topic, text)
    if answer and not _triage_was_open(tracker) and not render.question_amounts(text):
        # A story that starts the triage and asks about its own numbers ("4x ziek gemeld ... mag
        # dat zomaar??"): what the situation is called says it, with those numbers applied to its
        # kind's rules ("Bij de 4e ziekmelding ...", "Deze schorsing duurt 10 dagen: dat is langer
        # dan ..."). Blind chats judged the bare check ("Bij 4 keer: dat geldt hier dus") only
        # partly right. Any other answer stays as it is.
        intro = render.render_situation_intro(engine, situation)
        kinds = engine.classify(situation).kinds
        checks = {r.text for r in render.render_threshold_check(engine, kinds[0], text)} if kinds else set()
        if intro and {r.text for r in answer} <= checks:
            answer = [] if intro[0].text in bot_texts_since_restart(tracker) else list(intro)
    return answer


def asks_for_steps_now(tracker: Tracker) -> bool:
    """Whether the message that starts the triage asks for the steps ("We willen een leerling uit 3
    havo verwijderen. Welke stappen moeten we doorlopen?") and its facts settle the kind of absence
    and who is asking: then the advice comes now, not after questions that only refine it (blind
    round 18: the steps asked for came only after "Hoeveel weken ...?"; the steps word their
    conditions themselves, "bij 4 weken ..."). Later messages go on as the triage does."""
    if _triage_was_open(tracker):
        return False
    text = (tracker.latest_message or {}).get("text") or ""
    engine = load_engine()
    if not text or text.startswith("/") or not engine.is_question(text):
        return False
    if not ASKS_FOR_STEPS_NOW.search(render.question_context(text).lower()):
        return False
    situation = situation_from_slots({**tracker.current_slot_values(), **tracker.slots_to_validate()})
    if not situation.role or not situation.reason:
        return False
    # settled: no answer to the open questions can change the kinds (a first "overig verzuim"
    # that more weeks or 16 hours would make another kind is not; render_situation_intro)
    c = engine.classify(situation)
    return bool(c.kinds) and engine.kinds_settled(situation, [u.field for u in c.unknowns])


def _triage_was_open(tracker: Tracker) -> bool:
    """Whether the triage was going on before the latest message (a story that starts it was
    answered from its kind, and then gets what the situation is called: not a guess at steps)."""
    events = list(tracker.events or [])
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    for event in reversed(events[:last_user] if last_user is not None else []):
        if event.get("event") == "active_loop":
            return event.get("name") == "situation_form"
    return False


def _answered_instead(tracker: Tracker, field: Optional[str]) -> bool:
    """Whether the latest message is a question of the user's own, answered in this turn, while
    this field's question was the last thing the bot asked before it (a question it has not
    asked yet is asked)."""
    events = list(tracker.events or [])
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    if last_user is None:
        return False
    user = events[last_user]
    text = user.get("text") or ""
    intent = ((user.get("parse_data") or {}).get("intent") or {}).get("name")
    if text.startswith("/") or intent in ("help", "state_role") or not load_engine().is_question(text):
        return False
    answered = any(e.get("event") == "bot" for e in events[last_user + 1:])
    before = [e.get("text") for e in events[:last_user] if e.get("event") == "bot"]
    if not (answered and before and field is not None):
        return False
    return _field_of_question().get(before[-1]) == field or _passed_over_before(events[:last_user], field)


def _passed_over_before(events: List[Dict[Text, Any]], field: str) -> bool:
    """Whether the user answered this field's question with a question of their own earlier in
    the triage: then it is not tacked onto later answers either (a replayed chat got "Hoeveel
    weken ...?" under four answers in a row)."""
    field_of = _field_of_question()
    asked = False
    for event in events:
        if event.get("event") == "restart" or (event.get("event") == "action"
                                               and event.get("name") == "action_give_advice"):
            asked = False
        elif event.get("event") == "bot" and event.get("text"):
            asked = field_of.get(event["text"]) == field
        elif event.get("event") == "user" and asked:
            if load_engine().is_question(event.get("text") or "") and not (event.get("text") or "").startswith("/"):
                return True
            asked = False
    return False


# A question of the user's own in the triage that nothing answered (no entry of answers.yml, no
# step of the situation's kind): blind chats judged the bare next triage question as no answer at
# all. Say so, and whom to ask (NO_ANSWER), before the question; a question for the steps
# themselves ("wat moet ik doen?") is answered by the advice the triage leads to.
STEPS_FOLLOW = {"ouder": "Welke stappen bij uw situatie horen, laat ik zien zodra ik dit weet:",
                "jongere": "Welke stappen erbij horen, laat ik zien zodra ik dit weet:"}
STEPS_FOLLOW_STAFF = "De stappen volgen zodra ik dit weet:"
_ASKS_FOR_STEPS = re.compile(
    r"\bwat (?:moet|moeten|kan|kunnen|ga|gaan|doe|doen) (?:ik|we|wij|jullie|u|de school|school)\b(?: \w+){0,2}? (?:doen|nu)\b"
    r"|\bwat nu\b|\bhoe (?:nu |moet het )?verder\b|\bwaar (?:moet|kan) ik (?:beginnen|heen|naartoe|terecht)\b"
    r"|\bwat zijn (?:de|onze|mijn|hun) (?:stappen|verplichtingen|taken)\b|\bwat gebeurt er (?:nu|dan)\b"
    r"|\bchecklist\b|\bstappenplan\b"
    # "wat had de school op dit punt moeten doen?"
    r"|\bwat (?:had|hadden|heeft|hebben|moest|moesten) (?:de school|school|ik|we|wij|jullie|leerplicht)\b(?: \w+){0,4}? (?:moeten )?doen\b")


# "weet ik niet", "weet niet precies": an answer to the triage's question, though it opens as one
_DONT_KNOW = re.compile(r"^\W*(?:ik |dat |nee,? )?(?:weet|wist) (?:ik |het |dat |we |wij )*(?:echt |nog |zo )?niet\b|^\W*geen idee\b")


def _unanswered_question(tracker: Tracker) -> Optional[str]:
    """The lead for a question of the user's own that nothing answered in this turn, or None."""
    earlier = sum(1 for e in tracker.events or [] if e.get("event") == "user") > 1
    if said_this_turn(tracker) or not (_triage_was_open(tracker) or earlier):
        # (a story's own question, in the message that starts the first triage, is what the
        # advice at its end is for; after an advice a question that starts a new triage is a
        # follow-up, which a bare question left unanswered in round 16)
        return None
    message = tracker.latest_message or {}
    user = next((e for e in reversed(tracker.events or []) if e.get("event") == "user"), None)
    text = (user.get("text") if user else message.get("text")) or ""
    parsed = (user or {}).get("parse_data") or (message if text == message.get("text") else {})
    intent = (parsed.get("intent") or {}).get("name")
    if (text.startswith("/") or intent in NOT_QUESTIONS or _DONT_KNOW.match(text.lower())
            or not load_engine().is_question(text)):
        return None
    role = tracker.get_slot("role") or "ouder"
    if _ASKS_FOR_STEPS.search(text.lower()):
        staff = role in load_engine().knowledge.staff_roles
        return STEPS_FOLLOW_STAFF if staff else STEPS_FOLLOW.get(role, STEPS_FOLLOW["ouder"])
    return no_answer(role)


def _term_asked(tracker: Tracker) -> List:
    """The explanation of the glossary term the user's unanswered question names ("zwemt
    wedstrijden op vrijdag, is dat een gewichtige omstandigheid?", dev round 22): what the
    sources say about it, and where they stop, is a better answer than none at all."""
    user = next((e for e in reversed(tracker.events or []) if e.get("event") == "user"), None)
    engine = load_engine()
    asking = [x for x in engine.sentences((user or {}).get("text") or "") if engine.is_question(x)]
    term = engine.topics_in_text(asking[-1]).get("term") if asking else None
    if not term:
        return []
    return render.render_definition(engine, term=term, role=tracker.get_slot("role") or "ouder")


def _send_lead(dispatcher: CollectingDispatcher, tracker: Tracker, lead: Optional[str]) -> None:
    """The lead before a triage question: the term asked about, explained, in place of the line
    that nothing answers the question."""
    if not lead:
        return
    explained = _term_asked(tracker) if lead == no_answer(tracker.get_slot("role") or "ouder") else []
    if explained:
        send(dispatcher, explained)
    else:
        dispatcher.utter_message(text=lead)


def situation_intro(tracker: Tracker) -> List:
    """What the situation is called, once per conversation, before a triage question in a turn
    that has no other reply: the user gets something back for their story, not only a question."""
    if said_this_turn(tracker):
        return []
    intro = render.render_situation_intro(load_engine(), situation_from_tracker(tracker))
    if not intro or intro[0].text in bot_texts_since_restart(tracker):
        return []
    return intro


@acknowledging
class AskFact(Action):
    """action_ask_<field>: one short question, with buttons when the answers are fixed."""

    field: Optional[str] = None

    def name(self) -> Text:
        return f"action_ask_{self.field}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if _answered_instead(tracker, self.field):
            # The user passed over this question with a question of their own, which was just
            # answered: the question stays open (an answer to it is still read), but is not
            # tacked onto the answer again. Blind chats judged that repetition the triage's worst
            # habit.
            return []
        if self.field == "role":
            # Asked before the engine's unknowns (which depend on the role), worded as in
            # questions.yml; the button for "Weet ik niet" is left out: the role is the one
            # fact every answer needs, and "ja" or more story skips it (action_read_facts).
            role = load_engine().knowledge.questions["role"]
            _send_lead(dispatcher, tracker, _unanswered_question(tracker))
            dispatcher.utter_message(text=role["question"], buttons=[
                {"title": c["title"], "payload": fact_payload("role", c["value"])} for c in role["choices"]])
            return []
        unknown = next((u for u in open_questions(tracker) if u.field == self.field), None)
        if unknown is None:  # asked although the engine no longer needs it: ask generically
            dispatcher.utter_message(text="Kunt u daar iets meer over vertellen?")
            return []
        intro = situation_intro(tracker)
        # (what the situation is called may be the answer: "Verwijdering: ... alleen als de
        # leerling op een andere school staat ingeschreven" to "kunnen we hem toch verwijderen?")
        lead = None if intro else _unanswered_question(tracker)
        send(dispatcher, intro)
        _send_lead(dispatcher, tracker, lead)
        buttons = [{"title": c.title, "payload": fact_payload(self.field, c.value)}
                   for c in (unknown.choices or [])]
        buttons.append({"title": "Weet ik niet", "payload": fact_payload("skip_fact", self.field)})
        dispatcher.utter_message(text=unknown.question, buttons=buttons)
        return _stale_topic_cleared(tracker)


def _stale_topic_cleared(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The topic of an earlier turn's answer ends when the triage asks about the situation: in a
    round-15 chat "wat moet de school eigenlijk doen?", two turns after an answer about the
    proces-verbaal, got the proces-verbaal again. A topic set in this turn (an answer to a
    question in the message) stays for the next follow-up."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return [SlotSet("topic", None)] if tracker.get_slot("topic") else []
        if event.get("event") == "slot" and event.get("name") == "topic":
            return []
    return []


# One ask action per askable fact; Rasa finds them by name.
for _field in ASKABLE:
    globals()[f"AskFact_{_field}"] = type(f"AskFact_{_field}", (AskFact,), {"field": _field})


@acknowledging
class ActionTriageGoOn(Action):
    """A description that added nothing new during the triage: thank, then the form asks its
    open question again. An action, not a response, so a due acknowledgement comes first and a
    pupil is thanked with "je"."""

    def name(self) -> Text:
        return "action_triage_go_on"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if passed_over_any(tracker):
            # the triage ends now with the advice for what is known: no "dan nog deze vraag"
            return []
        if load_engine().is_question((tracker.latest_message or {}).get("text") or ""):
            # "kan hij niet gewoon vrijstelling krijgen?": answered by the form's validation
            # next, and the open question is then held back (AskFact): no "dan nog deze vraag"
            return []
        engine = load_engine()
        checked = followups.number_checked(engine, situation_from_tracker(tracker), tracker.get_slot("topic"),
                                           (tracker.latest_message or {}).get("text") or "")
        if checked:
            # "het zou ongeveer 3 weken zijn, 15 schooldagen": a number no question asked for, that
            # a rule of the situation's kind is about (more than 10 schooldagen: leerplicht)
            send(dispatcher, checked)
            return []
        pupil = tracker.get_slot("role") == "jongere"
        dispatcher.utter_message(text=f"Dank {'je' if pupil else 'u'}. Dan nog deze vraag:")
        return []
