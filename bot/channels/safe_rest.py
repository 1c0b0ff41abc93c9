"""SafeRestInput: the hardened REST channel of Verzuimwijzer.

Enable it in ``credentials.yml`` (replaces the plain ``rest:`` entry; the URL stays
``POST /webhooks/rest/webhook`` because ``name() == "rest"``)::

    bot.channels.safe_rest.SafeRestInput:
      max_message_chars: 2000      # optional, else env VERZUIMWIJZER_MAX_MESSAGE_CHARS
      rate_per_minute: 30          # optional, else env VERZUIMWIJZER_RATE_PER_MINUTE
      response_timeout: 8          # optional, else env VERZUIMWIJZER_RESPONSE_TIMEOUT
      max_sender_chars: 128        # optional, else env VERZUIMWIJZER_MAX_SENDER_CHARS

What it adds on top of Rasa's ``RestInput``:

* strict input validation; bad input gets a 4xx JSON error ``{"error": code,
  "message": "<Nederlandse uitleg>"}``, never a 5xx;
* personal data is scrubbed (``bot.privacy.scrub``) *before* Rasa sees the text, so
  the tracker store, event broker and logs only hold placeholders;
* a per-sender token-bucket rate limit (in memory, per process: with N replicas the
  effective limit is up to N times higher unless the load balancer is sticky);
* "no silence": if the bot sends nothing, fails or takes longer than the response
  timeout, the user gets a friendly Dutch message with the human route. The Rasa
  turn itself is shielded and finishes in the background;
* "verwijder mijn gesprek": when a bot message carries ``custom.delete_conversation
  == true``, every stored event of that sender is deleted after the turn is saved;
* ``GET /webhooks/rest/health`` -> ``{"status": "ok"}``.

Streaming (``?stream=true``) is not supported by this channel and is ignored.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import os
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text, Tuple

from sanic import Blueprint, response
from sqlalchemy import text as sa_text
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput

from bot.channels.rasa_tuning import (apply_action_timeout, apply_event_type_cache,
                                      apply_fast_response_validation, apply_lean_model_load,
                                      apply_persistent_action_connections,
                                      close_persistent_action_connections,
                                      freeze_loaded_objects)
from bot.privacy import install_log_filter, scrub

install_log_filter()
apply_action_timeout()
apply_fast_response_validation()
apply_lean_model_load()  # before Rasa loads the model: rasa run imports channels first
apply_event_type_cache()
apply_persistent_action_connections()

logger = logging.getLogger(__name__)

# ----------------------------------------------------------------------------- texts

EMPTY_PROMPT = (
    "Typ uw vraag of beschrijf kort de situatie, bijvoorbeeld: "
    "\"Mijn zoon zit al drie weken thuis.\""
)
FALLBACK_TEXT = (
    "Er ging iets mis bij het beantwoorden van uw bericht. U kunt het zo opnieuw "
    "proberen, of contact opnemen met de leerplichtambtenaar van uw gemeente of uw "
    "samenwerkingsverband."
)
DELETE_FAILED_TEXT = (
    "Het verwijderen van uw gesprek is helaas niet gelukt. Probeer het later opnieuw, "
    "of vraag de organisatie achter deze assistent om uw gesprek te verwijderen."
)
TOO_LONG_TEXT = (
    "Uw bericht is te lang (maximaal {limit} tekens). Wilt u het korter maken of in "
    "een paar losse berichten sturen? Laat persoonsgegevens zoals namen, BSN of "
    "adressen liever weg."
)
RATE_LIMIT_TEXT = (
    "U stuurt veel berichten kort na elkaar. Wacht {seconds} seconden en probeer het "
    "dan opnieuw."
)
BAD_REQUEST_TEXT = "Het bericht kon niet worden gelezen."

# ----------------------------------------------------------------------------- config

DEFAULT_MAX_MESSAGE_CHARS = 2000
DEFAULT_RATE_PER_MINUTE = 30.0
DEFAULT_RESPONSE_TIMEOUT = 8.0
DEFAULT_MAX_SENDER_CHARS = 128
MAX_METADATA_BYTES = 4096
MAX_TRACKED_SENDERS = 50_000

SENDER_RE = re.compile(r"^[A-Za-z0-9_.:\-]+$")
_NEWLINES_RE = re.compile(r"\r\n?")


def _setting(
    credentials: Optional[Dict[Text, Any]],
    key: Text,
    env: Text,
    default: float,
    cast: Callable[[Any], float],
    minimum: float,
) -> float:
    """credentials.yml value, else environment variable, else default."""
    raw: Any = None
    if credentials and credentials.get(key) not in (None, ""):
        raw = credentials.get(key)
    elif os.environ.get(env, "").strip():
        raw = os.environ[env].strip()
    if raw is None:
        return default
    try:
        value = cast(raw)
    except (TypeError, ValueError):
        logger.warning("Invalid value for %s / %s; using default %s.", key, env, default)
        return default
    if not math.isfinite(value) or value < minimum:
        logger.warning("Out-of-range value for %s / %s; using default %s.", key, env, default)
        return default
    return value


# ----------------------------------------------------------------------------- rate limit


class RateLimiter:
    """In-memory token bucket per sender (per process, not shared between replicas)."""

    def __init__(
        self,
        rate_per_minute: float,
        burst: Optional[float] = None,
        max_keys: int = MAX_TRACKED_SENDERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate_per_minute / 60.0  # tokens per second
        self.capacity = float(burst if burst is not None else max(1.0, rate_per_minute))
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: "OrderedDict[Text, Tuple[float, float]]" = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, key: Text) -> Tuple[bool, int]:
        """Take one token. Returns ``(allowed, retry_after_seconds)``."""
        if self.rate <= 0:
            return True, 0
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                tokens -= 1.0
                allowed, retry = True, 0
            else:
                allowed = False
                retry = max(1, math.ceil((1.0 - tokens) / self.rate))
            self._buckets[key] = (tokens, now)  # most recently used at the end
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)  # evict least recently used
            return allowed, retry


# ----------------------------------------------------------------------------- helpers


class BadRequest(Exception):
    def __init__(self, status: int, code: Text, message: Text, headers: Optional[Dict] = None):
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def clean_text(text: Text) -> Text:
    """Strip control characters (keep newline and tab), lone surrogates; NFC-normalise."""
    text = _NEWLINES_RE.sub("\n", text)
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t"
        or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff")
    )
    return unicodedata.normalize("NFC", text)


def _scrub_json(value: Any, depth: int = 0) -> Any:
    if depth > 10:
        return None
    if isinstance(value, str):
        return scrub(clean_text(value))
    if isinstance(value, dict):
        return {scrub(clean_text(str(k))): _scrub_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_json(v, depth + 1) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def sender_hash(sender_id: Text) -> Text:
    """Short, non-reversible reference to a sender for logs."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:12]


