"""Splitting text into lines the way patches and notebooks count them."""

from __future__ import annotations


def split_lines(text: str) -> list[str]:
    """Lines ending at ``\\n`` only, keeping their endings (a CRLF line keeps its ``\\r``).

    ``str.splitlines`` would also split at form feeds, lone ``\\r`` and other
    characters that ``git apply`` and Jupyter do not treat as line breaks.
    """
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
