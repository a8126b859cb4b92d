"""A stub Monite on 127.0.0.1: a valid token endpoint, then whatever answer a test sets.

For answers the sandbox's fault rules cannot give (an HTML error page, a body that is not JSON).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Answer", "StubMonite", "stub_monite"]


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


class StubMonite:
    """``answer`` is what every API call (all but ``POST /auth/token``) gets."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.answer = Answer(200, "application/json", b"{}")

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"


def _handler(stub_ref: list[StubMonite]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            self.rfile.read(length)
            if self.command == "POST" and self.path.endswith("/auth/token"):
                token = {
                    "access_token": "stub-token-value",
                    "token_type": "Bearer",
                    "expires_in": 1800,
                }
                answer = Answer(200, "application/json", json.dumps(token).encode())
            else:
                answer = stub_ref[0].answer
            self.send_response(answer.status)
            self.send_header("content-type", answer.content_type)
            self.send_header("content-length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _reply  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests read answers, not access logs."""

    return Handler


@contextmanager
def stub_monite() -> Iterator[StubMonite]:
    ref: list[StubMonite] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(ref))
    stub = StubMonite(server)
    ref.append(stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
