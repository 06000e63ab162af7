"""Keep channels-first code channels-first: say ``data_format`` wherever it matters (strategy A).

**What**
Writes ``data_format='channels_first'`` on every 2D/3D layer and image helper
whose ordering is th (by its own ``dim_ordering='th'`` or by the file's
decided ordering), and ``data_format='channels_last'`` on the 1D layers and
``Flatten`` where Keras 3 would otherwise read a global channels_first or
transpose th feature maps. Layers ordered tf are left alone. The CPU kernels
channels first needs (K955), ``BatchNormalization()`` after th maps (K959) and
calls whose ``*args``/``**kwargs`` hide the format (K984) are reported.

**Why**
Keras 1 layers without ``dim_ordering=`` followed the global ordering
(``K.set_image_dim_ordering('th')`` or ``~/.keras/keras.json``), which Keras 3
no longer reads. Keras 3 also reads the global ``image_data_format`` in places
Keras 1 never did: 1D layers (``Conv1D``, ``MaxPooling1D``, ...) treat
``(steps, features)`` as ``(channels, steps)`` under a global channels_first,
and ``Flatten`` moves the channels last before flattening, so a ``Dense``
after it sees its inputs in another order (spec §11.2.1, §11.3, §11.4.3, §10.19).
See https://keras.io/api/layers/reshaping_layers/flatten/.

**Example**
Before::

    K.set_image_dim_ordering('th')
    model.add(Convolution2D(32, 3, 3, input_shape=(1, 28, 28)))
    model.add(Convolution1D(8, 3))
    model.add(Flatten())

After::

    K.set_image_data_format('channels_first')
    # kmigrate: K955 channels-first Conv2D on CPU needs TensorFlow's oneDNN kernels ...
    model.add(Conv2D(32, (3, 3), input_shape=(1, 28, 28), data_format='channels_first'))
    model.add(Conv1D(8, 3, data_format='channels_last'))
    model.add(Flatten(data_format='channels_last'))

Every 2D/3D layer (and ``ImageDataGenerator``, ``img_to_array``,
``preprocess_input``, ``K.conv2d``, ...) whose ordering is th, by its own
``dim_ordering='th'`` or by default (``--dim-ordering th``, else the file's
last setter above the call or one below it, else the driver's decision),
ends with ``data_format='channels_first'``; tf
layers are left alone (Keras 3's default is channels_last). Where Keras 3
runs under a global channels_first (the file sets it, or the tree does), the
1D layers are pinned to ``'channels_last'``, their Keras 1 meaning. ``Flatten``
gets ``data_format='channels_last'`` there and wherever it follows th feature
maps: Keras 1 flattened (C, H, W) in that order, and ``channels_last`` is the
setting under which Keras 3 does not transpose first (checked with the same
weights against a NumPy Keras 1 reference in
``tests/test_tables_channels_tensorflow.py``).

**Safety**
Safe: every keyword written states what the code computed in Keras 1. K955
(once per file) notes that channels-first ``Conv2D``, ``Conv2DTranspose``,
``Conv3DTranspose``, ``ConvLSTM2D`` and the ``K.conv*``/``K.pool*`` functions
fail on CPU without oneDNN (``TF_ENABLE_ONEDNN_OPTS=0``, spec §10.50).
K959 marks ``BatchNormalization()`` after th feature maps: its default axis
-1 normalises the width, as it did in Keras 1; it is kept, but axis=1 was
probably meant (§11.4.2). K984 marks a call whose ``*args``/``**kwargs`` may
or may not pass ``data_format`` where it matters.

**Limits**
"After th feature maps" follows the order of calls in each function, not
the data flow. Without the file's text (a bare ``run_pipeline``), only the
setters above a call count. Code written for Keras 3 whose 1D layers are
meant to follow a global channels_first must say so with ``data_format``.
Strategy C (``--channels-last``) is another rule.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_string, new_keyword_arg, new_string, with_args
from codemods._channels import Ordering
from codemods._channels_first_facts import (
    FileState,
    Stated,
    file_state,
    setter_value,
    stated_format,
)
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.channels import (
    BATCH_NORMALIZATION,
    CHAIN_BREAKS,
    FLATTEN,
    FLATTEN_FORMAT_POSITION,
    FORMAT_FUNCTIONS,
    GLOBAL_SETTERS,
    REINTERPRETED_1D_LAYERS,
    SPATIAL_LAYERS,
    FormatCarrier,
)

CPU_NCHW = "K955"
BATCH_NORM_AXIS = "K959"
HIDDEN_FORMAT = "K984"

_CPU_HINT = (
    "channels-first {} on CPU needs TensorFlow's oneDNN kernels (fails with TF_ENABLE_ONEDNN_OPTS=0 "
    "and on some builds); rerun with `kmigrate --channels-last` for a portable model"
)
_BN_HINT = (
    "BatchNormalization() normalises the last axis: on these channels-first feature maps the width "
    "(as in Keras 1); it probably meant axis=1 (the channels)"
)


class ChannelsFirstLayers(Codemod):
    code: ClassVar[str] = "K601"
    name: ClassVar[str] = "channels_first_layers"
    summary: ClassVar[str] = "Write data_format on channels-first layers and pin 1D layers and Flatten (strategy A)"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset(
        {*SPATIAL_LAYERS, *FORMAT_FUNCTIONS, *REINTERPRETED_1D_LAYERS, *CHAIN_BREAKS, *GLOBAL_SETTERS}
        | {FLATTEN, BATCH_NORMALIZATION}
    )

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if ctx.channels.channels_last or site.canonical is None:
            return call
        canon = site.canonical
        state = file_state(ctx, self.name)
        if canon in GLOBAL_SETTERS:
            args = [(keyword(a), literal_string(a.value)) for a in site.original.args]
            state.seen.append(setter_value(canon, args))
            return call
        row = SPATIAL_LAYERS.get(canon) or FORMAT_FUNCTIONS.get(canon)
        if row is not None:
            return self._spatial(call, site, row, canon in SPATIAL_LAYERS, state, ctx)
        if canon == BATCH_NORMALIZATION:
            if state.maps(ctx) is Ordering.TH and not _has_axis(call):
                ctx.report(BATCH_NORM_AXIS, site.original, _BN_HINT)
            return call
        pinned = call
        if canon in REINTERPRETED_1D_LAYERS:
            one_d = REINTERPRETED_1D_LAYERS[canon]
            pinned = self._pin_last(call, site, one_d.today, one_d.position, state.global_first(ctx), ctx)
        elif canon == FLATTEN:
            wanted = state.global_first(ctx) or state.maps(ctx) is Ordering.TH
            pinned = self._pin_last(call, site, "Flatten", FLATTEN_FORMAT_POSITION, wanted, ctx)
        state.set_maps(ctx, None)
        return pinned

    def _spatial(
        self, call: cst.Call, site: CallSite, row: FormatCarrier, layer: bool, state: FileState, ctx: FileContext
    ) -> cst.Call:
        stated = stated_format(call, row.position)
        default = state.default(ctx)
        ordering = {Stated.FIRST: Ordering.TH, Stated.LAST: Ordering.TF, Stated.ABSENT: default}.get(stated)
        name = f"K.{row.today}" if ".backend." in (site.canonical or "") else row.today
        if layer:
            state.set_maps(ctx, ordering if row.keeps_maps else None)
        if stated is Stated.HIDDEN and default is Ordering.TH and not state.sets_first():
            ctx.report(HIDDEN_FORMAT, site.original, f"{name}: pass data_format='channels_first' unless *args/**kwargs already do (this code relied on a channels-first global)")
        if ordering is not Ordering.TH:
            return call
        if row.needs_onednn and not state.cpu_noted:
            state.cpu_noted = True
            ctx.report(CPU_NCHW, site.original, _CPU_HINT.format(name))
        if stated is not Stated.ABSENT:
            return call
        ctx.fire(self.code)
        return with_args(call, [*call.args, new_keyword_arg("data_format", new_string("channels_first"))])

    def _pin_last(
        self, call: cst.Call, site: CallSite, name: str, position: int, wanted: bool, ctx: FileContext
    ) -> cst.Call:
        """``data_format='channels_last'`` on a call that states no format, when ``wanted``."""
        if not wanted:
            return call
        stated = stated_format(call, position)
        if stated is Stated.HIDDEN:
            ctx.report(HIDDEN_FORMAT, site.original, f"{name} runs under a global channels_first: pass data_format='channels_last' unless *args/**kwargs already do")
        if stated is not Stated.ABSENT:
            return call
        ctx.fire(self.code)
        return with_args(call, [*call.args, new_keyword_arg("data_format", new_string("channels_last"))])


def _has_axis(call: cst.Call) -> bool:
    """BatchNormalization's axis is given (today's first positional), or may be."""
    return any(a.star or keyword(a) in (None, "axis") for a in call.args)
