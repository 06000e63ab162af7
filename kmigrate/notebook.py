"""Jupyter notebooks (``.ipynb``): the code cells are migrated, everything else is kept.

A notebook runs its cells in one namespace, so the imports of the first cell
name what later cells call. The code cells are therefore joined into one
module, separated by boundary statements (``_kmigrate_cell_3_``), migrated
with :func:`kmigrate.engine.migrate_source` in one go (the engine also
modernises Python 2 code), and split again at the boundaries. Statements a
rewrite inserts before a cell's first statement stay in that cell.

IPython syntax is not Python: line magics (``%matplotlib inline``), shell
escapes (``!pip install keras``, ``files = !ls``), help (``obj?``, ``??obj``)
and the first line of a cell magic whose body is Python (``%%time``,
``%%timeit``, ``%%capture``, ``%%prun``) are masked before migrating: each such line
becomes a placeholder name at the same indentation, and the original line is
put back afterwards. A cell that parses as it is is never masked. Other cell
magics (``%%bash``, ``%%html``, ``%%writefile``...) hold no Python and are left
alone. Markdown and raw cells are never touched.

A code cell that parses neither as Python 3 nor (through the engine's Python
2 pass) as Python 2, such as a half-written cell, is left as it is and
reported as a finding (K998) naming the cell; the other cells are migrated.

Findings name the cell: the message starts with ``cell N, line L:`` (N counts
every cell from 1, as they appear in the notebook; L is the line in that
cell), and the finding's line is the notebook file's line that holds that
source line, so an editor opens the JSON at the right place.

The notebook file is edited as text: only the changed cells' ``source``
values are replaced, written the way the file wrote them (a list of lines or
one string, the same indentation and separators, ``\\uXXXX`` escapes or raw
UTF-8). Outputs, metadata, key order, indentation and the final newline stay
byte for byte. When the code changed and the kernel is Python 2
(``kernelspec.name`` ``python2``), the kernel spec and ``language_info`` are
moved to Python 3: the migrated code needs tf.keras, which needs Python 3.

nbformat 4 (``cells``) and nbformat 3 (``worksheets[].cells[]``, code in
``input``) are read.

**Limits**: when any cell needs the Python 2 pass, the engine runs it over
all code cells (one kernel runs them all, so they are one language). A
magic line inside a bracketed expression is not recognised.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from codemods._channels import ChannelPlan
from kmigrate.config import DEFAULT_CONFIG, RunConfig
from kmigrate.engine import mentions_keras, migrate_source
from kmigrate.lines import split_lines
from kmigrate.results import Edit, FileResult, Finding

CELL_LEFT: Final = "K998"
SUFFIX: Final = ".ipynb"

# Cell magics whose body is Python: the first line is masked, the body migrated.
PYTHON_CELL_MAGICS: Final[frozenset[str]] = frozenset(
    {"time", "timeit", "capture", "prun", "debug"}
)

_DECODER: Final = json.JSONDecoder()
_WHITESPACE: Final = " \t\n\r"
_MAGIC = re.compile(r"\s*(?:[%!]|\?\??[\w.]|[\w.]+\s*=\s*[%!])")
_FUTURE = re.compile(r"from\s+__future__\s+import\b")
_HELP = re.compile(r"\s*[\w.\[\]()'\"]+\?\??\s*$")
_BOUNDARY = "_kmigrate_cell_{}_"
_PLACEHOLDER = "_kmigrate_ipython_{}_"
_PLACEHOLDER_LINE = re.compile(r"([ \t]*)_kmigrate_ipython_(\d+)_[ \t]*(\r?\n)?")
_NON_ASCII_ESCAPE = re.compile(r"\\u(?!00[0-7])")

_PYTHON2_KERNEL: Final = "python2"


def is_notebook(display: str) -> bool:
    return display.endswith(SUFFIX)


def migrate_notebook(
    data: bytes, config: RunConfig = DEFAULT_CONFIG, display: str = "<notebook>"
) -> tuple[FileResult, str, bytes]:
    """Migrate a notebook's bytes; return the result, the encoding and the new bytes. Never raises."""
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"cannot decode: not valid UTF-8 (byte 0x{data[exc.start]:02x}), as a notebook must be"
        return FileResult.failed(display, "", reason, line), encoding, data
    try:
        result = migrate_notebook_text(text, config, display)
    except Exception as exc:  # never let one notebook stop a run
        reason = f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]
        return FileResult.failed(display, text, reason), encoding, data
    if not result.changed:
        return result, encoding, data
    return result, encoding, result.new_source.encode(encoding)


