"""Helpers shared by the optimizer rules (``optimizer_*``, ``custom_optimizers``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

import libcst as cst

from codemods._args import literal_key, new_keyword_arg, parse_literal
from codemods._framework import CallSite, FileContext
from codemods._paths import canonical
from codemods.tables.optimizers import BOOL_PARAMETERS, LR_SETTING_CALLBACKS, OptimizerRow

NADAM = "K970"
SCHEDULE = "K971"
UNCHECKED = "K972"
CUSTOM = "K973"
EPSILON = "K974"

NADAM_HINT = (
    "Keras 3 Nadam warms its momentum as 0.96**t where Keras 1 used 0.96**(t*schedule_decay), "
    "schedule_decay=0.004: steps differ and no argument restores it; subclass Nadam to reproduce Keras 1"
)

_ATOMS = (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.Call, cst.Subscript)


def is_keras1_call(site: CallSite) -> bool:
    """Reached through standalone ``keras`` (Keras 1 / multi-backend Keras 2), not a legacy copy."""
    path = site.path or ""
    return (path == "keras" or path.startswith("keras.")) and ".legacy." not in path


def imports_standalone_keras(ctx: FileContext) -> bool:
    paths = [b.path for b in ctx.resolution.bindings.values()] + ctx.resolution.star_modules
    return any(p == "keras" or p.startswith("keras.") for p in paths)


def number(node: cst.BaseExpression) -> float | None:
    """The value of an int or float literal (possibly negative), else None."""
    if not isinstance(node, cst.Integer | cst.Float | cst.UnaryOperation):
        return None
    key = literal_key(node)
    return None if key is None else float(key)


def proves_keras23(args: Sequence[cst.Arg], row: OptimizerRow) -> bool:
    """A ``True``/``False`` positional where Keras 1 wanted a number: Keras 2.3's order."""
    positional = [a for a in args if a.keyword is None and not a.star]
    return bool(row.keras23) and any(
        i < len(row.keras1)
        and row.keras1[i] not in BOOL_PARAMETERS
        and literal_key(a.value) in ("True", "False")
        for i, a in enumerate(positional)
    )


def sets_learning_rate(ctx: FileContext) -> bool:
    """The file imports a callback that sets the learning rate (which a schedule forbids)."""
    if any(canonical(m) == "keras.callbacks" for m in ctx.resolution.star_modules):
        return True
    return any(
        not b.is_module and canonical(b.path) in LR_SETTING_CALLBACKS
        for b in ctx.resolution.bindings.values()
    )


def squared(value: cst.BaseExpression) -> cst.BaseExpression:
    """``value ** 2``, parenthesised unless ``value`` is an atom."""
    if not isinstance(value, _ATOMS) or value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    space = cst.SimpleWhitespace(" ")
    return cst.BinaryOperation(
        left=value,
        operator=cst.Power(whitespace_before=space, whitespace_after=space),
        right=cst.Integer("2"),
    )


def pinned_args(row: OptimizerRow, present: set[str | None]) -> list[cst.Arg]:
    """``keyword=value`` for each Keras 1 default that differs from Keras 3's and is not ``present``."""
    out = []
    for name, value in row.pins.items():
        if name in present:
            continue
        node = parse_literal(value)
        out.append(new_keyword_arg(name, squared(node) if name == "epsilon" and row.squared_epsilon else node))
    return out


# fields that never hold an expression: skipped by the cheap scan below
_LAYOUT = frozenset(
    {"comma", "dot", "equal", "leading_lines", "lpar", "operator", "rpar", "semicolon", "trailing_whitespace"}
)
_FIELDS: dict[type, tuple[str, ...]] = {}


def mentions_lr(node: cst.CSTNode) -> bool:
    """Whether an attribute named ``lr`` occurs under ``node``.

    A plain loop over the dataclass fields: a libcst visitor per statement line
    would cost about one more walk of the file.
    """
    stack: list[cst.CSTNode] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, cst.Attribute) and item.attr.value == "lr":
            return True
        kind = type(item)
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(
                f.name
                for f in fields(item)
                if f.name not in _LAYOUT and not f.name.startswith("whitespace")
            )
        for name in names:
            value = getattr(item, name)
            if isinstance(value, cst.CSTNode):
                stack.append(value)
            elif isinstance(value, tuple | list):
                stack.extend(v for v in value if isinstance(v, cst.CSTNode))
    return False