def _has_content(message: Dict[Text, Any]) -> bool:
    return any(
        message.get(key)
        for key in ("text", "image", "custom", "buttons", "attachment", "elements", "quick_replies")
    )


def wants_deletion(messages: List[Dict[Text, Any]]) -> bool:
    for message in messages:
        custom = message.get("custom") if isinstance(message, dict) else None
        if isinstance(custom, dict) and custom.get("delete_conversation") is True:
            return True
    return False


def _unwrap_stores(tracker_store: Any) -> List[Any]:
    """The real store(s) behind Rasa's FailSafeTrackerStore / AwaitableTrackerStore."""
    found: List[Any] = []
    pending = [tracker_store]
    seen: Set[int] = set()
    while pending:
        store = pending.pop()
        if store is None or id(store) in seen:
            continue
        seen.add(id(store))
        inner = getattr(store, "_tracker_store", None)
        fallback = getattr(store, "_fallback_tracker_store", None)
        if inner is not None or type(store).__name__ in (
            "FailSafeTrackerStore",
            "AwaitableTrackerStore",
        ):
            pending.extend([inner, fallback])
        else:
            found.append(store)
    return found


def _delete_sql(store: Any, sender_id: Text) -> int:
    sql_event = store.SQLEvent
    with store.session_scope() as session:
        bind = session.get_bind()
        if bind.dialect.name == "sqlite":
            # overwrite deleted content on disk instead of leaving it in free pages
            session.execute(sa_text("PRAGMA secure_delete = ON"))
        deleted = (
            session.query(sql_event)
            .filter(sql_event.sender_id == sender_id)
            .delete(synchronize_session=False)
        )
        session.commit()
        return int(deleted or 0)


