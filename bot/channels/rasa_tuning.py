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
"""
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
