"""The tables checked against the installed TensorFlow (tf_upgrade_v2's best idea).

Every target a rule emits must exist in ``tensorflow.keras``, and every keyword
a rewrite can emit must be accepted by the real signature. A row that fails
here is a bug in the table, not a test to skip.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from codemods._paths import default_target
from codemods.tables.layers import (
    INPUT_SHAPE_KWARGS,
    LAYER_CLASS_RENAMES,
    LAYER_DROPPED_KWARGS,
    LAYER_KWARG_RENAMES,
    LAYER_KWARG_SPLITS,
    LAYER_KWARGS_TO_POSITIONAL,
    LAYER_SIGNATURES,
    LAYER_WRAPPED,
    REMOVED_LAYERS,
)
from codemods.tables.modules import MODULE_TARGETS, TF_PRIVATE_KERAS
from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow

# Keywords every Keras 3 layer takes through **kwargs (Layer.__init__).
BASE_LAYER_KWARGS = {"name", "trainable", "dtype", "input_shape", "activity_regularizer"}
# Keywords that rules never emit: base_layer_kwargs moves or drops them, or
# leaves them for a person (findings).
NOT_EMITTED = {"weights", "batch_input_shape", "input_dtype"}
NOT_EMITTED_BY_LAYER = {"keras.layers.Embedding": {"dropout"}}


@pytest.fixture(scope="module")
def tf() -> Any:
    import tensorflow

    return tensorflow


def _resolve(tf: Any, dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, attr)


def _target(layer: str) -> str:
    """The class whose signature receives the layer's keywords."""
    if layer in LAYER_WRAPPED:
        return LAYER_WRAPPED[layer][1]
    return LAYER_CLASS_RENAMES.get(layer, default_target(layer))


def _emitted_keywords(layer: str) -> Iterator[str]:
    rows = LAYER_KWARG_RENAMES.get(layer, ())
    renames = {r.old: r.new for r in rows if r.new is not None and not r.drop_always}
    # dropped always, or kept only together with a finding (values-only rules)
    dropped_rows = {r.old for r in rows if r.drop_always or r.new is None}
    splits = LAYER_KWARG_SPLITS.get(layer, {})
    dropped = LAYER_DROPPED_KWARGS.get(layer, {})
    yield from renames.values()
    for names in splits.values():
        yield from names
    sig = LAYER_SIGNATURES.get(layer)
    if sig is not None:
        if sig.fuse:
            yield sig.fused_name
        for param in sig.params[sig.keep :]:
            if param in splits or param in dropped or param in NOT_EMITTED or param in dropped_rows:
                continue
            if param in NOT_EMITTED_BY_LAYER.get(layer, ()):
                continue
            if param in INPUT_SHAPE_KWARGS and param in ("input_dim", "input_length"):
                continue
            yield renames.get(param, param)
    if layer in INPUT_SHAPE_KWARGS:
        yield "input_shape"


LAYERS = sorted((set(LAYER_SIGNATURES) | set(LAYER_KWARG_RENAMES) | set(LAYER_CLASS_RENAMES)) - set(REMOVED_LAYERS))
INPUT_FUNCTIONS = {"keras.Input", "keras.layers.Input"}


@pytest.mark.parametrize(
    "module", sorted(p for p, t in MODULE_TARGETS.items() if t is not None and not p.startswith(TF_PRIVATE_KERAS))
)
def test_module_target_imports(tf: Any, module: str) -> None:
    target = MODULE_TARGETS[module]
    assert target is not None
    importlib.import_module(target)


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_target_exists(tf: Any, layer: str) -> None:
    target = _resolve(tf, _target(layer))
    assert isinstance(target, type) or layer in INPUT_FUNCTIONS
    if layer in LAYER_WRAPPED:
        assert isinstance(_resolve(tf, LAYER_WRAPPED[layer][0]), type)


@pytest.mark.parametrize("layer", sorted(REMOVED_LAYERS))
def test_removed_layers_are_really_gone(tf: Any, layer: str) -> None:
    assert not hasattr(tf.keras.layers, layer.rpartition(".")[2])


