"""What the custom-layer rules share: which classes are Keras layers, their
methods, statement edits inside a method, and comments on inner statements.

A class is a Keras layer when one of its bases resolves, through the file's
imports, to a Keras layer class (``Layer`` in any of its homes:
``keras.engine.topology``, ``keras.engine``, ``keras.layers.core``,
``keras.engine.base_layer``, ``keras.layers``, ``tensorflow.keras.layers``;
or a built-in layer such as ``Dense``), or to a Keras layer class defined
earlier in the same file. The answer is kept per file in ``ctx.scratch``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar, cast

import libcst as cst

from codemods._framework import COMMENT_PREFIX, FileContext
from codemods._paths import canonical

LAYER = "keras.layers.Layer"
# capitalised names under keras.layers that are not layer classes
_NOT_LAYERS = frozenset({"keras.layers.Container", "keras.layers.Input", "keras.layers.InputSpec", "keras.layers.Node"})
_SCRATCH = "_custom_layers"
_EMPTY = cst.Module(body=[])
_Statement = TypeVar("_Statement", bound=cst.SimpleStatementLine | cst.BaseCompoundStatement)


@dataclass(frozen=True)
class LayerClass:
    """A class that derives from a Keras layer."""

    base: str  # canonical name of the Keras class it derives from ("keras.layers.Dense")
    source: str  # that class's full original path ("keras.engine.topology.Layer")

    @property
    def tf_keras(self) -> bool:
        """Written for tf.keras (TensorFlow 2), which tracked raw tf.Variable attributes."""
        return self.source.startswith("tensorflow.")


def _keras_class(path: str | None) -> tuple[str, str] | None:
    canon = canonical(path) if path is not None else None
    if canon is None or path is None or not canon.startswith("keras.layers."):
        return None
    last = canon.rpartition(".")[2]
    if not last[:1].isupper() or canon in _NOT_LAYERS:
        return None
    return canon, path


def layer_class(node: cst.ClassDef, ctx: FileContext) -> LayerClass | None:
    """The Keras layer ``node`` derives from, or None for any other class."""
    known: dict[int, LayerClass | None] = ctx.scratch.setdefault(_SCRATCH, {})
    if id(node) in known:
        return known[id(node)]
    found: LayerClass | None = None
    local: dict[str, LayerClass] = ctx.scratch.setdefault(_SCRATCH + ".names", {})
    for arg in node.bases:
        if arg.keyword is not None or arg.star:
            continue
        keras_class = _keras_class(ctx.path_of(arg.value))
        if keras_class is not None:
            found = LayerClass(*keras_class)
            break
        if isinstance(arg.value, cst.Name) and arg.value.value in local:
            found = local[arg.value.value]
            break
    known[id(node)] = found
    if found is not None:
        local[node.name.value] = found
    else:
        local.pop(node.name.value, None)  # a later class of that name shadows an earlier layer
    return found


def enclosing_method(ctx: FileContext) -> tuple[cst.ClassDef, LayerClass, cst.FunctionDef] | None:
    """The Keras layer class and its method that directly hold the node being walked."""
    scopes = ctx.scopes
    if len(scopes) < 2:
        return None
    method, cls = scopes[-1], scopes[-2]
    if not isinstance(method, cst.FunctionDef) or not isinstance(cls, cst.ClassDef):
        return None
    found = layer_class(cls, ctx)
    return None if found is None else (cls, found, method)


def methods(cls: cst.ClassDef) -> dict[str, cst.FunctionDef]:
    """Methods defined directly in the class body (a name defined twice: the last)."""
    out: dict[str, cst.FunctionDef] = {}
    if isinstance(cls.body, cst.IndentedBlock):
        for stmt in cls.body.body:
            if isinstance(stmt, cst.FunctionDef):
                out[stmt.name.value] = stmt
    return out


def replace_methods(cls: cst.ClassDef, new: Mapping[str, cst.FunctionDef]) -> cst.ClassDef:
    """``cls`` with the named methods replaced (by name, in place)."""
    if not new or not isinstance(cls.body, cst.IndentedBlock):
        return cls
    body = [new.get(s.name.value, s) if isinstance(s, cst.FunctionDef) else s for s in cls.body.body]
    return cls.with_changes(body=cls.body.with_changes(body=body))


def self_attribute(node: cst.BaseExpression | None) -> str | None:
    """``X`` for ``self.X``, else None."""
    if (
        isinstance(node, cst.Attribute)
        and isinstance(node.value, cst.Name)
        and node.value.value == "self"
    ):
        return node.attr.value
    return None


def dotted_tail(node: cst.BaseExpression) -> str | None:
    """The last name of ``a.b.c`` (``c``), or of a plain name."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def simple_statements(body: Sequence[cst.BaseStatement]) -> Iterator[tuple[cst.SimpleStatementLine, cst.BaseSmallStatement]]:
    """One-statement lines of a block (``a = 1; b = 2`` lines are not offered)."""
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
            yield stmt, stmt.body[0]


