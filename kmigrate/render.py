"""Everything kmigrate shows: plain patches, rich diffs, findings and the summary.

Patches are built here rather than with ``difflib.unified_diff`` because a
patch that ``git apply`` accepts must mark a last line that has no newline
(``\\ No newline at end of file``) and must carry each file's own bytes:
CRLF endings, a BOM on the first line, and latin-1 or other declared
encodings.

Rich consoles are created by the caller; a console that does not write to a
terminal, or runs with ``NO_COLOR`` set, prints plain text without ANSI codes.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Callable, Iterator, Sequence

from rich.console import Console
from rich.syntax import Syntax
from rich.text import Text

from kmigrate.lines import split_lines
from kmigrate.notebook import cell_label
from kmigrate.ordering import describe
from kmigrate.results import FileResult, Finding, Mode, Report

CONTEXT_LINES = 3
NO_NEWLINE = "\\ No newline at end of file\n"
BOM = "\ufeff"
# how a file that went through the Python 2 -> 3 pass (kmigrate.py2) is labelled
MODERNISED = "modernised from Python 2"


# ---------------------------------------------------------------------------
# plain unified patches
# ---------------------------------------------------------------------------


def unified_diff(result: FileResult) -> str:
    """A unified patch (``a/``/``b/`` headers) from ``result.source`` to ``result.new_source``.

    Empty when the file did not change. Line endings are kept as they are in
    the file, so CRLF lines keep their ``\\r``.
    """
    return "".join(_patch_lines(result, bom=False))


def unified_diff_bytes(result: FileResult, encoding: str) -> bytes:
    """:func:`unified_diff` as the bytes ``git apply`` expects: lines in the file's encoding.

    ``encoding`` is the one ``decode_source`` reported (``utf-8-sig`` keeps the
    BOM on the first line). Headers are UTF-8.
    """
    line_codec = _line_codec(encoding)
    bom = encoding.lower().replace("_", "-") == "utf-8-sig"
    chunks: list[bytes] = []
    for kind, line in _tagged_patch_lines(result, bom=bom):
        if kind == "header":
            chunks.append(line.encode("utf-8", "surrogateescape"))
        else:
            chunks.append(line.encode(line_codec, "surrogateescape"))
    return b"".join(chunks)


def _line_codec(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return "utf-8"
    # The BOM is part of the first line's text (see _tagged_patch_lines).
    return "utf-8" if name == "utf-8-sig" else name


def _patch_lines(result: FileResult, bom: bool) -> Iterator[str]:
    for _, line in _tagged_patch_lines(result, bom):
        yield line


def _tagged_patch_lines(
    result: FileResult, bom: bool, after: Callable[[range], Iterator[tuple[str, str]]] | None = None
) -> Iterator[tuple[str, str]]:
    """The patch as (``header``/``body``, line) pairs; ``after``, when given,
    is called with the original lines (1-based) each unchanged line or each
    change covered, and what it yields follows them."""
    if not result.changed:
        return
    old = split_lines(result.source)
    new = split_lines(result.new_source)
    if bom:
        old = _with_bom(old)
        new = _with_bom(new)
    if result.modernised:
        # git apply and patch skip text before a file's headers; a reader sees why
        # the whole file changed.
        yield "header", f"kmigrate: {result.path} {MODERNISED}\n"
    yield "header", f"--- {_quote_path('a/' + result.path)}\n"
    yield "header", f"+++ {_quote_path('b/' + result.path)}\n"
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        first, last = group[0], group[-1]
        old_range = _hunk_range(first[1], last[2])
        new_range = _hunk_range(first[3], last[4])
        yield "header", f"@@ -{old_range} +{new_range} @@{_hunk_context(result, group)}\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for index in range(i1, i2):
                    yield from _body_line(" ", old[index])
                    if after is not None:
                        yield from after(range(index + 1, index + 2))
                continue
            for line in old[i1:i2]:
                yield from _body_line("-", line)
            for line in new[j1:j2]:
                yield from _body_line("+", line)
            if after is not None:
                # what is on a changed line follows the whole change
                yield from after(range(i1 + 1, i2 + 1))


def _hunk_context(result: FileResult, group: list[tuple[str, int, int, int, int]]) -> str:
    """`` cell N`` after a notebook hunk's ranges (git apply reads nothing after the second @@)."""
    if not result.path.endswith(".ipynb"):
        return ""
    changed = next((op for op in group if op[0] != "equal"), group[0])
    label = cell_label(result.source, changed[1] + 1)
    return f" {label}" if label else ""


def _body_line(marker: str, line: str) -> Iterator[tuple[str, str]]:
    if line.endswith("\n"):
        yield "body", marker + line
    else:
        yield "body", marker + line + "\n"
        yield "header", NO_NEWLINE


