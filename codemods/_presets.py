"""Attributes a Keras 1 layer set before ``super().__init__``, which Keras 3 resets.

Keras 1's ``Layer.__init__`` kept ``input_spec`` and ``supports_masking``
when a subclass had set them first (``if not hasattr(self, 'input_spec')``);
Keras 3's sets them again (checked on TensorFlow 2.21), so they move after
the call when that cannot change their value.
"""

from __future__ import annotations

import libcst as cst

from codemods import _custom_layers as layers

PRESETS = frozenset({"input_spec", "supports_masking"})


def after_super(fn: cst.FunctionDef) -> cst.FunctionDef:
    """Move ``self.input_spec``/``self.supports_masking`` assignments that precede
    ``super().__init__`` (which resets them in Keras 3, not in Keras 1) after it."""
    if not isinstance(fn.body, cst.IndentedBlock):
        return fn
    body = list(fn.body.body)
    smalls = [s.body[0] if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 else None for s in body]
    init = next((i for i, small in enumerate(smalls) if _is_super_init(small)), None)
    if init is None:
        return fn
    moving = []
    for i in range(init):
        small = smalls[i]
        if isinstance(small, cst.Assign) and _is_preset(small) and _pure(small.value, body[i + 1 : init + 1]):
            moving.append(i)
    if not moving:
        return fn
    moved = [body[i] for i in moving]
    rest = [s for i, s in enumerate(body) if i not in moving]
    at = rest.index(body[init]) + 1
    return fn.with_changes(body=fn.body.with_changes(body=[*rest[:at], *moved, *rest[at:]]))


def _is_preset(small: cst.Assign) -> bool:
    return len(small.targets) == 1 and layers.self_attribute(small.targets[0].target) in PRESETS


def _is_super_init(small: cst.BaseSmallStatement | None) -> bool:
    """``super(...).__init__(...)`` or ``Layer.__init__(self, ...)`` as a statement."""
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
        return False
    func = small.value.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "__init__":
        return False
    owner = func.value
    if isinstance(owner, cst.Call):
        return isinstance(owner.func, cst.Name) and owner.func.value == "super"
    return layers.dotted_tail(owner) == "Layer"


def _references(node: cst.CSTNode) -> set[str]:
    """Names read as variables in ``node`` (not attribute or keyword names)."""
    skip: set[int] = set()
    found: set[str] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Attribute):
            skip.add(id(current.attr))
        elif isinstance(current, cst.Arg) and current.keyword is not None:
            skip.add(id(current.keyword))
        elif isinstance(current, cst.Name) and id(current) not in skip:
            found.add(current.value)
        todo.extend(current.children)
    return found


def _rebound(statements: list[cst.BaseStatement]) -> set[str] | None:
    """Names the statements bind (None: an import may rebind anything)."""
    found: set[str] = set()
    todo: list[cst.CSTNode] = list(statements)
    while todo:
        current = todo.pop()
        targets: list[cst.CSTNode] = []
        if isinstance(current, cst.AssignTarget | cst.AugAssign | cst.AnnAssign | cst.For):
            targets = [current.target]
        elif isinstance(current, cst.AsName):
            targets = [current.name]
        elif isinstance(current, cst.Import | cst.ImportFrom):
            return None
        for target in targets:
            if not isinstance(target, cst.Attribute | cst.Subscript):
                found |= _references(target)
        todo.extend(current.children)
    return found


def _pure(value: cst.BaseExpression, between: list[cst.BaseStatement]) -> bool:
    """Evaluating ``value`` after ``between`` gives the same: it does not read
    ``self`` and no name it reads is rebound there."""
    names = _references(value)
    rebound = _rebound(between)
    return "self" not in names and rebound is not None and not names & rebound
