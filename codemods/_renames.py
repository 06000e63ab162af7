"""Renaming a function's parameter, and proving that the rename cannot change what a name means."""

from __future__ import annotations

import libcst as cst

from codemods._args import mentions_name

# calls that see a function's local names by their spelling
_INTROSPECTION = frozenset({"locals", "vars", "eval", "exec"})


class _Scan(cst.CSTVisitor):
    """Why renaming ``old`` to ``new`` everywhere in a function body might change its meaning.

    Every spelling of ``old`` is renamed, in nested scopes too, so a nested
    binding stays consistent with its uses; what can break is a name that is
    not only a variable: a nested function's parameter (callers may pass it
    by keyword), a nested def or class name, a class attribute, a
    global/nonlocal declaration, introspection of locals, or ``new`` being in
    use already.
    """

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old = old
        self.new = new
        self.not_refs: set[int] = set()
        self.unsafe = False

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_refs.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_refs.add(id(node.keyword))

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.new and id(node) not in self.not_refs:
            self.unsafe = True

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value in _INTROSPECTION:
            self.unsafe = True

    def visit_Global(self, node: cst.Global) -> None:
        self.unsafe = self.unsafe or any(n.name.value == self.old for n in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.unsafe = self.unsafe or any(n.name.value == self.old for n in node.names)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.name.value == self.old or self.old in _param_names(node.params):
            self.unsafe = True

    def visit_Lambda(self, node: cst.Lambda) -> None:
        if self.old in _param_names(node.params):
            self.unsafe = True

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if node.name.value == self.old or mentions_name(node.body, self.old):
            self.unsafe = True


def _param_names(params: cst.Parameters) -> set[str]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg)
    if params.star_kwarg is not None:
        found.append(params.star_kwarg)
    return {p.name.value for p in found}


def can_rename(fn: cst.FunctionDef, old: str, new: str) -> bool:
    """Whether every ``old`` in ``fn`` may be spelled ``new`` without changing meaning."""
    scan = _Scan(old, new)
    fn.body.visit(scan)
    if scan.unsafe or new in _param_names(fn.params):
        return False
    defaults = [p.default for p in (*fn.params.params, *fn.params.kwonly_params) if p.default is not None]
    return not any(mentions_name(d, old) or mentions_name(d, new) for d in defaults)


class _Rename(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old = old
        self.new = new
        self.not_refs: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_refs.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_refs.add(id(node.keyword))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.not_refs.add(id(node.name))

    def visit_ImportAlias(self, node: cst.ImportAlias) -> bool:
        return False

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if updated_node.value == self.old and id(original_node) not in self.not_refs:
            return updated_node.with_changes(value=self.new)
        return updated_node


def rename(fn: cst.FunctionDef, old: str, new: str) -> cst.FunctionDef:
    """``fn`` with the parameter ``old`` and each of its uses spelled ``new`` (check ``can_rename`` first)."""
    renamed = fn.with_changes(params=fn.params.visit(_Rename(old, new)), body=fn.body.visit(_Rename(old, new)))
    assert isinstance(renamed, cst.FunctionDef)
    return renamed


def keyword_uses(node: cst.CSTNode, method: str) -> set[str]:
    """Keywords passed to any ``<expr>.method(...)`` call inside ``node``."""
    found: set[str] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute) and current.func.attr.value == method:
            found.update(a.keyword.value for a in current.args if a.keyword is not None)
        todo.extend(current.children)
    return found
