"""Which release a layer call was written for, and its Keras 2 binding (spec §3.2, §10.6).

``which_version`` tells a Keras 1 call from a Keras 2 one for a class both
had. ``bind_keras2`` binds a Keras 2 call: a class's positional order moved
between Keras 2 releases (``Conv2D`` grew ``groups`` before ``activation`` in
tf.keras 2.3) and again in Keras 3. The orders a call could follow are the
ones whose parameters accept its literals (``'relu'`` cannot be ``groups``)
and that do not bind a keyword argument twice; when they all read the call
alike, every positional past the leading ones Keras 3 reads the same way is
passed by keyword under its Keras 2 name.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from codemods._args import as_keyword, keyword, literal_kind, with_args
from codemods._framework import CallSite, FileContext
from codemods.tables.layers import (
    DATA_FORMAT_VALUES,
    KERAS2_PARAM_LITERALS,
    LAYER_KWARG_RENAMES,
    PADDING_VALUES,
)
from codemods.tables.rows import Keras2Order, Signature

UNBOUND = "K903"
_RESERVED = DATA_FORMAT_VALUES | PADDING_VALUES


def literal_role(node: cst.BaseExpression) -> str | None:
    """``<bool>`` for True/False, else ``literal_kind`` (None: not a literal)."""
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return "<bool>"
    return literal_kind(node)


def accepts(param: str, role: str | None) -> bool:
    """Whether a literal of this role could be the Keras 2 parameter ``param``."""
    allowed = KERAS2_PARAM_LITERALS.get(param)
    if allowed is None or role is None or role in allowed:
        return True
    is_string = not role.startswith("<") and role != "None"
    return "<str>" in allowed and is_string and role not in _RESERVED


def fits(order: Keras2Order, positional: Sequence[cst.Arg], keywords: set[str]) -> bool:
    if len(positional) > len(order.params) or keywords & set(order.params[: len(positional)]):
        return False
    return all(accepts(order.params[i], literal_role(arg.value)) for i, arg in enumerate(positional))


def orders_for(sig: Signature, keras3: bool) -> list[Keras2Order]:
    """The orders a call may follow; Keras 3's own when the call may already be Keras 3 code."""
    orders = list(sig.keras2)
    if orders and keras3 and sig.keras3:
        orders.append(Keras2Order("Keras 3", sig.keras3, keep=len(sig.keras3)))
    return orders


def bind_keras2(call: cst.Call, site: CallSite, ctx: FileContext, sig: Signature, code: str, keras3: bool) -> cst.Call:
    """``call`` with the positionals Keras 3 would misread passed by keyword, or as it is (K903)."""
    name = site.canonical.rpartition(".")[2] if site.canonical else "layer"
    orders = orders_for(sig, keras3)
    args = list(call.args)
    if not orders or any(a.star == "*" for a in args):
        return call
    positional = [a for a in args if a.keyword is None and not a.star]
    if len(positional) <= min(o.keep for o in orders):
        return call
    keywords = {k for k in (keyword(a) for a in args) if k is not None}
    fitting = [o for o in orders if fits(o, positional, keywords)]
    if not fitting:
        ctx.report(UNBOUND, site.original, f"{name}: these {len(positional)} positional arguments fit no Keras 2 order of {name}; pass them by keyword")
        return call
    if any(_differs(fitting[0], o, i) for o in fitting for i in range(len(positional))):
        if not keras3:  # Keras 3 code needs no finding, and tf.keras code may be Keras 3 code
            ctx.report(UNBOUND, site.original, _ambiguity(name, fitting, len(positional)))
        return call
    out: list[cst.Arg] = []
    index = 0
    for arg in args:
        if arg.keyword is None and not arg.star:
            movers = [o for o in fitting if index >= o.keep]
            if movers:
                arg = as_keyword(arg, movers[0].params[index])
            index += 1
        out.append(arg)
    gone = sorted({p for o in fitting for p in o.params[o.keep : len(positional)] if p in o.gone})
    if gone:
        ctx.report(UNBOUND, site.original, f"{name}: {', '.join(gone)} (given by position) has no Keras 3 parameter and is rejected: remove it")
    new = with_args(call, out)
    if not new.deep_equals(call):
        ctx.fire(code)
    return new


def _differs(a: Keras2Order, b: Keras2Order, index: int) -> bool:
    """Whether two orders read the positional at ``index`` differently in Keras 3."""
    if index < a.keep and index < b.keep:
        return False  # both mean what Keras 3 reads there
    return a.params[index] != b.params[index]


def _ambiguity(name: str, orders: Sequence[Keras2Order], count: int) -> str:
    for i in range(count):
        if not any(_differs(orders[0], o, i) for o in orders):
            continue
        meanings: dict[str, list[str]] = {}
        for order in orders:
            meanings.setdefault(order.params[i], []).append(order.release)
        told = " but ".join(f"{param} in {' and '.join(releases)}" for param, releases in meanings.items())
        return f"{name}: positional argument {i + 1} is {told}; pass it by keyword"
    return f"{name}: the Keras 2 releases read these positional arguments differently; pass them by keyword"


def which_version(sig: Signature, canon: str, positional: list[cst.Arg], keywords: set[str]) -> str | None:
    """'keras1', 'keras2' or None (cannot tell) for a class in both versions.

    A Keras 1-only keyword (``init=``, ``border_mode=``, ...) proves Keras 1, a
    Keras 2 one (``padding=``, ...) Keras 2; then the literals at the marked
    positions decide; then a call too short to be misread is taken as Keras 1.
    """
    if not is_shared(sig):
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
        kind = literal_role(positional[index].value)
        if kind is not None and kind in sig.k1_markers.get(index, frozenset()):
            return "keras1"
        if kind is not None and kind in sig.k2_markers.get(index, frozenset()):
            return "keras2"
    if sig.ambiguous_from is not None and len(positional) >= sig.ambiguous_from:
        return None
    return "keras1"


def is_shared(sig: Signature) -> bool:
    """The class name also exists in Keras 2+ with another positional order."""
    return bool(sig.k1_markers or sig.k2_markers or sig.ambiguous_from is not None)
