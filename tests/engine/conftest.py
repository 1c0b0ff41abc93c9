"""Fixtures for the engine tests (pure Python, fast: no Rasa)."""
import shutil
from pathlib import Path

import pytest

from bot.engine import load_engine
from bot.engine.loader import DEFAULT_DIR
from bot.engine.quotes import default_seeds_dir, quote_in_file


@pytest.fixture(scope="session")
def engine():
    return load_engine()


@pytest.fixture(scope="session")
def k(engine):
    return engine.knowledge


@pytest.fixture(scope="session")
def seeds():
    d = default_seeds_dir()
    if not d.is_dir():
        pytest.skip(f"seed texts not found in {d} (set VERZUIMWIJZER_SEEDS)")
    return d


@pytest.fixture
def in_seed(k, seeds):
    """in_seed(source) -> True if source['quote'] occurs in its seed file."""
    def check(source):
        return quote_in_file(source["quote"], seeds / k.sources[source["doc"]]["file"])
    return check


@pytest.fixture
def kdir(tmp_path):
    """A writable copy of the knowledge directory."""
    dst = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, dst)
    return dst
