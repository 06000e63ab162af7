"""Every public layer class that Keras 1.2.2 exported from ``keras.layers`` has a fixture.

``KERAS_1_2_2_LAYERS`` below is the authoritative list: the classes a Keras 1.2.2
model could instantiate from ``keras.layers`` (which star-imported ``core``,
``convolutional``, ``pooling``, ``local``, ``recurrent``, ``normalization``,
``embeddings``, ``noise``, ``advanced_activations``, ``wrappers`` and
``convolutional_recurrent``, plus ``Input``/``InputLayer``/``Merge``/``merge``
from ``keras.engine.topology``), with the parameters of each ``__init__`` before
``**kwargs``, in order. ``EXCLUDED`` names the exported classes that get no
fixture here, each with the reason.

How the list was checked (stored public sources, read through the project's
search tools; the keras-team/keras tag 1.2.2 itself was not among the stored
commits, so Keras 1.2-era copies of the modules were read instead):

* ``keras/layers/convolutional.py`` of Keras 1.2 (``add_weight``-based, ending
  in the alias block ``Conv1D = Convolution1D`` ... ``SeparableConv2D =
  SeparableConvolution2D``): Convolution1D, AtrousConvolution1D, Convolution2D,
  Deconvolution2D, AtrousConvolution2D, SeparableConvolution2D, Convolution3D,
  UpSampling1D/2D/3D, ZeroPadding1D/2D/3D, Cropping1D/2D/3D, the seven aliases,
  and the re-export of the six (non-global) pooling classes; every signature below
  for these classes was compared with that file;
* ``keras/layers/advanced_activations.py`` of Keras 1.2: LeakyReLU, PReLU, ELU,
  ParametricSoftplus, ThresholdedReLU, SReLU with their signatures;
* a Keras 1.2 ``keras/layers/core.py`` (a fork's copy; its fork-only classes were
  ignored): Masking, Dropout, SpatialDropout1D/2D/3D, Activation, Reshape, Permute,
  Flatten, RepeatVector, Lambda, Dense, ActivityRegularization, MaxoutDense,
  Highway, TimeDistributedDense; ``Dropout(p, noise_shape=None, seed=None)`` in
  another 1.2 copy;
* the Keras 1 ``ConvLSTM2D(ConvRecurrent2D)`` and ``LocallyConnected2D(nb_filter,
  nb_row, nb_col, ..., dim_ordering)`` classes;
* the remaining signatures (pooling, recurrent, normalization, embeddings, noise,
  wrappers, engine) follow spec §3.2, which cites keras@1.2.2 for each of them.

The test also cross-checks the list against kmigrate's own tables, so a class
or signature that one of them gets wrong shows up here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from codemods.tables.layers import KERAS1_LAYER_CLASSES, LAYER_SIGNATURES

LAYER_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "_layers"


@dataclass(frozen=True)
class Keras1Layer:
    module: str  # where Keras 1.2.2 defined it, relative to ``keras``
    params: tuple[str, ...]  # ``__init__`` parameters before ``**kwargs``, in order
    keywords: tuple[str, ...] = ()  # Keras 1 keywords its base class took through ``**kwargs``
    alias_of: str | None = None  # Keras 1.2.2 ``Conv2D = Convolution2D`` style aliases


# Keyword arguments every Keras 1 layer accepted through ``Layer.__init__``.
BASE_KWARGS = ("input_shape", "batch_input_shape", "input_dtype", "name", "trainable")
_RECURRENT_KWARGS = (
    "weights", "return_sequences", "go_backwards", "stateful", "unroll", "consume_less",
    "input_dim", "input_length",
)
_CONV_RECURRENT_KWARGS = ("weights", "return_sequences", "go_backwards", "stateful")

_CONV_TAIL = ("W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint", "bias")
_DENSE = ("output_dim", "init", "activation", "weights", *_CONV_TAIL, "input_dim")
_CONV1D = (
    "nb_filter", "filter_length", "init", "activation", "weights", "border_mode", "subsample_length",
    *_CONV_TAIL, "input_dim", "input_length",
)
_ATROUS1D = (
    "nb_filter", "filter_length", "init", "activation", "weights", "border_mode", "subsample_length",
    "atrous_rate", *_CONV_TAIL,
)
_CONV2D = (
    "nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode", "subsample",
    "dim_ordering", *_CONV_TAIL,
)
_ATROUS2D = (
    "nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode", "subsample",
    "atrous_rate", "dim_ordering", *_CONV_TAIL,
)
_DECONV2D = (
    "nb_filter", "nb_row", "nb_col", "output_shape", "init", "activation", "weights", "border_mode",
    "subsample", "dim_ordering", *_CONV_TAIL,
)
_SEPARABLE2D = (
    "nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode", "subsample",
    "depth_multiplier", "dim_ordering", "depthwise_regularizer", "pointwise_regularizer",
    "b_regularizer", "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
    "b_constraint", "bias",
)
_CONV3D = (
    "nb_filter", "kernel_dim1", "kernel_dim2", "kernel_dim3", "init", "activation", "weights",
    "border_mode", "subsample", "dim_ordering", *_CONV_TAIL,
)
_POOL1D = ("pool_length", "stride", "border_mode")
_POOL = ("pool_size", "strides", "border_mode", "dim_ordering")

KERAS_1_2_2_LAYERS: dict[str, Keras1Layer] = {
    # keras/layers/core.py
    "Masking": Keras1Layer("layers.core", ("mask_value",)),
    "Dropout": Keras1Layer("layers.core", ("p", "noise_shape", "seed")),
    "SpatialDropout1D": Keras1Layer("layers.core", ("p",)),
    "SpatialDropout2D": Keras1Layer("layers.core", ("p", "dim_ordering")),
    "SpatialDropout3D": Keras1Layer("layers.core", ("p", "dim_ordering")),
    "Activation": Keras1Layer("layers.core", ("activation",)),
    "Reshape": Keras1Layer("layers.core", ("target_shape",)),
    "Permute": Keras1Layer("layers.core", ("dims",)),
    "Flatten": Keras1Layer("layers.core", ()),
    "RepeatVector": Keras1Layer("layers.core", ("n",)),
    "Lambda": Keras1Layer("layers.core", ("function", "output_shape", "arguments")),
    "Dense": Keras1Layer("layers.core", _DENSE),
    "ActivityRegularization": Keras1Layer("layers.core", ("l1", "l2")),
    "MaxoutDense": Keras1Layer(
        "layers.core",
        ("output_dim", "nb_feature", "init", "weights", *_CONV_TAIL, "input_dim"),
    ),
    "Highway": Keras1Layer(
        "layers.core",
        ("init", "transform_bias", "activation", "weights", *_CONV_TAIL, "input_dim"),
    ),
    "TimeDistributedDense": Keras1Layer("layers.core", (*_DENSE, "input_length")),
    # keras/layers/convolutional.py
    "Convolution1D": Keras1Layer("layers.convolutional", _CONV1D),
    "AtrousConvolution1D": Keras1Layer("layers.convolutional", _ATROUS1D),
    "Convolution2D": Keras1Layer("layers.convolutional", _CONV2D),
    "AtrousConvolution2D": Keras1Layer("layers.convolutional", _ATROUS2D),
    "SeparableConvolution2D": Keras1Layer("layers.convolutional", _SEPARABLE2D),
    "Deconvolution2D": Keras1Layer("layers.convolutional", _DECONV2D),
    "Convolution3D": Keras1Layer("layers.convolutional", _CONV3D),
    "UpSampling1D": Keras1Layer("layers.convolutional", ("length",)),
    "UpSampling2D": Keras1Layer("layers.convolutional", ("size", "dim_ordering")),
    "UpSampling3D": Keras1Layer("layers.convolutional", ("size", "dim_ordering")),
    "ZeroPadding1D": Keras1Layer("layers.convolutional", ("padding",)),
    "ZeroPadding2D": Keras1Layer("layers.convolutional", ("padding", "dim_ordering")),
    "ZeroPadding3D": Keras1Layer("layers.convolutional", ("padding", "dim_ordering")),
    "Cropping1D": Keras1Layer("layers.convolutional", ("cropping",)),
    "Cropping2D": Keras1Layer("layers.convolutional", ("cropping", "dim_ordering")),
    "Cropping3D": Keras1Layer("layers.convolutional", ("cropping", "dim_ordering")),
    # the alias block at the end of keras/layers/convolutional.py (1.2.0-1.2.2)
    "Conv1D": Keras1Layer("layers.convolutional", _CONV1D, alias_of="Convolution1D"),
    "Conv2D": Keras1Layer("layers.convolutional", _CONV2D, alias_of="Convolution2D"),
    "Conv3D": Keras1Layer("layers.convolutional", _CONV3D, alias_of="Convolution3D"),
    "AtrousConv1D": Keras1Layer("layers.convolutional", _ATROUS1D, alias_of="AtrousConvolution1D"),
    "AtrousConv2D": Keras1Layer("layers.convolutional", _ATROUS2D, alias_of="AtrousConvolution2D"),
    "Deconv2D": Keras1Layer("layers.convolutional", _DECONV2D, alias_of="Deconvolution2D"),
    "SeparableConv2D": Keras1Layer("layers.convolutional", _SEPARABLE2D, alias_of="SeparableConvolution2D"),
    # keras/layers/pooling.py
    "MaxPooling1D": Keras1Layer("layers.pooling", _POOL1D),
    "MaxPooling2D": Keras1Layer("layers.pooling", _POOL),
    "MaxPooling3D": Keras1Layer("layers.pooling", _POOL),
    "AveragePooling1D": Keras1Layer("layers.pooling", _POOL1D),
    "AveragePooling2D": Keras1Layer("layers.pooling", _POOL),
    "AveragePooling3D": Keras1Layer("layers.pooling", _POOL),
    "GlobalMaxPooling1D": Keras1Layer("layers.pooling", ()),
    "GlobalMaxPooling2D": Keras1Layer("layers.pooling", ("dim_ordering",)),
    "GlobalMaxPooling3D": Keras1Layer("layers.pooling", ("dim_ordering",)),
    "GlobalAveragePooling1D": Keras1Layer("layers.pooling", ()),
    "GlobalAveragePooling2D": Keras1Layer("layers.pooling", ("dim_ordering",)),
    "GlobalAveragePooling3D": Keras1Layer("layers.pooling", ("dim_ordering",)),
    # keras/layers/local.py
    "LocallyConnected1D": Keras1Layer("layers.local", _CONV1D),
    "LocallyConnected2D": Keras1Layer("layers.local", _CONV2D),
    # keras/layers/recurrent.py
    "SimpleRNN": Keras1Layer(
        "layers.recurrent",
        ("output_dim", "init", "inner_init", "activation", "W_regularizer", "U_regularizer",
         "b_regularizer", "dropout_W", "dropout_U"),
        _RECURRENT_KWARGS,
    ),
    "GRU": Keras1Layer(
        "layers.recurrent",
        ("output_dim", "init", "inner_init", "activation", "inner_activation", "W_regularizer",
         "U_regularizer", "b_regularizer", "dropout_W", "dropout_U"),
        _RECURRENT_KWARGS,
    ),
    "LSTM": Keras1Layer(
        "layers.recurrent",
        ("output_dim", "init", "inner_init", "forget_bias_init", "activation", "inner_activation",
         "W_regularizer", "U_regularizer", "b_regularizer", "dropout_W", "dropout_U"),
        _RECURRENT_KWARGS,
    ),
    # keras/layers/convolutional_recurrent.py
    "ConvLSTM2D": Keras1Layer(
        "layers.convolutional_recurrent",
        ("nb_filter", "nb_row", "nb_col", "init", "inner_init", "forget_bias_init", "activation",
         "inner_activation", "dim_ordering", "border_mode", "subsample", "W_regularizer",
         "U_regularizer", "b_regularizer", "dropout_W", "dropout_U"),
        _CONV_RECURRENT_KWARGS,
    ),
    # keras/layers/normalization.py
    "BatchNormalization": Keras1Layer(
        "layers.normalization",
        ("epsilon", "mode", "axis", "momentum", "weights", "beta_init", "gamma_init",
         "gamma_regularizer", "beta_regularizer"),
    ),
    # keras/layers/embeddings.py
    "Embedding": Keras1Layer(
        "layers.embeddings",
        ("input_dim", "output_dim", "init", "input_length", "W_regularizer", "activity_regularizer",
         "W_constraint", "mask_zero", "weights", "dropout"),
    ),
    # keras/layers/noise.py
    "GaussianNoise": Keras1Layer("layers.noise", ("sigma",)),
    "GaussianDropout": Keras1Layer("layers.noise", ("p",)),
    # keras/layers/advanced_activations.py
    "LeakyReLU": Keras1Layer("layers.advanced_activations", ("alpha",)),
    "PReLU": Keras1Layer("layers.advanced_activations", ("init", "weights", "shared_axes")),
    "ELU": Keras1Layer("layers.advanced_activations", ("alpha",)),
    "ParametricSoftplus": Keras1Layer(
        "layers.advanced_activations", ("alpha_init", "beta_init", "weights", "shared_axes")
    ),
    "ThresholdedReLU": Keras1Layer("layers.advanced_activations", ("theta",)),
    "SReLU": Keras1Layer(
        "layers.advanced_activations",
        ("t_left_init", "a_left_init", "t_right_init", "a_right_init", "shared_axes"),
    ),
    # keras/layers/wrappers.py
    "TimeDistributed": Keras1Layer("layers.wrappers", ("layer",)),
    "Bidirectional": Keras1Layer("layers.wrappers", ("layer", "merge_mode", "weights")),
    # keras/engine/topology.py, exported by keras.layers
    "Input": Keras1Layer("engine.topology", ("shape", "batch_shape", "name", "dtype", "sparse", "tensor")),
    "InputLayer": Keras1Layer(
        "engine.topology",
        ("input_shape", "batch_input_shape", "input_dtype", "input_tensor", "sparse", "name"),
    ),
}

# Exported by Keras 1.2.2's keras.layers but given no fixture here.
EXCLUDED: dict[str, str] = {
    "Merge": "handled by a later issue: the Merge layer (Sequential branches, spec §5.2, §6) needs a functional rewrite",
    "merge": "handled by a later issue: the merge() function becomes Add/Concatenate/... (spec §5.3, §6.1-6.9)",
    "Layer": "the abstract base for custom layers (spec §9), never instantiated by a model",
    "InputSpec": "an input contract object of the layer API, not a layer",
    "Recurrent": "the abstract base of the Keras 1 recurrent layers (spec §2.12), only subclassed",
    "ConvRecurrent2D": "the abstract base of ConvLSTM2D (spec §2.13), only subclassed",
    "Wrapper": "the abstract base of TimeDistributed and Bidirectional, only subclassed",
}

COVERED = sorted(KERAS_1_2_2_LAYERS)


# ---------------------------------------------------------------------------
# reading a fixture: which calls reach a given Keras 1 class, and how
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerCall:
    node: ast.Call
    via_alias: bool  # ``Y(...)`` after ``import X as Y``, or ``module_alias.X(...)``


def _is_keras(module: str | None) -> bool:
    return module is not None and (module == "keras" or module.startswith("keras."))


def _read(name: str) -> ast.Module:
    path = LAYER_FIXTURES / f"{name}.in.py"
    return ast.parse(path.read_text(encoding="utf-8"), filename=path.name)


def _star_modules(tree: ast.Module) -> list[str]:
    return [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and _is_keras(node.module) and any(a.name == "*" for a in node.names)
    ]


def calls_of(tree: ast.Module, layer: str) -> Iterator[LayerCall]:
    """Every call in ``tree`` whose callee is the Keras 1 class ``layer``, however it was imported."""
    names: dict[str, bool] = {}  # local name -> bound through an alias
    modules: set[str] = set()  # local names of keras modules (``import keras.layers.core as core``)
    if _star_modules(tree):
        names[layer] = False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _is_keras(node.module):
            for alias in node.names:
                if alias.name == layer:
                    names[alias.asname or layer] = alias.asname is not None and alias.asname != layer
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_keras(alias.name):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in names:
            yield LayerCall(node, names[func.id])
        elif isinstance(func, ast.Attribute) and func.attr == layer:
            root = func.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                yield LayerCall(node, True)


def _positional(call: ast.Call) -> bool:
    return any(not isinstance(arg, ast.Starred) for arg in call.args)


def _keywords(call: ast.Call) -> set[str]:
    return {kw.arg for kw in call.keywords if kw.arg is not None}


# ---------------------------------------------------------------------------
# the list itself
# ---------------------------------------------------------------------------


def test_the_list_has_the_classes_the_issue_names_and_keeps_merge_excluded() -> None:
    assert len(KERAS_1_2_2_LAYERS) == 71
    assert not set(KERAS_1_2_2_LAYERS) & set(EXCLUDED)
    assert {"Merge", "merge"} <= set(EXCLUDED)
    assert all(reason for reason in EXCLUDED.values())


def test_each_alias_has_the_signature_of_the_class_it_names() -> None:
    aliases = {name: layer for name, layer in KERAS_1_2_2_LAYERS.items() if layer.alias_of}
    assert sorted(aliases) == ["AtrousConv1D", "AtrousConv2D", "Conv1D", "Conv2D", "Conv3D", "Deconv2D", "SeparableConv2D"]
    for name, layer in aliases.items():
        assert layer.alias_of is not None
        target = KERAS_1_2_2_LAYERS[layer.alias_of]
        assert (layer.module, layer.params) == (target.module, target.params), name


def test_kmigrate_knows_every_keras_1_2_2_name_for_star_imports() -> None:
    missing = sorted(n for n in [*KERAS_1_2_2_LAYERS, *EXCLUDED] if n not in KERAS1_LAYER_CLASSES)
    assert not missing, "codemods.tables.layers.KERAS1_LAYER_CLASSES lacks these Keras 1.2.2 exports"


@pytest.mark.parametrize("layer", [n for n in COVERED if f"keras.layers.{n}" in LAYER_SIGNATURES])
def test_kmigrate_positional_signature_matches_keras_1_2_2(layer: str) -> None:
    table = LAYER_SIGNATURES[f"keras.layers.{layer}"]
    assert table.params == KERAS_1_2_2_LAYERS[layer].params


def test_layers_without_a_kmigrate_signature_are_only_the_removed_ones() -> None:
    # Highway, MaxoutDense, ParametricSoftplus and SReLU keep their Keras 1 call
    # (with a K920 finding), so kmigrate has no reason to bind their positionals.
    unsigned = sorted(n for n in COVERED if f"keras.layers.{n}" not in LAYER_SIGNATURES)
    assert unsigned == ["Highway", "MaxoutDense", "ParametricSoftplus", "SReLU"]


# ---------------------------------------------------------------------------
# the fixtures
# ---------------------------------------------------------------------------


def test_every_fixture_in_the_layers_directory_is_named_after_a_listed_class() -> None:
    stems = {p.name[: -len(".in.py")] for p in LAYER_FIXTURES.glob("*.in.py")}
    assert stems - set(KERAS_1_2_2_LAYERS) == set()


@pytest.mark.parametrize("layer", COVERED)
def test_each_keras_1_layer_has_a_fixture_that_calls_it(layer: str) -> None:
    path = LAYER_FIXTURES / f"{layer}.in.py"
    assert path.exists(), f"fixtures/_layers/{layer}.in.py is missing"
    assert list(calls_of(_read(layer), layer)), f"{path.name} never calls {layer}"


@pytest.mark.parametrize("layer", COVERED)
def test_each_fixture_calls_its_layer_positionally_by_keras_1_keyword_and_through_an_alias(layer: str) -> None:
    if not (LAYER_FIXTURES / f"{layer}.in.py").exists():
        pytest.fail(f"fixtures/_layers/{layer}.in.py is missing")
    spec = KERAS_1_2_2_LAYERS[layer]
    calls = list(calls_of(_read(layer), layer))
    if spec.params:
        assert any(_positional(c.node) for c in calls), f"(a) no positional call of {layer}"
    own = set(spec.params) | set(spec.keywords)
    allowed = own or set(BASE_KWARGS)
    assert any(_keywords(c.node) & allowed for c in calls), (
        f"(b) no call of {layer} with one of its Keras 1 keywords {sorted(allowed)}"
    )
    assert any(c.via_alias for c in calls), (
        f"(c) no call of {layer} through 'from keras.layers import {layer} as Y' or 'import keras.layers.<module> as m'"
    )


def test_star_imports_appear_in_the_fixture_set() -> None:
    starred = {
        name: _star_modules(_read(name))
        for name in COVERED
        if (LAYER_FIXTURES / f"{name}.in.py").exists() and _star_modules(_read(name))
    }
    assert starred, "(d) no fixture uses 'from keras.layers.<module> import *'"
    # One per Keras 1 submodule the issue's families come from, at least.
    modules = {module for found in starred.values() for module in found}
    assert {
        "keras.layers.core", "keras.layers.convolutional", "keras.layers.pooling", "keras.layers.local",
        "keras.layers.recurrent", "keras.layers.convolutional_recurrent", "keras.layers.normalization",
        "keras.layers.embeddings", "keras.layers.noise", "keras.layers.advanced_activations",
        "keras.layers.wrappers",
    } <= modules


@pytest.mark.parametrize("layer", COVERED)
def test_a_star_import_never_makes_a_layer_name_ambiguous(layer: str) -> None:
    path = LAYER_FIXTURES / f"{layer}.in.py"
    if not path.exists() or not _star_modules(_read(layer)):
        return
    tree = _read(layer)
    # The fixture must not bind a Keras class name itself (a def, class,
    # assignment or non-Keras import), or the star import could not tell which is meant.
    local: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            local.add(node.name)
        elif isinstance(node, ast.Assign):
            local |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom) and not _is_keras(node.module):
            local |= {a.asname or a.name for a in node.names}
    assert not local & (set(KERAS_1_2_2_LAYERS) | set(EXCLUDED))
