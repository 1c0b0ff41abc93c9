"""Rasa store adapters for production deployments."""