async def delete_conversation(tracker_store: Any, sender_id: Text) -> Optional[int]:
    """Delete every stored event of ``sender_id``.

    Supports SQLTrackerStore (SQLite, PostgreSQL, ... via its SQLAlchemy session),
    InMemoryTrackerStore, RedisTrackerStore and MongoTrackerStore, also when wrapped
    in Rasa's FailSafeTrackerStore/AwaitableTrackerStore (the fallback store is
    cleared too). Returns the number of deleted events (for key-value stores: number
    of deleted conversations), or ``None`` if a store type is not supported.
    Raises on database errors.
    """
    total = 0
    supported = True
    for store in _unwrap_stores(tracker_store):
        if hasattr(store, "SQLEvent") and hasattr(store, "session_scope"):
            # synchronous like Rasa's own SQLTrackerStore (also works for in-memory SQLite)
            total += _delete_sql(store, sender_id)
        elif isinstance(getattr(store, "store", None), dict):  # InMemoryTrackerStore
            total += 1 if store.store.pop(sender_id, None) is not None else 0
        elif hasattr(store, "red") and hasattr(store, "key_prefix"):  # Redis
            total += int(store.red.delete(store.key_prefix + sender_id) or 0)
        elif hasattr(store, "conversations"):  # Mongo
            result = store.conversations.delete_many({"sender_id": sender_id})
            total += int(getattr(result, "deleted_count", 0) or 0)
        else:
            supported = False
            logger.error(
                "Conversation deletion is not supported for tracker store %s.",
                type(store).__name__,
            )
    return total if supported else None


# ----------------------------------------------------------------------------- channel


