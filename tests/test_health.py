"""The health verdict read from a report, including the moments around start-up."""

from bot.health import judge_health


def report(dispatching: bool | None) -> dict:
    return {"written_at": 100.0,
            "gateway": {"connected": True, "shards": {"0": {"connected": True}}},
            "facts": {"count": 46, "problems": 0},
            "outbox": {"pending": 3, "held": 0, "failed": 0},
            "delivery": {"dispatching": dispatching}}


def test_delivery_role_is_reported_honestly_before_and_after_it_is_decided():
    lines = {None: "alert delivery is starting",
             True: "this process delivers alerts",
             False: "another process delivers alerts (this one stands by)"}
    for dispatching, line in lines.items():
        verdict = judge_health(report(dispatching), now=101.0)
        assert verdict.healthy and line in verdict.lines


def test_a_stale_report_is_unhealthy():
    verdict = judge_health(report(True), now=1000.0)
    assert not verdict.healthy
    assert verdict.lines[0] == "the last health report is 900 s old: the bot has stopped or hangs"
