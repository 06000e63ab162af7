"""Wrap backend ops on symbolic Keras tensors in ``Lambda`` layers; read their shape with ``.shape``.

**What**
Wraps backend ops and TensorFlow functions called on Keras tensors in
model-building code (``K.sum(h, axis=1)``, ``K.concatenate([a, b])``,
``tf.reduce_sum(h)``, ...) into ``Lambda`` layers called on those tensors, and
rewrites ``x._keras_shape`` and ``x.get_shape()`` on Keras tensors into
``x.shape``.

**Why**
Keras 1 (and tf.keras 2, which auto-wrapped them) let model-building code call
backend ops on layer outputs: ``y = K.sum(x, axis=1)``. Keras 3 raises
"A KerasTensor cannot be used as input to a TensorFlow function"; the op has
to run inside a layer (spec §6.16, §8.26, §10.21). Keras 3 tensors also lost
``_keras_shape`` and ``get_shape()``; ``.shape`` is the tuple they gave
(§6.17).

**Example**
Before::

    x = Input(shape=(10, 8))
    h = LSTM(16, return_sequences=True)(x)
    n = h._keras_shape[1]
    s = K.sum(K.square(h), axis=1)

After::

    x = Input(shape=(10, 8))
    h = LSTM(16, return_sequences=True)(x)
    n = h.shape[1]
    s = Lambda(lambda t: K.sum(K.square(t), axis=1))(h)

A call that uses several Keras tensors gets them as a list:
``K.concatenate([a, b])`` -> ``Lambda(lambda t: K.concatenate([t[0], t[1]]))([a, b])``.

**Safety**
Safe: the Lambda computes the same op when the model runs. Only provable
cases are rewritten: a ``K.*`` op (``int_shape``, ``variable`` and other
non-ops are left) or a TensorFlow function (``tf.reduce_sum``, ``tf.nn.relu``;
not classes such as ``tf.Variable``) in a plain statement of a block, whose arguments use a name
that an earlier plain statement of the same block assigned a layer call
(``Dense(4)(x)``), an ``Input(...)``, a merge function or a model call, and
that nothing rebound in between; its arguments may only call other ``K.*``
or TensorFlow functions. ``Lambda`` layers holding Python lambdas need
``load_model(..., safe_mode=False)`` to be loaded from ``.keras`` files.

**Limits**
Keras tensors received as parameters, built in another block, or held in
lists are not followed; such calls are left as they are.
"""

from __future__ import annotations

import re
from typing import ClassVar

import libcst as cst

from codemods._framework import Codemod, FileContext, Safety, parse_dotted
from codemods._ordering import NESTED_SCOPES
from codemods._paths import canonical
from codemods._resolve import dotted_name
from codemods._walk import walk
from codemods.tables.backend import BACKEND_OPS, B

_MERGE_FUNCTIONS = frozenset(
    f"keras.layers.{n}" for n in ("add", "average", "concatenate", "dot", "maximum", "minimum", "multiply", "subtract")
)
_INPUTS = frozenset({"keras.Input", "keras.layers.Input"})
_LAMBDA = "tensorflow.keras.layers.Lambda"


class BackendSymbolicOps(Codemod):
    code: ClassVar[str] = "K508"
    name: ClassVar[str] = "backend_symbolic_ops"
    summary: ClassVar[str] = "Wrap K.* ops on Keras tensors in Lambda layers and read their shape with .shape"
    safety: ClassVar[Safety] = Safety.SAFE
    blocks: ClassVar[bool] = True
    # K.* ops need a backend import; the shape attributes are named
    triggers: ClassVar[frozenset[str]] = frozenset({'backend', 'get_shape', '_keras_shape', 'tensorflow'})

    def on_block(self, statements: list[cst.BaseStatement] | tuple[cst.BaseStatement, ...], ctx: FileContext) -> list[cst.BaseStatement] | None:  # type: ignore[override]
        if not ctx.resolution.uses_keras or not _may_have_ops(ctx):
            return None
        names: _Names | None = None
        tensors: set[str] = set()
        body = list(statements)
        for i, statement in enumerate(body):
            if not isinstance(statement, cst.SimpleStatementLine):
                if tensors:
                    tensors -= _bound(statement, ctx.mentions(":="))
                continue
            if tensors:
                assert names is not None
                if _may_rewrite(statement, tensors, names):
                    rewriter = _Rewriter(tensors, names, ctx)
                    new = statement.visit(rewriter)
                    if rewriter.changed and isinstance(new, cst.SimpleStatementLine):
                        body[i] = statement = new
                        ctx.fire(self.code)
            for small in statement.body:
                produced = None
                if _may_produce(small):
                    names = names or _Names.of(ctx)
                    produced = _produced(small, names)
                if tensors:
                    tensors -= _bound(small, ctx.mentions(":="))
                if produced is not None:
                    tensors.add(produced)
        return body if any(a is not b for a, b in zip(body, statements, strict=True)) else None


