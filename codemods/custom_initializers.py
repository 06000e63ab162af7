"""Mark custom initializer functions with the Keras 1 signature ``f(shape, name=None)``.

**What**
Reports (K993), once per function, the variable-making call (``K.variable``,
``K.zeros``, ``K.random_normal_variable``, ...) in a function with the Keras 1
initializer signature (first parameter ``shape``, a ``name`` parameter, no
``dtype``), with how to write a Keras 3 initializer ``f(shape, dtype=None)``
that returns a tensor. Nothing is rewritten.

**Why**
A Keras 1 initializer was a function ``f(shape, name=None[, dim_ordering])``
returning a variable (``K.variable(value, name=name)``). Keras 3 calls an
initializer as ``f(shape, dtype=None)`` and wants a tensor back: on
TensorFlow 2.21 such a function fails with "unexpected keyword argument
'dtype'" when a layer uses it (spec §9.14).

**Example**
Before::

    def my_init(shape, name=None):
        value = np.random.random(shape)
        return K.variable(value, name=name)

After::

    def my_init(shape, name=None):
        value = np.random.random(shape)
        # kmigrate: K993 this is a Keras 1 initializer f(shape, name=None) returning a variable: ...
        return K.variable(value, name=name)

**Safety**
Finding only. A function is recognised by its signature (first parameter
``shape``, a ``name`` parameter, no ``dtype``) together with a call that
makes a variable (``K.variable``, ``K.zeros``, ``K.random_normal_variable``,
...). Bodies built on Keras 1 initializer functions are the K930 rule's.

**Limits**
A variable made by another helper the function calls is not seen.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.custom_layers import OTHER_VARIABLE_CALLS, VARIABLE_CALLS

INITIALIZER = "K993"
_MESSAGE = (
    "this is a Keras 1 initializer f(shape, name=None) returning a variable: Keras 3 calls f(shape, dtype=None) "
    "and wants a tensor: write def f(shape, dtype=None) returning e.g. K.constant(value, dtype=dtype), "
    "or subclass tensorflow.keras.initializers.Initializer"
)


def _keras1_signature(fn: cst.FunctionDef) -> bool:
    params = [p.name.value for p in (*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params)]
    return bool(params) and params[0] == "shape" and "name" in params and "dtype" not in params


class CustomInitializers(Codemod):
    code: ClassVar[str] = "K257"
    name: ClassVar[str] = "custom_initializers"
    summary: ClassVar[str] = "Mark custom initializer functions with the Keras 1 signature f(shape, name=None)"
    safety: ClassVar[Safety] = Safety.MANUAL
    calls: ClassVar[frozenset[str]] = frozenset(n for n in (*VARIABLE_CALLS, *OTHER_VARIABLE_CALLS) if n.startswith("keras."))

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        scope = ctx.scopes[-1] if ctx.scopes else None
        if isinstance(scope, cst.FunctionDef) and _keras1_signature(scope):
            seen: set[int] = ctx.scratch.setdefault(self.name, set())
            if id(scope) not in seen:  # once per function
                seen.add(id(scope))
                ctx.report(INITIALIZER, site.original, _MESSAGE)
        return call
