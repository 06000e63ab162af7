"""``python -m kmigrate``: the same command as the ``kmigrate`` console script."""

from __future__ import annotations

from kmigrate.cli import main

if __name__ == "__main__":
    main(prog_name="kmigrate")
