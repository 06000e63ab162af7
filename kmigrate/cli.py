"""The ``kmigrate`` command: options -> RunConfig and Mode -> runner.run -> render -> exit code.

Code and diffs go to stdout; progress, findings, errors and the summary go to
stderr. The exit status is decided by :func:`kmigrate.results.exit_code`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click
from click.core import ParameterSource
from rich.console import Console
from rich.text import Text

from kmigrate import __version__, catalogue, check, render, reports, runner
from kmigrate.config import DimOrdering, RunConfig, Target
from kmigrate.interactive import run_interactive
from kmigrate.progress import RunView, parse_size
from kmigrate.results import EXIT_CODES_HELP, EXIT_FAILED, FileResult, Mode, Report, exit_code
from kmigrate.selection import resolve as resolve_selection
from kmigrate.selection import split
from kmigrate.settings import SettingsError
from kmigrate.settings import load as load_settings
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
@click.argument("paths", metavar="PATH...", nargs=-1, required=False, type=click.Path(dir_okay=True))
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
    "--check",
    "check_only",
    is_flag=True,
    help="List the files that would change ('would migrate: PATH') on stdout and nothing "
    "else; write nothing. Exit 1 when any would change (for CI and pre-commit).",
)
@click.option(
    "--interactive",
    is_flag=True,
    help="Review the changes one by one (y/n/a/s/q) and write only the accepted ones; "
    "changes that depend on each other are offered together. Runs in one process.",
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
    "--exit-non-zero-on-fix",
    is_flag=True,
    help="Exit 1 when any file was rewritten (as a pre-commit hook that fixes files must).",
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
@click.option(
    "--report",
    "report_specs",
    metavar="FORMAT:PATH",
    multiple=True,
    callback=reports.report_option_callback,
    help="After the run, also write a report to PATH: json (every file, change and finding), "
    "sarif (SARIF 2.1.0 for GitHub code scanning) or markdown (a pull-request summary). "
    "Repeatable.",
)
@click.option(
    "--select",
    "selects",
    metavar="CODES",
    multiple=True,
    help="Run only these rules and report only these findings: codes (K301), prefixes (K3, K9) "
    "or names, comma-separated or repeated. See --list.",
)
@click.option(
    "--ignore",
    "ignores",
    metavar="CODES",
    multiple=True,
    help="Leave out these rules and findings (same forms as --select).",
)
@click.option(
    "--target",
    type=click.Choice([t.value for t in Target]),
    default=Target.TF_KERAS.value,
    show_default=True,
    help="What the migrated code runs on: tensorflow.keras of TensorFlow 2.16 or later (Keras 3).",
)
@click.option("-q", "--quiet", is_flag=True, help="Report only errors on stderr.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list the files that did not change, and every sign of each file's channel ordering.",
)
@click.option(
    "--list",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=catalogue.list_option_callback,
    help="Print every rule and finding code (code, name, safety, summary) and exit.",
)
@click.option(
    "--explain",
    metavar="CODE",
    is_eager=True,
    expose_value=False,
    callback=catalogue.explain_option_callback,
    help="Print the documentation of one rule or finding code (K301, K942 or a name) and exit.",
)
@click.version_option(__version__, "--version", prog_name="kmigrate")
@click.pass_context
def main(
    ctx: click.Context,
    paths: tuple[str, ...],
    dry_run: bool,
    plain_diff: bool,
    check_only: bool,
    interactive: bool,
    no_annotate: bool,
    dim_ordering: str,
    channels_last: bool,
    no_py2: bool,
    fail_on_findings: bool,
    exit_non_zero_on_fix: bool,
    jobs: int | None,
    excludes: tuple[str, ...],
    max_size: int,
    report_specs: tuple[reports.ReportSpec, ...],
    selects: tuple[str, ...],
    ignores: tuple[str, ...],
    target: str,
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
    if not paths:
        raise click.UsageError("missing PATH (a file, a directory or '-' for stdin)")
    mode = _mode(paths, dry_run, plain_diff, check_only)
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    if interactive and mode is not Mode.WRITE:
        raise click.UsageError(
            "--interactive cannot be used with --dry-run, --diff, --check or '-' (stdin)"
        )
    try:
        settings = load_settings(paths)
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None

    def given(name: str) -> bool:
        """The option was on the command line (which wins over [tool.kmigrate])."""
        return ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)

    def setting(name: str, key: str, value: Any) -> Any:
        return value if given(name) or key not in settings.values else settings.values[key]

    dim_ordering = setting("dim_ordering", "dim-ordering", dim_ordering)
    channels_last = setting("channels_last", "channels-last", channels_last)
    if not given("no_annotate") and "annotate" in settings.values:
        no_annotate = not settings.values["annotate"]
    if not given("no_py2") and "py2" in settings.values:
        no_py2 = not settings.values["py2"]
    fail_on_findings = setting("fail_on_findings", "fail-on-findings", fail_on_findings)
    jobs = setting("jobs", "jobs", jobs)
    excludes = tuple(setting("excludes", "exclude", excludes))
    target = setting("target", "target", target)
    if not given("max_size") and "max-size" in settings.values:
        try:
            max_size = parse_size(None, None, settings.values["max-size"])
        except click.BadParameter as exc:
            raise click.UsageError(f"{settings.path}: [tool.kmigrate] max-size: {exc.message}") from None
    selected = split(selects) if given("selects") else settings.values.get("select")
    ignored = split(ignores) if given("ignores") else settings.values.get("ignore", [])
    try:
        rules, findings = resolve_selection(selected, ignored)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    config = RunConfig(
        target=Target(target),
        annotate=not no_annotate,
        dim_ordering=DimOrdering(dim_ordering),
        channels_last=channels_last,
        py2=not no_py2,
        rules=rules,
        findings=findings,
    )
    err = Console(stderr=True, highlight=False)
    if interactive:
        # --report describes what the review wrote
        written, status = run_interactive(
            paths,
            config,
            exclude=excludes,
            max_size=max_size,
            quiet=quiet,
            verbose=verbose,
            fail_on_findings=fail_on_findings,
            fail_on_fix=exit_non_zero_on_fix,
            err=err,
        )
        for message in reports.write_reports(report_specs, written, Mode.WRITE):
            err.print(Text(message, style="red"), soft_wrap=True)
            status = EXIT_FAILED
        ctx.exit(status)

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

    if mode is Mode.CHECK:
        _check_summary(err, report, quiet, fail_on_findings)
    elif quiet:
        render.print_errors(err, report.results)
    else:
        render.print_channels(err, report.results, verbose)
        render.print_summary(err, report, mode)
    report_errors = reports.write_reports(report_specs, report, mode)
    for message in report_errors:
        err.print(Text(message, style="red"), soft_wrap=True)
    if report_errors:
        ctx.exit(EXIT_FAILED)
    ctx.exit(exit_code(report.results, mode, fail_on_findings, exit_non_zero_on_fix))


def _mode(
    paths: tuple[str, ...], dry_run: bool, plain_diff: bool, check_only: bool = False
) -> Mode:
    if dry_run and plain_diff:
        raise click.UsageError("--dry-run and --diff cannot be used together")
    if check_only:
        if dry_run or plain_diff:
            raise click.UsageError("--check cannot be used with --dry-run or --diff")
        if "-" in paths:
            raise click.UsageError("'-' (stdin) cannot be used with --check")
        return Mode.CHECK
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
        elif mode is Mode.CHECK:
            # only the list on stdout; errors and the count line come at the end
            line = check.check_line(result)
            if line is not None:
                click.echo(line)
            return
        _report_file(err, result, mode, quiet, verbose)

    return show


def _check_summary(err: Console, report: Report, quiet: bool, fail_on_findings: bool) -> None:
    """--check on stderr: findings only when they fail the run, errors, one count line."""
    if fail_on_findings and not quiet:
        for result in report.results:
            render.print_findings(err, result)
    render.print_errors(err, report.results)
    if not quiet:
        err.print(Text(check.counts_line(report)), soft_wrap=True)


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
