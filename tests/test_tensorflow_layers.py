"""Keras 1 layer families, migrated by kmigrate, run under the real TensorFlow 2.21 (Keras 3.15).

Each ``fixtures/_pipeline/family_<name>.in.py`` is a Keras 1 module whose
``build()`` returns a (compiled) model; ``family_<name>.out.py`` is kmigrate's
output, kept up to date by ``tests/test_fixtures.py``. This module executes the
migrated text itself (kmigrate never executes the code it migrates), calls
``build()`` and compares the model with the same model written by hand in
today's tf.keras: equal ``count_params()`` (also checked against a figure worked
out by hand), equal output shapes, the same layer classes in order, and equal
``get_config()`` entries on the keys that make the equivalence exact (Keras 2.0's
own legacy-interface tests compared configs the same way). Then one
``train_on_batch`` step runs on random data of the right shapes.

The hand-written references spell out the Keras 1 defaults kmigrate pins
(``recurrent_activation='hard_sigmoid'``, GRU ``reset_after=False``), so equal
parameter counts prove that a migrated Keras 1 GRU has no second bias.

The second half checks, under TensorFlow, the semantic traps whose TF-free side
is in ``tests/test_semantic_traps.py``.

TensorFlow is imported once, in a module-scoped fixture, so collecting this
module for ``pytest -m "not tensorflow"`` stays cheap. Shapes are tiny: the
whole module is meant to run in one process on two CPU cores.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kmigrate import migrate_source

pytestmark = [
    pytest.mark.tensorflow,
    # Keras 3 warns about the first layer's input_shape= (kept from Keras 1); it still works.
    pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning"),
]

PIPELINE_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "_pipeline"
BATCH = 4

# get_config() entries that must agree between the migrated and the hand-written layer.
KEY_CONFIG = (
    "units", "filters", "kernel_size", "strides", "padding", "data_format", "activation",
    "recurrent_activation", "reset_after", "unit_forget_bias", "use_bias", "dropout",
    "recurrent_dropout", "return_sequences", "go_backwards", "stateful", "unroll", "epsilon", "axis",
    "momentum", "center", "scale", "rate", "stddev", "negative_slope", "alpha", "theta",
    "alpha_initializer", "shared_axes", "merge_mode", "input_dim", "output_dim", "mask_zero",
    "embeddings_initializer", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "trainable", "target_shape", "batch_shape", "sparse",
)


# ---------------------------------------------------------------------------
# fixtures: one TensorFlow import, one exec per migrated file
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tf() -> ModuleType:
    import tensorflow

    return tensorflow


@pytest.fixture(scope="module")
def np() -> ModuleType:
    import numpy

    return numpy


def _exec_text(text: str, name: str) -> dict[str, Any]:
    """Execute migrated text into a fresh namespace (this test runs it, not kmigrate)."""
    namespace: dict[str, Any] = {"__name__": f"kmigrate_fixture_{name}"}
    exec(compile(text, f"{name}.out.py", "exec"), namespace)
    return namespace


def _exec_migrated(name: str) -> dict[str, Any]:
    path = PIPELINE_FIXTURES / f"{name}.out.py"
    return _exec_text(path.read_text(encoding="utf-8"), name)


def _migrate_and_exec(keras1_text: str, name: str) -> dict[str, Any]:
    result = migrate_source(keras1_text)
    assert result.error is None
    return _exec_text(result.new_source, name)


# ---------------------------------------------------------------------------
# the same models, written by hand in today's tf.keras
# ---------------------------------------------------------------------------


def _hand_recurrent(tf: ModuleType) -> Any:
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Input(shape=(6, 4)),
        layers.SimpleRNN(8, return_sequences=True),
        layers.GRU(6, dropout=0.1, recurrent_dropout=0.1, return_sequences=True,
                   recurrent_activation="hard_sigmoid", reset_after=False),
        layers.LSTM(5, dropout=0.2, recurrent_activation="hard_sigmoid", unit_forget_bias=True),
        layers.Dense(1),
    ])


def _hand_embedding(tf: ModuleType, pretrained: Any) -> Any:
    layers = tf.keras.layers
    tokens = layers.Input(shape=(7,), dtype="int32")
    learned = layers.Embedding(20, 4, embeddings_initializer="uniform", mask_zero=True, name="learned")(tokens)
    summary = layers.LSTM(3, recurrent_activation="hard_sigmoid")(learned)
    fixed = layers.Embedding(20, 4, embeddings_initializer=tf.keras.initializers.Constant(pretrained),
                             trainable=False, name="pretrained")(tokens)
    flat = layers.Flatten()(fixed)
    return tf.keras.Model(tokens, [layers.Dense(1, activation="sigmoid")(summary), layers.Dense(1)(flat)])


def _hand_normalization(tf: ModuleType) -> Any:
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Input(shape=(5,)),
        layers.Dense(8),
        layers.BatchNormalization(epsilon=1e-5),
        layers.Activation("relu"),
        layers.Reshape((2, 4)),
        layers.BatchNormalization(axis=1, momentum=0.9),
        layers.Flatten(),
        layers.Dense(1),
    ])


def _hand_noise(tf: ModuleType) -> Any:
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Input(shape=(6,)),
        layers.GaussianNoise(0.1),
        layers.Dense(8, activation="relu"),
        layers.GaussianDropout(0.2),
        layers.Dense(8, activation="relu"),
        layers.GaussianNoise(stddev=0.05),
        layers.GaussianDropout(rate=0.3),
        layers.Dense(1),
    ])


def _hand_advanced_activations(tf: ModuleType) -> Any:
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Input(shape=(4,)),
        layers.Dense(8),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Dense(8),
        layers.PReLU(alpha_initializer="zeros"),
        layers.Dense(8),
        layers.ELU(alpha=0.5),
        layers.Dense(8),
        layers.ThresholdedReLU(theta=0.5),
        layers.Dense(1),
    ])


def _hand_wrappers(tf: ModuleType) -> Any:
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Input(shape=(5, 4)),
        layers.TimeDistributed(layers.Dense(6)),
        layers.Bidirectional(layers.LSTM(3, return_sequences=True, recurrent_activation="hard_sigmoid"),
                             merge_mode="sum"),
        layers.TimeDistributed(layers.Dense(2, activation="relu")),
        layers.Bidirectional(layers.GRU(2, recurrent_activation="hard_sigmoid", reset_after=False),
                             merge_mode="concat"),
        layers.Dense(1),
    ])


def _hand_convlstm(tf: ModuleType) -> Any:
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Input(shape=(3, 6, 6, 1)),
        layers.ConvLSTM2D(4, (3, 3), padding="same", return_sequences=True, recurrent_activation="hard_sigmoid"),
        layers.ConvLSTM2D(2, (3, 3), padding="valid", return_sequences=False, recurrent_activation="hard_sigmoid"),
        layers.Flatten(),
        layers.Dense(1),
    ])


def _lstm(units: int, inputs: int) -> int:
    return 4 * (inputs * units + units * units + units)


def _gru_keras1(units: int, inputs: int) -> int:
    # reset_after=False: one bias per gate, as in Keras 1
    return 3 * (inputs * units + units * units + units)


def _dense(units: int, inputs: int) -> int:
    return inputs * units + units


def _convlstm(filters: int, channels: int, rows: int, cols: int) -> int:
    return 4 * (rows * cols * channels * filters + rows * cols * filters * filters + filters)


@dataclass(frozen=True)
class Family:
    hand: Callable[..., Any]
    params: int  # worked out by hand, below
    output_shapes: tuple[tuple[int | None, ...], ...]
    layer_classes: tuple[str, ...]
    inputs: tuple[int, ...]  # one training batch, without the batch axis
    int_inputs: int = 0  # > 0: integer tokens below this bound
    n_outputs: int = 1


FAMILIES: dict[str, Family] = {
    "recurrent": Family(
        _hand_recurrent,
        params=(4 * 8 + 8 * 8 + 8) + _gru_keras1(6, 8) + _lstm(5, 6) + _dense(1, 5),  # 104 + 270 + 240 + 6
        output_shapes=((None, 1),),
        layer_classes=("SimpleRNN", "GRU", "LSTM", "Dense"),
        inputs=(6, 4),
    ),
    "embedding": Family(
        _hand_embedding,
        params=20 * 4 + _lstm(3, 4) + 20 * 4 + _dense(1, 3) + _dense(1, 7 * 4),  # 80 + 96 + 80 + 4 + 29
        output_shapes=((None, 1), (None, 1)),
        layer_classes=("InputLayer", "Embedding", "Embedding", "LSTM", "Flatten", "Dense", "Dense"),
        inputs=(7,),
        int_inputs=20,
        n_outputs=2,
    ),
    "normalization": Family(
        _hand_normalization,
        params=_dense(8, 5) + 4 * 8 + 4 * 2 + _dense(1, 8),  # gamma, beta, moving mean and variance
        output_shapes=((None, 1),),
        layer_classes=("Dense", "BatchNormalization", "Activation", "Reshape", "BatchNormalization", "Flatten", "Dense"),
        inputs=(5,),
    ),
    "noise": Family(
        _hand_noise,
        params=_dense(8, 6) + _dense(8, 8) + _dense(1, 8),
        output_shapes=((None, 1),),
        layer_classes=("GaussianNoise", "Dense", "GaussianDropout", "Dense", "GaussianNoise", "GaussianDropout", "Dense"),
        inputs=(6,),
    ),
    "advanced_activations": Family(
        _hand_advanced_activations,
        params=_dense(8, 4) + 3 * _dense(8, 8) + 8 + _dense(1, 8),  # PReLU: one slope per unit
        output_shapes=((None, 1),),
        layer_classes=("Dense", "LeakyReLU", "Dense", "PReLU", "Dense", "ELU", "Dense", "ThresholdedReLU", "Dense"),
        inputs=(4,),
    ),
    "wrappers": Family(
        _hand_wrappers,
        params=_dense(6, 4) + 2 * _lstm(3, 6) + _dense(2, 3) + 2 * _gru_keras1(2, 2) + _dense(1, 4),  # 30+240+8+60+5
        output_shapes=((None, 1),),
        layer_classes=("TimeDistributed", "Bidirectional", "TimeDistributed", "Bidirectional", "Dense"),
        inputs=(5, 4),
    ),
    "convlstm": Family(
        _hand_convlstm,
        params=_convlstm(4, 1, 3, 3) + _convlstm(2, 4, 3, 3) + _dense(1, 4 * 4 * 2),  # 736 + 440 + 33
        output_shapes=((None, 1),),
        layer_classes=("ConvLSTM2D", "ConvLSTM2D", "Flatten", "Dense"),
        inputs=(3, 6, 6, 1),
    ),
}

EXPECTED_PARAMS = {
    "recurrent": 620,
    "embedding": 289,
    "normalization": 97,
    "noise": 137,
    "advanced_activations": 273,
    "wrappers": 343,
    "convlstm": 1209,
}


def _plain(value: Any) -> Any:
    """Config values made comparable (tuples and lists alike)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _key_config(layer: Any) -> dict[str, Any]:
    config = layer.get_config()
    return {k: _plain(config[k]) for k in KEY_CONFIG if k in config}


