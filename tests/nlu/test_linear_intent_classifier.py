"""LinearIntentClassifier: trained on a small data set with Rasa's own featurizers, persisted,
loaded, and asked."""
import numpy as np
import pytest

pytest.importorskip("rasa")

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (  # noqa: E402
    CountVectorsFeaturizer,
)
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer  # noqa: E402
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from bot.nlu.linear_intent_classifier import (  # noqa: E402
    BlockWeighting,
    LinearIntentClassifier,
    _sentence_blocks,
    fit_temperature,
)

EXAMPLES = {
    "goodbye": ["doei", "tot ziens", "dag hoor", "ik ga ervandoor", "tot later", "doei doei",
                "fijne dag verder", "ik stop ermee voor nu"],
    "ask_deadline": ["hoe lang mag een schorsing duren", "binnen hoeveel dagen moet ik melden",
                     "hoe lang duurt een time-out", "wanneer moet school het melden",
                     "na hoeveel uur verzuim melden", "hoeveel dagen mag een schorsing",
                     "tot wanneer kan ik bezwaar maken", "hoe snel moet leerplicht reageren"],
    "out_of_scope": ["hoe laat gaat de bus", "wat is de hoofdstad van spanje",
                     "hoe lang moet een ei koken", "wie wint het wk", "hoe zet ik mijn printer aan",
                     "wat kost een paspoort", "wanneer wordt het grofvuil opgehaald",
                     "hoe vraag ik een uitkering aan"],
}
LOOKUP = [{"name": "kind", "elements": ["schorsing", "time-out", "verzuim", "leerplicht"]}]


class Pipeline:
    """The featurizing part of our pipeline (tokens, lookup features, words, characters)."""

    def __init__(self, storage, context):
        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        self.regex = RegexFeaturizer.create(
            {**RegexFeaturizer.get_default_config(), "use_lookup_tables": True},
            storage, Resource("regex"), context)
        self.words = CountVectorsFeaturizer.create(
            {**CountVectorsFeaturizer.get_default_config(), "max_ngram": 2},
            storage, Resource("words"), context)
        self.chars = CountVectorsFeaturizer.create(
            {**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb",
             "min_ngram": 2, "max_ngram": 5}, storage, Resource("chars"), context)

    def train(self, data):
        self.tokenizer.process_training_data(data)
        self.regex.train(data)
        self.regex.process_training_data(data)
        for featurizer in (self.words, self.chars):
            featurizer.train(data)
            featurizer.process_training_data(data)

    def process(self, texts):
        messages = [Message(data={"text": t}) for t in texts]
        self.tokenizer.process(messages)
        for component in (self.regex, self.words, self.chars):
            component.process(messages)
        return messages


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("linear"))
    context = ExecutionContext(GraphSchema({}), "test")
    pipeline = Pipeline(storage, context)
    data = TrainingData(
        training_examples=[Message(data={"text": t, "intent": i})
                           for i, texts in EXAMPLES.items() for t in texts],
        lookup_tables=LOOKUP)
    pipeline.train(data)
    resource = Resource("linear")
    config = LinearIntentClassifier.get_default_config()
    LinearIntentClassifier.create(config, storage, resource, context).train(data)
    # what the server gets: a fresh instance read back from the model storage
    return pipeline, LinearIntentClassifier.load(config, storage, resource, context)


def classify(trained, text):
    pipeline, classifier = trained
    [message] = pipeline.process([text])
    classifier.process([message])
    return message


def test_classifies_unseen_phrasings_by_shared_words_and_characters(trained):
    assert classify(trained, "hoe lang mag een schorsing maximaal duren")\
        .get("intent")["name"] == "ask_deadline"
    assert classify(trained, "doei en tot later")\
        .get("intent")["name"] == "goodbye"
    assert classify(trained, "hoe laat gaat de trein")\
        .get("intent")["name"] == "out_of_scope"


