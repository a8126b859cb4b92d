"""Telling Monite's fixed clock-second windows from a sliding second, and where its seconds turn."""

from __future__ import annotations

import pytest

from monite_pulumi.client._window_model import WindowModel

LIMIT = 30.0


def _busy_seconds(model: WindowModel, start: float, seconds: int, *, fixed: bool) -> None:
    """Answers every 0.05 s of a window kept at ~27: restarting each second, or not."""
    for step in range(seconds * 20):
        at = start + step * 0.05
        used = 27.0 * (at - int(at)) + 1 if fixed else 27.0
        model.observe(at, used, LIMIT)


def test_fixed_windows_are_assumed_until_the_answers_say_otherwise() -> None:
    assert WindowModel().fixed
    assert not WindowModel(fixed=False).fixed


def test_a_count_that_starts_again_at_each_second_is_a_fixed_window() -> None:
    model = WindowModel(fixed=False)
    _busy_seconds(model, 1000.0, 4, fixed=True)
    assert model.fixed


def test_a_count_that_stays_high_across_seconds_is_a_sliding_window() -> None:
    model = WindowModel()
    _busy_seconds(model, 1000.0, 4, fixed=False)
    assert not model.fixed


def test_one_high_count_early_in_a_second_is_read_as_sliding_at_once() -> None:
    """A slow process sees no peaks to compare with; a count far above what the second has had
    time for cannot be a fixed window's, whatever the belief."""
    model = WindowModel()
    assert not model.observe(1000.1, 28.0, LIMIT)
    assert model.observe(1000.1, 3.0, LIMIT)


@pytest.mark.parametrize("phase", [0.1, 0.3, -0.2])
def test_where_the_gateway_s_seconds_turn_is_learnt_from_falls_of_the_count(phase: float) -> None:
    model = WindowModel()
    for step in range(10 * 20):
        ours = 1000.0 + step * 0.05
        gateway = ours + phase
        model.observe(ours, 27.0 * (gateway - int(gateway)) + 1, LIMIT)
    assert model.offset == pytest.approx(phase, abs=0.05)
    assert model.seen(1000.0 - phase + 0.5) == pytest.approx(0.5, abs=0.05)
