"""Problems found in the fact base: where, which rule, and how to fix it.

Every rule has a stable code (``F001`` …) so maintainers, tests and CI annotations can refer to it.
A problem prints as ``path:line:col: CODE message``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RULES", "Problem", "sort_problems"]

# Every code -> its short title: the registry of codes. The message of each problem explains
# the particular case and its fix. The cross-file rules (F2xx) are listed, with the function
# checking each, in ``rules.RULE_TABLE``, which takes its titles from here (this module is
# imported by every rule, so it cannot import them); tests/core/test_rule_table.py checks that
# every code used under bot/ is here and that every code here has a failing fixture.
RULES: dict[str, str] = {
    "F000": "folder not found",
    "F001": "file is not valid UTF-8",
    "F002": "YAML syntax error",
    "F003": "tab used for indentation",
    "F004": "file too large",
    "F005": "aliases expand too much (alias bomb)",
    "F006": "duplicate key",
    "F007": "YAML tag not allowed",
    "F008": "nesting too deep",
    "F009": "more than one YAML document in a file",
    "F010": "unknown top-level section",
    "F011": "file or folder cannot be read",
    "F012": "not a regular file (a named pipe, a device or a socket)",
    "F013": "link not followed (a loop, to nothing, to a folder, or out of its folder)",
    "F014": "character not allowed (control, direction-changing or invisible)",
    "F101": "unknown field",
    "F102": "missing required field",
    "F103": "wrong type",
    "F104": "YAML reads this unquoted value as something other than text",
    "F105": "value not allowed",
    "F106": "invalid date",
    "F107": "invalid id",
    "F108": "empty text",
    "F109": "fields that do not go together",
    "F201": "duplicate id",
    "F202": "unknown entity or agreement",
    "F203": "wrong kind of entity",
    "F204": "unknown seed",
    "F205": "alias claimed by two entries",
    "F206": "name or alias used by another entry",
    "F207": "quote not found in its seed",
    "F208": "unknown fact",
    "F210": "a quote that attributes or hedges backs a record marked as reported fact",
    "F211": "a quote that leaves out its sentence's attribution, or quotes the article's analysis",
    "F212": "a summary without the records it restates",
    "F213": "a name said to be the article's is not in its quote",
    "F214": "a date added that has not come yet",
    "F215": "a published id is gone (or a draft again)",
    "F216": "a published fact's text changed in substance without a reason",
    "F217": "a French name that is not one of the entity's names",
    "F218": "a French text whose figures differ from the text's",
    "F301": "text too long to show in Discord",
    "F401": "seed without metadata",
    "F402": "metadata without seed text",
}


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem at a place in a file; ``line`` and ``column`` are 1-based.

    A problem with a whole file points at 1:1; one with a missing folder at 0:0.
    """

    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as plain JSON-ready data."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "rule": RULES.get(self.code, ""),
            "message": self.message,
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line, then column."""
    return sorted(set(problems))
