"""The backend tables and rewrites checked against the installed TensorFlow (2.21).

Every target must exist in ``tensorflow.keras.backend``, every keyword a rewrite
emits must be a real parameter, every Keras 1 position kept positional must be the
same parameter today, and the names the rules call removed must really be gone.
Migrated snippets are then run and their numbers compared with what Keras 1
computed (written out with NumPy). A row that fails here is a bug in the table.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pytest

from codemods.tables.backend import (
    ASYMMETRIC_PADDING,
    BACKEND_ADDED_KWARGS,
    BACKEND_KWARG_RENAMES,
    BACKEND_NON_OPS,
    BACKEND_OPS,
    BACKEND_RENAMES,
    BACKEND_SIGNATURES,
    BROKEN_BACKEND,
    CROSSENTROPY_CALLS,
    PADDING_AXES,
    REMOVED_BACKEND,
    B,
)
from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow


@pytest.fixture(scope="module")
def tf() -> Any:
    import tensorflow

    return tensorflow


@pytest.fixture(scope="module")
def K(tf: Any) -> Any:
    return tf.keras.backend


def _function(K: Any, canon: str) -> Any:
    target = BACKEND_RENAMES.get(canon, "tensorflow.keras.backend." + canon[len(B) :])
    return getattr(K, target.rpartition(".")[2])


def _params(func: Any) -> list[str]:
    return [p.name for p in inspect.signature(func).parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]


def _run(source: str, **names: Any) -> dict[str, Any]:
    """Migrate a Keras 1 snippet and run it with ``names`` defined."""
    result = migrate_source(source)
    assert result.error is None
    namespace: dict[str, Any] = dict(names)
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    return namespace


# -- the tables ---------------------------------------------------------------------


@pytest.mark.parametrize("canon", sorted({*BACKEND_SIGNATURES, *BACKEND_KWARG_RENAMES, *BACKEND_RENAMES, *PADDING_AXES}))
def test_every_target_exists(K: Any, canon: str) -> None:
    assert callable(_function(K, canon))


@pytest.mark.parametrize("canon", sorted(BACKEND_SIGNATURES))
def test_kept_positions_keep_their_meaning(K: Any, canon: str) -> None:
    sig = BACKEND_SIGNATURES[canon]
    renames = {r.old: r.new for r in BACKEND_KWARG_RENAMES.get(canon, ())}
    today = _params(_function(K, canon))
    for index in range(sig.keep):
        old = sig.params[index]
        assert renames.get(old, old) == today[index], (canon, index)


@pytest.mark.parametrize("canon", sorted({*BACKEND_SIGNATURES, *BACKEND_KWARG_RENAMES}))
def test_every_emitted_keyword_is_a_parameter(K: Any, canon: str) -> None:
    today = set(_params(_function(K, canon)))
    rows = {r.old: r for r in BACKEND_KWARG_RENAMES.get(canon, ())}
    sig = BACKEND_SIGNATURES.get(canon)
    moved = sig.params[sig.keep :] if sig is not None else ()
    for old in {*rows, *moved}:
        row = rows.get(old)
        if canon in ASYMMETRIC_PADDING and old in {k for pair in ASYMMETRIC_PADDING[canon] for k in pair}:
            assert "padding" in today
            continue
        if row is not None and row.drop_always:
            continue
        new = old if row is None or row.new is None else row.new
        assert new in today, (canon, old, new)
    added = BACKEND_ADDED_KWARGS.get(canon)
    if added is not None:
        assert added[0] in today


@pytest.mark.parametrize("canon", sorted(REMOVED_BACKEND))
def test_removed_names_are_gone(K: Any, canon: str) -> None:
    assert not hasattr(K, canon[len(B) :])


def test_old_names_that_were_renamed_are_gone(K: Any) -> None:
    for canon in [*BACKEND_RENAMES, B + "image_dim_ordering", B + "set_image_dim_ordering", B + "tf"]:
        assert not hasattr(K, canon[len(B) :]), canon


def test_gradients_exists_but_fails_eagerly(tf: Any, K: Any) -> None:
    assert set(BROKEN_BACKEND) == {B + "gradients"}
    with pytest.raises(RuntimeError):
        K.gradients(tf.constant(1.0), [tf.Variable(1.0)])


def test_every_backend_function_is_classified_as_op_or_not(K: Any) -> None:
    names = {n for n in dir(K) if not n.startswith("_")}
    assert names == BACKEND_OPS | BACKEND_NON_OPS
    assert len(names) == 137  # spec G1: "~137 legacy functions"


def test_standalone_keras_backend_has_fourteen_functions() -> None:
    import keras

    assert len([n for n in dir(keras.backend) if not n.startswith("_")]) == 14


def test_crossentropies_take_target_first(K: Any) -> None:
    for canon in CROSSENTROPY_CALLS:
        assert _params(getattr(K, canon[len(B) :]))[:2] == ["target", "output"]


def test_batch_normalization_ignores_a_positional_epsilon(tf: Any, K: Any) -> None:
    """Why the sixth positional must become epsilon=: today it is axis (and unused)."""
    x = tf.constant(np.linspace(-1, 1, 8).reshape(2, 4).astype("float32"))
    m, v = tf.zeros(4), tf.fill([4], 0.01)
    b, g = tf.zeros(4), tf.ones(4)
    positional = K.batch_normalization(x, m, v, b, g, 0.5).numpy()
    default = K.batch_normalization(x, m, v, b, g).numpy()
    np.testing.assert_allclose(positional, default)
    ns = _run("from keras import backend as K\ny = K.batch_normalization(x, m, v, b, g, 0.5)\n", x=x, m=m, v=v, b=b, g=g)
    np.testing.assert_allclose(ns["y"].numpy(), x.numpy() / np.sqrt(0.01 + 0.5), rtol=1e-5)


# -- migrated code, run ---------------------------------------------------------------


def test_spatial_padding_pads_like_keras_1(tf: Any) -> None:
    x = tf.constant(np.arange(24, dtype="float32").reshape(1, 3, 4, 2))
    ns = _run(
        "from keras import backend as K\n"
        "a = K.spatial_2d_padding(x, padding=(1, 2), dim_ordering='tf')\n"
        "b = K.asymmetric_spatial_2d_padding(x, 0, 1, 2, 3)\n"
        "c = K.spatial_2d_padding(x, pad)\n",
        x=x,
        pad=(2, 1),
    )
    np.testing.assert_array_equal(ns["a"].numpy(), np.pad(x.numpy(), ((0, 0), (1, 1), (2, 2), (0, 0))))
    np.testing.assert_array_equal(ns["b"].numpy(), np.pad(x.numpy(), ((0, 0), (0, 1), (2, 3), (0, 0))))
    np.testing.assert_array_equal(ns["c"].numpy(), np.pad(x.numpy(), ((0, 0), (2, 2), (1, 1), (0, 0))))


def test_temporal_and_3d_padding(tf: Any) -> None:
    s = tf.ones((1, 3, 2))
    v = tf.ones((1, 2, 2, 2, 1))
    ns = _run(
        "from keras import backend as K\n"
        "a = K.temporal_padding(s, 3)\n"
        "b = K.asymmetric_temporal_padding(s, 1, 0)\n"
        "c = K.spatial_3d_padding(v, (1, 0, 2), 'tf')\n",
        s=s,
        v=v,
    )
    assert ns["a"].shape == (1, 9, 2)
    np.testing.assert_array_equal(ns["b"].numpy(), np.pad(s.numpy(), ((0, 0), (1, 0), (0, 0))))
    assert ns["c"].shape == (1, 4, 2, 6, 1)


def test_random_functions_take_the_new_keywords(tf: Any) -> None:
    ns = _run(
        "from keras import backend as K\n"
        "n = K.random_normal((2000, 3), mean=2.0, std=0.5, seed=1)\n"
        "u = K.random_uniform((2000,), low=-3.0, high=-2.0, seed=1)\n"
        "b = K.random_binomial((1000,), p=0.3, seed=1)\n"
    )
    n, u, b = ns["n"].numpy(), ns["u"].numpy(), ns["b"].numpy()
    assert n.shape == (2000, 3) and abs(n.mean() - 2.0) < 0.05 and abs(n.std() - 0.5) < 0.05
    assert u.min() >= -3.0 and u.max() <= -2.0
    assert set(np.unique(b)) <= {0.0, 1.0} and 0.2 < b.mean() < 0.4


def test_one_hot_and_expand_dims(tf: Any) -> None:
    idx = tf.constant([0, 2, 1])
    ns = _run("from keras import backend as K\no = K.one_hot(idx, nb_classes=3)\ne = K.expand_dims(o, dim=1)\n", idx=idx)
    np.testing.assert_array_equal(ns["o"].numpy(), np.eye(3)[[0, 2, 1]])
    assert ns["e"].shape == (3, 1, 3)


def test_convolutions_keep_their_numbers(tf: Any) -> None:
    rng = np.random.default_rng(0)
    x = tf.constant(rng.random((1, 9, 9, 2), dtype="float32"))
    w = tf.constant(rng.random((3, 3, 2, 4), dtype="float32"))
    ns = _run(
        "from keras import backend as K\n"
        "a = K.atrous_conv2d(x, w, 2, border_mode='valid', dim_ordering='tf')\n"
        "c = K.conv2d(x, w, (1, 1), 'same', 'tf', None, None, (2, 2))\n"
        "p = K.pool2d(x, (3, 3), (3, 3), 'valid', 'default', 'avg')\n"
        "d = K.deconv2d(x, tf.ones((2, 2, 5, 2)), (1, 18, 18, 5), (2, 2), 'same', 'tf')\n"
        "r = K.resize_images(x, 2, 3, 'tf')\n"
        "s = K.conv1d(x[:, 0], tf.ones((3, 2, 4)), 1, 'valid')\n",
        x=x,
        w=w,
        tf=tf,
    )
    np.testing.assert_allclose(ns["a"].numpy(), tf.nn.atrous_conv2d(x, w, 2, "VALID").numpy(), rtol=1e-5)
    np.testing.assert_allclose(ns["c"].numpy(), tf.nn.conv2d(x, w, 1, "SAME", dilations=2).numpy(), rtol=1e-5)
    np.testing.assert_allclose(ns["p"].numpy(), tf.nn.avg_pool2d(x, 3, 3, "VALID").numpy(), rtol=1e-6)
    assert ns["d"].shape == (1, 18, 18, 5)
    assert ns["r"].shape == (1, 18, 27, 2)
    assert ns["s"].shape == (1, 7, 4)


def test_conv1d_reads_steps_by_features_under_a_global_channels_first(tf: Any, K: Any) -> None:
    old = K.image_data_format()
    try:
        K.set_image_data_format("channels_first")
        ns = _run("from keras import backend as K\ns = K.conv1d(x, w, 1, 'valid')\n", x=tf.ones((1, 10, 6)), w=tf.ones((3, 6, 8)))
        assert ns["s"].shape == (1, 8, 8)
    finally:
        K.set_image_data_format(old)


def test_renamed_functions_compute_the_same(tf: Any) -> None:
    a, b = tf.constant([1.0, 2.0, 3.0]), tf.constant([2.0, 2.0, 2.0])
    w = tf.Variable(tf.zeros((2, 3)))
    ns = _run(
        "from keras import backend as K\nl = K.lesser(a, b)\nle = K.lesser_equal(a, b)\ns = K.get_variable_shape(w)\n",
        a=a,
        b=b,
        w=w,
    )
    assert ns["l"].numpy().tolist() == [True, False, False]
    assert ns["le"].numpy().tolist() == [True, True, False]
    assert ns["s"] == (2, 3)


def test_image_ordering_branches_follow_the_data_format(K: Any) -> None:
    source = (
        "from keras import backend as K\n"
        "if K.image_dim_ordering() == 'th':\n"
        "    shape = (1, 28, 28)\n"
        "else:\n"
        "    shape = (28, 28, 1)\n"
        "ordering = K.image_dim_ordering()\n"
        "axis = 1 if ordering == 'th' else -1\n"
        "lookup = {'th': 'first', 'tf': 'last'}[K.image_dim_ordering()]\n"
    )
    old = K.image_data_format()
    try:
        K.set_image_data_format("channels_last")
        ns = _run(source)
        assert (ns["shape"], ns["axis"], ns["lookup"]) == ((28, 28, 1), -1, "last")
        _run("from keras import backend as K\nK.set_image_dim_ordering('th')\n")
        assert K.image_data_format() == "channels_first"
        ns = _run(source)
        assert (ns["shape"], ns["axis"], ns["lookup"]) == ((1, 28, 28), 1, "first")
    finally:
        K.set_image_data_format(old)


def test_tf_and_print_tensor(tf: Any) -> None:
    ns = _run(
        "from keras import backend as K\n"
        "def f(x):\n"
        "    x = K.print_tensor(x, 'x is')\n"
        "    return K.tf.reduce_sum(x)\n"
        "total = f(K.tf.constant([1.0, 2.0]))\n"
    )
    assert float(ns["total"]) == 3.0


def test_swapped_crossentropy_is_what_keras_1_computed(tf: Any) -> None:
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype="float32")
    y_pred = np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]], dtype="float32")
    ns = _run(
        "from keras import backend as K\n"
        "def loss(y_true, y_pred):\n"
        "    return K.categorical_crossentropy(y_pred, y_true)\n"
        "value = loss(t, p)\n",
        t=tf.constant(y_true),
        p=tf.constant(y_pred),
    )
    # Keras 1.2.2: output /= sum(output); -sum(target * log(clip(output)))
    expected = -(y_true * np.log(np.clip(y_pred / y_pred.sum(-1, keepdims=True), 1e-7, 1 - 1e-7))).sum(-1)
    np.testing.assert_allclose(ns["value"].numpy(), expected, rtol=1e-5)


def test_set_value_on_layer_weights_becomes_assign(tf: Any) -> None:
    layer = tf.keras.layers.Dense(2)
    layer.build((None, 3))
    with pytest.raises(AttributeError):
        tf.keras.backend.set_value(layer.kernel, np.ones((3, 2)))
    _run("from keras import backend as K\nK.set_value(layer.kernel, np.ones((3, 2)))\n", layer=layer, np=np)
    np.testing.assert_array_equal(layer.kernel.numpy(), np.ones((3, 2)))


def test_backend_ops_on_keras_tensors_need_a_lambda(tf: Any) -> None:
    inputs = tf.keras.Input(shape=(4, 3))
    with pytest.raises(ValueError, match="KerasTensor"):
        tf.keras.backend.sum(inputs, axis=1)
    ns = _run(
        "from keras import backend as K\n"
        "from keras.layers import Input, Dense\n"
        "from keras.models import Model\n"
        "x = Input(shape=(4, 3))\n"
        "h = Dense(2)(x)\n"
        "n = h._keras_shape[1]\n"
        "s = K.sum(K.square(h), axis=1)\n"
        "both = K.concatenate([s, K.max(h, axis=1)])\n"
        "model = Model(input=x, output=both)\n"
    )
    model = ns["model"]
    assert ns["n"] == 4
    data = np.random.default_rng(1).random((5, 4, 3), dtype="float32")
    kernel, bias = (w.numpy() for w in model.layers[1].weights)
    h = data @ kernel + bias
    expected = np.concatenate([(h**2).sum(1), h.max(1)], axis=-1)
    np.testing.assert_allclose(model.predict(data, verbose=0), expected, rtol=1e-5)


def test_tensorflow_ops_on_keras_tensors_need_a_lambda_too(tf: Any) -> None:
    """Spec §10.21: tf.* functions refuse KerasTensors in Keras 3; the Lambda computes the same."""
    inputs = tf.keras.Input(shape=(4, 3))
    with pytest.raises(ValueError, match="KerasTensor"):
        tf.reduce_sum(inputs, axis=1)
    ns = _run(
        "import tensorflow as tf\n"
        "from keras.layers import Input, Dense\n"
        "from keras.models import Model\n"
        "x = Input(shape=(4, 3))\n"
        "h = Dense(2)(x)\n"
        "s = tf.reduce_sum(tf.nn.relu(h), axis=1)\n"
        "model = Model(input=x, output=s)\n"
    )
    model = ns["model"]
    data = np.random.default_rng(2).random((5, 4, 3), dtype="float32")
    kernel, bias = (w.numpy() for w in model.layers[1].weights)
    expected = np.maximum(data @ kernel + bias, 0).sum(1)
    np.testing.assert_allclose(model.predict(data, verbose=0), expected, rtol=1e-5)
