"""What the training-API rules share: facts about the file, gathered during the walk.

The rules read earlier statements of the same file: which names hold an
``ImageDataGenerator``, an iterator made by its ``flow*`` methods (and with
which batch size), a ``Sequential`` or a functional ``Model`` (and how many
outputs), and which weight-file names this file already renamed. Statement
lines report what they assign once they have been walked (``observe``), so a
fact is known to the calls of later lines. The facts live in ``ctx.scratch``.

Only statements the walk visits are seen; an assignment in a line that names
nothing Keras knows (``gen = my_generator()``) is not, which is why the rules
prefer expressions that stay right whatever the name holds
(``train_gen.batch_size``) over values copied from the assignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods._args import keyword, literal_int
from codemods._framework import FileContext
from codemods._paths import MODEL_CONSTRUCTORS, canonical
from codemods._resolve import dotted_name
from codemods.tables.training import FLOW_BATCH_POSITIONS

IMAGE_DATA_GENERATOR = "keras.preprocessing.image.ImageDataGenerator"
_SCRATCH = "_training"
_EMPTY = cst.Module(body=[])
_SEQUENTIAL = frozenset({"keras.Sequential", "keras.models.Sequential"})
_FUNCTIONAL = frozenset({"keras.Model", "keras.layers.Container", "keras.models.Model"})


@dataclass(frozen=True)
class Flow:
    """An ``ImageDataGenerator().flow*(...)`` iterator (a PyDataset in Keras 3)."""

    method: str  # flow, flow_from_directory, flow_from_dataframe
    data: str | None  # source of flow's x (None for the directory and dataframe forms)
    batch: cst.BaseExpression | None  # the batch_size argument; None: the default 32
    name: str | None = None  # the name holding it, when it was assigned


@dataclass(frozen=True)
class ModelFact:
    kind: str  # "sequential", "functional" or "unknown" (load_model, model_from_json)
    outputs: int | None  # number of outputs when a literal list shows it


@dataclass
class Facts:
    image_generators: set[str] = field(default_factory=set)
    flows: dict[str, Flow] = field(default_factory=dict)
    models: dict[str, ModelFact] = field(default_factory=dict)
    # literal file name -> the name this file now writes instead (save_weights, ModelCheckpoint)
    renamed_paths: dict[str, str] = field(default_factory=dict)
    # literal weight-file names load_weights read before any rename of them was seen
    loaded_paths: set[str] = field(default_factory=set)
    # the reset_states comprehensions handed out, turned into loops when they are whole statements
    reset_loops: list[cst.ListComp] = field(default_factory=list)
    # a training call earlier in the file used a Keras 1-only keyword (samples_per_epoch, ...)
    keras1_training: bool = False
    seen: cst.SimpleStatementLine | None = None


def facts(ctx: FileContext) -> Facts:
    found = ctx.scratch.get(_SCRATCH)
    if not isinstance(found, Facts):
        found = ctx.scratch[_SCRATCH] = Facts()
    return found


def source(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def is_legacy_file(ctx: FileContext) -> bool:
    """The file imports standalone ``keras`` (Keras 1 code), not ``tensorflow.keras``."""
    paths = [b.path for b in ctx.resolution.bindings.values()] + list(ctx.resolution.star_modules)
    return any(p == "keras" or p.startswith("keras.") for p in paths)


def argument(args: Sequence[cst.Arg], name: str, position: int | None) -> cst.Arg | None:
    """The argument bound to parameter ``name``: by keyword, or at ``position``."""
    for arg in args:
        if keyword(arg) == name:
            return arg
    positional = [a for a in args if a.keyword is None and not a.star]
    return positional[position] if position is not None and position < len(positional) else None


def _canonical_callee(call: cst.Call, ctx: FileContext) -> str | None:
    path = ctx.path_of(call.func)
    return canonical(path) if path is not None else None


def flow_of(node: cst.BaseExpression, ctx: FileContext) -> Flow | None:
    """The iterator ``node`` is: an inline ``datagen.flow(...)`` or a name assigned one."""
    name = dotted_name(node)
    if name is not None:
        return facts(ctx).flows.get(name)
    if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
        return None
    method = node.func.attr.value
    if method not in FLOW_BATCH_POSITIONS:
        return None
    receiver = node.func.value
    owner = dotted_name(receiver)
    proven = owner in facts(ctx).image_generators if owner is not None else (
        isinstance(receiver, cst.Call) and _canonical_callee(receiver, ctx) == IMAGE_DATA_GENERATOR
    )
    if not proven:
        return None
    batch = argument(node.args, "batch_size", FLOW_BATCH_POSITIONS[method])
    data = None
    if method == "flow":
        x = argument(node.args, "x", 0) or argument(node.args, "X", None)
        data = source(x.value) if x is not None else None
    return Flow(method, data, batch.value if batch is not None else None)


def _outputs(call: cst.Call, kind: str) -> int | None:
    if kind == "sequential":
        return 1
    arg = argument(call.args, "outputs", 1) or argument(call.args, "output", None)
    if arg is None or not isinstance(arg.value, cst.List | cst.Tuple):
        return None
    if any(isinstance(e, cst.StarredElement) for e in arg.value.elements):
        return None
    return len(arg.value.elements)


def observe(line: cst.SimpleStatementLine, ctx: FileContext) -> None:
    """Record what the assignments of a walked line bind (once per line)."""
    known = facts(ctx)
    if known.seen is line:
        return
    known.seen = line
    for small in line.body:
        if isinstance(small, cst.Assign):
            targets = [t.target for t in small.targets]
            value: cst.BaseExpression | None = small.value
        elif isinstance(small, cst.AnnAssign | cst.AugAssign):
            targets, value = [small.target], small.value if isinstance(small, cst.AnnAssign) else None
        else:
            continue
        names = [n for t in targets for n in _target_names(t)]
        for name in names:
            known.image_generators.discard(name)
            known.flows.pop(name, None)
            known.models.pop(name, None)
        single = [n for n in (dotted_name(t) for t in targets) if n is not None]
        if not isinstance(value, cst.Call) or not single:
            continue
        callee = _canonical_callee(value, ctx)
        flow = flow_of(value, ctx)
        for name in single:
            if callee == IMAGE_DATA_GENERATOR:
                known.image_generators.add(name)
            elif callee in MODEL_CONSTRUCTORS:
                kind = "sequential" if callee in _SEQUENTIAL else "functional" if callee in _FUNCTIONAL else "unknown"
                known.models[name] = ModelFact(kind, _outputs(value, kind))
            elif flow is not None:
                known.flows[name] = Flow(flow.method, flow.data, flow.batch, name)


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Tuple | cst.List):
        return [n for e in target.elements for n in _target_names(e.value)]
    name = dotted_name(target)
    return [name] if name is not None else []


_TIGHT = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float, cst.UnaryOperation)
_PRODUCTS = (cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.MatrixMultiply, cst.Power)


def _operand(node: cst.BaseExpression, left: bool) -> cst.BaseExpression:
    """``node`` as an operand of ``/``: parenthesised unless it binds at least as tightly
    (``a * b / c`` needs none; ``a / (b * c)`` does)."""
    if isinstance(node, _TIGHT) or node.lpar:
        return node
    if left and isinstance(node, cst.BinaryOperation) and isinstance(node.operator, _PRODUCTS):
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def ceil_div(total: cst.BaseExpression, batch: cst.BaseExpression, ctx: FileContext) -> cst.BaseExpression:
    """``ceil(total / batch)``, or the number when both are integer literals.

    ``math.ceil`` returns an int in Python 3 and accepts the float sample counts
    Keras 1 also accepted (``-(-a // b)`` would give a float there, which
    Keras 3 rejects as a step count).
    """
    t, b = literal_int(total), literal_int(batch)
    if t is not None and b is not None and b > 0:
        return cst.Integer(str(-(-t // b)))
    taken = ctx.resolution.local_names | set(ctx.resolution.bindings)
    local = "ceil" if "ceil" not in taken else "math_ceil"
    ctx.new_imports[("math", "ceil", None if local == "ceil" else local)] = None
    ratio = cst.BinaryOperation(left=_operand(total, True), operator=cst.Divide(), right=_operand(batch, False))
    return cst.Call(func=cst.Name(local), args=[cst.Arg(ratio)])


def is_pure(node: cst.BaseExpression) -> bool:
    """Safe to evaluate twice: names, attributes, literals, subscripts, ``len()`` and arithmetic of them."""
    if isinstance(node, cst.Name | cst.Integer | cst.Float):
        return True
    if isinstance(node, cst.Attribute):
        return is_pure(node.value)
    if isinstance(node, cst.Subscript):
        return is_pure(node.value) and all(
            isinstance(s.slice, cst.Index) and is_pure(s.slice.value) for s in node.slice
        )
    if isinstance(node, cst.BinaryOperation):
        return is_pure(node.left) and is_pure(node.right)
    if isinstance(node, cst.UnaryOperation):
        return is_pure(node.expression)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "len":
        return len(node.args) == 1 and not node.args[0].star and is_pure(node.args[0].value)
    return False
