"""Keras 3 constructor signatures (positional order) of the layers the checker knows.

The checker analyses code after ``migrate_source`` has rewritten Keras 1
positionals and keywords into Keras 3 spelling, so only Keras 3 signatures are
needed here (checked against TensorFlow 2.21 / Keras 3.15 with
``inspect.signature``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from kmigrate.shapes.objects import Layer

_FIRST = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate")
_CONV = (*_FIRST, "groups", "activation", "use_bias")
_SEPARABLE = (*_FIRST, "depth_multiplier", "activation", "use_bias")
_DEPTHWISE = (
    "kernel_size",
    "strides",
    "padding",
    "depth_multiplier",
    "data_format",
    "dilation_rate",
    "activation",
    "use_bias",
)
_TRANSPOSE = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "output_padding",
    "data_format",
    "dilation_rate",
    "activation",
    "use_bias",
)
_TRANSPOSE_3D = (*_TRANSPOSE[:4], "data_format", "output_padding", *_TRANSPOSE[6:])
_POOL = ("pool_size", "strides", "padding", "data_format")
_GLOBAL = ("data_format", "keepdims")
_RNN = ("units",)
_MERGE: tuple[str, ...] = ()

POSITIONAL: Final[Mapping[str, tuple[str, ...]]] = {
    "Activation": ("activation",),
    "ActivityRegularization": ("l1", "l2"),
    "Add": _MERGE,
    "AlphaDropout": ("rate",),
    "Average": _MERGE,
    "AveragePooling1D": _POOL,
    "AveragePooling2D": _POOL,
    "AveragePooling3D": _POOL,
    "BatchNormalization": ("axis",),
    "Bidirectional": ("layer", "merge_mode"),
    "Concatenate": ("axis",),
    "Conv1D": _CONV,
    "Conv1DTranspose": _TRANSPOSE,
    "Conv2D": _CONV,
    "Conv2DTranspose": _TRANSPOSE,
    "Conv3D": _CONV,
    "Conv3DTranspose": _TRANSPOSE_3D,
    "Cropping1D": ("cropping",),
    "Cropping2D": ("cropping", "data_format"),
    "Cropping3D": ("cropping", "data_format"),
    "Dense": ("units", "activation", "use_bias"),
    "DepthwiseConv1D": _DEPTHWISE,
    "DepthwiseConv2D": _DEPTHWISE,
    "Dot": ("axes", "normalize"),
    "Dropout": ("rate",),
    "ELU": ("alpha",),
    "Embedding": ("input_dim", "output_dim"),
    "Flatten": ("data_format",),
    "GRU": ("units", "activation", "recurrent_activation", "use_bias"),
    "GaussianDropout": ("rate",),
    "GaussianNoise": ("stddev",),
    "GlobalAveragePooling1D": _GLOBAL,
    "GlobalAveragePooling2D": _GLOBAL,
    "GlobalAveragePooling3D": _GLOBAL,
    "GlobalMaxPooling1D": _GLOBAL,
    "GlobalMaxPooling2D": _GLOBAL,
    "GlobalMaxPooling3D": _GLOBAL,
    "LSTM": ("units", "activation", "recurrent_activation", "use_bias"),
    "Lambda": ("function", "output_shape"),
    "LayerNormalization": ("axis",),
    "LeakyReLU": ("negative_slope",),
    "Masking": ("mask_value",),
    "MaxPooling1D": _POOL,
    "MaxPooling2D": _POOL,
    "MaxPooling3D": _POOL,
    "Maximum": _MERGE,
    "Minimum": _MERGE,
    "Multiply": _MERGE,
    "PReLU": ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"),
    "Permute": ("dims",),
    "ReLU": ("max_value",),
    "RepeatVector": ("n",),
    "Reshape": ("target_shape",),
    "SeparableConv1D": _SEPARABLE,
    "SeparableConv2D": _SEPARABLE,
    "SimpleRNN": ("units", "activation", "use_bias"),
    "Softmax": ("axis",),
    "SpatialDropout1D": ("rate",),
    "SpatialDropout2D": ("rate", "data_format"),
    "SpatialDropout3D": ("rate", "data_format"),
    "Subtract": _MERGE,
    "TimeDistributed": ("layer",),
    "UpSampling1D": ("size",),
    "UpSampling2D": ("size", "data_format"),
    "UpSampling3D": ("size", "data_format"),
    "ZeroPadding1D": ("padding", "data_format"),
    "ZeroPadding2D": ("padding", "data_format"),
    "ZeroPadding3D": ("padding", "data_format"),
}

# Other names Keras 3 exports for the same classes.
ALIASES: Final[Mapping[str, str]] = {
    "AvgPool1D": "AveragePooling1D",
    "AvgPool2D": "AveragePooling2D",
    "AvgPool3D": "AveragePooling3D",
    "Convolution1D": "Conv1D",
    "Convolution1DTranspose": "Conv1DTranspose",
    "Convolution2D": "Conv2D",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3D": "Conv3D",
    "Convolution3DTranspose": "Conv3DTranspose",
    "GlobalAvgPool1D": "GlobalAveragePooling1D",
    "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D",
    "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "MaxPool1D": "MaxPooling1D",
    "MaxPool2D": "MaxPooling2D",
    "MaxPool3D": "MaxPooling3D",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
}

# The functional helpers: ``concatenate([a, b], axis=1)`` is ``Concatenate(axis=1)([a, b])``.
MERGE_FUNCTIONS: Final[Mapping[str, str]] = {
    "add": "Add",
    "average": "Average",
    "concatenate": "Concatenate",
    "dot": "Dot",
    "maximum": "Maximum",
    "minimum": "Minimum",
    "multiply": "Multiply",
    "subtract": "Subtract",
}

# Layers whose ``data_format=None`` means "the global setting" (Keras 3 reads it in __init__).
FORMATTED: Final[frozenset[str]] = frozenset(
    name for name, params in POSITIONAL.items() if "data_format" in params
)


def canonical(name: str) -> str | None:
    """The Keras 3 class name for ``name``, or None when the checker does not know it."""
    name = ALIASES.get(name, name)
    return name if name in POSITIONAL else None


def param(layer: Layer, name: str, default: object = None) -> object:
    """The argument ``name`` of ``layer``'s constructor: keyword, else positional, else ``default``."""
    if name in layer.kwargs:
        return layer.kwargs[name]
    order = POSITIONAL.get(layer.cls, ())
    if name in order:
        index = order.index(name)
        if index < len(layer.args):
            return layer.args[index]
    return default
