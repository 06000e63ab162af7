"""One entry point for every shape rule: ``apply(layer, input shapes)``.

Raises ``ShapeError`` where Keras would refuse to build the layer and
``Untracked`` where the checker cannot follow the shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kmigrate.shapes.arguments import need_rank
from kmigrate.shapes.core import CORE_RULES
from kmigrate.shapes.objects import ErrorKind, Layer, Shape, ShapeError, Untracked
from kmigrate.shapes.resampling import RESAMPLING_RULES
from kmigrate.shapes.sequence import ELEMENTWISE, RNN_GATES, bidirectional, merge, recurrent
from kmigrate.shapes.windows import WINDOW_RULES

SPATIAL_RULES = {**WINDOW_RULES, **RESAMPLING_RULES}
MERGES = frozenset((*ELEMENTWISE, "Concatenate", "Dot"))
KNOWN = frozenset(
    (*SPATIAL_RULES, *CORE_RULES, *RNN_GATES, *MERGES, "Bidirectional", "TimeDistributed")
)


@dataclass(frozen=True)
class Outcome:
    """What one layer call produces: its output shapes (several when the call returns a list)."""

    outputs: tuple[Shape, ...]
    params: int
    note: str | None = None
    multiple: bool = False


def apply(layer: Layer, inputs: Sequence[Shape], as_list: bool = False) -> Outcome:
    """The outcome of calling ``layer`` on tensors of ``inputs`` shapes (a list call when ``as_list``)."""
    if layer.cls in MERGES:
        if not as_list or not inputs:
            raise ShapeError(
                ErrorKind.MISMATCH, f"A {layer.cls} layer should be called on a list of inputs"
            )
        shape, note = merge(layer, inputs)
        return Outcome((shape,), 0, note)
    if len(inputs) != 1:
        raise Untracked(f"{layer.cls} called on a list of {len(inputs)} tensors")
    (shape,) = inputs
    if layer.cls in RNN_GATES:
        outputs, params = recurrent(layer, shape)
        return Outcome(tuple(outputs), params, multiple=len(outputs) > 1)
    if layer.cls == "Bidirectional":
        if layer.inner is None or layer.inner.cls not in RNN_GATES:
            raise Untracked("Bidirectional around a layer the checker does not know")
        inner, params = recurrent(layer.inner, shape)
        outputs, params = bidirectional(layer, inner, params)
        return Outcome(tuple(outputs), params, multiple=len(outputs) > 1)
    if layer.cls == "TimeDistributed":
        return _time_distributed(layer, shape)
    rule = SPATIAL_RULES.get(layer.cls) or CORE_RULES.get(layer.cls)
    if rule is None:
        raise Untracked(f"{layer.cls} is a layer the checker does not know")
    output, params = rule(layer, shape)
    return Outcome((output,), params)


def _time_distributed(layer: Layer, shape: Shape) -> Outcome:
    if layer.inner is None:
        raise Untracked("TimeDistributed around a layer the checker does not know")
    need_rank(layer, shape, 3, at_least=True)
    inner = apply(layer.inner, [(shape[0], *shape[2:])])
    if inner.multiple:
        raise Untracked("TimeDistributed around a layer with several outputs")
    (child,) = inner.outputs
    return Outcome(((child[0], shape[1], *child[1:]),), inner.params, inner.note)
