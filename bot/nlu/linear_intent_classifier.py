"""Intent classifier: a linear SVM on the pipeline's sparse features, with calibrated confidences.

Why not DIET for intents: our messages are short, the data is ~4,600 varied examples and there
are no pretrained Dutch embeddings to lean on (no model hubs). On that data a linear model over
TF-IDF-weighted bags of lemmas and character n-grams generalises better than DIET's transformer,
which memorises word combinations and is confidently wrong on new phrasings. The measurements
are in docs/performance.md ("NLU: a linear intent classifier and more training data").
Entities are tagged by a CRF (config.yml), which since 2026-11-24 also replaced DIET there.

Features: the sentence-level sparse features of the featurizers named in its config (all when
none are named), grouped by the featurizer that made them. Each group is weighted like TF-IDF
(log of the count times the inverse document frequency learnt in training) and scaled to unit
length, so the word, character and lookup features count equally whatever their number of
columns. Each group also gets one "nothing matched" column: a message that hits no lookup table
of the knowledge is evidence for out_of_scope that a linear model cannot otherwise express.

Confidences: the SVM's decision values go through a softmax with one temperature, fitted on
cross-validated decision values of the training data (temperature scaling). The ranking stays the
SVM's; the confidences become comparable with the fallback thresholds in config.yml.
"""
from __future__ import annotations

import logging
import pickle
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MODEL_FILE = "linear_intent_classifier.pkl"


def _sentence_blocks(message: Message, featurizers: List[Text]) -> Dict[Text, sp.csr_matrix]:
    """The message's sparse sentence features, one 1-row matrix per featurizer.

    Only the featurizers named (their `alias` in config.yml), or all when none are named. Keyed
    by position and origin: the pipeline order is fixed, and the origin (the featurizer's alias
    or node name) is not always set.
    """
    blocks: Dict[Text, sp.csr_matrix] = {}
    sentence_features = (f for f in message.features
                         if f.attribute == TEXT and f.is_sparse() and f.type == FEATURE_TYPE_SENTENCE
                         and (not featurizers or f.origin in featurizers))
    for position, feature in enumerate(sentence_features):
        blocks[f"{position}:{feature.origin}"] = sp.csr_matrix(feature.features)
    return blocks


