"""Bind positional layer arguments to the names their Keras 1 or Keras 2 release gave them.

**What**
Binds the positional arguments of Keras layer calls (``Convolution2D``,
``Dense``, ``MaxPooling2D``, ``LSTM``, ...) against the Keras 1.2.2 signature
of the class, or against a Keras 2 release's order when the call is proven
Keras 2. Kernel dimensions given as separate positionals (``nb_row, nb_col``)
are fused into one tuple, positionals whose meaning Keras 3 kept stay
positional, and every other positional becomes a keyword. Calls that cannot be
bound are reported (K903).

**Why**
Keras 3 silently re-binds many Keras 1 positionals: ``Conv2D(64, 3, 3)`` is
read as kernel 3 with *strides* 3, and Dense's second positional is now the
activation, not the initializer (spec §3.2, G2). Each call is bound against
the Keras 1.2.2 signature of its class; positions that kept their meaning stay
positional, the kernel dimensions are fused into one tuple, and every other
positional becomes a keyword with its Keras 1 name (the keyword rules then
translate the names). Keras 2 releases moved later positions too (spec
§10.6): tf.keras 2.3 put ``groups`` before Conv2D's ``activation``, Keras 3
put ``embeddings_constraint`` where Embedding had ``activity_regularizer``.
A call proven Keras 2 (a Keras 2 keyword or literal, a tensorflow.keras
import, a class Keras 1 did not have) passes every positional Keras 3 would
misread by its Keras 2 name.

**Example**
Before::

    Convolution2D(64, 3, 3, 'he_normal', 'relu')
    MaxPooling2D((2, 2), (2, 2), 'valid', 'th')
    Conv2D(32, (3, 3), (1, 1), 'same', 'channels_last', (1, 1), 'relu')
    Conv1D(16, 3, 1, 'valid', 2)

After::

    Conv2D(64, (3, 3), kernel_initializer='he_normal', activation='relu')
    MaxPooling2D((2, 2), (2, 2), 'valid', data_format='channels_first')
    Conv2D(32, (3, 3), (1, 1), 'same', 'channels_last', (1, 1), activation='relu')
    Conv1D(16, 3, 1, 'valid', dilation_rate=2)

**Safety**
Safe: the binding is the one the release itself made. ``Dense`` kept its
name in Keras 2 but not its order: its second positional is converted only
when it is an initializer name (Keras 1) and left alone when it is an
activation name (Keras 2). Where Keras 2 releases disagree (Conv1D's fifth
positional is ``dilation_rate`` in Keras 2.0, ``data_format`` later) the
literal decides (an int is no data format). Anything else is a K903 finding
and the call is left as it is.

**Limits**
Calls with ``*args`` cannot be bound and are left as they are (K903 for a
Keras 1 name). Calls with more positionals than Keras 1 accepted are left as
they are (K903), unless the name is also a Keras 2 class. A tensorflow.keras
call may already be Keras 3 code: one that Keras 3 and a tf.keras 2 release
read differently, with no literal to tell, is left as it is without a
finding. A Keras 2 positional Keras 3 has no parameter for (``time_major``)
is passed by keyword anyway, so Keras 3 rejects it, with a K903 finding.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, keyword, tuple_of, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._keras2_positionals import bind_keras2, is_shared, which_version
from codemods.tables.layers import LAYER_CLASS_RENAMES, LAYER_SIGNATURES

UNBOUND = "K903"


def _short(canon: str) -> str:
    return canon.rpartition(".")[2]


class LayerPositionalArgs(Codemod):
    code: ClassVar[str] = "K301"
    name: ClassVar[str] = "layer_positional_args"
    summary: ClassVar[str] = "Bind Keras 1 positional layer arguments to keywords, fuse kernel sizes"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset(LAYER_SIGNATURES)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        sig = LAYER_SIGNATURES[site.canonical]
        name = _short(site.canonical)
        args = list(call.args)
        path = site.path or ""
        if path.startswith("tensorflow") and (sig.keras2 or is_shared(sig)):
            # tf.keras never had the Keras 1 signatures of these names; the code may be Keras 3 already
            return bind_keras2(call, site, ctx, sig, self.code, keras3=path.startswith("tensorflow.keras"))
        if not sig.params:  # a Keras 2 class
            return bind_keras2(call, site, ctx, sig, self.code, keras3=False)
        if any(a.star == "*" for a in args):
            if len([a for a in args if a.keyword is None and not a.star]) > sig.keep or sig.fuse:
                ctx.report(UNBOUND, site.original, f"{name}(*args): positional arguments cannot be checked against the Keras 1 signature; pass them by keyword")
            return call
        positional = [a for a in args if a.keyword is None and not a.star]
        if len(positional) > len(sig.params):
            if is_shared(sig):  # more than Keras 1 took: a Keras 2 call
                return bind_keras2(call, site, ctx, sig, self.code, keras3=False)
            if site.canonical in LAYER_CLASS_RENAMES:
                ctx.report(UNBOUND, site.original, f"{name} takes at most {len(sig.params)} positional arguments in Keras 1; check this call by hand")
            return call
        keywords = {k for k in (keyword(a) for a in args) if k is not None}
        version = which_version(sig, site.canonical, positional, keywords)
        if version == "keras2":
            return bind_keras2(call, site, ctx, sig, self.code, keras3=False)
        if version is None:
            ctx.report(
                UNBOUND,
                site.original,
                f"{name}: cannot tell whether the positional arguments follow Keras 1 "
                f"({', '.join(sig.params[: len(positional)])}) or Keras 2; pass them by keyword",
            )
            return call

        fused_values: dict[str, cst.BaseExpression] = {}
        fuse_slot: int | None = None
        fuse_positional = False
        last_fused: cst.Arg | None = None
        out: list[cst.Arg | None] = []
        for i, arg in enumerate(args):
            param = sig.params[i] if arg.keyword is None and not arg.star else keyword(arg)
            if param in sig.fuse:
                fused_values[param] = arg.value
                last_fused = arg
                if fuse_slot is None:
                    fuse_slot = len(out)
                    fuse_positional = arg.keyword is None
                    out.append(arg)
                continue
            if arg.keyword is None and not arg.star and i >= sig.keep:
                assert param is not None
                arg = as_keyword(arg, param)
            out.append(arg)

        if fused_values:
            missing = [p for p in sig.fuse if p not in fused_values]
            if missing and sig.k2_markers and not (keywords & set(sig.fuse)):
                return call  # `ConvLSTM2D(64, (3, 3))`: the Keras 2 form of a shared name
            if missing:
                ctx.report(UNBOUND, site.original, f"{name}: {', '.join(missing)} missing; give the whole {sig.fused_name}")
                return call
            assert fuse_slot is not None
            slot = out[fuse_slot]
            assert slot is not None and last_fused is not None
            # the fused argument ends where the last fused one ended (its comma, line break)
            slot = slot.with_changes(comma=last_fused.comma, whitespace_after_arg=last_fused.whitespace_after_arg)
            kernel = tuple_of([fused_values[p] for p in sig.fuse])
            if fuse_positional:
                out[fuse_slot] = slot.with_changes(value=kernel)
            else:
                out[fuse_slot] = as_keyword(slot.with_changes(value=kernel), sig.fused_name)
        new_args = [a for a in out if a is not None]
        new = with_args(call, new_args)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new
