"""Which statements the pipeline walk can skip.

Every rewrite starts from a name: a Keras binding (``Dense``, ``K``, ``keras``),
a name a star import provides, or a method name a codemod matches (``fit``).
A statement whose source text contains none of them as a word has nothing to
rewrite, so its subtree is not walked. Line spans come from Python's ``ast``
tree of the same text (the engine parses it anyway), matched statement by
statement with libcst's; on any mismatch nothing is skipped.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence

import libcst as cst

_NEWLINE = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _NEWLINE.finditer(text)), len(text)]


def skippable_statements(
    module: cst.Module,
    tree: ast.Module,
    text: str,
    names: Iterable[str],
    top_lines: dict[int, int] | None = None,
    inner_starts: dict[int, tuple[int, int]] | None = None,
    spans: dict[int, tuple[int, int]] | None = None,
) -> set[int]:
    """ids of libcst statements (top level, and inside top-level classes and
    functions) whose text mentions none of ``names``.

    ``top_lines``, when given, is filled with the line of each top-level
    statement's first token (decorators included), keyed by statement id;
    ``inner_starts`` with the (line, column) where each simple statement line
    directly inside a top-level class or function starts; ``spans`` with the
    first and last line of every statement matched (both levels).
    """
    words = sorted(set(names))
    if not words:
        return set()
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
    starts = _line_starts(text)
    skip: set[int] = set()
    lines: dict[int, int] = {}
    nested: dict[int, tuple[int, int]] = {}
    extents: dict[int, tuple[int, int]] = {}

    def walk(cst_body: Sequence[cst.BaseStatement], ast_body: Sequence[ast.stmt], depth: int) -> None:
        i = 0
        for stmt in cst_body:
            count = len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
            group = ast_body[i : i + count]
            i += count
            if len(group) != count:
                raise _Mismatch
            first = group[0]
            begin = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
            end = group[-1].end_lineno or begin
            if end >= len(starts):
                raise _Mismatch
            extents[id(stmt)] = (begin, end)
            if depth == 0:
                lines[id(stmt)] = begin
            elif isinstance(stmt, cst.SimpleStatementLine):
                nested[id(stmt)] = (begin, first.col_offset)
            if not pattern.search(text, starts[begin - 1], starts[end]):
                skip.add(id(stmt))
            elif depth == 0 and isinstance(stmt, cst.FunctionDef | cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
                inner = first.body if isinstance(first, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else None
                if inner is not None:
                    walk(stmt.body.body, inner, depth + 1)
        if i != len(ast_body):
            raise _Mismatch

    try:
        walk(module.body, tree.body, 0)
    except _Mismatch:
        return set()
    if top_lines is not None:
        top_lines.update(lines)
    if inner_starts is not None:
        inner_starts.update(nested)
    if spans is not None:
        spans.update(extents)
    return skip


class _Mismatch(Exception):
    """libcst's and ast's statements did not line up."""
