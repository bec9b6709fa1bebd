"""Which files a load reads, and reading one without ever raising or blocking.

The one definition of "the files the loader reads", shared by the fact loader, the seed loader
and the folder watcher (so the watcher never polls what no load reads, such as ``facts/.git``):

- a fact file is named ``*.yaml`` or ``*.yml`` and lies in the facts folder or one of its
  subfolders; a seed file is ``*.txt`` or ``*.meta.yaml`` directly in the seeds folder;
- hidden names (starting with ``.``) are skipped, folders and files alike.

Reading turns every ``OSError`` into a problem with a fix. A file deleted since it was listed is
``None``: the caller treats it as removed. A link is followed only to a file inside its folder;
a named pipe, a device or a socket is never opened; a file over ``MAX_FILE_BYTES`` is refused
by its size before a byte of it is read.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.facts.problems import Problem
from bot.core.facts.yamltree import MAX_FILE_BYTES, too_large

__all__ = ["FACT_SUFFIXES", "SEED_SUFFIXES", "Listing", "SourceFolder", "Stamp",
           "read_by_a_load"]

FACT_SUFFIXES = (".yaml", ".yml")
SEED_SUFFIXES = (".txt", ".meta.yaml")

Stamp = tuple[int, int, int, int]
"""What a file's stat says about its version: mtime (ns), size, inode and device."""

_NOT_FILES = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
              (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
_GONE = (errno.ENOENT, errno.ENOTDIR)  # the file, or a folder on its path, is no more


@dataclass(frozen=True, slots=True)
class Listing:
    """The files of a folder a load reads, as (path, name in messages), in a stable order;
    and the problems met while listing (a folder that cannot be read, a link to a folder)."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class SourceFolder:
    """A folder of fact files (``seeds=False``) or of seed articles (``seeds=True``).

    ``label`` is how the folder is named in problems (``facts``, ``../seeds``).
    """

    def __init__(self, path: Path, label: str, *, seeds: bool = False) -> None:
        self.path = path
        self.label = label
        self.seeds = seeds
        self.what = "seeds folder" if seeds else "facts folder"

    def files(self) -> Listing:
        """Every file a load reads from this folder (none when the folder is missing)."""
        listing = Listing()
        self._walk(self.path, self.label, listing)
        listing.files.sort()
        return listing

    def _walk(self, folder: Path, label: str, listing: Listing) -> None:
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError as error:
            if error.errno not in _GONE:  # gone: nothing to list
                listing.problems.append(Problem(label, 0, 0, "F011", _unreadable_folder(
                    label, error)))
            return
        suffixes = SEED_SUFFIXES if self.seeds else FACT_SUFFIXES
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = f"{label}/{entry.name}"
            if entry.name.endswith(suffixes):
                listing.files.append((Path(entry.path), name))
                continue
            if self.seeds:
                continue  # seeds are read from the folder itself, not its subfolders
            try:
                is_folder, is_link = entry.is_dir(), entry.is_symlink()
            except OSError:
                continue  # gone while we looked
            if is_folder and is_link:
                listing.problems.append(Problem(name, 1, 1, "F013", (
                    f"this is a link to a folder, which the loader does not follow (its files "
                    f"could be read twice, or from outside the {self.what}); move the folder "
                    "here, or link its files one by one")))
            elif is_folder:
                self._walk(Path(entry.path), name, listing)

    def stamp(self, path: Path, name: str) -> Stamp | Problem | None:
        """The file's stamp if it looks readable; a problem if it is not; None if it is gone.
        Links are checked first: only a link to a file inside this folder is followed."""
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                refused = self._link_problem(path, name)
                if refused is not None:
                    return refused
            info = os.stat(path)
        except OSError as error:
            return None if error.errno in _GONE else _unreadable(name, error)
        for test, what in _NOT_FILES:
            if test(info.st_mode):
                return Problem(name, 1, 1, "F012", f"this is {what}, not a file; the loader "
                               "never reads one (it could block or never end): replace it with "
                               "a regular file, or remove it")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
            return too_large(name, info.st_size)
        return info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev

    def read(self, path: Path, name: str) -> bytes | Problem | None:
        """The file's bytes; a problem if it cannot be read; None if it is gone."""
        checked = self.stamp(path, name)
        if not isinstance(checked, tuple):
            return checked
        try:
            # O_NONBLOCK: a named pipe swapped in since the check must not hang the open.
            handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as error:
            return None if error.errno in _GONE else _unreadable(name, error)
        try:
            info = os.fstat(handle)
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                now = self.stamp(path, name)  # swapped since the check: say what it is now
                return None if now is None else now if isinstance(now, Problem) else \
                    Problem(name, 1, 1, "F012", "this file changed into something else while "
                            "it was read; load again")
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_FILE_BYTES:  # never more than the limit, even if it grows
                chunk = os.read(handle, MAX_FILE_BYTES + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as error:  # a folder by this name: IsADirectoryError, and the like
            return _unreadable(name, error)
        finally:
            os.close(handle)
        if size > MAX_FILE_BYTES:
            return too_large(name, size)
        return b"".join(chunks)

    def _link_problem(self, path: Path, name: str) -> Problem | None:
        """Why a link is not followed, or None when it leads to a file inside the folder."""
        target = os.readlink(path)
        try:
            os.stat(path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return Problem(name, 1, 1, "F013", "this link leads round in a loop of links; "
                               "point it at a file or remove it")
            if error.errno in _GONE:
                return Problem(name, 1, 1, "F013", f"this link leads to '{target}', which does "
                               "not exist; point it at a file or remove it")
            raise
        inside = os.path.realpath(self.path)
        real = os.path.realpath(path)
        if os.path.commonpath([inside, real]) != inside:
            return Problem(name, 1, 1, "F013", f"this link leads to '{target}', outside the "
                           f"{self.what}; the loader follows links only to files inside it: "
                           "copy the file here instead")
        return None


def read_by_a_load(folder: Path) -> list[Path]:
    """Every file a load may read from ``folder``, whether it serves as the facts or the seeds
    folder: what the folder watcher polls."""
    found = {path for path, _ in SourceFolder(folder, "").files().files}
    found.update(path for path, _ in SourceFolder(folder, "", seeds=True).files().files)
    return sorted(found)


def _unreadable(name: str, error: OSError) -> Problem:
    """F011 for a file the system refused to read, with what to do about it."""
    if error.errno in (errno.EACCES, errno.EPERM):
        message = ("this file cannot be read: permission denied to the user running factbot; "
                   f"make it readable (chmod a+r {name}; with Docker, the file must be "
                   "readable by the container's user)")
    elif error.errno == errno.EISDIR:
        message = ("this is a folder, not a file; rename it or put the records in a file "
                   "(Docker makes such a folder when it mounts a file that does not exist on "
                   "the host: create the file there)")
    else:
        message = (f"this file cannot be read ({error.strerror or error}); check the disk or "
                   "the mount it is on, then load again")
    return Problem(name, 1, 1, "F011", message)


def _unreadable_folder(label: str, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return ("this folder cannot be listed: permission denied to the user running factbot; "
                f"make it readable (chmod a+rx {label})")
    return f"this folder cannot be listed ({error.strerror or error}); check the disk or mount"
