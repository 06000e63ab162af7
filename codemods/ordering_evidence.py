"""Say where the channel ordering of a file was only guessed, or where strong signs disagree.

**What**
Reports above the first 2D/3D layer of a file whose channel ordering
``kmigrate.ordering`` only guessed from heuristics, naming the evidence and
how to confirm it (K953), and where strong signs of the ordering disagree,
naming which one won (K954). Nothing is rewritten.

**Why**
Keras 1 code is channels-first or channels-last depending on a global setting
that often lived outside the file: a ``K.set_image_dim_ordering('th')`` in the
entry script, or ``~/.keras/keras.json`` (spec §11.1). ``kmigrate.ordering``
decides each file's ordering from the evidence it can see; the channels-first
rules (K601, K602) act on that decision. When the decision rests on heuristics
only (spec §11.1.4: input shapes such as ``(3, 224, 224)``, ``Reshape((128, 7, 7))``,
NumPy data reshaped to ``(n, 1, 28, 28)``, ``BatchNormalization(axis=1)`` or a
concatenation on axis 1 next to convolutions, Theano mentions, or ``dim_ordering='th'``
on every layer that sets one), or when strong signs disagree, a person must
confirm it: a model written for the other ordering often builds and silently
computes something else (spec §12.7).

**Example**
Before::

    model.add(Convolution2D(32, 3, 3, input_shape=(3, 32, 32)))

After (the ordering was guessed)::

    # kmigrate: K953 channel ordering guessed: channels_first (th), from input shape (3, 32, 32); ...
    model.add(Conv2D(32, (3, 3), input_shape=(3, 32, 32), ...))

K953 says the ordering was guessed, from what, and how to confirm it
(``--dim-ordering th`` or ``--dim-ordering tf``). K954 says which strong
signs disagree (global setters in this file, ``keras.json`` files and setters
in other files of the run) and which one won: a setter in this file wins over
the ``keras.json`` nearest the file, which wins over other files' setters.

**Safety**
Changes no code: one finding and comment per file. K953 goes above the first
2D/3D layer that states no ordering of its own (a file whose spatial layers all
say ``dim_ordering=`` does not depend on the guess and gets none); K954 above
the first spatial layer, ``Input``, ``Reshape``, ``BatchNormalization``,
concatenation or global setter. Nothing is reported when the decision came
from ``--dim-ordering``, from an agreed global setting, or when there was no
sign at all (Keras's default, channels last).

**Limits**
A file whose only evidence sits in code without such a call (a data-loading
module with NumPy reshapes) gets no comment; the run summary on stderr still
names the guess. The message names the kinds of evidence, not their lines, so
that a second run writes the same comment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Final

import libcst as cst

from codemods._channels import ChannelPlan, Evidence, Ordering, Source
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.channels import GLOBAL_SETTERS as SETTER_VALUES
from codemods.tables.channels import SPATIAL_LAYERS as CHANNEL_LAYERS
from codemods.tables.layers import LAYER_SIGNATURES

GUESSED = "K953"
CONFLICT = "K954"

# 2D/3D layers: their ordering is what the decision is about (the channel table's
# layers, and LocallyConnected2D, gone in Keras 3 but still a sign of the ordering)
SPATIAL_LAYERS: Final[frozenset[str]] = frozenset(CHANNEL_LAYERS) | {"keras.layers.LocallyConnected2D"}
GLOBAL_SETTERS: Final[frozenset[str]] = frozenset(SETTER_VALUES)
# calls where shape or axis evidence usually sits
_EVIDENCE_CALLS: Final[frozenset[str]] = frozenset(
    {
        "keras.Input",
        "keras.layers.BatchNormalization",
        "keras.layers.Concatenate",
        "keras.layers.Input",
        "keras.layers.InputLayer",
        "keras.layers.Merge",
        "keras.layers.Reshape",
        "keras.layers.concatenate",
        "keras.layers.merge",
    }
)
_MAX_KINDS = 3


class OrderingEvidence(Codemod):
    code: ClassVar[str] = "K603"
    name: ClassVar[str] = "ordering_evidence"
    summary: ClassVar[str] = "Flag a channel ordering that was only guessed, or chosen among conflicting signs"
    safety: ClassVar[Safety] = Safety.MANUAL
    calls: ClassVar[frozenset[str]] = SPATIAL_LAYERS | GLOBAL_SETTERS | _EVIDENCE_CALLS

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        plan = ctx.channels
        if not (plan.weak or plan.conflict) or self.name in ctx.scratch:
            return call
        if not plan.conflict and not _relies_on_the_default(site):
            return call  # a guess matters only to a layer that states no ordering
        ctx.scratch[self.name] = True
        if plan.conflict:
            ctx.report(CONFLICT, site.original, conflict_message(plan))
        else:
            ctx.report(GUESSED, site.original, guess_message(plan))
        return call


def _relies_on_the_default(site: CallSite) -> bool:
    """A 2D/3D layer call that names no ordering of its own."""
    if site.canonical not in SPATIAL_LAYERS:
        return False
    args = site.original.args
    named = {a.keyword.value for a in args if a.keyword is not None}
    if named & {"dim_ordering", "data_format"} or any(a.star for a in args):
        return False
    signature = LAYER_SIGNATURES.get(site.canonical)
    if signature is None or "dim_ordering" not in signature.params:
        return True
    positionals = sum(1 for a in args if a.keyword is None)
    return positionals <= signature.params.index("dim_ordering")


def guess_message(plan: ChannelPlan) -> str:
    """K953: what the guess was and from what (kinds only: no lines, so a rerun writes the same)."""
    weak = [e for e in plan.evidence if not e.strong and e.is_global]
    chosen = f"{plan.default.data_format} ({plan.default.value})"
    explicit = [e for e in plan.evidence if e.strong and not e.is_global]
    th = _kinds(e for e in weak if e.ordering is Ordering.TH)
    tf = _kinds(e for e in weak if e.ordering is Ordering.TF)
    if not th and explicit and all(e.ordering is Ordering.TH for e in explicit):
        th = "dim_ordering='th' on every layer that sets one"
    basis = f"signs disagree: th from {th}; tf from {tf}" if th and tf else f"from {th or tf}"
    return (
        f"channel ordering guessed: {chosen}, {basis}; confirm with --dim-ordering th "
        "or --dim-ordering tf"
    )


def conflict_message(plan: ChannelPlan) -> str:
    """K954: the strong global signs, which one won, and how to decide."""
    signs = [e for e in plan.evidence if e.strong and e.is_global]
    winner = _describe(signs[0], plan, "the first global setter in this file")
    others = [_describe(e, plan, "a later global setter in this file") for e in signs[1:] if e.ordering is not signs[0].ordering]
    others = list(dict.fromkeys(others))
    return (
        f"strong signs of the channel ordering disagree: {winner} wins over {', '.join(others)}; "
        "pass --dim-ordering th or --dim-ordering tf to decide"
    )


def _describe(sign: Evidence, plan: ChannelPlan, in_this_file: str) -> str:
    ordering = sign.ordering.data_format
    if sign.path.replace("\\", "/").rpartition("/")[2] == "keras.json":
        return f"{_ascii(sign.path)} ({ordering})"
    # in a FILE decision the winner is this file's first setter: its path is this file's
    if plan.source is Source.FILE and sign.path == plan.evidence[0].path:
        return f"{in_this_file} ({ordering})"
    return f"the global setter in {_ascii(sign.path)} ({ordering})"


def _kinds(evidence: Iterable[Evidence]) -> str:
    kinds = list(dict.fromkeys(_ascii(e.kind) for e in evidence))
    shown = ", ".join(kinds[:_MAX_KINDS])
    return shown + (" and more" if len(kinds) > _MAX_KINDS else "")


def _ascii(text: str) -> str:
    return text.encode("ascii", "replace").decode("ascii")
