"""``check_source``: the static shape check of one file under both channel orderings.

The text is first migrated in memory with kmigrate's own ``migrate_source``,
which turns Keras 1 spellings, positionals and keywords into Keras 3 ones.
Unless the code sets its ordering itself, the migration runs with
``--dim-ordering tf``, so only layers that state their ordering get an
explicit ``data_format=`` and the others follow whichever global ordering is
tried. The migrated text is then interpreted twice, once with each global
ordering. Lines are reported in the original file.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from codemods._channels import Source
from kmigrate.config import DimOrdering, RunConfig
from kmigrate.engine import migrate_source
from kmigrate.ordering import plan_for
from kmigrate.shapes.graph import Model, SequentialModel, own_input
from kmigrate.shapes.interpreter import Interpreter
from kmigrate.shapes.lines import line_map
from kmigrate.shapes.objects import CHANNELS_FIRST, CHANNELS_LAST, FORMATS, ModelRun, Shape
from kmigrate.shapes.runs import finish

# Layers that state no ordering stay without data_format=, so that each global ordering can be tried.
ANALYSIS_CONFIG = RunConfig(dim_ordering=DimOrdering.TF, annotate=False)
# When the code sets its ordering itself, the migration pins it, as it would for the user.
SETTER_CONFIG = RunConfig(dim_ordering=DimOrdering.AUTO, annotate=False)


@dataclass(frozen=True)
class ModelReport:
    """One model of the file and how each global ordering builds it."""

    label: str
    kind: str
    runs: dict[str, ModelRun]  # by ordering; a model built only under one ordering has one run

    def run(self, fmt: str) -> ModelRun | None:
        return self.runs.get(fmt)


@dataclass(frozen=True)
class FileShapes:
    path: str
    source: str
    migrated: str = ""
    models: tuple[ModelReport, ...] = ()
    run_format: str = CHANNELS_LAST  # the ordering the code would run with
    run_reason: str = "TensorFlow's default"
    setters: tuple[tuple[int, str], ...] = ()
    assumptions: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    error: str | None = None
    line_map: tuple[int, ...] = field(default=(), repr=False)

    def line(self, migrated_line: int) -> int:
        """The line of the original file that a line of the migrated text comes from."""
        if 0 < migrated_line <= len(self.line_map):
            return self.line_map[migrated_line - 1]
        return migrated_line

    @property
    def failing(self) -> tuple[ModelReport, ...]:
        """Models that cannot build under the ordering the code would run with."""
        return tuple(
            m
            for m in self.models
            if (r := m.run(self.run_format)) is not None and r.failure is not None
        )


def check_source(
    text: str,
    path: str = "<string>",
    dim_ordering: DimOrdering = DimOrdering.AUTO,
    input_shape: Shape | None = None,
) -> FileShapes:
    """Check the models of one source text. Never raises; never imports or runs the code."""
    notes: list[str] = []
    run_format, run_reason, stated = _run_format(text, path, dim_ordering)
    result = migrate_source(text, SETTER_CONFIG if stated else ANALYSIS_CONFIG, path)
    migrated = result.new_source
    if result.error is not None:
        notes.append(
            f"kmigrate cannot migrate this file ({result.error.reason}); it was analysed as written"
        )
    try:
        tree = ast.parse(migrated)
    except (SyntaxError, ValueError) as exc:
        return FileShapes(path, text, error=f"cannot parse: {exc}")
    runs: dict[str, list[ModelRun]] = {}
    interpreters: list[Interpreter] = []
    try:
        for fmt in FORMATS:
            interpreter = Interpreter(tree, fmt, input_shape)
            interpreter.run()
            interpreters.append(interpreter)
            if interpreter.budget < 0 and fmt == FORMATS[0]:
                notes.append(
                    "the file is too long to follow entirely; later statements were not analysed"
                )
            # A Sequential model with no input of its own that another model calls is a layer of it.
            models = [m for m in interpreter.models if not _inner_layer(m)]
            runs[fmt] = [finish(interpreter.graph, model, fmt) for model in models]
            for run, model in zip(runs[fmt], models, strict=True):
                run.var = model.var
                if not run.site.label:
                    run.site = replace(run.site, label=model.var or f"{run.kind} model")
    except RecursionError:
        return FileShapes(path, text, migrated, error="nesting too deep to analyse")
    except Exception as exc:  # never let one file stop a run
        return FileShapes(
            path, text, migrated, error=f"internal error: {type(exc).__name__}: {exc}"
        )
    first = interpreters[0]
    lines = line_map(text, migrated)
    return FileShapes(
        path,
        text,
        migrated,
        _pair(runs, lambda n: lines[n - 1] if 0 < n <= len(lines) else n),
        run_format,
        run_reason,
        tuple(first.setters),
        tuple(sorted(set(first.assumptions))),
        tuple(notes),
        line_map=lines,
    )


def _run_format(text: str, path: str, dim_ordering: DimOrdering) -> tuple[str, str, bool]:
    """The ordering the code would run with, why, and whether the code states it itself.

    The option wins; else a global setting in the code (``kmigrate.ordering``'s
    strong evidence); else Keras's default, channels_last. Heuristic signs
    (input shapes that look channels-first) never decide it.
    """
    if dim_ordering is DimOrdering.TH:
        return CHANNELS_FIRST, "--dim-ordering th", False
    if dim_ordering is DimOrdering.TF:
        return CHANNELS_LAST, "--dim-ordering tf", False
    try:
        plan = plan_for(ast.parse(text), text, path, RunConfig())
    except Exception:  # a file that does not parse is reported by check_source itself
        return CHANNELS_LAST, "TensorFlow's default", False
    if plan.source in (Source.FILE, Source.TREE):
        strong = next((e for e in plan.evidence if e.strong and e.is_global), None)
        where = f": {strong.kind} at line {strong.line}" if strong is not None else ""
        return plan.default.data_format, f"set in the code{where}", True
    return CHANNELS_LAST, "TensorFlow's default", False


def _inner_layer(model: Model) -> bool:
    return isinstance(model, SequentialModel) and model.used_as_layer and own_input(model) is None


def _pair(
    runs: dict[str, list[ModelRun]], line_of: Callable[[int], int]
) -> tuple[ModelReport, ...]:
    """Match each model's runs under the two orderings by where (and how often) it was built."""
    reports: dict[tuple[object, ...], ModelReport] = {}
    for fmt in FORMATS:
        seen: dict[tuple[object, ...], int] = {}
        for run in runs.get(fmt, []):
            base = (run.site.key, run.kind)
            seen[base] = seen.get(base, 0) + 1
            key = (*base, seen[base])
            if key not in reports:
                reports[key] = ModelReport(run.site.label, run.kind, {})
            reports[key].runs[fmt] = run
    return _labels(tuple(reports.values()), line_of)


def _labels(
    models: tuple[ModelReport, ...], line_of: Callable[[int], int]
) -> tuple[ModelReport, ...]:
    """Models built in one function call at different lines are told apart by variable, then by line."""

    def run_of(model: ModelReport) -> ModelRun:
        return next(iter(model.runs.values()))

    groups: dict[tuple[str, str], list[ModelReport]] = {}
    for model in models:
        site = run_of(model).site
        groups.setdefault((site.label, site.detail), []).append(model)
    labels: dict[int, str] = {}
    for (label, detail), members in groups.items():
        lines = {run_of(m).site.key[0] for m in members}
        if not detail or len(lines) < 2:
            continue
        named = {id(m): f"{label}: {run_of(m).var or 'model'}" for m in members}
        for model in members:
            clash = sum(n == named[id(model)] for n in named.values()) > 1
            where = f" built at line {line_of(run_of(model).site.key[0])}" if clash else ""
            labels[id(model)] = named[id(model)] + where
    return tuple(ModelReport(labels.get(id(m), m.label), m.kind, m.runs) for m in models)
