"""Normalise Keras 1 positional layer arguments before anything is renamed.

**Why**
Keras 3 silently re-binds many Keras 1 positionals: ``Conv2D(64, 3, 3)`` is
read as kernel 3 with *strides* 3, and Dense's second positional is now the
activation, not the initializer (spec §3.2, G2). Each call is bound against
the Keras 1.2.2 signature of its class; positions that kept their meaning stay
positional, the kernel dimensions are fused into one tuple, and every other
positional becomes a keyword with its Keras 1 name (the keyword rules then
translate the names).

**Example**
Before::

    Convolution2D(64, 3, 3, 'he_normal', 'relu')
    Convolution2D(nb_filter=32, nb_row=5, nb_col=5)
    MaxPooling2D((2, 2), (2, 2), 'valid', 'th')

After::

    Conv2D(64, (3, 3), kernel_initializer='he_normal', activation='relu')
    Conv2D(filters=32, kernel_size=(5, 5))
    MaxPooling2D((2, 2), (2, 2), 'valid', data_format='channels_first')

**Safety**
Safe: the binding is the one Keras 1 itself made. ``Dense`` kept its name in
Keras 2 but not its order: its second positional is converted only when it
is an initializer name (Keras 1) and left alone when it is an activation name
(Keras 2); anything else is a K903 finding.

**Limits**
Calls with ``*args`` cannot be bound and are left as they are (K903). Calls
with more positionals than Keras 1 accepted are left as they are (K903).
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, keyword, literal_kind, tuple_of, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.layers import LAYER_CLASS_RENAMES, LAYER_KWARG_RENAMES, LAYER_SIGNATURES
from codemods.tables.rows import Signature

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
        if site.path is not None and site.path.startswith("tensorflow") and _is_shared(sig):
            return call  # tf.keras never had the Keras 1 signatures of shared names
        if any(a.star == "*" for a in args):
            if len([a for a in args if a.keyword is None and not a.star]) > sig.keep or sig.fuse:
                ctx.report(UNBOUND, site.original, f"{name}(*args): positional arguments cannot be checked against the Keras 1 signature; pass them by keyword")
            return call
        positional = [a for a in args if a.keyword is None and not a.star]
        if len(positional) > len(sig.params):
            if site.canonical in LAYER_CLASS_RENAMES:
                ctx.report(UNBOUND, site.original, f"{name} takes at most {len(sig.params)} positional arguments in Keras 1; check this call by hand")
            return call
        keywords = {k for k in (keyword(a) for a in args) if k is not None}
        version = _which_version(sig, site.canonical, positional, keywords)
        if version == "keras2":
            return call
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


def _which_version(sig: Signature, canon: str, positional: list[cst.Arg], keywords: set[str]) -> str | None:
    """'keras1', 'keras2' or None (cannot tell) for a class in both versions.

    A Keras 1-only keyword (``init=``, ``border_mode=``, ...) proves Keras 1, a
    Keras 2 one (``padding=``, ...) Keras 2; then the literals at the marked
    positions decide; then a call too short to be misread is taken as Keras 1.
    """
    if not _is_shared(sig):
        return "keras1"
    rows = LAYER_KWARG_RENAMES.get(canon, ())
    olds = {r.old for r in rows} | set(sig.fuse)
    news = {r.new for r in rows if r.new is not None} - olds
    if keywords & olds:
        return "keras1"
    if keywords & news:
        return "keras2"
    for index in sorted(set(sig.k1_markers) | set(sig.k2_markers)):
        if index >= len(positional):
            continue
        kind = literal_kind(positional[index].value)
        if kind is not None and kind in sig.k1_markers.get(index, frozenset()):
            return "keras1"
        if kind is not None and kind in sig.k2_markers.get(index, frozenset()):
            return "keras2"
    if sig.ambiguous_from is not None and len(positional) >= sig.ambiguous_from:
        return None
    return "keras1"


def _is_shared(sig: Signature) -> bool:
    """The class name also exists in Keras 2+ with another positional order."""
    return bool(sig.k1_markers or sig.k2_markers or sig.ambiguous_from is not None)
