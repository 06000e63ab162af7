"""``--verbose``: each layer's output shape and weight count under each ordering, side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from kmigrate.shapes.objects import ModelRun, Step, show_shape


def table(runs: Sequence[ModelRun], line_of: Callable[[int], int]) -> Iterator[str]:
    """Rows in the order the code runs the layers; a layer stating its data_format is marked ``*``."""
    rows: dict[tuple[int, str, int], list[str]] = {}
    explicit: set[tuple[int, str, int]] = set()
    for column, run in enumerate(runs):
        first = run.inputs[0] if run.inputs else None
        inputs = rows.setdefault((0, "input", 1), [""] * (2 * len(runs)))
        inputs[2 * column] = "" if first is None else show_shape(first)
        seen: dict[tuple[int, str], int] = {}
        for step in run.steps:
            base = (step.layer.line, step.layer.cls)
            seen[base] = seen.get(base, 0) + 1
            key = (*base, seen[base])
            row = rows.setdefault(key, [""] * (2 * len(runs)))
            row[2 * column] = _cell(step)
            row[2 * column + 1] = "" if step.params is None else f"{step.params:,}"
            if step.layer.explicit_format:
                explicit.add(key)
    header = ["layer", "line"] + [x for r in runs for x in (r.fmt, "params")]
    body = [
        [cls + ("*" if key in explicit else ""), str(line_of(key[0])) if key[0] else "", *cells]
        for key, cells in rows.items()
        for cls in (key[1],)
    ]
    grid = [header, *body]
    widths = [max(len(row[i]) for row in grid) for i in range(len(header))]
    for row in grid:
        cells = [
            c.rjust(w) if i == 1 else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        yield "    " + "  ".join(cells).rstrip()
    if explicit:
        yield "    * the layer states its data_format, which no global setting changes"


def _cell(step: Step) -> str:
    if step.error is not None:
        return "fails"
    if step.output is None:
        return "?"
    return show_shape(step.output)
