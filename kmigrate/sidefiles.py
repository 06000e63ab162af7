"""Dependency files that pin Keras 1/2 or Theano get a TensorFlow that runs the migrated code.

The migrated code imports ``tensorflow.keras``, which is Keras 3 from
TensorFlow 2.16 on (the first release whose ``tf.keras`` is Keras 3; kmigrate
is tested on 2.21). A repository from 2016-2017 pins ``keras==1.2.2`` or
``Keras<2`` and often ``theano``: installed as they are, they give a Keras
that cannot run the migrated code, or none that installs on today's Python.

**What is rewritten.** A file is touched only when it pins Keras 1.x/2.x (a
``keras`` requirement that admits no 3.x release: ``keras==1.2.2``,
``Keras<2``, ``keras>=1,<2.1``, ``keras==2.*``) or requires Theano. Then:

* every ``keras`` requirement goes: ``tensorflow`` brings Keras 3 itself;
* every ``theano`` requirement goes, with a K997 finding: the migrated code
  runs on TensorFlow, and code that imports ``theano`` itself must be ported
  by hand (Theano does not install on current Python and NumPy);
* a ``tensorflow`` or ``tensorflow-cpu`` requirement that admits no 2.16+
  release becomes ``tensorflow>=2.16`` (``tensorflow-cpu>=2.16`` for the CPU
  build); one that admits 2.16+ is kept. Every ``tensorflow-gpu`` becomes
  ``tensorflow>=2.16``: that package is discontinued (its last release, 2.12.0,
  only fails telling to install ``tensorflow``);
* when the list requires no TensorFlow at all, its first removed element is
  replaced by ``tensorflow>=2.16`` (keeping its environment marker and comment)
  instead of being removed;
* a conda ``python`` pin that admits no 3.10+ (``python=2.7``) becomes
  ``python>=3.10``, a Python that TensorFlow 2.16+ installs on.

A file that already reads that way has nothing left to change, so a second run
changes nothing. Other requirements, comments, order and line endings are kept
byte for byte; the change shows in ``--diff`` like any other.

**Files.** ``requirements*.txt`` (also ``*requirements.txt`` and ``.txt`` files
in a ``requirements/`` folder), ``setup.py`` (string literals in the
``install_requires`` and ``extras_require`` of the ``setup(...)`` call, also
when they name a module-level list; the Keras code in setup.py is migrated as
usual first), ``setup.cfg`` (``[options] install_requires`` and
``[options.extras_require]``), ``pyproject.toml`` (``[project] dependencies``,
``[project.optional-dependencies]``, and Poetry's
``[tool.poetry.dependencies]``, ``[tool.poetry.dev-dependencies]`` and
``[tool.poetry.group.<name>.dependencies]``, whose ``keras = "^1.2"`` lines
are read with Poetry's caret, tilde and wildcard rules and written back in
Poetry's ``name = "constraint"`` form) and ``environment.yml``/``.yaml``
(conda and nested ``pip:`` lists; a conda ``keras=1.2`` pins 1.2.*). The
``python_requires`` of ``setup.py``/``setup.cfg`` (and Poetry's ``python``)
that admits no 3.10+ (``'>=2.7, <3'``) becomes ``>=3.10``.

**Limits.** Lines continued with a backslash, ``-e``/URL requirements without
a name, Poetry constraints with ``||`` alternatives or several entries per
package, and requirement lists built by code (``open(...)``, ``+``) are left
alone, as is a Python 2 ``setup.py`` that does not name Keras (it is not
modernised, so it cannot be parsed). Versions are compared by their leading
numbers only (``2.0.0rc1`` counts as ``2.0.0``).
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from kmigrate.config import DEFAULT_CONFIG, RunConfig
from kmigrate.engine import SourceDecodeError, decode_source, encode_source, migrate_source
from kmigrate.results import FileResult, Finding

THEANO_REMOVED: Final = "K997"
TENSORFLOW: Final = "tensorflow>=2.16"
_TF_MINIMUM: Final = (2, 16)
PYTHON: Final = "python>=3.10"
_PY3_PROBES: Final = tuple((3, minor, 0) for minor in range(10, 40))

# Releases tried against a specifier: does it admit Keras 3, TensorFlow 2.16+?
_KERAS3_PROBES: Final = (*((3, m, p) for m in range(40) for p in (0, 1, 9)), (4, 0, 0))
_TF216_PROBES: Final = (*((2, m, p) for m in range(16, 60) for p in (0, 1, 9)), (3, 0, 0))
_TF_NAMES: Final = frozenset({"tensorflow", "tensorflow-gpu", "tensorflow-cpu"})
_CLAUSE: Final = re.compile(r"(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;()]+)")
_NAME: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_VERSION: Final = re.compile(r"\d+(?:\.\d+)*")
_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def is_side_file(path: str) -> bool:
    """Whether ``path`` names a dependency file this module migrates (by its name)."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1].lower()
    return _kind(name, parts[-2].lower() if len(parts) > 1 else "") is not None


