"""Turn command-line paths into the list of files to migrate.

A file named on the command line is always taken, whatever its name. A
directory is walked for the files kmigrate knows how to migrate: ``*.py``,
``*.ipynb`` notebooks, ``keras.json`` (Keras configuration) and the files
that declare dependencies (``requirements*.txt``, ``setup.py``,
``setup.cfg``, ``pyproject.toml``, ``environment.yml``). Whether a file
really needs work is decided later from its bytes (the runner's byte search
for ``keras``), so a tree of twenty thousand files without Keras costs one
read per file and no parse.

The walk skips:

* version-control folders, tool caches, build output (``build``, ``dist``,
  ``*.egg-info``, ``.ipynb_checkpoints``), installed packages
  (``site-packages``, ``node_modules``) and virtual or conda environments;
* whatever the ``.gitignore`` files say (git's own pattern rules: ``!``
  negation, ``/`` anchoring, trailing ``/`` for directories, ``**``; nested
  ``.gitignore`` files, those of the enclosing repository above the walked
  directory, and ``.git/info/exclude``; no git binary is needed);
* whatever matches an ``exclude`` pattern (same syntax, relative to the
  walked directory).

Symlinks are never followed out of the walked directory and never written
through: a directory symlink is not entered; a file symlink is not taken
itself (its target, when it lies inside the tree, is found under its own
name), and neither is a file symlink named as an argument (a directory
symlink named as an argument is walked: the user chose that tree). A symlink that points outside the tree, nowhere, or in a loop is
listed in :attr:`Discovery.skipped` with a one-line reason.

A path that does not exist (or a directory that cannot be listed) is kept in
the list as it is: reading it fails, and the runner reports that file as
failed without stopping the others.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

from kmigrate.sidefiles import is_side_file

# Directory names that never hold code the user means to migrate.
SKIPPED_DIRS: Final[frozenset[str]] = frozenset(
    {
        ".eggs",
        ".git",
        ".hg",
        ".ipynb_checkpoints",
        ".mypy_cache",
        ".nox",
        ".pytest_cache",
        ".ruff_cache",
        ".svn",
        ".tox",
        "__pycache__",
        "build",
        "dist",
        "node_modules",
        "site-packages",
    }
)

# Keras configuration (``kmigrate.keras_json``).
CONFIG_FILES: Final[frozenset[str]] = frozenset({"keras.json"})

# Conventional virtual-environment names, skipped when they look like one.
VENV_NAMES: Final[frozenset[str]] = frozenset({"venv", ".venv", "env", ".env"})

IGNORE_FILE: Final = ".gitignore"


class SourceFile(NamedTuple):
    """One file to migrate.

    ``display`` is the path as given on the command line (joined with the
    names found below a directory), normalised and with forward slashes: it
    names the file in messages and in ``a/``/``b/`` patch headers. ``path`` is
    the real (symlink-resolved) location, the one that is read and replaced.
    """

    display: str
    path: Path


class Skipped(NamedTuple):
    """A path the walk saw but does not migrate, and why (one line)."""

    display: str
    reason: str


@dataclass
class Discovery:
    """What :func:`discover` found: the files in order, and the notable skips."""

    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def iter_files(
    paths: Iterable[str | os.PathLike[str]], exclude: Sequence[str] = ()
) -> list[SourceFile]:
    """The files to migrate, in a deterministic order, each real file once."""
    return discover(paths, exclude).files


def discover(paths: Iterable[str | os.PathLike[str]], exclude: Sequence[str] = ()) -> Discovery:
    """The files to migrate and the skipped symlinks, in a deterministic order.

    Arguments keep their command-line order; the files found below one
    directory are sorted by path. ``exclude`` holds gitignore-style patterns
    applied below every directory argument.
    """
    found = Discovery()
    seen: set[Path] = set()
    excludes = [Rule.parse(pattern, "") for pattern in exclude]
    for raw in paths:
        given = os.fspath(raw)
        if os.path.isdir(given):
            walked = Discovery()
            _walk(given, [r for r in excludes if r is not None], walked)
            files = sorted(walked.files, key=lambda f: _sort_key(f.display))
            found.skipped.extend(sorted(walked.skipped, key=lambda s: _sort_key(s.display)))
        elif os.path.islink(given):
            # a named symlink is not written through: its target may lie
            # anywhere, and the link may be all the user's tree holds of it
            found.skipped.append(Skipped(display_path(given), _named_link_reason(given)))
            continue
        else:
            files = [SourceFile(display_path(given), _real(given))]
        for source in files:
            if source.path not in seen:
                seen.add(source.path)
                found.files.append(source)
    return found


def display_path(path: str) -> str:
    """``path`` as shown to the user: normalised, forward slashes, no leading ``./``."""
    normal = os.path.normpath(path)
    if os.sep != "/":
        normal = normal.replace(os.sep, "/")
    return normal


def is_candidate(path: str) -> bool:
    """True for a file the walk takes, by its name (see the module docstring)."""
    name = os.path.basename(path)
    return name.endswith((".py", ".ipynb")) or name in CONFIG_FILES or is_side_file(path)


def is_virtualenv(directory: str) -> bool:
    """True for a virtual environment (PEP 405 ``pyvenv.cfg``, a named venv with an
    activate script, or a conda environment)."""
    if os.path.isfile(os.path.join(directory, "pyvenv.cfg")):
        return True
    if os.path.isdir(os.path.join(directory, "conda-meta")):
        return True
    if os.path.basename(os.path.normpath(directory)) in VENV_NAMES:
        return os.path.isfile(os.path.join(directory, "bin", "activate")) or os.path.isfile(
            os.path.join(directory, "Scripts", "activate")
        )
    return False


# ---------------------------------------------------------------------------
# gitignore-style patterns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One gitignore pattern, relative to the directory ``base`` ('' for the top)."""

    base: str
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool

    @classmethod
    def parse(cls, line: str, base: str) -> Rule | None:
        """The rule for one line of a ``.gitignore`` file; None for blanks and comments."""
        line = line.rstrip("\r\n")
        if not line or line.startswith("#"):
            return None
        negated = line.startswith("!")
        if negated or line.startswith("\\#") or line.startswith("\\!"):
            line = line[1:]
        line = _strip_trailing_spaces(line)
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            return None
        anchored = "/" in line
        body = _translate(line.lstrip("/"))
        prefix = "" if anchored else "(?:.*/)?"
        return cls(base, re.compile(f"^{prefix}{body}$", re.DOTALL), negated, dir_only)

    def match(self, path: str, is_dir: bool) -> bool:
        """Does the rule match ``path`` (relative to the top, forward slashes)?"""
        if self.dir_only and not is_dir:
            return False
        if self.base:
            if not path.startswith(self.base + "/"):
                return False
            path = path[len(self.base) + 1 :]
        return self.regex.match(path) is not None


