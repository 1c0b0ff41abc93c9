"""Two measured fixes to Rasa 3.6's action-server calls, applied when the channel is loaded.

1. Bound how long the Rasa server waits for the action server. Rasa waits up to 5 minutes
   (rasa.core.constants.DEFAULT_REQUEST_TIMEOUT) and offers no setting; a hung action server would
   hold the conversation's lock for minutes, so every later message of that user times out too.
   The module-level constant is read at call time by RemoteAction and EndpointConfig, so replacing
   it where they look it up is enough. VERZUIMWIJZER_ACTION_TIMEOUT (seconds, default 10).
2. Validate action-server responses with a validator built once. Rasa calls
   jsonschema.validate() per response, which re-checks the schema itself every time: 14.8 ms per
   call against 0.3 ms with a prepared validator (docs/performance.md), at ~3 calls per turn.
   The schema and the error raised on a bad response are unchanged.
"""
import os
from functools import lru_cache
from typing import Any, Dict, Text

import rasa.core.actions.action as rasa_action
import rasa.utils.endpoints as rasa_endpoints


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
