"""Machine- and person-readable reports of a run: ``--report FORMAT:PATH``.

Three formats, written after the run in every mode (the rewrites are then
"applied" when the run wrote them, "pending" otherwise):

``json``
    Every file with its status, every change (a hunk of the line diff between
    the original and the migrated text, with the codes of the rules that made
    it and their safety) and every finding. Versioned (``"version": 1``) and
    described by ``docs/report-schema.json``.
``sarif``
    SARIF 2.1.0 as GitHub code scanning reads it: the rules and finding codes
    met in the run, with their documentation as help text; findings as
    ``warning`` results; rewrites as ``note`` results whose ``fixes`` carry the
    replacement text; failed files as tool execution notifications.
``markdown``
    A summary to paste into a pull request: counts, the rules that fired, the
    findings that need a person grouped by file, the failures.

Positions are those of the original source (``FileResult.source``): lines and
columns from 1, columns counted in characters (Unicode code points). Paths are
the display paths the CLI shows. Each report is written atomically (a
temporary file in the same directory, then a rename).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import posixpath
import re
import stat
import tempfile
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import click

from kmigrate import __version__, catalogue
from kmigrate.lines import split_lines
from kmigrate.results import FileResult, Finding, Mode
from kmigrate.runner import RunReport

FORMATS: Final = ("json", "markdown", "sarif")
JSON_VERSION: Final = 1
SARIF_VERSION: Final = "2.1.0"
SARIF_SCHEMA_URI: Final = (
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
)
SRCROOT: Final = "%SRCROOT%"
# how far a rewrite can be trusted, least trusted last (codemods._framework.Safety values)
SAFETY_ORDER: Final = ("safe", "review", "manual")
_ANNOTATION = re.compile(r"#\s*kmigrate:\s*(K\d+)\b")

JsonObject = dict[str, Any]


# ---------------------------------------------------------------------------
# the option
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    """One ``--report FORMAT:PATH``."""

    format: str
    path: str


def parse_spec(value: str) -> ReportSpec:
    """``FORMAT:PATH`` -> ReportSpec; ValueError with a one-line reason when it is wrong."""
    fmt, sep, path = value.partition(":")
    fmt = fmt.strip().lower()
    choices = ", ".join(FORMATS)
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} in {value!r} (choose from {choices})")
    if not sep or not path:
        raise ValueError(f"{value!r} names no file: write {fmt}:PATH, e.g. {fmt}:kmigrate.{_suffix(fmt)}")
    if path == "-":
        raise ValueError(
            f"{value!r}: reports go to files, not stdout (stdout carries the code or the diff)"
        )
    if os.path.isdir(path):
        raise ValueError(f"{value!r}: {path} is a directory")
    parent = os.path.dirname(path) or "."
    if not os.path.isdir(parent):
        raise ValueError(f"{value!r}: the directory {parent} does not exist")
    return ReportSpec(fmt, path)


def report_option_callback(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[ReportSpec, ...]:
    """Click callback for ``--report`` (repeatable): a usage error for a bad value."""
    specs: list[ReportSpec] = []
    seen: dict[str, str] = {}
    for value in values:
        try:
            spec = parse_spec(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None
        key = os.path.normcase(os.path.abspath(spec.path))
        if key in seen:
            raise click.BadParameter(
                f"{seen[key]!r} and {value!r} would write the same file", ctx, param
            )
        seen[key] = value
        specs.append(spec)
    return tuple(specs)


def _suffix(fmt: str) -> str:
    return {"markdown": "md"}.get(fmt, fmt)


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------


def write_reports(specs: Iterable[ReportSpec], report: RunReport, mode: Mode) -> list[str]:
    """Write every report; return one message per report that could not be written."""
    errors: list[str] = []
    specs = list(specs)
    if not specs:
        return errors
    model = RunModel.of(report, mode)
    for spec in specs:
        text = render(spec.format, model)
        try:
            write_text_atomic(spec.path, text)
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            errors.append(f"{spec.path}: error: cannot write the {spec.format} report: {reason}")
    return errors


def render(fmt: str, model: RunModel) -> str:
    """The text of one report."""
    if fmt == "json":
        return _dump(json_report(model))
    if fmt == "sarif":
        return _dump(sarif_report(model))
    if fmt == "markdown":
        return markdown_report(model)
    raise ValueError(f"unknown report format {fmt!r}")


def _dump(data: JsonObject) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_text_atomic(path: str, text: str) -> None:
    """Replace (or create) ``path`` with ``text`` (UTF-8) so that it is never half written.

    An existing file keeps its permission bits; a new one gets the usual ones
    (0o666 less the umask).
    """
    target = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


# ---------------------------------------------------------------------------
# what the reports say: changes, codes, safety
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One hunk of the line diff from the original to the migrated text (no context lines).

    ``line``..``end_line`` are the original lines it replaces (1-based,
    inclusive); a pure insertion replaces no line and has ``end_line ==
    line - 1``: the new text goes before original line ``line`` (which is one
    past the last line for an insertion at the end). ``new_line``..``new_end_line``
    are the same for the migrated text (``new_end_line == new_line - 1`` for a
    pure deletion).
    """

    line: int
    end_line: int
    new_line: int
    new_end_line: int
    old_text: str
    new_text: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class RuleInfo:
    """What the reports say about one code (a rule, or a finding code)."""

    code: str
    name: str
    kind: str  # "rule" or "finding"
    summary: str
    safety: str  # one of SAFETY_ORDER
    help_text: str
    help_markdown: str


