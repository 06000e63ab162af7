"""Interactive review (``kmigrate --interactive``): decide change by change what is written.

Each file is migrated as in a normal run (:func:`kmigrate.runner.process_file`,
in this process, in discovery order; ``-j`` does not apply). A changed file's
rewrite is cut into *changes*, each shown as a diff with the findings on its
lines, and the reviewer answers ``y`` (apply it), ``n`` (leave it), ``a``
(apply it and every remaining change of the file), ``s`` (leave it and the
rest of the file) or ``q`` (stop). When a file's changes are decided, the
accepted ones are applied to the original text and the file is replaced
atomically (:func:`kmigrate.runner.write_atomic`); a file where nothing was
accepted is not written at all, so it stays byte for byte as it was.

``q`` writes what was accepted so far in the current file (files before it are
already written) and leaves every later file untouched, not even migrated.
The end of the input or Ctrl-C at a prompt stops in the same way, except that
nothing of the current file is written.

How a Python file is cut into changes
-------------------------------------

The original and migrated texts are compared line by line (``difflib``
opcodes); a replaced block with as many new lines as old ones is split into
one hunk per line, any other block is one hunk. Hunks are then joined into
changes so that applying any choice of changes keeps the code parsing and its
names defined, as far as can be seen without running it:

* **one statement, one change**: hunks touching the same simple statement, or
  the same header of a compound statement (``def``/``class`` lines with their
  decorators, ``if``/``for``/``with`` lines...), in the original or in the
  migrated text, are one change. Half a rewritten call is never offered.
* **names**: for every name, the hunks whose new lines bind it where their old
  lines did not (an import, an assignment, a ``def``, a parameter, an
  attribute assignment such as ``self.kernel = ...``) are joined with the hunks
  whose new lines start using it; the hunks whose old lines bound a name their
  new lines no longer bind are joined with the hunks that stop using it; and a
  binding that moves (dropped in one hunk, made in another) is one change. So
  ``from tensorflow.keras.layers import Conv2D`` comes with every line that
  now calls ``Conv2D``, and a statement a rule inserts (``import numpy as
  np``) with the lines that read it. Attributes are tracked the same way,
  apart from plain names (``K.tf`` is not a use of ``tf``): a ``def`` binds
  its name as both, so a renamed method, or a weight attribute assigned under
  a new name, comes with the lines that read it.
* **parsing**: each change must parse when applied alone to the original, and
  the migration minus that change must parse too; a change that fails either
  test is joined with the next change (or the previous one, at the end of the
  file) until it passes. To keep this cheap on long files, the file is cut at
  top-level statements into pieces that no hunk crosses and that parse on
  their own before and after the migration; a module is a sequence of
  statements, so only the pieces a change touches are parsed.

Not detected: names brought in by star imports, names reached only through
strings (``getattr``, ``__all__``), scopes (a name is tracked per file, so two
unrelated locals of the same name can be joined: more is offered together,
never less), and meaning that crosses statements without a name (a layer
keyword renamed in one call while the class it belongs to is still imported
from ``keras``: both parse, and the reviewer sees both diffs). Only single
changes and "all but one" are parsed ahead; whatever is finally chosen is
parsed again before writing, and a file whose choice does not parse is not
written and is reported as an error.

Other files
-----------

Notebooks (``.ipynb``), ``keras.json``, dependency files (``requirements*.txt``,
``setup.py``, ``setup.cfg``, ``pyproject.toml``, ``environment.yml``) and
Python 2 files that went through the Python 2 pass are offered as one change
for the whole file (``y``/``n``): their parts only make sense together (cells
share imports; a half-modernised file is neither Python 2 nor 3).

Exit status
-----------

As :func:`kmigrate.results.exit_code` in write mode: 0 when every accepted
change was written (changes answered ``n`` or ``s`` are decisions, not pending
work), 123 when a file could not be migrated or written, and 1 when the review
stopped (``q``, end of input, Ctrl-C) before every change was decided, or with
``--fail-on-findings`` when there were findings.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import difflib
import enum
import os
import stat
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

import click
from rich.console import Console
from rich.syntax import Syntax
from rich.text import Text

from kmigrate import render, runner
from kmigrate.config import DimOrdering, RunConfig
from kmigrate.discovery import SourceFile, discover
from kmigrate.engine import encode_source
from kmigrate.keras_json import is_keras_json
from kmigrate.lines import split_lines
from kmigrate.notebook import is_notebook
from kmigrate.ordering import tree_evidence
from kmigrate.progress import RunView
from kmigrate.results import EXIT_OK, EXIT_PENDING, FileError, FileResult, Finding, Mode, exit_code
from kmigrate.sidefiles import is_side_file

PROMPT: Final = "Apply this change? [y]es, [n]o, [a]ll in this file, [s]kip rest of file, [q]uit"
ANSWERS: Final = ("y", "n", "a", "s", "q")


# ---------------------------------------------------------------------------
# hunks and changes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Hunk:
    """Old lines ``[old_start, old_end)`` become new lines ``[new_start, new_end)`` (0-based)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int

    def old_lines(self) -> range:
        """The 1-based lines of the original this hunk replaces."""
        return range(self.old_start + 1, self.old_end + 1)

    def new_lines(self) -> range:
        """The 1-based lines of the migrated text this hunk brings."""
        return range(self.new_start + 1, self.new_end + 1)


