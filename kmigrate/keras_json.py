"""Keras configuration files (``keras.json``) found in the tree: migrated, and read as evidence.

Keras 1 read ``image_dim_ordering`` (``"th"``/``"tf"``) from ``~/.keras/keras.json``;
Keras 2 and 3 read ``image_data_format`` (``"channels_first"``/``"channels_last"``)
and ignore the old key, so a committed Keras 1 configuration silently stops
applying (checked on Keras 3.15: ``"image_dim_ordering": "th"`` leaves the
format ``channels_last``). The key and its value are rewritten as text, so
everything else in the file (indentation, key order, CRLF endings, a BOM) is
kept byte for byte. Values that make importing Keras 3 fail are findings
(K995): a ``backend`` other than tensorflow, jax, torch, numpy or openvino
(``"theano"`` raises "Unable to import backend"), an ``image_data_format``,
``floatx`` or ``epsilon`` Keras 3 rejects. A file that is not valid JSON is an
error naming the file, as Keras 3 would silently ignore it.

The ordering a ``keras.json`` states is evidence for :mod:`kmigrate.ordering`.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from typing import Final

from codemods._channels import Evidence, Ordering
from kmigrate.results import FileResult, Finding

KERAS_JSON: Final = "keras.json"
PROBLEM: Final = "K995"

_OLD_KEY: Final = "image_dim_ordering"
_NEW_KEY: Final = "image_data_format"
_VALUES: Final = {"th": "channels_first", "tf": "channels_last"}
_BACKENDS: Final = frozenset({"jax", "numpy", "openvino", "tensorflow", "torch"})
_FLOATX: Final = frozenset({"float16", "float32", "float64"})
_WHITESPACE: Final = " \t\n\r"
_DECODER: Final = json.JSONDecoder()


def is_keras_json(path: str) -> bool:
    """Whether ``path`` names a Keras configuration file (by its file name)."""
    return path.replace("\\", "/").rpartition("/")[2] == KERAS_JSON


@dataclass(frozen=True)
class _Member:
    """One top-level ``"key": value`` of the file, with where its key and value are."""

    key: str
    key_span: tuple[int, int]
    value: object
    value_span: tuple[int, int]


def migrate_data(data: bytes, path: str) -> tuple[FileResult, str, bytes]:
    """Migrate a keras.json given as bytes: the result, its encoding, and the new bytes."""
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"cannot decode: not valid UTF-8 text (byte 0x{data[exc.start]:02x})"
        return FileResult.failed(path, "", reason, line), encoding, data
    result = migrate_text(text, path)
    return result, encoding, result.new_source.encode(encoding) if result.changed else data


def migrate_text(text: str, path: str) -> FileResult:
    """``image_dim_ordering`` -> ``image_data_format`` (value mapped); K995 for values Keras 3 rejects."""
    try:
        members = _parse(text)
    except _Unreadable as exc:
        return FileResult.failed(path, text, exc.reason, exc.line)
    findings: list[Finding] = []
    edits: list[tuple[tuple[int, int], str]] = []
    new_values = [m.value for m in members if m.key == _NEW_KEY]
    new_value = new_values[-1] if new_values else None
    for member in members:
        problem = _problem(member, new_value)
        if problem is not None:
            line, column = _position(text, member.key_span[0])
            findings.append(Finding(PROBLEM, line, column, problem))
        elif member.key == _OLD_KEY:
            assert isinstance(member.value, str)
            edits.append((member.key_span, json.dumps(_NEW_KEY)))
            edits.append((member.value_span, json.dumps(_VALUES[member.value])))
    new_text = text
    for (start, end), replacement in sorted(edits, reverse=True):
        new_text = new_text[:start] + replacement + new_text[end:]
    return FileResult(path=path, source=text, new_source=new_text, findings=tuple(findings))


def evidence(text: str, path: str) -> tuple[Evidence, ...]:
    """The ordering this keras.json states, as strong global evidence (none when it states none).

    ``image_dim_ordering`` is what Keras 1 code ran with, so it wins over
    ``image_data_format``; within one key the last occurrence wins, as in ``json.load``.
    """
    try:
        members = _parse(text)
    except _Unreadable:
        return ()
    by_key = {member.key: member for member in members}
    for key, values in ((_OLD_KEY, _VALUES), (_NEW_KEY, {v: v for v in _VALUES.values()})):
        found = by_key.get(key)
        if found is not None and isinstance(found.value, str) and found.value in values:
            ordering = Ordering.TH if values[found.value] == "channels_first" else Ordering.TF
            kind = f'"{key}": "{found.value}"'
            return (Evidence(ordering, kind, path, _position(text, found.key_span[0])[0], strong=True),)
    return ()


def _problem(member: _Member, new_value: object) -> str | None:
    """Why Keras 3 would reject or ignore this member, or None (``new_value``: the
    file's ``image_data_format``, None when it has none)."""
    key, value = member.key, member.value
    if key == _OLD_KEY:
        if new_value is not None:
            if isinstance(value, str) and _VALUES.get(value) == new_value:
                return f'Keras 3 ignores "{_OLD_KEY}" (it reads "{_NEW_KEY}", which agrees): remove "{_OLD_KEY}"'
            return (
                f'Keras 3 ignores "{_OLD_KEY}": {json.dumps(value)} and reads "{_NEW_KEY}": '
                f'{json.dumps(new_value)}: make "{_NEW_KEY}" say what the Keras 1 code ran with, '
                f'then remove "{_OLD_KEY}"'
            )
        if value not in _VALUES:
            return f'"{_OLD_KEY}" must be "th" or "tf" to be migrated: Keras 3 reads "{_NEW_KEY}": "channels_first" or "channels_last"'
    elif key == _NEW_KEY and value not in _VALUES.values():
        return f'importing Keras 3 fails with "{_NEW_KEY}": {json.dumps(value)}: use "channels_first" or "channels_last"'
    elif key == "backend" and value not in _BACKENDS:
        return (
            f'importing Keras 3 fails with "backend": {json.dumps(value)}: Keras 3 runs on tensorflow, '
            'jax or torch: set "backend": "tensorflow"'
        )
    elif key == "floatx" and value not in _FLOATX:
        return f'importing Keras 3 fails with "floatx": {json.dumps(value)}: use "float16", "float32" or "float64"'
    elif key == "epsilon" and not isinstance(value, float):
        return f'importing Keras 3 fails with "epsilon": {json.dumps(value)}: Keras 3 wants a float such as 1e-07'
    return None


class _Unreadable(Exception):
    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _parse(text: str) -> list[_Member]:
    """The top-level members of the JSON object in ``text``; raises ``_Unreadable``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Unreadable(f"invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise _Unreadable("invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        kind = "an array" if isinstance(data, list) else "a single value"
        raise _Unreadable(f"not a JSON object: Keras reads its settings from an object, this file holds {kind}", 1)
    # json.loads accepted the text, so this walk over it cannot fail
    members: list[_Member] = []
    i = _skip(text, 0)
    assert text[i] == "{"
    i = _skip(text, i + 1)
    while text[i] != "}":
        key, key_end = _DECODER.raw_decode(text, i)  # a key is a JSON string
        colon = _skip(text, key_end)
        start = _skip(text, colon + 1)
        value, end = _DECODER.raw_decode(text, start)
        members.append(_Member(key, (i, key_end), value, (start, end)))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
    return members


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WHITESPACE:
        i += 1
    return i


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

