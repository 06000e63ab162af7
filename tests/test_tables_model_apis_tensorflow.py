"""The model-API rules checked against TensorFlow 2.21 (Keras 3.15).

The rewritten shape reads give the tuples Keras 1's attributes gave (batch
axis ``None``), the removed layer and model APIs are really gone, and every
finding's claim holds: tensor inputs, nested outputs, Keras 1 weight layouts,
HDF5 compile configs, Python lambdas and XLA's 'auto' really behave as the
messages say. Migrated Keras 1 snippets are run, not only parsed.

TensorFlow is imported inside a module-scoped fixture, so collecting this
module for ``pytest -m "not tensorflow"`` stays cheap.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from codemods.tables.model_apis import (
    LAYER_SHAPE_ATTRIBUTES,
    NODE_LISTS,
    NODE_METHODS,
    NOT_SINGLE_INPUT,
    SAME_WEIGHT_LAYOUT,
    TENSOR_INPUTS,
)
from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow


@pytest.fixture(scope="module")
def keras() -> Any:
    import tensorflow.keras

    return tensorflow.keras


def _class(keras: Any, canon: str) -> Any:
    return getattr(keras.layers, canon.rpartition(".")[2])


def _run(source: str) -> dict[str, Any]:
    result = migrate_source(source)
    assert result.error is None
    namespace: dict[str, Any] = {}
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    return namespace


def _functional(keras: Any) -> Any:
    x = keras.Input((8, 8, 3))
    y = keras.layers.Conv2D(4, 3)(x)
    return keras.Model(x, keras.layers.Flatten()(y))


def test_what_the_findings_say_to_write_exists(keras: Any) -> None:
    """Every keyword and function a K94x message names is in today's API."""
    assert {"compile", "safe_mode"} <= set(inspect.signature(keras.models.load_model).parameters)
    assert "jit_compile" in inspect.signature(keras.Model.compile).parameters
    assert callable(keras.utils.register_keras_serializable)
    assert callable(keras.config.enable_unsafe_deserialization)
    assert callable(keras.models.model_from_json) and hasattr(keras.Model, "to_json")
    assert "input_tensor" in inspect.signature(keras.layers.InputLayer).parameters
    assert "tensor" in inspect.signature(keras.Input).parameters


# -- layer_node_apis (spec §6.20, §10.25) ----------------------------------------------------
def test_layer_shape_and_node_apis_are_gone_but_models_keep_their_shapes(keras: Any) -> None:
    sequential = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    for model in (sequential, _functional(keras)):
        layer = model.layers[-1]
        for name in (*LAYER_SHAPE_ATTRIBUTES, *NODE_METHODS, *NODE_LISTS):
            assert not hasattr(layer, name), name
        for prop, _ in NODE_METHODS.values():
            assert hasattr(layer, prop)
        assert isinstance(model.output_shape, tuple)
        assert isinstance(model.input_shape, tuple)
    assert sequential.input_shape == (None, 4) and sequential.output_shape == (None, 3)


def test_migrated_shape_reads_give_the_keras1_tuples(keras: Any) -> None:
    """Keras 1 (tf ordering) gave these tuples for Conv 3x3 valid, pooling 2, Flatten, Dense."""
    namespace = _run(
        "from keras.models import Sequential\n"
        "from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense\n"
        "model = Sequential()\n"
        "model.add(Convolution2D(8, 3, 3, input_shape=(28, 28, 1)))\n"
        "model.add(MaxPooling2D((2, 2)))\n"
        "model.add(Flatten())\n"
        "model.add(Dense(10))\n"
        "outs = [layer.output_shape for layer in model.layers]\n"
        "ins = []\n"
        "for layer in model.layers:\n"
        "    ins.append(layer.input_shape)\n"
        "last = model.get_layer(model.layers[-1].name).output_shape\n"
        "dense = Dense(4)\n"
        "y = dense(model.layers[-1].output)\n"
        "dense_in, dense_out = dense.get_input_shape_at(0), dense.get_output_shape_at(0)\n"
    )
    outs = [(None, 26, 26, 8), (None, 13, 13, 8), (None, 1352), (None, 10)]
    assert [tuple(s) for s in namespace["outs"]] == outs
    assert all(type(s) is tuple for s in namespace["outs"])
    assert namespace["ins"] == [(None, 28, 28, 1), *outs[:-1]]
    assert namespace["last"] == (None, 10)
    assert (namespace["dense_in"], namespace["dense_out"]) == ((None, 10), (None, 4))
    model = namespace["model"]
    for layer, shape in zip(model.layers, outs, strict=True):
        assert layer.compute_output_shape(layer.input.shape) == shape


