"""Replace ``K.tf`` by ``tf`` and ``K.print_tensor`` by ``tf.print``.

**What**
Replaces ``K.tf.<name>`` by ``tf.<name>``, and a ``K.print_tensor(x,
message)`` statement or assignment by ``tf.print(message, x)`` (followed by
``y = x`` when the result was assigned), adding ``import tensorflow as tf``
when the file lacks it. A ``K.print_tensor`` inside an expression is reported
(K978).

**Why**
The Keras 1 TensorFlow backend re-exported the ``tensorflow`` module as
``K.tf`` and printed tensors with ``K.print_tensor(x, message)`` (an identity
op with a side effect). ``tensorflow.keras.backend`` of TensorFlow 2.21 has
neither (spec §8.10, §8.12).

**Example**
Before::

    from keras import backend as K
    y = K.tf.reduce_sum(x, axis=1)
    x = K.print_tensor(x, 'x =')

After::

    from tensorflow.keras import backend as K
    import tensorflow as tf
    y = tf.reduce_sum(x, axis=1)
    tf.print('x =', x)

``import tensorflow as tf`` is added when the file has no ``tensorflow``
import. ``tf.print`` returns nothing, so ``y = K.print_tensor(x, m)`` becomes
``tf.print(m, x)`` followed by ``y = x``, and ``return K.print_tensor(x, m)``
prints before returning ``x``.

**Safety**
Safe. ``K.print_tensor`` anywhere else (inside an expression, a lambda, or on
something other than a name) is left with a K978 finding.

**Limits**
``K.tf.X`` becomes ``tf.X`` of TensorFlow 2: TensorFlow 1 names (``tf.Session``,
``tf.placeholder``) are not migrated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst

from codemods._args import keyword
from codemods._framework import CallSite, Codemod, FileContext, Safety, parse_dotted
from codemods._ordering import contains
from codemods._paths import canonical
from codemods._resolve import dotted_name
from codemods.tables.backend import REMOVED_BACKEND, B

REMOVED = "K978"
_PRINT = B + "print_tensor"


@dataclass
class _Print:
    node: cst.Call
    original: cst.Call


def _parts(call: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression | None] | None:
    """(tensor, message) of ``print_tensor(x, message='')``."""
    if any(a.star for a in call.args) or len(call.args) > 2:
        return None
    named = {keyword(a) or ("x", "message")[i]: a.value for i, a in enumerate(call.args)}
    if set(named) - {"x", "message"} or "x" not in named:
        return None
    return named["x"], named.get("message")


class BackendTensorflow(Codemod):
    code: ClassVar[str] = "K504"
    name: ClassVar[str] = "backend_tensorflow"
    summary: ClassVar[str] = "Replace K.tf by tf and K.print_tensor by tf.print"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset({_PRINT})
    statement_lines: ClassVar[bool] = True
    symbol_renames: ClassVar[Mapping[str, str]] = {B + "tf": "tensorflow"}

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        prints: list[_Print] = ctx.scratch.setdefault(self.name, [])
        prints.append(_Print(call, site.original))
        return call

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        if len(line.body) == 1 and isinstance(line.body[0], cst.ImportFrom):
            return self._import(line, line.body[0], ctx)
        prints: list[_Print] | None = ctx.scratch.get(self.name)
        if not prints:
            return None
        mine = [p for p in prints if contains(line, p.node)]
        if not mine:
            return None
        for p in mine:
            prints.remove(p)
        if len(mine) == 1 and len(line.body) == 1:
            lines = self._statement(line, mine[0], ctx)
            if lines is not None:
                ctx.fire(self.code)
                return lines
        for p in mine:
            ctx.report(REMOVED, p.original, REMOVED_BACKEND[_PRINT])
        return None

    def _import(self, line: cst.SimpleStatementLine, node: cst.ImportFrom, ctx: FileContext) -> list[cst.SimpleStatementLine] | None:
        """``from keras.backend import tf`` -> ``import tensorflow`` (the name the uses get)."""
        module = dotted_name(node.module) if node.module is not None and not node.relative else None
        if module is None or canonical(module) != B[:-1] or isinstance(node.names, cst.ImportStar):
            return None
        kept = [a for a in node.names if dotted_name(a.name) != "tf"]
        if len(kept) == len(node.names):
            return None
        for alias in node.names:
            binding = ctx.resolution.bindings.get(dotted_name(alias.asname.name if alias.asname else alias.name) or "")
            if alias not in kept and binding is not None:
                local = ctx.local_symbol_name(binding)
                ctx.new_imports[("", "tensorflow", None if local == "tensorflow" else local)] = None
        ctx.fire(self.code)
        if not kept:
            return []
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return [line.with_changes(body=[node.with_changes(names=kept)])]

    def _statement(self, line: cst.SimpleStatementLine, p: _Print, ctx: FileContext) -> list[cst.SimpleStatementLine] | None:
        small = line.body[0]
        parts = _parts(p.node)
        if parts is None:
            return None
        tensor, message = parts
        args = [cst.Arg(value=message), cst.Arg(value=tensor)] if message is not None else [cst.Arg(value=tensor)]
        printing = cst.Expr(cst.Call(func=parse_dotted(ctx.spell("tensorflow.print")), args=args))
        if isinstance(small, cst.Expr) and small.value is p.node:
            return [line.with_changes(body=[printing])]
        if not isinstance(tensor, cst.Name | cst.Attribute):
            return None  # a value computed twice
        rest: cst.BaseSmallStatement
        if isinstance(small, cst.Assign) and small.value is p.node:
            if len(small.targets) == 1 and small.targets[0].target.deep_equals(tensor):
                return [line.with_changes(body=[printing])]  # x = K.print_tensor(x)
            rest = small.with_changes(value=tensor.deep_clone())
        elif isinstance(small, cst.Return) and small.value is p.node:
            rest = small.with_changes(value=tensor.deep_clone())
        else:
            return None
        first = line.with_changes(body=[printing], trailing_whitespace=cst.TrailingWhitespace())
        return [first, cst.SimpleStatementLine(body=[rest], trailing_whitespace=line.trailing_whitespace)]
