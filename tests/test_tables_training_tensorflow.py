"""The training-API tables and rewrites checked against TensorFlow 2.21 (Keras 3.15).

Every method a rule emits exists and every keyword it emits is in the real
signature; every keyword it drops is really rejected; the positions it keeps
positional mean the same today. The semantic checks run the migrated
constructs and confirm what the rules' findings claim (temporal sample weights,
multi-output metrics, iterator passes, class_weight with generators, weight
file names). The end-to-end test migrates a Keras 1 training script, runs it
and counts the batches Keras ran.

TensorFlow is imported inside a module-scoped fixture, so collecting this
module for ``pytest -m "not tensorflow"`` stays cheap.
"""

from __future__ import annotations

import inspect
import math
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from codemods.tables.training import (
    COMPILE_KEPT_POSITIONALS,
    FIT_EPOCHS_POSITION,
    FLOW_BATCH_POSITIONS,
    FLOW_DEFAULT_BATCH,
    GENERATOR_KWARG_RENAMES,
    GENERATOR_SAMPLE_COUNTS,
    GENERATOR_TARGETS,
    KERAS1_GENERATOR_SIGNATURES,
    KERAS1_MODEL_COMPILE,
    KERAS1_SEQUENTIAL_COMPILE,
    KERAS1_SEQUENTIAL_TRAIN_ON_BATCH,
    KERAS2_COMPILE,
    KERAS2_GENERATOR_SIGNATURES,
    MAKE_FUNCTION_METHODS,
    PREDICT_VERBOSE_POSITION,
    WEIGHTS_SUFFIX,
    WORKER_KWARGS,
)
from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow

PIPELINE = Path(__file__).resolve().parent.parent / "fixtures" / "_pipeline"
# Keras 1 parameters that kept their name; dropped ones are checked as rejected
_DROPPED = frozenset(WORKER_KWARGS) | {"sample_weight_mode", "target_tensors"}
# Keras 2 fit_generator parameters Keras 3's fit has no counterpart for are not in the tables
_CLASSES = "lambda p: p.argmax(axis=-1) if p.shape[-1] > 1 else (p > 0.5).astype('int32')"


@pytest.fixture(scope="module")
def keras() -> Any:
    import tensorflow.keras

    return tensorflow.keras


def _parameters(function: Any) -> list[str]:
    return [p for p in inspect.signature(function).parameters if p not in ("self", "kwargs")]


def _small_model(keras: Any, units: int = 3, activation: str = "softmax") -> Any:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units, activation=activation)])
    model.compile(optimizer="sgd", loss="categorical_crossentropy" if units > 1 else "binary_crossentropy")
    return model


