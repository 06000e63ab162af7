"""Put the arguments of ``K.categorical_crossentropy`` and friends in today's order.

**What**
Swaps the two arguments of ``K.categorical_crossentropy``,
``K.sparse_categorical_crossentropy`` and ``K.binary_crossentropy`` calls
whose argument names show the Keras 1 order ``(output, target)`` (``y_pred,
y_true``), giving today's ``(target, output)``. Every swapped call, and every
call whose order its names do not prove, is reported (K979).

**Why**
Up to Keras 2.0.6 the backend crossentropies took ``(output, target)``;
Keras 2.0.7 flipped them to ``(target, output)``, the order
``tensorflow.keras.backend`` of TensorFlow 2.21 still has (spec §8.23). Both
orders run without an error and compute something else, so custom losses
written for Keras 1 silently train on the wrong quantity. See
https://github.com/keras-team/keras/releases/tag/2.0.7.

**Example**
Before::

    def loss(y_true, y_pred):
        return K.categorical_crossentropy(y_pred, y_true)

After::

    def loss(y_true, y_pred):
        # kmigrate: K979 swapped to (target, output): ...
        return K.categorical_crossentropy(y_true, y_pred)

**Safety**
The order a call was written for cannot be read from the call alone, so the
swap needs two proofs: the call comes from a legacy ``keras`` import (Keras 1
code; ``tensorflow.keras`` code has today's order) and the argument names say
which is which (``y_pred``/``pred``/``output``/``logits``/``probs`` first,
``y_true``/``target``/``labels``/``y`` second). A swapped call gets a K979
finding that says so. A call whose names are already in today's order is kept
with a K979 finding (Keras 1 read it the other way round), and a call whose
names prove nothing gets a K979 finding only. Keyword calls
(``target=``/``output=``) mean the same in every version and are left alone.

**Limits**
Arguments that are not names (``K.clip(p, eps, 1)``) prove nothing.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.helper_args import is_legacy_call
from codemods.tables.backend import CROSSENTROPY_CALLS

ORDER = "K979"
_PREDICTION_WORDS = ("pred", "output", "logit", "prob")
_PREDICTION_NAMES = frozenset({"out", "p", "y_hat", "yhat"})
_TARGET_WORDS = ("true", "target", "label", "truth")
_TARGET_NAMES = frozenset({"y", "gt"})


def _role(node: cst.BaseExpression) -> str | None:
    """'output' or 'target' when the expression's name says so."""
    while isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Attribute):
        name = node.attr.value
    elif isinstance(node, cst.Name):
        name = node.value
    else:
        return None
    name = name.lower()
    output = name in _PREDICTION_NAMES or any(w in name for w in _PREDICTION_WORDS)
    target = name in _TARGET_NAMES or any(w in name for w in _TARGET_WORDS)
    if output == target:
        return None
    return "output" if output else "target"


class BackendCrossentropy(Codemod):
    code: ClassVar[str] = "K505"
    name: ClassVar[str] = "backend_crossentropy"
    summary: ClassVar[str] = "Swap the (output, target) arguments of Keras 1 backend crossentropies"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = CROSSENTROPY_CALLS

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if not is_legacy_call(site, ctx):
            return call
        function = f"K.{(site.canonical or '').rpartition('.')[2]}"
        args = list(call.args)
        if any(a.star for a in args):
            ctx.report(ORDER, site.original, f"{function} takes (target, output) today, (output, target) up to Keras 2.0.6: check the order")
            return call
        if len(args) < 2 or args[0].keyword is not None or args[1].keyword is not None:
            if args and args[0].keyword is None:
                ctx.report(ORDER, site.original, f"{function} takes (target, output) today, (output, target) up to Keras 2.0.6: pass both by keyword")
            return call
        first, second = _role(args[0].value), _role(args[1].value)
        if (first, second) == ("output", "target"):
            swapped = [args[0].with_changes(value=args[1].value), args[1].with_changes(value=args[0].value), *args[2:]]
            ctx.report(
                ORDER,
                site.original,
                f"swapped to (target, output): {function} took (output, target) up to Keras 2.0.6; "
                "both orders run without an error, so check this loss",
            )
            ctx.fire(self.code)
            return call.with_changes(args=swapped)
        if (first, second) == ("target", "output"):
            message = (
                f"{function} now reads these as (target, output) as their names say; Keras 1 read them as "
                "(output, target): results differ from the Keras 1 run"
            )
        else:
            message = (
                f"{function} takes (target, output) today but took (output, target) up to Keras 2.0.6: "
                "if this was written for Keras 1, swap the first two arguments"
            )
        ctx.report(ORDER, site.original, message)
        return call
