"""What the CLI tests share: a plain (uncoloured, unwrapped) invocation and file writing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from kmigrate.cli import main

# rich decides colours and width from these; the tests read plain text
PLAIN_ENV: dict[str, str | None] = {
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "NO_COLOR": None,
    "COLUMNS": None,
}


def invoke(*args: str, stdin: bytes | str | None = None) -> Result:
    """``kmigrate ARGS`` in this process, with ``stdin`` as its input."""
    return CliRunner(env=PLAIN_ENV).invoke(main, list(args), input=stdin)


def write(path: Path, data: bytes) -> Path:
    """``data`` written to ``path``, folders made as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