def _kind(name: str, parent: str) -> str | None:
    if name.endswith(".txt") and (
        name.startswith("requirements")
        or name.endswith("requirements.txt")
        or parent == "requirements"
    ):
        return "requirements"
    if name in ("setup.py", "setup.cfg", "pyproject.toml"):
        return name
    if name in ("environment.yml", "environment.yaml"):
        return "environment"
    return None


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------


def migrate_side_file(data: bytes, config: RunConfig, path: str) -> tuple[FileResult, str, bytes]:
    """Migrate one dependency file given as bytes: the result, its encoding, the new bytes."""
    try:
        decoded = decode_source(data)
    except SourceDecodeError as exc:
        return FileResult.failed(path, "", f"cannot decode: {exc.reason}", exc.line), "utf-8", data
    result = migrate_side_text(decoded.text, config, path)
    if not result.changed:
        return result, decoded.encoding, data
    try:
        return result, decoded.encoding, encode_source(result.new_source, decoded.encoding)
    except (UnicodeError, LookupError) as exc:
        reason = f"cannot encode the migrated file as {decoded.encoding}: {exc}"
        return FileResult.failed(path, decoded.text, reason), decoded.encoding, data


def migrate_side_text(
    text: str, config: RunConfig = DEFAULT_CONFIG, path: str = "requirements.txt"
) -> FileResult:
    """Migrate one dependency file's text (``path`` decides its format). Never raises."""
    parts = path.replace("\\", "/").split("/")
    kind = _kind(parts[-1].lower(), parts[-2].lower() if len(parts) > 1 else "")
    base = FileResult(path=path, source=text, new_source=text)
    if kind == "setup.py":
        base = migrate_source(text, config, path)
        if base.error is not None:
            return base
    try:
        new_text, findings = rewrite_requirements(base.new_source, kind or "requirements")
    except Exception as exc:  # never let one file stop a run
        return FileResult.failed(
            path, text, f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]
        )
    if not findings and new_text == base.new_source:
        return base
    return dataclasses.replace(base, new_source=new_text, findings=base.findings + tuple(findings))


# ---------------------------------------------------------------------------
# requirements and the plan
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """One requirement found in a file, with where its parts are in the file's text.

    ``start``/``end`` span the name, extras and version (not a marker or a
    comment): that is what a replacement overwrites. ``element`` is the list
    element or line index, for removals.
    """

    name: str  # normalised: lower case, runs of -_. as one -
    clauses: tuple[tuple[str, str], ...]
    start: int
    end: int
    element: int


def parse_requirement(
    text: str, offset: int, element: int, conda: bool = False
) -> Requirement | None:
    """A requirement in ``text`` (a PEP 508 string, or a conda match spec), or None."""
    lead = len(text) - len(text.lstrip())
    if conda and "::" in text[lead:].split(" ")[0]:
        lead = text.index("::", lead) + 2
    stripped = text[lead:]
    match = _NAME.match(stripped)
    if match is None:
        return None
    start = offset + lead
    rest = stripped[match.end() :]
    extras = re.match(r"\s*\[[^\]]*\]", rest)
    spec_at = extras.end() if extras else 0
    spec = re.split(r"[;@#]", rest[spec_at:], maxsplit=1)[0]
    if conda:
        spec = _conda_spec(spec)
    clauses = tuple(_CLAUSE.findall(spec))
    leftover = _CLAUSE.sub("", spec).replace(",", "").replace("(", "").replace(")", "").strip()
    if leftover:
        return None
    body = stripped[
        : match.end() + spec_at + len(re.split(r"[;@#]", rest[spec_at:], maxsplit=1)[0])
    ]
    end = start + len(body.rstrip())
    name = re.sub(r"[-_.]+", "-", match.group().lower())
    return Requirement(name, clauses, start, end, element)


