"""Slots ↔ engine Situation. The only place that knows which slots describe a situation."""
from typing import Any, Dict, Optional

from rasa_sdk import Tracker

from bot.engine import Situation, load_engine

# Situation fields that live in slots of the same name (domain.yml).
SITUATION_SLOTS = (
    "role", "region", "level", "reason", "enrolled", "care_involved", "disagreement",
    "has_vrijstelling", "age", "weeks_absent", "hours_absent", "suspension_days", "late_count",
    "sick_reports_quarter", "structural",
)
INTEGER_FIELDS = {"age", "suspension_days", "late_count", "sick_reports_quarter"}


def situation_from_slots(slots: Dict[str, Any]) -> Situation:
    values: Dict[str, Any] = {}
    for name in SITUATION_SLOTS:
        value = slots.get(name)
        if value is None or isinstance(value, (dict, list)):
            continue  # a malformed payload must not break the conversation
        if name in INTEGER_FIELDS:
            value = int(value)
        values[name] = value
    values.setdefault("region", load_engine().default_region)
    return Situation(**values)


def situation_from_tracker(tracker: Tracker) -> Situation:
    return situation_from_slots(tracker.current_slot_values())


def current_role(tracker: Tracker) -> Optional[str]:
    return tracker.get_slot("role")
