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

import pytest

from codemods._paths import default_target
from codemods.tables.layers import (
    INPUT_SHAPE_KWARGS,
    LAYER_CLASS_RENAMES,
    LAYER_DROPPED_KWARGS,
    LAYER_KWARG_RENAMES,
    LAYER_KWARG_SPLITS,
    LAYER_SIGNATURES,
)
from codemods.tables.modules import MODULE_TARGETS

pytestmark = pytest.mark.tensorflow

# Keywords every Keras 3 layer takes through **kwargs (Layer.__init__).
BASE_LAYER_KWARGS = {"name", "trainable", "dtype", "input_shape", "activity_regularizer"}
# Keywords that rules never emit: they are dropped or left for a person (findings).
NOT_EMITTED = {"weights"}


@pytest.fixture(scope="module")
def tf() -> Any:
    import tensorflow

    return tensorflow


def _resolve(tf: Any, dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, attr)


def _target(layer: str) -> str:
    return LAYER_CLASS_RENAMES.get(layer, default_target(layer))


def _emitted_keywords(layer: str) -> Iterator[str]:
    renames = {r.old: r.new for r in LAYER_KWARG_RENAMES.get(layer, ())}
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
            if param in splits or param in dropped or param in NOT_EMITTED:
                continue
            if param in INPUT_SHAPE_KWARGS and param in ("input_dim", "input_length"):
                continue
            yield renames.get(param, param)
    if layer in INPUT_SHAPE_KWARGS:
        yield "input_shape"


LAYERS = sorted(set(LAYER_SIGNATURES) | set(LAYER_KWARG_RENAMES) | set(LAYER_CLASS_RENAMES))


@pytest.mark.parametrize("module", sorted(p for p, t in MODULE_TARGETS.items() if t is not None))
def test_module_target_imports(tf: Any, module: str) -> None:
    target = MODULE_TARGETS[module]
    assert target is not None
    importlib.import_module(target)


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_target_exists(tf: Any, layer: str) -> None:
    cls = _resolve(tf, _target(layer))
    assert isinstance(cls, type)


@pytest.mark.parametrize("layer", LAYERS)
def test_every_emitted_keyword_is_accepted(tf: Any, layer: str) -> None:
    cls = _resolve(tf, _target(layer))
    accepted = set(inspect.signature(cls.__init__).parameters) | BASE_LAYER_KWARGS
    emitted = {k for k in _emitted_keywords(layer) if k not in ("input_dim", "input_length")}
    unknown = sorted(emitted - accepted)
    assert not unknown, f"{layer} -> {_target(layer)} does not accept {unknown}"


@pytest.mark.parametrize("layer", sorted(LAYER_SIGNATURES))
def test_kept_positionals_keep_their_meaning(tf: Any, layer: str) -> None:
    """The leading positions a signature keeps are the same parameters in Keras 3."""
    sig = LAYER_SIGNATURES[layer]
    renames = {r.old: r.new for r in LAYER_KWARG_RENAMES.get(layer, ())}
    kept: list[str] = []
    for param in sig.params[: sig.keep]:
        name = sig.fused_name if param in sig.fuse else renames.get(param, param)
        if not kept or kept[-1] != name:
            kept.append(name)
    cls = _resolve(tf, _target(layer))
    params = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    assert params[: len(kept)] == kept, f"{layer}: Keras 3 order is {params[: len(kept) + 2]}"
