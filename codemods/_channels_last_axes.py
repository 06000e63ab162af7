"""Strategy C's axis rules on feature maps (spec §11.4.1, §11.4.4, §11.4.6, §11.4.9).

A channels-first axis maps to channels last exactly: the channel axis 1
becomes -1, the others move one place left. ``BatchNormalization(axis=1)``
loses its axis (the default is -1), concatenations get the mapped axis,
``PReLU(shared_axes=[2, 3])`` becomes ``[1, 2]``, and a ``Reshape((C, H, W))``
that makes a feature map becomes ``Reshape((H, W, C))``.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from codemods._args import literal_int
from codemods._channels_last_args import argument, int_node, set_argument, set_keyword
from codemods._channels_last_facts import channels_last_axis
from codemods._channels_last_graph import Application
from codemods._channels_last_kinds import Kinds
from codemods._channels_last_layout import MAPPED, Kind, Layout
from codemods._channels_last_plan import Plan

WEIGHTS = "K956"
UNPROVEN = "K958"
MANUAL = "K996"

_WIDTH = (
    "BatchNormalization normalised the last axis, the width of the channels-first map (Keras 1's "
    "default axis=-1): kept as axis={axis}; per-channel normalisation, probably what was meant, is axis=-1"
)


class Axes:
    def __init__(self, plan: Plan, kinds: Kinds, weights: bool) -> None:
        self.plan = plan
        self.kinds = kinds
        self.weights = weights

    def finding(self, code: str, app: Application, message: str) -> None:
        self.plan.finding(code, message, app.statement, app.record)

    @staticmethod
    def axis(axis: int | None, layout: Layout) -> int | None:
        if axis is None:
            return None
        if layout.rank is None:
            return -1 if axis == 1 else None
        return channels_last_axis(axis, layout.rank)

    def batch_norm(self, app: Application, call: cst.Call, first: Layout) -> None:
        given = argument(call, "axis", position=0)
        axis = -1 if given is None else literal_int(given.value)
        if first.kind not in MAPPED:
            if first.kind is Kind.UNKNOWN and axis == 1:
                self.finding(MANUAL, app, "kmigrate cannot tell whether BatchNormalization(axis=1) sees a feature map: a feature map's channel axis is -1 now")
            return
        new = self.axis(axis, first)
        if new is None:
            self.finding(MANUAL, app, "BatchNormalization on a feature map: set its axis for (batch, H, W, C)")
        elif new == -1 and (given is None or given.keyword is not None):
            self.plan.edit_call(call, set_keyword("axis", None))
        else:
            self.plan.edit_call(call, set_argument("axis", 0, int_node(new)))
            if axis is not None and first.rank is not None and axis % first.rank == first.rank - 1:
                self.finding(MANUAL, app, _WIDTH.format(axis=new))

    def concat(self, app: Application, call: cst.Call, ins: Sequence[Layout]) -> None:
        known = [i for i in ins if i.kind is not Kind.NONE]
        if not any(i.kind in MAPPED for i in known):
            return
        if not all(i.kind in MAPPED for i in known):
            self.finding(MANUAL, app, f"{app.layer} joins channels-last feature maps with tensors kmigrate cannot follow: check the axis")
            return
        ranks = {i.rank for i in known if i.rank is not None}
        position = 0 if app.layer == "Concatenate" else None
        given = argument(call, "axis", position=position)
        axis = -1 if given is None else literal_int(given.value)
        new = self.axis(axis, Layout(Kind.FM, ranks.pop() if len(ranks) == 1 else None))
        if new is None:
            self.finding(MANUAL, app, f"{app.layer} of feature maps: set its axis for (batch, H, W, C) (channels: -1)")
        else:
            self.plan.edit_call(call, set_argument("axis", position, int_node(new)))

    def prelu(self, app: Application, call: cst.Call, first: Layout) -> None:
        shared = argument(call, "shared_axes")
        if shared is None:
            if self.weights:
                self.finding(WEIGHTS, app, "PReLU's slopes have shape (C, H, W) in Keras 1 weights and (H, W, C) now: transpose them when loading")
            return
        value = shared.value
        elements = list(value.elements) if isinstance(value, cst.List | cst.Tuple) else []
        mapped = [self.axis(literal_int(e.value), first) for e in elements]
        if not elements or first.rank is None or any(a is None for a in mapped):
            self.finding(MANUAL, app, "PReLU(shared_axes=...) on a feature map: give the axes of (batch, H, W, C)")
            return
        rank = first.rank
        new = [e.with_changes(value=int_node(a % rank)) for e, a in zip(elements, mapped, strict=True) if a is not None]
        assert isinstance(value, cst.List | cst.Tuple)
        self.plan.edit_call(call, set_keyword("shared_axes", value.with_changes(elements=new)))

    def reshape(self, app: Application, call: cst.Call, mapped: bool) -> None:
        if mapped:
            self.finding(UNPROVEN, app, "Reshape of a feature map: its elements are in (H, W, C) order now, not (C, H, W): rewrite the target by hand")
            return
        out = self.kinds.layout(app.output)
        if out.kind is not Kind.FM or out.rank is None:
            return
        target = argument(call, "target_shape", position=0)
        value = target.value if target is not None else None
        if not isinstance(value, cst.Tuple | cst.List) or len(value.elements) != out.rank - 1:
            self.finding(UNPROVEN, app, "this Reshape makes a feature map for channels-last layers: its target must be (H, W, C) now")
            return
        elements = list(value.elements)  # (C, H, W) -> (H, W, C), each slot keeping its comma
        turned = [e.with_changes(value=r.value) for e, r in zip(elements, elements[1:] + elements[:1], strict=True)]
        self.plan.edit_call(call, set_argument("target_shape", 0, value.with_changes(elements=turned)))
        if self.weights:
            self.finding(WEIGHTS, app, (
                "the values reshaped here are read as (H, W, C) now, not (C, H, W): when loading Keras 1 weights, reorder "
                "the outputs of the layer before (Dense kernel k: k.reshape(n, C, H, W).transpose(0, 2, 3, 1).reshape(n, -1), and its bias)"
            ))
