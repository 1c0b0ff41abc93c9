"""Send engine Replies through the Rasa dispatcher (text, buttons, custom payloads)."""
from typing import Iterable

from rasa_sdk.executor import CollectingDispatcher


def send(dispatcher: CollectingDispatcher, replies: Iterable) -> None:
    for reply in replies:
        buttons = [{"title": b.title, "payload": b.payload} for b in (reply.buttons or [])]
        if reply.text:
            dispatcher.utter_message(text=reply.text, buttons=buttons or None)
        elif buttons:
            dispatcher.utter_message(buttons=buttons)
        if reply.custom:
            dispatcher.utter_message(json_message=reply.custom)