@dataclass(frozen=True)
class FileModel:
    result: FileResult
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class RunModel:
    """A run, as the reports see it: the report, each file's changes, each code's rule."""

    report: RunReport
    mode: Mode
    files: tuple[FileModel, ...]
    rules: dict[str, RuleInfo]

    @classmethod
    def of(cls, report: RunReport, mode: Mode) -> RunModel:
        files = tuple(FileModel(r, tuple(changes(r))) for r in report.results)
        codes: set[str] = set()
        for f in files:
            codes.update(f.result.fired)
            codes.update(finding.code for finding in f.result.findings)
            for change in f.changes:
                codes.update(change.codes)
        return cls(report, mode, files, {code: rule_info(code) for code in sorted(codes)})

    @property
    def applied(self) -> bool:
        """Whether the migrated text went out (files written, or stdout for '-')."""
        return self.mode in (Mode.WRITE, Mode.STDIN)

    def safety_of(self, codes: Iterable[str]) -> str:
        """The least trusted safety among ``codes`` ("safe" for none)."""
        ranks = [SAFETY_ORDER.index(self.rules[c].safety) for c in codes if c in self.rules]
        return SAFETY_ORDER[max(ranks, default=0)]


def rule_info(code: str) -> RuleInfo:
    """The catalogue's word on ``code``; a plain stand-in for a code it does not know."""
    entry = catalogue.entry(code)
    if entry is None:
        kind = "finding" if code.startswith("K9") else "rule"
        summary = f"kmigrate {kind} {code}"
        safety = "manual" if kind == "finding" else "review"
        return RuleInfo(code, code, kind, summary, safety, summary, summary)
    markdown = catalogue.help_markdown(entry)
    return RuleInfo(
        code=entry.code,
        name=entry.name,
        kind=entry.kind,
        summary=entry.summary,
        safety=entry.safety if entry.safety in SAFETY_ORDER else "review",
        help_text=_plain(markdown),
        help_markdown=markdown,
    )


def _plain(markdown: str) -> str:
    """A plain-text reading of the catalogue's Markdown help (for SARIF ``help.text``)."""
    lines: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("```"):
            continue  # a code fence; the code itself stays, as it is
        if line.startswith("#"):
            line = line.lstrip("#").strip()
        lines.append(line.replace("**", "").replace("``", ""))
    return "\n".join(lines).strip()