def inner_blocks(stmt: cst.BaseStatement) -> Iterator[Sequence[cst.BaseStatement]]:
    """The statement lists directly inside a compound statement (not nested defs or classes)."""
    if isinstance(stmt, cst.FunctionDef | cst.ClassDef) or not isinstance(stmt, cst.BaseCompoundStatement):
        return
    parts: list[cst.CSTNode] = [stmt]
    while parts:
        part = parts.pop()
        body = getattr(part, "body", None)
        if isinstance(body, cst.IndentedBlock):
            yield body.body
        for attr in ("orelse", "finalbody"):
            extra = getattr(part, attr, None)
            if extra is not None:
                parts.append(extra)
        parts.extend(getattr(part, "handlers", ()))


def blocks(fn: cst.FunctionDef) -> Iterator[Sequence[cst.BaseStatement]]:
    """Every statement list of a function, outermost first (nested defs excluded)."""
    if not isinstance(fn.body, cst.IndentedBlock):
        return
    todo: list[Sequence[cst.BaseStatement]] = [fn.body.body]
    while todo:
        block = todo.pop(0)
        yield block
        for stmt in block:
            todo.extend(inner_blocks(stmt))


def has_comment(statement: cst.BaseStatement, code: str) -> bool:
    """Whether a ``# kmigrate: <code> ...`` comment is already above ``statement``."""
    lines = getattr(statement, "leading_lines", ())
    return any(e.comment is not None and e.comment.value.startswith(f"{COMMENT_PREFIX}{code} ") for e in lines)


def with_comment(statement: _Statement, text: str) -> _Statement:
    """``statement`` with ``# kmigrate: text`` above it, unless a comment of the
    same code is there already (a second run may word a finding differently)."""
    line = COMMENT_PREFIX + text
    if has_comment(statement, text.partition(" ")[0]):
        return statement
    comment = cst.EmptyLine(comment=cst.Comment(line))
    return cast(_Statement, statement.with_changes(leading_lines=[*statement.leading_lines, comment]))


def note(ctx: FileContext, statement: _Statement, code: str, node: cst.CSTNode, message: str) -> _Statement:
    """Record a finding at ``node`` (original) and put its comment above ``statement``
    (the updated statement being rebuilt), unless comments are off for this run."""
    ctx.report(code, node, message, annotate=False)
    if ctx.on_annotate is None:  # the pipeline sets it only when it writes comments
        return statement
    return with_comment(statement, f"{code} {message}")


