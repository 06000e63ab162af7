"""Layouts: what strategy C knows about a tensor, and how layers pass it on."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from codemods._args import literal_string
from codemods._channels_last_args import argument
from codemods._channels_last_facts import (
    CONCATENATIONS,
    ELEMENTWISE_MERGES,
    ELEMENTWISE_MODES,
    MERGE_CALLS,
    PASSTHROUGH,
)
from codemods._channels_last_graph import Application


class Kind(enum.Enum):
    NONE = "none"  # nothing known yet (fixpoint bottom)
    EMPTY = "empty"  # a Sequential with no layer yet
    FM = "feature map"  # a feature map that is channels last after the rewrite
    OTHER = "other"  # not a converted feature map: axis constants keep their meaning
    EXTERNAL = "external"  # a parameter of a function this file never calls
    TAINTED = "tainted"  # made from a feature map in a way kmigrate cannot follow (a finding says so)
    UNKNOWN = "unknown"


MAPPED = (Kind.FM, Kind.EXTERNAL)


@dataclass(frozen=True)
class Layout:
    kind: Kind
    rank: int | None = None

    def join(self, other: Layout) -> Layout:
        if self.kind is Kind.NONE:
            return other
        if other.kind is Kind.NONE or other == self:
            return self
        if self.kind is other.kind and self.kind is not Kind.FM:
            return Layout(self.kind)
        return Layout(Kind.UNKNOWN)


NONE = Layout(Kind.NONE)
OTHER = Layout(Kind.OTHER)
UNKNOWN = Layout(Kind.UNKNOWN)
TAINTED = Layout(Kind.TAINTED)

_KEEP_LAYOUT = PASSTHROUGH | {"Activation", "BatchNormalization", "Lambda", "PReLU", "SpatialDropout1D"}


def merge_kind(app: Application) -> str | None:
    """"concat", "elementwise" or "other" for merges (functions, layers, Keras 1 merge)."""
    if app.layer in CONCATENATIONS:
        return "concat"
    if app.layer in ELEMENTWISE_MERGES:
        return "elementwise"
    if app.layer in MERGE_CALLS and app.record is not None:
        mode = argument(app.record.original, "mode", position=1 if app.layer == "merge" else None)
        name = "sum" if mode is None else literal_string(mode.value)
        if name == "concat":
            return "concat"
        return "elementwise" if name in ELEMENTWISE_MODES else "other"
    if app.layer in ("Dot", "dot"):
        return "other"
    return None


def keeps_layout(app: Application) -> bool:
    """The output has the input's layout (this file's own layer classes are assumed to)."""
    if app.record is None or app.layer in _KEEP_LAYOUT:
        return True
    return merge_kind(app) in ("concat", "elementwise")


def combine(ins: Sequence[Layout]) -> Layout:
    """The layout out of a layer that keeps its operands' layout (merges take several)."""
    known = [layout for layout in ins if layout.kind is not Kind.NONE]
    if known and all(layout.kind in MAPPED for layout in known):
        ranks = {layout.rank for layout in known if layout.kind is Kind.FM}
        if not ranks:
            return Layout(Kind.EXTERNAL)
        return Layout(Kind.FM, ranks.pop()) if len(ranks) == 1 else TAINTED
    result = NONE
    for layout in known:
        result = result.join(layout)
    mapped = any(layout.kind in (*MAPPED, Kind.TAINTED) for layout in known)
    return TAINTED if mapped and result.kind is not Kind.FM else result