def test_functional_shape_reads_and_the_input_layer(keras: Any) -> None:
    """``output.shape`` is right on every layer, InputLayer included; ``input`` is not one
    tensor on an InputLayer or a merge layer, which is what K942's review says."""
    namespace = _run(
        "from keras.models import Model\n"
        "from keras.layers import Input, Dense, merge\n"
        "a = Input(shape=(3,))\n"
        "b = Input(shape=(2,))\n"
        "model = Model(input=[a, b], output=Dense(1)(merge([a, b], mode='concat')))\n"
        "outs = [layer.output_shape for layer in model.layers]\n"
    )
    model = namespace["model"]
    assert namespace["outs"] == [(None, 3), (None, 2), (None, 5), (None, 1)]
    input_layer, concat = model.layers[0], model.layers[2]
    assert input_layer.input == [] and input_layer.output.shape == input_layer.batch_shape
    assert isinstance(concat.input, list) and [t.shape for t in concat.input] == [(None, 3), (None, 2)]
    for canon in NOT_SINGLE_INPUT - {"keras.layers.Merge"}:
        assert hasattr(keras.layers, canon.rpartition(".")[2]), canon


def test_node_zero_is_the_first_call_of_a_shared_layer(keras: Any) -> None:
    """``get_output_at(0)`` -> ``output``: Keras 3's ``output``/``input`` are node 0's
    tensors even when the layer was called again."""
    shared = keras.layers.Dense(2)
    a, b = keras.Input((3,)), keras.Input((3,))
    first, second = shared(a), shared(b)
    assert len(shared._inbound_nodes) == 2
    assert shared.output is first and shared.input is a
    assert shared.output.shape == first.shape == second.shape == (None, 2)


# -- model_files (spec §9.10, §10.32, §10.40-10.42, §6.19) -------------------------------------
def test_yaml_is_gone(keras: Any) -> None:
    assert not hasattr(keras.Model, "to_yaml")
    assert not hasattr(keras.models, "model_from_yaml")
    assert hasattr(keras.Model, "to_json") and hasattr(keras.models, "model_from_json")


def _keras1_weight_file(path: Path, layer: str, arrays: list[np.ndarray]) -> None:
    """An HDF5 weight file as Keras 1 wrote it: no keras_version attribute."""
    import h5py

    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [layer.encode()]
        group = f.create_group(layer)
        names = [f"{layer}_{i}".encode() for i in range(len(arrays))]
        group.attrs["weight_names"] = names
        for name, array in zip(names, arrays, strict=True):
            group.create_dataset(name.decode(), data=array)


def test_keras1_weight_layouts_are_not_converted(keras: Any, tmp_path: Path) -> None:
    lstm = keras.Sequential([keras.Input((10, 8)), keras.layers.LSTM(4)])
    keras1_lstm = [np.zeros(s, "float32") for s in [(8, 4), (4, 4), (4,)] * 4]  # W_i, U_i, b_i, ... per gate
    _keras1_weight_file(tmp_path / "lstm.h5", "lstm_1", keras1_lstm)
    with pytest.raises(ValueError, match="count mismatch"):
        lstm.load_weights(tmp_path / "lstm.h5")
    with pytest.raises(ValueError):
        lstm.layers[0].set_weights(keras1_lstm)
    conv = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Conv2D(8, 3)])
    theano_kernel = np.zeros((8, 3, 3, 3), "float32")  # (filters, in, rows, cols)
    _keras1_weight_file(tmp_path / "conv.h5", "conv_1", [theano_kernel, np.zeros(8, "float32")])
    with pytest.raises(ValueError):
        conv.load_weights(tmp_path / "conv.h5")
    # the layers kept out of K946's set_weights finding take Keras 1's arrays as they are
    keras1_dense = [np.ones((3, 2), "float32"), np.zeros(2, "float32")]  # W (in, out), b
    dense = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    dense.layers[0].set_weights(keras1_dense)
    assert np.allclose(dense.predict(np.ones((1, 3), "float32"), verbose=0), 3.0)
    for canon in SAME_WEIGHT_LAYOUT:
        assert _class(keras, canon) is not None


