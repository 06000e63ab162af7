"""Which Sequential models a file builds, and where their tensors can be read.

Gathered during the walk from the lines the pipeline visits, after the
training facts (``codemods/_training.py``) have seen them: a name the training
facts hold as a ``Sequential`` is tracked from its assignment on. A model is
built (Keras 3 gives it ``inputs``/``outputs``) when its first layer, the
first of ``Sequential([...])`` or of the first ``add``, is an
``Input``/``InputLayer`` or carries an input shape in its Keras 1 spelling
(``input_shape``, ``batch_input_shape``, ``input_dim`` except on an
``Embedding``, where it is the vocabulary, ``Embedding(input_length=)``), or
when ``model.build(...)`` is called. The facts live in ``ctx.scratch``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from codemods._args import keyword
from codemods._framework import FileContext
from codemods._paths import canonical
from codemods._resolve import dotted_name
from codemods._training import ModelFact, argument
from codemods._training import facts as training_facts

_SCRATCH = "_sequential_facts"
_INPUTS = frozenset({"keras.Input", "keras.layers.Input", "keras.layers.InputLayer"})


@dataclass
class SequentialModel:
    fact: ModelFact  # the training facts' record of its assignment (identity: still this model)
    scope: int  # id of the function (the class, for ``self.x``) that assigned it; 0: module
    built: bool | None  # None: no layer added yet
    read: bool  # the file's text reads its input or output (or get_input_at, ...) at all


def sequential_models(ctx: FileContext) -> dict[str, SequentialModel]:
    """Dotted name -> the Sequential model it holds at the line being walked."""
    found: dict[str, SequentialModel] = ctx.scratch.setdefault(_SCRATCH, {})
    return found


def _layer_built(node: cst.BaseExpression | None, ctx: FileContext) -> bool:
    """Whether a Keras 1 first layer gives a Sequential model its input shape."""
    path = ctx.path_of(node.func) if isinstance(node, cst.Call) else None
    canon = canonical(path) if path is not None else None
    if not isinstance(node, cst.Call) or canon is None or not canon.startswith(("keras.layers.", "keras.Input")):
        return False
    words = {keyword(a) for a in node.args}
    if canon in _INPUTS or words & {"input_shape", "batch_input_shape"}:
        return True
    return "input_length" in words if canon == "keras.layers.Embedding" else "input_dim" in words


def _scope(name: str, ctx: FileContext) -> int:
    inner = [s for s in ctx.scopes if isinstance(s, cst.ClassDef if "." in name else cst.FunctionDef)]
    return id(inner[-1]) if inner else 0


def visible(name: str, model: SequentialModel, ctx: FileContext) -> bool:
    """Assigned in this scope, or at module level and no enclosing function takes the name."""
    if model.scope == _scope(name, ctx):
        return True
    params = [
        (*p.posonly_params, *p.params, *p.kwonly_params, p.star_arg, p.star_kwarg)
        for p in (s.params for s in ctx.scopes if isinstance(s, cst.FunctionDef))
    ]
    taken = {q.name.value for each in params for q in each if isinstance(q, cst.Param)}
    return model.scope == 0 and name.partition(".")[0] not in taken


def _model(name: str, fact: ModelFact, call: cst.Call, ctx: FileContext) -> SequentialModel:
    layers = argument(call.args, "layers", 0)
    items = layers.value if layers is not None else cst.List([])
    built: bool | None = False  # Sequential(layers): the list is not seen here
    if isinstance(items, cst.List | cst.Tuple):  # Sequential() or Sequential([]): the first add decides
        built = _layer_built(items.elements[0].value, ctx) if items.elements else None
    read = _reads_io(name, ctx)
    return SequentialModel(fact, _scope(name, ctx), built, read)


# ``name.input``, ``self.net.output``, ``name.get_output_at(...)``: (dotted) names read so in a file
_IO_READ = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*?)\s*\.\s*(?:input\b|output\b|get_input|get_output)")


def _reads_io(name: str, ctx: FileContext) -> bool:
    """Whether the file's text reads ``name.input``/``.output`` anywhere (True when unknown)."""
    if not ctx.text:
        return True
    names: set[str] | None = ctx.scratch.get("sequential_facts.io_reads")
    if names is None:
        names = ctx.scratch["sequential_facts.io_reads"] = set(_IO_READ.findall(ctx.text))
    return name in names


def observe(line: cst.SimpleStatementLine, ctx: FileContext) -> None:
    """Record what an (original) line does to Sequential models: assign, add, build."""
    models, known = sequential_models(ctx), training_facts(ctx).models
    for name in [n for n, m in models.items() if known.get(n) is not m.fact]:
        del models[name]
    for small in line.body:
        if isinstance(small, cst.Assign | cst.AnnAssign) and isinstance(small.value, cst.Call):
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
            for name in filter(None, map(dotted_name, targets)):
                fact = known.get(name)
                if fact is not None and fact.kind == "sequential":
                    models[name] = _model(name, fact, small.value, ctx)
        call = small.value if isinstance(small, cst.Expr) else None
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.args:
            model, method = models.get(dotted_name(call.func.value) or ""), call.func.attr.value
            if model is not None and (method == "build" or (method == "add" and model.built is None)):
                model.built = method == "build" or _layer_built(call.args[0].value, ctx)
