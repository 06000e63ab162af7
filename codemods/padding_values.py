"""Convert Keras 1 ``ZeroPadding`` amounts that Keras 3 rejects.

**What**
Rewrites the ``padding`` of
``ZeroPadding1D``/``ZeroPadding2D``/``ZeroPadding3D`` calls given as a Keras 1
4-tuple ``(top, bottom, left, right)`` or as a ``{'top_pad': ..., ...}`` dict
into one ``(before, after)`` pair per axis. A dict it cannot read is reported
(K923).

**Why**
Keras 1.2 documented two spellings for asymmetric padding that Keras 2
dropped: a 4-tuple ``(top, bottom, left, right)`` and a dict with
``top_pad``/``bottom_pad``/``left_pad``/``right_pad`` keys
(``left_pad``/``right_pad`` for ``ZeroPadding1D``). Keras 3 raises on both
(spec §4.12-4.13).

**Example**
Before::

    ZeroPadding2D(padding=(1, 2, 3, 4))
    ZeroPadding2D(padding={'top_pad': 1, 'left_pad': 2})
    ZeroPadding1D(padding={'left_pad': 3, 'right_pad': 1})

After::

    ZeroPadding2D(padding=((1, 2), (3, 4)))
    ZeroPadding2D(padding=((1, 0), (2, 0)))
    ZeroPadding1D(padding=(3, 1))

**Safety**
Safe: the same amounts on the same sides; a missing dict key meant 0.

**Limits**
Only literal tuples and dicts are converted; a dict with other keys, or
``**`` entries, is left as it is with a K923 finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Final

import libcst as cst

from codemods._args import keyword, literal_string, tuple_of, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety

UNKNOWN_PADDING = "K923"

# layer -> (dict keys in output order, grouping of the flat amounts into pairs)
PADDING_LAYOUTS: Final[Mapping[str, tuple[tuple[str, ...], int]]] = {
    "keras.layers.ZeroPadding1D": (("left_pad", "right_pad"), 1),
    "keras.layers.ZeroPadding2D": (("top_pad", "bottom_pad", "left_pad", "right_pad"), 2),
}


class PaddingValues(Codemod):
    code: ClassVar[str] = "K307"
    name: ClassVar[str] = "padding_values"
    summary: ClassVar[str] = "Turn Keras 1 ZeroPadding 4-tuples and dicts into ((top, bottom), (left, right))"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset(PADDING_LAYOUTS)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        keys, pairs = PADDING_LAYOUTS[site.canonical]
        out = []
        changed = False
        for index, arg in enumerate(call.args):
            if (index == 0 and arg.keyword is None and not arg.star) or keyword(arg) == "padding":
                amounts = _amounts(arg.value, keys, site, ctx)
                if amounts is not None:
                    arg = arg.with_changes(value=_group(amounts, pairs))
                    changed = True
            out.append(arg)
        if not changed:
            return call
        ctx.fire(self.code)
        return with_args(call, out)


def _amounts(
    value: cst.BaseExpression, keys: tuple[str, ...], site: CallSite, ctx: FileContext
) -> list[cst.BaseExpression] | None:
    """The flat amounts in ``keys`` order, or None when nothing needs converting."""
    if isinstance(value, cst.Dict):
        found: dict[str, cst.BaseExpression] = {}
        for element in value.elements:
            key = literal_string(element.key) if isinstance(element, cst.DictElement) else None
            if key not in keys or not isinstance(element, cst.DictElement):
                ctx.report(UNKNOWN_PADDING, site.original, f"padding dict keys must be {', '.join(keys)}: convert it to pairs of (before, after) by hand")
                return None
            found[key] = element.value
        return [found.get(key, cst.Integer("0")) for key in keys]
    if isinstance(value, cst.Tuple | cst.List) and len(keys) == 4 and len(value.elements) == 4:
        if any(isinstance(e, cst.StarredElement) or isinstance(e.value, cst.Tuple) for e in value.elements):
            return None
        return [e.value for e in value.elements]
    return None


def _group(amounts: Sequence[cst.BaseExpression], pairs: int) -> cst.Tuple:
    if pairs == 1:
        return tuple_of(amounts)
    return tuple_of([tuple_of(amounts[i : i + 2]) for i in range(0, len(amounts), 2)])
