"""The functional API: merge modes and model constructors (spec §6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from codemods.tables.rows import KwargRename, Signature

# Keras 1 merge mode -> (function, layer class) in tensorflow.keras.layers
MERGE_MODES: Final[Mapping[str, tuple[str, str]]] = {
    "ave": ("tensorflow.keras.layers.average", "tensorflow.keras.layers.Average"),
    "concat": ("tensorflow.keras.layers.concatenate", "tensorflow.keras.layers.Concatenate"),
    "cos": ("tensorflow.keras.layers.dot", "tensorflow.keras.layers.Dot"),
    "dot": ("tensorflow.keras.layers.dot", "tensorflow.keras.layers.Dot"),
    "max": ("tensorflow.keras.layers.maximum", "tensorflow.keras.layers.Maximum"),
    "mul": ("tensorflow.keras.layers.multiply", "tensorflow.keras.layers.Multiply"),
    "sum": ("tensorflow.keras.layers.add", "tensorflow.keras.layers.Add"),
}

# Keras 1.2.2 signatures of the merge function and the Merge layer
MERGE_FUNCTION: Final = Signature(
    params=("inputs", "mode", "concat_axis", "dot_axes", "output_shape", "output_mask", "arguments", "name"),
    keep=1,
)
MERGE_LAYER: Final = Signature(
    params=(
        "layers", "mode", "concat_axis", "dot_axes", "output_shape", "output_mask", "arguments",
        "node_indices", "tensor_indices", "name",
    ),
    keep=1,
)

# Arguments that only a callable mode or shared-layer plumbing used: no Keras 3 place
MERGE_MANUAL_ARGS: Final[frozenset[str]] = frozenset(
    {"output_shape", "output_mask", "arguments", "node_indices", "tensor_indices"}
)

# Model / Container constructor keywords (spec §6.12, §3.3.36) and Sequential's (§6.21)
MODEL_KWARGS: Final[tuple[KwargRename, ...]] = (
    KwargRename(old="input", new="inputs"),
    KwargRename(old="output", new="outputs"),
)
MODEL_CLASSES: Final[frozenset[str]] = frozenset(
    {"keras.Model", "keras.layers.Container", "keras.models.Model"}
)
SEQUENTIAL_CLASSES: Final[frozenset[str]] = frozenset({"keras.Sequential", "keras.models.Sequential"})
SEQUENTIAL_SIGNATURE: Final = Signature(params=("layers", "name"), keep=1)
