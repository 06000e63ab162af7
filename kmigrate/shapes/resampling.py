"""Shape rules of global pooling, zero padding, cropping and upsampling (Keras 3.15).

Padding and cropping amounts are spatial-only; cropping a dimension to
nothing fails ("Values in `cropping` argument should be smaller than the
corresponding spatial dimension of the input", spec 12.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from kmigrate.shapes.arguments import (
    Rule,
    channel_axis,
    flag,
    ints,
    need_rank,
    pairs,
    spatial_axes,
    with_axes,
)
from kmigrate.shapes.objects import Dim, ErrorKind, Layer, Shape, ShapeError, show_shape


def global_pooling(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        axis = channel_axis(layer, len(shape))
        if flag(layer, "keepdims", False):
            return with_axes(shape, spatial_axes(layer, rank), (1,) * rank), 0
        return (shape[0], shape[axis]), 0

    return rule


def zero_padding(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        amounts = pairs(layer, "padding", rank, 1)
        axes = spatial_axes(layer, rank)
        out = tuple(_plus(shape[a], sum(p)) for a, p in zip(axes, amounts, strict=True))
        return with_axes(shape, axes, out), 0

    return rule


def cropping(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        amounts = pairs(layer, "cropping", rank, 1 if rank != 2 else 0)
        axes = spatial_axes(layer, rank) if rank > 1 else (1,)
        out: list[Dim] = []
        for axis, crop in zip(axes, amounts, strict=True):
            size = shape[axis]
            if size is not None and size - sum(crop) <= 0:
                raise ShapeError(
                    ErrorKind.NON_POSITIVE,
                    f"Values in `cropping` argument should be smaller than the corresponding spatial "
                    f"dimension of the input. Received: input_shape={show_shape(shape)}, cropping={amounts}",
                    size=size,
                )
            out.append(None if size is None else size - sum(crop))
        return with_axes(shape, axes, tuple(out)), 0

    return rule


def upsampling(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        factors = ints(layer, "size", rank, 2)
        axes = spatial_axes(layer, rank) if rank > 1 else (1,)
        out = tuple(_times(shape[a], f) for a, f in zip(axes, factors, strict=True))
        return with_axes(shape, axes, out), 0

    return rule


def _plus(dim: Dim, amount: int) -> Dim:
    return None if dim is None else dim + amount


def _times(dim: Dim, factor: int) -> Dim:
    return None if dim is None else dim * factor


RESAMPLING_RULES: Final[Mapping[str, Rule]] = {
    **{
        f"Global{kind}Pooling{r}D": global_pooling(r)
        for kind in ("Max", "Average")
        for r in (1, 2, 3)
    },
    **{f"ZeroPadding{r}D": zero_padding(r) for r in (1, 2, 3)},
    **{f"Cropping{r}D": cropping(r) for r in (1, 2, 3)},
    **{f"UpSampling{r}D": upsampling(r) for r in (1, 2, 3)},
}