def changes(result: FileResult) -> list[Change]:
    """The hunks of the line diff of a changed file, each with the codes that made it.

    A hunk's codes are those of the rules whose edits (``FileResult.edits``)
    overlap its original lines (for an insertion: touch the lines on either
    side), plus the finding codes of the ``# kmigrate:`` comments it adds; when
    that names nothing, the file's fired codes.
    """
    if not result.changed:
        return []
    old = split_lines(result.source)
    new = split_lines(result.new_source)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    found: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        new_text = "".join(new[j1:j2])
        first, last = (i1 + 1, i2) if i2 > i1 else (i1, i1 + 1)
        touching = [e for e in result.edits if e.line <= last and e.end_line >= first]
        # an edit naming the whole file (an import added) counts only when nothing narrower does
        narrow = [e for e in touching if e.line > 1 or e.end_line < len(old)]
        codes = {e.code for e in (narrow or touching)}
        notes = {m.group(1) for m in _ANNOTATION.finditer(new_text)}
        if not codes and not _only_annotations(old[i1:i2], new[j1:j2]):
            codes = set(result.fired)
        codes |= notes
        found.append(
            Change(
                line=i1 + 1,
                end_line=i2,
                new_line=j1 + 1,
                new_end_line=j2,
                old_text="".join(old[i1:i2]),
                new_text=new_text,
                codes=tuple(sorted(codes)),
            )
        )
    return found


def _only_annotations(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether a hunk only adds ``# kmigrate: Kxxx`` comments (which name their own codes)."""
    return not old and all(_ANNOTATION.match(line.strip()) for line in new)


# ---------------------------------------------------------------------------
# json
# ---------------------------------------------------------------------------


def json_report(model: RunModel) -> JsonObject:
    """The ``json`` report (see docs/report-schema.json)."""
    report = model.report
    return {
        "version": JSON_VERSION,
        "tool": {"name": "kmigrate", "version": __version__},
        "mode": model.mode.value,
        "applied": model.applied,
        "summary": {
            "files": report.seen,
            "changed": report.changed,
            "modernised": report.modernised,
            "failed": report.failed,
            "findings": sum(len(r.findings) for r in report.results),
            "fired": dict(sorted(report.fired_by_code().items())),
            "finding_codes": dict(sorted(report.findings_by_code().items())),
        },
        "files": [_json_file(model, f) for f in model.files],
        "skipped": [
            {"path": s.display, "reason": s.reason} for s in report.skipped
        ],
        "rules": {
            code: {
                "name": info.name,
                "kind": info.kind,
                "summary": info.summary,
                "safety": info.safety,
            }
            for code, info in model.rules.items()
        },
    }


def _json_file(model: RunModel, file: FileModel) -> JsonObject:
    result = file.result
    status = "failed" if result.error is not None else "changed" if result.changed else "unchanged"
    return {
        "path": result.path,
        "status": status,
        "modernised": result.modernised,
        "fired": list(result.fired),
        "error": None
        if result.error is None
        else {"reason": result.error.reason, "line": result.error.line},
        "changes": [
            {
                "line": c.line,
                "end_line": c.end_line,
                "new_line": c.new_line,
                "new_end_line": c.new_end_line,
                "old_text": c.old_text,
                "new_text": c.new_text,
                "codes": list(c.codes),
                "safety": model.safety_of(c.codes),
            }
            for c in file.changes
        ],
        "findings": [
            {
                "code": f.code,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "safety": model.safety_of([f.code]),
            }
            for f in result.findings
        ],
    }


# ---------------------------------------------------------------------------
# sarif
# ---------------------------------------------------------------------------


def sarif_report(model: RunModel) -> JsonObject:
    """The ``sarif`` report: one SARIF 2.1.0 run."""
    index = {code: i for i, code in enumerate(model.rules)}
    results: list[JsonObject] = []
    notifications: list[JsonObject] = []
    for file in model.files:
        result = file.result
        old = split_lines(result.source) if file.changes or result.findings else []
        for finding in result.findings:
            results.append(_sarif_finding(model, index, result, finding, old))
        for change in file.changes:
            results.append(_sarif_change(model, index, result, change, old))
        if result.error is not None:
            notifications.append(_sarif_failure(result))
    run: JsonObject = {
        "tool": {
            "driver": {
                "name": "kmigrate",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_sarif_rule(info) for info in model.rules.values()],
            }
        },
        "invocations": [
            {
                "executionSuccessful": model.report.failed == 0,
                "toolExecutionNotifications": notifications,
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"mode": model.mode.value, "applied": model.applied},
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _sarif_rule(info: RuleInfo) -> JsonObject:
    level = "warning" if info.kind == "finding" else "note"
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": f"{info.summary} (safety: {info.safety})"},
        "help": {"text": info.help_text, "markdown": info.help_markdown},
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": ["keras", "migration", info.kind, info.safety],
            "precision": "high" if info.kind == "finding" else "very-high",
            "problem.severity": "warning" if info.kind == "finding" else "recommendation",
            "kind": info.kind,
            "safety": info.safety,
        },
    }


