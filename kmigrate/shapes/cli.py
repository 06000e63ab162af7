"""``kmigrate shapes PATH...``: the static shape check on the command line.

``kmigrate PATH...`` stays the migration command: ``MainCommand`` hands an
argument list that starts with ``shapes`` to this command (a file literally
named ``shapes`` is still reachable as ``./shapes``; the same holds for
``batch``, see :mod:`kmigrate.batch`). The report goes to
stdout; the exit status is decided by ``kmigrate.shapes.report.exit_code``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from kmigrate.config import DimOrdering
from kmigrate.discovery import iter_files
from kmigrate.engine import SourceDecodeError, decode_source
from kmigrate.shapes.check import FileShapes, check_source
from kmigrate.shapes.objects import Shape
from kmigrate.shapes.report import exit_code, render

EPILOG = """\b
Examples:
  kmigrate shapes model.py                      which ordering builds each model
  kmigrate shapes model.py --input-shape 3,256,256 --verbose

\b
Exit codes: 0 every model builds under the ordering the code runs with (the
--dim-ordering option, else a global setting in the code, else channels_last);
1 some model cannot build under it; 2 usage error; 123 a file could not be
read or parsed.
"""


def _input_shape(ctx: click.Context, param: click.Parameter, value: str | None) -> Shape | None:
    if value is None:
        return None
    dims: list[int | None] = []
    for part in value.replace("(", "").replace(")", "").split(","):
        part = part.strip()
        if part.lower() in ("none", "?"):
            dims.append(None)
        elif part.isdigit() and int(part) > 0:
            dims.append(int(part))
        elif part:
            raise click.BadParameter(
                f"{value!r}: give positive sizes separated by commas, e.g. 3,256,256"
            )
    if not dims:
        raise click.BadParameter("an empty shape")
    return (None, *dims)


@click.command(
    "shapes",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--input-shape",
    callback=_input_shape,
    metavar="D,D,D",
    help="Input shape without the batch axis (e.g. 3,256,256); overrides the shapes in the code.",
)
@click.option(
    "--dim-ordering",
    type=click.Choice([d.value for d in DimOrdering]),
    default=DimOrdering.AUTO.value,
    show_default=True,
    help="The ordering the code runs with: th, tf, or as the code sets it (else channels_last).",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Show each layer's output shape under both orderings."
)
@click.pass_context
def shapes(
    ctx: click.Context,
    paths: tuple[str, ...],
    input_shape: Shape | None,
    dim_ordering: str,
    verbose: bool,
) -> None:
    """Check statically that each Keras model builds: which layer fails under which channel ordering.

    The code is never imported or run. Keras 1 code is first migrated in
    memory, so the check works before and after running kmigrate.
    """
    results: list[FileShapes] = []
    for source in iter_files(paths):
        result = _check_file(
            source.display, str(source.path), DimOrdering(dim_ordering), input_shape
        )
        results.append(result)
        for line in render(result, verbose):
            click.echo(line, err=result.error is not None)
    ctx.exit(exit_code(results))


def _check_file(
    display: str, path: str, ordering: DimOrdering, input_shape: Shape | None
) -> FileShapes:
    try:
        with open(path, "rb") as handle:
            text = decode_source(handle.read()).text
    except (OSError, SourceDecodeError) as exc:
        return FileShapes(display, "", error=f"cannot read: {exc}")
    try:
        return check_source(text, display, ordering, input_shape)
    except Exception as exc:  # one file never stops a run
        return FileShapes(display, text, error=f"internal error: {type(exc).__name__}: {exc}")


class MainCommand(click.Command):
    """The ``kmigrate`` command, which hands ``kmigrate shapes ...`` to the ``shapes`` command
    and ``kmigrate batch ...`` to :mod:`kmigrate.batch`."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if argv[:1] == ["shapes"]:
            name = f"{prog_name or 'kmigrate'} shapes"
            return shapes.main(argv[1:], name, complete_var, standalone_mode, **extra)
        if argv[:1] == ["batch"]:
            from kmigrate.batch import batch  # imported here: only this subcommand needs it

            name = f"{prog_name or 'kmigrate'} batch"
            return batch.main(argv[1:], name, complete_var, standalone_mode, **extra)
        return super().main(args, prog_name, complete_var, standalone_mode, **extra)
