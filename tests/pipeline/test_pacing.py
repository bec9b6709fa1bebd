"""The pacer's windows, checked with explicit clock values (no real time involved)."""

from __future__ import annotations

from bot.pipeline.pacing import Pacer, RateWindow


def test_a_window_allows_count_events_then_waits_for_the_oldest_to_expire():
    window = RateWindow(5, 5.0)
    for moment in (0.0, 0.5, 1.0, 1.5, 2.0):
        assert window.wait_time(moment) == 0.0
        window.times.append(moment)
    assert window.wait_time(2.5) == 2.5  # the event at 0.0 leaves the window at 5.0
    assert window.wait_time(5.0) == 0.0  # ... and then there is room again
    assert list(window.times) == [0.5, 1.0, 1.5, 2.0]


def test_a_fresh_channel_has_no_wait():
    assert Pacer().channel_wait(123) == 0.0


def test_a_hold_delays_the_window_until_it_ends():
    window = RateWindow(5, 5.0)
    window.held_until = 3.0
    assert window.wait_time(1.0) == 2.0
    assert window.wait_time(3.0) == 0.0


def test_holding_a_channel_delays_only_that_channel():
    pacer = Pacer()
    pacer.hold(1, 30.0)
    assert 29.0 < pacer.channel_wait(1) <= 30.0
    assert pacer.channel_wait(2) == 0.0