@dataclass(frozen=True)
class ChangePlan:
    """One file's rewrite as hunks and the changes (groups of hunk indexes) offered."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    hunks: tuple[Hunk, ...]
    changes: tuple[tuple[int, ...], ...]
    # the rewrite is offered as one change for the whole file (see the module documentation)
    whole_file: bool = False

    def apply(self, accepted: Iterable[int]) -> str:
        """The original text with the hunks numbered in ``accepted`` applied."""
        return self.apply_between(0, len(self.old), range(len(self.hunks)), set(accepted))

    def apply_between(self, start: int, end: int, hunks: Iterable[int], accepted: set[int]) -> str:
        """Original lines ``[start, end)`` with those of ``hunks`` (all inside) that are accepted."""
        out: list[str] = []
        pos = start
        for index in hunks:
            hunk = self.hunks[index]
            out.extend(self.old[pos : hunk.old_start])
            if index in accepted:
                out.extend(self.new[hunk.new_start : hunk.new_end])
            else:
                out.extend(self.old[hunk.old_start : hunk.old_end])
            pos = hunk.old_end
        out.extend(self.old[pos:end])
        return "".join(out)

    def diff(self, change: Sequence[int], path: str) -> str:
        """A unified diff of one change against the original, for reading (no ``\\r``)."""
        out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
        clusters: list[list[Hunk]] = []
        for hunk in (self.hunks[index] for index in sorted(change)):
            if clusters and hunk.old_start - clusters[-1][-1].old_end <= 2 * render.CONTEXT_LINES:
                clusters[-1].append(hunk)
            else:
                clusters.append([hunk])
        shift = 0  # lines this change added before the cluster
        for cluster in clusters:
            start = max(0, cluster[0].old_start - render.CONTEXT_LINES)
            end = min(len(self.old), cluster[-1].old_end + render.CONTEXT_LINES)
            body: list[str] = []
            pos = start
            added = 0
            for hunk in cluster:
                body.extend(" " + line for line in self.old[pos : hunk.old_start])
                body.extend("-" + line for line in self.old[hunk.old_start : hunk.old_end])
                body.extend("+" + line for line in self.new[hunk.new_start : hunk.new_end])
                added += (hunk.new_end - hunk.new_start) - (hunk.old_end - hunk.old_start)
                pos = hunk.old_end
            body.extend(" " + line for line in self.old[pos:end])
            length = end - start
            out.append(f"@@ -{start + 1},{length} +{start + 1 + shift},{length + added} @@\n")
            out.extend(line.rstrip("\r\n") + "\n" for line in body)
            shift += added
        return "".join(out)

    def original_lines(self, change: Sequence[int]) -> set[int]:
        """The 1-based original lines a change touches (an insertion: the line it precedes)."""
        lines: set[int] = set()
        for index in change:
            hunk = self.hunks[index]
            lines.update(hunk.old_lines() or (hunk.old_start + 1,))
        return lines




def whole_file_plan(source: str, new_source: str) -> ChangePlan:
    """The whole rewrite as one change."""
    old, new = split_lines(source), split_lines(new_source)
    hunks = (Hunk(0, len(old), 0, len(new)),)
    return ChangePlan(tuple(old), tuple(new), hunks, ((0,),), whole_file=True)


def python_plan(source: str, new_source: str) -> ChangePlan:
    """Cut a Python rewrite into changes (see the module documentation).

    Falls back to one change for the whole file when either text does not parse.
    """
    try:
        old_tree = ast.parse(source)
        new_tree = ast.parse(new_source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return whole_file_plan(source, new_source)
    old, new = split_lines(source), split_lines(new_source)
    hunks = _split_hunks(old, new)
    groups = _Groups(len(hunks))
    _join_statements(groups, hunks, _statement_spans(old_tree, old), _statement_spans(new_tree, new))
    _join_names(groups, hunks, _names_by_line(old_tree), _names_by_line(new_tree))
    plan = ChangePlan(tuple(old), tuple(new), tuple(hunks), ())
    changes = _join_until_parsing(plan, groups.changes(), _segments(plan, old_tree))
    return dataclasses.replace(plan, changes=tuple(changes))


def _split_hunks(old: list[str], new: list[str]) -> list[Hunk]:
    hunks: list[Hunk] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            hunks.extend(
                Hunk(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1)
                for k in range(i2 - i1)
                if old[i1 + k] != new[j1 + k]
            )
        else:
            hunks.append(Hunk(i1, i2, j1, j2))
    return hunks


class _Groups:
    """Union-find over hunk indexes."""

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, items: Iterable[int]) -> None:
        roots = [self.find(item) for item in items]
        for root in roots[1:]:
            self.parent[root] = roots[0]

    def changes(self) -> list[tuple[int, ...]]:
        members: dict[int, list[int]] = defaultdict(list)
        for item in range(len(self.parent)):
            members[self.find(item)].append(item)
        return sorted((tuple(m) for m in members.values()), key=lambda change: change[0])


def _statement_spans(tree: ast.Module, lines: list[str]) -> list[tuple[int, int]]:
    """1-based inclusive line spans: each simple statement, each compound statement's header."""
    spans: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        decorators: list[ast.expr] = getattr(node, "decorator_list", [])
        start = min([node.lineno, *(d.lineno for d in decorators)])
        body = getattr(node, "body", None)
        if isinstance(node, ast.Match):
            end = node.subject.end_lineno or node.lineno
        elif isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            end = body[0].lineno - 1
            # comments and blank lines between the header and the body are not the header
            while end > start and not lines[end - 1].strip().split("#", 1)[0].strip():
                end -= 1
            end = max(start, end)
        else:
            end = node.end_lineno or node.lineno
        spans.append((start, end))
    return spans


