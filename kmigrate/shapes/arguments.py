"""Reading layer arguments as the shape rules need them, and the checks every rule shares."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeGuard

from kmigrate.shapes.objects import (
    CHANNELS_FIRST,
    ErrorKind,
    Layer,
    Shape,
    ShapeError,
    Untracked,
    show_shape,
)
from kmigrate.shapes.signatures import param

# A single-input shape rule: the output shape and the number of weights.
Rule = Callable[[Layer, Shape], tuple[Shape, int]]


def integer(layer: Layer, name: str, default: object = None) -> int:
    value = param(layer, name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Untracked(f"{layer.cls} argument {name} is not known statically")
    return value


def ints(layer: Layer, name: str, n: int, default: object = None) -> tuple[int, ...]:
    """An int or a tuple of ``n`` ints (``kernel_size=3`` is ``(3, 3)`` for a 2D layer)."""
    value = param(layer, name, default)
    if _is_int(value):
        return (value,) * n
    found = int_tuple(value)
    if found is not None and len(found) == n:
        return found
    raise Untracked(f"{layer.cls} argument {name} is not known statically")


def pairs(layer: Layer, name: str, n: int, default: object) -> tuple[tuple[int, int], ...]:
    """Padding or cropping amounts: ``1``, ``(1, 2)`` (one per axis) or ``((1, 1), (2, 2))``."""
    value = param(layer, name, default)
    if _is_int(value):
        return ((value, value),) * n
    flat = int_tuple(value)
    if flat is not None and n == 1 and len(flat) == 2:
        return ((flat[0], flat[1]),)
    if flat is not None and len(flat) == n:
        return tuple((v, v) for v in flat)
    if isinstance(value, (tuple, list)) and len(value) == n:
        nested = [int_tuple(v) for v in value]
        if all(p is not None and len(p) == 2 for p in nested):
            return tuple((p[0], p[1]) for p in nested if p is not None)
    raise Untracked(f"{layer.cls} argument {name} is not known statically")


def text(layer: Layer, name: str, default: str) -> str:
    value = param(layer, name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise Untracked(f"{layer.cls} argument {name} is not known statically")
    return value.lower()


def flag(layer: Layer, name: str, default: bool) -> bool:
    value = param(layer, name, default)
    if not isinstance(value, bool):
        raise Untracked(f"{layer.cls} argument {name} is not known statically")
    return value


def bias(layer: Layer) -> bool:
    return flag(layer, "use_bias", True)


def need_rank(layer: Layer, shape: Shape, rank: int, at_least: bool = False) -> None:
    """Keras's InputSpec check: ``expected ndim=4, found ndim=3``."""
    if len(shape) == rank or (at_least and len(shape) > rank):
        return
    wanted = f"min_ndim={rank}" if at_least else f"ndim={rank}"
    raise ShapeError(
        ErrorKind.RANK,
        f"Input 0 of layer {layer.cls} is incompatible with the layer: expected {wanted}, "
        f"found ndim={len(shape)}. Full shape received: {show_shape(shape)}",
    )


def spatial_axes(layer: Layer, rank: int) -> tuple[int, ...]:
    """The axes of ``rank`` spatial dimensions in a (batch, ...) shape under the layer's ordering."""
    first = 2 if layer.data_format == CHANNELS_FIRST else 1
    return tuple(range(first, first + rank))


def channel_axis(layer: Layer, ndim: int) -> int:
    return 1 if layer.data_format == CHANNELS_FIRST else ndim - 1


def channels(layer: Layer, shape: Shape) -> int:
    """The channel dimension, which every weighted spatial layer must know."""
    value = shape[channel_axis(layer, len(shape))]
    if value is None:
        raise ShapeError(
            ErrorKind.UNDEFINED,
            f"The channel dimension of the inputs to {layer.cls} should be defined "
            f"({layer.data_format}). Received shape {show_shape(shape)}",
        )
    return value


def with_axes(shape: Shape, axes: tuple[int, ...], values: tuple[int | None, ...]) -> Shape:
    out = list(shape)
    for axis, value in zip(axes, values, strict=True):
        out[axis] = value
    return tuple(out)


def product(dims: tuple[int, ...]) -> int:
    return math.prod(dims)


def int_tuple(value: object) -> tuple[int, ...] | None:
    """``value`` as a tuple of ints when it is a tuple or list of ints, else None."""
    if not isinstance(value, (tuple, list)):
        return None
    out: list[int] = []
    for item in value:
        if not _is_int(item):
            return None
        out.append(item)
    return tuple(out)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def declared_input(layer: Layer) -> Shape | None:
    """The input shape a layer declares (``input_shape=``, ``batch_input_shape=``, ``input_dim=``)."""
    kwargs = layer.kwargs
    for name in ("batch_input_shape", "batch_shape"):
        if isinstance(kwargs.get(name), (tuple, list)):
            return dims(kwargs[name])
    for name in ("input_shape", "shape"):
        if isinstance(kwargs.get(name), (tuple, list)):
            return (None, *dims(kwargs[name]))
    dim = kwargs.get("input_dim")
    if isinstance(dim, int) and not isinstance(dim, bool):
        return (None, dim)
    return None


def dims(value: object) -> Shape:
    """A literal shape; elements the checker cannot know become None."""
    if not isinstance(value, (tuple, list)):
        return ()
    return tuple(v if isinstance(v, int) and not isinstance(v, bool) else None for v in value)
