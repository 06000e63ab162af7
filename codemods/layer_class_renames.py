"""Rename Keras 1 layer classes to their Keras 2+ names.

**What**
Renames every reference to a Keras 1 layer class (calls, dotted paths, aliases
and import lines) to its Keras 2+ name: ``Convolution2D`` -> ``Conv2D``,
``Deconvolution2D`` -> ``Conv2DTranspose``, ``AtrousConvolution2D`` ->
``Conv2D`` with ``dilation_rate``, ``Container`` -> ``Model``,
``CuDNNLSTM``/``CuDNNGRU`` -> ``LSTM``/``GRU``, ... A renamed class used as a
value is reported (K902), and so are saved-weight layouts that changed (K924).

**Why**
Keras 2.0 renamed the convolution family (``Convolution2D`` -> ``Conv2D``,
``Deconvolution2D`` -> ``Conv2DTranspose``, ...) and folded the atrous layers
into ``dilation_rate``; Keras 3 removed most of the old names (spec §2).
See https://github.com/keras-team/keras/releases/tag/2.0.0.

**Example**
Before::

    x = Convolution2D(64, 3, 3, border_mode='same')(x)
    y = AtrousConvolution2D(64, 3, 3, atrous_rate=(2, 2))(y)

After::

    x = Conv2D(64, (3, 3), padding='same')(x)
    y = Conv2D(64, (3, 3), dilation_rate=(2, 2))(y)

Every reference is renamed, whatever the spelling (``Convolution2D``,
``L.Convolution2D``, ``keras.layers.convolutional.Convolution2D``, an alias
``C2D`` keeps its alias), and the import line follows.

``Container`` becomes ``Model`` (same positional order), ``CuDNNLSTM`` and
``CuDNNGRU`` become ``LSTM`` and ``GRU`` (Keras 3 picks the cuDNN kernel
itself; K924 says how the saved weights differ).

**Safety**
Safe for calls: the arguments are converted by the positional and keyword
rules in the same run. A class used as a value (``layer_cls = Convolution2D``)
is renamed too, but calls made through such a value are not converted: K902
marks them for review.

**Limits**
Subclasses of renamed layers keep their own code: a custom ``__init__`` that
forwards Keras 1 arguments is not converted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from codemods._framework import Codemod, FileContext, Safety
from codemods.tables.layers import LAYER_CLASS_RENAMES, LAYER_WEIGHT_LAYOUT_NOTES

INDIRECT_USE = "K902"
WEIGHT_LAYOUT = "K924"


class LayerClassRenames(Codemod):
    code: ClassVar[str] = "K201"
    name: ClassVar[str] = "layer_class_renames"
    summary: ClassVar[str] = "Rename Convolution2D and the other Keras 1 layer classes"
    safety: ClassVar[Safety] = Safety.SAFE
    symbol_renames: ClassVar[Mapping[str, str]] = LAYER_CLASS_RENAMES

    def on_reference(self, canon: str, node: cst.CSTNode, is_call: bool, ctx: FileContext) -> None:
        note = LAYER_WEIGHT_LAYOUT_NOTES.get(canon)
        if note is not None:
            ctx.report(WEIGHT_LAYOUT, node, note)
        if is_call or canon == "keras.layers.Container":
            return
        old = canon.rpartition(".")[2]
        new = LAYER_CLASS_RENAMES[canon].rpartition(".")[2]
        ctx.report(
            INDIRECT_USE,
            node,
            f"{old} is used as a value here: it is now {new}, but calls made through this value "
            "keep their Keras 1 arguments; convert them by hand",
        )
