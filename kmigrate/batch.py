"""``kmigrate batch ROOT...``: migrate many repositories in one run.

Each repository root is one job, :func:`migrate_repo`: a top-level function
that takes and returns picklable values, so the same job runs in this process,
in a ``concurrent.futures`` process or thread pool, or on a dask.distributed
cluster (``--executor dask --scheduler tcp://HOST:PORT``: ``Client.get_executor``
is a ``concurrent.futures.Executor`` too). Inside a job the repository's files
are migrated one after the other: the parallelism is across repositories.

By default nothing in the repositories is written. The driver writes, into the
output directory, per repository ``NAME.patch`` (a patch with paths relative
to the repository root: ``git apply /path/to/NAME.patch`` inside it applies
it; empty when nothing changes) and ``NAME.json`` (files, changed, modernised,
failed, findings by code, and each finding, failure and skipped path), plus
``summary.json`` over all of them, and prints one table. ``NAME`` is the root's
folder name (``-2``, ``-3`` ... when two roots share one). With ``--apply``
the jobs also rewrite the files in place (each file atomically), and the patch
records what was written.

On a dask cluster the workers must have kmigrate installed and see the
repositories at the same paths (relative roots are made absolute here first);
results come back to this process, which writes the output directory.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import importlib
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

import click
from rich.console import Console
from rich.table import Table

from kmigrate import render, runner
from kmigrate.config import DimOrdering, RunConfig
from kmigrate.discovery import display_path
from kmigrate.progress import parse_size
from kmigrate.results import EXIT_FAILED, EXIT_OK, FileResult, Mode

EXECUTORS: Final = ("process", "thread", "dask")
DEFAULT_OUTPUT: Final = "kmigrate-batch"


@dataclass(frozen=True)
class RepoResult:
    """What one repository's job produced (picklable; the driver writes it out)."""

    root: str
    files: int = 0
    changed: int = 0
    modernised: int = 0
    failed: int = 0
    findings_by_code: tuple[tuple[str, int], ...] = ()
    patch: bytes = b""
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # the repository itself could not be migrated
    applied: bool = False

    @property
    def findings(self) -> int:
        return sum(count for _, count in self.findings_by_code)

    def summary(self) -> dict[str, Any]:
        """The JSON summary of this repository."""
        return {
            "root": self.root,
            "files": self.files,
            "changed": self.changed,
            "modernised": self.modernised,
            "failed": self.failed,
            "findings": dict(self.findings_by_code),
            "applied": self.applied,
            "error": self.error,
            **self.details,
        }


def migrate_repo(
    root: str,
    config: RunConfig,
    apply: bool = False,
    exclude: tuple[str, ...] = (),
    max_size: int = runner.DEFAULT_MAX_SIZE,
) -> RepoResult:
    """Migrate the files under ``root``: counts, a patch and details. Never raises."""
    try:
        return _migrate_repo(root, config, apply, exclude, max_size)
    except Exception as exc:  # one repository never stops the batch
        return RepoResult(
            root, error=f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]
        )


def _migrate_repo(
    root: str, config: RunConfig, apply: bool, exclude: tuple[str, ...], max_size: int
) -> RepoResult:
    if not os.path.isdir(root):
        reason = "does not exist" if not os.path.exists(root) else "is not a directory"
        return RepoResult(root, error=f"the root {reason}")
    mode = Mode.WRITE if apply else Mode.DIFF
    report = runner.run([root], config, mode, jobs=1, exclude=exclude, max_size=max_size)
    prefix = display_path(root).rstrip("/") + "/"
    results = [_relative(r, prefix) for r in report.results]
    encodings = {_strip(path, prefix): enc for path, enc in report.encodings.items()}
    patch = b"".join(
        render.unified_diff_bytes(r, encodings.get(r.path, runner.UNKNOWN_ENCODING))
        for r in results
    )
    by_code = Counter(f.code for r in results for f in r.findings)
    details = {
        "changed_files": [r.path for r in results if r.changed],
        "modernised_files": [r.path for r in results if r.changed and r.modernised],
        "failed_files": [
            {"path": r.path, "line": r.error.line, "reason": r.error.reason}
            for r in results
            if r.error is not None
        ],
        "skipped": [
            {"path": _strip(s.display, prefix), "reason": s.reason} for s in report.skipped
        ],
        "findings_list": [
            {
                "path": r.path,
                "line": f.line,
                "column": f.column,
                "code": f.code,
                "message": f.message,
            }
            for r in results
            for f in r.findings
        ],
    }
    return RepoResult(
        root=root,
        files=len(results),
        changed=sum(1 for r in results if r.changed),
        modernised=sum(1 for r in results if r.changed and r.modernised),
        failed=sum(1 for r in results if r.error is not None),
        findings_by_code=tuple(sorted(by_code.items())),
        patch=patch,
        details=details,
        applied=apply,
    )