class SafeRestInput(RestInput):
    """Rasa REST channel with validation, PII scrubbing, rate limit and no-silence."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SafeRestInput":
        return cls(credentials=credentials or {})

    def __init__(
        self,
        max_message_chars: Optional[int] = None,
        rate_per_minute: Optional[float] = None,
        response_timeout: Optional[float] = None,
        max_sender_chars: Optional[int] = None,
        credentials: Optional[Dict[Text, Any]] = None,
        tracker_store_getter: Optional[Callable[[Request], Any]] = None,
    ) -> None:
        creds = dict(credentials or {})
        for key, value in (
            ("max_message_chars", max_message_chars),
            ("rate_per_minute", rate_per_minute),
            ("response_timeout", response_timeout),
            ("max_sender_chars", max_sender_chars),
        ):
            if value is not None:
                creds[key] = value
        self.max_message_chars = int(
            _setting(creds, "max_message_chars", "VERZUIMWIJZER_MAX_MESSAGE_CHARS",
                     DEFAULT_MAX_MESSAGE_CHARS, int, 1)
        )
        self.rate_per_minute = _setting(
            creds, "rate_per_minute", "VERZUIMWIJZER_RATE_PER_MINUTE",
            DEFAULT_RATE_PER_MINUTE, float, 0,
        )
        self.response_timeout = _setting(
            creds, "response_timeout", "VERZUIMWIJZER_RESPONSE_TIMEOUT",
            DEFAULT_RESPONSE_TIMEOUT, float, 0.01,
        )
        self.max_sender_chars = int(
            _setting(creds, "max_sender_chars", "VERZUIMWIJZER_MAX_SENDER_CHARS",
                     DEFAULT_MAX_SENDER_CHARS, int, 1)
        )
        # Raw body cap before JSON parsing (cheap DoS guard; the precise limits are
        # checked after parsing): at least 1 MiB, more for very high message limits
        # (worst case 12 bytes per character, an emoji as "\\uXXXX\\uXXXX").
        self.max_body_bytes = max(1 << 20, self.max_message_chars * 12 + 16384)
        self.rate_limiter = RateLimiter(self.rate_per_minute)
        self._tracker_store_getter = tracker_store_getter
        self._background: Set["asyncio.Future[Any]"] = set()

    # -- request parsing ---------------------------------------------------------------

    def _parse(self, request: Request) -> Tuple[Text, Any, Optional[Dict[Text, Any]]]:
        """Returns ``(sender_id, raw_message, metadata)`` or raises BadRequest."""
        body = request.body or b""
        if len(body) > self.max_body_bytes:
            raise BadRequest(
                413, "message_too_long", TOO_LONG_TEXT.format(limit=self.max_message_chars)
            )
        try:
            decoded = body.decode("utf-8")
            payload = json.loads(decoded)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise BadRequest(
                400, "invalid_json", BAD_REQUEST_TEXT + " Stuur JSON (UTF-8) met 'sender' en 'message'."
            )
        if not isinstance(payload, dict):
            raise BadRequest(400, "invalid_shape", BAD_REQUEST_TEXT + " Verwacht een JSON-object.")

        if "sender" not in payload or payload["sender"] is None:
            raise BadRequest(400, "missing_sender", BAD_REQUEST_TEXT + " Het veld 'sender' ontbreekt.")
        sender = payload["sender"]
        if isinstance(sender, bool) or not isinstance(sender, (str, int, float)):
            raise BadRequest(400, "invalid_sender", BAD_REQUEST_TEXT + " 'sender' moet tekst of een getal zijn.")
        if isinstance(sender, float) and not math.isfinite(sender):
            raise BadRequest(400, "invalid_sender", BAD_REQUEST_TEXT + " 'sender' is ongeldig.")
        sender_id = sender if isinstance(sender, str) else str(sender)
        if len(sender_id) > self.max_sender_chars or not SENDER_RE.match(sender_id):
            raise BadRequest(
                400,
                "invalid_sender",
                BAD_REQUEST_TEXT
                + f" 'sender' mag maximaal {self.max_sender_chars} tekens zijn: letters, "
                "cijfers en _ . : -",
            )

        if "message" not in payload or payload["message"] is None:
            raise BadRequest(400, "missing_message", BAD_REQUEST_TEXT + " Het veld 'message' ontbreekt.")
        message = payload["message"]
        if not isinstance(message, str):
            raise BadRequest(400, "invalid_message", BAD_REQUEST_TEXT + " 'message' moet tekst zijn.")

        metadata = payload.get("metadata")
        if metadata is not None:
            if not isinstance(metadata, dict):
                raise BadRequest(400, "invalid_metadata", BAD_REQUEST_TEXT + " 'metadata' moet een object zijn.")
            if len(json.dumps(metadata, ensure_ascii=False)) > MAX_METADATA_BYTES:
                raise BadRequest(413, "metadata_too_large", BAD_REQUEST_TEXT + " 'metadata' is te groot.")
            metadata = _scrub_json(metadata)
        return sender_id, message, metadata

    # -- turn handling -----------------------------------------------------------------

    def _tracker_store(self, request: Request) -> Any:
        if self._tracker_store_getter is not None:
            return self._tracker_store_getter(request)
        agent = getattr(getattr(request.app, "ctx", None), "agent", None)
        return getattr(agent, "tracker_store", None)

    def _lock_store(self, request: Request) -> Any:
        agent = getattr(getattr(request.app, "ctx", None), "agent", None)
        return getattr(agent, "lock_store", None)

    async def _delete_after_turn(
        self, tracker_store: Any, lock_store: Any, sender_id: Text
    ) -> bool:
        """Delete the sender's conversation; returns True on success. Never raises."""
        ref = sender_hash(sender_id)
        if tracker_store is None:
            logger.error("Conversation deletion requested (sender %s) but no tracker store.", ref)
            return False
        try:
            if lock_store is not None and hasattr(lock_store, "lock"):
                async with lock_store.lock(sender_id):
                    deleted = await delete_conversation(tracker_store, sender_id)
            else:
                deleted = await delete_conversation(tracker_store, sender_id)
        except Exception as error:  # database down etc.
            logger.error(
                "Conversation deletion failed (sender %s): %s", ref, type(error).__name__
            )
            return False
        if deleted is None:
            return False
        logger.info("Conversation deleted on request (sender %s, %s stored items).", ref, deleted)
        return True

    def _run_in_background(self, coro: Awaitable[Any]) -> None:
        future = asyncio.ensure_future(coro)
        self._background.add(future)
        future.add_done_callback(self._background.discard)

    async def handle_turn(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        sender_id: Text,
        text: Text,
        metadata: Optional[Dict[Text, Any]],
    ) -> List[Dict[Text, Any]]:
        collector = CollectingOutputChannel()
        message = UserMessage(
            text, collector, sender_id, input_channel=self.name(), metadata=metadata
        )
        tracker_store = self._tracker_store(request)
        lock_store = self._lock_store(request)
        ref = sender_hash(sender_id)

        async def after_turn() -> None:
            if wants_deletion(collector.messages):
                if not await self._delete_after_turn(tracker_store, lock_store, sender_id):
                    collector.messages.append(
                        {"recipient_id": sender_id, "text": DELETE_FAILED_TEXT}
                    )

        async def turn() -> None:
            try:
                await on_new_message(message)
            except Exception:
                await after_turn()  # a requested deletion still happens
                raise
            await after_turn()

        task = asyncio.ensure_future(turn())
        failed = False
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=self.response_timeout)
        except asyncio.TimeoutError:
            failed = True
            logger.error(
                "Turn of sender %s exceeded %.1fs; answered with the fallback message, "
                "processing continues in the background.", ref, self.response_timeout,
            )
            self._watch(task, ref)
        except asyncio.CancelledError:
            # client went away / server shutting down: let the turn finish on its own
            self._watch(task, ref)
            raise
        except Exception as error:
            failed = True
            logger.error("Turn of sender %s failed: %s", ref, type(error).__name__)

        messages = list(collector.messages)
        if failed or not any(_has_content(m) for m in messages if isinstance(m, dict)):
            if not failed:
                logger.warning("Bot sent no messages to sender %s; sent the fallback.", ref)
            messages = [m for m in messages if isinstance(m, dict) and _has_content(m)]
            messages.append({"recipient_id": sender_id, "text": FALLBACK_TEXT})
        return messages

    def _watch(self, task: "asyncio.Future[Any]", ref: Text) -> None:
        self._background.add(task)

        def done(t: "asyncio.Future[Any]") -> None:
            self._background.discard(t)
            if t.cancelled():
                return
            error = t.exception()
            if error is not None:
                logger.error(
                    "Background turn of sender %s failed: %s", ref, type(error).__name__
                )

        task.add_done_callback(done)

    # -- blueprint ---------------------------------------------------------------------

    @staticmethod
    def _error(error: BadRequest) -> HTTPResponse:
        return response.json(
            {"error": error.code, "message": error.message},
            status=error.status,
            headers=error.headers,
        )

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @bp.listener("after_server_start")
        async def freeze_model_objects(app: Any, loop: Any) -> None:
            # Rasa loads the model in a before_server_start listener, so it is loaded here.
            logger.info("gc.freeze after model load: %d objects", freeze_loaded_objects())

        @bp.listener("after_server_stop")
        async def close_action_connections(app: Any, loop: Any) -> None:
            await close_persistent_action_connections()

        @bp.route("/", methods=["GET"])
        async def root(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            # Healthy means able to answer: Rasa keeps serving when its model failed to load
            # (a corrupt archive), so report the agent's readiness, not just the process.
            agent = getattr(request.app.ctx, "agent", None)
            if agent is not None and not agent.is_ready():
                return response.json({"status": "not ready", "reason": "no model loaded"},
                                     status=503)
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender_id: Optional[Text] = None
            try:
                sender_id, raw, metadata = self._parse(request)

                allowed, retry_after = self.rate_limiter.acquire(sender_id)
                if not allowed:
                    raise BadRequest(
                        429,
                        "rate_limited",
                        RATE_LIMIT_TEXT.format(seconds=retry_after),
                        headers={"Retry-After": str(retry_after)},
                    )
                if len(raw) > self.max_message_chars:
                    raise BadRequest(
                        413,
                        "message_too_long",
                        TOO_LONG_TEXT.format(limit=self.max_message_chars),
                    )
                text = clean_text(raw).strip()
                if not text or all(unicodedata.category(ch) == "Cf" or ch.isspace() for ch in text):
                    return response.json([{"recipient_id": sender_id, "text": EMPTY_PROMPT}])

                text = scrub(text)
                messages = await self.handle_turn(
                    request, on_new_message, sender_id, text, metadata
                )
                return response.json(messages)
            except BadRequest as error:
                return self._error(error)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # never a 5xx, never silence
                logger.error("Unexpected error in SafeRestInput: %s", type(error).__name__)
                return response.json(
                    [{"recipient_id": sender_id or "", "text": FALLBACK_TEXT}]
                )

        return bp
