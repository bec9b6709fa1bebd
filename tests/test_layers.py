"""The layers of ARCHITECTURE.md, enforced: each package imports only what lies below it.

Read from the source with ``ast`` (imports inside functions and ``TYPE_CHECKING`` blocks count
too), so a forbidden import fails here before it can blur the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

BOT = ROOT / "bot"

# (package, imports it must never make, why)
CONTRACTS = [
    ("bot.core", ("discord", "aiohttp", "psycopg", "sqlite3", "bot.store", "bot.pipeline",
                  "bot.library", "bot.app", "bot.chat", "bot.cli"),
     "the core is plain Python: no Discord, no database, no network, nothing above it"),
    ("bot.core.facts", ("bot.core.matching", "bot.core.replies", "bot.core.changes",
                        "bot.core.backlog", "bot.core.drafting"),
     "the fact model knows nothing of matching or replies"),
    ("bot.core.matching", ("bot.core.replies", "bot.core.changes", "bot.core.backlog"),
     "matching knows nothing of replies"),
    ("bot.store", ("bot.core", "bot.app", "bot.chat", "bot.library", "discord"),
     "the store keeps rows; it knows no facts and no Discord"),
    ("bot.app", ("discord", "aiohttp", "bot.chat", "bot.cli"),
     "the use cases reach Discord only through their ports"),
    ("bot.library", ("discord", "bot.app", "bot.chat", "bot.store", "bot.pipeline"),
     "the served library is below the use cases"),
    ("bot.pipeline", ("discord", "bot.chat", "bot.app"),
     "the delivery worker posts through the Messenger port"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules_in(package: str) -> list[Path]:
    folder = ROOT.joinpath(*package.split("."))
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [folder.with_suffix(".py")]


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize(("package", "forbidden", "why"), CONTRACTS,
                         ids=[contract[0] for contract in CONTRACTS])
def test_no_module_imports_against_the_layers(package: str, forbidden: tuple[str, ...],
                                              why: str):
    broken = [f"{module_name(path)} imports {name}"
              for path in modules_in(package) for name in sorted(imports_of(path))
              if any(within(name, bad) for bad in forbidden)]
    assert not broken, f"{why}:\n" + "\n".join(broken)


def test_only_the_discord_layer_imports_discord():
    outside = [f"{module_name(path)} imports {name}" for path in sorted(BOT.rglob("*.py"))
               if not within(module_name(path), "bot.chat")
               for name in sorted(imports_of(path)) if within(name, "discord")]
    assert not outside


def test_the_contracts_name_real_packages():
    for package, forbidden, _ in CONTRACTS:
        assert modules_in(package), package
        for name in forbidden:
            if name.startswith("bot."):
                assert modules_in(name)[0].exists(), name


def test_the_checker_sees_a_forbidden_import(tmp_path: Path):
    module = tmp_path / "sample.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from bot.store.store import Store\ndef f():\n    import discord\n")
    assert {"bot.store.store", "discord"} <= imports_of(module)
