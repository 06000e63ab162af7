"""The channel tables and strategy A (K601) checked against the installed TensorFlow (2.21).

Every row must name a class or function that takes ``data_format`` at the
position the table gives; the 1D rows must really be re-read under a global
channels_first (and the ordering-free ones must not); ``Flatten`` must keep
the Keras 1 order only with ``data_format='channels_last'``; the rows marked
``needs_onednn`` must be exactly those that fail on CPU without oneDNN. Then a
Keras 1 th model migrated by the pipeline is run and its numbers are compared
with Keras 1's, written out with NumPy.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import libcst as cst
import numpy as np
import pytest

from codemods import PIPELINE, run_pipeline
from codemods._paths import default_target
from codemods.tables.backend import BACKEND_RENAMES
from codemods.tables.channels import (
    FORMAT_FUNCTIONS,
    ORDERING_FREE_1D_LAYERS,
    REINTERPRETED_1D_LAYERS,
    SPATIAL_LAYERS,
    FormatCarrier,
)
from codemods.tables.layers import LAYER_CLASS_RENAMES
from kmigrate import migrate_source
from kmigrate.config import DimOrdering, RunConfig

pytestmark = pytest.mark.tensorflow

ROWS = {**SPATIAL_LAYERS, **REINTERPRETED_1D_LAYERS, **FORMAT_FUNCTIONS}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tf() -> Any:
    import tensorflow

    return tensorflow


@pytest.fixture
def global_format(tf: Any) -> Iterator[Callable[[str], None]]:
    """Set the global image data format; channels_last again afterwards."""
    yield tf.keras.backend.set_image_data_format
    tf.keras.backend.set_image_data_format("channels_last")


def _target(canon: str) -> str:
    return LAYER_CLASS_RENAMES.get(canon) or BACKEND_RENAMES.get(canon) or default_target(canon)


def _resolve(path: str) -> Any:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _positional_params(obj: Any) -> list[str]:
    func = obj.__init__ if inspect.isclass(obj) else obj
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in inspect.signature(func).parameters.values() if p.kind in kinds and p.name != "self"]


@pytest.mark.parametrize("canon", sorted(ROWS))
def test_every_row_takes_data_format_where_the_table_says(tf: Any, canon: str) -> None:
    row = ROWS[canon]
    target = _target(canon)
    assert target.rpartition(".")[2] == row.today, f"{canon} becomes {target}, the row says {row.today}"
    params = _positional_params(_resolve(target))
    assert "data_format" in params
    assert params.index("data_format") == row.position


def _layer(tf: Any, row: FormatCarrier, **kwargs: Any) -> Any:
    """A small instance of a row's layer class."""
    cls = getattr(tf.keras.layers, row.today)
    name = row.today
    if name.startswith("Depthwise"):
        return cls(3, **kwargs)
    if name.startswith(("Conv", "Separable")):
        return cls(4, 3, **kwargs)
    if name.startswith("Global"):
        return cls(**kwargs)
    if name.startswith("SpatialDropout"):
        return cls(0.5, **kwargs)
    return cls(2 if "Pool" in name or "UpSampling" in name else 1, **kwargs)


def _outputs(layer: Any, x: np.ndarray, weights: list[np.ndarray] | None = None) -> np.ndarray:
    layer.build(x.shape)
    if weights is not None:
        layer.set_weights(weights)
    return np.asarray(layer(x))


@pytest.mark.parametrize("canon", sorted(REINTERPRETED_1D_LAYERS))
def test_1d_rows_are_reread_under_a_global_channels_first_unless_pinned(
    tf: Any, global_format: Callable[[str], None], canon: str
) -> None:
    row = REINTERPRETED_1D_LAYERS[canon]
    x = np.random.default_rng(0).random((2, 10, 6), dtype=np.float32)
    keras1 = _layer(tf, row)
    expected = _outputs(keras1, x)
    weights = keras1.get_weights()
    global_format("channels_first")
    reread = _layer(tf, row)
    assert reread.data_format == "channels_first"
    assert _outputs(reread, x).shape != expected.shape
    pinned = _outputs(_layer(tf, row, data_format="channels_last"), x, weights)
    np.testing.assert_allclose(pinned, expected, rtol=1e-6)


@pytest.mark.parametrize("canon", sorted(ORDERING_FREE_1D_LAYERS))
def test_ordering_free_1d_layers_ignore_the_global(tf: Any, global_format: Callable[[str], None], canon: str) -> None:
    name = canon.rpartition(".")[2]
    cls = getattr(tf.keras.layers, name)
    assert "data_format" not in _positional_params(cls)
    x = np.ones((2, 10, 6), dtype=np.float32)
    outputs = []
    for fmt in ("channels_last", "channels_first"):
        global_format(fmt)
        tf.keras.utils.set_random_seed(1)
        layer = cls(0.5, seed=3) if name == "SpatialDropout1D" else cls(1 if name == "Cropping1D" else 2)
        outputs.append(np.asarray(layer(x, training=True) if name == "SpatialDropout1D" else layer(x)))
    np.testing.assert_array_equal(outputs[0], outputs[1])
    if name == "SpatialDropout1D":  # whole features are dropped, over every step
        assert (outputs[1] == outputs[1][:, :1, :]).all()