def _strip(path: str, prefix: str) -> str:
    return path[len(prefix) :] if path.startswith(prefix) else path


def _relative(result: FileResult, prefix: str) -> FileResult:
    path = _strip(result.path, prefix)
    error = result.error and dataclasses.replace(result.error, path=path)
    return dataclasses.replace(result, path=path, error=error)


# ---------------------------------------------------------------------------
# running the jobs
# ---------------------------------------------------------------------------


def make_executor(
    kind: str, jobs: int | None, scheduler: str | None
) -> concurrent.futures.Executor:
    """The executor the jobs run on: a process or thread pool, or a dask cluster."""
    if kind == "thread":
        return concurrent.futures.ThreadPoolExecutor(jobs)
    if kind == "dask":
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise click.UsageError(
                "--executor dask needs dask.distributed: pip install 'dask[distributed]'"
            ) from None
        client = distributed.Client(scheduler)
        # Client.get_executor is a concurrent.futures.Executor running on the cluster.
        return _ClosingExecutor(client.get_executor(pure=False), client)
    return concurrent.futures.ProcessPoolExecutor(jobs)


class _ClosingExecutor(concurrent.futures.Executor):
    """An executor that also closes the dask client when it shuts down."""

    def __init__(self, inner: concurrent.futures.Executor, client: Any) -> None:
        self._inner = inner
        self._client = client

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        return self._inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self._inner.shutdown(wait=wait)
        finally:
            self._client.close()


def run_batch(
    roots: Sequence[str],
    config: RunConfig,
    executor: concurrent.futures.Executor,
    apply: bool = False,
    exclude: tuple[str, ...] = (),
    max_size: int = runner.DEFAULT_MAX_SIZE,
) -> Iterator[tuple[int, RepoResult]]:
    """Run every repository's job; yield ``(index, result)`` as each one ends."""
    with executor:
        futures = {
            executor.submit(migrate_repo, root, config, apply, exclude, max_size): i
            for i, root in enumerate(roots)
        }
        for future in concurrent.futures.as_completed(futures):
            index = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # a worker died, or the cluster went away
                result = RepoResult(roots[index], error=f"job failed: {type(exc).__name__}: {exc}")
            yield index, result


# ---------------------------------------------------------------------------
# outputs
# ---------------------------------------------------------------------------


def output_names(roots: Sequence[str]) -> list[str]:
    """A distinct file-name stem per root: its folder name, numbered when repeated."""
    names: list[str] = []
    used: set[str] = set()
    for root in roots:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", os.path.basename(os.path.normpath(root))).strip(".")
        base = base or "repository"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        names.append(name)
    return names


