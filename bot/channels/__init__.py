"""Rasa input channels of Verzuimwijzer (see bot/channels/safe_rest.py)."""
