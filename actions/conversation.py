"""Role, region, help, handoff, fallback and deleting the conversation."""
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import followups
from actions.advice import fingerprint
from actions.answers import answer_question, describe, direct_replies, is_role_word, named_in_message, sent_region_bodies
from actions.read_facts import ABSENCE_AMOUNTS, QUESTION_INTENTS, statements
from actions.replies import NEXT_QUESTIONS, acknowledging, bot_texts_since_restart, no_answer, send
from actions.situation import situation_from_tracker
from actions.topics import topic_buttons
from actions.triage import asked_last, why_asked
from bot.engine import load_engine
from bot.engine import render

# "jongere": a pupil writing about themselves. The handreiking gives young people no tasks of
# their own, so the engine gives them the parents' steps (bot/knowledge/roles.yml); say so.
ROLE_WORDS = {"ouder": "ouders en verzorgers", "jongere": "leerlingen (dezelfde als voor ouders)",
              "school": "school (bijvoorbeeld de intern begeleider)", "leerplicht": "leerplicht"}


@acknowledging
class ActionSetRole(Action):
    def name(self) -> Text:
        return "action_set_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        role = tracker.get_slot("role")
        if not isinstance(role, str) or role not in ROLE_WORDS:
            dispatcher.utter_message(response="utter_greet")
            return []
        situation = situation_from_tracker(tracker)
        if (tracker.active_loop or {}).get("name") == "situation_form":
            # Said while the triage still has questions: the form asks the next one right after
            # this, and the advice comes once it is complete, so only confirm the role here.
            dispatcher.utter_message(text=f"Dank u. Ik geef straks de stappen voor {ROLE_WORDS[role]}.")
            return []
        if situation.reason:
            replies = list(load_engine().advise(situation))
            shown = fingerprint(replies)
            if shown == tracker.get_slot("advice_shown"):
                # "ik ben de moeder" right after advice that was already for parents ("mijn
                # dochter ..." implies a parent): confirm in one line, do not send it all again.
                dispatcher.utter_message(text=f"Dank u. De stappen hierboven zijn al voor "
                                              f"{ROLE_WORDS[role]}.", buttons=NEXT_QUESTIONS)
                return []
            # A role switch mid-conversation: give the same situation from the new point of view.
            dispatcher.utter_message(text=f"Dan zet ik de stappen op een rij voor {ROLE_WORDS[role]}.")
            send(dispatcher, replies, NEXT_QUESTIONS)
            return [SlotSet("topic", None), SlotSet("advice_shown", shown)]
        answered = _answer_with_the_role(dispatcher, tracker, role)
        if answered is not None:
            return answered
        if role == "jongere":
            dispatcher.utter_message(text="Fijn dat je het zelf vraagt. Vertel in je eigen woorden "
                                          "wat er aan de hand is. Bijvoorbeeld: hoe lang ben je al "
                                          "niet op school, en waarom?",
                                     buttons=topic_buttons(tracker.get_slot("role")))
        elif role == "ouder":
            dispatcher.utter_message(text="Fijn dat u het vraagt. Vertel in uw eigen woorden wat er "
                                          "met uw kind aan de hand is. Bijvoorbeeld: hoe lang is uw "
                                          "kind al niet op school, en waarom?",
                                     buttons=topic_buttons(tracker.get_slot("role")))
        else:
            dispatcher.utter_message(text=f"Duidelijk: antwoorden voor {ROLE_WORDS[role]}, als "
                                          "checklist. Beschrijf de situatie of stel uw vraag "
                                          "(bijv. 'wanneer moet ik verzuim melden bij DUO?').")
        return []


