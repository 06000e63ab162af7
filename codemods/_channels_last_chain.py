"""Sequential chains, data entering (Inputs), and calls of this file's functions in the walk.

Each ``.add`` (or list element) applies a layer to the current value. The
first layer of an empty Sequential is where the data enters: its
``input_shape``, an ``Input`` added first, or neither (the model is built by
its first call). A Sequential handed to a function of this file continues
there; after the call it holds what that function left in it.
"""

from __future__ import annotations

import libcst as cst

from codemods._args import keyword
from codemods._channels_last_args import argument, is_input_call
from codemods._channels_last_calls import KerasCalls
from codemods._channels_last_graph import (
    Boundary,
    Entry,
    Function,
    Origin,
    Record,
    Sequential,
    Use,
    UseKind,
    Value,
)
from codemods._channels_last_walk import LayerObj, ModelObj, Thing
from codemods._resolve import dotted_name


class ScopeWalker(KerasCalls):
    def sequential(self, node: cst.Call) -> Sequential:
        sequential = Sequential(Value(Origin.EMPTY))
        self.graph.sequentials.append(sequential)
        layers = argument(node, "layers", position=0)
        if layers is not None and isinstance(layers.value, cst.List | cst.Tuple):
            for element in layers.value.elements:
                if isinstance(element, cst.Element):
                    entry = Entry(None, self.top, self.nested > 0, element=element)
                    self.chain(sequential, element.value, entry)
        return sequential

    def sequential_for(self, receiver: cst.BaseExpression, layer: cst.BaseExpression) -> Sequential | None:
        name = dotted_name(receiver)
        if name is None:
            return None
        thing = self.env.get(name)
        if isinstance(thing, Sequential):
            return thing
        keras_layer = isinstance(layer, cst.Call) and (self.record(layer) is not None or is_input_call(layer))
        if thing is None and name not in self.model_names and not keras_layer:
            return None  # some other object's add()
        start = thing if isinstance(thing, Value) else Value.unknown()
        sequential = Sequential(start, receiver=receiver)
        self.env[name] = sequential
        return sequential

    def add(self, sequential: Sequential, node: cst.Call) -> None:
        assert isinstance(node.func, cst.Attribute)
        sequential.receiver = node.func.value
        self.chain(sequential, node.args[0].value, Entry(node.func.value, self.top, self.nested > 0))

    def chain(self, sequential: Sequential, expr: cst.BaseExpression, entry: Entry) -> None:
        sequential.last = entry
        current = sequential.current
        if is_input_call(expr):
            assert isinstance(expr, cst.Call)
            empty = current.origin is Origin.EMPTY
            sequential.current = self.input(expr, self.record(expr), "input", entry) if empty else Value.unknown()
            return
        thing = self.expr(expr)
        if isinstance(thing, LayerObj):
            if current.origin is Origin.EMPTY:
                shape = argument(thing.call, "input_shape", "batch_input_shape")
                form = "layer" if shape is not None else "implicit"
                current = self.input(thing.call, thing.record, form, entry, shape)
            sequential.current = self.application(thing, [(current, expr)], entry)
            return
        model = isinstance(thing, Sequential | ModelObj) or dotted_name(expr) in self.model_names
        kind = UseKind.MODEL if model else UseKind.ESCAPE
        self.graph.use(current, Use(kind, expr, self.current, callee=dotted_name(expr) or ""))
        sequential.current = Value.unknown()

    def input(self, node: cst.Call, record: Record | None, form: str, entry: Entry | None,
              shape: cst.Arg | None = None) -> Value:
        if form == "layer":
            assert shape is not None
            rank = self.length(shape.value, batch=keyword(shape) == "batch_input_shape")
        else:
            given = argument(node, "shape", "input_shape", position=0)
            batch = argument(node, "batch_shape", "batch_input_shape")
            rank = self.length(batch.value, batch=True) if batch else self.length(given.value) if given else None
        statement = entry.statement if entry is not None else self.current
        boundary = Boundary(form, node, record, statement, rank, entry=entry, shape_arg=shape,
                            nested=self.nested > 0)
        value = Value(Origin.INPUT, boundary=boundary)
        self.graph.boundaries.append(value)
        return value

    def length(self, node: cst.BaseExpression, batch: bool = False) -> int | None:
        """The rank of the tensors a shape literal (or a name bound to one) describes."""
        if isinstance(node, cst.Name):
            literal: cst.BaseExpression | None = self.literals.get(node.value)
        else:
            literal = node
        if not isinstance(literal, cst.Tuple | cst.List):
            return None
        return len(literal.elements) + (0 if batch else 1)

    def call_function(self, function: Function, node: cst.Call) -> Thing:
        bound: dict[int, Value] = {}
        handed: list[tuple[int, Sequential, cst.BaseExpression]] = []
        for i, arg in enumerate(node.args):
            name = keyword(arg)
            index = i if name is None else function.params.index(name) if name in function.params else None
            thing = self.expr(arg.value)
            if index is None or arg.star:
                continue
            if isinstance(thing, Sequential):
                handed.append((index, thing, arg.value))
                thing = thing.current
            if isinstance(thing, Value):
                self.graph.use(thing, Use(UseKind.ARG, arg.value, self.current, function=function, index=index))
                bound[index] = thing
        function.calls.append(bound)
        for index, sequential, expr in handed:  # the function may add layers to it
            end = Value(Origin.PARAM_END, function=function, index=index, passed=sequential.current)
            sequential.current = end
            sequential.last = Entry(sequential.receiver or expr, self.top, self.nested > 0)
        return Value(Origin.RETURN, function=function)

    def finish(self) -> None:
        if self.function is None:
            return
        for i, name in enumerate(self.function.params):
            thing = self.env.get(name)
            if isinstance(thing, Sequential):
                self.function.ends[i] = thing.current