def test_flatten_keeps_the_keras1_order_only_with_channels_last(tf: Any, global_format: Callable[[str], None]) -> None:
    x = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)  # (batch, C, H, W)
    keras1 = x.reshape(2, -1)  # Keras 1 flattened (C, H, W) as it lay in memory
    global_format("channels_first")
    flatten = tf.keras.layers
    np.testing.assert_array_equal(np.asarray(flatten.Flatten(data_format="channels_last")(x)), keras1)
    moved = np.asarray(flatten.Flatten()(x))
    np.testing.assert_array_equal(moved, x.transpose(0, 2, 3, 1).reshape(2, -1))  # (H, W, C) order
    # the same Dense weights give Keras 1's numbers only after the pinned Flatten
    kernel = np.random.default_rng(1).random((60, 3), dtype=np.float32)
    dense = tf.keras.layers.Dense(3, use_bias=False)
    dense.build((None, 60))
    dense.set_weights([kernel])
    pinned = np.asarray(dense(flatten.Flatten(data_format="channels_last")(x)))
    np.testing.assert_allclose(pinned, keras1 @ kernel, rtol=1e-5)
    assert not np.allclose(np.asarray(dense(moved)), keras1 @ kernel)


_CPU_SCRIPT = """
import json, sys
import numpy as np
import tensorflow as tf
from tensorflow.keras import backend as K, layers as L
from codemods.tables.channels import FORMAT_FUNCTIONS, SPATIAL_LAYERS
x4 = tf.constant(np.random.rand(2, 3, 8, 8).astype("float32"))
x5 = tf.constant(np.random.rand(2, 3, 4, 8, 8).astype("float32"))
first = dict(data_format="channels_first")
functions = {
    "conv2d": lambda: K.conv2d(x4, np.ones((3, 3, 3, 4), "float32"), **first),
    "conv2d_transpose": lambda: K.conv2d_transpose(x4, np.ones((3, 3, 4, 3), "float32"), (2, 4, 10, 10), **first),
    "conv3d": lambda: K.conv3d(x5, np.ones((3, 3, 3, 3, 4), "float32"), **first),
    "pool2d": lambda: K.pool2d(x4, (2, 2), **first),
    "pool3d": lambda: K.pool3d(x5, (2, 2, 2), **first),
    "resize_images": lambda: K.resize_images(x4, 2, 2, "channels_first"),
    "resize_volumes": lambda: K.resize_volumes(x5, 2, 2, 2, "channels_first"),
    "separable_conv2d": lambda: K.separable_conv2d(
        x4, np.ones((3, 3, 3, 1), "float32"), np.ones((1, 1, 3, 4), "float32"), **first),
    "spatial_2d_padding": lambda: K.spatial_2d_padding(x4, **first),
    "spatial_3d_padding": lambda: K.spatial_3d_padding(x5, **first),
}
def layer(name):
    cls = getattr(L, name)
    if name.startswith("Depthwise"):
        made = cls(3, **first)
    elif name.startswith(("Conv", "Separable")):
        made = cls(4, 3, **first)
    elif name.startswith("Global"):
        made = cls(**first)
    elif name.startswith("SpatialDropout"):
        made = cls(0.5, **first)
    else:
        made = cls(2 if "Pool" in name or "UpSampling" in name else 1, **first)
    x = np.random.rand(2, 2, 3, 8, 8).astype("float32") if name == "ConvLSTM2D" else x5 if name.endswith("3D") else x4
    return made(x)
results = {}
for rows, run in ((SPATIAL_LAYERS, layer), (FORMAT_FUNCTIONS, functions.get)):
    for row in rows.values():
        if row.today in results or (rows is FORMAT_FUNCTIONS and row.today not in functions):
            continue
        try:
            run(row.today)() if rows is FORMAT_FUNCTIONS else run(row.today)
            results[row.today] = "ok"
        except Exception as exc:
            results[row.today] = type(exc).__name__
print(json.dumps(results))
"""


