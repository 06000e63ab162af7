"""Build the data-flow graph of one scope (the module, or a function body) from its statements.

Statements are read in order, compound statements' bodies included (control
flow is ignored: the last binding of a name wins); nested functions and
classes are scopes of their own. Names bound to layers, tensors, Sequential
models and literal shapes are followed; anything else is unknown, never a
guess. ``_channels_last_calls`` and ``_channels_last_chain`` add Keras calls.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

from codemods._channels_last_graph import Function, Graph, Record, Sequential, Value
from codemods._resolve import dotted_name


@dataclass(eq=False)
class LayerObj:
    record: Record | None  # None: a layer class defined in this file
    call: cst.Call
    short: str


@dataclass(eq=False)
class Items:
    items: list[tuple[object, cst.BaseExpression]]


class ModelObj:
    """A functional model: calling it is a model call."""


Thing = object  # Value | LayerObj | Items | Sequential | ModelObj | None


def bodies(node: cst.CSTNode) -> Iterator[Sequence[cst.BaseStatement] | cst.SimpleStatementSuite]:
    """The statement lists of a compound statement, ``elif``/``else``/``except`` included."""
    for child in node.children:
        if isinstance(child, cst.IndentedBlock):
            yield child.body
        elif isinstance(child, cst.SimpleStatementSuite):
            yield child
        elif isinstance(child, cst.Else | cst.ExceptHandler | cst.ExceptStarHandler | cst.Finally | cst.If):
            yield from bodies(child)


class Walker:
    def __init__(self, graph: Graph, records: Mapping[int, Record], functions: Mapping[str, Function],
                 classes: frozenset[str], model_names: frozenset[str], function: Function | None) -> None:
        self.graph = graph
        self.records = records
        self.functions = functions
        self.classes = classes
        self.model_names = model_names
        self.function = function
        self.env: dict[str, Thing] = {}
        self.literals: dict[str, cst.Tuple] = {}
        self.top: cst.CSTNode | None = None
        self.current: cst.CSTNode | None = None
        self.nested = 0

    # -- statements ---------------------------------------------------------------
    def run(self, statements: Sequence[cst.BaseStatement]) -> None:
        if self.function is not None:
            node = self.function.node
            params = [*node.params.posonly_params, *node.params.params]
            for param, value in zip(params, self.function.values, strict=True):
                self.env[param.name.value] = value
                if isinstance(param.default, cst.Tuple):
                    self.literals[param.name.value] = param.default
        for statement in statements:
            self.top = statement
            self.statement(statement)
        self.finish()

    def statement(self, statement: cst.CSTNode) -> None:
        if isinstance(statement, cst.SimpleStatementLine):
            self.current = statement
            for small in statement.body:
                self.small(small)
        elif isinstance(statement, cst.BaseCompoundStatement) and not isinstance(statement, cst.FunctionDef | cst.ClassDef):
            self.nested += 1
            for body in bodies(statement):
                if isinstance(body, cst.SimpleStatementSuite):
                    self.current = statement
                    for small in body.body:
                        self.small(small)
                else:
                    for inner in body:
                        self.statement(inner)
            self.nested -= 1

    def small(self, small: cst.BaseSmallStatement) -> None:
        if isinstance(small, cst.Assign):
            thing = self.expr(small.value)
            for target in small.targets:
                self.bind(target.target, thing, small.value)
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            self.bind(small.target, self.expr(small.value), small.value)
        elif isinstance(small, cst.AugAssign):
            self.bind(small.target, None, small.value)
        elif isinstance(small, cst.Expr):
            self.expr(small.value)
        elif isinstance(small, cst.Return) and small.value is not None and self.function is not None:
            thing = self.expr(small.value)
            if isinstance(thing, Value):
                self.function.returns.append(thing)
            self.function.returns_model |= isinstance(thing, Sequential | ModelObj)

    def bind(self, target: cst.BaseExpression, thing: Thing, value: cst.BaseExpression) -> None:
        name = dotted_name(target)
        if name is not None:
            self.env[name] = thing
            self.literals.pop(name, None)
            if isinstance(value, cst.Tuple):
                self.literals[name] = value
            boundary = thing.boundary if isinstance(thing, Value) else None
            if boundary is not None and boundary.call is value and boundary.form == "functional":
                boundary.name = name if isinstance(target, cst.Name) else None
                boundary.nested = self.nested > 0
                boundary.statement = self.current
        elif isinstance(target, cst.Tuple | cst.List):
            items = thing.items if isinstance(thing, Items) and len(thing.items) == len(target.elements) else None
            for i, element in enumerate(target.elements):
                self.bind(element.value, items[i][0] if items else None, value)

    # -- expressions --------------------------------------------------------------
    def expr(self, node: cst.BaseExpression) -> Thing:
        if isinstance(node, cst.Name | cst.Attribute):
            name = dotted_name(node)
            return self.env.get(name) if name is not None else None
        if isinstance(node, cst.List | cst.Tuple):
            return Items([(self.expr(e.value), e.value) for e in node.elements if isinstance(e, cst.Element)])
        if isinstance(node, cst.Call):
            return self.call(node)
        for child in node.children:  # calls inside other expressions still build layers
            if isinstance(child, cst.BaseExpression):
                self.expr(child)
        return None

    def record(self, node: cst.Call) -> Record | None:
        record = self.records.get(id(node))
        return record if record is not None and record.node is node else None

    # -- hooks (``_channels_last_calls``, ``_channels_last_chain``) ---------------------
    def call(self, node: cst.Call) -> Thing:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError
