"""Read a Sequential model's tensors the Keras 3 way: ``model.input`` -> ``model.inputs[0]``.

**What**
Rewrites reads of ``model.input`` and ``model.output`` on a model built with
``Sequential`` in this file into ``model.inputs[0]`` and ``model.outputs[0]``.
Functional models are left alone; a Sequential model that may not be built
where it is read is reported (K949).

**Why**
A built Keras 3 ``Sequential`` model has ``inputs`` and ``outputs``, but
``model.input`` and ``model.output`` raise AttributeError ("The layer
sequential has never been called and thus has no defined input"). Keras 1
code read them for feature extractors, ``K.function([model.input], ...)`` and
gradients. Functional models keep ``input`` and ``output``.

**Example**
Before::

    model = Sequential()
    model.add(Dense(64, input_dim=784))
    features = Model(input=model.input, output=model.layers[-2].output)

After::

    model = Sequential()
    model.add(Dense(64, input_shape=(784,)))
    features = Model(inputs=model.inputs[0], outputs=model.layers[-2].output)

**Safety**
Safe: a Sequential model has one input and one output. Only reads are
rewritten (never ``model.output = ...`` or ``del``), of a name assigned
``Sequential(...)`` in this file (in the same function, or at module level and
read in a function taking no parameter of that name), once the model is
built: its first layer (in ``Sequential([...])`` or the first ``add``) is an
``Input``/``InputLayer`` or has ``input_shape``, ``batch_input_shape``,
``input_dim`` (not on an ``Embedding``: its vocabulary) or
``Embedding(input_length=)``, or ``model.build(...)`` came first. Otherwise
Keras 3 has no ``inputs`` either until the model is called: K949, no rewrite
(also for ``Sequential(layers)``, whose list is not seen).

**Limits**
Not seen: reads in ``if``/``for``/``while``/``with`` headers and lines that
name nothing Keras knows (``out = model.output``; the walk skips them), and an
``add`` in such a line (the next ``add`` then counts as the first).
``self.model`` counts only within the class that assigned it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import libcst as cst

from codemods._framework import Codemod, FileContext, Safety
from codemods._layer_refs import model_of
from codemods._sequential_facts import SequentialModel, observe, sequential_models, visible

NOT_BUILT = "K949"
_STORES = (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.Del)


class SequentialIo(Codemod):
    code: ClassVar[str] = "K418"
    name: ClassVar[str] = "sequential_io"
    summary: ClassVar[str] = "Sequential model.input/model.output -> model.inputs[0]/model.outputs[0]"
    safety: ClassVar[Safety] = Safety.SAFE
    statement_lines: ClassVar[bool] = True
    triggers: ClassVar[frozenset[str]] = frozenset({".input", ".output", "get_input", "get_output"})

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        original = ctx.current_statement
        if not isinstance(original, cst.SimpleStatementLine):
            return None
        models = sequential_models(ctx)
        reads = _Reads(models, ctx)
        new = line.visit(reads) if any(m.read for m in models.values()) else line
        observe(original, ctx)  # after the reads: ``model = Model(model.input, ...)`` reads the old model
        for name, attr in reads.unbuilt:
            ctx.report(NOT_BUILT, original, (
                f"Keras 3 Sequential models have no .{attr} and {name} may not be built here: give its first layer "
                f"input_shape= (or start it with Input(shape=...)), then read {name}.{attr}s[0]"
            ))
        if not reads.changed or not isinstance(new, cst.SimpleStatementLine):
            return None
        ctx.fire(self.code)
        return [new]


class _Reads(cst.CSTTransformer):
    """``<sequential>.input``/``.output`` -> ``.inputs[0]``/``.outputs[0]`` on built models."""

    def __init__(self, models: dict[str, SequentialModel], ctx: FileContext) -> None:
        super().__init__()
        self.models, self.ctx, self.changed = models, ctx, False
        self.unbuilt: dict[tuple[str, str], None] = {}
        self.stores: set[int] = set()  # assignment and del targets: never rewritten

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _STORES):
            self._store(node.target)
        return True

    def _store(self, target: cst.BaseExpression) -> None:
        self.stores.add(id(target))
        for element in target.elements if isinstance(target, cst.Tuple | cst.List) else ():
            self._store(element.value)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        attr = updated_node.attr.value
        name = model_of(updated_node.value, self.ctx) if attr in ("input", "output") else None
        model = self.models.get(name) if name is not None else None
        if name is None or model is None or id(original_node) in self.stores or not visible(name, model, self.ctx):
            return updated_node
        if not model.built:
            self.unbuilt[(name, attr)] = None
            return updated_node
        self.changed = True
        plural = cst.Attribute(value=updated_node.value, attr=cst.Name(attr + "s"))
        index = cst.SubscriptElement(slice=cst.Index(cst.Integer("0")))
        return cst.Subscript(value=plural, slice=[index], lpar=updated_node.lpar, rpar=updated_node.rpar)
