"""``# kmigrate: skip`` and ``# kmigrate: skip-file``: code a person wants left alone.

* ``# kmigrate: skip-file`` as a comment anywhere in a file: the file is not
  migrated at all (no rewrite, no finding, no comment).
* ``# kmigrate: skip`` as a comment at the end of a line: the statement that
  line belongs to is left exactly as it is, and its findings are not
  reported. On the first line of a compound statement (``def``, ``class``,
  ``with``, ``for``, ``if``, ... header, decorators included) it leaves the
  whole statement alone, body and all. The rest of the file is migrated as
  usual, imports included: a skipped statement that uses a Keras name the
  migration renames at its import (``Convolution2D``) would lose that name,
  so it gets a K999 finding (on its first line, not annotated) saying so.

Only real comments count (Python's tokenizer decides, so the words inside a
string do nothing), and only when the file's text contains the marker at all,
so files without one pay nothing.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Iterable, Mapping

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from codemods._walk import walk

_FILE = re.compile(r"#\s*kmigrate:\s*skip-file\b")
_LINE = re.compile(r"#\s*kmigrate:\s*skip\b(?!-)")
MARKER = "kmigrate:"


def _comment_lines(text: str, pattern: re.Pattern[str]) -> set[int]:
    """Lines holding a comment that matches ``pattern``."""
    if pattern.search(text) is None:
        return set()
    found: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and pattern.match(token.string):
                found.add(token.start[0])
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return set()
    return found


def skips_file(text: str) -> bool:
    """The file says ``# kmigrate: skip-file``."""
    return MARKER in text and bool(_comment_lines(text, _FILE))


def skipped_lines(text: str) -> set[int]:
    """Lines ending in a ``# kmigrate: skip`` comment."""
    return _comment_lines(text, _LINE) if MARKER in text else set()


def protected_statements(module: cst.Module, lines: Iterable[int]) -> tuple[list[cst.CSTNode], list[tuple[int, int]]]:
    """The statements that ``lines`` mark (original nodes) and the line spans they cover."""
    marked = set(lines)
    nodes: list[cst.CSTNode] = []
    spans: list[tuple[int, int]] = []
    if not marked:
        return nodes, spans
    where = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)

    def visit(statements: Iterable[cst.CSTNode]) -> None:
        for statement in statements:
            span = where.get(statement)
            if span is None:
                continue
            first, last = span.start.line, span.end.line
            if isinstance(statement, cst.SimpleStatementLine):
                if any(first <= line <= last for line in marked):
                    nodes.append(statement)
                    spans.append((first, last))
                continue
            decorators = getattr(statement, "decorators", ())
            if decorators:
                first = min(first, *(where[d].start.line for d in decorators if d in where))
            header_end = _header_end(statement, where, last)
            if any(first <= line <= header_end for line in marked):
                nodes.append(statement)
                spans.append((first, last))
                continue
            visit(_children(statement))

    visit(module.body)
    return nodes, spans


def stale_names(statement: cst.CSTNode, bindings: Mapping[str, object], renamed: Callable[[str], bool]) -> list[str]:
    """Names a protected statement uses whose Keras import the migration renames
    (``Convolution2D`` becomes ``Conv2D`` at the import): the statement keeps
    the old name, which is then no longer imported."""
    used = {n.value for n in walk(statement) if isinstance(n, cst.Name)}
    return sorted(name for name in used if name in bindings and renamed(name))


def _header_end(statement: cst.CSTNode, where: Mapping[cst.CSTNode, CodeRange], last: int) -> int:
    """The last line of a compound statement's header (the line of its colon)."""
    body = getattr(statement, "body", None)
    if isinstance(body, cst.IndentedBlock) and body.body:
        head = body.body[0]
        span = where.get(head)
        if span is not None:
            return span.start.line - 1 - len(getattr(head, "leading_lines", ()))
    return last


def _children(statement: cst.CSTNode) -> list[cst.CSTNode]:
    """The statements directly inside a compound statement, every clause."""
    out: list[cst.CSTNode] = []
    todo: list[cst.CSTNode] = [statement]
    while todo:
        node = todo.pop()
        for name in ("body", "orelse", "handlers", "finalbody", "cases"):
            part = getattr(node, name, None)
            if part is None:
                continue
            items = part if isinstance(part, list | tuple) else [part]
            for item in items:
                if isinstance(item, cst.IndentedBlock):
                    out.extend(item.body)
                elif isinstance(item, cst.SimpleStatementSuite):
                    continue  # on the header's line: the header decides
                elif isinstance(item, cst.SimpleStatementLine | cst.BaseCompoundStatement):
                    out.append(item)  # an elif is an If in orelse
                elif isinstance(item, cst.CSTNode):
                    todo.append(item)  # Else, Finally, ExceptHandler, MatchCase
    return out
