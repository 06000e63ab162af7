"""Channel-ordering detection: the evidence of a file and of the tree, and the decision.

Keras 1 spatial layers without ``dim_ordering=`` followed a global setting
(spec §11.1). :func:`file_evidence` reads the signs in one file's ``ast`` tree
(never importing or running it); :func:`tree_evidence` is the runner's cheap
pre-pass over the whole run (``keras.json`` files and global setters in other
files); :func:`plan_for` decides the file's :class:`ChannelPlan`.

Kinds of evidence (``codemods._channels.Evidence``):

* strong, global: ``K.set_image_dim_ordering('th')``,
  ``K.set_image_data_format('channels_first')`` (any spelling, at any level),
  the ordering a ``keras.json`` states;
* strong, one layer (``is_global=False``): an explicit ``dim_ordering='th'``
  (or ``data_format='channels_first'``) on a 2D/3D layer call. It says nothing of the
  other layers; but when every such argument in a file says th and nothing
  else does, it counts as one weak vote for th;
* weak, global: spec §11.1.4 heuristics. For channels first: image shapes
  ``(1|3, H, W)`` (``input_shape=``, ``batch_input_shape=``, ``Input(shape=)``,
  names ending in ``shape`` assigned a tuple, a tuple passed to a parameter
  ``*shape*`` of a function of the file), ``Reshape((C, H, W))`` (C of 1 or
  3, or square spatial dimensions after a different C: ``(128, 7, 7)``),
  NumPy ``.reshape(n, 1|3, H, W)``, ``BatchNormalization(axis=1)`` and a
  concatenation on axis 1 in a file with 2D/3D layers, Theano mentions
  (``import theano``, ``KERAS_BACKEND='theano'``, ``THEANO_FLAGS``). For
  channels last: the same shapes with the channels last;
* neutral (``strong=False, is_global=False``): a branch on
  ``K.image_dim_ordering()`` (or on any comparison with ``'th'``/``'tf'``,
  ``'channels_first'``/``'channels_last'``, ``'theano'``/``'tensorflow'``)
  adapts at run time (spec §11.1.3): it is recorded, never decides anything,
  and the heuristics inside its branches are not read.

Decision (first that applies):

1. ``--dim-ordering th|tf``: ``Source.OPTION``;
2. a global setter in this file: ``Source.FILE`` (the first one in the file);
3. tree evidence: the ``keras.json`` nearest the file (one above it first;
   ``.keras/keras.json`` stands for its parent folder), else the setter of the
   nearest other file: ``Source.TREE``;
4. heuristics (and the explicit-th vote): more th than tf signs decide th;
   otherwise, when there is any th sign, tf; both ``Source.HEURISTIC`` (weak);
5. nothing, or tf signs only (they agree with the default, so nothing is
   guessed): ``Source.NONE``, channels last (Keras's default since 1.1).

``conflict`` is set when strong global signs disagree: this file's setters
among themselves or with a ``keras.json`` above the file (a file's own setter
overrides the other files' setters without a conflict), or, for a file
without a setter, the tree's signs among themselves.
"""

from __future__ import annotations

import ast
import bisect
import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from codemods._channels import ChannelPlan, Evidence, Ordering, Source
from codemods._paths import STAR_EXPORTS, canonical
from codemods.ordering_evidence import GLOBAL_SETTERS, SPATIAL_LAYERS
from kmigrate import keras_json
from kmigrate.config import DimOrdering, RunConfig

ADAPTIVE: Final = "adapts at run time"

