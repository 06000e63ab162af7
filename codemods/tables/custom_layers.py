"""Custom layers and components (spec §9, §10.23-10.24, §10.39).

Keys are canonical names (``keras.backend.zeros``; ``tensorflow.Variable`` is
TensorFlow's own). Every target and every keyword a rule emits is checked
against the installed TensorFlow by
``tests/test_tables_custom_layers_tensorflow.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

_INIT: Final = "tensorflow.keras.initializers"


@dataclass(frozen=True)
class VariableCall:
    """A call that makes a raw variable, and what ``add_weight`` takes instead.

    ``params`` is the Keras 1 positional order. ``fill`` names the initializer
    string of a constant fill (``K.zeros``); ``target`` an initializer class
    that receives ``keywords`` (Keras 1 parameter -> today's keyword);
    ``value`` the parameter holding the initial value itself (``K.variable``).
    """

    params: tuple[str, ...]
    fill: str | None = None
    target: str | None = None
    keywords: Mapping[str, str] = field(default_factory=dict)
    value: str | None = None


VARIABLE_CALLS: Final[Mapping[str, VariableCall]] = {
    "keras.backend.ones": VariableCall(params=("shape", "dtype", "name"), fill="ones"),
    "keras.backend.random_normal_variable": VariableCall(
        params=("shape", "mean", "scale", "dtype", "name", "seed"),
        target=f"{_INIT}.RandomNormal",
        keywords={"mean": "mean", "scale": "stddev", "seed": "seed"},
    ),
    "keras.backend.random_uniform_variable": VariableCall(
        params=("shape", "low", "high", "dtype", "name", "seed"),
        target=f"{_INIT}.RandomUniform",
        keywords={"high": "maxval", "low": "minval", "seed": "seed"},
    ),
    "keras.backend.variable": VariableCall(params=("value", "dtype", "name"), value="value"),
    "keras.backend.zeros": VariableCall(params=("shape", "dtype", "name"), fill="zeros"),
    "tensorflow.Variable": VariableCall(params=("initial_value", "trainable"), value="initial_value"),
}

# Other calls that make a raw (untracked) variable: a weight made with them is
# reported, not rewritten.
OTHER_VARIABLE_CALLS: Final[frozenset[str]] = frozenset(
    {"keras.backend.eye", "keras.backend.ones_like", "keras.backend.zeros_like"}
)

# Initial values ``K.variable``/``tf.Variable`` take that an initializer string
# makes: NumPy's and TensorFlow's zeros/ones (first argument: the shape) and
# eye(n) (the identity initializer on shape (n, n)).
FILL_VALUES: Final[Mapping[str, str]] = {
    "numpy.eye": "identity",
    "numpy.ones": "ones",
    "numpy.zeros": "zeros",
    "tensorflow.eye": "identity",
    "tensorflow.ones": "ones",
    "tensorflow.zeros": "zeros",
}

CONSTANT: Final = f"{_INIT}.Constant"

# Keras 1 initializers whose scale depends on fan-in/fan-out. Keras 1 computed
# the fans of a shape of rank other than 2 differently from today (rank 4/5:
# 'th' layout by default; other ranks: sqrt(prod(shape))), so only a rank-2
# shape, or rank 4 with dim_ordering='tf', keeps its numbers.
FAN_INITIALIZERS: Final[frozenset[str]] = frozenset(
    {"glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform"}
)
# Keras 1 initializer strings that are not fan-based and still resolve today.
PLAIN_INITIALIZERS: Final[frozenset[str]] = frozenset(
    {"identity", "normal", "one", "ones", "orthogonal", "uniform", "zero", "zeros"}
)

# Keywords Keras 1/2 layers passed on to the base Layer that Keras 3's Layer
# rejects ("Unrecognized keyword arguments"), and what to do instead (spec §9.13).
LEGACY_BASE_KWARGS: Final[Mapping[str, str]] = {
    "batch_input_shape": "start the model with Input(batch_shape=...)",
    "batch_size": "start the model with Input(shape=..., batch_size=...)",
    "create_input_layer": "delete it",
    "input_dtype": "start the model with Input(shape=..., dtype=...)",
    "weights": "call layer.set_weights(...) once the layer is built",
}
# Keywords Keras 3's base Layer takes (its signature plus input_dim/input_shape,
# which it still reads from **kwargs): a get_config key the subclass's own
# __init__ lacks must be one of these.
BASE_LAYER_KWARGS: Final[frozenset[str]] = frozenset(
    {"activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"}
)

# Weight attributes of Keras 1 built-in layers that have another name today
# (spec §9.9): canonical class -> {Keras 1 attribute: today's attribute}.
_KERNEL: Final[Mapping[str, str]] = {"W": "kernel", "b": "bias"}
BUILTIN_WEIGHT_ATTRIBUTES: Final[Mapping[str, Mapping[str, str]]] = {
    "keras.layers.AtrousConvolution1D": _KERNEL,
    "keras.layers.AtrousConvolution2D": _KERNEL,
    "keras.layers.BatchNormalization": {"running_mean": "moving_mean", "running_std": "moving_variance"},
    "keras.layers.Convolution1D": _KERNEL,
    "keras.layers.Convolution2D": _KERNEL,
    "keras.layers.Convolution3D": _KERNEL,
    "keras.layers.Deconvolution2D": _KERNEL,
    "keras.layers.Dense": _KERNEL,
    "keras.layers.Embedding": {"W": "embeddings"},
    "keras.layers.PReLU": {"alphas": "alpha"},
    "keras.layers.SeparableConvolution2D": {"b": "bias"},
}
