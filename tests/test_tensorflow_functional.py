"""Migrated functional-API scripts under TensorFlow 2.21: merge(mode='concat') and Sequential Merge.

Each Keras 1 script in fixtures/_pipeline is migrated by kmigrate, executed by
this test (kmigrate itself never runs code), built, compared with the same
model written by hand in today's tf.keras (parameter count, output shapes,
trainable weights count) and trained for one epoch of a few batches.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow

PIPELINE = Path(__file__).resolve().parent.parent / "fixtures" / "_pipeline"


@pytest.fixture(scope="module")
def tf() -> ModuleType:
    import tensorflow

    return tensorflow


def _migrated_namespace(name: str) -> dict[str, Any]:
    result = migrate_source((PIPELINE / f"{name}.in.py").read_text(encoding="utf-8"))
    assert result.error is None
    # K925 only says the pinned hard_sigmoid gate is Keras 3's formula, close to Keras 1's
    assert not [f for f in result.findings if f.code.startswith("K9") and f.code != "K925"], result.findings
    namespace: dict[str, Any] = {"__name__": f"migrated_{name}"}
    exec(compile(result.new_source, f"{name}.out.py", "exec"), namespace)
    return namespace


def _train_one_epoch(model: Any, inputs: list[Any], targets: Any) -> Any:
    history = model.fit(inputs, targets, batch_size=8, epochs=1, verbose=0)
    assert history.params["steps"] == 3  # 24 samples in batches of 8
    return history


def test_two_branch_text_model_with_merge_concat_matches_hand_written(tf: ModuleType) -> None:
    import numpy as np

    model = _migrated_namespace("text_two_branch")["build"]()

    layers = tf.keras.layers
    question = layers.Input(shape=(12,), dtype="int32", name="question")
    answer = layers.Input(shape=(20,), dtype="int32", name="answer")
    embed = layers.Embedding(500, 16, embeddings_initializer="uniform")
    q = layers.LSTM(8, dropout=0.1, recurrent_activation="hard_sigmoid")(embed(question))
    a = layers.GlobalMaxPooling1D()(layers.Conv1D(8, 3, padding="same", activation="relu")(embed(answer)))
    joined = layers.concatenate([q, a], name="joined")
    match = layers.Dense(1, activation="sigmoid")(layers.Dropout(0.25)(layers.Dense(16, activation="relu")(joined)))
    reference = tf.keras.Model([question, answer], match)

    # 500*16 embedding + LSTM 4*(16+8+1)*8 + conv 3*16*8+8 + dense 16*16+16 + 17
    assert model.count_params() == reference.count_params() == 8000 + 800 + 392 + 272 + 17
    assert model.output_shape == reference.output_shape == (None, 1)
    assert [tuple(t.shape) for t in model.inputs] == [(None, 12), (None, 20)]
    assert model.get_layer("joined").__class__ is layers.Concatenate
    assert len(model.trainable_weights) == len(reference.trainable_weights)

    rng = np.random.default_rng(0)
    x = [rng.integers(0, 500, size=(24, 12)), rng.integers(0, 500, size=(24, 20))]
    y = rng.integers(0, 2, size=(24, 1)).astype("float32")
    history = _train_one_epoch(model, x, y)
    assert np.isfinite(history.history["loss"][0])


def test_sequential_merge_towers_become_a_functional_model_with_the_same_weights(tf: ModuleType) -> None:
    import numpy as np

    model = _migrated_namespace("sequential_merge_towers")["build"]()

    layers = tf.keras.layers

    def tower() -> Any:
        return tf.keras.Sequential([layers.Input(shape=(10,)), layers.Dense(16, activation="relu"), layers.Dropout(0.1)])

    left, right = tower(), tower()
    head = tf.keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])
    reference = tf.keras.Model(left.inputs + right.inputs, head(layers.concatenate(left.outputs + right.outputs)))

    # two towers of 10*16+16, then 32*8+8 and 8+1: what the Keras 1 Merge model had
    assert model.count_params() == reference.count_params() == 2 * 176 + 264 + 9
    assert model.output_shape == reference.output_shape == (None, 1)
    assert len(model.inputs) == 2
    assert len(model.trainable_weights) == len(reference.trainable_weights) == 8

    rng = np.random.default_rng(1)
    x = [rng.normal(size=(24, 10)).astype("float32"), rng.normal(size=(24, 10)).astype("float32")]
    y = rng.integers(0, 2, size=(24, 1)).astype("float32")
    before = [w.copy() for w in model.get_weights()]
    history = _train_one_epoch(model, x, y)
    assert np.isfinite(history.history["loss"][0])
    assert any(not np.allclose(b, a) for b, a in zip(before, model.get_weights(), strict=True))


def test_acc_metric_logs_the_keras1_history_keys(tf: ModuleType) -> None:
    """Why loss_names turns 'accuracy' into 'acc' where a file reads 'acc'/'val_acc'."""
    import numpy as np

    model = tf.keras.Sequential([tf.keras.layers.Input(shape=(3,)), tf.keras.layers.Dense(2, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["acc"])
    x = np.zeros((8, 3), dtype="float32")
    y = np.eye(2, dtype="float32")[np.arange(8) % 2]
    history = model.fit(x, y, validation_data=(x, y), epochs=1, verbose=0)
    assert {"acc", "val_acc"} <= set(history.history)
