"""Turn Keras 1 optimizer strings in ``compile`` into optimizers with the Keras 1 defaults.

**What**
Replaces the optimizer strings of ``compile`` (``optimizer='adadelta'``,
``'adagrad'``, ``'adam'``, ``'rmsprop'``, ..., and the class names ``'Adam'``,
``'RMSprop'``) by optimizer objects built with the Keras 1 defaults
(``Adadelta(learning_rate=1.0, epsilon=1e-08)``) and imports the class.
``'sgd'`` stays a string; ``'nadam'`` is reported (K970).

**Why**
``compile(optimizer='adadelta')`` builds the optimizer with the defaults of
the Keras that runs it. Keras 3's differ from Keras 1's (spec §4.27, §7.23):
``'adadelta'`` now steps with learning rate 0.001 instead of 1.0, so Keras
2.0's own ``examples/mnist_cnn.py`` trains 1000 times slower; ``'adagrad'``,
``'adamax'`` and ``'nadam'`` changed learning rate too, and every one but
``'sgd'`` changed epsilon (1e-8 -> 1e-7, for ``'rmsprop'`` and
``'adagrad'`` also its place, see ``optimizer_defaults``).

**Example**
Before::

    from keras.models import Sequential
    model.compile(loss='categorical_crossentropy', optimizer='adadelta', metrics=['accuracy'])

After::

    from tensorflow.keras.models import Sequential
    from tensorflow.keras.optimizers import Adadelta
    model.compile(loss='categorical_crossentropy', optimizer=Adadelta(learning_rate=1.0, epsilon=1e-08), metrics=['accuracy'])

The class names Keras 1 also accepted (``'Adam'``, ``'RMSprop'``) are
converted too; ``'sgd'`` stays a string (no default changed).

**Safety**
Review: the optimizer gets the values Keras 1 used, which is the point, but
code written for Keras 3's defaults would change. Only files that import
standalone ``keras`` are converted (their strings meant Keras 1 defaults),
and only ``compile`` calls that are proven Keras calls: the receiver was
assigned a Keras model in this file, or the call passes ``loss=``,
``optimizer=``, ``metrics=``, ``loss_weights=`` or ``sample_weight_mode=``
(``re.compile`` takes none of them). ``'nadam'`` is marked K970 (see
``optimizer_args``).

**Limits**
Strings held in variables, ``optimizers.get('adadelta')`` and ``compile``
calls on models built elsewhere without those keywords are not converted.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_string, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods._optimizers import NADAM, NADAM_HINT, imports_standalone_keras, pinned_args
from codemods.tables.optimizers import OPTIMIZER_STRINGS, OPTIMIZERS

_COMPILE_KEYWORDS = frozenset({"loss", "loss_weights", "metrics", "optimizer", "sample_weight_mode"})


class OptimizerStrings(Codemod):
    code: ClassVar[str] = "K412"
    name: ClassVar[str] = "optimizer_strings"
    summary: ClassVar[str] = "Replace compile's Keras 1 optimizer strings by optimizers with the Keras 1 defaults"
    safety: ClassVar[Safety] = Safety.REVIEW
    methods: ClassVar[frozenset[str]] = frozenset({"compile"})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        keywords = {keyword(a) for a in call.args}
        if not (keywords & _COMPILE_KEYWORDS or site.is_model_receiver) or not imports_standalone_keras(ctx):
            return call
        out: list[cst.Arg] = []
        for index, arg in enumerate(call.args):
            role = keyword(arg) or ("optimizer" if index == 0 and not arg.star else None)
            value = literal_string(arg.value) if role == "optimizer" else None
            name = OPTIMIZER_STRINGS.get(value) if value is not None else None
            if name is not None and OPTIMIZERS[name].pins:
                func = parse_dotted(ctx.spell(f"tensorflow.keras.optimizers.{name}"))
                arg = arg.with_changes(value=cst.Call(func=func, args=pinned_args(OPTIMIZERS[name], set())))
                if name == "Nadam":
                    ctx.report(NADAM, site.original, NADAM_HINT)
            out.append(arg)
        new = with_args(call, out)
        if new is not call:
            ctx.fire(self.code)
        return new
