"""Say what to write instead of backend functions that no longer exist or no longer work.

**What**
Reports calls of backend functions that TensorFlow 2 no longer has or that no
longer work (``K.function``, ``K.learning_phase``, ``K.set_learning_phase``,
``K.in_train_phase``, ``K.placeholder``, ``K.get_session``: K978;
``K.gradients``: K983) and ``K.backend()`` compared with ``'theano'`` (K982),
each with what to write instead. Nothing is rewritten.

**Why**
TensorFlow 2 runs eagerly and has no sessions or placeholders, so
``tensorflow.keras.backend`` of TensorFlow 2.21 has no ``K.function``,
``K.learning_phase``/``K.set_learning_phase``, ``K.in_train_phase``,
``K.placeholder``, ``K.get_session``/``K.set_session``, ``K.print_tensor`` (when
it cannot be rewritten) and other helpers (spec §8.4-8.9, §8.25, §1.27);
``K.gradients`` still exists but raises under eager execution (§8.11), and
``K.backend()`` is always ``'tensorflow'``, so Theano branches are dead code.

**Example**
Before::

    get_output = K.function([model.input, K.learning_phase()], [model.output])
    K.set_learning_phase(0)
    if K.backend() == 'theano':
        kernel = kernel[:, :, ::-1, ::-1]

After::

    # kmigrate: K978 K.function is gone: build a Model(inputs, outputs) and call it ...
    # kmigrate: K978 K.learning_phase() is gone: pass training=True/False ...
    get_output = K.function([model.input, K.learning_phase()], [model.output])
    # kmigrate: K978 K.set_learning_phase is gone: delete it and pass training=...
    K.set_learning_phase(0)
    # kmigrate: K982 Theano is gone and K.backend() is always 'tensorflow': delete ...
    if K.backend() == 'theano':
        kernel = kernel[:, :, ::-1, ::-1]

**Safety**
Nothing is rewritten: each use gets a finding and a comment with the
replacement. K978: a function that is gone (also the members of
``keras.backend.tensorflow_backend``: sessions, ``_get_available_gpus``);
K983: ``K.gradients``; K982: ``K.backend()`` compared with ``'theano'``. An
import of a removed name keeps its Keras 1 form with a K901 finding.

**Limits**
References that are not calls (``f = K.learning_phase``) and ``K._BACKEND``
are not reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst

from codemods._args import literal_string
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._ordering import contains, report_at
from codemods.tables.backend import (
    BACKEND_MODULE_MEMBERS,
    BROKEN_BACKEND,
    REMOVED_BACKEND,
    THEANO_HINT,
    B,
)

REMOVED = "K978"
THEANO = "K982"
GRADIENTS = "K983"
_BACKEND = B + "backend"
_PRINT = B + "print_tensor"  # rewritten by backend_tensorflow where it can be


@dataclass
class _Mark:
    node: cst.Call
    original: cst.Call


class BackendRemoved(Codemod):
    code: ClassVar[str] = "K506"
    name: ClassVar[str] = "backend_removed"
    summary: ClassVar[str] = "Say what to write instead of K.function, K.learning_phase and other removed backend calls"
    safety: ClassVar[Safety] = Safety.MANUAL
    calls: ClassVar[frozenset[str]] = (
        frozenset(REMOVED_BACKEND) - {_PRINT} | frozenset(BROKEN_BACKEND) | frozenset(BACKEND_MODULE_MEMBERS) | {_BACKEND}
    )
    removed_symbols: ClassVar[Mapping[str, str]] = REMOVED_BACKEND
    blocks: ClassVar[bool] = True
    # every removed backend function is reached through a backend import
    triggers: ClassVar[frozenset[str]] = frozenset({'backend'})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        canon = site.canonical or ""
        if canon == _BACKEND:
            marks: list[_Mark] = ctx.scratch.setdefault(self.name, [])
            marks.append(_Mark(call, site.original))
        elif canon in BROKEN_BACKEND:
            ctx.report(GRADIENTS, site.original, BROKEN_BACKEND[canon])
        else:
            ctx.report(REMOVED, site.original, REMOVED_BACKEND.get(canon) or BACKEND_MODULE_MEMBERS[canon])
        return call

    def on_block(self, statements: list[cst.BaseStatement] | tuple[cst.BaseStatement, ...], ctx: FileContext) -> list[cst.BaseStatement] | None:  # type: ignore[override]
        """``K.backend() == 'theano'`` (in any operand order, or ``in (...)``): dead code."""
        marks: list[_Mark] | None = ctx.scratch.get(self.name)
        if not marks:
            return None
        body = list(statements)
        for mark in list(marks):
            index = next((i for i, s in enumerate(body) if contains(s, mark.node)), None)
            if index is None:
                continue
            marks.remove(mark)
            if _compared_with_theano(body[index], mark.node):
                report_at(body, index, mark.node, mark.original, THEANO, THEANO_HINT, ctx)
        changed = any(a is not b for a, b in zip(body, statements, strict=True))
        return body if changed else None


def _compared_with_theano(statement: cst.CSTNode, call: cst.Call) -> bool:
    found = False

    class Visit(cst.CSTVisitor):
        def visit_Comparison(self, node: cst.Comparison) -> None:
            nonlocal found
            operands = [node.left, *(t.comparator for t in node.comparisons)]
            if any(o is call for o in operands) and any(_mentions_theano(o) for o in operands):
                found = True

    statement.visit(Visit())
    return found


def _mentions_theano(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Tuple | cst.List | cst.Set):
        return any(isinstance(e, cst.Element) and _mentions_theano(e.value) for e in node.elements)
    return literal_string(node) == "theano"
