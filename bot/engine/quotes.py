"""Checks that every `source.quote` really occurs in its seed text.

The seeds are PDF extractions: sentences are broken over lines, bullets over blank lines, and the
newsletter (000) hyphenates words at line ends ("onderteken-\\nden"). A quote matches when it
occurs after collapsing all whitespace, or after additionally joining hyphenated line breaks.
This runs in a test and in ``python -m bot.engine validate --quotes``, not at server start-up
(the seed folder need not exist where the bot runs).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

_WS = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n\s*(\w)")


def normalise(text: str) -> str:
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def dehyphenate(text: str) -> str:
    return normalise(_HYPHEN_BREAK.sub(r"\1\2", text))


def same_passage(a: str, b: str) -> bool:
    """Whether two quotes are the same passage: one contains the other, whitespace aside."""
    a, b = normalise(a or ""), normalise(b or "")
    return bool(a and b) and (a in b or b in a)


def default_seeds_dir() -> Path:
    """env VERZUIMWIJZER_SEEDS, else <repo>/../shared/seeds."""
    env = os.environ.get("VERZUIMWIJZER_SEEDS")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    return repo.parent / "shared" / "seeds"


@lru_cache(maxsize=16)
def _variants(path: str) -> Tuple[str, str]:
    raw = Path(path).read_text(encoding="utf-8")
    return normalise(raw), dehyphenate(raw)


def quote_in_file(quote: str, path: Path) -> bool:
    q = normalise(quote)
    return any(q in v for v in _variants(str(path)))


def check_quotes(knowledge, seeds_dir: Path = None) -> List[str]:
    """Return one message per quote not found (empty list = all quotes verified)."""
    seeds_dir = Path(seeds_dir or default_seeds_dir())
    problems: List[str] = []
    for ref in knowledge.source_refs:
        src = ref.source
        if not isinstance(src, dict):
            continue  # "general"
        path = seeds_dir / knowledge.sources[src["doc"]]["file"]
        if not path.exists():
            problems.append(f"{ref.file}: {ref.entry}: {ref.field}: seed file {path} not found")
        elif not quote_in_file(src["quote"], path):
            problems.append(f"{ref.file}: {ref.entry}: {ref.field}.quote: not found in "
                            f"{path.name}: {src['quote']!r}")
    return problems