def _data(n: int = 40, units: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.random((n, 4)).astype("float32")
    y = np.eye(units)[rng.integers(0, units, n)].astype("float32") if units > 1 else rng.integers(0, 2, (n, 1)).astype("float32")
    return x, y


def _generator(x: np.ndarray, y: np.ndarray, batch: int = 8) -> Any:
    while True:
        for i in range(0, len(x), batch):
            yield x[i : i + batch], y[i : i + batch]


# -- tables against the real signatures ---------------------------------------------------


@pytest.mark.parametrize("method", sorted(GENERATOR_TARGETS))
def test_generator_methods_are_gone_and_their_targets_take_every_emitted_keyword(keras: Any, method: str) -> None:
    assert not hasattr(keras.Model, method)
    target = GENERATOR_TARGETS[method]
    accepted = set(_parameters(getattr(keras.Model, target)))
    emitted = set()
    for params in (KERAS1_GENERATOR_SIGNATURES[method], KERAS2_GENERATOR_SIGNATURES[method]):
        for param in params:
            if param in _DROPPED:
                continue
            emitted.add(GENERATOR_SAMPLE_COUNTS.get(param, GENERATOR_KWARG_RENAMES.get(param, param)))
    emitted.add("verbose")
    if target == "fit":
        emitted.discard("steps")
    else:
        emitted -= {"steps_per_epoch", "validation_steps"}
    assert emitted <= accepted, sorted(emitted - accepted)
    # the generator stays the first positional: x
    assert _parameters(getattr(keras.Model, target))[0] == "x"


@pytest.mark.parametrize("method", ["evaluate", "fit", "predict"])
@pytest.mark.parametrize("name", sorted(WORKER_KWARGS))
def test_every_dropped_worker_keyword_is_rejected(keras: Any, method: str, name: str) -> None:
    model = _small_model(keras)
    x, y = _data()
    args = (x,) if method == "predict" else (x, y)
    with pytest.raises((TypeError, ValueError)):
        getattr(model, method)(*args, verbose=0, **{name: 1})


def test_compile_keeps_optimizer_and_loss_first_and_takes_the_emitted_keywords(keras: Any) -> None:
    params = _parameters(keras.Model.compile)
    assert params[:COMPILE_KEPT_POSITIONALS] == list(KERAS1_MODEL_COMPILE[:COMPILE_KEPT_POSITIONALS])
    emitted = set(KERAS1_MODEL_COMPILE + KERAS1_SEQUENTIAL_COMPILE + KERAS2_COMPILE) - _DROPPED
    assert emitted <= set(params), sorted(emitted - set(params))
    # the reason for the rule: Keras 3 puts loss_weights where Keras 1 had metrics
    assert params[2] == "loss_weights" != KERAS1_MODEL_COMPILE[2]


@pytest.mark.parametrize("name", ["class_mode", "sample_weight_mode", "target_tensors"])
def test_compile_rejects_the_dropped_keywords(keras: Any, name: str) -> None:
    model = _small_model(keras)
    with pytest.raises(TypeError):
        model.compile(optimizer="sgd", loss="mse", **{name: None})


def test_fit_and_predict_keep_the_positions_the_defaults_rule_reads(keras: Any) -> None:
    assert _parameters(keras.Model.fit)[FIT_EPOCHS_POSITION] == "epochs"
    assert inspect.signature(keras.Model.fit).parameters["epochs"].default == 1
    assert _parameters(keras.Model.predict)[PREDICT_VERBOSE_POSITION] == "verbose"
    assert inspect.signature(keras.Model.predict).parameters["verbose"].default == "auto"


def test_train_on_batch_puts_sample_weight_third_and_takes_both_keywords(keras: Any) -> None:
    params = _parameters(keras.Model.train_on_batch)
    assert params[2] == "sample_weight" != KERAS1_SEQUENTIAL_TRAIN_ON_BATCH[2]
    assert set(KERAS1_SEQUENTIAL_TRAIN_ON_BATCH) <= set(params)
    # test_on_batch kept Keras 1's order, which is why no rule touches it
    assert _parameters(keras.Model.test_on_batch)[:3] == ["x", "y", "sample_weight"]


@pytest.mark.parametrize("method", sorted(FLOW_BATCH_POSITIONS))
def test_flow_methods_keep_batch_size_where_the_table_says(keras: Any, method: str) -> None:
    function = getattr(keras.preprocessing.image.ImageDataGenerator, method)
    params = _parameters(function)
    assert params[FLOW_BATCH_POSITIONS[method]] == "batch_size"
    assert inspect.signature(function).parameters["batch_size"].default == FLOW_DEFAULT_BATCH


@pytest.mark.parametrize("name", ["predict_classes", "predict_proba", "reset_states", *sorted(MAKE_FUNCTION_METHODS)])
def test_the_replaced_model_methods_are_gone(keras: Any, name: str) -> None:
    assert not hasattr(_small_model(keras), name)


# -- what the findings claim ---------------------------------------------------------------


def test_positional_metrics_fail_in_keras3_and_the_keyword_form_trains(keras: Any) -> None:
    x, y = _data()
    model = _small_model(keras)
    model.compile("sgd", "categorical_crossentropy", ["accuracy"])
    with pytest.raises(ValueError):
        model.fit(x, y, verbose=0)
    model = _small_model(keras)
    model.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    assert set(model.fit(x, y, verbose=0).history) == {"accuracy", "loss"}


def test_temporal_sample_weights_need_no_mode_and_are_averaged_over_all_timesteps(keras: Any) -> None:
    rng = np.random.default_rng(1)
    x = rng.random((4, 5, 3)).astype("float32")
    y = rng.random((4, 5, 2)).astype("float32")
    weights = np.ones((4, 5), "float32")
    weights[:, 3:] = 0.0  # the padding Keras 1 users masked with sample_weight_mode='temporal'
    model = keras.Sequential([keras.Input((5, 3)), keras.layers.TimeDistributed(keras.layers.Dense(2))])
    model.compile(optimizer="sgd", loss="mse")
    loss = model.evaluate(x, y, sample_weight=weights, batch_size=4, verbose=0)
    per_step = ((model.predict(x, verbose=0) - y) ** 2).mean(axis=-1)
    assert loss == pytest.approx((per_step * weights).sum() / weights.size, rel=1e-5)
    keras1 = (per_step * weights).mean() / (weights != 0).mean()  # keras@1.2.2 weighted_objective
    assert loss == pytest.approx(keras1 * (weights != 0).mean(), rel=1e-5)


def test_a_flat_metrics_list_fails_on_two_outputs_and_one_list_per_output_trains(keras: Any) -> None:
    inputs = keras.Input((4,))
    outputs = [keras.layers.Dense(3, activation="softmax", name=n)(inputs) for n in ("a", "b")]
    x, y = _data()
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss=["categorical_crossentropy"] * 2, metrics=["accuracy"])
    with pytest.raises(ValueError):
        model.fit(x, [y, y], verbose=0)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss=["categorical_crossentropy"] * 2, metrics=[["accuracy"], ["accuracy"]])
    assert {"a_accuracy", "b_accuracy"} <= set(model.fit(x, [y, y], verbose=0).history)


