"""Lines of the migrated text back to lines of the file the user wrote.

The checker analyses the migrated text, whose lines may differ (a statement
inserted, imports merged); the report names the user's lines.
"""

from __future__ import annotations

import difflib


def line_map(original: str, migrated: str) -> tuple[int, ...]:
    """For each line of the migrated text, the original line it comes from.

    Changed blocks are aligned line by line in order (most similar pairs); a
    new line left over (an inserted statement) maps to the line before it.
    """
    old, new = original.splitlines(), migrated.splitlines()
    mapping = [0] * len(new)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            pairs = {j: i1 + (j - j1) for j in range(j1, j2)}
        elif tag == "replace":
            pairs = {j1 + b: i1 + a for b, a in _align(old[i1:i2], new[j1:j2]).items()}
        else:
            pairs = {}
        last = max(i1, 1) if tag == "insert" else i1 + 1
        for j in range(j1, j2):
            last = pairs[j] + 1 if j in pairs else last
            mapping[j] = last
    return tuple(mapping)


def _align(old: list[str], new: list[str]) -> dict[int, int]:
    """A monotonic matching of new lines to old lines that maximises their total similarity."""
    n, m = len(old), len(new)
    if n * m > 40_000:  # a block this large was rewritten wholesale: spread it evenly
        return {j: j * n // m for j in range(m)}
    ratio = [[difflib.SequenceMatcher(None, a, b).ratio() for b in new] for a in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(ratio[i][j] + best[i + 1][j + 1], best[i + 1][j], best[i][j + 1])
    pairs: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if best[i][j] == ratio[i][j] + best[i + 1][j + 1]:
            pairs[j] = i
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
