"""The fact files' JSON Schema: generated from the validator's definitions, shipped up to date,
linked from every shipped file, accepting the shipped base and drafts, and rejecting each
validator fixture about structure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from bot.cli.schema import LINK_PREFIX, link_line, schema_text
from bot.core.facts.jsonschema import DESCRIPTIONS, SCHEMA_NAME, fact_file_schema
from bot.core.facts.loader import fact_files
from bot.core.facts.schema import SECTIONS, Field
from tests.cli.test_drafts import DRAFTS, WHOLE_FILE_DRAFT
from tests.conftest import FIXTURES, ROOT

VALIDATOR = Draft202012Validator(fact_file_schema())
# The validator's codes about a file's structure: sections, fields, types, values, lengths.
STRUCTURAL = {"F010", "F101", "F102", "F103", "F104", "F105", "F106", "F107", "F108", "F109",
              "F301"}
CASES = sorted(path for path in (FIXTURES / "validator").iterdir()
               if path.is_dir() and path.name.split("-")[0] in STRUCTURAL)


def errors(path: Path) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(
        yaml.safe_load(path.read_text("utf-8")))]


def test_the_shipped_schema_is_the_generated_one():
    Draft202012Validator.check_schema(fact_file_schema())
    assert (ROOT / "facts" / SCHEMA_NAME).read_text("utf-8") == schema_text(), \
        "run factbot schema"


def test_every_field_has_a_description():
    def names(fields: tuple[Field, ...], owner: str) -> list[str]:
        found = []
        for spec in fields:
            found.append(f"{owner}.{spec.name}")
            if spec.fields:
                found += names(spec.fields, "source" if spec.name == "source" else spec.name)
        return found

    wanted = [*SECTIONS, "status"]
    for section, (_, fields) in SECTIONS.items():
        wanted += names(fields, section)
    assert [name for name in wanted if name not in DESCRIPTIONS] == []


@pytest.mark.parametrize("path", fact_files(ROOT / "facts"), ids=lambda p: p.name)
def test_every_shipped_file_links_to_the_schema_and_passes_it(path):
    assert path.read_text("utf-8").startswith(link_line(path, ROOT / "facts" / SCHEMA_NAME))
    assert errors(path) == []


def test_drafts_and_the_clean_fixture_pass(tmp_path):
    for text in (DRAFTS, WHOLE_FILE_DRAFT):
        (tmp_path / "drafts.yaml").write_text(text, "utf-8")
        assert errors(tmp_path / "drafts.yaml") == []
    for path in fact_files(FIXTURES / "validator" / "clean" / "facts"):
        assert errors(path) == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_structural_fixture_is_rejected(case):
    lines = (case / "expected.txt").read_text("utf-8").splitlines()
    files = {line.split(":", 1)[0] for line in lines
             if line.split(": ", 1)[1].split()[0] in STRUCTURAL}
    assert files
    for name in sorted(files):
        assert errors(case / name), f"the schema accepts {case.name}/{name}"


@pytest.mark.parametrize(("record", "expected"), [
    ("{id: x, kind: member_of, subject: mali, object: aes, role: y, source: {seed: s, "
     "quote: q}}", "should not be valid"),
    ("{id: x, status: retracted, text: t, about: [mali], added: \"2026-11-24\", "
     "source: {seed: s, quote: q}}", "'reason' is a required property"),
    ("{id: x, about: [mali], added: \"2026-11-24\", source: {seed: s, quote: q}}",
     "'text' is a required property"),
])
def test_combinations_the_validator_refuses_are_refused(record, expected, tmp_path):
    section = "relations" if "member_of" in record else "facts"
    (tmp_path / "one.yaml").write_text(f"{section}:\n  - {record}\n", "utf-8")
    assert any(expected in message for message in errors(tmp_path / "one.yaml"))


def test_the_link_line_is_what_editors_read():
    assert LINK_PREFIX == "# yaml-language-server: $schema="