def _conda_spec(spec: str) -> str:
    spec = spec.strip()
    if spec.startswith("=") and not spec.startswith("=="):
        spec = spec[1:]
    elif spec[:1] in "<>!~=":
        return spec
    version = spec.split("=")[0].split(" ")[0].strip().rstrip("*").rstrip(".")
    return f"=={version}.*" if version else ""


def _version(text: str) -> tuple[int, ...] | None:
    match = _VERSION.match(text)
    return tuple(int(p) for p in match.group().split(".")) if match else None


def _admits(clauses: Sequence[tuple[str, str]], probe: tuple[int, ...]) -> bool:
    for op, raw in clauses:
        wildcard = raw.endswith(".*")
        version = _version(raw)
        if version is None:
            continue
        width = max(len(version), len(probe))
        left = probe + (0,) * (width - len(probe))
        right = version + (0,) * (width - len(version))
        if op in ("==", "===") and wildcard:
            ok = probe[: len(version)] == version
        elif op == "!=" and wildcard:
            ok = probe[: len(version)] != version
        elif op in ("==", "==="):
            ok = left == right
        elif op == "!=":
            ok = left != right
        elif op == "<":
            ok = left < right
        elif op == "<=":
            ok = left <= right
        elif op == ">":
            ok = left > right
        elif op == ">=":
            ok = left >= right
        else:  # ~=: at least this, same release series
            prefix = version[:-1] if len(version) > 1 else version
            ok = left >= right and probe[: len(prefix)] == prefix
        if not ok:
            return False
    return True


def pins_old_keras(req: Requirement) -> bool:
    """A ``keras`` requirement that admits no Keras 3 release."""
    return req.name == "keras" and not any(_admits(req.clauses, p) for p in _KERAS3_PROBES)


def _old_tensorflow(req: Requirement) -> bool:
    if req.name == "tensorflow-gpu":
        return True
    return req.name in _TF_NAMES and not any(_admits(req.clauses, p) for p in _TF216_PROBES)


@dataclass(frozen=True)
class _Edit:
    requirement: Requirement
    replacement: str | None  # None: remove the element


def pins_keras_1_or_theano(requirements: Sequence[Requirement]) -> bool:
    """Whether a file's requirements pin Keras 1.x/2.x or require Theano."""
    return any(pins_old_keras(r) or r.name == "theano" for r in requirements)


def plan(requirements: Sequence[Requirement]) -> list[_Edit]:
    """What to do with each requirement of one list (of a file that :func:`pins_keras_1_or_theano`)."""
    edits: list[_Edit] = []
    needs_tensorflow = not any(r.name in _TF_NAMES for r in requirements)
    for req in requirements:
        if req.name in ("keras", "theano"):
            edits.append(_Edit(req, TENSORFLOW if needs_tensorflow else None))
            needs_tensorflow = False
        elif _old_tensorflow(req):
            name = "tensorflow-cpu" if req.name == "tensorflow-cpu" else "tensorflow"
            edits.append(_Edit(req, f"{name}>={'.'.join(map(str, _TF_MINIMUM))}"))
        elif (
            req.name == "python"
            and req.clauses
            and not any(_admits(req.clauses, p) for p in _PY3_PROBES)
        ):
            edits.append(_Edit(req, PYTHON))  # a conda environment's interpreter
    return edits


def rewrite_requirements(text: str, kind: str) -> tuple[str, list[Finding]]:
    """Apply :func:`plan` to a file's text; the new text and the findings."""
    groups = list(_extract(text, kind))
    if not pins_keras_1_or_theano([r for group in groups for r in group.requirements]):
        return text, []
    changes: list[tuple[int, int, str]] = []
    theano: list[Requirement] = []
    for group in groups:
        theano.extend(r for r in group.requirements if r.name == "theano")
        mine = plan(group.requirements)
        removed = {e.requirement.element for e in mine if e.replacement is None}
        changes.extend(
            (e.requirement.start, e.requirement.end, group.spell(e.replacement))
            for e in mine
            if e.replacement is not None
        )
        changes.extend((start, end, "") for start, end in group.removals(text, removed))
    new_text = text
    for start, end, new in sorted(changes, reverse=True):
        new_text = new_text[:start] + new + new_text[end:]
    findings = [
        Finding(
            THEANO_REMOVED,
            text.count("\n", 0, r.start) + 1,
            r.start - (text.rfind("\n", 0, r.start) + 1) + 1,
            "Theano requirement removed: the migrated code runs on TensorFlow; "
            "port any code that imports theano itself",
        )
        for r in theano
    ]
    return new_text, findings


