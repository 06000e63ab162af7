"""Convert the arguments of backend functions that Keras 2 renamed or reordered.

**What**
Binds the positionals of ``keras.backend`` calls from a legacy ``keras``
import against their Keras 1.2.2 signature and renames what Keras 2 renamed:
keywords (``std`` -> ``stddev``, ``nb_classes`` -> ``num_classes``, ``dim`` ->
``axis``, ``border_mode``/``dim_ordering`` -> ``padding``/``data_format``),
functions (``K.lesser`` -> ``K.less``, ``K.deconv2d`` ->
``K.conv2d_transpose``) and ``K.atrous_conv2d`` ->
``K.conv2d(dilation_rate=)``. ``'th'``/``'tf'`` values become
``'channels_first'``/``'channels_last'``. A convolution on a 'th' kernel and
untranslatable values are reported (K977, K981).

**Why**
Keras 2.0 renamed backend keywords (``K.random_normal(std=)`` -> ``stddev=``,
``K.one_hot(nb_classes)`` -> ``num_classes``, ``K.expand_dims(dim=)`` ->
``axis=``, every ``border_mode``/``dim_ordering`` -> ``padding``/``data_format``),
renamed functions (``K.lesser`` -> ``K.less``, ``K.random_binomial`` ->
``K.random_bernoulli``, ``K.deconv2d`` -> ``K.conv2d_transpose``) and folded
``K.atrous_conv2d`` into ``K.conv2d(dilation_rate=)``; Keras 2.2 put ``axis``
before ``epsilon`` in ``K.batch_normalization``. ``tensorflow.keras.backend``
of TensorFlow 2.21 rejects the old keywords and re-binds the old positions
(spec §8.13-8.22). See https://github.com/keras-team/keras/releases/tag/2.0.0.

**Example**
Before::

    eps = K.random_normal(shape=(n, 2), mean=0., std=1.)
    y = K.conv2d(x, W, (1, 1), 'same', 'tf', None, None, (2, 2))
    z = K.atrous_conv2d(x, W, 2, border_mode='same', dim_ordering='tf')
    h = K.batch_normalization(x, m, v, b, g, 1e-5)

After::

    eps = K.random_normal(shape=(n, 2), mean=0., stddev=1.)
    y = K.conv2d(x, W, (1, 1), 'same', data_format='channels_last', dilation_rate=(2, 2))
    z = K.conv2d(x, W, dilation_rate=2, padding='same', data_format='channels_last')
    h = K.batch_normalization(x, m, v, b, g, epsilon=1e-5)

Each call from a legacy ``keras`` import is bound against its Keras 1.2.2
signature: positions that kept their meaning stay positional, later ones
become keywords, then keywords are renamed, ``'th'``/``'tf'`` converted,
``dim_ordering='default'`` dropped (``data_format=None`` reads the same global)
and ``image_shape``/``filter_shape``/``volume_shape`` dropped (they were hints
for Theano). ``K.conv1d`` gets ``data_format='channels_last'``: Keras 1 always
read (steps, features), today's reads the global format.

**Safety**
Safe for the renames. A convolution whose ordering is not ``'tf'`` gets a K977
finding: Keras 1 ``'th'`` kernels were (out, in, rows, cols), today's are
(rows, cols, in, out) whatever ``data_format`` (spec §8.19, §11.4.13). K981
marks what cannot be translated: a ``dim_ordering`` that is not a literal,
``*args``, more positionals than Keras 1 took, a keyword given twice.

**Limits**
Calls through ``tensorflow.keras`` keep their positions (they already have
today's meaning); only their keywords are renamed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_string, new_keyword_arg, parse_literal, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._kwarg_rows import rename_keywords
from codemods._paths import canonical
from codemods.helper_args import bind_positionals, is_legacy_call
from codemods.tables.backend import (
    BACKEND_ADDED_KWARGS,
    BACKEND_KWARG_RENAMES,
    BACKEND_RENAMES,
    BACKEND_SIGNATURES,
    KERNEL_LAYOUT_CALLS,
    B,
)
from codemods.tables.rows import KwargRename

KERNEL_LAYOUT = "K977"
UNTRANSLATABLE = "K981"

_LAYOUTS: Mapping[str, str] = {
    "atrous_conv2d": "(rows, cols, in, out)",
    "conv2d": "(rows, cols, in, out)",
    "conv3d": "(depth, rows, cols, in, out)",
    "deconv2d": "(rows, cols, out, in)",
    "separable_conv2d": "(rows, cols, in, multiplier) and (1, 1, in * multiplier, out)",
}
_ORDERING_CALLS = frozenset({B + "image_dim_ordering", B + "image_data_format"})


class BackendArgs(Codemod):
    code: ClassVar[str] = "K502"
    name: ClassVar[str] = "backend_args"
    summary: ClassVar[str] = "Convert the arguments of backend functions that Keras 2 renamed or reordered"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset(BACKEND_SIGNATURES) | frozenset(BACKEND_KWARG_RENAMES)
    symbol_renames: ClassVar[Mapping[str, str]] = BACKEND_RENAMES

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        canon = site.canonical or ""
        function = canon.rpartition(".")[2]
        name = f"K.{function}"
        legacy = is_legacy_call(site, ctx)
        args = list(call.args)
        sig = BACKEND_SIGNATURES.get(canon)
        if legacy and sig is not None:
            bound = bind_positionals(args, sig, name, site, ctx, UNTRANSLATABLE)
            if bound is None:
                return call
            args = bound
        rows = tuple(self._rows(canon, args, ctx))
        args = rename_keywords(args, rows, name, site, ctx, UNTRANSLATABLE, UNTRANSLATABLE)
        added = BACKEND_ADDED_KWARGS.get(canon)
        if legacy and added is not None and all(keyword(a) != added[0] for a in args) and not any(a.star for a in args):
            args = [*args, new_keyword_arg(added[0], parse_literal(added[1]))]
        if legacy and canon in KERNEL_LAYOUT_CALLS:
            self._kernel_layout(args, function, site, ctx)
        new = with_args(call, args)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new

    def _rows(self, canon: str, args: list[cst.Arg], ctx: FileContext) -> list[KwargRename]:
        """The keyword rules; a dim_ordering read from K.image_dim_ordering() is right as it is."""
        rows = []
        for row in BACKEND_KWARG_RENAMES.get(canon, ()):
            if row.old == "dim_ordering" and any(keyword(a) == "dim_ordering" and self._is_ordering(a.value, ctx) for a in args):
                row = dataclasses.replace(row, nonliteral_hint="")
            rows.append(row)
        return rows

    def _is_ordering(self, value: cst.BaseExpression, ctx: FileContext) -> bool:
        if not isinstance(value, cst.Call):
            return False
        path = ctx.path_of(value.func)
        return path is not None and canonical(path) in _ORDERING_CALLS

    def _kernel_layout(self, args: list[cst.Arg], function: str, site: CallSite, ctx: FileContext) -> None:
        data_format = next((a for a in args if keyword(a) == "data_format"), None)
        if data_format is not None and literal_string(data_format.value) == "channels_last":
            return
        ctx.report(
            KERNEL_LAYOUT,
            site.original,
            f"K.{function}: a Keras 1 'th' kernel had its channel axes first; the kernel is now "
            f"{_LAYOUTS[function]} whatever data_format: permute it if it was built for 'th' "
            "(and flip its spatial axes if it was trained with Theano)",
        )
