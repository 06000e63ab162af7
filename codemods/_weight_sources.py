"""Recognise how a Keras 1 custom layer made a weight, and say what ``add_weight`` takes instead.

``source(value, updated, ...)`` reads the original right-hand side of
``self.W = <value>`` (names resolve through the file's imports) and returns
the ``add_weight`` keywords, or None when the shape and initializer cannot
be stated exactly. Sub-expressions come from the original tree when they
name nothing Keras (so no other rule changed them), else from the updated
call when its arguments line up, else the weight is not recognised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from codemods._args import keyword, literal_string, new_keyword_arg, string_like
from codemods._framework import FileContext, parse_dotted
from codemods._paths import canonical
from codemods._resolve import dotted_name
from codemods.tables.custom_layers import (
    CONSTANT,
    FAN_INITIALIZERS,
    FILL_VALUES,
    PLAIN_INITIALIZERS,
    VARIABLE_CALLS,
)
from codemods.tables.weights import (
    INITIALIZER_FUNCTIONS,
    INITIALIZER_STRING_RENAMES,
    KERAS1_INITIALIZER_MODULE,
)

_GET = "keras.initializers.get"
_NUMPY = ("np", "numpy")


@dataclass
class Source:
    """What ``add_weight`` needs for one weight.

    The initializer is ``initializer``, or an instance of the class ``make``
    names with ``make_args``: spelled (and imported) only when the rewrite
    happens, so a weight that is finally not rewritten adds no import.
    """

    shape: cst.BaseExpression
    initializer: cst.BaseExpression | None = None
    make: str | None = None
    make_args: list[cst.Arg] = field(default_factory=list)
    dtype: cst.BaseExpression | None = None
    trainable: cst.BaseExpression | None = None  # tf.Variable(trainable=...)
    exact_fans: bool = True  # False: a fan-based initializer on a shape Keras 1 read another way
    superseded: list[cst.CSTNode] = field(default_factory=list)  # calls whose K930 this replaces

    def initializer_node(self, ctx: FileContext) -> cst.BaseExpression:
        if self.initializer is not None:
            return self.initializer
        assert self.make is not None
        return cst.Call(func=parse_dotted(ctx.spell(self.make)), args=self.make_args)


def callee(node: cst.BaseExpression, ctx: FileContext) -> str | None:
    """Canonical Keras name (or ``tensorflow.X`` path) of what ``node`` names."""
    path = ctx.path_of(node)
    if path is None:
        return None
    return canonical(path) or (path if path.startswith("tensorflow.") else None)


def numpy_name(ctx: FileContext) -> str | None:
    """The local name NumPy is imported as, by convention (``np``/``numpy``)."""
    return next((n for n in _NUMPY if n in ctx.resolution.local_names), None)


def portable(node: cst.CSTNode, ctx: FileContext) -> bool:
    """No name in ``node`` is a Keras name another rule could have rewritten."""
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Name):
            binding = ctx.resolution.bindings.get(current.value)
            if binding is not None and not binding.path.startswith("tensorflow"):
                return False
        todo.extend(current.children)
    return True


def _bind(call: cst.Call, params: tuple[str, ...]) -> dict[str, tuple[int, cst.Arg]] | None:
    bound: dict[str, tuple[int, cst.Arg]] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        name = keyword(arg) or (params[index] if index < len(params) else None)
        if name is None or name not in params or name in bound:
            return None
        bound[name] = (index, arg)
    return bound


class _Reader:
    """Reads one call's arguments, preferring original sub-expressions that stayed the same."""

    def __init__(self, call: cst.Call, updated: cst.BaseExpression | None, params: tuple[str, ...], ctx: FileContext) -> None:
        self.bound = _bind(call, params)
        self.call = call
        self.updated = updated if isinstance(updated, cst.Call) and _same_layout(call, updated) else None
        self.ctx = ctx

    def get(self, name: str) -> cst.BaseExpression | None:
        if self.bound is None or name not in self.bound:
            return None
        index, arg = self.bound[name]
        if portable(arg.value, self.ctx):
            return arg.value
        return self.updated.args[index].value if self.updated is not None else None

    def both(self, name: str) -> tuple[cst.BaseExpression, cst.BaseExpression | None] | None:
        """The original argument and, when the layout held, the updated one."""
        if self.bound is None or name not in self.bound:
            return None
        index, arg = self.bound[name]
        return arg.value, self.updated.args[index].value if self.updated is not None else None

    def has(self, name: str) -> bool:
        return self.bound is not None and name in self.bound

    def only(self, *names: str) -> bool:
        return self.bound is not None and set(self.bound) <= set(names)


