"""SafeRestInput against hostile and broken input, on a real Sanic server (no Rasa agent).

The app is built the way Rasa builds it: ``rasa.core.channels.channel.register`` with a
stand-in ``app.ctx.agent`` whose ``handle_message`` records the UserMessage and replies
through the collector.
"""
import asyncio
import itertools
import json
import logging
import socket
import time
from typing import Any, Awaitable, Callable, List, Optional

import aiohttp
import pytest
from sanic import Sanic

from rasa.core.channels.channel import UserMessage, register
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.safe_rest import (
    EMPTY_PROMPT,
    FALLBACK_TEXT,
    RateLimiter,
    SafeRestInput,
)

_app_ids = itertools.count()  # Sanic app names must be unique per process

Behaviour = Callable[[UserMessage], Awaitable[None]]


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")


class FakeAgent:
    """What register() expects in app.ctx.agent; records every message it gets."""

    def __init__(self, behaviour: Behaviour = echo, tracker_store: Any = None) -> None:
        self.behaviour = behaviour
        self.received: List[UserMessage] = []
        self.tracker_store = tracker_store
        self.ready = True

    def is_ready(self) -> bool:
        return self.ready

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        await self.behaviour(message)


class Harness:
    def __init__(self, channel: SafeRestInput, agent: FakeAgent) -> None:
        self.channel = channel
        self.agent = agent
        self.app = Sanic(f"safe_rest_test_{next(_app_ids)}")
        self.app.ctx.agent = agent
        register([channel], self.app, route="/webhooks/")
        self.server = None
        self.session: Optional[aiohttp.ClientSession] = None
        self.base = ""

    async def start(self) -> "Harness":
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        self.server = await self.app.create_server(
            sock=sock, return_asyncio_server=True, access_log=False
        )
        await self.server.startup()
        await self.server.start_serving()
        self.base = f"http://127.0.0.1:{port}/webhooks/rest"
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
        return self

    async def stop(self) -> None:
        if self.session:
            await self.session.close()
        if self.server:
            self.server.close()
            await self.server.wait_closed()

    async def post(self, payload: Any = None, raw: Optional[bytes] = None, headers=None):
        data = raw if raw is not None else json.dumps(payload).encode("utf-8")
        async with self.session.post(
            self.base + "/webhook",
            data=data,
            headers=headers or {"Content-Type": "application/json"},
        ) as resp:
            body = await resp.read()
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = body
            return resp.status, parsed, resp.headers


@pytest.fixture
async def make_harness(monkeypatch):
    # several apps in one process: Sanic only allows that (and skips its code
    # "touchup" for the next app) in test mode; restored after the test
    monkeypatch.setattr(Sanic, "test_mode", True)
    harnesses: List[Harness] = []

    async def factory(behaviour: Behaviour = echo, tracker_store: Any = None, **channel_kwargs):
        channel_kwargs.setdefault("rate_per_minute", 600)
        h = Harness(SafeRestInput(**channel_kwargs), FakeAgent(behaviour, tracker_store))
        harnesses.append(await h.start())
        return h

    yield factory
    for h in harnesses:
        await h.stop()


# ----------------------------------------------------------------------------- basics


async def test_health_and_normal_message(make_harness):
    h = await make_harness()
    async with h.session.get(h.base + "/health") as resp:
        assert resp.status == 200
        assert await resp.json() == {"status": "ok"}
    status, body, _ = await h.post({"sender": "abc-123", "message": "Hallo"})
    assert status == 200
    assert body == [{"recipient_id": "abc-123", "text": "echo: Hallo"}]
    assert h.agent.received[0].input_channel == "rest"


async def test_health_reports_503_when_no_model_is_loaded(make_harness):
    h = await make_harness()
    h.agent.ready = False
    async with h.session.get(h.base + "/health") as resp:
        assert resp.status == 503
        assert (await resp.json())["status"] == "not ready"


async def test_channel_name_and_credentials():
    assert SafeRestInput.name() == "rest"
    channel = SafeRestInput.from_credentials(
        {"max_message_chars": 100, "rate_per_minute": 5, "response_timeout": 2, "max_sender_chars": 16}
    )
    assert (channel.max_message_chars, channel.rate_per_minute) == (100, 5)
    assert (channel.response_timeout, channel.max_sender_chars) == (2, 16)
    default = SafeRestInput.from_credentials(None)
    assert default.max_message_chars == 2000 and default.max_sender_chars == 128


