"""Browser tests for the Verzuimwijzer widget (bot/web/widget.js) in real headless chromium.

Every test runs against the mock Rasa (tests/browser/mock_rasa.py). Tests that take the
``target`` fixture also run against the real assistant (``assistant`` fixture, marked e2e).
"""
from __future__ import annotations

import json
import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE_JS = (Path(__import__("axe_core_python").__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BOT_REPLY = ".vw-msg--bot:not(.vw-msg--greeting):not(.vw-typing):not(.vw-error)"
XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> hallo?'


# ---------------------------------------------------------------------------------- helpers
def open_widget(page, url):
    page.goto(url)
    page.locator(".vw-launcher").click()
    page.locator("#vw-input").wait_for(state="visible")
    return page


def reply_count(page) -> int:
    return page.locator(BOT_REPLY).count()


def say(page, text, timeout=20_000):
    """Type a message, press Enter and wait until the bot has answered (or an error shows)."""
    before = reply_count(page)
    page.locator("#vw-input").fill(text)
    page.locator("#vw-input").press("Enter")
    wait_for_reply(page, before, timeout)


def wait_for_reply(page, before, timeout=20_000):
    page.wait_for_function(
        """([sel, before]) => !document.querySelector('.vw-typing') &&
             (document.querySelectorAll(sel).length > before || document.querySelector('.vw-error'))""",
        arg=[BOT_REPLY, before], timeout=timeout)


def session_items(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.entries(sessionStorage))")


def run_axe(page, context="document"):
    page.evaluate(AXE_JS)  # evaluate is not subject to the page's CSP, unlike an inline <script>
    result = page.evaluate(
        """async ([tags]) => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
           }""", [WCAG_TAGS])
    return result


def host_page(page, web_origin, attrs: dict, connect=""):
    """Serve a throw-away host page (via routing) that embeds the widget with custom attributes."""
    attr_html = " ".join(f'data-{k}="{v}"' for k, v in attrs.items())
    html = f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Testpagina</title></head>
<body><main><h1>Testpagina</h1></main><script src="/widget.js" {attr_html}></script></body></html>"""
    url = web_origin + "/__test_host.html"
    csp = f"default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' {connect}"
    page.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html",
                                                headers={"Content-Security-Policy": csp}))
    page.goto(url)
    page.wait_for_selector(".vw-root", state="attached")
    if not page.locator(".vw-panel").is_visible():  # it may already be open (sessionStorage)
        page.locator(".vw-launcher").click()
    return page


def fake_bot(page, messages):
    """Make the next webhook call return `messages` (list of Rasa message dicts)."""
    def handler(route):
        if route.request.method == "OPTIONS":
            route.fulfill(status=204, headers={"Access-Control-Allow-Origin": "*",
                                               "Access-Control-Allow-Headers": "Content-Type, Accept",
                                               "Access-Control-Allow-Methods": "POST"})
            return
        route.fulfill(status=200, body=json.dumps(messages), content_type="application/json",
                      headers={"Access-Control-Allow-Origin": "*"})
    page.route("**/webhooks/rest/webhook", handler)


def no_js_errors(page):
    assert page.js_errors == [], page.js_errors


# ---------------------------------------------------------------------------------- conversation
def test_typed_conversation(target, page):
    open_widget(page, target.web_url)
    assert "Verzuimwijzer" in page.locator(".vw-msg--greeting").inner_text()
    assert page.evaluate("document.activeElement.id") == "vw-input"
    say(page, "Hallo")
    assert page.locator(".vw-msg--user").last.inner_text().strip().endswith("Hallo")
    assert page.locator(".vw-error").count() == 0, page.locator(".vw-error").inner_text()
    assert page.locator(BOT_REPLY).last.inner_text().strip()
    if getattr(target, "mock", None):
        assert "Wie bent u?" in page.locator(BOT_REPLY).last.inner_text()
        last = target.mock.requests[-1]
        assert last["message"] == "Hallo"
        assert last["metadata"] == {"region": "holland-rijnland"}
        assert last["sender"] == session_items(page)["verzuimwijzer.v1.sender"]
        say(page, "Mijn zoon van 14 wil niet naar school, hij zit al 5 weken thuis")
        assert page.locator(".vw-timeline").count() == 1
    no_js_errors(page)


def test_conversation_by_buttons(target, page):
    open_widget(page, target.web_url)
    probes = ["Hallo", "Ik ben ouder", "Mijn zoon van 14 wil niet naar school, hij zit al 5 weken thuis"]
    for text in probes:
        say(page, text)
        if page.locator(".vw-quick-btn").count():
            break
    assert page.locator(".vw-quick-btn").count(), "the bot never offered quick-reply buttons"
    button = page.locator(".vw-quick-btn").first
    title = button.inner_text().strip()
    before = reply_count(page)
    button.click()
    wait_for_reply(page, before)
    assert page.locator(".vw-error").count() == 0
    assert page.locator(".vw-msg--user").last.inner_text().strip().endswith(title)
    assert reply_count(page) > before
    if getattr(target, "mock", None):
        assert target.mock.requests[-1]["message"] == '/state_role{"role": "ouder"}'
        assert "ouder of verzorger" in page.locator(BOT_REPLY).last.inner_text()
        # older quick replies are gone, the new ones are active; keyboard works on them
        page.locator(".vw-quick-btn").first.focus()
        before = reply_count(page)
        page.keyboard.press("Enter")
        wait_for_reply(page, before)
        assert page.locator(".vw-timeline").count() == 1
    no_js_errors(page)


def test_reload_keeps_history(target, page):
    open_widget(page, target.web_url)
    say(page, "Hallo")
    say(page, "Mijn zoon wil niet naar school")
    users = page.locator(".vw-msg--user").all_inner_texts()
    bots = page.locator(BOT_REPLY).all_inner_texts()
    sender = session_items(page)["verzuimwijzer.v1.sender"]
    page.reload()
    page.locator(".vw-panel").wait_for(state="visible")  # stays open after reload
    assert page.locator(".vw-msg--user").all_inner_texts() == users
    assert page.locator(BOT_REPLY).all_inner_texts() == bots
    assert session_items(page)["verzuimwijzer.v1.sender"] == sender
    assert page.evaluate("localStorage.length") == 0
    assert page.context.cookies() == []
    # the conversation goes on with the same sender id
    say(page, "Hallo")
    if getattr(target, "mock", None):
        assert target.mock.requests[-1]["sender"] == sender
    no_js_errors(page)


def test_restart_clears_and_new_sender(mock_assistant, page):
    open_widget(page, mock_assistant.web_url)
    say(page, "Hallo")
    old = session_items(page)["verzuimwijzer.v1.sender"]
    page.get_by_role("button", name="Opnieuw beginnen").click()
    page.wait_for_function("() => document.querySelectorAll('.vw-msg--user').length === 0")
    assert page.locator(".vw-msg--greeting").count() == 1
    new = session_items(page)["verzuimwijzer.v1.sender"]
    assert new and new != old
    assert json.loads(session_items(page).get("verzuimwijzer.v1.transcript", "[]")) == []
    deadline = time.monotonic() + 5
    while not any(r["message"] == "/restart" for r in mock_assistant.mock.requests):
        assert time.monotonic() < deadline, "no /restart was sent"
        time.sleep(0.05)
    assert [r["sender"] for r in mock_assistant.mock.requests if r["message"] == "/restart"][-1] == old
    no_js_errors(page)


def test_delete_conversation_clears_session_storage(mock_assistant, page):
    open_widget(page, mock_assistant.web_url)
    say(page, "Hallo")
    old = session_items(page)["verzuimwijzer.v1.sender"]
    page.locator("#vw-input").fill("verwijder mijn gesprek")
    page.locator("#vw-input").press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.vw-msg--user').length === 0")
    items = session_items(page)
    assert "verzuimwijzer.v1.transcript" not in items
    assert items.get("verzuimwijzer.v1.sender") != old
    assert page.locator(".vw-msg--user").count() == 0
    assert "verwijderd" in page.locator(BOT_REPLY).last.inner_text()
    page.reload()
    page.locator(".vw-panel").wait_for(state="visible")
    assert page.locator(".vw-msg--user").count() == 0
    assert page.locator(BOT_REPLY).count() == 0


# ---------------------------------------------------------------------------------- safety
def test_html_payload_shows_as_text(mock_assistant, page):
    open_widget(page, mock_assistant.web_url)
    say(page, XSS)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"
    messages = page.locator(".vw-messages")
    assert messages.locator("img, script, iframe").count() == 0
    assert XSS in page.locator(".vw-msg--user").last.inner_text()
    assert "U schreef: " + XSS in page.locator(BOT_REPLY).last.inner_text()
    # a bot message with dangerous markup and a javascript: link stays literal
    fake_bot(page, [{"text": "Klik [hier](javascript:window.__xss=3) of <a href=x>dit</a> en "
                             "<img src=x onerror=window.__xss=4>",
                     "buttons": [{"title": "<b>vet</b>", "payload": "/greet"}]}])
    say(page, "nog iets")
    last = page.locator(BOT_REPLY).last
    assert "[hier](javascript:window.__xss=3)" in last.inner_text()
    assert "<img src=x onerror=window.__xss=4>" in last.inner_text()
    assert messages.locator("a").count() == 0
    assert page.locator(".vw-quick-btn").inner_text() == "<b>vet</b>"
    assert messages.locator("img, b").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_light_formatting(mock_assistant, page):
    open_widget(page, mock_assistant.web_url)
    say(page, "Mijn kind wil niet naar school")
    msg = page.locator(BOT_REPLY).filter(has_text="zorgelijke situatie")
    assert msg.locator("ol > li").count() == 3
    assert msg.locator("ul > li").count() == 2
    assert msg.locator("strong").first.inner_text() == "5 weken"
    assert msg.locator("p").count() >= 3
    links = msg.locator("a")
    assert links.count() == 2
    for i in range(2):
        assert links.nth(i).get_attribute("target") == "_blank"
        assert links.nth(i).get_attribute("rel") == "noopener noreferrer"
        assert links.nth(i).get_attribute("href").startswith("https://")
    assert links.nth(0).get_attribute("href") == "https://www.rijksoverheid.nl/onderwerpen/leerplicht"
    assert links.nth(1).get_attribute("href") == "https://www.onderwijsconsulenten.nl/"  # no trailing dot
    assert msg.locator(".vw-source").inner_text().startswith("Bron:")


# ---------------------------------------------------------------------------------- errors
def test_server_unreachable_then_retry_keeps_text(mock_assistant, page):
    open_widget(page, mock_assistant.web_url)
    calls = {"n": 0}

    def flaky(route):
        calls["n"] += 1
        if calls["n"] == 1:
            route.abort("connectionrefused")
        else:
            route.continue_()
    page.route("**/webhooks/rest/webhook", flaky)
    say(page, "Hallo")
    error = page.locator(".vw-error")
    assert "De assistent is nu niet bereikbaar" in error.inner_text()
    assert page.locator("#vw-input").input_value() == "Hallo"  # typed text is not lost
    assert page.locator(".vw-msg--user .vw-failed").count() == 1
    assert "Hallo" in page.locator(".vw-msg--user").last.inner_text()
    retry = page.get_by_role("button", name="Opnieuw proberen")
    before = reply_count(page)
    retry.click()
    wait_for_reply(page, before)
    assert page.locator(".vw-error").count() == 0
    assert page.locator(".vw-msg--user .vw-failed").count() == 0
    assert page.locator(".vw-msg--user").count() == 1  # the retry did not duplicate the message
    assert "Wie bent u?" in page.locator(BOT_REPLY).last.inner_text()
    assert page.locator("#vw-input").input_value() == ""
    assert [r["message"] for r in mock_assistant.mock.requests].count("Hallo") >= 1


def test_closed_port_shows_dutch_error(mock_assistant, page):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    host_page(page, mock_assistant.web_origin, {"server-url": dead, "title": "Verzuimwijzer"}, connect=dead)
    say(page, "Is er iemand?")
    assert "De assistent is nu niet bereikbaar" in page.locator(".vw-error").inner_text()
    assert page.locator("#vw-input").input_value() == "Is er iemand?"
    # the live region announces the problem
    page.wait_for_function("() => document.querySelector('.vw-live').textContent.includes('niet bereikbaar')")


def test_timeout_is_configurable(mock_assistant, page):
    host_page(page, mock_assistant.web_origin,
              {"server-url": mock_assistant.rasa_url, "timeout": "1000"}, connect=mock_assistant.rasa_url)
    start = time.monotonic()
    say(page, "Dit gaat traag")
    assert time.monotonic() - start < 2.8
    assert "niet bereikbaar" in page.locator(".vw-error").inner_text()
    assert page.locator("#vw-input").input_value() == "Dit gaat traag"


# ---------------------------------------------------------------------------------- plan + timeline
def test_timeline_renders(mock_assistant, page):
    open_widget(page, mock_assistant.web_url)
    say(page, "Mijn kind wil niet naar school")
    tl = page.locator(".vw-timeline")
    assert tl.count() == 1
    assert tl.locator(".vw-tl-line").is_visible()
    assert tl.locator(".vw-tl-marker").count() == 2
    assert tl.locator(".vw-tl-reached").count() == 1  # 4 weken passed, 8 not
    assert tl.locator(".vw-tl-now").is_visible()
    # markers are placed in order along the line: 4 < nu (5) < 8
    x4 = tl.locator('.vw-tl-marker[data-at="4"]').bounding_box()["x"]
    xn = tl.locator(".vw-tl-now").bounding_box()["x"]
    x8 = tl.locator('.vw-tl-marker[data-at="8"]').bounding_box()["x"]
    assert x4 < xn < x8
    items = tl.locator(".vw-tl-list li").all_inner_texts()
    assert items[0].startswith("4 weken: thuiszitter") and "(bereikt)" in items[0]
    assert items[1] == "Nu: 5 weken"
    assert items[2].startswith("8 weken") and "nog niet bereikt" in items[2]
    assert "breed overleg" in tl.locator(".vw-tl-next").inner_text()
    assert tl.locator(".vw-tl-picture").get_attribute("aria-hidden") == "true"
    assert tl.get_attribute("aria-labelledby")


def test_stappenplan_view_download_and_print(mock_assistant, page):
    open_widget(page, mock_assistant.web_url)
    plan_btn = page.get_by_role("button", name="Mijn stappenplan", exact=True)
    assert plan_btn.count() == 0  # hidden until the bot sends a plan
    say(page, "Mijn kind wil niet naar school")
    plan_btn.click()
    view = page.locator(".vw-planview")
    assert view.is_visible()
    assert page.evaluate("document.activeElement.id") == "vw-plan-title"
    assert "langdurig relatief verzuim" in view.locator("h3").inner_text()
    steps = view.locator(".vw-plan-step")
    assert steps.count() == 3
    assert "School" in steps.nth(0).inner_text()
    assert "binnen 5 werkdagen" in steps.nth(0).inner_text()
    assert "1 december 2026" in steps.nth(0).inner_text()
    assert steps.nth(0).locator("time").get_attribute("datetime") == "2026-12-01"
    assert "Handreiking schoolverzuim" in view.locator(".vw-plan-sources").inner_text()
    assert "Voor: ouder of verzorger" in view.inner_text()

    with page.expect_download() as dl_info:
        page.get_by_role("button", name="Downloaden").click()
    download = dl_info.value
    assert download.suggested_filename == "mijn-stappenplan.html"
    html = Path(download.path()).read_text(encoding="utf-8")
    assert "<ol>" in html and html.count("<li>") >= 4 and "binnen 5 werkdagen" in html
    assert "Leerplichtambtenaar" in html and "<script" not in html

    # printing: stub window.print and check the print view hides everything but the plan
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; } }")
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.__printed") == 1
    page.evaluate("document.documentElement.classList.add('vw-printing')")
    page.emulate_media(media="print")
    assert view.is_visible()
    assert not page.locator(".vw-header").is_visible()
    assert not page.locator("main").is_visible()
    page.emulate_media(media="screen")
    page.evaluate("document.documentElement.classList.remove('vw-printing')")

    page.get_by_role("button", name="Afdrukken").focus()
    page.keyboard.press("Escape")  # back to the conversation
    assert not view.is_visible()
    assert page.locator(".vw-messages").is_visible()
    no_js_errors(page)


# ---------------------------------------------------------------------------------- accessibility
def test_axe_wcag21aa_no_violations(mock_assistant, page, mobile_page):
    page.goto(mock_assistant.web_url)
    assert run_axe(page) == []                         # launcher closed
    page.locator(".vw-launcher").click()
    say(page, "Hallo")
    say(page, "Mijn kind wil niet naar school")
    assert run_axe(page) == []                         # conversation with lists, links, timeline
    page.get_by_role("button", name="Mijn stappenplan", exact=True).click()
    assert run_axe(page) == []                         # plan view
    open_widget(mobile_page, mock_assistant.web_url)
    say(mobile_page, "Mijn kind wil niet naar school")
    assert run_axe(mobile_page) == []                  # 360 px, full screen panel
    host_page(page, mock_assistant.web_origin,  # a light host colour: text on it must turn dark
              {"server-url": mock_assistant.rasa_url, "primary-color": "#ffd200"}, connect=mock_assistant.rasa_url)
    say(page, "Hallo")
    assert run_axe(page) == []


def test_keyboard_only_and_dialog_semantics(mock_assistant, page):
    page.goto(mock_assistant.web_url)
    launcher = page.locator(".vw-launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    for _ in range(30):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('vw-launcher')"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    panel = page.locator("[role=dialog]")
    assert panel.is_visible()
    assert panel.get_attribute("aria-labelledby") == "vw-title"
    assert page.locator("#vw-title").inner_text() == "Verzuimwijzer"
    assert page.evaluate("document.activeElement.id") == "vw-input"
    assert page.locator("label[for=vw-input]").inner_text() == "Uw bericht"
    assert page.locator("[aria-live=polite]").count() >= 1
    assert page.locator(".vw-root").get_attribute("lang") == "nl"
    page.keyboard.type("Hallo")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.vw-live').textContent.includes('Wie bent u?')")
    # Tab reaches the quick replies and the header buttons
    names = []
    for _ in range(12):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent || document.activeElement.getAttribute('aria-label')"))
    assert any("ouder" in (n or "") for n in names)
    assert "Opnieuw beginnen" in names
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('vw-launcher')")
    assert launcher.get_attribute("aria-expanded") == "false"


def test_small_viewport_and_200_percent_zoom(mock_assistant, page_factory, mobile_page):
    open_widget(mobile_page, mock_assistant.web_url)
    say(mobile_page, "Mijn kind wil niet naar school")
    box = mobile_page.locator(".vw-panel").bounding_box()
    assert box["x"] == 0 and box["y"] == 0 and box["width"] == 360 and box["height"] == 740
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert mobile_page.evaluate(
        "() => document.querySelector('.vw-messages').scrollWidth <= document.querySelector('.vw-messages').clientWidth")
    # 200 % zoom of a 1280×800 window == a 640×400 CSS-pixel viewport
    zoom = page_factory(640, 400, device_scale_factor=2)
    open_widget(zoom, mock_assistant.web_url)
    say(zoom, "Hallo")
    for sel in ("#vw-input", ".vw-send", ".vw-close", ".vw-restart"):
        b = zoom.locator(sel).bounding_box()
        assert b and b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= 640 and b["y"] + b["height"] <= 400, sel
    assert zoom.evaluate(
        "() => document.querySelector('.vw-messages').scrollWidth <= document.querySelector('.vw-messages').clientWidth")


# ---------------------------------------------------------------------------------- no external requests
def test_only_own_origins_no_cookies(mock_assistant, page):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    open_widget(page, mock_assistant.web_url)
    say(page, "Mijn kind wil niet naar school")
    allowed = (mock_assistant.web_origin, mock_assistant.rasa_url)
    assert seen and all(u.startswith(allowed) for u in seen), seen
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length") == 0
    no_js_errors(page)  # includes CSP violations


# ---------------------------------------------------------------------------------- screenshots
def test_screenshots(mock_assistant, page, mobile_page, page_factory, screenshot_dir):
    page.goto(mock_assistant.web_url)
    page.screenshot(path=str(screenshot_dir / "desktop-1280x800-closed.png"))
    page.locator(".vw-launcher").click()
    page.screenshot(path=str(screenshot_dir / "desktop-1280x800-greeting.png"))
    say(page, "Hallo")
    page.locator(".vw-quick-btn").first.click()
    page.wait_for_selector(".vw-quick-btn >> text=wil niet")
    page.locator(".vw-quick-btn", has_text="wil niet").click()
    page.wait_for_selector(".vw-timeline")
    page.wait_for_timeout(100)
    page.screenshot(path=str(screenshot_dir / "desktop-1280x800-conversation.png"))
    page.locator(".vw-timeline").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "desktop-1280x800-timeline.png"))
    page.get_by_role("button", name="Mijn stappenplan", exact=True).click()
    page.screenshot(path=str(screenshot_dir / "desktop-1280x800-plan.png"))
    page.evaluate("document.documentElement.classList.add('vw-printing')")  # what Afdrukken prints
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshot_dir / "desktop-print-preview-plan.png"), full_page=True)
    page.emulate_media(media="screen")
    page.evaluate("document.documentElement.classList.remove('vw-printing')")
    page.get_by_role("button", name="Terug naar gesprek").click()
    page.route("**/webhooks/rest/webhook", lambda route: route.abort("connectionrefused"))
    say(page, "Is er iemand?")
    page.screenshot(path=str(screenshot_dir / "desktop-1280x800-error.png"))

    mobile_page.goto(mock_assistant.web_url)
    mobile_page.screenshot(path=str(screenshot_dir / "mobile-360x740-closed.png"))
    mobile_page.locator(".vw-launcher").click()
    say(mobile_page, "Hallo")
    mobile_page.screenshot(path=str(screenshot_dir / "mobile-360x740-buttons.png"))
    say(mobile_page, "Mijn kind wil niet naar school")
    mobile_page.locator(".vw-timeline").scroll_into_view_if_needed()
    mobile_page.screenshot(path=str(screenshot_dir / "mobile-360x740-timeline.png"))
    mobile_page.get_by_role("button", name="Mijn stappenplan", exact=True).click()
    mobile_page.screenshot(path=str(screenshot_dir / "mobile-360x740-plan.png"))
    zoom = page_factory(640, 400, device_scale_factor=2)  # 1280×800 window at 200 % zoom
    open_widget(zoom, mock_assistant.web_url)
    say(zoom, "Hallo")
    zoom.screenshot(path=str(screenshot_dir / "zoom200-640x400-buttons.png"))
    for name in ("desktop-1280x800-conversation.png", "mobile-360x740-timeline.png"):
        assert (screenshot_dir / name).stat().st_size > 10_000


# ---------------------------------------------------------------------------------- static server
def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")


def test_serve_web_headers_and_placeholder(mock_assistant):
    status, headers, body = _get(mock_assistant.web_origin + "/")
    assert status == 200
    assert f'data-server-url="{mock_assistant.rasa_url}"' in body
    assert "__RASA_URL__" not in body
    assert body.count("<script") == 1  # one tag embeds the widget; nothing injected
    csp = headers["Content-Security-Policy"]
    assert re.search(r"connect-src 'self' " + re.escape(mock_assistant.rasa_url) + r"( |;|$)", csp)
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in headers["Cache-Control"]
    status, headers, js = _get(mock_assistant.web_origin + "/widget.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    assert "localStorage." not in js and "document.cookie" not in js
    assert _get(mock_assistant.web_origin + "/widget.css")[0] == 200
    assert _get(mock_assistant.web_origin + "/../../docs/architecture.md")[0] == 404
    assert _get(mock_assistant.web_origin + "/nope.html")[0] == 404
