"""Create a custom layer's Keras 1 weights with ``self.add_weight(...)``.

**What**
In custom layer classes, replaces weights made the Keras 1 way
(``self.init(shape)``, Keras 1 initializer functions, ``K.zeros``/``K.ones``,
``K.variable``/``tf.Variable`` of arrays) and listed in
``self.trainable_weights``/``self.non_trainable_weights`` by
``self.add_weight(shape=..., initializer=..., name=...)`` calls, moves the
constraints of ``self.constraints = {...}`` into them and drops the list and
dict assignments. What it cannot rewrite is reported (K985, K986, K987).

**Why**
Keras 1 layers made variables themselves (``self.init(shape)``,
``K.zeros``, ``K.variable``, ``tf.Variable``) and listed them in
``self.trainable_weights = [...]``. On TensorFlow 2.21 (Keras 3) that
assignment raises AttributeError (no setter), and a raw variable attribute
is not tracked: the layer has 0 weights and nothing trains. tf.keras 2
tracked ``tf.Variable`` attributes by itself; Keras 3 does not either. A
``self.constraints = {self.W: c}`` dict fails (variables are unhashable)
and is ignored anyway (spec §9.5, §9.6, §9.8, §10.23).

**Example**
Before::

    def __init__(self, output_dim, **kwargs):
        self.init = initializations.get('glorot_uniform')
        ...
    def build(self, input_shape):
        self.W = self.init((input_shape[1], self.output_dim), name='{}_W'.format(self.name))
        self.b = K.zeros((self.output_dim,), name='{}_b'.format(self.name))
        self.trainable_weights = [self.W, self.b]
        self.constraints = {self.W: self.W_constraint}

After::

    def build(self, input_shape):
        self.W = self.add_weight(shape=(input_shape[1], self.output_dim), initializer='glorot_uniform', name='W', constraint=self.W_constraint)
        self.b = self.add_weight(shape=(self.output_dim,), initializer='zeros', name='b')

Recognised: ``self.<attr>(shape)`` where ``__init__`` set
``self.<attr> = initializations.get(X)`` (X a string: ``initializer=X``,
else ``initializer=self.<attr>``); ``initializations.get(X)(shape)``;
Keras 1 initializer functions (``initializations.uniform(shape, 0.1)``,
whose K930 the rewrite then answers); ``K.zeros``/``K.ones``;
``K.random_uniform_variable``/``K.random_normal_variable`` (``RandomUniform``
/``RandomNormal`` with the same bounds, mean, scale and seed);
``K.variable(v)``/``tf.Variable(v)`` with ``np.zeros(s)``/``np.ones(s)``
(or TensorFlow's), ``np.eye(n)`` (``'identity'`` on ``(n, n)``), one of the
initializer calls above (Keras 2 wrapped ``self.init(shape)`` so), an
initializer object called with ``shape=`` (the TensorFlow guide's
``tf.Variable(initial_value=w_init(shape=..., dtype=...))``), a number
(``shape=()``), or a variable holding an array (``initializer=Constant(v)``,
``shape=np.shape(v)``). Names are the
attribute's (``'W'``); Keras prefixes the layer's path itself.
``non_trainable_weights`` gives ``trainable=False``. A weight the Keras 1.2
code already made with ``self.add_weight(...)`` and listed again keeps its
call, which takes what the list and the constraints said.

**Safety**
A weight is rewritten only when every weight of the registration was made
in the same block of the same method, before it, once in the whole class,
by a recognised call whose shape and initializer can be stated; otherwise
the registration line stays with K985 (such weights are silently not
trained in Keras 3). In ``__init__`` the weight must come after
``super().__init__``. A constraint moves into ``add_weight`` only when its
weight was rewritten and it sits in the same block or under ``if c:``;
otherwise K987. Keras 1 computed the fans of glorot/he/lecun initializers
on shapes of rank other than 2 in its own way ('th' layout unless
``dim_ordering='tf'``): such a rewrite gets K986. A ``tf.Variable``
attribute that no method lists is a weight in tf.keras 2 code, which
tracked it (rewritten with its ``trainable``, or K985), but a constant in
Keras 1 code (K985 asks); a line already marked K985 is left to its person,
so a second run over kmigrate's output changes nothing.

**Limits**
Only ``build`` and ``__init__`` of classes that derive from a Keras layer;
statements that share a line (``a = 1; b = 2``) are not read.
``'orthogonal'``, ``'glorot_normal'`` and ``'he_normal'`` keep their name,
and with it today's definitions (gain 1.0 instead of Keras 1's 1.1; a
truncated normal of the same variance), as the initializer-string rule
does. ``np.shape(v)`` needs NumPy imported as ``np`` or ``numpy``.
Regularizers are K253's.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._args import new_keyword_arg, new_string, with_args
from codemods._framework import COMMENT_PREFIX, Codemod, FileContext, Safety, parse_dotted
from codemods._resolve import dotted_name
from codemods._weight_plan import (
    ConstraintLine,
    Place,
    Plan,
    Registration,
    assigned,
    constraint_values,
    initializer_attrs,
    read,
)
from codemods._weight_sources import Source, callee, portable, source
from codemods.weight_functions import INITIALIZER_CALLABLE

WEIGHT = "K985"
FANS = "K986"
CONSTRAINTS = "K987"
_REGISTRY = (
    "Keras 3 has no trainable_weights/non_trainable_weights setter and does not track raw variables: "
    "such weights are silently not trained in Keras 3: create them with "
    "self.add_weight(shape=..., initializer=..., name=...) and drop this line"
)
_CONSTRAINTS = (
    "Keras 3 ignores self.constraints (and a variable cannot be a dict key): pass constraint=... "
    "to the self.add_weight(...) that creates the weight"
)


class CustomLayerWeights(Codemod):
    code: ClassVar[str] = "K252"
    name: ClassVar[str] = "custom_layer_weights"
    summary: ClassVar[str] = "Create the weights of Keras 1 custom layers with self.add_weight instead of trainable_weights"
    safety: ClassVar[Safety] = Safety.REVIEW
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        found = layers.layer_class(original, ctx)
        if found is None or found.base == "keras.layers.Recurrent":
            return updated
        old, new = layers.methods(original), layers.methods(updated)
        counts = assigned(original)
        init_attrs = initializer_attrs(old.get("__init__"), counts, ctx)
        registered = {a for fn in old.values() for r in read(fn).registrations for a in r.attrs or ()}
        changed: dict[str, cst.FunctionDef] = {}
        for name in ("__init__", "build"):
            if name in old and name in new:
                method = _Method(old[name], new[name], counts, init_attrs, registered, found.tf_keras, ctx)
                edited = method.run()
                if method.rewrote:
                    ctx.fire(self.code)
                if edited is not new[name]:
                    changed[name] = edited
        return layers.replace_methods(updated, changed)


class _Method:
    """The rewrite of one method."""

    def __init__(
        self,
        old: cst.FunctionDef,
        new: cst.FunctionDef,
        counts: Counter[str],
        init_attrs: dict[str, cst.BaseExpression],
        registered: set[str],
        tf_keras: bool,
        ctx: FileContext,
    ) -> None:
        self.new, self.counts, self.init_attrs, self.tf_keras, self.ctx = new, counts, init_attrs, tf_keras, ctx
        self.registered = registered  # attributes some method of the class lists as weights
        self.is_init = old.name.value == "__init__"
        self.plan: Plan = read(old)
        self.pairs = layers.pair_statements(old, new)
        # attr -> (its creation, how to make it with add_weight or None when it is one, trainable)
        self.weights: dict[str, tuple[Place, Source | None, cst.BaseExpression | None]] = {}
        self.constraint_of: dict[str, cst.BaseExpression] = {}
        self.edits: dict[int, list[cst.BaseStatement]] = {}
        self.rewrote = False

    def run(self) -> cst.FunctionDef:
        listed: Counter[str] = Counter(a for r in self.plan.registrations for a in r.attrs or ())
        failed = [r for r in self.plan.registrations if not r.empty and not self._register(r, listed)]
        for r in self.plan.registrations:
            if r.empty and not failed:
                self._remove(r.place)
        for r in failed:
            self._finding(r.place, WEIGHT, _REGISTRY)
        self._unregistered()
        self._constraints()
        for attr, (place, found, trainable) in self.weights.items():
            self._rewrite(attr, place, found, trainable)
        return layers.edit_statements(self.new, self.edits)

    # -- decisions ------------------------------------------------------------------
    def _source(self, attr: str, before: Place | None) -> tuple[Place, Source | None] | None:
        """How the one creation of ``attr`` becomes ``add_weight`` (None: it is one already)."""
        made = self.plan.creations.get(attr, [])
        if len(made) != 1 or self.counts[attr] != 1:
            return None
        place, value = made[0]
        updated = self.pairs.get(id(place.line))
        if not isinstance(updated, cst.SimpleStatementLine) or not isinstance(updated.body[0], cst.Assign):
            return None
        if _is_add_weight(value):
            return (place, None) if isinstance(updated.body[0].value, cst.Call) else None
        if before is not None and (place.block != before.block or place.index > before.index):
            return None
        if self.is_init and (self.plan.super_init is None or place.top <= self.plan.super_init):
            return None
        found = source(value, updated.body[0].value, self.init_attrs, self.ctx)
        return None if found is None else (place, found)

    def _call(self, place: Place) -> cst.Call | None:
        """The call a creation line holds, as the other rules left it."""
        updated = self.pairs.get(id(place.line))
        small = updated.body[0] if isinstance(updated, cst.SimpleStatementLine) else None
        return small.value if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) else None

    def _register(self, r: Registration, registered: Counter[str]) -> bool:
        if r.attrs is None or id(r.place.line) not in self.pairs:
            return False
        made = [self._source(a, r.place) if registered[a] == 1 else None for a in r.attrs]
        if any(m is None or (m[1] is None and not _agrees(self._call(m[0]), r.trainable)) for m in made):
            return False
        trainable = None if r.trainable else cst.Name("False")
        for attr, m in zip(r.attrs, made, strict=True):
            assert m is not None
            self.weights[attr] = (m[0], m[1], trainable)
        self._remove(r.place)
        return True

    def _unregistered(self) -> None:
        """``tf.Variable`` attributes no method lists: weights in tf.keras 2 code, which
        tracked them, but constants in Keras 1 code. A line already marked K985 (a
        Keras 1 constant, or one kmigrate could not state) stays for its person."""
        for attr, made in self.plan.creations.items():
            if attr in self.registered or attr in self.weights:
                continue
            for place, value in made:
                if not isinstance(value, cst.Call) or callee(value.func, self.ctx) != "tensorflow.Variable":
                    continue
                updated = self.pairs.get(id(place.line))
                if updated is None or layers.has_comment(updated, WEIGHT):
                    continue
                found = self._source(attr, None) if self.tf_keras else None
                if found is not None and found[1] is not None:
                    self.weights[attr] = (found[0], found[1], found[1].trainable)
                    continue
                if self.tf_keras:
                    message = "Keras 3 does not track tf.Variable attributes: such a weight is silently not trained"
                else:
                    message = (
                        "Keras 3 does not track tf.Variable attributes (tf.keras 2 did, Keras 1 did not): "
                        "if this is a weight, it is silently not trained"
                    )
                message += " in Keras 3: create it with self.add_weight(shape=..., initializer=..., trainable=...)"
                self._finding(place, WEIGHT, message)

    def _constraints(self) -> None:
        lines = self.plan.constraints
        failed: list[ConstraintLine] = []
        for line in lines:
            if line.empty:
                continue
            hoisted = self._hoist(line)
            if hoisted is None:
                failed.append(line)
                continue
            self.constraint_of.update(hoisted)
            self._remove(line.place)
        for line in lines:
            if line.empty and not failed:
                self._remove(line.place)
        for line in failed:
            self._finding(line.place, CONSTRAINTS, _CONSTRAINTS)

    def _hoist(self, line: ConstraintLine) -> dict[str, cst.BaseExpression] | None:
        updated = constraint_values(self.pairs.get(id(line.place.line)))
        if line.entries is None or updated is None or len(updated) != len(line.entries):
            return None
        out: dict[str, cst.BaseExpression] = {}
        for (attr, value), new_value in zip(line.entries, updated, strict=True):
            weight = self.weights.get(attr)
            if weight is None or attr in self.constraint_of or attr in out:
                return None
            made = weight[0]
            here = line.place
            if weight[1] is None and _keyword(self._call(made), "constraint") is not None:
                return None  # an add_weight that has its own constraint
            same_block = here.block == made.block and here.index > made.index
            guarded = (
                here.guard is not None
                and here.guard_place is not None
                and here.guard.deep_equals(value)
                and here.guard_place[0] == made.block
                and here.guard_place[1] > made.index
            )
            if not (same_block or guarded):
                return None
            out[attr] = value if portable(value, self.ctx) else new_value
        return out

    # -- edits ----------------------------------------------------------------------
    def _remove(self, place: Place) -> None:
        updated = self.pairs.get(id(place.line))
        if updated is not None:
            self.edits[id(updated)] = []
            self.rewrote = True

    def _finding(self, place: Place, code: str, message: str) -> None:
        updated = self.pairs.get(id(place.line))
        if not isinstance(updated, cst.SimpleStatementLine) or id(updated) in self.edits:
            self.ctx.report(code, place.small, message)  # the comment goes above the class
            return
        self.edits[id(updated)] = [layers.note(self.ctx, updated, code, place.small, message)]

    def _rewrite(self, attr: str, place: Place, found: Source | None, trainable: cst.BaseExpression | None) -> None:
        updated = self.pairs[id(place.line)]
        assert isinstance(updated, cst.SimpleStatementLine) and isinstance(updated.body[0], cst.Assign)
        self.rewrote = True
        if found is None:
            self._complete(attr, place, updated, trainable)
            return
        args = [new_keyword_arg("shape", found.shape), new_keyword_arg("initializer", found.initializer_node(self.ctx))]
        if found.dtype is not None:
            args.append(new_keyword_arg("dtype", found.dtype))
        args.append(new_keyword_arg("name", new_string(attr)))
        if trainable is not None and not (isinstance(trainable, cst.Name) and trainable.value == "True"):
            args.append(new_keyword_arg("trainable", trainable))
        if attr in self.constraint_of:
            args.append(new_keyword_arg("constraint", self.constraint_of[attr]))
        call = cst.Call(func=parse_dotted("self.add_weight"), args=args)
        line = updated.with_changes(body=[updated.body[0].with_changes(value=call)])
        if found.superseded:
            line = self._supersede(line, found.superseded)
        if not found.exact_fans:
            line = layers.note(
                self.ctx,
                line,
                FANS,
                place.small,
                "Keras 1 computed the fans of a shape of rank other than 2 its own way ('th' order (out, in, rows, "
                "cols) unless dim_ordering='tf'); today's initializer assumes (..., in, out): check the weight's scale",
            )
        self.edits[id(updated)] = [line]

    def _complete(self, attr: str, place: Place, updated: cst.SimpleStatementLine, trainable: cst.BaseExpression | None) -> None:
        """An ``add_weight`` the Keras 1 code also listed: give it what the list and
        the constraints said (``trainable=False``, ``constraint=``)."""
        assign = updated.body[0]
        assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
        call = assign.value
        extra = []
        if trainable is not None and _keyword(call, "trainable") is None:
            extra.append(new_keyword_arg("trainable", trainable))
        if attr in self.constraint_of:
            extra.append(new_keyword_arg("constraint", self.constraint_of[attr]))
        if extra:
            new_call = with_args(call, [*call.args, *extra])
            self.edits[id(updated)] = [updated.with_changes(body=[assign.with_changes(value=new_call)])]

    def _supersede(self, line: cst.SimpleStatementLine, calls: list[cst.CSTNode]) -> cst.SimpleStatementLine:
        """The rewrite answers the K930 finding on a Keras 1 initializer call: withdraw it."""
        ids = {id(c) for c in calls}
        self.ctx.findings[:] = [f for f in self.ctx.findings if not (f.code == INITIALIZER_CALLABLE and id(f.node) in ids)]
        prefix = f"{COMMENT_PREFIX}{INITIALIZER_CALLABLE} "
        kept = [e for e in line.leading_lines if e.comment is None or not e.comment.value.startswith(prefix)]
        return line.with_changes(leading_lines=kept)


def _is_add_weight(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Call) and dotted_name(value.func) == "self.add_weight"


def _keyword(call: cst.Call | None, name: str) -> cst.BaseExpression | None:
    """The ``name=`` argument of a ``self.add_weight(...)`` call."""
    if call is None:
        return None
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _agrees(call: cst.Call | None, trainable: bool) -> bool:
    """An existing add_weight's own ``trainable=`` does not contradict the list it is in
    (positional arguments left: kmigrate could not bind them, so it cannot tell)."""
    if call is None or any(a.keyword is None for a in call.args):
        return False
    given = _keyword(call, "trainable")
    if given is None:
        return True
    return isinstance(given, cst.Name) and given.value == ("True" if trainable else "False")
