"""Rename Keras 1 layer keywords and translate their values.

**What**
Renames the Keras 1 keywords of layer calls to their Keras 2+ names
(``border_mode`` -> ``padding``, ``subsample`` -> ``strides``, ``init`` ->
``kernel_initializer``, ``W_regularizer`` -> ``kernel_regularizer``,
``output_dim`` -> ``units``, ``p`` -> ``rate``, ``dim_ordering`` ->
``data_format``, ...) and translates their values (``bias=False`` ->
``use_bias=False``, ``'th'`` -> ``'channels_first'``). Keywords Keras 3
dropped are removed. Values with no translation, dropped keywords that
mattered and keywords given twice are reported (K904, K905, K906).

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

``dim_ordering='default'`` is dropped (``data_format=None`` reads the global
setting, as ``'default'`` did). SeparableConvolution2D's ``init`` set both
kernels and becomes ``depthwise_initializer`` and ``pointwise_initializer``.
Recurrent layers: ``inner_init``, ``inner_activation``, ``U_regularizer``,
``dropout_W``/``dropout_U`` get their Keras 2 names, ``consume_less`` (a speed
knob) is dropped, LSTM's ``forget_bias_init='one'``/``'zero'`` becomes
``unit_forget_bias=True``/``False``. ``BatchNormalization(mode=0)`` drops the
mode; ``LeakyReLU(alpha=0.2)`` becomes ``LeakyReLU(0.2)`` (the first positional
is the slope in tf.keras 2 and Keras 3, whose keyword is now ``negative_slope``).

**Safety**
Safe for the renames and the listed values. ``border_mode='full'`` (Theano
only), a ``dim_ordering`` that is not a literal, ``BatchNormalization(mode=1)``
or ``mode=2``, and a ``forget_bias_init`` other than one/zero cannot be
translated: K904 marks them and leaves them as they are (Keras 3 then rejects
them loudly). Deconvolution2D's ``output_shape`` is dropped because Keras 3
infers the output size: K905 asks to check that size.

**Limits**
Values passed through variables are renamed but not translated (except the
``dim_ordering`` check). A keyword given both in its old and new spelling is
left alone (K906).
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._kwarg_rows import apply_rename
from codemods.tables.layers import (
    LAYER_DROPPED_KWARGS,
    LAYER_KWARG_RENAMES,
    LAYER_KWARG_SPLITS,
    LAYER_KWARGS_TO_POSITIONAL,
)

UNTRANSLATABLE = "K904"
DROPPED = "K905"
CONFLICT = "K906"


class LayerKwargRenames(Codemod):
    code: ClassVar[str] = "K302"
    name: ClassVar[str] = "layer_kwarg_renames"
    summary: ClassVar[str] = "Rename Keras 1 layer keywords (border_mode, subsample, init, ...) and values"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = (
        frozenset(LAYER_KWARG_RENAMES) | frozenset(LAYER_DROPPED_KWARGS) | frozenset(LAYER_KWARGS_TO_POSITIONAL)
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
            elif kw in splits:
                for new_name in splits[kw]:
                    out.append(arg.with_changes(keyword=cst.Name(new_name), value=arg.value.deep_clone()))
            elif kw in dropped:
                ctx.report(DROPPED, site.original, f"{layer}({kw}=...) was removed: {dropped[kw]}")
            elif kw in renames:
                rule = renames[kw]
                if rule.new is not None and rule.new != kw and rule.new in present:
                    ctx.report(CONFLICT, site.original, f"{layer} is given both {kw}= and {rule.new}=; keep one")
                    out.append(arg)
                    continue
                new_arg = apply_rename(rule, arg, site, ctx, UNTRANSLATABLE)
                if new_arg is not None:
                    out.append(new_arg)
            else:
                out.append(arg)
        positional = LAYER_KWARGS_TO_POSITIONAL.get(canon)
        if positional is not None:
            out = _to_first_positional(out, positional)
        new = with_args(call, out)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new


def _to_first_positional(args: list[cst.Arg], name: str) -> list[cst.Arg]:
    """``f(name=v, ...)`` -> ``f(v, ...)`` when ``f`` has no positional argument."""
    if any(keyword(a) is None for a in args):
        return args
    target = next((a for a in args if keyword(a) == name), None)
    if target is None:
        return args
    moved = target.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
    return [moved, *(a for a in args if a is not target)]
