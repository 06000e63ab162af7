"""Shape rules of the core layers: Dense, Flatten, Reshape, Permute, RepeatVector, Embedding,
Lambda, and the layers that keep their input's shape (activations, dropout, normalisation, noise).

Each follows the ``compute_output_shape``/``build`` of the Keras 3.15 layer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

from kmigrate.shapes.arguments import Rule, flag, int_tuple, integer, need_rank
from kmigrate.shapes.objects import Dim, ErrorKind, Layer, Shape, ShapeError, Untracked, show_shape
from kmigrate.shapes.signatures import param


def dense(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    need_rank(layer, shape, 2, at_least=True)
    units = integer(layer, "units")
    last = _known(layer, shape, -1, "The last dimension of the inputs to a Dense layer")
    return (*shape[:-1], units), last * units + (units if flag(layer, "use_bias", True) else 0)


def flatten(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    rest = shape[1:]
    size: Dim = None if None in rest else math.prod(d for d in rest if d is not None)
    return (shape[0], size), 0


def reshape(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    target = int_tuple(param(layer, "target_shape"))
    if target is None:
        raise Untracked("Reshape target_shape is not known statically")
    rest = shape[1:]
    if None in rest:
        return (shape[0], *(None if d == -1 else d for d in target)), 0
    size = math.prod(d for d in rest if d is not None)
    known = math.prod(d for d in target if d != -1)
    if -1 not in target and known == size:
        return (shape[0], *target), 0
    if -1 in target and known and size % known == 0:
        return (shape[0], *(size // known if d == -1 else d for d in target)), 0
    raise ShapeError(
        ErrorKind.MISMATCH,
        f"The total size of the tensor must be unchanged. Received: input_shape={show_shape(rest)}, "
        f"target_shape={show_shape(target)}",
    )


def permute(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    dims = int_tuple(param(layer, "dims"))
    if dims is None:
        raise Untracked("Permute dims are not known statically")
    need_rank(layer, shape, len(dims) + 1)
    if sorted(dims) != list(range(1, len(dims) + 1)):
        raise ShapeError(
            ErrorKind.MISMATCH, f"Invalid permutation argument dims={dims} for Permute"
        )
    return (shape[0], *(shape[d] for d in dims)), 0


def repeat_vector(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    need_rank(layer, shape, 2)
    return (shape[0], integer(layer, "n"), shape[1]), 0


def embedding(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    dim = integer(layer, "output_dim")
    return (*shape, dim), integer(layer, "input_dim") * dim


def lambda_layer(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    given = param(layer, "output_shape")
    target = _dims(given) if isinstance(given, (tuple, list)) else None
    if target is None:
        raise Untracked(
            "a Lambda layer without a literal output_shape: its shape depends on the function"
        )
    return (shape[0], *target), 0


def identity(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    return shape, 0


def ranked_identity(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank)
        return shape, 0

    return rule


def normalization(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    """BatchNormalization: gamma, beta and two moving statistics per feature; LayerNormalization: gamma, beta."""
    sizes = _axis_sizes(layer, shape, "axis", -1)
    count = int(flag(layer, "center", True)) + int(flag(layer, "scale", True))
    if layer.cls == "BatchNormalization":
        count += 2
    return shape, count * math.prod(sizes)


def prelu(layer: Layer, shape: Shape) -> tuple[Shape, int]:
    shared = param(layer, "shared_axes")
    axes = () if shared is None else (shared,) if isinstance(shared, int) else int_tuple(shared)
    if axes is None:
        raise Untracked("PReLU shared_axes are not known statically")
    sizes = [1 if i in axes else d for i, d in enumerate(shape) if i > 0]
    if None in sizes:
        raise ShapeError(
            ErrorKind.UNDEFINED, f"PReLU needs every non-shared dimension; got {show_shape(shape)}"
        )
    return shape, math.prod(d for d in sizes if d is not None)


def _axis_sizes(layer: Layer, shape: Shape, name: str, default: int) -> list[int]:
    value = param(layer, name, default)
    axes = (value,) if isinstance(value, int) else int_tuple(value)
    if axes is None:
        raise Untracked(f"{layer.cls} {name} is not known statically")
    sizes: list[int] = []
    for axis in axes:
        sizes.append(_known(layer, shape, axis, f"Axis {axis} of the input to {layer.cls}"))
    return sizes


def _known(layer: Layer, shape: Shape, axis: int, what: str) -> int:
    if not -len(shape) <= axis < len(shape):
        raise ShapeError(
            ErrorKind.RANK, f"{what}: axis {axis} is out of bounds for shape {show_shape(shape)}"
        )
    value = shape[axis]
    if value is None:
        raise ShapeError(
            ErrorKind.UNDEFINED, f"{what} should be defined. Found None in {show_shape(shape)}"
        )
    return value


def _dims(value: tuple[object, ...] | list[object]) -> tuple[Dim, ...] | None:
    """A literal shape whose dimensions are ints or None; else None."""
    out: list[Dim] = []
    for item in value:
        if item is None or (isinstance(item, int) and not isinstance(item, bool)):
            out.append(item)
        else:
            return None
    return tuple(out)


IDENTITY = (
    "Activation",
    "ActivityRegularization",
    "AlphaDropout",
    "Dropout",
    "ELU",
    "GaussianDropout",
    "GaussianNoise",
    "LeakyReLU",
    "Masking",
    "ReLU",
    "Softmax",
)

CORE_RULES: Final[Mapping[str, Rule]] = {
    **{name: identity for name in IDENTITY},
    "BatchNormalization": normalization,
    "Dense": dense,
    "Embedding": embedding,
    "Flatten": flatten,
    "Lambda": lambda_layer,
    "LayerNormalization": normalization,
    "PReLU": prelu,
    "Permute": permute,
    "RepeatVector": repeat_vector,
    "Reshape": reshape,
    "SpatialDropout1D": ranked_identity(3),
    "SpatialDropout2D": ranked_identity(4),
    "SpatialDropout3D": ranked_identity(5),
}
