"""Import resolution, once per file: which local names are Keras names.

A cheap walk over *statements only* (never into expressions) records every
binding an import creates, in every spelling Keras code used::

    import keras                                   keras -> module keras
    import keras.layers as L                       L     -> module keras.layers
    import keras.layers.convolutional              keras -> module keras
    from keras import backend as K                 K     -> module keras.backend
    from keras.layers import Convolution2D as C2D  C2D   -> keras.layers.Convolution2D
    from keras.layers.convolutional import *       star import of keras.layers.convolutional
    import tensorflow as tf                        tf    -> module tensorflow (tf.keras...)

Names the file binds itself (``class Dense``, ``def Dense``, ``Dense = ...``,
``from mylib import Dense``) shadow Keras bindings and star imports, so a
user's own ``Dense`` is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods._paths import FUNCTIONS_NAMED_LIKE_MODULES, MODEL_CONSTRUCTORS, canonical, is_module

KERAS_ROOTS = ("keras", "tensorflow")


def is_keras_path(path: str) -> bool:
    """True for ``keras``/``tensorflow`` and their submodules or members."""
    return any(path == root or path.startswith(root + ".") for root in KERAS_ROOTS)


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of Names and Attributes, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _import_module_name(node: cst.ImportFrom) -> str | None:
    if node.relative or node.module is None:
        return None
    return dotted_name(node.module)


def _alias_name(alias: cst.ImportAlias) -> str:
    name = dotted_name(alias.name)
    assert name is not None  # an import alias is always a dotted name
    return name


def _alias_local(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None:
        return None
    target = alias.asname.name
    return target.value if isinstance(target, cst.Name) else None


@dataclass(frozen=True)
class Binding:
    """A local name bound by an import to a Keras module or member."""

    local: str
    path: str
    is_module: bool
    aliased: bool


@dataclass
class Resolution:
    """Everything import resolution learned about one file."""

    bindings: dict[str, Binding] = field(default_factory=dict)
    star_modules: list[str] = field(default_factory=list)
    # Names the file binds by other means than a Keras import: they shadow stars.
    local_names: set[str] = field(default_factory=set)
    # Dotted expressions ("model", "self.model") assigned a Keras model.
    model_names: set[str] = field(default_factory=set)

    @property
    def uses_keras(self) -> bool:
        return bool(self.bindings or self.star_modules)

    def path_of(self, node: cst.BaseExpression, star_exports: frozenset[str]) -> str | None:
        """The original full path of a Name/Attribute chain bound to Keras, else None.

        ``star_exports`` are the canonical names a star import may provide.
        """
        name = dotted_name(node)
        if name is None:
            return None
        root, _, rest = name.partition(".")
        binding = self.bindings.get(root)
        if binding is not None:
            return binding.path + ("." + rest if rest else "")
        if root in self.local_names:
            return None
        for module in self.star_modules:
            candidate = f"{module}.{root}"
            if candidate_is_export(candidate, star_exports):
                return candidate + ("." + rest if rest else "")
        return None


def candidate_is_export(path: str, star_exports: frozenset[str]) -> bool:
    return canonical(path) in star_exports


def _compound_bodies(node: cst.BaseCompoundStatement) -> Iterator[Sequence[cst.BaseStatement]]:
    body = node.body
    if isinstance(body, cst.IndentedBlock):
        yield body.body
    for attr in ("orelse", "finalbody"):
        extra = getattr(node, attr, None)
        if extra is None:
            continue
        if isinstance(extra, cst.If):  # elif chain
            yield from _compound_bodies(extra)
        elif isinstance(extra.body, cst.IndentedBlock):
            yield extra.body.body
    for handler in getattr(node, "handlers", ()):
        if isinstance(handler.body, cst.IndentedBlock):
            yield handler.body.body
    if isinstance(node, cst.Match):
        for case in node.cases:
            if isinstance(case.body, cst.IndentedBlock):
                yield case.body.body


class _Resolver:
    def __init__(self) -> None:
        self.res = Resolution()
        self.model_factories: set[str] = set()

    # -- bindings ---------------------------------------------------------
    def bind(self, binding: Binding) -> None:
        self.res.bindings[binding.local] = binding
        self.res.local_names.discard(binding.local)

    def shadow(self, name: str) -> None:
        self.res.bindings.pop(name, None)
        self.res.local_names.add(name)

    def import_(self, node: cst.Import) -> None:
        for alias in node.names:
            path = _alias_name(alias)
            local = _alias_local(alias)
            if not is_keras_path(path):
                self.shadow(local or path.partition(".")[0])
                continue
            if local is not None:
                self.bind(Binding(local, path, is_module=True, aliased=True))
            else:
                root = path.partition(".")[0]
                self.bind(Binding(root, root, is_module=True, aliased=False))

    def import_from(self, node: cst.ImportFrom) -> None:
        module = _import_module_name(node)
        if isinstance(node.names, cst.ImportStar):
            if module is not None and is_keras_path(module):
                self.res.star_modules.append(module)
            return
        for alias in node.names:
            name = _alias_name(alias)
            local = _alias_local(alias) or name
            if module is None or not is_keras_path(module):
                self.shadow(local)
                continue
            path = f"{module}.{name}"
            module_like = is_module(path) and path not in FUNCTIONS_NAMED_LIKE_MODULES
            self.bind(Binding(local, path, is_module=module_like, aliased=alias.asname is not None))

    # -- model tracking (receivers of fit/evaluate/predict) ----------------
    def _is_model_value(self, value: cst.BaseExpression) -> bool:
        if not isinstance(value, cst.Call):
            return False
        callee = dotted_name(value.func)
        if callee is not None and callee in self.model_factories:
            return True
        path = self.res.path_of(value.func, frozenset(MODEL_CONSTRUCTORS))
        return path is not None and canonical(path) in MODEL_CONSTRUCTORS

    def assign(self, targets: Sequence[cst.BaseExpression], value: cst.BaseExpression | None) -> None:
        is_model = value is not None and self._is_model_value(value)
        for target in targets:
            name = dotted_name(target)
            if name is None:
                continue
            if is_model:
                self.res.model_names.add(name)
            if "." not in name:
                self.shadow(name)

    # -- walk -------------------------------------------------------------
    def statements(self, body: Sequence[cst.BaseStatement], function: str | None = None) -> None:
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self.small(small, function)
            elif isinstance(stmt, cst.FunctionDef | cst.ClassDef):
                self.shadow(stmt.name.value)
                inner = stmt.name.value if isinstance(stmt, cst.FunctionDef) else None
                if isinstance(stmt.body, cst.IndentedBlock):
                    self.statements(stmt.body.body, inner)
                elif isinstance(stmt.body, cst.SimpleStatementSuite):
                    for line_small in stmt.body.body:
                        self.small(line_small, inner)
            elif isinstance(stmt, cst.BaseCompoundStatement):
                if isinstance(stmt, cst.For):
                    self.assign([stmt.target], None)
                if isinstance(stmt, cst.With):
                    self.assign([item.asname.name for item in stmt.items if item.asname], None)
                for block in _compound_bodies(stmt):
                    self.statements(block, function)

    def small(self, small: cst.BaseSmallStatement, function: str | None) -> None:
        if isinstance(small, cst.Import):
            self.import_(small)
        elif isinstance(small, cst.ImportFrom):
            self.import_from(small)
        elif isinstance(small, cst.Assign):
            self.assign([t.target for t in small.targets], small.value)
        elif isinstance(small, cst.AnnAssign):
            self.assign([small.target], small.value)
        elif isinstance(small, cst.Return) and function is not None and small.value is not None:
            name = dotted_name(small.value)
            if (name is not None and name in self.res.model_names) or self._is_model_value(small.value):
                self.model_factories.add(function)


def resolve(module: cst.Module) -> Resolution:
    """Resolve a module's Keras imports with one walk over its statements."""
    resolver = _Resolver()
    resolver.statements(module.body)
    return resolver.res