class BlockWeighting:
    """TF-IDF weighting and unit length per feature block, plus a 'block is empty' column."""

    def __init__(self, idf: Dict[Text, np.ndarray]) -> None:
        self.idf = idf

    @classmethod
    def fit(cls, rows: List[Dict[Text, sp.csr_matrix]]) -> "BlockWeighting":
        idf: Dict[Text, np.ndarray] = {}
        for origin in sorted({o for row in rows for o in row}):
            matrix = sp.vstack([row[origin] for row in rows if origin in row]).tocsc()
            document_frequency = np.diff(matrix.indptr)
            # smooth idf as in scikit-learn's TfidfTransformer
            idf[origin] = np.log((1 + matrix.shape[0]) / (1 + document_frequency)) + 1.0
        return cls(idf)

    def transform(self, rows: List[Dict[Text, sp.csr_matrix]]) -> sp.csr_matrix:
        parts = []
        for origin, idf in self.idf.items():
            width = idf.shape[0]
            block = sp.vstack([row.get(origin, sp.csr_matrix((1, width)))[:, :width]
                               for row in rows]).tocsr().astype(np.float64)
            block.data = np.log1p(np.abs(block.data))
            block = block.multiply(idf).tocsr()
            norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1))).ravel()
            empty = (norms == 0).astype(np.float64)
            norms[norms == 0] = 1.0
            block = sp.diags(1.0 / norms) @ block
            parts.extend([block, sp.csr_matrix(empty[:, None])])
        return sp.hstack(parts).tocsr()

    def weighted_row(self, row: Dict[Text, sp.csr_matrix]) -> Tuple[np.ndarray, np.ndarray]:
        """One message as (column indices, values) of transform()'s layout, without building
        sparse matrices: the server classifies one message at a time, and the matrix route
        cost ~1.9 ms per message against ~0.3 ms for this one."""
        columns, values, offset = [], [], 0
        for origin, idf in self.idf.items():
            width = idf.shape[0]
            block = row.get(origin)
            weights = np.empty(0)
            if block is not None and block.nnz:
                block = block.tocsr()
                block.sum_duplicates()
                keep = block.indices < width
                indices = block.indices[keep]
                weights = np.log1p(np.abs(block.data[keep].astype(np.float64))) * idf[indices]
            norm = float(np.sqrt(np.dot(weights, weights)))
            if norm > 0:
                columns.append(offset + indices)
                values.append(weights / norm)
            else:
                columns.append(np.array([offset + width]))
                values.append(np.ones(1))
            offset += width + 1
        return np.concatenate(columns), np.concatenate(values)


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The softmax temperature that minimises the log loss of held-out decision values."""
    best, best_loss = 1.0, np.inf
    for temperature in np.geomspace(0.5, 50.0, 60):
        probabilities = _softmax(scores * temperature)
        loss = -np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-12))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Linear SVM over TF-IDF-weighted sparse features; softmax confidences."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # Regularisation of the SVM (config.yml sets the value we measured best).
            "C": 1.0,
            # Aliases of the featurizers to use (like DIET's `featurizers`); empty: all of them.
            "featurizers": [],
            # Folds for fitting the softmax temperature.
            "calibration_folds": 5,
            "ranking_length": 10,
            "random_seed": 42,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Dict[Text, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                # Our own file, written by train() into the model archive we trained.
                model = pickle.loads((directory / MODEL_FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            logger.debug("No trained LinearIntentClassifier in the model; it will not classify.")
            model = None
        return cls(config, model_storage, resource, model)

    def _svm(self):
        from sklearn.svm import LinearSVC

        return LinearSVC(C=self.config["C"], random_state=self.config["random_seed"])

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        labels = [e.get(INTENT) for e in examples]
        if len(set(labels)) < 2:
            logger.debug("LinearIntentClassifier needs at least two intents; not trained.")
            return self._resource
        rows = [_sentence_blocks(e, self.config["featurizers"]) for e in examples]
        weighting = BlockWeighting.fit(rows)
        features = weighting.transform(rows)
        classes, y = np.unique(labels, return_inverse=True)
        temperature = self._calibrate(features, y)
        svm = self._svm().fit(features, y)
        self.model = {"weighting": weighting, "svm": svm, "classes": list(classes),
                      "temperature": temperature}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_bytes(pickle.dumps(self.model))
        return self._resource

    def _calibrate(self, features: sp.csr_matrix, y: np.ndarray) -> float:
        from sklearn.model_selection import StratifiedKFold

        folds = min(self.config["calibration_folds"], int(np.bincount(y).min()))
        if folds < 2:
            return 1.0
        scores = np.zeros((len(y), int(y.max()) + 1))
        splitter = StratifiedKFold(folds, shuffle=True, random_state=self.config["random_seed"])
        for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
            svm = self._svm().fit(features[train_idx], y[train_idx])
            scores[np.ix_(test_idx, svm.classes_)] = self._decision(svm, features[test_idx])
        return fit_temperature(scores, y)

    @staticmethod
    def _decision(svm, features: sp.csr_matrix) -> np.ndarray:
        scores = svm.decision_function(features)
        if scores.ndim == 1:  # two classes: one column for the second class
            scores = np.stack([-scores, scores], axis=1)
        return scores

    def predict(self, messages: List[Message]) -> Tuple[List[Text], np.ndarray]:
        """The class names and the confidence matrix (messages x classes)."""
        svm, weighting = self.model["svm"], self.model["weighting"]
        scores = []
        for message in messages:
            columns, values = weighting.weighted_row(
                _sentence_blocks(message, self.config["featurizers"]))
            # what svm.decision_function computes, for one sparse row
            scores.append(svm.coef_[:, columns] @ values + svm.intercept_)
        decision = np.array(scores)
        if decision.shape[1] == 1:  # two classes: one column for the second class
            decision = np.concatenate([-decision, decision], axis=1)
        return self.model["classes"], _softmax(decision * self.model["temperature"])

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.model or not messages:
            return messages
        classes, probabilities = self.predict(messages)
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row)
            ranking = [{"name": classes[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: self.config["ranking_length"]],
                        add_to_output=True)
        return messages
