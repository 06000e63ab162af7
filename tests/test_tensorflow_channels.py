"""Channels-first Keras 1 models, migrated with both channel strategies, run under TensorFlow 2.21.

The five Keras 1 scripts under ``tests/data/channel_models/`` were written for
Theano's channels-first ordering, each with a different sign of it:

* ``seed_vgg16_dense_kpf``: the seed's VGG16 feature extractor; nothing in the
  file says 'th' (it relied on a th ``keras.json``), so the ordering comes from
  ``--dim-ordering th`` (``RunConfig(dim_ordering=DimOrdering.TH)``);
* ``small_vgg`` and ``dcgan_generator``: ``K.set_image_dim_ordering('th')`` at the top;
* ``unet`` and ``bn_classifier``: ``dim_ordering='th'`` on every spatial layer.

Each is migrated by ``kmigrate.migrate_source`` with strategy A (channels first
kept: ``RunConfig(dim_ordering=DimOrdering.TH)``) and strategy C (channels last
inside, channels-first interfaces: ``channels_last=True`` as well). This test,
not kmigrate, executes the migrated text in a fresh namespace, calls its
``build()`` and compares the model with the same network written by hand in
today's tf.keras: for A with ``data_format='channels_first'`` on every spatial
layer, for C channels-last behind a ``Permute((2, 3, 1))`` after the image
input and a ``Permute((3, 1, 2))`` before an image output. Both strategies keep
channels-first inputs and outputs, so the same data trains both for one step.

The image sizes are chosen so that no spatial size equals a channel count: a
channel axis rewritten wrongly (``BatchNormalization(axis=1)``, ``concat_axis=1``,
a ``Reshape`` target) changes a parameter count or a shape instead of passing
by accident.

TensorFlow is imported once, inside a module-scoped fixture, so collecting this
module for ``pytest -m "not tensorflow"`` stays cheap. Scripts that set the
global image data format leave it set; a fixture puts ``channels_last`` back.
Channels-first convolutions run on a CPU only through TensorFlow's oneDNN
kernels (on by default on x86 Linux): with ``TF_ENABLE_ONEDNN_OPTS=0`` and no
GPU, the tests that push data through a strategy A model are skipped, which is
what kmigrate's K955 finding tells its users.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kmigrate import migrate_source
from kmigrate.config import DimOrdering, RunConfig

pytestmark = pytest.mark.tensorflow

MODELS = Path(__file__).resolve().parent / "data" / "channel_models"

STRATEGIES = {
    "A": RunConfig(dim_ordering=DimOrdering.TH),
    "C": RunConfig(dim_ordering=DimOrdering.TH, channels_last=True),
}

# Spatial layers of spec §11.3 under their Keras 3 names (Flatten is decided by §11.4.3 instead).
SPATIAL_LAYERS = frozenset(
    {
        "AveragePooling2D",
        "Conv2D",
        "Conv2DTranspose",
        "Cropping2D",
        "GlobalAveragePooling2D",
        "GlobalMaxPooling2D",
        "LocallyConnected2D",
        "MaxPooling2D",
        "SeparableConv2D",
        "SpatialDropout2D",
        "UpSampling2D",
        "ZeroPadding2D",
    }
)


# ---------------------------------------------------------------------------
# the hand-written references: one network, laid out for strategy A or C
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a reference lays out its feature maps for one strategy."""

    data_format: str
    permute: bool  # C: Permute to channels last after the image input, back before an image output

    @property
    def channel_axis(self) -> int:
        return 1 if self.data_format == "channels_first" else -1

    def maps(self, channels: int, rows: int, cols: int) -> tuple[int, int, int]:
        return (channels, rows, cols) if self.data_format == "channels_first" else (rows, cols, channels)

    def enter(self, layers: Any) -> list[Any]:
        return [layers.Permute((2, 3, 1))] if self.permute else []

    def leave(self, layers: Any) -> list[Any]:
        return [layers.Permute((3, 1, 2))] if self.permute else []


LAYOUTS = {"A": Layout("channels_first", permute=False), "C": Layout("channels_last", permute=True)}