def _join_statements(
    groups: _Groups,
    hunks: list[Hunk],
    old_spans: list[tuple[int, int]],
    new_spans: list[tuple[int, int]],
) -> None:
    for spans, lines_of in ((old_spans, Hunk.old_lines), (new_spans, Hunk.new_lines)):
        owners: dict[int, list[int]] = defaultdict(list)
        for span_index, (start, end) in enumerate(spans):
            for line in range(start, end + 1):
                owners[line].append(span_index)
        touching: dict[int, list[int]] = defaultdict(list)
        for index, hunk in enumerate(hunks):
            for span_index in {s for line in lines_of(hunk) for s in owners.get(line, ())}:
                touching[span_index].append(index)
        for members in touching.values():
            groups.join(members)


@dataclass
class _Names:
    binds: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    uses: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def over(self, lines: range) -> tuple[set[str], set[str]]:
        binds: set[str] = set()
        uses: set[str] = set()
        for line in lines:
            binds |= self.binds.get(line, set())
            uses |= self.uses.get(line, set())
        return binds, uses


def _names_by_line(tree: ast.Module) -> _Names:
    """The names each line binds and reads; attribute names are kept apart as ``.name``."""
    names = _Names()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            target = names.uses if isinstance(node.ctx, ast.Load) else names.binds
            target[node.lineno].add(node.id)
        elif isinstance(node, ast.Attribute):
            target = names.uses if isinstance(node.ctx, ast.Load) else names.binds
            target[node.end_lineno or node.lineno].add("." + node.attr)
        elif isinstance(node, ast.alias):
            bound = node.asname or node.name.split(".")[0]
            if bound != "*":
                names.binds[node.lineno].add(bound)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # a method is reached as an attribute
            names.binds[node.lineno].update((node.name, "." + node.name))
        elif isinstance(node, ast.arg):
            names.binds[node.lineno].add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.binds[node.lineno].add(node.name)
    return names


