"""Turn Keras 1 ``merge(...)`` and ``Merge(mode=...)`` into today's merge functions and layers.

**What**
Rewrites Keras 1 ``merge([...], mode=...)`` calls and ``Merge(mode=...)``
layers into the function or layer for that mode (``'concat'`` ->
``concatenate``/``Concatenate``, ``'sum'`` -> ``add``/``Add``, ``'mul'`` ->
``multiply``, ``'ave'`` -> ``average``, ``'max'`` -> ``maximum``, ``'dot'``
and ``'cos'`` -> ``dot``), with ``concat_axis``/``dot_axes`` renamed to
``axis``/``axes``. A merge with a callable mode, or other arguments Keras 3
has no place for, is reported (K950), as is the changed cosine (K951).

**Why**
Keras 2.0 replaced the ``merge`` function and the ``Merge`` layer with one
function and one layer per mode (``concatenate``/``Concatenate``, ``add``,
``multiply``, ``average``, ``maximum``, ``dot``); Keras 2.2 removed the old
ones (spec §5.1, §5.3, §6.1-6.10).

**Example**
Before::

    x = merge([a, b], mode='concat', concat_axis=1, name='joined')
    y = merge([x, c], mode='dot', dot_axes=1)
    z = Merge(mode='sum')([p, q])

After::

    x = concatenate([a, b], axis=1, name='joined')
    y = dot([x, c], axes=1)
    z = Add()([p, q])

Keras 1's defaults are written out where Keras 3 has none (``Dot`` needs
``axes``: Keras 1 used -1); ``concat_axis=-1`` is Keras 3's default and is
left out. The ``merge`` import goes once every use is converted.

**Safety**
Safe for the modes that map one to one. ``mode='cos'`` becomes
``dot(..., normalize=True)`` with a K951 finding: Keras 1 divided by
max(|a| |b|, eps) and returned an extra axis. A callable ``mode``,
``output_shape``/``output_mask``/``arguments`` or ``node_indices`` cannot be
converted mechanically: K950 says what to write (a ``Lambda`` on the list of
tensors), and the call and its import stay.

**Limits**
``Merge`` given layers or Sequential models (the Keras 1 branch-model idiom) is
the ``sequential_merge`` rule's; a ``mode`` held in a variable is K950.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import bind_arguments, literal_key, literal_string, new_keyword_arg, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods.tables.functional import MERGE_FUNCTION, MERGE_LAYER, MERGE_MANUAL_ARGS, MERGE_MODES

MANUAL_MERGE = "K950"
COSINE = "K951"
MERGE_FUNCTION_NAME = "keras.layers.merge"
MERGE_LAYER_NAME = "keras.layers.Merge"


def merge_arguments(
    bound: dict[str, cst.Arg], site: CallSite, ctx: FileContext
) -> tuple[str, list[cst.Arg]] | None:
    """(mode, keyword arguments of the new function or layer), or None with a finding."""
    mode_arg = bound.get("mode")
    mode = "sum" if mode_arg is None else literal_string(mode_arg.value)
    manual = sorted(name for name in bound if name in MERGE_MANUAL_ARGS)
    if mode is None or mode not in MERGE_MODES or manual:
        what = f"{', '.join(manual)}=" if manual else "this mode"
        ctx.report(
            MANUAL_MERGE,
            site.original,
            f"merge with {what} has no one-to-one Keras 3 layer: write "
            "Lambda(function, output_shape=...)(list_of_tensors), or pick concatenate/add/multiply/average/maximum/dot",
        )
        return None
    extra: list[cst.Arg] = []
    if mode == "concat" and "concat_axis" in bound and literal_key(bound["concat_axis"].value) != "-1":
        extra.append(new_keyword_arg("axis", bound["concat_axis"].value))
    if mode in ("dot", "cos"):
        axes = bound["dot_axes"].value if "dot_axes" in bound else cst.parse_expression("-1")
        extra.append(new_keyword_arg("axes", axes))
    if mode == "cos":
        extra.append(new_keyword_arg("normalize", cst.Name("True")))
        ctx.report(
            COSINE,
            site.original,
            "mode='cos' became dot(..., normalize=True): Keras 1 divided by max(|a| |b|, eps) and "
            "returned shape (batch, 1, 1); check code that relies on either",
        )
    if "name" in bound:
        extra.append(new_keyword_arg("name", bound["name"].value))
    return mode, extra


class FunctionalMerge(Codemod):
    code: ClassVar[str] = "K203"
    name: ClassVar[str] = "functional_merge"
    summary: ClassVar[str] = "Turn merge(mode=...) and Merge(mode=...) into concatenate, add, dot and friends"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset({MERGE_FUNCTION_NAME, MERGE_LAYER_NAME})
    replaced_symbols: ClassVar[frozenset[str]] = frozenset({MERGE_FUNCTION_NAME, MERGE_LAYER_NAME})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        layer = site.canonical == MERGE_LAYER_NAME
        sig = MERGE_LAYER if layer else MERGE_FUNCTION
        bound = bind_arguments(call, sig.params)
        if layer and bound is not None and "layers" in bound:
            return call  # the branch-model idiom: sequential_merge
        if bound is None or (not layer and "inputs" not in bound):
            ctx.report(MANUAL_MERGE, site.original, "merge arguments cannot be bound to the Keras 1 signature: convert this call by hand")
            self._keep_import(site, ctx)
            return call
        converted = merge_arguments(bound, site, ctx)
        if converted is None:
            self._keep_import(site, ctx)
            return call
        mode, extra = converted
        function, layer_class = MERGE_MODES[mode]
        target = parse_dotted(ctx.spell(layer_class if layer else function))
        args = extra if layer else [bound["inputs"].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT), *extra]
        ctx.fire(self.code)
        return with_args(call.with_changes(func=target), args)

    def on_reference(self, canon: str, node: cst.CSTNode, is_call: bool, ctx: FileContext) -> None:
        if not is_call and isinstance(node, cst.Name):
            ctx.keep_import(node.value)
            ctx.report(MANUAL_MERGE, node, f"{node.value} is used as a value: Keras 3 has one merge layer per mode; convert the uses by hand")

    @staticmethod
    def _keep_import(site: CallSite, ctx: FileContext) -> None:
        if isinstance(site.original.func, cst.Name):
            ctx.keep_import(site.original.func.value)
