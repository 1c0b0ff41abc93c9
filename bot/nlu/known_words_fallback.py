"""Rasa's FallbackClassifier, plus: a message without a single known word is not understood.

A classifier can be confident about messages it has no evidence for. Measured on the DIET
intent model we used before (2026-11-24): "xkcd qwrtz blub!!" was `goodbye` at 1.00, "..." and an emoji `affirm` at 0.78-0.85,
"lorem ipsum dolor" `out_of_scope` at 1.00. A confidence threshold cannot catch that, and in the
triage an `affirm` answers the question that was asked. So, next to the confidence and ambiguity
thresholds of the FallbackClassifier, this component predicts `nlu_fallback` when no word of the
message occurs in the training data (examples, synonyms, lookup tables). Numbers, also written
as words, count as known: "14" or "veertien" is a complete answer to "hoe oud is uw kind?".

Like the FallbackClassifier it puts `nlu_fallback` on top of the intent ranking and keeps the
ranking below it, so `rasa test nlu` still scores the classifier underneath.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Set, Text, Type

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier, _fallback_intent
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.engine.facts import parse_number

VOCABULARY_FILE = "vocabulary.json"
# A token made only of these is punctuation or an emoji: it tells nothing either way.
WORD = re.compile(r"\w", re.UNICODE)
NUMBER = re.compile(r"\d")


def _words(text: Text) -> Iterable[Text]:
    return (w for w in re.findall(r"\w[\w'-]*", text.lower()) if w)


# A restart wipes the conversation, so it must be a command to start over, not a question that
# says "opnieuw": "en bij 12 keer opnieuw melden?" was read as restart (0.85) and wiped a chat in
# the final check of stop 19. A message with a count ("12 keer", "3 weken"), an entity (a reason,
# a kind) or a word of reporting or applying is never a restart; the next intent of the ranking
# is taken instead. (The restart examples have none of these: "begin weer bij vraag 1" has no count.)
RESTART = "restart"
NOT_A_RESTART = re.compile(r"\d+\s*(?:keer|x|uur|uren|lesuren|dagen|dag|weken|week|maanden|maand|jaar)\b"
                           r"|\b(?:meld\w*|gemeld|aanvra\w*|aangevraagd|geschorst|verlof|te laat)\b", re.I)


def _no_restart_with_content(message: Message) -> None:
    intent = message.get(INTENT) or {}
    if intent.get("name") != RESTART:
        return
    text = message.get(TEXT) or ""
    topics = [e for e in message.get("entities") or [] if e.get("entity") in ("reason", "kind", "route")]
    if not (NOT_A_RESTART.search(text) or topics):
        return
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != RESTART]
    if ranking:
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class KnownWordsFallbackClassifier(FallbackClassifier):
    """FallbackClassifier that also falls back when the message has no known word."""

    @classmethod
    def required_components(cls) -> List[Type]:
        # The FallbackClassifier asks for an IntentClassifier before it. Rasa checks that on
        # every node, and the training node of a trainable component sees only the training
        # data, so the check would fail; in the pipeline this still runs after the intent classifier.
        return []

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Set[Text]] = None) -> None:
        super().__init__(config)
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary: Set[Text] = vocabulary or set()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "KnownWordsFallbackClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "KnownWordsFallbackClassifier":
        with model_storage.read_from(resource) as directory:
            vocabulary = set(json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8")))
        return cls(config, model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary: Set[Text] = set()
        for example in training_data.training_examples:
            vocabulary.update(self._tokens(example))
            vocabulary.update(_words(example.get(TEXT) or ""))
        for synonym, value in training_data.entity_synonyms.items():
            vocabulary.update(_words(synonym))
            vocabulary.update(_words(value))
        for table in training_data.lookup_tables:
            for element in table.get("elements") or []:
                vocabulary.update(_words(str(element)))
        self.vocabulary = vocabulary
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(
                json.dumps(sorted(vocabulary), ensure_ascii=False), encoding="utf-8")
        return self._resource

    @staticmethod
    def _tokens(message: Message) -> Set[Text]:
        """The message's tokens as the tokenizer gave them: text and lemma, lower case."""
        found: Set[Text] = set()
        for token in message.get(TEXT_TOKENS) or []:
            found.add(token.text.lower())
            lemma = token.get("lemma")
            if lemma:
                found.add(str(lemma).lower())
        return found

    def has_known_word(self, message: Message) -> bool:
        text = message.get(TEXT) or ""
        candidates = self._tokens(message) | set(_words(text))
        # "vmbo-k", "ib'er": the parts count too ("vmbo" is known)
        candidates |= {part for c in candidates for part in re.split(r"[-']", c) if part}
        words = {c for c in candidates if WORD.search(c)}
        return any(NUMBER.search(w) or w in self.vocabulary or parse_number(w) is not None
                   for w in words)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            _no_restart_with_content(message)
            if self.vocabulary and not self.has_known_word(message):
                # Certain, and not a matter of degree: the thresholds need not look at it.
                message.data[INTENT] = _fallback_intent(1.0)
                message.data.setdefault(INTENT_RANKING_KEY, [])
                message.data[INTENT_RANKING_KEY].insert(0, _fallback_intent(1.0))
            else:
                super().process([message])
        return messages