def test_hdf5_with_a_short_loss_name_needs_compile_false(keras: Any, tmp_path: Path) -> None:
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["accuracy"])
    path = tmp_path / "model.h5"
    model.save(path)
    with pytest.raises(ValueError, match=r"keras\.metrics\.mse"):
        keras.models.load_model(path)
    restored = keras.models.load_model(path, compile=False)
    x = np.ones((2, 3), "float32")
    assert np.allclose(restored.predict(x, verbose=0), model.predict(x, verbose=0))


def test_python_lambdas_load_only_in_unsafe_mode(keras: Any, tmp_path: Path) -> None:
    from keras.src.backend.common import global_state

    model = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda t: t * 2.0), keras.layers.Dense(1)])
    x = np.ones((2, 3), "float32")
    for name in ("m.keras", "m.h5"):
        model.save(tmp_path / name)
        with pytest.raises(ValueError, match="safe_mode=False"):
            keras.models.load_model(tmp_path / name)
        restored = keras.models.load_model(tmp_path / name, safe_mode=False)
        assert np.allclose(restored.predict(x, verbose=0), model.predict(x, verbose=0))
    with pytest.raises(ValueError, match="Python lambda"):
        keras.models.model_from_json(model.to_json())
    saved = global_state.get_global_attribute("safe_mode_saving")
    try:
        keras.config.enable_unsafe_deserialization()
        keras.models.model_from_json(model.to_json())
    finally:
        global_state.set_global_attribute("safe_mode_saving", saved)


# -- model_graph_limits (spec §6.15, §6.23, §10.38, §10.47) -------------------------------------
def test_input_takes_no_tensor_or_variable(keras: Any) -> None:
    import tensorflow as tf

    for canon, kwarg in TENSOR_INPUTS.items():
        for tensor in (tf.constant(np.zeros((1, 4), "float32")), keras.backend.variable(np.zeros((1, 4)))):
            with pytest.raises(ValueError, match="must be a KerasTensor"):
                _class(keras, canon)(**{kwarg: tensor})
    symbolic = keras.Input((4,))
    assert keras.Input(tensor=symbolic) is symbolic


def test_nested_outputs_do_not_train_but_nested_inputs_do(keras: Any) -> None:
    def build(nested_in: bool, nested_out: bool) -> tuple[Any, list[Any], list[Any]]:
        a, b = keras.Input((3,)), keras.Input((2,))
        y = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
        z = keras.layers.Dense(1)(y)
        model = keras.Model(inputs=[[a, b]] if nested_in else [a, b], outputs=[[y], z] if nested_out else [y, z])
        model.compile(optimizer="sgd", loss="mse")
        xs = [np.ones((4, 3)), np.ones((4, 2))]
        ys = [np.ones((4, 1)), np.ones((4, 1))]
        return model, [xs] if nested_in else xs, [[ys[0]], ys[1]] if nested_out else ys

    model, xs, ys = build(nested_in=True, nested_out=False)
    model.fit(xs, ys, epochs=1, verbose=0)
    assert len(model.evaluate(xs, ys, verbose=0)) == 3
    model, xs, ys = build(nested_in=False, nested_out=True)
    with pytest.raises(ValueError, match="Expected an instance of tuple"):
        model.fit(xs, ys, epochs=1, verbose=0)


def test_jit_compile_auto_is_xla_only_with_a_gpu(keras: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """'auto' resolves to False on CPU-only machines and to True with a GPU when every
    layer supports XLA, which custom layers and Lambda layers do by default."""
    import tensorflow as tf

    class Clipped(keras.layers.Layer):
        def call(self, inputs: Any) -> Any:
            return keras.ops.clip(inputs, 0.0, 6.0)

    def build() -> Any:
        model = keras.Sequential([keras.Input((4,)), Clipped(), keras.layers.Lambda(lambda t: t * 2.0)])
        model.compile(optimizer="sgd", loss="mse")
        return model

    if not tf.config.list_physical_devices("GPU"):
        assert build().jit_compile is False
    cpu = tf.config.list_physical_devices("CPU")
    gpu = tf.config.PhysicalDevice(name="/physical_device:GPU:0", device_type="GPU")
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: [*cpu, gpu])
    assert build().jit_compile is True
    model = keras.Sequential([keras.Input((4,)), Clipped()])
    model.compile(optimizer="sgd", loss="mse", jit_compile=False)
    assert model.jit_compile is False
