"""Rewrite the shape reads of proven layers in a piece of code (for ``layer_node_apis``).

``ShapeRewriter`` turns ``<layer>.output_shape`` into ``<layer>.output.shape``
(``input`` likewise) wherever ``_layer_refs`` proves the receiver is a Keras
layer, never in an assignment target, and lists the findings the rewrite
needs by the position of the read among those ``attribute_reads`` finds, so
the caller can place them on the original nodes.
"""

from __future__ import annotations

from typing import TypeVar

import libcst as cst

from codemods._framework import FileContext
from codemods._layer_refs import comprehension_names, layer_ref
from codemods._walk import content_fields
from codemods.tables.model_apis import LAYER_SHAPE_ATTRIBUTES, NODE_LISTS

NODE_API = "K942"
SHARED = "keep the tensor each call of a shared layer returns (y = layer(x)) and use it (y, y.shape)"
INPUT_SIDE = (
    "review: Keras 3 gives an InputLayer no input (its input is []) and a merge layer a list: "
    "write layer.output.shape for an InputLayer, [t.shape for t in layer.input] for a merge layer"
)
ATTRIBUTES = frozenset(LAYER_SHAPE_ATTRIBUTES) | NODE_LISTS


def attribute_reads(node: cst.CSTNode, found: list[cst.Attribute], targets: set[int]) -> None:
    """Attributes named in ``ATTRIBUTES`` in post-order (the order a transformer leaves
    them). A hand-written walk over the node fields: libcst's ``children`` is far slower."""
    if isinstance(node, cst.Assign | cst.AugAssign | cst.AnnAssign | cst.Del):
        for target in node.targets if isinstance(node, cst.Assign) else [node]:
            _targets(target.target, targets)
    for name in content_fields(node):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            attribute_reads(value, found, targets)
        elif type(value) in (list, tuple):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    attribute_reads(item, found, targets)
    if type(node) is cst.Attribute and node.attr.value in ATTRIBUTES and id(node) not in targets:
        found.append(node)


def _targets(node: cst.BaseExpression, targets: set[int]) -> None:
    targets.add(id(node))
    if isinstance(node, cst.Tuple | cst.List):
        for element in node.elements:
            _targets(element.value, targets)


def tensor(value: cst.BaseExpression, prop: str, shape: bool) -> cst.BaseExpression:
    node = cst.Attribute(value=value, attr=cst.Name(prop))
    return cst.Attribute(value=node, attr=cst.Name("shape")) if shape else node


class ShapeRewriter(cst.CSTTransformer):
    def __init__(self, ctx: FileContext, loops: dict[str, str]) -> None:
        super().__init__()
        self.ctx = ctx
        self.loops = [loops]
        self.targets: set[int] = set()
        self.index = 0  # position among the attributes attribute_reads finds
        self.findings: list[tuple[int, str]] = []
        self.changed = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Assign | cst.AugAssign | cst.AnnAssign | cst.Del):
            for target in node.targets if isinstance(node, cst.Assign) else [node]:
                _targets(target.target, self.targets)
        if isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp):
            self.loops.append({**self.loops[-1], **comprehension_names(node, self.ctx)})
        return True

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        if isinstance(original_node, cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp):
            self.loops.pop()
        if not (type(original_node) is cst.Attribute and original_node.attr.value in ATTRIBUTES):
            return updated_node
        if id(original_node) in self.targets:
            return updated_node
        index, self.index = self.index, self.index + 1
        name = original_node.attr.value
        if name in NODE_LISTS:
            self.findings.append((index, f"Keras 3 layers have no {name}: {SHARED}"))
            return updated_node
        ref = layer_ref(original_node.value, self.ctx, self.loops[-1])
        if ref is None:
            return updated_node
        assert isinstance(updated_node, cst.Attribute)
        if name == "input_shape" and not ref.single_input:
            self.findings.append((index, INPUT_SIDE))
        self.changed = True
        return tensor(updated_node.value, LAYER_SHAPE_ATTRIBUTES[name], True)


_Node = TypeVar("_Node", bound=cst.CSTNode)


def quiet(node: _Node, names: dict[str, str], ctx: FileContext) -> _Node:
    """``node`` rewritten when that needs no finding (the original node of a header is
    not known here, so a finding could not be placed), else ``node`` itself."""
    reads: list[cst.Attribute] = []
    attribute_reads(node, reads, set())
    if not reads:
        return node
    rewriter = ShapeRewriter(ctx, names)
    new = node.visit(rewriter)
    if rewriter.findings or not rewriter.changed or not isinstance(new, type(node)):
        return node
    return new