_ROOTS: Final = ("keras", "tensorflow")
_ORDERING_WORDS: Final = {
    "th": Ordering.TH,
    "tf": Ordering.TF,
    "channels_first": Ordering.TH,
    "channels_last": Ordering.TF,
}
_ADAPTIVE_WORDS: Final = frozenset({*_ORDERING_WORDS, "theano", "tensorflow"})
_FORMAT_KEYWORDS: Final = frozenset({"dim_ordering", "data_format"})
_SHAPE_KEYWORDS: Final = {"input_shape": False, "batch_input_shape": True}
_INPUT_KEYWORDS: Final = {"shape": False, "batch_shape": True}
_INPUTS: Final = frozenset({"keras.Input", "keras.layers.Input"})
_CONCATS: Final = frozenset({"keras.layers.Concatenate", "keras.layers.concatenate"})
_CHANNELS: Final = (1, 3)
_MIN_SIDE: Final = 4
_MAX_KIND: Final = 60
_SETTER_NAMES: Final = frozenset(name.rpartition(".")[2] for name in GLOBAL_SETTERS)
# every sign sits on a line holding one of these (a call of a function taking a shape aside)
_LINE_WORDS: Final = re.compile(r"shape|axis|ordering|format|theano|THEANO|channels_|tensorflow|Input|Normalization|merge|['\"]t[hf]['\"]")
# statements that hold others; and nodes that hold no call, comparison or assignment
_COMPOUND: Final = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While,
    ast.With, ast.AsyncWith, ast.Try, ast.Match, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)
_LEAVES: Final = frozenset({ast.Name, ast.Constant, ast.Load, ast.Store, ast.Del, ast.alias, ast.Pass, ast.Import, ast.ImportFrom})
# a 2D/3D layer called in the file: axis 1 there is the channel axis of th feature maps
_SPATIAL_NAME: Final = re.compile(r"[23]D\s*\(")


# ---------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------


