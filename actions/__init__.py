"""Rasa custom actions: thin adapters between the tracker and the pure-Python engine in bot/.

The knowledge is loaded and validated here, when the action server imports this package, so a
broken knowledge file stops the server at start with the file, entry and field named, instead of
failing the first user's question.
"""
from bot.engine import KnowledgeError, load_engine

try:
    # the word index of the direct answers too: building it takes about half a second, which
    # would otherwise fall on the first user's question
    load_engine().direct_index()
except KnowledgeError as error:
    raise SystemExit(f"Verzuimwijzer: de kennisbank is ongeldig en de action server start niet.\n"
                     f"  {error}") from None
