"""Rasa NLU components of Verzuimwijzer (adapters; the knowledge stays in bot.engine)."""