def _inner(layer: Any) -> list[Any]:
    """The layers a wrapper holds, compared as well."""
    if hasattr(layer, "forward_layer"):
        return [layer.forward_layer, layer.backward_layer]
    if type(layer).__name__ == "TimeDistributed":
        return [layer.layer]
    return []


def _assert_same_layers(migrated: Any, hand: Any, where: str) -> int:
    assert type(migrated).__name__ == type(hand).__name__, where
    ours, theirs = _key_config(migrated), _key_config(hand)
    assert ours == theirs, f"{where}: {type(migrated).__name__}"
    compared = len(ours)
    for i, (a, b) in enumerate(zip(_inner(migrated), _inner(hand), strict=True)):
        compared += _assert_same_layers(a, b, f"{where}.inner[{i}]")
    return compared


def _random_batch(np: ModuleType, family: Family) -> tuple[Any, Any]:
    rng = np.random.default_rng(0)
    if family.int_inputs:
        x = rng.integers(0, family.int_inputs, size=(BATCH, *family.inputs)).astype("int32")
    else:
        x = rng.random((BATCH, *family.inputs), dtype=np.float32)
    ys = [rng.random((BATCH, 1), dtype=np.float32) for _ in range(family.n_outputs)]
    return x, ys[0] if family.n_outputs == 1 else ys


