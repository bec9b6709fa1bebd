"""The answering benchmark's question set runs end to end on the shipped base and a small
synthetic one (its figures are printed, never its timings asserted)."""

from __future__ import annotations

from bot.bench.asking import ask_questions
from bot.cli.bench import question_table
from tests.conftest import ROOT


def test_the_question_set_is_asked_beside_todays_ranking_and_a_scan() -> None:
    asked = [ask_questions(size, 7, ROOT / "facts", ROOT / "seeds") for size in (0, 200)]
    shipped, grown = asked
    assert shipped["records"] < grown["records"] == shipped["records"] + 200
    for figures in asked:
        assert figures["questions"] >= 40
        for ranking in ("ours", "today", "scan"):
            for part in ("tune", "held-out", "fresh", "all"):
                assert 0 <= figures[ranking][part]["top1"] <= figures[ranking][part]["top5"] <= 1
        # what the ranking was built for: the right record first more often than before
        assert figures["ours"]["all"]["top1"] > figures["today"]["all"]["top1"]
    lines = question_table(asked)
    assert lines[0].startswith("Questions (")
    assert any(line.strip().startswith("shipped + 200") for line in lines)
    assert lines[-1].startswith("Answer lines giving the expected short answer")
