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

Runs over whole repositories: ``jobs`` > 1 spreads the files over a process
pool (results still come back in discovery order, the same as with one job);
a ``.py`` or ``.ipynb`` file whose bytes never name Keras is not decoded or
parsed; a file over ``max_size`` bytes is searched in place (memory-mapped)
and only reported when it names Keras; a read-only file is reported, not
replaced. Workers ignore Ctrl-C: the main process stops handing out files
and the files already being written finish, so every file is either old or
new.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import mmap
import multiprocessing
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kmigrate.config import DimOrdering, RunConfig
from kmigrate.discovery import CONFIG_FILES, Skipped, SourceFile, discover
from kmigrate.engine import SourceDecodeError, decode_source, encode_source, migrate_source
from kmigrate.keras_json import is_keras_json, migrate_data
from kmigrate.notebook import is_notebook, migrate_notebook
from kmigrate.ordering import tree_evidence
from kmigrate.results import FileError, FileResult, Mode, Report
from kmigrate.sidefiles import is_side_file, migrate_side_file

# The encoding reported for a file whose bytes could not be read or decoded.
UNKNOWN_ENCODING = "utf-8"

# Files larger than this (bytes) are not loaded to be migrated (``--max-size``).
DEFAULT_MAX_SIZE = 5 * 1024 * 1024

# What a file must contain to be worth decoding and parsing.
KERAS_MARKER = b"keras"


@dataclass
class RunReport(Report):
    """A :class:`Report` that also knows each file's encoding (by display path).

    The encoding is needed to print a patch in the file's own bytes, which is
    what ``git apply`` compares against.
    """

    encodings: dict[str, str] = field(default_factory=dict)
    # paths the walk saw but did not take (symlinks out of the tree, loops), with why
    skipped: list[Skipped] = field(default_factory=list)

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
    *,
    jobs: int = 1,
    exclude: Sequence[str] = (),
    max_size: int = DEFAULT_MAX_SIZE,
    on_start: Callable[[int, list[Skipped]], None] | None = None,
) -> RunReport:
    """Migrate every file found under ``paths``; write them back in ``Mode.WRITE``.

    ``on_start`` is called once the files are known, with their number and the
    skipped paths; ``on_result`` with each file's outcome, in discovery order,
    as soon as it is done. ``jobs`` > 1 runs the files in that many processes.
    ``Mode.STDIN`` is handled by :func:`run_stdin`, not here.
    """
    if mode is Mode.STDIN:
        raise ValueError("use run_stdin() for Mode.STDIN")
    write = mode is Mode.WRITE
    report = RunReport()
    found = discover(paths, exclude)
    files = found.files
    report.skipped.extend(found.skipped)
    if config.dim_ordering is DimOrdering.AUTO:
        # keras.json files and global setters anywhere in the run inform every file's ordering
        small = [f for f in files if file_size(f.path) <= max_size]
        config = dataclasses.replace(config, tree_evidence=config.tree_evidence + tree_evidence(small))
    for outcome in _outcomes(files, config, write, max_size, jobs, on_start, found.skipped):
        report.add(outcome.result)
        report.encodings[outcome.result.path] = outcome.encoding
        if on_result is not None:
            on_result(outcome)
    return report


