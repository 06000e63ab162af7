"""Rebuild the Keras 1 ``Sequential`` + ``Merge`` branch idiom as a functional model.

**What**
Rewrites a ``Sequential`` model whose first ``add`` is ``Merge([branch, ...],
mode=...)`` of Sequential branches: the ``Merge`` line goes, the layers added
after it stay a Sequential head, and the model's name is rebound to a
functional ``Model`` that takes the branches' inputs and calls the head on
their merged outputs. A model it cannot rebuild is reported (K952).

**Why**
Keras 1 merged whole models by adding a ``Merge`` layer of Sequential
branches as the first layer of another Sequential. The ``Merge`` layer was
removed in Keras 2.2 and Keras 3 has no way to merge models inside a
Sequential (spec §5.2, §6.11).

**Example**
Before::

    model = Sequential()
    model.add(Merge([left, right], mode='concat'))
    model.add(Dense(10, activation='softmax'))
    model.compile(loss='categorical_crossentropy', optimizer='sgd')

After::

    model = Sequential()
    model.add(Dense(10, activation='softmax'))
    model = Model(left.inputs + right.inputs, model(concatenate(left.outputs + right.outputs)))
    model.compile(loss='categorical_crossentropy', optimizer='sgd')

The layers added after the ``Merge`` stay a Sequential head, called on the
merged tensor; the model takes the same list of inputs as in Keras 1, so
``fit([X_left, X_right], y)`` is unchanged, and it has the same weights.

**Safety**
Same parameters, same computation. The branches must know their input shape
(as they did for Keras 1 to build).

**Limits**
The branches' ``.inputs``/``.outputs`` are used: a Keras 3 Sequential has
no ``.input`` until it is called. Only the statement form
``m.add(Merge([b1, b2, ...], mode=...))`` where the
branches are names and the ``Merge`` is the first layer added to ``m`` in
that block is rebuilt; anything else is a K952 finding that says what to
write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst

from codemods._args import bind_arguments
from codemods._framework import CallSite, Codemod, FileContext, Safety, annotate_statement
from codemods.functional_merge import MERGE_LAYER_NAME, merge_arguments
from codemods.tables.functional import MERGE_LAYER, MERGE_MODES

BRANCHES = "K952"
_HINT = (
    "Merge of models was removed: build a functional model, e.g. "
    "Model(left.inputs + right.inputs, head(concatenate(left.outputs + right.outputs)))"
)


@dataclass(frozen=True)
class _Plan:
    receiver: str
    original: cst.Call
    branches: tuple[str, ...]
    mode: str
    extra: tuple[cst.Arg, ...]


class SequentialMerge(Codemod):
    code: ClassVar[str] = "K204"
    name: ClassVar[str] = "sequential_merge"
    summary: ClassVar[str] = "Rebuild Sequential models that start with Merge([branches]) as functional models"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset({MERGE_LAYER_NAME})
    blocks: ClassVar[bool] = True
    # only Merge layers are rebuilt
    triggers: ClassVar[frozenset[str]] = frozenset({'Merge'})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        bound = bind_arguments(call, MERGE_LAYER.params)
        if bound is None or "layers" not in bound:
            return call  # a Merge on tensors: functional_merge
        branches = bound["layers"].value
        names = (
            [e.value.value for e in branches.elements if isinstance(e.value, cst.Name)]
            if isinstance(branches, cst.List | cst.Tuple)
            else []
        )
        receiver = site.add_receiver
        converted = merge_arguments({k: v for k, v in bound.items() if k != "layers"}, site, ctx)
        if (
            not isinstance(receiver, cst.Name)
            or not isinstance(branches, cst.List | cst.Tuple)
            or len(names) != len(branches.elements)
            or converted is None
        ):
            ctx.report(BRANCHES, site.original, _HINT)
            _keep_merge_import(site.original, ctx)
            return call
        mode, extra = converted
        plans: list[_Plan] = ctx.scratch.setdefault(self.name, [])
        plans.append(_Plan(receiver.value, site.original, tuple(names), mode, tuple(extra)))
        return call

    def on_block(self, statements: Sequence[cst.BaseStatement], ctx: FileContext) -> Sequence[cst.BaseStatement] | None:
        plans: list[_Plan] = ctx.scratch.get(self.name, [])
        if not plans:
            return None
        body = list(statements)
        changed = False
        for plan in list(plans):
            index = _merge_statement(body, plan.receiver)
            if index is None:
                continue
            plans.remove(plan)
            if any(_adds_to(s, plan.receiver) for s in body[:index]):
                ctx.report(BRANCHES, plan.original, _HINT, annotate=False)
                body[index] = annotate_statement(body[index], f"{BRANCHES} {_HINT}")
                _keep_merge_import(plan.original, ctx)
                changed = True
                continue
            end = index + 1
            while end < len(body) and _adds_to(body[end], plan.receiver):
                end += 1
            has_head = end > index + 1
            model = _model_line(plan, ctx, has_head)
            merge_line = body[index]
            assert isinstance(merge_line, cst.SimpleStatementLine)  # an add statement
            body = [*body[:index], *body[index + 1 : end], model.with_changes(leading_lines=merge_line.leading_lines), *body[end:]]
            ctx.fire(self.code)
            changed = True
        return body if changed else None


def _merge_statement(body: list[cst.BaseStatement], receiver: str) -> int | None:
    for i, stmt in enumerate(body):
        call = _add_argument(stmt, receiver)
        if isinstance(call, cst.Call) and _name_of(call.func) == "Merge":
            return i
    return None


def _add_argument(stmt: cst.BaseStatement, receiver: str) -> cst.BaseExpression | None:
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    call = stmt.body[0].value
    if (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "add"
        and isinstance(call.func.value, cst.Name)
        and call.func.value.value == receiver
        and len(call.args) == 1
    ):
        return call.args[0].value
    return None


def _adds_to(stmt: cst.BaseStatement, receiver: str) -> bool:
    return _add_argument(stmt, receiver) is not None


def _name_of(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _model_line(plan: _Plan, ctx: FileContext, has_head: bool) -> cst.SimpleStatementLine:
    # Keras 3's Sequential has no `.input` until it is called, but `.inputs` once built
    inputs = " + ".join(f"{b}.inputs" for b in plan.branches)
    outputs = " + ".join(f"{b}.outputs" for b in plan.branches)
    extra = "".join(", " + cst.Module([]).code_for_node(a) for a in plan.extra)
    merged = f"{ctx.spell(MERGE_MODES[plan.mode][0])}({outputs}{extra})"
    head = f"{plan.receiver}({merged})" if has_head else merged
    model = ctx.spell("tensorflow.keras.models.Model")
    return cst.parse_statement(f"{plan.receiver} = {model}({inputs}, {head})\n")  # type: ignore[return-value]


def _keep_merge_import(original: cst.Call, ctx: FileContext) -> None:
    if isinstance(original.func, cst.Name):
        ctx.keep_import(original.func.value)