def _join_names(groups: _Groups, hunks: list[Hunk], old_names: _Names, new_names: _Names) -> None:
    introduced: dict[str, list[int]] = defaultdict(list)
    dropped: dict[str, list[int]] = defaultdict(list)
    starts_using: dict[str, list[int]] = defaultdict(list)
    stops_using: dict[str, list[int]] = defaultdict(list)
    for index, hunk in enumerate(hunks):
        old_binds, old_uses = old_names.over(hunk.old_lines())
        new_binds, new_uses = new_names.over(hunk.new_lines())
        for name in new_binds - old_binds:
            introduced[name].append(index)
        for name in old_binds - new_binds:
            dropped[name].append(index)
        for name in new_uses - old_uses:
            starts_using[name].append(index)
        for name in old_uses - new_uses:
            stops_using[name].append(index)
    for name, makers in introduced.items():
        groups.join(makers + starts_using.get(name, []) + dropped.get(name, []))
    for name, droppers in dropped.items():
        groups.join(droppers + stops_using.get(name, []))


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


@dataclass
class _Segment:
    """Original lines ``[start, end)``: whole top-level statements, holding whole hunks."""

    start: int
    end: int
    hunks: list[int]

    def text(self, plan: ChangePlan, accepted: set[int]) -> str:
        return plan.apply_between(self.start, self.end, self.hunks, accepted)


def _segments(plan: ChangePlan, tree: ast.Module) -> list[_Segment]:
    """Cut the original at top-level statements into pieces that parse on their own,
    before and after all their hunks, and that no hunk crosses.

    A module is a sequence of statements, so text made of such pieces parses
    when each piece does: a change can be parsed with the pieces it touches
    only, not the whole file.
    """
    size = len(plan.old)
    starts = sorted(
        {0}
        | {
            min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
            for node in tree.body
        }
    )
    starts = [start for start in starts if start < size] or [0]
    # ``joined[k]``: piece k and piece k + 1 must stay together
    joined = [False] * len(starts)
    for hunk in plan.hunks:
        first = bisect.bisect_right(starts, min(hunk.old_start, size - 1)) - 1
        last = bisect.bisect_right(starts, max(hunk.old_start, hunk.old_end - 1, 0)) - 1
        for k in range(max(first, 0), last):
            joined[k] = True
    segments: list[_Segment] = []
    for k, start in enumerate(starts):
        if k > 0 and joined[k - 1]:
            continue
        stop = k
        while joined[stop] and stop + 1 < len(starts):
            stop += 1
        end = starts[stop + 1] if stop + 1 < len(starts) else size
        segments.append(_Segment(start, end, []))
    for index, hunk in enumerate(plan.hunks):
        segment = _segment_at(segments, min(hunk.old_start, size - 1))
        segment.hunks.append(index)
    # a piece that does not parse alone (before or after its hunks) joins the next one
    everything = set(range(len(plan.hunks)))
    k = 0
    while k < len(segments):
        segment = segments[k]
        if len(segments) == 1 or (
            _parses(segment.text(plan, set())) and _parses(segment.text(plan, everything))
        ):
            k += 1
            continue
        other = k + 1 if k + 1 < len(segments) else k - 1
        low, high = sorted((k, other))
        segments[low] = _Segment(
            segments[low].start, segments[high].end, segments[low].hunks + segments[high].hunks
        )
        del segments[high]
        k = low
    return segments


