"""Pass every argument of a custom layer's ``self.add_weight(...)`` by keyword.

**What**
Rewrites ``self.add_weight(...)`` calls in custom layer classes so that every
positional argument is passed by keyword (``shape=``, ``initializer=``,
``name=``, ...), reading the order from the Keras version the call proves:
Keras 1's ``(shape, initializer, name, ...)`` or Keras 2's ``(name, shape,
dtype, ...)``. A call whose order cannot be told is reported (K985).

**Why**
``add_weight``'s positional order changed twice: Keras 1 (and 2.0.0-2.0.3)
had ``add_weight(shape, initializer, name, trainable, regularizer,
constraint)``, Keras 2.0.4+ and tf.keras 2 ``add_weight(name, shape, dtype,
initializer, regularizer, trainable, constraint)``, and Keras 3 takes at
most three positionals ``(shape, initializer, dtype)`` with ``name``
keyword-only. On TensorFlow 2.21 a Keras 1 call ``add_weight((3, 3),
'zero', 'W')`` fails with "Invalid dtype: W", a Keras 2 call
``add_weight('W', (3, 3))`` with "`name` must be passed as a keyword
argument", and four positionals with a TypeError (spec §9.4, §10.24).

**Example**
Before::

    self.W = self.add_weight((input_dim, self.units), 'glorot_uniform', '{}_W'.format(self.name))
    self.b = self.add_weight('b', (self.units,), initializer='zero')

After::

    self.W = self.add_weight(shape=(input_dim, self.units), initializer='glorot_uniform', name='{}_W'.format(self.name))
    self.b = self.add_weight(name='b', shape=(self.units,), initializer='zeros')

(``'zero'`` -> ``'zeros'`` is the initializer-string rule's work, which now
sees the keyword.)

**Safety**
Safe. The order is proven by the call itself: a tuple or list literal first
is Keras 1's ``shape``, a string literal first is Keras 2's ``name``; else a
string second is Keras 1's initializer, a tuple or list second Keras 2's
shape; ``shape=``/``dtype=`` passed by keyword prove Keras 2, ``name=``
Keras 1; in a layer written for tf.keras (imports from ``tensorflow``, as
kmigrate's own output does) the shape-first order is Keras 3's ``(shape,
initializer, dtype)``. A call that proves neither, or has more positionals
than its order has, is left as it is with a K985 finding.

**Limits**
Only ``self.add_weight`` inside a class that derives from a Keras layer.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._args import as_keyword, keyword, literal_string, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety

WEIGHT = "K985"
KERAS1_ORDER = ("shape", "initializer", "name", "trainable", "regularizer", "constraint")
KERAS2_ORDER = ("name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint")
KERAS3_ORDER = ("shape", "initializer", "dtype")


def _is_sequence(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Tuple | cst.List)


def _order(positional: list[cst.Arg], keywords: set[str], tf_keras: bool) -> tuple[str, ...] | None:
    """The positional order the call was written for, proven by the call itself."""
    first = positional[0].value
    second = positional[1].value if len(positional) > 1 else None
    shape_first = KERAS3_ORDER if tf_keras else KERAS1_ORDER  # Keras 3 and Keras 1 agree on shape, initializer
    if _is_sequence(first):
        return shape_first
    if literal_string(first) is not None or (second is not None and _is_sequence(second)) or keywords & {"shape", "dtype"}:
        return KERAS2_ORDER
    if (second is not None and literal_string(second) is not None) or "name" in keywords:
        return shape_first
    return None


class AddWeightArgs(Codemod):
    code: ClassVar[str] = "K251"
    name: ClassVar[str] = "add_weight_args"
    summary: ClassVar[str] = "Pass the positional arguments of a custom layer's add_weight by keyword"
    safety: ClassVar[Safety] = Safety.SAFE
    methods: ClassVar[frozenset[str]] = frozenset({"add_weight"})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.receiver != "self" or any(a.star for a in call.args):
            return call
        where = layers.enclosing_method(ctx)
        if where is None:
            return call
        positional = [a for a in call.args if a.keyword is None]
        if not positional:
            return call
        keywords = {k for a in call.args if (k := keyword(a)) is not None}
        order = _order(positional, keywords, where[1].tf_keras)
        if order is None or len(positional) > len(order) or set(order[: len(positional)]) & keywords:
            ctx.report(
                WEIGHT,
                site.original,
                "kmigrate cannot tell which Keras version's positional order this add_weight call uses "
                "(Keras 1: shape, initializer, name; Keras 2: name, shape, dtype, initializer): pass every "
                "argument by keyword, add_weight(shape=..., initializer=..., name=...)",
            )
            return call
        names = iter(order)
        args = [as_keyword(a, next(names)) if a.keyword is None else a for a in call.args]
        ctx.fire(self.code)
        return with_args(call, args)
