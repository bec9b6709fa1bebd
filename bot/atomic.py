"""Replacing a file so that a reader never sees half of it, whoever writes at the same time."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: Path, *chunks: bytes) -> None:
    """Write ``chunks`` (in order) to a temporary file beside ``path``, then rename it over
    ``path``.

    The temporary name carries the process id, so two processes writing the same file never
    share one (the last rename wins; neither leaves a torn file).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(partial, "wb") as out:
            for chunk in chunks:  # a large payload is not copied into one buffer first
                out.write(chunk)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
