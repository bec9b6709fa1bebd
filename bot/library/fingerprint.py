"""One digest of everything that shapes a loaded fact base: the caches' key.

A parse-cache entry or a start-up snapshot made by other code must never be used. "Other code" is
any file under ``bot/core`` (Python and data, in every sub-package), the interpreter, and the
libraries that parse and index (PyYAML, numpy, rapidfuzz, PyStemmer). Both caches key on this
one digest, so a new module or data file can never be left out of one of them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import sys
from pathlib import Path

__all__ = ["CORE_PACKAGE", "LIBRARIES", "code_fingerprint", "fingerprint_of"]

CORE_PACKAGE = Path(__file__).resolve().parent.parent / "core"
LIBRARIES = ("PyYAML", "numpy", "rapidfuzz", "PyStemmer")
_SKIPPED = ("__pycache__",)


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def fingerprint_of(folder: Path) -> str:
    """A short digest of every file under ``folder`` (names and bytes, recursively), the
    interpreter's version and the parsing and indexing libraries' versions."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode() + b"\0")
    for distribution in LIBRARIES:
        digest.update(f"{distribution}={_version(distribution)}\0".encode())
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part in _SKIPPED for part in relative.parts) \
                or path.suffix in (".pyc", ".pyo"):
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def code_fingerprint() -> str:
    """The fingerprint of this installation's ``bot/core`` (computed once per process)."""
    return fingerprint_of(CORE_PACKAGE)
