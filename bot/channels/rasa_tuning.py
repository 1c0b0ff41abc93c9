"""Measured fixes to Rasa 3.6, applied when the channel is loaded (before the model is).

Action-server calls:

1. Bound how long the Rasa server waits for the action server. Rasa waits up to 5 minutes
   (rasa.core.constants.DEFAULT_REQUEST_TIMEOUT) and offers no setting; a hung action server would
   hold the conversation's lock for minutes, so every later message of that user times out too.
   The module-level constant is read at call time by RemoteAction and EndpointConfig, so replacing
   it where they look it up is enough. VERZUIMWIJZER_ACTION_TIMEOUT (seconds, default 10).
2. Validate action-server responses with a validator built once. Rasa calls
   jsonschema.validate() per response, which re-checks the schema itself every time: 14.8 ms per
   call against 0.3 ms with a prepared validator (docs/performance.md), at ~3 calls per turn.
   The schema and the error raised on a bad response are unchanged.

Memory of the Rasa server (peak RSS, VmHWM, measured with scripts/measure_memory.py; see
docs/performance.md): 1295 -> 806 MiB for both together, same predictions.
VERZUIMWIJZER_LEAN_MODEL_LOAD=0 turns both off.
3. Load the spaCy pipeline once. The model graph has two SpacyNLP nodes (provide_SpacyNLP0 and
   run_SpacyNLP0); each builds its component with SpacyNLP.create, which calls spacy.load, so the
   pipeline and its Dutch lemma table were loaded twice. The second copy is never used (the run
   node processes messages with the provided model). Caching load_model per name: -67 MiB.
4. Build the TensorFlow model eagerly when loading it. To create variables of the right shapes,
   RasaModel.load compiles the model and fits it on one example before loading the trained
   weights; in graph mode that traces the whole training step (gradients, optimizer) into a
   tf.function the server keeps for its lifetime and never calls again: +530 MiB for our DIET.
   Fitting that one example eagerly builds the same variables, then load_weights overwrites them
   as before, and prediction still runs as a traced tf.function (unchanged speed): -412 MiB,
   and the model loads in 7 s instead of 21 s.

Time per turn that grows with the length of a conversation (scripts/bench.py, long conversation):
5. Resolve event classes by name once. Rasa rebuilds every stored event when it loads a tracker,
   and for each one Event.resolve_by_type walks all subclasses of Event (rasa.shared.utils.common.
   all_subclasses, with inspect.isabstract on each): two thirds of loading a 450-event tracker
   (17-20 ms). The name -> class mapping does not change once Rasa is imported, so remember it;
   unknown names still go to Rasa's own lookup (and its error or default).
6. Freeze the objects that exist once the model is loaded (gc.freeze). TensorFlow and the model
   leave millions of long-lived objects; every full collection of the cyclic garbage collector
   walks all of them, which showed as single turns of 300 ms in the middle of a conversation.
   Frozen objects are never collected (they live as long as the server anyway); new objects are
   collected as before. Applied by SafeRestInput after the server has started.

Action-server calls again:
7. Keep the connection to the action server open. Rasa opens a new aiohttp ClientSession for
   every request (rasa.utils.endpoints.EndpointConfig.request): a name lookup in a worker
   thread, a new TCP connection, then the call, ~3 calls per turn. Each step is another wait in
   the event loop's queue, and at 50 concurrent conversations that queue is long. One session
   per endpoint and event loop keeps connections alive (closed by the client after 2 s idle,
   before the action server's 5 s keep-alive ends, so a request never meets a closing socket).
   Headers, auth, timeout and every request argument are Rasa's own.
"""
import gc
import logging
import os
from functools import lru_cache
from typing import Any, Dict, Text

import rasa.core.actions.action as rasa_action
import rasa.utils.endpoints as rasa_endpoints

LEAN_MODEL_LOAD_ENV = "VERZUIMWIJZER_LEAN_MODEL_LOAD"


def apply_action_timeout() -> float:
    seconds = float(os.environ.get("VERZUIMWIJZER_ACTION_TIMEOUT", "10"))
    rasa_action.DEFAULT_REQUEST_TIMEOUT = seconds
    rasa_endpoints.DEFAULT_REQUEST_TIMEOUT = seconds
    return seconds


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = rasa_action.RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, instead of on every response
    return cls(schema)


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError

    try:
        _response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure "
                          "your response from the Action endpoint is valid.")
        raise error


def apply_fast_response_validation() -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result