def _seed_reference(tf: ModuleType, lay: Layout) -> Any:
    layers, fmt = tf.keras.layers, lay.data_format
    inputs = layers.Input(shape=(3, 256, 256))
    x = inputs
    for layer in lay.enter(layers):
        x = layer(x)
    for filters, n_convs in ((64, 2), (128, 2), (256, 3), (512, 3)):
        for _ in range(n_convs):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same", data_format=fmt)(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), data_format=fmt)(x)
    for layer in lay.leave(layers):
        x = layer(x)
    return tf.keras.Model(inputs, x)


def _small_vgg_reference(tf: ModuleType, lay: Layout) -> Any:
    layers, fmt = tf.keras.layers, lay.data_format
    stack: list[Any] = [layers.Input(shape=(3, 32, 32)), *lay.enter(layers)]
    for filters in (16, 32):
        stack += [
            layers.Conv2D(filters, (3, 3), padding="same", data_format=fmt),
            layers.Activation("relu"),
            layers.Conv2D(filters, (3, 3), data_format=fmt),
            layers.Activation("relu"),
            layers.MaxPooling2D(pool_size=(2, 2), data_format=fmt),
            layers.Dropout(0.25),
        ]
    stack += [
        # A: no transpose, Keras 1's (C, H, W) order (§11.4.3); C: the channels-last map as it is
        layers.Flatten(data_format="channels_last"),
        layers.Dense(64),
        layers.Activation("relu"),
        layers.Dropout(0.5),
        layers.Dense(10),
        layers.Activation("softmax"),
    ]
    return tf.keras.Sequential(stack)


def _unet_reference(tf: ModuleType, lay: Layout) -> Any:
    layers, fmt = tf.keras.layers, lay.data_format

    def block(x: Any, filters: int) -> Any:
        for _ in range(2):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same", data_format=fmt)(x)
        return x

    def up(x: Any) -> Any:
        return layers.UpSampling2D(size=(2, 2), data_format=fmt)(x)

    inputs = layers.Input(shape=(1, 40, 56))
    x = inputs
    for layer in lay.enter(layers):
        x = layer(x)
    conv1 = block(x, 8)
    conv2 = block(layers.MaxPooling2D(pool_size=(2, 2), data_format=fmt)(conv1), 16)
    conv3 = block(layers.MaxPooling2D(pool_size=(2, 2), data_format=fmt)(conv2), 32)
    conv4 = block(layers.Concatenate(axis=lay.channel_axis)([up(conv3), conv2]), 16)
    conv5 = block(layers.Concatenate(axis=lay.channel_axis)([up(conv4), conv1]), 8)
    x = layers.Conv2D(1, (1, 1), activation="sigmoid", data_format=fmt)(conv5)
    for layer in lay.leave(layers):
        x = layer(x)
    return tf.keras.Model(inputs, x)


def _dcgan_generator_reference(tf: ModuleType, lay: Layout) -> Any:
    layers, fmt = tf.keras.layers, lay.data_format
    return tf.keras.Sequential(
        [
            layers.Input(shape=(100,)),
            layers.Dense(256),
            layers.Activation("tanh"),
            layers.Dense(128 * 7 * 7),
            layers.BatchNormalization(),  # on (batch, 6272) features: no channel axis involved
            layers.Activation("tanh"),
            layers.Reshape(lay.maps(128, 7, 7)),
            layers.UpSampling2D(size=(2, 2), data_format=fmt),
            layers.Conv2D(32, (5, 5), padding="same", data_format=fmt),
            layers.Activation("tanh"),
            layers.UpSampling2D(size=(2, 2), data_format=fmt),
            layers.Conv2D(1, (5, 5), padding="same", data_format=fmt),
            layers.Activation("tanh"),
            *lay.leave(layers),
        ]
    )


def _bn_classifier_reference(tf: ModuleType, lay: Layout) -> Any:
    layers, fmt = tf.keras.layers, lay.data_format
    stack: list[Any] = [layers.Input(shape=(3, 40, 40)), *lay.enter(layers)]
    for filters, pool in ((16, False), (16, True), (24, True)):
        stack += [
            layers.Conv2D(filters, (3, 3), padding="same", data_format=fmt),
            layers.BatchNormalization(axis=lay.channel_axis),
            layers.Activation("relu"),
        ]
        if pool:
            stack.append(layers.MaxPooling2D(pool_size=(2, 2), data_format=fmt))
    stack += [
        layers.Flatten(data_format="channels_last"),
        layers.Dense(64),
        layers.BatchNormalization(),
        layers.Activation("relu"),
        layers.Dropout(0.5),
        layers.Dense(5, activation="softmax"),
    ]
    return tf.keras.Sequential(stack)


