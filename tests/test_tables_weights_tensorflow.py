"""The weight, loss and metric tables checked against the installed TensorFlow.

Every name a rule emits must exist in ``tensorflow.keras``, every keyword it
emits must be in the real signature, every string it emits must resolve, and
every Keras 1 string or function it leaves alone must still resolve. The
semantic checks confirm the claims the rules' documentation makes (the
values are the same; cosine similarity is n_features times the Keras 1 loss).
A row that fails here is a bug in the table, not a test to skip.

TensorFlow is imported inside a module-scoped fixture, so collecting this
module for ``pytest -m "not tensorflow"`` stays cheap.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from codemods._paths import default_target
from codemods.tables.losses import (
    KERAS1_LOSS_FUNCTIONS,
    KERAS1_METRIC_FUNCTIONS,
    LOSS_FUNCTION_RENAMES,
    LOSS_STRING_RENAMES,
    METRIC_STRING_RENAMES,
    REMOVED_METRICS,
)
from codemods.tables.weights import (
    CONSTRAINT_STRING_RENAMES,
    INITIALIZER_FUNCTIONS,
    INITIALIZER_STRING_RENAMES,
    KERAS1_ACTIVATION_STRINGS,
    KERAS1_CONSTRAINT_STRINGS,
    KERAS1_INITIALIZER_STRINGS,
    KERAS1_REGULARIZER_STRINGS,
    REGULARIZER_STRING_OBJECTS,
    REGULARIZER_STRING_RENAMES,
    WEIGHT_CALL_CONVERSIONS,
    WEIGHT_SYMBOL_RENAMES,
)
from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def keras() -> Any:
    import tensorflow.keras

    return tensorflow.keras


def _resolve(dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def _parameters(obj: Any) -> set[str]:
    target = obj.__init__ if isinstance(obj, type) else obj
    return {p for p in inspect.signature(target).parameters if p != "self"}


# -- targets and keywords ---------------------------------------------------------------

TARGETS = sorted(
    set(WEIGHT_SYMBOL_RENAMES.values())
    | {row.target for row in INITIALIZER_FUNCTIONS.values()}
    | {row.target for row in REGULARIZER_STRING_OBJECTS.values()}
    | set(LOSS_FUNCTION_RENAMES.values())
    | {row.replacement for row in REMOVED_METRICS.values() if row.replacement is not None}
)


@pytest.mark.parametrize("target", TARGETS)
def test_every_target_exists(keras: Any, target: str) -> None:
    assert target.startswith("tensorflow.keras.")
    assert callable(_resolve(target))


@pytest.mark.parametrize("name", sorted(INITIALIZER_FUNCTIONS))
def test_initializer_scale_keywords_are_accepted(keras: Any, name: str) -> None:
    row = INITIALIZER_FUNCTIONS[name]
    accepted = _parameters(_resolve(row.target))
    assert {s.name for s in row.scale} <= accepted


def _conversion_keywords(name: str) -> set[str]:
    row = WEIGHT_CALL_CONVERSIONS[name]
    emitted = {new for new in row.keywords.values() if new is not None}
    if row.keywordise:
        emitted |= {row.keywords.get(p, p) or p for p in row.params}
    # keywords the rule leaves as they are must be valid too
    emitted |= {p for p in row.params if p not in row.keywords and not row.keywordise}
    return emitted | set(row.defaults)


@pytest.mark.parametrize("name", sorted(WEIGHT_CALL_CONVERSIONS))
def test_converted_calls_use_real_keywords(keras: Any, name: str) -> None:
    row = WEIGHT_CALL_CONVERSIONS[name]
    target = WEIGHT_SYMBOL_RENAMES.get(name, default_target(name))
    params = [p for p in _parameters(_resolve(target)) if p != "kwargs"]
    unknown = sorted(_conversion_keywords(name) - set(params))
    assert not unknown, f"{name} -> {target} does not accept {unknown}"
    # positional arguments keep their place: the Keras 1 order is today's order
    if not row.keywordise:
        ordered = list(inspect.signature(_resolve(target)).parameters)
        renamed = [row.keywords.get(p, p) for p in row.params]
        kept = [p for p in renamed if p is not None]
        assert ordered[: len(kept)] == kept, f"{target} order is {ordered}"


@pytest.mark.parametrize("value", sorted(REGULARIZER_STRING_OBJECTS))
def test_regularizer_objects_use_real_keywords(keras: Any, value: str) -> None:
    row = REGULARIZER_STRING_OBJECTS[value]
    obj = _resolve(row.target)(**{k: float(v) for k, v in row.kwargs})
    assert obj.get_config() == {k: float(v) for k, v in row.kwargs}


@pytest.mark.parametrize("name", sorted(n for n, r in REMOVED_METRICS.items() if r.replacement))
def test_suggested_metrics_take_their_keywords(keras: Any, name: str) -> None:
    row = REMOVED_METRICS[name]
    assert row.replacement is not None
    cls = _resolve(row.replacement)
    cls(**{k: eval(v) for k, v in row.kwargs})  # the suggestion in the finding builds


# -- strings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "value"),
    [("initializers", v) for v in sorted(set(INITIALIZER_STRING_RENAMES.values()) | KERAS1_INITIALIZER_STRINGS)]
    + [("constraints", v) for v in sorted(set(CONSTRAINT_STRING_RENAMES.values()) | KERAS1_CONSTRAINT_STRINGS)]
    + [("regularizers", v) for v in sorted(set(REGULARIZER_STRING_RENAMES.values()) | KERAS1_REGULARIZER_STRINGS)]
    + [("activations", v) for v in sorted(KERAS1_ACTIVATION_STRINGS)]
    + [("losses", v) for v in sorted(set(LOSS_STRING_RENAMES.values()))]
    + [("losses", v) for v in sorted(KERAS1_LOSS_FUNCTIONS - set(LOSS_STRING_RENAMES))]
    + [("metrics", v) for v in sorted(set(METRIC_STRING_RENAMES.values()))]
    + [("metrics", v) for v in sorted(KERAS1_METRIC_FUNCTIONS - set(METRIC_STRING_RENAMES))],
)
def test_every_emitted_or_kept_string_resolves(keras: Any, module: str, value: str) -> None:
    assert getattr(keras, module).get(value) is not None


@pytest.mark.parametrize(
    ("module", "value"),
    [("constraints", v) for v in sorted(CONSTRAINT_STRING_RENAMES)]
    + [("regularizers", v) for v in sorted(REGULARIZER_STRING_RENAMES)]
    + [("losses", v) for v in sorted(LOSS_STRING_RENAMES)]
    + [("metrics", v) for v in sorted(METRIC_STRING_RENAMES)]
    + [("metrics", v) for v, row in sorted(REMOVED_METRICS.items()) if not row.resolves],
)
def test_the_keras1_strings_rewritten_no_longer_resolve(keras: Any, module: str, value: str) -> None:
    with pytest.raises(ValueError):
        getattr(keras, module).get(value)


def test_zero_and_one_still_resolve_so_their_rename_is_cosmetic(keras: Any) -> None:
    """Spec §4.14 lists them as required renames; Keras 3.15 still has the aliases."""
    for old, new in INITIALIZER_STRING_RENAMES.items():
        assert type(keras.initializers.get(old)) is type(keras.initializers.get(new))


def test_l1l2_string_resolves_to_a_regularizer_that_does_nothing(keras: Any) -> None:
    """Why 'l1l2' becomes an object: the string loads, with factors 0.0 (Keras 1: 0.01)."""
    assert keras.regularizers.get("l1l2").get_config() == {"l1": 0.0, "l2": 0.0}


@pytest.mark.parametrize("name", sorted(n for n, r in REMOVED_METRICS.items() if r.resolves))
def test_precision_and_recall_strings_mean_the_stateful_metrics(keras: Any, name: str) -> None:
    row = REMOVED_METRICS[name]
    assert row.replacement is not None
    assert isinstance(keras.metrics.get(name), _resolve(row.replacement))


# -- functions left alone -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(KERAS1_LOSS_FUNCTIONS))
def test_keras1_objective_functions_exist_or_are_renamed(keras: Any, name: str) -> None:
    renamed = LOSS_FUNCTION_RENAMES.get(f"keras.losses.{name}")
    assert callable(_resolve(renamed or f"tensorflow.keras.losses.{name}"))


@pytest.mark.parametrize("name", sorted(KERAS1_METRIC_FUNCTIONS))
def test_keras1_metric_functions_exist_or_are_renamed(keras: Any, name: str) -> None:
    renamed = LOSS_FUNCTION_RENAMES.get(f"keras.metrics.{name}")
    assert callable(_resolve(renamed or f"tensorflow.keras.metrics.{name}"))


def test_long_objective_names_are_gone_from_tensorflow_keras(keras: Any) -> None:
    """Spec §1.12 calls keras.objectives -> losses a module move; the long names did not move."""
    for name in ("mean_squared_error", "mean_absolute_error"):
        assert not hasattr(keras.losses, name)
        assert not hasattr(keras.metrics, name)


# -- the values are the same -----------------------------------------------------------------


def test_l1l2_penalty_is_the_keras1_weight_penalty(keras: Any) -> None:
    w = np.array([[1.0, -2.0], [0.5, -0.25]], dtype="float32")
    penalty = float(keras.regularizers.L1L2(l1=0.01, l2=0.02)(w))
    assert penalty == pytest.approx(0.01 * np.abs(w).sum() + 0.02 * np.square(w).sum(), rel=1e-6)


def test_l1_l2_defaults_to_zero_so_keras1_defaults_are_written_out(keras: Any) -> None:
    assert keras.regularizers.l1_l2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert keras.regularizers.l2().get_config() == {"l2": 0.01}  # Keras 1 l2() was 0.01 too


def test_positional_l2_works_and_the_keras1_keyword_does_not(keras: Any) -> None:
    assert keras.regularizers.l2(0.5).get_config() == {"l2": 0.5}
    with pytest.raises(TypeError):
        keras.regularizers.l2(l=0.5)


def test_activity_regularizer_is_averaged_over_the_batch_as_in_keras1(keras: Any) -> None:
    """Keras 1.2's ActivityRegularizer added l1 * sum(mean(|out|, axis=0)); so does l1 as activity_regularizer."""
    layer = keras.layers.Dense(3, kernel_initializer="ones", use_bias=False, activity_regularizer=keras.regularizers.l1(0.01))
    x = np.array([[1.0, 2.0], [3.0, -4.0], [0.5, 0.5], [2.0, 0.0]], dtype="float32")
    out = np.asarray(layer(x))
    assert float(sum(layer.losses)) == pytest.approx(0.01 * np.abs(out).mean(axis=0).sum(), rel=1e-5)


