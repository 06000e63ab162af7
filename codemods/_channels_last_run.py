"""Strategy C for one file: build the data flow, decide, edit (see ``channels_last_layers``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import libcst as cst

from codemods._args import literal_string
from codemods._channels import Ordering
from codemods._channels_last_args import argument, set_string
from codemods._channels_last_axes import MANUAL
from codemods._channels_last_backend import backend_findings
from codemods._channels_last_bounds import Bounds
from codemods._channels_last_chain import ScopeWalker
from codemods._channels_last_facts import BLOCKERS, ONE_D, SPATIAL_RANKS, format_position
from codemods._channels_last_graph import Application, Function, Graph, Origin, Record, Value
from codemods._channels_last_kinds import Kinds
from codemods._channels_last_plan import Plan, originals_of, statements_of
from codemods._channels_last_rules import Rules
from codemods._channels_last_walk import bodies
from codemods._framework import FileContext
from codemods._resolve import dotted_name
from codemods.tables.channels import SPATIAL_LAYERS

_RUNTIME = re.compile(r"\b(image_dim_ordering|image_data_format)\s*\(")
_GLOBAL_FIRST = re.compile(r"set_image_dim_ordering\(\s*['\"]th['\"]|set_image_data_format\(\s*['\"]channels_first['\"]")
_WEIGHTS = re.compile(r"load_weights|set_weights|load_model|\bweights\s*=")


def ordering(record: Record, default_th: bool) -> bool | None:
    """True for a channels-first layer, False for channels last, None when it cannot be read."""
    arg = argument(record.node, "data_format", position=format_position(record.canonical))
    if arg is None:
        return default_th
    value = literal_string(arg.value)
    return {"channels_first": True, "channels_last": False}.get(value) if value is not None else None


def convert(
    statements: Sequence[cst.BaseStatement],
    records: Mapping[int, Record],
    originals: Sequence[cst.CSTNode],
    ctx: FileContext,
    code: str,
) -> list[cst.BaseStatement] | None:
    default_th = ctx.channels.default is Ordering.TH
    spatial = [r for r in records.values() if r.short in SPATIAL_RANKS or r.short in BLOCKERS]
    th = [r for r in spatial if ordering(r, default_th) is not False]
    if not th:
        return None
    plan = Plan(ctx, records, code, originals_of(originals, ctx))
    where = statements_of(statements)
    text = ctx.text
    if _RUNTIME.search(text):
        message = "this file asks for the channel ordering at run time (K.image_data_format()): --channels-last leaves it as it is"
        plan.finding(MANUAL, message, where.get(id(th[0].node)), th[0])
        return plan.apply(statements)
    graph = _graph(statements, records, ctx)
    blockers = [r for r in th if r.short in BLOCKERS or ordering(r, default_th) is None]
    blockers += [inner for _, inner in graph.wrapped if ordering(inner, default_th)]
    if blockers:
        return _keep_channels_first(plan, statements, th, blockers, where, default_th)
    ths = {id(r) for r in th}

    def is_th(app: Application) -> bool:
        return app.record is not None and id(app.record) in ths

    kinds = Kinds(graph, is_th)
    global_first = _GLOBAL_FIRST.search(text) is not None or any(
        e.strong and e.is_global and e.ordering is Ordering.TH for e in ctx.channels.evidence
    )
    Rules(plan, kinds, is_th, _WEIGHTS.search(text) is not None).run(graph.applications)
    Bounds(plan, kinds, graph).run()
    applied = {id(app.record) for app in graph.applications if app.record is not None}
    for record in th:
        if id(record) not in applied:
            plan.edit_call(record.node, set_string("data_format", "channels_last", format_position(record.canonical)))
            message = f"kmigrate cannot follow the tensors of this {record.short}: it computes channels last now, its input must be (batch, H, W, C)"
            plan.finding(MANUAL, message, where.get(id(record.node)), record)
    for record in records.values():  # a global channels_first would re-read them (spec §10.19, §11.4.3)
        pinned = record.short in ONE_D or record.short == "Flatten"
        if global_first and pinned and argument(record.node, "data_format", position=format_position(record.canonical)) is None:
            plan.edit_call(record.node, set_string("data_format", "channels_last", format_position(record.canonical)))
    backend_findings(plan, graph, kinds, records, where)
    ctx.fire(code)
    return plan.apply(statements)


def _keep_channels_first(
    plan: Plan, statements: Sequence[cst.BaseStatement], th: list[Record], blockers: list[Record], where: Mapping[int, cst.CSTNode], default_th: bool
) -> list[cst.BaseStatement]:
    for record in blockers:
        row = SPATIAL_LAYERS.get(record.canonical)
        name = row.today if row is not None else record.short
        if record.short in BLOCKERS or record.canonical not in SPATIAL_LAYERS or ordering(record, True):
            reason = "its time axis comes first"
        else:
            reason = "its data_format is not a literal 'channels_first'/'channels_last'"
        message = f"--channels-last cannot put {name} behind one Permute ({reason}): this file keeps channels first"
        plan.finding(MANUAL, message, where.get(id(record.node)), record)
    for record in th:
        if default_th and argument(record.node, "data_format", position=format_position(record.canonical)) is None:
            plan.edit_call(record.node, set_string("data_format", "channels_first", format_position(record.canonical)))
    plan.ctx.fire(plan.code)
    return plan.apply(statements)


def _graph(statements: Sequence[cst.BaseStatement], records: Mapping[int, Record], ctx: FileContext) -> Graph:
    graph = Graph()
    names: dict[str, Function | None] = {}
    _collect(statements, graph, names, in_class=False)
    callable_names = {k: v for k, v in names.items() if v is not None}
    frozen = frozenset(graph.classes)
    models = frozenset(ctx.resolution.model_names)
    ScopeWalker(graph, records, callable_names, frozen, models, None).run(statements)
    for function in graph.functions:
        body = function.node.body
        if isinstance(body, cst.IndentedBlock):
            ScopeWalker(graph, records, callable_names, frozen, models, function).run(body.body)
    return graph


def _collect(statements: Sequence[cst.BaseStatement], graph: Graph, names: dict[str, Function | None], in_class: bool) -> None:
    for statement in statements:
        if isinstance(statement, cst.FunctionDef):
            params = [p.name.value for p in (*statement.params.posonly_params, *statement.params.params)]
            function = Function(statement, statement.name.value, params)
            function.values = [Value(Origin.PARAM, function=function, index=i) for i in range(len(params))]
            graph.functions.append(function)
            if not in_class:
                names[function.name] = None if function.name in names else function  # two defs: neither is followed
            if isinstance(statement.body, cst.IndentedBlock):
                _collect(statement.body.body, graph, names, in_class=False)
        elif isinstance(statement, cst.ClassDef):
            if any((dotted_name(b.value) or "").endswith("Layer") for b in statement.bases):
                graph.classes[statement.name.value] = statement
            if isinstance(statement.body, cst.IndentedBlock):
                _collect(statement.body.body, graph, names, in_class=True)
        elif isinstance(statement, cst.BaseCompoundStatement):
            for body in bodies(statement):
                if not isinstance(body, cst.SimpleStatementSuite):
                    _collect(body, graph, names, in_class)
