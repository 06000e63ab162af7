"""Rewriting what a value is compared with: ``K.image_dim_ordering() == 'th'``.

The helpers here are general: a *subject* is any expression whose value
changed spelling (``K.image_dim_ordering()`` returned ``'th'``/``'tf'``,
``K.image_data_format()`` returns ``'channels_first'``/``'channels_last'``),
given as a predicate over nodes; ``SubjectRewriter`` converts the literals a
subject is compared with (``==``, ``!=``, ``in``, ``not in``, either operand
order, chained comparisons) or indexes (``{'th': 1, 'tf': 3}[subject]``) and
counts the uses it could not prove, so the caller can report them. The
binding helpers answer "is this name bound exactly once in these statements?"
for the variable form ``x = K.image_dim_ordering()`` / ``if x == 'th':``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import libcst as cst

from codemods._args import literal_string, string_like
from codemods._framework import FileContext, annotate_statement

_EQUALITY = (cst.Equal, cst.NotEqual)
_MEMBERSHIP = (cst.In, cst.NotIn)
NESTED_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
# keywords whose value is a data format: a subject passed there has the right spelling
FORMAT_KEYWORDS = frozenset({"data_format", "dim_ordering"})


def convert_literal(node: cst.BaseExpression, values: Mapping[str, str]) -> cst.BaseExpression | None:
    """``node`` with each mapped string literal converted; None when ``node`` is not a literal.

    A string, or a tuple/list/set of strings (``x in ('th', 'tf')``); strings that
    are not keys of ``values`` (``'default'``) are kept.
    """
    if isinstance(node, cst.SimpleString):
        text = literal_string(node)
        if text is None:
            return None
        return string_like(node, values[text]) if text in values else node
    if isinstance(node, cst.Tuple | cst.List | cst.Set):
        elements = []
        for element in node.elements:
            if not isinstance(element, cst.Element):
                return None
            value = convert_literal(element.value, values)
            if value is None or not isinstance(value, cst.SimpleString):
                return None
            elements.append(element.with_changes(value=value))
        return node.with_changes(elements=elements)
    return None


class SubjectRewriter(cst.CSTTransformer):
    """Converts what subjects are compared with; counts the uses it handled.

    ``is_subject`` is asked about the nodes as given (before this pass), so it may
    test identity. ``is_format_call`` says whether a call's callee takes a data
    format keyword (a Keras callee). With ``into_scopes`` false, nested functions,
    classes, lambdas and comprehensions are left alone (their names are their own).
    """

    def __init__(
        self,
        is_subject: Callable[[cst.CSTNode], bool],
        values: Mapping[str, str],
        is_format_call: Callable[[cst.Call], bool],
        into_scopes: bool = True,
    ) -> None:
        super().__init__()
        self.is_subject = is_subject
        self.values = values
        self.is_format_call = is_format_call
        self.into_scopes = into_scopes
        self.handled = 0  # subject uses converted or proven fine
        self.changed = False
        self._dirty: list[bool] = []

    # Subtrees this pass does not change are returned as they were (the same
    # objects), so callers can still find nodes in them by identity.
    def on_visit(self, node: cst.CSTNode) -> bool:
        self._dirty.append(False)
        if not self.into_scopes and isinstance(node, NESTED_SCOPES):
            return False
        return super().on_visit(node)

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result = super().on_leave(original_node, updated_node)
        dirty = self._dirty.pop() or result is not updated_node
        if not dirty:
            return original_node
        if self._dirty:
            self._dirty[-1] = True
        self.changed = True
        return result

    def leave_Comparison(self, original_node: cst.Comparison, updated_node: cst.Comparison) -> cst.BaseExpression:
        operands = [original_node.left, *(t.comparator for t in original_node.comparisons)]
        new_operands: list[cst.BaseExpression] = [updated_node.left, *(t.comparator for t in updated_node.comparisons)]
        handled: set[int] = set()
        converted_any = False
        for i, target in enumerate(original_node.comparisons):
            left = operands[i]
            for side, other in ((i, i + 1), (i + 1, i)):
                if not self.is_subject(operands[side]) or self.is_subject(operands[other]):
                    continue
                membership = isinstance(target.operator, _MEMBERSHIP)
                if not (isinstance(target.operator, _EQUALITY) or (membership and operands[side] is left)):
                    continue
                converted = convert_literal(new_operands[other], self.values)
                if converted is None or (not membership and not isinstance(converted, cst.SimpleString)):
                    continue
                if not converted.deep_equals(new_operands[other]):
                    new_operands[other] = converted
                    converted_any = True
                handled.add(side)
        self.handled += len(handled)
        if not converted_any:
            return updated_node
        comparisons = [t.with_changes(comparator=new_operands[i + 1]) for i, t in enumerate(updated_node.comparisons)]
        return updated_node.with_changes(left=new_operands[0], comparisons=comparisons)

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        """``{'th': 1, 'tf': 3}[subject]`` -> the keys converted."""
        if len(original_node.slice) != 1 or not isinstance(updated_node.value, cst.Dict):
            return updated_node
        index = original_node.slice[0].slice
        if not (isinstance(index, cst.Index) and self.is_subject(index.value)):
            return updated_node
        elements = []
        for element in updated_node.value.elements:
            if not isinstance(element, cst.DictElement):
                return updated_node
            key = convert_literal(element.key, self.values)
            if not isinstance(key, cst.SimpleString):
                return updated_node
            elements.append(element.with_changes(key=key))
        self.handled += 1
        new = updated_node.with_changes(value=updated_node.value.with_changes(elements=elements))
        return updated_node if new.deep_equals(updated_node) else new

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        for arg in original_node.args:
            if (
                arg.keyword is not None
                and arg.keyword.value in FORMAT_KEYWORDS
                and self.is_subject(arg.value)
                and self.is_format_call(original_node)
            ):
                self.handled += 1
        return updated_node


def rewrite_subjects(
    statements: Sequence[cst.BaseStatement], rewriter: SubjectRewriter
) -> list[cst.BaseStatement]:
    out: list[cst.BaseStatement] = []
    for statement in statements:
        new = statement.visit(rewriter)
        assert isinstance(new, cst.BaseStatement)
        out.append(new)
    return out


# -- names ------------------------------------------------------------------------


class _NameUses(cst.CSTVisitor):
    """Bindings of ``name`` (outside nested scopes) and its reads (anywhere)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.bindings: list[cst.CSTNode] = []
        self.reads = 0
        self.declared = False  # global/nonlocal
        self._not_reads: set[int] = set()
        self._depth = 0  # nested scopes entered

    def _bind(self, target: cst.CSTNode | None) -> None:
        if target is None:
            return
        if isinstance(target, cst.Name):
            self._not_reads.add(id(target))
            if target.value == self.name and self._depth == 0:
                self.bindings.append(target)
        elif isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._bind(element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Assign):
            for target in node.targets:
                self._bind(target.target)
        elif isinstance(node, cst.AnnAssign | cst.AugAssign | cst.For | cst.CompFor):
            self._bind(node.target)
        elif isinstance(node, cst.AsName):
            self._bind(node.name)
        elif isinstance(node, cst.NamedExpr | cst.Del):
            self._bind(node.target)
        elif isinstance(node, cst.FunctionDef | cst.ClassDef):
            self._bind(node.name)
        elif isinstance(node, cst.Param):
            self._not_reads.add(id(node.name))
        elif isinstance(node, cst.Global | cst.Nonlocal):
            if any(n.name.value == self.name for n in node.names):
                self.declared = True
            return False
        elif isinstance(node, cst.Import | cst.ImportFrom):
            names = node.names if not isinstance(node.names, cst.ImportStar) else ()
            for alias in names:
                local = alias.asname.name if alias.asname is not None else alias.name
                if isinstance(local, cst.Name):
                    self._bind(local)
            return False
        elif isinstance(node, cst.Attribute):
            self._not_reads.add(id(node.attr))
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            self._not_reads.add(id(node.keyword))
        elif isinstance(node, cst.Name) and node.value == self.name and id(node) not in self._not_reads:
            self.reads += 1
        if isinstance(node, NESTED_SCOPES):
            self._depth += 1
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, NESTED_SCOPES):
            self._depth -= 1


