"""A tiny REST client for conversations with the running assistant."""
import uuid
from typing import List

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
