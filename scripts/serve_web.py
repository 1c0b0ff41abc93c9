#!/usr/bin/env python3
"""Tiny static server for the Verzuimwijzer widget and demo page (``bot/web/``).

Usage::

    python scripts/serve_web.py [--port 8080] [--host 127.0.0.1] [--rasa-url http://localhost:5005]

How the demo page gets the Rasa URL (chosen approach: rewrite at serve time)
---------------------------------------------------------------------------
``bot/web/index.html`` embeds the widget with ``data-server-url="__RASA_URL__"``. When this server
sends an ``.html`` file it replaces the literal placeholder ``__RASA_URL__`` with the value of
``--rasa-url`` (default: env ``RASA_URL``, else ``http://localhost:5005``). Nothing else is changed or
injected; JS/CSS files are served byte for byte. (We deliberately do not let the page read a
``?server=`` query parameter: a crafted link could then point the widget at someone else's server.)

The same URL is the only extra origin allowed in the Content-Security-Policy ``connect-src``.
Every response also carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``
and ``Cache-Control: no-store`` (so edits show up on reload during development).

Port: ``--port``, else env ``WEB_PORT``, else 8080. Host: ``--host``, else env ``WEB_HOST``, else
127.0.0.1. Only the Python standard library is used.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

WEB_ROOT = Path(__file__).resolve().parent.parent / "bot" / "web"
PLACEHOLDER = b"__RASA_URL__"
DEFAULT_RASA_URL = "http://localhost:5005"
REST_SUFFIX = "/webhooks/rest/webhook"


def normalise_rasa_url(url: str) -> str:
    """Return the Rasa server base URL (scheme://host[:port][/prefix]) without trailing slash.

    Accepts the full webhook URL too, because that is what some fixtures expose."""
    url = (url or DEFAULT_RASA_URL).strip().rstrip("/")
    if url.endswith(REST_SUFFIX):
        url = url[: -len(REST_SUFFIX)]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--rasa-url must be an http(s) URL, got {url!r}")
    return url


def connect_sources(rasa_url: str) -> list[str]:
    """Origins the page may connect to: the Rasa origin (plus its loopback twin)."""
    parts = urlsplit(rasa_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    sources = [origin]
    host, _, port = parts.netloc.partition(":")
    twins = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}
    if host in twins:
        sources.append(f"{parts.scheme}://{twins[host]}{':' + port if port else ''}")
    return sources


def content_security_policy(rasa_url: str) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' " + " ".join(connect_sources(rasa_url)),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class WebHandler(http.server.SimpleHTTPRequestHandler):
    server_version = "VerzuimwijzerWeb/1.0"
    sys_version = ""
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".svg": "image/svg+xml",
        ".json": "application/json",
    }

    def __init__(self, *args, rasa_url: str, quiet: bool, **kwargs):
        self.rasa_url = rasa_url
        self.quiet = quiet
        self.csp = content_security_policy(rasa_url)
        super().__init__(*args, **kwargs)

    # -- security headers on every response (also errors) --------------------------------------
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def list_directory(self, path):  # no directory listings
        self.send_error(404, "Not found")
        return None

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirect to the slash form
            if not os.path.isfile(index):
                self.send_error(404, "Not found")
                return None
            path = index
        if not path.endswith(".html") or not os.path.isfile(path):
            return super().send_head()
        # HTML: replace the placeholder with the configured Rasa URL, nothing else.
        try:
            body = Path(path).read_bytes().replace(PLACEHOLDER, self.rasa_url.encode("utf-8"))
        except OSError:
            self.send_error(404, "Not found")
            return None
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def do_POST(self):  # noqa: N802 - static server: only GET/HEAD
        self.send_error(405, "Method not allowed")

    do_PUT = do_DELETE = do_PATCH = do_POST

    def log_message(self, format, *args):  # noqa: A002
        if not self.quiet:
            super().log_message(format, *args)


def make_server(host: str, port: int, rasa_url: str, quiet: bool = True,
                root: Path = WEB_ROOT) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(WebHandler, directory=str(root),
                                rasa_url=normalise_rasa_url(rasa_url), quiet=quiet)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the Verzuimwijzer widget and demo page.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", DEFAULT_RASA_URL),
                        help="Rasa server base URL written into the demo page and the CSP")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)

    server = make_server(args.host, args.port, args.rasa_url, quiet=not args.verbose)
    host, port = server.server_address[:2]
    print(f"Verzuimwijzer web: http://{host}:{port}/ (Rasa: {normalise_rasa_url(args.rasa_url)})",
          flush=True)

    stop = threading.Event()

    def _stop(*_):
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    thread = threading.Thread(target=server.serve_forever, name="serve_web", daemon=True)
    thread.start()
    stop.wait()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