# ---------------------------------------------------------------------------
# the cases: shapes at the channels-first interface, training data, expected sizes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    script: str  # tests/data/channel_models/<script>.py
    input_shape: tuple[int, ...]  # without the batch axis; channels first for images
    output_shape: tuple[int, ...]
    image_input: bool
    image_output: bool
    params: int  # computed by hand, see the sums below
    trainable: int  # number of trainable weight tensors
    non_trainable: int  # BatchNormalization moving means and variances
    loss: str
    batch: int
    reference: Callable[[ModuleType, Layout], Any]


# A k x k convolution from c_in to c_out channels holds k*k*c_in*c_out + c_out
# parameters, a Dense layer n_in*n_out + n_out, a BatchNormalization 4 per
# normalised feature (gamma, beta trainable; moving mean and variance not).
CASES = {
    case.script: case
    for case in (
        Case(
            "seed_vgg16_dense_kpf",
            input_shape=(3, 256, 256),
            output_shape=(512, 16, 16),  # 256 / 2**4
            image_input=True,
            image_output=True,
            # blocks 1-4 of VGG16: 2 x 64, 2 x 128, 3 x 256, 3 x 512 filters
            params=(1_792 + 36_928) + (73_856 + 147_584) + (295_168 + 2 * 590_080) + (1_180_160 + 2 * 2_359_808),
            trainable=20,
            non_trainable=0,
            loss="mse",
            batch=1,  # one step at (3, 256, 256) takes a few seconds on two cores
            reference=_seed_reference,
        ),
        Case(
            "small_vgg",
            input_shape=(3, 32, 32),
            output_shape=(10,),
            image_input=True,
            image_output=False,
            # 32 -> 32 -> 30 -> 15 -> 15 -> 13 -> 6: the last map is 32 x 6 x 6 = 1152 features
            params=448 + 2_320 + 4_640 + 9_248 + (1_152 * 64 + 64) + (64 * 10 + 10),
            trainable=12,
            non_trainable=0,
            loss="categorical_crossentropy",
            batch=4,
            reference=_small_vgg_reference,
        ),
        Case(
            "unet",
            input_shape=(1, 40, 56),
            output_shape=(1, 40, 56),
            image_input=True,
            image_output=True,
            # down 1->8->8, 8->16->16, 16->32->32; up (32+16)->16->16, (16+8)->8->8; 1x1 to 1
            params=(80 + 584) + (1_168 + 2_320) + (4_640 + 9_248) + (6_928 + 2_320) + (1_736 + 584) + 9,
            trainable=22,
            non_trainable=0,
            loss="binary_crossentropy",
            batch=4,
            reference=_unet_reference,
        ),
        Case(
            "dcgan_generator",
            input_shape=(100,),
            output_shape=(1, 28, 28),
            image_input=False,
            image_output=True,
            # Dense 100->256, Dense 256->6272, BN(6272), 5x5 conv 128->32, 5x5 conv 32->1
            params=25_856 + 1_611_904 + 4 * 6_272 + 102_432 + 801,
            trainable=10,
            non_trainable=2,
            loss="mse",
            batch=4,
            reference=_dcgan_generator_reference,
        ),
        Case(
            "bn_classifier",
            input_shape=(3, 40, 40),
            output_shape=(5,),
            image_input=True,
            image_output=False,
            # convs 3->16, 16->16, 16->24, each with BN over its channels; 24 x 10 x 10 = 2400 features
            params=(448 + 64) + (2_320 + 64) + (3_480 + 96) + (2_400 * 64 + 64) + 4 * 64 + (64 * 5 + 5),
            trainable=18,
            non_trainable=8,
            loss="categorical_crossentropy",
            batch=4,
            reference=_bn_classifier_reference,
        ),
    )
}

