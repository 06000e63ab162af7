"""The backend module ``K`` (spec §8, §1.26-1.27, §6.16-6.17, §10.21-10.22).

Keys are canonical names: ``keras.backend.X`` for every spelling
(``K.X`` after ``from keras import backend as K``, ``keras.backend.common.X``,
``from keras.backend import X``). Signatures are the Keras 1.2.2 ones
(``keras/backend/tensorflow_backend.py``); ``keep`` counts the leading positions
that mean the same in ``tensorflow.keras.backend`` of TensorFlow 2.21, which
``tests/test_tables_backend_tensorflow.py`` checks with ``inspect.signature``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from codemods.tables.rows import KwargRename, Signature

B: Final = "keras.backend."
TF_BACKEND: Final = "tensorflow.keras.backend."

# 'th' / 'tf' -> the Keras 2 data_format values (spec §4.1, §8.1).
ORDERING_VALUES: Final[Mapping[str, str]] = {"th": "channels_first", "tf": "channels_last"}

_DIM_ORDERING_HINT: Final = (
    "dim_ordering is not a string literal: data_format needs 'channels_first' or "
    "'channels_last' where this value is 'th' or 'tf'"
)
# dim_ordering='default' read keras.json; data_format=None reads the same global today
DIM_ORDERING: Final = KwargRename(
    old="dim_ordering",
    new="data_format",
    values=ORDERING_VALUES,
    drop_values=frozenset({"default"}),
    nonliteral_hint=_DIM_ORDERING_HINT,
)
# resize_images/resize_volumes take the ordering as a required argument
REQUIRED_DIM_ORDERING: Final = KwargRename(
    old="dim_ordering", new="data_format", values=ORDERING_VALUES, nonliteral_hint=_DIM_ORDERING_HINT
)
_BORDER_MODE: Final = KwargRename(old="border_mode", new="padding")
_DROPPED: Final = tuple(
    KwargRename(old=name, new=None, drop_always=True) for name in ("filter_shape", "image_shape", "volume_shape")
)
_CONV: Final = (_BORDER_MODE, DIM_ORDERING, *_DROPPED)

BACKEND_SIGNATURES: Final[Mapping[str, Signature]] = {
    B + "asymmetric_spatial_2d_padding": Signature(
        ("x", "top_pad", "bottom_pad", "left_pad", "right_pad", "dim_ordering"), keep=1
    ),
    B + "asymmetric_temporal_padding": Signature(("x", "left_pad", "right_pad"), keep=1),
    B + "atrous_conv2d": Signature(
        ("x", "kernel", "rate", "border_mode", "dim_ordering", "image_shape", "filter_shape"), keep=2
    ),
    # Keras 2.2 put axis before epsilon (and TensorFlow 2.21 ignores axis)
    B + "batch_normalization": Signature(("x", "mean", "var", "beta", "gamma", "epsilon"), keep=5),
    B + "conv1d": Signature(("x", "kernel", "stride", "border_mode", "image_shape", "filter_shape"), keep=4),
    B + "conv2d": Signature(
        ("x", "kernel", "strides", "border_mode", "dim_ordering", "image_shape", "filter_shape", "filter_dilation"),
        keep=4,
    ),
    B + "conv3d": Signature(
        ("x", "kernel", "strides", "border_mode", "dim_ordering", "volume_shape", "filter_shape"), keep=4
    ),
    B + "deconv2d": Signature(
        ("x", "kernel", "output_shape", "strides", "border_mode", "dim_ordering", "image_shape", "filter_shape"),
        keep=5,
    ),
    B + "pool2d": Signature(("x", "pool_size", "strides", "border_mode", "dim_ordering", "pool_mode"), keep=4),
    B + "pool3d": Signature(("x", "pool_size", "strides", "border_mode", "dim_ordering", "pool_mode"), keep=4),
    B + "resize_images": Signature(("X", "height_factor", "width_factor", "dim_ordering"), keep=3),
    B + "resize_volumes": Signature(("X", "depth_factor", "height_factor", "width_factor", "dim_ordering"), keep=4),
    B + "separable_conv2d": Signature(
        ("x", "depthwise_kernel", "pointwise_kernel", "strides", "border_mode", "dim_ordering"), keep=5
    ),
    B + "spatial_2d_padding": Signature(("x", "padding", "dim_ordering"), keep=2),
    B + "spatial_3d_padding": Signature(("x", "padding", "dim_ordering"), keep=2),
}

BACKEND_KWARG_RENAMES: Final[Mapping[str, tuple[KwargRename, ...]]] = {
    B + "asymmetric_spatial_2d_padding": (DIM_ORDERING,),
    B + "atrous_conv2d": (KwargRename(old="rate", new="dilation_rate"), *_CONV),
    B + "batch_get_value": (KwargRename(old="xs", new="tensors"),),
    B + "conv1d": (KwargRename(old="stride", new="strides"), _BORDER_MODE, *_DROPPED),
    B + "conv2d": (*_CONV, KwargRename(old="filter_dilation", new="dilation_rate")),
    B + "conv3d": _CONV,
    B + "deconv2d": _CONV,
    B + "expand_dims": (KwargRename(old="dim", new="axis"),),
    B + "moving_average_update": (KwargRename(old="variable", new="x"),),
    B + "one_hot": (KwargRename(old="nb_classes", new="num_classes"),),
    B + "pool2d": (_BORDER_MODE, DIM_ORDERING),
    B + "pool3d": (_BORDER_MODE, DIM_ORDERING),
    B + "random_binomial": (),
    B + "random_normal": (KwargRename(old="std", new="stddev"),),
    B + "random_uniform": (KwargRename(old="low", new="minval"), KwargRename(old="high", new="maxval")),
    B + "resize_images": (KwargRename(old="X", new="x"), REQUIRED_DIM_ORDERING),
    B + "resize_volumes": (KwargRename(old="X", new="x"), REQUIRED_DIM_ORDERING),
    B + "separable_conv2d": (_BORDER_MODE, DIM_ORDERING),
    B + "spatial_2d_padding": (DIM_ORDERING,),
    B + "spatial_3d_padding": (DIM_ORDERING,),
}

# Functions that kept their meaning under another name (symbol renames: every
# reference and the import line follow).
BACKEND_RENAMES: Final[Mapping[str, str]] = {
    B + "asymmetric_spatial_2d_padding": TF_BACKEND + "spatial_2d_padding",
    B + "asymmetric_temporal_padding": TF_BACKEND + "temporal_padding",
    B + "atrous_conv2d": TF_BACKEND + "conv2d",
    B + "deconv2d": TF_BACKEND + "conv2d_transpose",
    B + "get_variable_shape": TF_BACKEND + "int_shape",
    B + "lesser": TF_BACKEND + "less",
    B + "lesser_equal": TF_BACKEND + "less_equal",
    B + "random_binomial": TF_BACKEND + "random_bernoulli",
}

# Keras 1 conv1d always read (steps, features); today's reads the global format.
BACKEND_ADDED_KWARGS: Final[Mapping[str, tuple[str, str]]] = {
    B + "conv1d": ("data_format", "'channels_last'"),
}

# Convolutions whose kernel layout depended on dim_ordering in Keras 1 (§8.19).
KERNEL_LAYOUT_CALLS: Final[frozenset[str]] = frozenset(
    B + name for name in ("atrous_conv2d", "conv2d", "conv3d", "deconv2d", "separable_conv2d")
)

# Keras 1 padding amounts -> (before, after) pairs: canonical -> number of spatial axes.
PADDING_AXES: Final[Mapping[str, int]] = {
    B + "spatial_2d_padding": 2,
    B + "spatial_3d_padding": 3,
    B + "temporal_padding": 1,
}
# asymmetric_* -> the symmetric function with pairs: the Keras 1 keywords, in pair order
ASYMMETRIC_PADDING: Final[Mapping[str, tuple[tuple[str, str], ...]]] = {
    B + "asymmetric_spatial_2d_padding": (("top_pad", "bottom_pad"), ("left_pad", "right_pad")),
    B + "asymmetric_temporal_padding": (("left_pad", "right_pad"),),
}

# Keras 1 binary/categorical crossentropy took (output, target) up to Keras 2.0.6.
CROSSENTROPY_CALLS: Final[frozenset[str]] = frozenset(
    B + name for name in ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")
)

_LEARNING_PHASE: Final = (
    "pass training=True/False to the model or layer call instead, and read a `training` "
    "argument in custom layers' call()"
)
_SESSION: Final = (
    "TensorFlow 2 has no session: delete the session code; for GPU memory use "
    "tf.config.experimental.set_memory_growth(gpu, True) on tf.config.list_physical_devices('GPU')"
)

# Names gone from tensorflow.keras.backend (TensorFlow 2.21), with what to write instead.
REMOVED_BACKEND: Final[Mapping[str, str]] = {
    B + "conv3d_transpose": "K.conv3d_transpose was removed: use tf.nn.conv3d_transpose or a Conv3DTranspose layer",
    B + "function": (
        "K.function is gone: build a Model(inputs, outputs) and call it (model(x, training=False)), "
        "or wrap the computation in tf.function"
    ),
    B + "get_session": _SESSION,
    B + "identity": "K.identity is gone: use tf.identity",
    B + "in_test_phase": (
        "K.in_test_phase is gone: do this in a custom layer's call(inputs, training=None) "
        "with `alt if training else x`"
    ),
    B + "in_train_phase": (
        "K.in_train_phase is gone: do this in a custom layer's call(inputs, training=None) "
        "with `x if training else alt`"
    ),
    B + "is_placeholder": "K.is_placeholder is gone: use K.is_keras_tensor for symbolic inputs",
    B + "learning_phase": "K.learning_phase() is gone: " + _LEARNING_PHASE,
    B + "learning_phase_scope": "K.learning_phase_scope is gone: " + _LEARNING_PHASE,
    B + "legacy_weight_ordering": "Theano-era weight ordering is gone: delete the call",
    B + "local_conv1d": "K.local_conv1d is gone: LocallyConnected layers have no Keras 3 counterpart; rewrite by hand",
    B + "local_conv2d": "K.local_conv2d is gone: LocallyConnected layers have no Keras 3 counterpart; rewrite by hand",
    B + "logsumexp": "K.logsumexp is gone: use tf.reduce_logsumexp(x, axis, keepdims)",
    B + "manual_variable_initialization": "variables are initialised when created in TensorFlow 2: delete the call",
    B + "normalize_batch_in_training": (
        "K.normalize_batch_in_training is gone: use tf.nn.moments and K.batch_normalization, "
        "or a BatchNormalization layer"
    ),
    B + "placeholder": "K.placeholder is gone: use Input(shape=..., dtype=...) (shape without the batch axis)",
    B + "print_tensor": "K.print_tensor is gone: call tf.print(message, x) as a statement and keep using x",
    B + "reset_uids": "K.reset_uids is gone: K.clear_session() resets the layer-name counters",
    B + "set_learning_phase": "K.set_learning_phase is gone: delete it and " + _LEARNING_PHASE,
    B + "set_legacy_weight_ordering": "Theano-era weight ordering is gone: delete the call",
    B + "set_session": _SESSION,
}

# Present but not usable the Keras 1 way.
BROKEN_BACKEND: Final[Mapping[str, str]] = {
    B + "gradients": (
        "K.gradients raises under eager execution in TensorFlow 2: compute gradients with "
        "tf.GradientTape (tape.gradient(loss, variables))"
    ),
}

# keras.backend.tensorflow_backend / theano_backend members used directly (spec §1.27).
BACKEND_MODULE_MEMBERS: Final[Mapping[str, str]] = {
    "keras.backend.tensorflow_backend._get_available_gpus": (
        "use [d.name for d in tf.config.list_logical_devices('GPU')] instead of _get_available_gpus()"
    ),
    "keras.backend.tensorflow_backend.clear_session": "use K.clear_session() from tensorflow.keras.backend",
    "keras.backend.tensorflow_backend.get_session": _SESSION,
    "keras.backend.tensorflow_backend.set_session": _SESSION,
}
THEANO_HINT: Final = "Theano is gone and K.backend() is always 'tensorflow': delete the Theano-only code"

# tensorflow.keras.backend functions that compute on tensors: applied to a symbolic
# Keras tensor while a model is built, they raise in Keras 3 and need a Lambda
# layer (spec §6.16). The others (int_shape, variable, get_value, ...) are not ops.
BACKEND_OPS: Final[frozenset[str]] = frozenset(
    {
        "abs", "all", "any", "argmax", "argmin", "batch_dot", "batch_flatten", "batch_normalization",
        "bias_add", "binary_crossentropy", "binary_focal_crossentropy", "cast", "cast_to_floatx",
        "categorical_crossentropy", "categorical_focal_crossentropy", "clip", "concatenate", "conv1d",
        "conv2d", "conv2d_transpose", "conv3d", "cos", "cumprod", "cumsum", "depthwise_conv2d", "dot",
        "dropout", "elu", "equal", "exp", "expand_dims", "flatten", "gather", "greater", "greater_equal",
        "hard_sigmoid", "in_top_k", "l2_normalize", "less", "less_equal", "log", "map_fn", "max", "maximum",
        "mean", "min", "minimum", "not_equal", "one_hot", "ones_like", "permute_dimensions", "pool2d",
        "pool3d", "pow", "prod", "relu", "repeat", "repeat_elements", "reshape", "resize_images",
        "resize_volumes", "reverse", "round", "separable_conv2d", "shape", "sigmoid", "sign", "sin",
        "softmax", "softplus", "softsign", "sparse_categorical_crossentropy", "spatial_2d_padding",
        "spatial_3d_padding", "sqrt", "square", "squeeze", "stack", "std", "stop_gradient", "sum", "switch",
        "tanh", "temporal_padding", "tile", "transpose", "var", "zeros_like",
    }
)
# tensorflow.keras.backend names that are not ops, so never wrapped
BACKEND_NON_OPS: Final[frozenset[str]] = frozenset(
    {
        "arange", "backend", "batch_get_value", "batch_set_value", "clear_session", "constant", "count_params",
        "ctc_batch_cost", "ctc_decode", "ctc_label_dense_to_sparse", "dtype", "epsilon", "eval", "eye",
        "floatx", "foldl", "foldr", "get_uid", "get_value", "gradients", "image_data_format", "int_shape",
        "is_float_dtype", "is_int_dtype", "is_keras_tensor", "is_sparse", "moving_average_update",
        "name_scope", "ndim", "ones", "random_bernoulli", "random_normal", "random_normal_variable",
        "random_uniform", "random_uniform_variable", "result_type", "rnn", "set_epsilon", "set_floatx",
        "set_image_data_format", "set_value", "standardize_dtype", "to_dense", "truncated_normal", "update",
        "update_add", "update_sub", "variable", "zeros",
    }
)

# Canonical names a ``from keras.backend import *`` provides that the rules match.
BACKEND_STAR_EXPORTS: Final[frozenset[str]] = frozenset(
    {B + "image_dim_ordering", B + "set_image_dim_ordering", B + "tf", B + "set_value", B + "backend"}
    | set(BACKEND_SIGNATURES)
    | set(BACKEND_KWARG_RENAMES)
    | set(BACKEND_RENAMES)
    | set(PADDING_AXES)
    | CROSSENTROPY_CALLS
    | set(REMOVED_BACKEND)
    | set(BROKEN_BACKEND)
)
