"""``[tool.kmigrate]`` in the nearest ``pyproject.toml``: settings a project keeps with its code.

The table is looked for in the ``pyproject.toml`` files of the first PATH's
directory and of every directory above it (the current directory for stdin);
the first file that has a ``[tool.kmigrate]`` table is used, like ruff does.
Command-line options win over the file. Keys (dashes or underscores):

=====================  =====================================================
``target``             what the migrated code runs on: ``"tf-keras"``
``select``             rules and findings to run/report: codes, prefixes, names
``ignore``             rules and findings to leave out (same forms)
``exclude``            gitignore-style patterns, like ``--exclude``
``dim-ordering``       ``"auto"``, ``"th"`` or ``"tf"``
``channels-last``      true/false, like ``--channels-last``
``jobs``               number of processes (>= 1)
``annotate``           false is ``--no-annotate``
``py2``                false is ``--no-py2``
``max-size``           like ``--max-size`` (``"5M"``, or bytes as a number)
``fail-on-findings``   true/false, like ``--fail-on-findings``
=====================  =====================================================

An unknown key, a value of the wrong type and a ``pyproject.toml`` that is not
valid TOML are errors that name the file and the key; the run does not start.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from kmigrate.config import DimOrdering, Target

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

# key -> (what it must be, for messages; a check)
_STRINGS = "a list of strings"


def _is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


KEYS: Final[Mapping[str, tuple[str, Any]]] = {
    "target": (f"one of {', '.join(repr(t.value) for t in Target)}", lambda v: v in {t.value for t in Target}),
    "select": (_STRINGS, _is_string_list),
    "ignore": (_STRINGS, _is_string_list),
    "exclude": (_STRINGS, _is_string_list),
    "dim-ordering": (
        f"one of {', '.join(repr(d.value) for d in DimOrdering)}",
        lambda v: v in {d.value for d in DimOrdering},
    ),
    "channels-last": ("true or false", _is_bool),
    "jobs": ("a whole number of at least 1", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1),
    "annotate": ("true or false", _is_bool),
    "py2": ("true or false", _is_bool),
    "max-size": (
        "a size such as \"5M\" or a number of bytes",
        lambda v: (isinstance(v, int) and not isinstance(v, bool) and v > 0) or isinstance(v, str),
    ),
    "fail-on-findings": ("true or false", _is_bool),
}


class SettingsError(Exception):
    """A ``[tool.kmigrate]`` table kmigrate cannot use; the message names file and key."""


@dataclass(frozen=True)
class Settings:
    """The table that applies (keys with dashes), and the file it came from."""

    path: Path | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def find(paths: Sequence[str]) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.kmigrate]`` table, from the
    first PATH (or the current directory) upwards."""
    first = next((p for p in paths if p != "-"), None)
    start = Path(first).resolve() if first is not None else Path.cwd().resolve()
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "kmigrate" in text and "tool" in text and isinstance(_table(path, text), dict)


def _table(path: Path, text: str) -> object:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{_shown(path)}: not valid TOML: {exc}") from None
    tool = data.get("tool")
    return tool.get("kmigrate") if isinstance(tool, dict) else None


def load(paths: Sequence[str]) -> Settings:
    """The settings for a run over ``paths``; empty when no file has the table."""
    path = find(paths)
    if path is None:
        return Settings()
    table = _table(path, path.read_text(encoding="utf-8"))
    if not isinstance(table, dict):
        raise SettingsError(f"{_shown(path)}: [tool.kmigrate] must be a table")
    values: dict[str, Any] = {}
    for raw, value in table.items():
        key = raw.replace("_", "-")
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise SettingsError(f"{_shown(path)}: unknown key '{raw}' in [tool.kmigrate] (known keys: {known})")
        what, check = KEYS[key]
        if key in ("select", "ignore", "exclude") and isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not check(value):
            raise SettingsError(f"{_shown(path)}: [tool.kmigrate] {raw} must be {what}, not {value!r}")
        values[key] = value
    return Settings(path, values)


def _shown(path: Path) -> str:
    """The file as a path relative to the current directory when it is below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
