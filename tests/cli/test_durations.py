"""Ages as operators type them, and as tables show them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monite_pulumi.cli._durations import format_age, parse_age


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2d", timedelta(days=2)),
        ("36h", timedelta(hours=36)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("1w", timedelta(weeks=1)),
        ("90m", timedelta(minutes=90)),
        ("0s", timedelta(0)),
        (" 2D ", timedelta(days=2)),
    ],
)
def test_parse_age_reads_units(text: str, expected: timedelta) -> None:
    assert parse_age(text) == expected


@pytest.mark.parametrize("text", ["", "2", "d", "two days", "-1d", "1.5d", "2y", "2d3"])
def test_parse_age_rejects_anything_else_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match=r"e\.g\. 2d"):
        parse_age(text)


@pytest.mark.parametrize(
    ("age", "shown"),
    [
        (timedelta(0), "0s"),
        (timedelta(seconds=-5), "0s"),
        (timedelta(seconds=65), "1m 5s"),
        (timedelta(days=3, hours=4, minutes=5), "3d 4h"),
        (timedelta(days=1, minutes=5), "1d"),
        (timedelta(hours=2), "2h"),
    ],
)
def test_format_age_shows_the_two_largest_units(age: timedelta, shown: str) -> None:
    assert format_age(age) == shown


@given(st.integers(min_value=0, max_value=10**8))
def test_format_age_output_parses_back_to_at_most_the_age(seconds: int) -> None:
    age = timedelta(seconds=seconds)
    shown = parse_age(format_age(age))
    assert shown <= age
    assert age - shown < timedelta(days=1)
