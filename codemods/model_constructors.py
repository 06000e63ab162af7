"""Use Keras 3's keyword names and positions for ``Model``, ``Container`` and ``Sequential``.

**What**
Renames the ``input=``/``output=`` keywords of ``Model(...)`` and
``Container(...)`` calls to ``inputs=``/``outputs=`` and passes a third
positional (the name) as ``name=``. ``Sequential(layers, name)`` passes its
second positional as ``name=``, which Keras 3 would read as ``trainable``.

**Why**
Keras 1 built functional models with ``Model(input=x, output=y)``; Keras 2
renamed the keywords ``inputs``/``outputs`` and Keras 3 raises ValueError on
the old ones. Keras 1's ``Sequential(layers, name)`` took the name second,
where Keras 3 reads ``trainable`` (spec §3.2.33-3.2.34, §3.3.36, §6.12,
§6.21, §10.10).

**Example**
Before::

    model = Model(input=[a, b], output=out, name='siamese')
    block = Container(x, y, 'block')
    encoder = Sequential([Dense(32)], 'encoder')

After::

    model = Model(inputs=[a, b], outputs=out, name='siamese')
    block = Model(x, y, name='block')
    encoder = Sequential([Dense(32)], name='encoder')

**Safety**
Safe: the same arguments under the names Keras 3 reads.

**Limits**
A model built through ``**kwargs`` is not followed.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, keyword, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods.tables.functional import (
    MODEL_CLASSES,
    MODEL_KWARGS,
    SEQUENTIAL_CLASSES,
    SEQUENTIAL_SIGNATURE,
)


class ModelConstructors(Codemod):
    code: ClassVar[str] = "K405"
    name: ClassVar[str] = "model_constructors"
    summary: ClassVar[str] = "Model(input=, output=) -> Model(inputs=, outputs=); Sequential's name by keyword"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = MODEL_CLASSES | SEQUENTIAL_CLASSES

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.canonical in SEQUENTIAL_CLASSES:
            sig = SEQUENTIAL_SIGNATURE
            out = [
                as_keyword(arg, sig.params[i]) if i >= sig.keep and arg.keyword is None and not arg.star and i < len(sig.params) else arg
                for i, arg in enumerate(call.args)
            ]
        else:
            renames = {r.old: r.new for r in MODEL_KWARGS if r.new is not None}
            present = {keyword(a) for a in call.args}
            out = [
                arg.with_changes(keyword=cst.Name(renames[kw]))
                if (kw := keyword(arg)) in renames and renames[kw] not in present
                else arg
                for arg in call.args
            ]
            # Keras 1's third positional was the name; Keras 3's Model takes it by keyword only
            out = [
                as_keyword(arg, "name") if i == 2 and arg.keyword is None and not arg.star else arg
                for i, arg in enumerate(out)
            ]
        new = with_args(call, out)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new