@pytest.mark.parametrize("layer", LAYERS)
def test_every_emitted_keyword_is_accepted(tf: Any, layer: str) -> None:
    target = _resolve(tf, _target(layer))
    init = target if layer in INPUT_FUNCTIONS else target.__init__
    accepted = set(inspect.signature(init).parameters) | BASE_LAYER_KWARGS
    emitted = {k for k in _emitted_keywords(layer) if k not in ("input_dim", "input_length")}
    unknown = sorted(emitted - accepted)
    assert not unknown, f"{layer} -> {_target(layer)} does not accept {unknown}"


@pytest.mark.parametrize("layer", sorted(set(LAYER_SIGNATURES) - set(REMOVED_LAYERS)))
def test_kept_positionals_keep_their_meaning(tf: Any, layer: str) -> None:
    """The leading positions a signature keeps are the same parameters in Keras 3."""
    sig = LAYER_SIGNATURES[layer]
    renames = {r.old: r.new for r in LAYER_KWARG_RENAMES.get(layer, ())}
    kept: list[str] = []
    for param in sig.params[: sig.keep]:
        if LAYER_KWARGS_TO_POSITIONAL.get(layer) == param:
            continue  # renamed in Keras 3 but same position: checked by behaviour below
        name = sig.fused_name if param in sig.fuse else renames.get(param, param)
        if not kept or kept[-1] != name:
            kept.append(name)
    target = _resolve(tf, _target(layer))
    init = target if layer in INPUT_FUNCTIONS else target.__init__
    params = [p for p in inspect.signature(init).parameters if p != "self"]
    if layer in LAYER_KWARGS_TO_POSITIONAL:
        params = params[1:]
    assert params[: len(kept)] == kept, f"{layer}: Keras 3 order is {params[: len(kept) + 2]}"


def test_leaky_relu_first_positional_is_the_keras1_alpha(tf: Any) -> None:
    """LeakyReLU(alpha=0.2) becomes LeakyReLU(0.2): the slope, under its Keras 3 name."""
    layer = tf.keras.layers.LeakyReLU(0.2)
    assert layer.negative_slope == pytest.approx(0.2)
    assert float(layer(tf.constant([-1.0]))[0]) == pytest.approx(-0.2)


_PRIVATE_KERAS_SCRIPT = """\
from tensorflow.python.keras.layers import Dense, Convolution2D, Flatten
from tensorflow.python.keras.models import Sequential
model = Sequential()
model.add(Convolution2D(4, 3, 3, input_shape=(8, 8, 1)))
model.add(Flatten())
model.add(Dense(2))
"""


def test_private_tf_keras_imports_become_keras3_ones(tf: Any) -> None:
    """Spec §10.48: the stale private copy cannot be mixed with Keras 3; the migrated script runs."""
    private = importlib.import_module(TF_PRIVATE_KERAS + ".layers")
    assert private.Dense is not tf.keras.layers.Dense
    with pytest.raises(ValueError, match=r"keras\.Layer"):
        tf.keras.models.Sequential([private.Dense(2, input_shape=(3,))])
    result = migrate_source(_PRIVATE_KERAS_SCRIPT)
    assert result.new_source is not None and "python" not in result.new_source
    namespace: dict[str, Any] = {}
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    model = namespace["model"]
    reference = tf.keras.Sequential(
        [tf.keras.Input((8, 8, 1)), tf.keras.layers.Conv2D(4, (3, 3)), tf.keras.layers.Flatten(), tf.keras.layers.Dense(2)]
    )
    assert isinstance(model, tf.keras.Model)
    assert model.count_params() == reference.count_params() == 40 + 144 * 2 + 2
    assert model.output_shape == reference.output_shape == (None, 2)


def test_keras3_hard_sigmoid_is_not_the_keras1_formula(tf: Any) -> None:
    """Why K925 exists: the pinned 'hard_sigmoid' gate is close to Keras 1's, not equal."""
    x = np.linspace(-4.0, 4.0, 801, dtype="float32")
    keras1 = np.clip(0.2 * x + 0.5, 0.0, 1.0)
    np.testing.assert_allclose(tf.keras.backend.hard_sigmoid(x).numpy(), keras1, atol=1e-6)
    keras3 = tf.keras.activations.hard_sigmoid(x).numpy()
    assert abs(float(np.abs(keras3 - keras1).max()) - 1 / 12) < 1e-3  # at |x| = 2.5
    layer = tf.keras.layers.LSTM(2, recurrent_activation=tf.keras.backend.hard_sigmoid)
    assert layer.get_config()["recurrent_activation"] == "hard_sigmoid"  # reloads as the Keras 3 formula
