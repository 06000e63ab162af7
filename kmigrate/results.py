"""What a migration produced: findings, per-file results, and the exit-code policy.

Everything here is frozen and pickleable, so results can cross process
boundaries (the runner's process pool) unchanged.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from codemods._channels import ChannelPlan


@dataclass(frozen=True)
class Finding:
    """Something a person should know about one place in a file.

    ``code`` is the rule's code (``K9xx`` for manual review), ``line`` and
    ``column`` are 1-based positions in the *original* source.
    """

    code: str
    line: int
    column: int
    message: str

    def render(self, path: str) -> str:
        return f"{path}:{self.line}:{self.column}: {self.code} {self.message}"


@dataclass(frozen=True)
class Edit:
    """Where a rule changed something: ``code`` rewrote (part of) the statement
    spanning ``line`` to ``end_line`` (1-based, inclusive) in the original source.

    A rule that works on a whole block (wrapping backend ops in Lambda
    layers, say) may name the enclosing statement; one that changed the
    module as a whole (an import it added) names the whole file.
    """

    code: str
    line: int
    end_line: int


@dataclass(frozen=True)
class FileError:
    """Why a file could not be migrated. ``line`` is None when no line applies."""

    path: str
    reason: str
    line: int | None = None

    def render(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: error: {self.reason}"


@dataclass(frozen=True)
class FileResult:
    """The outcome of migrating one source text."""

    path: str
    source: str
    new_source: str
    findings: tuple[Finding, ...] = ()
    fired: tuple[str, ...] = ()
    error: FileError | None = None
    # where each rule in ``fired`` changed the file (see Edit), sorted
    edits: tuple[Edit, ...] = ()
    # the channel-ordering decision, for a Python file that was migrated (else None)
    channels: ChannelPlan | None = None
    # the source was Python 2 and went through the Python 2 -> 3 pass (kmigrate.py2)
    modernised: bool = False

    @property
    def changed(self) -> bool:
        return self.error is None and self.new_source != self.source

    @classmethod
    def failed(cls, path: str, source: str, reason: str, line: int | None = None) -> FileResult:
        return cls(path=path, source=source, new_source=source, error=FileError(path, reason, line))


class Mode(enum.Enum):
    """What the run does with the migrated text; decides the exit code."""

    WRITE = "write"  # rewrite files in place
    DRY_RUN = "dry-run"  # show diffs, write nothing
    DIFF = "diff"  # print a unified patch, write nothing
    STDIN = "stdin"  # read stdin, write the migrated code to stdout
    CHECK = "check"  # list the files that would change, write nothing


EXIT_OK = 0
EXIT_PENDING = 1
EXIT_USAGE = 2
EXIT_FAILED = 123

EXIT_CODES_HELP = (
    "Exit codes: 0 nothing left to do (or everything was written); "
    "1 rewrites are pending (--dry-run, --diff, --check) or were made "
    "(--exit-non-zero-on-fix), or, with --fail-on-findings, findings were reported; "
    "2 usage error; 123 some file could not be migrated (it is reported, the others still run)."
)


@dataclass
class Report:
    """All results of one run, in a deterministic order."""

    results: list[FileResult] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    @property
    def seen(self) -> int:
        return len(self.results)

    @property
    def changed(self) -> int:
        return sum(1 for r in self.results if r.changed)

    @property
    def modernised(self) -> int:
        return sum(1 for r in self.results if r.modernised and r.changed)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if r.error is not None)

    def findings_by_code(self) -> Counter[str]:
        return Counter(f.code for r in self.results for f in r.findings)

    def fired_by_code(self) -> Counter[str]:
        return Counter(code for r in self.results for code in r.fired)


def exit_code(
    results: Iterable[FileResult],
    mode: Mode,
    fail_on_findings: bool = False,
    fail_on_fix: bool = False,
) -> int:
    """The one place that turns results into an exit status (see EXIT_CODES_HELP).

    ``fail_on_fix`` (``--exit-non-zero-on-fix``): a run that rewrote files (or,
    from stdin, changed the code) exits 1 too, as a pre-commit hook that fixes must.
    """
    results = list(results)
    if any(r.error is not None for r in results):
        return EXIT_FAILED
    if mode in (Mode.DRY_RUN, Mode.DIFF, Mode.CHECK) and any(r.changed for r in results):
        return EXIT_PENDING
    if fail_on_fix and any(r.changed for r in results):
        return EXIT_PENDING
    if fail_on_findings and any(r.findings for r in results):
        return EXIT_PENDING
    return EXIT_OK