def _same_layout(a: cst.Call, b: cst.Call) -> bool:
    return len(a.args) == len(b.args) and [keyword(x) for x in a.args] == [keyword(x) for x in b.args]


def _init_string(value: cst.BaseExpression) -> tuple[cst.BaseExpression, str] | None:
    """A Keras 1 initializer string, renamed where today's name differs."""
    text = literal_string(value)
    if text is None or not isinstance(value, cst.SimpleString):
        return None
    if text not in FAN_INITIALIZERS | PLAIN_INITIALIZERS:
        return None
    new = INITIALIZER_STRING_RENAMES.get(text, text)
    return (string_like(value, new) if new != text else value), text


def _exact(name: str | None, shape: cst.BaseExpression, dim_ordering: cst.BaseExpression | None) -> bool:
    if name is not None and name not in FAN_INITIALIZERS:
        return True
    rank = len(shape.elements) if isinstance(shape, cst.Tuple | cst.List) else None
    return rank == 2 or (rank == 4 and dim_ordering is not None and literal_string(dim_ordering) == "tf")


def source(
    value: cst.BaseExpression,
    updated: cst.BaseExpression | None,
    init_attrs: dict[str, cst.BaseExpression],
    ctx: FileContext,
) -> Source | None:
    """How to make the weight ``value`` makes with ``add_weight``, or None."""
    if not isinstance(value, cst.Call):
        return None
    found = _initializer_source(value, updated, init_attrs, ctx)
    if found is not None:
        return found
    func = value.func
    name = callee(func, ctx)
    if name is not None and name in INITIALIZER_FUNCTIONS and (ctx.path_of(func) or "").startswith(KERAS1_INITIALIZER_MODULE + "."):
        return _keras1_function(value, updated, name, ctx)
    row = VARIABLE_CALLS.get(name or "")
    if row is None:
        return None
    read = _Reader(value, updated, row.params, ctx)
    if not read.only(*row.params) or (read.has("trainable") and name != "tensorflow.Variable"):
        return None
    dtype = read.get("dtype") if read.has("dtype") else None
    if read.has("dtype") and dtype is None:
        return None
    if row.fill is not None or row.target is not None:
        shape = read.get("shape")
        if shape is None:
            return None
        if row.fill is not None:
            return Source(shape, cst.SimpleString(repr(row.fill)), dtype=dtype)
        assert row.target is not None
        args = []
        for old in row.params:  # in the Keras 1 order: minval before maxval
            new = row.keywords.get(old)
            if new is not None and read.has(old):
                arg = read.get(old)
                if arg is None:
                    return None
                args.append(new_keyword_arg(new, arg))
        return Source(shape, make=row.target, make_args=args, dtype=dtype)
    assert row.value is not None
    initial = read.get(row.value)
    trainable = read.get("trainable") if read.has("trainable") else None
    if initial is None or (read.has("trainable") and trainable is None):
        return None
    both = read.both(row.value)
    # K.variable(self.init(shape)): Keras 2 initializers returned a tensor to wrap
    found = _initializer_source(both[0], both[1], init_attrs, ctx) if both is not None else None
    found = found or _value(initial, ctx)
    if found is not None:
        found.dtype, found.trainable = dtype, trainable
    return found


def _initializer_source(
    value: cst.BaseExpression,
    updated: cst.BaseExpression | None,
    init_attrs: dict[str, cst.BaseExpression],
    ctx: FileContext,
) -> Source | None:
    """``self.init(shape)`` (``__init__`` set ``self.init = initializations.get(X)``)
    or ``initializations.get(X)(shape)``."""
    if not isinstance(value, cst.Call):
        return None
    func = value.func
    attr = dotted_name(func)
    if attr is not None and attr.startswith("self.") and attr[5:] in init_attrs:
        return _initializer_call(value, updated, init_attrs[attr[5:]], func, ctx)
    if isinstance(func, cst.Call) and callee(func.func, ctx) == _GET and len(func.args) == 1 and not func.args[0].keyword:
        updated_get = updated.func if isinstance(updated, cst.Call) and isinstance(updated.func, cst.Call) else None
        return _initializer_call(value, updated, func.args[0].value, updated_get, ctx)
    return None