def _may_have_ops(ctx: FileContext) -> bool:
    """Whether the file's text can hold anything this rule rewrites: a call
    through a name bound to the backend, a module above it or TensorFlow
    (``K.sum(``, ``keras.backend.sum(``, ``tf.reduce_sum(``, an imported backend
    function), or a shape attribute.
    Most files that import the backend never call it on a layer output; this
    keeps the block hook off them. Once per file; True when unknown."""
    known: bool | None = ctx.scratch.get("backend_symbolic_ops.may")
    if known is not None:
        return known
    if not ctx.text or ctx.resolution.star_modules or ctx.mentions("_keras_shape") or ctx.mentions("get_shape"):
        known = True
    else:
        starts = set()
        for binding in ctx.resolution.bindings.values():
            canon = canonical(binding.path) or binding.path
            # the backend, a function in it, a module above it (``keras.backend.sum``), TensorFlow
            if canon.startswith(B) or B.startswith(canon + ".") or (
                binding.path.startswith("tensorflow") and not binding.path.startswith("tensorflow.keras")
            ):
                starts.add(binding.local)
        pattern = r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(starts))) + r")\s*[.(]"
        known = bool(starts) and re.search(pattern, ctx.text) is not None
    ctx.scratch["backend_symbolic_ops.may"] = known
    return known


def _may_produce(small: cst.BaseSmallStatement) -> bool:
    """The cheap test before resolving names: ``name = <call>``."""
    return (
        isinstance(small, cst.Assign)
        and isinstance(small.value, cst.Call)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
    )


class _Names:
    """Canonical names of callees in the rewritten tree (renamed classes included)."""

    @staticmethod
    def of(ctx: FileContext) -> _Names:
        """One per file."""
        names: _Names | None = ctx.scratch.get("backend_symbolic_ops.names")
        if names is None:
            names = ctx.scratch["backend_symbolic_ops.names"] = _Names(ctx)
        return names

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.renamed: dict[str, str] = {}
        for binding in ctx.resolution.bindings.values():
            if not binding.is_module:
                self.renamed.setdefault(ctx.local_symbol_name(binding), binding.path)
        self.lambda_names = ctx.scratch.setdefault("backend_symbolic_ops", set())

    def canonical(self, func: cst.BaseExpression) -> str | None:
        path = self.ctx.path_of(func)
        if path is None and isinstance(func, cst.Name):
            path = self.renamed.get(func.value)
        return canonical(path) if path is not None else None

    def is_op(self, call: cst.Call) -> bool:
        canon = self.canonical(call.func)
        if canon is not None:
            return canon.startswith(B) and canon[len(B) :] in BACKEND_OPS
        return self.is_tf_function(call.func)

    def is_tf_function(self, func: cst.BaseExpression) -> bool:
        """``tf.reduce_sum``, ``tf.nn.softmax``: a TensorFlow function outside tf.keras."""
        path = self.ctx.path_of(func)
        if path is None or not path.startswith("tensorflow.") or path.startswith("tensorflow.keras"):
            return False
        return path.rpartition(".")[2][:1].islower()

    def is_layer(self, func: cst.BaseExpression) -> bool:
        if dotted_name(func) in self.lambda_names:
            return True
        canon = self.canonical(func)
        if canon is None or not canon.startswith("keras.layers."):
            return False
        last = canon.rpartition(".")[2]
        return last[:1].isupper() and canon not in _INPUTS


