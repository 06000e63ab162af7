"""Rename Keras 1 loss and metric names, and mark the metrics Keras 2 removed.

**What**
Rewrites the Keras 1 loss and metric names in ``compile``'s ``loss`` and
``metrics`` (strings, also inside lists and dicts) and references to the
``keras.objectives``/``keras.losses``/``keras.metrics`` functions into names
Keras 3 resolves (``'kullback_leibler_divergence'`` -> ``'kl_divergence'``,
``objectives.mean_squared_error`` -> ``losses.mse``, ``'cosine_proximity'`` ->
``'cosine_similarity'``). In standalone-Keras files that read the ``'acc'``
history keys, ``metrics=['accuracy']`` becomes ``['acc']``. The cosine change
(K940) and the batch-wise metrics Keras 2 removed (K941) are reported.

**Why**
Keras 3 no longer resolves the loss strings ``'kullback_leibler_divergence'``,
``'logcosh'``, ``'cosine_proximity'`` and ``'cosine'``, nor the metric
strings ``'kld'``, ``'kullback_leibler_divergence'``, ``'logcosh'`` and
``'cosine_proximity'`` (spec §4.22-4.23); ``tensorflow.keras.losses`` kept
only the short names of the Keras 1 objectives (``mse``, not
``mean_squared_error``, spec §1.12); and Keras 2.0 removed the batch-wise
metrics ``precision``, ``recall``, ``fmeasure``, ``fbeta_score`` and
``matthews_correlation`` (spec §4.24).
See https://github.com/keras-team/keras/releases/tag/2.0.0.

**Example**
Before::

    model.compile(loss='kullback_leibler_divergence', optimizer='sgd', metrics=['acc', 'fmeasure'])
    model.compile(loss=objectives.mean_squared_error, optimizer='sgd')

After::

    # kmigrate: K941 Keras 1 metric fmeasure was removed in Keras 2: use ...
    model.compile(loss='kl_divergence', optimizer='sgd', metrics=['acc', 'fmeasure'])
    model.compile(loss=losses.mse, optimizer='sgd')

Strings are converted in ``compile``'s ``loss`` and ``metrics`` (also
positional, Keras 1 order, when the receiver is a model), inside lists and
dicts. ``'acc'``/``'accuracy'`` are left to the history-key rules (spec §4.25).

``metrics=['accuracy']`` becomes ``metrics=['acc']`` in a file written for
standalone Keras that reads the ``'acc'``/``'val_acc'`` keys (history,
``EarlyStopping(monitor='val_acc')``): Keras 1 logged accuracy under those
names, Keras 3 logs a metric under the name it is given (spec §4.25).

**Safety**
The plain renames are safe. ``'cosine_proximity'`` becomes
``'cosine_similarity'`` with a K940 finding rather than a finding alone: the
old string no longer loads, and the new loss has the same minimum and the
same gradient direction, only ``n_features`` times the Keras 1 value
(``-sum`` of the normalised product over the last axis, where Keras 1 took
``-mean``). Scale-free optimizers (Adam, RMSprop) train the same; reported
values, SGD step sizes and loss weights change, which the finding says how
to undo. As a metric it now reports ``+cosine``. The removed metrics are
findings only (K941): ``'precision'``/``'recall'`` still load but now mean
whole-epoch ``Precision()``/``Recall()``, so rewriting them to those objects
would change nothing but spelling; ``'fmeasure'``, ``'fbeta_score'`` and
``'matthews_correlation'`` have no exact counterpart, and their imports keep
their Keras 1 form (K901).

**Limits**
Names held in variables or passed to ``losses.get`` are not followed. Code
that reads history keys must follow the new metric names (``'kl_divergence'``
for ``'kld'``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_string, string_like, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._paths import canonical
from codemods.tables.losses import (
    COSINE_FUNCTIONS,
    COSINE_NAMES,
    LOSS_FUNCTION_RENAMES,
    LOSS_STRING_RENAMES,
    METRIC_STRING_RENAMES,
    REMOVED_METRICS,
    RemovedMetric,
)

COSINE = "K940"
METRIC = "K941"

_EMPTY = cst.Module([])
_REMOVED_METRIC_NAMES = {f"keras.metrics.{name}": name for name in REMOVED_METRICS}
# Keras 1 compile(optimizer, loss, metrics, ...); Keras 3 put loss_weights third.
_POSITIONS = {1: "loss", 2: "metrics"}


def metric_advice(name: str, row: RemovedMetric, as_string: bool, given: Mapping[str, str] | None = None) -> str:
    """The finding for a removed Keras 1 metric (one line, says what to do).

    ``given`` holds keyword sources from a call (``beta=2``) that replace the
    row's suggested values.
    """
    if row.replacement is None:
        return f"Keras 1 metric {name} was removed in Keras 2: {row.hint}"
    given = given or {}
    spelled = f"{row.replacement}({', '.join(f'{k}={given.get(k, v)}' for k, v in row.kwargs)})"
    if as_string and row.resolves:
        return (
            f"metric '{name}' now means {spelled}, computed over the whole epoch where Keras 1 "
            "averaged per-batch values: expect other numbers, or write a batch-wise metric function"
        )
    return (
        f"Keras 1 metric {name} was removed in Keras 2: use {spelled} "
        "(computed over the whole epoch; Keras 1 averaged per-batch values)"
    )


class LossNames(Codemod):
    code: ClassVar[str] = "K402"
    name: ClassVar[str] = "loss_names"
    summary: ClassVar[str] = "Rename Keras 1 loss and metric names; mark the removed batch-wise metrics"
    safety: ClassVar[Safety] = Safety.REVIEW
    methods: ClassVar[frozenset[str]] = frozenset({"compile"})
    calls: ClassVar[frozenset[str]] = frozenset(_REMOVED_METRIC_NAMES)
    symbol_renames: ClassVar[Mapping[str, str]] = LOSS_FUNCTION_RENAMES
    removed_symbols: ClassVar[Mapping[str, str]] = {
        canon: metric_advice(name, REMOVED_METRICS[name], as_string=False)
        for canon, name in _REMOVED_METRIC_NAMES.items()
    }

    def on_reference(self, canon: str, node: cst.CSTNode, is_call: bool, ctx: FileContext) -> None:
        if canon in COSINE_FUNCTIONS:
            ctx.report(
                COSINE,
                node,
                f"{canon.rpartition('.')[2]} is now losses.cosine_similarity, which sums over the last axis "
                "where Keras 1 averaged: values are n_features times larger; divide by the last dimension "
                "where the scale matters",
            )

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.canonical is not None:  # a removed metric function called directly
            name = _REMOVED_METRIC_NAMES[site.canonical]
            given = {k: _EMPTY.code_for_node(a.value) for a in call.args if (k := keyword(a)) is not None}
            ctx.report(METRIC, site.original, metric_advice(name, REMOVED_METRICS[name], as_string=False, given=given))
            return call
        keywords = {keyword(a) for a in call.args}
        if not (keywords & {"loss", "metrics", "optimizer"}) and not site.is_model_receiver:
            return call  # not a Keras compile (re.compile, ...)
        out: list[cst.Arg] = []
        for index, arg in enumerate(call.args):
            role = keyword(arg) or (_POSITIONS.get(index) if not arg.keyword and not arg.star else None)
            if role == "loss":
                arg = arg.with_changes(value=self._value(arg.value, site, ctx, metric=False))
            elif role == "metrics":
                arg = arg.with_changes(value=self._value(arg.value, site, ctx, metric=True))
            out.append(arg)
        new = with_args(call, out)
        if new.deep_equals(call):
            return call
        ctx.fire(self.code)
        return new

    def _value(self, node: cst.BaseExpression, site: CallSite, ctx: FileContext, metric: bool) -> cst.BaseExpression:
        """Rewrite the strings in a loss/metrics value (a string, or lists and dicts of them)."""
        if isinstance(node, cst.List | cst.Tuple):
            elements = [e.with_changes(value=self._value(e.value, site, ctx, metric)) for e in node.elements]
            return node.with_changes(elements=elements)
        if isinstance(node, cst.Dict):
            pairs = [
                e.with_changes(value=self._value(e.value, site, ctx, metric)) if isinstance(e, cst.DictElement) else e
                for e in node.elements
            ]
            return node.with_changes(elements=pairs)
        if metric and isinstance(node, cst.Name | cst.Attribute):
            path = ctx.path_of(node)
            canon = canonical(path) if path is not None else None
            if canon in _REMOVED_METRIC_NAMES:
                name = _REMOVED_METRIC_NAMES[canon]
                ctx.report(METRIC, site.original, metric_advice(name, REMOVED_METRICS[name], as_string=False))
            return node
        value = literal_string(node)
        if value is None:
            return node
        assert isinstance(node, cst.SimpleString)
        if metric and value == "accuracy" and _reads_keras1_acc_keys(ctx):
            # Keras 1 logged 'accuracy' as 'acc'/'val_acc', and this file reads those
            # keys (history, monitor=): Keras 3 logs a metric under the name it is
            # given, so 'acc' keeps the keys the rest of the file expects (spec §4.25)
            ctx.fire(self.code)
            return string_like(node, "acc")
        if metric and value in REMOVED_METRICS:
            ctx.report(METRIC, site.original, metric_advice(value, REMOVED_METRICS[value], as_string=True))
            return node
        renames = METRIC_STRING_RENAMES if metric else LOSS_STRING_RENAMES
        new_value = renames.get(value)
        if new_value is None:
            return node
        if value in COSINE_NAMES:
            ctx.report(COSINE, site.original, _cosine_advice(value, metric))
        return string_like(node, new_value)


# a read of Keras 1's history keys: history['acc'], logs["val_acc"], monitor='val_acc'
_ACC_KEY = re.compile(r"""(?<=[\w\])])\[\s*['"](?:val_)?acc['"]\s*\]|['"]val_acc['"]""")


def _reads_keras1_acc_keys(ctx: FileContext) -> bool:
    """The file was written for standalone Keras (not tf.keras) and names 'acc'/'val_acc'."""
    known: bool | None = ctx.scratch.get("loss_names.acc_keys")
    if known is None:
        legacy = any(b.path == "keras" or b.path.startswith("keras.") for b in ctx.resolution.bindings.values())
        known = ctx.scratch["loss_names.acc_keys"] = legacy and bool(_ACC_KEY.search(ctx.text))
    return known


def _cosine_advice(old: str, metric: bool) -> str:
    if metric:
        return (
            f"metric '{old}' is now 'cosine_similarity', which reports +cosine (higher is better) where "
            "Keras 1 reported -cosine / n_features: fix monitor= and mode= that read it"
        )
    return (
        f"loss '{old}' is now 'cosine_similarity', which sums over the last axis where Keras 1 averaged: "
        "the loss is n_features times larger (same minimum); divide it by the last dimension, or lower "
        "an SGD learning rate by that factor, to keep Keras 1's scale"
    )
