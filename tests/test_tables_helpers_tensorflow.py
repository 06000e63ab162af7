"""The helper and callback tables checked against the installed TensorFlow.

Every target must exist in ``tensorflow.keras``, every keyword a rewrite can emit
must be a real parameter, every Keras 1 position kept positional must be the same
parameter in Keras 3, and the names the rules call removed must really be gone.
A few migrated calls are also run, where that is cheap. A row that fails here is
a bug in the table, not a test to skip.
"""

from __future__ import annotations

import importlib
import inspect
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pytest

from codemods._paths import default_target
from codemods.tables.callbacks import (
    CALLBACK_DROPPED_KWARGS,
    CALLBACK_KWARG_RENAMES,
    CALLBACK_SIGNATURES,
    REMOVED_CALLBACKS,
)
from codemods.tables.helpers import (
    HELPER_ADDED_DEFAULTS,
    HELPER_FLAG_CHOICES,
    HELPER_KWARG_RENAMES,
    HELPER_METHOD_RENAMES,
    HELPER_METHOD_SIGNATURES,
    HELPER_RADIAN_KWARGS,
    HELPER_SIGNATURES,
    HELPER_SYMBOL_RENAMES,
    NUMPY_HELPERS,
    REMOVED_HELPERS,
)
from codemods.tables.rows import KwargRename, Signature
from kmigrate import migrate_source

pytestmark = pytest.mark.tensorflow


@pytest.fixture(scope="module")
def tf() -> Any:
    import tensorflow

    return tensorflow