def _produced(small: cst.BaseSmallStatement, names: _Names) -> str | None:
    """``x`` when ``small`` is ``x = <something that returns a Keras tensor>``."""
    if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
        return None
    value = small.value
    if not isinstance(value, cst.Call):
        return None
    inner = value.func
    is_tensor = (
        (isinstance(inner, cst.Call) and names.is_layer(inner.func))
        or names.canonical(inner) in _INPUTS
        or names.canonical(inner) in _MERGE_FUNCTIONS
        or (dotted_name(inner) or "") in names.ctx.resolution.model_names
    )
    return small.targets[0].target.value if is_tensor else None


def _bound(node: cst.CSTNode, walrus: bool = True) -> set[str]:
    """Names a statement binds anywhere in it (assignments, loops, with, del,
    imports, defs). Expressions are only searched when the file may have an
    assignment expression (``walrus``: its text has ``:=``)."""
    found: set[str] = set()
    for n in walk(node, _enter_scope if walrus else _enter_binding):
        targets: list[cst.CSTNode] = []
        if isinstance(n, cst.Assign):
            targets = [t.target for t in n.targets]
        elif isinstance(n, cst.AnnAssign | cst.AugAssign | cst.For | cst.NamedExpr):
            targets = [n.target]
        elif isinstance(n, cst.AsName):
            targets = [n.name]
        elif isinstance(n, cst.Del):
            targets = [n.target]
        elif isinstance(n, cst.FunctionDef | cst.ClassDef):
            found.add(n.name.value)
        elif isinstance(n, cst.ImportAlias) and n.asname is None:
            found.add((dotted_name(n.name) or "").partition(".")[0])
        for target in targets:
            found.update(_target_names(target))
    return found


# what can hold a binding when the file has no ``:=``: statements, blocks,
# and the clauses that bind (``except E as e``, ``with f() as g``, imports)
_BINDING_HOLDERS: tuple[type, ...] = (
    cst.BaseCompoundStatement,
    cst.SimpleStatementLine,
    cst.BaseSuite,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.Else,
    cst.Finally,
    cst.WithItem,
    cst.Import,
    cst.ImportFrom,
    cst.ImportAlias,
)
_HOLDS_BINDINGS: dict[type, bool] = {}


def _enter_binding(node: cst.CSTNode) -> bool:
    kind = type(node)
    known = _HOLDS_BINDINGS.get(kind)
    if known is None:
        known = _HOLDS_BINDINGS[kind] = issubclass(kind, _BINDING_HOLDERS) and not issubclass(kind, NESTED_SCOPES)
    return known


def _enter_scope(node: cst.CSTNode) -> bool:
    """Bindings inside a def, class, lambda or comprehension stay there."""
    return not isinstance(node, NESTED_SCOPES)


def _may_rewrite(statement: cst.CSTNode, tensors: set[str], names: _Names) -> bool:
    """The cheap look before the rewriting walk: a Keras tensor is named and
    there is a shape read or a call that could be an op."""
    named = touched = False
    for n in walk(statement, _enter_scope):
        if isinstance(n, cst.Name):
            named = named or n.value in tensors
        elif isinstance(n, cst.Attribute):
            touched = touched or n.attr.value in ("_keras_shape", "get_shape")
        elif isinstance(n, cst.Call) and not touched:
            touched = names.is_op(n)
        if named and touched:
            return True
    return False


def _target_names(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Tuple | cst.List):
        return [n for e in node.elements for n in _target_names(e.value)]
    if isinstance(node, cst.StarredElement):
        return _target_names(node.value)
    return []


