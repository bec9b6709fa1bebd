"""The health verdict read from a report, including the moments around start-up."""

import json
import os
import subprocess
import sys
import time

from bot.health import judge_health
from tests.conftest import ROOT


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


def test_factbot_health_needs_only_the_data_folder(tmp_path):
    (tmp_path / "health.json").write_text(json.dumps(
        {**report(True), "written_at": time.time()}), encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATA_"))}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "health"], cwd=tmp_path,
                          env={**clean, "DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr  # no DISCORD_TOKEN needed
    assert done.stdout.startswith("healthy")
