"""On the running server: Rasa's HTTP API is closed and CORS admits only the widget's origin."""
import pytest
import requests

pytestmark = pytest.mark.e2e


def test_rasa_http_api_is_not_reachable(assistant):
    for path in ("/status", "/model/parse", "/conversations/x/tracker"):
        response = requests.get(assistant.rasa_url + path, timeout=10)
        assert response.status_code in (401, 403, 404, 405), (path, response.status_code)


def test_cors_admits_the_widget_origin_only(assistant):
    body = {"sender": "cors-check", "message": "hallo"}
    allowed = f"http://localhost:{assistant.web_port}"
    ok = requests.post(assistant.rest_url, json=body, headers={"Origin": allowed}, timeout=30)
    assert ok.headers.get("Access-Control-Allow-Origin") == allowed
    other = requests.post(assistant.rest_url, json=body,
                          headers={"Origin": "https://evil.example"}, timeout=30)
    assert other.headers.get("Access-Control-Allow-Origin") in (None, "")
