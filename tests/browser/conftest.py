"""Fixtures for the widget browser tests (Playwright sync API + Debian's /usr/bin/chromium).

* ``mock_assistant`` (session): the stdlib mock Rasa (tests/browser/mock_rasa.py) plus the real
  ``scripts/serve_web.py`` pointed at it. Same attributes as the lead's ``assistant`` fixture:
  ``web_url`` (demo page), ``rest_url``, ``rasa_url``; plus ``web_origin`` and ``mock``.
* ``target``: parametrised over the mock (always) and the real ``assistant`` (marked e2e).
* ``chromium_browser`` (session) and ``page`` (per test, 1280×800, nl-NL). ``page.js_errors``
  collects uncaught page errors and console errors (CSP violations show up there).

Tests marked ``browser`` are skipped only when /usr/bin/chromium is missing.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from mock_rasa import MockRasa  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT_DIR = ROOT / "artifacts" / "screenshots"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs the headless chromium browser (/usr/bin/chromium)")
    config.addinivalue_line("markers", "e2e: runs against the real Rasa + action + web servers (assistant fixture)")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install Debian's chromium "
                                   "(scripts/setup.sh --system or apt-get install chromium)")
    for item in items:
        if item.get_closest_marker("browser") and HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                r.read()
                return
        except Exception as exc:  # noqa: BLE001 - keep polling until the deadline
            last = exc
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up: {last}")


@pytest.fixture(scope="session")
def mock_assistant():
    mock = MockRasa().start()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--port", str(port),
         "--host", "127.0.0.1", "--rasa-url", mock.url],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    web_origin = f"http://127.0.0.1:{port}"
    try:
        wait_http(web_origin + "/index.html")
        yield SimpleNamespace(web_url=web_origin + "/index.html", web_origin=web_origin,
                              rest_url=mock.rest_url, rasa_url=mock.url, mock=mock)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        mock.stop()


@pytest.fixture(params=["mock", pytest.param("real", marks=pytest.mark.e2e)])
def target(request):
    """The system under test: the mock (always) or the lead's real ``assistant`` (e2e)."""
    if request.param == "mock":
        return request.getfixturevalue("mock_assistant")
    try:
        return request.getfixturevalue("assistant")
    except pytest.FixtureLookupError:
        pytest.skip("the 'assistant' fixture (tests/conftest.py, lead) is not available yet")


# Module scope, not session: Playwright's sync API keeps an event loop running while it is open,
# and later tests in the same session (asyncio.run in the load and lock-store tests) would fail.
@pytest.fixture(scope="module")
def chromium_browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def new_page(browser, width=1280, height=800, **kwargs):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL",
                                  accept_downloads=True, **kwargs)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: page.js_errors.append(f"console: {msg.text}")
            if msg.type == "error" else None)
    return page


@pytest.fixture
def page(chromium_browser):
    page = new_page(chromium_browser)
    yield page
    page.context.close()


@pytest.fixture
def page_factory(chromium_browser):
    """new_page(width, height, **context options); every page is closed after the test."""
    pages = []

    def make(width=1280, height=800, **kwargs):
        p = new_page(chromium_browser, width, height, **kwargs)
        pages.append(p)
        return p
    yield make
    for p in pages:
        p.context.close()


@pytest.fixture
def mobile_page(chromium_browser):
    page = new_page(chromium_browser, 360, 740, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
