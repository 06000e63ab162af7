"""What the command shows while a run goes on: skipped paths and a progress bar.

The bar is drawn on stderr only when stderr is a terminal, the run has at
least :data:`MIN_FILES` files, and nothing else is drawn on that terminal at
the same time (a ``--dry-run`` or ``--diff`` that prints to the terminal gets
no bar). It is transient: once the run ends, only the summary stays.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Final

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from kmigrate.discovery import Skipped
from kmigrate.runner import FileOutcome

# Fewer files than this finish before a bar would be of use.
MIN_FILES: Final = 50

_UNITS: Final[dict[str, int]] = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
}


def parse_size(ctx: click.Context | None, param: click.Parameter | None, value: str | int) -> int:
    """``--max-size``: bytes, or a number with K, M or G (``5M``, ``512kb``, ``1.5MB``)."""
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
    if match is None or match.group(2).lower() not in _UNITS:
        raise click.BadParameter(f"{value!r}: give a size such as 5M, 800K or 1048576")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size <= 0:
        raise click.BadParameter("the size limit must be positive")
    return size


class RunView:
    """Callbacks for :func:`kmigrate.runner.run` that add skipped-path notes and a bar."""

    def __init__(
        self,
        err: Console,
        show: Callable[[FileOutcome], None],
        quiet: bool,
        bar_allowed: bool,
    ) -> None:
        self._err = err
        self._show = show
        self._quiet = quiet
        self._bar_allowed = bar_allowed and err.is_terminal and not quiet
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    @staticmethod
    def bar_allowed_for(writes_to_stdout: bool) -> bool:
        """A bar only when stdout is not the terminal it would share."""
        return not (writes_to_stdout and sys.stdout.isatty())

    def on_start(self, count: int, skipped: list[Skipped]) -> None:
        if not self._quiet:
            for note in skipped:
                self._err.print(f"{note.display}: skipped: {note.reason}", markup=False, soft_wrap=True)
        if self._bar_allowed and count >= MIN_FILES:
            self._progress = Progress(
                TextColumn("migrating"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self._err,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._progress.start()
            self._task = self._progress.add_task("migrating", total=count)

    def on_result(self, outcome: FileOutcome) -> None:
        self._show(outcome)
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
