"""Applying ``KwargRename`` rows to a call's arguments: one implementation for every rule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import libcst as cst

from codemods._args import keyword, literal_key, parse_literal, string_like
from codemods._framework import CallSite, FileContext
from codemods._paths import canonical
from codemods.tables.rows import KwargRename


def rename_keywords(
    args: Sequence[cst.Arg],
    rows: Iterable[KwargRename],
    name: str,
    site: CallSite,
    ctx: FileContext,
    untranslatable: str,
    conflict: str,
) -> list[cst.Arg]:
    """Apply ``KwargRename`` rows (see its docstring): new keyword, new or dropped values, findings."""
    renames = {r.old: r for r in rows}
    if not renames:
        return list(args)
    present = {k for k in (keyword(a) for a in args) if k is not None}
    out: list[cst.Arg] = []
    for arg in args:
        rule = renames.get(keyword(arg) or "")
        if rule is None:
            out.append(arg)
            continue
        if rule.new is not None and rule.new != rule.old and rule.new in present:
            ctx.report(conflict, site.original, f"{name} is given both {rule.old}= and {rule.new}=; keep one")
            out.append(arg)
            continue
        new_arg = apply_rename(rule, arg, site, ctx, untranslatable)
        if new_arg is not None:
            out.append(new_arg)
    return out


def apply_rename(rule: KwargRename, arg: cst.Arg, site: CallSite, ctx: FileContext, code: str) -> cst.Arg | None:
    """``arg`` after ``rule``; None when it is dropped. Untranslatable values are ``code`` findings."""
    if rule.drop_always:
        return None
    key = literal_key(arg.value)
    if key is not None and key in rule.drop_values:
        return None
    hint = ""
    if key is not None and key in rule.manual_values:
        hint = rule.manual_values[key]
    elif key is None and rule.nonliteral_hint and not _trusted(rule, arg.value, ctx):
        hint = rule.nonliteral_hint
    elif key is not None and rule.other_hint and key not in rule.values and key not in rule.value_exprs:
        hint = rule.other_hint
    if hint:
        ctx.report(code, site.original, hint)
        if key is not None or rule.new is None or rule.value_exprs:
            return arg  # a value nobody can translate stays as it was, for a person to decide
    value = arg.value
    if key is not None and key in rule.value_exprs:
        value = parse_literal(rule.value_exprs[key])
    elif key is not None and key in rule.values and rule.values[key] != key and isinstance(value, cst.SimpleString):
        value = string_like(value, rule.values[key])
    return arg.with_changes(keyword=cst.Name(rule.new or rule.old), value=value)


def _trusted(rule: KwargRename, value: cst.BaseExpression, ctx: FileContext) -> bool:
    """The value is a call whose result another rule makes right (``K.image_dim_ordering()``)."""
    if not rule.trusted_calls or not isinstance(value, cst.Call):
        return False
    path = ctx.path_of(value.func)
    return path is not None and canonical(path) in rule.trusted_calls
