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
