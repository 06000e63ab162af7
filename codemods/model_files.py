"""Mark model and weight files Keras 3 reads differently: Keras 1 files, YAML, Python lambdas.

**What**
Reports ``to_yaml()`` and ``model_from_yaml`` (K943), the loading of weight
files, model files and ``set_weights`` arrays that Keras 1 wrote and Keras 3
does not convert (K946), and ``load_model``/``model_from_json`` in a file that
built a ``Lambda`` from a Python lambda (K947). Nothing is rewritten.

**Why**
Keras 3 has no ``Model.to_yaml`` nor ``model_from_yaml`` (spec §10.32). Its
HDF5 loader does not convert what Keras 1 wrote (Theano-ordered conv
kernels, the 12 arrays of a Keras 1 LSTM, Keras 1 layer configs), where
tf.keras up to 2.15 did in ``preprocess_weights_for_loading``
(spec §9.10, §10.41). ``load_model`` of an HDF5 file whose compile config
holds a short loss name fails ("Could not deserialize 'keras.metrics.mse'",
spec §10.42). Keras 3 refuses to load a ``Lambda`` layer holding a Python
lambda, from ``.keras`` and ``.h5`` files and from JSON, unless told the file
is trusted (spec §6.19, §10.40).

**Example**
Before::

    model.load_weights('pretrained_th.h5')
    restored = model_from_yaml(model.to_yaml())

After::

    # kmigrate: K946 Keras 3 does not convert weights written by Keras 1 ...
    model.load_weights('pretrained_th.h5')
    # kmigrate: K943 Keras 3 has no model_from_yaml ...
    restored = model_from_yaml(model.to_yaml())

**Safety**
Findings only. K943 marks ``to_yaml()`` on proven models and every
``model_from_yaml`` call (its import keeps its Keras 1 form with K901).
In files that import standalone ``keras`` (not ``tensorflow.keras``), K946
marks ``load_weights`` on proven models and layers, ``load_model``,
and ``set_weights`` on proven models and layers (the layers whose Keras 1
arrays have today's layout, such as ``Dense``, excepted), unless the file
writes that path itself (``save``, ``save_weights``, ``ModelCheckpoint``
earlier), the path is one only Keras 3 writes (``.keras``,
``.weights.h5``), or the arrays come from ``get_weights()``. K947 marks
``load_model`` (without ``safe_mode``) and ``model_from_json`` in a file that
built a ``Lambda`` from a Python lambda earlier.

**Limits**
Only a file this run wrote before the load counts as not from Keras 1: a
load before the save (resuming from an earlier run) is marked, since that
earlier run may have been the Keras 1 script. A Lambda built in another
module, or after the load in the file, is not seen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import libcst as cst

from codemods._args import keyword, literal_string
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._layer_refs import LayerRef, file_facts, layer_ref, loop_names, observe
from codemods._training import argument, is_legacy_file, source
from codemods.tables.model_apis import (
    HDF5_SUFFIXES,
    LOAD_MODEL_CALLS,
    MODEL_FILE_SUFFIX,
    MODEL_FROM_JSON,
    MODEL_FROM_YAML,
    SAME_WEIGHT_LAYOUT,
    WEIGHTS_FILE_SUFFIX,
)

YAML = "K943"
KERAS1_FILES = "K946"
LAMBDAS = "K947"
_CHECKPOINT = "keras.callbacks.ModelCheckpoint"
_NO_YAML = "Keras 3 has no YAML model format: save the architecture with model.to_json() and read it with model_from_json"
_WEIGHTS = (
    "Keras 3 does not convert weights written by Keras 1 (Theano-ordered conv kernels, 12-array LSTM, 9-array GRU): "
    "if this file comes from Keras 1, load it once with TensorFlow <= 2.15 and save it again"
)
_ARRAYS = (
    "if these arrays come from Keras 1, convert them to today's layout first: conv kernels (rows, cols, in, out), "
    "LSTM/GRU gates concatenated into kernel, recurrent_kernel, bias"
)
_MODEL = (
    "Keras 3 does not convert model files written by Keras 1 (configs, conv kernels, LSTM arrays): if this file comes "
    "from Keras 1, rebuild the model in code and load_weights a file re-saved with TensorFlow <= 2.15"
)
_COMPILE = (
    "; if loading fails on the compile config (a loss named 'mse' or 'mae'), call load_model(path, compile=False) "
    "and compile again"
)
_SAFE_MODE = (
    "Keras 3 refuses to load a Lambda holding a Python lambda: pass safe_mode=False for a file you trust, "
    "or use a named function registered with tf.keras.utils.register_keras_serializable"
)
_JSON_LAMBDA = (
    "Keras 3 refuses to load a Lambda holding a Python lambda: call tf.keras.config.enable_unsafe_deserialization() "
    "before model_from_json for JSON you trust"
)


def _path(call: cst.Call) -> cst.BaseExpression | None:
    arg = argument(call.args, "filepath", 0)
    return arg.value if arg is not None else None


class ModelFiles(Codemod):
    code: ClassVar[str] = "K416"
    name: ClassVar[str] = "model_files"
    summary: ClassVar[str] = "Mark Keras 1 weight files, YAML models and Python-lambda Lambda layers Keras 3 will not load"
    safety: ClassVar[Safety] = Safety.MANUAL
    calls: ClassVar[frozenset[str]] = LOAD_MODEL_CALLS | {_CHECKPOINT, MODEL_FROM_JSON, MODEL_FROM_YAML}
    methods: ClassVar[frozenset[str]] = frozenset({"load_weights", "save", "save_weights", "set_weights", "to_yaml"})
    removed_symbols: ClassVar[Mapping[str, str]] = {MODEL_FROM_YAML: _NO_YAML}
    statement_lines: ClassVar[bool] = True
    triggers: ClassVar[frozenset[str]] = frozenset({"load_model", "load_weights", "model_from_json", "set_weights", "yaml"})

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        known = file_facts(ctx)
        canon, method = site.canonical, site.method
        if canon == _CHECKPOINT or method == "save_weights" or (method == "save" and site.is_model_receiver):
            path = _path(site.original)
            if path is not None:
                known.saved_paths.add(source(path))
        elif canon == MODEL_FROM_YAML or (method == "to_yaml" and site.is_model_receiver):
            ctx.report(YAML, site.original, _NO_YAML)
        elif canon == MODEL_FROM_JSON:
            if known.python_lambdas:
                ctx.report(LAMBDAS, site.original, _JSON_LAMBDA)
        elif canon in LOAD_MODEL_CALLS:
            self._load_model(call, site, ctx)
        elif not is_legacy_file(ctx):
            return call  # tf.keras code: its files and arrays come from Keras 2, which Keras 3 reads
        elif method == "load_weights" and (site.is_model_receiver or self._layer(call, ctx) is not None):
            if self._from_keras1(call, site, ctx):
                ctx.report(KERAS1_FILES, site.original, _WEIGHTS)
        elif method == "set_weights" and call.args:
            self._set_weights(call, site, ctx)
        return call

    def _layer(self, call: cst.Call, ctx: FileContext) -> LayerRef | None:
        assert isinstance(call.func, cst.Attribute)
        return layer_ref(call.func.value, ctx, loop_names(ctx))

    def _from_keras1(self, call: cst.Call, site: CallSite, ctx: FileContext) -> bool:
        """The file may be a Keras 1 file: not written by this script, not named the Keras 3 way."""
        path, old = _path(call), _path(site.original)
        if path is None or old is None:
            return True
        name = literal_string(path)
        if name is not None and name.endswith((MODEL_FILE_SUFFIX, WEIGHTS_FILE_SUFFIX)):
            return False
        # a path another rule made follow a file this script writes, or written here before
        return source(path) == source(old) and source(old) not in file_facts(ctx).saved_paths

    def _load_model(self, call: cst.Call, site: CallSite, ctx: FileContext) -> None:
        present = {keyword(a) for a in call.args}
        if file_facts(ctx).python_lambdas and "safe_mode" not in present:
            ctx.report(LAMBDAS, site.original, _SAFE_MODE)
        if not is_legacy_file(ctx) or not self._from_keras1(call, site, ctx):
            return
        path = _path(call)
        name = literal_string(path) if path is not None else None
        hdf5 = name is None or name.endswith(HDF5_SUFFIXES)
        ctx.report(KERAS1_FILES, site.original, _MODEL + (_COMPILE if hdf5 and "compile" not in present else ""))

    def _set_weights(self, call: cst.Call, site: CallSite, ctx: FileContext) -> None:
        if "get_weights(" in source(call.args[0].value):
            return
        if not site.is_model_receiver:
            ref = self._layer(call, ctx)
            if ref is None or ref.layer_class in SAME_WEIGHT_LAYOUT:
                return
        ctx.report(KERAS1_FILES, site.original, _ARRAYS)

    def on_statement_line(self, line: cst.SimpleStatementLine, ctx: FileContext) -> Sequence[cst.SimpleStatementLine] | None:
        original = ctx.current_statement
        if isinstance(original, cst.SimpleStatementLine):
            observe(original, ctx)
        return None