def name_uses(nodes: Iterable[cst.CSTNode], name: str) -> tuple[int, int, bool]:
    """(bindings outside nested scopes, reads anywhere, declared global/nonlocal)."""
    uses = _NameUses(name)
    for node in nodes:
        node.visit(uses)
    return len(uses.bindings), uses.reads, uses.declared


def contains(node: cst.CSTNode, target: cst.CSTNode) -> bool:
    """Whether ``target`` (by identity) is ``node`` or inside it."""
    finder = _Finder(target)
    node.visit(finder)
    return finder.found


class _Finder(cst.CSTVisitor):
    def __init__(self, target: cst.CSTNode) -> None:
        super().__init__()
        self.target = target
        self.found = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.target:
            self.found = True
        return not self.found


def report_at(
    body: list[cst.BaseStatement], index: int, node: cst.CSTNode, original: cst.CSTNode, code: str, message: str, ctx: FileContext
) -> None:
    """A finding from a block hook: recorded at ``original`` (for its line), with the
    comment above the innermost statement of ``body[index]`` holding ``node``."""
    ctx.report(code, original, message, annotate=False)
    if ctx.on_annotate is not None:
        body[index] = annotate_inner(body[index], node, f"{code} {message}")


def annotate_inner(statement: cst.BaseStatement, node: cst.CSTNode, message: str) -> cst.BaseStatement:
    """Put the comment above the innermost statement of ``statement`` that holds ``node``."""
    if isinstance(statement, cst.BaseCompoundStatement):
        for block_owner in _blocks(statement):
            inner = list(block_owner.body)
            for i, child in enumerate(inner):
                if contains(child, node):
                    inner[i] = annotate_inner(child, node, message)
                    return _replace_block(statement, block_owner, block_owner.with_changes(body=inner))
    return annotate_statement(statement, message)


def _blocks(statement: cst.BaseCompoundStatement) -> list[cst.IndentedBlock]:
    found: list[cst.IndentedBlock] = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, cst.IndentedBlock):
                found.append(node)
                return False
            return True

    statement.visit(Collect())
    return found


def _replace_block(statement: cst.BaseCompoundStatement, old: cst.IndentedBlock, new: cst.IndentedBlock) -> cst.BaseStatement:
    class Replace(cst.CSTTransformer):
        def on_visit(self, node: cst.CSTNode) -> bool:
            return not isinstance(node, cst.IndentedBlock)

        def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
            return new if original_node is old else updated_node

    result = statement.visit(Replace())
    assert isinstance(result, cst.BaseStatement)
    return result
