"""What ``kmigrate --check`` prints: the files that would change, and one count line.

``--check`` is for CI and pre-commit. Like ``--dry-run`` it writes nothing;
unlike it, it shows no diffs. stdout gets one ``would migrate: PATH`` line per
file that would change, in the order the files were found, and nothing else,
so the list can be read by a script. stderr gets the one-line error of each
file that could not be migrated, the findings when ``--fail-on-findings`` makes
them a reason to fail, and one count line at the end (not with ``--quiet``).
"""

from __future__ import annotations

from kmigrate.results import FileResult, Report

# what precedes the path of a file that would change, on stdout
WOULD_MIGRATE = "would migrate: "


def check_line(result: FileResult) -> str | None:
    """``would migrate: PATH`` for a file that would change, else None."""
    if not result.changed:
        return None
    return f"{WOULD_MIGRATE}{result.path}"


def counts_line(report: Report) -> str:
    """``2 of 7 files would be migrated, 1 failed`` (the failed part only when one did)."""
    files = "file" if report.seen == 1 else "files"
    verb = "would be migrated"
    line = f"{report.changed} of {report.seen} {files} {verb}"
    if report.failed:
        line += f", {report.failed} failed"
    return line