def test_ranking_is_sorted_complete_and_sums_to_one(trained):
    message = classify(trained, "binnen hoeveel dagen moet school een schorsing melden")
    ranking = message.get("intent_ranking")
    confidences = [r["confidence"] for r in ranking]
    assert {r["name"] for r in ranking} == set(EXAMPLES)
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)
    assert message.get("intent") == ranking[0]
    assert ranking[0]["name"] == "ask_deadline"


def test_a_message_without_any_lookup_word_counts_as_such(trained):
    """The 'block is empty' column: the lookup block of a message without domain words is empty,
    and that column is set (it is what lets out_of_scope learn 'no domain word at all')."""
    pipeline, classifier = trained
    messages = pipeline.process(["wat is de hoofdstad van spanje", "wat is een schorsing"])
    weighting = classifier.model["weighting"]
    rows = [_sentence_blocks(m, []) for m in messages]
    # the lookup block is the first one (the RegexFeaturizer runs first)
    lookup_block = next(iter(weighting.idf))
    assert rows[0][lookup_block].nnz == 0 and rows[1][lookup_block].nnz > 0
    features = weighting.transform(rows).toarray()
    empty_column = weighting.idf[lookup_block].shape[0]
    assert features[0, empty_column] == 1.0
    assert features[1, empty_column] == 0.0
    # and every block got its own columns: regex, words, characters
    assert len(weighting.idf) == 3


def test_blocks_are_unit_length_whatever_their_width():
    import scipy.sparse as sp

    rows = [{"a": sp.csr_matrix([[3, 0, 1]]), "b": sp.csr_matrix([[1] + [0] * 99])},
            {"a": sp.csr_matrix([[0, 2, 0]]), "b": sp.csr_matrix([[0] * 100])}]
    features = BlockWeighting.fit(rows).transform(rows).toarray()
    block_a, block_b = features[:, :3], features[:, 4:104]
    assert np.linalg.norm(block_a, axis=1) == pytest.approx([1.0, 1.0])
    assert np.linalg.norm(block_b[0]) == pytest.approx(1.0)
    # the second message has no b-features: its 'empty' column is set instead
    assert features[1, 104] == 1.0 and features[0, 104] == 0.0


def test_temperature_makes_confident_scores_confident_and_is_fitted_to_the_labels():
    # decision values that are right 90 % of the time with a clear margin
    rng = np.random.RandomState(0)
    labels = rng.randint(0, 3, size=300)
    scores = rng.normal(0, 0.3, size=(300, 3))
    right = rng.rand(300) < 0.9
    scores[np.arange(300), np.where(right, labels, (labels + 1) % 3)] += 1.0
    temperature = fit_temperature(scores, labels)
    probabilities = np.exp(scores * temperature)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    mean_top = probabilities.max(axis=1).mean()
    # calibrated: the mean confidence is close to the accuracy (0.9), not 0.5 and not 1.0
    assert 0.8 < mean_top < 0.97
    assert fit_temperature(scores, labels) != fit_temperature(scores, rng.randint(0, 3, 300))


def test_untrained_model_leaves_messages_alone(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage,
                                             Resource("missing"), context)
    message = Message(data={"text": "doei"})
    classifier.process([message])
    assert message.get("intent") is None


def test_the_per_message_route_gives_the_svm_s_own_decision_values(trained):
    pipeline, classifier = trained
    texts = ["hoe lang mag een schorsing duren", "doei", "wat is de hoofdstad van spanje",
             "xyz", "schorsing schorsing verzuim"]
    messages = pipeline.process(texts)
    rows = [_sentence_blocks(m, []) for m in messages]
    svm = classifier.model["svm"]
    expected = svm.decision_function(classifier.model["weighting"].transform(rows))
    _, probabilities = classifier.predict(messages)
    temperature = classifier.model["temperature"]
    expected_probabilities = np.exp(expected * temperature)
    expected_probabilities /= expected_probabilities.sum(axis=1, keepdims=True)
    assert probabilities == pytest.approx(expected_probabilities, abs=1e-9)