def test_multi_output_evaluate_still_lists_per_output_losses_in_keras1_order(keras: Any) -> None:
    """Spec §6.22/§10.37 expect them gone; Keras 3.15 reports them, so no rule is needed."""
    inputs = keras.Input((4,))
    outputs = [keras.layers.Dense(3, activation="softmax", name=n)(inputs) for n in ("a", "b")]
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss=["categorical_crossentropy"] * 2)
    x, y = _data()
    scores = model.evaluate(x, [y, y], verbose=0)
    named = model.evaluate(x, [y, y], verbose=0, return_dict=True)
    assert scores == pytest.approx([named["loss"], named["a_loss"], named["b_loss"]])


def test_metrics_names_mislabel_evaluate_and_return_dict_items_do_not(keras: Any) -> None:
    model = _small_model(keras)
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    x, y = _data()
    model.fit(x, y, verbose=0)
    assert model.metrics_names == ["loss", "compile_metrics"]
    pairs = dict(model.evaluate(x, y, verbose=0, return_dict=True).items())
    assert set(pairs) == {"loss", "accuracy"}


def test_class_weight_is_rejected_for_python_generators_but_not_for_flow_iterators(keras: Any) -> None:
    x, y = _data()
    model = _small_model(keras)
    with pytest.raises(ValueError, match="class_weight"):
        model.fit(_generator(x, y), steps_per_epoch=2, class_weight={0: 1.0, 1: 2.0, 2: 1.0}, verbose=0)
    images = x.reshape(-1, 2, 2, 1)
    flat = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
    flat.compile(optimizer="sgd", loss="categorical_crossentropy")
    flow = keras.preprocessing.image.ImageDataGenerator().flow(images, y, batch_size=8)
    history = flat.fit(flow, steps_per_epoch=len(flow), class_weight={0: 1.0, 1: 2.0, 2: 1.0}, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_an_iterator_epoch_stops_after_one_pass_whatever_steps_per_epoch_says(keras: Any) -> None:
    x, y = _data(40)
    images = x.reshape(-1, 2, 2, 1)
    model = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    flow = keras.preprocessing.image.ImageDataGenerator().flow(images, y, batch_size=16)
    assert len(flow) == math.ceil(40 / 16) == 3
    counted: list[int] = []
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: counted.append(batch))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Your input ran out of data"
        model.fit(flow, steps_per_epoch=5, epochs=1, verbose=0, callbacks=[counter])
    assert len(counted) == 3  # Keras 1 would have drawn 5 batches from its endless iterator


def test_a_python_generator_must_yield_tuples_for_predict(keras: Any) -> None:
    x, y = _data()
    model = _small_model(keras)

    def bare() -> Any:
        while True:
            yield x[:8]

    with pytest.raises(ValueError, match="tuple"):
        model.predict(bare(), steps=1, verbose=0)
    assert model.predict(_generator(x, y), steps=5, verbose=0).shape == (40, 3)


def test_weight_files_need_the_suffix_and_a_new_file_under_an_old_name_does_not_load(keras: Any, tmp_path: Path) -> None:
    model = _small_model(keras)
    with pytest.raises(ValueError, match=re.escape(WEIGHTS_SUFFIX)):
        model.save_weights(str(tmp_path / "w.h5"))
    model.save_weights(str(tmp_path / f"w{WEIGHTS_SUFFIX}"))
    (tmp_path / f"w{WEIGHTS_SUFFIX}").rename(tmp_path / "old.h5")
    with pytest.raises(ValueError):
        model.load_weights(str(tmp_path / "old.h5"))