def lean_model_load_enabled() -> bool:
    return os.environ.get(LEAN_MODEL_LOAD_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def _load_spacy_model_once(spacy_model_name: Text) -> Any:
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    cache: Dict[Text, Any] = _load_spacy_model_once.cache  # type: ignore[attr-defined]
    if spacy_model_name not in cache:
        cache[spacy_model_name] = SpacyNLP._verzuimwijzer_original_load_model(spacy_model_name)
    return cache[spacy_model_name]


_load_spacy_model_once.cache = {}  # type: ignore[attr-defined]


def _load_with_eager_build(cls: Any, model_file_name: Text, model_data_example: Any,
                           predict_data_example: Any = None, finetune_mode: bool = False,
                           *args: Any, **kwargs: Any) -> Any:
    """rasa.utils.tensorflow.models.RasaModel.load of Rasa 3.6, except that the one-example fit
    that builds the variables runs eagerly (see 4. above). Fine-tuning keeps Rasa's own load."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.tensorflow.models import RasaModel

    if finetune_mode:
        return RasaModel._verzuimwijzer_original_load.__func__(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
            *args, **kwargs)
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                  run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    # Back to the configured mode: prediction is traced into a tf.function as in Rasa.
    model._run_eagerly = config.get(RUN_EAGERLY)
    model.train_function = None
    if predict_data_example:
        model.run_inference(predict_data_example)
    return model


def apply_lean_model_load() -> bool:
    """Fixes 3 and 4; idempotent. Returns whether they are active."""
    import rasa

    if not lean_model_load_enabled():
        return False
    if not rasa.__version__.startswith("3.6."):  # _load_with_eager_build mirrors Rasa 3.6
        logging.getLogger(__name__).warning(
            "lean model load not applied: written for Rasa 3.6, found %s", rasa.__version__)
        return False
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.utils.tensorflow.models import RasaModel

    if not hasattr(SpacyNLP, "_verzuimwijzer_original_load_model"):
        SpacyNLP._verzuimwijzer_original_load_model = SpacyNLP.load_model
        SpacyNLP.load_model = staticmethod(_load_spacy_model_once)
    if not hasattr(RasaModel, "_verzuimwijzer_original_load"):
        RasaModel._verzuimwijzer_original_load = RasaModel.load
        RasaModel.load = classmethod(_load_with_eager_build)
    return True


def _resolve_event_type_cached(type_name: Text, default: Any = None) -> Any:
    from rasa.shared.core.events import Event

    known: Dict[Text, Any] = _resolve_event_type_cached.known  # type: ignore[attr-defined]
    cls = known.get(type_name)
    if cls is None:
        cls = Event._verzuimwijzer_original_resolve_by_type(type_name, default)
        # A default or None is the caller's fallback for an unknown name, not the name's class.
        if cls is not None and getattr(cls, "type_name", None) == type_name:
            known[type_name] = cls
    return cls


_resolve_event_type_cached.known = {}  # type: ignore[attr-defined]


def apply_event_type_cache() -> None:
    """Fix 5; idempotent."""
    from rasa.shared.core.events import Event

    if not hasattr(Event, "_verzuimwijzer_original_resolve_by_type"):
        Event._verzuimwijzer_original_resolve_by_type = Event.resolve_by_type
        Event.resolve_by_type = staticmethod(_resolve_event_type_cached)


def freeze_loaded_objects() -> int:
    """Fix 6: call once the model is loaded. Returns how many objects were frozen."""
    gc.collect()  # what is garbage now should be freed, not kept frozen
    gc.freeze()
    return gc.get_freeze_count()


KEEPALIVE_IDLE_SECONDS = 2.0  # < Sanic's default keep_alive_timeout (5 s) on the action server
_OPEN_SESSIONS: list = []


class _SharedSession:
    """What EndpointConfig.session() returns instead of a new ClientSession: `async with`
    gives the endpoint's long-lived session and leaves it open."""

    def __init__(self, config: Any) -> None:
        self.config = config

    async def __aenter__(self) -> Any:
        import asyncio

        import aiohttp

        loop = asyncio.get_running_loop()
        sessions: Dict[Any, Any] = self.config.__dict__.setdefault("_verzuimwijzer_sessions", {})
        session = sessions.get(loop)
        if session is None or session.closed:
            original = self.config._verzuimwijzer_original_session()  # Rasa's settings
            connector = aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_IDLE_SECONDS)
            session = aiohttp.ClientSession(headers=original.headers, auth=original.auth,
                                            timeout=original.timeout, connector=connector)
            await original.close()
            sessions[loop] = session
            _OPEN_SESSIONS.append(session)
        return session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def apply_persistent_action_connections() -> None:
    """Fix 7; idempotent."""
    from rasa.utils.endpoints import EndpointConfig

    if not hasattr(EndpointConfig, "_verzuimwijzer_original_session"):
        EndpointConfig._verzuimwijzer_original_session = EndpointConfig.session
        EndpointConfig.session = lambda self: _SharedSession(self)


async def close_persistent_action_connections() -> int:
    """Close the sessions of fix 7 (at server stop). Returns how many were open."""
    open_sessions = [session for session in _OPEN_SESSIONS if not session.closed]
    for session in open_sessions:
        await session.close()
    _OPEN_SESSIONS.clear()
    return len(open_sessions)
