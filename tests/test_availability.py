"""Optional tools: a skip on a laptop, a failure in CI (MONITE_PULUMI_REQUIRE_ALL)."""

from __future__ import annotations

import pytest

from tests.availability import REQUIRE_ALL, unavailable


def test_a_missing_tool_skips_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_ALL, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        unavailable("no Chromium")


@pytest.mark.parametrize("value", ["1", "yes"])
def test_a_missing_tool_fails_where_everything_is_required(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(REQUIRE_ALL, value)
    with pytest.raises(pytest.fail.Exception, match=f"no Chromium .*{REQUIRE_ALL}"):
        unavailable("no Chromium")


def test_zero_means_not_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_ALL, "0")
    with pytest.raises(pytest.skip.Exception):
        unavailable("no SDK")
