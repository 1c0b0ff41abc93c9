"""Shared fixtures. `assistant` starts the real assistant once per test session."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.runtime import MODEL_PATH, make_assistant  # noqa: E402


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """Action server + Rasa server (SafeRestInput, SQLite tracker store) + widget server."""
    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run `make train` (make test does this first)")
    var_dir = tmp_path_factory.mktemp("assistant")
    log_dir = ROOT / "artifacts" / "logs"
    running = make_assistant(var_dir, log_dir, extra_env={
        # Generous limits so the functional tests are not rate limited; the limit itself is
        # tested with its own server in tests/e2e/test_bad_input.py.
        "VERZUIMWIJZER_RATE_PER_MINUTE": os.environ.get("VERZUIMWIJZER_RATE_PER_MINUTE", "600"),
    })
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()
