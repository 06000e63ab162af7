"""sequential_io (K418, K949) checked against TensorFlow 2.21 (Keras 3.15).

A built Sequential model really has no ``input``/``output`` but has
``inputs``/``outputs``; an unbuilt one has neither (K949's claim) until it is
built; functional models keep ``input``/``output``. Every first layer the rule
takes as proof that a model is built really builds it once migrated, and the
migrated Keras 1 feature-extractor idiom gives the numbers the layers give by
hand.

TensorFlow is imported inside a module-scoped fixture, so collecting this
module for ``pytest -m "not tensorflow"`` stays cheap.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow

KERAS1 = "from keras.models import Sequential, Model\nfrom keras.layers import Dense, Embedding, InputLayer, LSTM, Input\n"

EXTRACTOR = KERAS1 + (
    "model = Sequential()\n"
    "model.add(Dense(16, input_dim=8, activation='relu'))\n"
    "model.add(Dense(6, activation='tanh'))\n"
    "model.add(Dense(3, activation='softmax'))\n"
    "extractor = Model(input=model.input, output=model.layers[-2].output)\n"
    "head = Model(input=model.input, output=model.output)\n"
)

# first layers the rule takes as proof that the model is built (after the other rules ran)
BUILT_BY = [
    pytest.param("Dense(4, input_shape=(3,))", id="input_shape"),
    pytest.param("Dense(4, input_dim=3)", id="input_dim"),
    pytest.param("Dense(4, batch_input_shape=(None, 3))", id="batch_input_shape"),
    pytest.param("InputLayer(input_shape=(3,))", id="InputLayer"),
    pytest.param("Input(shape=(3,))", id="Input"),
    pytest.param("Embedding(50, 4, input_length=3)", id="Embedding input_length"),
    pytest.param("LSTM(4, input_dim=3, input_length=5)", id="recurrent input_dim and input_length"),
]


@pytest.fixture(scope="module")
def keras() -> Any:
    import tensorflow.keras

    return tensorflow.keras


def _run(source: str) -> tuple[str, dict[str, Any]]:
    result = migrate_source(source)
    assert result.error is None
    namespace: dict[str, Any] = {}
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    return result.new_source, namespace


def test_a_built_sequential_has_inputs_but_no_input(keras: Any) -> None:
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    for attr in ("input", "output"):
        with pytest.raises(AttributeError, match="never been called"):
            getattr(model, attr)
    assert len(model.inputs) == 1 and len(model.outputs) == 1
    assert tuple(model.inputs[0].shape) == (None, 3) and tuple(model.outputs[0].shape) == (None, 2)


def test_the_unmigrated_idiom_raises(keras: Any) -> None:
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(6), keras.layers.Dense(3)])
    with pytest.raises(AttributeError):
        keras.Model(inputs=model.input, outputs=model.layers[-2].output)


def test_an_unbuilt_sequential_has_no_inputs_until_built(keras: Any) -> None:
    model = keras.Sequential([keras.layers.Dense(2)])
    for attr in ("inputs", "outputs", "input", "output"):
        with pytest.raises(AttributeError):
            getattr(model, attr)
    model.build((None, 3))
    assert tuple(model.inputs[0].shape) == (None, 3)


def test_a_functional_model_keeps_input_and_output(keras: Any) -> None:
    x = keras.Input((3,))
    model = keras.Model(x, keras.layers.Dense(2)(x))
    assert model.input is model.inputs[0] and model.output is model.outputs[0]


@pytest.mark.parametrize("first", BUILT_BY)
def test_the_first_layers_taken_as_proof_build_the_model(keras: Any, first: str) -> None:
    source = KERAS1 + f"model = Sequential()\nmodel.add({first})\nmodel.add(Dense(2))\nhead = Model(input=model.input, output=model.output)\n"
    new_source, namespace = _run(source)
    assert "model.inputs[0]" in new_source and "model.outputs[0]" in new_source
    assert namespace["head"].outputs[0].shape == namespace["model"].outputs[0].shape


def test_the_migrated_feature_extractor_matches_the_layers(keras: Any) -> None:
    new_source, namespace = _run(EXTRACTOR)
    assert "Model(inputs=model.inputs[0], outputs=model.layers[-2].output)" in new_source
    model, extractor, head = namespace["model"], namespace["extractor"], namespace["head"]
    x = np.random.default_rng(0).normal(size=(5, 8)).astype("float32")
    by_hand = model.layers[1](model.layers[0](x)).numpy()
    features = extractor.predict(x, verbose=0)
    assert features.shape == by_hand.shape == (5, 6)
    np.testing.assert_allclose(features, by_hand, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(head.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_an_unbuilt_model_is_reported_not_rewritten(keras: Any) -> None:
    source = KERAS1 + "model = Sequential()\nmodel.add(Dense(4))\nhead = Model(input=model.input, output=model.output)\n"
    result = migrate_source(source)
    assert [f.code for f in result.findings if f.code == "K949"] == ["K949", "K949"]
    assert "model.input," in result.new_source
    model = keras.Sequential([keras.layers.Dense(4)])
    with pytest.raises(AttributeError):
        _ = model.inputs
