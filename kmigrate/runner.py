"""Migrate many files: read, migrate, and (in write mode) replace them atomically.

Before the files are migrated, a cheap pre-pass (:func:`kmigrate.ordering.tree_evidence`)
collects the channel-ordering signs that hold for the whole run (``keras.json``
files, global setters); ``keras.json`` files themselves are migrated by
:mod:`kmigrate.keras_json`.

The per-file work is :func:`process_file`, a top-level function that takes and
returns picklable values, so a process pool can map it over the files later
without changes here. One file's failure never stops the others: every
problem becomes a failed :class:`~kmigrate.results.FileResult`.

Files are read and written as bytes: ``decode_source`` keeps the BOM, the
PEP 263 coding cookie and the line endings, and ``encode_source`` writes the
text back in the file's own encoding, so everything outside the changed lines
is kept byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kmigrate.config import DimOrdering, RunConfig
from kmigrate.discovery import iter_files
from kmigrate.engine import SourceDecodeError, decode_source, encode_source, migrate_source
from kmigrate.keras_json import is_keras_json, migrate_data
from kmigrate.ordering import tree_evidence
from kmigrate.results import FileError, FileResult, Mode, Report

# The encoding reported for a file whose bytes could not be read or decoded.
UNKNOWN_ENCODING = "utf-8"


@dataclass
class RunReport(Report):
    """A :class:`Report` that also knows each file's encoding (by display path).

    The encoding is needed to print a patch in the file's own bytes, which is
    what ``git apply`` compares against.
    """

    encodings: dict[str, str] = field(default_factory=dict)

    def encoding_of(self, result: FileResult) -> str:
        return self.encodings.get(result.path, UNKNOWN_ENCODING)


@dataclass(frozen=True)
class FileOutcome:
    """What :func:`process_file` returns: the result and the file's encoding."""

    result: FileResult
    encoding: str = UNKNOWN_ENCODING


class FileChangedError(OSError):
    """The file changed on disk between reading and writing it; it is left as it is."""


def run(
    paths: Iterable[str | os.PathLike[str]],
    config: RunConfig,
    mode: Mode,
    on_result: Callable[[FileOutcome], None] | None = None,
) -> RunReport:
    """Migrate every file found under ``paths``; write them back in ``Mode.WRITE``.

    ``on_result`` is called with each file's outcome, in order, as soon as it is done.
    ``Mode.STDIN`` is handled by :func:`run_stdin`, not here.
    """
    if mode is Mode.STDIN:
        raise ValueError("use run_stdin() for Mode.STDIN")
    write = mode is Mode.WRITE
    report = RunReport()
    files = iter_files(paths)
    if config.dim_ordering is DimOrdering.AUTO:
        # keras.json files and global setters anywhere in the run inform every file's ordering
        config = dataclasses.replace(config, tree_evidence=config.tree_evidence + tree_evidence(files))
    for source in files:
        outcome = process_file(source.display, str(source.path), config, write)
        report.add(outcome.result)
        report.encodings[outcome.result.path] = outcome.encoding
        if on_result is not None:
            on_result(outcome)
    return report


def run_stdin(data: bytes, config: RunConfig, display: str = "-") -> tuple[RunReport, bytes]:
    """Migrate source given as bytes; return the report and the bytes to output.

    A source that cannot be decoded or migrated is returned unchanged.
    """
    outcome, new_data = migrate_bytes(data, config, display)
    report = RunReport()
    report.add(outcome.result)
    report.encodings[display] = outcome.encoding
    return report, new_data


def migrate_bytes(data: bytes, config: RunConfig, display: str) -> tuple[FileOutcome, bytes]:
    """Decode, migrate and re-encode one source; never raises.

    Returns the outcome and the new bytes (``data`` itself unless it changed).
    """
    if is_keras_json(display):
        result, encoding, new_data = migrate_data(data, display)
        return FileOutcome(result, encoding), new_data
    try:
        decoded = decode_source(data)
    except SourceDecodeError as exc:
        return FileOutcome(
            FileResult.failed(display, "", f"cannot decode: {exc.reason}", exc.line)
        ), data
    result = migrate_source(decoded.text, config, display)
    if not result.changed:
        return FileOutcome(result, decoded.encoding), data
    try:
        new_data = encode_source(result.new_source, decoded.encoding)
    except (UnicodeError, LookupError) as exc:
        failed = _as_failed(result, f"cannot encode the migrated code as {decoded.encoding}: {exc}")
        return FileOutcome(failed, decoded.encoding), data
    return FileOutcome(result, decoded.encoding), new_data


def process_file(display: str, path: str, config: RunConfig, write: bool) -> FileOutcome:
    """Migrate one file (and replace it when ``write`` and it changed). Never raises.

    Takes and returns only picklable values so that a process pool can run it.
    """
    try:
        return _process_file(display, path, config, write)
    except Exception as exc:  # the last guard: one file never stops a run
        return FileOutcome(
            FileResult.failed(display, "", f"internal error: {type(exc).__name__}: {exc}")
        )


def _process_file(display: str, path: str, config: RunConfig, write: bool) -> FileOutcome:
    try:
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as exc:
        return FileOutcome(FileResult.failed(display, "", f"cannot read: {_os_reason(exc)}"))
    outcome, new_data = migrate_bytes(data, config, display)
    if not (write and outcome.result.changed):
        return outcome
    try:
        write_atomic(path, new_data, before)
    except OSError as exc:
        reason = _os_reason(exc)
        return dataclasses.replace(
            outcome, result=_as_failed(outcome.result, f"cannot write: {reason}")
        )
    return outcome


def write_atomic(path: str, data: bytes, original: os.stat_result | None = None) -> None:
    """Replace the file at ``path`` with ``data`` so that it is never half written.

    The bytes go to a temporary file in the same directory, which is flushed,
    synced, given the original permission bits and then renamed over the
    original. On any failure the temporary file is removed and the original is
    left as it was. ``original`` is the stat taken when the file was read: if
    the file changed since, it is not overwritten.
    """
    target = Path(path)
    current = os.stat(target)
    if original is not None and _changed_since(original, current):
        raise FileChangedError("the file changed while it was being migrated")
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".kmigrate")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(current.st_mode))
        _copy_owner(temp, current)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _changed_since(before: os.stat_result, now: os.stat_result) -> bool:
    return (before.st_mtime_ns, before.st_size, before.st_ino) != (
        now.st_mtime_ns,
        now.st_size,
        now.st_ino,
    )


def _copy_owner(temp: str, original: os.stat_result) -> None:
    # Only a privileged user can give a file away; for everyone else the new
    # file already has their ownership, which is the original's in practice.
    if hasattr(os, "chown") and hasattr(os, "geteuid") and os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.chown(temp, original.st_uid, original.st_gid)


def _as_failed(result: FileResult, reason: str) -> FileResult:
    # Keep the findings (they describe the original source), drop the rewrite.
    return dataclasses.replace(
        result, new_source=result.source, error=FileError(result.path, reason)
    )


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
