"""Rename Keras 1 weight attributes in subclasses of built-in layers (``self.W`` -> ``self.kernel``).

**What**
In classes that subclass a built-in Keras layer, renames the Keras 1 weight
attributes to their Keras 2+ names: ``self.W``/``self.b`` ->
``self.kernel``/``self.bias`` (``Dense``, the convolutions), ``self.W`` ->
``self.embeddings`` (``Embedding``), ``running_mean``/``running_std`` ->
``moving_mean``/``moving_variance`` (``BatchNormalization``), ``alphas`` ->
``alpha`` (``PReLU``).

**Why**
Keras 2 renamed the weights of the built-in layers: ``Dense`` and the
convolutions ``W``/``b`` -> ``kernel``/``bias``, ``Embedding`` ``W`` ->
``embeddings``, ``BatchNormalization`` ``running_mean``/``running_std`` ->
``moving_mean``/``moving_variance`` (Keras 1's ``running_std`` already held
the variance), ``PReLU`` ``alphas`` -> ``alpha``. In a subclass, ``self.W``
is an AttributeError on TensorFlow 2.21 (spec §9.9).

**Example**
Before::

    class ScaledDense(Dense):
        def call(self, x, mask=None):
            return K.dot(x, self.W * self.scale) + self.b

After::

    class ScaledDense(Dense):
        def call(self, inputs, mask=None):
            return K.dot(inputs, self.kernel * self.scale) + self.bias

**Safety**
Safe: the attribute names the same weight (same shape for ``Dense``,
``Embedding``, ``BatchNormalization`` and ``PReLU``). An attribute the
class assigns itself (``self.W = ...``) is its own and is left alone, as is
every attribute when the new name is assigned in the class.

**Limits**
Only ``self.<name>`` inside the subclass. A Keras 1 convolution written for
``dim_ordering='th'`` had kernels ``(filters, in, rows, cols)``, today's are
``(rows, cols, in, filters)``: code that reads the kernel's axes needs a
look (the channel-ordering rules mark 'th' layers). The per-gate weights of
Keras 1 recurrent layers (``W_i``, ``U_f``, ...) have no one-name
counterpart and are not renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._framework import Codemod, FileContext, Safety
from codemods._weight_plan import assigned
from codemods.tables.custom_layers import BUILTIN_WEIGHT_ATTRIBUTES


class _Rename(cst.CSTTransformer):
    def __init__(self, names: Mapping[str, str]) -> None:
        super().__init__()
        self.names = names

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        attr = layers.self_attribute(updated_node)
        if attr is not None and attr in self.names:
            return updated_node.with_changes(attr=cst.Name(self.names[attr]))
        return updated_node


class BuiltinWeightAttributes(Codemod):
    code: ClassVar[str] = "K259"
    name: ClassVar[str] = "builtin_weight_attributes"
    summary: ClassVar[str] = "Rename Keras 1 weight attributes (self.W, self.b, ...) in subclasses of built-in layers"
    safety: ClassVar[Safety] = Safety.SAFE
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        found = layers.layer_class(original, ctx)
        table = BUILTIN_WEIGHT_ATTRIBUTES.get(found.base) if found is not None else None
        if table is None:
            return updated
        own = set(assigned(original))
        names = {old: new for old, new in table.items() if old not in own and new not in own}
        if not names:
            return updated
        new_body = updated.body.visit(_Rename(names))
        assert isinstance(new_body, cst.BaseSuite)
        if new_body.deep_equals(updated.body):
            return updated
        ctx.fire(self.code)
        return updated.with_changes(body=new_body)
