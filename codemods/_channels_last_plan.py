"""What strategy C will change in one file, and its findings, gathered before anything changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods._channels_last_args import CallEdit, int_tuple
from codemods._channels_last_editor import Edits, apply_edits
from codemods._channels_last_graph import Record
from codemods._framework import FileContext, parse_dotted


@dataclass
class Plan:
    ctx: FileContext
    records: Mapping[int, Record]
    code: str
    # walked statement id -> the original statement (for finding positions)
    originals: Mapping[int, cst.CSTNode] = field(default_factory=dict)
    edits: Edits = field(default_factory=Edits)

    def edit_call(self, call: cst.Call, edit: CallEdit) -> None:
        self.edits.keep.append(call)
        self.edits.calls.setdefault(id(call), []).append(edit)

    def rename(self, name: cst.Name, new: str) -> None:
        self.edits.keep.append(name)
        self.edits.names[id(name)] = new

    def wrap(self, node: cst.BaseExpression, wrap: Callable[[cst.BaseExpression], cst.BaseExpression]) -> None:
        self.edits.keep.append(node)
        self.edits.exprs[id(node)] = wrap

    def insert(self, statement: cst.CSTNode, new: cst.BaseStatement, after: bool = False) -> None:
        self.edits.keep.append(statement)
        (self.edits.after if after else self.edits.before).setdefault(id(statement), []).append(new)

    def insert_element(self, element: cst.Element, new: cst.BaseExpression, after: bool = False) -> None:
        self.edits.keep.append(element)
        self.edits.elements.setdefault(id(element), ([], []))[1 if after else 0].append(new)

    def finding(self, code: str, message: str, statement: cst.CSTNode | None, record: Record | None = None) -> None:
        """A finding at ``record``'s call (else at ``statement``), with a comment above ``statement``."""
        original = record.original if record is not None else self._original_of(statement)
        if original is None:
            return
        if statement is None and record is not None and record.top is not None:
            # the call is gone from the tree (a class rewrite rebuilt it): comment its top-level statement
            top = self.ctx.updated_statements.get(id(record.top))
            statement = top if isinstance(top, cst.CSTNode) else None
        self.ctx.report(code, original, message, annotate=False)
        if statement is not None and self.ctx.on_annotate is not None:
            self.edits.keep.append(statement)
            self.edits.comments.setdefault(id(statement), []).append(f"{code} {message}")

    def _original_of(self, statement: cst.CSTNode | None) -> cst.CSTNode | None:
        if statement is None:
            return None
        if id(statement) in self.originals:
            return self.originals[id(statement)]
        todo = [statement]
        while todo:  # a Keras call inside it
            current = todo.pop(0)
            record = self.records.get(id(current))
            if record is not None and record.node is current:
                return record.original
            todo.extend(current.children)
        return None

    def permute(self, dims: Sequence[int], *extra: cst.Arg) -> cst.Call:
        func = parse_dotted(self.ctx.spell("tensorflow.keras.layers.Permute"))
        return cst.Call(func=func, args=[cst.Arg(int_tuple(dims)), *extra])

    def add_line(self, receiver: cst.BaseExpression, layer: cst.Call) -> cst.SimpleStatementLine:
        add = cst.Attribute(value=receiver.deep_clone(), attr=cst.Name("add"))
        return cst.SimpleStatementLine(body=[cst.Expr(cst.Call(func=add, args=[cst.Arg(layer)]))])

    def apply(self, statements: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        return apply_edits(statements, self.edits)


def statements_of(statements: Sequence[cst.BaseStatement]) -> dict[int, cst.CSTNode]:
    """The innermost statement holding each call, by the call's id."""
    out: dict[int, cst.CSTNode] = {}
    todo: list[tuple[cst.CSTNode, cst.CSTNode | None]] = [(s, None) for s in statements]
    while todo:
        node, statement = todo.pop()
        if isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            statement = node
        if isinstance(node, cst.Call) and statement is not None:
            out[id(node)] = statement
        todo.extend((child, statement) for child in node.children)
    return out


def originals_of(originals: Sequence[cst.CSTNode], ctx: FileContext) -> dict[int, cst.CSTNode]:
    """Walked statement id -> original statement, for the positions of findings."""
    out: dict[int, cst.CSTNode] = {}
    for original in originals:
        updated = ctx.updated_statements.get(id(original))
        for node in updated.nodes if isinstance(updated, cst.FlattenSentinel) else [updated]:
            if isinstance(node, cst.CSTNode):
                out[id(node)] = original
    return out
