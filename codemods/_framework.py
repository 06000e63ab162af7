"""The machinery every codemod shares: one context per file, one tree walk per file.

A codemod declares what it matches (``calls``: canonical callee names;
``methods``: method names; ``statement_lines``: whether it rewrites whole
statement lines such as imports; ``class_defs``: whether it rewrites whole
class definitions, such as custom layers) and implements the matching hook.
``FileContext.scopes`` tells a hook which classes and functions enclose it. The
``PipelineTransformer`` walks the tree once, resolves each call's callee once,
and hands the node to the interested codemods in ``PIPELINE`` order, so adding
a codemod never adds a tree walk.

References to Keras names (``Convolution2D``, ``keras.layers.convolutional.X``,
``L.Dense``) are rewritten here, from the module table and the symbol renames
that codemods declare, so import lines and uses always agree.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst

from codemods._channels import DEFAULT_PLAN, ChannelPlan
from codemods._paths import (
    STAR_EXPORTS,
    TF_KERAS,
    canonical,
    is_module,
    split_module,
    target_module,
)
from codemods._resolve import Binding, Resolution, dotted_name

COMMENT_PREFIX = "# kmigrate: "
IMPORTS_CODE = "K101"
# Top-level modules spelled through a plain import (``import tensorflow as tf``)
# when a rewrite names something outside tensorflow.keras; value: the usual alias.
PLAIN_IMPORTS: Mapping[str, str] = {"tensorflow": "tf"}


class Safety(enum.Enum):
    """How far a rewrite can be trusted (ruff's "fix safety")."""

    SAFE = "safe"  # behaviour is preserved
    REVIEW = "review"  # rewritten, but the meaning can differ: a finding says where
    MANUAL = "manual"  # not rewritten: a finding (and comment) says what to do


@dataclass
class PendingFinding:
    code: str
    node: cst.CSTNode
    message: str
    annotate: bool
    top_statement: cst.CSTNode | None = None  # the module-level statement holding ``node``
    statement: cst.CSTNode | None = None  # the innermost statement holding ``node``


@dataclass(frozen=True)
class CallSite:
    """What the pipeline knows about a call before codemods see it."""

    original: cst.Call
    canonical: str | None  # canonical name of a Keras callee
    method: str | None  # attribute name when the callee is ``<expr>.name``
    receiver: str | None  # dotted receiver of a method call ("model", "self.model")
    is_model_receiver: bool  # the receiver was assigned a Keras model in this file
    path: str | None = None  # the callee's full original path ("keras.layers.recurrent.LSTM")
    # ``model`` when the whole statement is ``model.add(<this call>)`` (Sequential add form)
    add_receiver: cst.BaseExpression | None = None


@dataclass
class FileContext:
    """Per-file state shared by the codemods of one run over one file."""

    resolution: Resolution
    # canonical name -> (target full name, code of the codemod that renames it)
    renames: Mapping[str, tuple[str, str]]
    # canonical name -> what to do instead, for Keras names with no counterpart today
    removed: Mapping[str, str] = field(default_factory=dict)
    # canonical names that every converted use replaces by something else (merge ->
    # concatenate): their import goes, unless a use could not be converted
    replaced: frozenset[str] = frozenset()
    findings: list[PendingFinding] = field(default_factory=list)
    fired: set[str] = field(default_factory=set)
    # (code, innermost statement, module-level statement) per ``fire``: the
    # statements are original nodes, or None for the module as a whole
    fire_sites: list[tuple[str, cst.CSTNode | None, cst.CSTNode | None]] = field(default_factory=list)
    # which finding codes the run reports (None: all of them)
    selected: Callable[[str], bool] | None = None
    # (module, name, asname) imports the rewritten code needs, in order of need
    new_imports: dict[tuple[str, str, str | None], None] = field(default_factory=dict)
    # called with "Kxxx message" for each new finding a person must look at
    on_annotate: Callable[[str], None] | None = None
    # identifies the block (module or compound statement) of the line being rewritten
    block: int = 0
    # (block, module, name, asname) of the import lines written so far
    emitted_imports: set[tuple[int, str, str, str | None]] = field(default_factory=set)
    # statements to put before / after the statement being walked (set by the pipeline)
    on_insert: Callable[[Sequence[cst.BaseStatement], bool], None] | None = None
    # local name -> (module, name, asname) of replaced-symbol imports the imports rule took out
    dropped_imports: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    kept_imports: set[str] = field(default_factory=set)
    # per-file scratch space for codemods, keyed by codemod name
    scratch: dict[str, Any] = field(default_factory=dict)
    # the module-level statement being walked (None between statements)
    top_statement: cst.CSTNode | None = None
    # the file's source text when known ("" otherwise): for cheap "does it say X" tests
    text: str = ""
    # Python's ast of that text, which the engine parsed anyway (None when unknown)
    tree: ast.Module | None = None
    # the innermost statement being walked (an original node), and what each
    # walked statement became: block hooks find "the statement holding this
    # call" by identity instead of walking the block again
    current_statement: cst.CSTNode | None = None
    updated_statements: dict[int, object] = field(default_factory=dict)
    # the class and function definitions (original nodes) around the node being
    # walked, innermost last: lets a call hook ask "inside which class/def am I?"
    scopes: list[cst.ClassDef | cst.FunctionDef] = field(default_factory=list)
    # the channel-ordering decision for this file (kmigrate.ordering makes it)
    channels: ChannelPlan = DEFAULT_PLAN
    _reported: set[tuple[str, int, str]] = field(default_factory=set)

    def report(self, code: str, node: cst.CSTNode, message: str, annotate: bool = True) -> None:
        """Record a finding at ``node`` (an original node); ``annotate`` asks for a comment.
        A finding code the run does not select is dropped here, comment and all."""
        if self.selected is not None and not self.selected(code):
            return
        key = (code, id(node), message)
        if key in self._reported:
            return
        self._reported.add(key)
        self.findings.append(PendingFinding(code, node, message, annotate, self.top_statement, self.current_statement))
        if annotate and self.on_annotate is not None:
            self.on_annotate(f"{code} {message}")

    def mentions(self, fragment: str) -> bool:
        """Whether the file's text contains ``fragment`` (True when the text is
        unknown). Cached: hooks that run per node ask it without rescanning a
        large file each time."""
        if not self.text:
            return True
        known: dict[str, bool] = self.scratch.setdefault("framework.mentions", {})
        found = known.get(fragment)
        if found is None:
            found = known[fragment] = fragment in self.text
        return found

    def fire(self, code: str, node: cst.CSTNode | None = None) -> None:
        """``code`` changed something: in the statement ``node`` (an original
        statement) when given, else in the statement being walked."""
        self.fired.add(code)
        self.fire_sites.append((code, node if node is not None else self.current_statement, self.top_statement))

    def keep_import(self, local: str) -> None:
        """A use of a replaced symbol could not be converted: keep its import."""
        self.kept_imports.add(local)

    def insert_statements(self, statements: Sequence[cst.BaseStatement], after: bool = False) -> None:
        """Put whole statements before (or after) the statement being rewritten."""
        if self.on_insert is None:
            raise RuntimeError("statements can only be inserted during a pipeline walk")
        self.on_insert(statements, after)

    # -- names ----------------------------------------------------------------
    def path_of(self, node: cst.BaseExpression) -> str | None:
        return self.resolution.path_of(node, STAR_EXPORTS)

    def target_of(self, path: str) -> str | None:
        """Where the Keras object at ``path`` lives today (None: nowhere)."""
        split = split_module(path)
        if split is None:
            return None
        module, rest = split
        new_module = target_module(module)
        if new_module is None:
            return None
        canon = canonical(path)
        if canon is not None and (canon in self.removed or canon in self.replaced):
            return None
        if canon is not None:
            renamed = self.renames.get(canon)
            if renamed is not None:
                return renamed[0]
            # members of a renamed object: keras.layers.Convolution2D.__name__
            head = canon.rpartition(".")[0]
            while head:
                renamed = self.renames.get(head)
                if renamed is not None:
                    return renamed[0] + canon[len(head) :]
                head, _, _ = head.rpartition(".")
        return f"{new_module}.{rest}" if rest else new_module

    def local_symbol_name(self, binding: Binding) -> str:
        """The local name a from-imported symbol has after migration."""
        if binding.aliased or binding.is_module:
            return binding.local
        target = self.target_of(binding.path)
        if target is None:
            return binding.local
        new_name = target.rpartition(".")[2]
        if new_name != binding.local and self._name_is_taken(new_name, target):
            return binding.local
        return new_name

    def _name_is_taken(self, name: str, target: str) -> bool:
        if name in self.resolution.local_names:
            return True
        other = self.resolution.bindings.get(name)
        return other is not None and self.target_of(other.path) != target

    def spell(self, target: str) -> str:
        """Source text that names ``target`` here, adding an import when needed."""
        module, _, name = target.rpartition(".")
        best: tuple[int, str] | None = None
        for binding in self.resolution.bindings.values():
            if binding.is_module:
                new_module = target_module(binding.path)
                if new_module is not None and (target == new_module or target.startswith(new_module + ".")):
                    spelled = binding.local + target[len(new_module) :]
                    if best is None or len(new_module) > best[0]:
                        best = (len(new_module), spelled)
            else:
                new_target = self.target_of(binding.path)
                if new_target == target:
                    return self.local_symbol_name(binding)
        if best is not None:
            return best[1]
        root = target.partition(".")[0]
        alias = PLAIN_IMPORTS.get(root)
        if alias is not None and not (target == TF_KERAS or target.startswith(TF_KERAS + ".")):
            # ``tensorflow.print`` -> ``tf.print`` with ``import tensorflow as tf``
            local = next((n for n in (alias, root, f"{root}_") if not self._name_is_taken(n, root)), f"{root}_")
            self.new_imports[("", root, None if local == root else local)] = None
            return local + target[len(root) :]
        for star in self.resolution.star_modules:
            if target_module(star) == module and not self._name_is_taken(name, target):
                return name
        if self._name_is_taken(name, target):
            self.new_imports[(module, name, f"{name}_")] = None
            return f"{name}_"
        self.new_imports[(module, name, None)] = None
        return name


def parse_dotted(text: str) -> cst.Name | cst.Attribute:
    parts = text.split(".")
    node: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


class Codemod:
    """Base class: declarative attributes first, hooks after.

    Subclasses set ``code``, ``name``, ``summary``, ``safety`` and whichever of
    ``calls``/``methods``/``statement_lines``/``symbol_renames`` they use. The
    module docstring of the subclass's module is the rule's documentation.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    safety: ClassVar[Safety]
    calls: ClassVar[frozenset[str]] = frozenset()
    methods: ClassVar[frozenset[str]] = frozenset()
    statement_lines: ClassVar[bool] = False
    # canonical name -> target full name; references are renamed by the pipeline
    symbol_renames: ClassVar[Mapping[str, str]] = {}
    # canonical name -> what to use instead; such names keep their Keras 1 import
    removed_symbols: ClassVar[Mapping[str, str]] = {}
    # canonical names whose converted uses name something else: their imports go
    replaced_symbols: ClassVar[frozenset[str]] = frozenset()
    # whether on_block wants every statement list (module body, indented blocks)
    blocks: ClassVar[bool] = False
    # words of which at least one must occur in a file's text for the codemod to
    # do anything there; lets costly hooks (blocks, statement lines) skip a file
    triggers: ClassVar[frozenset[str]] = frozenset()
    # whether on_class_def wants every class definition
    class_defs: ClassVar[bool] = False

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        """Rewrite a whole class once its body has been walked (``updated`` holds the
        other codemods' rewrites; statements the walk skipped are unchanged).
        Findings reported here are placed above the class; a codemod that wants
        them above an inner statement reports with ``annotate=False`` and writes
        the comment itself."""
        return updated

    def on_block(self, statements: Sequence[cst.BaseStatement], ctx: FileContext) -> Sequence[cst.BaseStatement] | None:
        """Rewrite a block's statements as a whole; None to leave them."""
        return None

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        return call

    def on_statement_line(
        self, line: cst.SimpleStatementLine, ctx: FileContext
    ) -> Sequence[cst.SimpleStatementLine] | None:
        """Return replacement lines, or None to leave the line alone."""
        return None

    def on_reference(self, canon: str, node: cst.CSTNode, is_call: bool, ctx: FileContext) -> None:
        """Called for every reference to a name in ``symbol_renames``."""


_STATEMENT_TYPES = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
# Concrete classes, for a set lookup instead of an ABC isinstance on every node.
_STATEMENT_CLASSES: frozenset[type] = frozenset(
    {cst.SimpleStatementLine, *(c for c in vars(cst).values() if isinstance(c, type) and issubclass(c, cst.BaseCompoundStatement))}
)
_Leave = cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]


def _surround(node: _Leave, before: list[cst.BaseStatement], after: list[cst.BaseStatement]) -> _Leave:
    """``before + [node] + after`` as one replacement; comments stay on the first line."""
    if isinstance(node, cst.RemovalSentinel):
        return cst.FlattenSentinel([*before, *after]) if before or after else node
    nodes = list(node.nodes) if isinstance(node, cst.FlattenSentinel) else [node]
    if before and nodes and isinstance(nodes[0], cst.SimpleStatementLine | cst.BaseCompoundStatement):
        # the leading comments and blank lines belong above the inserted lines
        first = nodes[0]
        head = before[0]
        if isinstance(head, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            before = [head.with_changes(leading_lines=first.leading_lines), *before[1:]]
            nodes[0] = first.with_changes(leading_lines=())
    return cst.FlattenSentinel([*before, *nodes, *after])


class PipelineTransformer(cst.CSTTransformer):
    """Walks one module once and dispatches nodes to the codemods."""

    def __init__(
        self,
        ctx: FileContext,
        pipeline: Sequence[Codemod],
        annotate: bool,
        skip: frozenset[int] | set[int] = frozenset(),
        protected: frozenset[int] | set[int] = frozenset(),
    ) -> None:
        super().__init__()
        self.ctx = ctx
        # ids of statements marked ``# kmigrate: skip``: not walked, not
        # handed to statement or block hooks, returned as they are
        self._protected = protected
        self._skip = skip  # ids of statements with nothing to rewrite
        self.annotate = annotate
        self.by_call: dict[str, list[Codemod]] = {}
        self.by_method: dict[str, list[Codemod]] = {}
        self.line_codemods = [c for c in pipeline if c.statement_lines]
        self.renamers: dict[str, Codemod] = {}
        for codemod in pipeline:
            for name in codemod.calls:
                self.by_call.setdefault(name, []).append(codemod)
            for name in codemod.methods:
                self.by_method.setdefault(name, []).append(codemod)
            for name in (*codemod.symbol_renames, *codemod.replaced_symbols):
                self.renamers[name] = codemod
        self.block_codemods = [c for c in pipeline if c.blocks]
        self.class_codemods = [c for c in pipeline if c.class_defs]
        self._not_refs: set[int] = set()
        self._inner_attrs: set[int] = set()
        self._call_funcs: set[int] = set()
        self._statements: list[cst.CSTNode] = []
        self._comments: dict[int, list[str]] = {}
        # libcst keeps comments above a module's first statement in Module.header
        self._first_statement = 0
        self._header_comments: frozenset[str] = frozenset()
        self._visit_cache: dict[type, Callable[[Any], object] | None] = {}
        self._leave_cache: dict[type, Callable[[Any, Any], _Leave] | None] = {}
        if annotate:
            ctx.on_annotate = self._annotate_current
        ctx.on_insert = self._insert_around_current
        self._inserts: dict[int, tuple[list[cst.BaseStatement], list[cst.BaseStatement]]] = {}

    # -- dispatch ----------------------------------------------------------------
    # libcst looks up visit_<Type>/leave_<Type> by name on every node and calls
    # per-attribute hooks; caching the lookups per type and skipping the unused
    # attribute hooks keeps the single walk cheap.
    def on_visit(self, node: cst.CSTNode) -> bool:
        kind = type(node)
        if kind in _STATEMENT_CLASSES:
            self._statements.append(node)
            self.ctx.current_statement = node
            if len(self._statements) == 1:
                self.ctx.top_statement = node
            if isinstance(node, cst.ClassDef | cst.FunctionDef):
                self.ctx.scopes.append(node)
            if id(node) in self._skip or id(node) in self._protected:
                return False
        try:
            visit = self._visit_cache[kind]
        except KeyError:
            visit = self._visit_cache[kind] = getattr(self, f"visit_{kind.__name__}", None)
        return visit is None or visit(node) is not False

    # the statement stack also places comments above the line a finding is on
    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> _Leave:  # type: ignore[override]
        kind = type(original_node)
        try:
            leave = self._leave_cache[kind]
        except KeyError:
            leave = self._leave_cache[kind] = getattr(self, f"leave_{kind.__name__}", None)
        if self._protected and id(original_node) in self._protected:
            leave = None  # a statement marked "kmigrate: skip" comes out as it went in
        result: _Leave = updated_node if leave is None else leave(original_node, updated_node)
        if kind in _STATEMENT_CLASSES:
            self._statements.pop()
            if not self._statements:
                self.ctx.top_statement = None
            if kind is cst.ClassDef or kind is cst.FunctionDef:
                self.ctx.scopes.pop()
            comments = self._comments.pop(id(original_node), None)
            if comments and id(original_node) not in self._protected:
                existing = self._header_comments if id(original_node) == self._first_statement else frozenset()
                result = _attach_comments(result, comments, existing)
            inserts = self._inserts.pop(id(original_node), None)
            if inserts is not None and id(original_node) not in self._protected:
                result = _surround(result, *inserts)
            self.ctx.updated_statements[id(original_node)] = result
            self.ctx.current_statement = self._statements[-1] if self._statements else None
        return result

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

    def _annotate_current(self, message: str) -> None:
        if self._statements:
            self._comments.setdefault(id(self._statements[-1]), []).append(message)

    def _insert_around_current(self, statements: Sequence[cst.BaseStatement], after: bool) -> None:
        if not self._statements:
            raise RuntimeError("no statement to insert around")
        before_list, after_list = self._inserts.setdefault(id(self._statements[-1]), ([], []))
        (after_list if after else before_list).extend(statements)

    def _add_receiver(self, call: cst.Call) -> cst.BaseExpression | None:
        """``model`` when the statement being walked is exactly ``model.add(call)``."""
        if not self._statements:
            return None
        stmt = self._statements[-1]
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            return None
        expr = stmt.body[0]
        if not (isinstance(expr, cst.Expr) and isinstance(expr.value, cst.Call)):
            return None
        outer = expr.value
        if (
            isinstance(outer.func, cst.Attribute)
            and outer.func.attr.value == "add"
            and len(outer.args) == 1
            and outer.args[0].value is call
        ):
            return outer.func.value
        return None

    def visit_Module(self, node: cst.Module) -> bool:
        if node.body:
            self._first_statement = id(node.body[0])
        self._header_comments = frozenset(line.comment.value for line in node.header if line.comment is not None)
        return True

    # -- imports: never descend; statement-line codemods rewrite them ----------
    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        line = updated_node
        self.ctx.block = id(self._statements[-2]) if len(self._statements) > 1 else 0
        for codemod in self.line_codemods:
            replacement = codemod.on_statement_line(line, self.ctx)
            if replacement is None:
                continue
            if not replacement:
                return cst.RemoveFromParent()
            if len(replacement) == 1:
                line = replacement[0]
                continue
            return cst.FlattenSentinel(list(replacement))
        return line

    # -- which Names are references ------------------------------------------------
    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self._not_refs.add(id(node.attr))
        if isinstance(node.value, cst.Attribute):
            self._inner_attrs.add(id(node.value))
        return True

    def visit_Arg(self, node: cst.Arg) -> bool:
        if node.keyword is not None:
            self._not_refs.add(id(node.keyword))
        return True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._not_refs.add(id(node.name))
        return True

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._not_refs.add(id(node.name))
        return True

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        for codemod in self.class_codemods:
            updated_node = codemod.on_class_def(original_node, updated_node, self.ctx)
        return updated_node

    def visit_Param(self, node: cst.Param) -> bool:
        self._not_refs.add(id(node.name))
        return True

    def visit_Call(self, node: cst.Call) -> bool:
        self._call_funcs.add(id(node.func))
        return True

    # -- references ----------------------------------------------------------------
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self._not_refs:
            return updated_node
        name = original_node.value
        binding = self.ctx.resolution.bindings.get(name)
        if binding is not None:
            if binding.is_module:
                return updated_node
            path = binding.path
            new_name = self.ctx.local_symbol_name(binding)
        else:
            path_or_none = self.ctx.path_of(original_node)
            if path_or_none is None:
                return updated_node
            path = path_or_none
            target = self.ctx.target_of(path)
            new_name = name if target is None else target.rpartition(".")[2]
            if new_name != name and self.ctx._name_is_taken(new_name, target or ""):
                new_name = name
        self._note_reference(path, original_node)
        if new_name == name:
            return updated_node
        self._fire_rename(path)
        return updated_node.with_changes(value=new_name)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if id(original_node) in self._inner_attrs:
            return updated_node
        dotted = dotted_name(original_node)
        if dotted is None:
            return updated_node
        root, _, rest = dotted.partition(".")
        binding = self.ctx.resolution.bindings.get(root)
        if binding is None or not binding.is_module:
            return updated_node
        path = f"{binding.path}.{rest}"
        self._note_reference(path, original_node)
        target = self.ctx.target_of(path)
        if target is None:
            return updated_node
        new_root_module = target_module(binding.path)
        if new_root_module is not None and (target == new_root_module or target.startswith(new_root_module + ".")):
            spelled = binding.local + target[len(new_root_module) :]
        else:
            spelled = self.ctx.spell(target)
        if spelled == dotted:
            return updated_node
        self._fire_rename(path)
        if spelled.rpartition(".")[0] != dotted.rpartition(".")[0]:
            self.ctx.fire(IMPORTS_CODE)
        return parse_dotted(spelled)

    def _fire_rename(self, path: str) -> None:
        canon = canonical(path)
        renamed = self.ctx.renames.get(canon) if canon is not None else None
        if renamed is not None:
            self.ctx.fire(renamed[1])

    def _note_reference(self, path: str, node: cst.CSTNode) -> None:
        canon = canonical(path)
        if canon is None:
            return
        codemod = self.renamers.get(canon)
        if codemod is not None:
            codemod.on_reference(canon, node, id(node) in self._call_funcs, self.ctx)

    # -- calls -------------------------------------------------------------------
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        path = self.ctx.path_of(original_node.func)
        canon = canonical(path) if path is not None else None
        if path is not None and canon is not None and is_module(path):
            # a module cannot be called: Keras 1's function merge() shares its
            # name with Keras 2's module keras.layers.merge
            parent, _, last = path.rpartition(".")
            parent_canon = canonical(parent)
            canon = f"{parent_canon}.{last}" if parent_canon is not None else None
        handlers: list[Codemod] = []
        method = receiver = None
        if canon is not None:
            handlers = self.by_call.get(canon, [])
        elif isinstance(original_node.func, cst.Attribute):
            method = original_node.func.attr.value
            handlers = self.by_method.get(method, [])
            receiver = dotted_name(original_node.func.value)
        if not handlers:
            return updated_node
        site = CallSite(
            original=original_node,
            canonical=canon,
            method=method,
            receiver=receiver,
            is_model_receiver=receiver is not None and receiver in self.ctx.resolution.model_names,
            path=path,
            add_receiver=self._add_receiver(original_node),
        )
        node: cst.BaseExpression = updated_node
        for codemod in handlers:
            if not isinstance(node, cst.Call):
                break
            node = codemod.on_call(node, site, self.ctx)
        return node

    # -- imports the rewrites needed -------------------------------------------------
    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        body = self._blocks(updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def _blocks(self, statements: Sequence[cst.BaseStatement]) -> Sequence[cst.BaseStatement] | None:
        changed = None
        kept = [s for s in statements if id(s) in self._protected] if self._protected else []
        for codemod in self.block_codemods:
            new = codemod.on_block(changed if changed is not None else statements, self.ctx)
            if new is not None and kept and not _keeps(new, kept):
                new = None  # the hook rewrote a statement marked "kmigrate: skip": not this block
            if new is not None:
                changed = new
        return changed

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        blocks = self._blocks(updated_node.body)
        if blocks is not None:
            updated_node = updated_node.with_changes(body=blocks)
        for local in sorted(self.ctx.kept_imports):
            dropped = self.ctx.dropped_imports.get(local)
            if dropped is not None:
                self.ctx.new_imports[dropped] = None
        if not self.ctx.new_imports:
            return updated_node
        body: list[cst.BaseStatement] = list(updated_node.body)
        extra: list[cst.BaseStatement] = []
        for module, name, asname in self.ctx.new_imports:
            if not _merge_import(body, module, name, asname):
                extra.append(_import_line(module, name, asname))
        index = _after_last_import(body)
        return updated_node.with_changes(body=[*body[:index], *extra, *body[index:]])


def _keeps(statements: Sequence[cst.BaseStatement], kept: Sequence[cst.BaseStatement]) -> bool:
    """Every one of ``kept`` is still in ``statements``, as the same node."""
    present = {id(s) for s in statements}
    return all(id(s) in present for s in kept)


def _merge_import(body: list[cst.BaseStatement], module: str, name: str, asname: str | None) -> bool:
    """Add ``name`` to a top-level one-line ``from module import ...``; False if there is none."""
    for i, stmt in enumerate(body):
        if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1):
            continue
        node = stmt.body[0]
        if (
            not isinstance(node, cst.ImportFrom)
            or node.relative
            or node.module is None
            or isinstance(node.names, cst.ImportStar)
            or node.lpar is not None
            or dotted_name(node.module) != module
        ):
            continue
        names = list(node.names)
        names[-1] = names[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        names.append(cst.ImportAlias(name=cst.Name(name), asname=cst.AsName(name=cst.Name(asname)) if asname else None))
        body[i] = stmt.with_changes(body=[node.with_changes(names=names)])
        return True
    return False


def _import_line(module: str, name: str, asname: str | None) -> cst.SimpleStatementLine:
    alias = cst.ImportAlias(
        name=cst.Name(name),
        asname=cst.AsName(name=cst.Name(asname)) if asname else None,
    )
    if not module:  # a plain ``import name [as asname]`` (see PLAIN_IMPORTS)
        return cst.SimpleStatementLine(body=[cst.Import(names=[alias])])
    return cst.SimpleStatementLine(body=[cst.ImportFrom(module=parse_dotted(module), names=[alias])])


def _after_last_import(body: Sequence[cst.BaseStatement]) -> int:
    index = 0
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(s, cst.Import | cst.ImportFrom) for s in stmt.body
        ):
            index = i + 1
    if index == 0 and body:
        # keep a module docstring first
        first = body[0]
        if (
            isinstance(first, cst.SimpleStatementLine)
            and len(first.body) == 1
            and isinstance(first.body[0], cst.Expr)
            and isinstance(first.body[0].value, cst.SimpleString | cst.ConcatenatedString)
        ):
            index = 1
    return index


def annotate_statement(statement: cst.BaseStatement, message: str) -> cst.BaseStatement:
    """``statement`` with a ``# kmigrate: message`` comment above it (once), for block hooks."""
    result = _attach_comments(statement, [message], frozenset())
    assert isinstance(result, cst.SimpleStatementLine | cst.BaseCompoundStatement)
    return result


def _attach_comments(node: _Leave, comments: list[str], existing: frozenset[str]) -> _Leave:
    """Put ``# kmigrate: ...`` comments above a statement, once each."""
    if isinstance(node, cst.FlattenSentinel):
        if not node.nodes:
            return node
        first = _attach_comments(node.nodes[0], comments, existing)
        assert isinstance(first, cst.CSTNode)
        return cst.FlattenSentinel([first, *node.nodes[1:]])
    if not isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return node
    existing = existing | {line.comment.value for line in node.leading_lines if line.comment is not None}
    new_lines = []
    for text in dict.fromkeys(COMMENT_PREFIX + c for c in comments):  # once each, in order
        if text not in existing:
            new_lines.append(cst.EmptyLine(comment=cst.Comment(text)))
    if not new_lines:
        return node
    return node.with_changes(leading_lines=[*node.leading_lines, *new_lines])
