"""Drop ``Regularizer.set_param``/``set_layer`` calls and mark ``self.regularizers`` in custom layers.

**What**
In custom layers, removes ``regularizer.set_param(self.W)`` and
``regularizer.set_layer(self)`` calls and a lone ``self.regularizers = []``,
and reports (K988) every write to ``self.regularizers`` that lists a penalty,
naming the ``add_weight(regularizer=...)`` to write instead.

**Why**
A Keras 1 layer tied a weight regularizer to its weight with
``self.W_regularizer.set_param(self.W)`` (an activity regularizer to the
layer with ``set_layer(self)``) and listed it in ``self.regularizers``; the
model added each listed penalty to the loss. Keras 3 regularizers have no
``set_param``/``set_layer`` (AttributeError on TensorFlow 2.21) and a
layer's ``regularizers`` attribute means nothing: the penalty is silently
dropped. Today a weight regularizer is ``add_weight(regularizer=...)``, an
activity regularizer ``Layer(activity_regularizer=...)`` (spec §9.7, §9.15).

**Example**
Before::

    self.regularizers = []
    if self.W_regularizer:
        self.W_regularizer.set_param(self.W)
        self.regularizers.append(self.W_regularizer)

After::

    self.regularizers = []
    if self.W_regularizer:
        # kmigrate: K988 Keras 3 ignores self.regularizers: pass regularizer=self.W_regularizer to the self.add_weight(...) that creates self.W
        self.regularizers.append(self.W_regularizer)

A lone ``self.regularizers = []`` (nothing else uses the attribute) is
deleted.

**Safety**
Deleting ``set_param``/``set_layer`` is safe: they only told a Keras 1
regularizer which tensor to penalise, and a Keras 3 regularizer is called on
the weight itself. The call is recognised when its receiver's name contains
``regularizer`` or was assigned a ``keras.regularizers`` object in the
class. Every write to ``self.regularizers`` that lists a penalty keeps its
line with K988: moving the penalty is left to a person.

**Limits**
Only classes that derive from a Keras layer.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._framework import Codemod, FileContext, Safety
from codemods._resolve import dotted_name
from codemods._weight_sources import callee

REGULARIZERS = "K988"
_TIES = frozenset({"set_layer", "set_param"})


def _regularizer_attrs(cls: cst.ClassDef, ctx: FileContext) -> set[str]:
    """``self.X`` assigned a ``keras.regularizers`` object somewhere in the class."""
    found: set[str] = set()
    todo: list[cst.CSTNode] = [cls.body]
    while todo:
        node = todo.pop()
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.value, cst.Call):
            attr = layers.self_attribute(node.targets[0].target)
            name = callee(node.value.func, ctx)
            if attr is not None and name is not None and name.startswith("keras.regularizers."):
                found.add(attr)
        todo.extend(node.children)
    return found


def _tie(small: cst.BaseSmallStatement, attrs: set[str]) -> tuple[str, str | None] | None:
    """(regularizer, what it was tied to) for ``r.set_param(self.W)`` / ``r.set_layer(self)``."""
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and isinstance(small.value.func, cst.Attribute)):
        return None
    func = small.value.func
    receiver = dotted_name(func.value)
    if func.attr.value not in _TIES or receiver is None:
        return None
    if "regularizer" not in receiver.rpartition(".")[2].lower() and layers.self_attribute(func.value) not in attrs:
        return None
    args = small.value.args
    tied = dotted_name(args[0].value) if len(args) == 1 and not args[0].keyword else None
    return receiver, tied  # set_param(weight), set_layer(self)


def _penalty(small: cst.BaseSmallStatement) -> str | None:
    """The regularizer a ``self.regularizers`` write lists (``""`` when there are several or none)."""
    value: cst.BaseExpression | None = None
    if (isinstance(small, cst.Assign) and len(small.targets) == 1 and layers.self_attribute(small.targets[0].target) == "regularizers") or (isinstance(small, cst.AugAssign) and layers.self_attribute(small.target) == "regularizers"):
        value = small.value
    elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and isinstance(small.value.func, cst.Attribute):
        if layers.self_attribute(small.value.func.value) != "regularizers":
            return None
        args = small.value.args
        value = args[0].value if small.value.func.attr.value == "append" and len(args) == 1 else cst.List([])
    else:
        return None
    if isinstance(value, cst.List | cst.Tuple) and len(value.elements) == 1:
        value = value.elements[0].value
    return dotted_name(value) or ""


class LayerRegularizers(Codemod):
    code: ClassVar[str] = "K253"
    name: ClassVar[str] = "layer_regularizers"
    summary: ClassVar[str] = "Drop Regularizer.set_param/set_layer and mark self.regularizers in custom layers"
    safety: ClassVar[Safety] = Safety.SAFE
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        found = layers.layer_class(original, ctx)
        if found is None or found.base == "keras.layers.Recurrent":
            return updated
        attrs = _regularizer_attrs(original, ctx)
        ties: dict[str, str] = {}
        writes: list[tuple[str, cst.SimpleStatementLine, cst.BaseSmallStatement, str]] = []
        deletions: list[tuple[str, cst.BaseStatement]] = []
        for name, fn in layers.methods(original).items():
            for block in layers.blocks(fn):
                for line, small in layers.simple_statements(block):
                    tie = _tie(small, attrs)
                    if tie is not None:
                        deletions.append((name, line))
                        if tie[1] is not None:
                            ties[tie[0]] = tie[1]
                        continue
                    penalty = _penalty(small)
                    if penalty is not None:
                        writes.append((name, line, small, penalty))
        if len(writes) == _mentions(original) and all(isinstance(s, cst.Assign) and not _listed(s) for _, _, s, _ in writes):
            deletions.extend((name, line) for name, line, _, _ in writes)  # only `self.regularizers = []`
            writes = []
        notes = []
        for name, line, small, penalty in writes:
            if isinstance(small, cst.Assign) and not _listed(small):
                continue  # `self.regularizers = []` before the appends: the appends carry the finding
            if ties.get(penalty) == "self":
                target = f"activity_regularizer={penalty} to super().__init__(...) (then drop this line)"
            elif penalty in ties:
                target = f"regularizer={penalty} to the self.add_weight(...) that creates {ties[penalty]}"
            else:
                target = (
                    "regularizer=... to the self.add_weight(...) of the weight it penalises, or "
                    "activity_regularizer=... to the base Layer for an activity regularizer"
                )
            notes.append(layers.LineNote(name, line, small, REGULARIZERS, f"Keras 3 ignores self.regularizers: pass {target}"))
        if deletions:
            ctx.fire(self.code)
        return layers.annotate(ctx, original, updated, notes, deletions)


def _listed(small: cst.Assign) -> bool:
    return not (isinstance(small.value, cst.List | cst.Tuple) and not small.value.elements)


def _mentions(cls: cst.ClassDef) -> int:
    """How many times the class names ``self.regularizers``."""
    count = 0
    todo: list[cst.CSTNode] = [cls.body]
    while todo:
        node = todo.pop()
        if isinstance(node, cst.Attribute) and layers.self_attribute(node) == "regularizers":
            count += 1
        todo.extend(node.children)
    return count