def test_env_settings(monkeypatch):
    monkeypatch.setenv("VERZUIMWIJZER_MAX_MESSAGE_CHARS", "500")
    monkeypatch.setenv("VERZUIMWIJZER_RATE_PER_MINUTE", "12")
    monkeypatch.setenv("VERZUIMWIJZER_RESPONSE_TIMEOUT", "3.5")
    channel = SafeRestInput.from_credentials({})
    assert (channel.max_message_chars, channel.rate_per_minute, channel.response_timeout) == (500, 12, 3.5)
    monkeypatch.setenv("VERZUIMWIJZER_MAX_MESSAGE_CHARS", "veel")  # invalid -> default
    assert SafeRestInput.from_credentials({}).max_message_chars == 2000
    # credentials.yml wins over the environment
    assert SafeRestInput.from_credentials({"rate_per_minute": 7}).rate_per_minute == 7


async def test_pii_is_scrubbed_before_rasa(make_harness):
    h = await make_harness()
    text = "Mijn BSN is 111222333, bel 06-12345678 of mail ouder@example.com"
    status, body, _ = await h.post(
        {"sender": "s1", "message": text, "metadata": {"note": "bsn 111222333"}}
    )
    assert status == 200
    received = h.agent.received[0]
    assert received.text == "Mijn BSN is [BSN], bel [TELEFOON] of mail [E-MAIL]"
    assert received.metadata == {"note": "bsn [BSN]"}
    assert "111222333" not in json.dumps(body)


# ----------------------------------------------------------------------------- bad input

BAD_SHAPES = [
    [],
    ["sender", "message"],
    42,
    None,
    "just a string",
    {"sender": "s1", "message": {"text": "hoi"}},
    {"sender": "s1", "message": ["hoi"]},
    {"sender": "s1", "message": 7},
    {"sender": "s1", "message": None},
    {"sender": "s1"},
    {"message": "hoi"},  # missing sender: no silent "default"
    {"sender": None, "message": "hoi"},
    {"sender": True, "message": "hoi"},
    {"sender": {"id": 1}, "message": "hoi"},
    {"sender": ["a"], "message": "hoi"},
    {"sender": "", "message": "hoi"},
    {"sender": "a" * 129, "message": "hoi"},
    {"sender": "a" * 100_000, "message": "hoi"},
    {"sender": "ab cd", "message": "hoi"},
    {"sender": "../../etc/passwd", "message": "hoi"},
    {"sender": "x'; DROP TABLE events; --", "message": "hoi"},
    {"sender": "<script>", "message": "hoi"},
    {"sender": "ابن", "message": "hoi"},
    {"sender": "s1\x00", "message": "hoi"},
    {"sender": "s1", "message": "hoi", "metadata": "meta"},
]


@pytest.mark.parametrize("payload", BAD_SHAPES, ids=lambda p: repr(p)[:40])
async def test_wrong_shape_gives_400(make_harness, payload):
    h = await make_harness()
    status, body, _ = await h.post(payload)
    assert status == 400, body
    assert isinstance(body, dict) and body["error"] and body["message"]
    assert h.agent.received == []


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"{\"sender\": \"s1\", \"message\": \"hoi\"",  # truncated
        b"\xff\xfe\xfd",  # invalid UTF-8
        b"{\"sender\": \"s1\", \"message\": \"caf\xe9\"}",  # latin-1, not UTF-8
        b"[" * 100_000,  # nesting bomb
        b"{\"sender\": \"s1\", \"message\": NaN}",
    ],
    ids=["empty", "text", "truncated", "bytes", "latin1", "nesting", "nan"],
)
async def test_invalid_body_gives_400(make_harness, raw):
    h = await make_harness()
    status, body, _ = await h.post(raw=raw)
    assert status == 400, body
    assert h.agent.received == []


async def test_numeric_sender_is_accepted(make_harness):
    h = await make_harness()
    status, body, _ = await h.post({"sender": 12345, "message": "hoi"})
    assert status == 200
    assert h.agent.received[0].sender_id == "12345"


@pytest.mark.parametrize("message", ["", "   ", "\n\t  \n", "\x00\x01\x02", "\u200b\u200e \u00a0"])
async def test_empty_message_gets_prompt_without_touching_rasa(make_harness, message):
    h = await make_harness()
    status, body, _ = await h.post({"sender": "s1", "message": message})
    assert status == 200
    assert body == [{"recipient_id": "s1", "text": EMPTY_PROMPT}]
    assert EMPTY_PROMPT.startswith("Typ uw vraag")
    assert h.agent.received == []


@pytest.mark.parametrize("size", [2001, 50_000])
async def test_too_long_message_gives_413(make_harness, size):
    h = await make_harness()
    status, body, _ = await h.post({"sender": "s1", "message": "a" * size})
    assert status == 413
    assert "te lang" in body["message"] and "2000" in body["message"]
    assert h.agent.received == []