class _Rewriter(cst.CSTTransformer):
    """One statement: ``x._keras_shape``/``x.get_shape()`` -> ``x.shape``; ops -> Lambda."""

    def __init__(self, tensors: set[str], names: _Names, ctx: FileContext) -> None:
        super().__init__()
        self.tensors = tensors
        self.names = names
        self.ctx = ctx
        self.changed = False
        self._wrap: set[int] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, NESTED_SCOPES):
            return False
        if isinstance(node, cst.Call) and self.names.is_op(node) and _qualifies(node, self.tensors, self.names):
            self._wrap.add(id(node))
            return False
        return True

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if updated_node.attr.value == "_keras_shape" and _is_tensor(updated_node.value, self.tensors):
            self.changed = True
            return updated_node.with_changes(attr=cst.Name("shape"))
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) in self._wrap:
            self.changed = True
            return self._lambda(original_node)
        func = updated_node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "get_shape" and not updated_node.args and _is_tensor(func.value, self.tensors):
            self.changed = True
            return func.with_changes(attr=cst.Name("shape"))
        return updated_node

    def _lambda(self, call: cst.Call) -> cst.Call:
        used = _tensor_names(call, self.tensors)
        taken = {n.value for n in _all_names(call)}
        param = next(p for p in ("t", "t_", "tensor", "tensor_", "t0") if p not in taken)
        index = {name: i for i, name in enumerate(used)}
        body = call.visit(_Substitute(index, param, single=len(used) == 1))
        assert isinstance(body, cst.BaseExpression)
        fn = cst.Lambda(params=cst.Parameters(params=[cst.Param(cst.Name(param))]), body=body)
        spelled = self.ctx.spell(_LAMBDA)
        self.names.lambda_names.add(spelled)
        layer = cst.Call(func=parse_dotted(spelled), args=[cst.Arg(fn)])
        if len(used) == 1:
            argument: cst.BaseExpression = cst.Name(used[0])
        else:
            argument = cst.List([cst.Element(cst.Name(n)) for n in used])
        return cst.Call(func=layer, args=[cst.Arg(argument)])


def _is_tensor(node: cst.BaseExpression, tensors: set[str]) -> bool:
    return isinstance(node, cst.Name) and node.value in tensors


def _references(node: cst.CSTNode) -> list[cst.Name]:
    """Names read in ``node`` (not attribute names, keywords, or inside nested lambdas)."""
    out: list[cst.Name] = []
    skip: set[int] = set()

    class Collect(cst.CSTVisitor):
        def on_visit(self, n: cst.CSTNode) -> bool:
            if isinstance(n, cst.Attribute):
                skip.add(id(n.attr))
            elif isinstance(n, cst.Arg) and n.keyword is not None:
                skip.add(id(n.keyword))
            elif isinstance(n, cst.Name) and id(n) not in skip:
                out.append(n)
            return not isinstance(n, NESTED_SCOPES)

    node.visit(Collect())
    return out


def _all_names(node: cst.CSTNode) -> list[cst.Name]:
    out: list[cst.Name] = []

    class Collect(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            out.append(n)

    node.visit(Collect())
    return out


def _tensor_names(call: cst.Call, tensors: set[str]) -> list[str]:
    return list(dict.fromkeys(n.value for arg in call.args for n in _references(arg) if n.value in tensors))


def _qualifies(call: cst.Call, tensors: set[str], names: _Names) -> bool:
    """The op uses a Keras tensor and calls nothing but other backend functions."""
    if not _tensor_names(call, tensors) or any(a.star for a in call.args):
        return False
    calls: list[cst.Call] = []

    class Collect(cst.CSTVisitor):
        def visit_Call(self, n: cst.Call) -> None:
            calls.append(n)

    for arg in call.args:
        arg.visit(Collect())
    return all((names.canonical(c.func) or "").startswith(B) or names.is_tf_function(c.func) for c in calls)


class _Substitute(cst.CSTTransformer):
    """Keras tensor names -> the lambda's parameter (``t`` or ``t[i]``)."""

    def __init__(self, index: dict[str, int], param: str, single: bool) -> None:
        super().__init__()
        self.index = index
        self.param = param
        self.single = single
        self._not_refs: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._not_refs.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._not_refs.add(id(node.keyword))

    def on_visit(self, node: cst.CSTNode) -> bool:
        return super().on_visit(node) and not isinstance(node, NESTED_SCOPES)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        # inside the layer the value is a TensorFlow tensor: _keras_shape -> shape
        if original_node.attr.value == "_keras_shape" and isinstance(original_node.value, cst.Name) and original_node.value.value in self.index:
            return updated_node.with_changes(attr=cst.Name("shape"))
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self._not_refs or original_node.value not in self.index:
            return updated_node
        if self.single:
            return cst.Name(self.param)
        position = cst.Index(cst.Integer(str(self.index[original_node.value])))
        return cst.Subscript(value=cst.Name(self.param), slice=[cst.SubscriptElement(position)])
