"""What a custom layer's ``build``/``__init__`` does with its weights, read from the original tree.

The Keras 1 statements that matter, each found in the block (statement list)
it is in, with its position there:

- creations ``self.W = <value>``;
- registrations ``self.trainable_weights = [self.W, ...]``, ``+= [...]``,
  ``.append(self.W)``, ``.extend([...])`` (and ``non_trainable_weights``);
- constraints ``self.constraints = {self.W: c}``, ``self.constraints = {}``,
  ``self.constraints[self.W] = c`` (alone or under ``if c:``).

Also here: how often the class assigns each ``self.X``, which attributes
``__init__`` set to ``initializations.get(X)``, and the constraint values of
a constraints line as the other rules left it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods import _custom_layers as layers
from codemods._framework import FileContext
from codemods._weight_sources import callee

REGISTRIES = {"trainable_weights": True, "non_trainable_weights": False}
_GET = "keras.initializers.get"


@dataclass(frozen=True)
class Place:
    """A one-statement line, its block, and its position in that block."""

    line: cst.SimpleStatementLine
    small: cst.BaseSmallStatement
    block: int  # id of the statement list
    index: int
    top: int  # position of the enclosing top-level statement in the method body
    top_level: bool  # the line is a top-level statement of the method
    guard: cst.BaseExpression | None = None  # test of the `if` (without else) whose body is the block
    guard_place: tuple[int, int] | None = None  # (block, index) of that `if`


@dataclass(frozen=True)
class Registration:
    place: Place
    trainable: bool
    attrs: tuple[str, ...] | None  # None: a form kmigrate does not follow
    empty: bool = False  # `= []`


@dataclass(frozen=True)
class ConstraintLine:
    place: Place
    entries: tuple[tuple[str, cst.BaseExpression], ...] | None  # None: not followed
    empty: bool = False  # `= {}`


@dataclass
class Plan:
    creations: dict[str, list[tuple[Place, cst.BaseExpression]]] = field(default_factory=dict)
    registrations: list[Registration] = field(default_factory=list)
    constraints: list[ConstraintLine] = field(default_factory=list)
    super_init: int | None = None  # top-level index of super().__init__(...) in __init__


def _self_attrs(node: cst.BaseExpression) -> tuple[str, ...] | None:
    if not isinstance(node, cst.List | cst.Tuple):
        return None
    attrs = []
    for element in node.elements:
        attr = layers.self_attribute(element.value) if isinstance(element, cst.Element) else None
        if attr is None:
            return None
        attrs.append(attr)
    return tuple(attrs)


def _registration(place: Place) -> Registration | None:
    small = place.small
    target: cst.BaseExpression | None = None
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        registry = layers.self_attribute(target)
        if registry in REGISTRIES:
            listed = _self_attrs(small.value)
            return Registration(place, REGISTRIES[registry], listed, empty=listed == ())
    if isinstance(small, cst.AugAssign) and isinstance(small.operator, cst.AddAssign):
        registry = layers.self_attribute(small.target)
        if registry in REGISTRIES:
            return Registration(place, REGISTRIES[registry], _self_attrs(small.value))
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and isinstance(small.value.func, cst.Attribute):
        call = small.value
        func = small.value.func
        registry = layers.self_attribute(func.value)
        if registry in REGISTRIES and func.attr.value in ("append", "extend", "insert", "remove"):
            attrs: tuple[str, ...] | None = None
            if len(call.args) == 1 and not call.args[0].keyword and func.attr.value in ("append", "extend"):
                value = call.args[0].value
                attr = layers.self_attribute(value)
                attrs = (attr,) if func.attr.value == "append" and attr else _self_attrs(value) if func.attr.value == "extend" else None
            return Registration(place, REGISTRIES[registry], attrs)
    return None


def _constraint(place: Place) -> ConstraintLine | None:
    small = place.small
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        if layers.self_attribute(target) == "constraints":
            value = small.value
            if not isinstance(value, cst.Dict):
                return ConstraintLine(place, None)
            entries = []
            for element in value.elements:
                attr = layers.self_attribute(element.key) if isinstance(element, cst.DictElement) else None
                if attr is None or not isinstance(element, cst.DictElement):
                    return ConstraintLine(place, None)
                entries.append((attr, element.value))
            return ConstraintLine(place, tuple(entries), empty=not entries)
        if isinstance(target, cst.Subscript) and layers.self_attribute(target.value) == "constraints":
            index = target.slice[0].slice if len(target.slice) == 1 else None
            attr = layers.self_attribute(index.value) if isinstance(index, cst.Index) else None
            return ConstraintLine(place, ((attr, small.value),) if attr else None)
    if (
        isinstance(small, cst.Expr)
        and isinstance(small.value, cst.Call)
        and isinstance(small.value.func, cst.Attribute)
        and layers.self_attribute(small.value.func.value) == "constraints"
    ):
        return ConstraintLine(place, None)
    return None


def _is_super_init(small: cst.BaseSmallStatement) -> bool:
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
        return False
    func = small.value.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "__init__"
        and isinstance(func.value, cst.Call)
        and isinstance(func.value.func, cst.Name)
        and func.value.func.value == "super"
    )


def read(fn: cst.FunctionDef) -> Plan:
    """The weight statements of one method (original tree)."""
    plan = Plan()
    if not isinstance(fn.body, cst.IndentedBlock):
        return plan
    todo: list[tuple[Sequence[cst.BaseStatement], int | None, cst.BaseExpression | None, tuple[int, int] | None]] = [
        (fn.body.body, None, None, None)
    ]
    while todo:
        block, top, guard, guard_place = todo.pop()
        for index, stmt in enumerate(block):
            where = index if top is None else top
            if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
                place = Place(stmt, stmt.body[0], id(block), index, where, top is None, guard, guard_place)
                _classify(plan, place)
                continue
            inner = list(layers.inner_blocks(stmt))
            simple_if = isinstance(stmt, cst.If) and stmt.orelse is None
            for body in inner:
                test = stmt.test if simple_if and isinstance(stmt, cst.If) else None
                todo.append((body, where, test, (id(block), index) if simple_if else None))
    return plan


def _classify(plan: Plan, place: Place) -> None:
    small = place.small
    if place.top_level and plan.super_init is None and _is_super_init(small):
        plan.super_init = place.index
    registration = _registration(place)
    if registration is not None:
        plan.registrations.append(registration)
        return
    constraint = _constraint(place)
    if constraint is not None:
        plan.constraints.append(constraint)
        return
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        attr = layers.self_attribute(small.targets[0].target)
        if attr is not None:
            plan.creations.setdefault(attr, []).append((place, small.value))


def assigned(cls: cst.ClassDef) -> Counter[str]:
    """How often each ``self.X`` is assigned anywhere in the class."""
    counts: Counter[str] = Counter()
    todo: list[cst.CSTNode] = [cls.body]
    while todo:
        node = todo.pop()
        if isinstance(node, cst.AssignTarget | cst.AugAssign | cst.AnnAssign):
            attr = layers.self_attribute(node.target)
            if attr is not None:
                counts[attr] += 1
        todo.extend(node.children)
    return counts


def initializer_attrs(fn: cst.FunctionDef | None, counts: Counter[str], ctx: FileContext) -> dict[str, cst.BaseExpression]:
    """``init -> X`` for ``self.init = initializations.get(X)`` in ``__init__``."""
    found: dict[str, cst.BaseExpression] = {}
    for block in layers.blocks(fn) if fn is not None else ():
        for _, small in layers.simple_statements(block):
            if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call)):
                continue
            attr = layers.self_attribute(small.targets[0].target)
            call = small.value
            if attr and counts[attr] == 1 and callee(call.func, ctx) == _GET and len(call.args) == 1 and not call.args[0].keyword:
                found[attr] = call.args[0].value
    return found


def constraint_values(line: cst.BaseStatement | None) -> list[cst.BaseExpression] | None:
    """The constraint values of ``self.constraints = {...}`` / ``self.constraints[k] = v``
    as another rule left them (in the original's order)."""
    if not isinstance(line, cst.SimpleStatementLine) or not isinstance(line.body[0], cst.Assign):
        return None
    value = line.body[0].value
    if isinstance(line.body[0].targets[0].target, cst.Subscript):
        return [value]
    if isinstance(value, cst.Dict) and all(isinstance(e, cst.DictElement) for e in value.elements):
        return [e.value for e in value.elements]
    return None
