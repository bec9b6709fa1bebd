"""The pacer's windows and spacing, checked with explicit clock values (no real time involved)."""

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


def test_a_hold_delays_the_window_until_it_ends():
    window = RateWindow(5, 5.0)
    window.held_until = 3.0
    assert window.wait_time(1.0) == 2.0
    assert window.wait_time(3.0) == 0.0


def test_sends_keep_the_global_rate_without_bursts():
    pacer = Pacer(per_second=40)
    now, sent = 100.0, []
    while now < 110.0:  # every channel different: only the global rate applies
        if pacer.wait_time(len(sent), now) == 0:
            pacer.take(len(sent), now)
            sent.append(now)
        now += 0.003  # wake-ups come late: the schedule must not drift
    assert 399 <= len(sent) <= 402  # 40 a second over 10 s
    for start in sent:  # never more than 40 in any second, even catching up after an idle time
        assert sum(start <= moment < start + 1.0 for moment in sent) <= 40


def test_a_channel_gets_five_messages_then_waits():
    pacer = Pacer(per_second=1000, channel_seconds=5.5)
    for moment in (0.0, 0.1, 0.2, 0.3, 0.4):
        assert pacer.wait_time(7, moment) == 0
        pacer.take(7, moment)
    assert abs(pacer.wait_time(7, 0.5) - 5.0) < 1e-9  # the first leaves the window at 5.5
    assert pacer.wait_time(8, 0.5) == 0  # other channels are not held up


def test_holding_a_channel_delays_only_that_channel():
    pacer = Pacer()
    pacer.hold(1, 30.0)
    assert 29.0 < pacer.channel_wait(1) <= 30.0
    assert pacer.channel_wait(2) == 0.0
