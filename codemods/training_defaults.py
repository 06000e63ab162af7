"""Write out the Keras 1 training defaults that changed: ``fit`` epochs and ``predict`` verbosity.

**What**
Adds ``epochs=10`` (Keras 1's default) to ``fit`` calls that give no epoch
count, with a K966 finding, and ``verbose=0`` to ``predict`` calls that give
no verbosity. Only calls on models this file proves to be Keras models, in
Keras 1 code, are changed.

**Why**
Keras 1 ``fit`` trained ``nb_epoch=10`` epochs unless told otherwise; Keras
2.1 and Keras 3 train one, so a Keras 1 script that relied on the default
trains a tenth as long (spec §7.2). Keras 1 ``predict`` printed nothing
(``verbose=0``); Keras 3 prints a progress bar per call (``verbose='auto'``),
which floods the output of scripts that predict one sample at a time, such as
reinforcement-learning agents (spec §7.17).

**Example**
Before::

    from keras.models import Sequential
    model = Sequential()
    model.fit(X, y, batch_size=16)
    q = model.predict(state)

After::

    from tensorflow.keras.models import Sequential
    model = Sequential()
    # kmigrate: K966 Keras 1 fit trained 10 epochs by default ...
    model.fit(X, y, batch_size=16, epochs=10)
    q = model.predict(state, verbose=0)

**Safety**
Review. Only calls on a proven model (the receiver was assigned a Keras model
in this file) in a file that imports standalone ``keras`` are touched, so
scikit-learn's ``fit`` never is; a ``fit`` with an epoch count by keyword or
in its fourth place (the same place in Keras 1 and 3), or with a keyword
Keras 1 did not have (``steps_per_epoch=``), is left alone. The added
``epochs=10`` is marked K966: Keras 2.1 and later code also imported
standalone ``keras`` and meant one epoch. ``verbose=0`` only changes what is
printed.

**Limits**
Models that reach a function as a parameter are not proven, and keep Keras 3's
defaults.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, new_keyword_arg, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._training import is_legacy_file
from codemods.tables.training import (
    FIT_EPOCHS_POSITION,
    KERAS1_FIT_EPOCHS,
    PREDICT_VERBOSE_POSITION,
)

EPOCHS = "K966"

# fit keywords Keras 1 did not have: such a call was written for Keras 2 or later
_KERAS2_FIT = frozenset({"steps_per_epoch", "validation_batch_size", "validation_freq", "validation_steps"})

# method -> (keywords that give the value, its positional place, the Keras 1 default)
_DEFAULTS: dict[str, tuple[frozenset[str], int, int]] = {
    "fit": (frozenset({"epochs", "nb_epoch"}), FIT_EPOCHS_POSITION, KERAS1_FIT_EPOCHS),
    "predict": (frozenset({"verbose"}), PREDICT_VERBOSE_POSITION, 0),
}


class TrainingDefaults(Codemod):
    code: ClassVar[str] = "K407"
    name: ClassVar[str] = "training_defaults"
    summary: ClassVar[str] = "Write out Keras 1's fit epochs=10 and predict verbose=0 on proven models"
    safety: ClassVar[Safety] = Safety.REVIEW
    methods: ClassVar[frozenset[str]] = frozenset(_DEFAULTS)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        method = site.method or ""
        if not site.is_model_receiver or any(a.star for a in call.args) or not is_legacy_file(ctx):
            return call
        names, position, default = _DEFAULTS[method]
        positional = [a for a in call.args if a.keyword is None]
        given = {keyword(a) for a in call.args}
        if len(positional) > position or given & names or given & _KERAS2_FIT:
            return call
        if method == "fit":
            ctx.report(
                EPOCHS,
                site.original,
                f"Keras 1 fit trained {default} epochs by default and Keras 3 trains 1: epochs={default} keeps "
                "Keras 1's training; use epochs=1 if this was Keras 2.1+ code",
            )
        ctx.fire(self.code)
        keyword_name = "epochs" if method == "fit" else "verbose"
        return with_args(call, [*call.args, new_keyword_arg(keyword_name, cst.Integer(str(default)))])
