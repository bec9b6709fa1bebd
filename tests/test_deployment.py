"""The deployment files: the Compose file against the Compose schema, and each file against the
settings the bot actually reads. No Docker engine runs here, so these checks stand in for
``docker compose config`` and a build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from jsonschema import Draft7Validator

from bot.cli import SUBCOMMANDS
from bot.dotenv import read_dotenv
from bot.settings import SETTINGS, Settings
from tests.conftest import ROOT, SHARED

COMPOSE_SCHEMA = SHARED / "compose-spec" / "compose-spec.json"
# Read by docker compose, not the bot.
COMPOSE_ONLY = {"COMPOSE_FILE", "POSTGRES_PASSWORD"}
COMPOSE_BLOCK = ("COMPOSE_FILE", "POSTGRES_PASSWORD")
# Read by libpq (psycopg) when the URL has no password (postgresql.org, "Environment Variables").
LIBPQ = {"PGPASSWORD"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def postgres_file() -> dict:
    return yaml.safe_load((ROOT / "compose.postgres.yml").read_text(encoding="utf-8"))


def env_example() -> dict[str, str]:
    """Every variable .env.example mentions (set or commented out) with its example value."""
    found = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"#? ?([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            found[match[1]] = match[2]
    return found


def test_the_compose_files_follow_the_compose_schema(compose, postgres_file):
    if not COMPOSE_SCHEMA.exists():
        if os.environ.get("FACTBOT_REQUIRE_SHARED") == "1":
            pytest.fail(f"{COMPOSE_SCHEMA} is not present (FACTBOT_REQUIRE_SHARED=1)")
        pytest.skip(f"{COMPOSE_SCHEMA} is not present")
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    for document in (compose, postgres_file):
        errors = sorted(Draft7Validator(schema).iter_errors(document), key=lambda e: e.path)
        assert [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors] == []


def test_the_bot_service_passes_only_settings_the_bot_reads(compose):
    bot = compose["services"]["bot"]
    assert set(bot["environment"]) <= set(SETTINGS)
    extra = yaml.safe_load((ROOT / "compose.postgres.yml").read_text(encoding="utf-8"))
    assert set(extra["services"]["bot"]["environment"]) <= set(SETTINGS) | LIBPQ
    assert bot["env_file"] == ".env"
    healthcheck = bot["healthcheck"]["test"]
    assert healthcheck[:2] == ["CMD", "factbot"] and healthcheck[2] in SUBCOMMANDS


def test_facts_and_seeds_are_mounted_read_only_and_state_in_a_named_volume(compose):
    bot = compose["services"]["bot"]
    mounts = {target: (source, mode) for source, target, *mode in
              (volume.split(":") for volume in bot["volumes"])}
    env = bot["environment"]
    assert mounts[env["FACTS_DIR"]] == ("./facts", ["ro"])
    assert mounts[env["SEEDS_DIR"]] == ("./seeds", ["ro"])
    data_volume, mode = mounts[env["DATA_DIR"]]
    assert data_volume in compose["volumes"] and mode == []


def interpolated(environment: dict[str, str], variables: dict[str, str]) -> dict[str, str]:
    """A service's ``environment`` as Compose fills in ``${NAME:-default}`` and ``${NAME:?err}``
    from ``.env`` (an unset ``:?`` variable fails, as Compose refuses to start)."""
    def value(match: re.Match[str]) -> str:
        name, kind, default = match[1], match[2], match[3] or ""
        if kind == ":?" and not variables.get(name):
            raise ValueError(default)
        return variables.get(name) or (default if kind == ":-" else "")
    return {name: re.sub(r"\$\{([A-Z_]+)(?:(:[-?])([^}]*))?\}", value, str(text))
            for name, text in environment.items()}


def dotenv_with_the_compose_block(tmp_path, *extra: str) -> dict[str, str]:
    """.env.example with its PostgreSQL block for Compose uncommented, as the README says."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    text = re.sub(rf"^# ({'|'.join(COMPOSE_BLOCK)})=", r"\1=", text, flags=re.MULTILINE)
    path = tmp_path / ".env"
    path.write_text("\n".join([text, "DISCORD_TOKEN=x", *extra]), encoding="utf-8")
    return read_dotenv(path)


