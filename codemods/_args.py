"""Helpers for reading and rebuilding call arguments without losing formatting."""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

_NO_SPACE = cst.SimpleWhitespace("")


def literal_string(node: cst.BaseExpression) -> str | None:
    """The value of a plain (non-f, non-bytes) string literal, else None."""
    if isinstance(node, cst.SimpleString):
        prefix = node.prefix.lower()
        if "b" in prefix or "f" in prefix:
            return None
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def literal_key(node: cst.BaseExpression) -> str | None:
    """A literal's key for table lookups: a string's value, or the source of an
    int, float, bool or None literal ("0", "1e-3", "True", "None")."""
    text = literal_string(node)
    if text is not None:
        return text
    if isinstance(node, cst.Integer | cst.Float):
        return node.value
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return node.value
    if (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, cst.Minus)
        and isinstance(node.expression, cst.Integer | cst.Float)
    ):
        return "-" + node.expression.value
    return None


def literal_kind(node: cst.BaseExpression) -> str | None:
    """``<int>``, ``<float>``, ``<tuple>``, ``None`` or a string literal's value."""
    text = literal_string(node)
    if text is not None:
        return text
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    if isinstance(node, cst.Integer):
        return "<int>"
    if isinstance(node, cst.Float):
        return "<float>"
    if isinstance(node, cst.Tuple | cst.List):
        return "<tuple>"
    if isinstance(node, cst.Name) and node.value == "None":
        return "None"
    return None


def literal_int(node: cst.BaseExpression) -> int | None:
    if isinstance(node, cst.Integer):
        return int(node.evaluated_value)
    if (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, cst.Minus)
        and isinstance(node.expression, cst.Integer)
    ):
        return -int(node.expression.evaluated_value)
    return None


def string_like(original: cst.SimpleString, value: str) -> cst.SimpleString:
    """A string literal holding ``value`` in the quote style of ``original``."""
    quote = original.quote
    return cst.SimpleString(f"{quote}{value}{quote}" if quote in ("'", '"') else repr(value))


def new_string(value: str) -> cst.SimpleString:
    return cst.SimpleString(repr(value))


def parse_literal(code: str) -> cst.BaseExpression:
    ast.parse(code, mode="eval")  # fail loudly on a malformed table value
    return cst.parse_expression(code)


def keyword(arg: cst.Arg) -> str | None:
    return arg.keyword.value if arg.keyword is not None else None


def as_keyword(arg: cst.Arg, name: str) -> cst.Arg:
    """``value`` -> ``name=value``, or rename an existing keyword."""
    if arg.keyword is not None:
        return arg.with_changes(keyword=cst.Name(name))
    return arg.with_changes(
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE),
    )


def new_keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE),
    )


def tuple_of(values: Sequence[cst.BaseExpression]) -> cst.Tuple:
    elements = []
    for i, value in enumerate(values):
        last = i == len(values) - 1
        comma: cst.Comma | cst.MaybeSentinel
        if last and len(values) > 1:
            comma = cst.MaybeSentinel.DEFAULT
        else:
            comma = cst.Comma(whitespace_after=_NO_SPACE if last else cst.SimpleWhitespace(" "))
        elements.append(cst.Element(value=value, comma=comma))
    return cst.Tuple(elements=elements)


def with_args(call: cst.Call, args: Sequence[cst.Arg]) -> cst.Call:
    """``call`` with a new argument list, keeping its separators and closing layout.

    The last argument takes over the trailing comma and whitespace of the
    original last argument, so ``)`` stays where it was; an argument that moves
    away from the end loses its closing whitespace and gets a separator like its
    neighbours'.
    """
    if list(args) == list(call.args):
        return call
    if not args:
        return call.with_changes(args=())
    original = list(call.args)
    if not original:
        fixed = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
        return call.with_changes(args=fixed)
    orig_last = original[-1]
    separator: cst.Comma | cst.MaybeSentinel = cst.MaybeSentinel.DEFAULT
    if len(original) > 1 and isinstance(original[-2].comma, cst.Comma):
        separator = original[-2].comma
    fixed = []
    for i, arg in enumerate(args):
        if i == len(args) - 1:
            fixed.append(arg.with_changes(comma=orig_last.comma, whitespace_after_arg=orig_last.whitespace_after_arg))
            continue
        if arg is orig_last or arg.deep_equals(orig_last):
            # the old last argument moves inward: its trailing comma (whose
            # whitespace lines up the closing bracket) becomes a separator
            arg = arg.with_changes(whitespace_after_arg=_NO_SPACE, comma=separator)
        elif not isinstance(arg.comma, cst.Comma):
            arg = arg.with_changes(comma=separator)
        fixed.append(arg)
    return call.with_changes(args=fixed)


def bind_arguments(call: cst.Call, params: Sequence[str]) -> dict[str, cst.Arg] | None:
    """Bind a call's arguments to a signature's parameter names.

    None when it cannot be done exactly: ``*args``/``**kwargs``, too many
    positionals, an unknown or repeated keyword.
    """
    bound: dict[str, cst.Arg] = {}
    index = 0
    for arg in call.args:
        if arg.star:
            return None
        name = keyword(arg)
        if name is None:
            if index >= len(params):
                return None
            name = params[index]
            index += 1
        if name not in params or name in bound:
            return None
        bound[name] = arg
    return bound


def without_trailing_comma(aliases: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
    """Import aliases with the last one's comma removed (after dropping some)."""
    out = list(aliases)
    if out:
        out[-1] = out[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return out


def mentions_name(node: cst.CSTNode, name: str) -> bool:
    """Whether a ``Name`` spelled ``name`` occurs in ``node``'s subtree."""
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Name) and current.value == name:
            return True
        todo.extend(current.children)
    return False
