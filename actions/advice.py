"""Advice for the user's situation and the escalation routes that fit it."""
import hashlib
import json
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import followups
from actions.answers import ALL_STEPS, answer_question, direct_replies
from actions.read_facts import NUMERIC_SLOTS
from actions.replies import NEXT_QUESTIONS, acknowledging, bot_texts_since_restart, no_answer, said_this_turn, send
from actions.situation import situation_from_tracker
from actions.topics import topic_buttons
from bot.engine import load_engine
from bot.engine import render

# Shown when the user disagrees with the school before telling what about: the general route
# every disagreement has (a route id of bot/knowledge/routes.yml).
GENERAL_DISAGREEMENT_ROUTE = "geschillen"



SAME_ADVICE_LEAD = "Dank u. Dat verandert de stappen die ik u gaf niet."
SAME_ADVICE_TEXT = f"{SAME_ADVICE_LEAD} Wilt u ze nog eens zien, of heeft u een andere vraag?"
SHOW_AGAIN = {"title": "Toon de stappen nog eens", "payload": "/ask_procedure"}


def fingerprint(replies: List[Any]) -> str:
    content = json.dumps([(r.text, r.custom) for r in replies], sort_keys=True, default=str)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


@acknowledging
class ActionGiveAdvice(Action):
    def name(self) -> Text:
        return "action_give_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        from actions.triage import passed_over_any   # here: triage imports this module's siblings
        situation = situation_from_tracker(tracker)
        if said_this_turn(tracker) and passed_over_any(tracker):
            # The user left a triage question aside for a question of their own, which was just
            # answered: the advice does not follow that answer unasked (round 15: two screens of
            # steps after the answer about bezwaar); it is one button away.
            c = load_engine().classify(situation)
            if (c.kinds or c.status) and not _ends_with_choices(tracker):
                pupil = situation.role == "jongere"
                dispatcher.utter_message(text=f"Wil{'t u' if not pupil else ' je'} ook alle stappen bij "
                                              f"{'uw' if not pupil else 'je'} situatie zien?",
                                         buttons=[{"title": ALL_STEPS.title, "payload": ALL_STEPS.payload}])
            return [SlotSet("skipped_facts", None), SlotSet("topic", None)]
        replies = list(load_engine().advise(situation))
        shown = fingerprint(replies)
        # What the situation is called was said before the triage's first question
        # (actions/triage.py): not again, unless it changed since.
        said = bot_texts_since_restart(tracker)
        replies = [r for r in replies if not (r.text and r.text in said and r.text.startswith(render.CLASSIFICATION_HEADS))]
        if shown == tracker.get_slot("advice_shown"):
            # A fact added after the advice ("er is jeugdhulp") that changes nothing: say so in
            # one line instead of sending the same two screens again.
            _nothing_changed(dispatcher, tracker)
        else:
            send(dispatcher, replies, NEXT_QUESTIONS)
        return [SlotSet("skipped_facts", None), SlotSet("advice_shown", shown), SlotSet("topic", None)]


def _number_told_now(tracker: Tracker) -> bool:
    """Whether the latest message changed a number of the situation, or is no message told before
    ("het zijn 12 schooldagen" after 8: leave days are no fact of the triage). The same story told
    again changes none."""
    events = list(tracker.events or [])
    for i in range(len(events) - 1, -1, -1):
        event = events[i]
        if event.get("event") == "user":
            text = (event.get("text") or "").strip().lower()
            return not any(e.get("event") == "user" and (e.get("text") or "").strip().lower() == text
                           for e in events[:i])
        if event.get("event") == "slot" and event.get("name") in NUMERIC_SLOTS:
            return True
    return False