class _Edits(cst.CSTTransformer):
    """Replace or remove statements (by id), or put comments above them; an
    emptied ``if`` with no ``else`` goes, any other emptied block gets ``pass``."""

    def __init__(self, edits: Mapping[int, Sequence[cst.BaseStatement]], comments: Mapping[int, Sequence[str]]) -> None:
        super().__init__()
        self.edits = edits
        self.comments = comments

    # one hook for every statement type; libcst's stub types on_leave more narrowly
    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:  # type: ignore[override]
        key = id(original_node)
        if key in self.edits:
            new = self.edits[key]
            return cst.FlattenSentinel(list(new)) if new else cst.RemoveFromParent()
        if key in self.comments and isinstance(updated_node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            for text in self.comments[key]:
                updated_node = with_comment(updated_node, text)
            return updated_node
        body = getattr(updated_node, "body", None)
        if isinstance(body, cst.IndentedBlock) and not body.body:
            if isinstance(updated_node, cst.If) and updated_node.orelse is None:
                return cst.RemoveFromParent()
            return updated_node.with_changes(body=body.with_changes(body=[cst.SimpleStatementLine(body=[cst.Pass()])]))
        return updated_node


def edit_statements(
    fn: cst.FunctionDef,
    edits: Mapping[int, Sequence[cst.BaseStatement]],
    comments: Mapping[int, Sequence[str]] | None = None,
) -> cst.FunctionDef:
    """``fn`` with the statements whose ids are keys of ``edits`` replaced by the
    values (empty: removed), and ``# kmigrate:`` comments above those in ``comments``."""
    if not edits and not comments:
        return fn
    new = fn.visit(_Edits(edits, comments or {}))
    assert isinstance(new, cst.FunctionDef)
    return new


def _key(stmt: cst.BaseStatement) -> str:
    if isinstance(stmt, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        stmt = stmt.with_changes(leading_lines=())
    return f"{type(stmt).__name__}:{_EMPTY.code_for_node(stmt)}"


def pair_statements(original: cst.FunctionDef, updated: cst.FunctionDef) -> dict[int, cst.BaseStatement]:
    """id(original statement) -> the updated statement it became.

    Blocks are aligned on the statements' text: unchanged statements match,
    and where other rules changed, inserted or removed statements, a run of
    changed statements pairs up one to one when both sides have as many of
    the same types (otherwise those statements, and their inner blocks, stay
    unpaired).
    """
    pairs: dict[int, cst.BaseStatement] = {}
    if not isinstance(original.body, cst.IndentedBlock) or not isinstance(updated.body, cst.IndentedBlock):
        return pairs
    todo: list[tuple[Sequence[cst.BaseStatement], Sequence[cst.BaseStatement]]] = [(original.body.body, updated.body.body)]
    while todo:
        old_block, new_block = todo.pop()
        matcher = SequenceMatcher(a=[_key(s) for s in old_block], b=[_key(s) for s in new_block], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            olds, news = old_block[i1:i2], new_block[j1:j2]
            if tag not in ("equal", "replace") or len(olds) != len(news):
                continue
            if any(type(a) is not type(b) for a, b in zip(olds, news, strict=True)):
                continue
            for old, new in zip(olds, news, strict=True):
                pairs[id(old)] = new
                old_inner, new_inner = list(inner_blocks(old)), list(inner_blocks(new))
                if len(old_inner) == len(new_inner):
                    todo.extend(zip(old_inner, new_inner, strict=True))
    return pairs


@dataclass(frozen=True)
class LineNote:
    """A finding on a statement of a method (original nodes)."""

    method: str
    statement: cst.BaseStatement
    node: cst.CSTNode
    code: str
    message: str


def annotate(
    ctx: FileContext,
    original: cst.ClassDef,
    updated: cst.ClassDef,
    notes: Sequence[LineNote] = (),
    deletions: Sequence[tuple[str, cst.BaseStatement]] = (),
) -> cst.ClassDef:
    """``updated`` with the noted statements commented and the deleted ones gone.

    A statement that cannot be found in the updated class (another rule
    rewrote its block beyond recognition) gets its comment above the class.
    """
    old, new = methods(original), methods(updated)
    pairs: dict[str, dict[int, cst.BaseStatement]] = {}
    edits: dict[str, dict[int, list[cst.BaseStatement]]] = {}
    comments: dict[str, dict[int, list[str]]] = {}

    def counterpart(method: str, statement: cst.BaseStatement) -> cst.BaseStatement | None:
        if method not in pairs:
            pairs[method] = pair_statements(old[method], new[method]) if method in old and method in new else {}
        return pairs[method].get(id(statement))

    for method, statement in deletions:
        target = counterpart(method, statement)
        if target is not None:
            edits.setdefault(method, {})[id(target)] = []
    for item in notes:
        target = counterpart(item.method, item.statement)
        if target is None or id(target) in edits.get(item.method, {}):
            ctx.report(item.code, item.node, item.message)
            continue
        ctx.report(item.code, item.node, item.message, annotate=False)
        if ctx.on_annotate is not None:  # the pipeline sets it only when it writes comments
            comments.setdefault(item.method, {}).setdefault(id(target), []).append(f"{item.code} {item.message}")
    changed = {
        m: edit_statements(new[m], edits.get(m, {}), comments.get(m)) for m in set(edits) | set(comments) if m in new
    }
    return replace_methods(updated, changed)
