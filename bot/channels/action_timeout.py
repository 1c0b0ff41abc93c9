"""Bound how long the Rasa server waits for the action server.

Rasa 3.6 waits up to 5 minutes for a custom action (rasa.core.constants.DEFAULT_REQUEST_TIMEOUT)
and offers no setting for it. A hung action server would then hold the conversation's lock for
minutes, so every later message of that user times out too. The module-level constant is read at
call time by RemoteAction and EndpointConfig, so replacing it where they look it up is enough.
Configured by VERZUIMWIJZER_ACTION_TIMEOUT (seconds, default 10).
"""
import os

import rasa.core.actions.action as rasa_action
import rasa.utils.endpoints as rasa_endpoints


def apply_action_timeout() -> float:
    seconds = float(os.environ.get("VERZUIMWIJZER_ACTION_TIMEOUT", "10"))
    rasa_action.DEFAULT_REQUEST_TIMEOUT = seconds
    rasa_endpoints.DEFAULT_REQUEST_TIMEOUT = seconds
    return seconds
