"""The one error type of the knowledge layer.

A broken knowledge file must stop the assistant at start-up with a message that names the file,
the entry and the field, so whoever edits the YAML can fix it without reading Python.
"""
from __future__ import annotations

from typing import Optional


class KnowledgeError(Exception):
    """``kinds.yml: schorsing: thresholds[0].unit: 'dagz' is not one of dagen, werkdagen, …``"""

    def __init__(self, file: str, entry: Optional[str], field: Optional[str], message: str):
        self.file, self.entry, self.field, self.message = file, entry, field, message
        parts = [file] + [p for p in (entry, field) if p]
        super().__init__(": ".join(parts) + ": " + message)
