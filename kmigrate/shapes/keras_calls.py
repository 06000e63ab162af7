"""What the Keras names do when the analysed code calls them.

Layer classes build ``Layer`` objects (their ordering fixed at construction,
as in Keras 3); ``Input``, ``Sequential`` and ``Model`` build tensors and
models; the functional merge helpers (``concatenate([a, b], axis=1)``) are
their layer classes called on the list; the backend's ordering getters and
setters read and change the global ordering under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kmigrate.shapes.arguments import dims
from kmigrate.shapes.graph import FunctionalModel, Opaque, SequentialModel, first_input
from kmigrate.shapes.objects import (
    CHANNELS_FIRST,
    CHANNELS_LAST,
    UNKNOWN,
    Broken,
    Layer,
    Site,
    Tensor,
    TensorLike,
)
from kmigrate.shapes.signatures import FORMATTED, MERGE_FUNCTIONS, canonical, param

if TYPE_CHECKING:
    from kmigrate.shapes.interpreter import Interpreter

WRAPPERS = ("Bidirectional", "TimeDistributed")
ORDERINGS = {
    "th": CHANNELS_FIRST,
    "tf": CHANNELS_LAST,
    CHANNELS_FIRST: CHANNELS_FIRST,
    CHANNELS_LAST: CHANNELS_LAST,
}


@dataclass(frozen=True)
class ModuleRef:
    """An imported module or a name inside it, as a dotted path (``tensorflow.keras.layers.Conv2D``)."""

    path: str

    @property
    def is_keras(self) -> bool:
        return "keras" in self.path.split(".")


@dataclass(frozen=True)
class Unsupported:
    """An object of a Keras class the checker has no shape rule for (``ConvLSTM2D(...)``)."""

    name: str


@dataclass(frozen=True)
class BoundMethod:
    owner: object
    name: str


def has_tensor(items: list[object]) -> tuple[TensorLike, ...]:
    """The tensors among ``items`` (looking one level into lists and tuples)."""
    found: list[TensorLike] = []
    for item in items:
        inner = item if isinstance(item, (list, tuple)) else [item]
        found.extend(i for i in inner if isinstance(i, (Tensor, Broken)))
    return tuple(found)


class KerasCalls:
    def __init__(self, interpreter: Interpreter) -> None:
        self.interpreter = interpreter

    def attribute(self, owner: object, name: str) -> object:
        if isinstance(owner, ModuleRef):
            return ModuleRef(f"{owner.path}.{name}")
        if isinstance(owner, Tensor) and name in ("shape", "_keras_shape"):
            return owner.shape
        if isinstance(owner, SequentialModel) and name in ("input", "inputs", "output", "outputs"):
            output, _ = self.interpreter.graph.run_sequential(owner)
            tensor = output if output is None or name.startswith("output") else first_input(output)
            return tensor if tensor is None or not name.endswith("s") else [tensor]
        if isinstance(owner, FunctionalModel) and name in ("input", "inputs", "output", "outputs"):
            tensors = owner.inputs if name.startswith("input") else owner.outputs
            return tensors[0] if not name.endswith("s") and len(tensors) == 1 else list(tensors)
        if isinstance(owner, (SequentialModel, FunctionalModel)):
            return BoundMethod(owner, name)
        return UNKNOWN

    def call(self, path: str, args: list[object], kwargs: dict[str, object], line: int) -> object:
        if "keras" not in path.split("."):
            tensors = has_tensor([*args, *kwargs.values()])
            return (
                Broken(None, f"{path}() called on a tensor", line, tensors) if tensors else UNKNOWN
            )
        name = path.rsplit(".", 1)[-1]
        interpreter = self.interpreter
        if name == "Input":
            return self.input(args, kwargs, line)
        if name == "Sequential":
            model = SequentialModel(line, self.site(line))
            first = args[0] if args else kwargs.get("layers")
            if isinstance(first, (list, tuple)):
                model.items.extend(self.sequential_item(item, line) for item in first)
            interpreter.models.append(model)
            return model
        if name in ("Model", "Functional"):
            inputs = args[0] if args else kwargs.get("inputs", kwargs.get("input"))
            outputs = args[1] if len(args) > 1 else kwargs.get("outputs", kwargs.get("output"))
            functional = FunctionalModel(
                line, self.site(line), self.tensors(inputs, line), self.tensors(outputs, line)
            )
            interpreter.models.append(functional)
            return functional
        if name in MERGE_FUNCTIONS:
            inputs = args[0] if args else kwargs.pop("inputs", None)
            layer = self.layer(
                MERGE_FUNCTIONS[name],
                args[1:],
                {k: v for k, v in kwargs.items() if k != "inputs"},
                line,
            )
            return interpreter.graph.call(layer, inputs)
        if name in ("image_data_format", "image_dim_ordering"):
            if name == "image_data_format":
                return interpreter.fmt
            return "th" if interpreter.fmt == CHANNELS_FIRST else "tf"
        if name in ("set_image_data_format", "set_image_dim_ordering"):
            value = args[0] if args else next(iter(kwargs.values()), None)
            if isinstance(value, str) and value in ORDERINGS:
                interpreter.fmt = ORDERINGS[value]
                interpreter.setters.append((line, interpreter.fmt))
            return None
        if name == "int_shape" and args and isinstance(args[0], Tensor):
            return args[0].shape
        cls = canonical(name)
        if cls is not None or name == "InputLayer":
            return self.layer(cls or name, args, kwargs, line)
        if name[:1].isupper():
            return Unsupported(name)
        tensors = has_tensor([*args, *kwargs.values()])
        return Broken(None, f"{name}() called on a tensor", line, tensors) if tensors else UNKNOWN

    def layer(self, cls: str, args: list[object], kwargs: dict[str, object], line: int) -> Layer:
        inner = None
        if cls in WRAPPERS:
            wrapped = args[0] if args else kwargs.get("layer")
            inner = wrapped if isinstance(wrapped, Layer) else None
        layer = Layer(cls, tuple(args), dict(kwargs), line, self.interpreter.fmt, inner=inner)
        if cls in FORMATTED:
            value = param(layer, "data_format")
            if isinstance(value, str) and value in ORDERINGS:
                layer.data_format, layer.explicit_format = ORDERINGS[value], True
        return layer

    def input(self, args: list[object], kwargs: dict[str, object], line: int) -> TensorLike:
        graph = self.interpreter.graph
        batch_shape = kwargs.get("batch_shape")
        shape = args[0] if args else kwargs.get("shape")
        if graph.input_override is not None:
            return graph.input(graph.input_override, line)
        if isinstance(batch_shape, (tuple, list)):
            return graph.input(dims(batch_shape), line)
        if isinstance(shape, (tuple, list)):
            return graph.input((None, *dims(shape)), line)
        return Broken(None, "the input shape is not known statically (pass --input-shape)", line)

    def sequential_item(self, item: object, line: int) -> object:
        if isinstance(item, Unsupported):
            return Opaque(line, f"{item.name} is a layer the checker does not know")
        if isinstance(item, SequentialModel):
            item.used_as_layer = True
        if isinstance(item, (Layer, Tensor, SequentialModel, FunctionalModel)):
            return item
        return Opaque(line, "a layer the checker does not know")

    def tensors(self, value: object, line: int) -> list[TensorLike]:
        items = list(value.values()) if isinstance(value, dict) else value
        items = list(items) if isinstance(items, (list, tuple)) else [items]
        return [
            i
            if isinstance(i, (Tensor, Broken))
            else Broken(None, "a model input or output the checker cannot follow", line)
            for i in items
        ]

    def site(self, line: int) -> Site:
        frame = self.interpreter.frame
        if frame.function is None:
            return Site("", line, "", (line,))
        return Site(frame.function, frame.def_line, frame.detail, (line, *frame.calls))

    def method(
        self, bound: BoundMethod, args: list[object], kwargs: dict[str, object], line: int
    ) -> object:
        model = bound.owner
        if not isinstance(model, SequentialModel):
            return UNKNOWN
        if bound.name == "add":
            item = args[0] if args else kwargs.get("layer")
            model.items.append(self.sequential_item(item, line))
        elif bound.name == "pop" and model.items:
            model.items.pop()
        elif bound.name == "build":
            shape = args[0] if args else kwargs.get("input_shape")
            if isinstance(shape, (tuple, list)):
                model.built_shape = dims(shape)
        return None
