"""Mark custom-layer configs and base keywords that Keras 3 cannot take.

**What**
Reports (K994), in custom layer classes, the keys of a ``get_config`` dict
that the class's ``__init__`` does not take, and the base-layer keywords Keras
3 rejects (``batch_input_shape``, ``input_dtype``, ``weights``,
``batch_size``, ``create_input_layer``) passed on to ``super().__init__``.
Nothing is rewritten.

**Why**
Keras 3 rebuilds a layer from its config with ``cls(**config)``
(``from_config``, ``load_model``), and its base ``Layer.__init__`` rejects
keywords it does not know with "Unrecognized keyword arguments". A Keras 1
custom layer's ``get_config`` often returned Keras 1 argument names its own
``__init__`` never took, and Keras 1 layers passed ``batch_input_shape``,
``input_dtype``, ``weights``, ``batch_size`` or ``create_input_layer`` on
to the base class; both fail on TensorFlow 2.21 (spec §9.12, §9.13).
``input_shape`` and ``input_dim`` are still accepted.

**Example**
Before::

    def __init__(self, units, **kwargs):
        kwargs['batch_input_shape'] = (None, 10)
        super(MyLayer, self).__init__(**kwargs)
    def get_config(self):
        config = {'output_dim': self.units}
        ...

After::

    def __init__(self, units, **kwargs):
        # kmigrate: K994 Keras 3's Layer rejects batch_input_shape: start the model with Input(batch_shape=...)
        kwargs['batch_input_shape'] = (None, 10)
        super(MyLayer, self).__init__(**kwargs)
    def get_config(self):
        # kmigrate: K994 get_config returns output_dim, which __init__ does not take: ...
        config = {'output_dim': self.units}
        ...

**Safety**
Findings only. A config key is checked when the class defines ``__init__``
and the key is a string in a dict literal of ``get_config`` (or
``config['key'] = ...``): it must be a parameter of ``__init__``, or, when
``__init__`` takes ``**kwargs`` and the class derives from ``Layer``
itself, a keyword of the base ``Layer`` (a subclass of ``Dense`` or of
another custom layer passes them to a constructor kmigrate does not check).

**Limits**
Calls that pass the rejected keywords to a custom layer from outside
(``MyLayer(..., batch_input_shape=...)``) are not seen; keys built at run
time are not checked.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods import _custom_layers as layers
from codemods._args import literal_string
from codemods._framework import Codemod, FileContext, Safety
from codemods._resolve import dotted_name
from codemods._weight_sources import callee
from codemods.tables.custom_layers import BASE_LAYER_KWARGS, LEGACY_BASE_KWARGS

CONFIG = "K994"


def _config_keys(small: cst.BaseSmallStatement) -> list[tuple[cst.CSTNode, str]]:
    """(node, key) for the string keys a get_config statement puts in a config."""
    values: list[cst.BaseExpression] = []
    if isinstance(small, cst.Assign):
        values.append(small.value)
        for target in small.targets:
            if isinstance(target.target, cst.Subscript) and len(target.target.slice) == 1:
                index = target.target.slice[0].slice
                if isinstance(index, cst.Index):
                    key = literal_string(index.value)
                    if key is not None:
                        return [(index.value, key)]
    elif isinstance(small, cst.Return) and small.value is not None:
        values.append(small.value)
    elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        values.extend(a.value for a in small.value.args)
    found: list[tuple[cst.CSTNode, str]] = []
    for value in values:
        if isinstance(value, cst.Dict):
            for element in value.elements:
                key = literal_string(element.key) if isinstance(element, cst.DictElement) else None
                if key is not None and isinstance(element, cst.DictElement):
                    found.append((element.key, key))
    return found


def _legacy_kwargs(small: cst.BaseSmallStatement, kwargs: str | None) -> list[tuple[cst.CSTNode, str]]:
    """(node, keyword) for legacy base keywords set in ``kwargs`` or passed to ``super().__init__``."""
    found: list[tuple[cst.CSTNode, str]] = []
    if isinstance(small, cst.Assign) and kwargs is not None:
        for target in small.targets:
            t = target.target
            if isinstance(t, cst.Subscript) and dotted_name(t.value) == kwargs and len(t.slice) == 1:
                index = t.slice[0].slice
                key = literal_string(index.value) if isinstance(index, cst.Index) else None
                if key is not None and key in LEGACY_BASE_KWARGS:
                    found.append((t, key))
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and isinstance(small.value.func, cst.Attribute):
        call, func = small.value, small.value.func
        if func.attr.value == "setdefault" and kwargs is not None and dotted_name(func.value) == kwargs and call.args:
            key = literal_string(call.args[0].value)
            if key is not None and key in LEGACY_BASE_KWARGS:
                found.append((call, key))
        if func.attr.value == "__init__":
            found.extend((a, a.keyword.value) for a in call.args if a.keyword is not None and a.keyword.value in LEGACY_BASE_KWARGS)
    return found


class LayerConfig(Codemod):
    code: ClassVar[str] = "K258"
    name: ClassVar[str] = "layer_config"
    summary: ClassVar[str] = "Mark custom-layer config keys and base-layer keywords that Keras 3 rejects"
    safety: ClassVar[Safety] = Safety.MANUAL
    class_defs: ClassVar[bool] = True

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        if layers.layer_class(original, ctx) is None:
            return updated
        defined = layers.methods(original)
        init = defined.get("__init__")
        notes: list[layers.LineNote] = []
        if init is not None:
            star = init.params.star_kwarg
            kwargs = star.name.value if star is not None else None
            for block in layers.blocks(init):
                for line, small in layers.simple_statements(block):
                    for node, key in _legacy_kwargs(small, kwargs):
                        message = f"Keras 3's Layer rejects {key}: {LEGACY_BASE_KWARGS[key]}"
                        notes.append(layers.LineNote("__init__", line, node, CONFIG, message))
        config = defined.get("get_config")
        # **kwargs reach the base Layer only when the class derives from it directly
        direct = any(callee(b.value, ctx) == layers.LAYER for b in original.bases if b.keyword is None)
        if init is not None and config is not None and (direct or init.params.star_kwarg is None):
            accepted = {p.name.value for p in (*init.params.params, *init.params.kwonly_params)}
            if init.params.star_kwarg is not None:
                accepted |= BASE_LAYER_KWARGS
            for block in layers.blocks(config):
                for line, small in layers.simple_statements(block):
                    keys = [(n, k) for n, k in _config_keys(small) if k not in accepted]
                    if keys:
                        names = ", ".join(dict.fromkeys(k for _, k in keys))
                        message = (
                            f"get_config returns {names}, which __init__ does not take: Keras 3 rebuilds the layer "
                            "as cls(**config) (from_config, load_model), so return the constructor's own argument names"
                        )
                        notes.append(layers.LineNote("get_config", line, keys[0][0], CONFIG, message))
        return layers.annotate(ctx, original, updated, notes) if notes else updated
