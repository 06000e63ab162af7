"""Which values are feature maps once the file computes channels last.

Two questions about the graph ``_channels_last_walk`` built:

- does a value *feed* a channels-first 2D/3D layer (directly, or through
  layers that keep the layout: activations, dropout, BatchNormalization,
  merges, Lambda, this file's own layer classes, or a parameter of this file's
  functions that does)? An image input that does gets the boundary Permute,
  and a ``Reshape`` that does makes a feature map;
- what layout does each value have? Parameters of this file's functions take
  the join of what their call sites pass, so the layouts are computed again
  until the parameters stop changing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from codemods._channels_last_facts import GLOBAL_POOLING, SPATIAL_RANKS
from codemods._channels_last_graph import Application, Graph, Origin, UseKind, Value
from codemods._channels_last_layout import (
    MAPPED,
    NONE,
    OTHER,
    TAINTED,
    UNKNOWN,
    Kind,
    Layout,
    combine,
    keeps_layout,
)

_ROUNDS = 8


class Kinds:
    def __init__(self, graph: Graph, is_th: Callable[[Application], bool]) -> None:
        self.graph = graph
        self.is_th = is_th
        self._feeds: dict[int, int | None] = {}
        self._memo: dict[int, Layout] = {}
        self._params: dict[int, Layout] = {}
        self._solve()

    def feeds(self, value: Value) -> int | None:
        """The rank of the channels-first spatial layer reached from ``value``, if one is."""
        key = id(value)
        if key in self._feeds:
            return self._feeds[key]
        self._feeds[key] = None  # cycles: not (yet) proven
        found: int | None = None
        for use in value.uses:
            app, function = use.app, use.function
            if app is not None and app.layer in SPATIAL_RANKS and self.is_th(app):
                found = SPATIAL_RANKS[app.layer]
            elif app is not None and keeps_layout(app):
                found = self.feeds(app.output)
            elif use.kind is UseKind.ARG and function is not None and use.index < len(function.values):
                found = self.feeds(function.values[use.index])
            if found:
                break
        self._feeds[key] = found
        return found

    def _solve(self) -> None:
        for _ in range(_ROUNDS):
            self._memo = {}
            params: dict[int, Layout] = {}
            for function in self.graph.functions:
                for i, param in enumerate(function.values):
                    layout = NONE if function.calls else Layout(Kind.EXTERNAL)
                    for call in function.calls:
                        if i in call:
                            layout = layout.join(self.layout(call[i]))
                    params[id(param)] = layout
            if params == self._params:
                return
            self._params = params
        self._memo = {}

    def layout(self, value: Value) -> Layout:
        key = id(value)
        if key not in self._memo:
            self._memo[key] = NONE  # cycles
            self._memo[key] = self._layout(value)
        return self._memo[key]

    def _layout(self, value: Value) -> Layout:
        origin, function = value.origin, value.function
        if origin is Origin.INPUT:
            rank = self.feeds(value)
            return Layout(Kind.FM, rank) if rank else OTHER
        if origin is Origin.APPLY and value.app is not None:
            return self.transfer(value.app, [self.layout(v) for v in value.app.operands])
        if origin is Origin.PARAM:
            return self._params.get(id(value), NONE)
        if origin is Origin.RETURN and function is not None:
            result = NONE
            for returned in function.returns:
                result = result.join(self.layout(returned))
            return result
        if origin is Origin.PARAM_END and function is not None:
            end = function.ends.get(value.index, value.passed)
            return self.layout(end) if end is not None else UNKNOWN
        return Layout(Kind.EMPTY) if origin is Origin.EMPTY else UNKNOWN

    def transfer(self, app: Application, ins: Sequence[Layout]) -> Layout:
        """The layout of a layer's output, given its operands' layouts."""
        if ins and all(layout.kind is Kind.NONE for layout in ins):
            return NONE
        mapped = any(layout.kind in (*MAPPED, Kind.TAINTED) for layout in ins)
        if app.layer in SPATIAL_RANKS:
            if not self.is_th(app):
                return TAINTED if mapped else OTHER
            return OTHER if app.layer in GLOBAL_POOLING else Layout(Kind.FM, SPATIAL_RANKS[app.layer])
        if app.layer == "Reshape":
            rank = None if mapped else self.feeds(app.output)
            return TAINTED if mapped else Layout(Kind.FM, rank) if rank else OTHER
        if app.layer == "Flatten":
            return OTHER
        if keeps_layout(app):
            return combine(ins)
        return TAINTED if mapped else OTHER
