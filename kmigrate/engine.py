"""``migrate_source``: the single entry point (pure: text in, result out).

The CLI, the runner, tests and any editor integration call this. It never
imports or executes the code it migrates and never raises: a source that
cannot be parsed, or an internal error, comes back as a ``FileResult`` whose
``error`` names the file, the line and the reason.

``decode_source``/``encode_source`` turn file bytes into text and back so that
a BOM, a PEP 263 coding cookie and the line endings survive unchanged.
"""

from __future__ import annotations

import ast
import codecs
import io
import tokenize
from dataclasses import dataclass

import libcst as cst

from codemods import MARKERS, run_pipeline
from kmigrate.config import DEFAULT_CONFIG, RunConfig
from kmigrate.ordering import plan_for
from kmigrate.results import FileResult, Finding


def mentions_keras(text: str) -> bool:
    """The cheap prefilter: a file that never names Keras is not parsed."""
    return any(marker in text for marker in MARKERS)


def migrate_source(text: str, config: RunConfig = DEFAULT_CONFIG, path: str = "<string>") -> FileResult:
    """Migrate one Python source text. Never raises."""
    if not mentions_keras(text):
        return FileResult(path=path, source=text, new_source=text)
    # Python's own parser decides what is Python 3 (libcst also accepts some
    # Python 2, such as `except X, e:`), and words syntax errors best.
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        return FileResult.failed(path, text, _python_syntax_reason(exc, text), exc.lineno)
    except (ValueError, RecursionError, MemoryError) as exc:
        return FileResult.failed(path, text, f"cannot parse: {type(exc).__name__}: {exc}".splitlines()[0])
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        detail = exc.message.strip().splitlines()[0] if exc.message else "invalid syntax"
        reason = f"Python accepts this file but libcst cannot parse it: {detail}"
        return FileResult.failed(path, text, reason, exc.raw_line)
    except Exception as exc:  # libcst raises a few other types on odd input
        return FileResult.failed(path, text, f"cannot parse: {type(exc).__name__}: {exc}".splitlines()[0])
    try:
        channels = plan_for(tree, text, path, config)
        result = run_pipeline(module, annotate=config.annotate, source=(text, tree), channels=channels)
        new_text = result.module.code
    except RecursionError:
        return FileResult.failed(path, text, "nesting too deep to migrate")
    except Exception as exc:  # never let one file stop a run
        return FileResult.failed(path, text, f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
    findings = tuple(Finding(f.code, f.line, f.column, f.message) for f in result.findings)
    return FileResult(
        path=path, source=text, new_source=new_text, findings=findings, fired=result.fired, channels=channels
    )


def _python_syntax_reason(exc: SyntaxError, text: str) -> str:
    reason = f"cannot parse as Python 3: {exc.msg}"
    if exc.offset:
        reason += f" (column {exc.offset})"
    lines = text.splitlines()
    if exc.lineno is not None and 0 < exc.lineno <= len(lines) and _looks_like_python2(lines[exc.lineno - 1]):
        reason += "; this looks like Python 2 source"
    return reason


def _looks_like_python2(line: str) -> bool:
    stripped = line.strip()
    return (
        (stripped.startswith("print ") and not stripped.startswith("print ("))
        or stripped.startswith("exec ")
        or ("except " in stripped and "," in stripped and " as " not in stripped)
        or (stripped.startswith("raise ") and "," in stripped)
        or "<>" in stripped
        or "`" in stripped
    )


# ---------------------------------------------------------------------------
# bytes <-> text
# ---------------------------------------------------------------------------


class SourceDecodeError(Exception):
    """A file's bytes are not text in the encoding it declares."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class DecodedSource:
    text: str
    encoding: str  # "utf-8-sig" when the file starts with a BOM


def decode_source(data: bytes) -> DecodedSource:
    """Decode file bytes as Python does (BOM, PEP 263 cookie, else UTF-8).

    Newlines are not translated, so CRLF files stay CRLF.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceDecodeError(str(exc.msg), exc.lineno) from None
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except LookupError:
        raise SourceDecodeError(f"unknown encoding {encoding!r}", 1) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceDecodeError(f"not valid {encoding} text (byte 0x{data[exc.start]:02x})", line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceDecodeError("binary content (NUL byte)", line)
    return DecodedSource(text=text, encoding=encoding)


def encode_source(text: str, encoding: str) -> bytes:
    """Encode migrated text back in the file's own encoding (a BOM stays a BOM)."""
    return text.encode(encoding)
