"""A read-only walk over libcst nodes without libcst's visitor machinery.

``node.visit(CSTVisitor())`` rebuilds every node it passes through (the
visitor protocol is the transformer's) and ``node.children`` is computed by
such a visit; a hook that only needs to *look* at a subtree, for every
statement of every block, pays for that many times over. This walk reads the
dataclass fields of each node instead. Children come in field order, which is
source order for the nodes the callers look at but not guaranteed in general:
use it for questions whose answer does not depend on order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import libcst as cst

# fields that only hold layout (whitespace, commas, parentheses, comment lines),
# never a name or an expression: every walk here skips them
_LAYOUT = frozenset(
    {"comma", "dot", "footer", "header", "leading_lines", "lines_after_decorators", "lpar", "rpar", "semicolon",
     "trailing_whitespace", "whitespace_after", "whitespace_before", "whitespace_after_arg", "whitespace_after_star"}
)
# per node type: the names of its other fields
_FIELDS: dict[type, tuple[str, ...]] = {}


def content_fields(node: cst.CSTNode) -> tuple[str, ...]:
    """The names of ``node``'s fields that can hold names and expressions."""
    kind = type(node)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(node) if f.name not in _LAYOUT)
    return names


# per type: is it a node? (isinstance against the CSTNode ABC is slow)
_IS_NODE: dict[type, bool] = {}


def _is_node(kind: type) -> bool:
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = issubclass(kind, cst.CSTNode)
    return known


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The direct children of ``node`` that are not layout."""
    out: list[cst.CSTNode] = []
    for name in content_fields(node):
        value = getattr(node, name)
        kind = type(value)
        if kind is list or kind is tuple:
            out.extend(item for item in value if _is_node(type(item)))
        elif _is_node(kind):
            out.append(value)
    return out


def walk(node: cst.CSTNode, enter: Callable[[cst.CSTNode], bool] | None = None) -> Iterator[cst.CSTNode]:
    """``node`` and its descendants, depth first; ``enter(n)`` False keeps the
    walk out of ``n``'s children (``n`` itself is still yielded)."""
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        if enter is None or enter(current):
            todo.extend(child_nodes(current))