def _answer_as_ranked_question(tracker: Tracker) -> Optional[Tuple[List[Dict[Text, Any]], List[Dict[Text, Any]]]]:
    """The answer (messages, events) to the latest message as the question intent the NLU ranked
    highest, for a message read as something else that also asks; None when no question intent is
    ranked or the answer would only be the topic menu."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    intent = next((r.get("name") for r in ranking if r.get("name") in QUESTION_INTENTS), None)
    if not intent:
        return None
    trial = CollectingDispatcher()
    events = answer_question(trial, tracker, intent)
    said = [m.get("text") or "" for m in trial.messages]
    if not said or said[0].startswith("Waar gaat uw vraag over"):
        return None
    return trial.messages, events


def _send_as_ranked_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """The answer as the question intent ranked highest, sent; its events, or None when none."""
    answered = _answer_as_ranked_question(tracker)
    if answered is None:
        return None
    messages, events = answered
    dispatcher.messages.extend(messages)
    return events


def _answer_with_the_role(dispatcher: CollectingDispatcher, tracker: Tracker, role: str) -> Optional[List[Dict[Text, Any]]]:
    """ "Ik ben verzuimcoördinator op een mbo-college. Geldt de regel van 16 uur in 4 weken ook voor
    onze studenten van 17?": read as a role statement, but it asks too. Answered as the question
    intent the NLU ranked highest, when that finds an answer (blind round 18 got only "Duidelijk:
    antwoorden voor school"). The answer's events, or None when it finds none."""
    text = (tracker.latest_message or {}).get("text") or ""
    if not text or text.startswith("/") or not load_engine().is_question(text):
        return None
    answered = _answer_as_ranked_question(tracker)
    if answered is None or (answered[0][0].get("text") or "") == no_answer(role):
        return None
    messages, events = answered
    topic = next((e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "topic"), None)
    if isinstance(topic, dict) and topic.get("term") and is_role_word(load_engine(), topic["term"]):
        return None     # "ik ben ib'er, mag ik iets vragen?": the writer's job is no subject
    dispatcher.messages.extend(messages)
    return events


class ActionSetRegion(Action):
    def name(self) -> Text:
        return "action_set_region"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        engine = load_engine()
        region_id = tracker.get_slot("region")
        region = engine.region(region_id) if region_id else None
        if region is None:
            names = ", ".join(r.name for r in engine.regions())
            dispatcher.utter_message(text=f"Ik ken de afspraken van deze regio's: {names}. "
                                          "Voor andere regio's kan ik alleen de algemene regels geven.")
            return [SlotSet("region", engine.default_region)]
        dispatcher.utter_message(text=f"Ik gebruik de afspraken van de regio {region.name}.")
        return _after_the_region(dispatcher, tracker)


def _after_the_region(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """A message read as naming a region that also tells a situation or asks something ("ik werk
    aan de balie in hollands kroon. een vader belt over verlof voor een bruiloft, moet hij bij ons
    zijn?"): blind chats got only "Ik gebruik de afspraken van ..." back. A story starts the
    triage (its question answered first, as the fallback does); a question gets its answer."""
    text = _text(tracker)
    if not text or text.startswith("/"):
        return []
    if _tells_a_situation(tracker):
        send(dispatcher, render.render_inline_answer(load_engine(), situation_from_tracker(tracker), text))
        return [FollowupAction("situation_form")]
    if sent_region_bodies(dispatcher, text, tracker.get_slot("region")):
        return []       # "welk samenwerkingsverband is dat dan bij ons, we wonen in katwijk"
    if ABOUT_THE_REGION.search(text):
        # "we wonen trouwens in schagen, is het daar anders?": what the knowledge has for the
        # region (regions/*.yml `note`), not the situation's steps again
        region = load_engine().region(tracker.get_slot("region"))
        if region is not None and region.get("note"):
            dispatcher.utter_message(text=region["note"])
            return []
    if load_engine().is_question(text):
        return answer_question(dispatcher, tracker, "ask_procedure")
    return []


# "is het daar anders?", "valt nieuwkoop onder holland rijnland?", "welke leerplicht hoort bij ons"
ABOUT_THE_REGION = re.compile(r"\b(?:is (?:het|dat) (?:daar|hier|bij ons) anders|verschil\w*|valt \w+(?: \w+)? (?:eigenlijk )?onder"
                              r"|maakt (?:dat|het) (?:nog |dan |nog wat |iets )?(?:uit|verschil)"
                              r"|(?:welke|wat voor) (?:regio|leerplicht|gemeente)\b|hoort bij ons|geldt (?:dat|dit|het) (?:ook )?(?:daar|hier|bij ons))",
                              re.I)


class ActionHelp(Action):
    def name(self) -> Text:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        in_triage = (tracker.active_loop or {}).get("name") == "situation_form"
        requested = tracker.get_slot("requested_slot") if in_triage else None
        # "hoezo wil je dat weten?" / "wat bedoel je?" in the triage: why this question matters;
        # the form then asks it again (data/rules). Also right after the question that ends an
        # advice without a kind ("Waarom is de leerling niet op school?"), which no form asks.
        field = requested or asked_last(tracker)
        why = why_asked(field) if field else None
        if why:
            dont_know = " Weet u het niet? Zeg dan gerust 'weet ik niet'." if requested else ""
            dispatcher.utter_message(text=f"Ik vraag dit omdat het de stappen verandert. {why}{dont_know}")
            return []
        answered = _a_question_not_for_help(dispatcher, tracker)
        if answered is not None:
            return answered
        send(dispatcher, render.render_limits(load_engine()))
        dispatcher.utter_message(text="Waar kan ik u mee helpen?",
                                 buttons=topic_buttons(tracker.get_slot("role")))
        return []


# What asks about the assistant itself: "wat kun je?", "hoe werkt dit?", "help", "ik snap het niet"
ASKS_ABOUT_THE_ASSISTANT = re.compile(
    r"\b(?:kun je|kan je|kunt u|doe je|ben je|ben jij|weet je|heb je|werkt dit|werkt het|werkt deze|help|helpen"
    r"|snap\w*|begrijp\w*|typen|intypen|vragen stellen|bedoel\w*|menu|opties|onderwerpen|hulp|chatbot|bot)\b")


def _a_question_not_for_help(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "Wat is onze rol hier formeel?", "ze gaat hoe dan ook. wat kan ik haar vertellen over de
    gevolgen?": read as asking for help with the assistant, but a question about the situation
    the conversation is about (dev round 22 got the assistant's limits and the topic menu). Answered
    as the question intent ranked highest, or as a question for the steps; None for a real request
    for help or outside a situation."""
    text = (tracker.latest_message or {}).get("text") or ""
    if (not text or text.startswith("/") or not load_engine().is_question(text)
            or ASKS_ABOUT_THE_ASSISTANT.search(text.lower()) or not _about_a_situation(tracker)):
        return None
    answered = _send_as_ranked_question(dispatcher, tracker)
    return answered if answered is not None else answer_question(dispatcher, tracker, "ask_procedure")


PLAIN_YES = "Goed. Vertel gerust wat er aan de hand is, of stel uw vraag."


class ActionAffirm(Action):
    """A yes without context. A longer question the NLU read as a yes ("eerlijk gezegd is hij thuis
    veel rustiger. wat als wij dat zelf ook wel een goed idee vinden", dev round 22 got "Goed.
    Vertel gerust ...") is answered as the question intent ranked highest, or honestly."""

    def name(self) -> Text:
        return "action_affirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if not text.startswith("/") and len(text.split()) >= 5 and load_engine().is_question(text):
            direct = direct_replies(load_engine(), tracker, text)
            if direct:
                send(dispatcher, direct)
                return []
            answered = _send_as_ranked_question(dispatcher, tracker)
            if answered is not None:
                return answered
            if _about_a_situation(tracker):
                dispatcher.utter_message(text=no_answer(tracker.get_slot("role")))
                return []
        dispatcher.utter_message(text=PLAIN_YES)
        return []


@acknowledging
class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        engine = load_engine()
        situation = situation_from_tracker(tracker)
        answered = _a_question_not_for_a_person(dispatcher, tracker)
        if answered is not None:
            return answered
        send(dispatcher, render.render_handoff(engine, situation, situation.region))
        return []


# Words of someone who wants a person: to talk, call, mail, be put through
ASKS_FOR_A_PERSON = re.compile(
    r"\b(?:prat\w*|spreken|spreek|bellen|bel|belt|contact\w*|mens|mensen|persoon|medewerker|doorverbind\w*"
    r"|telefoonnummer|nummer|mailen|mail|hulp|helpen|help|overleg\w*|afspraak|via jullie|doorsturen"
    r"|iemand (?:die|om|van|bij|spreken|bellen|helpen|anders))\b")


def _a_question_not_for_a_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "controleert iemand dan wat we thuis doen?", "moet ik echt naar dat gesprek? kan het niet
    telefonisch": read as asking for a person, but a question with no wish to talk to anyone
    (blind round 18 got the contact route). Answered as the question intent ranked next, or with
    the honest line; None for a real request ("kan ik iemand spreken?") or a button."""
    text = (tracker.latest_message or {}).get("text") or ""
    if not text or text.startswith("/") or not load_engine().is_question(text) or ASKS_FOR_A_PERSON.search(text.lower()):
        return None
    answered = _send_as_ranked_question(dispatcher, tracker)
    if answered is not None:
        return answered
    dispatcher.utter_message(text=no_answer(tracker.get_slot("role")))
    return []


# "wat is de procedure?", "welke stappen?": asks for the steps of what the message names
ASKS_PROCEDURE = re.compile(r"\b(?:procedure|stappen\w*|protocol|hoe (?:werkt|gaat) (?:dat|het|dit)"
                            r"|wat (?:moet|moeten|kan|kunnen|doe|doen) (?:ik|we|wij)(?: nu| dan)?(?: doen)?\s*\??$)")


def _answer_named_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A message the NLU could not place that still names something the knowledge explains
    ("moet ik de GGD inschakelen?"): say what that is, instead of only asking to rephrase."""
    named = named_in_message(tracker)
    kind, route, term = named.get("kind"), named.get("route"), named.get("term")
    if not (kind or route or term):
        return False
    situation = situation_from_tracker(tracker)
    engine = load_engine()
    text = ((tracker.latest_message or {}).get("text") or "").lower()
    if kind and not route and ASKS_PROCEDURE.search(text):
        # "lpa hier. school meldt luxe verzuim: ... wat is de procedure": the kind's steps for
        # the asker, not what the kind is (round 15)
        plan = engine.next_steps(kind, situation.role or "ouder", situation.region)
        if plan.own or plan.others:
            send(dispatcher, render.render_plan(engine, plan, situation))
            return True
    replies = describe(engine, kind, route, term, situation.role or "ouder", situation.region)
    if not replies:
        return False
    dispatcher.utter_message(text="Ik weet niet zeker wat u vraagt. Dit kan ik u erover vertellen:")
    send(dispatcher, replies)
    return True


def _answer_direct(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "en als niemand hem wil hebben?" read as out of scope or not understood: a question
    answers.yml answers, in the conversation's topic, gets that answer."""
    replies = direct_replies(load_engine(), tracker, (tracker.latest_message or {}).get("text") or "")
    send(dispatcher, replies)
    return bool(replies)


def _answered(dispatcher: CollectingDispatcher, replies: List[Any]) -> bool:
    send(dispatcher, replies)
    return bool(replies)


def _check_number(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "mag dat 8 dagen?" in reply to "voor hoeveel dagen is uw kind geschorst?" (followups.py);
    not the number of another situation supposed ("wat als wij hem een week thuishouden" during a
    schorsing is no schorsing of 5 days: make run check of stop 22)."""
    engine, text = load_engine(), _text(tracker)
    supposed = engine.what_if_facts(text).get("reason") if engine.is_what_if(text) else None
    if supposed and supposed != situation_from_tracker(tracker).reason:
        return False
    return _answered(dispatcher, followups.number_checked(
        load_engine(), situation_from_tracker(tracker), tracker.get_slot("topic"), _text(tracker)))


def _answer_what_if(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "en als ze nee zeggen en we gaan toch" (followups.py)."""
    return _answered(dispatcher, followups.what_if(load_engine(), situation_from_tracker(tracker), _text(tracker)))


def _answer_about_situation(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "wat als het verwijtbaar is?" during a luxe verzuim triage (followups.py)."""
    return _answered(dispatcher, followups.about_situation(
        load_engine(), situation_from_tracker(tracker), tracker.get_slot("topic"), _text(tracker)))


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


# "ok top", "oké dank je", "prima, dan bel ik de school", "helder 👍": the user closes a topic
OK_THEN = re.compile(r"^\W*(?:ok[eéè]?y?|oké|top|prima|helder|duidelijk|dank\w*|bedankt|thanks|thx|super|fijn|"
                     r"mooi|perfect|goed zo|is goed|akkoord)\b", re.I)


UNSURE_PLAN = ("Ik weet niet zeker wat u precies vraagt. Dit zijn de stappen bij uw situatie. Staat "
               "uw antwoord er niet bij? Stel uw vraag dan anders, of vraag om een mens.")


def _tells_a_situation(tracker: Tracker) -> bool:
    """Whether the message (its statements, when it also asks) names why a child misses school,
    outside the triage: read by action_read_facts, so the triage can start on it."""
    if (tracker.active_loop or {}).get("name"):
        return False
    text = (tracker.latest_message or {}).get("text") or ""
    if not text or text.startswith("/") or load_engine().is_what_if(text):
        return False    # "en als ze blijven weigeren?" supposes, it does not tell
    told = statements(text) if load_engine().is_question(text) else text
    facts = load_engine().extract_facts(told) if told else {}
    if facts.get("reason") and tracker.get_slot("reason"):
        return True
    # "leerling is ruim 4 weken niet op school geweest. wat moet ik melden": a length of absence
    # is a story too, without a reason (the triage asks it); "begreep ik niet" was a dead end
    return any(facts.get(slot) is not None and tracker.get_slot(slot) is not None for slot in ABSENCE_AMOUNTS)


@acknowledging
class ActionFallback(Action):
    """First miss: ask to rephrase. From the second miss in a row: topics and the human route."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if _tells_a_situation(tracker):
            # "Een leerling wordt elke maandag ziek gemeld ... Vanaf wanneer moet ik hier iets
            # mee?": a story the NLU could not place is still a story (its facts are read by
            # action_read_facts): answer its question if a rule does, then start the triage.
            engine = load_engine()
            text = (tracker.latest_message or {}).get("text") or ""
            send(dispatcher, render.render_inline_answer(engine, situation_from_tracker(tracker), text))
            return [SlotSet("misunderstood", 0), FollowupAction("situation_form")]
        # the situation's own steps before a mere description of a word in the question ("en
        # wanneer schrijf ik hem uit bij DUO?" about a verwijdering: that step, not what DUO is)
        # a body the message names ("wat is die geschillencommissie precies?") before the
        # situation's steps that share its other words (blind round 18 got the LRV checklist)
        names_a_route = bool(named_in_message(tracker).get("route"))
        if (_answer_direct(dispatcher, tracker) or _check_number(dispatcher, tracker)
                or _answer_what_if(dispatcher, tracker)
                or (names_a_route and _answer_named_topic(dispatcher, tracker))
                or _answer_about_situation(dispatcher, tracker) or _answer_named_topic(dispatcher, tracker)):
            return [SlotSet("misunderstood", 0)]
        misses = int(tracker.get_slot("misunderstood") or 0) + 1
        engine = load_engine()
        text = (tracker.latest_message or {}).get("text") or ""
        situation = situation_from_tracker(tracker)
        plan = (render.render_plan(engine, engine.plan_for(situation), situation)
                if misses < 2 and engine.is_question(text) and situation.reason and engine.classify(situation).kinds
                else [])
        said = bot_texts_since_restart(tracker)
        if plan and not all(r.text in said for r in plan if r.text):
            # A question about a known situation that matches no single rule ("en tot die tijd
            # moet ze thuisblijven, mag dat"): the situation's steps rather than a dead end. It
            # still counts as a miss, so a second one offers the topics and a person. Steps
            # said before are not sent again (round 17 judged the repeat wrong): the honest line
            # below instead.
            dispatcher.utter_message(text=UNSURE_PLAN)
            send(dispatcher, plan)
            return [SlotSet("misunderstood", misses)]
        if OK_THEN.search(text) and not engine.is_question(text):
            # "ok top ik stuur wel een mail naar school 👍": the user closes the topic; a menu
            # of topics ("het lukt me niet goed om u te begrijpen") was judged wrong
            pupil = situation.role == "jongere"
            dispatcher.utter_message(text=f"Graag gedaan. {'Heb je' if pupil else 'Heeft u'} nog een vraag? Typ die gerust.")
            return [SlotSet("misunderstood", 0)]
        if misses < 2 and engine.is_question(text) and not text.startswith("/") and _about_a_situation(tracker):
            # "is mijn reden niet gewoon geldig?" about his lateness: a question about the
            # situation that no rule answers, not a message that was not understood
            dispatcher.utter_message(text=no_answer(situation.role))
        elif misses < 2:
            dispatcher.utter_message(text="Sorry, dat begreep ik niet goed. Ik help bij schoolverzuim "
                                          "en thuiszitten. Kunt u het op een andere manier zeggen? "
                                          "Bijvoorbeeld: 'mijn zoon is geschorst' of 'wat is luxe "
                                          "verzuim?'")
        else:
            dispatcher.utter_message(text="Het lukt me niet goed om u te begrijpen. Kies een "
                                          "onderwerp, of praat met een mens.",
                                     buttons=topic_buttons(tracker.get_slot("role")))
        return [SlotSet("misunderstood", misses)]


class ActionCoreFallback(ActionFallback):
    """When no rule or story covers the turn (RulePolicy's core fallback): answer like the NLU
    fallback, then wait for the user. Without the explicit listen, the policy would predict the
    fallback again and again after itself."""

    def name(self) -> Text:
        return "action_core_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        events = await super().run(dispatcher, tracker, domain)
        if any(e.get("event") == "followup" for e in events):
            return events       # the triage starts (a story the NLU could not place)
        return events + [FollowupAction("action_listen")]


DELETE_CONFIRMED_PAYLOAD = '/delete_conversation{"delete_confirmed": true}'


# Bookkeeping actions that may follow the bot's last real action: during the triage, the delete
# question is followed by action_deactivate_loop (data/rules), and the user's typed "ja" must
# still count as the answer to that question.
_BOOKKEEPING_ACTIONS = {"action_listen", "action_deactivate_loop"}


def _action_before_this_message(tracker: Tracker) -> Any:
    """Name of the last action the bot ran before the user's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif (seen_user and event.get("event") == "action"
              and event.get("name") not in _BOOKKEEPING_ACTIONS):
            return event.get("name")
    return None


class ActionDeleteConversation(Action):
    """Asks first, then (on the button, or a typed yes or repeated request right after the
    question) the channel removes every stored event of this conversation. Asking first because
    deleting cannot be undone and "verwijderen" is also what a school does to a pupil: "de school
    wil mijn zoon verwijderen" must never wipe the conversation by a misunderstanding."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        by_button = any(e.get("entity") == "delete_confirmed" and e.get("value") is True
                        for e in message.get("entities") or [])
        right_after_question = (intent in ("affirm", "delete_conversation")
                                and _action_before_this_message(tracker) == self.name())
        if not (by_button or right_after_question):
            dispatcher.utter_message(
                text="Wilt u dit gesprek verwijderen? Alles wat u hier heeft verteld, wordt dan "
                     "gewist. Dat kan niet ongedaan worden gemaakt.",
                buttons=[{"title": "Ja, verwijder mijn gesprek", "payload": DELETE_CONFIRMED_PAYLOAD},
                         {"title": "Nee, ga verder", "payload": "/deny"}])
            return []
        dispatcher.utter_message(text="Uw gesprek is verwijderd. Wat u hier heeft verteld, is niet "
                                      "meer bij ons opgeslagen.")
        dispatcher.utter_message(json_message={"delete_conversation": True})
        return [Restarted()]


@acknowledging
class ActionOffTopic(Action):
    """Chitchat and out of scope. A question the NLU put there that matches the situation's or
    the last answer's rules ("onder welke categorie?", "hoe zit het als het 8 dagen was?") gets
    that rule; anything else gets the intent's response."""

    def name(self) -> Text:
        return "action_off_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if _tells_a_situation(tracker):
            # a story read as out of scope (its facts were read by action_read_facts): answered
            # and triaged as the fallback does
            return await ActionFallback().run(dispatcher, tracker, domain)
        if (_answer_direct(dispatcher, tracker) or _check_number(dispatcher, tracker)
                or _answer_what_if(dispatcher, tracker) or _answer_about_situation(dispatcher, tracker)):
            return []
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        if intent == "out_of_scope" and _maybe_a_question_in_the_subject(tracker):
            # "moet die aanvraag op papier en hoeveel weken van tevoren?" in a conversation about
            # verlof: a question in the subject the knowledge does not answer, not one outside
            # it ("Daar kan ik u helaas niet mee helpen" was judged wrong in round 17)
            dispatcher.utter_message(text=no_answer(situation_from_tracker(tracker).role))
            return []
        dispatcher.utter_message(response="utter_chitchat" if intent == "chitchat" else "utter_out_of_scope")
        return []


# A question intent this likely next to out_of_scope makes the message possibly a question in the
# subject: "hoe lang duurt het voordat hij een besluit krijgt" (out_of_scope 0.78, ask_deadline
# 0.20); "wat is het weer morgen?" has 0.98 and nothing else.
_QUESTION_RUNNER_UP = 0.15
# Below this the classifier is hardly sure the question is off topic (the fallback threshold is
# 0.55): in a conversation about a situation it is then taken as a question in the subject
_UNSURE_OFF_TOPIC = 0.6


# words of school life: a question with one of them, in a conversation about a situation, is in
# the subject even when the classifier put it out of scope
SCHOOL_WORDS = re.compile(r"\b(?:school\w*|klas\w*|les|lessen|leerling\w*|verzuim\w*|mentor|juf|meester"
                          r"|directeur|docent\w*|leerkracht\w*|rooster|zorg\w*|onderwijs\w*"
                          # the paperwork of a request or report ("welke documenten moet ze
                          # aanleveren?" about leave, blind round 22)
                          r"|aanvraag\w*|aanvragen|aanleveren|documenten|papieren|formulier\w*|melding\w*|verlof\w*)\b")


def _maybe_a_question_in_the_subject(tracker: Tracker) -> bool:
    """A question read as out of scope, with a question intent close behind, in a conversation
    about a situation or a topic."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    if text.startswith("/") or not load_engine().is_question(text):
        return False
    ranking = message.get("intent_ranking") or []
    # "En voor studenten van 19?" right after an answer: elliptical, it can only be about the
    # subject at hand, whatever the classifier made of it (blind round 18); "mag een begeleider
    # van de zorgaanbieder dan mee de klas in?" names the school itself (round 20)
    unsure = ranking and (ranking[0].get("confidence") or 0) < _UNSURE_OFF_TOPIC
    if not unsure and not load_engine().is_elliptical_follow_up(text) and not SCHOOL_WORDS.search(text.lower()) and not any(
            r.get("name") in ("ask_procedure", "ask_deadline", "ask_about")
            and (r.get("confidence") or 0) >= _QUESTION_RUNNER_UP for r in ranking[1:3]):
        return False
    return _about_a_situation(tracker)


def _about_a_situation(tracker: Tracker) -> bool:
    """Whether the conversation is about a situation or a topic: a reason, an advice given, or
    the last answer's subject. A question there that nothing answers gets the honest line."""
    topic = tracker.get_slot("topic")
    return bool(situation_from_tracker(tracker).reason or tracker.get_slot("advice_shown")
                or (isinstance(topic, dict) and any(topic.get(k) for k in ("kind", "route", "term"))))


@acknowledging
class ActionGoodbye(Action):
    """Goodbye. A question about the situation the NLU read as goodbye ("en tot die tijd moet ze
    thuisblijven, mag dat") must not end the conversation: it gets what the fallback would give."""

    def name(self) -> Text:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if load_engine().is_question(text) and situation_from_tracker(tracker).reason:
            return await ActionFallback().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_goodbye")
        return []
