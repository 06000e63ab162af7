"""Reading and editing the arguments of the calls strategy C rewrites."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from codemods._args import keyword, new_keyword_arg, new_string, string_like, tuple_of, with_args
from codemods._channels_last_facts import INPUTS
from codemods._resolve import dotted_name

CallEdit = Callable[[cst.Call], cst.Call]


def argument(call: cst.Call, *names: str, position: int | None = None) -> cst.Arg | None:
    """The argument given by one of ``names``, else the positional one at ``position``."""
    for arg in call.args:
        if keyword(arg) in names:
            return arg
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if position is not None and position < len(positional):
        return positional[position]
    return None


def is_input_call(node: cst.BaseExpression) -> bool:
    """``Input(...)``/``InputLayer(...)``, also when an earlier rule wrote it (K306)."""
    if not isinstance(node, cst.Call):
        return False
    name = dotted_name(node.func)
    return name is not None and name.rpartition(".")[2] in INPUTS


def set_keyword(name: str, value: cst.BaseExpression | None) -> CallEdit:
    """An edit that sets ``name=value`` (replacing it where given), or removes it (None)."""

    def edit(call: cst.Call) -> cst.Call:
        args = [a for a in call.args if keyword(a) != name or value is not None]
        if value is not None:
            found = next((i for i, a in enumerate(args) if keyword(a) == name), None)
            if found is None:
                args.append(new_keyword_arg(name, value))
            else:
                args[found] = args[found].with_changes(value=value)
        return with_args(call, args)

    return edit


def set_string(name: str, value: str, position: int | None = None) -> CallEdit:
    """An edit that sets ``name='value'`` (in the quotes of the string it replaces)."""

    def edit(call: cst.Call) -> cst.Call:
        given = argument(call, name, position=position)
        old = given.value if given is not None else None
        new = string_like(old, value) if isinstance(old, cst.SimpleString) else new_string(value)
        return set_argument(name, position, new)(call)

    return edit


def set_argument(name: str, position: int | None, value: cst.BaseExpression) -> CallEdit:
    """An edit that replaces the argument given as ``name=`` or as positional ``position``."""

    def edit(call: cst.Call) -> cst.Call:
        target = argument(call, name, position=position)
        if target is None or target.keyword is not None:
            return set_keyword(name, value)(call)
        return call.with_changes(args=[a.with_changes(value=value) if a is target else a for a in call.args])

    return edit


def int_node(value: int) -> cst.BaseExpression:
    if value >= 0:
        return cst.Integer(str(value))
    return cst.UnaryOperation(cst.Minus(), cst.Integer(str(-value)))


def int_tuple(values: Sequence[int]) -> cst.Tuple:
    return tuple_of([int_node(v) for v in values])
