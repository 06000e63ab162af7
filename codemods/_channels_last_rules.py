"""Strategy C's layer rules: what each layer becomes once its input is channels last.

Only layers that see a converted feature map change: every channels-first
2D/3D layer gets ``data_format='channels_last'``; the axis rules are in
``_channels_last_axes``. What cannot be mapped is a finding (spec §11.4.3,
§11.4.7, §11.4.8).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from codemods._args import literal_string
from codemods._channels_last_args import argument, set_string
from codemods._channels_last_axes import MANUAL, UNPROVEN, WEIGHTS, Axes
from codemods._channels_last_facts import LAST_AXIS_LAYERS, SPATIAL_RANKS, format_position
from codemods._channels_last_graph import Application
from codemods._channels_last_kinds import Kinds
from codemods._channels_last_layout import MAPPED, Kind, Layout, keeps_layout, merge_kind
from codemods._channels_last_plan import Plan

_FLATTEN = (
    "Flatten now flattens (H, W, C) where Keras 1 flattened (C, H, W): when loading Keras 1 weights, reorder "
    "the rows of the next Dense kernel: k.reshape(C, H, W, n).transpose(1, 2, 0, 3).reshape(-1, n)"
)
_SOFTMAX = (
    "softmax over the last axis was over the width of a channels-first map; it is over the channels now "
    "(a per-pixel class softmax): check which axis was meant"
)


class Rules(Axes):
    def __init__(self, plan: Plan, kinds: Kinds, is_th: Callable[[Application], bool], weights: bool) -> None:
        super().__init__(plan, kinds, weights)
        self.is_th = is_th
        self.externals: set[int] = set()

    def run(self, apps: Sequence[Application]) -> None:
        for app in apps:
            ins = [self.kinds.layout(v) for v in app.operands]
            self.external(app, ins)
            if app.call is not None:
                self.apply(app, app.call, ins)

    def external(self, app: Application, ins: Sequence[Layout]) -> None:
        """Once per function that is never called here and gets its tensors from outside."""
        function = app.function
        if function is None or id(function) in self.externals or all(i.kind is not Kind.EXTERNAL for i in ins):
            return
        if app.layer in SPATIAL_RANKS or not keeps_layout(app) or app.layer in ("BatchNormalization", "PReLU"):
            self.externals.add(id(function))
            self.finding(MANUAL, app, (
                f"{function.name}() is not called in this file: kmigrate assumed its tensor arguments are "
                "channels-last feature maps; callers must pass (batch, H, W, C) tensors, e.g. Permute((2, 3, 1)) "
                "after a channels-first Input"
            ))

    def apply(self, app: Application, call: cst.Call, ins: Sequence[Layout]) -> None:
        layer, merge = app.layer, merge_kind(app)
        mapped = any(i.kind in MAPPED for i in ins)
        first = ins[0] if ins else Layout(Kind.UNKNOWN)
        if layer in SPATIAL_RANKS:
            self.spatial(app, call, first)
        elif layer == "BatchNormalization":
            self.batch_norm(app, call, first)
        elif merge == "concat":
            self.concat(app, call, ins)
        elif layer == "Reshape":
            self.reshape(app, call, mapped)
        elif merge == "elementwise":
            if mapped and not all(i.kind in MAPPED or i.kind is Kind.NONE for i in ins):
                self.finding(MANUAL, app, f"{layer} mixes channels-last feature maps with tensors kmigrate cannot follow: check their layouts agree")
        elif not mapped:
            return
        elif layer == "PReLU":
            self.prelu(app, call, first)
        elif layer == "Flatten":
            if self.weights:
                self.finding(WEIGHTS, app, _FLATTEN)
        elif layer == "Permute":
            self.finding(UNPROVEN, app, "Permute of a feature map: its dims were written for (C, H, W); the tensor is (H, W, C) now: recompute them")
        elif layer == "Activation":
            self.softmax(app, argument(call, "activation", position=0))
        elif layer in LAST_AXIS_LAYERS or merge == "other":
            self.finding(UNPROVEN, app, f"{layer} acts on the last axis: the width of a channels-first map, the channels now: check which axis was meant")
        elif app.record is not None and not keeps_layout(app):
            self.finding(MANUAL, app, f"{layer} gets a channels-last feature map (batch, H, W, C) now: check what it expects")

    def spatial(self, app: Application, call: cst.Call, first: Layout) -> None:
        rank = SPATIAL_RANKS[app.layer]
        if not self.is_th(app):
            if first.kind in MAPPED:
                self.finding(MANUAL, app, f"{app.layer} was channels-last in Keras 1 inside a channels-first model: check which axes it meant")
            return
        position = format_position(app.record.canonical) if app.record is not None else None
        self.plan.edit_call(call, set_string("data_format", "channels_last", position))
        self.softmax(app, argument(call, "activation"))
        if first.kind is Kind.FM and first.rank not in (rank, None):
            self.finding(MANUAL, app, f"{app.layer} takes {rank}D tensors but gets a {first.rank}D feature map: check the model")
        elif first.kind in (Kind.UNKNOWN, Kind.OTHER, Kind.NONE):
            self.finding(MANUAL, app, (
                f"{app.layer} computes channels last now and kmigrate cannot tell where its input comes from: "
                "it must be (batch, H, W, C); Permute((2, 3, 1)) turns channels-first data around"
            ))

    def softmax(self, app: Application, activation: cst.Arg | None) -> None:
        if activation is None:
            return
        name = literal_string(activation.value)
        if name == "softmax" or (name is None and app.layer == "Activation"):
            self.finding(UNPROVEN, app, _SOFTMAX)
