"""What ``channels_first_layers`` knows about a file and a call.

A file's global setters (``K.set_image_dim_ordering('th')``, or its translation
``K.set_image_data_format('channels_first')``) decide the ordering of a layer
that states none: the last setter above the call, as Python runs a script; with
none above, the setters of the whole text when it is known, for a setter below
the model code (``if __name__ == '__main__':``). Any th setter in the file means
Keras 3 runs the file's 1D layers and ``Flatten`` under a global channels_first.
The chains record, per enclosing function (or the module), whether the last
layer called there made channels-first feature maps: a ``Flatten`` or a
``BatchNormalization`` called next sees them.
"""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass, field

import libcst as cst

from codemods._args import keyword, literal_string
from codemods._channels import Ordering, Source
from codemods._framework import FileContext, parse_dotted
from codemods._paths import canonical
from codemods.tables.channels import GLOBAL_SETTERS


class Stated(enum.Enum):
    """What a call says about its data format."""

    ABSENT = "absent"  # nothing: the global setting decides
    FIRST = "channels_first"
    LAST = "channels_last"
    OTHER = "other"  # a value that is not one of the two literals (a name, a call)
    HIDDEN = "hidden"  # *args or **kwargs may pass it


def stated_format(call: cst.Call, position: int) -> Stated:
    """The ``data_format`` of ``call``, by keyword or at today's ``position``."""
    for arg in call.args:
        name = keyword(arg)
        if name == "data_format":
            return _value(arg.value)
        if name == "dim_ordering":  # another rule could not translate it: not ours
            return Stated.OTHER
    index = 0
    for arg in call.args:
        if arg.star:
            return Stated.HIDDEN
        if arg.keyword is None:
            if index == position:
                return _value(arg.value)
            index += 1
    return Stated.ABSENT


def _value(node: cst.BaseExpression) -> Stated:
    text = literal_string(node)
    return Stated.FIRST if text == "channels_first" else Stated.LAST if text == "channels_last" else Stated.OTHER


def setter_value(canon: str, args: list[tuple[str | None, str | None]]) -> str | None:
    """'th'/'tf' for a setter's ``(keyword, literal)`` arguments; None when not a literal."""
    values = GLOBAL_SETTERS[canon]
    for name, literal in args:
        if name in (None, "dim_ordering", "data_format"):
            return values.get(literal) if literal is not None else None
    return None


@dataclass
class FileState:
    # 'th', 'tf' or None (not a literal): the setters the walk has met, in order,
    # and those of the whole text (None when the text is unknown)
    seen: list[str | None]
    whole: set[str | None] | None
    chains: dict[int, Ordering | None] = field(default_factory=dict)
    cpu_noted: bool = False

    def maps(self, ctx: FileContext) -> Ordering | None:
        return self.chains.get(_scope(ctx))

    def set_maps(self, ctx: FileContext, ordering: Ordering | None) -> None:
        self.chains[_scope(ctx)] = ordering

    def default(self, ctx: FileContext) -> Ordering:
        """The ordering of a call that states none: the file's own setter, unless an option decided."""
        plan = ctx.channels
        if plan.source is Source.OPTION:
            return plan.default
        if self.seen:
            last = self.seen[-1]
            return Ordering(last) if last is not None else plan.default
        if self.whole is not None and len(self.whole) == 1 and None not in self.whole:
            return Ordering(next(iter(self.whole)))
        return plan.default

    def sets_first(self) -> bool:
        """The file sets a global channels_first somewhere."""
        return "th" in (self.whole if self.whole is not None else self.seen)

    def global_first(self, ctx: FileContext) -> bool:
        """Keras 3 will run this file under a global channels_first: its setter, or the tree's."""
        plan = ctx.channels
        return self.sets_first() or (plan.default is Ordering.TH and plan.source is Source.TREE)


def _scope(ctx: FileContext) -> int:
    return id(ctx.scopes[-1]) if ctx.scopes else 0


def file_state(ctx: FileContext, name: str) -> FileState:
    state = ctx.scratch.get(name)
    if state is None:
        state = ctx.scratch[name] = FileState([], _scan_setters(ctx))
    assert isinstance(state, FileState)
    return state


def _scan_setters(ctx: FileContext) -> set[str | None] | None:
    """The setters of the whole text; None when the text is unknown."""
    if not ctx.text or ctx.tree is None:
        return None
    found: set[str | None] = set()
    if not any(canon.rpartition(".")[2] in ctx.text for canon in GLOBAL_SETTERS):
        return found
    for node in ast.walk(ctx.tree):
        if not isinstance(node, ast.Call):
            continue
        dotted = _dotted(node.func)
        path = ctx.path_of(parse_dotted(dotted)) if dotted is not None else None
        canon = canonical(path) if path is not None else None
        if canon in GLOBAL_SETTERS:
            assert canon is not None
            args = [(None, _literal(a)) for a in node.args] + [(k.arg, _literal(k.value)) for k in node.keywords]
            found.add(setter_value(canon, args))
    return found


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head is not None else None
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
