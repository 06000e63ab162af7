"""A small abstract interpreter over one module's syntax tree (never imports or runs it).

It follows assignments, ``if`` statements whose condition it can evaluate
(else it takes the ``if`` branch and remembers that it assumed so), ``for``
loops over known sequences, and calls of the module's own functions with the
arguments of the call. A function that nothing in the file calls is analysed
on its own, with its default arguments; one called only from code the
interpreter never reaches (a class, a ``while`` loop) is not analysed.
Keras names are handed to ``KerasCalls``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from kmigrate.shapes import values
from kmigrate.shapes.expressions import Evaluator, Frame, Function
from kmigrate.shapes.graph import FunctionalModel, Graph, Model, SequentialModel
from kmigrate.shapes.keras_calls import KerasCalls
from kmigrate.shapes.objects import UNKNOWN, Shape

MAX_STATEMENTS = 200_000
MAX_DEPTH = 40
MAX_UNROLL = 1_000


class _Return(Exception):
    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value


class _Stop(Exception):
    """``break`` (``brk=True``) or ``continue`` inside an unrolled loop."""

    def __init__(self, brk: bool) -> None:
        super().__init__()
        self.brk = brk


@dataclass(eq=False)
class Interpreter(Evaluator):
    tree: ast.Module
    fmt: str  # the global image data format; setters in the code change it
    input_override: Shape | None = None
    models: list[Model] = field(default_factory=list)
    setters: list[tuple[int, str]] = field(default_factory=list)
    assumptions: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.graph = Graph(self.input_override)
        self.keras = KerasCalls(self)
        self.module = Frame({"__name__": "__main__"})
        self.frame = self.module
        self.stars: list[str] = []
        self.called: set[int] = set()
        self.budget = MAX_STATEMENTS
        self.depth = 0

    def run(self) -> None:
        """The module's statements, then each function that nothing in the file calls."""
        self.block(self.tree.body, self.module)
        called_somewhere = {
            node.func.id
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        for node in self.tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name in called_somewhere:
                continue
            function = self.module.names.get(node.name)
            if (
                id(node) not in self.called
                and isinstance(function, Function)
                and function.node is node
            ):
                self.call_function(function, [], {}, node.lineno, standalone=True)

    # statements ------------------------------------------------------------

    def block(self, body: list[ast.stmt], frame: Frame) -> None:
        for statement in body:
            self.budget -= 1
            if self.budget < 0:
                return
            self.statement(statement, frame)

    def statement(self, node: ast.stmt, frame: Frame) -> None:
        if isinstance(node, ast.Assign):
            value = self.eval(node.value, frame)
            for target in node.targets:
                self.assign(target, value, frame)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.assign(node.target, self.eval(node.value, frame), frame)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            current = self.lookup(node.target.id, frame)
            self.assign(
                node.target, values.binary(node.op, current, self.eval(node.value, frame)), frame
            )
        elif isinstance(node, ast.Expr):
            self.eval(node.value, frame)
        elif isinstance(node, ast.If):
            known = values.truth(self.eval(node.test, frame))
            if known is None:
                self.assumptions.append(node.lineno)
            self.block(node.body if known is not False else node.orelse, frame)
        elif isinstance(node, ast.For):
            self.loop(node, frame)
        elif isinstance(node, (ast.With, ast.Try)):
            for part in (node.body, getattr(node, "finalbody", [])):
                self.block(part, frame)
        elif isinstance(node, ast.FunctionDef):
            defaults = self.defaults(node, frame)
            frame.names[node.name] = Function(node, defaults, frame)
        elif isinstance(node, ast.ClassDef):
            frame.names[node.name] = UNKNOWN
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.imports(node, frame)
        elif isinstance(node, ast.Return):
            raise _Return(None if node.value is None else self.eval(node.value, frame))
        elif isinstance(node, (ast.Break, ast.Continue)):
            raise _Stop(isinstance(node, ast.Break))

    def loop(self, node: ast.For, frame: Frame) -> None:
        items = self.eval(node.iter, frame)
        if not isinstance(items, (tuple, list)) or len(items) > MAX_UNROLL:
            self.assumptions.append(node.lineno)
            items = (UNKNOWN,)
        for item in items:
            self.assign(node.target, item, frame)
            try:
                self.block(node.body, frame)
            except _Stop as stop:
                if stop.brk:
                    break

    def assign(self, target: ast.expr, value: object, frame: Frame) -> None:
        if isinstance(target, ast.Name):
            frame.names[target.id] = value
            if isinstance(value, (SequentialModel, FunctionalModel)) and value.var is None:
                value.var = target.id
        elif isinstance(target, (ast.Tuple, ast.List)):
            parts = list(value) if isinstance(value, (tuple, list)) else None
            if parts is None or len(parts) != len(target.elts):
                parts = [UNKNOWN] * len(target.elts)
            for element, part in zip(target.elts, parts, strict=True):
                self.assign(element, part, frame)

    def call_function(
        self,
        function: Function,
        args: list[object],
        kwargs: dict[str, object],
        line: int,
        standalone: bool = False,
    ) -> object:
        node = function.node
        self.called.add(id(node))
        if self.depth >= MAX_DEPTH:
            return UNKNOWN
        positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        params = [*positional, *(a.arg for a in node.args.kwonlyargs)]
        names = dict(function.defaults)
        passed: dict[str, object] = dict(zip(positional, args, strict=False))
        passed.update({k: v for k, v in kwargs.items() if k in params})
        names.update(passed)
        for name in params:
            names.setdefault(name, UNKNOWN)
        for extra in (node.args.vararg, node.args.kwarg):
            if extra is not None:
                names[extra.arg] = UNKNOWN
        if standalone:
            detail = "not called in this file: analysed with its default arguments"
        else:
            shown = [
                f"{k}={v!r}" for k, v in passed.items() if values.plain(v) and len(repr(v)) <= 60
            ]
            detail = f"called at line {line}" + (" with " + ", ".join(shown) if shown else "")
        caller = self.frame
        frame = Frame(names, function.scope, node.name, node.lineno, (*caller.calls, line), detail)
        self.frame, self.depth = frame, self.depth + 1
        try:
            self.block(node.body, frame)
        except _Return as result:
            return result.value
        except _Stop:
            pass
        finally:
            self.frame, self.depth = caller, self.depth - 1
        return None
