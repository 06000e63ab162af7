"""Rename Keras 1 regularizers, constraints and initializer functions, and convert their arguments.

**What**
Renames the Keras 1 regularizer, constraint and initializer functions and
classes (``l1l2``, ``activity_l2``, ``WeightRegularizer``, ``maxnorm``,
``normal``, ``uniform``, ...) wherever they are referenced, converts their
arguments to today's keywords and writes out the Keras 1 defaults that
changed. Keras 1 initializer calls, and lambdas given to a layer's initializer
keyword, become initializer objects (``RandomNormal(stddev=...)``). What has
no counterpart is reported (K930, K931, K932).

**Why**
Keras 2.0 replaced the Keras 1 weight helpers with classes and new argument
names, and Keras 3 dropped the old spellings (spec §1.11, §4.16-4.19, §9.14):
``l1l2`` -> ``l1_l2``, ``activity_l2`` -> ``l2``, ``WeightRegularizer`` ->
``L1L2``, ``l2(l=...)`` is a TypeError (the keyword is ``l2=`` now),
``maxnorm(m=...)`` -> ``MaxNorm(max_value=...)``, ``MinMaxNorm(low, high)``
-> ``MinMaxNorm(min_value, max_value)``, ``activations.relu(x, alpha=...)``
-> ``negative_slope=``. Keras 1 initializers were functions
``f(shape, name=None)`` returning a variable; Keras 3 takes initializer
objects and calls them as ``f(shape, dtype=None)``.
See https://github.com/keras-team/keras/releases/tag/2.0.0.

**Example**
Before::

    Dense(64, W_regularizer=l1l2(0.01), b_regularizer=l2(l=0.01),
          W_constraint=maxnorm(m=2), activity_regularizer=activity_l2(0.1))
    SimpleRNN(100, init=lambda shape, name: normal(shape, scale=0.001, name=name),
              inner_init=initializations.identity)

After::

    Dense(64, kernel_regularizer=l1_l2(l1=0.01, l2=0.01), bias_regularizer=l2(0.01),
          kernel_constraint=MaxNorm(max_value=2), activity_regularizer=l2(0.1))
    SimpleRNN(100, kernel_initializer=RandomNormal(stddev=0.001),
              recurrent_initializer=initializations.Identity())

Every reference is renamed, whatever its spelling, and the import follows.
``l1l2()`` defaulted to 0.01 for both factors, ``l1_l2()`` defaults to 0.0:
the Keras 1 defaults are written out. A Keras 1 initializer call
``normal(shape, scale=s)`` becomes ``RandomNormal(stddev=s)(shape)``
(``uniform``: ``RandomUniform(minval=-s, maxval=s)``, ``identity`` and
``orthogonal``: ``gain=s``); as the body of a ``lambda`` passed to a layer's
initializer keyword, the lambda becomes the initializer object itself. A bare
initializer function or class given to such a keyword becomes an instance.

**Safety**
Safe for the renames and arguments: the values are the same (an
``activity_regularizer`` is averaged over the batch by Keras 3 as by Keras
1.2's ``ActivityRegularizer``). Outside a layer's lambda, a converted
initializer call is not enough: it returns a tensor, not a variable, and an
enclosing function still has the Keras 1 signature, which Keras 3 would call
with ``dtype=``; K930 says what to write. A lambda with the Keras 1
initializer signature that is not a single such call is left alone with
K930. ``EigenvalueRegularizer`` has no counterpart: K931, and its
import keeps its Keras 1 form (K901). A kernel constraint on a Keras 1 layer
with ``dim_ordering='th'`` gets K932: Keras 1 'th' kernels were
``(filters, in, rows, cols)``, today's are ``(rows, cols, in, filters)``, so
its ``axis`` may need changing (spec §4.20).

**Limits**
An initializer given as the name of a ``def`` is not followed (its body is
converted and marked by K930). Without an explicit ``scale``, ``orthogonal``
now uses gain 1.0 where Keras 1 used 1.1, and ``glorot_normal``/``he_normal``
sample a truncated normal (spec §4.15; for exact reproduction use
``VarianceScaling(..., distribution='untruncated_normal')``). A negated
``scale`` expression is written twice. The 'th' kernel check only sees a
literal ``dim_ordering`` on the call, not a global ``image_dim_ordering``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from codemods._args import (
    as_keyword,
    bind_arguments,
    keyword,
    literal_string,
    mentions_name,
    new_keyword_arg,
    parse_literal,
    with_args,
)
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._paths import canonical
from codemods.tables.layers import KERAS1_LAYER_CLASSES
from codemods.tables.weights import (
    INITIALIZER_FUNCTIONS,
    KERAS1_INITIALIZER_MODULE,
    REMOVED_WEIGHT_SYMBOLS,
    WEIGHT_CALL_CONVERSIONS,
    WEIGHT_SYMBOL_RENAMES,
    CallConversion,
    InitializerFunction,
    value_kind,
)

INITIALIZER_CALLABLE = "K930"
REMOVED = "K931"
TH_KERNEL_AXIS = "K932"

LAYER_CALLS = frozenset(f"keras.layers.{name}" for name in KERAS1_LAYER_CLASSES)
_KERNEL_CONSTRAINTS = frozenset({"W_constraint", "kernel_constraint", "depthwise_constraint", "pointwise_constraint"})
_CLASS_NAMES = frozenset(row.target.rpartition(".")[2] for row in INITIALIZER_FUNCTIONS.values())
_CLASS_CANONICALS = frozenset(canonical(row.target) for row in INITIALIZER_FUNCTIONS.values())
_EMPTY = cst.Module([])


@dataclass
class _Pending:
    """A converted initializer call whose finding waits for the end of its statement."""

    original: cst.Call
    produced: cst.Call
    message: str


@dataclass
class _FileState:
    pending: dict[int, _Pending] = field(default_factory=dict)


class WeightFunctions(Codemod):
    code: ClassVar[str] = "K303"
    name: ClassVar[str] = "weight_functions"
    summary: ClassVar[str] = "Rename Keras 1 regularizers, constraints and initializer functions and convert their arguments"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = (
        frozenset(WEIGHT_CALL_CONVERSIONS) | frozenset(INITIALIZER_FUNCTIONS) | frozenset(REMOVED_WEIGHT_SYMBOLS) | LAYER_CALLS
    )
    methods: ClassVar[frozenset[str]] = frozenset({"add_weight"})
    # findings on initializer calls wait for their statement's end (a layer may absorb the call)
    statement_lines: ClassVar[bool] = True
    symbol_renames: ClassVar[Mapping[str, str]] = {
        **WEIGHT_SYMBOL_RENAMES,
        **{name: row.target for name, row in INITIALIZER_FUNCTIONS.items()},
    }
    removed_symbols: ClassVar[Mapping[str, str]] = REMOVED_WEIGHT_SYMBOLS

    def __init__(self) -> None:
        # per-file state, dropped with the file's context (files may be migrated concurrently)
        self._states: dict[int, _FileState] = {}

    def _state(self, ctx: FileContext) -> _FileState:
        key = id(ctx)
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = _FileState()
            weakref.finalize(ctx, self._states.pop, key, None)
        return state

    # -- dispatch ---------------------------------------------------------------
    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        canon = site.canonical
        if canon is None or canon in LAYER_CALLS:
            return self._layer(call, site, ctx)
        if canon in REMOVED_WEIGHT_SYMBOLS:
            ctx.report(REMOVED, site.original, REMOVED_WEIGHT_SYMBOLS[canon])
            return call
        if canon in INITIALIZER_FUNCTIONS:
            path = ctx.path_of(site.original.func) or ""
            if not path.startswith(KERAS1_INITIALIZER_MODULE + "."):
                return call  # Keras 2's lowercase aliases took the class's own arguments
            return self._initializer_call(call, site, INITIALIZER_FUNCTIONS[canon], ctx)
        new = _convert(call, WEIGHT_CALL_CONVERSIONS[canon])
        if new is not call:
            ctx.fire(self.code)
        return new

    def on_statement_line(
        self, line: cst.SimpleStatementLine, ctx: FileContext
    ) -> Sequence[cst.SimpleStatementLine] | None:
        state = self._state(ctx)
        for pending in state.pending.values():
            ctx.report(INITIALIZER_CALLABLE, pending.original, pending.message)
        state.pending.clear()
        return None

    # -- Keras 1 initializer calls: normal(shape, scale=s, name=name) -------------
    def _initializer_call(
        self, call: cst.Call, site: CallSite, row: InitializerFunction, ctx: FileContext
    ) -> cst.BaseExpression:
        bound = bind_arguments(call, row.params)
        target = row.target.rpartition(".")[2]
        if bound is None or "shape" not in bound:
            ctx.report(
                INITIALIZER_CALLABLE,
                site.original,
                f"this Keras 1 initializer call has arguments kmigrate cannot bind: write {target}(...)(shape) "
                "by hand (Keras 1 scale: stddev for normal, minval/maxval for uniform, gain otherwise)",
            )
            return call
        obj_args: list[cst.Arg] = []
        scale = bound.get("scale")
        for spec in row.scale if scale is not None else ():
            assert scale is not None
            value = scale.value.deep_clone()
            obj_args.append(new_keyword_arg(spec.name, _negated(value) if spec.negate else value))
        obj = cst.Call(func=call.func, args=obj_args)
        produced = cst.Call(func=obj, args=[cst.Arg(value=bound["shape"].value)])
        text = _EMPTY.code_for_node(obj)
        message = (
            f"a Keras 1 initializer call now returns a tensor: pass {text} itself as the initializer "
            f"(Keras 3 calls initializers as f(shape, dtype=None)), or for a weight use "
            f"add_weight(shape=..., initializer={text})"
        )
        self._state(ctx).pending[id(site.original)] = _Pending(site.original, produced, message)
        ctx.fire(self.code)
        return produced

    # -- values of layer keywords -------------------------------------------------
    def _layer(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        state = self._state(ctx)
        out: list[cst.Arg] = []
        for arg in call.args:
            kw = keyword(arg)
            if kw is not None and value_kind(kw) == "initializer":
                arg = arg.with_changes(value=self._initializer_value(arg.value, site, state, ctx))
            out.append(arg)
        new = with_args(call, out)
        if new is not call:
            ctx.fire(self.code)
        if site.canonical is not None:
            _check_th_kernel_constraint(new, site, ctx)
        return new

    def _initializer_value(
        self, value: cst.BaseExpression, site: CallSite, state: _FileState, ctx: FileContext
    ) -> cst.BaseExpression:
        if isinstance(value, cst.Name | cst.Attribute) and _is_initializer_class(value, ctx):
            return cst.Call(func=value)
        if not isinstance(value, cst.Lambda):
            return value
        params = [p.name.value for p in value.params.params]
        if "dtype" in params or not params:
            return value  # already today's signature
        body = value.body
        if (
            isinstance(body, cst.Call)
            and isinstance(body.func, cst.Call)
            and len(body.args) == 1
            and not body.args[0].keyword
            and not body.args[0].star
            and isinstance(body.args[0].value, cst.Name)
            and body.args[0].value.value == params[0]
            and isinstance(body.func.func, cst.Name | cst.Attribute)
            and _is_initializer_class(body.func.func, ctx)
            and not mentions_name(body.func, params[0])
        ):
            _cancel(state, lambda p: p.produced.deep_equals(body))
            return body.func
        _cancel(state, lambda p: _contains(value, p.produced))
        ctx.report(
            INITIALIZER_CALLABLE,
            site.original,
            "this lambda is a Keras 1 initializer f(shape, name=None) returning a variable: Keras 3 calls "
            "f(shape, dtype=None) and wants a tensor; write lambda shape, dtype=None: <tensor>, or pass an "
            "initializer object",
        )
        return value


# -- helpers ------------------------------------------------------------------------


def _convert(call: cst.Call, row: CallConversion) -> cst.Call:
    """Apply a ``CallConversion``: rename keywords, keywordise, add Keras 1 defaults."""
    if any(a.star for a in call.args):
        return call
    out: list[cst.Arg] = []
    index = 0
    for arg in call.args:
        kw = keyword(arg)
        if kw is None:
            name = row.params[index] if index < len(row.params) else None
            index += 1
            if row.keywordise and name is not None:
                new_name = row.keywords.get(name, name)
                if new_name is not None:
                    arg = as_keyword(arg, new_name)
        elif kw in row.keywords:
            new_kw = row.keywords[kw]
            if new_kw is None:
                if len(call.args) != 1:
                    return call  # a positional value must come first; leave odd calls alone
                arg = arg.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
            else:
                arg = arg.with_changes(keyword=cst.Name(new_kw))
        out.append(arg)
    order = [row.keywords.get(p, p) for p in row.params]
    for name, source in row.defaults.items():
        present = [keyword(a) for a in out]
        if name in present:
            continue
        # before the first keyword that follows it in the Keras 1 order, so l1= stays ahead of l2=
        later = {n for n in order[order.index(name) + 1 :] if n is not None} if name in order else set()
        at = next((i for i, k in enumerate(present) if k in later), len(out))
        out.insert(at, new_keyword_arg(name, parse_literal(source)))
    return with_args(call, out)


def _negated(value: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus) and not value.lpar:
        return value.expression
    if not isinstance(value, cst.Name | cst.Attribute | cst.Integer | cst.Float | cst.Call | cst.Subscript):
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.UnaryOperation(operator=cst.Minus(), expression=value)


def _is_initializer_class(node: cst.Name | cst.Attribute, ctx: FileContext) -> bool:
    """Whether ``node`` (already renamed by the pipeline) names an initializer that replaced a Keras 1 function."""
    path = ctx.path_of(node)
    if path is None and isinstance(node, cst.Name):
        for binding in ctx.resolution.bindings.values():
            if not binding.is_module and ctx.local_symbol_name(binding) == node.value:
                path = binding.path
                break
        else:
            if node.value in _CLASS_NAMES and node.value not in ctx.resolution.local_names:
                stars = {canonical(m) for m in ctx.resolution.star_modules}
                return "keras.initializers" in stars
    canon = canonical(path) if path is not None else None
    return canon is not None and (canon in INITIALIZER_FUNCTIONS or canon in _CLASS_CANONICALS)


def _contains(tree: cst.CSTNode, node: cst.CSTNode) -> bool:
    if tree is node or (type(tree) is type(node) and tree.deep_equals(node)):
        return True
    return any(_contains(child, node) for child in tree.children)


def _cancel(state: _FileState, matches: Callable[[_Pending], bool]) -> None:
    for key, pending in list(state.pending.items()):
        if matches(pending):
            del state.pending[key]
            return


def _check_th_kernel_constraint(call: cst.Call, site: CallSite, ctx: FileContext) -> None:
    """Spec §4.20: a kernel constraint's axis on a Keras 1 channels-first layer."""
    values = {keyword(a): a.value for a in call.args if keyword(a) is not None}
    ordering = {literal_string(values[k]) for k in ("dim_ordering", "data_format") if k in values}
    if not ordering & {"th", "channels_first"}:
        return
    if not (ctx.path_of(site.original.func) or "").startswith("keras."):
        return  # written for Keras 2 or later: kernels were already (rows, cols, in, filters)
    constraints = [v for k, v in values.items() if k in _KERNEL_CONSTRAINTS]
    if all(isinstance(v, cst.Name) and v.value == "None" for v in constraints):
        return
    ctx.report(
        TH_KERNEL_AXIS,
        site.original,
        "Keras 1 'th' kernels were (filters, in, rows, cols), today's are (rows, cols, in, filters): "
        "check the kernel constraint's axis (per-filter norms: every axis but the last)",
    )
