"""``factbot seed add``: a new article into ``seeds/`` unchanged, with only the stated metadata."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bot.cli import main
from bot.core.facts.intake import derive_seed_id, yaml_scalar
from bot.core.facts.loader import load_fact_base
from tests.conftest import FIXTURES, ROOT

ARTICLE = FIXTURES / "articles" / "aes-joint-force.txt"


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


def add(seeds, *args):
    return main(["seed", "add", *map(str, args), "--seeds", str(seeds)])


def test_the_article_is_copied_unchanged_with_only_what_was_stated(seeds, capsys):
    assert add(seeds, ARTICLE, "--outlet", "Sahel Wire", "--published", "2025-07-06") == 0
    out = capsys.readouterr().out
    seed_id = "aes-launches-joint-force-common-passport"
    assert f"Added seed '{seed_id}'" in out and f"factbot draft {seed_id}" in out
    assert (seeds / f"{seed_id}.txt").read_bytes() == ARTICLE.read_bytes()
    meta = yaml.safe_load((seeds / f"{seed_id}.meta.yaml").read_text("utf-8"))
    assert meta == {"id": seed_id, "title": ARTICLE.read_text("utf-8").splitlines()[0],
                    "byline": None, "outlet": "Sahel Wire", "original_source": None,
                    "url": None, "published": "2025-07-06"}
    result = load_fact_base(ROOT / "facts", seeds)  # the validator reads it as a seed
    assert result.problems == []
    seed = result.base.seeds[seed_id]
    assert (seed.outlet, seed.published, seed.byline) == ("Sahel Wire", "2025-07-06", None)


def test_the_same_text_is_refused_and_nothing_is_written(seeds, tmp_path, capsys):
    copy = tmp_path / "copy.txt"  # an existing seed, re-saved with other spacing
    text = (ROOT / "seeds" / "000_bb3e9c76c64c8f0d.txt").read_text("utf-8")
    copy.write_text(text.replace(" ", "  ") + "\n\n", encoding="utf-8")
    before = sorted(path.name for path in seeds.iterdir())
    assert add(seeds, copy, "--title", "Another title") == 1
    err = capsys.readouterr().err
    assert "already in the seeds as" in err and "000_bb3e9c76c64c8f0d.txt" in err
    assert sorted(path.name for path in seeds.iterdir()) == before


def test_a_bad_date_or_unreadable_file_is_a_usage_error(seeds, tmp_path, capsys):
    assert add(seeds, ARTICLE, "--published", "last week") == 2
    assert "--published: 'last week' is not a date" in capsys.readouterr().err
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café au Mali".encode("latin-1"))
    assert add(seeds, latin) == 1
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert not list(seeds.glob("aes-*")) and not list(seeds.glob("cafe*"))


def test_ids_are_stable_and_a_taken_one_gets_the_texts_hash():
    assert derive_seed_id("The AES launches a joint force", "x", set()) == \
        "aes-launches-joint-force"
    taken = {"aes-launches-joint-force"}
    first = derive_seed_id("The AES launches a joint force", "text one", taken)
    assert first == derive_seed_id("The AES launches a joint force", "text one", taken)
    assert first.startswith("aes-launches-joint-force-") and first != \
        derive_seed_id("The AES launches a joint force", "text two", taken)


@pytest.mark.parametrize("title", ['Le "Sahel": l\'AES # 1', "yes", "2023-03-14", "- x: [y]",
                                   "tab\there", "ligne\u2028séparée", "\x85next", "back\\slash"])
def test_every_title_loads_back_exactly(title):
    assert yaml.safe_load(f"title: {yaml_scalar(title)}") == {"title": title}