def _resolve(dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def _target(canon: str) -> str:
    return HELPER_SYMBOL_RENAMES.get(canon, default_target(canon))


def _parameters(obj: Any) -> list[str]:
    """Named parameters (no self, no *args/**kwargs) of a function or a class's __init__."""
    func = obj.__init__ if isinstance(obj, type) else obj
    params = inspect.signature(func).parameters.values()
    return [
        p.name
        for p in params
        if p.name != "self" and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]


def _renames(rows: tuple[KwargRename, ...]) -> dict[str, str]:
    return {r.old: r.new or r.old for r in rows}


def _emitted(
    sig: Signature | None,
    renames: Mapping[str, str],
    flags: Mapping[str, str],
    dropped: frozenset[str],
    added: tuple[str, ...],
) -> Iterator[str]:
    yield from renames.values()
    yield from flags.values()
    yield from added
    if sig is not None:
        for param in sig.params[sig.keep :]:
            if param not in dropped:
                yield flags.get(param, renames.get(param, param))


HELPERS = sorted(set(HELPER_SIGNATURES) | set(HELPER_KWARG_RENAMES) | set(HELPER_FLAG_CHOICES))
CALLBACKS = sorted(CALLBACK_SIGNATURES)


def _helper_emitted(canon: str) -> set[str]:
    flags = {r.old: r.new for r in HELPER_FLAG_CHOICES.get(canon, ())}
    added = tuple(r.keyword for r in HELPER_ADDED_DEFAULTS.get(canon, ()))
    renames = _renames(HELPER_KWARG_RENAMES.get(canon, ()))
    return set(_emitted(HELPER_SIGNATURES.get(canon), renames, flags, frozenset(), added))


def _callback_emitted(canon: str) -> set[str]:
    dropped = frozenset(r.old for r in CALLBACK_DROPPED_KWARGS.get(canon, ()))
    renames = _renames(CALLBACK_KWARG_RENAMES.get(canon, ()))
    return set(_emitted(CALLBACK_SIGNATURES.get(canon), renames, {}, dropped, ()))


def _kept(sig: Signature, renames: Mapping[str, str]) -> list[str]:
    return [renames.get(p, p) for p in sig.params[: sig.keep]]


# -- helpers ------------------------------------------------------------------------


@pytest.mark.parametrize("canon", HELPERS)
def test_helper_target_exists(tf: Any, canon: str) -> None:
    assert callable(_resolve(_target(canon)))


@pytest.mark.parametrize("canon", HELPERS)
def test_every_emitted_helper_keyword_is_a_parameter(tf: Any, canon: str) -> None:
    accepted = set(_parameters(_resolve(_target(canon))))
    unknown = sorted(_helper_emitted(canon) - accepted)
    assert not unknown, f"{canon} -> {_target(canon)} does not take {unknown}"


@pytest.mark.parametrize("canon", sorted(HELPER_SIGNATURES))
def test_kept_helper_positionals_keep_their_meaning(tf: Any, canon: str) -> None:
    sig = HELPER_SIGNATURES[canon]
    kept = _kept(sig, _renames(HELPER_KWARG_RENAMES.get(canon, ())))
    params = _parameters(_resolve(_target(canon)))
    assert params[: len(kept)] == kept, f"{canon}: Keras 3 order is {params[: len(kept) + 2]}"


@pytest.mark.parametrize("canon", sorted(HELPER_SIGNATURES))
def test_first_dropped_helper_position_did_change(tf: Any, canon: str) -> None:
    """``keep`` is not too small: the first keywordised position means something else
    today, or its values must be translated (``dim_ordering='th'``), or it is an
    angle whose unit changed, or it proves which Keras version a call is."""
    sig = HELPER_SIGNATURES[canon]
    if sig.keep == len(sig.params):
        return
    rows = {r.old: r for r in HELPER_KWARG_RENAMES.get(canon, ())}
    flags = {r.old: r.new for r in HELPER_FLAG_CHOICES.get(canon, ())}
    first = sig.params[sig.keep]
    row = rows.get(first)
    if first in flags or (row is not None and (row.values or row.drop_values or row.value_exprs)):
        return
    params = _parameters(_resolve(_target(canon)))
    assert params[sig.keep] != flags.get(first, row.new if row is not None else first)


@pytest.mark.parametrize("method", sorted(HELPER_METHOD_SIGNATURES))
def test_generator_methods(tf: Any, method: str) -> None:
    from tensorflow.keras.preprocessing.image import ImageDataGenerator

    params = _parameters(getattr(ImageDataGenerator, method))
    sig = HELPER_METHOD_SIGNATURES[method]
    renames = _renames(HELPER_METHOD_RENAMES.get(method, ()))
    assert params[: sig.keep] == _kept(sig, renames)
    assert params[sig.keep] != sig.params[sig.keep]
    assert set(renames.values()) <= set(params)


@pytest.mark.parametrize("canon", sorted(HELPER_RADIAN_KWARGS))
def test_radian_keywords_exist(tf: Any, canon: str) -> None:
    assert HELPER_RADIAN_KWARGS[canon] in _parameters(_resolve(_target(canon)))
    assert HELPER_RADIAN_KWARGS[canon] in HELPER_SIGNATURES[canon].params


def test_shear_is_read_in_degrees(tf: Any) -> None:
    from tensorflow.keras.preprocessing.image import apply_affine_transform

    assert "np.deg2rad(shear)" in inspect.getsource(apply_affine_transform)


@pytest.mark.parametrize("canon", sorted({*REMOVED_HELPERS, *NUMPY_HELPERS, *REMOVED_CALLBACKS}))
def test_removed_names_are_gone(tf: Any, canon: str) -> None:
    module_name, _, attr = default_target(canon).rpartition(".")
    assert not hasattr(importlib.import_module(module_name), attr)


# -- callbacks ----------------------------------------------------------------------


@pytest.mark.parametrize("canon", CALLBACKS)
def test_callback_target_exists(tf: Any, canon: str) -> None:
    assert isinstance(_resolve(default_target(canon)), type)


@pytest.mark.parametrize("canon", CALLBACKS)
def test_every_emitted_callback_keyword_is_a_parameter(tf: Any, canon: str) -> None:
    accepted = set(_parameters(_resolve(default_target(canon))))
    unknown = sorted(_callback_emitted(canon) - accepted)
    assert not unknown, f"{canon} does not take {unknown}"


@pytest.mark.parametrize("canon", CALLBACKS)
def test_kept_callback_positionals_keep_their_meaning(tf: Any, canon: str) -> None:
    sig = CALLBACK_SIGNATURES[canon]
    kept = _kept(sig, _renames(CALLBACK_KWARG_RENAMES.get(canon, ())))
    params = _parameters(_resolve(default_target(canon)))
    assert params[: len(kept)] == kept, f"{canon}: Keras 3 order is {params[: len(kept) + 2]}"


@pytest.mark.parametrize(
    ("canon", "old"),
    sorted((canon, row.old) for canon, rows in CALLBACK_DROPPED_KWARGS.items() for row in rows),
)
def test_dropped_callback_keywords_are_rejected(tf: Any, canon: str, old: str) -> None:
    cls = _resolve(default_target(canon))
    assert old not in _parameters(cls)
    args = ("w.h5",) if canon.endswith("ModelCheckpoint") else ()
    if "VAR_KEYWORD" not in {p.kind.name for p in inspect.signature(cls.__init__).parameters.values()}:
        with pytest.raises(TypeError):
            cls(*args, **{old: None})


def test_reduce_lr_on_plateau_ignores_epsilon_silently(tf: Any) -> None:
    from tensorflow.keras.callbacks import ReduceLROnPlateau

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        callback = ReduceLROnPlateau(epsilon=0.5)
    assert callback.min_delta == pytest.approx(1e-4)
    assert ReduceLROnPlateau(min_delta=0.5).min_delta == 0.5


def test_model_checkpoint_extensions(tf: Any, tmp_path: Any) -> None:
    from tensorflow.keras.callbacks import ModelCheckpoint

    ModelCheckpoint(str(tmp_path / "w.{epoch:02d}.weights.h5"), save_weights_only=True)
    ModelCheckpoint(str(tmp_path / "m.h5"))
    ModelCheckpoint(str(tmp_path / "m.keras"))
    for bad, weights_only in (("w.hdf5", True), ("w.h5", True), ("m.hdf5", False)):
        with pytest.raises(ValueError):
            ModelCheckpoint(str(tmp_path / bad), save_weights_only=weights_only)
    with pytest.raises(TypeError):
        ModelCheckpoint(str(tmp_path / "m.h5"), period=1)


def test_plot_defaults(tf: Any) -> None:
    from tensorflow.keras.utils import model_to_dot, plot_model

    assert inspect.signature(plot_model).parameters["show_layer_names"].default is False
    assert inspect.signature(model_to_dot).parameters["show_layer_names"].default is True


def test_lambda_callback_batch_hooks_get_logs_by_keyword(tf: Any) -> None:
    from tensorflow.keras.callbacks import CallbackList, LambdaCallback

    seen: list[int] = []
    CallbackList([LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))]).on_train_batch_end(3, {})
    CallbackList([LambdaCallback(on_batch_end=lambda batch, logs: seen.append(batch))]).on_train_batch_end(4, {})
    assert seen == [3, 4]
    with pytest.raises(TypeError):
        CallbackList([LambdaCallback(on_train_batch_end=lambda batch, info: None)]).on_train_batch_end(5, {})