async def test_message_at_limit_passes(make_harness):
    h = await make_harness()
    status, _, _ = await h.post({"sender": "s1", "message": "a" * 2000})
    assert status == 200
    assert len(h.agent.received[0].text) == 2000


async def test_huge_escaped_body_is_413_not_5xx(make_harness):
    h = await make_harness()
    raw = ('{"sender": "s1", "message": "' + "\\ud83d\\ude00" * 20_000 + '"}').encode()
    status, _, _ = await h.post(raw=raw)
    assert status == 413


async def test_body_over_one_mib_is_413(make_harness):
    h = await make_harness()
    status, _, _ = await h.post(raw=b'{"sender": "s1", "message": "' + b"a" * (1 << 20) + b'"}')
    assert status == 413
    assert h.agent.received == []


async def test_control_characters_and_nul_are_stripped(make_harness):
    h = await make_harness()
    status, _, _ = await h.post(
        {"sender": "s1", "message": "ha\x00l\x07lo\x1b[31m\r\nregel 2\tkolom\x7f\u0085\ud800"}
    )
    assert status == 200
    assert h.agent.received[0].text == "hallo[31m\nregel 2\tkolom"


@pytest.mark.parametrize(
    "message",
    [
        "Mijn zoon 😀👨‍👩‍👧 gaat niet naar school 🏫",
        "ابني لا يذهب إلى المدرسة منذ أسبوعين",
        "הבן שלי לא הולך לבית הספר",
        "Gemengd: Nederlands en العربية en עברית 🇳🇱",
    ],
)
async def test_emoji_and_rtl_pass_through(make_harness, message):
    h = await make_harness()
    status, body, _ = await h.post({"sender": "s1", "message": message})
    assert status == 200
    assert h.agent.received[0].text == message
    assert body[0]["text"] == f"echo: {message}"


@pytest.mark.parametrize(
    "message",
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE events; --",
        "\" OR 1=1 --",
        "{{7*7}}",
        "${7*7}",
        "{% raw %}{{ config }}{% endraw %}",
        "%s%s%s%n",
        "/restart",
    ],
)
async def test_injection_strings_are_plain_text(make_harness, message):
    h = await make_harness()
    status, body, _ = await h.post({"sender": "s1", "message": message})
    assert status == 200
    assert h.agent.received[0].text == message  # passed on verbatim, never evaluated
    assert body[0]["text"] == f"echo: {message}"
    assert "49" not in body[0]["text"]


async def test_wrong_content_type_still_parsed_and_get_is_405(make_harness):
    h = await make_harness()
    status, _, _ = await h.post(
        {"sender": "s1", "message": "hoi"}, headers={"Content-Type": "text/plain"}
    )
    assert status == 200
    async with h.session.get(h.base + "/webhook") as resp:
        assert resp.status == 405


# ----------------------------------------------------------------------------- rate limit


async def test_rate_limit_per_sender(make_harness):
    h = await make_harness(rate_per_minute=30)
    start = time.monotonic()
    results = await asyncio.gather(
        *(h.post({"sender": "flood", "message": f"bericht {i}"}) for i in range(100))
    )
    elapsed = time.monotonic() - start
    statuses = [status for status, _, _ in results]
    assert all(s < 500 for s in statuses)
    # bucket of 30, refilled at 0.5/s while the burst is running
    assert 30 <= statuses.count(200) <= 30 + int(elapsed * 0.5) + 1
    assert statuses.count(200) + statuses.count(429) == 100
    limited = next(r for r in results if r[0] == 429)
    assert int(limited[2]["Retry-After"]) >= 1
    assert "Wacht" in limited[1]["message"]
    assert elapsed < 10
    # another sender is not affected
    status, body, _ = await h.post({"sender": "rustig", "message": "hoi"})
    assert status == 200 and body[0]["text"] == "echo: hoi"


def test_token_bucket_refills():
    now = [1000.0]
    limiter = RateLimiter(rate_per_minute=6, clock=lambda: now[0])  # 1 token per 10 s
    assert all(limiter.acquire("a")[0] for _ in range(6))
    allowed, retry = limiter.acquire("a")
    assert not allowed and retry == 10
    now[0] += 10
    assert limiter.acquire("a")[0]
    assert not limiter.acquire("a")[0]
    assert limiter.acquire("b")[0]


def test_rate_limiter_memory_is_bounded():
    limiter = RateLimiter(rate_per_minute=30, max_keys=100)
    for i in range(1000):
        limiter.acquire(f"sender-{i}")
    assert len(limiter._buckets) == 100


# ----------------------------------------------------------------------------- no silence


