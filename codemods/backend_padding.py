"""Give the backend padding functions (before, after) pairs.

**What**
Rewrites the ``padding`` of ``K.temporal_padding``, ``K.spatial_2d_padding``
and the other backend padding functions into one ``(before, after)`` pair per
axis, and replaces
``K.asymmetric_temporal_padding``/``K.asymmetric_spatial_2d_padding`` by the
symmetric functions with their ``*_pad`` keywords as pairs. A padding it
cannot spell out is reported (K981).

**Why**
Keras 1 ``K.spatial_2d_padding(x, padding=(1, 1))`` padded each spatial axis
by the same amount on both sides, ``K.temporal_padding(x, padding=1)`` took
one number, and asymmetric padding had functions of its own
(``K.asymmetric_spatial_2d_padding``, ``K.asymmetric_temporal_padding``).
Keras 2.0 made ``padding`` one (before, after) pair per axis and removed the
asymmetric functions; ``tensorflow.keras.backend`` of TensorFlow 2.21 rejects
the Keras 1 forms (spec §8.17-8.18).

**Example**
Before::

    y = K.spatial_2d_padding(x, padding=(1, 2), dim_ordering='th')
    t = K.temporal_padding(s, 3)
    a = K.asymmetric_spatial_2d_padding(x, top_pad=0, bottom_pad=1, left_pad=0, right_pad=1)

After::

    y = K.spatial_2d_padding(x, padding=((1, 1), (2, 2)), data_format='channels_first')
    t = K.temporal_padding(s, (3, 3))
    a = K.spatial_2d_padding(x, padding=((0, 1), (0, 1)))

A padding held in a name is spelled out per axis (``((p[0], p[0]), (p[1], p[1]))``).
The ``dim_ordering`` keyword is converted by ``backend_args``.

**Safety**
Safe: the same amounts are padded. A padding that is neither a literal nor a
name (it would be evaluated several times) is left with a K981 finding.

**Limits**
Only calls from a legacy ``keras`` import are converted: today's calls already
take pairs.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword, new_keyword_arg, tuple_of, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.helper_args import is_legacy_call
from codemods.tables.backend import ASYMMETRIC_PADDING, PADDING_AXES

UNTRANSLATABLE = "K981"


def _is_pure(node: cst.BaseExpression) -> bool:
    """Safe to repeat: a literal number, a name or a dotted name."""
    if isinstance(node, cst.Integer | cst.Name):
        return True
    return isinstance(node, cst.Attribute) and _is_pure(node.value)


def _pairs(value: cst.BaseExpression, axes: int) -> cst.BaseExpression | None:
    """The Keras 2 form of a Keras 1 padding amount; None when it cannot be written."""
    if axes == 1:
        return tuple_of([value, value.deep_clone()]) if _is_pure(value) else None
    if isinstance(value, cst.Tuple | cst.List):
        amounts = [e.value for e in value.elements if isinstance(e, cst.Element)]
        if len(amounts) != axes or len(amounts) != len(value.elements):
            return None
        if all(isinstance(a, cst.Tuple | cst.List) for a in amounts):
            return value  # already pairs (Keras 2 code)
        if not all(_is_pure(a) for a in amounts):
            return None
        return tuple_of([tuple_of([a, a.deep_clone()]) for a in amounts])
    if isinstance(value, cst.Name | cst.Attribute):
        items = [cst.Subscript(value=value.deep_clone(), slice=[cst.SubscriptElement(cst.Index(cst.Integer(str(i))))]) for i in range(axes)]
        return tuple_of([tuple_of([item, item.deep_clone()]) for item in items])
    return None


class BackendPadding(Codemod):
    code: ClassVar[str] = "K503"
    name: ClassVar[str] = "backend_padding"
    summary: ClassVar[str] = "Give K.spatial_2d_padding and the other padding functions (before, after) pairs"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset(PADDING_AXES) | frozenset(ASYMMETRIC_PADDING)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        canon = site.canonical or ""
        if not is_legacy_call(site, ctx) or any(a.star for a in call.args):
            return call
        args = list(call.args)
        if canon in ASYMMETRIC_PADDING:
            args = self._asymmetric(args, canon)
        else:
            index = next((i for i, a in enumerate(args) if keyword(a) == "padding"), None)
            if index is None and len(args) > 1 and args[1].keyword is None:
                index = 1
            if index is None:
                return call  # the default pads 1 on both sides, as in Keras 1
            value = _pairs(args[index].value, PADDING_AXES[canon])
            if value is None:
                ctx.report(
                    UNTRANSLATABLE,
                    site.original,
                    f"K.{canon.rpartition('.')[2]}: padding is now one (before, after) pair per axis; "
                    "write it out (the Keras 1 value padded both sides by the same amount)",
                )
                return call
            args[index] = args[index].with_changes(value=value)
        new = with_args(call, args)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new

    def _asymmetric(self, args: list[cst.Arg], canon: str) -> list[cst.Arg]:
        """Keywords (bound by backend_args) -> one ``padding=`` of pairs, defaults 1."""
        by_name = {keyword(a): a for a in args if a.keyword is not None}
        pairs = [
            tuple_of([by_name[k].value if k in by_name else cst.Integer("1") for k in pair])
            for pair in ASYMMETRIC_PADDING[canon]
        ]
        padding = pairs[0] if len(pairs) == 1 else tuple_of(pairs)
        used = {k for pair in ASYMMETRIC_PADDING[canon] for k in pair}
        first = next((i for i, a in enumerate(args) if keyword(a) in used), None)
        out = [a for a in args if keyword(a) not in used]
        insert_at = len([a for a in args[: first if first is not None else len(args)] if keyword(a) not in used])
        out.insert(insert_at, new_keyword_arg("padding", padding))
        return out