class _FakeModel:
    stop_training = False


def _keras3_stop_epoch(losses: list[float], patience: int) -> int | None:
    from tensorflow.keras.callbacks import EarlyStopping

    callback = EarlyStopping(monitor="val_loss", patience=patience)
    model = _FakeModel()
    callback.set_model(model)  # type: ignore[arg-type]  # a stand-in with stop_training only
    callback.on_train_begin()
    for epoch, loss in enumerate(losses):
        callback.on_epoch_end(epoch, {"val_loss": loss})
        if model.stop_training:
            return epoch
    return None


def _keras1_stop_epoch(losses: list[float], patience: int) -> int | None:
    """Keras 1.2.2 EarlyStopping: compare wait with patience, then count the epoch."""
    best, wait = float("inf"), 0
    for epoch, loss in enumerate(losses):
        if loss < best:
            best, wait = loss, 0
            continue
        if wait >= patience:
            return epoch
        wait += 1
    return None


@pytest.mark.parametrize("patience", [0, 1, 2, 4])
def test_keras1_patience_is_keras3_patience_plus_one(tf: Any, patience: int) -> None:
    losses = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0, 1.1]
    assert _keras3_stop_epoch(losses, patience + 1) == _keras1_stop_epoch(losses, patience)
    if patience:
        assert _keras3_stop_epoch(losses, patience) != _keras1_stop_epoch(losses, patience)


