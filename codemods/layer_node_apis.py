"""Read layer shapes the Keras 3 way: ``layer.output_shape`` -> ``layer.output.shape``.

**What**
Rewrites the layer shape and node reads Keras 3 lacks:
``layer.output_shape``/``layer.input_shape`` ->
``layer.output.shape``/``layer.input.shape``,
``get_output_at(0)``/``get_input_at(0)`` -> ``output``/``input``,
``get_output_shape_at(0)``/``get_input_shape_at(0)`` ->
``output.shape``/``input.shape``. Other node indices,
``inbound_nodes``/``outbound_nodes`` reads and input-side reads on what may be
an InputLayer are reported (K942).

**Why**
Keras 3 layers have no ``output_shape``, ``input_shape``, ``get_output_at``,
``get_input_at``, ``get_output_shape_at``, ``get_input_shape_at``,
``inbound_nodes`` or ``outbound_nodes`` (AttributeError); the symbolic tensors
``layer.output`` and ``layer.input`` (those of the layer's first call) remain,
and their ``shape`` is the tuple Keras 1 gave, batch axis ``None`` included.
Models keep ``output_shape`` and ``input_shape`` (spec §6.20, §10.25).

**Example**
Before::

    print(model.layers[-1].output_shape)
    for layer in model.layers:
        print(layer.name, layer.input_shape)
    features = conv.get_output_at(0)

After::

    print(model.layers[-1].output.shape)
    for layer in model.layers:
        # kmigrate: K942 review: Keras 3 gives an InputLayer no input ...
        print(layer.name, layer.input.shape)
    features = conv.output

**Safety**
Review. Shape attributes are rewritten only on proven layers:
``<model>.layers[i]``, ``<model>.get_layer(...)``, a name a ``for`` loop or a
comprehension takes from ``<model>.layers`` (``<model>`` assigned a Keras
model in the file), or a name assigned a Keras layer constructor call or one
of these forms in the same function and bound nowhere else; ``args.input_shape`` or a user class's
``output_shape`` are left alone, as are models and assignments. The
``get_*_at`` methods are Keras-only names and are rewritten on any receiver
for node 0. K942 marks other node indices and ``inbound_nodes`` /
``outbound_nodes`` reads (keep the tensor each call of a shared layer
returns instead), and input-side rewrites on a layer that may be an
InputLayer (whose ``input`` is ``[]`` in Keras 3; Keras 1 gave its shape) or a
merge layer (a list of tensors): layers of a model not proven Sequential,
``get_input_at(0)`` on a receiver not proven a one-input layer.

**Limits**
In the header of an ``if``/``while``/``for``/``with`` and in one-line suites
(``for l in model.layers: print(l.output_shape)``) only rewrites that need
no finding are made; the others stay as they are. A layer with several
outputs gives a list from ``output``. A name assigned a layer is followed
only when the file's text binds it once (without the text, only the
bindings the walk saw before the read count).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_int
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._layer_refs import layer_ref, loop_binding, loop_names, observe
from codemods._shape_reads import (
    ATTRIBUTES,
    INPUT_SIDE,
    NODE_API,
    SHARED,
    ShapeRewriter,
    attribute_reads,
    quiet,
    tensor,
)
from codemods.tables.model_apis import NODE_METHODS


class LayerNodeApis(Codemod):
    code: ClassVar[str] = "K415"
    name: ClassVar[str] = "layer_node_apis"
    summary: ClassVar[str] = "layer.output_shape -> layer.output.shape, get_output_at(0) -> output; mark node APIs"
    safety: ClassVar[Safety] = Safety.REVIEW
    # the attribute names keep the lines that read them in the walk
    methods: ClassVar[frozenset[str]] = frozenset(NODE_METHODS) | ATTRIBUTES
    statement_lines: ClassVar[bool] = True
    blocks: ClassVar[bool] = True  # for the headers of if/while/for/with and one-line suites
    # attribute reads: ".input_shape", never the input_shape= keyword every first layer has
    triggers: ClassVar[frozenset[str]] = frozenset({".output_shape", ".input_shape", "get_input", "get_output", "bound_nodes"})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.method is None or site.method not in NODE_METHODS or not isinstance(call.func, cst.Attribute):
            return call
        args = [a for a in call.args if not a.star and keyword(a) in (None, "node_index")]
        index = literal_int(args[0].value) if len(args) == 1 == len(call.args) else None
        if index != 0:
            ctx.report(NODE_API, site.original, f"Keras 3 layers have no {site.method}: {SHARED}")
            return call
        prop, shape = NODE_METHODS[site.method]
        if prop == "input":
            ref = layer_ref(call.func.value, ctx, loop_names(ctx))
            if ref is None or not ref.single_input:
                ctx.report(NODE_API, site.original, INPUT_SIDE)
        ctx.fire(self.code)
        return tensor(call.func.value, prop, shape)

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        original = ctx.current_statement
        if not isinstance(original, cst.SimpleStatementLine):
            return None
        new_line = self._rewrite(line, original, ctx)
        observe(original, ctx)
        return new_line

    def on_block(self, statements: Sequence[cst.BaseStatement], ctx: FileContext) -> Sequence[cst.BaseStatement] | None:
        if not any(isinstance(s, cst.BaseCompoundStatement) for s in statements):
            return None
        names = loop_names(ctx, ctx.current_statement) if ctx.current_statement is not None else {}
        out = [self._header(s, names, ctx) if isinstance(s, cst.BaseCompoundStatement) else s for s in statements]
        if all(a is b for a, b in zip(out, statements, strict=True)):
            return None
        ctx.fire(self.code)
        return out

    def _header(self, stmt: cst.BaseCompoundStatement, names: dict[str, str], ctx: FileContext) -> cst.BaseCompoundStatement:
        """``stmt`` with its header (and a one-line suite) rewritten where no finding is needed."""
        changes: dict[str, object] = {}
        inner = names
        if isinstance(stmt, cst.If | cst.While):
            changes["test"] = quiet(stmt.test, names, ctx)
            if isinstance(stmt, cst.If) and isinstance(stmt.orelse, cst.If):
                changes["orelse"] = self._header(stmt.orelse, names, ctx)
        elif isinstance(stmt, cst.For):
            changes["iter"] = quiet(stmt.iter, names, ctx)
            bound = loop_binding(stmt, ctx)
            inner = {**names, bound[0]: bound[1]} if bound is not None else names
        elif isinstance(stmt, cst.With):
            items = [quiet(i, names, ctx) for i in stmt.items]
            changes["items"] = stmt.items if all(a is b for a, b in zip(items, stmt.items, strict=True)) else items
        if isinstance(stmt.body, cst.SimpleStatementSuite):
            changes["body"] = quiet(stmt.body, inner, ctx)
        changed = {k: v for k, v in changes.items() if v is not getattr(stmt, k)}
        return stmt.with_changes(**changed) if changed else stmt

    def _rewrite(self, line: cst.SimpleStatementLine, original: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        if isinstance(line.body[0], cst.Import | cst.ImportFrom):
            return None
        reads: list[cst.Attribute] = []
        attribute_reads(original, reads, set())
        if not reads:
            return None
        rewriter = ShapeRewriter(ctx, loop_names(ctx))
        new = line.visit(rewriter)
        for index, message in rewriter.findings:
            ctx.report(NODE_API, reads[index] if index < len(reads) else original, message)
        if not rewriter.changed or not isinstance(new, cst.SimpleStatementLine):
            return None
        ctx.fire(self.code)
        return [new]
