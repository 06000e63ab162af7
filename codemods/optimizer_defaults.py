"""Pin the Keras 1 optimizer defaults that Keras 3 changed, and translate epsilon.

**What**
Writes out, on optimizer constructor calls in Keras 1 code, the defaults Keras
3 changed: the learning rate of ``Adadelta``, ``Adagrad``, ``Adamax`` and
``Nadam``, ``epsilon=1e-08`` and ``Adagrad``'s
``initial_accumulator_value=0.0``. An ``RMSprop``/``Adagrad`` epsilon is
squared (``eps ** 2``) because Keras 3 adds it inside the square root; one it
cannot judge is reported (K974).

**Why**
Keras 3 changed defaults that set the size of every step (spec §4.27, §7.23):
learning rates 0.001 where Keras 1 had ``Adadelta`` 1.0, ``Adagrad`` 0.01,
``Adamax``/``Nadam`` 0.002; ``epsilon`` 1e-7 where Keras 1 had 1e-8; and
``Adagrad``'s accumulators start at 0.1 instead of 0. ``Adadelta()`` thus
takes steps 1000 times smaller. ``RMSprop`` and ``Adagrad`` also moved
epsilon: Keras 1 divided by ``sqrt(a) + eps``, Keras 3 by ``sqrt(a + eps)``.

**Example**
Before::

    from keras.optimizers import Adadelta, Adagrad, RMSprop
    Adadelta()
    Adagrad(lr=0.05)
    RMSprop(lr=0.001, epsilon=1e-6)

After::

    from tensorflow.keras.optimizers import Adadelta, Adagrad, RMSprop
    Adadelta(learning_rate=1.0, epsilon=1e-08)
    Adagrad(learning_rate=0.05, initial_accumulator_value=0.0, epsilon=1e-08 ** 2)
    # kmigrate: K974 Keras 3 adds epsilon inside the square root (Keras 1: sqrt(a) + epsilon): ...
    RMSprop(learning_rate=0.001, epsilon=1e-6 ** 2)

Only values that differ are written (``SGD`` keeps its defaults; ``rho``
and the betas did not change). Keras 3 gets ``eps ** 2`` for ``RMSprop`` and
``Adagrad``: ``sqrt(a + eps**2)`` stays within a factor 1.42 of ``sqrt(a) +
eps`` for every ``a``, where ``sqrt(a + eps)`` with ``eps=1e-8`` is up to 10**4
times ``sqrt(a) + eps`` when gradients are small.

**Safety**
Review. With the pins, 30 steps on a quadratic whose gradients span 1 to
1e-6 give Keras 1's parameters to 2e-7 (SGD, Adadelta, Adamax), 7e-6
(Adam: Keras 3 rounds ``1 - beta_2`` once in float64, once in float32) and
8e-3 / 2e-3 (RMSprop / Adagrad, on the coordinate whose gradients are 1e-6,
where Keras 1's epsilon still counted); without them the travelled distance
is off by 99.9% (Adadelta), 99.5% (RMSprop), 29% (Adam), and ``epsilon=1e-8``
inside the root alone leaves RMSprop 98% off
(``tests/test_tables_optimizers_tensorflow.py``).
K974 marks an explicit ``RMSprop``/``Adagrad`` epsilon above 1e-7 or held in
a variable: steps differ by up to 41% where ``sqrt(a)`` is near it, which for
the default 1e-8 means gradients far below anything that trains. Keras
2.1-2.3's ``epsilon=None`` (``K.epsilon()``, 1e-7; Keras 3 raises on
``None``) becomes Keras 3's default, or ``1e-07 ** 2`` for these two.

**Limits**
Defaults are pinned only on calls through a standalone ``keras`` import that
do not use Keras 2.3's order or ``learning_rate=`` keyword, and epsilon is
squared only on standalone ``keras`` calls: code written for
``tensorflow.keras`` keeps today's defaults. Keras 2.1-2.3 defaulted epsilon
to ``K.epsilon()`` (1e-7); their calls that omit it get Keras 1's 1e-8.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_key, parse_literal, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._optimizers import (
    EPSILON,
    is_keras1_call,
    number,
    pinned_args,
    proves_keras23,
    squared,
)
from codemods.tables.optimizers import OPTIMIZER_CALLS, OPTIMIZERS

KERAS_EPSILON = "1e-07"  # K.epsilon(), the default epsilon of Keras 2.1-2.3 and Keras 3
_EPSILON_HINT = (
    "Keras 3 adds epsilon inside the square root (Keras 1: sqrt(a) + epsilon): epsilon ** 2 "
    "matches except where sqrt(a) is near epsilon, where steps grow up to 41%"
)


class OptimizerDefaults(Codemod):
    code: ClassVar[str] = "K411"
    name: ClassVar[str] = "optimizer_defaults"
    summary: ClassVar[str] = "Pin the Keras 1 optimizer defaults Keras 3 changed; square RMSprop/Adagrad epsilon"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset(OPTIMIZER_CALLS)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        row = OPTIMIZERS[OPTIMIZER_CALLS[site.canonical]]
        # standalone Keras 1/2 added epsilon outside the root in every version
        squares = is_keras1_call(site) and row.squared_epsilon
        out = []
        for arg in call.args:
            if keyword(arg) == "epsilon":
                if literal_key(arg.value) == "None":  # Keras 2.1+: K.epsilon(), Keras 3's default
                    if not squares:
                        continue
                    arg = arg.with_changes(value=parse_literal(KERAS_EPSILON))
                elif squares:
                    value = number(arg.value)
                    if value is None or not 0 <= value <= float(KERAS_EPSILON):
                        ctx.report(EPSILON, site.original, _EPSILON_HINT)
                if squares:
                    arg = arg.with_changes(value=squared(arg.value))
            out.append(arg)
        newer = "learning_rate" in {keyword(a) for a in site.original.args} or proves_keras23(site.original.args, row)
        if is_keras1_call(site) and row.keras1 and not newer and not any(a.star for a in call.args):
            # a Keras 1 call: pin the defaults it relied on (positional 0 is the learning rate)
            present = {keyword(a) for a in call.args}
            if call.args and call.args[0].keyword is None:
                present.add("learning_rate")
            out.extend(pinned_args(row, present))
        new = with_args(call, out)
        if new is not call:
            ctx.fire(self.code)
        return new
