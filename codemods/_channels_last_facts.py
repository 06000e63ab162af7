"""What strategy C (``--channels-last``) knows about layers: which read ``data_format``,
which pass a feature map through, and how a channels-first axis maps to channels last.

Names are the last part of a canonical ``keras.layers.X`` name (Keras 1 and
Keras 2 spellings alike). Spec §11.3 lists the layers that carry
``dim_ordering``; §11.4 the constructs that depend on the ordering without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from codemods.tables.channels import REINTERPRETED_1D_LAYERS, SPATIAL_LAYERS

LAYERS: Final = "keras.layers."

# 2D/3D layers with a data_format (spec §11.3, the table strategy A keeps): short
# name -> rank of the tensors they take. ConvLSTM2D reads (batch, time, C, H, W).
SPATIAL_RANKS: Final[Mapping[str, int]] = {
    name.rpartition(".")[2]: row.rank + 2 for name, row in SPATIAL_LAYERS.items() if row.today != "ConvLSTM2D"
}
# their output is (batch, channels) in either ordering
GLOBAL_POOLING: Final[frozenset[str]] = frozenset(
    name.rpartition(".")[2] for name, row in SPATIAL_LAYERS.items() if not row.keeps_maps
)
# th layers strategy C cannot put behind one boundary Permute (time axis first)
BLOCKERS: Final[frozenset[str]] = frozenset({"ConvLSTM2D"})
# wrappers whose inner th layer sees (batch, time, C, H, W)
WRAPPERS: Final[frozenset[str]] = frozenset({"Bidirectional", "TimeDistributed"})
# 1D layers a global channels_first would re-read (spec §11.3.18)
ONE_D: Final[frozenset[str]] = frozenset(name.rpartition(".")[2] for name in REINTERPRETED_1D_LAYERS)



def format_position(canonical: str) -> int | None:
    """Where ``data_format`` sits among today's positional parameters of a layer (A's table)."""
    row = SPATIAL_LAYERS.get(canonical) or REINTERPRETED_1D_LAYERS.get(canonical)
    if row is not None:
        return row.position
    return 0 if canonical == "keras.layers.Flatten" else None


# Layers whose output has the layout of their input, whatever it is.
PASSTHROUGH: Final[frozenset[str]] = frozenset(
    {
        "ActivityRegularization", "AlphaDropout", "Dropout", "ELU", "GaussianDropout", "GaussianNoise",
        "LeakyReLU", "Masking", "ReLU", "ThresholdedReLU",
    }
)
# Element-wise merges (functions and layers): the output has the operands' layout.
ELEMENTWISE_MERGES: Final[frozenset[str]] = frozenset(
    {"Add", "Average", "Maximum", "Minimum", "Multiply", "Subtract", "add", "average", "maximum", "minimum", "multiply", "subtract"}
)
CONCATENATIONS: Final[frozenset[str]] = frozenset({"Concatenate", "concatenate"})
# Keras 1 merge modes (merge(mode=...), Merge(mode=...)) that are element-wise
ELEMENTWISE_MODES: Final[frozenset[str]] = frozenset({"ave", "max", "mul", "sum"})
MERGE_CALLS: Final[frozenset[str]] = frozenset({"Merge", "merge"})
# layers that act on the last axis: width on a channels-first map, channels now (spec §11.4.8)
LAST_AXIS_LAYERS: Final[frozenset[str]] = frozenset({"Dense", "Dot", "LayerNormalization", "Softmax", "dot"})

INPUTS: Final[frozenset[str]] = frozenset({"Input", "InputLayer"})
MODELS: Final[frozenset[str]] = frozenset(
    {"keras.Model", "keras.Sequential", "keras.layers.Container", "keras.models.Model", "keras.models.Sequential"}
)
SEQUENTIALS: Final[frozenset[str]] = frozenset({"keras.Sequential", "keras.models.Sequential"})

# Backend functions whose meaning depends on which axis is the channel axis
# (spec §11.4.10): an axis argument, a shape, or a layout.
BACKEND_AXIS_FUNCTIONS: Final[frozenset[str]] = frozenset(
    {
        "all", "any", "argmax", "argmin", "batch_dot", "batch_flatten", "concatenate", "cumprod", "cumsum",
        "expand_dims", "flatten", "gather", "int_shape", "l2_normalize", "logsumexp", "max", "mean", "min",
        "permute_dimensions", "prod", "repeat_elements", "reshape", "resize_images", "resize_volumes",
        "softmax", "spatial_2d_padding", "spatial_3d_padding", "squeeze", "stack", "std", "sum",
        "tile", "transpose", "var",
    }
)

# Boundary permutations: channels first -> channels last, and back.
TO_CHANNELS_LAST: Final[Mapping[int, tuple[int, ...]]] = {4: (2, 3, 1), 5: (2, 3, 4, 1)}
TO_CHANNELS_FIRST: Final[Mapping[int, tuple[int, ...]]] = {4: (3, 1, 2), 5: (4, 1, 2, 3)}
SUFFIXES: Final[Mapping[int, str]] = {4: "_nhwc", 5: "_ndhwc"}


def channels_last_axis(axis: int, rank: int) -> int | None:
    """Where axis ``axis`` of a channels-first tensor of ``rank`` is once channels are last.

    The channel axis becomes -1; the others move one place left. None when
    ``axis`` is out of range.
    """
    if not -rank <= axis < rank:
        return None
    axis %= rank
    if axis == 0:
        return 0
    if axis == 1:
        return -1
    return axis - 1