@pytest.mark.parametrize("name", ["m.h5", "m.hdf5", "m.keras"])
def test_model_save_accepts_the_kept_extensions(keras: Any, tmp_path: Path, name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _small_model(keras).save(str(tmp_path / name))
    assert (tmp_path / name).exists()


def test_model_save_without_an_extension_or_with_save_format_tf_fails(keras: Any, tmp_path: Path) -> None:
    model = _small_model(keras)
    with pytest.raises(ValueError):
        model.save(str(tmp_path / "model"))
    with pytest.raises(ValueError):
        model.save(str(tmp_path / "model"), save_format="tf")


def test_the_reset_states_loop_resets_a_stateful_lstm(keras: Any) -> None:
    model = keras.Sequential(
        [keras.Input(batch_shape=(2, 3, 1)), keras.layers.LSTM(4, stateful=True), keras.layers.Dense(1)]
    )
    model.predict(np.ones((2, 3, 1), "float32"), verbose=0)
    lstm = model.layers[0]
    assert np.abs(np.asarray(lstm.states[0])).sum() > 0
    migrated = migrate_source("from keras.models import Sequential\nmodel = Sequential()\nmodel.reset_states()\n")
    loop = migrated.new_source.split("\n", 2)[2]
    exec(loop, {"model": model})
    assert np.abs(np.asarray(lstm.states[0])).sum() == 0


# -- predict_classes keeps Keras 1's rule ----------------------------------------------------


@pytest.mark.parametrize(("units", "activation"), [(3, "softmax"), (1, "sigmoid")])
def test_the_predict_classes_expression_equals_keras1s_rule(keras: Any, units: int, activation: str) -> None:
    model = _small_model(keras, units, activation)
    x, _ = _data(units=units)
    proba = model.predict(x, verbose=0)
    keras1 = proba.argmax(axis=-1) if proba.shape[-1] > 1 else (proba > 0.5).astype("int32")  # keras@1.2.2
    classes = eval(f"({_CLASSES})(model.predict(x, verbose=0))", {"model": model, "x": x})
    assert classes.dtype == keras1.dtype and classes.shape == keras1.shape
    np.testing.assert_array_equal(classes, keras1)


# -- end to end ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def augmentation(keras: Any) -> dict[str, Any]:
    result = migrate_source((PIPELINE / "training_augmentation.in.py").read_text(encoding="utf-8"))
    assert result.error is None
    assert sorted(f.code for f in result.findings) == ["K962", "K962"]  # S=40 and S=20 are not the sample counts
    namespace: dict[str, Any] = {"__name__": "migrated_training_augmentation"}
    exec(compile(result.new_source, "training_augmentation.out.py", "exec"), namespace)
    return namespace


def test_the_migrated_fit_generator_runs_ceil_s_over_b_steps(augmentation: dict[str, Any]) -> None:
    samples, batch = augmentation["X_train"].shape[0], augmentation["batch_size"]
    assert (samples, batch) == (100, 16)
    steps = math.ceil(samples / batch)
    assert steps == 7  # the last batch holds 4 images
    assert augmentation["history"].params["steps"] == steps
    assert len(augmentation["batches"].losses) == steps  # the Keras 1 callback's on_batch_end
    assert augmentation["warm_up"].params["steps"] == math.ceil(40 / batch) == 3
    assert set(augmentation["history"].history) == {"accuracy", "loss", "val_accuracy", "val_loss"}


def test_the_migrated_generator_predictions_keep_keras1s_row_count(augmentation: dict[str, Any]) -> None:
    assert augmentation["probas"].shape == (20, 3)
    assert len(augmentation["score"]) == 2


def test_the_migrated_predict_classes_follow_keras1_on_softmax_and_sigmoid(augmentation: dict[str, Any]) -> None:
    x = augmentation["X_test"]
    softmax = augmentation["model"].predict(x, verbose=0)
    np.testing.assert_array_equal(augmentation["classes"], softmax.argmax(axis=-1))
    sigmoid = augmentation["binary"].predict(x, verbose=0)
    assert sigmoid.shape == (24, 1)
    np.testing.assert_array_equal(augmentation["binary_classes"], (sigmoid > 0.5).astype("int32"))
    assert augmentation["binary_classes"].dtype == np.int32
