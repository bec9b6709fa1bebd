"""The fan-out benchmark runs end to end on a small fan-out (its correctness, never its timing)."""

from __future__ import annotations

import argparse

from tests.bench.fan_out import main_async, rates, report


async def test_a_small_fan_out_benchmark_loses_and_doubles_nothing():
    args = argparse.Namespace(channels=60, latency=0.02, kill_at=0.3, database_url=None,
                              naive_seconds=0.5)
    figures = await main_async(args)
    mine = figures["ours"]
    assert (mine["duplicates"], mine["lost"]) == (0, 0)
    assert 18 <= mine["killed_after"] < 60
    assert "ours vs naive sequential" in report(figures)


def test_rates_report_the_overall_and_the_slowest_window():
    steady = [n / 10 for n in range(301)]  # 10 a second for 30 s
    overall, lowest = rates(steady, window=10.0)
    assert abs(overall - 10) < 1e-9 and abs(lowest - 10) < 0.2
    stalled = [*steady, *(40 + n / 10 for n in range(100))]  # a 10 s pause, then 10 s more
    assert rates(stalled, window=10.0)[1] < 1


async def test_a_small_fairness_benchmark_reaches_the_other_channels_first():
    from tests.bench.fairness import main_async as fairness
    from tests.bench.fairness import report as fairness_report

    figures = await fairness(argparse.Namespace(backlog=60, others=4, cap=4.0))
    ours, naive = figures["ours (round-robin)"], figures["oldest first"]
    assert ours["reached"] == 4  # every other channel got the new fact, behind the backlog
    assert naive["reached"] <= ours["reached"]
    assert "oldest first" in fairness_report(figures)