NAMES = tuple(CASES)
# No Flatten, Reshape or Dense between the channels-first input and output: any
# correct migration computes exactly the Keras 1 function, whatever its layout.
FULLY_CONVOLUTIONAL = ("seed_vgg16_dense_kpf", "unet")

each_model = pytest.mark.parametrize("name", NAMES)
each_strategy = pytest.mark.parametrize("strategy", ["A", "C"], ids=["strategy A", "strategy C"])


# ---------------------------------------------------------------------------
# fixtures: one TensorFlow import; one migration, exec and build per (script, strategy)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tf() -> Iterator[ModuleType]:
    import tensorflow

    saved = tensorflow.keras.config.image_data_format()
    tensorflow.keras.config.set_image_data_format("channels_last")
    yield tensorflow
    tensorflow.keras.config.set_image_data_format(saved)


@pytest.fixture(scope="module")
def np() -> ModuleType:
    import numpy

    return numpy


@pytest.fixture(autouse=True)
def channels_last_global(tf: ModuleType) -> Iterator[None]:
    """Two scripts set the global image data format when executed: put Keras's default back."""
    yield
    tf.keras.config.set_image_data_format("channels_last")


@dataclass
class Migrated:
    case: Case
    strategy: str
    text: str  # the migrated source
    model: Any


def _numbered(text: str) -> str:
    return "\n".join(f"{i:3d}  {line}" for i, line in enumerate(text.splitlines(), 1))


def _migrate_and_build(tf: ModuleType, case: Case, strategy: str) -> Migrated | str:
    """Migrate one script, execute the result and call build(); a failure comes back as text."""
    path = MODELS / f"{case.script}.py"
    result = migrate_source(path.read_text(encoding="utf-8"), STRATEGIES[strategy], path=path.name)
    if result.error is not None:
        return f"kmigrate did not migrate {path.name} (strategy {strategy}): {result.error.render()}"
    namespace: dict[str, Any] = {"__name__": f"channel_models_{case.script}_{strategy}"}
    tf.keras.utils.set_random_seed(0)
    try:
        exec(compile(result.new_source, f"{case.script}.migrated_{strategy}.py", "exec"), namespace)
        model = namespace["build"]()
    except Exception as exc:
        return (
            f"{path.name} migrated with strategy {strategy} does not build: {type(exc).__name__}: {exc}\n"
            f"--- migrated text ---\n{_numbered(result.new_source)}"
        )
    finally:
        tf.keras.config.set_image_data_format("channels_last")  # the references rely on no global
    return Migrated(case, strategy, result.new_source, model)


@pytest.fixture(scope="module")
def migrated(tf: ModuleType) -> Callable[[str, str], Migrated]:
    cache: dict[tuple[str, str], Migrated | str] = {}

    def get(name: str, strategy: str) -> Migrated:
        if (name, strategy) not in cache:
            cache[name, strategy] = _migrate_and_build(tf, CASES[name], strategy)
        entry = cache[name, strategy]
        if isinstance(entry, str):
            pytest.fail(entry, pytrace=False)
        return entry

    return get


@pytest.fixture(scope="module")
def reference(tf: ModuleType) -> Callable[[str, str], Any]:
    cache: dict[tuple[str, str], Any] = {}

    def get(name: str, strategy: str) -> Any:
        if (name, strategy) not in cache:
            tf.keras.utils.set_random_seed(0)
            cache[name, strategy] = CASES[name].reference(tf, LAYOUTS[strategy])
        return cache[name, strategy]

    return get


def _skip_without_channels_first_kernels(tf: ModuleType, strategy: str) -> None:
    # TF 2.21 with TF_ENABLE_ONEDNN_OPTS=0 on CPU: "Conv2DCustomBackpropFilterOp only supports NHWC"
    if strategy == "A" and os.environ.get("TF_ENABLE_ONEDNN_OPTS") == "0" and not tf.config.list_physical_devices("GPU"):
        pytest.skip("channels-first Conv2D has no CPU kernel without oneDNN (kmigrate's K955)")


def _layer_names(model: Any, skip: frozenset[str]) -> list[str]:
    return [type(layer).__name__ for layer in model.layers if type(layer).__name__ not in skip]


