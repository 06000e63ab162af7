"""Strategy C (``--channels-last``) checked against the installed TensorFlow.

Small channels-first models are migrated twice, with strategy A (keep
channels first: ``--dim-ordering th``) and with strategy C (``--channels-last``),
and built with TensorFlow: both take the same channels-first input, have the
same parameter count and the same output shape, train a step, and, with the
weights of A copied into C (conv kernels and BatchNormalization parameters do
not depend on the layout), compute the same outputs, a BatchNormalization over
the width (Keras 1's default axis on th maps) included. The facts strategy C
relies on are checked too: every layer it rewrites takes
``data_format='channels_last'``, ``Permute`` takes the input shape, and the
axis mapping agrees with NumPy.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import numpy as np
import pytest

from codemods._channels_last_facts import (
    GLOBAL_POOLING,
    SPATIAL_RANKS,
    TO_CHANNELS_FIRST,
    TO_CHANNELS_LAST,
    channels_last_axis,
)
from codemods.tables.channels import SPATIAL_LAYERS
from kmigrate import migrate_source
from kmigrate.config import DimOrdering, RunConfig

pytestmark = pytest.mark.tensorflow

STRATEGY_A = RunConfig(dim_ordering=DimOrdering.TH)
STRATEGY_C = RunConfig(dim_ordering=DimOrdering.TH, channels_last=True)
LAYERS = "from keras.layers import *\nfrom keras.models import Sequential, Model\n"

UNET = LAYERS + """
inputs = Input((3, 16, 16))
c1 = Convolution2D(8, 3, 3, border_mode='same', activation='relu', name='c1')(inputs)
b1 = BatchNormalization(axis=1, name='b1')(c1)
p1 = MaxPooling2D(pool_size=(2, 2), name='p1')(b1)
c2 = Convolution2D(16, 3, 3, border_mode='same', name='c2')(p1)
b2 = BatchNormalization(name='b2')(c2)
u1 = UpSampling2D(size=(2, 2), name='u1')(b2)
m1 = merge([u1, b1], mode='concat', concat_axis=1, name='m1')
c3 = Convolution2D(4, 3, 3, border_mode='same', name='c3')(m1)
m2 = Concatenate(axis=1, name='m2')([c3, inputs])
out = Convolution2D(2, 1, 1, activation='sigmoid', name='out')(m2)
model = Model(input=inputs, output=out)
"""

CLASSIFIER = LAYERS + """
model = Sequential()
model.add(Convolution2D(8, 3, 3, border_mode='same', input_shape=(1, 28, 28)))
model.add(BatchNormalization(axis=1))
model.add(PReLU(shared_axes=[2, 3]))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(ZeroPadding2D((1, 1)))
model.add(Convolution2D(4, 3, 3))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
"""

GENERATOR = LAYERS + """
model = Sequential()
model.add(Dense(input_dim=100, output_dim=1024))
model.add(Activation('tanh'))
model.add(Dense(128 * 7 * 7))
model.add(BatchNormalization())
model.add(Activation('tanh'))
model.add(Reshape((128, 7, 7)))
model.add(UpSampling2D(size=(2, 2)))
model.add(Convolution2D(64, 5, 5, border_mode='same'))
model.add(Activation('tanh'))
model.add(UpSampling2D(size=(2, 2)))
model.add(Convolution2D(1, 5, 5, border_mode='same'))
model.add(Activation('tanh'))
"""

LIST_FORM = LAYERS + """
model = Sequential([
    Convolution2D(4, 3, 3, input_shape=(2, 12, 12)),
    GlobalAveragePooling2D(),
    Dense(3),
])
"""

VOLUMES = LAYERS + """
volume = Input(shape=(1, 8, 12, 12))
x = Convolution3D(4, 3, 3, 3, border_mode='same')(volume)
x = MaxPooling3D(pool_size=(2, 2, 2))(x)
x = UpSampling3D(size=(2, 2, 2))(x)
x = merge([x, volume], mode='concat', concat_axis=1)
model = Model(input=volume, output=x)
"""

MODELS = {"unet": UNET, "classifier": CLASSIFIER, "generator": GENERATOR, "list": LIST_FORM, "volumes": VOLUMES}
INPUTS = {
    "unet": (2, 3, 16, 16),
    "classifier": (2, 1, 28, 28),
    "generator": (2, 100),
    "list": (2, 2, 12, 12),
    "volumes": (2, 1, 8, 12, 12),
}


@pytest.fixture(scope="module")
def keras() -> Any:
    import tensorflow

    return tensorflow.keras


def build(source: str, config: RunConfig, keras: Any) -> Any:
    result = migrate_source(source, config)
    assert result.error is None, result.error
    namespace: dict[str, Any] = {}
    keras.utils.set_random_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # input_shape on a Sequential's first layer
        exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    assert keras.config.image_data_format() == "channels_last"
    return namespace["model"]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_both_strategies_build_the_same_model_from_channels_first_data(name: str, keras: Any) -> None:
    first = build(MODELS[name], STRATEGY_A, keras)
    last = build(MODELS[name], STRATEGY_C, keras)
    x = np.random.default_rng(0).random(INPUTS[name]).astype("float32")
    assert first(x).shape == last(x).shape
    assert first.count_params() == last.count_params()


@pytest.mark.parametrize("name", ["unet", "volumes"])
def test_with_the_same_weights_both_strategies_compute_the_same_outputs(name: str, keras: Any) -> None:
    first = build(MODELS[name], STRATEGY_A, keras)
    last = build(MODELS[name], STRATEGY_C, keras)
    rng = np.random.default_rng(1)
    x = rng.random(INPUTS[name]).astype("float32")
    weighted = [layer for layer in first.layers if layer.weights]
    assert weighted
    for layer in weighted:
        # random weights, moving statistics included (variances must stay positive)
        layer.set_weights([rng.random(w.shape).astype("float32") + 0.5 for w in layer.get_weights()])
    others = [layer for layer in last.layers if layer.weights]
    assert [type(layer).__name__ for layer in weighted] == [type(layer).__name__ for layer in others]
    for source, target in zip(weighted, others, strict=True):
        target.set_weights(source.get_weights())
    np.testing.assert_allclose(first.predict(x, verbose=0), last.predict(x, verbose=0), rtol=1e-4, atol=1e-5)


def test_the_channels_last_classifier_trains_a_step_on_channels_first_data(keras: Any) -> None:
    model = build(CLASSIFIER, STRATEGY_C, keras)
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    x = np.random.default_rng(2).random((4, 1, 28, 28)).astype("float32")
    y = np.eye(10, dtype="float32")[[0, 1, 2, 3]]
    loss = model.train_on_batch(x, y)
    assert np.isfinite(np.asarray(loss)).all()


@pytest.mark.parametrize("name", sorted(SPATIAL_RANKS))
def test_every_rewritten_layer_takes_data_format(name: str, keras: Any) -> None:
    today = SPATIAL_LAYERS[f"keras.layers.{name}"].today  # Keras 1 names have another today
    assert "data_format" in inspect.signature(getattr(keras.layers, today)).parameters


@pytest.mark.parametrize("rank", sorted(TO_CHANNELS_LAST))
def test_the_boundary_permutes_undo_each_other_and_move_the_channels(rank: int, keras: Any) -> None:
    x = np.random.default_rng(3).random((2, *range(3, 3 + rank - 1))).astype("float32")
    to_last = keras.layers.Permute(TO_CHANNELS_LAST[rank])
    back = keras.layers.Permute(TO_CHANNELS_FIRST[rank])
    np.testing.assert_array_equal(to_last(x), np.moveaxis(x, 1, -1))
    np.testing.assert_array_equal(back(to_last(x)), x)
    model = keras.Sequential([keras.layers.Permute(TO_CHANNELS_LAST[rank], input_shape=x.shape[1:])])
    assert model.output_shape == (None, *np.moveaxis(x, 1, -1).shape[1:])


@pytest.mark.parametrize("rank", [4, 5])
def test_the_axis_mapping_agrees_with_numpy(rank: int) -> None:
    shape = tuple(range(2, 2 + rank))  # every axis has its own length
    moved_shape = np.moveaxis(np.empty(shape), 1, -1).shape
    for axis in range(-rank, rank):
        new = channels_last_axis(axis, rank)
        assert new is not None
        # the index along the channels-first axis is the index along the mapped axis
        index = np.moveaxis(np.indices(shape)[axis % rank], 1, -1)
        np.testing.assert_array_equal(index, np.indices(moved_shape)[new % rank])


def test_global_pooling_gives_channels_in_both_layouts(keras: Any) -> None:
    x = np.random.default_rng(5).random((2, 3, 4, 5)).astype("float32")
    for name in sorted(GLOBAL_POOLING):
        layer = getattr(keras.layers, name, None)
        if layer is None or not name.endswith("2D"):
            continue
        first = layer(data_format="channels_first")(x)
        last = layer(data_format="channels_last")(np.moveaxis(x, 1, -1))
        np.testing.assert_allclose(first, last, rtol=1e-6)
