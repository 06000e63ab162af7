"""Rename Keras 1 training-method keywords (``fit``, ``evaluate``, ...).

**What**
Renames ``nb_epoch=`` to ``epochs=`` in ``fit`` calls and drops
``show_accuracy=`` from ``fit``, ``evaluate``, ``train_on_batch``,
``test_on_batch`` and the generator methods.

**Why**
Keras 2.0 renamed ``nb_epoch`` to ``epochs``; Keras 3 raises TypeError on
``nb_epoch``, and on ``show_accuracy``, which Keras 0.x/1.x tolerated and
which ``compile(metrics=['accuracy'])`` replaced (spec §7.1, §7.4).

**Example**
Before::

    model.fit(X, y, batch_size=128, nb_epoch=12, show_accuracy=True)
    model.evaluate(X_test, y_test, show_accuracy=True, verbose=0)

After::

    model.fit(X, y, batch_size=128, epochs=12)
    model.evaluate(X_test, y_test, verbose=0)

**Safety**
Safe: ``nb_epoch`` and ``show_accuracy`` are Keras-only keywords, so a call
that carries them is a Keras call whatever its receiver. ``epochs`` keeps the
value and position of ``nb_epoch``.

**Limits**
``show_accuracy=True`` asked for accuracy to be printed; add
``metrics=['accuracy']`` to ``compile`` if the model does not have it.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.training import TRAINING_KWARG_DROPS, TRAINING_KWARG_RENAMES


class TrainingArgs(Codemod):
    code: ClassVar[str] = "K401"
    name: ClassVar[str] = "training_args"
    summary: ClassVar[str] = "Rename nb_epoch to epochs and drop show_accuracy in fit/evaluate"
    safety: ClassVar[Safety] = Safety.SAFE
    methods: ClassVar[frozenset[str]] = frozenset(TRAINING_KWARG_RENAMES) | frozenset(TRAINING_KWARG_DROPS)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.method is not None
        renames = TRAINING_KWARG_RENAMES.get(site.method, {})
        drops = TRAINING_KWARG_DROPS.get(site.method, frozenset())
        present = {k for k in (keyword(a) for a in call.args) if k is not None}
        out: list[cst.Arg] = []
        for arg in call.args:
            kw = keyword(arg)
            if kw in drops:
                continue
            if kw is not None and kw in renames and renames[kw] not in present:
                arg = arg.with_changes(keyword=cst.Name(renames[kw]))
            out.append(arg)
        new = with_args(call, out)
        if new is not call:
            ctx.fire(self.code)
        return new