def test_tokenizer_nb_words_is_renamed_upstream_too(tf: Any) -> None:
    from tensorflow.keras.preprocessing.text import Tokenizer

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert Tokenizer(nb_words=5).num_words == 5
    assert any("num_words" in str(w.message) for w in caught)


# -- migrated code, run --------------------------------------------------------------


def _run(source: str, **names: Any) -> dict[str, Any]:
    result = migrate_source(source)
    assert result.error is None
    namespace: dict[str, Any] = dict(names)
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    return namespace


def test_migrated_to_categorical_runs(tf: Any) -> None:
    ns = _run(
        "from keras.utils import np_utils\nY = np_utils.to_categorical(y=[0, 2], nb_classes=3)\n"
    )
    np.testing.assert_array_equal(ns["Y"], [[1, 0, 0], [0, 0, 1]])


def test_migrated_image_generator_runs_channels_first(tf: Any) -> None:
    ns = _run(
        "from keras.preprocessing.image import ImageDataGenerator\n"
        "gen = ImageDataGenerator(False, False, False, False, False, 0, dim_ordering='th')\n"
        "batch = next(iter(gen.flow(X=X, batch_size=2, shuffle=False)))\n",
        X=np.zeros((2, 3, 8, 8)),
    )
    assert ns["batch"].shape == (2, 3, 8, 8)
    assert ns["gen"].data_format == "channels_first"


def test_migrated_checkpoints_construct(tf: Any, tmp_path: Any) -> None:
    _run(
        "from keras.callbacks import ModelCheckpoint, ReduceLROnPlateau, TensorBoard\n"
        "a = ModelCheckpoint(d + '/w.{epoch:02d}.hdf5', 'val_loss', 1, True, True, 'auto', 1)\n"
        "b = ModelCheckpoint(filepath=d + '/m.hdf5', save_best_only=True, period=1)\n"
        "c = ReduceLROnPlateau('val_loss', 0.5, 3, 0, 'auto', 0.01)\n"
        "e = TensorBoard(log_dir=d, write_grads=False, batch_size=32, embeddings_layer_names=None)\n",
        d=str(tmp_path),
    )


def _keras1_probas_to_classes(p: Any) -> Any:
    if len(p.shape) > 1 and p.shape[1] > 1:
        return np.argmax(p, axis=1)
    return np.array([1 if v > 0.5 else 0 for v in p])


@pytest.mark.parametrize(
    "proba",
    [
        np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]),
        np.array([[0.2], [0.9], [0.5]]),
        np.array([0.2, 0.9, 0.51]),
    ],
    ids=["softmax columns", "one sigmoid column", "flat sigmoid"],
)
def test_migrated_probas_to_classes_matches_keras1(tf: Any, proba: Any) -> None:
    ns = _run(
        "from keras.utils.np_utils import probas_to_classes, categorical_probas_to_classes\n"
        "a = probas_to_classes(proba)\n"
        "b = probas_to_classes(proba[:])\n"
        "c = probas_to_classes(proba.copy())\n",
        proba=proba,
    )
    expected = _keras1_probas_to_classes(proba)
    for name in "abc":
        np.testing.assert_array_equal(ns[name], expected)
        assert ns[name].shape == expected.shape