@pytest.fixture(scope="module")
def built(tf: ModuleType) -> dict[str, tuple[dict[str, Any], Any, Any]]:
    """Per family: the migrated namespace, the migrated model and the hand-written one."""
    tf.keras.utils.set_random_seed(0)
    out = {}
    for name, family in FAMILIES.items():
        namespace = _exec_migrated(f"family_{name}")
        extra = (namespace["PRETRAINED"],) if name == "embedding" else ()
        out[name] = (namespace, namespace["build"](), family.hand(tf, *extra))
    return out


# ---------------------------------------------------------------------------
# the families
# ---------------------------------------------------------------------------


def test_the_hand_worked_parameter_counts_add_up() -> None:
    assert {name: family.params for name, family in FAMILIES.items()} == EXPECTED_PARAMS


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_migrated_family_builds_the_model_written_by_hand_in_tf_keras(
    built: dict[str, tuple[dict[str, Any], Any, Any]], family: str
) -> None:
    _, migrated, hand = built[family]
    spec = FAMILIES[family]
    assert migrated.count_params() == hand.count_params() == spec.params
    assert tuple(tuple(o.shape) for o in migrated.outputs) == tuple(tuple(o.shape) for o in hand.outputs)
    assert tuple(tuple(o.shape) for o in migrated.outputs) == spec.output_shapes
    assert tuple(type(layer).__name__ for layer in migrated.layers) == spec.layer_classes
    assert tuple(type(layer).__name__ for layer in hand.layers) == spec.layer_classes
    compared = 0
    for index, (ours, theirs) in enumerate(zip(migrated.layers, hand.layers, strict=True)):
        compared += _assert_same_layers(ours, theirs, f"{family}.layers[{index}]")
    assert compared >= len(spec.layer_classes)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_migrated_family_trains_one_step_on_random_data(
    np: ModuleType, built: dict[str, tuple[dict[str, Any], Any, Any]], family: str
) -> None:
    _, migrated, _ = built[family]
    assert migrated.optimizer is not None, "build() compiles the model, as the Keras 1 code did"
    x, y = _random_batch(np, FAMILIES[family])
    before = [np.array(w) for w in migrated.get_weights()]
    loss = migrated.train_on_batch(x, y)
    assert all(math.isfinite(float(v)) for v in np.asarray(loss).reshape(-1))
    after = migrated.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after, strict=True)), "no weight moved"


