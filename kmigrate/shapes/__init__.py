"""``kmigrate shapes``: a static shape check of Keras models, under both channel orderings.

It never imports or runs the code it checks. A file is migrated in memory
with ``kmigrate.engine.migrate_source`` (so Keras 1 and today's code read the
same), its models are extracted by a small abstract interpreter
(``interpreter``, ``expressions``, ``keras_calls``), every layer call is
given its output shape by the Keras 3 shape rules (``rules`` and the modules
it gathers), once with each global image data format, and ``report`` tells
the user which layer fails under which ordering, and what to do.

Modules:
    check       check_source(text) -> FileShapes; the entry point
    report      the words, and the exit code
    table       the --verbose per-layer table
    cli         the ``kmigrate shapes`` command
    rules       one entry point for the shape rules: windows, resampling, core, sequence
    graph/runs  layer calls on symbolic tensors, models, and their ModelRun
"""

from __future__ import annotations

from kmigrate.shapes.check import FileShapes, ModelReport, check_source
from kmigrate.shapes.report import exit_code, render

__all__ = ["FileShapes", "ModelReport", "check_source", "exit_code", "render"]