def test_rows_that_need_onednn_are_those_that_fail_without_it(tf: Any) -> None:
    env = {**os.environ, "TF_ENABLE_ONEDNN_OPTS": "0", "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run(
        [sys.executable, "-c", _CPU_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True
    )
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    rows = {row.today: row.needs_onednn for row in [*SPATIAL_LAYERS.values(), *FORMAT_FUNCTIONS.values()]}
    checked = {name: needs for name, needs in rows.items() if name in results}
    assert len(checked) >= 35, sorted(set(rows) - set(results))
    failing = {name for name, outcome in results.items() if outcome != "ok"}
    assert failing == {name for name, needs in checked.items() if needs}, results


# -- a migrated model computes what Keras 1 computed -----------------------------------

KERAS1_MODELS = """
from keras import backend as K
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPooling2D, ZeroPadding2D, Flatten, Dense
from keras.layers import Convolution1D, MaxPooling1D
{setter}
image = Sequential()
image.add(ZeroPadding2D((1, 1), input_shape=(3, 8, 8)))
image.add(Convolution2D(4, 3, 3, activation='relu'))
image.add(MaxPooling2D((2, 2)))
image.add(Flatten())
image.add(Dense(5))

text = Sequential()
text.add(Convolution1D(4, 3, input_shape=(10, 6)))
text.add(MaxPooling1D(2))
text.add(Flatten())
text.add(Dense(3))
"""


def _keras1_image(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray, dense: np.ndarray, dense_bias: np.ndarray) -> np.ndarray:
    """Keras 1 with dim_ordering='th': (batch, C, H, W) all the way to the Dense."""
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    rows, cols, _, out = kernel.shape
    height, width = padded.shape[2] - rows + 1, padded.shape[3] - cols + 1
    conv = np.zeros((x.shape[0], out, height, width), dtype=np.float64)
    for r in range(rows):
        for c in range(cols):
            patch = padded[:, :, r : r + height, c : c + width]  # (n, in, h, w)
            conv += np.einsum("nihw,io->nohw", patch, kernel[r, c])
    conv = np.maximum(conv + bias[None, :, None, None], 0)
    n, o, h, w = conv.shape
    pooled = conv.reshape(n, o, h // 2, 2, w // 2, 2).max(axis=(3, 5))
    return pooled.reshape(n, -1) @ dense + dense_bias  # Flatten: (C, H, W) order


def _keras1_text(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray, dense: np.ndarray, dense_bias: np.ndarray) -> np.ndarray:
    """Keras 1 1D layers: always (batch, steps, features)."""
    length, _, _ = kernel.shape
    steps = x.shape[1] - length + 1
    conv = sum(np.einsum("nti,io->nto", x[:, k : k + steps], kernel[k]) for k in range(length)) + bias
    n, t, o = conv.shape
    pooled = conv[:, : t // 2 * 2].reshape(n, t // 2, 2, o).max(axis=2)
    return pooled.reshape(n, -1) @ dense + dense_bias


def _build(source: str, global_format: Callable[[str], None]) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    try:
        exec(compile(source, "<migrated>", "exec"), namespace)
    finally:
        global_format("channels_last")  # the models are built; the setter must not leak
    return namespace


def _check(models: dict[str, Any]) -> None:
    rng = np.random.default_rng(7)
    for name, reference, shape in (("image", _keras1_image, (2, 3, 8, 8)), ("text", _keras1_text, (2, 10, 6))):
        model = models[name]
        weights = [rng.standard_normal(w.shape).astype(np.float32) for w in model.get_weights()]
        model.set_weights(weights)
        x = rng.standard_normal(shape).astype(np.float32)
        expected = reference(x.astype(np.float64), *weights)
        np.testing.assert_allclose(np.asarray(model(x)), expected, rtol=1e-4, atol=1e-4)


def test_a_file_that_sets_th_computes_what_keras1_computed(tf: Any, global_format: Callable[[str], None]) -> None:
    source = KERAS1_MODELS.format(setter="K.set_image_dim_ordering('th')")
    result = migrate_source(source)
    assert result.error is None
    assert "Conv1D(4, 3, input_shape=(10, 6), data_format='channels_last')" in result.new_source
    assert "Flatten(data_format='channels_last')" in result.new_source
    _check(_build(result.new_source, global_format))


def test_without_the_rule_the_same_file_computes_something_else(tf: Any, global_format: Callable[[str], None]) -> None:
    source = KERAS1_MODELS.format(setter="K.set_image_dim_ordering('th')")
    others = [c for c in PIPELINE if c.name != "channels_first_layers"]
    text = run_pipeline(cst.parse_module(source), pipeline=others).module.code
    models = _build(text, global_format)
    assert models["text"].layers[0].output.shape == (None, 4, 4)  # (6 features read as channels)
    with pytest.raises(AssertionError):
        _check(models)


def test_a_th_decision_without_a_setter_computes_what_keras1_computed(tf: Any, global_format: Callable[[str], None]) -> None:
    source = KERAS1_MODELS.format(setter="")
    result = migrate_source(source, RunConfig(dim_ordering=DimOrdering.TH))
    assert result.error is None
    assert "set_image_data_format" not in result.new_source
    _check(_build(result.new_source, global_format))  # the global stays channels_last
