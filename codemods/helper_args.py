"""Convert Keras 1 arguments of keras.utils, keras.preprocessing and keras.applications helpers.

**What**
Converts the arguments of Keras 1 helpers in ``keras.utils``,
``keras.preprocessing`` and ``keras.applications`` (``to_categorical``,
``Tokenizer``, ``ImageDataGenerator``, ``load_img``, ``VGG16``, ``plot``,
...): positionals whose meaning changed become keywords, renamed keywords get
today's names (``nb_classes`` -> ``num_classes``, ``dim_ordering`` ->
``data_format``, ``grayscale=True`` -> ``color_mode='grayscale'``), changed
defaults are written out and a ``shear_range`` in radians becomes degrees.
``plot`` becomes ``plot_model``. What cannot be converted is reported (K910,
K911, K912).

**Why**
Keras 2.0 renamed helper keywords (``to_categorical(nb_classes=)`` ->
``num_classes=``, ``Tokenizer(nb_words=)`` -> ``num_words=``, every
``dim_ordering`` -> ``data_format``) and ``visualize_util.plot`` became
``plot_model``; Keras 3 (TensorFlow 2.21) rejects the old names and re-binds
some Keras 1 positionals: ``ImageDataGenerator``'s sixth positional is now
``zca_epsilon``, ``VGG16``'s fifth is ``pooling``, ``load_img``'s second is
``color_mode`` (spec §1.13-§1.25, §11.3.13-§11.3.15). See
https://github.com/keras-team/keras/releases/tag/2.0.0.

**Example**
Before::

    Y = np_utils.to_categorical(y, nb_classes=10)
    datagen = ImageDataGenerator(True, False, False, False, False, 20, shear_range=0.2,
                                 dim_ordering='th')
    plot(model, to_file='model.png')
    img = load_img(path, grayscale=True)

After::

    Y = np_utils.to_categorical(y, num_classes=10)
    datagen = ImageDataGenerator(True, False, False, False, False, rotation_range=20,
                                 shear_range=11.459156, data_format='channels_first')
    plot_model(model, to_file='model.png', show_layer_names=True)
    img = load_img(path, color_mode='grayscale')

Each call is bound against its Keras 1.2.2 signature: positions that kept
their meaning stay positional, later ones become keywords with their Keras 1
names, which are then renamed (``dim_ordering='default'`` is dropped:
``data_format=None`` reads the global setting). Keras 1 defaults that changed
are written out: ``show_layer_names=True`` on ``plot`` and
``save_format='jpeg'`` on iterators that save images. ``shear_range`` (and
``random_shear``'s ``intensity``) was an angle in radians and is now in
degrees: a literal up to pi/2 is converted (rounded to 6 decimals).
``ImageDataGenerator.flow(X=...)`` becomes ``flow(x=...)`` on any receiver.

**Safety**
Safe for the renames. Keyword renames apply to any spelling; positional
binding, written-out defaults and the degree conversion only apply to calls
that go through a legacy ``keras`` import (code written against
``tensorflow.keras`` already has today's meaning). A ``dim_ordering`` or
``shear_range`` that is not a literal is marked K910. K911 marks calls whose
positionals cannot be bound: ``*args``, more positionals than Keras 1 took,
an application whose fifth positional is neither a class count nor a pooling
mode, or a five-positional ``.flow(...)`` on a receiver that may not be an
``ImageDataGenerator``. K912 marks a keyword given in both spellings.

**Limits**
``flow()``/``flow_from_directory()`` with ``save_to_dir`` now save PNG files
(Keras 1: JPEG) unless ``save_format='jpeg'`` is given. Keras 3 reads a
``width_shift_range``/``height_shift_range`` of 1 or more as pixels (Keras 1:
a fraction), shifts all channels by one amount in ``channel_shift_range``
(Keras 1: one per channel), and ``to_categorical`` keeps the leading
dimensions of a 2-D label array instead of flattening it. A ``shear_range``
literal above pi/2 is taken to be in degrees already and left alone.
Attribute reads such as ``tokenizer.nb_words`` are not renamed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import ClassVar

import libcst as cst

from codemods._args import (
    as_keyword,
    keyword,
    literal_kind,
    new_keyword_arg,
    parse_literal,
    with_args,
)
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._kwarg_rows import rename_keywords
from codemods.tables.helpers import (
    HELPER_ADDED_DEFAULTS,
    HELPER_FLAG_CHOICES,
    HELPER_KWARG_RENAMES,
    HELPER_METHOD_RENAMES,
    HELPER_METHOD_SIGNATURES,
    HELPER_RADIAN_KWARGS,
    HELPER_SIGNATURES,
    HELPER_SYMBOL_RENAMES,
)
from codemods.tables.rows import Signature

UNTRANSLATABLE = "K910"
UNBOUND = "K911"
CONFLICT = "K912"


def is_legacy_call(site: CallSite, ctx: FileContext) -> bool:
    """The callee was reached through a legacy ``keras`` import, not ``tensorflow.keras``."""
    path = site.path if site.path is not None else ctx.path_of(site.original.func)
    return path is not None and not (path == "tensorflow" or path.startswith("tensorflow."))


def _version(sig: Signature, positional: Sequence[cst.Arg]) -> str | None:
    """'keras1', 'keras2', or None when a marked position proves neither (see ``Signature``)."""
    for index in sorted({*sig.k1_markers, *sig.k2_markers}):
        if index >= len(positional):
            continue
        kind = literal_kind(positional[index].value)
        if kind in sig.k1_markers.get(index, frozenset()):
            continue
        if kind in sig.k2_markers.get(index, frozenset()):
            return "keras2"
        return None
    return "keras1"


def bind_positionals(
    args: Sequence[cst.Arg], sig: Signature, name: str, site: CallSite, ctx: FileContext, code: str
) -> list[cst.Arg] | None:
    """Positionals from ``sig.keep`` on as keywords with their Keras 1 names.

    Returns None (after reporting ``code``) when the call cannot be bound, and the
    arguments unchanged when the call proves to be Keras 2 code.
    """
    positional = [a for a in args if a.keyword is None and not a.star]
    if any(a.star == "*" for a in args):
        if sig.keep < len(sig.params):
            ctx.report(code, site.original, f"{name}(*args): pass the arguments by keyword so they can be checked against the Keras 1 order")
            return None
        return list(args)
    if len(positional) > len(sig.params):
        ctx.report(code, site.original, f"{name} took at most {len(sig.params)} positional arguments in Keras 1; check this call by hand")
        return None
    if len(positional) <= sig.keep:
        return list(args)
    version = _version(sig, positional)
    if version == "keras2":
        return list(args)
    if version is None:
        index = min({*sig.k1_markers, *sig.k2_markers})
        ctx.report(code, site.original, f"{name}: positional argument {index + 1} is {sig.params[index]} in Keras 1 but another parameter today; pass it by keyword")
        return None
    out: list[cst.Arg] = []
    for i, arg in enumerate(args):
        if arg.keyword is None and not arg.star and i >= sig.keep:
            arg = as_keyword(arg, sig.params[i])
        out.append(arg)
    return out


def _number(node: cst.BaseExpression) -> float | None:
    if isinstance(node, cst.Integer | cst.Float):
        return float(node.evaluated_value)
    return None


class HelperArgs(Codemod):
    code: ClassVar[str] = "K102"
    name: ClassVar[str] = "helper_args"
    summary: ClassVar[str] = "Convert Keras 1 arguments of utils, preprocessing and applications helpers"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = (
        frozenset(HELPER_SIGNATURES) | frozenset(HELPER_KWARG_RENAMES) | frozenset(HELPER_FLAG_CHOICES)
    )
    methods: ClassVar[frozenset[str]] = frozenset(HELPER_METHOD_SIGNATURES)
    symbol_renames: ClassVar[Mapping[str, str]] = HELPER_SYMBOL_RENAMES

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        if site.canonical is None:
            new = self._method(call, site, ctx)
        else:
            new = self._function(call, site, ctx)
        if not new.deep_equals(call):
            ctx.fire(self.code)
        return new

    def _function(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.Call:
        canon = site.canonical or ""
        name = canon.rpartition(".")[2]
        legacy = is_legacy_call(site, ctx)
        args = list(call.args)
        sig = HELPER_SIGNATURES.get(canon)
        if legacy and sig is not None:
            bound = bind_positionals(call.args, sig, name, site, ctx, UNBOUND)
            if bound is None:
                return call
            args = bound
        args = rename_keywords(args, HELPER_KWARG_RENAMES.get(canon, ()), name, site, ctx, UNTRANSLATABLE, CONFLICT)
        args = self._flag_choices(args, canon, name, site, ctx)
        if legacy:
            args = self._radians(args, canon, name, site, ctx)
            args = self._defaults(args, canon)
        return with_args(call, args)

    def _method(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.Call:
        """``.flow(...)``: only calls shaped like Keras 1 ``ImageDataGenerator.flow``."""
        method = site.method or ""
        sig = HELPER_METHOD_SIGNATURES[method]
        if any(a.star for a in call.args):
            return call
        keywords = {k for k in (keyword(a) for a in call.args) if k is not None}
        if not keywords <= set(sig.params):
            return call
        positional = [a for a in call.args if a.keyword is None]
        if sig.keep < len(positional) <= len(sig.params):
            ctx.report(
                UNBOUND,
                site.original,
                f"if this is ImageDataGenerator.{method}, pass {', '.join(sig.params[sig.keep : len(positional)])} "
                f"by keyword: Keras 3 reads positional argument {sig.keep + 1} as sample_weight",
            )
            return call
        rows = HELPER_METHOD_RENAMES.get(method, ())
        return with_args(call, rename_keywords(call.args, rows, method, site, ctx, UNTRANSLATABLE, CONFLICT))

    def _flag_choices(self, args: list[cst.Arg], canon: str, name: str, site: CallSite, ctx: FileContext) -> list[cst.Arg]:
        rows = {r.old: r for r in HELPER_FLAG_CHOICES.get(canon, ())}
        if not rows:
            return args
        present = {keyword(a) for a in args}
        out: list[cst.Arg] = []
        for arg in args:
            row = rows.get(keyword(arg) or "")
            if row is None:
                out.append(arg)
                continue
            if row.new in present:
                ctx.report(CONFLICT, site.original, f"{name} is given both {row.old}= and {row.new}=; keep one")
                out.append(arg)
                continue
            value = arg.value
            if isinstance(value, cst.Name) and value.value in ("True", "False"):
                if value.value == "False":
                    continue
                new_value: cst.BaseExpression = cst.SimpleString(repr(row.true_value))
            else:
                new_value = cst.IfExp(
                    test=value,
                    body=cst.SimpleString(repr(row.true_value)),
                    orelse=cst.SimpleString(repr(row.false_value)),
                )
            out.append(arg.with_changes(keyword=cst.Name(row.new), value=new_value))
        return out

    def _radians(self, args: list[cst.Arg], canon: str, name: str, site: CallSite, ctx: FileContext) -> list[cst.Arg]:
        """Keras 1 angles in radians -> Keras 3 degrees (keyword, or the Keras 1 position)."""
        kw = HELPER_RADIAN_KWARGS.get(canon)
        if kw is None:
            return args
        sig = HELPER_SIGNATURES[canon]
        index = sig.params.index(kw)
        out: list[cst.Arg] = []
        for i, arg in enumerate(args):
            is_angle = keyword(arg) == kw or (arg.keyword is None and not arg.star and i == index)
            if not is_angle:
                out.append(arg)
                continue
            value = _number(arg.value)
            if value is None:
                ctx.report(
                    UNTRANSLATABLE,
                    site.original,
                    f"{name}({kw}=...) was in radians in Keras 1 and is in degrees in Keras 3: "
                    "wrap the value in math.degrees(...) if it holds radians",
                )
            elif 0 < value <= math.pi / 2:
                arg = arg.with_changes(value=cst.Float(repr(round(math.degrees(value), 6))))
            out.append(arg)
        return out

    def _defaults(self, args: list[cst.Arg], canon: str) -> list[cst.Arg]:
        present = {keyword(a): a for a in args if a.keyword is not None}
        for row in HELPER_ADDED_DEFAULTS.get(canon, ()):
            if row.keyword in present:
                continue
            if row.when:
                trigger = present.get(row.when)
                if trigger is None or (isinstance(trigger.value, cst.Name) and trigger.value.value == "None"):
                    continue
            args = _append(args, new_keyword_arg(row.keyword, parse_literal(row.value)))
        return args


def _append(args: list[cst.Arg], new: cst.Arg) -> list[cst.Arg]:
    """``args + [new]``; a trailing comma's line break moves to the new last argument.

    ``with_args`` gives the new argument the old last one's comma, so the old last
    one takes its neighbours' separator here (else ``f(a,\n    b,\n)`` would put the
    new argument at the closing bracket's indentation).
    """
    if len(args) >= 2 and isinstance(args[-1].comma, cst.Comma) and isinstance(args[-2].comma, cst.Comma):
        args = [*args[:-1], args[-1].with_changes(comma=args[-2].comma)]
    return [*args, new]