def _initializer_call(
    call: cst.Call,
    updated: cst.BaseExpression | None,
    identifier: cst.BaseExpression,
    fallback: cst.BaseExpression | None,
    ctx: FileContext,
) -> Source | None:
    """``f(shape, name=..., dim_ordering=...)`` where ``f = initializations.get(identifier)``."""
    read = _Reader(call, updated, ("shape", "name", "dim_ordering"), ctx)
    shape = read.get("shape")
    if shape is None or not read.only("shape", "name", "dim_ordering"):
        return None
    string = _init_string(identifier)
    if string is not None:
        initializer, text = string
        return Source(shape, initializer, exact_fans=_exact(text, shape, read.get("dim_ordering")))
    if fallback is None:
        return None
    return Source(shape, fallback, exact_fans=_exact(None, shape, read.get("dim_ordering")))


def _keras1_function(call: cst.Call, updated: cst.BaseExpression | None, name: str, ctx: FileContext) -> Source | None:
    """``initializations.uniform(shape, scale, name=...)``, which the weight rules made ``RandomUniform(...)(shape)``."""
    if not (isinstance(updated, cst.Call) and isinstance(updated.func, cst.Call) and len(updated.args) == 1):
        return None
    row = INITIALIZER_FUNCTIONS[name]
    read = _Reader(call, None, row.params, ctx)
    shape = read.get("shape") or updated.args[0].value
    short = name.rpartition(".")[2]
    return Source(shape, updated.func, exact_fans=_exact(short, shape, read.get("dim_ordering")), superseded=[call])


def _value(initial: cst.BaseExpression, ctx: FileContext) -> Source | None:
    """The initial value of ``K.variable(value)`` / ``tf.Variable(value)``."""
    np = numpy_name(ctx)
    if isinstance(initial, cst.Call):
        called = _initializer_object(initial, ctx)
        if called is not None or not initial.args or initial.args[0].keyword:
            return called
        dotted = dotted_name(initial.func) or ""
        head, _, last = dotted.rpartition(".")
        full = f"numpy.{last}" if np is not None and head == np else callee(initial.func, ctx)
        fill = FILL_VALUES.get(full or "")
        size = initial.args[0].value
        only_shape = len(initial.args) == 1 or (len(initial.args) == 2 and keyword(initial.args[1]) in (None, "dtype"))
        if fill is None or not only_shape or not portable(size, ctx):
            return None
        if fill == "identity":  # eye(n): a square matrix
            if not isinstance(size, cst.Name | cst.Attribute | cst.Subscript | cst.Integer) or len(initial.args) != 1:
                return None
            return Source(cst.Tuple([cst.Element(size), cst.Element(size)]), cst.SimpleString("'identity'"))
        return Source(size, cst.SimpleString(repr(fill)))
    constant = [cst.Arg(value=initial)]
    if _is_number(initial):
        return Source(cst.Tuple(elements=[]), make=CONSTANT, make_args=constant)
    if isinstance(initial, cst.Name | cst.Attribute | cst.Subscript) and np is not None:
        shape = cst.Call(func=parse_dotted(f"{np}.shape"), args=[cst.Arg(value=initial)])
        return Source(shape, make=CONSTANT, make_args=constant)
    return None


def _initializer_object(call: cst.Call, ctx: FileContext) -> Source | None:
    """``init(shape=s, dtype=d)``: an initializer object called with a ``shape=`` keyword
    (the tf.keras guide's ``tf.Variable(initial_value=w_init(shape=..., dtype=...))``)."""
    named = {keyword(a): a.value for a in call.args}
    if None in named or set(named) - {"shape", "dtype"} or "shape" not in named:
        return None
    if not all(portable(v, ctx) for v in (call.func, *named.values())):
        return None
    return Source(named["shape"], call.func, dtype=named.get("dtype"))


def _is_number(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    return isinstance(node, cst.Integer | cst.Float)
