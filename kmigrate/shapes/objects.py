"""The values the shape checker reasons about: shapes, layers, tensors, steps, models.

Shapes include the batch axis, as Keras prints them: ``(None, 3, 256, 256)``.
A dimension that is not known statically is ``None`` and is carried through.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

Dim = int | None
Shape = tuple[Dim, ...]

CHANNELS_FIRST = "channels_first"
CHANNELS_LAST = "channels_last"
FORMATS = (CHANNELS_LAST, CHANNELS_FIRST)


class Unknown:
    """A value the checker cannot know statically (one instance: ``UNKNOWN``)."""

    def __repr__(self) -> str:
        return "?"


UNKNOWN = Unknown()


def show_shape(shape: Shape) -> str:
    """``(None, 3, 256, 256)``; a one-element shape keeps its comma."""
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


class ErrorKind(enum.Enum):
    """Why Keras refuses to build a layer."""

    NON_POSITIVE = "non-positive"  # "Computed output size would be zero or negative"
    RANK = "rank"  # the layer wants tensors of another rank
    MISMATCH = "mismatch"  # merge inputs, Reshape sizes, Dot axes that do not agree
    UNDEFINED = "undefined"  # a dimension the layer must know (channels, Dense input) is None


class ShapeError(Exception):
    """A layer that Keras would refuse to build, with the numbers that explain it.

    For ``NON_POSITIVE`` errors from a window (convolution or pooling),
    ``window`` is the window (per spatial axis), ``size`` the input dimension
    it does not fit in, ``subtracted`` the effective window size on that axis
    and ``op`` the op TensorFlow 1 named in "Negative dimension size caused
    by subtracting {subtracted} from {size} for '{op}'".
    """

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        window: tuple[int, ...] | None = None,
        size: int | None = None,
        subtracted: int | None = None,
        op: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.window = window
        self.size = size
        self.subtracted = subtracted
        self.op = op


class Untracked(Exception):
    """The checker cannot follow shapes past this layer (custom layer, Lambda without output_shape)."""


@dataclass(eq=False)
class Layer:
    """One layer object as constructed in the code.

    ``cls`` is the Keras 3 class name; ``args``/``kwargs`` the statically known
    constructor arguments (``UNKNOWN`` where not known); ``data_format`` the
    ordering the layer uses: its explicit argument, else the global setting
    when it was constructed (Keras 3 reads the global in ``__init__``).
    """

    cls: str
    args: tuple[object, ...]
    kwargs: Mapping[str, object]
    line: int
    data_format: str = CHANNELS_LAST
    explicit_format: bool = False
    inner: Layer | None = None  # the wrapped layer of Bidirectional / TimeDistributed


@dataclass(eq=False)
class Step:
    """One application of a layer to tensors, in the order the code runs them."""

    index: int
    layer: Layer
    inputs: tuple[Shape, ...]
    output: Shape | None = None
    params: int | None = None
    error: ShapeError | None = None
    note: str | None = None


@dataclass(eq=False)
class Tensor:
    """A symbolic tensor whose shape is known (up to ``None`` dimensions)."""

    shape: Shape
    step: Step | None = None  # None for an Input
    parents: tuple[Tensor | Broken, ...] = ()
    line: int = 0  # where an Input was created


@dataclass(eq=False)
class Broken:
    """A tensor past a failing layer (``step.error`` set) or past a layer the checker cannot follow."""

    step: Step | None
    reason: str
    line: int
    parents: tuple[Tensor | Broken, ...] = ()


TensorLike = Tensor | Broken


@dataclass(frozen=True)
class Site:
    """Where a model was built: the function call chain that built it, for people and for pairing."""

    label: str  # "create_vgg16_dense_kpf" or the variable name at module level
    line: int  # the def line of the function, else the constructor line
    detail: str = ""  # "called at line 51 with input_shape=(3, 256, 256)"
    key: tuple[int, ...] = ()  # constructor line and the call lines leading to it


@dataclass(eq=False)
class ModelRun:
    """One model as one ordering builds it (or fails to)."""

    site: Site
    kind: str  # "Sequential" or "Model"
    fmt: str  # the global ordering under test
    inputs: tuple[Shape, ...] = ()
    steps: list[Step] = field(default_factory=list)
    outputs: tuple[Shape, ...] = ()
    failure: Step | None = None
    lost: str | None = None  # why the shapes could not be followed to the end
    lost_line: int = 0
    var: str | None = None  # the variable the model was assigned to

    @property
    def builds(self) -> bool:
        return self.failure is None and self.lost is None and bool(self.outputs)

    @property
    def params(self) -> int | None:
        seen: set[int] = set()
        total = 0
        for step in self.steps:
            if id(step.layer) in seen:
                continue
            seen.add(id(step.layer))
            if step.params is None:
                return None
            total += step.params
        return total