def _segment_at(segments: list[_Segment], line: int) -> _Segment:
    starts = [segment.start for segment in segments]
    return segments[max(bisect.bisect_right(starts, line) - 1, 0)]


def _join_until_parsing(
    plan: ChangePlan, changes: list[tuple[int, ...]], segments: list[_Segment]
) -> list[tuple[int, ...]]:
    """Join each change that does not parse alone (or whose absence does not parse) with a neighbour."""
    segment_of = {index: segment for segment in segments for index in segment.hunks}

    def parses_either_way(members: set[int]) -> bool:
        for segment in {id(segment_of[index]): segment_of[index] for index in members}.values():
            inside = members.intersection(segment.hunks)
            if not _parses(segment.text(plan, inside)):
                return False
            if not _parses(segment.text(plan, set(segment.hunks) - inside)):
                return False
        return True

    owner = {hunk: n for n, change in enumerate(changes) for hunk in change}
    current: dict[int, set[int]] = {n: set(change) for n, change in enumerate(changes)}
    pending = sorted(current, reverse=True)
    while pending:
        key = pending.pop()
        if key not in current or len(current) == 1 or parses_either_way(current[key]):
            continue
        members = current[key]
        after = max(members) + 1
        other = owner[after if after < len(plan.hunks) else min(members) - 1]
        current[key] = members | current.pop(other)
        for hunk in current[key]:
            owner[hunk] = key
        pending.append(key)
    return sorted((tuple(sorted(m)) for m in current.values()), key=lambda change: change[0])


# ---------------------------------------------------------------------------
# the review
# ---------------------------------------------------------------------------


class Stop(enum.Enum):
    """Whether the review goes on after a file."""

    GO_ON = "go on"
    QUIT = "quit"  # q: the current file keeps what was accepted
    ABORT = "abort"  # end of input or Ctrl-C: nothing of the current file is written


@dataclass
class ReviewTally:
    """What the reviewer decided over the run (counted in changes)."""

    accepted: int = 0
    rejected: int = 0
    undecided: int = 0  # changes left when the review stopped
    files_not_reached: int = 0
    stopped: bool = False

    def line(self) -> str:
        text = f"review: {_count(self.accepted, 'change')} accepted, {self.rejected} rejected"
        if self.undecided:
            text += f", {self.undecided} not decided"
        if self.files_not_reached:
            text += f"; {_count(self.files_not_reached, 'file')} not reviewed"
        if self.stopped:
            text += " (stopped)"
        return text


