"""Rasa custom actions: thin adapters between the tracker and the pure-Python engine in bot/.

The knowledge is loaded and validated here, when the action server imports this package, so a
broken knowledge file stops the server at start with the file, entry and field named, instead of
failing the first user's question.
"""
from bot.engine import KnowledgeError, load_engine

try:
    load_engine()
except KnowledgeError as error:
    raise SystemExit(f"Verzuimwijzer: de kennisbank is ongeldig en de action server start niet.\n"
                     f"  {error}") from None
