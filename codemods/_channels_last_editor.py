"""Apply strategy C's edits in one pass over the file's statements.

Edits are keyed by the ids of nodes of the walked tree (``Edits.keep`` keeps
those objects alive, so an id cannot be reused): argument changes of calls,
wrapped expressions, renamed names, list elements and statements to insert,
and ``# kmigrate:`` comments to put above statements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods._channels_last_args import CallEdit
from codemods._framework import COMMENT_PREFIX, annotate_statement

_Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


@dataclass
class Edits:
    calls: dict[int, list[CallEdit]] = field(default_factory=dict)
    exprs: dict[int, Callable[[cst.BaseExpression], cst.BaseExpression]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    before: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)
    after: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)
    elements: dict[int, tuple[list[cst.BaseExpression], list[cst.BaseExpression]]] = field(default_factory=dict)
    comments: dict[int, list[str]] = field(default_factory=dict)
    keep: list[cst.CSTNode] = field(default_factory=list)


def apply_edits(statements: Sequence[cst.BaseStatement], edits: Edits) -> list[cst.BaseStatement]:
    body = [s for s in statements if isinstance(s, _Statement)]
    return list(cst.Module(body=body).visit(_Editor(edits)).body)


class _Editor(cst.CSTTransformer):
    def __init__(self, edits: Edits) -> None:
        super().__init__()
        self.edits = edits

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.FlattenSentinel[cst.CSTNode]:
        edits, key = self.edits, id(original_node)
        node = updated_node
        if isinstance(node, cst.Name) and key in edits.names:
            node = node.with_changes(value=edits.names[key])
        if isinstance(node, cst.Call):
            for edit in edits.calls.get(key, ()):
                node = edit(node)
        if isinstance(node, cst.List | cst.Tuple) and isinstance(original_node, cst.List | cst.Tuple):
            node = _with_elements(node, original_node, edits)
        if key in edits.exprs and isinstance(node, cst.BaseExpression):
            node = edits.exprs[key](node)
        if isinstance(node, _Statement):
            return _statement(node, key, edits)
        return node


def _statement(node: _Statement, key: int, edits: Edits) -> cst.CSTNode | cst.FlattenSentinel[cst.CSTNode]:
    before, after = edits.before.get(key, []), edits.after.get(key, [])
    if before:  # blank lines and comments go above the inserted lines, kmigrate's stay
        head = before[0]
        assert isinstance(head, cst.SimpleStatementLine)
        ours = [line for line in node.leading_lines if _is_ours(line)]
        before = [head.with_changes(leading_lines=[line for line in node.leading_lines if not _is_ours(line)]), *before[1:]]
        node = node.with_changes(leading_lines=ours)
    for message in dict.fromkeys(edits.comments.get(key, ())):
        lines = node.leading_lines
        if not any(line.comment is not None and line.comment.value == COMMENT_PREFIX + message for line in lines):
            annotated = annotate_statement(node, message)
            assert isinstance(annotated, _Statement)
            node = annotated
    if not before and not after:
        return node
    return cst.FlattenSentinel([*before, node, *after])


def _is_ours(line: cst.EmptyLine) -> bool:
    return line.comment is not None and line.comment.value.startswith(COMMENT_PREFIX)


def _with_elements(node: cst.List | cst.Tuple, original: cst.List | cst.Tuple, edits: Edits) -> cst.List | cst.Tuple:
    inserts = [edits.elements.get(id(e), ([], [])) for e in original.elements]
    if not any(before or after for before, after in inserts):
        return node
    elements = list(node.elements)
    separator = next((e.comma for e in elements[:-1] if isinstance(e.comma, cst.Comma)), None)
    if separator is None:  # one element: break lines as after the opening bracket
        opening = node.lbracket.whitespace_after if isinstance(node, cst.List) else node.lpar[0].whitespace_after if node.lpar else None
        breaks = opening if isinstance(opening, cst.ParenthesizedWhitespace) else cst.SimpleWhitespace(" ")
        separator = cst.Comma(whitespace_after=breaks)
    out: list[cst.BaseElement] = []
    for element, (before, after) in zip(elements, inserts, strict=True):
        out.extend(cst.Element(value) for value in before)
        out.append(element)
        out.extend(cst.Element(value) for value in after)
    last = elements[-1].comma
    # every element but the new last one takes a separator like its neighbours'
    head = [e.with_changes(comma=e.comma if isinstance(e.comma, cst.Comma) and e is not elements[-1] else separator) for e in out[:-1]]
    return node.with_changes(elements=[*head, out[-1].with_changes(comma=last)])


def walk_calls(node: cst.CSTNode) -> list[cst.Call]:
    """Every call in ``node``'s subtree."""
    found: list[cst.Call] = []
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Call):
            found.append(current)
        todo.extend(current.children)
    return found
