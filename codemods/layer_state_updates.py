"""Mark custom-layer state updates, symbolic losses and the learning phase that Keras 3 dropped.

**What**
Reports, in custom layers, ``self.add_update(...)``, ``self.updates`` and
``self.add_loss(...)`` outside ``call`` or with more than one argument (K989),
and ``self.uses_learning_phase = ...`` (K990), each with what Keras 3 wants
instead. Nothing is rewritten.

**Why**
Keras 1 layers scheduled variable updates with ``self.updates = [(v, new)]``
or ``self.add_update(updates, inputs)``, added symbolic losses with
``self.add_loss(loss, inputs=...)`` from anywhere, and announced a
train/test difference with ``self.uses_learning_phase = True``. In Keras 3
(TensorFlow 2.21) ``add_update`` and ``updates`` do not exist, ``add_loss``
takes one argument and only counts when called inside ``call``, and the
training flag reaches ``call(self, inputs, training=None)``; a
``uses_learning_phase`` attribute means nothing (spec §9.16-9.18).

**Example**
Before::

    def call(self, x, mask=None):
        self.add_update([K.update(self.count, self.count + 1)], x)
        self.uses_learning_phase = True
        return K.in_train_phase(K.dropout(x, 0.5), x)

After (with the other rules' work)::

    def call(self, inputs, mask=None):
        # kmigrate: K989 Keras 3 layers have no add_update/updates: ...
        self.add_update([K.update(self.count, self.count + 1)], inputs)
        # kmigrate: K990 Keras 3 passes the training flag to call: ...
        self.uses_learning_phase = True
        # kmigrate: K978 K.in_train_phase is gone: ...
        return K.in_train_phase(K.dropout(inputs, 0.5), inputs)

(``K.in_train_phase`` itself is reported by the backend rules, K978.)

**Safety**
Findings only: the replacement depends on what the update or loss means.

**Limits**
Only ``self.<...>`` inside classes that derive from a Keras layer.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._framework import Codemod, FileContext, Safety

UPDATES = "K989"
LEARNING_PHASE = "K990"
_UPDATE_HINT = (
    "Keras 3 layers have no add_update/updates: change the variable inside call with "
    "self.v.assign(new_value) (under `if training:` for a training-only update)"
)
_LOSS_HINT = (
    "Keras 3's add_loss(loss) takes one argument and counts only when called inside call: "
    "compute the loss in call(self, inputs) and call self.add_loss(loss) there"
)
_PHASE_HINT = (
    "Keras 3 passes the training flag to call: write call(self, inputs, training=None) and branch on "
    "training (tf.cond or a Python if on the bool), then drop this line"
)


def _findings(method: str, small: cst.BaseSmallStatement) -> list[tuple[cst.CSTNode, str, str]]:
    """(node, code, message) for one statement of ``method``, one per kind."""
    found: list[tuple[cst.CSTNode, str, str]] = []
    if isinstance(small, cst.Assign) and any(layers.self_attribute(t.target) == "uses_learning_phase" for t in small.targets):
        found.append((small, LEARNING_PHASE, _PHASE_HINT))
    todo: list[cst.CSTNode] = [small]
    while todo:
        node = todo.pop()
        if isinstance(node, cst.Attribute) and layers.self_attribute(node) == "updates":
            found.append((node, UPDATES, _UPDATE_HINT))
        if isinstance(node, cst.Call):
            name = layers.self_attribute(node.func)
            if name == "add_update":
                found.append((node, UPDATES, _UPDATE_HINT))
            elif name == "add_loss" and (method != "call" or len(node.args) != 1 or node.args[0].keyword is not None):
                found.append((node, UPDATES, _LOSS_HINT))
        todo.extend(node.children)
    kinds = {(code, message): node for node, code, message in reversed(found)}  # the first node of each kind
    return [(node, code, message) for (code, message), node in kinds.items()]


class LayerStateUpdates(Codemod):
    code: ClassVar[str] = "K254"
    name: ClassVar[str] = "layer_state_updates"
    summary: ClassVar[str] = "Mark add_update, self.updates, add_loss outside call and uses_learning_phase in custom layers"
    safety: ClassVar[Safety] = Safety.MANUAL
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        if layers.layer_class(original, ctx) is None:
            return updated
        notes = [
            layers.LineNote(name, line, node, code, message)
            for name, fn in layers.methods(original).items()
            for block in layers.blocks(fn)
            for line, small in layers.simple_statements(block)
            for node, code, message in _findings(name, small)
        ]
        return layers.annotate(ctx, original, updated, notes) if notes else updated
