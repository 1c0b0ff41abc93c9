"""Advice for the user's situation and the escalation routes that fit it."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import NEXT_QUESTIONS, send
from actions.situation import situation_from_tracker
from bot.engine import load_engine
from bot.engine import render


class ActionGiveAdvice(Action):
    def name(self) -> Text:
        return "action_give_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, load_engine().advise(situation_from_tracker(tracker)), NEXT_QUESTIONS)
        return [SlotSet("skipped_facts", None)]


class ActionExplainEscalation(Action):
    def name(self) -> Text:
        return "action_explain_escalation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        engine = load_engine()
        situation = situation_from_tracker(tracker)
        send(dispatcher, render.render_escalation(engine, engine.escalation(situation), situation))
        return []
