"""Plain Python values as the checker evaluates them: numbers, strings, tuples, lists.

Anything not known statically is ``UNKNOWN``; every operation on it gives
``UNKNOWN``. Nothing here executes user code: only the operators and the few
builtins listed in ``BUILTINS`` are modelled.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from kmigrate.shapes.objects import UNKNOWN

MAX_SEQUENCE = 10_000  # longer tuples, lists, ranges and strings are not built

_BINARY: Final[Mapping[type[ast.operator], Callable[[Any, Any], object]]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: Final[Mapping[type[ast.cmpop], Callable[[Any, Any], object]]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: _contains(a, b),
    ast.NotIn: lambda a, b: not _contains(a, b),
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}


def _contains(item: object, container: object) -> bool:
    if isinstance(container, (tuple, list, str)):
        return item in container  # a str container with a non-str item raises TypeError
    raise TypeError("not a container")


def plain(value: object) -> bool:
    """A value made only of numbers, strings, booleans, None, tuples and lists."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (tuple, list)):
        return all(plain(v) for v in value)
    return False


def binary(op: ast.operator, left: object, right: object) -> object:
    if isinstance(op, ast.Add):  # two lists or two tuples concatenate whatever they hold
        if isinstance(left, tuple) and isinstance(right, tuple):
            return left + right
        if isinstance(left, list) and isinstance(right, list):
            return left + right
    function = _BINARY.get(type(op))
    if function is None or not (plain(left) and plain(right)):
        return UNKNOWN
    if isinstance(op, ast.Mult) and _too_long(left, right):
        return UNKNOWN
    if isinstance(op, ast.Pow) and isinstance(right, int) and abs(right) > 64:
        return UNKNOWN
    try:
        return function(left, right)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return UNKNOWN


def _too_long(left: object, right: object) -> bool:
    for seq, count in ((left, right), (right, left)):
        if (
            isinstance(seq, (str, tuple, list))
            and isinstance(count, int)
            and len(seq) * count > MAX_SEQUENCE
        ):
            return True
    return False


def unary(op: ast.unaryop, value: object) -> object:
    if isinstance(op, ast.Not):
        known = truth(value)
        return UNKNOWN if known is None else not known
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return UNKNOWN
    if isinstance(op, ast.USub):
        return -value
    if isinstance(op, ast.UAdd):
        return +value
    return UNKNOWN


def compare(ops: Sequence[ast.cmpop], values: Sequence[object]) -> object:
    for op, left, right in zip(ops, values, values[1:], strict=False):
        if isinstance(op, (ast.Is, ast.IsNot)):
            if left is UNKNOWN or right is UNKNOWN:
                return UNKNOWN
        elif not (plain(left) and plain(right)):
            return UNKNOWN
        try:
            if not _COMPARE[type(op)](left, right):
                return False
        except TypeError:
            return UNKNOWN
    return True


def truth(value: object) -> bool | None:
    """Python truthiness of a known plain value, else None."""
    if plain(value):
        return bool(value)
    return None


def subscript(value: object, index: object) -> object:
    if not isinstance(value, (tuple, list, str)):
        return UNKNOWN
    if isinstance(index, int) and not isinstance(index, bool):
        return value[index] if -len(value) <= index < len(value) else UNKNOWN
    if isinstance(index, slice):
        return value[index]
    return UNKNOWN


def make_slice(lower: object, upper: object, step: object) -> object:
    parts = (lower, upper, step)
    if all(p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in parts):
        return slice(lower, upper, step)
    return UNKNOWN


def call_builtin(name: str, args: Sequence[object]) -> object:
    """``len``, ``int``, ``range`` and friends on known values; anything else is UNKNOWN."""
    function = BUILTINS.get(name)
    if function is None or not all(plain(a) for a in args):
        return UNKNOWN
    try:
        result = function(*args)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return UNKNOWN
    if isinstance(result, range):
        return tuple(result) if len(result) <= MAX_SEQUENCE else UNKNOWN
    if isinstance(result, (map, zip, enumerate, reversed)):
        items = tuple(result)
        return items if len(items) <= MAX_SEQUENCE else UNKNOWN
    return result


BUILTINS: Final[Mapping[str, Callable[..., object]]] = {
    "abs": abs,
    "bool": bool,
    "enumerate": enumerate,
    "float": float,
    "int": int,
    "len": len,
    "list": list,
    "max": max,
    "min": min,
    "range": range,
    "reversed": reversed,
    "round": round,
    "sorted": sorted,
    "str": str,
    "sum": sum,
    "tuple": tuple,
    "zip": zip,
}