@dataclass
class _Reviewer:
    config: RunConfig
    max_size: int
    out: Console
    err: Console
    quiet: bool
    verbose: bool
    tally: ReviewTally = field(default_factory=ReviewTally)
    encodings: dict[str, str] = field(default_factory=dict)

    def review(self, source: SourceFile) -> tuple[FileResult, Stop]:
        """Migrate, ask about and write one file; the result holds what was written."""
        path = str(source.path)
        try:
            before: os.stat_result | None = os.stat(path)
        except OSError:
            before = None  # reading fails below, and says why
        outcome = runner.process_file(source.display, path, self.config, False, self.max_size)
        result = outcome.result
        self.encodings[result.path] = outcome.encoding
        if not result.changed:
            if not self.quiet:
                render.print_file_status(self.err, result, written=True, verbose=self.verbose)
                render.print_findings(self.err, result)
            return result, Stop.GO_ON
        if before is None or not before.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            return runner.as_failed(result, "the file is read-only; not reviewed"), Stop.GO_ON
        plan = _plan_for(result)
        shown: set[Finding] = set()
        accepted, stop = self._ask(result, plan, shown)
        if stop is Stop.ABORT:
            written = dataclasses.replace(result, new_source=result.source)
        else:
            written = self._write(source, result, plan.apply(accepted), before, outcome.encoding)
            self._print_status(written, plan, accepted)
        if not self.quiet:
            for finding in result.findings:
                if finding not in shown:
                    self.err.print(Text(finding.render(result.path), style="yellow"), soft_wrap=True)
        return written, stop

    def _ask(
        self, result: FileResult, plan: ChangePlan, shown: set[Finding]
    ) -> tuple[list[int], Stop]:
        """The hunks accepted, and whether the reviewer stopped."""
        accepted: list[int] = []
        total = len(plan.changes)
        rest: str | None = None  # "a" or "s" once given
        for number, change in enumerate(plan.changes, 1):
            answer = rest
            if answer is None:
                self._show(result, plan, change, number, total, shown)
                try:
                    answer = click.prompt(PROMPT, value_proc=_answer, err=True)
                except click.Abort:
                    answer = None
                if answer is None or answer == "q":
                    self.tally.undecided += total - number + 1
                    self.tally.stopped = True
                    return accepted, Stop.QUIT if answer == "q" else Stop.ABORT
                if answer in ("a", "s"):
                    rest = answer
            if answer in ("y", "a"):
                accepted.extend(change)
                self.tally.accepted += 1
            else:
                self.tally.rejected += 1
        return accepted, Stop.GO_ON

    def _show(
        self,
        result: FileResult,
        plan: ChangePlan,
        change: tuple[int, ...],
        number: int,
        total: int,
        shown: set[Finding],
    ) -> None:
        header = Text()
        header.append(result.path, style="bold")
        header.append(f"  change {number} of {total}", style="cyan")
        if self.out.is_terminal:
            self.out.rule(header, align="left")
        else:
            self.out.print(header, soft_wrap=True)
        if plan.whole_file:
            diff_text = render.unified_diff(result).replace("\r\n", "\n")
            findings = list(result.findings)
        else:
            diff_text = plan.diff(change, result.path)
            lines = plan.original_lines(change)
            findings = [f for f in result.findings if f.line in lines]
        if self.out.is_terminal:
            self.out.print(Syntax(diff_text, "diff", word_wrap=True, theme="ansi_dark"))
        else:
            self.out.print(Text(diff_text.rstrip("\n")), soft_wrap=True)
        for finding in findings:
            self.out.print(Text(finding.render(result.path), style="yellow"), soft_wrap=True)
            shown.add(finding)

    def _print_status(self, written: FileResult, plan: ChangePlan, accepted: list[int]) -> None:
        if written.error is not None or self.quiet:
            return
        taken = set(accepted)
        applied = sum(1 for change in plan.changes if taken.issuperset(change))
        counts = f"{applied} of {_count(len(plan.changes), 'change')} applied"
        if written.changed:
            line = f"rewrote {written.path}: {counts}"
        else:
            line = f"left {written.path} as it was: {counts}"
        self.err.print(Text(line), soft_wrap=True)

    def _write(
        self,
        source: SourceFile,
        result: FileResult,
        text: str,
        before: os.stat_result,
        encoding: str,
    ) -> FileResult:
        """Write ``text`` over the file (nothing when it is the original); what was written."""
        if text == result.source:
            return dataclasses.replace(result, new_source=result.source)
        if _is_python(result) and not result.modernised:
            problem = _syntax_problem(text)
            if problem is not None:
                reason = f"the accepted changes do not parse ({problem[0]}); nothing written"
                error = FileError(result.path, reason, problem[1])
                return dataclasses.replace(result, new_source=result.source, error=error)
        try:
            runner.write_atomic(str(source.path), encode_source(text, encoding), before)
        except (UnicodeError, LookupError) as exc:
            return runner.as_failed(result, f"cannot encode the accepted changes: {exc}")
        except runner.FileChangedError:
            return runner.as_failed(result, "the file changed during the review; not written")
        except FileNotFoundError:
            return runner.as_failed(result, "the file vanished during the review; not written")
        except OSError as exc:
            return runner.as_failed(result, f"cannot write: {runner.os_reason(exc)}")
        return dataclasses.replace(result, new_source=text)


