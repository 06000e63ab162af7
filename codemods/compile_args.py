"""Bind ``compile``'s Keras 1 positionals and drop the keywords Keras 3 rejects.

**What**
Passes ``compile``'s Keras 1 positionals from the third on by keyword
(``metrics``, ``loss_weights``, ``sample_weight_mode``), drops ``class_mode``
and ``sample_weight_mode``, and repeats a flat metrics list once per output
for a model built in the same file with a literal list of outputs. Dropped
values that mattered, a kept ``target_tensors`` and an ambiguous fourth
positional are reported (K960).

**Why**
Keras 3's ``compile(optimizer, loss, loss_weights, metrics, ...)`` puts
``loss_weights`` third: Keras 1's ``compile(opt, loss, ['accuracy'])`` binds
the metrics list to ``loss_weights`` and fails once training starts. Keras 3
rejects ``sample_weight_mode`` (it takes ``(batch, timesteps)`` sample weights
as they are), Keras 0.x's ``class_mode`` and Keras 2's ``target_tensors``
(TypeError). A flat metrics list on a model with several outputs fails at
``fit`` ("tuple arity mismatch"), or, when it has as many entries as there
are outputs, silently gives each output one metric (spec §7.5-7.7, §10.35, §12.3).

**Example**
Before::

    model = Model(input=x, output=[main, aux])
    model.compile('sgd', 'mse', ['accuracy'], sample_weight_mode='temporal')

After::

    model = Model(inputs=x, outputs=[main, aux])
    # kmigrate: K960 sample_weight_mode='temporal' was dropped: ...
    model.compile('sgd', 'mse', metrics=[['accuracy'], ['accuracy']])

Positions from the third on become keywords: ``metrics``; then
``loss_weights`` and ``sample_weight_mode`` (Keras 1 ``Model``, and every
Keras 2 model: ``weighted_metrics``, ``target_tensors`` follow), or
``sample_weight_mode`` (Keras 1 ``Sequential``). The fourth is decided by its
value (a string is a mode, a list or dict weights) or by the receiver's
constructor seen in this file. ``class_mode`` and ``sample_weight_mode=None``
are dropped. A flat metrics list is repeated per output when the model was
built in this file with a literal list of outputs.

**Safety**
Review: only calls on a proven model (assigned a Keras model in this file),
with a Keras-only keyword (``loss=``, ``metrics=``, ...), or whose third
positional is a list of strings (a metrics list) are touched, so
``re.compile`` is not. K960 marks a dropped ``sample_weight_mode`` other than
None (Keras 3 averages a weighted loss over all timesteps, Keras 1 divided by
the share of nonzero weights, so masked losses come out smaller), a kept
``target_tensors``, and a fourth positional that could mean either Keras 1 order.

**Limits**
Output counts held in variables (``outputs=outs``) are not followed; such
models keep their metrics list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, keyword, literal_key, literal_string, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._training import facts, is_legacy_file, observe, source
from codemods.tables.training import (
    COMPILE_KEPT_POSITIONALS,
    COMPILE_KEYWORDS,
    KERAS1_MODEL_COMPILE,
    KERAS1_SEQUENTIAL_COMPILE,
    KERAS2_COMPILE,
)

REVIEW = "K960"


class CompileArgs(Codemod):
    code: ClassVar[str] = "K404"
    name: ClassVar[str] = "compile_args"
    summary: ClassVar[str] = "Bind compile's Keras 1 positionals as keywords and drop sample_weight_mode and class_mode"
    safety: ClassVar[Safety] = Safety.REVIEW
    methods: ClassVar[frozenset[str]] = frozenset({"compile"})
    statement_lines: ClassVar[bool] = True

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        observe(line, ctx)
        return None

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        keywords = {keyword(a) for a in call.args}
        if any(a.star for a in call.args):
            return call
        if not (site.is_model_receiver or keywords & COMPILE_KEYWORDS or _metrics_list(call)):
            return call
        params = self._params(call, site, ctx)
        if params is None:
            return call
        out: list[cst.Arg] = []
        for index, arg in enumerate(call.args):
            name = keyword(arg) or params[index]
            if name == "class_mode" or (name == "sample_weight_mode" and self._drops_mode(arg, site, ctx)):
                continue
            if name == "target_tensors":
                ctx.report(REVIEW, site.original, "Keras 3 compile has no target_tensors: pass the targets to fit()")
            if name == "metrics":
                arg = arg.with_changes(value=self._per_output(arg.value, site, ctx))
            out.append(arg if index < COMPILE_KEPT_POSITIONALS or arg.keyword is not None else as_keyword(arg, name))
        new = with_args(call, out)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new

    def _params(self, call: cst.Call, site: CallSite, ctx: FileContext) -> tuple[str, ...] | None:
        """The order the positionals were written for, or None (reported) when it is unclear."""
        positional = [a for a in call.args if a.keyword is None]
        legacy = is_legacy_file(ctx)
        if len(positional) > len(KERAS1_MODEL_COMPILE) or (not legacy and len(positional) != 4):
            if len(positional) > len(KERAS2_COMPILE):
                ctx.report(REVIEW, site.original, f"compile takes at most {len(KERAS2_COMPILE)} positional arguments: pass them by keyword")
                return None
            return KERAS2_COMPILE if not legacy or len(positional) > len(KERAS1_MODEL_COMPILE) else KERAS1_MODEL_COMPILE
        if len(positional) != 4:
            return KERAS1_MODEL_COMPILE
        # the fourth: Keras 1 Model and Keras 2 loss_weights, Keras 1 Sequential sample_weight_mode
        fourth = positional[3].value
        if literal_string(fourth) is not None:
            return KERAS1_SEQUENTIAL_COMPILE
        if isinstance(fourth, cst.List | cst.Tuple | cst.Dict) or literal_key(fourth) == "None":
            return KERAS1_MODEL_COMPILE
        model = facts(ctx).models.get(site.receiver or "")
        if model is not None and model.kind != "unknown":
            return KERAS1_SEQUENTIAL_COMPILE if model.kind == "sequential" and legacy else KERAS1_MODEL_COMPILE
        ctx.report(
            REVIEW,
            site.original,
            "compile's fourth argument is loss_weights for a Keras 1 Model and sample_weight_mode for a "
            "Sequential: pass it by keyword",
        )
        return None

    def _drops_mode(self, arg: cst.Arg, site: CallSite, ctx: FileContext) -> bool:
        value = literal_key(arg.value)
        if value != "None":
            shown = source(arg.value)
            ctx.report(
                REVIEW,
                site.original,
                f"sample_weight_mode={shown} was dropped: Keras 3 takes (batch, timesteps) sample weights as they are "
                "and averages over all timesteps (Keras 1 divided by the share of nonzero weights)",
            )
        return True

    def _per_output(self, value: cst.BaseExpression, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        """A flat metrics list, once per output of a model built here with a literal output list."""
        model = facts(ctx).models.get(site.receiver or "")
        if model is None or model.outputs is None or model.outputs < 2 or not isinstance(value, cst.List):
            return value
        if not value.elements or any(
            isinstance(e, cst.StarredElement) or isinstance(e.value, cst.List | cst.Tuple | cst.Dict) for e in value.elements
        ):
            return value
        copies = [cst.Element(value.deep_clone()) for _ in range(model.outputs)]
        return _list_of(copies)


def _metrics_list(call: cst.Call) -> bool:
    """The third positional is a list of strings: metrics (Keras 3 would read loss weights)."""
    positional = [a for a in call.args if a.keyword is None]
    if len(positional) <= COMPILE_KEPT_POSITIONALS:
        return False
    third = positional[COMPILE_KEPT_POSITIONALS].value
    return (
        isinstance(third, cst.List)
        and bool(third.elements)
        and all(not isinstance(e, cst.StarredElement) and literal_string(e.value) is not None for e in third.elements)
    )


def _list_of(elements: list[cst.Element]) -> cst.List:
    spaced = [
        e.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(elements) - 1 else cst.MaybeSentinel.DEFAULT)
        for i, e in enumerate(elements)
    ]
    return cst.List(elements=spaced)
