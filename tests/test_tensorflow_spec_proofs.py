"""Equality proofs for spec rows whose rewrite (or non-rewrite) had no TensorFlow test of its own.

Each test migrates the row's Keras 1 snippet, runs it under TF 2.21 and checks
the numbers Keras 1 gave. ``tests/spec_rows_6_10.py`` names these tests as the
proofs of rows 6.18 and 10.13.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pytest

from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow


@pytest.fixture(scope="module")
def tf() -> Any:
    import tensorflow

    return tensorflow


def _run(source: str) -> dict[str, Any]:
    result = migrate_source(textwrap.dedent(source))
    assert result.error is None and result.new_source is not None
    namespace: dict[str, Any] = {}
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    return namespace


def test_lambda_output_shape_keeps_its_keras1_meaning(tf: Any) -> None:
    """Spec 6.18: a tuple output_shape excludes the batch axis, a callable maps whole shapes."""
    ns = _run(
        """
        from keras import backend as K
        from keras.layers import Input, Lambda
        from keras.models import Model
        x = Input(shape=(8, 4))
        y = Lambda(lambda t: K.sum(t, axis=1), output_shape=(4,))(x)
        z = Lambda(lambda t: K.max(t, axis=2), output_shape=lambda s: (s[0], s[1]))(x)
        model = Model(input=x, output=[y, z])
        """
    )
    model = ns["model"]
    assert model.output_shape == [(None, 4), (None, 8)]
    data = np.random.default_rng(3).random((2, 8, 4), dtype="float32")
    summed, maxed = model.predict(data, verbose=0)
    np.testing.assert_allclose(summed, data.sum(1), rtol=1e-6)
    np.testing.assert_allclose(maxed, data.max(2), rtol=1e-6)


def test_embedding_input_length_becomes_an_input_shape_with_the_same_model(tf: Any) -> None:
    """Spec 10.13: Embedding(input_length=10) -> input_shape=(10,); Flatten -> Dense sees 10 x 64."""
    ns = _run(
        """
        from keras.models import Sequential
        from keras.layers import Embedding, Flatten, Dense
        model = Sequential()
        model.add(Embedding(1000, 64, input_length=10))
        model.add(Flatten())
        model.add(Dense(1, activation='sigmoid'))
        """
    )
    model = ns["model"]
    reference = tf.keras.Sequential(
        [
            tf.keras.Input((10,)),
            tf.keras.layers.Embedding(1000, 64),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    assert model.count_params() == reference.count_params() == 1000 * 64 + 10 * 64 + 1
    assert model.layers[0].output.shape == (None, 10, 64)
    assert model.output_shape == (None, 1)
