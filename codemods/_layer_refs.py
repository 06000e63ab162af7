"""What the model-API rules share: which expressions are Keras layers, and facts about the file.

An expression is a Keras layer when the file proves it: ``<model>.layers[i]``
or ``<model>.get_layer(...)`` where ``<model>`` was assigned a Keras model in
the file (``Resolution.model_names``); a name a ``for`` loop or a
comprehension binds to the items of ``<model>.layers``; or a name assigned a
Keras layer constructor call or one of the forms above earlier in the same
function (or at module level) and bound nowhere else in the file. ``user.input_shape`` or
``args.output_shape`` are never layers.

Facts gathered during the walk (the Lambda layers and custom layer classes
seen so far, the weight files the file writes) live in ``ctx.scratch``.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods._framework import FileContext
from codemods._paths import canonical
from codemods._resolve import dotted_name
from codemods._training import facts as training_facts
from codemods.tables.model_apis import NOT_LAYER_CLASSES, NOT_SINGLE_INPUT

_SCRATCH = "_layer_refs"


@dataclass(frozen=True)
class LayerRef:
    """A proven Keras layer."""

    single_input: bool  # its ``input`` is one tensor: not an InputLayer, not a merge layer
    layer_class: str | None = None  # canonical class, when the constructor call is known


@dataclass
class FileFacts:
    # scope (id of the function, 0: module) -> name -> the layer it holds (None: not a layer)
    names: dict[int, dict[str, LayerRef | None]] = field(default_factory=dict)
    # id of a top-level statement -> id of a line in it -> {loop name: model}
    loops: dict[int, dict[int, dict[str, str]]] = field(default_factory=dict)
    bindings: Counter[str] | None = None  # how often the file's text binds each name
    observed: set[int] = field(default_factory=set)
    python_lambdas: bool = False  # a Lambda(lambda ...) was built earlier in the file
    custom_code: bool = False  # a Lambda layer or a custom Layer class came earlier in the file
    saved_paths: set[str] = field(default_factory=set)  # source of the paths the file writes
    keras_inputs: set[str] = field(default_factory=set)  # names assigned an Input(...) call


def file_facts(ctx: FileContext) -> FileFacts:
    found = ctx.scratch.get(_SCRATCH)
    if not isinstance(found, FileFacts):
        found = ctx.scratch[_SCRATCH] = FileFacts()
    return found


def _scope(ctx: FileContext) -> int:
    functions = [s for s in ctx.scopes if isinstance(s, cst.FunctionDef)]
    return id(functions[-1]) if functions else 0


def layer_class_of(node: cst.BaseExpression, ctx: FileContext) -> str | None:
    """The canonical Keras layer class ``node`` constructs (``Dense(4)``), else None."""
    if not isinstance(node, cst.Call):
        return None
    path = ctx.path_of(node.func)
    canon = canonical(path) if path is not None else None
    if canon is None or not canon.startswith("keras.layers.") or canon in NOT_LAYER_CLASSES:
        return None
    return canon if canon.rpartition(".")[2][:1].isupper() else None


def observe(line: cst.SimpleStatementLine, ctx: FileContext) -> None:
    """Record the names an (original) line assigns: what it proves about a layer, or None."""
    known = file_facts(ctx)
    if id(line) in known.observed:
        return
    known.observed.add(id(line))
    scope = known.names.setdefault(_scope(ctx), {})
    for small in line.body:
        value: cst.BaseExpression | None = None
        if isinstance(small, cst.Assign):
            targets, value = [t.target for t in small.targets], small.value
        elif isinstance(small, cst.AnnAssign | cst.AugAssign):
            targets = [small.target]
            value = small.value if isinstance(small, cst.AnnAssign) else None
        else:
            continue
        ref = None
        if value is not None:
            layer = layer_class_of(value, ctx)
            ref = LayerRef(layer not in NOT_SINGLE_INPUT, layer) if layer is not None else layer_ref(value, ctx, {})
        for target in targets:
            if isinstance(target, cst.Name):
                scope[target.value] = ref
            elif isinstance(target, cst.Tuple | cst.List):
                scope.update({e.value.value: None for e in target.elements if isinstance(e.value, cst.Name)})


def _bound_once(name: str, ctx: FileContext) -> bool:
    """The file's text binds ``name`` once (when the text is known: the walk skips
    statements that name nothing Keras knows, so it cannot see every binding)."""
    if ctx.tree is None:
        return True
    known = file_facts(ctx)
    if known.bindings is None:
        known.bindings = Counter()
        for node in ast.walk(ctx.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
                known.bindings[node.id] += 1
            elif isinstance(node, ast.arg):
                known.bindings[node.arg] += 1
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                known.bindings[node.name] += 1
            elif isinstance(node, ast.alias):
                known.bindings[(node.asname or node.name).partition(".")[0]] += 1
    return known.bindings[name] == 1


def model_of(node: cst.BaseExpression, ctx: FileContext) -> str | None:
    """The dotted name of ``node`` when it was assigned a Keras model in this file."""
    name = dotted_name(node)
    return name if name is not None and name in ctx.resolution.model_names else None


def layers_of(node: cst.BaseExpression, ctx: FileContext) -> str | None:
    """``model`` for ``model.layers`` or a slice of it (``model.layers[1:]``)."""
    if isinstance(node, cst.Subscript) and all(isinstance(s.slice, cst.Slice) for s in node.slice):
        node = node.value
    if isinstance(node, cst.Attribute) and node.attr.value == "layers":
        return model_of(node.value, ctx)
    return None


def _sequential(model: str, ctx: FileContext) -> bool:
    fact = training_facts(ctx).models.get(model)
    return fact is not None and fact.kind == "sequential"


def layer_ref(node: cst.BaseExpression, ctx: FileContext, loops: Mapping[str, str]) -> LayerRef | None:
    """What the file proves about ``node`` as a Keras layer; None: not proven a layer.

    ``loops`` maps the names loops bind to layers here to their model. A
    Sequential model's ``layers`` holds no InputLayer; a functional one's does.
    """
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        model = layers_of(node.value, ctx)
        return LayerRef(_sequential(model, ctx)) if model is not None else None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get_layer":
        model = model_of(node.func.value, ctx)
        return LayerRef(_sequential(model, ctx)) if model is not None else None
    if not isinstance(node, cst.Name):
        return None
    if node.value in loops:
        return LayerRef(_sequential(loops[node.value], ctx))
    ref = file_facts(ctx).names.get(_scope(ctx), {}).get(node.value)
    return ref if ref is not None and _bound_once(node.value, ctx) else None


# -- for loops over model.layers ---------------------------------------------------------
def _loop_binding(node: cst.For | cst.CompFor, ctx: FileContext) -> tuple[str, str] | None:
    """``(name, model)`` for ``for name in model.layers`` (also a slice, ``reversed(...)``,
    and ``for i, name in enumerate(...)``)."""
    target: cst.BaseExpression = node.target
    source = node.iter
    if isinstance(source, cst.Call) and isinstance(source.func, cst.Name) and len(source.args) == 1:
        kind = source.func.value
        if kind == "enumerate" and isinstance(target, cst.Tuple) and len(target.elements) == 2:
            target = target.elements[1].value
        elif kind != "reversed":
            return None
        source = source.args[0].value
    model = layers_of(source, ctx)
    if model is None or not isinstance(target, cst.Name):
        return None
    return target.value, model


class _Bound(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def _add(self, target: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self.names.add(target.value)
        elif isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._add(element.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._add(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._add(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._add(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._add(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._add(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._add(node.target)


def _blocks(stmt: cst.BaseCompoundStatement) -> list[Sequence[cst.BaseStatement]]:
    found: list[Sequence[cst.BaseStatement]] = []
    parts: list[cst.CSTNode] = [stmt.body]
    for attr in ("orelse", "finalbody"):
        extra = getattr(stmt, attr, None)
        if isinstance(extra, cst.If):
            found.extend(_blocks(extra))
        elif extra is not None:
            parts.append(extra.body)
    parts.extend(h.body for h in getattr(stmt, "handlers", ()))
    parts.extend(c.body for c in getattr(stmt, "cases", ()))
    found.extend(p.body for p in parts if isinstance(p, cst.IndentedBlock))
    return found


def _collect(body: Sequence[cst.BaseStatement], names: dict[str, str], out: dict[int, dict[str, str]], ctx: FileContext) -> None:
    """``out``: id of each line -> the loop names valid there; id of each compound
    statement -> the loop names valid in its blocks."""
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            if names:
                out[id(stmt)] = names
        elif isinstance(stmt, cst.FunctionDef | cst.ClassDef):
            if isinstance(stmt.body, cst.IndentedBlock):
                _collect(stmt.body.body, {}, out, ctx)
        elif isinstance(stmt, cst.BaseCompoundStatement):
            inner = names
            if isinstance(stmt, cst.For):
                bound = _loop_binding(stmt, ctx)
                rebound = _Bound()
                stmt.body.visit(rebound)
                if bound is not None and bound[0] not in rebound.names:
                    inner = {**names, bound[0]: bound[1]}
                else:
                    stmt.target.visit(rebound)
                    inner = {k: v for k, v in names.items() if k not in rebound.names}
            if inner:
                out[id(stmt)] = inner
            for block in _blocks(stmt):
                _collect(block, inner, out, ctx)


def loop_names(ctx: FileContext, statement: cst.CSTNode | None = None) -> dict[str, str]:
    """The names ``for`` loops bind to a model's layers in the line being walked
    (or in the blocks of ``statement``, an original compound statement)."""
    top, line = ctx.top_statement, statement or ctx.current_statement
    if top is None or line is None or not isinstance(top, cst.BaseCompoundStatement):
        return {}
    known = file_facts(ctx).loops
    if id(top) not in known:
        known[id(top)] = {}
        _collect([top], {}, known[id(top)], ctx)
    return known[id(top)].get(id(line), {})


def loop_binding(node: cst.For, ctx: FileContext) -> tuple[str, str] | None:
    return _loop_binding(node, ctx)


def comprehension_names(node: cst.BaseExpression, ctx: FileContext) -> dict[str, str]:
    """The names a comprehension binds to a model's layers (``[l.name for l in model.layers]``)."""
    found: dict[str, str] = {}
    if isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp):
        comp: cst.CompFor | None = node.for_in
        while comp is not None:
            bound = _loop_binding(comp, ctx)
            if bound is not None:
                found[bound[0]] = bound[1]
            comp = comp.inner_for_in
    return found
