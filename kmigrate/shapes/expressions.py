"""Evaluating expressions of the analysed code: names, operators, literals, calls.

Calls of the module's own functions go back to the interpreter; Keras names
go to ``KerasCalls``; layers and models called on tensors go to ``Graph``.
Anything else is ``UNKNOWN``, and an unknown call on a tensor gives a
``Broken`` tensor that says the checker cannot follow it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from kmigrate.shapes import values
from kmigrate.shapes.graph import FunctionalModel, Graph, SequentialModel
from kmigrate.shapes.keras_calls import BoundMethod, KerasCalls, ModuleRef, Unsupported, has_tensor
from kmigrate.shapes.objects import UNKNOWN, Broken, Layer, Tensor


@dataclass(eq=False)
class Frame:
    names: dict[str, object]
    parent: Frame | None = None
    function: str | None = None
    def_line: int = 0
    calls: tuple[int, ...] = ()
    detail: str = ""


@dataclass(eq=False)
class Function:
    node: ast.FunctionDef
    defaults: dict[str, object]
    scope: Frame


@dataclass(frozen=True)
class Builtin:
    name: str


class Evaluator:
    """The expression half of the interpreter; ``Interpreter`` adds statements and function calls."""

    graph: Graph
    keras: KerasCalls
    stars: list[str]

    def call_function(
        self, function: Function, args: list[object], kwargs: dict[str, object], line: int
    ) -> object:
        raise NotImplementedError

    def imports(self, node: ast.Import | ast.ImportFrom, frame: Frame) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    frame.names[alias.asname] = ModuleRef(alias.name)
                else:
                    top = alias.name.split(".")[0]
                    frame.names[top] = ModuleRef(top)
            return
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                self.stars.append(module)
            else:
                frame.names[alias.asname or alias.name] = ModuleRef(f"{module}.{alias.name}")

    def defaults(self, node: ast.FunctionDef, frame: Frame) -> dict[str, object]:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        found: dict[str, object] = {}
        for arg, default in zip(
            positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
        ):
            found[arg.arg] = self.eval(default, frame)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if kw_default is not None:
                found[arg.arg] = self.eval(kw_default, frame)
        return found

    def lookup(self, name: str, frame: Frame) -> object:
        scope: Frame | None = frame
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        if name in values.BUILTINS or name == "print":
            return Builtin(name)
        for module in self.stars:
            if "keras" in module.split("."):
                return ModuleRef(f"{module}.{name}")
        return UNKNOWN

    def eval(self, node: ast.expr, frame: Frame) -> object:
        if isinstance(node, ast.Constant):
            return node.value if not isinstance(node.value, bytes) else UNKNOWN
        if isinstance(node, ast.Name):
            return self.lookup(node.id, frame)
        if isinstance(node, ast.Attribute):
            return self.keras.attribute(self.eval(node.value, frame), node.attr)
        if isinstance(node, (ast.Tuple, ast.List)):
            items = self.sequence(node.elts, frame)
            return (
                UNKNOWN
                if items is None
                else (tuple(items) if isinstance(node, ast.Tuple) else items)
            )
        if isinstance(node, ast.BinOp):
            return values.binary(node.op, self.eval(node.left, frame), self.eval(node.right, frame))
        if isinstance(node, ast.UnaryOp):
            return values.unary(node.op, self.eval(node.operand, frame))
        if isinstance(node, ast.BoolOp):
            return self.boolean(node, frame)
        if isinstance(node, ast.Compare):
            return values.compare(
                node.ops, [self.eval(n, frame) for n in (node.left, *node.comparators)]
            )
        if isinstance(node, ast.IfExp):
            known = values.truth(self.eval(node.test, frame))
            return (
                UNKNOWN if known is None else self.eval(node.body if known else node.orelse, frame)
            )
        if isinstance(node, ast.Subscript):
            return self.subscript(node, frame)
        if isinstance(node, ast.Call):
            return self.call(node, frame)
        if isinstance(node, ast.Dict):
            keys = [None if k is None else self.eval(k, frame) for k in node.keys]
            vals = [self.eval(v, frame) for v in node.values]
            if all(isinstance(k, str) for k in keys):
                return {str(k): v for k, v in zip(keys, vals, strict=True)}
        return UNKNOWN

    def sequence(self, nodes: list[ast.expr], frame: Frame) -> list[object] | None:
        items: list[object] = []
        for element in nodes:
            if isinstance(element, ast.Starred):
                spread = self.eval(element.value, frame)
                if not isinstance(spread, (tuple, list)):
                    return None
                items.extend(spread)
            else:
                items.append(self.eval(element, frame))
        return items

    def boolean(self, node: ast.BoolOp, frame: Frame) -> object:
        value: object = UNKNOWN
        for operand in node.values:
            value = self.eval(operand, frame)
            known = values.truth(value)
            if known is None:
                return UNKNOWN
            if known is isinstance(node.op, ast.Or):
                return value
        return value

    def subscript(self, node: ast.Subscript, frame: Frame) -> object:
        target = self.eval(node.value, frame)
        if isinstance(node.slice, ast.Slice):
            parts = (node.slice.lower, node.slice.upper, node.slice.step)
            index = values.make_slice(*(None if p is None else self.eval(p, frame) for p in parts))
        else:
            index = self.eval(node.slice, frame)
        if isinstance(target, dict) and isinstance(index, str):
            return target.get(index, UNKNOWN)
        if isinstance(target, (Tensor, Broken)):
            return Broken(None, "a tensor is sliced", node.lineno, (target,))
        return values.subscript(target, index)

    def call(self, node: ast.Call, frame: Frame) -> object:
        function = self.eval(node.func, frame)
        args = self.sequence(node.args, frame)
        kwargs: dict[str, object] = {}
        for keyword in node.keywords:
            value = self.eval(keyword.value, frame)
            if keyword.arg is not None:
                kwargs[keyword.arg] = value
            elif isinstance(value, dict):
                kwargs.update(value)
            else:
                kwargs["**"] = UNKNOWN
        if args is None:
            args, kwargs["**"] = [], UNKNOWN
        line = node.lineno
        if isinstance(function, Function):
            return self.call_function(function, args, kwargs, line)
        if isinstance(function, Builtin):
            return None if function.name == "print" else values.call_builtin(function.name, args)
        if isinstance(function, ModuleRef):
            return self.keras.call(function.path, args, kwargs, line)
        if isinstance(function, Layer):
            return self.graph.call(function, args[0] if args else kwargs.get("inputs"))
        if isinstance(function, (SequentialModel, FunctionalModel)):
            return self.graph.call_model(function, args[0] if args else None)
        if isinstance(function, BoundMethod):
            return self.keras.method(function, args, kwargs, line)
        if isinstance(function, Unsupported):
            what = f"{function.name} is a layer the checker does not know"
            tensors = has_tensor(args)
            return Broken(None, what, line, tensors) if tensors else UNKNOWN
        tensors = has_tensor([*args, *kwargs.values()])
        if tensors:
            return Broken(
                None,
                "a call the checker cannot follow (a custom layer or function)",
                line,
                tensors,
            )
        return UNKNOWN