def _spatial_layers(model: Any) -> list[Any]:
    return [layer for layer in model.layers if type(layer).__name__ in SPATIAL_LAYERS]


def _batch(np: ModuleType, case: Case, seed: int = 0) -> tuple[Any, Any]:
    """Random channels-first inputs and targets of the case's shapes."""
    rng = np.random.default_rng(seed)
    n = case.batch
    if case.image_input:
        x = rng.random((n, *case.input_shape), dtype=np.float32)
    else:
        x = rng.uniform(-1.0, 1.0, size=(n, *case.input_shape)).astype(np.float32)
    if not case.image_output:
        y = np.eye(case.output_shape[0], dtype=np.float32)[rng.integers(0, case.output_shape[0], size=n)]
    elif case.loss == "binary_crossentropy":
        y = (rng.random((n, *case.output_shape)) > 0.5).astype(np.float32)
    else:
        y = rng.uniform(-1.0, 1.0, size=(n, *case.output_shape)).astype(np.float32)
    return x, y


# ---------------------------------------------------------------------------
# the same network as the hand-written reference, with channels-first interfaces
# ---------------------------------------------------------------------------


@each_strategy
@each_model
def test_migrated_model_keeps_channels_first_inputs_and_outputs(
    name: str, strategy: str, migrated: Callable[[str, str], Migrated], reference: Callable[[str, str], Any]
) -> None:
    case, model, ref = CASES[name], migrated(name, strategy).model, reference(name, strategy)
    # (Keras 3's Sequential has no .output, only .outputs)
    assert [tuple(t.shape) for t in ref.inputs] == [(None, *case.input_shape)]
    assert [tuple(t.shape) for t in ref.outputs] == [(None, *case.output_shape)]
    assert [tuple(t.shape) for t in model.inputs] == [(None, *case.input_shape)]
    assert [tuple(t.shape) for t in model.outputs] == [(None, *case.output_shape)]


@each_strategy
@each_model
def test_parameter_count_equals_the_hand_written_reference(
    name: str, strategy: str, migrated: Callable[[str, str], Migrated], reference: Callable[[str, str], Any]
) -> None:
    case, model, ref = CASES[name], migrated(name, strategy).model, reference(name, strategy)
    assert ref.count_params() == case.params
    assert model.count_params() == case.params


@each_model
def test_parameter_counts_are_equal_across_strategies(name: str, migrated: Callable[[str, str], Migrated]) -> None:
    assert migrated(name, "A").model.count_params() == migrated(name, "C").model.count_params()


@each_strategy
@each_model
def test_weights_are_the_references_weights(
    name: str, strategy: str, migrated: Callable[[str, str], Migrated], reference: Callable[[str, str], Any]
) -> None:
    case, model, ref = CASES[name], migrated(name, strategy).model, reference(name, strategy)
    assert len(ref.trainable_weights) == case.trainable
    assert len(ref.non_trainable_weights) == case.non_trainable
    assert len(model.trainable_weights) == case.trainable
    assert len(model.non_trainable_weights) == case.non_trainable
    # kernels are (rows, cols, in, out) whatever the data format: same shapes, same order
    assert [tuple(w.shape) for w in model.weights] == [tuple(w.shape) for w in ref.weights]


@each_strategy
@each_model
def test_layers_are_the_references_layers(
    name: str, strategy: str, migrated: Callable[[str, str], Migrated], reference: Callable[[str, str], Any]
) -> None:
    model, ref = migrated(name, strategy).model, reference(name, strategy)
    # strategy C may place its Permute layers as it sees fit; the rest is the same network
    skip = frozenset({"InputLayer"} if strategy == "A" else {"InputLayer", "Permute"})
    assert _layer_names(model, skip) == _layer_names(ref, skip)


# ---------------------------------------------------------------------------
# what each strategy promises about the layout
# ---------------------------------------------------------------------------


