"""The shape check in words a user understands, and the exit code.

For each model: what each global ordering does with it (the first layer that
cannot build, with its input shape and the error Keras 3 and TensorFlow 1
print for it, or the output shape and parameter count), then what to do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from kmigrate.shapes.check import FileShapes, ModelReport
from kmigrate.shapes.objects import (
    CHANNELS_FIRST,
    FORMATS,
    ErrorKind,
    ModelRun,
    Shape,
    Step,
    show_shape,
)
from kmigrate.shapes.table import table

EXIT_OK = 0
EXIT_CANNOT_BUILD = 1
EXIT_FAILED = 123  # a file could not be read or parsed
NAMES = {"channels_last": "TensorFlow's default", "channels_first": "Theano's ordering"}


def exit_code(files: Sequence[FileShapes]) -> int:
    if any(f.failing for f in files):
        return EXIT_CANNOT_BUILD
    return EXIT_FAILED if any(f.error for f in files) else EXIT_OK


def render(result: FileShapes, verbose: bool = False) -> Iterator[str]:
    if result.error is not None:
        yield f"{result.path}: error: {result.error}"
        return
    if not result.models:
        if verbose:
            yield f"{result.path}: no Keras model found"
        return
    yield f"{result.path}: the code runs with {result.run_format} ({result.run_reason})"
    for note in result.notes:
        yield f"  note: {note}"
    if not result.run_reason.startswith("set in the code"):
        for line, fmt in result.setters:
            yield f"  note: the code sets the global ordering to {fmt} at line {result.line(line)}"
    if verbose and result.assumptions:
        shown = ", ".join(str(result.line(n)) for n in result.assumptions)
        yield f"  note: conditions and loops the checker cannot evaluate were taken once (lines {shown})"
    for model in result.models:
        yield from _model(result, model, verbose)


def _model(result: FileShapes, model: ModelReport, verbose: bool) -> Iterator[str]:
    runs = [model.runs[f] for f in (result.run_format, *FORMATS) if f in model.runs]
    runs = list(dict.fromkeys(runs))
    site = runs[0].site
    head = f"{model.label} ({os.path.basename(result.path)}:{result.line(site.line)})"
    if site.detail:
        head += f", {_lines_in(result, site.detail)}"
    inputs = {r.inputs for r in runs if r.inputs}
    if len(inputs) == 1:
        head += ", input " + _inputs(next(iter(inputs)))
    yield head + ":"
    if len(runs) == 2 and _identical(*runs):
        yield f"  under both orderings: {_outcome(result, runs[0])}"
    elif len(runs) == 2 and _equivalent(*runs):
        shapes = "; ".join(f"{_inputs(r.inputs)} under {r.fmt}" for r in runs)
        yield f"  under both orderings: it builds: {_built(runs[0])} (the input shape follows the ordering: {shapes})"
    else:
        for run in runs:
            mark = "; what this code runs with" if run.fmt == result.run_format else ""
            yield f"  under {run.fmt} ({NAMES[run.fmt]}{mark}): {_outcome(result, run)}"
    notes = {
        (s.layer.line, s.layer.cls, s.note) for r in runs for s in r.steps if s.note and s.output
    }
    for line, cls, note in sorted(notes):
        yield f"  note: {cls} at line {result.line(line)}: {note}"
    advice = _advice(result, runs)
    if advice:
        yield f"  {advice}"
    if verbose:
        yield from table(runs, result.line)


def _inputs(shapes: tuple[Shape, ...]) -> str:
    return ", ".join(show_shape(s[1:] if s and s[0] is None else s) for s in shapes)


def _identical(a: ModelRun, b: ModelRun) -> bool:
    def trace(run: ModelRun) -> list[object]:
        return [(s.layer.line, s.output, s.params, s.error is None) for s in run.steps]

    return (
        trace(a) == trace(b)
        and a.outputs == b.outputs
        and a.lost == b.lost
        and a.inputs == b.inputs
    )


def _equivalent(a: ModelRun, b: ModelRun) -> bool:
    return a.builds and b.builds and a.outputs == b.outputs and a.params == b.params


def _built(run: ModelRun) -> str:
    outputs = ", ".join(show_shape(s) for s in run.outputs)
    params = run.params
    return f"output {outputs}" + (f", {params:,} parameters" if params is not None else "")


def _outcome(result: FileShapes, run: ModelRun) -> str:
    if run.failure is not None:
        return _failure(result, run.failure)
    if run.lost is not None:
        where = result.line(run.lost_line)
        return f"the checker cannot follow the shapes from line {where}: {run.lost}"
    return f"it builds: {_built(run)}"


def _failure(result: FileShapes, step: Step) -> str:
    error = step.error
    assert error is not None
    got = ", ".join(show_shape(s) for s in step.inputs)
    where = f"{step.layer.cls} at line {result.line(step.layer.line)} gets {got}"
    if error.kind is ErrorKind.NON_POSITIVE and error.window and error.size is not None:
        window = (
            f"a {'x'.join(map(str, error.window))} window"
            if len(error.window) > 1
            else f"a window of {error.window[0]}"
        )
        return (
            f"{where} and would need {window} over a dimension of size {error.size}: this is the "
            f"\"Negative dimension size caused by subtracting {error.subtracted} from {error.size} for '{error.op}'\" "
            f'error (Keras 3: "Computed output size would be zero or negative")'
        )
    if error.kind is ErrorKind.NON_POSITIVE:
        return f"{where} and crops a dimension of size {error.size} to nothing (Keras 3: {error.message})"
    return f"{where} and fails: {error.message}"


def _advice(result: FileShapes, runs: list[ModelRun]) -> str:
    by = {r.fmt: r for r in runs}
    run, other = (
        by.get(result.run_format),
        next((r for r in runs if r.fmt != result.run_format), None),
    )
    if run is None or other is None:
        return ""
    name = os.path.basename(result.path)
    if run.failure is not None and other.builds:
        flag = "th" if other.fmt == CHANNELS_FIRST else "tf"
        return (
            f"Fix: kmigrate --dim-ordering {flag} {name}   (the model was written for {other.fmt})"
        )
    if run.failure is not None and other.failure is not None:
        error = run.failure.error
        if error is not None and error.window:
            return (
                "It cannot build under either ordering: check the input shape and the failing layer's window, "
                "strides and padding (padding='same', a smaller window or stride, or a larger input)"
            )
        return f"It cannot build under either ordering: check the input shape and the {run.failure.layer.cls} layer"
    if run.builds and other.builds and not _equivalent(run, other):
        hint = _looks(run)
        return (
            "Both orderings build, but different models: building is not proof that the ordering is right"
            + (f". {hint}" if hint else "")
        )
    return ""


def _looks(run: ModelRun) -> str:
    for shape in run.inputs:
        if len(shape) not in (4, 5) or shape[1] is None or shape[-1] is None:
            continue
        if shape[1] in (1, 3) and shape[-1] > 4:
            fix = (
                ""
                if run.fmt == CHANNELS_FIRST
                else ": if it is, kmigrate --dim-ordering th keeps that ordering"
            )
            return f"The input {show_shape(shape[1:])} looks channels-first{fix}"
        if shape[-1] in (1, 3) and shape[1] > 4:
            also = ", the ordering this code runs with" if run.fmt != CHANNELS_FIRST else ""
            return f"The input {show_shape(shape[1:])} looks channels-last{also}"
    return ""


def _lines_in(result: FileShapes, text: str) -> str:
    """Map 'line N' mentions of the migrated text to the original file's lines."""
    words = text.split(" ")
    for i in range(len(words) - 1):
        number = words[i + 1].rstrip(":,)")
        if words[i] == "line" and number.isdigit():
            words[i + 1] = words[i + 1].replace(number, str(result.line(int(number))), 1)
    return " ".join(words)
