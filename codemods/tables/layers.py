"""Layer classes: Keras 1 signatures, keyword renames and class renames (spec §2, §3, §4).

Keys are canonical names (``keras.layers.X``, see ``tables.modules``), so a row
matches ``keras.layers.convolutional.X``, ``keras.layers.X`` and
``tensorflow.keras.layers.X`` alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from codemods.tables.rows import KwargRename, Signature

INITIALIZER_NAMES: Final[frozenset[str]] = frozenset(
    {
        "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "lecun_normal",
        "lecun_uniform", "normal", "one", "ones", "orthogonal", "uniform", "zero", "zeros",
    }
)
ACTIVATION_NAMES: Final[frozenset[str]] = frozenset(
    {
        "elu", "exponential", "gelu", "hard_sigmoid", "linear", "relu", "relu6", "selu", "sigmoid",
        "softmax", "softplus", "softsign", "swish", "tanh",
    }
)

# ---------------------------------------------------------------------------
# Keras 1.2.2 positional signatures (spec §3.2)
# ---------------------------------------------------------------------------

_CONV_TAIL: Final = ("W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint", "bias")

_CONV1D: Final = Signature(
    params=("nb_filter", "filter_length", "init", "activation", "weights", "border_mode", "subsample_length", *_CONV_TAIL, "input_dim", "input_length"),
    keep=2,
)
_ATROUS1D: Final = Signature(
    params=("nb_filter", "filter_length", "init", "activation", "weights", "border_mode", "subsample_length", "atrous_rate", *_CONV_TAIL),
    keep=2,
)
_CONV2D: Final = Signature(
    params=("nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode", "subsample", "dim_ordering", *_CONV_TAIL),
    keep=3,
    fuse=("nb_row", "nb_col"),
)
_ATROUS2D: Final = Signature(
    params=("nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode", "subsample", "atrous_rate", "dim_ordering", *_CONV_TAIL),
    keep=3,
    fuse=("nb_row", "nb_col"),
)
_DECONV2D: Final = Signature(
    params=("nb_filter", "nb_row", "nb_col", "output_shape", "init", "activation", "weights", "border_mode", "subsample", "dim_ordering", *_CONV_TAIL),
    keep=3,
    fuse=("nb_row", "nb_col"),
)
_SEPARABLE2D: Final = Signature(
    params=(
        "nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode", "subsample", "depth_multiplier", "dim_ordering",
        "depthwise_regularizer", "pointwise_regularizer", "b_regularizer", "activity_regularizer",
        "depthwise_constraint", "pointwise_constraint", "b_constraint", "bias",
    ),
    keep=3,
    fuse=("nb_row", "nb_col"),
)
_CONV3D: Final = Signature(
    params=("nb_filter", "kernel_dim1", "kernel_dim2", "kernel_dim3", "init", "activation", "weights", "border_mode", "subsample", "dim_ordering", *_CONV_TAIL),
    keep=4,
    fuse=("kernel_dim1", "kernel_dim2", "kernel_dim3"),
)
_POOL1D: Final = Signature(params=("pool_length", "stride", "border_mode"), keep=3)
_POOL2D: Final = Signature(params=("pool_size", "strides", "border_mode", "dim_ordering"), keep=3)
_GLOBAL_POOL: Final = Signature(params=("dim_ordering",), keep=0)
_NO_ARGS: Final = Signature(params=(), keep=0)

LAYER_SIGNATURES: Final[Mapping[str, Signature]] = {
    "keras.layers.Activation": Signature(params=("activation",), keep=1),
    "keras.layers.AtrousConv1D": _ATROUS1D,
    "keras.layers.AtrousConv2D": _ATROUS2D,
    "keras.layers.AtrousConvolution1D": _ATROUS1D,
    "keras.layers.AtrousConvolution2D": _ATROUS2D,
    "keras.layers.AveragePooling1D": _POOL1D,
    "keras.layers.AveragePooling2D": _POOL2D,
    "keras.layers.AveragePooling3D": _POOL2D,
    "keras.layers.Convolution1D": _CONV1D,
    "keras.layers.Convolution2D": _CONV2D,
    "keras.layers.Convolution3D": _CONV3D,
    "keras.layers.Cropping1D": Signature(params=("cropping",), keep=1),
    "keras.layers.Cropping2D": Signature(params=("cropping", "dim_ordering"), keep=1),
    "keras.layers.Cropping3D": Signature(params=("cropping", "dim_ordering"), keep=1),
    "keras.layers.Deconv2D": _DECONV2D,
    "keras.layers.Deconvolution2D": _DECONV2D,
    "keras.layers.Dense": Signature(
        params=("output_dim", "init", "activation", "weights", "W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint", "bias", "input_dim"),
        keep=1,
        # Dense is also a Keras 2 name whose second positional is `activation`.
        k1_markers={1: INITIALIZER_NAMES},
        k2_markers={1: ACTIVATION_NAMES},
    ),
    "keras.layers.Dropout": Signature(params=("p", "noise_shape", "seed"), keep=3),
    "keras.layers.Flatten": _NO_ARGS,
    "keras.layers.GlobalAveragePooling1D": _NO_ARGS,
    "keras.layers.GlobalAveragePooling2D": _GLOBAL_POOL,
    "keras.layers.GlobalAveragePooling3D": _GLOBAL_POOL,
    "keras.layers.GlobalMaxPooling1D": _NO_ARGS,
    "keras.layers.GlobalMaxPooling2D": _GLOBAL_POOL,
    "keras.layers.GlobalMaxPooling3D": _GLOBAL_POOL,
    "keras.layers.MaxPooling1D": _POOL1D,
    "keras.layers.MaxPooling2D": _POOL2D,
    "keras.layers.MaxPooling3D": _POOL2D,
    "keras.layers.SeparableConvolution2D": _SEPARABLE2D,
    "keras.layers.UpSampling1D": Signature(params=("length",), keep=1),
    "keras.layers.UpSampling2D": Signature(params=("size", "dim_ordering"), keep=1),
    "keras.layers.UpSampling3D": Signature(params=("size", "dim_ordering"), keep=1),
    "keras.layers.ZeroPadding1D": Signature(params=("padding",), keep=1),
    "keras.layers.ZeroPadding2D": Signature(params=("padding", "dim_ordering"), keep=1),
    "keras.layers.ZeroPadding3D": Signature(params=("padding", "dim_ordering"), keep=1),
}

# Keras 2 names (Conv2D, ...) have no row: their positional order is Keras 2's,
# and the Keras 2 -> 3 positional traps are a separate concern.

# ---------------------------------------------------------------------------
# Keyword renames (spec §3.3) with their value conversions (spec §4.1-4.5, 4.14)
# ---------------------------------------------------------------------------

DIM_ORDERING: Final = KwargRename(
    old="dim_ordering",
    new="data_format",
    values={"th": "channels_first", "tf": "channels_last"},
    drop_values=frozenset({"default"}),
    nonliteral_hint=(
        "dim_ordering is not a string literal: data_format needs 'channels_first' or "
        "'channels_last' where this value is 'th' or 'tf'"
    ),
)
BORDER_MODE: Final = KwargRename(
    old="border_mode",
    new="padding",
    values={"valid": "valid", "same": "same", "causal": "causal"},
    manual_values={
        "full": (
            "border_mode='full' (Theano only) has no Keras 3 equivalent: use padding='valid' "
            "after a ZeroPadding layer of (kernel_size - 1) * dilation_rate on each side"
        ),
    },
)
INIT: Final = KwargRename(old="init", new="kernel_initializer", values={"zero": "zeros", "one": "ones"})

_WEIGHT_KWARGS: Final = (
    INIT,
    KwargRename(old="W_regularizer", new="kernel_regularizer"),
    KwargRename(old="b_regularizer", new="bias_regularizer"),
    KwargRename(old="W_constraint", new="kernel_constraint"),
    KwargRename(old="b_constraint", new="bias_constraint"),
    KwargRename(old="bias", new="use_bias"),
)
_CONV_KWARGS: Final = (
    KwargRename(old="nb_filter", new="filters"),
    *_WEIGHT_KWARGS,
    BORDER_MODE,
    KwargRename(old="subsample", new="strides"),
    DIM_ORDERING,
)
_CONV1D_KWARGS: Final = (
    KwargRename(old="filter_length", new="kernel_size"),
    KwargRename(old="subsample_length", new="strides"),
    *_CONV_KWARGS,
)
_ATROUS: Final = KwargRename(old="atrous_rate", new="dilation_rate")
_SEPARABLE_KWARGS: Final = (
    KwargRename(old="nb_filter", new="filters"),
    KwargRename(old="b_regularizer", new="bias_regularizer"),
    KwargRename(old="b_constraint", new="bias_constraint"),
    KwargRename(old="bias", new="use_bias"),
    BORDER_MODE,
    KwargRename(old="subsample", new="strides"),
    DIM_ORDERING,
)
_POOL1D_KWARGS: Final = (
    KwargRename(old="pool_length", new="pool_size"),
    KwargRename(old="stride", new="strides"),
    BORDER_MODE,
)
_POOL_KWARGS: Final = (BORDER_MODE, DIM_ORDERING)
_DIM_ONLY: Final = (DIM_ORDERING,)
_DENSE_KWARGS: Final = (KwargRename(old="output_dim", new="units"), *_WEIGHT_KWARGS)
_DROPOUT_KWARGS: Final = (KwargRename(old="p", new="rate"),)

LAYER_KWARG_RENAMES: Final[Mapping[str, tuple[KwargRename, ...]]] = {
    "keras.layers.AtrousConv1D": (*_CONV1D_KWARGS, _ATROUS),
    "keras.layers.AtrousConv2D": (*_CONV_KWARGS, _ATROUS),
    "keras.layers.AtrousConvolution1D": (*_CONV1D_KWARGS, _ATROUS),
    "keras.layers.AtrousConvolution2D": (*_CONV_KWARGS, _ATROUS),
    "keras.layers.AveragePooling1D": _POOL1D_KWARGS,
    "keras.layers.AveragePooling2D": _POOL_KWARGS,
    "keras.layers.AveragePooling3D": _POOL_KWARGS,
    "keras.layers.Conv1D": _CONV1D_KWARGS,
    "keras.layers.Conv2D": _CONV_KWARGS,
    "keras.layers.Conv2DTranspose": _CONV_KWARGS,
    "keras.layers.Conv3D": _CONV_KWARGS,
    "keras.layers.Convolution1D": _CONV1D_KWARGS,
    "keras.layers.Convolution2D": _CONV_KWARGS,
    "keras.layers.Convolution3D": _CONV_KWARGS,
    "keras.layers.Cropping2D": _DIM_ONLY,
    "keras.layers.Cropping3D": _DIM_ONLY,
    "keras.layers.Deconv2D": _CONV_KWARGS,
    "keras.layers.Deconvolution2D": _CONV_KWARGS,
    "keras.layers.Dense": _DENSE_KWARGS,
    "keras.layers.Dropout": _DROPOUT_KWARGS,
    "keras.layers.GlobalAveragePooling2D": _DIM_ONLY,
    "keras.layers.GlobalAveragePooling3D": _DIM_ONLY,
    "keras.layers.GlobalMaxPooling2D": _DIM_ONLY,
    "keras.layers.GlobalMaxPooling3D": _DIM_ONLY,
    "keras.layers.MaxPooling1D": _POOL1D_KWARGS,
    "keras.layers.MaxPooling2D": _POOL_KWARGS,
    "keras.layers.MaxPooling3D": _POOL_KWARGS,
    "keras.layers.SeparableConv2D": _SEPARABLE_KWARGS,
    "keras.layers.SeparableConvolution2D": _SEPARABLE_KWARGS,
    "keras.layers.UpSampling1D": (KwargRename(old="length", new="size"),),
    "keras.layers.UpSampling2D": _DIM_ONLY,
    "keras.layers.UpSampling3D": _DIM_ONLY,
    "keras.layers.ZeroPadding2D": _DIM_ONLY,
    "keras.layers.ZeroPadding3D": _DIM_ONLY,
}

# Keyword arguments that Keras 1 split in two: SeparableConvolution2D's `init`
# initialised both kernels (spec §3.3.16).
LAYER_KWARG_SPLITS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "keras.layers.SeparableConv2D": {"init": ("depthwise_initializer", "pointwise_initializer")},
    "keras.layers.SeparableConvolution2D": {"init": ("depthwise_initializer", "pointwise_initializer")},
}

# ---------------------------------------------------------------------------
# Class renames (spec §2): canonical Keras 1 name -> tensorflow.keras target
# ---------------------------------------------------------------------------

LAYER_CLASS_RENAMES: Final[Mapping[str, str]] = {
    "keras.layers.AtrousConv1D": "tensorflow.keras.layers.Conv1D",
    "keras.layers.AtrousConv2D": "tensorflow.keras.layers.Conv2D",
    "keras.layers.AtrousConvolution1D": "tensorflow.keras.layers.Conv1D",
    "keras.layers.AtrousConvolution2D": "tensorflow.keras.layers.Conv2D",
    "keras.layers.Convolution1D": "tensorflow.keras.layers.Conv1D",
    "keras.layers.Convolution2D": "tensorflow.keras.layers.Conv2D",
    "keras.layers.Convolution2DTranspose": "tensorflow.keras.layers.Conv2DTranspose",
    "keras.layers.Convolution3D": "tensorflow.keras.layers.Conv3D",
    "keras.layers.Deconv2D": "tensorflow.keras.layers.Conv2DTranspose",
    "keras.layers.Deconvolution2D": "tensorflow.keras.layers.Conv2DTranspose",
    "keras.layers.SeparableConvolution2D": "tensorflow.keras.layers.SeparableConv2D",
}

# Keyword arguments a Keras 1 layer accepted that Keras 3 has no place for: they
# are dropped, with a finding that says what to check (spec §4.21, §5.8).
LAYER_DROPPED_KWARGS: Final[Mapping[str, Mapping[str, str]]] = {
    "keras.layers.Deconv2D": {
        "output_shape": (
            "Conv2DTranspose infers its output size; check it equals the old output_shape "
            "and set output_padding=(target - ((in - 1) * stride + kernel)) where it does not"
        ),
    },
    "keras.layers.Deconvolution2D": {
        "output_shape": (
            "Conv2DTranspose infers its output size; check it equals the old output_shape "
            "and set output_padding=(target - ((in - 1) * stride + kernel)) where it does not"
        ),
    },
}

# Layers whose `input_dim` (and `input_length`) become `input_shape` (spec
# §3.1.2-3.1.3): "dim" gives (input_dim,), "length_dim" gives (input_length, input_dim).
INPUT_SHAPE_KWARGS: Final[Mapping[str, str]] = {
    "keras.layers.AtrousConv1D": "length_dim",
    "keras.layers.AtrousConvolution1D": "length_dim",
    "keras.layers.Conv1D": "length_dim",
    "keras.layers.Convolution1D": "length_dim",
    "keras.layers.Dense": "dim",
}

# Every public layer class name Keras 1.2.2 exported from keras.layers (and its
# submodules), plus the Keras 2 names: used to resolve star imports.
KERAS1_LAYER_CLASSES: Final[frozenset[str]] = frozenset(
    {
        "Activation", "ActivityRegularization", "AtrousConv1D", "AtrousConv2D", "AtrousConvolution1D",
        "AtrousConvolution2D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
        "BatchNormalization", "Bidirectional", "ConvLSTM2D", "Convolution1D", "Convolution2D",
        "Convolution3D", "Cropping1D", "Cropping2D", "Cropping3D", "Deconv2D", "Deconvolution2D",
        "Dense", "Dropout", "ELU", "Embedding", "Flatten", "GRU", "GaussianDropout", "GaussianNoise",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
        "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "Highway", "Input",
        "InputLayer", "InputSpec", "LSTM", "Lambda", "Layer", "LeakyReLU", "LocallyConnected1D",
        "LocallyConnected2D", "Masking", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
        "MaxoutDense", "Merge", "PReLU", "ParametricSoftplus", "Permute", "Recurrent",
        "RepeatVector", "Reshape", "SReLU", "SeparableConv2D", "SeparableConvolution2D",
        "SimpleRNN", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
        "ThresholdedReLU", "TimeDistributed", "TimeDistributedDense", "UpSampling1D",
        "UpSampling2D", "UpSampling3D", "Wrapper", "ZeroPadding1D", "ZeroPadding2D",
        "ZeroPadding3D", "merge",
        # Keras 2 names
        "Add", "Average", "AvgPool1D", "AvgPool2D", "AvgPool3D", "Concatenate", "Conv1D", "Conv2D",
        "Conv2DTranspose", "Conv3D", "Convolution2DTranspose", "Dot", "GlobalAvgPool1D",
        "GlobalAvgPool2D", "GlobalAvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D",
        "GlobalMaxPool3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "Maximum", "Multiply",
        "add", "average", "concatenate", "dot", "maximum", "multiply",
    }
)