# ---------------------------------------------------------------------------
# where the requirements are, per format
# ---------------------------------------------------------------------------


@dataclass
class _Group:
    """Requirements that are elements of one list (or lines of one file).

    ``spans[i]`` is element ``i``'s whole extent; ``lines`` says that each
    element is a whole line (with its line ending), removed as such.
    """

    spans: list[tuple[int, int]]
    requirements: list[Requirement]
    lines: bool = False
    # how a replacement is spelled: "pep508" (``tensorflow>=2.16``), "poetry"
    # (``tensorflow = ">=2.16"``) or "specifier" (``>=3.10``, for python_requires)
    style: str = "pep508"

    def spell(self, replacement: str) -> str:
        """``replacement``, a PEP 508 requirement, as this list writes it."""
        name = _NAME.match(replacement)
        assert name is not None
        if self.style == "poetry":
            return f'{name.group()} = "{replacement[name.end():]}"'
        if self.style == "specifier":
            return replacement[name.end() :]
        return replacement

    def removals(self, text: str, removed: set[int]) -> Iterator[tuple[int, int]]:
        if self.lines:
            for i in sorted(removed):
                yield self.spans[i]
            return
        yield from _list_removals(text, self.spans, removed)


def _list_removals(
    text: str, spans: list[tuple[int, int]], removed: set[int]
) -> Iterator[tuple[int, int]]:
    """Text ranges that remove runs of list elements with their commas."""
    runs: list[tuple[int, int]] = []
    for i in sorted(removed):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    for first, last in runs:
        start, end = spans[first][0], spans[last][1]
        line_start = text.rfind("\n", 0, start) + 1
        tail = re.match(r"[ \t]*,?[ \t]*(#[^\n]*)?(\r?\n)", text[end:])
        if not text[line_start:start].strip() and tail is not None:
            yield line_start, end + tail.end()
        elif last + 1 < len(spans):
            yield start, spans[last + 1][0]
        elif first > 0:
            yield spans[first - 1][1], end
        else:
            comma = re.match(r"\s*,", text[end:])
            yield start, end + (comma.end() if comma else 0)


