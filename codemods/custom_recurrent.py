"""Mark custom subclasses of the Keras 1 ``Recurrent`` base class.

**What**
Reports (K992) classes that subclass the Keras 1 ``Recurrent`` base class,
which Keras 3 does not have, with how to rewrite them as an ``RNN`` cell.
Nothing is rewritten.

**Why**
Keras 1 recurrent layers subclassed ``Recurrent`` and implemented ``step(x,
states)``, ``get_initial_states`` and ``preprocess_input``. Keras 2.1 moved
to cells wrapped in ``RNN(cell)``, and Keras 3 has no ``Recurrent`` at all
(``tensorflow.keras.layers`` on TensorFlow 2.21 lacks it), so such a class
must be rewritten (spec §9.21).

**Example**
Before::

    class MinimalRNN(Recurrent):
        def step(self, x, states):
            ...

After::

    # kmigrate: K992 Keras 3 has no Recurrent base class: ...
    class MinimalRNN(Recurrent):
        def step(self, x, states):
            ...

The ``Recurrent`` import keeps its Keras 1 form with K901.

**Safety**
Finding only: the cell API splits the class differently.

**Limits**
Subclasses of such a class in the same file are marked too; subclasses in
other files are not seen.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._framework import Codemod, FileContext, Safety

RECURRENT = "K992"
_MESSAGE = (
    "Keras 3 has no Recurrent base class: rewrite this as a cell layer with call(self, inputs, states) "
    "returning (output, new_states) and a state_size attribute (step() becomes that call; "
    "get_initial_states/preprocess_input go), and use it as RNN(cell)"
)


class CustomRecurrent(Codemod):
    code: ClassVar[str] = "K256"
    name: ClassVar[str] = "custom_recurrent"
    summary: ClassVar[str] = "Mark custom subclasses of the Keras 1 Recurrent base class"
    safety: ClassVar[Safety] = Safety.MANUAL
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        found = layers.layer_class(original, ctx)
        if found is not None and found.base == "keras.layers.Recurrent":
            ctx.report(RECURRENT, original, _MESSAGE)
        return updated
