"""Give a custom layer's methods their Keras 2+ names and signatures.

**What**
In classes that subclass a Keras layer, renames ``get_output_shape_for`` to
``compute_output_shape`` (definitions and calls), renames the first parameter
of ``call`` and ``compute_mask`` to ``inputs``, turns a one-element
``input_spec = [InputSpec(...)]`` into ``InputSpec(...)``, and moves
``input_spec``/``supports_masking`` assignments made before
``super().__init__`` after it.

**Why**
Keras 2.0 renamed ``get_output_shape_for`` to ``compute_output_shape``; Keras
3 never calls the old name (spec §9.1). Since Keras 2 the documented
signatures are ``call(self, inputs, mask=None)`` and
``compute_mask(self, inputs, mask=None)`` (spec §9.2-9.3), and
``input_spec`` is one ``InputSpec`` for a single input (spec §9.11). Keras
3's ``Layer.__init__`` also resets ``input_spec`` and ``supports_masking``,
which Keras 1's kept when a subclass set them first: set before
``super().__init__``, they are silently dropped on TensorFlow 2.21 (no input
check; no mask passed on).

**Example**
Before::

    class MyLayer(Layer):
        def __init__(self, output_dim, **kwargs):
            self.input_spec = [InputSpec(ndim=2)]
            super(MyLayer, self).__init__(**kwargs)
        def call(self, x, mask=None):
            return K.dot(x, self.W)
        def get_output_shape_for(self, input_shape):
            return (input_shape[0], self.output_dim)

After::

    class MyLayer(Layer):
        def __init__(self, output_dim, **kwargs):
            super(MyLayer, self).__init__(**kwargs)
            self.input_spec = InputSpec(ndim=2)
        def call(self, inputs, mask=None):
            return K.dot(inputs, self.W)
        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.output_dim)

Calls of ``self.get_output_shape_for`` / ``super(...).get_output_shape_for``
in the class are renamed too.

**Safety**
Safe. A parameter is renamed only when every use can be renamed with it: not
when the new name is in use, a nested function or lambda has a parameter of
the old name, a nested class mentions it, a ``global``/``nonlocal``
declares it, ``locals()``/``eval`` could see it, or the class passes the old
name as a keyword to ``call``/``compute_mask``; then the method keeps its
signature (it still works). A class that already defines
``compute_output_shape`` keeps its ``get_output_shape_for`` (dead code
today). ``self.input_spec``/``self.supports_masking`` move after
``super().__init__`` only when their value does not read ``self`` and no
name it reads is rebound on the way.

**Limits**
Only layer classes found through the file's imports are changed; a custom
``Recurrent`` subclass is left to K256. Callers outside the class that pass
``x=`` to ``call`` by keyword are not seen.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._framework import Codemod, FileContext, Safety
from codemods._presets import after_super
from codemods._renames import can_rename, keyword_uses, rename

_SIGNATURES = {"call": ("inputs",), "compute_mask": ("inputs", "mask")}
_OLD_SHAPE, _NEW_SHAPE = "get_output_shape_for", "compute_output_shape"


class CustomLayerMethods(Codemod):
    code: ClassVar[str] = "K250"
    name: ClassVar[str] = "custom_layer_methods"
    summary: ClassVar[str] = "Rename get_output_shape_for, the call/compute_mask parameters and list input_spec in custom layers"
    safety: ClassVar[Safety] = Safety.SAFE
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        found = layers.layer_class(original, ctx)
        if found is None or found.base == "keras.layers.Recurrent":
            return updated
        defined = layers.methods(updated)
        new: dict[str, cst.FunctionDef] = {}
        for name, fn in defined.items():
            changed = self._method(name, fn, defined, original)
            if changed is not fn:
                new[name] = changed  # keyed by the name the class body has now
        if not new:
            return updated
        ctx.fire(self.code)
        return layers.replace_methods(updated, new)

    def _method(self, name: str, fn: cst.FunctionDef, defined: dict[str, cst.FunctionDef], cls: cst.ClassDef) -> cst.FunctionDef:
        if _NEW_SHAPE not in defined:
            visited = fn.visit(_ShapeCalls())
            assert isinstance(visited, cst.FunctionDef)
            fn = visited
            if name == _OLD_SHAPE:
                fn = fn.with_changes(name=cst.Name(_NEW_SHAPE))
        if name in _SIGNATURES:
            fn = _signature(fn, _SIGNATURES[name], cls)
        return _input_spec(fn, name)


class _ShapeCalls(cst.CSTTransformer):
    """``self.get_output_shape_for`` / ``super(...).get_output_shape_for`` -> ``compute_output_shape``."""

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        value = updated_node.value
        is_self = isinstance(value, cst.Name) and value.value == "self"
        is_super = isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "super"
        if updated_node.attr.value == _OLD_SHAPE and (is_self or is_super):
            return updated_node.with_changes(attr=cst.Name(_NEW_SHAPE))
        return updated_node


def _signature(fn: cst.FunctionDef, names: tuple[str, ...], cls: cst.ClassDef) -> cst.FunctionDef:
    params = fn.params.params
    if fn.params.posonly_params or len(params) < 1 + len(names) or params[0].name.value != "self":
        return fn
    passed = keyword_uses(cls, fn.name.value)
    for param, new in zip(params[1 : 1 + len(names)], names, strict=True):
        old = param.name.value
        if old == new:
            continue
        if old in passed or not can_rename(fn, old, new):
            continue
        fn = rename(fn, old, new)
    return fn


def _is_input_spec_list(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """``InputSpec(...)`` for ``[InputSpec(...)]``."""
    if not isinstance(node, cst.List) or len(node.elements) != 1 or not isinstance(node.elements[0], cst.Element):
        return None
    value = node.elements[0].value
    if isinstance(value, cst.Call) and layers.dotted_tail(value.func) == "InputSpec":
        return value
    return None


def _input_spec(fn: cst.FunctionDef, name: str) -> cst.FunctionDef:
    """``self.input_spec = [InputSpec(...)]`` -> ``InputSpec(...)``; in ``__init__``, after ``super().__init__``."""
    edits: dict[int, list[cst.BaseStatement]] = {}
    for block in layers.blocks(fn):
        for line, small in layers.simple_statements(block):
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and layers.self_attribute(small.targets[0].target) == "input_spec":
                single = _is_input_spec_list(small.value)
                if single is not None:
                    edits[id(line)] = [line.with_changes(body=[small.with_changes(value=single)])]
    fn = layers.edit_statements(fn, edits)
    return after_super(fn) if name == "__init__" else fn
