"""Read and set the learning rate the Keras 3 way: ``optimizer.lr`` -> ``optimizer.learning_rate``.

**What**
Rewrites reads and writes of ``optimizer.lr``: the attribute becomes
``learning_rate``, ``K.get_value``/``K.eval`` of it become ``float(...)``, and
``K.set_value(opt.lr, x)`` and Theano's ``opt.lr.set_value(x)`` become
``opt.learning_rate.assign(x)``. Reads of ``optimizer.decay``, which Keras 3
does not have, are reported (K972).

**Why**
Keras 3 optimizers have no ``lr`` attribute (AttributeError), and
``K.set_value`` fails on a Keras 3 variable (AttributeError: 'str' object
has no attribute 'name'), so the Keras 1 idioms for reading and changing the
learning rate break (spec §7.24, §10.4).

**Example**
Before::

    print(K.get_value(model.optimizer.lr))
    K.set_value(self.model.optimizer.lr, 0.1 * K.get_value(self.model.optimizer.lr))
    opt = SGD(lr=0.1)
    opt.lr.set_value(0.01)

After::

    print(float(model.optimizer.learning_rate))
    self.model.optimizer.learning_rate.assign(0.1 * float(self.model.optimizer.learning_rate))
    opt = SGD(learning_rate=0.1)
    opt.learning_rate.assign(0.01)

``K.get_value``/``K.eval`` of the learning rate become ``float(...)``, which
works on the variable and, when the optimizer has a schedule, on the current
rate the schedule gives; ``K.set_value`` and Theano's ``.set_value`` become
``.assign(...)``.

**Safety**
Safe. Only ``optimizer.lr``, attribute chains that end in ``.optimizer.lr``
and ``name.lr`` where ``name`` was assigned a Keras optimizer earlier in the
file are touched, never another object's ``lr``. ``float`` gives a Python float where
``K.get_value`` gave a NumPy float32 of the same value. K972 marks reads of
``optimizer.decay``, which Keras 3 does not have.

**Limits**
An optimizer whose ``decay`` became a schedule (``optimizer_args``) cannot be
set: ``.assign`` then fails (AttributeError) where Keras 1 set the undecayed
rate. ``lr`` read through a variable (``lr = opt.lr; K.set_value(lr, v)``), a
bare ``.optimizer.lr`` in the header of an ``if``/``while``, and names that
receive an optimizer after their first use are not followed.
"""

from __future__ import annotations

from typing import ClassVar, cast

import libcst as cst

from codemods._args import with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._optimizers import UNCHECKED, mentions_lr
from codemods._paths import canonical
from codemods._resolve import dotted_name
from codemods.tables.optimizers import OPTIMIZER_CALLS

_GET = frozenset({"keras.backend.eval", "keras.backend.get_value"})
_SET = "keras.backend.set_value"
_NO_DECAY = (
    "Keras 3 optimizers have no decay: it is now the decay_rate of the InverseTimeDecay schedule given as learning_rate"
)


def _names(ctx: FileContext) -> set[str]:
    """Dotted names assigned a Keras optimizer so far in this file."""
    return cast(set[str], ctx.scratch.setdefault(OptimizerAttributes.name, set()))


def _is_optimizer(node: cst.BaseExpression, ctx: FileContext) -> bool:
    if (isinstance(node, cst.Attribute) and node.attr.value == "optimizer") or (
        isinstance(node, cst.Name) and node.value == "optimizer"
    ):
        return True
    name = dotted_name(node)
    return name is not None and name in _names(ctx)


def _learning_rate(node: cst.BaseExpression, ctx: FileContext) -> cst.Attribute | None:
    """``x.learning_rate`` for an optimizer's ``x.lr``, else None."""
    if isinstance(node, cst.Attribute) and node.attr.value == "lr" and _is_optimizer(node.value, ctx):
        return node.with_changes(attr=cst.Name("learning_rate"))
    return None


class _Renamer(cst.CSTTransformer):
    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.changed = False

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        renamed = _learning_rate(updated_node, self.ctx)
        if renamed is None:
            return updated_node
        self.changed = True
        return renamed


class OptimizerAttributes(Codemod):
    code: ClassVar[str] = "K413"
    name: ClassVar[str] = "optimizer_attributes"
    summary: ClassVar[str] = "Read and set optimizer.lr as optimizer.learning_rate (float, assign)"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = _GET | {_SET}
    # "lr" also makes the pipeline walk statements that only mention ``x.optimizer.lr``
    methods: ClassVar[frozenset[str]] = frozenset({"get_value", "lr", "set_value"})
    statement_lines: ClassVar[bool] = True
    # every rewrite is of an .lr (or a finding on a .decay) attribute
    triggers: ClassVar[frozenset[str]] = frozenset({'decay', 'lr'})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        args = call.args
        if any(a.star or a.keyword for a in args):
            return call
        new: cst.BaseExpression | None = None
        if site.canonical in _GET and len(args) == 1:
            target = args[0].value
            new = self._float(target, ctx)
            if isinstance(target, cst.Attribute) and target.attr.value == "decay" and _is_optimizer(target.value, ctx):
                ctx.report(UNCHECKED, site.original, _NO_DECAY)
        elif site.canonical == _SET and len(args) == 2:
            new = self._assign(args[0].value, args[1], call, ctx)
        elif site.method == "get_value" and not args and isinstance(call.func, cst.Attribute):
            new = self._float(call.func.value, ctx)
        elif site.method == "set_value" and len(args) == 1 and isinstance(call.func, cst.Attribute):
            new = self._assign(call.func.value, args[0], call, ctx)
        if new is None:
            return call
        ctx.fire(self.code)
        return new

    def _float(self, target: cst.BaseExpression, ctx: FileContext) -> cst.BaseExpression | None:
        renamed = _learning_rate(target, ctx)
        return None if renamed is None else cst.Call(func=cst.Name("float"), args=[cst.Arg(renamed)])

    def _assign(
        self, target: cst.BaseExpression, value: cst.Arg, call: cst.Call, ctx: FileContext
    ) -> cst.BaseExpression | None:
        renamed = _learning_rate(target, ctx)
        if renamed is None:
            return None
        return with_args(call.with_changes(func=cst.Attribute(value=renamed, attr=cst.Name("assign"))), [value])

    def on_statement_line(
        self, line: cst.SimpleStatementLine, ctx: FileContext
    ) -> list[cst.SimpleStatementLine] | None:
        for small in line.body:
            if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
                path = ctx.path_of(small.value.func)
                if path is not None and canonical(path) in OPTIMIZER_CALLS:
                    _names(ctx).update(n for t in small.targets if (n := dotted_name(t.target)) is not None)
        if isinstance(line.body[0], cst.Import | cst.ImportFrom):
            return None
        if not mentions_lr(line):
            return None
        renamer = _Renamer(ctx)
        new = line.visit(renamer)
        if not renamer.changed or not isinstance(new, cst.SimpleStatementLine):
            return None
        ctx.fire(self.code)
        return [new]
