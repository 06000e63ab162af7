"""Make channels-first ('th') models compute channels last behind a boundary Permute (``--channels-last``).

**What**
With ``--channels-last`` only: rewrites channels-first ('th') 2D/3D layers to
``data_format='channels_last'``, puts ``Permute((2, 3, 1))`` after each image
input and ``Permute((3, 1, 2))`` before a feature-map output, and maps the
channel axes of ``BatchNormalization``, concatenations, ``PReLU`` and
``Reshape`` on feature maps. The model still takes and returns channels-first
tensors. What it cannot follow or convert is reported (K956, K957, K958,
K996).

**Why**
Keras 1 code written for Theano ordered images (batch, channels, rows, cols).
Keras 3 keeps ``data_format='channels_first'`` (strategy A, the default), but
channels last is its native layout and the fast path on CPUs (spec §10.50,
§11.2.3). Strategy C keeps the data pipeline as it is: the model takes and
returns channels-first tensors and computes channels last inside.

**Example**
Before (with ``--channels-last``, th ordering)::

    model = Sequential()
    model.add(Convolution2D(32, 3, 3, input_shape=(3, 32, 32)))
    model.add(BatchNormalization(axis=1))
    model.add(UpSampling2D())

    inputs = Input(shape=(1, 64, 64))
    a = Convolution2D(8, 3, 3, border_mode='same')(inputs)
    b = merge([a, inputs], mode='concat', concat_axis=1)

After::

    model = Sequential()
    model.add(Permute((2, 3, 1), input_shape=(3, 32, 32)))
    model.add(Conv2D(32, (3, 3), data_format='channels_last'))
    model.add(BatchNormalization())
    model.add(UpSampling2D(data_format='channels_last'))
    model.add(Permute((3, 1, 2)))

    inputs = Input(shape=(1, 64, 64))
    inputs_nhwc = Permute((2, 3, 1))(inputs)
    a = Conv2D(8, (3, 3), padding='same', data_format='channels_last')(inputs_nhwc)
    b = concatenate([a, inputs_nhwc], axis=-1)

It acts only with ``--channels-last`` and only on files with channels-first
2D/3D layers (``dim_ordering='th'``, or none under a th ordering). It follows
the data flow of each function: Sequential chains (``.add`` and list form),
functional assignments, and calls of the file's own functions. Every
channels-first layer gets ``data_format='channels_last'`` written out rather
than left to the default: a migrated ``keras.json`` or global setter may
still say channels_first, and a second run must see the layer as channels
last. An image input feeding those layers gets ``Permute((2, 3, 1))`` (3D:
``(2, 3, 4, 1)``); a model ending in a feature map gets ``Permute((3, 1, 2))``
(3D: ``(4, 1, 2, 3)``). On feature maps, ``BatchNormalization(axis=1)`` loses
its axis, concatenation axes and ``PReLU(shared_axes=)`` are mapped (1 -> -1,
2 -> 1, 3 -> 2), and a ``Reshape((C, H, W))`` that makes a feature map becomes
``Reshape((H, W, C))``. Under a global channels_first (a setter in the file
or the tree), ``Flatten`` and the 1D layers get ``data_format='channels_last'``.
NumPy code needs no change: the model takes channels-first arrays
(``X.reshape(n, 1, 28, 28)`` stays) and returns channels-first maps, so image
targets (autoencoders, masks) and predictions keep their layout; only tensors
read from inside a model (``model.layers[i].output``) are channels last: K958.

**Safety**
Review. Same parameter counts and, with the same weights, the same outputs
(``tests/test_tables_channels_last_tensorflow.py``), except: ``Flatten`` now
flattens (H, W, C), so the Dense after it (and a Dense before a ``Reshape``)
holds its rows in another order, and PReLU slopes are transposed: K956 when
the file loads weights. A ``BatchNormalization`` over the width (Keras 1's
default axis -1 on th maps) keeps its meaning as ``axis=2``, with K996.
Lambda functions, custom layers and backend calls with axes are K957;
Reshape/Permute/softmax/Dense on feature maps and layer outputs read inside
a model are K958; anything the data flow cannot follow is K996. A file that
reads the ordering at run time is left alone (K996); a file with
channels-first ConvLSTM2D or TimeDistributed 2D layers keeps channels first
(K996).

**Limits**
Control flow is ignored (the last assignment wins). Closures, attributes
other than names, and layers built in comprehensions are not followed: such
a layer still computes channels last, with K996. Functions are followed
within the file only: one never called here gets K996 once; an image input
handed to code kmigrate cannot follow gets K996.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from codemods._channels_last_facts import BACKEND_AXIS_FUNCTIONS, LAYERS, MODELS
from codemods._channels_last_graph import Record
from codemods._channels_last_run import convert
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.channels import REINTERPRETED_1D_LAYERS, SPATIAL_LAYERS
from codemods.tables.layers import KERAS1_LAYER_CLASSES

_TODAY = ("LayerNormalization", "Minimum", "ReLU", "Softmax", "Subtract", "minimum", "subtract")


@dataclass
class _State:
    records: dict[int, Record] = field(default_factory=dict)
    originals: list[cst.CSTNode] = field(default_factory=list)  # every statement walked


def _in_loss(ctx: FileContext) -> bool:
    functions = [s for s in ctx.scopes if isinstance(s, cst.FunctionDef)]
    if not functions:
        return False
    names = {p.name.value for p in functions[-1].params.params}
    return {"y_true", "y_pred"} <= names


class ChannelsLastLayers(Codemod):
    code: ClassVar[str] = "K602"
    name: ClassVar[str] = "channels_last_layers"
    summary: ClassVar[str] = "With --channels-last, compute channels-first models channels last behind boundary Permutes"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = (
        frozenset(LAYERS + name for name in (*KERAS1_LAYER_CLASSES, *_TODAY))
        | frozenset(SPATIAL_LAYERS)
        | frozenset(REINTERPRETED_1D_LAYERS)
        | MODELS
        | frozenset({"keras.Input"})
        | frozenset(f"keras.backend.{name}" for name in BACKEND_AXIS_FUNCTIONS)
    )
    blocks: ClassVar[bool] = True
    statement_lines: ClassVar[bool] = True  # only to know each line's original node (positions)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if ctx.channels.channels_last and site.canonical is not None:
            canonical = "keras.layers.Input" if site.canonical == "keras.Input" else site.canonical
            state: _State = ctx.scratch.setdefault(self.name, _State())
            state.records[id(call)] = Record(call, site.original, canonical, _in_loss(ctx), ctx.top_statement)
        return call

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        if ctx.channels.channels_last and ctx.current_statement is not None:
            state: _State = ctx.scratch.setdefault(self.name, _State())
            state.originals.append(ctx.current_statement)
        return None

    def on_block(self, statements: Sequence[cst.BaseStatement], ctx: FileContext) -> Sequence[cst.BaseStatement] | None:
        if ctx.current_statement is not None:  # only the module body: the whole file at once
            return None
        state: _State | None = ctx.scratch.get(self.name)
        if state is None or not state.records:
            return None
        return convert(statements, state.records, state.originals, ctx, self.code)
