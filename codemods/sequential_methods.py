"""Replace Keras 1 ``Sequential``'s own methods: ``predict_classes``, ``predict_proba``, ``train_on_batch`` order.

**What**
Replaces ``model.predict_classes(...)`` by an expression on
``model.predict(...)`` that applies Keras 1's rule (argmax over several
columns, else a 0.5 threshold) and ``predict_proba(...)`` by ``predict(...)``,
and passes the third and fourth positionals of a Keras 1 Sequential's
``train_on_batch`` as ``class_weight=``/``sample_weight=``. Unproven receivers
and ambiguous weights are reported (K967).

**Why**
Keras 3 has no ``predict_classes`` or ``predict_proba`` (AttributeError;
spec §7.14-7.15, §10.9). Keras 1 ``Sequential.train_on_batch(x, y,
class_weight, sample_weight)`` put ``class_weight`` third, where every Keras 1
``Model`` and Keras 3 put ``sample_weight`` (spec §7.16).

**Example**
Before::

    classes = model.predict_classes(X_test, batch_size=32)
    proba = model.predict_proba(X_test)
    model.train_on_batch(X, y, {0: 1., 1: 5.})

After::

    classes = (lambda p: p.argmax(axis=-1) if p.shape[-1] > 1 else (p > 0.5).astype('int32'))(model.predict(X_test, batch_size=32))
    proba = model.predict(X_test)
    model.train_on_batch(X, y, class_weight={0: 1., 1: 5.})

``predict_classes`` keeps Keras 1's rule (keras@1.2.2 ``models.py``): the
index of the largest column when the output has several columns, else the
probability thresholded at 0.5 as int32. It is decided when the code runs,
not from the last layer seen here: a wrong static guess would silently give
all-zero classes, and a name can be rebound by lines the walk never sees.
``predict``'s arguments keep their places (``x, batch_size, verbose``).
``train_on_batch``'s third and fourth positionals become ``class_weight`` and
``sample_weight`` when the receiver was built by ``Sequential`` in this Keras 1
file, or when the third is a dict literal with number keys.

**Safety**
Safe for proven models (the receiver was assigned a Keras model in this
file). ``predict_proba`` on anything else is left alone (scikit-learn has
one); ``predict_classes`` on an unproven receiver, and a ``train_on_batch``
whose third positional could be either weight, are marked K967.

**Limits**
``test_on_batch(x, y, sample_weight)`` kept its order and is not touched.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._training import facts, is_legacy_file
from codemods.tables.training import BATCH_KEPT_POSITIONALS, KERAS1_SEQUENTIAL_TRAIN_ON_BATCH

REVIEW = "K967"
# Keras 1's predict_classes, applied to the predictions (spec §7.14)
_CLASSES = "lambda p: p.argmax(axis=-1) if p.shape[-1] > 1 else (p > 0.5).astype('int32')"


class SequentialMethods(Codemod):
    code: ClassVar[str] = "K408"
    name: ClassVar[str] = "sequential_methods"
    summary: ClassVar[str] = "Replace predict_classes and predict_proba; keyword Sequential train_on_batch weights"
    safety: ClassVar[Safety] = Safety.SAFE
    methods: ClassVar[frozenset[str]] = frozenset({"predict_classes", "predict_proba", "train_on_batch"})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.method == "train_on_batch":
            return self._train_on_batch(call, site, ctx)
        if not site.is_model_receiver:
            if site.method == "predict_classes":
                ctx.report(
                    REVIEW,
                    site.original,
                    f"Keras 3 has no predict_classes: if {site.receiver or 'this'} is a Keras model, use "
                    f"({_CLASSES})(model.predict(...))",
                )
            return call
        assert isinstance(call.func, cst.Attribute)
        ctx.fire(self.code)
        predict = call.with_changes(func=call.func.with_changes(attr=cst.Name("predict")))
        if site.method == "predict_proba":
            return predict
        rule = cst.parse_expression(_CLASSES).with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return cst.Call(func=rule, args=[cst.Arg(predict)])

    def _train_on_batch(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        positional = [a for a in call.args if a.keyword is None]
        if not BATCH_KEPT_POSITIONALS < len(positional) <= len(KERAS1_SEQUENTIAL_TRAIN_ON_BATCH):
            return call
        if any(a.star for a in call.args) or not is_legacy_file(ctx):
            return call
        model = facts(ctx).models.get(site.receiver or "")
        if model is not None and model.kind == "functional":
            return call  # Keras 1 Model.train_on_batch already had today's order
        third = positional[BATCH_KEPT_POSITIONALS].value
        class_dict = isinstance(third, cst.Dict) and all(
            isinstance(e, cst.DictElement) and isinstance(e.key, cst.Integer) for e in third.elements
        )
        if not class_dict and (model is None or model.kind != "sequential"):
            ctx.report(
                REVIEW,
                site.original,
                "train_on_batch's third argument was class_weight for a Keras 1 Sequential and is sample_weight "
                "today: pass it by keyword",
            )
            return call
        out = [
            as_keyword(a, KERAS1_SEQUENTIAL_TRAIN_ON_BATCH[i]) if a.keyword is None and i >= BATCH_KEPT_POSITIONALS else a
            for i, a in enumerate(call.args)
        ]
        ctx.fire(self.code)
        return with_args(call, out)