@each_model
def test_strategy_a_makes_every_spatial_layer_channels_first_explicitly(
    name: str, migrated: Callable[[str, str], Migrated]
) -> None:
    result = migrated(name, "A")
    spatial = _spatial_layers(result.model)
    assert spatial
    wrong = {layer.name: layer.get_config()["data_format"] for layer in spatial}
    wrong = {k: v for k, v in wrong.items() if v != "channels_first"}
    assert not wrong, f"spatial layers not channels_first after strategy A: {wrong}"
    # explicit in the text, so the model does not depend on the global data format
    missing = []
    for node in ast.walk(ast.parse(result.text)):
        if isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            given = {k.arg: k.value for k in node.keywords}
            value = given.get("data_format")
            if callee in SPATIAL_LAYERS and not (
                isinstance(value, ast.Constant) and value.value == "channels_first"
            ):
                missing.append(f"line {node.lineno}: {ast.unparse(node)}")
    assert not missing, "no data_format='channels_first' on:\n" + "\n".join(missing)


@each_model
def test_strategy_c_computes_channels_last_behind_boundary_permutes(
    name: str, migrated: Callable[[str, str], Migrated]
) -> None:
    case, model = CASES[name], migrated(name, "C").model
    assert _spatial_layers(model)
    # Flatten included: a channels_first Flatten would transpose the channels-last maps again
    formats = {layer.name: layer.get_config().get("data_format") for layer in model.layers}
    wrong = {k: v for k, v in formats.items() if v not in (None, "channels_last")}
    assert not wrong, f"layers not channels_last after strategy C: {wrong}"
    computing = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    if case.image_input:
        first = computing[0]
        assert type(first).__name__ == "Permute", "strategy C: a Permute right after the image input"
        assert tuple(first.get_config()["dims"]) == (2, 3, 1)
    if case.image_output:
        last = computing[-1]
        assert type(last).__name__ == "Permute", "strategy C: a Permute back to channels first at the image output"
        assert tuple(last.get_config()["dims"]) == (3, 1, 2)


# ---------------------------------------------------------------------------
# training and numbers
# ---------------------------------------------------------------------------


@each_strategy
@each_model
def test_migrated_model_trains_one_step_on_channels_first_data(
    name: str, strategy: str, tf: ModuleType, np: ModuleType, migrated: Callable[[str, str], Migrated]
) -> None:
    _skip_without_channels_first_kernels(tf, strategy)
    case, model = CASES[name], migrated(name, strategy).model
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01), loss=case.loss)
    x, y = _batch(np, case)
    first = model.trainable_weights[0]  # the layer nearest the input
    before = np.array(first.numpy())

    loss = model.train_on_batch(x, y)

    assert np.isfinite(float(np.asarray(loss).reshape(-1)[0]))
    # the gradient reached the first layer through the whole network (and the Permute of C)
    assert not np.array_equal(before, first.numpy())


def _outputs(np: ModuleType, model: Any, x: Any) -> Any:
    return np.asarray(model(x, training=False))


@each_model
def test_strategy_a_computes_what_the_hand_written_channels_first_model_computes(
    name: str,
    tf: ModuleType,
    np: ModuleType,
    migrated: Callable[[str, str], Migrated],
    reference: Callable[[str, str], Any],
) -> None:
    # Strategy A is Keras 1's computation, array for array (spec §11.2.1), Flatten
    # included: the reference flattens in Keras 1's (C, H, W) order (§11.4.3).
    _skip_without_channels_first_kernels(tf, "A")
    model, ref = migrated(name, "A").model, reference(name, "A")
    ref.set_weights(model.get_weights())
    x, _ = _batch(np, CASES[name], seed=1)
    np.testing.assert_allclose(_outputs(np, model, x), _outputs(np, ref, x), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", FULLY_CONVOLUTIONAL)
def test_strategy_c_computes_what_strategy_a_computes_with_the_same_weights(
    name: str, tf: ModuleType, np: ModuleType, migrated: Callable[[str, str], Migrated]
) -> None:
    _skip_without_channels_first_kernels(tf, "A")
    first, last = migrated(name, "A").model, migrated(name, "C").model
    last.set_weights(first.get_weights())
    x, _ = _batch(np, CASES[name], seed=1)
    expected = _outputs(np, first, x)
    scale = float(np.abs(expected).max())
    np.testing.assert_allclose(_outputs(np, last, x), expected, rtol=1e-4, atol=1e-5 * scale)
