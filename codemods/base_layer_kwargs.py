"""Translate the keywords every Keras 1 layer accepted (``input_dim``, ``batch_input_shape``, ...).

**What**
Rewrites the base-layer keywords of layer calls that Keras 3 rejects or
ignores: ``input_dim``/``input_length`` become ``input_shape=``,
``batch_input_shape``/``input_dtype`` in the Sequential add form move to a
leading ``Input(batch_shape=..., dtype=...)``, ``Embedding(weights=[m])``
becomes ``embeddings_initializer=Constant(m)`` and ``Embedding(dropout=p)`` a
``SpatialDropout1D(p)`` after the layer. What cannot be moved is reported
(K906, K907, K921, K922).

**Why**
Keras 1 layers took ``input_dim``/``input_length``, ``batch_input_shape``,
``input_dtype`` and ``weights`` on any layer. Keras 3 rejects
``batch_input_shape``, ``input_dtype`` and ``weights`` ("Unrecognized keyword
arguments") and ignores ``Embedding(input_length=)``; ``Embedding(dropout=)``
was removed in Keras 2.0 (spec §3.1, §5.12, §10.11, §10.49).

**Example**
Before::

    model.add(LSTM(32, batch_input_shape=(16, 10, 8), stateful=True))
    model.add(Embedding(1000, 64, input_length=20, weights=[matrix], dropout=0.2))
    model.add(Dense(10, input_dim=784))

After::

    model.add(Input(batch_shape=(16, 10, 8)))
    model.add(LSTM(32, stateful=True))
    model.add(Embedding(1000, 64, input_shape=(20,), embeddings_initializer=Constant(matrix)))
    model.add(SpatialDropout1D(0.2))
    model.add(Dense(10, input_shape=(784,)))

``input_dim=d`` becomes ``input_shape=(d,)``, ``input_dim=d, input_length=t``
on recurrent and 1D layers ``input_shape=(t, d)``, Embedding's
``input_length=t`` ``input_shape=(t,)`` (so a Sequential still knows its
input shape). In the Sequential add form, ``batch_input_shape`` (needed by
stateful RNNs) and ``input_dtype`` move to a leading
``Input(batch_shape=..., dtype=...)``; ``input_dtype`` is not the layer's
``dtype``, which since Keras 2 is its compute dtype. ``Embedding(weights=[m])``
becomes ``embeddings_initializer=Constant(m)``, valid on every TensorFlow 2.16+.

**Safety**
Safe, except ``Embedding(dropout=p)``: Keras 1 zeroed whole rows of the
embedding matrix (word types); ``SpatialDropout1D(p)``, the replacement the
Keras 2.0 warning advised, zeroes whole time steps. The rewrite is made with
a K922 finding. ``weights=`` on other layers cannot be moved without knowing
when the model is built: K907. ``batch_input_shape``/``input_dtype`` outside
the add form (functional code, list-form Sequential): K921.

**Limits**
Only the statement form ``model.add(Layer(...))`` gets an inserted ``Input``.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_key, new_keyword_arg, tuple_of, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods.tables.layers import INPUT_SHAPE_KWARGS, KERAS1_LAYER_CLASSES

WEIGHTS = "K907"
CONFLICT = "K906"
NO_INPUT = "K921"
EMBEDDING_DROPOUT = "K922"

_NOT_LAYERS = frozenset({"Input", "InputLayer", "InputSpec", "Layer", "Wrapper", "Recurrent", "Merge", "merge"})
# Keras 3 layers that still take `weights=` (the wrapper passes them on).
_TAKE_WEIGHTS = frozenset({"keras.layers.Bidirectional"})


def _arg(args: list[cst.Arg], name: str) -> cst.Arg | None:
    return next((a for a in args if keyword(a) == name), None)


class BaseLayerKwargs(Codemod):
    code: ClassVar[str] = "K306"
    name: ClassVar[str] = "base_layer_kwargs"
    summary: ClassVar[str] = "Move input_dim, batch_input_shape, input_dtype and weights to what Keras 3 accepts"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset(
        f"keras.layers.{name}" for name in KERAS1_LAYER_CLASSES if name not in _NOT_LAYERS and name[0].isupper()
    )

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        layer = site.canonical.rpartition(".")[2]
        args = list(call.args)
        args = self._input_shape(args, site, layer, ctx)
        args = self._weights(args, site, layer, ctx)
        args = self._input_layer(args, site, layer, ctx)
        if site.canonical == "keras.layers.Embedding":
            args = self._embedding_dropout(args, site, ctx)
        new = with_args(call, args)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new

    def _input_shape(self, args: list[cst.Arg], site: CallSite, layer: str, ctx: FileContext) -> list[cst.Arg]:
        """``input_dim``/``input_length`` -> ``input_shape`` (spec §3.1.2-3.1.4)."""
        mode = INPUT_SHAPE_KWARGS.get(site.canonical or "")
        dim = _arg(args, "input_dim") if mode != "length" else None
        length = _arg(args, "input_length")
        if mode is None or (dim is None and (mode != "length" or length is None)):
            return args
        if _arg(args, "input_shape") is not None or _arg(args, "batch_input_shape") is not None:
            ctx.report(CONFLICT, site.original, f"{layer} is given an input shape twice; keep input_shape")
            return args
        if mode == "length":
            assert length is not None
            if literal_key(length.value) == "None":
                return [a for a in args if a is not length]
            shape = tuple_of([length.value])
            anchor = length
        else:
            assert dim is not None
            anchor = dim
            if mode == "dim":
                shape = tuple_of([dim.value])
            else:
                shape = tuple_of([length.value if length is not None else cst.Name("None"), dim.value])
        out: list[cst.Arg] = []
        for arg in args:
            if arg is anchor:
                out.append(new_keyword_arg("input_shape", shape).with_changes(comma=arg.comma))
            elif arg is not length and arg is not dim:
                out.append(arg)
        return out

    def _weights(self, args: list[cst.Arg], site: CallSite, layer: str, ctx: FileContext) -> list[cst.Arg]:
        weights = _arg(args, "weights")
        if weights is None or site.canonical in _TAKE_WEIGHTS:
            return args
        if literal_key(weights.value) == "None":
            return [a for a in args if a is not weights]  # the default, spelled out
        value = weights.value
        if (
            site.canonical == "keras.layers.Embedding"
            and isinstance(value, cst.List | cst.Tuple)
            and len(value.elements) == 1
            and not isinstance(value.elements[0], cst.StarredElement)
            and _arg(args, "embeddings_initializer") is None
        ):
            constant = parse_dotted(ctx.spell("tensorflow.keras.initializers.Constant"))
            init = cst.Call(func=constant, args=[cst.Arg(value=value.elements[0].value)])
            return [new_keyword_arg("embeddings_initializer", init).with_changes(comma=a.comma) if a is weights else a for a in args]
        if site.canonical == "keras.layers.Embedding":
            message = (
                "Embedding(weights=) needs Keras 3.3 or later (TensorFlow 2.16 has 3.0): pass "
                "embeddings_initializer=Constant(matrix) instead, or set_weights once the model is built"
            )
        else:
            message = (
                f"Keras 3 layers reject weights=: remove it from {layer}(...) and call "
                "layer.set_weights(...) once the model is built (arrays in today's layout)"
            )
        ctx.report(WEIGHTS, site.original, message)
        return args

    def _input_layer(self, args: list[cst.Arg], site: CallSite, layer: str, ctx: FileContext) -> list[cst.Arg]:
        """``batch_input_shape``/``input_dtype`` -> a leading ``Input`` (spec §3.1.5, §3.1.7)."""
        batch_shape = _arg(args, "batch_input_shape")
        dtype = _arg(args, "input_dtype")
        batch_size = _arg(args, "batch_size")  # Keras 2's spelling next to input_shape (spec §3.1.6)
        if batch_shape is None and dtype is None and batch_size is None:
            return args
        shape = _arg(args, "input_shape")
        if site.add_receiver is None or (batch_shape is None and shape is None):
            named = (("batch_input_shape", batch_shape), ("input_dtype", dtype), ("batch_size", batch_size))
            names = ", ".join(k for k, a in named if a is not None)
            ctx.report(
                NO_INPUT,
                site.original,
                f"Keras 3 layers reject {names}: start the model with "
                "Input(batch_shape=..., dtype=...) (or Input(shape=..., dtype=...)) instead",
            )
            return args
        input_args = []
        if batch_shape is not None:
            input_args.append(new_keyword_arg("batch_shape", batch_shape.value))
        elif shape is not None:
            input_args.append(new_keyword_arg("shape", shape.value))
        if batch_size is not None and batch_shape is None:
            input_args.append(new_keyword_arg("batch_size", batch_size.value))
        if dtype is not None:
            input_args.append(new_keyword_arg("dtype", dtype.value))
        moved = {id(batch_shape), id(dtype), id(batch_size)} | ({id(shape)} if batch_shape is None and shape is not None else set())
        input_call = cst.Call(func=parse_dotted(ctx.spell("tensorflow.keras.layers.Input")), args=input_args)
        ctx.insert_statements([_add_line(site.add_receiver, input_call)])
        return [a for a in args if id(a) not in moved]

    def _embedding_dropout(self, args: list[cst.Arg], site: CallSite, ctx: FileContext) -> list[cst.Arg]:
        dropout = _arg(args, "dropout")
        if dropout is None or literal_key(dropout.value) in ("0", "0.0", "0.", "None"):
            return [a for a in args if a is not dropout]
        if site.add_receiver is None:
            ctx.report(
                EMBEDDING_DROPOUT,
                site.original,
                "Embedding(dropout=p) was removed in Keras 2: remove it and apply "
                "SpatialDropout1D(p) to the Embedding's output",
            )
            return args
        spatial = parse_dotted(ctx.spell("tensorflow.keras.layers.SpatialDropout1D"))
        ctx.insert_statements([_add_line(site.add_receiver, cst.Call(func=spatial, args=[cst.Arg(value=dropout.value)]))], after=True)
        ctx.report(
            EMBEDDING_DROPOUT,
            site.original,
            "Embedding(dropout=p) became SpatialDropout1D(p) after the Embedding: Keras 1 dropped "
            "whole word types, this drops whole time steps (the Keras 2.0 advice); check training",
        )
        return [a for a in args if a is not dropout]


def _add_line(receiver: cst.BaseExpression, layer_call: cst.Call) -> cst.SimpleStatementLine:
    add = cst.Attribute(value=receiver.deep_clone(), attr=cst.Name("add"))
    return cst.SimpleStatementLine(body=[cst.Expr(cst.Call(func=add, args=[cst.Arg(value=layer_call)]))])
