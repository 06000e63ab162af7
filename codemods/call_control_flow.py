"""Mark Python ``if``/``while``/``for`` on tensor values inside a custom layer's ``call``.

**What**
Reports (K991) Python ``if``, ``while`` and ``for`` statements inside a custom
layer's ``call`` whose condition or iterable is a tensor, which Keras 3 cannot
trace. Nothing is rewritten.

**Why**
Keras 1 on Theano or TensorFlow 1 ran ``call`` once to build a graph, and
code written later for tf.keras 2 was converted by AutoGraph. Keras 3 traces
``call`` on symbolic tensors without AutoGraph: on TensorFlow 2.21 ``if
K.sum(x) > 0:`` or ``for t in x:`` raises OperatorNotAllowedInGraphError
("Using a symbolic tf.Tensor as a Python bool is not allowed") as soon as
the layer is called on an ``Input`` (spec §9.19, §10.39).

**Example**
Before::

    def call(self, x, mask=None):
        if K.max(x) > 1:
            x = x / K.max(x)
        return x

After (with the other rules' work)::

    def call(self, inputs, mask=None):
        # kmigrate: K991 Keras 3 does not convert Python control flow on tensors in call: ...
        if K.max(inputs) > 1:
            inputs = inputs / K.max(inputs)
        return inputs

**Safety**
Findings only. A test is a tensor when it reads ``call``'s input or mask
parameter, or a local computed from them, other than through static
properties (``x.shape``, ``x.ndim``, ``x.dtype``, ``K.int_shape(x)``,
``K.ndim(x)``, ``len``, ``isinstance``) or an ``is``/``is not``
comparison. Tests on configuration (``self.mode == 'sum'``) are left alone.

**Limits**
Only ``call`` of classes that derive from a Keras layer; a tensor reached
through an attribute (``self.cache``) or a helper method is not followed.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._framework import Codemod, FileContext, Safety
from codemods._weight_sources import callee

CONTROL_FLOW = "K991"
_MESSAGE = (
    "Keras 3 does not convert Python control flow on tensors in call (it fails on symbolic inputs): "
    "use tf.cond/tf.where/K.switch for if, tf.while_loop/tf.map_fn/tf.scan for loops"
)
_STATIC_ATTRIBUTES = frozenset({"_keras_shape", "dtype", "ndim", "shape"})
_STATIC_BACKEND = frozenset({"keras.backend.dtype", "keras.backend.int_shape", "keras.backend.is_keras_tensor", "keras.backend.ndim"})
_STATIC_BUILTINS = frozenset({"hasattr", "isinstance", "len", "type"})
_STATIC_METHODS = frozenset({"get_shape"})


class _Taint:
    """Which expressions of ``call`` hold tensors."""

    def __init__(self, names: set[str], ctx: FileContext) -> None:
        self.names = names
        self.ctx = ctx

    def _static(self, func: cst.BaseExpression) -> bool:
        if isinstance(func, cst.Name) and func.value in _STATIC_BUILTINS:
            return True
        if isinstance(func, cst.Attribute) and func.attr.value in _STATIC_METHODS:
            return True
        return callee(func, self.ctx) in _STATIC_BACKEND

    def tensor(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Name):
            return node.value in self.names
        if isinstance(node, cst.Attribute):
            return node.attr.value not in _STATIC_ATTRIBUTES and self.tensor(node.value)
        if isinstance(node, cst.Comparison):
            if all(isinstance(c.operator, cst.Is | cst.IsNot) for c in node.comparisons):
                return False
            return self.tensor(node.left) or any(self.tensor(c.comparator) for c in node.comparisons)
        if isinstance(node, cst.Call):
            if self._static(node.func):
                return False
            if isinstance(node.func, cst.Attribute) and self.tensor(node.func.value):
                return True
            return any(self.tensor(a.value) for a in node.args)
        if isinstance(node, cst.Subscript):
            return self.tensor(node.value)
        if isinstance(node, cst.BinaryOperation | cst.BooleanOperation):
            return self.tensor(node.left) or self.tensor(node.right)
        if isinstance(node, cst.UnaryOperation):
            return self.tensor(node.expression)
        return False

    def learn(self, fn: cst.FunctionDef) -> None:
        """Names assigned from tensors anywhere in ``fn`` (until nothing changes)."""
        assigns: list[tuple[cst.BaseExpression, cst.BaseExpression]] = []
        todo: list[cst.CSTNode] = [fn.body]
        while todo:
            node = todo.pop()
            if isinstance(node, cst.Assign):
                assigns.extend((t.target, node.value) for t in node.targets)
            elif isinstance(node, cst.AugAssign | cst.AnnAssign) and node.value is not None:
                assigns.append((node.target, node.value))
            todo.extend(node.children)
        changed = True
        while changed:
            changed = False
            for target, value in assigns:
                if isinstance(target, cst.Name) and target.value not in self.names and self.tensor(value):
                    self.names.add(target.value)
                    changed = True


def _tests(statement: cst.BaseStatement) -> list[cst.BaseExpression]:
    if isinstance(statement, cst.If):
        tests = [statement.test]
        branch = statement.orelse
        while isinstance(branch, cst.If):  # elif
            tests.append(branch.test)
            branch = branch.orelse
        return tests
    if isinstance(statement, cst.While):
        return [statement.test]
    if isinstance(statement, cst.For):
        return [statement.iter]
    found: list[cst.BaseExpression] = []
    todo: list[cst.CSTNode] = [statement] if isinstance(statement, cst.SimpleStatementLine) else []
    while todo:
        node = todo.pop()
        if isinstance(node, cst.IfExp):
            found.append(node.test)
        if not isinstance(node, cst.Lambda):
            todo.extend(node.children)
    return found


class CallControlFlow(Codemod):
    code: ClassVar[str] = "K255"
    name: ClassVar[str] = "call_control_flow"
    summary: ClassVar[str] = "Mark Python if/while/for on tensors inside a custom layer's call"
    safety: ClassVar[Safety] = Safety.MANUAL
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        fn = layers.methods(original).get("call")
        if fn is None or layers.layer_class(original, ctx) is None:
            return updated
        params = fn.params.params
        tensors = {p.name.value for i, p in enumerate(params) if i == 1 or p.name.value == "mask"}
        taint = _Taint(tensors, ctx)
        taint.learn(fn)
        notes = []
        for block in layers.blocks(fn):
            for statement in block:
                tested = next((t for t in _tests(statement) if taint.tensor(t)), None)
                if tested is not None:
                    notes.append(layers.LineNote("call", statement, tested, CONTROL_FLOW, _MESSAGE))
        return layers.annotate(ctx, original, updated, notes) if notes else updated
