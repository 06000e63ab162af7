"""Convert Keras 1 callback arguments (ModelCheckpoint, ReduceLROnPlateau, TensorBoard, ...).

**What**
Binds the Keras 1 positionals of callback constructors (``ModelCheckpoint``,
``EarlyStopping``, ``ReduceLROnPlateau``, ``TensorBoard``, ``LambdaCallback``,
...) and converts their keywords: ``ReduceLROnPlateau(epsilon=)`` ->
``min_delta=``, ``LambdaCallback(on_batch_begin=)`` ->
``on_train_batch_begin=``, ``ModelCheckpoint(period=1)`` and the
``TensorBoard`` keywords Keras 3 rejects are dropped. ``ModelCheckpoint`` file
names get the extension Keras 3 requires (``.weights.h5``, or
``.keras``/``.h5``). What it cannot convert is reported (K914-K919).

**Why**
Keras 3 rejects ``ModelCheckpoint(period=)`` and checkpoint files that do not
end in ``.weights.h5`` (weights only) or ``.keras``/``.h5`` (whole model),
silently ignores ``ReduceLROnPlateau(epsilon=)`` (now ``min_delta``), rejects
the Keras 2 ``TensorBoard`` keywords ``write_grads``, ``batch_size``,
``embeddings_layer_names`` and ``embeddings_data``, and moved
``LambdaCallback``'s third and fourth positionals (spec §7.25-§7.31).

**Example**
Before::

    ModelCheckpoint('weights.{epoch:02d}.hdf5', 'val_loss', 1, True, True, 'auto', 1)
    ModelCheckpoint(filepath='model.hdf5', save_best_only=True)
    ReduceLROnPlateau(monitor='val_loss', factor=0.2, epsilon=0.001)
    TensorBoard(log_dir='./logs', write_grads=False, batch_size=32)

After::

    ModelCheckpoint('weights.{epoch:02d}.weights.h5', 'val_loss', 1, True, True, 'auto')
    ModelCheckpoint(filepath='model.h5', save_best_only=True)
    ReduceLROnPlateau(monitor='val_loss', factor=0.2, min_delta=0.001)
    TensorBoard(log_dir='./logs')

Calls are bound against the Keras 1.2.2 signatures first (positionals that
moved become keywords). ``period=1`` is dropped (``save_freq='epoch'`` is the
default). ``LambdaCallback``'s ``on_batch_begin``/``on_batch_end`` become
``on_train_batch_begin``/``on_train_batch_end``, which Keras 3 calls at the
same moments (it only forwards the old names through ``**kwargs``). A checkpoint path's extension is fixed where its last string
literal can be seen: a plain literal, ``'...%s.hdf5' % x``,
``'{}.hdf5'.format(x)``, an f-string, ``dir + '.hdf5'`` or
``os.path.join(..., 'w.hdf5')``; whole models keep HDF5 as ``.h5``.

**Safety**
Review: the checkpoint file gets another name, so code that reads it
(``load_weights('weights.hdf5')``) must follow; K915 marks each renamed path,
and paths whose extension cannot be seen or fixed (a variable, an unknown
extension, a ``save_weights_only`` that is not a literal). ``period`` other
than 1 stays and is marked K914 (``save_freq`` counts batches, not epochs).
Dropped ``TensorBoard`` keywords with a non-default value are marked K916
(the feature is gone). K917 marks calls whose positionals cannot be bound
and keywords given in both spellings. K918 marks an explicit
``EarlyStopping`` patience: Keras 1 (and Keras < 2.1) stopped after
``patience + 1`` epochs without improvement, Keras 3 after ``patience``.
K919 marks a ``LambdaCallback`` batch hook whose lambda does not name its
second parameter ``logs``: Keras 3 passes ``logs=`` by keyword.

**Limits**
Keras 2 ``TensorBoard`` positionals (``batch_size`` third) are read as Keras 1
ones. Attribute reads such as ``checkpoint.period`` are not converted. Positional
binding and the patience check only apply to calls through a legacy ``keras``
import; code written against ``tensorflow.keras`` keeps its positionals.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_int, literal_string, string_like, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._kwarg_rows import rename_keywords
from codemods._resolve import dotted_name
from codemods.helper_args import bind_positionals, is_legacy_call
from codemods.tables.callbacks import (
    CALLBACK_DROPPED_KWARGS,
    CALLBACK_KWARG_RENAMES,
    CALLBACK_SIGNATURES,
    LAMBDA_KEYWORD_LOGS_HOOKS,
)

PERIOD = "K914"
CHECKPOINT_PATH = "K915"
REMOVED_FEATURE = "K916"
UNBOUND = "K917"
PATIENCE = "K918"
BATCH_HOOK = "K919"

_CHECKPOINT = "keras.callbacks.ModelCheckpoint"
_WEIGHTS_EXT = ".weights.h5"
_MODEL_EXTS = (".keras", ".h5")
_JOIN_NAMES = frozenset({"os.path.join", "path.join", "osp.join", "join"})


def _tail_string(node: cst.BaseExpression) -> cst.SimpleString | cst.FormattedStringText | None:
    """The string literal a path expression ends with, when it can be seen."""
    if isinstance(node, cst.SimpleString):
        return node if literal_string(node) is not None else None
    if isinstance(node, cst.ConcatenatedString):
        return _tail_string(node.right)
    if isinstance(node, cst.FormattedString):
        last = node.parts[-1] if node.parts else None
        return last if isinstance(last, cst.FormattedStringText) else None
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Add):
            return _tail_string(node.right)
        if isinstance(node.operator, cst.Modulo):
            return _tail_string(node.left)
        return None
    if isinstance(node, cst.Call) and node.args:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "format":
            return _tail_string(func.value)
        if dotted_name(func) in _JOIN_NAMES and not node.args[-1].star:
            return _tail_string(node.args[-1].value)
    return None


def _replace_tail(node: cst.BaseExpression, old: cst.CSTNode, new: cst.CSTNode) -> cst.BaseExpression:
    result = node.deep_replace(old, new)
    assert isinstance(result, cst.BaseExpression)
    return result


def _text(tail: cst.SimpleString | cst.FormattedStringText) -> str:
    if isinstance(tail, cst.SimpleString):
        value = literal_string(tail)
        assert value is not None
        return value
    return tail.value


def _with_text(tail: cst.SimpleString | cst.FormattedStringText, text: str) -> cst.CSTNode:
    if isinstance(tail, cst.SimpleString):
        return string_like(tail, text)
    return tail.with_changes(value=text)


def _new_extension(text: str, weights_only: bool) -> str | None:
    """The file name Keras 3 accepts, or None when the extension is unknown."""
    if weights_only:
        if text.endswith(_WEIGHTS_EXT):
            return text
        for ext in (".hdf5", ".h5"):
            if text.endswith(ext):
                return text[: -len(ext)] + _WEIGHTS_EXT
        return None
    if text.endswith(_MODEL_EXTS):
        return text
    if text.endswith(".hdf5"):
        return text[: -len(".hdf5")] + ".h5"
    return None


class CallbackArgs(Codemod):
    code: ClassVar[str] = "K403"
    name: ClassVar[str] = "callback_args"
    summary: ClassVar[str] = "Convert Keras 1 callback arguments (period, checkpoint extensions, epsilon, ...)"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset(CALLBACK_SIGNATURES)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        canon = site.canonical or ""
        name = canon.rpartition(".")[2]
        legacy = is_legacy_call(site, ctx)
        args = list(call.args)
        if legacy:
            bound = bind_positionals(call.args, CALLBACK_SIGNATURES[canon], name, site, ctx, UNBOUND)
            if bound is None:
                return call
            args = bound
        args = rename_keywords(args, CALLBACK_KWARG_RENAMES.get(canon, ()), name, site, ctx, UNBOUND, UNBOUND)
        args = self._drop(args, canon, site, ctx)
        if canon == _CHECKPOINT:
            args = self._checkpoint_path(args, site, ctx)
        elif canon == "keras.callbacks.LambdaCallback":
            self._batch_hooks(args, site, ctx)
        elif canon == "keras.callbacks.EarlyStopping" and legacy:
            self._patience(args, site, ctx)
        new = with_args(call, args)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new

    def _drop(self, args: list[cst.Arg], canon: str, site: CallSite, ctx: FileContext) -> list[cst.Arg]:
        rows = {r.old: r for r in CALLBACK_DROPPED_KWARGS.get(canon, ())}
        out: list[cst.Arg] = []
        for arg in args:
            row = rows.get(keyword(arg) or "")
            if row is None:
                out.append(arg)
                continue
            if row.always_silent or cst.Module(body=[]).code_for_node(arg.value) in row.silent:
                continue
            ctx.report(PERIOD if row.keep else REMOVED_FEATURE, site.original, row.hint)
            if row.keep:
                out.append(arg)
        return out

    def _checkpoint_path(self, args: list[cst.Arg], site: CallSite, ctx: FileContext) -> list[cst.Arg]:
        index = next((i for i, a in enumerate(args) if keyword(a) in (None, "filepath") and not a.star), None)
        if index is None:
            return args
        weights_arg = _argument(args, _CHECKPOINT, "save_weights_only")
        weights_only: bool | None = False
        if weights_arg is not None:
            value = weights_arg.value
            flag = value.value if isinstance(value, cst.Name) else None
            weights_only = True if flag == "True" else False if flag == "False" else None
        if weights_only is None:
            ctx.report(CHECKPOINT_PATH, site.original, _check_message("save_weights_only is not a literal"))
            return args
        path = args[index].value
        tail = _tail_string(path)
        if tail is None:
            ctx.report(CHECKPOINT_PATH, site.original, _check_message("the file name is not a visible literal", weights_only))
            return args
        text = _text(tail)
        new_text = _new_extension(text, weights_only)
        if new_text is None:
            ctx.report(CHECKPOINT_PATH, site.original, _check_message(f"'{text}' has another extension", weights_only))
            return args
        if new_text == text:
            return args
        ctx.report(
            CHECKPOINT_PATH,
            site.original,
            f"ModelCheckpoint now writes files ending in {_ext(new_text, weights_only)} instead of {_ext(text)} "
            "(Keras 3 needs it): update code that reads the checkpoint",
        )
        out = list(args)
        out[index] = args[index].with_changes(value=_replace_tail(path, tail, _with_text(tail, new_text)))
        return out

    def _batch_hooks(self, args: list[cst.Arg], site: CallSite, ctx: FileContext) -> None:
        for arg in args:
            hook = keyword(arg)
            if hook not in LAMBDA_KEYWORD_LOGS_HOOKS or not isinstance(arg.value, cst.Lambda):
                continue
            params = arg.value.params
            if params.star_kwarg is not None or len(params.params) < 2 or params.params[1].name.value == "logs":
                continue
            ctx.report(
                BATCH_HOOK,
                site.original,
                f"Keras 3 calls {hook}(batch, logs=logs): rename the lambda's second parameter "
                f"{params.params[1].name.value} to logs",
            )

    def _patience(self, args: list[cst.Arg], site: CallSite, ctx: FileContext) -> None:
        arg = _argument(args, "keras.callbacks.EarlyStopping", "patience")
        if arg is None:
            return
        value = literal_int(arg.value)
        if value == 0:
            return
        if value is not None:
            suggestion = f"patience={value + 1}"
        else:
            suggestion = f"patience={cst.Module(body=[]).code_for_node(arg.value)} + 1"
        ctx.report(
            PATIENCE,
            site.original,
            "Keras 1 stopped after patience + 1 epochs without improvement, Keras 3 stops after patience: "
            f"use {suggestion} to keep the Keras 1 training length",
        )


def _argument(args: list[cst.Arg], canon: str, param: str) -> cst.Arg | None:
    """The argument bound to the Keras 1 parameter ``param``, by keyword or position."""
    for arg in args:
        if keyword(arg) == param:
            return arg
    index = CALLBACK_SIGNATURES[canon].params.index(param)
    positional = [a for a in args if a.keyword is None and not a.star]
    return positional[index] if index < len(positional) else None


def _ext(text: str, weights_only: bool | None = None) -> str:
    if text.endswith(_WEIGHTS_EXT) and weights_only is not False:
        return _WEIGHTS_EXT
    return "." + text.rpartition(".")[2]


def _check_message(reason: str, weights_only: bool | None = None) -> str:
    if weights_only is None:
        need = f"{_WEIGHTS_EXT} with save_weights_only=True, else .keras or .h5"
    elif weights_only:
        need = f"{_WEIGHTS_EXT} (save_weights_only=True)"
    else:
        need = ".keras or .h5 (whole model)"
    return f"ModelCheckpoint: {reason}; Keras 3 needs the file name to end in {need}"
