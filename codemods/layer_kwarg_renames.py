"""Rename Keras 1 layer keywords and translate their values.

**Why**
Keras 2.0 renamed most layer keywords (``border_mode`` -> ``padding``,
``subsample`` -> ``strides``, ``init`` -> ``kernel_initializer``,
``W_regularizer`` -> ``kernel_regularizer``, ``output_dim`` -> ``units``,
``p`` -> ``rate``, ``dim_ordering`` -> ``data_format``, ...) and Keras 3 no
longer accepts the old names (spec §3.3, §4.1-4.5, §4.14).

**Example**
Before::

    Convolution2D(64, 3, 3, border_mode='same', subsample=(2, 2), init='zero',
                  W_regularizer=l2(0.01), bias=False, dim_ordering='th')
    Dense(output_dim=10, input_dim=784)
    Dropout(p=0.5)

After::

    Conv2D(64, (3, 3), padding='same', strides=(2, 2), kernel_initializer='zeros',
           kernel_regularizer=l2(0.01), use_bias=False, data_format='channels_first')
    Dense(units=10, input_shape=(784,))
    Dropout(rate=0.5)

``weights=None`` (a spelled-out default, often from a keywordised positional)
is dropped; any other ``weights=`` is a K907 finding, because Keras 3 layers
reject it and the arrays must be set after the model is built.
``dim_ordering='default'`` is dropped (``data_format=None`` reads the global
setting, as ``'default'`` did). ``input_dim``/``input_length`` become
``input_shape`` (spec §3.1.2-3.1.3). SeparableConvolution2D's ``init`` set
both kernels and becomes ``depthwise_initializer`` and
``pointwise_initializer``.

**Safety**
Safe for the renames and the listed values. ``border_mode='full'`` (Theano
only) and a ``dim_ordering`` that is not a literal cannot be translated: K904
marks them. Deconvolution2D's ``output_shape`` is dropped because Keras 3
infers the output size: K905 asks to check that size.

**Limits**
Values passed through variables are renamed but not translated (except the
``dim_ordering`` check). A keyword given both in its old and new spelling is
left alone (K906).
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import (
    keyword,
    literal_string,
    new_keyword_arg,
    string_like,
    tuple_of,
    with_args,
)
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.layers import (
    INPUT_SHAPE_KWARGS,
    LAYER_DROPPED_KWARGS,
    LAYER_KWARG_RENAMES,
    LAYER_KWARG_SPLITS,
    LAYER_SIGNATURES,
)

UNTRANSLATABLE = "K904"
DROPPED = "K905"
CONFLICT = "K906"
WEIGHTS = "K907"


class LayerKwargRenames(Codemod):
    code: ClassVar[str] = "K302"
    name: ClassVar[str] = "layer_kwarg_renames"
    summary: ClassVar[str] = "Rename Keras 1 layer keywords (border_mode, subsample, init, ...) and values"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = (
        frozenset(LAYER_KWARG_RENAMES) | frozenset(LAYER_DROPPED_KWARGS) | frozenset(LAYER_SIGNATURES)
    )

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        canon = site.canonical
        layer = canon.rpartition(".")[2]
        renames = {r.old: r for r in LAYER_KWARG_RENAMES.get(canon, ())}
        splits = LAYER_KWARG_SPLITS.get(canon, {})
        dropped = LAYER_DROPPED_KWARGS.get(canon, {})
        present = {k for k in (keyword(a) for a in call.args) if k is not None}
        out: list[cst.Arg] = []
        for arg in call.args:
            kw = keyword(arg)
            if kw is None:
                out.append(arg)
            elif kw == "weights":
                if isinstance(arg.value, cst.Name) and arg.value.value == "None":
                    continue  # the default, spelled out by a keywordised positional
                ctx.report(
                    WEIGHTS,
                    site.original,
                    f"Keras 3 layers reject weights=: remove it from {layer}(...) and call "
                    "layer.set_weights(...) once the model is built (arrays in today's layout)",
                )
                out.append(arg)
            elif kw in splits:
                for new_name in splits[kw]:
                    out.append(arg.with_changes(keyword=cst.Name(new_name), value=arg.value.deep_clone()))
            elif kw in dropped:
                ctx.report(DROPPED, site.original, f"{layer}({kw}=...) was removed: {dropped[kw]}")
            elif kw in renames:
                rule = renames[kw]
                if rule.new in present:
                    ctx.report(CONFLICT, site.original, f"{layer} is given both {kw}= and {rule.new}=; keep one")
                    out.append(arg)
                    continue
                value = literal_string(arg.value)
                if value is not None and value in rule.drop_values:
                    continue
                if value is not None and value in rule.manual_values:
                    ctx.report(UNTRANSLATABLE, site.original, rule.manual_values[value])
                    out.append(arg)
                    continue
                new_value = arg.value
                if value is not None and value in rule.values and rule.values[value] != value:
                    assert isinstance(arg.value, cst.SimpleString)
                    new_value = string_like(arg.value, rule.values[value])
                elif value is None and rule.nonliteral_hint:
                    ctx.report(UNTRANSLATABLE, site.original, rule.nonliteral_hint)
                out.append(arg.with_changes(keyword=cst.Name(rule.new), value=new_value))
            else:
                out.append(arg)
        if canon in INPUT_SHAPE_KWARGS:
            out = _input_shape(out, present, layer, site, ctx)
        new = with_args(call, out)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new


def _input_shape(args: list[cst.Arg], present: set[str], layer: str, site: CallSite, ctx: FileContext) -> list[cst.Arg]:
    """``input_dim=d[, input_length=t]`` -> ``input_shape=(d,)`` / ``(t, d)`` (spec §3.1.2-3.1.3)."""
    if "input_dim" not in present:
        return args
    if "input_shape" in present:
        ctx.report(CONFLICT, site.original, f"{layer} is given both input_dim= and input_shape=; keep one")
        return args
    dim = next(a for a in args if keyword(a) == "input_dim")
    length = next((a for a in args if keyword(a) == "input_length"), None)
    if INPUT_SHAPE_KWARGS[site.canonical or ""] == "dim":
        shape = tuple_of([dim.value])
    else:
        shape = tuple_of([length.value if length is not None else cst.Name("None"), dim.value])
    out: list[cst.Arg] = []
    for arg in args:
        if arg is dim:
            out.append(new_keyword_arg("input_shape", shape).with_changes(comma=arg.comma))
        elif arg is not length:
            out.append(arg)
    return out