def _outcomes(
    files: list[SourceFile],
    config: RunConfig,
    write: bool,
    max_size: int,
    jobs: int,
    on_start: Callable[[int, list[Skipped]], None] | None,
    skipped: list[Skipped],
) -> Iterator[FileOutcome]:
    """Each file's outcome, in the order of ``files``, from this process or a pool."""
    jobs = max(1, min(jobs, len(files)))
    if jobs == 1:
        if on_start is not None:
            on_start(len(files), skipped)
        for source in files:
            yield process_file(source.display, str(source.path), config, write, max_size)
        return
    # fork is cheap (libcst and the codemods are already imported); elsewhere the default.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    with concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_ignore_interrupts
    ) as pool:
        try:
            results = pool.map(
                process_file,
                [f.display for f in files],
                [str(f.path) for f in files],
                [config] * len(files),
                [write] * len(files),
                [max_size] * len(files),
                chunksize=chunk,
            )
            # After the workers exist: a progress bar's thread must not be forked.
            if on_start is not None:
                on_start(len(files), skipped)
            yield from results
        except BaseException:
            # Ctrl-C (or a closed consumer): hand out no more files; the ones
            # being written finish, each old or new.
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def file_size(path: os.PathLike[str] | str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


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
        return FileOutcome(_selected(result, config), encoding), new_data
    if is_notebook(display):
        result, encoding, new_data = migrate_notebook(data, config, display)
        return FileOutcome(_selected(result, config), encoding), new_data
    if is_side_file(display):
        result, encoding, new_data = migrate_side_file(data, config, display)
        return FileOutcome(_selected(result, config), encoding), new_data
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
        failed = as_failed(result, f"cannot encode the migrated code as {decoded.encoding}: {exc}")
        return FileOutcome(failed, decoded.encoding), data
    return FileOutcome(result, decoded.encoding), new_data


def _selected(result: FileResult, config: RunConfig) -> FileResult:
    """Only the findings the run selects (``--select``/``--ignore``): files
    that are not Python report theirs outside the codemod pipeline."""
    if config.findings is None or all(config.selects(f.code) for f in result.findings):
        return result
    return dataclasses.replace(result, findings=tuple(f for f in result.findings if config.selects(f.code)))


def process_file(
    display: str, path: str, config: RunConfig, write: bool, max_size: int = DEFAULT_MAX_SIZE
) -> FileOutcome:
    """Migrate one file (and replace it when ``write`` and it changed). Never raises.

    Takes and returns only picklable values so that a process pool can run it.
    """
    try:
        return _process_file(display, path, config, write, max_size)
    except Exception as exc:  # the last guard: one file never stops a run
        return FileOutcome(
            FileResult.failed(display, "", f"internal error: {type(exc).__name__}: {exc}")
        )


def needs_migration(display: str, data: bytes | mmap.mmap) -> bool:
    """The byte search: does this file need decoding and migrating at all?

    Python sources and notebooks must name Keras; other files (``keras.json``,
    dependency lists) go to their own migration, which decides.
    """
    name = display.rsplit("/", 1)[-1]
    if name in CONFIG_FILES or is_side_file(display):
        return True
    if not (name.endswith((".py", ".ipynb")) or "." not in name):
        return True
    return data.find(KERAS_MARKER) != -1


def _process_file(
    display: str, path: str, config: RunConfig, write: bool, max_size: int
) -> FileOutcome:
    try:
        # ``path`` is the resolved file; a symlink put there meanwhile is not followed.
        if os.path.islink(path):
            return FileOutcome(FileResult.failed(display, "", "cannot read: it became a symlink"))
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                kind = "a directory" if stat.S_ISDIR(before.st_mode) else "not a regular file"
                return FileOutcome(FileResult.failed(display, "", f"cannot read: {kind}"))
            if before.st_size > max_size:
                return FileOutcome(_oversized(display, handle.fileno(), before.st_size, max_size))
            data = handle.read()
    except OSError as exc:
        return FileOutcome(FileResult.failed(display, "", f"cannot read: {os_reason(exc)}"))
    if not needs_migration(display, data):
        return FileOutcome(FileResult(path=display, source="", new_source=""))
    outcome, new_data = migrate_bytes(data, config, display)
    if not (write and outcome.result.changed):
        return outcome
    if not before.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        failed = as_failed(outcome.result, "the file is read-only; not written")
        return dataclasses.replace(outcome, result=failed)
    try:
        write_atomic(path, new_data, before)
    except FileNotFoundError:
        failed = as_failed(outcome.result, "the file vanished during the run; not written")
        return dataclasses.replace(outcome, result=failed)
    except OSError as exc:
        reason = os_reason(exc)
        return dataclasses.replace(
            outcome, result=as_failed(outcome.result, f"cannot write: {reason}")
        )
    return outcome


def _oversized(display: str, fd: int, size: int, max_size: int) -> FileResult:
    """A file over the limit: searched in place, reported only when it names Keras."""
    try:
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped:
            if not needs_migration(display, mapped):
                return FileResult(path=display, source="", new_source="")
    except (OSError, ValueError):
        pass
    reason = (
        f"skipped: {_megabytes(size)} is over the size limit of {_megabytes(max_size)} "
        "(raise it with --max-size)"
    )
    return FileResult.failed(display, "", reason)


def _megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


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


def as_failed(result: FileResult, reason: str) -> FileResult:
    # Keep the findings (they describe the original source), drop the rewrite.
    return dataclasses.replace(
        result, new_source=result.source, error=FileError(result.path, reason)
    )


def os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
