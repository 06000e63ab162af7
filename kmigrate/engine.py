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
from codemods._skip import skips_file
from kmigrate.config import DEFAULT_CONFIG, RunConfig
from kmigrate.ordering import plan_for
from kmigrate.py2 import Python2Error, modernise, normalise_indentation
from kmigrate.results import Edit, FileResult, Finding


def mentions_keras(text: str) -> bool:
    """The cheap prefilter: a file that never names Keras is not parsed."""
    return any(marker in text for marker in MARKERS)


def migrate_source(text: str, config: RunConfig = DEFAULT_CONFIG, path: str = "<string>") -> FileResult:
    """Migrate one Python source text. Never raises.

    A source that Python 3 rejects goes through the Python 2 pass first
    (``kmigrate.py2``, unless ``config.py2`` is off) and comes back with
    ``modernised`` set; its findings' lines are those of the modernised text,
    which the Python 2 fixers keep line for line in nearly every case.
    """
    if not mentions_keras(text) or skips_file(text):
        return FileResult(path=path, source=text, new_source=text)
    # Python's own parser decides what is Python 3 (libcst also accepts some
    # Python 2, such as `except X, e:`), and words syntax errors best.
    work = text
    modernised = False
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        if not config.py2:
            return FileResult.failed(path, text, _python_syntax_reason(exc, text, py2=False), exc.lineno)
        try:
            work = modernise(text, path)
            tree = ast.parse(work)
        except Python2Error as py2_exc:
            reason = f"{_python_syntax_reason(exc, text)}; {py2_exc.reason}"
            return FileResult.failed(path, text, reason, exc.lineno)
        except SyntaxError as after:
            reason = f"cannot parse as Python 3 after the Python 2 pass: {after.msg}"
            return FileResult.failed(path, text, reason, after.lineno)
        except (ValueError, RecursionError, MemoryError) as after_exc:
            return FileResult.failed(path, text, _cannot_parse(after_exc))
        modernised = True
    except (ValueError, RecursionError, MemoryError) as exc:
        return FileResult.failed(path, text, _cannot_parse(exc))
    try:
        module = cst.parse_module(work)
    except cst.ParserSyntaxError as exc:
        # Indentation mixing tabs and spaces that Python accepts but libcst's
        # tokenizer rejects: give the lines with tabs space indentation of the
        # same width, and try again.
        respaced = normalise_indentation(work)
        retry = _parse_again(respaced) if respaced != work else None
        if retry is None:
            detail = exc.message.strip().splitlines()[0] if exc.message else "invalid syntax"
            reason = f"Python accepts this file but libcst cannot parse it: {detail}"
            return FileResult.failed(path, text, reason, exc.raw_line)
        work, tree, module = respaced, retry[0], retry[1]
    except Exception as exc:  # libcst raises a few other types on odd input
        return FileResult.failed(path, text, _cannot_parse(exc))
    try:
        channels = plan_for(tree, work, path, config)
        result = run_pipeline(
            module, annotate=config.annotate, source=(work, tree), channels=channels, selected=config.selection
        )
        new_text = result.module.code
    except RecursionError:
        return FileResult.failed(path, text, "nesting too deep to migrate")
    except Exception as exc:  # never let one file stop a run
        return FileResult.failed(path, text, f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
    if new_text == work and not modernised:
        # Nothing to migrate: indentation respaced only for libcst's sake is not a change.
        new_text = text
    findings = tuple(Finding(f.code, f.line, f.column, f.message) for f in result.findings)
    return FileResult(
        path=path,
        source=text,
        new_source=new_text,
        findings=findings,
        fired=result.fired,
        edits=tuple(Edit(e.code, e.line, e.end_line) for e in result.edits),
        channels=channels,
        modernised=modernised,
    )


def _parse_again(text: str) -> tuple[ast.Module, cst.Module] | None:
    try:
        return ast.parse(text), cst.parse_module(text)
    except Exception:
        return None


def _cannot_parse(exc: BaseException) -> str:
    return f"cannot parse: {type(exc).__name__}: {exc}".splitlines()[0]


def _python_syntax_reason(exc: SyntaxError, text: str, py2: bool = True) -> str:
    reason = f"cannot parse as Python 3: {exc.msg}"
    if exc.offset:
        reason += f" (column {exc.offset})"
    lines = text.splitlines()
    if (
        not py2
        and exc.lineno is not None
        and 0 < exc.lineno <= len(lines)
        and _looks_like_python2(lines[exc.lineno - 1])
    ):
        reason += "; this looks like Python 2 source (run without --no-py2 to modernise it)"
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