def _extract(text: str, kind: str) -> Iterator[_Group]:
    if kind == "setup.py":
        yield from _setup_py(text)
    elif kind == "setup.cfg":
        yield from _setup_cfg(text)
    elif kind == "pyproject.toml":
        yield from _pyproject(text)
    elif kind == "environment":
        yield from _environment(text)
    else:
        yield _requirements_txt(text)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with its offset; the line includes its ending."""
    for match in _LINE.finditer(text):
        yield match.start(), match.group()


def _requirements_txt(text: str) -> _Group:
    group = _Group([], [], lines=True)
    continued = False
    for offset, line in _lines(text):
        body = line.rstrip("\r\n")
        was_continued, continued = continued, body.endswith("\\")
        content = re.split(r"(?:^|\s)#", body, maxsplit=1)[0]
        if was_continued or continued or not content.strip() or content.lstrip().startswith("-"):
            continue
        req = parse_requirement(content, offset, len(group.spans))
        if req is not None:
            group.spans.append((offset, offset + len(line)))
            group.requirements.append(req)
    return group


def _setup_cfg(text: str) -> Iterator[_Group]:
    """One group per requirement list (``install_requires``, each extra)."""
    group = _Group([], [], lines=True)
    section = ""
    in_value = False
    for offset, line in _lines(text):
        body = line.rstrip("\r\n")
        header = re.match(r"\s*\[([^\]]+)\]", body)
        if header:
            section, in_value = header.group(1).strip().lower(), False
            continue
        if not body.strip() or body.lstrip()[:1] in "#;":
            continue
        if body[:1] in " \t":
            if in_value:
                _add_line(group, body, offset, line)
            continue
        key, sep, value = body.partition("=")
        key = key.strip().lower()
        yield group
        group = _Group([], [], lines=True)
        if section == "options" and key == "python_requires" and value.strip():
            yield _specifier_group(value, offset + body.index("=") + 1)
        in_value = bool(sep) and (
            (section == "options" and key == "install_requires")
            or section == "options.extras_require"
        )
        if in_value and value.strip():
            req = parse_requirement(value, offset + body.index("=") + 1, 0)
            if req is not None:  # the value on the key's own line
                yield _Group([(req.start, req.end)], [req])
    yield group


def _add_line(group: _Group, body: str, offset: int, line: str) -> None:
    content = re.split(r"(?:^|\s)[#;]\s", body, maxsplit=1)[0]
    req = parse_requirement(content, offset, len(group.spans))
    if req is not None:
        group.spans.append((offset, offset + len(line)))
        group.requirements.append(req)


def _environment(text: str) -> Iterator[_Group]:
    group = _Group([], [], lines=True)
    in_dependencies = False
    pip_indent: int | None = None
    for offset, line in _lines(text):
        body = line.rstrip("\r\n")
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        indent = len(body) - len(body.lstrip())
        if indent == 0 and not body.startswith("-"):
            in_dependencies = body.split(":")[0].strip() == "dependencies"
            pip_indent = None
            continue
        item = re.match(r"(\s*)-\s+(.*)$", body)
        if not in_dependencies or item is None:
            continue
        if pip_indent is not None and indent <= pip_indent:
            pip_indent = None
        value = re.split(r"\s#", item.group(2), maxsplit=1)[0].rstrip()
        if value.rstrip(":").strip() == "pip" and value.endswith(":"):
            pip_indent = indent
            continue
        quoted = value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1
        inner = value[1:-1] if quoted else value
        at = offset + item.start(2) + (1 if quoted else 0)
        req = parse_requirement(inner, at, len(group.spans), conda=pip_indent is None)
        if req is not None:
            group.spans.append((offset, offset + len(line)))
            group.requirements.append(req)
    yield group


def _pyproject(text: str) -> Iterator[_Group]:
    table = ""
    poetry = _Group([], [], lines=True, style="poetry")
    for offset, line in _lines(text):
        body = line.strip()
        header = re.match(r"\[\[?([^\]]+)\]", body)
        if header:
            if poetry.spans:
                yield poetry
                poetry = _Group([], [], lines=True, style="poetry")
            table = re.sub(r"\s+", "", header.group(1))
            continue
        if _POETRY_TABLE.fullmatch(table):
            _poetry_line(poetry, line, offset)
            continue
        key = re.match(r"\s*([A-Za-z0-9_.\"'-]+)\s*=\s*\[", line)
        if key is None:
            continue
        name = key.group(1).strip("\"'")
        if (
            table == "project" and name == "dependencies"
        ) or table == "project.optional-dependencies":
            yield _toml_array(text, offset + key.end() - 1)
    if poetry.spans:
        yield poetry


_POETRY_TABLE: Final = re.compile(
    r"tool\.poetry\.(?:dependencies|dev-dependencies|group\.[^.]+\.dependencies)"
)
# ``keras = "^1.2"`` or ``keras = { version = "^1.2", optional = true }``
_POETRY_ENTRY: Final = re.compile(
    r"""(?P<key>[A-Za-z0-9_.-]+|"[^"\n]+"|'[^'\n]+')\s*=\s*"""
    r"""(?:(?P<q>["'])(?P<plain>[^"'\n]*)(?P=q)"""
    r"""|\{[^}\n]*?\bversion\s*=\s*(?P<q2>["'])(?P<inner>[^"'\n]*)(?P=q2)[^}\n]*\})"""
    r"""\s*(?:#.*)?$"""
)


def _poetry_line(group: _Group, line: str, offset: int) -> None:
    """One ``name = constraint`` line of a Poetry dependency table."""
    body = line.rstrip("\r\n")
    lead = len(body) - len(body.lstrip())
    entry = _POETRY_ENTRY.match(body, lead)
    if entry is None:
        return
    constraint = entry.group("plain") if entry.group("q") else entry.group("inner")
    clauses = _poetry_clauses(constraint)
    if clauses is None:
        return
    name = re.sub(r"[-_.]+", "-", entry.group("key").strip("\"'").lower())
    end = offset + lead + len(body[lead:].split("#")[0].rstrip())
    group.spans.append((offset, offset + len(line)))
    group.requirements.append(Requirement(name, clauses, offset + lead, end, len(group.spans) - 1))