def _ends_with_choices(tracker: Tracker) -> bool:
    """Whether this turn's last reply already offers buttons ("Toon alle stappen", the topics of
    a disagreement): no second offer under it."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return bool((event.get("data") or {}).get("buttons"))
    return False


def _nothing_changed(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The advice would be the same as before. A question in the message ("... 10 schooldagen. wie
    moet ik dat vragen?") gets its answer instead; a statement that touches a fact of answers.yml
    about the situation's kind ("nu mailen ze dat hij op de camping ziek is geworden") gets that
    fact after the note that nothing changed."""
    engine = load_engine()
    text = (tracker.latest_message or {}).get("text") or ""
    situation = situation_from_tracker(tracker)
    role = situation.role or "ouder"
    follow_up = [SHOW_AGAIN] + NEXT_QUESTIONS
    if said_this_turn(tracker):
        dispatcher.utter_message(text=SAME_ADVICE_TEXT, buttons=follow_up)
        return
    if engine.is_question(text):
        answer = render.render_inline_answer(engine, situation, text)
        if answer:
            send(dispatcher, answer, follow_up)
            return
    checked = (followups.number_checked(engine, situation, tracker.get_slot("topic"), text)
               if _number_told_now(tracker) else [])
    if checked and not text.startswith("/"):
        # "we wilden 3 weken gaan" after the steps for verlof: the number against the rule it
        # meets (more than 10 schooldagen: leerplicht), not "that changes nothing" (round 15)
        send(dispatcher, checked, follow_up)
        return
    c = engine.classify(situation)
    kinds = set(c.kinds) | ({c.status} if c.status else set())
    direct = engine.direct_answer(text, kinds, role)
    if direct and kinds & set(direct.about):
        dispatcher.utter_message(text=SAME_ADVICE_LEAD)
        send(dispatcher, render.render_direct(engine, direct, role, situation.region), follow_up)
    elif engine.is_question(text) and not text.startswith("/"):
        # "over 5 maanden wordt hij 18. houdt het dan op?": a question nothing answers, not a
        # new fact to thank for (round 15)
        dispatcher.utter_message(text=no_answer(role), buttons=follow_up)
    else:
        dispatcher.utter_message(text=SAME_ADVICE_TEXT, buttons=follow_up)


def _worried_question(engine, tracker: Tracker) -> bool:
    """A question that names no route and no disagreement ("hadden ze ons niet eerder moeten
    bellen?", "krijg ik nu een boete of zij?"), read as an objection by the NLU. ("en als we het
    er niet mee eens zijn?" supposes the disagreement: the routes answer it.) Blind chats got the
    general card about geschillen for such questions, with or without a situation."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    if not engine.is_question(text) or text.startswith("/") or engine.is_what_if(text):
        return False
    named = {e.get("entity") for e in message.get("entities") or []}
    return "route" not in named and not engine.extract_facts(text).get("disagreement")


@acknowledging
class ActionExplainEscalation(Action):
    def name(self) -> Text:
        return "action_explain_escalation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        engine = load_engine()
        text = (tracker.latest_message or {}).get("text") or ""
        if engine.is_what_if(text):
            # "en als school het weigert en ik vind dat onterecht?": a fact of answers.yml about
            # the situation (verlof: the sources give no grounds to refuse; ask the school, then
            # leerplicht) says more than the routes of every disagreement
            direct = direct_replies(engine, tracker, text)
            if direct:
                send(dispatcher, direct, NEXT_QUESTIONS[1:])
                return []
            said = engine.what_if_facts(text)
            if not followups.supposes_only_a_disagreement(engine, said, text):
                # "en als school nee zegt en ze gaat toch?", "en als ze nergens anders ingeschreven
                # worden?": the situation it supposes (luxe verzuim, absoluut verzuim), as the
                # fallback answers what-ifs; one that only supposes the disagreement ("en als we
                # het er niet mee eens zijn?") or a refusal ("en als ze blijven weigeren?") gets
                # the routes below
                supposed = followups.what_if(engine, situation_from_tracker(tracker), text)
                if supposed:
                    send(dispatcher, supposed, NEXT_QUESTIONS[1:])
                    return []
        if _worried_question(engine, tracker):
            # "moet de school nu iets doen? ik sta er alleen voor": read as a disagreement by
            # the NLU, but it asks what happens and says no disagreement: answer it as such.
            return answer_question(dispatcher, tracker, "ask_procedure")
        situation = situation_from_tracker(tracker).with_(disagreement=True)
        replies = render.render_escalation(engine, engine.escalation(situation), situation,
                                           alternatives=True)
        if replies:
            send(dispatcher, replies, NEXT_QUESTIONS[1:])
            return [SlotSet("disagreement", True)]
        # Nothing is known yet about the situation: the general route, then ask what it is about,
        # because the route that fits (GPO, onderwijsconsulent, bezwaar, ...) depends on it.
        send(dispatcher, render.render_route(engine, GENERAL_DISAGREEMENT_ROUTE, situation.region))
        dispatcher.utter_message(
            text="Waar gaat het meningsverschil over? Dan zoek ik uit welke route bij u past.",
            buttons=topic_buttons(tracker.get_slot("role")))
        return [SlotSet("disagreement", True)]
