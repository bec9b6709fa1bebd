"""factbot reads .env itself, with the environment winning, as docker compose does (and
``make run`` / ``make doctor``, which leave .env to factbot)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.dotenv import apply_dotenv, read_dotenv
from tests.conftest import ROOT
from tests.loopback import world


def test_dotenv_lines_comments_quotes_and_export(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("# a comment\n\nDISCORD_TOKEN=abc.def\nexport LOG_LEVEL=DEBUG\n"
                        "DATA_DIR='/srv/my data'\nLOG_FORMAT=json # the collector wants it\n"
                        "not a setting\n", encoding="utf-8")
    assert read_dotenv(env_file) == {"DISCORD_TOKEN": "abc.def", "LOG_LEVEL": "DEBUG",
                                     "DATA_DIR": "/srv/my data", "LOG_FORMAT": "json"}
    environ = {"LOG_LEVEL": "WARNING"}
    assert apply_dotenv(environ, env_file) == ["DISCORD_TOKEN", "DATA_DIR", "LOG_FORMAT"]
    assert environ["LOG_LEVEL"] == "WARNING"  # the environment wins
    assert read_dotenv(tmp_path / "absent") == {}


def test_factbot_reads_the_dotenv_of_the_folder_it_runs_in(tmp_path: Path):
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={world.TOKEN}\n"
                                   f"DATA_DIR={tmp_path / 'data'}\n"
                                   f"FACTS_DIR={ROOT / 'facts'}\nSEEDS_DIR={ROOT / 'seeds'}\n",
                                   encoding="utf-8")
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DISCORD_", "DATA_", "FACTS_", "SEEDS_", "DATABASE_"))}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "doctor", "--offline"],
                          cwd=tmp_path, env={**clean, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120, check=False)
    out = done.stdout + done.stderr
    assert "DISCORD_TOKEN is not set" not in out and "token" in out, out
    assert world.TOKEN not in out  # a secret read from .env is never printed
