"""Verzuimwijzer engine: knowledge loading and validation, classification, step plans,
escalation routes and text rendering. Pure Python: no Rasa import.

    from bot.engine import load_engine, Situation, KnowledgeError
    engine = load_engine()
    engine.advise(Situation(role="ouder", reason="geschorst", suspension_days=3))
"""
from .engine import Engine, Entry, load_engine
from .errors import KnowledgeError
from .model import (Button, Choice, Classification, EscalationAdvice, Reply, RouteAdvice, Situation, Step,
                    StepPlan, Unknown)
from . import render

__all__ = ["Engine", "Entry", "load_engine", "KnowledgeError", "Button", "Choice", "Classification",
           "EscalationAdvice", "Reply", "RouteAdvice", "Situation", "Step", "StepPlan", "Unknown", "render"]