def _poetry_clauses(constraint: str) -> tuple[tuple[str, str], ...] | None:
    """Poetry's constraint as PEP 440 clauses: ``^1.2`` is ``>=1.2,<2``, ``~1.2``
    is ``>=1.2,<1.3``, ``1.2.2`` is ``==1.2.2``; None for what is not read
    (``||`` alternatives)."""
    if "||" in constraint or "|" in constraint:
        return None
    clauses: list[tuple[str, str]] = []
    for part in constraint.split(","):
        part = part.strip()
        if part in ("", "*"):
            continue
        op = re.match(r"(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*(.*)", part)
        assert op is not None
        sign, raw = op.group(1) or "", op.group(2).strip()
        version = _version(raw)
        if version is None:
            return None
        if sign == "^":
            first = next((i for i, v in enumerate(version) if v != 0), len(version) - 1)
            upper = (*version[:first], version[first] + 1)
            clauses += [(">=", raw), ("<", ".".join(map(str, upper)))]
        elif sign == "~":
            upper = (version[0] + 1,) if len(version) == 1 else (version[0], version[1] + 1)
            clauses += [(">=", raw), ("<", ".".join(map(str, upper)))]
        elif sign in ("", "="):
            clauses.append(("==", raw))
        else:
            clauses.append((sign, raw))
    return tuple(clauses)


def _toml_array(text: str, at: int) -> _Group:
    """The strings of the TOML array whose ``[`` is at ``at``."""
    group = _Group([], [])
    i = at + 1
    while i < len(text) and text[i] != "]":
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            i = len(text) if i < 0 else i
        elif ch in "\"'":
            close = _string_end(text, i)
            content = text[i + 1 : close - 1]
            if "\\" not in content:
                req = parse_requirement(content, i + 1, len(group.spans))
                if req is not None:
                    group.requirements.append(req)
            group.spans.append((i, close))
            i = close
        else:
            i += 1
    return group


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    while i < len(text) and text[i] != quote and text[i] != "\n":
        i += 2 if quote == '"' and text[i] == "\\" else 1
    return min(i + 1, len(text))


def _setup_py(text: str) -> Iterator[_Group]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    assigned: dict[str, ast.expr] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            assigned[node.targets[0].id] = node.value
    starts = _line_starts(text)
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and _callee(call.func) == "setup"):
            continue
        for keyword in call.keywords:
            if keyword.arg == "python_requires":
                found = _py_string(text, starts, keyword.value)
                if found is not None:
                    yield _specifier_group(*found)
                continue
            if keyword.arg not in ("install_requires", "extras_require"):
                continue
            value = keyword.value
            if isinstance(value, ast.Name):
                value = assigned.get(value.id, value)
            lists = (
                [v for v in value.values if v is not None]
                if isinstance(value, ast.Dict)
                else [value]
            )
            for item in lists:
                if isinstance(item, ast.Name):
                    item = assigned.get(item.id, item)
                if isinstance(item, ast.List | ast.Tuple):
                    yield _py_list(text, starts, item)


def _callee(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _py_list(text: str, starts: list[int], node: ast.List | ast.Tuple) -> _Group:
    group = _Group([], [])
    for element in node.elts:
        start = _offset(text, starts, element.lineno, element.col_offset)
        end = _offset(
            text, starts, element.end_lineno or element.lineno, element.end_col_offset or 0
        )
        group.spans.append((start, end))
        found = _py_string(text, starts, element)
        if found is not None:
            req = parse_requirement(found[0], found[1], len(group.spans) - 1)
            if req is not None:
                group.requirements.append(req)
    return group


def _py_string(text: str, starts: list[int], node: ast.expr) -> tuple[str, int] | None:
    """A plain one-line string literal's content and where it starts, or None."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return None
    start = _offset(text, starts, node.lineno, node.col_offset)
    end = _offset(text, starts, node.end_lineno or node.lineno, node.end_col_offset or 0)
    literal = re.fullmatch(r"[uUrR]?(['\"])([^'\"\\\n]*)\1", text[start:end])
    return (literal.group(2), start + literal.start(2)) if literal else None


def _specifier_group(spec: str, offset: int) -> _Group:
    """A ``python_requires`` value (a bare specifier) as a one-requirement list."""
    group = _Group([], [], style="specifier")
    lead = len(spec) - len(spec.lstrip())
    body = re.split(r"\s[#;]", spec, maxsplit=1)[0].strip()
    clauses = tuple(_CLAUSE.findall(body))
    if clauses and not _CLAUSE.sub("", body).replace(",", "").strip():
        start = offset + lead
        group.spans.append((start, start + len(body)))
        group.requirements.append(Requirement("python", clauses, start, start + len(body), 0))
    return group


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for _, line in _lines(text):
        starts.append(starts[-1] + len(line))
    return starts


def _offset(text: str, starts: list[int], lineno: int, col: int) -> int:
    """A character offset from ast's line number and UTF-8 byte column."""
    line_start = starts[lineno - 1]
    line = text[line_start : starts[lineno] if lineno < len(starts) else len(text)]
    return line_start + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))
