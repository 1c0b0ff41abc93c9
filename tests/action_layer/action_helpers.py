"""Tracker fixtures for action tests (in the style of RasaHQ/financial-demo)."""
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN: Dict[str, Any] = {}


def make_tracker(text: str = "", intent: str = "describe_situation",
                 entities: Optional[List[dict]] = None, slots: Optional[Dict[str, Any]] = None,
                 active_loop: Optional[str] = None) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots=dict(slots or {}),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.99},
                        "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )




def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def slot_events(events: List[dict]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
