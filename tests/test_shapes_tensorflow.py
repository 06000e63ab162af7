"""``kmigrate shapes`` against TensorFlow itself: the checker's predictions are what Keras does.

For every example under ``tests/data/shapes/`` the checker's own migrated
text is executed, one top-level statement at a time (so one model that fails
does not hide the next), under each global image data format
(``keras.config.set_image_data_format``, restored afterwards); functions the
checker analysed on their own (never called in the file) are then called with
their defaults. A patched ``Layer.__init__`` remembers the line of the
analysed code that constructed each layer and model.

Then, for each model and each ordering:

* a model the checker says cannot build raised in Keras, and the innermost
  layer in the traceback is the one the checker named (class and line);
* every layer output shape the checker computed equals Keras's, and the
  parameter count and output shapes of each model that builds are Keras's;
* every statement that raised in Keras is explained by a failure the checker
  predicted (no false "it builds").

TensorFlow is imported once, inside a module-scoped fixture.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from kmigrate.shapes.check import FileShapes, check_source
from kmigrate.shapes.objects import FORMATS, ErrorKind

pytestmark = pytest.mark.tensorflow

DATA = Path(__file__).resolve().parent / "data" / "shapes"
SOURCES = sorted(DATA.glob("*.py"))
FILENAME = "<kmigrate shapes example>"


@dataclass
class KerasBuild:
    """What Keras did with one migrated file under one global data format."""

    errors: list[tuple[str, int, str]] = field(default_factory=list)  # (layer class, line, message)
    shapes: dict[tuple[str, int], set[tuple[int | None, ...]]] = field(default_factory=dict)
    models: dict[int, Any] = field(default_factory=dict)  # constructor line -> model


Builder = Callable[[FileShapes, str], KerasBuild]


@pytest.fixture(scope="module")
def keras_build() -> Iterator[Builder]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    keras = tf.keras
    layer_class = keras.layers.Layer
    original_init = layer_class.__init__
    created: list[tuple[Any, int]] = []

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        frame: FrameType | None = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != FILENAME:
            frame = frame.f_back
        if frame is not None:
            created.append((self, frame.f_lineno))
        original_init(self, *args, **kwargs)

    def innermost_layer(exc: BaseException) -> tuple[str, int]:
        lines = {id(obj): line for obj, line in created}
        found = ("?", 0)
        tb = exc.__traceback__
        while tb is not None:
            owner = tb.tb_frame.f_locals.get("self")
            if isinstance(owner, layer_class) and id(owner) in lines and not isinstance(owner, keras.Model):
                found = (type(owner).__name__, lines[id(owner)])
            tb = tb.tb_next
        return found

    def build(result: FileShapes, fmt: str) -> KerasBuild:
        built = KerasBuild()
        created.clear()
        keras.config.set_image_data_format(fmt)
        namespace: dict[str, Any] = {"__name__": "__main__"}
        try:
            for statement in ast.parse(result.migrated).body:
                try:
                    exec(compile(ast.Module([statement], []), FILENAME, "exec"), namespace)
                except NameError:
                    # A name the failed statement before it should have defined.
                    assert built.errors, "a NameError before any layer failed"
                except Exception as exc:
                    built.errors.append((*innermost_layer(exc), str(exc)))
            for name in _standalone_functions(result):
                try:
                    namespace[name]()
                except Exception as exc:
                    built.errors.append((*innermost_layer(exc), str(exc)))
        finally:
            keras.config.set_image_data_format(previous_format)
        for obj, line in created:
            if isinstance(obj, keras.Model):
                built.models[line] = obj
            elif not isinstance(obj, keras.layers.InputLayer):
                for node in obj._inbound_nodes:
                    for tensor in node.output_tensors:
                        built.shapes.setdefault((type(obj).__name__, line), set()).add(tuple(tensor.shape))
        return built

    previous_format = keras.config.image_data_format()
    filtering = keras.config.is_traceback_filtering_enabled()
    keras.config.disable_traceback_filtering()
    layer_class.__init__ = init
    try:
        yield build
    finally:
        layer_class.__init__ = original_init
        if filtering:
            keras.config.enable_traceback_filtering()


def _standalone_functions(result: FileShapes) -> list[str]:
    names: list[str] = []
    for model in result.models:
        for run in model.runs.values():
            if run.site.detail.startswith("not called") and run.site.label not in names:
                names.append(run.site.label)
    return names


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_checker_predicts_what_keras_builds(source: Path, keras_build: Builder) -> None:
    result = check_source(source.read_text(), source.name)
    assert result.error is None and result.models
    for fmt in FORMATS:
        built = keras_build(result, fmt)
        failures = set()
        for model in result.models:
            run = model.runs[fmt]
            assert run.lost is None, f"{model.label} under {fmt}: the checker lost track: {run.lost}"
            for step in run.steps:
                if step.output is not None:
                    keras_shapes = built.shapes.get((step.layer.cls, step.layer.line))
                    assert keras_shapes and step.output in keras_shapes, (model.label, fmt, step.layer.cls, step.layer.line)
            if run.failure is not None:
                layer = run.failure.layer
                failures.add((layer.cls, layer.line))
                messages = [m for cls, line, m in built.errors if (cls, line) == (layer.cls, layer.line)]
                assert messages, f"{model.label} under {fmt}: Keras did not fail at {layer.cls} line {layer.line}"
                error = run.failure.error
                assert error is not None
                if error.kind is ErrorKind.NON_POSITIVE and error.window is not None:
                    assert "Computed output size would be zero or negative" in messages[0]
            else:
                keras_model = built.models[run.site.key[0]]
                assert keras_model.count_params() == run.params, (model.label, fmt)
                assert tuple(tuple(t.shape) for t in keras_model.outputs) == run.outputs, (model.label, fmt)
        unexplained = [(cls, line, m) for cls, line, m in built.errors if (cls, line) not in failures]
        assert not unexplained, f"under {fmt} Keras failed where the checker predicted a build: {unexplained}"


def test_the_seed_fails_under_channels_last_at_the_second_pooling_and_builds_under_channels_first(
    keras_build: Builder,
) -> None:
    result = check_source((DATA / "seed_vgg16.py").read_text(), "seed_vgg16.py")
    (model,) = result.models
    failure = model.runs["channels_last"].failure
    assert failure is not None and failure.inputs == ((None, 1, 128, 128),)
    built = keras_build(result, "channels_last")
    assert [(cls, line) for cls, line, _ in built.errors] == [("MaxPooling2D", failure.layer.line)]
    assert model.runs["channels_first"].outputs == ((None, 512, 16, 16),)
    assert model.runs["channels_first"].params == 7_635_264