def _artifact(path: str) -> JsonObject:
    """An artifactLocation: relative to %SRCROOT% with forward slashes, or a file URI."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    relative = posixpath.normpath(path.replace(os.sep, "/"))
    return {"uri": urllib.parse.quote(relative), "uriBaseId": SRCROOT}


def _location(path: str, region: JsonObject) -> JsonObject:
    return {"physicalLocation": {"artifactLocation": _artifact(path), "region": region}}


def _sarif_finding(
    model: RunModel, index: dict[str, int], result: FileResult, finding: Finding, old: list[str]
) -> JsonObject:
    """A finding, shown from its position to the end of its line."""
    code = finding.code
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.line,
        "endColumn": max(finding.column + 1, _line_end(old, finding.line)),
    }
    return {
        "ruleId": code,
        "ruleIndex": index[code],
        "level": "warning",
        "message": {"text": f"{code} {finding.message}"},
        "locations": [_location(result.path, region)],
        "properties": {"safety": model.safety_of([code])},
    }


def _sarif_change(
    model: RunModel, index: dict[str, int], result: FileResult, change: Change, old: list[str]
) -> JsonObject:
    """A rewrite: reported under its least trusted rule, with the fix that makes it.

    A change no rule made (keras.json, dependency files: the driver's own
    migrations) has no ``ruleId``.
    """
    rank = {code: SAFETY_ORDER.index(model.rules[code].safety) for code in change.codes}
    names = ", ".join(f"{c} {model.rules[c].name}" for c in change.codes) or "no rule code"
    if change.end_line >= change.line:
        where = _lines(change.line, change.end_line)
        verb = "rewrote" if model.applied else "would rewrite"
    else:
        where = f"before line {change.line}"
        verb = "inserted" if model.applied else "would insert"
    safety = model.safety_of(change.codes)
    message = f"kmigrate {verb} {where} ({names}; safety: {safety})."
    rule: JsonObject = {}
    if change.codes:
        code = max(change.codes, key=lambda c: (rank[c], -change.codes.index(c)))
        rule = {"ruleId": code, "ruleIndex": index[code]}
    return {
        **rule,
        "level": "note",
        "message": {"text": message},
        "locations": [_location(result.path, _shown_region(change, old))],
        "fixes": [
            {
                "description": {"text": f"Apply {', '.join(change.codes)}"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(result.path),
                        "replacements": [
                            {
                                "deletedRegion": deleted_region(change, old),
                                "insertedContent": {"text": change.new_text},
                            }
                        ],
                    }
                ],
            }
        ],
        "properties": {
            "codes": list(change.codes),
            "safety": safety,
            "applied": model.applied,
        },
    }


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _shown_region(change: Change, old: Sequence[str]) -> JsonObject:
    """Where the alert shows: the replaced lines, or the line an insertion goes before
    (the last line for an insertion at the end)."""
    if change.end_line >= change.line:
        first, last = change.line, change.end_line
    else:
        first = last = max(1, min(change.line, len(old)))
    return {
        "startLine": first,
        "startColumn": 1,
        "endLine": last,
        "endColumn": _line_end(old, last),
    }


def _line_end(old: Sequence[str], line: int) -> int:
    """The column one past the last character of ``line``, its newline sequence excluded."""
    if 1 <= line <= len(old):
        return len(old[line - 1].rstrip("\r\n")) + 1
    return 1


def deleted_region(change: Change, old: Sequence[str]) -> JsonObject:
    """The SARIF region of the original text a change replaces, newlines included.

    Whole lines ``a..b`` end at column 1 of line ``b + 1``; when ``b`` is the
    last line they end one past its last character, newline included. An
    insertion is an empty region (an insertion point) at column 1 of the line
    it goes before, or one past the end of the last line at the end of the file.
    """
    n = len(old)

    def point(line: int) -> tuple[int, int]:
        # the position before original line ``line`` (1-based; n + 1 = end of file)
        if n == 0:
            return 1, 1
        if line <= n:
            return line, 1
        return n, len(old[n - 1]) + 1

    start_line, start_col = point(change.line)
    # the end is the position before the line after the last one replaced (for an
    # insertion, end_line + 1 == line: the same point as the start)
    end_line, end_col = point(change.end_line + 1)
    return {
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
    }


def _sarif_failure(result: FileResult) -> JsonObject:
    assert result.error is not None
    region = {"startLine": result.error.line} if result.error.line else None
    location: JsonObject = {"physicalLocation": {"artifactLocation": _artifact(result.path)}}
    if region is not None:
        location["physicalLocation"]["region"] = region
    return {
        "level": "error",
        "message": {"text": f"{result.path}: {result.error.reason}"},
        "locations": [location],
    }


# ---------------------------------------------------------------------------
# markdown
# ---------------------------------------------------------------------------


def markdown_report(model: RunModel) -> str:
    """The ``markdown`` report: a summary to paste into a pull request."""
    report = model.report
    pending = not model.applied
    changed_word = "would change" if pending else "changed"
    findings = sum(len(r.findings) for r in report.results)
    out: list[str] = ["## kmigrate report", ""]
    modernised = f" ({report.modernised} modernised from Python 2)" if report.modernised else ""
    out.append(
        f"{_count(report.seen, 'file')} seen, {report.changed} {changed_word}{modernised}, "
        f"{report.failed} failed; {findings} findings that need a person."
        + (" Nothing was written: the rewrites are pending." if pending else "")
    )
    out += ["", "| files | count |", "|---|---:|"]
    out.append(f"| seen | {report.seen} |")
    out.append(f"| {changed_word} | {report.changed} |")
    out.append(f"| modernised from Python 2 | {report.modernised} |")
    out.append(f"| failed | {report.failed} |")
    out.append(f"| findings | {findings} |")

    per_file = report.fired_by_code()
    per_change: Counter[str] = Counter(c for f in model.files for ch in f.changes for c in ch.codes)
    fired = sorted(code for code in set(per_file) | set(per_change) if code in model.rules)
    fired = [code for code in fired if model.rules[code].kind == "rule" or per_file[code]]
    out += ["", "### Rules that fired", ""]
    if fired:
        out += ["| code | rule | safety | files | changes | what it does |", "|---|---|---|---:|---:|---|"]
        for code in fired:
            info = model.rules[code]
            out.append(
                f"| {code} | {_code_span(info.name)} | {info.safety} | {per_file[code]} | "
                f"{per_change[code]} | {_escape(info.summary)} |"
            )
    else:
        out.append("None.")

    out += ["", f"### Findings that need a person ({findings})", ""]
    if findings:
        for file in model.files:
            result = file.result
            if not result.findings:
                continue
            out.append(f"**{_code_span(result.path)}**")
            out.append("")
            for finding in result.findings:
                where = _code_span(f"{result.path}:{finding.line}")
                out.append(f"- {where} **{finding.code}** {_escape(finding.message)}")
            out.append("")
        out.pop()
    else:
        out.append("None.")

    failures = [r for r in report.results if r.error is not None]
    out += ["", f"### Failures ({len(failures)})", ""]
    if failures:
        for result in failures:
            assert result.error is not None
            where = result.path if result.error.line is None else f"{result.path}:{result.error.line}"
            out.append(f"- {_code_span(where)} {_escape(result.error.reason)}")
    else:
        out.append("None.")

    skipped = list(report.skipped)
    if skipped:
        out += ["", f"### Paths not followed ({len(skipped)})", ""]
        out += [f"- {_code_span(s.display)} {_escape(s.reason)}" for s in skipped]
    return "\n".join(out) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _escape(text: str) -> str:
    """``text`` as literal Markdown on one line (also inside a table cell)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code_span(text: str) -> str:
    """``text`` in a code span, with a fence longer than any backtick run in it."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
