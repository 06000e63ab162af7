"""Rename the Keras 1 initializer, constraint and regularizer strings that layers take.

**What**
Rewrites the string values of the initializer, constraint and regularizer
keywords of layer calls and ``add_weight`` (``'zero'`` -> ``'zeros'``,
``'one'`` -> ``'ones'``, ``'maxnorm'`` -> ``'max_norm'``, ``'unitnorm'`` ->
``'unit_norm'``, ``'activity_l2'`` -> ``'l2'``, ...). ``'l1l2'`` becomes
``L1L2(l1=0.01, l2=0.01)``, so that it still regularizes as in Keras 1.

**Why**
Keras 2.0 renamed the constraint aliases and the ``zero``/``one``
initializers, and dropped the ``activity_*`` regularizers; Keras 3 rejects
``'maxnorm'``, ``'nonneg'``, ``'unitnorm'``, ``'activity_l1'``,
``'activity_l2'`` and ``'activity_l1l2'`` (spec §4.14, §4.18-4.19). Keras 1
looked a regularizer string up among its functions and called it with no
arguments, so ``'l1l2'`` meant both factors 0.01; today ``'l1l2'`` resolves
to ``L1L2()``, whose factors are 0.0: the string still loads, but no longer
regularizes.

**Example**
Before::

    Dense(64, init='zero', W_constraint='maxnorm', W_regularizer='l1l2')
    BatchNormalization(beta_init='zero', gamma_init='one')
    Embedding(1000, 64, W_constraint='unitnorm', W_regularizer='activity_l2')

After::

    Dense(64, kernel_initializer='zeros', kernel_constraint='max_norm', kernel_regularizer=L1L2(l1=0.01, l2=0.01))
    BatchNormalization(beta_initializer='zeros', gamma_initializer='ones')
    Embedding(1000, 64, embeddings_constraint='unit_norm', embeddings_regularizer='l2')

(the keyword renames come from the keyword rules). Values are recognised by
their keyword in either spelling (``init``, ``*_init``, ``*_initializer``,
``*_constraint``, ``*_regularizer``) on every Keras layer and on
``add_weight``.

**Safety**
Safe: each new string resolves to the object the Keras 1 string did, with
the Keras 1 defaults (``'max_norm'`` is ``MaxNorm(max_value=2)`` as
``'maxnorm'`` was ``MaxNorm(m=2)``).

**Limits**
The other Keras 1 strings are left alone because they still resolve: the
initializers ``normal``, ``uniform``, ``glorot_normal``, ``he_normal``,
``orthogonal``, ... (their numerics changed a little, spec §4.15) and every
activation. ``'hard_sigmoid'`` is ``relu6(x + 3) / 6`` today where Keras 1
computed ``clip(0.2 * x + 0.5, 0, 1)`` (spec §4.26); this only matters when
Keras 1 weights are loaded, and then ``tensorflow.keras.backend.hard_sigmoid``
(the Keras 1 formula) can be passed as the activation. Strings held in
variables are not followed.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import (
    keyword,
    literal_string,
    new_keyword_arg,
    parse_literal,
    string_like,
    with_args,
)
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods.tables.layers import KERAS1_LAYER_CLASSES
from codemods.tables.weights import (
    CONSTRAINT_STRING_RENAMES,
    INITIALIZER_STRING_RENAMES,
    REGULARIZER_STRING_OBJECTS,
    REGULARIZER_STRING_RENAMES,
    ObjectValue,
    value_kind,
)

_RENAMES = {
    "initializer": INITIALIZER_STRING_RENAMES,
    "constraint": CONSTRAINT_STRING_RENAMES,
    "regularizer": REGULARIZER_STRING_RENAMES,
}
_OBJECTS = {"regularizer": REGULARIZER_STRING_OBJECTS}


class WeightStrings(Codemod):
    code: ClassVar[str] = "K304"
    name: ClassVar[str] = "weight_strings"
    summary: ClassVar[str] = "Rename Keras 1 initializer, constraint and regularizer strings ('zero', 'maxnorm', ...)"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset(f"keras.layers.{name}" for name in KERAS1_LAYER_CLASSES)
    methods: ClassVar[frozenset[str]] = frozenset({"add_weight"})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        out: list[cst.Arg] = []
        for arg in call.args:
            kw = keyword(arg)
            kind = value_kind(kw) if kw is not None else None
            value = literal_string(arg.value) if kind is not None else None
            if kind is not None and value is not None:
                assert isinstance(arg.value, cst.SimpleString)
                renamed = _RENAMES[kind].get(value)
                obj = _OBJECTS.get(kind, {}).get(value)
                if renamed is not None:
                    arg = arg.with_changes(value=string_like(arg.value, renamed))
                elif obj is not None:
                    arg = arg.with_changes(value=_object(obj, ctx))
            out.append(arg)
        new = with_args(call, out)
        if new is not call:
            ctx.fire(self.code)
        return new


def _object(value: ObjectValue, ctx: FileContext) -> cst.Call:
    args = [new_keyword_arg(name, parse_literal(source)) for name, source in value.kwargs]
    return cst.Call(func=parse_dotted(ctx.spell(value.target)), args=args)
