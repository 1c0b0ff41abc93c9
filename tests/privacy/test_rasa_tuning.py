"""The Rasa tuning keeps the action-response contract: valid passes, invalid raises as before."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.channels.rasa_tuning import _validate_action_result, apply_action_timeout


def test_valid_and_invalid_responses_are_judged_like_rasa_does():
    valid = {"events": [{"event": "slot", "name": "role", "value": "ouder"}],
             "responses": [{"text": "Hallo"}]}
    assert _validate_action_result(None, valid) is True
    with pytest.raises(ValidationError):
        _validate_action_result(None, {"events": "not a list"})


def test_action_timeout_from_environment(monkeypatch):
    import rasa.core.actions.action as rasa_action
    monkeypatch.setenv("VERZUIMWIJZER_ACTION_TIMEOUT", "7")
    original = rasa_action.DEFAULT_REQUEST_TIMEOUT
    try:
        assert apply_action_timeout() == 7
        assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 7
    finally:
        rasa_action.DEFAULT_REQUEST_TIMEOUT = original


def test_event_type_cache_resolves_every_event_like_rasa():
    """The cached lookup gives the class Rasa's own walk gives, for every event type; unknown
    names keep Rasa's behaviour (default, None for 'topic', ValueError)."""
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event, SlotSet

    from bot.channels.rasa_tuning import apply_event_type_cache

    apply_event_type_cache()
    apply_event_type_cache()  # idempotent: the original stays reachable
    original = Event._verzuimwijzer_original_resolve_by_type
    names = {cls.type_name for cls in rasa.shared.utils.common.all_subclasses(Event)}
    assert {"user", "bot", "slot", "action", "active_loop", "restart"} <= names
    for name in names:
        assert Event.resolve_by_type(name) is original(name), name
        assert Event.resolve_by_type(name) is original(name), name  # second call: from the cache
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    # a stored event still becomes the right object
    event = Event.from_parameters({"event": "slot", "name": "role", "value": "ouder"})
    assert isinstance(event, SlotSet) and event.value == "ouder"


def test_freeze_moves_existing_objects_out_of_collection():
    import gc

    from bot.channels.rasa_tuning import freeze_loaded_objects

    try:
        assert freeze_loaded_objects() > 0 and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


async def test_action_server_connection_is_kept_open_between_requests():
    """Two calls through Rasa's EndpointConfig.request use one TCP connection (fix 7), with
    Rasa's headers and token; an error status still raises as in Rasa."""
    from aiohttp import web
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig

    from bot.channels.rasa_tuning import (apply_persistent_action_connections,
                                          close_persistent_action_connections)

    peers, tokens = [], []

    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername"))
        tokens.append((request.query.get("token"), request.headers.get("X-Test")))
        if request.query.get("fail"):
            return web.json_response({"error": "x"}, status=500)
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    apply_persistent_action_connections()
    apply_persistent_action_connections()
    try:
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", token="t0k",
                                  headers={"X-Test": "1"})
        assert await endpoint.request(json={"next_action": "a"}) == {"events": [], "responses": []}
        assert await endpoint.request(json={"next_action": "b"}) == {"events": [], "responses": []}
        with pytest.raises(ClientResponseError):
            await endpoint.request(json={}, params={"fail": "1"})
        assert len(peers) == 3 and peers[0] == peers[1], peers
        assert tokens[0] == ("t0k", "1")
        assert await close_persistent_action_connections() == 1
        # a closed session is replaced on the next request
        assert await endpoint.request(json={"next_action": "c"}) == {"events": [], "responses": []}
        assert await close_persistent_action_connections() == 1
    finally:
        await runner.cleanup()
