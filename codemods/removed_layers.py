"""Replace Keras 1 layers that no longer exist, or say what to write instead.

**What**
Replaces ``TimeDistributedDense(...)`` by ``TimeDistributed(Dense(...))``,
keeping ``name``, ``trainable`` and the input shape on the wrapper. Calls of
the other layers Keras 2 and 3 removed (``Highway``, ``MaxoutDense``,
``ParametricSoftplus``, ``SReLU``,
``LocallyConnected1D``/``LocallyConnected2D``) are left as they are and
reported (K920).

**Why**
Keras 2 removed ``TimeDistributedDense``, ``Highway``, ``MaxoutDense``,
``ParametricSoftplus`` and ``SReLU``; Keras 3 removed ``LocallyConnected1D``
and ``LocallyConnected2D`` (spec §2.10, §2.17-2.18, §5).

**Example**
Before::

    model.add(TimeDistributedDense(64, activation='relu', input_dim=32, input_length=10))
    model.add(Highway(activation='relu'))

After::

    model.add(TimeDistributed(Dense(64, activation='relu'), input_shape=(10, 32)))
    # kmigrate: K920 Highway was removed in Keras 2: compose t = Dense(n, ...) ...
    model.add(Highway(activation='relu'))

The wrapper keeps ``name``, ``trainable`` and the input shape; every other
argument, already translated to Keras 2 names, goes to the inner ``Dense``.

**Safety**
``TimeDistributedDense`` -> ``TimeDistributed(Dense(...))`` computes the same
function with the same parameter count; saved Keras 1 weights have another
layout (spec §2.10). The other layers have no faithful one-line replacement:
their calls are left as they are with a K920 finding, and their import keeps
its Keras 1 form (K901), so nothing fails silently.

**Limits**
``ThresholdedReLU`` is kept: ``tensorflow.keras.layers`` still has it with
the Keras 1 semantics, while the spec's ``ReLU(threshold=)`` differs at
``x == theta``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from codemods._args import keyword, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods.tables.layers import LAYER_WRAPPED, REMOVED_LAYERS

REMOVED = "K920"
_WRAPPER_KWARGS = frozenset({"name", "trainable", "input_shape", "batch_input_shape"})


class RemovedLayers(Codemod):
    code: ClassVar[str] = "K202"
    name: ClassVar[str] = "removed_layers"
    summary: ClassVar[str] = "Replace TimeDistributedDense; mark Highway, MaxoutDense, SReLU and other removed layers"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset(REMOVED_LAYERS) | frozenset(LAYER_WRAPPED)
    removed_symbols: ClassVar[Mapping[str, str]] = REMOVED_LAYERS

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        if site.canonical in REMOVED_LAYERS:
            ctx.report(REMOVED, site.original, REMOVED_LAYERS[site.canonical])
            return call
        _, inner_target = LAYER_WRAPPED[site.canonical]
        if any(a.star for a in call.args):
            ctx.report(REMOVED, site.original, "TimeDistributedDense(*args): write TimeDistributed(Dense(...)) by hand")
            return call
        outer = [a for a in call.args if keyword(a) in _WRAPPER_KWARGS]
        inner = [a for a in call.args if keyword(a) not in _WRAPPER_KWARGS]
        if inner:
            last = inner[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=cst.SimpleWhitespace(""))
            inner = [*inner[:-1], last]
        dense = cst.Call(func=parse_dotted(ctx.spell(inner_target)), args=inner)
        ctx.fire(self.code)
        return with_args(call, [cst.Arg(value=dense), *outer])
