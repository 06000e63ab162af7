"""Turn ``K.image_dim_ordering()`` into ``K.image_data_format()``, with what it is compared to.

**What**
Rewrites ``K.image_dim_ordering()`` into ``K.image_data_format()`` and
``K.set_image_dim_ordering('th')`` into
``K.set_image_data_format('channels_first')``, converting the
``'th'``/``'tf'`` literals the result is compared with (``==``, ``!=``,
``in``, the keys of a dict lookup), also through a name assigned the call.
Uses it cannot follow are reported (K975), as is a global channels_first under
``--channels-last`` (K976).

**Why**
Keras 2.0 replaced the Theano/TensorFlow ordering names ``'th'``/``'tf'`` by
``'channels_first'``/``'channels_last'``; ``image_dim_ordering`` and
``set_image_dim_ordering`` are gone from ``tensorflow.keras.backend``
(spec §8.1-8.2, §11.1.3). See https://github.com/keras-team/keras/releases/tag/2.0.0.

**Example**
Before::

    K.set_image_dim_ordering('th')
    if K.image_dim_ordering() == 'th':
        input_shape = (1, 28, 28)
    ordering = K.image_dim_ordering()
    axis = 1 if ordering == 'th' else -1

After::

    K.set_image_data_format('channels_first')
    if K.image_data_format() == 'channels_first':
        input_shape = (1, 28, 28)
    ordering = K.image_data_format()
    axis = 1 if ordering == 'channels_first' else -1

Every spelling is followed (``K.``, ``keras.backend.``, ``keras.backend.common.``,
``from keras.backend import image_dim_ordering``, star imports). The literals a
call is compared with are converted for ``==``, ``!=``, ``in``, ``not in``, in
either operand order, and the keys of a ``{'th': ..., 'tf': ...}[...]`` lookup.
A name assigned the call is followed through the rest of its block when it is
bound nowhere else there and not read before; then its comparisons are
converted the same way. Passing the value as ``data_format=`` (or
``dim_ordering=``) to a Keras call is right as it is.

**Safety**
Safe where converted. Any other use of the value (passed to your own function,
returned, compared with a non-literal, a name bound twice or assigned in a
nested block and read after it) is left as it is with a K975 finding: it now
holds ``'channels_first'``/``'channels_last'``. In Keras 3 the global format
also re-reads 1D layers (``Conv1D``, ``MaxPooling1D``, ...) and ``Flatten``
(spec §10.19-10.20): when channels-first code stays channels-first (the
default), ``channels_first_layers`` pins them in the file that sets the
global (and in the files of a tree that sets it); with
``--channels-last``, ``set_image_data_format('channels_first')`` gets a K976
finding that says so.

**Limits**
``image_dim_ordering`` used as a value (``f = K.image_dim_ordering``) is
renamed but its results are not followed; neither are attributes
(``self.dim_ordering = K.image_dim_ordering()``): those get K975.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from codemods._args import as_keyword, keyword, literal_string, string_like, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._ordering import SubjectRewriter, contains, name_uses, report_at, rewrite_subjects
from codemods.tables.backend import ORDERING_VALUES, TF_BACKEND, B
from codemods.tables.layers import KERAS1_LAYER_CLASSES, LAYER_CLASS_RENAMES

UNPROVEN = "K975"
GLOBAL_CHANNELS_FIRST = "K976"

_GET = B + "image_dim_ordering"
_SET = B + "set_image_dim_ordering"
_CALL_HINT = (
    "K.image_data_format() returns 'channels_first'/'channels_last' where image_dim_ordering() "
    "returned 'th'/'tf': check what this value is compared with"
)
_GLOBAL_HINT = (
    "a global channels_first also makes 1D layers (Conv1D, MaxPooling1D, ...) read channels first "
    "in Keras 3: pass data_format='channels_last' to them; Flatten now flattens in channels-last "
    "order (data_format='channels_last' keeps the Keras 1 order, needed to load Keras 1 weights)"
)
_CLASS_NAMES = frozenset(KERAS1_LAYER_CLASSES) | frozenset(t.rpartition(".")[2] for t in LAYER_CLASS_RENAMES.values())


@dataclass
class _Mark:
    node: cst.Call  # the call as the walk left it (identity is kept up the tree)
    original: cst.Call
    statement: int  # id of the innermost original statement holding the call


@dataclass
class _State:
    pending: list[_Mark] = field(default_factory=list)
    escapes: list[tuple[str, _Mark]] = field(default_factory=list)



def _index_of(body: list[cst.BaseStatement], mark: _Mark, ctx: FileContext) -> int | None:
    """Where in ``body`` the statement holding ``mark``'s call is (found by identity)."""
    updated = ctx.updated_statements.get(mark.statement)
    if updated is None:
        return None
    for i, statement in enumerate(body):
        if statement is updated:
            return i
    if isinstance(updated, cst.FlattenSentinel):  # a statement hook split it: look inside
        for i, statement in enumerate(body):
            if any(statement is part for part in updated.nodes) and contains(statement, mark.node):
                return i
    return None