def test_max_norm_config_and_effect(keras: Any) -> None:
    constraint = keras.constraints.MaxNorm(max_value=2, axis=0)
    assert constraint.get_config() == {"max_value": 2, "axis": 0}
    w = np.array([[3.0, 0.1], [4.0, 0.1]], dtype="float32")  # column norms 5 and ~0.14
    norms = np.linalg.norm(np.asarray(constraint(w)), axis=0)
    assert norms == pytest.approx([2.0, np.linalg.norm([0.1, 0.1])], rel=1e-4)


def test_min_max_norm_config(keras: Any) -> None:
    constraint = keras.constraints.MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.9, axis=0)
    assert constraint.get_config() == {"min_value": 0.5, "max_value": 2.0, "rate": 0.9, "axis": 0}


def test_keras1_initializer_defaults_equal_todays_except_orthogonal(keras: Any) -> None:
    """normal/uniform scale 0.05 and identity scale 1 are today's defaults; orthogonal was 1.1 (spec §4.15)."""
    init = keras.initializers
    assert init.RandomNormal().get_config()["stddev"] == 0.05
    assert (init.RandomUniform().get_config()["minval"], init.RandomUniform().get_config()["maxval"]) == (-0.05, 0.05)
    assert inspect.signature(init.Identity).parameters["gain"].default == 1.0
    assert inspect.signature(init.Orthogonal).parameters["gain"].default == 1.0