def container_environment(variables: dict[str, str], *documents: dict) -> dict[str, str]:
    """The bot container's environment: .env (its env_file), then each Compose file's
    ``environment`` merged over it, in the order COMPOSE_FILE lists them."""
    merged: dict[str, str] = {}
    for document in documents:
        merged |= document["services"]["bot"].get("environment", {})
    return {**variables, **interpolated(merged, variables)}


def test_the_compose_database_never_reaches_the_host_and_the_hosts_never_the_container(
        compose, postgres_file, tmp_path):
    for extra in ((), ("DATABASE_URL=postgresql://factbot:pw@localhost:5432/factbot",)):
        variables = dotenv_with_the_compose_block(tmp_path, *extra)
        files = variables["COMPOSE_FILE"].split(":")
        assert files == ["docker-compose.yml", "compose.postgres.yml"]
        host = Settings.from_env(variables)  # make run / factbot on the host read .env
        container = container_environment(variables, compose, postgres_file)
        assert host.database_url == (extra[0].partition("=")[2] if extra else None)
        assert Settings.from_env(container).database_url == \
            "postgresql://factbot@postgres:5432/factbot"
        assert container["PGPASSWORD"] == variables["POSTGRES_PASSWORD"]  # once, as is
    plain = read_dotenv(ROOT / ".env.example")  # the block commented out: SQLite in both
    assert Settings.from_env({**plain, "DISCORD_TOKEN": "x"}).database_url is None
    alone = container_environment({**plain, "DISCORD_TOKEN": "x",
                                   "DATABASE_URL": "postgresql://h/x"}, compose)
    assert Settings.from_env(alone).database_url is None


def test_postgres_without_a_password_is_refused_not_started_empty(compose, postgres_file):
    postgres = postgres_file["services"]["postgres"]
    with pytest.raises(ValueError, match=r"set POSTGRES_PASSWORD in \.env"):
        interpolated(postgres["environment"], {})
    assert postgres_file["services"]["bot"]["depends_on"]["postgres"]["condition"] == \
        "service_healthy"
    assert "postgres" not in compose["services"]  # SQLite needs no password at all
    assert (postgres["environment"]["POSTGRES_USER"], postgres["environment"]["POSTGRES_DB"]) \
        == ("factbot", "factbot")
    for name in ("docker-compose.yml", "compose.postgres.yml"):
        used = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / name).read_text(encoding="utf-8")))
        assert used <= COMPOSE_ONLY, name


def test_env_example_documents_every_setting_and_nothing_else():
    mentioned = set(env_example())
    assert mentioned - COMPOSE_ONLY == set(SETTINGS)


def test_the_dockerfile_builds_a_small_non_root_image_without_secrets():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.split(None, 1) for line in
                    re.sub(r"\\\n\s*", " ", dockerfile).splitlines()
                    if line.strip() and not line.lstrip().startswith("#")]
    kinds = [kind for kind, _ in instructions]
    assert re.fullmatch(r"python:3\.1[1-9]-slim", instructions[0][1])
    user = kinds.index("USER")
    assert instructions[user][1] not in ("root", "0") and user < kinds.index("CMD")
    assert not [args for kind, args in instructions if kind in ("ENV", "ARG") and
                re.search(r"TOKEN|PASSWORD|DATABASE_URL", args)]
    assert any("--constraint constraints.txt" in args for kind, args in instructions
               if kind == "RUN")
    for kind, args in instructions:
        if kind == "COPY":
            assert all((ROOT / source).exists() for source in args.split()[:-1]), args
    assert '"factbot", "health"' in dict(instructions)["HEALTHCHECK"]
    # The dependencies get a layer of their own, before the code: an edit of bot/ reuses it.
    code = next(i for i, (kind, args) in enumerate(instructions)
                if kind == "COPY" and args.startswith("bot "))
    installs = [i for i, (kind, args) in enumerate(instructions)
                if kind == "RUN" and "pip install" in args]
    assert installs[0] < code < installs[-1] and "--no-deps" in instructions[installs[-1]][1]
    assert not [args for kind, args in instructions[:code] if kind == "COPY" and
                set(args.split()[:-1]) - {"pyproject.toml", "constraints.txt", "README.md"}]
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored and ".git" in ignored


def test_the_dockerfiles_dependency_list_is_pyprojects():
    """The command that lists the dependencies for their own layer, run as the image runs it."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    command = re.search(r'python -c "([^"]+)"', dockerfile)
    assert command is not None
    listed = subprocess.run([sys.executable, "-c", command[1]], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split("\n")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert [line for line in listed if line] == project["dependencies"]