def _syntax_problem(text: str) -> tuple[str, int | None] | None:
    """Why ``text`` does not parse as Python 3 (message, line), or None when it does."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return exc.msg, exc.lineno
    except (ValueError, RecursionError, MemoryError) as exc:
        return type(exc).__name__, None
    return None


def _answer(value: str) -> str:
    letter = value.strip().lower()[:1]
    if letter not in ANSWERS:
        raise click.BadParameter("answer y, n, a, s or q")
    return letter


def _is_python(result: FileResult) -> bool:
    path = result.path
    return not (is_notebook(path) or is_keras_json(path) or is_side_file(path))


def _plan_for(result: FileResult) -> ChangePlan:
    if _is_python(result) and not result.modernised:
        return python_plan(result.source, result.new_source)
    return whole_file_plan(result.source, result.new_source)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run_interactive(
    paths: Sequence[str],
    config: RunConfig,
    *,
    exclude: Sequence[str] = (),
    max_size: int = runner.DEFAULT_MAX_SIZE,
    quiet: bool = False,
    verbose: bool = False,
    fail_on_findings: bool = False,
    fail_on_fix: bool = False,
    err: Console | None = None,
) -> tuple[runner.RunReport, int]:
    """Review every file under ``paths`` change by change.

    Returns the report (each result's ``new_source`` is what was written) and
    the exit status.
    """
    out = Console(highlight=False)
    err = err or Console(stderr=True, highlight=False)
    found = discover(paths, exclude)
    files = found.files
    if config.dim_ordering is DimOrdering.AUTO:
        # as runner.run: keras.json files and global setters inform every file's ordering
        small = [f for f in files if runner.file_size(f.path) <= max_size]
        config = dataclasses.replace(
            config, tree_evidence=config.tree_evidence + tree_evidence(small)
        )
    RunView(err, lambda _: None, quiet, bar_allowed=False).on_start(len(files), found.skipped)
    reviewer = _Reviewer(config, max_size, out, err, quiet, verbose)
    report = runner.RunReport()
    for position, source in enumerate(files):
        result, stop = reviewer.review(source)
        report.add(result)
        report.encodings[result.path] = reviewer.encodings.get(result.path, runner.UNKNOWN_ENCODING)
        if stop is not Stop.GO_ON:
            reviewer.tally.files_not_reached = len(files) - position - 1
            break
    if quiet:
        render.print_errors(err, report.results)
    else:
        render.print_channels(err, report.results, verbose)
        render.print_summary(err, report, Mode.WRITE)
        err.print(Text(reviewer.tally.line(), style="bold"), soft_wrap=True)
    status = exit_code(report.results, Mode.WRITE, fail_on_findings, fail_on_fix=fail_on_fix)
    if status == EXIT_OK and reviewer.tally.stopped:
        status = EXIT_PENDING
    return report, status