def _hunk_range(start: int, stop: int) -> str:
    """``start,length`` as in a unified hunk header (1-based; an empty range names the line before)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    if length == 0:
        return f"{start},0"
    return f"{start + 1},{length}"




def _with_bom(lines: list[str]) -> list[str]:
    if not lines:
        return [BOM]
    return [BOM + lines[0], *lines[1:]]


def _quote_path(path: str) -> str:
    """Quote a patch path the way git does when it holds a quote, backslash or control character."""
    if not any(ch in '"\\' or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return path
    escapes = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
    quoted = "".join(
        escapes.get(ch, f"\\{ord(ch):03o}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch)
        for ch in path
    )
    return f'"{quoted}"'


# ---------------------------------------------------------------------------
# rich views
# ---------------------------------------------------------------------------


def print_dry_run(console: Console, result: FileResult) -> None:
    """One file's dry-run view: a header, the syntax-highlighted diff, its findings.

    Prints nothing for a file that neither changes nor has findings (or failed:
    failures are listed in the summary).
    """
    if result.error is not None or not (result.changed or result.findings):
        return
    header = Text()
    header.append(result.path, style="bold")
    if result.modernised:
        header.append(f"  {MODERNISED}", style="magenta")
    if result.fired:
        header.append("  " + ", ".join(result.fired), style="cyan")
    if not result.changed:
        header.append("  (no changes)", style="dim")
    if console.is_terminal:
        console.rule(header, align="left")
    else:
        console.print(header, soft_wrap=True)
    chunk: list[str] = []

    def flush() -> None:
        if not chunk:
            return
        # The view is for reading: CRLF endings would show as stray characters.
        diff_text = "".join(chunk).replace("\r\n", "\n")
        if console.is_terminal:
            console.print(Syntax(diff_text.rstrip("\n"), "diff", word_wrap=True, theme="ansi_dark"))
        else:
            console.print(Text(diff_text.rstrip("\n")), soft_wrap=True)
        chunk.clear()

    for kind, line in review_lines(result):
        if kind == "finding":
            flush()
            console.print(Text(line.rstrip("\n"), style="bold yellow"), soft_wrap=True)
        else:
            chunk.append(line)
    flush()
    if not console.is_terminal:
        console.print()


def review_lines(result: FileResult) -> Iterator[tuple[str, str]]:
    """The dry-run view of one file as tagged lines: the unified diff
    (``header``/``body``), each finding (``finding``, ``! CODE line:col message``)
    right after the diff line it is on, and the findings on lines no hunk
    shows after the diff."""
    by_line: dict[int, list[Finding]] = {}
    for finding in result.findings:
        by_line.setdefault(finding.line, []).append(finding)
    shown: set[int] = set()

    def marks(line_numbers: range) -> Iterator[tuple[str, str]]:
        for number in line_numbers:
            for finding in by_line.get(number, ()):
                shown.add(id(finding))
                yield "finding", f"! {finding.code} {finding.line}:{finding.column} {finding.message}\n"

    yield from _tagged_patch_lines(result, bom=False, after=marks)
    for finding in result.findings:
        if id(finding) not in shown:
            yield "finding", f"{finding.render(result.path)}\n"


def print_file_status(console: Console, result: FileResult, written: bool, verbose: bool) -> None:
    """One line per changed file (and, with ``verbose``, per unchanged file)."""
    if result.error is not None:
        return
    if result.changed:
        verb = "rewrote" if written else "would rewrite"
        line = Text(f"{verb} {result.path}")
        if result.modernised:
            line.append(f" [{MODERNISED}]", style="magenta")
        if result.fired:
            line.append(f" ({', '.join(result.fired)})", style="dim")
        console.print(line, soft_wrap=True)
    elif verbose:
        console.print(Text(f"unchanged {result.path}", style="dim"), soft_wrap=True)


def print_findings(console: Console, result: FileResult) -> None:
    """``path:line:col: CODE message``, one line per finding."""
    for finding in result.findings:
        console.print(Text(finding.render(result.path), style="yellow"), soft_wrap=True)


def print_errors(console: Console, results: Sequence[FileResult]) -> None:
    """``path:line: error: reason``, one line per failed file."""
    for result in results:
        if result.error is not None:
            console.print(Text(result.error.render(), style="red"), soft_wrap=True)


def print_channels(console: Console, results: Sequence[FileResult], verbose: bool) -> None:
    """The channel-ordering decision of each file that was not left to Keras's default or
    to ``--dim-ordering`` (with ``verbose``: of every file, and every sign seen)."""
    for result in results:
        if result.channels is not None:
            for line in describe(result.channels, result.path, verbose):
                console.print(Text(line, style="dim" if line.startswith(" ") else ""), soft_wrap=True)


def summary(report: Report, mode: Mode = Mode.WRITE) -> str:
    """The run's summary for stderr: failed files one a line, then the counts.

    The counts line names the files seen, changed ("would change" when the run
    only shows changes: ``--dry-run``, ``--diff``), failed, and the findings by
    code.
    """
    lines = [r.error.render() for r in report.results if r.error is not None]
    lines.append(counts_line(report, mode))
    return "\n".join(lines)


def counts_line(report: Report, mode: Mode = Mode.WRITE) -> str:
    """``3 files seen, 1 changed, 1 failed; 2 findings (K901: 1, K903: 1)``.

    ``(1 modernised from Python 2)`` follows the changed count when the Python 2 pass ran.
    """
    changed = "would change" if mode in (Mode.DRY_RUN, Mode.DIFF) else "changed"
    line = f"{_count(report.seen, 'file')} seen, {report.changed} {changed}"
    if report.modernised:
        line += f" ({report.modernised} {MODERNISED})"
    line += f", {report.failed} failed"
    by_code = report.findings_by_code()
    if by_code:
        per_code = ", ".join(f"{code}: {count}" for code, count in sorted(by_code.items()))
        line += f"; {_count(sum(by_code.values()), 'finding')} ({per_code})"
    return line


def print_summary(console: Console, report: Report, mode: Mode) -> None:
    """Print :func:`summary`: errors in red, the counts in bold."""
    print_errors(console, report.results)
    console.print(Text(counts_line(report, mode), style="bold"), soft_wrap=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
