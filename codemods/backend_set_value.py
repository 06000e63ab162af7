"""Assign Keras variables with ``v.assign(x)`` instead of ``K.set_value(v, x)``.

**What**
Rewrites ``K.set_value(v, x)`` into ``v.assign(x)`` when ``v`` is provably a
Keras variable: a layer weight attribute (``layer.kernel``, ``layer.bias``,
...) or an item of ``.weights``, ``.trainable_weights`` or ``.variables``.
Other ``K.set_value`` calls stay and are reported (K980).

**Why**
Keras 3 layer weights are ``keras.Variable`` objects: ``K.set_value`` of
``tensorflow.keras.backend`` (TensorFlow 2.21) raises ``AttributeError`` on
them, while ``v.assign(x)`` works on every version (spec §8.24).
``K.get_value`` still reads both kinds.

**Example**
Before::

    K.set_value(layer.kernel, new_kernel)
    K.set_value(model.layers[0].weights[1], bias)

After::

    layer.kernel.assign(new_kernel)
    model.layers[0].weights[1].assign(bias)

**Safety**
Rewritten only where the first argument is provably a Keras variable: a layer
weight attribute (``.kernel``, ``.bias``, ``.recurrent_kernel``,
``.embeddings``, ``.gamma``, ``.beta``, ``.moving_mean``, ``.moving_variance``,
``.depthwise_kernel``, ``.pointwise_kernel``) or an item of ``.weights``,
``.trainable_weights``, ``.non_trainable_weights`` or ``.variables``. The
optimizer's learning rate (``K.set_value(model.optimizer.lr, x)``) is
``optimizer_attributes``'s. Any other ``K.set_value`` keeps working on
``K.variable`` values and gets a K980 finding in case it is given a Keras
variable.

**Limits**
Keras 1 weight attributes (``layer.W``, ``layer.b``) are not recognised:
they no longer exist on Keras 3 layers.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._paths import canonical
from codemods.tables.backend import B

ASSIGN = "K980"
_SET = B + "set_value"
_OPTIMIZER_VARIABLES = frozenset({"iterations", "learning_rate", "lr"})
_WEIGHT_ATTRIBUTES = frozenset(
    {"beta", "bias", "depthwise_kernel", "embeddings", "gamma", "kernel", "moving_mean", "moving_variance",
     "pointwise_kernel", "recurrent_kernel"}
)
_WEIGHT_LISTS = frozenset({"non_trainable_weights", "trainable_weights", "variables", "weights"})


def _optimizer_variable(node: cst.BaseExpression) -> bool:
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value in _OPTIMIZER_VARIABLES
        and (
            (isinstance(node.value, cst.Attribute) and node.value.attr.value == "optimizer")
            or (isinstance(node.value, cst.Name) and node.value.value == "optimizer")
        )
    )


def _keras_variable(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Attribute):
        return node.attr.value in _WEIGHT_ATTRIBUTES and _dotted_receiver(node.value)
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute):
        return node.value.attr.value in _WEIGHT_LISTS
    return False


def _dotted_receiver(node: cst.BaseExpression) -> bool:
    """``layer``, ``self.conv``, ``model.layers[0]``: something that can hold weights."""
    if isinstance(node, cst.Name):
        return node.value not in ("K", "np", "tf")
    return isinstance(node, cst.Attribute | cst.Subscript | cst.Call)


class BackendSetValue(Codemod):
    code: ClassVar[str] = "K507"
    name: ClassVar[str] = "backend_set_value"
    summary: ClassVar[str] = "Assign layer and optimizer variables with v.assign(x) instead of K.set_value(v, x)"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset({_SET})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        path = ctx.path_of(call.func)
        if path is None or canonical(path) != _SET:
            return call  # already rewritten (optimizer_attributes: the learning rate)
        args = list(call.args)
        if len(args) != 2 or any(a.star for a in args) or args[0].keyword is not None:
            return call
        variable = args[0].value
        if _optimizer_variable(variable):
            return call  # optimizer_attributes's
        if not _keras_variable(variable):
            ctx.report(
                ASSIGN,
                site.original,
                "K.set_value raises on Keras 3 variables (layer weights, optimizer variables): "
                "if the first argument is one, write v.assign(value)",
            )
            return call
        ctx.fire(self.code)
        value = args[1].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT, comma=cst.MaybeSentinel.DEFAULT)
        return cst.Call(func=cst.Attribute(value=variable, attr=cst.Name("assign")), args=[value])