async def test_no_bot_messages_gives_fallback(make_harness):
    async def silent(message):
        return None

    h = await make_harness(silent)
    status, body, _ = await h.post({"sender": "s1", "message": "hoi"})
    assert status == 200
    assert body == [{"recipient_id": "s1", "text": FALLBACK_TEXT}]
    assert "leerplichtambtenaar" in FALLBACK_TEXT and "samenwerkingsverband" in FALLBACK_TEXT


async def test_exception_gives_fallback_and_logs_no_content(make_harness, caplog):
    async def broken(message):
        raise RuntimeError(f"action server down while handling {message.text!r}, 06-12345678")

    h = await make_harness(broken)
    with caplog.at_level(logging.DEBUG):
        status, body, _ = await h.post({"sender": "s1", "message": "BSN 111222333 hoi"})
    assert status == 200
    assert body[-1]["text"] == FALLBACK_TEXT
    assert "RuntimeError" in caplog.text
    assert "111222333" not in caplog.text and "06-12345678" not in caplog.text
    assert "hoi" not in caplog.text  # no message content in the channel's logs


async def test_timeout_gives_fallback_and_turn_finishes_in_background(make_harness):
    finished = asyncio.Event()

    async def slow(message):
        await asyncio.sleep(2.0)
        await message.output_channel.send_text_message(message.sender_id, "laat antwoord")
        finished.set()

    h = await make_harness(slow, response_timeout=0.3)
    start = time.monotonic()
    status, body, _ = await h.post({"sender": "s1", "message": "hoi"})
    elapsed = time.monotonic() - start
    assert status == 200
    assert body == [{"recipient_id": "s1", "text": FALLBACK_TEXT}]
    assert elapsed < 1.5
    assert not finished.is_set()
    # the Rasa turn was shielded, not cancelled: it completes on its own
    await asyncio.wait_for(finished.wait(), timeout=5)


async def test_partial_answer_before_failure_is_kept(make_harness):
    async def half(message):
        await message.output_channel.send_text_message(message.sender_id, "eerste deel")
        raise RuntimeError("boom")

    h = await make_harness(half)
    status, body, _ = await h.post({"sender": "s1", "message": "hoi"})
    assert status == 200
    assert [m["text"] for m in body] == ["eerste deel", FALLBACK_TEXT]


# ----------------------------------------------------------------------------- deletion


def _tracker(sender: str, text: str, timestamp: float = None) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender, [UserUttered(text, timestamp=timestamp or time.time())], slots=[]
    )


def _saving_behaviour(tracker_store):
    """Saves the turn like Rasa's processor, asks for deletion on '/delete_conversation'."""

    async def behaviour(message):
        tracker = await tracker_store.retrieve(message.sender_id) or DialogueStateTracker(
            message.sender_id, []
        )
        tracker.update(UserUttered(message.text))
        await tracker_store.save(tracker)
        if message.text == "/delete_conversation":
            await message.output_channel.send_text_message(
                message.sender_id, "Uw gesprek wordt verwijderd."
            )
            await message.output_channel.send_custom_json(
                message.sender_id, {"delete_conversation": True}
            )
        else:
            await echo(message)

    return behaviour


async def test_delete_conversation_in_memory_store(make_harness):
    store = FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))
    h = await make_harness(_saving_behaviour(store), tracker_store=store)
    for sender in ("houden", "weg"):
        status, _, _ = await h.post({"sender": sender, "message": "hallo"})
        assert status == 200
    assert set(await store.keys()) == {"houden", "weg"}
    status, body, _ = await h.post({"sender": "weg", "message": "/delete_conversation"})
    assert status == 200
    # the flag is passed on to the widget untouched
    assert {"recipient_id": "weg", "custom": {"delete_conversation": True}} in body
    assert set(await store.keys()) == {"houden"}
    assert await store.retrieve("houden") is not None


async def test_delete_conversation_sql_store(make_harness, tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore

    sql = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    store = FailSafeTrackerStore(sql)
    h = await make_harness(_saving_behaviour(store), tracker_store=store)
    for sender in ("houden", "weg"):
        await h.post({"sender": sender, "message": "hallo"})
        await h.post({"sender": sender, "message": "nog iets"})
    status, _, _ = await h.post({"sender": "weg", "message": "/delete_conversation"})
    assert status == 200
    with sql.session_scope() as session:
        rows = session.query(sql.SQLEvent.sender_id).all()
    assert {r[0] for r in rows} == {"houden"}
    assert len(rows) == 2


async def test_failed_deletion_is_reported(make_harness):
    class Unsupported:
        pass

    async def behaviour(message):
        await message.output_channel.send_custom_json(message.sender_id, {"delete_conversation": True})

    h = await make_harness(behaviour, tracker_store=Unsupported())
    status, body, _ = await h.post({"sender": "s1", "message": "verwijder"})
    assert status == 200
    assert "niet gelukt" in body[-1]["text"]
