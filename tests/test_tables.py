"""Invariants of the rename tables (no chains, no conflicts, consistent signatures)."""

from __future__ import annotations

import pytest

from codemods._paths import canonical
from codemods.tables.layers import (
    INPUT_SHAPE_KWARGS,
    LAYER_CLASS_RENAMES,
    LAYER_DROPPED_KWARGS,
    LAYER_KWARG_RENAMES,
    LAYER_KWARG_SPLITS,
    LAYER_SIGNATURES,
)
from codemods.tables.modules import MODULE_TARGETS, REMOVED_MODULE_HINTS, TF_PRIVATE_KERAS
from codemods.tables.training import TRAINING_KWARG_DROPS, TRAINING_KWARG_RENAMES


def test_class_renames_have_no_chains() -> None:
    for old, new in LAYER_CLASS_RENAMES.items():
        assert new.startswith("tensorflow.keras.")
        assert canonical(new) not in LAYER_CLASS_RENAMES, f"{old} -> {new} is renamed again"


@pytest.mark.parametrize("layer", sorted(LAYER_KWARG_RENAMES))
def test_kwarg_renames_have_no_duplicates_or_chains(layer: str) -> None:
    rows = LAYER_KWARG_RENAMES[layer]
    olds = [r.old for r in rows]
    assert len(olds) == len(set(olds)), f"{layer}: duplicate rows"
    news = {r.new for r in rows if r.new is not None}
    assert not (news & set(olds)), f"{layer}: a renamed keyword is renamed again"
    assert all(r.old != r.new for r in rows)
    for row in rows:
        assert not (set(row.values) & row.drop_values)
        assert not (set(row.values) & set(row.manual_values))


@pytest.mark.parametrize("layer", sorted(LAYER_SIGNATURES))
def test_signatures_are_consistent(layer: str) -> None:
    sig = LAYER_SIGNATURES[layer]
    assert len(sig.params) == len(set(sig.params))
    assert 0 <= sig.keep <= len(sig.params)
    assert set(sig.fuse) <= set(sig.params[: sig.keep]), "fused parameters must stay positional"
    for index in list(sig.k1_markers) + list(sig.k2_markers):
        assert 0 <= index < len(sig.params)
    if sig.k1_markers or sig.k2_markers:
        assert sig.ambiguous_from is not None, "a shared name needs ambiguous_from"


def test_every_table_key_is_canonical() -> None:
    keys = (
        set(LAYER_SIGNATURES)
        | set(LAYER_KWARG_RENAMES)
        | set(LAYER_CLASS_RENAMES)
        | set(LAYER_KWARG_SPLITS)
        | set(LAYER_DROPPED_KWARGS)
        | set(INPUT_SHAPE_KWARGS)
    )
    for key in keys:
        assert canonical(key) == key


def test_removed_modules_all_have_a_hint() -> None:
    removed = {m for m, t in MODULE_TARGETS.items() if t is None and not m.startswith(TF_PRIVATE_KERAS)}
    assert removed == set(REMOVED_MODULE_HINTS)


def test_training_tables_do_not_overlap() -> None:
    for method, renames in TRAINING_KWARG_RENAMES.items():
        assert not (set(renames) & TRAINING_KWARG_DROPS.get(method, frozenset()))
