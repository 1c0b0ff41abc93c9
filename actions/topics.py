"""The main topics offered as buttons when the assistant is unsure what the user needs."""
from typing import Dict, List, Optional

from bot.engine import load_engine
from bot.engine.render import fact_payload

# (title for parents, title for school and leerplicht staff, reason id of
# bot/knowledge/reasons.yml, or a payload for the topics that are no situation).
TOPICS = [
    ("Mijn kind is ziek", "Een leerling is ziek", "ziek"),
    ("Mijn kind is geschorst", "Een leerling is geschorst", "geschorst"),
    ("Mijn kind zit thuis", "Een leerling zit thuis", "geen_passende_plek"),
    ("Mijn kind wil niet naar school", "Een leerling wil niet naar school", "weigert"),
    ("Verlof of vakantie", "Verlof of vakantie", "vakantie"),
    ("We zijn het niet eens met school", "Ouders en school zijn het niet eens", "/disagree_with_school"),
    ("Ik wil met iemand praten", "Ik wil met iemand praten", "/request_human"),
]


def topic_buttons(role: Optional[str] = None) -> List[Dict[str, str]]:
    """The topics, worded for the user's role (parents when it is not known)."""
    staff = role in load_engine().knowledge.staff_roles
    return [{"title": staff_title if staff else parent_title,
             "payload": target if target.startswith("/") else fact_payload("reason", target)}
            for parent_title, staff_title, target in TOPICS]