def test_a_keras_1_gru_has_no_second_bias_unlike_todays_default(
    tf: ModuleType, built: dict[str, tuple[dict[str, Any], Any, Any]]
) -> None:
    _, migrated, _ = built["recurrent"]
    gru = next(layer for layer in migrated.layers if type(layer).__name__ == "GRU")
    assert gru.get_config()["reset_after"] is False
    assert gru.count_params() == _gru_keras1(6, 8) == 270
    today = tf.keras.Sequential([tf.keras.layers.Input(shape=(6, 8)), tf.keras.layers.GRU(6)])
    assert today.count_params() == 3 * (8 * 6 + 6 * 6 + 2 * 6) == 288  # reset_after=True: two biases


def test_the_pretrained_embedding_holds_the_keras_1_weights_matrix(
    np: ModuleType, built: dict[str, tuple[dict[str, Any], Any, Any]]
) -> None:
    namespace, migrated, _ = built["embedding"]
    pretrained = migrated.get_layer("pretrained")
    (matrix,) = pretrained.get_weights()
    np.testing.assert_array_equal(matrix, namespace["PRETRAINED"])
    assert pretrained.trainable is False
    learned = migrated.get_layer("learned")
    assert learned.get_config()["mask_zero"] is True


def test_the_locally_connected_family_cannot_be_built_under_tensorflow_2_21(tf: ModuleType) -> None:
    # The issue asks for one model per family built from the migrated fixture. That
    # premise cannot hold for LocallyConnected1D/2D: Keras 3 (TF 2.16+) removed them
    # and TF 2.21 has no replacement, so there is no model to build or compare.
    # What can be checked is that kmigrate says so (K920 at each call, K901 at the
    # import it keeps) and that the migrated module fails loudly, not silently.
    assert not hasattr(tf.keras.layers, "LocallyConnected1D")
    assert not hasattr(tf.keras.layers, "LocallyConnected2D")

    source = (PIPELINE_FIXTURES / "family_local.in.py").read_text(encoding="utf-8")
    result = migrate_source(source)
    calls = [(f.code, f.line) for f in result.findings if f.code == "K920"]
    lines = source.splitlines()
    assert [(code, lines[line - 1].strip().split("(")[1]) for code, line in calls] == [
        ("K920", "LocallyConnected1D"),
        ("K920", "LocallyConnected2D"),
    ]
    assert {f.code for f in result.findings} == {"K901", "K920"}

    with pytest.raises(ImportError):  # the kept Keras 1 import: keras.layers.local is gone
        _exec_migrated("family_local")


# ---------------------------------------------------------------------------
# semantic traps, under TensorFlow (their TF-free side: tests/test_semantic_traps.py)
# ---------------------------------------------------------------------------


