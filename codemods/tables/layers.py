"""Layer classes: Keras 1 signatures, keyword renames and class renames (spec §2, §3, §4).

Keys are canonical names (``keras.layers.X``, see ``tables.modules``), so a row
matches ``keras.layers.convolutional.X``, ``keras.layers.X`` and
``tensorflow.keras.layers.X`` alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from codemods.tables.rows import Keras2Order, KwargRename, Signature

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
# Keras 2 positional orders (spec §10.6)
# ---------------------------------------------------------------------------
# Multi-backend Keras 2.0-2.3 let most of its layers take only the leading
# positionals (keras/legacy/interfaces.py: Dense 1, Conv*D 2, Embedding 2,
# recurrent layers 1, BatchNormalization none); tf.keras, Keras 2.4+ and the
# classes without a legacy interface (Conv3DTranspose, DepthwiseConv2D,
# CuDNNLSTM, ...) took them all. Each order is one family of releases; `keep`
# counts the leading positions Keras 3 reads the same way. Only classes whose
# later positions moved are listed.

_BIAS_TAIL: Final = (
    "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
    "activity_regularizer", "kernel_constraint", "bias_constraint",
)
_CONV_HEAD: Final = ("filters", "kernel_size", "strides", "padding")
_K3_CONV: Final = (*_CONV_HEAD, "data_format", "dilation_rate", "groups", "activation", *_BIAS_TAIL)
_CONV_ORDERS: Final = (
    Keras2Order("Keras 2 without groups", (*_CONV_HEAD, "data_format", "dilation_rate", "activation", *_BIAS_TAIL), keep=6),
    Keras2Order("tf.keras 2.3+", _K3_CONV, keep=len(_K3_CONV)),
)
_CONV1D_ORDERS: Final = (
    Keras2Order("Keras 2.0 Conv1D", (*_CONV_HEAD, "dilation_rate", "activation", *_BIAS_TAIL), keep=4),
    *_CONV_ORDERS,
)
# Keras 3's Conv2DTranspose order, and tf.keras's Conv3DTranspose order
_T_FULL: Final = (*_CONV_HEAD, "output_padding", "data_format", "dilation_rate", "activation", *_BIAS_TAIL)
_K3_CONV3D_T: Final = (*_CONV_HEAD, "data_format", "output_padding", "dilation_rate", "activation", *_BIAS_TAIL)
_T_NO_OUTPUT_PADDING: Final = (*_CONV_HEAD, "data_format", "activation", *_BIAS_TAIL)
_T_NO_DILATION: Final = (*_CONV_HEAD, "output_padding", "data_format", "activation", *_BIAS_TAIL)
_CONV2D_T_ORDERS: Final = (
    Keras2Order("Keras 2 without output_padding", _T_NO_OUTPUT_PADDING, keep=4),
    Keras2Order("Keras 2.2 without dilation_rate", _T_NO_DILATION, keep=6),
    Keras2Order("tf.keras", _T_FULL, keep=len(_T_FULL)),
)
_CONV3D_T_ORDERS: Final = (
    Keras2Order("Keras 2 without output_padding", _T_NO_OUTPUT_PADDING, keep=5),
    Keras2Order("Keras 2.2 without dilation_rate", _T_NO_DILATION, keep=4),
    Keras2Order("tf.keras", _T_FULL, keep=4),
)
_SEPARABLE_TAIL: Final = (
    "activation", "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer",
    "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
    "depthwise_constraint", "pointwise_constraint", "bias_constraint",
)
_K3_SEPARABLE: Final = (*_CONV_HEAD, "data_format", "dilation_rate", "depth_multiplier", *_SEPARABLE_TAIL)
_SEPARABLE2D_ORDERS: Final = (
    Keras2Order("Keras 2.0 SeparableConv2D", (*_CONV_HEAD, "data_format", "depth_multiplier", *_SEPARABLE_TAIL), keep=5),
    Keras2Order("Keras 2.1+", _K3_SEPARABLE, keep=len(_K3_SEPARABLE)),
)
_DEPTHWISE_HEAD: Final = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format")
_DEPTHWISE_TAIL: Final = (
    "activation", "use_bias", "depthwise_initializer", "bias_initializer", "depthwise_regularizer",
    "bias_regularizer", "activity_regularizer", "depthwise_constraint", "bias_constraint",
)
_K3_DEPTHWISE: Final = (*_DEPTHWISE_HEAD, "dilation_rate", *_DEPTHWISE_TAIL)
_DEPTHWISE_ORDERS: Final = (
    Keras2Order("Keras 2 without dilation_rate", (*_DEPTHWISE_HEAD, *_DEPTHWISE_TAIL), keep=5),
    Keras2Order("tf.keras with dilation_rate", _K3_DEPTHWISE, keep=len(_K3_DEPTHWISE)),
)
_K3_EMBEDDING: Final = (
    "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer", "embeddings_constraint",
    "mask_zero", "weights", "lora_rank", "lora_alpha", "quantization_config",
)
_EMBEDDING_ORDERS: Final = (
    Keras2Order(
        "Keras 2",
        (
            "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer", "activity_regularizer",
            "embeddings_constraint", "mask_zero", "input_length", "sparse",
        ),
        keep=4,
        gone=frozenset({"sparse"}),
    ),
)
_RNN_FLAGS: Final = ("return_sequences", "return_state", "go_backwards", "stateful")
_GATE_WEIGHTS: Final = (
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
)
_GATES: Final = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer")
_LSTM_HEAD: Final = (*_GATES, "unit_forget_bias", *_GATE_WEIGHTS)
_GRU_HEAD: Final = (*_GATES, *_GATE_WEIGHTS)
_K3_LSTM: Final = (*_LSTM_HEAD, "seed", *_RNN_FLAGS, "unroll", "use_cudnn")
_K3_GRU: Final = (*_GRU_HEAD, "seed", *_RNN_FLAGS, "unroll", "reset_after", "use_cudnn")
_TIME_MAJOR: Final = frozenset({"time_major"})
_LSTM_ORDERS: Final = (
    Keras2Order("Keras 2 / tf.keras 1.x", (*_LSTM_HEAD, "implementation", *_RNN_FLAGS, "unroll"), keep=len(_LSTM_HEAD)),
    Keras2Order("tf.keras 2.x", (*_LSTM_HEAD, *_RNN_FLAGS, "time_major", "unroll"), keep=len(_LSTM_HEAD), gone=_TIME_MAJOR),
)
_GRU_ORDERS: Final = (
    Keras2Order("Keras 2 / tf.keras 1.x", (*_GRU_HEAD, "implementation", *_RNN_FLAGS, "unroll", "reset_after"), keep=len(_GRU_HEAD)),
    Keras2Order("tf.keras 2.x", (*_GRU_HEAD, *_RNN_FLAGS, "unroll", "time_major", "reset_after"), keep=len(_GRU_HEAD), gone=_TIME_MAJOR),
)
_CELL_WEIGHTS: Final = tuple(p for p in _GATE_WEIGHTS if p != "activity_regularizer")
_K3_LSTM_CELL: Final = (*_GATES, "unit_forget_bias", *_CELL_WEIGHTS, "seed")
_K3_GRU_CELL: Final = (*_GATES, *_CELL_WEIGHTS, "reset_after", "seed")
_LSTM_CELL_ORDERS: Final = (
    Keras2Order("Keras 2", (*_GATES, "unit_forget_bias", *_CELL_WEIGHTS, "implementation"), keep=len(_K3_LSTM_CELL) - 1),
)
_GRU_CELL_ORDERS: Final = (
    Keras2Order("Keras 2 / tf.keras 1.x", (*_GATES, *_CELL_WEIGHTS, "implementation", "reset_after"), keep=len(_K3_GRU_CELL) - 2),
    Keras2Order("tf.keras 2.x", (*_GATES, *_CELL_WEIGHTS, "reset_after"), keep=len(_K3_GRU_CELL) - 1),
)
_CONVLSTM_HEAD: Final = (
    *_CONV_HEAD, "data_format", "dilation_rate", "activation", "recurrent_activation", "use_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias", *_GATE_WEIGHTS[:7],
)
_K3_CONVLSTM: Final = (*_CONVLSTM_HEAD, "dropout", "recurrent_dropout", "seed", *_RNN_FLAGS)
_CONVLSTM_TF2: Final = Keras2Order(
    "tf.keras 2.x", (*_CONVLSTM_HEAD, *_RNN_FLAGS, "dropout", "recurrent_dropout"), keep=len(_CONVLSTM_HEAD)
)
_CONVLSTM2D_ORDERS: Final = (
    Keras2Order(
        "Keras 2 / tf.keras 1.x",
        (*_CONVLSTM_HEAD, "return_sequences", "go_backwards", "stateful", "dropout", "recurrent_dropout"),
        keep=len(_CONVLSTM_HEAD),
    ),
    _CONVLSTM_TF2,
)
_CUDNN_TAIL: Final = (*_GATE_WEIGHTS[:7], "return_sequences", "return_state", "stateful")
_CUDNN_GRU_ORDERS: Final = (
    Keras2Order("Keras 2", ("units", "kernel_initializer", "recurrent_initializer", "bias_initializer", *_CUDNN_TAIL), keep=1),
)
_CUDNN_LSTM_ORDERS: Final = (
    Keras2Order(
        "Keras 2",
        ("units", "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias", *_CUDNN_TAIL),
        keep=1,
    ),
)
_BATCHNORM_HEAD: Final = (
    "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
    "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
    "beta_constraint", "gamma_constraint",
)
_RENORM: Final = ("renorm", "renorm_clipping", "renorm_momentum")
_K3_BATCHNORM: Final = (*_BATCHNORM_HEAD, *_RENORM, "synchronized")
_BATCHNORM_ORDERS: Final = (
    Keras2Order(
        "tf.keras before 2.12",
        (*_BATCHNORM_HEAD, *_RENORM, "fused", "trainable", "virtual_batch_size", "adjustment", "name"),
        keep=len(_BATCHNORM_HEAD) + len(_RENORM),
        gone=frozenset({"fused", "virtual_batch_size", "adjustment"}),
    ),
    Keras2Order("tf.keras 2.12+", (*_BATCHNORM_HEAD, "synchronized"), keep=len(_BATCHNORM_HEAD)),
)
_TYPE_SPEC: Final = frozenset({"type_spec"})
_K3_INPUT: Final = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name", "tensor", "optional")
_INPUT_ORDERS: Final = (
    Keras2Order("tf.keras", ("shape", "batch_size", "name", "dtype", "sparse", "tensor", "ragged", "type_spec"), keep=2, gone=_TYPE_SPEC),
)
_K3_INPUT_LAYER: Final = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "input_tensor", "optional", "name")
_INPUT_LAYER_ORDERS: Final = (
    Keras2Order("Keras 2.0-2.3", ("input_shape", "batch_size", "batch_input_shape", "dtype", "input_tensor", "sparse", "name"), keep=2),
    Keras2Order(
        "tf.keras",
        ("input_shape", "batch_size", "dtype", "input_tensor", "sparse", "name", "ragged", "type_spec"),
        keep=3,
        gone=_TYPE_SPEC,
    ),
)
_K3_RNN: Final = ("cell", *_RNN_FLAGS, "unroll", "zero_output_for_mask")
_RNN_ORDERS: Final = (Keras2Order("tf.keras", ("cell", *_RNN_FLAGS, "unroll", "time_major"), keep=6, gone=_TIME_MAJOR),)
_ATTENTION_HEAD: Final = ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape", "attention_axes")
_K3_ATTENTION: Final = (*_ATTENTION_HEAD, "sliding_window", "flash_attention", *_BIAS_TAIL[1:], "use_gate", "seed")
_ATTENTION_ORDERS: Final = (
    Keras2Order(
        "tf.keras",
        (*_ATTENTION_HEAD, *_BIAS_TAIL[1:], "softmax_robust_masking"),
        keep=len(_ATTENTION_HEAD),
        gone=frozenset({"softmax_robust_masking"}),
    ),
)
# tf.keras already had Keras 3's order for these: a tensorflow.keras call is left alone
_K3_LAMBDA: Final = ("function", "output_shape", "mask", "arguments")
_K3_PRELU: Final = ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")

# The literals each Keras 2 parameter accepts: a literal another order's
# parameter cannot take proves which order a call follows. "<str>" is any
# string other than the data_format and padding values.
DATA_FORMAT_VALUES: Final[frozenset[str]] = frozenset({"channels_first", "channels_last"})
PADDING_VALUES: Final[frozenset[str]] = frozenset({"valid", "same", "causal"})
DTYPE_NAMES: Final[frozenset[str]] = frozenset(
    {
        "bfloat16", "bool", "complex64", "complex128", "float16", "float32", "float64", "int8", "int16",
        "int32", "int64", "string", "uint8", "uint16", "uint32", "uint64",
    }
)
REGULARIZER_NAMES: Final[frozenset[str]] = frozenset({"l1", "l1_l2", "l2", "orthogonal_regularizer"})
CONSTRAINT_NAMES: Final[frozenset[str]] = frozenset(
    {"max_norm", "maxnorm", "min_max_norm", "non_neg", "nonneg", "unit_norm", "unitnorm"}
)
_INT_OR_TUPLE: Final = frozenset({"<int>", "<tuple>"})
_STR_OR_NONE: Final = frozenset({"<str>", "None"})
_BOOL_PARAMS: Final = (
    "center", "go_backwards", "mask_zero", "ragged", "renorm", "reset_after", "return_sequences", "return_state",
    "scale", "sparse", "stateful", "synchronized", "time_major", "unit_forget_bias", "unroll", "use_bias",
)
_REGULARIZERS: Final = ("activity_regularizer", "bias_regularizer", "embeddings_regularizer", "kernel_regularizer")
_CONSTRAINTS: Final = ("bias_constraint", "embeddings_constraint", "kernel_constraint")
KERAS2_PARAM_LITERALS: Final[Mapping[str, frozenset[str]]] = {
    **dict.fromkeys(_BOOL_PARAMS, frozenset({"<bool>"})),
    **dict.fromkeys(_REGULARIZERS, REGULARIZER_NAMES | {"None"}),
    **dict.fromkeys(_CONSTRAINTS, CONSTRAINT_NAMES | {"None"}),
    "activation": _STR_OR_NONE,
    "batch_input_shape": frozenset({"<tuple>", "None"}),
    "batch_shape": frozenset({"<tuple>", "None"}),
    "batch_size": frozenset({"<int>", "None"}),
    "data_format": DATA_FORMAT_VALUES | {"None"},
    "depth_multiplier": frozenset({"<int>"}),
    "dilation_rate": _INT_OR_TUPLE,
    "dropout": frozenset({"<int>", "<float>"}),
    "dtype": DTYPE_NAMES | {"None"},
    "groups": frozenset({"<int>"}),
    "implementation": frozenset({"<int>"}),
    "input_length": frozenset({"<int>", "None"}),
    "kernel_size": _INT_OR_TUPLE,
    "lora_rank": frozenset({"<int>", "None"}),
    "name": _STR_OR_NONE,
    "output_padding": _INT_OR_TUPLE | {"None"},
    "padding": PADDING_VALUES,
    "recurrent_activation": _STR_OR_NONE,
    "recurrent_dropout": frozenset({"<int>", "<float>"}),
    "seed": frozenset({"<int>", "None"}),
    "strides": _INT_OR_TUPLE,
    "weights": frozenset({"<tuple>", "None"}),
}

# ---------------------------------------------------------------------------
# Keras 1.2.2 positional signatures (spec §3.2)
# ---------------------------------------------------------------------------

# a tuple where Keras 1 had an int: the kernel size (or strides) of a Keras 2 call
_TUPLE_KERNEL: Final = {1: frozenset({"<tuple>"}), 2: frozenset({"<tuple>"})}

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
_LOCAL1D: Final = Signature(
    params=_CONV1D.params,
    keep=2,
    # LocallyConnected1D kept its name in Keras 2, where position 2 is `strides`
    k1_markers={2: INITIALIZER_NAMES},
    k2_markers={2: frozenset({"<int>", "<tuple>"})},
    ambiguous_from=3,
)
_LOCAL2D: Final = Signature(
    params=_CONV2D.params,
    keep=3,
    fuse=("nb_row", "nb_col"),
    # LocallyConnected2D(64, (3, 3)) is Keras 2; (64, 3, 3) is Keras 1 (as Keras 2.0 read it)
    k1_markers={2: frozenset({"<int>"})},
    k2_markers=_TUPLE_KERNEL,
    ambiguous_from=3,
)
_CONVLSTM2D: Final = Signature(
    params=(
        "nb_filter", "nb_row", "nb_col", "init", "inner_init", "forget_bias_init", "activation", "inner_activation",
        "dim_ordering", "border_mode", "subsample", "W_regularizer", "U_regularizer", "b_regularizer", "dropout_W", "dropout_U",
    ),
    keep=3,
    fuse=("nb_row", "nb_col"),
    k1_markers={2: frozenset({"<int>"})},
    k2_markers=_TUPLE_KERNEL,
    ambiguous_from=3,
    keras2=_CONVLSTM2D_ORDERS,
    keras3=_K3_CONVLSTM,
)
# Keras 1.2.2 also exported Conv1D/Conv2D/Conv3D/Deconv2D/SeparableConv2D as
# aliases of the Convolution* classes, with the Keras 1 signature; Keras 2 made
# them classes with another order. `Conv2D(64, 3, 3)` is a 3x3 kernel in Keras 1
# and a kernel of 3 with strides 3 in Keras 2: without a keyword that proves the
# version, such a call is a finding, never a guess.
_CONV1D_SHARED: Final = Signature(
    params=_CONV1D.params,
    keep=2,
    k1_markers={2: INITIALIZER_NAMES},
    k2_markers={2: frozenset({"<int>", "<tuple>"})},
    ambiguous_from=3,
    keras2=_CONV1D_ORDERS,
    keras3=_K3_CONV,
)
_CONV2D_SHARED: Final = Signature(
    params=_CONV2D.params, keep=3, fuse=_CONV2D.fuse, k2_markers=_TUPLE_KERNEL, ambiguous_from=3, keras2=_CONV_ORDERS, keras3=_K3_CONV
)
_SEPARABLE2D_SHARED: Final = Signature(
    params=_SEPARABLE2D.params,
    keep=3,
    fuse=_CONV2D.fuse,
    k2_markers=_TUPLE_KERNEL,
    ambiguous_from=3,
    keras2=_SEPARABLE2D_ORDERS,
    keras3=_K3_SEPARABLE,
)
_DECONV2D_SHARED: Final = Signature(
    params=_DECONV2D.params,
    keep=3,
    fuse=_CONV2D.fuse,
    k2_markers=_TUPLE_KERNEL,
    ambiguous_from=3,
    keras2=_CONV2D_T_ORDERS,
    keras3=_T_FULL,
)
_CONV3D_SHARED: Final = Signature(
    params=_CONV3D.params,
    keep=4,
    fuse=("kernel_dim1", "kernel_dim2", "kernel_dim3"),
    k1_markers={3: frozenset({"<int>"})},
    k2_markers=_TUPLE_KERNEL,
    ambiguous_from=3,
    keras2=_CONV_ORDERS,
    keras3=_K3_CONV,
)
# Recurrent layers kept their names in Keras 2, where position 1 is `activation`.
_RNN_MARKERS: Final = {1: INITIALIZER_NAMES}
_RNN_K2_MARKERS: Final = {1: ACTIVATION_NAMES}
_SIMPLE_RNN: Final = Signature(
    params=("output_dim", "init", "inner_init", "activation", "W_regularizer", "U_regularizer", "b_regularizer", "dropout_W", "dropout_U"),
    keep=1,
    k1_markers=_RNN_MARKERS,
    k2_markers=_RNN_K2_MARKERS,
    ambiguous_from=2,
)
_GRU: Final = Signature(
    params=("output_dim", "init", "inner_init", "activation", "inner_activation", "W_regularizer", "U_regularizer", "b_regularizer", "dropout_W", "dropout_U"),
    keep=1,
    k1_markers=_RNN_MARKERS,
    k2_markers=_RNN_K2_MARKERS,
    ambiguous_from=2,
    keras2=_GRU_ORDERS,
    keras3=_K3_GRU,
)
_LSTM: Final = Signature(
    params=("output_dim", "init", "inner_init", "forget_bias_init", "activation", "inner_activation", "W_regularizer", "U_regularizer", "b_regularizer", "dropout_W", "dropout_U"),
    keep=1,
    k1_markers=_RNN_MARKERS,
    k2_markers=_RNN_K2_MARKERS,
    ambiguous_from=2,
    keras2=_LSTM_ORDERS,
    keras3=_K3_LSTM,
)
# Multi-backend Keras 2 kept Keras 1's Input order, which keras.Input calls are
# bound against; tf.keras put `batch_size` second (its order binds tensorflow.keras calls)
_INPUT: Final = Signature(
    params=("shape", "batch_shape", "name", "dtype", "sparse", "tensor"),
    keep=1,
    keras2=_INPUT_ORDERS,
    keras3=_K3_INPUT,
)
_POOL1D: Final = Signature(params=("pool_length", "stride", "border_mode"), keep=3)
_POOL2D: Final = Signature(params=("pool_size", "strides", "border_mode", "dim_ordering"), keep=3)
_GLOBAL_POOL: Final = Signature(params=("dim_ordering",), keep=0)
_NO_ARGS: Final = Signature(params=(), keep=0)

_KEEP_ONE = {
    name: Signature(params=(param,), keep=1)
    for name, param in (
        ("Activation", "activation"), ("ELU", "alpha"), ("GaussianDropout", "p"), ("GaussianNoise", "sigma"),
        ("LeakyReLU", "alpha"), ("Masking", "mask_value"), ("Permute", "dims"), ("RepeatVector", "n"),
        ("Reshape", "target_shape"), ("SpatialDropout1D", "p"), ("ThresholdedReLU", "theta"),
        ("TimeDistributed", "layer"),
    )
}

# Classes Keras 1 did not have whose later positions moved after Keras 2
_KERAS2_ONLY: Final[Mapping[str, Signature]] = {
    name: Signature(params=(), keep=0, keras2=orders, keras3=keras3)
    for name, orders, keras3 in (
        ("Conv2DTranspose", _CONV2D_T_ORDERS, _T_FULL),
        ("Conv3DTranspose", _CONV3D_T_ORDERS, _K3_CONV3D_T),
        ("ConvLSTM1D", (_CONVLSTM_TF2,), _K3_CONVLSTM),
        ("ConvLSTM3D", (_CONVLSTM_TF2,), _K3_CONVLSTM),
        ("Convolution2DTranspose", _CONV2D_T_ORDERS, _T_FULL),
        # CuDNNGRU/CuDNNLSTM become GRU/LSTM, whose second positional is `activation`
        ("CuDNNGRU", _CUDNN_GRU_ORDERS, ()),
        ("CuDNNLSTM", _CUDNN_LSTM_ORDERS, ()),
        ("DepthwiseConv2D", _DEPTHWISE_ORDERS, _K3_DEPTHWISE),
        ("GRUCell", _GRU_CELL_ORDERS, _K3_GRU_CELL),
        ("LSTMCell", _LSTM_CELL_ORDERS, _K3_LSTM_CELL),
        ("MultiHeadAttention", _ATTENTION_ORDERS, _K3_ATTENTION),
        ("RNN", _RNN_ORDERS, _K3_RNN),
    )
}

LAYER_SIGNATURES: Final[Mapping[str, Signature]] = {
    **{f"keras.layers.{name}": sig for name, sig in _KEEP_ONE.items()},
    **{f"keras.layers.{name}": sig for name, sig in _KERAS2_ONLY.items()},
    "keras.Input": _INPUT,
    "keras.layers.ActivityRegularization": Signature(params=("l1", "l2"), keep=2),
    "keras.layers.BatchNormalization": Signature(
        params=("epsilon", "mode", "axis", "momentum", "weights", "beta_init", "gamma_init", "gamma_regularizer", "beta_regularizer"),
        keep=0,
        # Keras 2's first positional is `axis` (an int), Keras 1's `epsilon` (a float)
        k1_markers={0: frozenset({"<float>"})},
        k2_markers={0: frozenset({"<int>"})},
        ambiguous_from=1,
        keras2=_BATCHNORM_ORDERS,
        keras3=_K3_BATCHNORM,
    ),
    "keras.layers.Bidirectional": Signature(params=("layer", "merge_mode", "weights"), keep=3),
    "keras.layers.Conv1D": _CONV1D_SHARED,
    "keras.layers.Conv2D": _CONV2D_SHARED,
    "keras.layers.Conv3D": _CONV3D_SHARED,
    "keras.layers.ConvLSTM2D": _CONVLSTM2D,
    "keras.layers.Embedding": Signature(
        params=("input_dim", "output_dim", "init", "input_length", "W_regularizer", "activity_regularizer", "W_constraint", "mask_zero", "weights", "dropout"),
        keep=2,
        # Keras 2's position 3 is `embeddings_regularizer`; Keras 1's `input_length` (an
        # int). None could be either, and Keras 2's position 4 is `activity_regularizer`.
        # `mask_zero` (a bool) is Keras 1's position 7 and Keras 2's 6
        k1_markers={3: frozenset({"<int>"}), 7: frozenset({"<bool>"})},
        k2_markers={6: frozenset({"<bool>"})},
        ambiguous_from=4,
        keras2=_EMBEDDING_ORDERS,
        keras3=_K3_EMBEDDING,
    ),
    "keras.layers.GRU": _GRU,
    "keras.layers.Input": _INPUT,
    "keras.layers.InputLayer": Signature(
        params=("input_shape", "batch_input_shape", "input_dtype", "input_tensor", "sparse", "name"),
        keep=0,
        # Keras 2's position 1 is `batch_size` (an int), Keras 1's `batch_input_shape` (a tuple)
        k1_markers={1: frozenset({"<tuple>", "None"})},
        k2_markers={1: frozenset({"<int>"})},
        ambiguous_from=2,
        keras2=_INPUT_LAYER_ORDERS,
        keras3=_K3_INPUT_LAYER,
    ),
    "keras.layers.LSTM": _LSTM,
    "keras.layers.Lambda": Signature(
        params=("function", "output_shape", "arguments"),
        keep=2,
        keras2=(Keras2Order("tf.keras", _K3_LAMBDA, keep=len(_K3_LAMBDA)),),
        keras3=_K3_LAMBDA,
    ),
    "keras.layers.LocallyConnected1D": _LOCAL1D,
    "keras.layers.LocallyConnected2D": _LOCAL2D,
    # keep=0: the Keras 1 initializer names ('zero') are not all Keras 3 names
    "keras.layers.PReLU": Signature(
        params=("init", "weights", "shared_axes"),
        keep=0,
        keras2=(Keras2Order("Keras 2", _K3_PRELU, keep=len(_K3_PRELU)),),
        keras3=_K3_PRELU,
    ),
    "keras.layers.SimpleRNN": _SIMPLE_RNN,
    "keras.layers.SpatialDropout2D": Signature(params=("p", "dim_ordering"), keep=1),
    "keras.layers.SpatialDropout3D": Signature(params=("p", "dim_ordering"), keep=1),
    "keras.layers.TimeDistributedDense": Signature(
        params=("output_dim", "init", "activation", "weights", "W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint", "bias", "input_dim", "input_length"),
        keep=1,
    ),
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
    "keras.layers.Deconv2D": _DECONV2D_SHARED,
    "keras.layers.Deconvolution2D": _DECONV2D,
    "keras.layers.Dense": Signature(
        params=("output_dim", "init", "activation", "weights", "W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint", "bias", "input_dim"),
        keep=1,
        # Dense is also a Keras 2 name whose second positional is `activation`.
        k1_markers={1: INITIALIZER_NAMES},
        k2_markers={1: ACTIVATION_NAMES},
        ambiguous_from=2,
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
    "keras.layers.SeparableConv2D": _SEPARABLE2D_SHARED,
    "keras.layers.SeparableConvolution2D": _SEPARABLE2D,
    "keras.layers.UpSampling1D": Signature(params=("length",), keep=1),
    "keras.layers.UpSampling2D": Signature(params=("size", "dim_ordering"), keep=1),
    "keras.layers.UpSampling3D": Signature(params=("size", "dim_ordering"), keep=1),
    "keras.layers.ZeroPadding1D": Signature(params=("padding",), keep=1),
    "keras.layers.ZeroPadding2D": Signature(params=("padding", "dim_ordering"), keep=1),
    "keras.layers.ZeroPadding3D": Signature(params=("padding", "dim_ordering"), keep=1),
}


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
    # the backend rule turns K.image_dim_ordering() into K.image_data_format()
    trusted_calls=frozenset({"keras.backend.image_dim_ordering", "keras.backend.image_data_format"}),
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
_RECURRENT_KWARGS: Final = (
    KwargRename(old="output_dim", new="units"),
    INIT,
    KwargRename(old="inner_init", new="recurrent_initializer", values={"zero": "zeros", "one": "ones"}),
    KwargRename(old="W_regularizer", new="kernel_regularizer"),
    KwargRename(old="U_regularizer", new="recurrent_regularizer"),
    KwargRename(old="b_regularizer", new="bias_regularizer"),
    KwargRename(old="dropout_W", new="dropout"),
    KwargRename(old="dropout_U", new="recurrent_dropout"),
    # a performance knob only (spec §4.7); Keras 3 ignores `implementation`
    KwargRename(old="consume_less", new=None, drop_always=True),
)
_INNER_ACTIVATION: Final = KwargRename(old="inner_activation", new="recurrent_activation")
FORGET_BIAS_INIT: Final = KwargRename(
    old="forget_bias_init",
    new="unit_forget_bias",
    value_exprs={"one": "True", "ones": "True", "zero": "False", "zeros": "False"},
    other_hint=(
        "forget_bias_init other than 'one'/'zero' has no Keras 3 keyword: set unit_forget_bias=False "
        "and give bias_initializer a custom initializer that fills the forget-gate quarter"
    ),
    nonliteral_hint="forget_bias_init is not a literal: use unit_forget_bias=True for 'one', False for 'zero'",
)
_BATCHNORM_MODE: Final = KwargRename(
    old="mode",
    new=None,
    drop_values=frozenset({"0"}),
    manual_values={
        "1": (
            "BatchNormalization(mode=1) normalised each sample over its features: use "
            "LayerNormalization(axis=-1) (no moving statistics) instead"
        ),
        "2": (
            "BatchNormalization(mode=2) used batch statistics also at inference: call the layer "
            "with training=True, or keep mode 0 semantics by dropping mode"
        ),
    },
    other_hint="BatchNormalization(mode=...) is gone in Keras 3: mode 0 is the only behaviour",
    nonliteral_hint="BatchNormalization(mode=...) is gone in Keras 3: mode 0 is the only behaviour",
)
_CONVLSTM_KWARGS: Final = (
    KwargRename(old="nb_filter", new="filters"),
    *(r for r in _RECURRENT_KWARGS if r.old not in ("output_dim", "consume_less")),
    _INNER_ACTIVATION,
    FORGET_BIAS_INIT,
    BORDER_MODE,
    KwargRename(old="subsample", new="strides"),
    DIM_ORDERING,
)
_EMBEDDING_KWARGS: Final = (
    KwargRename(old="init", new="embeddings_initializer", values={"zero": "zeros", "one": "ones"}),
    KwargRename(old="W_regularizer", new="embeddings_regularizer"),
    KwargRename(old="W_constraint", new="embeddings_constraint"),
)
_SPATIAL_DROPOUT_KWARGS: Final = (KwargRename(old="p", new="rate"), DIM_ORDERING)

LAYER_KWARG_RENAMES: Final[Mapping[str, tuple[KwargRename, ...]]] = {
    "keras.layers.BatchNormalization": (
        KwargRename(old="beta_init", new="beta_initializer", values={"zero": "zeros", "one": "ones"}),
        KwargRename(old="gamma_init", new="gamma_initializer", values={"zero": "zeros", "one": "ones"}),
        _BATCHNORM_MODE,
    ),
    "keras.layers.ConvLSTM2D": _CONVLSTM_KWARGS,
    "keras.layers.Embedding": _EMBEDDING_KWARGS,
    "keras.layers.GRU": (*_RECURRENT_KWARGS, _INNER_ACTIVATION),
    "keras.layers.GaussianDropout": (KwargRename(old="p", new="rate"),),
    "keras.layers.GaussianNoise": (KwargRename(old="sigma", new="stddev"),),
    "keras.layers.InputLayer": (
        KwargRename(old="input_shape", new="shape"),
        KwargRename(old="batch_input_shape", new="batch_shape"),
        KwargRename(old="input_dtype", new="dtype"),
    ),
    "keras.layers.LSTM": (*_RECURRENT_KWARGS, _INNER_ACTIVATION, FORGET_BIAS_INIT),
    "keras.layers.LocallyConnected1D": _CONV1D_KWARGS,
    "keras.layers.LocallyConnected2D": _CONV_KWARGS,
    "keras.layers.PReLU": (KwargRename(old="init", new="alpha_initializer", values={"zero": "zeros", "one": "ones"}),),
    "keras.layers.SimpleRNN": _RECURRENT_KWARGS,
    "keras.layers.SpatialDropout1D": (KwargRename(old="p", new="rate"),),
    "keras.layers.SpatialDropout2D": _SPATIAL_DROPOUT_KWARGS,
    "keras.layers.SpatialDropout3D": _SPATIAL_DROPOUT_KWARGS,
    "keras.layers.TimeDistributedDense": _DENSE_KWARGS,
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
    # Keras 1's Container was the functional model without training methods (spec §2.11)
    "keras.layers.Container": "tensorflow.keras.models.Model",
    # Keras 3's LSTM/GRU pick the cuDNN kernel themselves (spec §2.14-2.15)
    "keras.layers.CuDNNGRU": "tensorflow.keras.layers.GRU",
    "keras.layers.CuDNNLSTM": "tensorflow.keras.layers.LSTM",
    # TimeDistributedDense(...) -> TimeDistributed(Dense(...)); see removed_layers
    "keras.layers.TimeDistributedDense": "tensorflow.keras.layers.TimeDistributed",
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
# §3.1.2-3.1.4): "dim" gives (input_dim,), "length_dim" gives (input_length,
# input_dim), "length" (Embedding, whose input_dim is the vocabulary) gives (input_length,).
INPUT_SHAPE_KWARGS: Final[Mapping[str, str]] = {
    "keras.layers.AtrousConv1D": "length_dim",
    "keras.layers.AtrousConvolution1D": "length_dim",
    "keras.layers.Conv1D": "length_dim",
    "keras.layers.Convolution1D": "length_dim",
    "keras.layers.Dense": "dim",
    "keras.layers.Embedding": "length",
    "keras.layers.GRU": "length_dim",
    "keras.layers.Highway": "dim",
    "keras.layers.LSTM": "length_dim",
    "keras.layers.LocallyConnected1D": "length_dim",
    "keras.layers.MaxoutDense": "dim",
    "keras.layers.SimpleRNN": "length_dim",
    "keras.layers.TimeDistributedDense": "length_dim",
}

# Keras 1 layers whose first positional Keras 3 takes by another keyword and
# whose old keyword is deprecated: LeakyReLU(alpha=0.2) -> LeakyReLU(0.2)
# (valid on tf.keras 2.x and Keras 3, spec G4).
LAYER_KWARGS_TO_POSITIONAL: Final[Mapping[str, str]] = {
    "keras.layers.LeakyReLU": "alpha",
}

# Keras 1 layers with no tensorflow.keras counterpart and no faithful one-line
# replacement: calls get a finding saying what to write (spec §2.17-2.18, §5).
REMOVED_LAYERS: Final[Mapping[str, str]] = {
    "keras.layers.Highway": (
        "Highway was removed in Keras 2: compose t = Dense(n, activation='sigmoid', "
        "bias_initializer='ones')(x), h = Dense(n, activation=act)(x), y = t * h + (1 - t) * x"
    ),
    "keras.layers.LocallyConnected1D": (
        "LocallyConnected1D is not in Keras 3: copy its implementation into the project "
        "or run this model with tf_keras (pip install tf_keras, TF_USE_LEGACY_KERAS=1)"
    ),
    "keras.layers.LocallyConnected2D": (
        "LocallyConnected2D is not in Keras 3: copy its implementation into the project "
        "or run this model with tf_keras (pip install tf_keras, TF_USE_LEGACY_KERAS=1)"
    ),
    "keras.layers.MaxoutDense": (
        "MaxoutDense was removed in Keras 2: use Dense(output_dim * nb_feature), "
        "Reshape((nb_feature, output_dim)) and a Lambda taking the max over axis 1"
    ),
    "keras.layers.ParametricSoftplus": (
        "ParametricSoftplus was removed in Keras 2: write a custom layer "
        "(alpha * softplus(beta * x) with trainable alpha, beta; keras-contrib had one)"
    ),
    "keras.layers.SReLU": (
        "SReLU was removed in Keras 2: write a custom layer (keras-contrib had one)"
    ),
    "keras.models.Graph": (
        "the Graph model (Keras 0.x) is gone: rebuild it with the functional API, "
        "Model(inputs=[...], outputs=[...])"
    ),
    "keras.layers.ConvRecurrent2D": (
        "ConvRecurrent2D (an abstract base) is gone: subclass ConvLSTM2D or write a cell for RNN"
    ),
    "keras.layers.Recurrent": (
        "Recurrent (an abstract base) is gone: write a cell layer with call(inputs, states) "
        "and state_size, and wrap it in RNN(cell)"
    ),
}

# Renamed layers whose saved weights do not fit the new class: a finding tells.
LAYER_WEIGHT_LAYOUT_NOTES: Final[Mapping[str, str]] = {
    "keras.layers.CuDNNGRU": (
        "CuDNNGRU is now GRU (reset_after=True, sigmoid gates: the cuDNN formulation, the "
        "Keras 3 defaults); weights saved from CuDNNGRU need converting (tf_keras can load them)"
    ),
    "keras.layers.CuDNNLSTM": (
        "CuDNNLSTM is now LSTM, which uses cuDNN itself; CuDNNLSTM weights had a double bias "
        "(8 * units): add the two halves before set_weights"
    ),
}

# Removed layers with a faithful replacement that wraps another layer:
# canonical -> (wrapper target, inner layer target). The wrapper keeps `name`,
# `trainable` and the input shape; every other argument goes to the inner layer.
LAYER_WRAPPED: Final[Mapping[str, tuple[str, str]]] = {
    "keras.layers.TimeDistributedDense": ("tensorflow.keras.layers.TimeDistributed", "tensorflow.keras.layers.Dense"),
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
        "ZeroPadding3D", "merge", "ConvRecurrent2D", "Container",
        # Keras 2 names
        "Add", "Average", "AvgPool1D", "AvgPool2D", "AvgPool3D", "Concatenate", "Conv1D", "Conv2D",
        "Conv2DTranspose", "Conv3D", "Convolution2DTranspose", "Dot", "GlobalAvgPool1D",
        "GlobalAvgPool2D", "GlobalAvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D",
        "GlobalMaxPool3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "Maximum", "Multiply",
        "add", "average", "concatenate", "dot", "maximum", "multiply", "CuDNNGRU", "CuDNNLSTM",
        # Keras 2 classes whose later positionals moved (spec §10.6)
        "Conv3DTranspose", "ConvLSTM1D", "ConvLSTM3D", "DepthwiseConv2D", "GRUCell", "LSTMCell",
        "MultiHeadAttention", "RNN",
    }
)
