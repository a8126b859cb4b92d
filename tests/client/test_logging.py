"""MONITE_PULUMI_LOG: one parseable, redacted line per HTTP attempt, retries numbered."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from monite_pulumi._logging import configure_from_env, logger
from monite_pulumi.client import MoniteClient
from tests.client.conftest import ENTITY_ID, FakeMonite, entity_json

ClientFactory = Callable[..., MoniteClient]
LINE = re.compile(
    r"http_attempt method=(?P<method>\S+) path=(?P<path>\S+) status=(?P<status>\S+) "
    r"request_id=(?P<request_id>\S+) attempt=(?P<attempt>\d+) auth_retry=(?P<auth_retry>[01]) "
    r"duration_ms=(?P<duration>[\d.]+) ratelimit_wait_ms=(?P<wait>[\d.]+) error=(?P<error>\S+)"
)


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "client.log"
    configure_from_env({"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(path)})
    yield path
    configure_from_env({"MONITE_PULUMI_LOG": "off"})
    logger.setLevel(logging.NOTSET)


def test_one_line_per_attempt_with_attempt_numbers(
    monite: FakeMonite, make_client: ClientFactory, log_file: Path
) -> None:
    answers = iter(
        [
            httpx.Response(503, json={}, headers={"x-request-id": "r-1"}),
            httpx.Response(429, json={}, headers={"Retry-After": "1", "x-request-id": "r-2"}),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or httpx.Response(200, json=entity_json())

    monite.route(f"GET /entities/{ENTITY_ID}", handler)
    make_client().get_entity(ENTITY_ID)
    lines = [LINE.search(line) for line in log_file.read_text().splitlines()]
    assert all(lines)
    entity_lines = [m.groupdict() for m in lines if m and m["path"].startswith("/v1/entities")]
    assert [(m["status"], m["attempt"], m["request_id"]) for m in entity_lines] == [
        ("503", "1", "r-1"),
        ("429", "2", "r-2"),
        ("200", "3", "-"),
    ]
    assert float(entity_lines[2]["wait"]) >= 1000.0  # waited out the Retry-After


def test_transport_failures_are_logged_with_their_kind(
    monite: FakeMonite, make_client: ClientFactory, log_file: Path
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    monite.route(f"GET /entities/{ENTITY_ID}", handler)
    with pytest.raises(Exception, match="ConnectError"):
        make_client(max_attempts=2).get_entity(ENTITY_ID)
    errors = [m["error"] for m in LINE.finditer(log_file.read_text()) if m["status"] == "-"]
    assert errors == ["ConnectError", "ConnectError"]


def test_configure_is_idempotent_and_off_silences(tmp_path: Path) -> None:
    path = tmp_path / "twice.log"
    env = {"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(path)}
    try:
        configure_from_env(env)
        configure_from_env(env)
        logger.debug("hello once")
        configure_from_env({"MONITE_PULUMI_LOG": "off"})
        logger.warning("not written")
    finally:
        logger.setLevel(logging.NOTSET)
    assert path.read_text().count("hello once") == 1
    assert "not written" not in path.read_text()


def test_without_the_variable_nothing_is_configured() -> None:
    before = list(logger.handlers)
    configure_from_env({})
    assert logger.handlers == before
