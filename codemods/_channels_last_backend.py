"""Strategy C's findings for code that does its own axis arithmetic (spec §11.4.10).

A ``Lambda`` that gets a converted feature map and indexes, reduces or
reshapes it, and every backend call whose meaning depends on the channel axis
(``K.mean(x, axis=1)``, ``K.permute_dimensions``, ``K.int_shape(x)[1]``, ...)
outside loss functions, get K957: their axes were written for
(batch, C, H, W). Reading the output of a layer inside a model
(``model.layers[i].output``, ``get_layer(...).output``) gets K958: those
tensors are channels last now. The model's own outputs are permuted back, so
losses, targets and NumPy code on inputs and predictions keep their layout.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from codemods._channels_last_args import argument
from codemods._channels_last_editor import walk_calls
from codemods._channels_last_facts import BACKEND_AXIS_FUNCTIONS
from codemods._channels_last_graph import Graph, Record
from codemods._channels_last_kinds import Kinds
from codemods._channels_last_layout import MAPPED
from codemods._channels_last_plan import Plan
from codemods._resolve import dotted_name

BACKEND = "K957"
UNPROVEN = "K958"

# backend functions whose result depends on the layout whatever their arguments
_LAYOUT = frozenset(
    {
        "batch_dot", "batch_flatten", "concatenate", "flatten", "int_shape", "permute_dimensions", "reshape",
        "resize_images", "resize_volumes", "softmax", "spatial_2d_padding", "spatial_3d_padding", "transpose",
    }
)
_AXIS_KEYWORDS = frozenset({"axis", "axes", "pattern", "perm", "shape", "target_shape"})
_LAMBDA = (
    "this Lambda gets a channels-last feature map (batch, H, W, C) now; its axes, indices and output_shape "
    "were written for (batch, C, H, W): the channel axis 1 is -1 now, H and W move from 2, 3 to 1, 2"
)


def backend_findings(plan: Plan, graph: Graph, kinds: Kinds, records: Mapping[int, Record], where: Mapping[int, cst.CSTNode]) -> None:
    seen: set[int] = set()
    functions = {f.name: f.node for f in graph.functions}
    for app in graph.applications:
        if app.layer != "Lambda" or app.call is None:
            continue
        if not any(kinds.layout(v).kind in MAPPED for v in app.operands):
            continue
        function = argument(app.call, "function", position=0)
        body: cst.CSTNode | None = None
        if function is not None and isinstance(function.value, cst.Lambda):
            body = function.value
        elif function is not None and isinstance(function.value, cst.Name):
            body = functions.get(function.value.value)
        shape = argument(app.call, "output_shape", position=1)
        if body is None or axis_arithmetic(body) or (shape is not None and isinstance(shape.value, cst.Tuple | cst.List)):
            plan.finding(BACKEND, _LAMBDA, app.statement, app.record)
        if body is not None:
            seen.update(id(call) for call in walk_calls(body))
    seen_classes = _custom_layers(plan, graph, kinds)
    for record in records.values():
        backend = record.canonical.startswith("keras.backend.") and not record.in_loss
        top = plan.ctx.updated_statements.get(id(record.top))
        if id(top) in seen_classes or id(record.node) in seen:
            continue
        if backend and _backend_axis(record):
            message = (
                f"K.{record.short} with axes written for channels-first tensors (batch, C, H, W): where it gets a "
                "feature map of this model, the channel axis is -1 now and H, W are 1, 2"
            )
            plan.finding(BACKEND, message, where.get(id(record.node)), record)
    _layer_outputs(plan, where)


def _custom_layers(plan: Plan, graph: Graph, kinds: Kinds) -> set[int]:
    """K957 where this file's own layer class gets a feature map and does axis arithmetic."""
    seen: set[int] = set()
    for app in graph.applications:
        node = graph.classes.get(app.layer) if app.record is None else None
        if node is None or not any(kinds.layout(v).kind in MAPPED for v in app.operands):
            continue
        if axis_arithmetic(node):
            message = (
                f"{app.layer} gets a channels-last feature map (batch, H, W, C) now; its shapes, axes and indices "
                "were written for (batch, C, H, W): the channel axis 1 is -1 now, H and W move from 2, 3 to 1, 2"
            )
            plan.finding(BACKEND, message, app.statement)
        seen.add(id(node))
    return seen


def _backend_axis(record: Record) -> bool:
    if record.short in _LAYOUT:
        return True
    if record.short not in BACKEND_AXIS_FUNCTIONS:
        return False
    call = record.node
    positional = [a for a in call.args if a.keyword is None]
    return len(positional) > 1 or any(a.keyword is not None and a.keyword.value in _AXIS_KEYWORDS for a in call.args)


def axis_arithmetic(node: cst.CSTNode) -> bool:
    """Indexing, an axis or shape keyword, or a call of an axis-dependent function in ``node``."""
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Subscript):
            return True
        if isinstance(current, cst.Arg) and current.keyword is not None and current.keyword.value in _AXIS_KEYWORDS:
            return True
        if isinstance(current, cst.Call):
            name = (dotted_name(current.func) or "").rpartition(".")[2]
            if name in BACKEND_AXIS_FUNCTIONS or name.startswith("reduce_"):
                return True
        todo.extend(current.children)
    return False


def _layer_outputs(plan: Plan, where: Mapping[int, cst.CSTNode]) -> None:
    """``model.layers[i].output`` / ``model.get_layer(name).output``: channels last now."""
    for statement in {id(s): s for s in where.values()}.values():
        if _reads_layer_output(statement):
            message = (
                "the output of a layer inside the model is channels last now (batch, H, W, C): code that reads it "
                "as (batch, C, H, W) needs np.moveaxis(a, -1, 1) or Permute((3, 1, 2))"
            )
            plan.finding(UNPROVEN, message, statement)


def _reads_layer_output(statement: cst.CSTNode) -> bool:
    todo: list[cst.CSTNode] = [statement] if isinstance(statement, cst.SimpleStatementLine) else []
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Attribute) and current.attr.value in ("output", "outputs"):
            value = current.value
            if isinstance(value, cst.Subscript) and isinstance(value.value, cst.Attribute) and value.value.attr.value == "layers":
                return True
            if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "get_layer":
                return True
        todo.extend(current.children)
    return False
