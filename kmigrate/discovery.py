"""Turn command-line paths into the list of files to migrate.

A file named on the command line is always taken, whatever its extension.
Directories are searched for ``*.py`` files and ``keras.json`` files (Keras
configuration, such as ``.keras/keras.json``), skipping version-control and
tool caches, installed packages and virtual environments. Directory symlinks
are never followed, and a file symlink found inside a directory is only taken
when it points to a file inside that same directory tree, so a run never
rewrites files outside the trees it was given.

A path that does not exist (or a directory that cannot be listed) is kept in
the list as it is: reading it fails, and the runner reports that file as
failed without stopping the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final, NamedTuple

# Directory names that never hold code the user means to migrate.
SKIPPED_DIRS: Final[frozenset[str]] = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        "node_modules",
        "site-packages",
    }
)

# Files found in directories besides ``*.py``: Keras configuration (``kmigrate.keras_json``).
CONFIG_FILES: Final[frozenset[str]] = frozenset({"keras.json"})

# Conventional virtual-environment names, skipped when they look like one.
VENV_NAMES: Final[frozenset[str]] = frozenset({"venv", ".venv", "env", ".env"})


class SourceFile(NamedTuple):
    """One file to migrate.

    ``display`` is the path as given on the command line (joined with the
    names found below a directory), normalised and with forward slashes: it
    names the file in messages and in ``a/``/``b/`` patch headers. ``path`` is
    the real (symlink-resolved) location, the one that is read and replaced.
    """

    display: str
    path: Path


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> list[SourceFile]:
    """The files to migrate, in a deterministic order, each real file once.

    Arguments keep their command-line order; the files found below one
    directory are sorted by path.
    """
    files: list[SourceFile] = []
    seen: set[Path] = set()
    for raw in paths:
        given = os.fspath(raw)
        if os.path.isdir(given):
            found = sorted(_walk(given), key=lambda f: _sort_key(f.display))
        else:
            found = [SourceFile(display_path(given), _real(given))]
        for source in found:
            if source.path not in seen:
                seen.add(source.path)
                files.append(source)
    return files


def display_path(path: str) -> str:
    """``path`` as shown to the user: normalised, forward slashes, no leading ``./``."""
    normal = os.path.normpath(path)
    if os.sep != "/":
        normal = normal.replace(os.sep, "/")
    return normal


def is_virtualenv(directory: str) -> bool:
    """True for a virtual environment (PEP 405 ``pyvenv.cfg``, or a named venv with an activate script)."""
    if os.path.isfile(os.path.join(directory, "pyvenv.cfg")):
        return True
    if os.path.basename(os.path.normpath(directory)) in VENV_NAMES:
        return os.path.isfile(os.path.join(directory, "bin", "activate")) or os.path.isfile(
            os.path.join(directory, "Scripts", "activate")
        )
    return False


def _walk(root: str) -> Iterator[SourceFile]:
    root_real = _real(root)
    unlistable: list[str] = []

    def on_error(exc: OSError) -> None:
        if exc.filename is not None:
            unlistable.append(os.fsdecode(exc.filename))

    # followlinks=False: a directory symlink is listed but never entered.
    for directory, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = [
            name
            for name in dirnames
            if name not in SKIPPED_DIRS
            and not os.path.islink(os.path.join(directory, name))
            and not is_virtualenv(os.path.join(directory, name))
        ]
        for name in filenames:
            if not (name.endswith(".py") or name in CONFIG_FILES):
                continue
            candidate = os.path.join(directory, name)
            real = _real(candidate)
            if os.path.islink(candidate) and not (
                real.is_relative_to(root_real) and real.is_file()
            ):
                continue
            yield SourceFile(display_path(candidate), real)
    for directory in unlistable:
        # Kept so that reading it reports why it could not be searched.
        yield SourceFile(display_path(directory), _real(directory))


def _real(path: str) -> Path:
    return Path(os.path.realpath(path))


def _sort_key(display: str) -> tuple[str, ...]:
    # Sort by components so that "a/b.py" and "a/c/d.py" order like a tree listing.
    return tuple(display.split("/"))
