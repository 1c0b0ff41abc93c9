"""Rasa custom actions: thin adapters between the tracker and the pure-Python engine in bot/."""
