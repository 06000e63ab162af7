"""Shape rules of sliding windows: convolutions (plain, separable, depthwise, transposed) and pooling.

They follow Keras 3.15 (``keras/src/ops/operation_utils.py``
``compute_conv_output_shape`` and ``compute_pooling_output_shape``,
``backend/common/backend_utils.py`` ``compute_conv_transpose_output_shape``).
A 'valid' window of (effective) size k over a dimension n gives
``(n - k) // stride + 1``, and Keras refuses any result <= 0 ("Computed
output size would be zero or negative"), exactly when TensorFlow 1 said
"Negative dimension size caused by subtracting k from n".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from kmigrate.shapes.arguments import (
    Rule,
    bias,
    channel_axis,
    channels,
    ints,
    need_rank,
    product,
    spatial_axes,
    text,
    with_axes,
)
from kmigrate.shapes.objects import Dim, ErrorKind, Layer, Shape, ShapeError, Untracked, show_shape
from kmigrate.shapes.signatures import param


def _window(
    layer: Layer,
    shape: Shape,
    rank: int,
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    dilation: tuple[int, ...],
    padding: str,
    op: str,
) -> Shape:
    """The spatial output of a sliding window (convolution or pooling)."""
    if padding not in ("valid", "same", "causal"):
        raise Untracked(f"{layer.cls} padding={padding!r} is not one the checker knows")
    axes = spatial_axes(layer, rank)
    out: list[Dim] = []
    for axis, k, s, d in zip(axes, kernel, strides, dilation, strict=True):
        size = shape[axis]
        effective = d * (k - 1) + 1
        if size is None:
            out.append(None)
        elif padding == "valid":
            value = (size - effective) // s + 1
            if value <= 0:
                raise ShapeError(
                    ErrorKind.NON_POSITIVE,
                    f"Computed output size would be zero or negative. Received inputs shape="
                    f"{show_shape(shape)}, window={kernel}, strides={strides}, padding='valid'",
                    window=tuple(
                        d_ * (k_ - 1) + 1 for k_, d_ in zip(kernel, dilation, strict=True)
                    ),
                    size=size,
                    subtracted=effective,
                    op=op,
                )
            out.append(value)
        else:
            out.append((size - 1) // s + 1)
    return with_axes(shape, axes, tuple(out))


def _conv_window(layer: Layer, shape: Shape, rank: int, kernel: tuple[int, ...], op: str) -> Shape:
    """``_window`` with a convolution's own strides, dilation and padding."""
    strides = ints(layer, "strides", rank, 1)
    dilation = ints(layer, "dilation_rate", rank, 1)
    return _window(layer, shape, rank, kernel, strides, dilation, text(layer, "padding", "valid"), op)


def _with_channels(layer: Layer, shape: Shape, value: int) -> Shape:
    return with_axes(shape, (channel_axis(layer, len(shape)),), (value,))


def conv(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        cin = channels(layer, shape)
        filters = ints(layer, "filters", 1)[0]
        groups = ints(layer, "groups", 1, 1)[0]
        kernel = ints(layer, "kernel_size", rank)
        spatial = _conv_window(layer, shape, rank, kernel, "Conv3D" if rank == 3 else "Conv2D")
        if cin % groups:
            raise ShapeError(
                ErrorKind.MISMATCH, f"{cin} input channels are not divisible by groups={groups}"
            )
        params = product(kernel) * (cin // groups) * filters + (filters if bias(layer) else 0)
        return _with_channels(layer, spatial, filters), params

    return rule


def separable(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        cin = channels(layer, shape)
        filters = ints(layer, "filters", 1)[0]
        multiplier = ints(layer, "depth_multiplier", 1, 1)[0]
        kernel = ints(layer, "kernel_size", rank)
        spatial = _conv_window(layer, shape, rank, kernel, "DepthwiseConv2dNative")
        params = product(kernel) * cin * multiplier + cin * multiplier * filters
        return _with_channels(layer, spatial, filters), params + (filters if bias(layer) else 0)

    return rule


def depthwise(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        cin = channels(layer, shape)
        multiplier = ints(layer, "depth_multiplier", 1, 1)[0]
        kernel = ints(layer, "kernel_size", rank)
        spatial = _conv_window(layer, shape, rank, kernel, "DepthwiseConv2dNative")
        out = cin * multiplier
        return _with_channels(layer, spatial, out), product(kernel) * out + (
            out if bias(layer) else 0
        )

    return rule


def transpose(rank: int) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        cin = channels(layer, shape)
        filters = ints(layer, "filters", 1)[0]
        kernel = ints(layer, "kernel_size", rank)
        strides = ints(layer, "strides", rank, 1)
        dilation = ints(layer, "dilation_rate", rank, 1)
        padding = text(layer, "padding", "valid")
        extra = None if _unset(layer, "output_padding") else ints(layer, "output_padding", rank)
        axes = spatial_axes(layer, rank)
        out: list[Dim] = []
        for i, axis in enumerate(axes):
            size = shape[axis]
            k = (kernel[i] - 1) * dilation[i] + 1
            s = strides[i]
            if size is None:
                out.append(None)
            elif extra is None:
                out.append((size - 1) * s + max(k, s) if padding == "valid" else size * s)
            else:
                out.append((size - 1) * s + (k if padding == "valid" else k % 2) + extra[i])
        params = product(kernel) * cin * filters + (filters if bias(layer) else 0)
        return _with_channels(layer, with_axes(shape, axes, tuple(out)), filters), params

    return rule


def pooling(rank: int, op: str) -> Rule:
    def rule(layer: Layer, shape: Shape) -> tuple[Shape, int]:
        need_rank(layer, shape, rank + 2)
        size = ints(layer, "pool_size", rank, 2)
        strides = size if _unset(layer, "strides") else ints(layer, "strides", rank)
        spatial = _window(
            layer,
            shape,
            rank,
            size,
            strides,
            (1,) * rank,
            text(layer, "padding", "valid"),
            op + ("3D" if rank == 3 else ""),
        )
        return spatial, 0

    return rule


def _unset(layer: Layer, name: str) -> bool:
    return param(layer, name, None) is None


WINDOW_RULES: Final[Mapping[str, Rule]] = {
    **{f"Conv{r}D": conv(r) for r in (1, 2, 3)},
    **{f"SeparableConv{r}D": separable(r) for r in (1, 2)},
    **{f"DepthwiseConv{r}D": depthwise(r) for r in (1, 2)},
    **{f"Conv{r}DTranspose": transpose(r) for r in (1, 2, 3)},
    **{f"MaxPooling{r}D": pooling(r, "MaxPool") for r in (1, 2, 3)},
    **{f"AveragePooling{r}D": pooling(r, "AvgPool") for r in (1, 2, 3)},
}
