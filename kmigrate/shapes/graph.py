"""Calling layers on symbolic tensors, and the models built from them.

``Graph.call`` is what ``layer(x)`` does in the analysed code: it applies the
layer's shape rule, records a ``Step`` and returns the output tensor(s), or a
``Broken`` tensor past a layer Keras would refuse (the step keeps the error) or
past a layer the checker cannot follow. Sequential models keep their layers
and are run when their shapes are needed, so ``model.build(...)`` after the
``add`` calls is honoured.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kmigrate.shapes.arguments import declared_input
from kmigrate.shapes.objects import (
    Broken,
    Layer,
    Shape,
    ShapeError,
    Site,
    Step,
    Tensor,
    TensorLike,
    Untracked,
)
from kmigrate.shapes.rules import apply


@dataclass(eq=False)
class SequentialModel:
    line: int
    site: Site
    items: list[object] = field(default_factory=list)  # Layer, an Input tensor, or a nested model
    built_shape: Shape | None = None  # from model.build(...)
    var: str | None = None
    used_as_layer: bool = False  # called on a tensor or added to another model


@dataclass(eq=False)
class FunctionalModel:
    line: int
    site: Site
    inputs: list[TensorLike]
    outputs: list[TensorLike]
    var: str | None = None


Model = SequentialModel | FunctionalModel


@dataclass(frozen=True)
class Opaque:
    """Something added to a Sequential model that the checker cannot follow."""

    line: int
    what: str


class Graph:
    """Every layer call of one analysis run, numbered in the order the code runs them."""

    def __init__(self, input_override: Shape | None) -> None:
        self.steps: list[Step] = []
        self.input_override = input_override

    def call(self, layer: Layer, arg: object) -> object:
        """``layer(arg)``: a tensor, a list of tensors (several outputs), a Broken tensor, or None."""
        as_list = isinstance(arg, (list, tuple))
        items = list(arg) if isinstance(arg, (list, tuple)) else [arg]
        if not items or not all(isinstance(i, (Tensor, Broken)) for i in items):
            return None
        parents: tuple[TensorLike, ...] = tuple(i for i in items if isinstance(i, (Tensor, Broken)))
        broken = next((p for p in parents if isinstance(p, Broken)), None)
        if broken is not None:
            return Broken(broken.step, broken.reason, broken.line, parents)
        shapes = tuple(p.shape for p in parents if isinstance(p, Tensor))
        step = Step(index=len(self.steps), layer=layer, inputs=shapes)
        self.steps.append(step)
        try:
            if "**" in layer.kwargs:
                raise Untracked(f"{layer.cls} takes **kwargs the checker cannot see")
            outcome = apply(layer, shapes, as_list)
        except ShapeError as error:
            step.error = error
            return Broken(step, error.message, layer.line, parents)
        except Untracked as lost:
            step.note = str(lost)
            return Broken(step, str(lost), layer.line, parents)
        step.output, step.params, step.note = outcome.outputs[0], outcome.params, outcome.note
        outputs = [Tensor(shape, step, parents) for shape in outcome.outputs]
        return outputs if outcome.multiple else outputs[0]

    def input(self, shape: Shape, line: int) -> Tensor:
        return Tensor(self.input_override or shape, None, (), line)

    def run_sequential(
        self, model: SequentialModel, start: TensorLike | None = None
    ) -> tuple[TensorLike | None, str]:
        """Run a Sequential model's layers from its input (or from ``start``): the output, or why not."""
        items = list(model.items)
        current: TensorLike | None = start
        if current is None:
            shape = self.input_override or own_input(model)
            if shape is None and items and isinstance(items[0], Opaque):
                return Broken(None, items[0].what, items[0].line), ""
            if shape is None:
                return (
                    None,
                    "no input shape: the first layer has no input_shape and the model is never built",
                )
            current = self.input(shape, model.line)
        if items and (isinstance(items[0], Tensor) or _is_input_layer(items[0])):
            items = items[1:]
        for item in items:
            if isinstance(current, Broken):
                break
            if isinstance(item, Opaque):
                return Broken(None, item.what, item.line, (current,)), ""
            result = (
                self.call_model(item, current)
                if isinstance(item, (SequentialModel, FunctionalModel))
                else (self.call(item, current) if isinstance(item, Layer) else None)
            )
            if not isinstance(result, (Tensor, Broken)):
                return None, "a Sequential model holds something the checker cannot follow"
            current = result
        return current, ""

    def call_model(self, model: Model, arg: object) -> object:
        """A model used as a layer: Sequential models run their layers; functional ones map one shape."""
        if isinstance(arg, Broken):
            return Broken(arg.step, arg.reason, arg.line, (arg,))
        if not isinstance(arg, Tensor):
            return None
        if isinstance(model, SequentialModel):
            model.used_as_layer = True
            output, why = self.run_sequential(model, arg)
            return output if output is not None else Broken(None, why, model.line, (arg,))
        ins, outs = model.inputs, model.outputs
        if len(ins) != 1 or len(outs) != 1:
            return Broken(
                None,
                "a functional model with several inputs or outputs called on a tensor",
                model.line,
                (arg,),
            )
        source, result = ins[0], outs[0]
        if (
            isinstance(source, Tensor)
            and isinstance(result, Tensor)
            and _compatible(source.shape, arg.shape)
        ):
            params = [s.params for s in steps_behind([result])]
            step = Step(len(self.steps), Layer("Functional", (), {}, model.line), (arg.shape,))
            step.output = (arg.shape[0], *result.shape[1:])
            step.params = None if None in params else sum(p for p in params if p is not None)
            self.steps.append(step)
            return Tensor(step.output, step, (arg,))
        return Broken(None, "a functional model called on a tensor", model.line, (arg,))


def _is_input_layer(item: object) -> bool:
    return isinstance(item, Layer) and item.cls == "InputLayer"


def _compatible(expected: Shape, actual: Shape) -> bool:
    return len(expected) == len(actual) and all(
        a is None or b is None or a == b for a, b in zip(expected[1:], actual[1:], strict=True)
    )


def steps_behind(outputs: list[TensorLike]) -> set[Step]:
    """Every step that some tensor of ``outputs`` depends on."""
    found: set[Step] = set()
    seen: set[int] = set()
    todo = list(outputs)
    while todo:
        tensor = todo.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        if tensor.step is not None:
            found.add(tensor.step)
        todo.extend(tensor.parents)
    return found


def first_input(tensor: TensorLike) -> TensorLike:
    """The input a tensor was computed from (following first parents)."""
    while tensor.parents:
        tensor = tensor.parents[0]
    return tensor


def own_input(model: SequentialModel) -> Shape | None:
    """The input shape a Sequential model states: model.build(...), an Input first, or the first layer's."""
    if model.built_shape is not None:
        return model.built_shape
    first = model.items[0] if model.items else None
    if isinstance(first, Tensor):
        return first.shape
    if isinstance(first, Layer):
        return declared_input(first)
    return None
