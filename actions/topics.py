"""The main topics offered as buttons when the assistant is unsure what the user needs."""
from typing import Dict, List

# (button title, payload). Payload reasons are the reason ids of bot/knowledge/reasons.yml.
TOPICS = [
    ("Mijn kind is ziek", '/describe_situation{"reason":"ziek"}'),
    ("Mijn kind is geschorst", '/describe_situation{"reason":"geschorst"}'),
    ("Mijn kind zit thuis", '/describe_situation{"reason":"geen_passende_plek"}'),
    ("Mijn kind wil niet naar school", '/describe_situation{"reason":"weigert"}'),
    ("Verlof of vakantie", '/describe_situation{"reason":"vakantie"}'),
    ("We zijn het niet eens met school", "/disagree_with_school"),
    ("Ik wil met iemand praten", "/request_human"),
]


def topic_buttons() -> List[Dict[str, str]]:
    return [{"title": title, "payload": payload} for title, payload in TOPICS]
