"""Rewrite the removed ``probas_to_classes`` helpers in NumPy; mark the other removed helpers.

**What**
Rewrites calls of ``probas_to_classes`` and ``categorical_probas_to_classes``
(``keras.utils.np_utils``) into NumPy expressions (an argmax, or a 0.5
threshold for one column) and takes them out of the import lines. Every other
removed helper (``accuracy``, ``convert_kernel``, ``flip_axis``,
``BaseLogger``, ...) is left as it is and reported (K913) with what to write
instead.

**Why**
Keras 2.0 deleted the NumPy helpers of ``keras.utils.np_utils``
(``probas_to_classes``, ``categorical_probas_to_classes``, ``accuracy``,
``binary_logloss``, ...) and moved ``convert_kernel`` and the
``conv_*_length`` helpers to ``conv_utils``, which Keras 3 dropped with the
image helpers ``flip_axis``, ``apply_transform``, ``list_pictures`` and the
``BaseLogger`` callback (spec §1.15, §1.16, §7.31). None of them is in
``tensorflow.keras`` today.

**Example**
Before::

    from keras.utils.np_utils import probas_to_classes, categorical_probas_to_classes
    classes = probas_to_classes(proba)
    labels = categorical_probas_to_classes(model.predict(X))

After::

    from numpy import argmax
    classes = (proba.argmax(axis=1) if proba.ndim > 1 and proba.shape[1] > 1 else (proba > 0.5).astype(int).ravel())
    labels = argmax(model.predict(X), axis=1)

``probas_to_classes`` keeps its Keras 1 switch: argmax over the columns when
there are several, a 0.5 threshold otherwise. Its argument is read up to
three times, so anything but a plain name, attribute or subscript is passed
through ``(lambda p: ...)(argument)`` to be evaluated once. The two helpers
are taken out of the import lines, so a file whose uses were all rewritten
imports cleanly.

**Safety**
Safe for the NumPy rewrites: they compute what Keras 1 computed (Keras 1
needed a NumPy array for ``probas_to_classes``; the result has the same
values, shape and dtype). Every use of another removed helper is left as it
is with a K913 finding that says what to write instead, and its import keeps
the Keras 1 form (K901), so the file fails at once rather than silently.

**Limits**
Only calls are marked: a removed helper used as a value (``f = convert_kernel``)
is only marked on its import line. A ``probas_to_classes`` call with ``*args``
or more than one argument is a K913 finding; its import is still removed.
``probas_to_classes`` of an empty 1-D array returns an int array (Keras 1:
float).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Final

import libcst as cst

from codemods._args import keyword, without_trailing_comma
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._paths import canonical
from codemods._resolve import dotted_name, is_keras_path
from codemods.tables.callbacks import REMOVED_CALLBACKS
from codemods.tables.helpers import NUMPY_HELPERS, REMOVED_HELPERS

REMOVED = "K913"

_HINTS: Final = {**REMOVED_HELPERS, **REMOVED_CALLBACKS}
_PROBAS = "keras.utils.probas_to_classes"
_PROBAS_HINT = (
    "with p = its argument, use p.argmax(axis=1) if p.ndim > 1 and p.shape[1] > 1 "
    "else (p > 0.5).astype(int).ravel()"
)
_CATEGORICAL_HINT = "use numpy.argmax(p, axis=1)"
_PROBAS_TEMPLATE = "({p}.argmax(axis=1) if {p}.ndim > 1 and {p}.shape[1] > 1 else ({p} > 0.5).astype(int).ravel())"


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _is_plain(node: cst.BaseExpression) -> bool:
    """A name, attribute or subscript that reads the same value each time it is evaluated."""
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return _is_plain(node.value)
    if isinstance(node, cst.Subscript):
        return _is_plain(node.value) and all(_is_plain_index(e.slice) for e in node.slice)
    return False


def _is_plain_index(index: cst.BaseSlice) -> bool:
    if isinstance(index, cst.Slice):
        parts = (index.lower, index.upper, index.step)
        return all(p is None or _is_constant(p) for p in parts)
    assert isinstance(index, cst.Index)
    return _is_constant(index.value)


def _is_constant(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Integer | cst.Name | cst.SimpleString):
        return True
    return isinstance(node, cst.UnaryOperation) and isinstance(node.expression, cst.Integer)


def _only_argument(call: cst.Call, param: str) -> cst.BaseExpression | None:
    if len(call.args) != 1:
        return None
    arg = call.args[0]
    if arg.star or keyword(arg) not in (None, param):
        return None
    return arg.value



class RemovedHelpers(Codemod):
    code: ClassVar[str] = "K103"
    name: ClassVar[str] = "removed_helpers"
    summary: ClassVar[str] = "Rewrite probas_to_classes in NumPy and mark the other removed Keras 1 helpers"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset(NUMPY_HELPERS) | frozenset(_HINTS)
    statement_lines: ClassVar[bool] = True
    # their Keras 1 import is kept (K901), so each use still names them
    removed_symbols: ClassVar[Mapping[str, str]] = _HINTS

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        canon = site.canonical or ""
        name = canon.rpartition(".")[2]
        if canon not in NUMPY_HELPERS:
            ctx.report(REMOVED, site.original, _HINTS[canon])
            return call
        value = _only_argument(call, NUMPY_HELPERS[canon])
        if value is None:
            hint = _PROBAS_HINT if canon == _PROBAS else _CATEGORICAL_HINT
            ctx.report(REMOVED, site.original, f"{name} is gone from Keras: {hint}")
            return call
        text = _code(value)
        if canon == _PROBAS and _is_plain(value):
            new = cst.parse_expression(_PROBAS_TEMPLATE.format(p=text))
        elif canon == _PROBAS:
            # evaluate the argument once: the switch reads it three times
            new = cst.parse_expression(f"(lambda p: {_PROBAS_TEMPLATE.format(p='p')})({text})")
        else:
            new = cst.parse_expression(f"{ctx.spell('numpy.argmax')}({text}, axis=1)")
        ctx.fire(self.code)
        return new

    def on_statement_line(
        self, line: cst.SimpleStatementLine, ctx: FileContext
    ) -> Sequence[cst.SimpleStatementLine] | None:
        """Take the helpers that become NumPy out of ``from keras... import`` lines."""
        changed = False
        smalls: list[cst.BaseSmallStatement] = []
        for small in line.body:
            if isinstance(small, cst.ImportFrom):
                kept = self._kept_names(small)
                if kept is not None:
                    changed = True
                    if not kept:
                        continue
                    small = small.with_changes(names=without_trailing_comma(kept))
            smalls.append(small)
        if not changed:
            return None
        ctx.fire(self.code)
        if not smalls:
            return []
        smalls[-1] = smalls[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return [line.with_changes(body=smalls)]

    def _kept_names(self, node: cst.ImportFrom) -> list[cst.ImportAlias] | None:
        """The aliases to keep, or None when the import names no NumPy helper."""
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return None
        module = dotted_name(node.module)
        if module is None or not is_keras_path(module):
            return None
        kept = [
            alias
            for alias in node.names
            if canonical(f"{module}.{dotted_name(alias.name)}") not in NUMPY_HELPERS
        ]
        return None if len(kept) == len(node.names) else kept