def test_converted_initializers_draw_from_the_keras1_distributions(keras: Any) -> None:
    init = keras.initializers
    normal = np.asarray(init.RandomNormal(stddev=0.001, seed=1)((400, 100)))
    assert normal.std() == pytest.approx(0.001, rel=0.05)
    uniform = np.asarray(init.RandomUniform(minval=-0.08, maxval=0.08, seed=1)((400, 100)))
    assert uniform.min() >= -0.08 and uniform.max() <= 0.08 and uniform.max() > 0.07
    assert np.asarray(init.Identity(gain=2.0)((3, 3))) == pytest.approx(2 * np.eye(3))


def test_relu_negative_slope_is_keras1_alpha(keras: Any) -> None:
    x = np.array([-2.0, 0.0, 3.0], dtype="float32")
    assert np.asarray(keras.activations.relu(x, negative_slope=0.1)) == pytest.approx([-0.2, 0.0, 3.0])


def test_cosine_similarity_is_n_features_times_keras1_cosine_proximity(keras: Any) -> None:
    """The K940 claim: same sign and minimum, scaled by the last dimension."""
    rng = np.random.default_rng(0)
    y_true = rng.normal(size=(4, 7)).astype("float32")
    y_pred = rng.normal(size=(4, 7)).astype("float32")

    def l2_normalize(x: np.ndarray) -> np.ndarray:
        return x / np.sqrt(np.maximum(np.sum(x**2, axis=-1, keepdims=True), 1e-12))

    keras1 = -np.mean(l2_normalize(y_true) * l2_normalize(y_pred), axis=-1)
    today = np.asarray(keras.losses.cosine_similarity(y_true, y_pred))
    assert today == pytest.approx(7 * keras1, rel=1e-4)
    metric = keras.metrics.get("cosine_similarity")
    metric.update_state(y_true, y_pred)
    assert float(metric.result()) == pytest.approx(float(-today.mean()), rel=1e-4)  # +cosine


