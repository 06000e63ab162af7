"""Turn ``fit_generator``/``evaluate_generator``/``predict_generator`` into ``fit``/``evaluate``/``predict``.

**What**
Rewrites ``fit_generator``, ``evaluate_generator`` and ``predict_generator``
calls into ``fit``, ``evaluate`` and ``predict``, passes every argument after
the generator by keyword, and turns the Keras 1 sample counts
(``samples_per_epoch``, ``nb_val_samples``, ``val_samples``) into step counts
(``steps_per_epoch``, ``validation_steps``, ``steps``). The queue and worker
keywords Keras 3 rejects are dropped. Counts it cannot convert exactly, and
arguments it cannot bind, are reported (K961-K965).

**Why**
Keras 3 removed the generator methods (AttributeError) and the queue and
worker keywords (``max_q_size``/``nb_worker``/``pickle_safe``, Keras 2's
``max_queue_size``/``workers``/``use_multiprocessing``: TypeError).
Keras 1 counted an epoch in samples (``samples_per_epoch``, ``nb_val_samples``,
``val_samples``); today's ``fit``/``evaluate``/``predict`` count batches
(``steps_per_epoch``, ``validation_steps``, ``steps``), and their second
positional is ``y`` or ``batch_size`` (spec §7.8-7.13, §10.7-10.8, §12.1-12.2).

**Example**
Before::

    train_gen = datagen.flow(X_train, Y_train, batch_size=32)
    model.fit_generator(train_gen, samples_per_epoch=len(X_train), nb_epoch=5,
                        validation_data=(X_test, Y_test), nb_val_samples=1000, nb_worker=1)
    test_gen = datagen.flow(X_test, batch_size=32, shuffle=False)
    preds = model.predict_generator(test_gen, 500)

After::

    train_gen = datagen.flow(X_train, Y_train, batch_size=32)
    model.fit(train_gen, steps_per_epoch=len(train_gen), epochs=5,
                        validation_data=(X_test, Y_test))
    test_gen = datagen.flow(X_test, batch_size=32, shuffle=False)
    # kmigrate: K962 Keras 3 reads at most len(iterator) batches from this ImageDataGenerator iterator: ...
    preds = model.predict(test_gen, steps=ceil(500 / test_gen.batch_size), verbose=0)[:500]

Everything after the generator becomes a keyword. A sample count S becomes
``ceil(S / B)`` (Keras 1 ended an epoch once S samples were drawn) when the
generator is an ``ImageDataGenerator`` iterator made in this file: inline
(B is its ``batch_size``, default 32) or assigned to a name (B is
``name.batch_size``, which stays right whatever the name holds;
``len(name)`` when S is the length of the data it flows). ``nb_val_samples``
is dropped when ``validation_data`` is an in-memory tuple (Keras 1 ignored
it). ``predict`` keeps Keras 1's row count with ``[:S]``; ``evaluate`` and
``predict`` get ``verbose=0`` (Keras 1 printed nothing). Keras 2 spellings
(``steps_per_epoch=``, ``workers=``) are converted too, as are the worker
keywords on ``fit``/``evaluate``/``predict`` of a proven model.

**Safety**
Review. K961: a generator whose batch size is unknown keeps the sample count
as the step count (the Keras 2.0 converter's choice) with a finding saying
what to write. K962: Keras 3 reads an ``ImageDataGenerator`` iterator (a
``PyDataset``) in passes of ``len(iterator)`` batches and stops an epoch at
the end of a pass, so the count matches Keras 1 only when S is the number of
samples it holds; said unless S is visibly ``len(x)``/``x.shape[0]`` of the
flowed data. K963: dropped ``nb_worker``/``workers`` above 1 or
``pickle_safe``/``use_multiprocessing`` true (parallel loading is gone).
K964: ``class_weight`` with a generator that may be a Python generator
(Keras 3 rejects it). K965: a call that cannot be bound (``*args``, too many
positionals), or a positional-only call whose second argument could be a
Keras 2 step count, in a file that imports standalone ``keras`` but showed
no Keras 1 training keyword before it (``nb_epoch``, ``samples_per_epoch``, ...).

**Limits**
Batch sizes of hand-written generator functions are not read (the walk sees
no compound statements). An iterator whose last batch is short makes Keras 1
draw more batches than ``ceil(S / B)`` when S exceeds its length.
``predict`` of a multi-output model returns a list, which ``[:S]`` does not trim.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, keyword, literal_int, literal_key, new_keyword_arg, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods._training import (
    Flow,
    ceil_div,
    facts,
    flow_of,
    is_legacy_file,
    is_pure,
    observe,
    source,
)
from codemods.tables.training import (
    FLOW_BATCH_POSITIONS,
    FLOW_DEFAULT_BATCH,
    GENERATOR_KWARG_RENAMES,
    GENERATOR_SAMPLE_COUNTS,
    GENERATOR_TARGETS,
    KERAS1_GENERATOR_KEYWORDS,
    KERAS1_GENERATOR_SIGNATURES,
    KERAS2_GENERATOR_KEYWORDS,
    KERAS2_GENERATOR_SIGNATURES,
    TRAINING_KWARG_DROPS,
    WORKER_KWARGS,
)
from codemods.training_args import TrainingArgs

UNKNOWN_BATCH = "K961"
ITERATOR_PASSES = "K962"
WORKERS = "K963"
CLASS_WEIGHT = "K964"
UNBOUND = "K965"

_PROOF = frozenset({"max_queue_size", "use_multiprocessing"})  # Keras-only worker keywords


class GeneratorMethods(Codemod):
    code: ClassVar[str] = "K406"
    name: ClassVar[str] = "generator_methods"
    summary: ClassVar[str] = "Turn the *_generator methods into fit/evaluate/predict with step counts"
    safety: ClassVar[Safety] = Safety.REVIEW
    # flow* are listed so that lines assigning iterators are walked and observed
    methods: ClassVar[frozenset[str]] = (
        frozenset(GENERATOR_TARGETS) | frozenset({"evaluate", "fit", "predict"}) | frozenset(FLOW_BATCH_POSITIONS)
    )
    statement_lines: ClassVar[bool] = True

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        observe(line, ctx)
        return None

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        method = site.method or ""
        if method in GENERATOR_TARGETS:
            return self._generator(call, method, site, ctx)
        if method in FLOW_BATCH_POSITIONS:
            return call
        keywords = {keyword(a) for a in call.args}
        if not (site.is_model_receiver or keywords & _PROOF):
            return call
        parallel: list[str] = []
        args = [a for a in call.args if not self._dropped(keyword(a), a, parallel)]
        self._report_parallel(parallel, method, site, ctx)
        new = with_args(call, args)
        if new is not call:
            ctx.fire(self.code)
        return new

    def _generator(self, call: cst.Call, method: str, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        args = list(call.args)
        if any(a.star for a in args):
            ctx.report(UNBOUND, site.original, f"{method}(*args): pass the arguments by keyword so they can be converted")
            return call
        keywords = {k for k in (keyword(a) for a in args) if k is not None}
        positional = [a for a in args if a.keyword is None]
        known = facts(ctx)
        keras1_keywords = bool(keywords & KERAS1_GENERATOR_KEYWORDS)
        known.keras1_training = known.keras1_training or keras1_keywords
        keras1 = keras1_keywords or (not keywords & KERAS2_GENERATOR_KEYWORDS and is_legacy_file(ctx))
        params = (KERAS1_GENERATOR_SIGNATURES if keras1 else KERAS2_GENERATOR_SIGNATURES)[method]
        if len(positional) > len(params):
            ctx.report(UNBOUND, site.original, f"{method} with {len(positional)} positional arguments: pass them by keyword")
            return call
        # nb_epoch renamed (K401) or a Keras 1 generator keyword earlier in the file proves Keras 1
        proven = keras1_keywords or known.keras1_training or TrainingArgs.code in ctx.fired
        if keras1 and len(positional) > 1 and not proven:
            ctx.report(
                UNBOUND,
                site.original,
                f"{method}'s second argument was read as a Keras 1 sample count; if this was Keras 2 code "
                "(a step count), keep the count as it was",
            )
        named = {keyword(a) or params[i]: a for i, a in enumerate(args)}
        generator = named.get("generator")
        target = GENERATOR_TARGETS[method]
        out: list[cst.Arg] = []
        parallel: list[str] = []
        exact = True
        for param, arg in named.items():
            if param == "generator":
                out.append(arg if arg.keyword is None else as_keyword(arg, "x"))
            elif param in GENERATOR_SAMPLE_COUNTS:
                counted = self._count(param, arg, named, target, site, ctx)
                if counted is not None:
                    out.append(counted[0])
                    exact = exact and counted[1]
            elif not self._dropped(param, arg, parallel):
                out.append(as_keyword(arg, GENERATOR_KWARG_RENAMES.get(param, param)))
        self._report_parallel(parallel, target, site, ctx)
        if target != "fit" and "verbose" not in named:
            out.append(new_keyword_arg("verbose", cst.Integer("0")))
        weights = named.get("class_weight")
        if weights is not None and literal_key(weights.value) != "None" and (generator is None or flow_of(generator.value, ctx) is None):
            ctx.report(
                CLASS_WEIGHT,
                site.original,
                "Keras 3 rejects class_weight for Python generators (ImageDataGenerator iterators are fine): "
                "yield (x, y, sample_weight) with each sample's class weight instead",
            )
        assert isinstance(call.func, cst.Attribute)
        new: cst.BaseExpression = with_args(call, out).with_changes(func=call.func.with_changes(attr=cst.Name(target)))
        count = named.get("val_samples")
        if target == "predict" and count is not None and not exact:
            upper = count.value.deep_clone()
            new = cst.Subscript(value=new, slice=[cst.SubscriptElement(cst.Slice(lower=None, upper=upper))])
        ctx.fire(self.code)
        return new

    def _count(
        self, param: str, arg: cst.Arg, named: dict[str, cst.Arg], target: str, site: CallSite, ctx: FileContext
    ) -> tuple[cst.Arg, bool] | None:
        """The step-count argument for a Keras 1 sample count, and whether it is exact.

        None drops the argument (``nb_val_samples`` without generator validation data).
        """
        new_kw = GENERATOR_SAMPLE_COUNTS[param]
        total = arg.value
        if param == "nb_val_samples":
            data = named.get("validation_data")
            if data is None or isinstance(data.value, cst.Tuple | cst.List):
                return None
            iterator: cst.Arg | None = data
        else:
            iterator = named.get("generator")
        flow = flow_of(iterator.value, ctx) if iterator is not None else None
        steps = _flow_steps(total, flow, ctx) if flow is not None else None
        if steps is None:
            ctx.report(UNKNOWN_BATCH, site.original, _unknown_batch(param, new_kw, source(total), target))
            return as_keyword(arg, new_kw), False
        value, proven, exact = steps
        if not proven:
            ctx.report(ITERATOR_PASSES, site.original, _passes(new_kw, source(total), target))
        return as_keyword(arg.with_changes(value=value), new_kw), exact

    def _dropped(self, param: str | None, arg: cst.Arg, parallel: list[str]) -> bool:
        """True for keywords Keras 3 rejects; a dropped request for parallelism goes to ``parallel``."""
        if param in TRAINING_KWARG_DROPS.get("fit", frozenset()):
            return True
        if param is None or param not in WORKER_KWARGS:
            return False
        serial = WORKER_KWARGS[param]
        if serial is not None and literal_key(arg.value) not in serial:
            parallel.append(param)
        return True

    def _report_parallel(self, parallel: list[str], target: str, site: CallSite, ctx: FileContext) -> None:
        if parallel:
            ctx.report(
                WORKERS,
                site.original,
                f"Keras 3 {target}() takes no {', '.join(parallel)}: data now loads in the calling thread; for parallel "
                "loading use a keras.utils.PyDataset (a Sequence is one) built with workers=..., use_multiprocessing=...",
            )


def _flow_steps(total: cst.BaseExpression, flow: Flow, ctx: FileContext) -> tuple[cst.BaseExpression, bool, bool] | None:
    """``ceil(S / B)`` for an iterator; whether S is visibly the number of samples it
    holds; whether S is a whole number of batches (so ``predict`` needs no slice)."""
    proven = flow.data is not None and source(total) in (f"len({flow.data})", f"{flow.data}.shape[0]")
    if flow.name is not None:
        ref = parse_dotted(flow.name)
        if proven:
            return cst.Call(func=cst.Name("len"), args=[cst.Arg(ref)]), True, True
        return ceil_div(total, cst.Attribute(value=ref, attr=cst.Name("batch_size")), ctx), False, False
    batch = flow.batch if flow.batch is not None else cst.Integer(str(FLOW_DEFAULT_BATCH))
    if not is_pure(batch):
        return None
    t, b = literal_int(total), literal_int(batch)
    whole = t is not None and b is not None and b > 0 and t % b == 0
    return ceil_div(total, batch.deep_clone(), ctx), proven, proven or whole


def _unknown_batch(param: str, new_kw: str, total: str, target: str) -> str:
    advice = f"{new_kw}={total} is still Keras 1's sample count: Keras 3 counts batches, write ceil({total} / batch_size)"
    if param == "nb_val_samples":
        return advice + " for a generator, or remove it for in-memory validation data"
    if target == "predict":
        return advice + "; a Python generator must also yield (x,) tuples"
    return advice + " with the generator's batch size"


def _passes(new_kw: str, total: str, target: str) -> str:
    if target == "fit":
        return (
            f"Keras 3 reads this ImageDataGenerator iterator in passes of len(iterator) batches: {new_kw} matches "
            f"Keras 1 only if {total} is its sample count; otherwise use len(iterator) and scale epochs"
        )
    return (
        f"Keras 3 reads at most len(iterator) batches from this ImageDataGenerator iterator: {new_kw} matches "
        f"Keras 1 only if {total} is at most its sample count"
    )