class BackendImageOrdering(Codemod):
    code: ClassVar[str] = "K501"
    name: ClassVar[str] = "backend_image_ordering"
    summary: ClassVar[str] = "Turn K.image_dim_ordering() and its 'th'/'tf' comparisons into K.image_data_format()"
    safety: ClassVar[Safety] = Safety.REVIEW
    calls: ClassVar[frozenset[str]] = frozenset({_GET, _SET})
    symbol_renames: ClassVar[Mapping[str, str]] = {
        _GET: TF_BACKEND + "image_data_format",
        _SET: TF_BACKEND + "set_image_data_format",
    }
    blocks: ClassVar[bool] = True
    # every rewrite starts from a call to (set_)image_dim_ordering
    triggers: ClassVar[frozenset[str]] = frozenset({'image_dim_ordering'})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.canonical == _GET:
            state: _State = ctx.scratch.setdefault(self.name, _State())
            state.pending.append(_Mark(call, site.original, id(ctx.current_statement)))
            return call
        return self._setter(call, site, ctx)

    def _setter(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.Call:
        args = list(call.args)
        if len(args) != 1 or args[0].star or keyword(args[0]) not in (None, "dim_ordering"):
            ctx.report(UNPROVEN, site.original, "K.set_image_data_format takes one of 'channels_first', 'channels_last'")
            return call
        arg = args[0]
        if arg.keyword is not None:
            arg = as_keyword(arg, "data_format")
        value = literal_string(arg.value)
        if value in ORDERING_VALUES:
            assert isinstance(arg.value, cst.SimpleString) and value is not None
            arg = arg.with_changes(value=string_like(arg.value, ORDERING_VALUES[value]))
            if value == "th" and ctx.channels.channels_last:
                # strategy A pins the 1D layers and Flatten itself (channels_first_layers)
                ctx.report(GLOBAL_CHANNELS_FIRST, site.original, _GLOBAL_HINT)
        elif value not in ORDERING_VALUES.values():
            ctx.report(UNPROVEN, site.original, "pass 'channels_first' (was 'th') or 'channels_last' (was 'tf') to K.set_image_data_format")
        new = with_args(call, [arg])
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new

    # -- comparisons, once the block holding the call is walked -------------------------
    def on_block(self, statements: list[cst.BaseStatement] | tuple[cst.BaseStatement, ...], ctx: FileContext) -> list[cst.BaseStatement] | None:  # type: ignore[override]
        state: _State | None = ctx.scratch.get(self.name)
        if state is None or not (state.pending or state.escapes):
            return None
        body = list(statements)
        before = list(body)
        self._escapes(body, state, ctx)
        for mark in [m for m in state.pending if _index_of(body, m, ctx) is not None]:
            state.pending.remove(mark)
            index = _index_of(body, mark, ctx)
            assert index is not None
            target = _assigned_name(body[index], mark.node)
            if target is None:
                self._direct(body, index, mark, ctx)
            else:
                self._variable(body, index, target, mark, state, ctx)
        changed = any(a is not b for a, b in zip(body, before, strict=True))
        if changed:
            ctx.fire(self.code)
        return body if changed else None

    def _direct(self, body: list[cst.BaseStatement], index: int, mark: _Mark, ctx: FileContext) -> None:
        rewriter = SubjectRewriter(lambda n: n is mark.node, ORDERING_VALUES, _FormatCall(ctx))
        new = rewrite_subjects([body[index]], rewriter)[0]
        if rewriter.changed:
            body[index] = new
        if not rewriter.handled:
            _report(body, index, mark, UNPROVEN, _CALL_HINT, ctx)

    def _variable(self, body: list[cst.BaseStatement], index: int, name: str, mark: _Mark, state: _State, ctx: FileContext) -> None:
        bindings, _, declared = name_uses(body, name)
        _, reads_before, _ = name_uses(body[:index], name)
        if bindings != 1 or reads_before or declared:
            message = f"{name} is also bound or read before this in its block: where it holds K.image_data_format(), compare it with 'channels_first'/'channels_last'"
            _report(body, index, mark, UNPROVEN, message, ctx)
            return
        rewriter = SubjectRewriter(lambda n: isinstance(n, cst.Name) and n.value == name, ORDERING_VALUES, _FormatCall(ctx), into_scopes=False)
        rest = rewrite_subjects(body[index + 1 :], rewriter)
        _, reads, _ = name_uses(body[index + 1 :], name)
        if rewriter.changed:
            body[index + 1 :] = rest
        if rewriter.handled < reads:
            message = f"{name} now holds 'channels_first'/'channels_last' (was 'th'/'tf'): check the uses of {name} left as they were"
            _report(body, index, mark, UNPROVEN, message, ctx)
        state.escapes.append((name, mark))

    def _escapes(self, body: list[cst.BaseStatement], state: _State, ctx: FileContext) -> None:
        """A name assigned in a nested block and read after that block: not provable."""
        for name, mark in list(state.escapes):
            index = next((i for i, s in enumerate(body) if contains(s, mark.node)), None)
            if index is None:
                continue
            holder = body[index]
            if isinstance(holder, cst.FunctionDef | cst.ClassDef):
                state.escapes.remove((name, mark))
                continue
            _, reads, _ = name_uses([s for i, s in enumerate(body) if i != index], name)
            if reads:
                state.escapes.remove((name, mark))
                message = f"{name} is assigned K.image_data_format() in a nested block and read after it: compare it with 'channels_first'/'channels_last' there"
                _report(body, index, mark, UNPROVEN, message, ctx)


class _FormatCall:
    """Whether a call takes a data format keyword: a Keras callee (layers, helpers)."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def __call__(self, call: cst.Call) -> bool:
        if self.ctx.path_of(call.func) is not None:
            return True
        func = call.func
        last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        return last in _CLASS_NAMES


def _assigned_name(statement: cst.BaseStatement, call: cst.Call) -> str | None:
    """``x`` when ``statement`` is exactly ``x = <call>``."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    if isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1:
        target = small.targets[0].target
        return target.value if isinstance(target, cst.Name) else None
    return None


def _report(body: list[cst.BaseStatement], index: int, mark: _Mark, code: str, message: str, ctx: FileContext) -> None:
    report_at(body, index, mark.node, mark.original, code, message, ctx)
