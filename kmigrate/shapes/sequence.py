"""Shape rules of recurrent layers and of merges (Keras 3.15).

Merges: ``Concatenate`` needs equal shapes except on its axis (``None``
matches anything); ``Add``/``Subtract``/``Multiply``/``Average``/``Maximum``/
``Minimum`` broadcast size-1 dimensions, where Keras 1's ``merge(mode='sum')``
required equal shapes (spec 12.5): the step then carries a note.
"""

from __future__ import annotations

from collections.abc import Sequence

from kmigrate.shapes.arguments import flag, int_tuple, integer, need_rank
from kmigrate.shapes.objects import Dim, ErrorKind, Layer, Shape, ShapeError, Untracked, show_shape
from kmigrate.shapes.signatures import param

RNN_GATES = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}
ELEMENTWISE = ("Add", "Average", "Maximum", "Minimum", "Multiply", "Subtract")


def recurrent(layer: Layer, shape: Shape) -> tuple[list[Shape], int]:
    """The output (and with return_state the states) of SimpleRNN/GRU/LSTM, and the weight count."""
    need_rank(layer, shape, 3)
    units = integer(layer, "units")
    features = shape[-1]
    if features is None:
        raise ShapeError(
            ErrorKind.UNDEFINED,
            f"The feature dimension of the input to {layer.cls} should be defined",
        )
    gates = RNN_GATES[layer.cls]
    params = gates * units * (features + units)
    if flag(layer, "use_bias", True):
        two_biases = layer.cls == "GRU" and flag(layer, "reset_after", True)
        params += gates * units * (2 if two_biases else 1)
    batch = shape[0]
    output: Shape = (
        (batch, shape[1], units) if flag(layer, "return_sequences", False) else (batch, units)
    )
    outputs = [output]
    if flag(layer, "return_state", False):
        outputs += [(batch, units)] * (2 if layer.cls == "LSTM" else 1)
    return outputs, params


def bidirectional(layer: Layer, inner: list[Shape], inner_params: int) -> tuple[list[Shape], int]:
    mode = param(layer, "merge_mode", "concat")
    if len(inner) > 1:
        raise Untracked("Bidirectional with return_state=True")
    (shape,) = inner
    if mode == "concat":
        last = shape[-1]
        return [(*shape[:-1], None if last is None else 2 * last)], 2 * inner_params
    if mode in ("sum", "mul", "ave"):
        return [shape], 2 * inner_params
    if mode is None:
        return [shape, shape], 2 * inner_params
    raise Untracked(f"Bidirectional merge_mode={mode!r}")


def merge(layer: Layer, shapes: Sequence[Shape]) -> tuple[Shape, str | None]:
    """The output of a merge layer and, when Keras 3 broadcast, a note saying Keras 1 did not."""
    if layer.cls == "Concatenate":
        return concatenate(layer, shapes), None
    if layer.cls == "Dot":
        return dot(layer, shapes), None
    if layer.cls == "Subtract" and len(shapes) != 2:
        raise ShapeError(
            ErrorKind.MISMATCH, "A `Subtract` layer should be called on exactly 2 inputs"
        )
    batches = {s[0] for s in shapes} - {None}
    if len(batches) > 1:
        raise ShapeError(
            ErrorKind.MISMATCH, f"Cannot merge tensors with different batch sizes: {shapes}"
        )
    out: tuple[Dim, ...] = shapes[0][1:]
    for shape in shapes[1:]:
        out = _broadcast(out, shape[1:], shapes)
    note = None
    if len({s[1:] for s in shapes}) > 1:
        shown = " and ".join(show_shape(s) for s in shapes)
        note = f"Keras 3 broadcasts {shown} to {show_shape((shapes[0][0], *out))}; Keras 1 required equal shapes"
    return (next(iter(batches)) if batches else None, *out), note


def _broadcast(a: tuple[Dim, ...], b: tuple[Dim, ...], shapes: Sequence[Shape]) -> tuple[Dim, ...]:
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return a
    out = list(a[: len(a) - len(b)])
    for i, j in zip(a[len(a) - len(b) :], b, strict=True):
        if i is None or j is None:
            out.append(None)
        elif i == 1 or j == 1:
            out.append(j if i == 1 else i)
        elif i != j:
            raise ShapeError(
                ErrorKind.MISMATCH,
                "Inputs have incompatible shapes. Received shapes "
                + " and ".join(show_shape(s) for s in shapes),
            )
        else:
            out.append(i)
    return tuple(out)


def concatenate(layer: Layer, shapes: Sequence[Shape]) -> Shape:
    axis = param(layer, "axis", -1)
    if not isinstance(axis, int):
        raise Untracked("Concatenate axis is not known statically")
    message = (
        "A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. "
        "Received: input_shape=[" + ", ".join(show_shape(s) for s in shapes) + "]"
    )
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes) or not -rank <= axis < rank:
        raise ShapeError(ErrorKind.MISMATCH, message)
    for position in range(rank):
        if position == axis % rank:
            continue
        if len({s[position] for s in shapes} - {None}) > 1:
            raise ShapeError(ErrorKind.MISMATCH, message, size=position)
    total: Dim = 0
    for shape in shapes:
        dim = shape[axis]
        total = None if total is None or dim is None else total + dim
    out = list(shapes[0])
    out[axis] = total
    return tuple(out)


def dot(layer: Layer, shapes: Sequence[Shape]) -> Shape:
    if len(shapes) != 2:
        raise ShapeError(ErrorKind.MISMATCH, "A `Dot` layer should be called on a list of 2 inputs")
    first, second = shapes
    value = param(layer, "axes", -1)
    axes = (value, value) if isinstance(value, int) else int_tuple(value)
    if axes is None or len(axes) != 2:
        raise Untracked("Dot axes are not known statically")
    a, b = axes[0] % len(first), axes[1] % len(second)
    if first[a] != second[b]:
        raise ShapeError(
            ErrorKind.MISMATCH,
            f"Incompatible input shapes: axis values {first[a]} (at axis {a}) != {second[b]} (at axis {b}). "
            f"Full input shapes: {show_shape(first)}, {show_shape(second)}",
        )
    out = [d for i, d in enumerate(first) if i != a] + [
        d for i, d in enumerate(second) if i not in (b, 0)
    ]
    return tuple(out) if len(out) > 1 else (*out, 1)
