"""KnownWordsFallbackClassifier: trained on a tiny data set, persisted, loaded, and asked."""
import pytest

pytest.importorskip("rasa")

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from bot.nlu.known_words_fallback import KnownWordsFallbackClassifier  # noqa: E402

CONFIG = {**KnownWordsFallbackClassifier.get_default_config(), "threshold": 0.55,
          "ambiguity_threshold": 0.08}


@pytest.fixture
def tokenizer():
    return WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())


@pytest.fixture
def trained(tmp_path, tokenizer):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("known_words")
    context = ExecutionContext(GraphSchema({}), "test")
    data = TrainingData(
        training_examples=[Message(data={"text": "mijn zoon is geschorst", "intent": "describe_situation"}),
                           Message(data={"text": "doei", "intent": "goodbye"})],
        entity_synonyms={"eruit gestuurd": "geschorst"},
        lookup_tables=[{"name": "region", "elements": ["den helder"]}])
    tokenizer.process_training_data(data)
    component = KnownWordsFallbackClassifier.create(CONFIG, storage, resource, context)
    component.train(data)
    # what the server gets: a fresh instance read back from the model storage
    return KnownWordsFallbackClassifier.load(CONFIG, storage, resource, context)


def classified(component, tokenizer, text, intent="goodbye", confidence=0.99):
    message = Message(data={"text": text})
    tokenizer.process([message])
    message.data["intent"] = {"name": intent, "confidence": confidence}
    message.data["intent_ranking"] = [{"name": intent, "confidence": confidence},
                                      {"name": "affirm", "confidence": 0.01}]
    component.process([message])
    return message


def test_no_known_word_is_not_understood_even_when_the_classifier_is_sure(trained, tokenizer):
    for text in ("xkcd qwrtz blub!!", "...", "\U0001F44D", "lorem ipsum", "nan"):
        message = classified(trained, tokenizer, text)
        assert message.get("intent")["name"] == "nlu_fallback", text
        # the classifier's own ranking stays underneath (rasa test nlu scores that)
        assert [r["name"] for r in message.get("intent_ranking")][:2] == ["nlu_fallback", "goodbye"]


def test_known_words_synonyms_lookups_and_numbers_pass_through(trained, tokenizer):
    for text in ("DOEI", "hij is eruit gestuurd", "wij wonen in den helder", "14", "veertien",
                 "blub geschorst", "geschorst-achtig"):
        assert classified(trained, tokenizer, text).get("intent")["name"] == "goodbye", text


def test_the_thresholds_of_the_fallback_classifier_still_apply(trained, tokenizer):
    message = classified(trained, tokenizer, "doei", confidence=0.3)
    assert message.get("intent")["name"] == "nlu_fallback"


def test_a_message_with_a_count_or_a_topic_is_never_a_restart(trained, tokenizer):
    # Final check of stop 19: "en bij 12 keer opnieuw melden?" was read as restart (0.85) and the
    # conversation was wiped. A restart must be a command to start over.
    for text in ("en bij 12 keer opnieuw melden?", "en bij 3 keer opnieuw?", "opnieuw verlof aanvragen"):
        message = classified(trained, tokenizer, text, intent="restart", confidence=0.85)
        # the next intent of the ranking (here 0.01 "affirm": below the threshold, so not understood)
        assert message.get("intent")["name"] == "nlu_fallback", text
        assert "restart" not in [r["name"] for r in message.get("intent_ranking")]
    for text in ("doei opnieuw", "nog een keer opnieuw aub"):
        assert classified(trained, tokenizer, text, intent="restart").get("intent")["name"] == "restart", text
