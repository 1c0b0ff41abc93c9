"""A small stand-in for the Rasa REST channel, used by the browser tests (stdlib only).

It speaks the contract of docs/architecture.md: ``POST /webhooks/rest/webhook`` with
``{"sender", "message"[, "metadata"]}`` returns a list of ``{"recipient_id", "text", "buttons"}`` /
``{"recipient_id", "custom"}`` messages. Replies are realistic Dutch, keyword based:

* "hallo" / "/greet"                 → greeting with role buttons
* "/state_role{...ouder...}" / "ouder" → question with reason buttons
* "wil niet" / "thuis" / "weigert"   → explanation (list, bold, link), a ``custom.timeline`` and a
                                       ``custom.plan``
* "geschorst"                        → text with a ``Bron:`` line
* "echo …" or any "<"                → echoes the message verbatim (XSS test)
* "verwijder mijn gesprek"           → confirmation + ``custom.delete_conversation``
* "traag"                            → answers after ``slow_seconds`` (timeout test)
* "/restart"                         → []

Every request is recorded in ``MockRasa.requests`` so tests can check sender ids and metadata.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BRON = "Bron: Handreiking schoolverzuim 2017-2018, §2b Langdurig relatief verzuim"

ROLE_BUTTONS = [
    {"title": "Ik ben ouder of verzorger", "payload": '/state_role{"role": "ouder"}'},
    {"title": "Ik werk op een school", "payload": '/state_role{"role": "school"}'},
    {"title": "Ik ben leerplichtambtenaar", "payload": '/state_role{"role": "leerplicht"}'},
]

REASON_BUTTONS = [
    {"title": "Mijn kind wil niet naar school", "payload": '/describe_situation{"reason": "weigert"}'},
    {"title": "Mijn kind is geschorst", "payload": '/describe_situation{"reason": "geschorst"}'},
]

TIMELINE = {
    "unit": "weken", "now": 5, "label_now": "Nu: 5 weken",
    "thresholds": [
        {"at": 4, "label": "4 weken: thuiszitter — school meldt bij het samenwerkingsverband"},
        {"at": 8, "label": "8 weken: leerplicht overweegt een breed overleg"},
    ],
    "next": "Na 8 weken overweegt leerplicht een breed overleg.",
}

PLAN = {
    "title": "Mijn stappenplan — langdurig relatief verzuim",
    "role": "ouder",
    "steps": [
        {"who": "School", "text": "Meldt het verzuim bij de leerplichtambtenaar via DUO.",
         "deadline": "binnen 5 werkdagen", "due_date": "2026-12-01"},
        {"who": "Ouder", "text": "Vraag de school om een gesprek over de oorzaak van het verzuim.",
         "deadline": "deze week", "due_date": "2026-11-27"},
        {"who": "Leerplichtambtenaar", "text": "Nodigt u en uw kind uit voor een gesprek.",
         "deadline": "binnen 3 weken", "due_date": "2026-12-15"},
    ],
    "sources": ["Handreiking schoolverzuim 2017-2018, §2b Langdurig relatief verzuim"],
}

SITUATION_TEXT = (
    "Dat is een zorgelijke situatie. Uw kind is nu **5 weken** niet op school. Dat heet "
    "**thuiszitten**.\n\n"
    "Wat er nu moet gebeuren:\n"
    "1. De school meldt het verzuim bij de leerplichtambtenaar.\n"
    "2. U krijgt een uitnodiging voor een gesprek.\n"
    "3. Samen maakt u een plan voor de terugkeer naar school.\n\n"
    "Handig om te weten:\n"
    "- U kunt zelf contact opnemen met het samenwerkingsverband.\n"
    "- Lees meer op [Rijksoverheid over leerplicht](https://www.rijksoverheid.nl/onderwerpen/leerplicht) "
    "of https://www.onderwijsconsulenten.nl.\n\n" + BRON
)


def reply_for(message: str) -> tuple[list[dict], float]:
    """Return (messages without recipient_id, delay in seconds)."""
    low = message.lower().strip()
    if low == "/restart":
        return [], 0
    if low.startswith("echo ") or "<" in message:
        return [{"text": "U schreef: " + message}], 0
    if "traag" in low:
        return [{"text": "Sorry dat het even duurde."}], MockRasa.slow_seconds
    if "verwijder mijn gesprek" in low or low.startswith("/delete_conversation"):
        return [{"text": "Uw gesprek is verwijderd. U kunt opnieuw beginnen."},
                {"custom": {"delete_conversation": True}}], 0
    if low in ("hallo", "hoi", "goedemorgen", "/greet") or low.startswith("hallo"):
        return [{"text": "Hallo! Fijn dat u er bent. Wie bent u?", "buttons": ROLE_BUTTONS}], 0
    if "ouder" in low and ("state_role" in low or low.startswith("ik ben ouder")):
        return [{"text": "Fijn, u bent ouder of verzorger. Wat is er aan de hand met uw kind?",
                 "buttons": REASON_BUTTONS}], 0
    if "geschorst" in low:
        return [{"text": "Een school mag een leerling schorsen. Een schorsing mag niet meer dan "
                         "**5 dagen** zijn.\n\nBron: Handreiking schoolverzuim 2017-2018, §2a "
                         "Geoorloofd verzuim — Schorsing"}], 0
    if any(w in low for w in ("wil niet", "weigert", "thuis", "weken niet")):
        return [{"text": SITUATION_TEXT},
                {"custom": {"timeline": TIMELINE}},
                {"custom": {"plan": PLAN}},
                {"text": "Wilt u nog iets anders weten?",
                 "buttons": [{"title": "Nee, dank u", "payload": "/goodbye"}]}], 0
    if low == "/goodbye":
        return [{"text": "Graag gedaan. Veel sterkte, en u kunt altijd terugkomen."}], 0
    return [{"text": "Dat begrijp ik niet helemaal. Kunt u in een paar woorden vertellen wat er aan "
                     "de hand is?", "buttons": REASON_BUTTONS}], 0


class _Handler(BaseHTTPRequestHandler):
    server_version = "MockRasa/1.0"

    def _cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")

    def do_OPTIONS(self):  # noqa: N802
        self.send_response(204)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        body = b'{"version": "mock"}' if self.path == "/version" else b"Hello from Mock Rasa"
        self.send_response(200)
        self._cors()
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        if self.path.split("?")[0] != "/webhooks/rest/webhook":
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self.send_error(400)
            return
        self.server.mock.requests.append(payload)
        sender = str(payload.get("sender", "default"))
        messages, delay = reply_for(str(payload.get("message", "")))
        if delay:
            time.sleep(delay)
        body = json.dumps([{"recipient_id": sender, **m} for m in messages],
                          ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(200)
            self._cors()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format, *args):  # noqa: A002
        pass


class MockRasa:
    slow_seconds = 3.0

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer((host, port), _Handler)
        self._server.daemon_threads = True
        self._server.mock = self
        self.host, self.port = self._server.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self.rest_url = self.url + "/webhooks/rest/webhook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "MockRasa":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


if __name__ == "__main__":  # manual use: python tests/browser/mock_rasa.py 5005
    import sys
    mock = MockRasa(port=int(sys.argv[1]) if len(sys.argv) > 1 else 5005).start()
    print("Mock Rasa on", mock.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        mock.stop()
