"""Fix the model methods Keras 3 changed: weight-file names, ``save``, ``reset_states``, ``metrics_names``.

**What**
Renames ``save_weights`` file names ending in ``.h5``/``.hdf5`` to end in
``.weights.h5`` (and the ``load_weights``/``load_model`` of the same literal
name), drops ``save_format`` from ``save``, replaces ``model.reset_states()``
by a loop over the stateful layers and removes ``_make_predict_function()``
statements. ``zip(model.metrics_names, model.evaluate(...))`` becomes
``model.evaluate(..., return_dict=True).items()``. File names and receivers it
cannot settle are reported (K968, K969).

**Why**
Keras 3 writes weights only to files ending in ``.weights.h5`` (ValueError
otherwise), saves whole models only to ``.keras``/``.h5`` files and deprecates
``save_format``, has no ``Model.reset_states`` nor the private
``_make_predict_function`` (AttributeError), and names a compiled model's
metrics ``['loss', 'compile_metrics']``, so ``zip(model.metrics_names,
model.evaluate(...))`` mislabels the values (spec §10.26-10.29, §10.33-10.36).

**Example**
Before::

    model.save_weights('weights.h5')
    model.load_weights('weights.h5')
    model.save('my_model.h5', save_format='h5')
    model.reset_states()
    model._make_predict_function()
    scores = dict(zip(model.metrics_names, model.evaluate(X, y)))

After::

    # kmigrate: K968 save_weights now writes 'weights.weights.h5' ...
    model.save_weights('weights.weights.h5')
    model.load_weights('weights.weights.h5')
    model.save('my_model.h5')
    for layer in model.layers:
        if getattr(layer, 'stateful', False):
            layer.reset_states()
    scores = dict(model.evaluate(X, y, return_dict=True).items())

``save_weights`` paths ending in ``.h5``/``.hdf5`` get the suffix where the
last string literal of the path can be seen (a literal, ``'%s.h5' % x``,
``'{}.h5'.format(x)``, an f-string, ``d + '.h5'``, ``os.path.join(d, 'w.h5')``).
``load_weights`` and ``load_model`` of a literal name that this file renamed
earlier (here or in a ``ModelCheckpoint``) follow it; other names are kept,
since Keras 3 still reads legacy HDF5 weights. ``reset_states`` becomes Keras
1's own loop (a list comprehension where a statement cannot go), and
``_make_predict_function()`` statements (and the train/test forms) are removed.

**Safety**
Review. K968 marks every renamed weight file (code elsewhere that reads the
old name would silently load a stale file), a ``load_weights`` of that name
earlier in the file, names that cannot be seen or fixed, ``save`` to a name
without ``.keras``/``.h5`` (Keras 1 wrote HDF5 whatever the name), and
``save_format='tf'`` (use ``model.export``). K969 marks ``reset_states`` on a
receiver not proven to be a model but named like one (``self.model`` in a
callback; ``lstm.reset_states()`` is a layer's and fine) and other reads of
``metrics_names``.
``save``/``reset_states`` are only converted on proven models (assigned a Keras
model in this file); ``save`` on anything else is left alone.

**Limits**
``reset_states`` does not reach stateful layers inside nested models.
``metrics_names`` in ``for``/``if`` headers is not seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import libcst as cst

from codemods._args import literal_string, string_like, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._model_methods import ZipEvaluate, metrics_name_nodes, tail_string, with_tail
from codemods._training import argument, facts, observe, source
from codemods.tables.training import (
    HDF5_SUFFIXES,
    MAKE_FUNCTION_METHODS,
    MODEL_SUFFIXES,
    WEIGHTS_SUFFIX,
)

FILES = "K968"
REVIEW = "K969"

_CHECKPOINT = "keras.callbacks.ModelCheckpoint"
_LOAD_MODEL = "keras.models.load_model"


class ModelMethods(Codemod):
    code: ClassVar[str] = "K409"
    name: ClassVar[str] = "model_methods"
    summary: ClassVar[str] = "Fix weight-file names, save formats, reset_states and metrics_names for Keras 3"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset({_CHECKPOINT, _LOAD_MODEL})
    # metrics_names is no method: listing it keeps the lines that read it in the walk
    methods: ClassVar[frozenset[str]] = frozenset(
        {"load_weights", "metrics_names", "reset_states", "save", "save_weights"} | MAKE_FUNCTION_METHODS
    )
    statement_lines: ClassVar[bool] = True

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.canonical == _CHECKPOINT:
            self._note_checkpoint(call, site, ctx)
            return call
        if site.canonical == _LOAD_MODEL or site.method == "load_weights":
            return self._follow(call, ctx)
        if site.method == "save_weights":
            return self._save_weights(call, site, ctx)
        if site.method == "save" and site.is_model_receiver:
            return self._save(call, site, ctx)
        if site.method == "reset_states" and not call.args:
            return self._reset_states(call, site, ctx)
        return call

    # -- weight files ------------------------------------------------------------------
    def _note_checkpoint(self, call: cst.Call, site: CallSite, ctx: FileContext) -> None:
        """Remember a checkpoint file name another rule renamed (callback_args runs first)."""
        old, new = argument(site.original.args, "filepath", 0), argument(call.args, "filepath", 0)
        if old is not None and new is not None:
            before, after = literal_string(old.value), literal_string(new.value)
            if before is not None and after is not None and before != after:
                facts(ctx).renamed_paths[before] = after

    def _follow(self, call: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        arg = argument(call.args, "filepath", 0)
        name = literal_string(arg.value) if arg is not None else None
        if arg is None or name is None or not isinstance(arg.value, cst.SimpleString):
            return call
        known = facts(ctx)
        new_name = known.renamed_paths.get(name)
        if new_name is None:
            known.loaded_paths.add(name)
            return call
        ctx.fire(self.code)
        return with_args(call, [a.with_changes(value=string_like(arg.value, new_name)) if a is arg else a for a in call.args])

    def _save_weights(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        arg = argument(call.args, "filepath", 0)
        if arg is None:
            return call
        tail = tail_string(arg.value)
        text = tail[1] if tail is not None else None
        if text is not None and text.endswith(WEIGHTS_SUFFIX):
            return call
        if tail is None or text is None or not text.endswith(HDF5_SUFFIXES):
            shown = f"'{text}'" if text is not None else "the file name"
            ctx.report(FILES, site.original, f"Keras 3 save_weights needs a name ending in {WEIGHTS_SUFFIX}: {shown} does not show one")
            return call
        new_text = text.rpartition(".")[0] + WEIGHTS_SUFFIX
        new_value = with_tail(arg.value, tail[0], new_text)
        whole = literal_string(arg.value)
        earlier = whole is not None and whole in facts(ctx).loaded_paths
        if whole is not None:
            facts(ctx).renamed_paths[whole] = new_text
        ctx.report(
            FILES,
            site.original,
            f"save_weights now writes {source(new_value)} (Keras 3 needs {WEIGHTS_SUFFIX}): "
            + ("the load_weights above still reads the old name" if earlier else "code that loads the old name must follow"),
        )
        ctx.fire(self.code)
        return with_args(call, [a.with_changes(value=new_value) if a is arg else a for a in call.args])

    def _save(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        arg = argument(call.args, "filepath", 0)
        name = literal_string(arg.value) if arg is not None else None
        fmt = argument(call.args, "save_format", None)
        kind = literal_string(fmt.value) if fmt is not None else None
        if fmt is not None and kind not in ("h5", "keras"):
            ctx.report(
                FILES,
                site.original,
                "Keras 3 save() has no save_format and writes no SavedModel: call model.export(path) for one, "
                "or save to a .keras or .h5 file",
            )
            return call
        if name is not None and not name.endswith(MODEL_SUFFIXES):
            ctx.report(
                FILES,
                site.original,
                f"Keras 3 saves whole models only to .keras or .h5 files: name it '{name}.h5' (HDF5, as Keras 1 wrote "
                "it) and load it by that name, or call model.export() for a SavedModel",
            )
        if fmt is None:
            return call
        ctx.fire(self.code)
        return with_args(call, [a for a in call.args if a is not fmt])

    # -- reset_states, _make_predict_function, metrics_names ------------------------------
    def _reset_states(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if not site.is_model_receiver:
            # layers keep reset_states: only a receiver named like a model is worth a look
            if site.receiver is not None and "model" in site.receiver.rpartition(".")[2].lower():
                ctx.report(
                    REVIEW,
                    site.original,
                    f"if {site.receiver} is a Keras model (not a layer), Keras 3 has no Model.reset_states: call "
                    "reset_states() on each layer whose stateful is True",
                )
            return call
        assert isinstance(call.func, cst.Attribute)
        receiver = source(call.func.value)
        loop = cst.parse_expression(
            f"[layer.reset_states() for layer in {receiver}.layers if getattr(layer, 'stateful', False)]"
        )
        assert isinstance(loop, cst.ListComp)
        facts(ctx).reset_loops.append(loop)
        ctx.fire(self.code)
        return loop

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        observe(line, ctx)
        if len(line.body) == 1 and isinstance(line.body[0], cst.Expr):
            value = line.body[0].value
            if any(value is loop for loop in facts(ctx).reset_loops):
                ctx.insert_statements([self._reset_loop(value, line, ctx)])
                return []
            if (
                isinstance(value, cst.Call)
                and isinstance(value.func, cst.Attribute)
                and value.func.attr.value in MAKE_FUNCTION_METHODS
                and not value.args
            ):
                ctx.fire(self.code)
                return []
        return self._metrics_names(line, ctx)

    def _reset_loop(self, loop: cst.BaseExpression, line: cst.SimpleStatementLine, ctx: FileContext) -> cst.For:
        assert isinstance(loop, cst.ListComp)
        taken = ctx.resolution.local_names | set(ctx.resolution.bindings)
        var = next(n for n in ("layer", "stateful_layer", "layer_") if n not in taken or n == "layer_")
        layers = source(loop.for_in.iter)
        statement = cst.parse_statement(
            f"for {var} in {layers}:\n    if getattr({var}, 'stateful', False):\n        {var}.reset_states()\n"
        )
        assert isinstance(statement, cst.For) and isinstance(statement.body, cst.IndentedBlock)
        # the line's comments go above the loop and after its colon
        body = statement.body.with_changes(header=line.trailing_whitespace)
        return statement.with_changes(leading_lines=line.leading_lines, body=body)

    def _metrics_names(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        if not ctx.mentions("metrics_names"):
            return None  # nothing to find: skip the walk over the line
        reads = metrics_name_nodes(line)
        if not reads:
            return None
        rewriter = ZipEvaluate()
        new_line = line.visit(rewriter)
        originals = self._originals(ctx)
        for _ in range(rewriter.count):
            if originals:
                originals.pop(0)
        for _ in range(len(reads) - rewriter.count):
            original = originals.pop(0) if originals else None
            if original is not None:
                ctx.report(
                    REVIEW,
                    original,
                    "Keras 3 metrics_names is ['loss', 'compile_metrics'] after compile: read the names from "
                    "model.evaluate(..., return_dict=True) or history.history instead",
                )
        if rewriter.count:
            ctx.fire(self.code)
            assert isinstance(new_line, cst.SimpleStatementLine)
            return [new_line]
        return None

    def _originals(self, ctx: FileContext) -> list[cst.Attribute]:
        """The ``.metrics_names`` reads in simple statements of the module-level statement
        being walked (original nodes, for positions), not yet matched, in source order."""
        store: dict[str, object] = ctx.scratch.setdefault(self.name, {})
        top = ctx.top_statement
        if top is None:
            return []
        if store.get("top") is not top:
            store["top"] = top
            store["reads"] = metrics_name_nodes(top)
        reads = store["reads"]
        assert isinstance(reads, list)
        return reads