class _Names:
    """Which local names are Keras (or TensorFlow) modules and members: imports only."""

    def __init__(self, tree: ast.Module) -> None:
        self.bindings: dict[str, str] = {}
        self.stars: list[str] = []
        self.theano: list[ast.stmt] = []  # import statements naming theano
        self.functions: dict[str, list[str]] = {}  # functions of the file: name -> parameters
        self._statements(tree.body)

    def _statements(self, body: Sequence[ast.stmt], adaptive: bool = False) -> None:
        """Imports and function definitions at any depth; ``adaptive``: inside a
        branch on the ordering or the backend, where Theano imports say nothing."""
        for statement in body:
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    root = alias.name.partition(".")[0]
                    if root in _ROOTS:
                        local = alias.asname or root
                        self.bindings[local] = alias.name if alias.asname else root
                    elif root == "theano" and not adaptive:
                        self.theano.append(statement)
            elif isinstance(statement, ast.ImportFrom):
                module = statement.module or ""
                root = module.partition(".")[0]
                if statement.level or root not in _ROOTS:
                    if root == "theano" and not statement.level and not adaptive:
                        self.theano.append(statement)
                    continue
                for alias in statement.names:
                    if alias.name == "*":
                        self.stars.append(module)
                    else:
                        self.bindings[alias.asname or alias.name] = f"{module}.{alias.name}"
            elif isinstance(statement, _COMPOUND):
                if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                    args = statement.args
                    self.functions[statement.name] = [a.arg for a in (*args.posonlyargs, *args.args)]
                inside = adaptive or (isinstance(statement, ast.If | ast.While) and _adapts(statement.test))
                for name in ("body", "orelse", "finalbody", "handlers", "cases"):
                    inner = getattr(statement, name, None)
                    if inner:
                        self._statements([s for s in inner if isinstance(s, ast.stmt)], inside)
                        for handler in inner:
                            if isinstance(handler, ast.ExceptHandler | ast.match_case):
                                self._statements(handler.body, inside)

    def canonical(self, node: ast.expr) -> str | None:
        """The canonical Keras name of a Name/Attribute chain, else None."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        root, _, rest = dotted.partition(".")
        path = self.bindings.get(root)
        if path is not None:
            return canonical(f"{path}.{rest}" if rest else path)
        for module in self.stars:
            canon = canonical(f"{module}.{root}")
            if canon is not None and canon in STAR_EXPORTS:
                return canonical(f"{module}.{dotted}")
        return None


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


# ---------------------------------------------------------------------------
# one file's evidence
# ---------------------------------------------------------------------------


@dataclass
class _Walk:
    names: _Names
    path: str
    found: list[Evidence] = field(default_factory=list)
    # evidence that only counts in a file with 2D/3D layers (axis 1 means channels there)
    axis_signs: list[Evidence] = field(default_factory=list)
    local_calls: list[ast.Call] = field(default_factory=list)  # calls of plain names with tuple args

    def add(self, node: ast.AST, ordering: Ordering, kind: str, strong: bool = False, is_global: bool = True) -> None:
        if len(kind) > _MAX_KIND:
            kind = kind[: _MAX_KIND - 3] + "..."
        line = getattr(node, "lineno", 0)
        self.found.append(Evidence(ordering, kind, self.path, line, strong=strong, is_global=is_global))


def file_evidence(tree: ast.Module, text: str, path: str) -> list[Evidence]:
    """Every sign of the channel ordering in one parsed file, in line order.

    Only the statements and expressions that span a line holding one of the
    words evidence needs (``shape``, ``axis``, ``ordering``, ``'th'``, ...) are
    walked, so a file costs little more than a regular-expression search.
    """
    names = _Names(tree)
    walk = _Walk(names, path)
    for statement in names.theano:
        walk.add(statement, Ordering.TH, "import theano")
    lines = _interesting_lines(text, [n for n, params in names.functions.items() if any("shape" in p.lower() for p in params)])
    stack: list[tuple[ast.AST, bool]] = [(statement, False) for statement in tree.body] if lines else []
    while stack:
        node, adaptive = stack.pop()
        first = getattr(node, "lineno", None)
        if first is not None:
            at = bisect.bisect_left(lines, first)
            if at == len(lines) or lines[at] > (getattr(node, "end_lineno", None) or first):
                continue  # no line of this node holds a word evidence needs
        if isinstance(node, ast.If | ast.IfExp | ast.While) and _adapts(node.test):
            walk.add(node, Ordering.TF, f"{ast.unparse(node.test)} ({ADAPTIVE})", is_global=False)
            stack.append((node.test, adaptive))
            stack.extend((child, True) for child in ast.iter_child_nodes(node) if child is not node.test)
            continue
        if isinstance(node, ast.Call):
            _call(walk, node, adaptive)
        elif isinstance(node, ast.Assign) and not adaptive:
            _assign(walk, node)
        stack.extend((child, adaptive) for child in ast.iter_child_nodes(node) if type(child) not in _LEAVES)
    for call in walk.local_calls:
        _local_call(walk, call)
    if walk.axis_signs and _SPATIAL_NAME.search(text):
        walk.found.extend(walk.axis_signs)
    walk.found.sort(key=lambda e: e.line)
    return walk.found


def _interesting_lines(text: str, functions: Sequence[str]) -> list[int]:
    """The numbers of the lines holding a word evidence needs (or a call of ``functions``)."""
    pattern = _LINE_WORDS
    if functions:
        pattern = re.compile("|".join([_LINE_WORDS.pattern, *(rf"\b{re.escape(f)}\b" for f in functions)]))
    lines: list[int] = []
    line, position = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _adapts(test: ast.expr) -> bool:
    """A test that picks a branch by the ordering or the backend at run time."""
    for node in ast.walk(test):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                for value in _strings(operand):
                    if value in _ADAPTIVE_WORDS:
                        return True
    return False


def _strings(node: ast.expr) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _strings(element)


def _positional_axis(walk: _Walk, call: ast.Call, canon: str | None) -> None:
    """Axis 1 given by position, so the evidence is the same before and after migration.

    ``BatchNormalization(1)`` (Keras 2: axis first), ``BatchNormalization(1e-3, 0, 1)``
    (Keras 1: epsilon, mode, axis) and ``merge([a, b], 'concat', 1)``.
    """
    args = call.args
    if canon == "keras.layers.BatchNormalization":
        keras2 = len(args) >= 1 and _int(args[0]) == 1
        keras1 = len(args) >= 3 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, float) and _int(args[2]) == 1
        if keras1 or keras2:
            walk.axis_signs.append(_evidence(walk, call, "BatchNormalization(axis=1)"))
    elif canon in ("keras.layers.merge", "keras.layers.Merge") and len(args) >= 3 and _int(args[2]) == 1:
        walk.axis_signs.append(_evidence(walk, call, "concatenation on axis 1"))


def _call(walk: _Walk, call: ast.Call, adaptive: bool) -> None:
    canon = walk.names.canonical(call.func)
    if canon is not None and canon.startswith("keras.backend.") and canon.rpartition(".")[2] in _SETTER_NAMES:
        value = _first_string(call, _FORMAT_KEYWORDS)
        if value in _ORDERING_WORDS:
            walk.add(call, _ORDERING_WORDS[value], f"{ast.unparse(call.func)}({value!r})", strong=True)
        return
    if canon in SPATIAL_LAYERS:
        _explicit(walk, call, canon)
    if adaptive:
        return
    for keyword in call.keywords:
        if keyword.arg in _SHAPE_KEYWORDS or (canon in _INPUTS and keyword.arg in _INPUT_KEYWORDS):
            batch = _SHAPE_KEYWORDS.get(keyword.arg, False) or _INPUT_KEYWORDS.get(keyword.arg or "", False)
            _shape(walk, keyword.value, batch)
        elif keyword.arg == "concat_axis" and _int(keyword.value) == 1:
            walk.axis_signs.append(_evidence(walk, call, "concatenation on axis 1"))
        elif keyword.arg == "axis" and _int(keyword.value) == 1:
            if canon == "keras.layers.BatchNormalization":
                walk.axis_signs.append(_evidence(walk, call, "BatchNormalization(axis=1)"))
            elif canon in _CONCATS:
                walk.axis_signs.append(_evidence(walk, call, "concatenation on axis 1"))
    _positional_axis(walk, call, canon)
    if canon in _INPUTS and call.args:
        _shape(walk, call.args[0], False)
    elif canon == "keras.layers.Reshape":
        target = call.args[0] if call.args else _keyword(call, "target_shape")
        if target is not None:
            _reshape_layer(walk, call, target)
    elif isinstance(call.func, ast.Attribute) and call.func.attr == "reshape":
        _array_reshape(walk, call)
    elif isinstance(call.func, ast.Name) and any(isinstance(a, ast.Tuple) for a in call.args):
        walk.local_calls.append(call)
    _theano_call(walk, call)


def _explicit(walk: _Walk, call: ast.Call, canon: str) -> None:
    """``dim_ordering='th'`` (or ``data_format=``, or a positional ``'th'``) on a 2D/3D layer call
    (not ``Flatten`` or 1D layers: their ``data_format`` says nothing of image ordering)."""
    values = [kw.value for kw in call.keywords if kw.arg in _FORMAT_KEYWORDS]
    values += [a for a in call.args if isinstance(a, ast.Constant) and a.value in ("th", "tf")]
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value in _ORDERING_WORDS:
            name = canon.rpartition(".")[2]
            word = "dim_ordering" if value.value in ("th", "tf") else "data_format"
            walk.add(call, _ORDERING_WORDS[value.value], f"{word}={value.value!r} on {name}", strong=True, is_global=False)


def _assign(walk: _Walk, node: ast.Assign) -> None:
    for target in node.targets:
        if isinstance(target, ast.Name) and target.id.lower().endswith("shape"):
            _shape(walk, node.value, target.id.lower().startswith("batch"))
        elif isinstance(target, ast.Subscript):
            key = target.slice
            if isinstance(key, ast.Constant) and key.value == "THEANO_FLAGS":
                walk.add(node, Ordering.TH, "THEANO_FLAGS")
            elif isinstance(key, ast.Constant) and key.value == "KERAS_BACKEND" and "theano" in set(_strings(node.value)):
                walk.add(node, Ordering.TH, "KERAS_BACKEND='theano'")


def _theano_call(walk: _Walk, call: ast.Call) -> None:
    """``os.environ.setdefault('KERAS_BACKEND', 'theano')``, ``os.putenv('THEANO_FLAGS', ...)``."""
    strings = {a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    if "THEANO_FLAGS" in strings:
        walk.add(call, Ordering.TH, "THEANO_FLAGS")
    elif {"KERAS_BACKEND", "theano"} <= strings:
        walk.add(call, Ordering.TH, "KERAS_BACKEND='theano'")


def _local_call(walk: _Walk, call: ast.Call) -> None:
    """A tuple passed to a ``*shape*`` parameter of a function defined in the file."""
    assert isinstance(call.func, ast.Name)
    params = walk.names.functions.get(call.func.id)
    if params is None:
        return
    for param, arg in zip(params, call.args, strict=False):
        if "shape" in param.lower() and isinstance(arg, ast.Tuple):
            _shape(walk, arg, param.lower().startswith("batch"))


# -- shapes ---------------------------------------------------------------------


def _shape(walk: _Walk, node: ast.expr, batch: bool) -> None:
    """An image input shape: ``(3, 224, 224)`` is th, ``(224, 224, 3)`` tf."""
    if not isinstance(node, ast.Tuple | ast.List):
        return
    dims = node.elts[1:] if batch else node.elts
    ordering = _image_ordering(dims)
    if ordering is not None:
        walk.add(node, ordering, f"input shape {_text(node)}")


def _reshape_layer(walk: _Walk, call: ast.Call, target: ast.expr) -> None:
    if not isinstance(target, ast.Tuple | ast.List):
        return
    ordering = _image_ordering(target.elts)
    ints = [_int(e) for e in target.elts]
    if ordering is None and len(ints) == 3 and None not in ints:
        first, rows, cols = ints
        if rows == cols != first:
            ordering = Ordering.TH
        elif first == rows != cols:
            ordering = Ordering.TF
    if ordering is not None:
        walk.add(call, ordering, f"Reshape({_text(target)})")


def _array_reshape(walk: _Walk, call: ast.Call) -> None:
    """``x.reshape(n, 1, 28, 28)``, ``x.reshape((n, 1, 28, 28))``, ``np.reshape(x, (n, 1, 28, 28))``."""
    dims: Sequence[ast.expr] = call.args
    if len(dims) in (1, 2) and isinstance(dims[-1], ast.Tuple | ast.List):
        dims = dims[-1].elts
    if len(dims) not in (4, 5) or any(isinstance(d, ast.Starred) for d in dims):
        return
    ordering = _image_ordering(dims[1:])
    if ordering is not None:
        shown = ", ".join(_text(d) for d in dims)
        walk.add(call, ordering, f"reshape to ({shown})")


def _image_ordering(dims: Sequence[ast.expr]) -> Ordering | None:
    """Channels (1 or 3) first with image sides after them, or last with sides before."""
    if len(dims) not in (3, 4):
        return None
    first, last = _int(dims[0]), _int(dims[-1])
    if first in _CHANNELS and last not in _CHANNELS and all(_side(d) for d in dims[1:]):
        return Ordering.TH
    if last in _CHANNELS and first not in _CHANNELS and all(_side(d) for d in dims[:-1]):
        return Ordering.TF
    return None


def _side(node: ast.expr) -> bool:
    """An image side: an int of at least 4, None, or an expression (``img_rows``, ``size // 4``)."""
    value = _int(node)
    if value is not None:
        return value >= _MIN_SIDE
    if isinstance(node, ast.Constant):
        return node.value is None  # a side of any size: (3, None, None)
    return isinstance(node, ast.Name | ast.Attribute | ast.BinOp | ast.Subscript)


def _int(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _first_string(call: ast.Call, keywords: frozenset[str]) -> str | None:
    node = call.args[0] if call.args else next((kw.value for kw in call.keywords if kw.arg in keywords), None)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _evidence(walk: _Walk, node: ast.AST, kind: str) -> Evidence:
    return Evidence(Ordering.TH, kind, walk.path, getattr(node, "lineno", 0), strong=False)


def _text(node: ast.expr) -> str:
    return ast.unparse(node)


# ---------------------------------------------------------------------------
# the tree's evidence (the runner's pre-pass)
# ---------------------------------------------------------------------------


def tree_evidence(files: Iterable[tuple[str, str | os.PathLike[str]]]) -> tuple[Evidence, ...]:
    """Strong global signs in the files of a run: keras.json files and global setters.

    ``files`` are ``(display path, real path)`` pairs (``discovery.SourceFile``).
    Cheap: a Python file is parsed only when its bytes name Keras and a global
    setter; unreadable or unparsable files are skipped (the run reports them).
    """
    found: list[Evidence] = []
    for display, real in files:
        try:
            with open(real, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        if keras_json.is_keras_json(display):
            with contextlib.suppress(UnicodeDecodeError):
                found.extend(keras_json.evidence(data.decode("utf-8-sig"), display))
            continue
        if b"keras" not in data or not (b"set_image_dim_ordering" in data or b"set_image_data_format" in data):
            continue
        try:
            tree = ast.parse(data)  # bytes: Python's own decoding (BOM, coding cookie)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        text = data.decode("utf-8", "replace")
        found.extend(e for e in file_evidence(tree, text, display) if e.strong and e.is_global)
    return tuple(found)


# ---------------------------------------------------------------------------
# the decision
# ---------------------------------------------------------------------------


def plan_for(tree: ast.Module, text: str, path: str, config: RunConfig) -> ChannelPlan:
    """The channel plan for one parsed file under ``config``."""
    if config.dim_ordering is not DimOrdering.AUTO:
        ordering = Ordering.TH if config.dim_ordering is DimOrdering.TH else Ordering.TF
        return ChannelPlan(ordering, Source.OPTION, channels_last=config.channels_last)
    return decide(file_evidence(tree, text, path), config.tree_evidence, path, config.channels_last)


def decide(
    found: Sequence[Evidence], tree: Sequence[Evidence], path: str, channels_last: bool = False
) -> ChannelPlan:
    """The decision from one file's evidence and the tree's (see the module docstring)."""
    here = _absolute(path)
    setters = [e for e in found if e.strong and e.is_global]
    explicit = [e for e in found if e.strong and not e.is_global]
    weak = [e for e in found if not e.strong and e.is_global]
    neutral = [e for e in found if not e.strong and not e.is_global]
    others = [e for e in tree if e.strong and e.is_global and _absolute(e.path) != here]
    rest = [*explicit, *weak, *neutral]
    if setters:
        above = [e for e in others if keras_json.is_keras_json(e.path) and _nearness(e, here)[0]]
        winner, rivals = setters[0], [*setters[1:], *above]
        signs = [winner, *rivals, *(e for e in others if e not in rivals)]
        return _plan(winner.ordering, Source.FILE, channels_last, signs, rest, rivals)
    if others:
        jsons = [e for e in others if keras_json.is_keras_json(e.path)]
        setters_elsewhere = [e for e in others if e not in jsons]
        winner = max(jsons or setters_elsewhere, key=lambda e: _nearness(e, here))
        # a keras.json in a folder that does not hold the file competes only when none does
        above = [e for e in jsons if _nearness(e, here)[0]]
        competing = [*(above or jsons), *setters_elsewhere]
        rivals = [e for e in competing if e is not winner]
        signs = [winner, *rivals, *(e for e in others if e is not winner and e not in rivals)]
        return _plan(winner.ordering, Source.TREE, channels_last, signs, rest, rivals)
    th = sum(1 for e in weak if e.ordering is Ordering.TH)
    tf = len(weak) - th
    if explicit and all(e.ordering is Ordering.TH for e in explicit):
        th += 1  # every layer that states its ordering says th: a vote for the others too
    if th == 0:
        return ChannelPlan(Ordering.TF, Source.NONE, channels_last, tuple(rest))
    ordering = Ordering.TH if th > tf else Ordering.TF
    return ChannelPlan(ordering, Source.HEURISTIC, channels_last, tuple(rest))


def _plan(
    ordering: Ordering,
    source: Source,
    channels_last: bool,
    signs: Sequence[Evidence],
    rest: Sequence[Evidence],
    rivals: Sequence[Evidence],
) -> ChannelPlan:
    conflict = any(e.ordering is not ordering for e in rivals)
    return ChannelPlan(ordering, source, channels_last, (*signs, *rest), conflict)


def _absolute(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _nearness(sign: Evidence, here: str) -> tuple[bool, int]:
    """(whether the sign's folder holds the file, how much of the path they share)."""
    folder = os.path.dirname(_absolute(sign.path))
    if keras_json.is_keras_json(sign.path) and os.path.basename(folder) == ".keras":
        folder = os.path.dirname(folder)
    file_folder = os.path.dirname(here)
    holds = file_folder == folder or file_folder.startswith(folder.rstrip(os.sep) + os.sep)
    try:
        shared = len(os.path.commonpath([folder, file_folder]))
    except ValueError:  # different drives
        shared = 0
    return holds, shared


# ---------------------------------------------------------------------------
# what the user is shown
# ---------------------------------------------------------------------------


def describe(plan: ChannelPlan, path: str, verbose: bool = False) -> list[str]:
    """Lines for the run summary: the decision (unless NONE or OPTION), and with
    ``verbose`` the decision of every file and each evidence item."""
    lines: list[str] = []
    side = "first" if plan.default is Ordering.TH else "last"
    if plan.source in (Source.FILE, Source.TREE):
        winner = plan.evidence[0]
        reason = f"{winner.kind} {_where(winner, path)}"
        rivals = [e for e in plan.evidence[1:] if e.strong and e.is_global and e.ordering is not winner.ordering]
        if plan.conflict and rivals:
            against = ", ".join(f"{e.kind} {_where(e, path)}" for e in rivals[:3])
            reason += f"; it wins over {against}: confirm with --dim-ordering th or tf"
        lines.append(f"{path}: channels {side} ({reason})")
    elif plan.source is Source.HEURISTIC:
        weak = [e for e in plan.evidence if not e.strong and e.is_global]
        basis = weak or [e for e in plan.evidence if e.strong and not e.is_global]
        shown = ", ".join(f"{e.kind} {_where(e, path)}" for e in basis[:3])
        more = f" and {len(basis) - 3} more" if len(basis) > 3 else ""
        lines.append(f"{path}: channels {side}, guessed from {shown}{more}; confirm with --dim-ordering th or tf")
    elif verbose and plan.source is Source.OPTION:
        lines.append(f"{path}: channels {side} (--dim-ordering {plan.default.value})")
    elif verbose:
        lines.append(f"{path}: channels {side} (no sign of channels first: Keras's default)")
    if verbose:
        for e in plan.evidence:
            if not (e.strong or e.is_global):
                lines.append(f"  {e.path}:{e.line}: {e.kind}")
                continue
            strength = "strong" if e.strong else "weak"
            scope = "global" if e.is_global else "this call only"
            side = "first" if e.ordering is Ordering.TH else "last"
            lines.append(f"  {e.path}:{e.line}: {e.kind} -> channels {side} ({strength}, {scope})")
    return lines


def _where(sign: Evidence, path: str) -> str:
    if sign.path == path:
        return f"at line {sign.line}"
    return f"in {sign.path}:{sign.line}" if sign.line else f"in {sign.path}"
