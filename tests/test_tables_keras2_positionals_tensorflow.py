"""Keras 2 positional orders against the real TensorFlow 2.21 / Keras 3 (spec §10.6).

Each ``keras3`` order is the real signature; the leading positions an order
keeps are the same parameters in Keras 3; every keyword a Keras 2 call is
given is accepted (or, listed as gone, rejected); and each migrated Keras 2
call builds a layer whose config holds what the Keras 2 call meant.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from codemods._paths import default_target
from codemods.tables.layers import LAYER_CLASS_RENAMES, LAYER_SIGNATURES
from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow

ROWS = sorted(k for k, s in LAYER_SIGNATURES.items() if s.keras2)
# Keras 2 names of a kept position that Keras 3 renamed without moving it
SAME_PLACE = {"input_shape": "shape"}
# keywords Keras 3 takes through **kwargs, with a value to try, or that another rule renames
THROUGH_KWARGS = {"activity_regularizer": None, "implementation": 1, "input_length": 5, "name": "x", "trainable": True}
RENAMED_LATER = {"batch_input_shape"}  # InputLayer: K302 makes it batch_shape


@pytest.fixture(scope="module")
def tf() -> Any:
    return importlib.import_module("tensorflow")


def _target(tf: Any, layer: str) -> Callable[..., Any]:
    path = LAYER_CLASS_RENAMES.get(layer, default_target(layer))
    obj: Any = importlib.import_module(path.rpartition(".")[0])
    return getattr(obj, path.rpartition(".")[2])  # type: ignore[no-any-return]


def _params(target: Callable[..., Any]) -> list[str]:
    init = target if inspect.isfunction(target) else target.__init__  # type: ignore[misc]
    return [p for p in inspect.signature(init).parameters if p not in ("self", "kwargs")]


_REQUIRED: dict[str, dict[str, Any]] = {
    "keras.layers.DepthwiseConv2D": {"kernel_size": 3},
    "keras.layers.Embedding": {"input_dim": 10, "output_dim": 4},
    "keras.layers.MultiHeadAttention": {"num_heads": 2, "key_dim": 4},
}


def _build(tf: Any, layer: str, **kwargs: Any) -> Any:
    target = _target(tf, layer)
    params = _params(target)
    base: dict[str, Any] = dict(_REQUIRED.get(layer, {}))
    if not base:
        first = params[0]
        base = {"filters": 4, "kernel_size": 3} if first == "filters" else {}
        if first == "units":
            base = {"units": 4}
        elif first == "cell":
            base = {"cell": tf.keras.layers.SimpleRNNCell(2)}
        elif first == "layer":
            base = {"layer": tf.keras.layers.Dense(2)}
    return target(**base, **kwargs)


@pytest.mark.parametrize("layer", sorted(k for k in ROWS if LAYER_SIGNATURES[k].keras3))
def test_keras3_order_is_the_real_signature(tf: Any, layer: str) -> None:
    assert tuple(_params(_target(tf, layer))) == LAYER_SIGNATURES[layer].keras3


@pytest.mark.parametrize("layer", ROWS)
def test_kept_positions_mean_the_same_in_keras3(tf: Any, layer: str) -> None:
    real = _params(_target(tf, layer))
    for order in LAYER_SIGNATURES[layer].keras2:
        kept = [SAME_PLACE.get(p, p) for p in order.params[: order.keep]]
        assert real[: order.keep] == kept, f"{order.release}: Keras 3 has {real[: order.keep + 1]}"
        if order.keep < len(order.params) and order.keep < len(real):
            assert real[order.keep] != order.params[order.keep], f"{order.release} could keep one more"


@pytest.mark.parametrize("layer", ROWS)
def test_every_keyword_given_is_accepted_and_every_gone_one_rejected(tf: Any, layer: str) -> None:
    real = set(_params(_target(tf, layer)))
    for order in LAYER_SIGNATURES[layer].keras2:
        for param in order.params[order.keep :]:
            if param in order.gone:
                assert param not in real
                with pytest.raises((TypeError, ValueError)):
                    _build(tf, layer, **{param: True})
            elif param not in real and param not in RENAMED_LATER:
                assert param in THROUGH_KWARGS, f"{order.release}: {param} is not a Keras 3 parameter"
                _build(tf, layer, **{param: THROUGH_KWARGS[param]})


KERAS = "from keras.layers import *\nfrom keras.constraints import max_norm\n"
TFK = "import tensorflow as tf\n"
# a Keras 2 call -> what its config must hold in Keras 3
MEANINGS: dict[str, tuple[str, dict[str, Any]]] = {
    "Conv2D before groups": (
        KERAS + "layer = Conv2D(32, (3, 3), (1, 1), 'same', 'channels_last', (1, 1), 'relu')",
        {"activation": "relu", "groups": 1, "dilation_rate": (1, 1), "data_format": "channels_last"},
    ),
    "Conv3D before groups": (
        KERAS + "layer = Conv3D(8, (3, 3, 3), 1, 'valid', None, 1, 'tanh', False)",
        {"activation": "tanh", "use_bias": False, "groups": 1},
    ),
    "Conv1D of Keras 2.0": (
        KERAS + "layer = Conv1D(16, 3, 1, 'valid', 2)",
        {"dilation_rate": (2,), "data_format": "channels_last"},
    ),
    "causal Conv1D of Keras 2.0 with an activation": (
        KERAS + "layer = Conv1D(16, 3, 1, 'causal', 4, 'relu')",
        {"dilation_rate": (4,), "activation": "relu", "padding": "causal"},
    ),
    "later Conv1D": (
        KERAS + "layer = Conv1D(16, 3, 1, 'valid', 'channels_last', 2, 'relu')",
        {"dilation_rate": (2,), "activation": "relu", "groups": 1},
    ),
    "Conv2DTranspose without output_padding": (
        KERAS + "layer = Conv2DTranspose(8, 3, 2, 'same', 'channels_last', 'relu')",
        {"data_format": "channels_last", "activation": "relu", "output_padding": None},
    ),
    "Conv2DTranspose without dilation_rate": (
        KERAS + "layer = Conv2DTranspose(8, 3, 2, 'same', (1, 1), 'channels_last', 'sigmoid')",
        {"output_padding": (1, 1), "activation": "sigmoid", "dilation_rate": (1, 1)},
    ),
    "tf.keras Conv3DTranspose": (
        KERAS + "layer = Conv3DTranspose(8, 3, 2, 'same', 1, 'channels_last', 1, 'relu')",
        {"output_padding": (1, 1, 1), "data_format": "channels_last", "activation": "relu"},
    ),
    "Conv3DTranspose without output_padding": (
        KERAS + "layer = Conv3DTranspose(8, 3, 2, 'same', 'channels_last', 'relu')",
        {"data_format": "channels_last", "activation": "relu", "output_padding": None},
    ),
    "SeparableConv2D of Keras 2.0": (
        KERAS + "layer = SeparableConv2D(32, (3, 3), 1, 'same', None, 2, 'relu')",
        {"depth_multiplier": 2, "dilation_rate": (1, 1), "activation": "relu"},
    ),
    "DepthwiseConv2D without dilation_rate": (
        KERAS + "layer = DepthwiseConv2D(3, 1, 'same', 2, None, 'relu')",
        {"depth_multiplier": 2, "dilation_rate": (1, 1), "activation": "relu"},
    ),
    "Embedding with an activity regularizer": (
        KERAS + "layer = Embedding(1000, 64, 'uniform', None, 'l2', embeddings_constraint=max_norm(2))",
        {"activity_regularizer": "L2", "embeddings_constraint": "MaxNorm", "embeddings_regularizer": None},
    ),
    "Embedding with mask_zero at position 6": (
        KERAS + "layer = Embedding(1000, 64, 'uniform', None, None, max_norm(2), True, 20)",
        {"mask_zero": True, "embeddings_constraint": "MaxNorm", "activity_regularizer": None},
    ),
    "InputLayer of tf.keras": (
        KERAS + "layer = InputLayer((784,), 32, 'float32', None, False, 'images')",
        {"batch_shape": (32, 784), "dtype": "float32", "sparse": False, "name": "images"},
    ),
    "CuDNNGRU initializers": (
        KERAS + "layer = CuDNNGRU(64, 'he_normal', 'orthogonal')",
        {"kernel_initializer": "HeNormal", "recurrent_initializer": "Orthogonal", "activation": "tanh"},
    ),
    "tf.keras Conv2D before groups": (
        TFK + "layer = tf.keras.layers.Conv2D(32, 3, 1, 'same', None, 1, 'relu')",
        {"activation": "relu", "groups": 1},
    ),
    "tf.keras Embedding with an activity regularizer": (
        TFK + "layer = tf.keras.layers.Embedding(1000, 64, 'uniform', None, 'l2')",
        {"activity_regularizer": "L2", "embeddings_constraint": None},
    ),
    "tf.keras LSTM returning sequences and state": (
        TFK + "layer = tf.keras.layers.LSTM(4, 'tanh', 'sigmoid', True, 'glorot_uniform', 'orthogonal', 'zeros', "
        "True, None, None, None, None, None, None, None, 0.0, 0.0, True, True)",
        {"return_sequences": True, "return_state": True, "seed": None},
    ),
    "tf.keras PReLU with a regularizer": (
        TFK + "layer = tf.keras.layers.PReLU('zeros', 'l2')",
        {"alpha_regularizer": "L2", "alpha_initializer": "Zeros"},
    ),
}


def _short(value: Any) -> Any:
    """A config value as the table writes it: a serialized object by its class name."""
    if isinstance(value, dict) and "class_name" in value:
        return value["class_name"]
    if isinstance(value, list):
        return tuple(value)
    return value


@pytest.mark.parametrize("case", MEANINGS)
def test_migrated_keras2_call_keeps_its_meaning(tf: Any, case: str) -> None:
    source, expected = MEANINGS[case]
    result = migrate_source(source + "\n")
    assert result.error is None
    assert not [f for f in result.findings if f.code == "K903"], result.findings
    namespace: dict[str, Any] = {}
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    config = namespace["layer"].get_config()
    got = {key: _short(config.get(key)) for key in expected}
    assert got == expected, result.new_source


def test_tf_keras_input_name_and_dtype_keep_their_places(tf: Any) -> None:
    result = migrate_source(TFK + "x = tf.keras.Input((5,), 8, 'tokens', 'int32')\n")
    namespace: dict[str, Any] = {}
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    x = namespace["x"]
    assert tuple(x.shape) == (8, 5)
    assert x.dtype == "int32"
    assert x.name.startswith("tokens")


def test_unmigrated_keras2_calls_do_fail_or_change_meaning_in_keras3(tf: Any) -> None:
    """The premise of spec §10.6: left positional, these calls break under TF 2.21."""
    layers = tf.keras.layers
    with pytest.raises((TypeError, ValueError)):
        layers.Conv2D(32, (3, 3), (1, 1), "same", "channels_last", (1, 1), "relu")
    with pytest.raises((TypeError, ValueError)):
        layers.Conv1D(16, 3, 1, "valid", 2)
    emb = layers.Embedding(1000, 64, "uniform", None, "non_neg")
    assert emb.get_config()["embeddings_constraint"]["class_name"] == "NonNeg"
    with pytest.raises((TypeError, ValueError)):
        layers.Conv3DTranspose(8, 3, 2, "same", 1, "channels_last")
