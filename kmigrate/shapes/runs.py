"""From a model of the analysed code to a ``ModelRun``: its steps in order, its outputs or why it has none."""

from __future__ import annotations

from kmigrate.shapes.graph import Graph, Model, SequentialModel, first_input, steps_behind
from kmigrate.shapes.objects import Broken, ModelRun, Tensor, TensorLike


def finish(graph: Graph, model: Model, fmt: str) -> ModelRun:
    """The ModelRun of a model: its steps in the order they ran, its outputs or why it has none."""
    kind = "Sequential" if isinstance(model, SequentialModel) else "Model"
    run = ModelRun(site=model.site, kind=kind, fmt=fmt)
    if isinstance(model, SequentialModel):
        first = len(graph.steps)
        output, why = graph.run_sequential(model)
        outputs: list[TensorLike] = [] if output is None else [output]
        inputs: list[TensorLike] = [] if output is None else [first_input(output)]
        if output is None:
            run.lost, run.lost_line = why, model.line
        steps = graph.steps[first:]
    else:
        inputs, outputs = model.inputs, model.outputs
        steps = sorted(steps_behind(outputs), key=lambda s: s.index)
    run.steps = steps
    run.inputs = tuple(t.shape for t in inputs if isinstance(t, Tensor))
    for out in outputs:
        if isinstance(out, Broken):
            if out.step is not None and out.step.error is not None:
                run.failure = out.step
                break
            run.lost, run.lost_line = out.reason, out.line
    if run.failure is None and run.lost is None:
        run.outputs = tuple(t.shape for t in outputs if isinstance(t, Tensor))
    return run
