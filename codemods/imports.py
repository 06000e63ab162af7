"""Move Keras imports to ``tensorflow.keras``.

**What**
Rewrites ``import keras...`` and ``from keras... import ...`` lines (and
``tensorflow.python.keras`` ones) to import from ``tensorflow.keras``, from
the module where each name lives today and under the name another rule renamed
it to, and rewrites dotted uses of moved modules in the code. Modules and
names with no counterpart keep their Keras 1 import and are reported (K901).

**Why**
Keras 3 dropped every submodule that Keras 1 code imports from
(``keras.layers.convolutional``, ``keras.utils.np_utils``, ``keras.engine``,
...), and standalone ``keras.backend`` lost the legacy backend functions
(``K.sum``, ``K.mean``, ...) that ``tensorflow.keras.backend`` still carries
(spec §1, G1). See https://keras.io/guides/migrating_to_keras_3/.

**Example**
Before::

    import keras
    from keras.layers.convolutional import Convolution2D, MaxPooling2D
    from keras.utils import np_utils
    from keras import backend as K

After::

    from tensorflow import keras
    from tensorflow.keras.layers import Conv2D, MaxPooling2D
    from tensorflow.keras import utils as np_utils
    from tensorflow.keras import backend as K

Each imported name is resolved first, so names that Keras 1 re-exported from
several modules land where they live today, a module imported under a name
keeps that name (``np_utils.to_categorical`` still works), and a class renamed
by another rule is imported under its new name. Uses of moved modules in the
code (``keras.layers.convolutional.Convolution2D``) are rewritten too.
Imports from ``tensorflow.python.keras``, the private Keras 2 copy that TF
1.x-2.15 shipped, move the same way: TF 2.21 still imports it, but its layers
are not Keras 3 layers and a Keras 3 model refuses them (spec §1.30, §10.48).

**Safety**
Safe: only where things are imported from changes.

**Limits**
Modules with no counterpart (``keras.wrappers.scikit_learn``,
``keras.legacy``, ``keras.backend.tensorflow_backend``, ...) and names that
are gone (``Highway``, ``LocallyConnected2D``, ...) keep their Keras 1 import,
with a K901 finding that says what to use instead. Relative imports and
imports inside ``exec`` strings are not followed. ``import
tensorflow.python.keras.layers`` without an alias is kept with a K901 finding:
kmigrate renames the uses it knows, a person the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import libcst as cst

from codemods._args import without_trailing_comma
from codemods._framework import IMPORTS_CODE, Codemod, FileContext, Safety, parse_dotted
from codemods._paths import FUNCTIONS_NAMED_LIKE_MODULES, canonical, is_module, target_module
from codemods._resolve import dotted_name, is_keras_path
from codemods.tables.modules import REMOVED_MODULE_HINTS, TF_PRIVATE_KERAS

REMOVED_MODULE = "K901"


def _private_tf_keras(path: str) -> bool:
    return path == TF_PRIVATE_KERAS or path.startswith(TF_PRIVATE_KERAS + ".")


def _removed_hint(path: str) -> str:
    candidate = "keras" + path[len(TF_PRIVATE_KERAS) :] if _private_tf_keras(path) else path
    while candidate:
        hint = REMOVED_MODULE_HINTS.get(candidate)
        if hint is not None:
            return f"{path} has no tensorflow.keras counterpart: {hint}"
        candidate = candidate.rpartition(".")[0]
    return f"{path} has no tensorflow.keras counterpart"


def _from_import(module: str, names: Sequence[tuple[str, str | None]]) -> cst.ImportFrom:
    aliases = [
        cst.ImportAlias(name=cst.Name(name), asname=cst.AsName(name=cst.Name(asname)) if asname else None)
        for name, asname in names
    ]
    return cst.ImportFrom(module=parse_dotted(module), names=aliases)



def _dedupe(aliases: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
    """Two Keras 1 names can land on one (``Convolution2D``, ``AtrousConvolution2D``)."""
    seen: set[tuple[str | None, str | None]] = set()
    out: list[cst.ImportAlias] = []
    for alias in aliases:
        key = (dotted_name(alias.name), dotted_name(alias.asname.name) if alias.asname else None)
        if key not in seen:
            seen.add(key)
            out.append(alias)
    if len(out) < len(aliases):
        out = without_trailing_comma(out)
    return out


class Imports(Codemod):
    code: ClassVar[str] = IMPORTS_CODE
    name: ClassVar[str] = "imports"
    summary: ClassVar[str] = "Import from tensorflow.keras, where every Keras 1 module went"
    safety: ClassVar[Safety] = Safety.SAFE
    statement_lines: ClassVar[bool] = True

    def on_statement_line(
        self, line: cst.SimpleStatementLine, ctx: FileContext
    ) -> Sequence[cst.SimpleStatementLine] | None:
        if not any(isinstance(s, cst.Import | cst.ImportFrom) for s in line.body):
            return None
        smalls: list[cst.BaseSmallStatement] = []
        changed = False
        for small in line.body:
            out: list[cst.BaseSmallStatement] | None = None
            if isinstance(small, cst.Import):
                out = self._import(small, ctx)
            elif isinstance(small, cst.ImportFrom):
                out = self._import_from(small, ctx)
            if out is None:
                smalls.append(small)
            else:
                changed = True
                smalls.extend(out)
        if not changed:
            return None
        ctx.fire(self.code)
        if not smalls:
            return []
        if len(line.body) == 1:
            lines = [cst.SimpleStatementLine(body=[s]) for s in smalls]
            lines[0] = lines[0].with_changes(leading_lines=line.leading_lines, trailing_whitespace=line.trailing_whitespace)
            return lines
        fixed = [s.with_changes(semicolon=cst.MaybeSentinel.DEFAULT) for s in smalls]
        return [line.with_changes(body=fixed)]

    # -- import a.b.c [as x] ---------------------------------------------------------
    def _import(self, node: cst.Import, ctx: FileContext) -> list[cst.BaseSmallStatement] | None:
        kept: list[cst.ImportAlias] = []
        new: list[cst.BaseSmallStatement] = []
        for alias in node.names:
            path = dotted_name(alias.name)
            assert path is not None
            if not is_keras_path(path) or (path.partition(".")[0] == "tensorflow" and not _private_tf_keras(path)):
                kept.append(alias)
                continue
            new_module = target_module(path) if is_module(path) else None
            if new_module is not None and alias.asname is None and _private_tf_keras(path):
                # its uses spell tensorflow.python.keras.x.Y in full: a person renames them
                ctx.report(REMOVED_MODULE, node, (
                    f"{path} is TensorFlow's stale private Keras 2: rename the uses kmigrate left "
                    f"to {new_module} and drop this import"
                ))
                kept.append(alias)
                continue
            if new_module is None:
                ctx.report(REMOVED_MODULE, node, _removed_hint(path))
                kept.append(alias)
                continue
            if alias.asname is not None:
                local = dotted_name(alias.asname.name)
                parent, _, last = new_module.rpartition(".")
            else:
                local = path.partition(".")[0]
                parent, last = "tensorflow", "keras"
            key = (parent, last, local if local != last else None)
            # two `import keras.x.y` lines in one block must not become two identical imports
            if (ctx.block, *key) not in ctx.emitted_imports:
                ctx.emitted_imports.add((ctx.block, *key))
                new.append(_from_import(parent, [(last, key[2])]))
        if not new and not kept:
            return []
        if not new:
            return None
        out: list[cst.BaseSmallStatement] = []
        if kept:
            out.append(node.with_changes(names=without_trailing_comma(kept)))
        out.extend(new)
        return out

    # -- from a.b import c [as d] ------------------------------------------------------
    def _import_from(self, node: cst.ImportFrom, ctx: FileContext) -> list[cst.BaseSmallStatement] | None:
        if node.relative or node.module is None:
            return None
        module = dotted_name(node.module)
        if module is None or not is_keras_path(module) or module == "tensorflow":
            return None
        new_module = target_module(module) if is_module(module) else None
        if isinstance(node.names, cst.ImportStar):
            if new_module is None:
                ctx.report(REMOVED_MODULE, node, _removed_hint(module))
                return None
            if new_module == module:
                return None
            return [node.with_changes(module=parse_dotted(new_module))]

        groups: dict[str, list[tuple[cst.ImportAlias, str, str | None]]] = {}
        residual: list[cst.ImportAlias] = []
        for alias in node.names:
            name = dotted_name(alias.name)
            assert name is not None
            path = f"{module}.{name}"
            local = dotted_name(alias.asname.name) if alias.asname is not None else name
            assert local is not None
            canon = canonical(path)
            if canon is not None and canon in ctx.replaced:
                # every converted use names something else; a use that could not be
                # converted puts the import back (FileContext.keep_import)
                ctx.dropped_imports[local] = (module, name, dotted_name(alias.asname.name) if alias.asname else None)
                continue
            if is_module(path) and path not in FUNCTIONS_NAMED_LIKE_MODULES:
                target = target_module(path)
            else:
                target = ctx.target_of(path)
                binding = ctx.resolution.bindings.get(local)
                if binding is not None and canonical(binding.path) == canonical(path):
                    local = ctx.local_symbol_name(binding)
            if target is None:
                canon = canonical(path)
                if canon is not None and canon in ctx.removed:
                    ctx.report(REMOVED_MODULE, node, ctx.removed[canon])
                else:
                    ctx.report(REMOVED_MODULE, node, _removed_hint(path if is_module(path) else module))
                residual.append(alias)
                continue
            target_mod, _, target_name = target.rpartition(".")
            groups.setdefault(target_mod, []).append((alias, target_name, local if local != target_name else None))

        if not groups and not residual and len(node.names) > 0:
            return []  # every name was a replaced symbol
        if not groups:
            return None
        unchanged = not residual and len(groups) == 1 and next(iter(groups)) == module and all(
            dotted_name(alias.name) == tname
            and (dotted_name(alias.asname.name) if alias.asname else None) == asname
            for alias, tname, asname in next(iter(groups.values()))
        )
        # Two Keras 1 names can land on one name another line of this block
        # already imports (TimeDistributedDense -> TimeDistributed): import it once.
        deduped: dict[str, list[tuple[cst.ImportAlias, str, str | None]]] = {}
        for target_mod, entries in groups.items():
            for entry in entries:
                key = (ctx.block, target_mod, entry[1], entry[2])
                if key in ctx.emitted_imports:
                    unchanged = False
                    continue
                ctx.emitted_imports.add(key)
                deduped.setdefault(target_mod, []).append(entry)
        if unchanged:
            return None
        groups = deduped
        if not groups and not residual:
            return []
        out: list[cst.BaseSmallStatement] = []
        if residual:
            out.append(node.with_changes(names=without_trailing_comma(residual)))
        for i, (target_mod, entries) in enumerate(groups.items()):
            aliases = [
                alias.with_changes(
                    name=cst.Name(tname),
                    asname=cst.AsName(name=cst.Name(asname)) if asname else None,
                )
                for alias, tname, asname in entries
            ]
            if i == 0 and not residual:
                # keep the original statement's layout (parentheses, line breaks)
                names = aliases if len(entries) == len(node.names) else without_trailing_comma(aliases)
                out.append(node.with_changes(module=parse_dotted(target_mod), names=_dedupe(names)))
            else:
                out.append(cst.ImportFrom(module=parse_dotted(target_mod), names=_dedupe(without_trailing_comma(aliases))))
        return out
