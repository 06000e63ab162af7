"""Mark Keras 1 custom optimizers: ``get_updates`` does not exist in Keras 3.

**What**
Reports (K973) classes that subclass a Keras optimizer and define
``get_updates``, and ``get_updates(...)`` calls with Keras 1 or Keras 2
arguments, saying what Keras 3 wants instead (``build`` and ``update_step``).
Nothing is rewritten but the import.

**Why**
A Keras 1 optimizer subclassed ``keras.optimizers.Optimizer`` and returned
update ops from ``get_updates(params, constraints, loss)`` (Keras 2:
``get_updates(loss, params)``). Keras 3 optimizers never call it: they create
their slots in ``build(var_list)`` and update one variable at a time in
``update_step(gradient, variable, learning_rate)`` (spec §9.22). The
algorithm has to be rewritten by hand.

**Example**
Before::

    from keras.optimizers import Optimizer

    class MySGD(Optimizer):
        def get_updates(self, params, constraints, loss):
            grads = self.get_gradients(loss, params)
            ...

After::

    from tensorflow.keras.optimizers import Optimizer

    # kmigrate: K973 Keras 3 optimizers have no get_updates: subclass Optimizer, ...
    class MySGD(Optimizer):
        def get_updates(self, params, constraints, loss):
            grads = self.get_gradients(loss, params)
            ...

**Safety**
Finding only (K973): nothing is rewritten but the import. It is recorded
where ``keras.optimizers.Optimizer`` (or tf.keras 2's
``optimizers.legacy.Optimizer``) is named other than in a call, which in
Keras 1 code is a subclass, and where ``get_updates`` is called (a subclass of
a built-in optimizer calling ``super().get_updates``, or code driving an
optimizer by hand).

**Limits**
A subclass of a built-in optimizer (``class MyAdam(Adam)``) that overrides
``get_updates`` without calling it is not recognised, and neither is an
``isinstance(x, Optimizer)`` test told apart from a subclass.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._optimizers import CUSTOM
from codemods.tables.optimizers import LEGACY_OPTIMIZER_BASE, OPTIMIZER_BASE

_HINT = (
    "Keras 3 optimizers have no get_updates: subclass Optimizer, create slots in "
    "build(var_list) with self.add_variable_from_reference(var, name), and update one variable "
    "in update_step(gradient, variable, learning_rate) with self.assign/assign_sub"
)


class CustomOptimizers(Codemod):
    code: ClassVar[str] = "K414"
    name: ClassVar[str] = "custom_optimizers"
    summary: ClassVar[str] = "Mark Keras 1 optimizer subclasses built on get_updates"
    safety: ClassVar[Safety] = Safety.MANUAL
    methods: ClassVar[frozenset[str]] = frozenset({"get_updates"})
    symbol_renames: ClassVar[Mapping[str, str]] = {
        LEGACY_OPTIMIZER_BASE: "tensorflow.keras.optimizers.Optimizer",
        OPTIMIZER_BASE: "tensorflow.keras.optimizers.Optimizer",
    }

    def on_reference(self, canon: str, node: cst.CSTNode, is_call: bool, ctx: FileContext) -> None:
        if not is_call:
            ctx.report(CUSTOM, node, _HINT)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if len(call.args) in (2, 3):  # Keras 1 (params, constraints, loss), Keras 2 (loss, params)
            ctx.report(CUSTOM, site.original, _HINT)
        return call
