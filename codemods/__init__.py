"""The Keras knowledge of kmigrate: codemods and their tables.

``PIPELINE`` is the one explicit, ordered registry (spec G6: positional
normalisation, keyword renames and values, class renames, training API,
imports last). ``run_pipeline`` applies it to a parsed module in a single tree
walk, after one import-resolution pass over the module's statements.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from codemods._channels import DEFAULT_PLAN, ChannelPlan
from codemods._framework import Codemod, FileContext, PendingFinding, PipelineTransformer
from codemods._paths import STAR_EXPORTS, canonical
from codemods._prune import skippable_statements
from codemods._resolve import KERAS_ROOTS, resolve
from codemods._skip import protected_statements, skipped_lines, stale_names
from codemods.add_weight_args import AddWeightArgs
from codemods.backend_args import BackendArgs
from codemods.backend_crossentropy import BackendCrossentropy
from codemods.backend_image_ordering import BackendImageOrdering
from codemods.backend_padding import BackendPadding
from codemods.backend_removed import BackendRemoved
from codemods.backend_set_value import BackendSetValue
from codemods.backend_symbolic_ops import BackendSymbolicOps
from codemods.backend_tensorflow import BackendTensorflow
from codemods.base_layer_kwargs import BaseLayerKwargs
from codemods.builtin_weight_attributes import BuiltinWeightAttributes
from codemods.call_control_flow import CallControlFlow
from codemods.callback_args import CallbackArgs
from codemods.channels_first_layers import ChannelsFirstLayers
from codemods.channels_last_layers import ChannelsLastLayers
from codemods.compile_args import CompileArgs
from codemods.custom_initializers import CustomInitializers
from codemods.custom_layer_methods import CustomLayerMethods
from codemods.custom_layer_weights import CustomLayerWeights
from codemods.custom_optimizers import CustomOptimizers
from codemods.custom_recurrent import CustomRecurrent
from codemods.functional_merge import FunctionalMerge
from codemods.generator_methods import GeneratorMethods
from codemods.helper_args import HelperArgs
from codemods.imports import Imports
from codemods.layer_class_renames import LayerClassRenames
from codemods.layer_config import LayerConfig
from codemods.layer_kwarg_renames import LayerKwargRenames
from codemods.layer_node_apis import LayerNodeApis
from codemods.layer_positional_args import LayerPositionalArgs
from codemods.layer_regularizers import LayerRegularizers
from codemods.layer_state_updates import LayerStateUpdates
from codemods.loss_names import LossNames
from codemods.model_constructors import ModelConstructors
from codemods.model_files import ModelFiles
from codemods.model_graph_limits import ModelGraphLimits
from codemods.model_methods import ModelMethods
from codemods.optimizer_args import OptimizerArgs
from codemods.optimizer_attributes import OptimizerAttributes
from codemods.optimizer_defaults import OptimizerDefaults
from codemods.optimizer_strings import OptimizerStrings
from codemods.ordering_evidence import OrderingEvidence
from codemods.padding_values import PaddingValues
from codemods.recurrent_defaults import RecurrentDefaults
from codemods.removed_helpers import RemovedHelpers
from codemods.removed_layers import RemovedLayers
from codemods.sequential_io import SequentialIo
from codemods.sequential_merge import SequentialMerge
from codemods.sequential_methods import SequentialMethods
from codemods.training_args import TrainingArgs
from codemods.training_defaults import TrainingDefaults
from codemods.weight_functions import WeightFunctions
from codemods.weight_strings import WeightStrings

PIPELINE: Final[tuple[Codemod, ...]] = (
    LayerPositionalArgs(),
    AddWeightArgs(),
    LayerKwargRenames(),
    BaseLayerKwargs(),
    PaddingValues(),
    WeightFunctions(),
    WeightStrings(),
    LayerClassRenames(),
    FunctionalMerge(),
    SequentialMerge(),
    ModelConstructors(),
    HelperArgs(),
    RemovedHelpers(),
    RemovedLayers(),
    RecurrentDefaults(),
    TrainingArgs(),
    LossNames(),
    CallbackArgs(),
    CompileArgs(),
    GeneratorMethods(),
    TrainingDefaults(),
    SequentialMethods(),
    ModelMethods(),
    OptimizerArgs(),
    OptimizerDefaults(),
    OptimizerStrings(),
    OptimizerAttributes(),
    CustomOptimizers(),
    BackendArgs(),
    BackendPadding(),
    BackendTensorflow(),
    BackendCrossentropy(),
    BackendSetValue(),
    BackendRemoved(),
    BackendImageOrdering(),
    BackendSymbolicOps(),
    CustomLayerMethods(),
    CustomLayerWeights(),
    LayerRegularizers(),
    LayerStateUpdates(),
    CallControlFlow(),
    CustomRecurrent(),
    LayerConfig(),
    BuiltinWeightAttributes(),
    CustomInitializers(),
    LayerNodeApis(),
    SequentialIo(),
    ModelFiles(),
    ModelGraphLimits(),
    ChannelsFirstLayers(),
    ChannelsLastLayers(),
    OrderingEvidence(),
    Imports(),
)

# A file that contains none of these byte strings is never parsed.
MARKERS: Final[tuple[str, ...]] = ("keras",)


@dataclass(frozen=True)
class RawFinding:
    code: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class RawEdit:
    code: str
    line: int
    end_line: int


@dataclass(frozen=True)
class PipelineResult:
    module: cst.Module
    findings: tuple[RawFinding, ...]
    fired: tuple[str, ...]
    edits: tuple[RawEdit, ...] = ()


# a node whose position is wanted, with the innermost and the module-level
# statement holding it (original nodes; None when unknown)
_Wanted = tuple[cst.CSTNode, cst.CSTNode | None, cst.CSTNode | None]


def _ranges(
    module: cst.Module,
    wanted: Sequence[_Wanted],
    top_lines: Mapping[int, int],
    inner_starts: Mapping[int, tuple[int, int]],
) -> dict[cst.CSTNode, CodeRange]:
    """Code ranges of the wanted nodes, from a position pass over only the
    statements that hold them, each offset by where Python's ast puts it: the
    simple statement line inside a top-level function or class when it is
    known (a node deep in a long function does not pay for the whole
    function), else the module-level statement, else the whole module."""
    where: dict[cst.CSTNode, CodeRange] = {}
    by_statement: dict[int, cst.SimpleStatementLine | cst.BaseCompoundStatement] = {}
    whole = False
    for _, inner, top in wanted:
        if isinstance(inner, cst.SimpleStatementLine) and id(inner) in inner_starts:
            by_statement[id(inner)] = inner
        elif isinstance(top, cst.SimpleStatementLine | cst.BaseCompoundStatement) and id(top) in top_lines:
            by_statement[id(top)] = top
        else:
            whole = True
    if whole:
        where.update(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
        return where
    for key, statement in by_statement.items():
        line, indent = inner_starts[key] if key in inner_starts else (top_lines[key], 0)
        # the statement's first token is on the line after its leading blank/comment lines
        offset = line - (len(statement.leading_lines) + 1)
        first = len(statement.leading_lines) + 1
        mini = cst.Module(body=[statement], default_newline=module.default_newline, default_indent=module.default_indent)
        for node, span in MetadataWrapper(mini, unsafe_skip_copy=True).resolve(PositionProvider).items():
            # alone in a module the statement starts at column 0; its later lines
            # keep their own whitespace
            start_col = span.start.column + (indent if span.start.line == first else 0)
            end_col = span.end.column + (indent if span.end.line == first else 0)
            where[node] = CodeRange((span.start.line + offset, start_col), (span.end.line + offset, end_col))
    return where


def _positions(
    module: cst.Module,
    pending: Sequence[PendingFinding],
    fires: Sequence[tuple[str, cst.CSTNode | None, cst.CSTNode | None]],
    top_lines: Mapping[int, int],
    inner_starts: Mapping[int, tuple[int, int]],
    spans: Mapping[int, tuple[int, int]],
    text: str = "",
) -> tuple[tuple[RawFinding, ...], tuple[RawEdit, ...]]:
    """Lines and columns of the findings, and the line spans of the
    statements where rules fired.

    A fire's span is that of its statement when Python's ast placed it (a
    module-level statement, or a simple statement line directly inside a
    top-level function or class), else that of the module-level statement
    holding it, else the whole module: spans cost no position pass, because
    nearly every statement of an old file has a rule firing in it.
    """
    wanted: list[_Wanted] = [(f.node, f.statement, f.top_statement) for f in pending]
    where = _ranges(module, wanted, top_lines, inner_starts) if wanted else {}
    findings = []
    for finding in pending:
        found = where.get(finding.node)
        line, column = (found.start.line, found.start.column + 1) if found is not None else (1, 1)
        findings.append(RawFinding(finding.code, line, column, finding.message))
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    whole = (1, max(1, len((text or module.code).splitlines()))) if fires else (1, 1)
    edits: set[RawEdit] = set()
    for code, node, top in fires:
        span = spans.get(id(node)) if node is not None else None
        if span is None and top is not None:
            span = spans.get(id(top))
        first, last = span if span is not None else whole
        edits.add(RawEdit(code, first, last))
    return tuple(findings), tuple(sorted(edits, key=lambda e: (e.line, e.end_line, e.code)))


SKIPPED_STALE: Final = "K999"


def _renamed(path: str, renames: Mapping[str, tuple[str, str]]) -> bool:
    canon = canonical(path)
    return canon is not None and canon in renames


def run_pipeline(
    module: cst.Module,
    annotate: bool = True,
    pipeline: Sequence[Codemod] = PIPELINE,
    source: tuple[str, ast.Module] | None = None,
    channels: ChannelPlan = DEFAULT_PLAN,
    selected: Callable[[str], bool] | None = None,
) -> PipelineResult:
    """Migrate a parsed module: one resolution pass, one transforming walk.

    ``source`` (the text and Python's ast of it) lets the walk skip
    statements that mention no Keras name, and lets ``# kmigrate: skip``
    comments protect their statements (see ``codemods._skip``).
    ``selected`` says which rule and finding codes run (None: all).
    """
    if selected is not None:
        pipeline = [c for c in pipeline if selected(c.code)]
    resolution = resolve(module)
    if not resolution.uses_keras:
        return PipelineResult(module, (), ())
    renames = {canon: (target, c.code) for c in pipeline for canon, target in c.symbol_renames.items()}
    removed = {canon: hint for c in pipeline for canon, hint in c.removed_symbols.items()}
    replaced = frozenset(canon for c in pipeline for canon in c.replaced_symbols)
    ctx = FileContext(
        resolution=resolution, renames=renames, removed=removed, replaced=replaced, channels=channels, selected=selected
    )
    skip: set[int] = set()
    protected_nodes: list[cst.CSTNode] = []
    protected_spans: list[tuple[int, int]] = []
    top_lines: dict[int, int] = {}
    inner_starts: dict[int, tuple[int, int]] = {}
    spans: dict[int, tuple[int, int]] = {}
    if source is not None:
        names = set(resolution.bindings) | set(KERAS_ROOTS)  # import lines always match
        names.update(name for c in pipeline for name in c.methods)
        if resolution.star_modules:
            names.update(name.rpartition(".")[2] for name in STAR_EXPORTS)
        skip = skippable_statements(module, source[1], source[0], names, top_lines, inner_starts, spans)
        protected_nodes, protected_spans = protected_statements(module, skipped_lines(source[0]))
    protected = {id(node) for node in protected_nodes}
    active = pipeline
    if source is not None:
        text = ctx.text = source[0]
        ctx.tree = source[1]
        active = [c for c in pipeline if not c.triggers or any(word in text for word in c.triggers)]
    new_module = module.visit(PipelineTransformer(ctx, active, annotate, skip, protected))
    fire_sites = [site for site in ctx.fire_sites if site[1] is None or id(site[1]) not in protected]
    pending = list(ctx.findings)
    for node in protected_nodes:
        stale = stale_names(node, resolution.bindings, lambda name: _renamed(resolution.bindings[name].path, renames))
        if stale and (selected is None or selected(SKIPPED_STALE)):
            message = f"this statement is marked 'kmigrate: skip' but uses {', '.join(stale)}, whose import the migration renamed: fix it by hand"
            pending.append(PendingFinding(SKIPPED_STALE, node, message, False, None, node))
    findings, edits = _positions(module, pending, fire_sites, top_lines, inner_starts, spans, ctx.text)
    if protected_spans:
        # a finding inside a statement marked "kmigrate: skip" is not reported
        findings = tuple(
            f for f in findings if f.code == SKIPPED_STALE or not any(a <= f.line <= b for a, b in protected_spans)
        )
    fired_codes = {site[0] for site in fire_sites}
    fired = tuple(c.code for c in pipeline if c.code in fired_codes)
    return PipelineResult(new_module, findings, fired, edits)