def is_ignored(rules: Sequence[Rule], path: str, is_dir: bool) -> bool:
    """git's verdict: the last matching rule decides; no match means not ignored."""
    for rule in reversed(rules):
        if rule.match(path, is_dir):
            return not rule.negated
    return False


def read_rules(path: str, base: str) -> list[Rule]:
    """The rules of one ignore file (an unreadable file has none)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.readlines()
    except OSError:
        return []
    return [rule for line in lines if (rule := Rule.parse(line, base)) is not None]


def _strip_trailing_spaces(line: str) -> str:
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        return stripped[:-1] + " "
    return stripped


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            if pattern.startswith("**", i) and (i == 0 or pattern[i - 1] == "/"):
                after = i + 2
                if after == n:
                    out.append(".*")
                    i = after
                    continue
                if pattern[after] == "/":
                    out.append("(?:.*/)?")
                    i = after + 1
                    continue
            while i < n and pattern[i] == "*":
                i += 1
            out.append("[^/]*")
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "^", "]") else i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                inner = pattern[i + 1 : end]
                negate = inner[:1] in ("!", "^")
                if negate:
                    inner = inner[1:]
                inner = inner.replace("\\", "\\\\").replace("[", "\\[")
                out.append(f"[{'^/' if negate else ''}{inner}]")
                i = end
        elif char == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------
# the walk
# ---------------------------------------------------------------------------


def _walk(root: str, excludes: list[Rule], found: Discovery) -> None:
    root_real = _real(root)
    top, prefix = _repository_top(root_real)
    rules = _outer_rules(top, root_real)
    # (directory as given, its path relative to the top, the rules in force there)
    stack: list[tuple[str, str, list[Rule]]] = [(root, prefix, rules)]
    while stack:
        directory, rel_dir, inherited = stack.pop()
        local = read_rules(os.path.join(directory, IGNORE_FILE), rel_dir)
        rules_here = inherited + local if local else inherited
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            # Kept so that reading it reports why it could not be searched.
            found.files.append(SourceFile(display_path(directory), _real(directory)))
            continue
        for entry in entries:
            name = entry.name
            rel = f"{rel_dir}/{name}" if rel_dir else name
            rel_to_root = rel[len(prefix) + 1 :] if prefix else rel
            candidate = os.path.join(directory, name)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_ignored(rules_here, rel, is_dir) or is_ignored(excludes, rel_to_root, is_dir):
                continue
            if is_link:
                _note_symlink(candidate, root_real, found)
            elif is_dir:
                if name in SKIPPED_DIRS or name.endswith(".egg-info") or is_virtualenv(candidate):
                    continue
                stack.append((candidate, rel, rules_here))
            elif is_candidate(candidate):
                # Neither this file nor a folder above it (up to the root) is a symlink.
                real = Path(os.path.join(root_real, rel_to_root))
                found.files.append(SourceFile(display_path(candidate), real))


def _note_symlink(candidate: str, root_real: Path, found: Discovery) -> None:
    """Symlinks are never taken; the ones whose target the walk cannot reach get a note."""
    display = display_path(candidate)
    try:
        target = Path(os.path.realpath(candidate, strict=True))
    except OSError as exc:
        if exc.errno == 40 or "loop" in str(exc).lower():  # ELOOP
            found.skipped.append(Skipped(display, "symlink loop, not followed"))
        elif is_candidate(candidate):
            found.skipped.append(Skipped(display, "symlink to a missing file"))
        return
    if not target.is_relative_to(root_real):
        kind = "directory" if target.is_dir() else "file"
        if target.is_dir() or is_candidate(candidate):
            found.skipped.append(
                Skipped(
                    display, f"symlink to a {kind} outside {root_real.name or '/'}, not followed"
                )
            )


def _repository_top(root_real: Path) -> tuple[Path, str]:
    """The enclosing git work tree (else the root itself) and the root relative to it."""
    for candidate in (root_real, *root_real.parents):
        if (candidate / ".git").exists():
            rel = root_real.relative_to(candidate).as_posix()
            return candidate, "" if rel == "." else rel
    return root_real, ""


def _outer_rules(top: Path, root_real: Path) -> list[Rule]:
    """``.git/info/exclude`` and the ``.gitignore`` files above the walked directory."""
    rules = read_rules(str(top / ".git" / "info" / "exclude"), "")
    if top == root_real:
        return rules
    directory = top
    for part in root_real.relative_to(top).parts:
        base = directory.relative_to(top).as_posix()
        rules += read_rules(str(directory / IGNORE_FILE), "" if base == "." else base)
        directory = directory / part
    return rules


def _named_link_reason(path: str) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        return "symlink, not written through"
    return f"symlink to {display_path(target)}, not written through (name the file itself to migrate it)"


def _real(path: str) -> Path:
    return Path(os.path.realpath(path))


def _sort_key(display: str) -> tuple[str, ...]:
    # Sort by components so that "a/b.py" and "a/c/d.py" order like a tree listing.
    return tuple(display.split("/"))
