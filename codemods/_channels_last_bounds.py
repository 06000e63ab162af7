"""Strategy C's boundaries: channels-first data in, channels-first feature maps out.

An image input that feeds channels-first layers gets a ``Permute`` to channels
last right after it: a new first layer of a Sequential (taking over its
``input_shape``), or ``x_nhwc = Permute((2, 3, 1))(x)`` after a functional
``Input`` whose layer uses then read ``x_nhwc`` (``Model(inputs=x)`` keeps
``x``). A model whose output is a feature map gets ``Permute((3, 1, 2))``
last, so the code around it still sees channels-first tensors. Values that
leave for code kmigrate cannot follow are findings.
"""

from __future__ import annotations

import re

import libcst as cst

from codemods._channels_last_args import set_keyword
from codemods._channels_last_facts import SUFFIXES, TO_CHANNELS_FIRST, TO_CHANNELS_LAST
from codemods._channels_last_graph import Boundary, Graph, Sequential, Use, UseKind, Value
from codemods._channels_last_kinds import Kinds
from codemods._channels_last_layout import Kind
from codemods._channels_last_plan import Plan

MANUAL = "K996"


class Bounds:
    def __init__(self, plan: Plan, kinds: Kinds, graph: Graph) -> None:
        self.plan = plan
        self.kinds = kinds
        self.graph = graph
        self.taken: set[str] = set()

    def run(self) -> None:
        for value in self.graph.boundaries:
            self.boundary(value)
        for sequential in self.graph.sequentials:
            self.sequential_output(sequential)
        for value in self.graph.used.values():
            self.uses(value)

    # -- inputs ---------------------------------------------------------------------------
    def boundary(self, value: Value) -> None:
        boundary = value.boundary
        assert boundary is not None
        rank = self.kinds.feeds(value)
        if rank is None:
            if boundary.rank in (4, 5) and any(u.kind in (UseKind.ESCAPE, UseKind.RESULT) for u in value.uses):
                self.finding(boundary, "kmigrate cannot tell whether this image input reaches channels-first layers: if it does, put Permute((2, 3, 1)) after it")
            return
        if boundary.rank is not None and boundary.rank != rank:
            self.finding(boundary, f"this input has rank {boundary.rank} but feeds {rank}D channels-first layers: check its shape")
            return
        dims = TO_CHANNELS_LAST[rank]
        entry = boundary.entry
        if boundary.form == "functional":
            self.functional(boundary, value, rank)
        elif entry is None:
            return
        elif entry.element is not None:
            extra = self.moved_shape(boundary)
            self.plan.insert_element(entry.element, self.plan.permute(dims, *extra), after=boundary.form == "input")
        elif entry.nested or not _alone(entry.statement) or entry.receiver is None:
            self.finding(boundary, "the data enters this model channels first: add Permute((2, 3, 1)) as its first layer")
        else:
            assert entry.statement is not None
            extra = self.moved_shape(boundary)
            line = self.plan.add_line(entry.receiver, self.plan.permute(dims, *extra))
            self.plan.insert(entry.statement, line, after=boundary.form == "input")

    def moved_shape(self, boundary: Boundary) -> list[cst.Arg]:
        """The first layer's input_shape, moved to the Permute that now comes first."""
        arg = boundary.shape_arg
        if boundary.form != "layer" or arg is None or boundary.call is None:
            return []
        name = arg.keyword.value if arg.keyword is not None else "input_shape"
        self.plan.edit_call(boundary.call, set_keyword(name, None))
        return [arg.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=cst.SimpleWhitespace(""))]

    def functional(self, boundary: Boundary, value: Value, rank: int) -> None:
        if boundary.name is None or not _alone(boundary.statement) or boundary.nested:
            self.finding(boundary, "assign this image Input to a name on its own line: its layers must read Permute((2, 3, 1))(input)")
            return
        assert boundary.statement is not None
        name = self.fresh(boundary.name + SUFFIXES[rank])
        permuted = cst.Call(func=self.plan.permute(TO_CHANNELS_LAST[rank]), args=[cst.Arg(cst.Name(boundary.name))])
        line = cst.SimpleStatementLine(body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(name))], value=permuted)])
        self.plan.insert(boundary.statement, line, after=True)
        for use in value.uses:
            if use.kind in (UseKind.LAYER, UseKind.ARG) and isinstance(use.node, cst.Name):
                self.plan.rename(use.node, name)
            elif not _to_model(use) and use.kind in (UseKind.ESCAPE, UseKind.RESULT):
                message = f"{boundary.name} is still channels first here: pass {name} if this code applies the model's layers"
                self.plan.finding(MANUAL, message, use.statement)

    def fresh(self, name: str) -> str:
        text = self.plan.ctx.text
        candidate, n = name, 1
        while candidate in self.taken or re.search(rf"\b{re.escape(candidate)}\b", text):
            n += 1
            candidate = f"{name}{n}"
        self.taken.add(candidate)
        return candidate

    def finding(self, boundary: Boundary, message: str) -> None:
        self.plan.finding(MANUAL, message, boundary.statement, boundary.record)

    # -- outputs and escapes --------------------------------------------------------------
    def sequential_output(self, sequential: Sequential) -> None:
        layout = self.kinds.layout(sequential.current)
        entry = sequential.last
        if entry is None:
            return
        if layout.kind is Kind.TAINTED:
            self.plan.finding(MANUAL, "kmigrate cannot tell whether this model outputs a feature map: if it does, add Permute((3, 1, 2)) last", entry.statement)
            return
        if layout.kind is not Kind.FM or layout.rank is None:
            return
        back = self.plan.permute(TO_CHANNELS_FIRST[layout.rank])
        receiver = sequential.receiver or entry.receiver
        if entry.element is not None and sequential.receiver is None:
            self.plan.insert_element(entry.element, back, after=True)
        elif receiver is not None and entry.statement is not None:
            self.plan.insert(entry.statement, self.plan.add_line(receiver, back), after=True)

    def uses(self, value: Value) -> None:
        layout = self.kinds.layout(value)
        if value.boundary is not None:
            return  # inputs are handled above
        for use in value.uses:
            if use.kind is UseKind.OUTPUT:
                self.output(value, use.node, use.statement, layout.kind, layout.rank)
            elif use.kind in (UseKind.ESCAPE, UseKind.MODEL, UseKind.RESULT) and layout.kind in (Kind.FM, Kind.EXTERNAL):
                what = "a model: models take channels-first input now, pass Permute((3, 1, 2))(x)" if _to_model(use) else "code kmigrate cannot follow: check what it expects"
                self.plan.finding(MANUAL, f"a channels-last feature map (batch, H, W, C) goes to {use.callee or 'a call'} here, {what}", use.statement)

    def output(self, value: Value, node: cst.BaseExpression, statement: cst.CSTNode | None, kind: Kind, rank: int | None) -> None:
        if kind is Kind.FM and rank is not None:
            back = self.plan.permute(TO_CHANNELS_FIRST[rank])
            self.plan.wrap(node, lambda expr: cst.Call(func=back, args=[cst.Arg(expr)]))
        elif kind in (Kind.TAINTED, Kind.EXTERNAL) or (kind is Kind.FM and rank is None):
            self.plan.finding(MANUAL, "kmigrate cannot tell whether this model output is a feature map: if it is, wrap it in Permute((3, 1, 2))", statement)



def _to_model(use: Use) -> bool:
    """The value goes into a model (built by this file's boundary rules to take channels first)."""
    if use.kind is UseKind.MODEL:
        return True
    return use.kind is UseKind.RESULT and use.function is not None and use.function.returns_model


def _alone(statement: cst.CSTNode | None) -> bool:
    """A line holding one statement: lines can be inserted next to it."""
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