def test_positional_dropout_stays_the_rate_under_tf(tf: ModuleType) -> None:
    namespace = _migrate_and_exec("from keras.layers import Dropout\nlayer = Dropout(0.5)\n", "dropout")
    assert namespace["layer"].get_config()["rate"] == 0.5


def test_lstm_consume_less_gpu_builds_the_default_lstm(tf: ModuleType) -> None:
    namespace = _migrate_and_exec(
        "from keras.layers import LSTM\nfast = LSTM(8, consume_less='gpu')\nplain = LSTM(8)\n", "consume_less"
    )
    fast, plain = namespace["fast"].get_config(), namespace["plain"].get_config()
    reference = tf.keras.layers.LSTM(8, recurrent_activation="hard_sigmoid").get_config()
    for config in (fast, plain, reference):
        del config["name"]
    assert fast == plain == reference


def test_conv1d_subsample_length_2_halves_a_length_10_input(tf: ModuleType) -> None:
    namespace = _migrate_and_exec(
        "from keras.layers import Convolution1D\n"
        "conv = Convolution1D(64, 3, border_mode='same', subsample_length=2)\n",
        "conv1d",
    )
    conv = namespace["conv"]
    assert conv.get_config()["strides"] == (2,)
    assert tuple(conv(tf.keras.layers.Input(shape=(10, 3))).shape) == (None, 5, 64)


def test_input_with_a_positional_batch_shape_never_silently_becomes_a_4_by_5_input(tf: ModuleType) -> None:
    # Keras 1's Input(shape, batch_shape, ...) read a second positional as batch_shape;
    # Keras 3 reads it as batch_size, so the unmigrated call silently builds (4, 5).
    unmigrated = tf.keras.layers.Input((5,), 4)
    assert tuple(unmigrated.shape) == (4, 5)
    # kmigrate keeps the Keras 1 meaning by keyword; Keras 3 then refuses the call.
    result = migrate_source("from keras.layers import Input\nx = Input((5,), 4)\n")
    assert "Input((5,), batch_shape=4)" in result.new_source
    with pytest.raises(ValueError, match="cannot pass both `shape` and `batch_shape`"):
        _exec_text(result.new_source, "input_batch_shape")


def test_convolution2d_64_3_3_is_a_3x3_kernel_with_stride_1(tf: ModuleType) -> None:
    namespace = _migrate_and_exec(
        "from keras.layers import Convolution2D\nconv = Convolution2D(64, 3, 3)\n", "conv2d"
    )
    config = namespace["conv"].get_config()
    assert (config["filters"], config["kernel_size"], config["strides"]) == (64, (3, 3), (1, 1))
    # A bare rename would have meant something else (spec §2.2):
    renamed = tf.keras.layers.Conv2D(64, 3, 3).get_config()
    assert (renamed["kernel_size"], renamed["strides"]) == ((3, 3), (3, 3))


def test_ambiguous_conv2d_64_3_3_is_left_for_review_because_tf_would_read_strides_3(tf: ModuleType) -> None:
    result = migrate_source("from keras.layers import Conv2D\nconv = Conv2D(64, 3, 3)\n")
    assert [f.code for f in result.findings] == ["K903"]
    # What the unreviewed line means today: a 3x3 kernel moved 3 pixels at a time.
    namespace = _exec_text(result.new_source, "conv2d_ambiguous")
    assert namespace["conv"].get_config()["strides"] == (3, 3)


def test_batchnormalization_mode_2_fails_loudly_under_tf(tf: ModuleType) -> None:
    result = migrate_source("from keras.layers import BatchNormalization\nbn = BatchNormalization(mode=2)\n")
    assert [f.code for f in result.findings] == ["K904"]
    with pytest.raises(ValueError, match=re.escape("Unrecognized keyword arguments passed to BatchNormalization")):
        _exec_text(result.new_source, "batchnorm_mode_2")


def test_embedding_dropout_becomes_spatial_dropout_after_the_embedding(tf: ModuleType) -> None:
    namespace = _migrate_and_exec(
        "from keras.layers import Embedding, LSTM\n"
        "from keras.models import Sequential\n"
        "model = Sequential()\n"
        "model.add(Embedding(50, 8, input_length=10, dropout=0.2))\n"
        "model.add(LSTM(4))\n",
        "embedding_dropout",
    )
    model = namespace["model"]
    assert [type(layer).__name__ for layer in model.layers] == ["Embedding", "SpatialDropout1D", "LSTM"]
    assert model.layers[1].get_config()["rate"] == 0.2
    assert tuple(model.outputs[0].shape) == (None, 4)
