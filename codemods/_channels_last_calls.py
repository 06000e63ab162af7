"""Keras calls in the data-flow walk: Inputs, layers and their application, merges, models,
and calls of this file's own functions (their parameters take what the call sites pass)."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from codemods._args import keyword
from codemods._channels_last_args import argument
from codemods._channels_last_facts import BLOCKERS, INPUTS, LAYERS, MODELS, SPATIAL_RANKS, WRAPPERS
from codemods._channels_last_graph import (
    Application,
    Entry,
    Function,
    Origin,
    Record,
    Sequential,
    Use,
    UseKind,
    Value,
)
from codemods._channels_last_walk import Items, LayerObj, ModelObj, Thing, Walker
from codemods._resolve import dotted_name

# functional forms whose first argument is the list of tensors
_MERGE_FUNCTIONS = frozenset(
    {"add", "average", "concatenate", "dot", "maximum", "merge", "minimum", "multiply", "subtract"}
)
MODEL = ModelObj()
_IGNORED_CALLS = frozenset({"print", "len", "isinstance", "type", "str", "repr", "id", "hasattr", "getattr"})


class KerasCalls(Walker):
    def call(self, node: cst.Call) -> Thing:
        record = self.record(node)
        if record is not None:
            return self.keras_call(node, record)
        func = node.func
        name = dotted_name(func)
        if isinstance(func, cst.Attribute) and func.attr.value == "add" and len(node.args) == 1:
            sequential = self.sequential_for(func.value, node.args[0].value)
            if sequential is not None:
                self.add(sequential, node)
                return None
        callee = self.expr(func) if isinstance(func, cst.Call) else self.env.get(name) if name else None
        if callee is None and isinstance(func, cst.Name) and func.value in self.functions:
            return self.call_function(self.functions[func.value], node)
        if callee is None and isinstance(func, cst.Name) and func.value in self.classes:
            return LayerObj(None, node, func.value)
        if isinstance(callee, LayerObj):
            return self.apply(callee, node)
        if isinstance(callee, Sequential | ModelObj) or (callee is None and name in self.model_names):
            self.uses(node.args, UseKind.MODEL, name or "")
        elif isinstance(callee, Value) and callee.function is not None:
            self.uses(node.args, UseKind.RESULT, name or "", callee.function)
        elif name not in _IGNORED_CALLS:
            self.uses(node.args, UseKind.ESCAPE, name or "a call")
        return Value.unknown()

    def uses(self, args: Sequence[cst.Arg], kind: UseKind, callee: str, function: Function | None = None) -> None:
        for arg in args:
            for value, node in self.values_of(self.expr(arg.value), arg.value):
                self.graph.use(value, Use(kind, node, self.current, callee=callee, function=function))

    def values_of(self, thing: Thing, node: cst.BaseExpression) -> list[tuple[Value, cst.BaseExpression]]:
        if isinstance(thing, Value):
            return [(thing, node)]
        if isinstance(thing, Items):
            return [(t, n) for t, n in thing.items if isinstance(t, Value)]
        return []

    def keras_call(self, node: cst.Call, record: Record) -> Thing:
        canon, short = record.canonical, record.short
        if canon in MODELS:
            return self.sequential(node) if canon.endswith("Sequential") else self.model(node)
        if not canon.startswith(LAYERS):
            for arg in node.args:
                self.expr(arg.value)  # layers built inside other calls still count
            return None
        if short in INPUTS:
            return self.input(node, record, "functional", None)
        if short in _MERGE_FUNCTIONS:
            first = argument(node, "inputs", position=0)
            thing = self.expr(first.value) if first is not None else None
            pairs: list[tuple[Thing, cst.BaseExpression]] = thing.items if isinstance(thing, Items) else [(thing, node)]
            return self.application(LayerObj(record, node, short), pairs, None)
        if short in WRAPPERS:
            for arg in node.args:
                inner = self.expr(arg.value)
                spatial = isinstance(inner, LayerObj) and (inner.short in SPATIAL_RANKS or inner.short in BLOCKERS)
                if spatial and isinstance(inner, LayerObj) and inner.record is not None:
                    self.graph.wrapped.append((record, inner.record))
        return LayerObj(record, node, short)

    def model(self, node: cst.Call) -> ModelObj:
        outputs = argument(node, "outputs", "output", position=1)
        for arg in node.args:
            if arg is not outputs:
                self.expr(arg.value)
        if outputs is not None:
            for value, expr in self.values_of(self.expr(outputs.value), outputs.value):
                self.graph.use(value, Use(UseKind.OUTPUT, expr, self.current))
        return MODEL

    def apply(self, layer: LayerObj, node: cst.Call) -> Value:
        args = [a for a in node.args if keyword(a) in (None, "inputs")]
        if not args:
            return Value.unknown()
        thing = self.expr(args[0].value)
        if isinstance(thing, Items):
            return self.application(layer, thing.items, None)
        return self.application(layer, [(thing, args[0].value)], None)

    def application(self, layer: LayerObj, pairs: list[tuple[Thing, cst.BaseExpression]],
                    entry: Entry | None) -> Value:
        operands = [t if isinstance(t, Value) else Value.unknown() for t, _ in pairs]
        output = Value(Origin.APPLY)
        app = Application(layer.short, layer.record, layer.call, operands, output, self.current,
                          self.function, entry)
        output.app = app
        for i, (value, (_, node)) in enumerate(zip(operands, pairs, strict=True)):
            self.graph.use(value, Use(UseKind.LAYER, node, self.current, app=app, index=i))
        self.graph.applications.append(app)
        return output

    # -- hooks (``_channels_last_chain``) --------------------------------------------
    def sequential(self, node: cst.Call) -> Sequential:
        raise NotImplementedError

    def sequential_for(self, receiver: cst.BaseExpression, layer: cst.BaseExpression) -> Sequential | None:
        raise NotImplementedError

    def add(self, sequential: Sequential, node: cst.Call) -> None:
        raise NotImplementedError

    def input(self, node: cst.Call, record: Record | None, form: str, entry: Entry | None,
              shape: cst.Arg | None = None) -> Value:
        raise NotImplementedError

    def call_function(self, function: Function, node: cst.Call) -> Thing:
        raise NotImplementedError
