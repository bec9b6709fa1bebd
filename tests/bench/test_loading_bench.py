"""The loading benchmark runs end to end on a small base (its timings are never asserted)."""

from pathlib import Path

from bot.bench.loading import measure, report


def test_a_small_loading_benchmark_measures_every_path(tmp_path: Path):
    figures = measure(400, tmp_path)
    assert figures["files"] == 5 and figures["naive"]["facts"] == 400  # 4 fact files + entities
    assert figures["cold"]["parsed"] == 5
    assert figures["warm"]["reused"] == 5 and figures["warm"]["parsed"] == 0
    assert figures["parse_cache"]["cached"] == 5
    assert figures["corrupt"]["corrupt"] == 1 and figures["corrupt"]["parsed"] == 1
    assert figures["reload"]["found_edit"]
    assert all(figures[k]["facts"] == 400 for k in ("cold", "warm", "parse_cache", "corrupt"))
    table = report(figures)
    assert "start, nothing changed (snapshot)" in table and "factbot validate" in table
