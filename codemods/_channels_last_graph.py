"""The data flow strategy C reasons about: values, the layers applied to them, boundaries.

``_channels_last_walk`` builds it from a file's statements (the tree as the
other rules left it), ``_channels_last_kinds`` says which values are feature
maps, and the rule modules turn that into edits and findings. Nodes are the
objects of the walked tree, so edits find them again by identity.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import libcst as cst


@dataclass(frozen=True, eq=False)
class Record:
    """A Keras call the walk saw (on_call): the node as the earlier rules left it."""

    node: cst.Call
    original: cst.Call
    canonical: str
    in_loss: bool = False  # inside a function taking (y_true, y_pred)
    top: cst.CSTNode | None = None  # the module-level statement holding the call (an original node)

    @property
    def short(self) -> str:
        return self.canonical.rpartition(".")[2]


class Origin(enum.Enum):
    INPUT = "input"
    APPLY = "apply"
    PARAM = "param"
    RETURN = "return"  # what an in-file function returns
    PARAM_END = "param end"  # a Sequential after an in-file function added layers to it
    EMPTY = "empty"
    UNKNOWN = "unknown"


class UseKind(enum.Enum):
    LAYER = "layer"  # operand of a layer
    ARG = "arg"  # argument of an in-file function
    OUTPUT = "output"  # outputs= of a Model
    MODEL = "model"  # input of a model called as a layer
    ESCAPE = "escape"  # argument of a call kmigrate cannot follow
    RESULT = "result"  # argument of what a function of this file returned (a model if it returns one)


@dataclass(eq=False)
class Use:
    kind: UseKind
    node: cst.BaseExpression  # the expression denoting the value there
    statement: cst.CSTNode | None
    app: Application | None = None
    function: Function | None = None
    index: int = 0
    callee: str = ""


@dataclass(eq=False)
class Value:
    origin: Origin
    uses: list[Use] = field(default_factory=list)
    app: Application | None = None
    boundary: Boundary | None = None
    function: Function | None = None  # PARAM: whose; RETURN/PARAM_END: the callee
    index: int = 0  # parameter index
    passed: Value | None = None  # PARAM_END: the value passed in

    @classmethod
    def unknown(cls) -> Value:
        return cls(Origin.UNKNOWN)


@dataclass(eq=False)
class Entry:
    """Where a layer sits in a Sequential: an ``.add`` statement or a list element."""

    receiver: cst.BaseExpression | None  # add form
    statement: cst.CSTNode | None  # add form: the scope-level statement holding the add
    nested: bool  # add form: the add is inside a compound statement
    element: cst.Element | None = None


@dataclass(eq=False)
class Application:
    layer: str  # short Keras name ("Conv2D"), "" for a layer kmigrate does not know
    record: Record | None
    call: cst.Call | None  # the layer's constructor call (for argument edits)
    operands: list[Value]
    output: Value
    statement: cst.CSTNode | None
    function: Function | None
    entry: Entry | None = None


@dataclass(eq=False)
class Boundary:
    """Where channels-first data enters: an Input, or the first layer of a Sequential."""

    # "functional"; in a Sequential: "layer" (input_shape on its first layer), "input" (an Input
    # added first) or "implicit" (neither: the model is built by its first call)
    form: str
    call: cst.Call | None
    record: Record | None
    statement: cst.CSTNode | None
    rank: int | None
    name: str | None = None  # functional: the name it is assigned to
    entry: Entry | None = None
    shape_arg: cst.Arg | None = None  # form "layer": the input_shape argument to move
    nested: bool = False  # functional: the Input is assigned inside a compound statement


@dataclass(eq=False)
class Sequential:
    current: Value
    receiver: cst.BaseExpression | None = None
    last: Entry | None = None


@dataclass(eq=False)
class Function:
    node: cst.FunctionDef
    name: str
    params: list[str]
    values: list[Value] = field(default_factory=list)
    returns: list[Value] = field(default_factory=list)
    ends: dict[int, Value] = field(default_factory=dict)  # Sequential parameters: value after the last add
    calls: list[dict[int, Value]] = field(default_factory=list)  # per call site: arguments by parameter
    returns_model: bool = False  # returns a Sequential or Model built here


@dataclass
class Graph:
    applications: list[Application] = field(default_factory=list)
    boundaries: list[Value] = field(default_factory=list)
    sequentials: list[Sequential] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    wrapped: list[tuple[Record, Record]] = field(default_factory=list)  # (wrapper, spatial layer inside)
    classes: dict[str, cst.ClassDef] = field(default_factory=dict)  # this file's layer classes
    used: dict[int, Value] = field(default_factory=dict)  # every value that has a use, by id

    def use(self, value: Value, use: Use) -> None:
        value.uses.append(use)
        self.used[id(value)] = value
