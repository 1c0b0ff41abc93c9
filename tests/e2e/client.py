"""A tiny REST client for conversations with the running assistant."""
import re
import uuid
from typing import Dict, List, Optional

import requests


class Conversation:
    def __init__(self, rest_url: str, sender: str = ""):
        self.rest_url = rest_url
        self.sender = sender or f"test-{uuid.uuid4().hex[:12]}"
        self.turns: List[list] = []

    def say(self, text: str, timeout: float = 30) -> list:
        response = requests.post(self.rest_url, json={"sender": self.sender, "message": text},
                                 timeout=timeout)
        assert response.status_code == 200, response.text
        messages = response.json()
        self.turns.append(messages)
        return messages

    @staticmethod
    def text(messages: list) -> str:
        return "\n".join(m.get("text", "") for m in messages if m.get("text"))

    @staticmethod
    def buttons(messages: list) -> List[dict]:
        return [b for m in messages for b in (m.get("buttons") or [])]

    @staticmethod
    def customs(messages: list) -> List[dict]:
        return [m["custom"] for m in messages if m.get("custom")]


# How a user would answer each triage question (keyword in the question -> answer).
TYPICAL_ANSWERS = [
    (r"wie bent u", "ik ben ouder"),
    (r"hoeveel dagen", "3 dagen"),
    (r"hoe oud", "14"),
    (r"soort school|po, vo", "vo"),
    (r"meningsverschil|oneens", "nee"),
    (r"ingeschreven", "ja"),
    (r"toestemming", "nee"),
    (r"zorg", "nee"),
    (r"hoeveel weken", "6 weken"),
    (r"vaste momenten|structureel", "nee"),
    (r"16 uur", "ja"),
    (r"te laat", "9 keer"),
    (r"ziek ?gemeld|ziekmeldingen", "2"),
]


def is_advice(messages: list) -> bool:
    text = Conversation.text(messages)
    return "Bron:" in text and bool(re.search(r"^\s*(1\. |☐)", text, re.M))


def answer_until_advice(talk: "Conversation", messages: list,
                        overrides: Optional[Dict[str, str]] = None, max_turns: int = 8) -> list:
    """Answer the triage's questions like a user until the advice arrives."""
    answers = dict(TYPICAL_ANSWERS)
    answers.update(overrides or {})
    for _ in range(max_turns):
        if is_advice(messages):
            return messages
        question = Conversation.text(messages).lower()
        reply = next((a for pattern, a in answers.items() if re.search(pattern, question)), "weet ik niet")
        messages = talk.say(reply)
    raise AssertionError(f"no advice after {max_turns} answers: {talk.turns}")
