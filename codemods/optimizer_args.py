"""Convert Keras 1 optimizer arguments: positionals, ``lr=``, ``decay=``, ``schedule_decay=``.

**What**
Rewrites optimizer constructor calls (``SGD``, ``RMSprop``, ``Adagrad``,
``Adadelta``, ``Adam``, ``Adamax``, ``Nadam``): positionals after the learning
rate become keywords with their Keras 1 names, ``lr=`` becomes
``learning_rate=``, ``decay=d`` becomes an ``InverseTimeDecay`` schedule and
``schedule_decay=`` is dropped. ``keras.optimizers.legacy.X`` and Keras 1's
lower-case aliases become the classes. Nadam's changed schedule, a decay a
callback will try to set and unchecked arguments are reported (K970, K971,
K972).

**Why**
Keras 3 rejects ``lr=`` ("Argument(s) not recognized"), ignores ``decay=``
with a warning, has no ``schedule_decay``, and reads Keras 1 positionals as
other parameters: ``SGD(0.1, 0.9, 1e-6)`` binds the decay to ``nesterov``,
``RMSprop(lr, rho, eps)`` the epsilon to ``momentum``, ``Adagrad(lr, eps)``
the epsilon to ``initial_accumulator_value`` (spec §7.18-§7.22, §10.2-§10.5).
``keras.optimizers.legacy`` classes raise ImportError when built (spec §1.31).
See https://keras.io/api/optimizers/learning_rate_schedules/inverse_time_decay/.

**Example**
Before::

    from keras.optimizers import SGD
    sgd = SGD(0.01, 0.9, 1e-6, True)

After::

    from tensorflow.keras.optimizers import SGD
    from tensorflow.keras.optimizers.schedules import InverseTimeDecay
    sgd = SGD(InverseTimeDecay(initial_learning_rate=0.01, decay_steps=1, decay_rate=1e-6), momentum=0.9, nesterov=True)

Positionals after the first become keywords with their Keras 1.2.2 names
(Keras 2.3's order when a ``True``/``False`` literal proves it: ``SGD(lr,
momentum, nesterov)``, ``Adam(lr, beta_1, beta_2, amsgrad)``). ``decay=d``
becomes ``InverseTimeDecay(lr, decay_steps=1, decay_rate=d)``, Keras 1's
``lr / (1 + d * iterations)`` with ``iterations`` the batches already
trained; ``decay=0`` is dropped. ``clipnorm``/``clipvalue`` stay.
``keras.optimizers.legacy.X`` (also under ``tensorflow.``) and Keras 1's
lower-case aliases (``keras.optimizers.adam``) become the classes.

**Safety**
Review. The schedule computes Keras 1's learning rates (checked step by step
under TensorFlow), but a schedule cannot be set: K971 marks a decay in a file
that imports ``LearningRateScheduler`` or ``ReduceLROnPlateau`` (Keras 3
raises TypeError when they set it). K970 marks every Keras 1 ``Nadam``: Keras
3 warms its momentum as ``0.96 ** t`` where Keras 1 used ``0.96 ** (t *
schedule_decay)`` (0.004), i.e. Keras 3 is Keras 1 with ``schedule_decay=1``,
and no argument restores it; ``schedule_decay=`` is dropped with that finding.
K972 marks calls whose ``*args``/``**kwargs``, extra positionals or repeated
keywords cannot be checked.

**Limits**
Positionals are only converted for calls through a standalone ``keras``
import (Keras 1, multi-backend Keras 2); ``tensorflow.keras`` and
``optimizers.legacy`` calls follow tf.keras 2's order, which Keras 3 kept up
to the ``name`` argument. A decay held in a variable always becomes a
schedule (with 0 it is a constant one). ``tensorflow.keras.optimizers.Nadam``
is not marked: up to TF 2.10 it was Keras 1's Nadam, from 2.11 Keras 3's.
Callbacks reached through a module (``callbacks.ReduceLROnPlateau``) do not
trigger K971.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, keyword, new_keyword_arg, parse_literal, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods._optimizers import (
    NADAM,
    NADAM_HINT,
    SCHEDULE,
    UNCHECKED,
    is_keras1_call,
    number,
    proves_keras23,
    sets_learning_rate,
)
from codemods.tables.optimizers import (
    INVERSE_TIME_DECAY,
    OPTIMIZER_CALLS,
    OPTIMIZER_RENAMES,
    OPTIMIZERS,
    OptimizerRow,
)


class OptimizerArgs(Codemod):
    code: ClassVar[str] = "K410"
    name: ClassVar[str] = "optimizer_args"
    summary: ClassVar[str] = "Keywordise Keras 1 optimizer positionals, rename lr, turn decay into a schedule"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset(OPTIMIZER_CALLS)
    symbol_renames = OPTIMIZER_RENAMES

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        name = OPTIMIZER_CALLS[site.canonical]
        row = OPTIMIZERS[name]
        keras1 = is_keras1_call(site)
        args = list(call.args)
        if any(a.star for a in args):
            hint = "make sure they hold no lr= (now learning_rate=) or decay= (now a schedule)"
            ctx.report(UNCHECKED, site.original, f"{name}(*args/**kwargs): {hint}")
        elif keras1 and row.keras1:
            args = self._keywordise(args, name, row, site, ctx)
        if name == "Nadam" and (keras1 or ".legacy." in (site.path or "")):
            given = [a for a in args if keyword(a) == "schedule_decay"]
            dropped = f" (dropped schedule_decay={cst.Module([]).code_for_node(given[0].value)})" if given else ""
            ctx.report(NADAM, site.original, NADAM_HINT + dropped)
            args = [a for a in args if keyword(a) != "schedule_decay"]
        args = self._learning_rate(args, row, keras1, site, ctx)
        new = with_args(call, args)
        if new is not call:
            ctx.fire(self.code)
        return new

    def _keywordise(
        self, args: list[cst.Arg], name: str, row: OptimizerRow, site: CallSite, ctx: FileContext
    ) -> list[cst.Arg]:
        positional = [a for a in args if a.keyword is None]
        order = row.keras23 if proves_keras23(args, row) else row.keras1
        given = {keyword(a) for a in args}
        names = order[1 : len(positional)]
        if len(positional) > len(order) or given & set(names):
            signature = f"{name}({', '.join(order)})"
            ctx.report(UNCHECKED, site.original, f"{name}: positionals do not fit Keras 1's {signature}: name them by hand")
            return args
        return [as_keyword(a, order[i]) if 0 < i < len(positional) else a for i, a in enumerate(args)]

    def _learning_rate(
        self, args: list[cst.Arg], row: OptimizerRow, keras1: bool, site: CallSite, ctx: FileContext
    ) -> list[cst.Arg]:
        given = {keyword(a) for a in args}
        rename = "learning_rate" not in given
        out = [a.with_changes(keyword=cst.Name("learning_rate")) if rename and keyword(a) == "lr" else a for a in args]
        decay = next((a for a in out if keyword(a) == "decay"), None)
        if decay is None:
            return out
        value = number(decay.value)
        if not row.decays or value == 0:
            return [a for a in out if a is not decay]
        lr_index = next(
            (i for i, a in enumerate(out) if keyword(a) in ("lr", "learning_rate") or (i == 0 and a.keyword is None)),
            None,
        )
        default = parse_literal(row.keras1_lr if keras1 else row.keras3_lr)
        start = out[lr_index].value if lr_index is not None else default
        schedule = cst.Call(
            func=parse_dotted(ctx.spell(INVERSE_TIME_DECAY)),
            args=[
                new_keyword_arg("initial_learning_rate", start),
                new_keyword_arg("decay_steps", cst.Integer("1")),
                new_keyword_arg("decay_rate", decay.value),
            ],
        )
        if sets_learning_rate(ctx):
            ctx.report(
                SCHEDULE,
                site.original,
                "decay= became a learning-rate schedule, which LearningRateScheduler/ReduceLROnPlateau cannot set "
                "(TypeError): fold lr / (1 + decay * iterations) into the callback instead, or drop the callback",
            )
        if lr_index is not None:
            out[lr_index] = out[lr_index].with_changes(value=schedule)
            return [a for a in out if a is not decay]
        return [new_keyword_arg("learning_rate", schedule) if a is decay else a for a in out]