def migrate_notebook_text(text: str, config: RunConfig = DEFAULT_CONFIG, display: str = "<notebook>") -> FileResult:
    """Migrate the JSON text of a notebook (see the module documentation)."""
    if not mentions_keras(text):
        return FileResult(path=display, source=text, new_source=text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"not a notebook: invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})"
        return FileResult.failed(display, text, reason, exc.lineno)
    except RecursionError:
        return FileResult.failed(display, text, "not a notebook: JSON nested too deeply")
    if not isinstance(data, dict):
        return FileResult.failed(display, text, "not a notebook: the JSON is not an object", 1)
    cells = list(_code_cells(text))
    migration = _migrate_cells(cells, config, display)
    edits = [(cell.span, _source_json(text, cell, new)) for cell, new in migration.new_sources]
    if edits:
        edits.extend(_kernel_edits(text))
    new_text = text
    for (start, end), replacement in sorted(edits, reverse=True):
        new_text = new_text[:start] + replacement + new_text[end:]
    result = FileResult(
        path=display,
        source=text,
        new_source=new_text,
        findings=tuple(sorted(migration.findings, key=lambda f: (f.line, f.column, f.code))),
        fired=migration.fired,
        edits=tuple(sorted(set(migration.edits), key=lambda e: (e.line, e.end_line, e.code))),
        channels=migration.channels,
        modernised=migration.modernised and new_text != text,
    )
    return result


def cell_label(text: str, line: int) -> str | None:
    """``cell N`` for the code cell whose source holds ``line`` of the notebook text, else None.

    For a diff view: a hunk at that line can be headed with the cell it changes.
    """
    try:
        json.loads(text)
        for cell in _code_cells(text):
            if cell.file_line(0) <= line <= cell.file_line(max(len(cell.lines) - 1, 0)):
                return f"cell {cell.number}"
    except (ValueError, IndexError, RecursionError):
        return None
    return None


# ---------------------------------------------------------------------------
# cells
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    number: int  # 1-based, counting every cell of the notebook
    span: tuple[int, int]  # the source value in the notebook text
    value: str | list[str]
    line_offsets: tuple[int, ...]  # notebook-text offset where each source line's JSON starts
    text_line_of_offset: tuple[int, ...]  # notebook line of each of line_offsets

    @property
    def source(self) -> str:
        return self.value if isinstance(self.value, str) else "".join(self.value)

    @property
    def lines(self) -> list[str]:
        return split_lines(self.source)

    def file_line(self, index: int) -> int:
        """The notebook-file line holding source line ``index`` (0-based)."""
        if not self.text_line_of_offset:
            return 1
        return self.text_line_of_offset[min(index, len(self.text_line_of_offset) - 1)]


def _code_cells(text: str) -> Iterator[_Cell]:
    top = _object(text, _skip(text, 0))
    cell_lists: list[tuple[int, str]] = []  # (array start, source key)
    if "cells" in top:
        cell_lists.append((top["cells"][0], "source"))
    elif "worksheets" in top:
        for start, _ in _array(text, top["worksheets"][0]):
            sheet = _object(text, start)
            if "cells" in sheet:
                cell_lists.append((sheet["cells"][0], "input"))
    number = 0
    for array_start, key in cell_lists:
        for start, _ in _array(text, array_start):
            number += 1
            members = _object(text, start)
            cell_type = _value(text, members, "cell_type")
            if cell_type != "code" or key not in members:
                continue
            span = members[key]
            value = _DECODER.raw_decode(text, span[0])[0]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                offsets = tuple(s for s, _ in _array(text, span[0]))
            elif isinstance(value, str):
                offsets = (span[0],)
            else:
                continue
            lines = tuple(text.count("\n", 0, o) + 1 for o in offsets)
            yield _Cell(number, span, value, offsets, lines)


@dataclass
class _Migration:
    new_sources: list[tuple[_Cell, str]]
    findings: list[Finding]
    fired: tuple[str, ...] = ()
    channels: ChannelPlan | None = None
    modernised: bool = False
    edits: list[Edit] = field(default_factory=list)


@dataclass
class _Prepared:
    cell: _Cell
    python: str  # the text handed to the engine (masked, ending with a newline)
    masked: dict[int, str]  # placeholder number -> original line (with its ending)


def _migrate_cells(cells: list[_Cell], config: RunConfig, display: str) -> _Migration:
    migration = _Migration([], [])
    prepared: list[_Prepared] = []
    counter = 0
    for cell in cells:
        outcome = _prepare(cell, counter, first=not prepared)
        if outcome is None:
            continue  # a cell magic that holds no Python
        if isinstance(outcome, str):
            migration.findings.append(_left_as_is(cell, outcome))
            continue
        counter += len(outcome.masked)
        prepared.append(outcome)
    while prepared:
        combined, starts = _join(prepared)
        result = migrate_source(combined, config, display)
        if result.error is None:
            break
        index = _cell_at(starts, result.error.line)
        if index is None:
            for item in prepared:
                migration.findings.append(_left_as_is(item.cell, result.error.reason))
            return migration
        where = f"line {result.error.line - starts[index]}: " if result.error.line is not None else ""
        migration.findings.append(_left_as_is(prepared[index].cell, where + result.error.reason))
        del prepared[index]
    else:
        return migration
    chunks = _split(result.new_source, len(prepared))
    if chunks is None:
        for item in prepared:
            migration.findings.append(_left_as_is(item.cell, "the cell boundaries were lost while migrating"))
        return migration
    for finding in result.findings:
        index = _cell_at(starts, finding.line)
        if index is None:
            continue
        item = prepared[index]
        in_cell = finding.line - starts[index]
        migration.findings.append(
            Finding(
                finding.code,
                item.cell.file_line(in_cell - 1),
                finding.column,
                f"cell {item.cell.number}, line {in_cell}: {finding.message}",
            )
        )
    for item, chunk in zip(prepared, chunks, strict=True):
        new = _restore(chunk, item)
        if new is None:
            migration.findings.append(_left_as_is(item.cell, "IPython lines could not be put back"))
        elif new != item.cell.source:
            migration.new_sources.append((item.cell, new))
    for edit in result.edits:
        first, last = _cell_at(starts, edit.line), _cell_at(starts, edit.end_line)
        if first is None or last is None:
            continue
        migration.edits.append(
            Edit(
                edit.code,
                prepared[first].cell.file_line(edit.line - starts[first] - 1),
                prepared[last].cell.file_line(edit.end_line - starts[last] - 1),
            )
        )
    migration.fired = result.fired
    migration.channels = result.channels
    migration.modernised = result.modernised
    return migration


def _left_as_is(cell: _Cell, reason: str) -> Finding:
    return Finding(
        CELL_LEFT, cell.file_line(0), 1, f"cell {cell.number}: left as it is: {reason}"
    )


def _prepare(cell: _Cell, counter: int, first: bool) -> _Prepared | str | None:
    """The cell's Python for the engine; a reason string when it cannot be migrated; None to skip.

    A ``from __future__`` import below the first cell is masked too: it is legal in
    a cell (IPython compiles each cell alone) but not in the middle of one module.
    """
    lines = split_lines(cell.source)
    masked: dict[int, str] = {}
    head = next((i for i, line in enumerate(lines) if line.strip()), None)
    if head is not None and lines[head].lstrip().startswith("%%"):
        name = lines[head].lstrip()[2:].split(None, 1)[0] if lines[head].strip() != "%%" else ""
        if name not in PYTHON_CELL_MAGICS:
            return None
    python = _with_newline(cell.source)
    future = not first and any(_FUTURE.match(line) for line in lines)
    ipython = not _parses(python)
    if future or ipython:
        out: list[str] = []
        for i, line in enumerate(lines):
            if (
                ipython and ((i == head and line.lstrip().startswith("%%")) or _is_ipython(line))
            ) or (future and _FUTURE.match(line)):
                number = counter + len(masked)
                masked[number] = line
                indent = line[: len(line) - len(line.lstrip(" \t"))]
                out.append(indent + _PLACEHOLDER.format(number) + "\n")
            else:
                out.append(line)
        python = _with_newline("".join(out))
    if not _parses(python):
        # Python 2 or broken: the engine decides (it modernises Python 2 code).
        probe = python if mentions_keras(python) else python + "# keras\n"
        error = migrate_source(probe).error
        if error is not None:
            where = f"line {error.line}: " if error.line is not None else ""
            return where + error.reason
    return _Prepared(cell, python, masked)


def _is_ipython(line: str) -> bool:
    return bool(_MAGIC.match(line) or _HELP.match(line))


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _join(prepared: list[_Prepared]) -> tuple[str, list[int]]:
    """The cells as one module, and the module line (0-based) before each cell's first line."""
    parts: list[str] = []
    starts: list[int] = []
    line = 0
    for i, item in enumerate(prepared):
        if i:
            parts.append(_BOUNDARY.format(i) + "\n")
            line += 1
        starts.append(line)
        parts.append(item.python)
        line += item.python.count("\n")
    return "".join(parts), starts


def _cell_at(starts: list[int], line: int | None) -> int | None:
    if line is None:
        return None
    index = None
    for i, start in enumerate(starts):
        if line > start:
            index = i
    return index


def _split(text: str, count: int) -> list[str] | None:
    chunks: list[str] = []
    current: list[str] = []
    expected = 1
    for line in split_lines(text):
        if expected < count and line.rstrip("\r\n") == _BOUNDARY.format(expected):
            chunks.append("".join(current))
            current = []
            expected += 1
        else:
            current.append(line)
    chunks.append("".join(current))
    if len(chunks) != count or any("_kmigrate_cell_" in chunk for chunk in chunks):
        return None
    return chunks


def _restore(chunk: str, item: _Prepared) -> str | None:
    if not item.cell.source.endswith("\n") and chunk.endswith("\n"):
        chunk = chunk[:-1]
    if not item.masked:
        return chunk
    restored: list[str] = []
    seen: set[int] = set()
    for line in split_lines(chunk):
        match = _PLACEHOLDER_LINE.fullmatch(line)
        if match is None:
            restored.append(line)
            continue
        number = int(match.group(2))
        if number not in item.masked or number in seen:
            return None
        seen.add(number)
        original = item.masked[number]
        restored.append(original if original.endswith("\n") or not line.endswith("\n") else original + "\n")
    if seen != set(item.masked):
        return None
    return "".join(restored)


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") or not text else text + "\n"




# ---------------------------------------------------------------------------
# writing JSON the way the file does
# ---------------------------------------------------------------------------


def _source_json(text: str, cell: _Cell, new: str) -> str:
    start, end = cell.span
    old = text[start:end]
    ascii_only = not any(ord(ch) > 127 for ch in old) and bool(_NON_ASCII_ESCAPE.search(old))
    if isinstance(cell.value, str):
        return json.dumps(new, ensure_ascii=ascii_only)
    items = [json.dumps(line, ensure_ascii=ascii_only) for line in split_lines(new)]
    elements = _array(text, start)
    if elements:
        opening = text[start + 1 : elements[0][0]]
        closing = text[elements[-1][1] : end - 1]
        separator = text[elements[0][1] : elements[1][0]] if len(elements) > 1 else "," + opening
    else:
        line_start = text.rfind("\n", 0, start) + 1
        indent = text[line_start : line_start + len(text[line_start:]) - len(text[line_start:].lstrip(" "))]
        opening, closing = "\n" + indent + " ", "\n" + indent
        separator = "," + opening
    if not items:
        return "[]"
    return "[" + opening + separator.join(items) + closing + "]"


def _kernel_edits(text: str) -> list[tuple[tuple[int, int], str]]:
    """Move a Python 2 kernel spec to Python 3 (empty when the kernel is not Python 2)."""
    top = _object(text, _skip(text, 0))
    if "metadata" not in top:
        return []
    metadata = _object(text, top["metadata"][0])
    edits: list[tuple[tuple[int, int], str]] = []
    if "kernelspec" in metadata and text[metadata["kernelspec"][0]] == "{":
        spec = _object(text, metadata["kernelspec"][0])
        if _value(text, spec, "name") != _PYTHON2_KERNEL:
            return []
        edits.append((spec["name"], '"python3"'))
        if _value(text, spec, "display_name") == "Python 2":
            edits.append((spec["display_name"], '"Python 3"'))
    else:
        return []
    if "language_info" in metadata and text[metadata["language_info"][0]] == "{":
        info = _object(text, metadata["language_info"][0])
        version = _value(text, info, "version")
        if isinstance(version, str) and version.startswith("2"):
            edits.append((info["version"], '"3.10"'))
        if _value(text, info, "pygments_lexer") == "ipython2":
            edits.append((info["pygments_lexer"], '"ipython3"'))
        if "codemirror_mode" in info and text[info["codemirror_mode"][0]] == "{":
            mode = _object(text, info["codemirror_mode"][0])
            if _value(text, mode, "version") == 2:
                edits.append((mode["version"], "3"))
    return edits


# ---------------------------------------------------------------------------
# a JSON walk that knows where each value is (the text is valid JSON)
# ---------------------------------------------------------------------------


def _object(text: str, i: int) -> dict[str, tuple[int, int]]:
    """The members of the object at ``i``: key -> (value start, value end)."""
    members: dict[str, tuple[int, int]] = {}
    if text[i] != "{":
        return members
    i = _skip(text, i + 1)
    while text[i] != "}":
        key, key_end = _DECODER.raw_decode(text, i)
        start = _skip(text, _skip(text, key_end) + 1)
        end = _DECODER.raw_decode(text, start)[1]
        members[key] = (start, end)
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
    return members


def _array(text: str, i: int) -> list[tuple[int, int]]:
    """The elements of the array at ``i``: (start, end) each."""
    elements: list[tuple[int, int]] = []
    if text[i] != "[":
        return elements
    i = _skip(text, i + 1)
    while text[i] != "]":
        end = _DECODER.raw_decode(text, i)[1]
        elements.append((i, end))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
    return elements


def _value(text: str, members: dict[str, tuple[int, int]], key: str) -> object:
    if key not in members:
        return None
    return _DECODER.raw_decode(text, members[key][0])[0]


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WHITESPACE:
        i += 1
    return i