def test_hard_sigmoid_numerics_as_documented(keras: Any) -> None:
    x = np.array([1.0], dtype="float32")
    assert float(np.asarray(keras.activations.hard_sigmoid(x))[0]) == pytest.approx(2 / 3, rel=1e-5)
    assert float(np.asarray(keras.backend.hard_sigmoid(x))[0]) == pytest.approx(0.7, rel=1e-5)


# -- migrated fixtures run ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "params"),
    [
        # 784*512+512, 512*256+256, 256*128+128, 128*64+64, 64*32+32, 32*10+10
        ("weight_functions/regularizers", 576_810),
        # SimpleRNN(100) on (784, 1): 1*100 + 100*100 + 100; four Dense(64): 100*64+64, 3 * (64*64+64); Dense(10)
        ("weight_functions/initializer_callables", 10_200 + 6_464 + 3 * 4_160 + 650),
    ],
)
def test_migrated_fixture_builds_and_trains(keras: Any, case: str, params: int) -> None:
    source = (FIXTURES / f"{case}.in.py").read_text(encoding="utf-8")
    migrated = migrate_source(source).new_source
    namespace: dict[str, Any] = {}
    exec(compile(migrated, case, "exec"), namespace)
    model = namespace["model"]
    model.compile(loss="mse", optimizer="sgd")
    shape = model.inputs[0].shape if model.inputs else None
    assert shape is not None
    x = np.random.default_rng(0).normal(size=(4, *shape[1:])).astype("float32")
    y = np.zeros((4, *model.outputs[0].shape[1:]), dtype="float32")
    history = model.fit(x, y, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert model.count_params() == params


def test_migrated_compile_strings_train(keras: Any) -> None:
    source = (FIXTURES / "loss_names/compile_strings.in.py").read_text(encoding="utf-8")
    migrated = migrate_source(source).new_source
    namespace: dict[str, Any] = {"pattern_module": re, "flags": 0}  # the fixture's non-Keras compile
    exec(compile(migrated, "compile_strings", "exec"), namespace)
    model = namespace["model"]  # compiled last with 'log_cosh' and ['mae', 'log_cosh_error']
    x = np.random.default_rng(0).normal(size=(8, 20)).astype("float32")
    y = np.full((8, 10), 0.1, dtype="float32")
    history = model.fit(x, y, epochs=1, verbose=0)
    assert set(history.history) == {"loss", "mae", "log_cosh_error"}
    model.compile(loss="kl_divergence", optimizer="adam", metrics=["acc", "kl_divergence", "mse"])
    assert np.isfinite(model.fit(x, y, epochs=1, verbose=0).history["kl_divergence"][0])