def write_outputs(out: Path, names: Sequence[str], results: Sequence[RepoResult]) -> None:
    """``NAME.patch`` and ``NAME.json`` per repository, and ``summary.json``."""
    out.mkdir(parents=True, exist_ok=True)
    repos = []
    for name, result in zip(names, results, strict=True):
        patch = None if result.error is not None else f"{name}.patch"
        if patch is not None:
            (out / patch).write_bytes(result.patch)
        summary = {"name": name, "patch": patch, **result.summary()}
        (out / f"{name}.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
        repos.append(
            {
                k: summary[k]
                for k in (
                    "name",
                    "root",
                    "files",
                    "changed",
                    "modernised",
                    "failed",
                    "findings",
                    "error",
                )
            }
        )
    total = totals(results)
    (out / "summary.json").write_text(
        json.dumps({"repositories": repos, "total": total}, indent=2, ensure_ascii=False) + "\n",
        "utf-8",
    )


def totals(results: Sequence[RepoResult]) -> dict[str, Any]:
    by_code: Counter[str] = Counter()
    for result in results:
        by_code.update(dict(result.findings_by_code))
    return {
        "repositories": len(results),
        "failed_repositories": sum(1 for r in results if r.error is not None),
        "files": sum(r.files for r in results),
        "changed": sum(r.changed for r in results),
        "modernised": sum(r.modernised for r in results),
        "failed": sum(r.failed for r in results),
        "findings": dict(sorted(by_code.items())),
    }


def table(names: Sequence[str], results: Sequence[RepoResult], apply: bool) -> Table:
    """One row per repository and a total row."""
    grid = Table(title="kmigrate batch" + (" (applied)" if apply else ""), show_footer=True)
    total = totals(results)
    grid.add_column("repository", footer="total")
    for column in ("files", "changed", "modernised", "failed"):
        grid.add_column(column, justify="right", footer=str(total[column]))
    grid.add_column("findings", footer=_codes(total["findings"]))
    for name, result in zip(names, results, strict=True):
        if result.error is not None:
            grid.add_row(name, "-", "-", "-", "-", f"[red]error: {result.error}[/red]")
            continue
        grid.add_row(
            name,
            str(result.files),
            str(result.changed),
            str(result.modernised),
            str(result.failed),
            _codes(dict(result.findings_by_code)),
        )
    return grid


def _codes(by_code: dict[str, int]) -> str:
    return ", ".join(f"{code} {count}" for code, count in sorted(by_code.items())) or "-"


# ---------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------

EPILOG = """\b
Examples:
  kmigrate batch repos/*/ --out upgrades/       a patch and a summary per repository
  kmigrate batch --from-file roots.txt -j 8
  kmigrate batch --from-file roots.txt --executor dask --scheduler tcp://10.0.0.5:8786
  kmigrate batch repos/*/ --apply               also rewrite the repositories in place

\b
Exit codes: 0 every repository was migrated; 2 usage error; 123 a repository
or some file in one could not be migrated (it is reported, the others still run).
"""


def _read_roots(handle: IO[str]) -> list[str]:
    roots = []
    for line in handle:
        text = line.strip()
        if text and not text.startswith("#"):
            roots.append(text)
    return roots


@click.command(
    "batch",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.argument("roots", metavar="ROOT...", nargs=-1, type=click.Path(file_okay=False))
@click.option(
    "--from-file",
    "from_file",
    type=click.File("r", encoding="utf-8"),
    help="Read repository roots from this file, one a line ('#' comments; '-' is stdin).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Directory for NAME.patch, NAME.json and summary.json.",
)
@click.option("--apply", is_flag=True, help="Also rewrite the files in the repositories.")
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default="process",
    show_default=True,
    help="Where the jobs run: local processes, local threads, or a dask.distributed cluster.",
)
@click.option("--scheduler", metavar="ADDRESS", help="The dask scheduler (tcp://HOST:PORT).")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Repositories at a time (default: all cores)."
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Skip files and folders matching this gitignore-style pattern (relative to each "
    "ROOT; repeatable). .gitignore files are always honoured.",
)
@click.option(
    "--max-size",
    callback=parse_size,
    default=str(runner.DEFAULT_MAX_SIZE),
    metavar="SIZE",
    help="Do not migrate files larger than this (e.g. 5M, 800K).  [default: 5M]",
)
@click.option(
    "--no-py2", is_flag=True, help="Do not modernise Python 2 files; report them instead."
)
@click.option("--no-annotate", is_flag=True, help="Do not add '# kmigrate: Kxxx ...' comments.")
@click.option(
    "--dim-ordering",
    type=click.Choice([d.value for d in DimOrdering]),
    default=DimOrdering.AUTO.value,
    show_default=True,
    help="Channel ordering of the old code (as for kmigrate).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the table.")
@click.pass_context
def batch(
    ctx: click.Context,
    roots: tuple[str, ...],
    from_file: IO[str] | None,
    out: Path,
    apply: bool,
    executor: str,
    scheduler: str | None,
    jobs: int | None,
    exclude: tuple[str, ...],
    max_size: int,
    no_py2: bool,
    no_annotate: bool,
    dim_ordering: str,
    quiet: bool,
) -> None:
    """Migrate many repositories: a patch and a JSON summary per repository, one table.

    Nothing in the repositories is written unless --apply is given.
    """
    all_roots = list(roots) + (_read_roots(from_file) if from_file is not None else [])
    if not all_roots:
        raise click.UsageError("give at least one ROOT, or --from-file")
    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler tcp://HOST:PORT")
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler is only for --executor dask")
    absolute = [os.path.abspath(root) for root in all_roots]
    names = output_names(all_roots)
    config = RunConfig(
        annotate=not no_annotate, dim_ordering=DimOrdering(dim_ordering), py2=not no_py2
    )
    err = Console(stderr=True, highlight=False)
    results: list[RepoResult | None] = [None] * len(absolute)
    pool = make_executor(executor, jobs, scheduler)
    for index, result in run_batch(absolute, config, pool, apply, exclude, max_size):
        results[index] = result
        if result.error is not None:
            err.print(f"[red]{names[index]}: error: {result.error}[/red]", soft_wrap=True)
        elif not quiet:
            err.print(
                f"{names[index]}: {result.files} files, {result.changed} changed, {result.failed} failed",
                soft_wrap=True,
            )
    done = [r for r in results if r is not None]
    write_outputs(out, names, done)
    Console(highlight=False).print(table(names, done, apply))
    if not quiet:
        err.print(f"wrote the patches and summaries to {out}", soft_wrap=True)
    failed = any(r.error is not None or r.failed for r in done)
    ctx.exit(EXIT_FAILED if failed else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(batch())
