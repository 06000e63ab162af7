"""The ``kmigrate`` command: options -> RunConfig and Mode -> runner.run -> render -> exit code.

Code and diffs go to stdout; progress, findings, errors and the summary go to
stderr. The exit status is decided by :func:`kmigrate.results.exit_code`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import click
from rich.console import Console

from kmigrate import __version__, render, runner
from kmigrate.config import DimOrdering, RunConfig
from kmigrate.progress import RunView, parse_size
from kmigrate.results import EXIT_CODES_HELP, FileResult, Mode, exit_code
from kmigrate.shapes.cli import MainCommand

EPILOG = f"""\b
Examples:
  kmigrate src/ --dry-run        show what would change, write nothing
  kmigrate src/ --diff > upgrade.patch && git apply upgrade.patch
  cat old.py | kmigrate - > new.py
  kmigrate shapes model.py       check statically which channel ordering builds each model
  kmigrate batch repos/*/        a patch and a JSON summary per repository (kmigrate batch -h)

{EXIT_CODES_HELP}
"""


@click.command(
    cls=MainCommand,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--dry-run", is_flag=True, help="Show a diff per file with its findings; write nothing."
)
@click.option(
    "--diff",
    "plain_diff",
    is_flag=True,
    help="Print a unified patch (for git apply) to stdout and nothing else; write nothing.",
)
@click.option(
    "--no-annotate",
    is_flag=True,
    help="Do not add '# kmigrate: Kxxx ...' comments where a person must look.",
)
@click.option(
    "--dim-ordering",
    type=click.Choice([d.value for d in DimOrdering]),
    default=DimOrdering.AUTO.value,
    show_default=True,
    help="Channel ordering of the old code: Theano (th), TensorFlow (tf), or detect it "
    "(auto: from global setters, keras.json files and, weakly, shapes; a guess is reported).",
)
@click.option(
    "--channels-last",
    is_flag=True,
    help="Make channels-first code compute channels last: a Permute after each image input, "
    "axes rewritten; the inputs still take channels-first data.",
)
@click.option(
    "--no-py2",
    is_flag=True,
    help="Do not modernise files that are Python 2 (print statements, 'except X, e', ...); "
    "report them instead.",
)
@click.option(
    "--fail-on-findings",
    is_flag=True,
    help="Exit 1 when any file has findings that need a person.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Migrate in this many processes (default: all cores). Output order and results "
    "are the same as with -j 1.",
)
@click.option(
    "--exclude",
    "excludes",
    metavar="PATTERN",
    multiple=True,
    help="Skip files and folders matching this gitignore-style pattern (relative to each "
    "directory PATH; repeatable). .gitignore files are always honoured.",
)
@click.option(
    "--max-size",
    callback=parse_size,
    default=str(runner.DEFAULT_MAX_SIZE),
    metavar="SIZE",
    help="Do not migrate files larger than this (e.g. 5M, 800K); such a file that names "
    "Keras is reported.  [default: 5M]",
)
@click.option("-q", "--quiet", is_flag=True, help="Report only errors on stderr.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list the files that did not change, and every sign of each file's channel ordering.",
)
@click.version_option(__version__, "--version", prog_name="kmigrate")
@click.pass_context
def main(
    ctx: click.Context,
    paths: tuple[str, ...],
    dry_run: bool,
    plain_diff: bool,
    no_annotate: bool,
    dim_ordering: str,
    channels_last: bool,
    no_py2: bool,
    fail_on_findings: bool,
    jobs: int | None,
    excludes: tuple[str, ...],
    max_size: int,
    quiet: bool,
    verbose: bool,
) -> None:
    """Rewrite Keras 1 code into today's tf.keras, in place.

    PATH is a file or a directory (searched for *.py, *.ipynb, keras.json and dependency
    files, honouring .gitignore and --exclude, skipping VCS folders, caches, build output
    and virtual environments). A lone '-' reads the code from
    stdin and writes the migrated code to stdout. A file that is Python 2 is first brought to
    Python 3 (as 2to3 would) and named as modernised in the output.
    """
    mode = _mode(paths, dry_run, plain_diff)
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    config = RunConfig(
        annotate=not no_annotate,
        dim_ordering=DimOrdering(dim_ordering),
        channels_last=channels_last,
        py2=not no_py2,
    )
    err = Console(stderr=True, highlight=False)

    if mode is Mode.STDIN:
        data = sys.stdin.buffer.read()
        report, output = runner.run_stdin(data, config)
        stdout = sys.stdout.buffer
        stdout.write(output)
        stdout.flush()
        _report_file(err, report.results[0], mode, quiet, verbose)
    else:
        view = RunView(
            err,
            _show_file(err, mode, quiet, verbose),
            quiet,
            RunView.bar_allowed_for(mode is not Mode.WRITE),
        )
        try:
            report = runner.run(
                paths,
                config,
                mode,
                on_result=view.on_result,
                jobs=jobs or os.cpu_count() or 1,
                exclude=excludes,
                max_size=max_size,
                on_start=view.on_start,
            )
        finally:
            view.stop()

    if quiet:
        render.print_errors(err, report.results)
    else:
        render.print_channels(err, report.results, verbose)
        render.print_summary(err, report, mode)
    ctx.exit(exit_code(report.results, mode, fail_on_findings))


def _mode(paths: tuple[str, ...], dry_run: bool, plain_diff: bool) -> Mode:
    if dry_run and plain_diff:
        raise click.UsageError("--dry-run and --diff cannot be used together")
    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("'-' (stdin) must be the only PATH")
        if dry_run or plain_diff:
            raise click.UsageError("'-' (stdin) cannot be used with --dry-run or --diff")
        return Mode.STDIN
    if dry_run:
        return Mode.DRY_RUN
    if plain_diff:
        return Mode.DIFF
    return Mode.WRITE


def _show_file(
    err: Console, mode: Mode, quiet: bool, verbose: bool
) -> Callable[[runner.FileOutcome], None]:
    """What is printed as each file is done: its diff on stdout, its status on stderr."""
    out = Console(highlight=False)

    def show(outcome: runner.FileOutcome) -> None:
        result = outcome.result
        if mode is Mode.DIFF:
            stdout = sys.stdout.buffer
            stdout.write(render.unified_diff_bytes(result, outcome.encoding))
            stdout.flush()
        elif mode is Mode.DRY_RUN:
            render.print_dry_run(out, result)
        _report_file(err, result, mode, quiet, verbose)

    return show


def _report_file(err: Console, result: FileResult, mode: Mode, quiet: bool, verbose: bool) -> None:
    if quiet:
        return
    if mode is Mode.STDIN:
        render.print_findings(err, result)
        return
    if mode is Mode.DRY_RUN:
        # The dry-run view on stdout already names each changed file and its findings.
        if verbose and not result.changed and result.error is None:
            render.print_file_status(err, result, written=False, verbose=True)
        return
    render.print_file_status(err, result, written=mode is Mode.WRITE, verbose=verbose)
    render.print_findings(err, result)
