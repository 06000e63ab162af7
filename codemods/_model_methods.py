"""Expression helpers for ``model_methods``: the file name a path expression ends with,
and ``metrics_names`` reads."""

from __future__ import annotations

import libcst as cst

from codemods._args import keyword, literal_string, new_keyword_arg, string_like, with_args
from codemods._resolve import dotted_name
from codemods._walk import content_fields

_EMPTY = cst.Module(body=[])
_JOINS = frozenset({"join", "os.path.join", "osp.join", "path.join"})
Tail = cst.SimpleString | cst.FormattedStringText


def tail_string(node: cst.BaseExpression) -> tuple[Tail, str] | None:
    """The string literal a path expression ends with, and its text, when it can be seen:
    ``'w.h5'``, ``f'{d}/w.h5'``, ``d + 'w.h5'``, ``'w%d.h5' % i``, ``'w{}.h5'.format(i)``,
    ``os.path.join(d, 'w.h5')``."""
    if isinstance(node, cst.SimpleString):
        text = literal_string(node)
        return (node, text) if text is not None else None
    if isinstance(node, cst.ConcatenatedString):
        return tail_string(node.right) if isinstance(node.right, cst.BaseExpression) else None
    if isinstance(node, cst.FormattedString):
        last = node.parts[-1] if node.parts else None
        return (last, last.value) if isinstance(last, cst.FormattedStringText) else None
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Add):
            return tail_string(node.right)
        if isinstance(node.operator, cst.Modulo):
            return tail_string(node.left)
        return None
    if isinstance(node, cst.Call) and node.args and not any(a.star for a in node.args):
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
            return tail_string(node.func.value)
        if dotted_name(node.func) in _JOINS:
            return tail_string(node.args[-1].value)
    return None


def with_tail(node: cst.BaseExpression, tail: Tail, text: str) -> cst.BaseExpression:
    new: cst.CSTNode = string_like(tail, text) if isinstance(tail, cst.SimpleString) else tail.with_changes(value=text)
    result = node.deep_replace(tail, new)
    assert isinstance(result, cst.BaseExpression)
    return result


_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement, cst.SimpleStatementSuite)


def _reads(node: cst.CSTNode, in_line: bool, found: list[cst.Attribute]) -> None:
    if isinstance(node, _STATEMENTS):
        in_line = isinstance(node, cst.SimpleStatementLine)
    elif in_line and type(node) is cst.Attribute and node.attr.value == "metrics_names":
        found.append(node)
    for name in content_fields(node):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            _reads(value, in_line, found)
        elif type(value) in (list, tuple):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    _reads(item, in_line, found)


def metrics_name_nodes(node: cst.CSTNode) -> list[cst.Attribute]:
    """``.metrics_names`` attributes whose statement is a SimpleStatementLine (not a
    compound statement's header, not a one-line suite), in field order (about source order).

    A hand-written walk over the node fields: libcst's visitor is some fifteen times
    slower, and this runs on every line the pipeline walks.
    """
    found: list[cst.Attribute] = []
    _reads(node, isinstance(node, cst.SimpleStatementLine), found)
    return found


class ZipEvaluate(cst.CSTTransformer):
    """``zip(m.metrics_names, m.evaluate(...))`` -> ``m.evaluate(..., return_dict=True).items()``."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        args = updated_node.args
        if not (isinstance(updated_node.func, cst.Name) and updated_node.func.value == "zip" and len(args) == 2):
            return updated_node
        names, scores = args[0].value, args[1].value
        if (
            any(a.star or a.keyword for a in args)
            or not (isinstance(names, cst.Attribute) and names.attr.value == "metrics_names")
            or not (isinstance(scores, cst.Call) and isinstance(scores.func, cst.Attribute))
            or scores.func.attr.value != "evaluate"
            or _EMPTY.code_for_node(scores.func.value) != _EMPTY.code_for_node(names.value)
            or any(a.star or keyword(a) == "return_dict" for a in scores.args)
        ):
            return updated_node
        self.count += 1
        as_dict = with_args(scores, [*scores.args, new_keyword_arg("return_dict", cst.Name("True"))])
        return cst.Call(func=cst.Attribute(value=as_dict, attr=cst.Name("items")))
