"""A deterministic generator of synthetic Keras 1 research scripts.

Each generated module looks like the training scripts people wrote around
2016-2017: a docstring, a block of imports (Keras imported in one of the many
spellings Keras 1 allowed), some constants, numpy preprocessing helpers, a
small class or two, one to three model-building functions (Sequential and
functional), a training function and an argparse ``main``. Every module uses
at least one Keras 1 API that kmigrate rewrites (``Convolution2D(n, 3, 3)``,
``border_mode``, ``nb_epoch``, ...), so migrating it is real work.

The output depends only on ``seed``: the same seed always gives the same
files, byte for byte.

Usage as a script::

    python benchmarks/corpus.py OUTPUT_DIR [--lines N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MIN_FILE_LINES = 150
MAX_FILE_LINES = 400

# The Keras 1 classes the generated code uses, with the module Keras 1 1.2.2
# defined them in (used by the "submodule" import spelling).
_LAYER_HOME = {
    "Convolution2D": "keras.layers.convolutional",
    "MaxPooling2D": "keras.layers.convolutional",
    "ZeroPadding2D": "keras.layers.convolutional",
    "Dense": "keras.layers.core",
    "Dropout": "keras.layers.core",
    "Flatten": "keras.layers.core",
    "Activation": "keras.layers.core",
    "Input": "keras.engine.topology",
}
_LAYERS = tuple(_LAYER_HOME)
_SHORT_ALIASES = {
    "Convolution2D": "C2D",
    "MaxPooling2D": "MP2D",
    "ZeroPadding2D": "ZP2D",
    "Dense": "FC",
    "Dropout": "Drop",
    "Flatten": "Flat",
    "Activation": "Act",
    "Input": "In",
}

_TOPICS = (
    ("mnist", "handwritten digits", (1, 28, 28), 10),
    ("cifar10", "small natural images", (3, 32, 32), 10),
    ("cifar100", "fine-grained natural images", (3, 32, 32), 100),
    ("svhn", "street view house numbers", (3, 32, 32), 10),
    ("faces", "aligned face crops", (3, 64, 64), 7),
    ("galaxies", "galaxy morphology cutouts", (3, 48, 48), 5),
    ("xray", "chest x-ray thumbnails", (1, 64, 64), 2),
)
_AUTHORS = ("J. Doe", "A. Student", "the lab", "R. Researcher", "M. Kowalski", "L. Chen")
_ACTIVATIONS = ("relu", "relu", "relu", "tanh", "sigmoid")
_INITS = ("glorot_uniform", "he_normal", "he_uniform", "lecun_uniform", "normal")
_OPTIMIZERS = ("'adam'", "'rmsprop'", "'adadelta'", "'sgd'")
_WORDS = (
    "data", "batch", "sample", "feature", "image", "label", "score", "stat", "record",
    "item", "value", "patch", "frame", "entry",
)


@dataclass
class _Spellings:
    """How each Keras name is written in one module, given its imports."""

    layer: dict[str, list[str]] = field(default_factory=dict)
    sequential: str = "Sequential"
    model: str = "Model"
    np_utils: str | None = None
    backend: str | None = None


class _Module:
    """Builds one module as a list of lines."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.lines: list[str] = []
        self.topic = rng.choice(_TOPICS)
        self.names_used: set[str] = set()
        self.spell = _Spellings()
        self.builders: list[str] = []
        self.imported: set[str] = set()  # optional Keras names the imports provide

    # -- small helpers ---------------------------------------------------------
    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def blank(self, n: int = 1) -> None:
        self.lines.extend([""] * n)

    def fresh(self, stem: str) -> str:
        """A function/class name not used yet in this module."""
        name = stem
        n = 2
        while name in self.names_used:
            name = f"{stem}_{n}"
            n += 1
        self.names_used.add(name)
        return name

    def layer(self, cls: str) -> str:
        return self.rng.choice(self.spell.layer[cls])

    def maybe(self, p: float) -> bool:
        return self.rng.random() < p

    # -- header and imports ------------------------------------------------------
    def header(self) -> None:
        name, what, shape, classes = self.topic
        rng = self.rng
        self.emit(
            '"""',
            f"Train a convolutional network on {name} ({what}).",
            "",
            f"Experiment {self.index}: {rng.choice(('baseline', 'wider filters', 'more dropout', 'deeper stack', 'ablation'))}.",
            f"Input shape {shape}, {classes} classes. Written for Keras 1.x with the",
            f"{rng.choice(('Theano', 'TensorFlow'))} backend.",
            '"""',
        )
        if self.maybe(0.4):
            self.emit("from __future__ import print_function")
        if self.maybe(0.2):
            self.emit("from __future__ import division")
        self.blank()
        stdlib = ["import os", "import sys", "import time"]
        if self.maybe(0.6):
            stdlib.append("import argparse")
        if self.maybe(0.4):
            stdlib.append("import pickle")
        if self.maybe(0.3):
            stdlib.append("import json")
        if self.maybe(0.4):
            stdlib.append("from collections import defaultdict")
        self.emit(*stdlib)
        self.blank()
        self.emit("import numpy as np")
        self.blank()
        self.keras_imports()
        self.blank()
        self.emit(f"__author__ = {rng.choice(_AUTHORS)!r}")
        self.blank(2)

    def keras_imports(self) -> None:
        rng = self.rng
        spellings: dict[str, list[str]] = {cls: [] for cls in _LAYERS}
        styles = rng.sample(
            ["from_layers", "submodules", "star", "module_alias", "import_keras", "aliases"],
            k=rng.choice((1, 1, 2, 2, 3)),
        )
        imports: list[list[str]] = []  # statements, each one or more lines
        if "import_keras" in styles:
            imports.append(["import keras"])
            for cls in _LAYERS:
                spellings[cls].append(f"keras.layers.{cls}")
        if "module_alias" in styles:
            alias = rng.choice(("L", "KL", "layers"))
            imports.append([f"import keras.layers as {alias}"])
            for cls in _LAYERS:
                spellings[cls].append(f"{alias}.{cls}")
        if "from_layers" in styles:
            chosen = [c for c in _LAYERS if c != "Input" or self.maybe(0.7)]
            imports.append(_from_import("keras.layers", chosen, rng))
            for cls in chosen:
                spellings[cls].append(cls)
        if "submodules" in styles:
            by_module: dict[str, list[str]] = {}
            for cls in _LAYERS:
                by_module.setdefault(_LAYER_HOME[cls], []).append(cls)
            for module, classes in by_module.items():
                imports.append(_from_import(module, classes, rng))
                for cls in classes:
                    spellings[cls].append(cls)
        if "star" in styles:
            imports.append(["from keras.layers.convolutional import *"])
            imports.append(["from keras.layers.core import *"])
            for cls in _LAYERS:
                if _LAYER_HOME[cls] != "keras.engine.topology":
                    spellings[cls].append(cls)
        if "aliases" in styles:
            pairs = [f"{cls} as {_SHORT_ALIASES[cls]}" for cls in _LAYERS]
            imports.append(_from_import("keras.layers", pairs, rng))
            for cls in _LAYERS:
                spellings[cls].append(_SHORT_ALIASES[cls])
        # Every class must be reachable: fall back to a plain from-import.
        missing = [cls for cls in _LAYERS if not spellings[cls]]
        if missing:
            imports.append(_from_import("keras.layers", missing, rng))
            for cls in missing:
                spellings[cls].append(cls)
        for cls in _LAYERS:
            # de-duplicate while keeping order (deterministic)
            spellings[cls] = list(dict.fromkeys(spellings[cls]))
        self.spell.layer = spellings

        if "import_keras" in styles and self.maybe(0.5):
            self.spell.sequential = "keras.models.Sequential"
            self.spell.model = "keras.models.Model"
        else:
            imports.append(["from keras.models import Sequential, Model"])
        if self.maybe(0.5):
            imports.append(["from keras.optimizers import SGD, Adam"])
            self.imported.add("SGD")
        if self.maybe(0.4):
            imports.append(["from keras.callbacks import ModelCheckpoint, EarlyStopping"])
            self.imported.add("ModelCheckpoint")
        if self.maybe(0.7):
            imports.append(["from keras.utils import np_utils"])
            self.spell.np_utils = "np_utils"
        if self.maybe(0.6):
            imports.append(["from keras import backend as K"])
            self.spell.backend = "K"
        if self.maybe(0.3):
            imports.append(["from keras.regularizers import l2"])
            self.imported.add("l2")
        # Research scripts rarely sort their imports.
        head, tail = imports[:2], imports[2:]
        rng.shuffle(tail)
        for statement in head + tail:
            self.emit(*statement)

    # -- constants -----------------------------------------------------------------
    def constants(self) -> None:
        rng = self.rng
        name, _, shape, classes = self.topic
        self.emit(
            f"BATCH_SIZE = {rng.choice((16, 32, 64, 128))}",
            f"NB_CLASSES = {classes}",
            f"NB_EPOCH = {rng.choice((5, 10, 12, 20, 50))}",
            f"IMG_CHANNELS, IMG_ROWS, IMG_COLS = {shape[0]}, {shape[1]}, {shape[2]}",
            f"DATA_DIR = os.path.join(os.path.dirname(__file__), 'data', {name!r})",
            f"SEED = {rng.randint(1, 9999)}",
            "",
            "np.random.seed(SEED)  # for reproducibility",
        )
        if self.spell.backend and self.maybe(0.7):
            self.emit(
                "",
                f"if {self.spell.backend}.image_dim_ordering() == 'th':",
                "    INPUT_SHAPE = (IMG_CHANNELS, IMG_ROWS, IMG_COLS)",
                "else:",
                "    INPUT_SHAPE = (IMG_ROWS, IMG_COLS, IMG_CHANNELS)",
            )
        else:
            self.emit("INPUT_SHAPE = (IMG_CHANNELS, IMG_ROWS, IMG_COLS)")
        self.blank(2)

    # -- plain Python helpers ----------------------------------------------------------
    def helper_load(self) -> None:
        fn = self.fresh("load_data")
        word = self.rng.choice(_WORDS)
        self.emit(
            f"def {fn}(path=DATA_DIR, split='train'):",
            '    """Load one split (train/test) from ``path`` as float32 arrays.',
            "",
            "    Returns (X, y) with X scaled to [0, 1].",
            '    """',
            "    filename = os.path.join(path, split + '.npz')",
            "    if not os.path.exists(filename):",
            "        # fall back to random data so the script still runs",
            "        print('warning: %s not found, using random data' % filename)",
            "        n = 512 if split == 'train' else 128",
            f"        {word}s = np.random.rand(n, IMG_CHANNELS, IMG_ROWS, IMG_COLS)",
            "        labels = np.random.randint(0, NB_CLASSES, size=n)",
            f"        return {word}s.astype('float32'), labels",
            "    archive = np.load(filename)",
            "    X = archive['X'].astype('float32')",
            "    y = archive['y']",
            "    X /= 255.0",
            "    X = X.reshape(X.shape[0], IMG_CHANNELS, IMG_ROWS, IMG_COLS)",
            "    return X, y",
        )
        self.blank(2)

    def helper_normalize(self) -> None:
        fn = self.fresh("normalize")
        eps = self.rng.choice(("1e-7", "1e-8", "1e-6"))
        self.emit(
            f"def {fn}(X, mean=None, std=None):",
            '    """Standardise per channel; pass the training mean/std for test data."""',
            "    if mean is None:",
            "        mean = X.mean(axis=(0, 2, 3), keepdims=True)",
            "    if std is None:",
            "        std = X.std(axis=(0, 2, 3), keepdims=True)",
            f"    return (X - mean) / (std + {eps}), mean, std",
        )
        self.blank(2)

    def helper_one_hot(self) -> None:
        fn = self.fresh("one_hot")
        if self.spell.np_utils and self.maybe(0.6):
            self.emit(
                f"def {fn}(labels, nb_classes=NB_CLASSES):",
                f"    return {self.spell.np_utils}.to_categorical(labels, nb_classes)",
            )
        else:
            self.emit(
                f"def {fn}(labels, nb_classes=NB_CLASSES):",
                '    """Turn integer labels into a one-hot matrix."""',
                "    labels = np.asarray(labels, dtype='int32').ravel()",
                "    out = np.zeros((len(labels), nb_classes), dtype='float32')",
                "    for i, label in enumerate(labels):",
                "        out[i, label] = 1.0",
                "    return out",
            )
        self.blank(2)

    def helper_shuffle(self) -> None:
        fn = self.fresh("shuffle_in_unison")
        self.emit(
            f"def {fn}(a, b, seed=None):",
            "    rng = np.random.RandomState(seed)",
            "    order = rng.permutation(len(a))",
            "    return a[order], b[order]",
        )
        self.blank(2)

    def helper_minibatches(self) -> None:
        fn = self.fresh("iterate_minibatches")
        self.emit(
            f"def {fn}(X, y, batch_size=BATCH_SIZE, shuffle=True):",
            '    """Yield (X_batch, y_batch) pairs; the last short batch is dropped."""',
            "    assert len(X) == len(y)",
            "    indices = np.arange(len(X))",
            "    if shuffle:",
            "        np.random.shuffle(indices)",
            "    for start in range(0, len(X) - batch_size + 1, batch_size):",
            "        excerpt = indices[start:start + batch_size]",
            "        yield X[excerpt], y[excerpt]",
        )
        self.blank(2)

    def helper_augment(self) -> None:
        fn = self.fresh("augment")
        p = self.rng.choice(("0.5", "0.3", "0.25"))
        shift = self.rng.choice((2, 3, 4))
        self.emit(
            f"def {fn}(X, flip_prob={p}, max_shift={shift}):",
            '    """Random horizontal flips and small translations (in place on a copy)."""',
            "    X = X.copy()",
            "    for i in range(X.shape[0]):",
            "        if np.random.rand() < flip_prob:",
            "            X[i] = X[i, :, :, ::-1]",
            "        dx, dy = np.random.randint(-max_shift, max_shift + 1, size=2)",
            "        X[i] = np.roll(np.roll(X[i], dx, axis=1), dy, axis=2)",
            "    return X",
        )
        self.blank(2)

    def helper_accuracy(self) -> None:
        fn = self.fresh("accuracy")
        self.emit(
            f"def {fn}(predictions, targets):",
            "    # both are (n, classes) arrays",
            "    predicted = np.argmax(predictions, axis=1)",
            "    expected = np.argmax(targets, axis=1)",
            "    return float(np.mean(predicted == expected))",
        )
        self.blank(2)

    def helper_confusion(self) -> None:
        fn = self.fresh("confusion_matrix")
        self.emit(
            f"def {fn}(predicted, expected, nb_classes=NB_CLASSES):",
            "    matrix = np.zeros((nb_classes, nb_classes), dtype='int64')",
            "    for p, e in zip(predicted, expected):",
            "        matrix[e, p] += 1",
            "    per_class = {}",
            "    for c in range(nb_classes):",
            "        total = matrix[c].sum()",
            "        per_class[c] = matrix[c, c] / float(total) if total else 0.0",
            "    return matrix, per_class",
        )
        self.blank(2)

    def helper_history(self) -> None:
        fn = self.fresh("summarize_history")
        self.emit(
            f"def {fn}(history, out=sys.stdout):",
            '    """Print the last value and the best value of every metric."""',
            "    for key in sorted(history.history):",
            "        values = history.history[key]",
            "        if not values:",
            "            continue",
            "        best = min(values) if 'loss' in key else max(values)",
            "        out.write('%-20s last=%.4f best=%.4f\\n' % (key, values[-1], best))",
        )
        self.blank(2)

    def class_logger(self) -> None:
        cls = self.fresh("CSVLogger" if self.maybe(0.5) else "RunLog")
        self.emit(
            f"class {cls}(object):",
            '    """Append one line per epoch to a CSV file.',
            "",
            "    Keras 1 had no CSV callback in the version we used, so this is ours.",
            '    """',
            "",
            "    def __init__(self, filename, separator=','):",
            "        self.filename = filename",
            "        self.separator = separator",
            "        self.rows = []",
            "",
            "    def add(self, epoch, **values):",
            "        row = [str(epoch)] + ['%.5f' % values[k] for k in sorted(values)]",
            "        self.rows.append(self.separator.join(row))",
            "",
            "    def flush(self):",
            "        with open(self.filename, 'a') as handle:",
            "            for row in self.rows:",
            "                handle.write(row + '\\n')",
            "        self.rows = []",
            "",
            "    def __len__(self):",
            "        return len(self.rows)",
        )
        self.blank(2)

    def class_generator(self) -> None:
        cls = self.fresh("BatchGenerator")
        self.emit(
            f"class {cls}(object):",
            '    """An endless iterator over shuffled mini-batches, for fit_generator."""',
            "",
            "    def __init__(self, X, y, batch_size=BATCH_SIZE, augment=False):",
            "        self.X = X",
            "        self.y = y",
            "        self.batch_size = batch_size",
            "        self.augment = augment",
            "        self.epoch = 0",
            "        self._order = np.arange(len(X))",
            "        self._pos = len(X)",
            "",
            "    def __iter__(self):",
            "        return self",
            "",
            "    def next(self):",
            "        if self._pos + self.batch_size > len(self.X):",
            "            np.random.shuffle(self._order)",
            "            self._pos = 0",
            "            self.epoch += 1",
            "        idx = self._order[self._pos:self._pos + self.batch_size]",
            "        self._pos += self.batch_size",
            "        X_batch = self.X[idx]",
            "        if self.augment:",
            "            X_batch = X_batch[:, :, :, ::-1] if np.random.rand() < 0.5 else X_batch",
            "        return X_batch, self.y[idx]",
            "",
            "    __next__ = next  # Python 3",
        )
        self.blank(2)

    # -- Keras model builders ---------------------------------------------------------
    def conv(self, filters: str, size: int, indent: str, sequential: bool, first: bool, var: str = "") -> str:
        rng = self.rng
        args = [filters, str(size), str(size)]
        kwargs: list[str] = []
        if rng.random() < 0.8:
            kwargs.append(f"activation={rng.choice(_ACTIVATIONS)!r}")
        if rng.random() < 0.7:
            kwargs.append(f"border_mode={rng.choice(('same', 'same', 'valid'))!r}")
        if rng.random() < 0.3:
            kwargs.append(f"init={rng.choice(_INITS)!r}")
        if rng.random() < 0.15:
            kwargs.append("subsample=(2, 2)")
        if rng.random() < 0.2 and "l2" in self.imported:
            kwargs.append(f"W_regularizer=l2({rng.choice(('1e-4', '5e-4', '0.001'))})")
        if rng.random() < 0.25:
            kwargs.append("dim_ordering='th'")
        if rng.random() < 0.5:
            kwargs.append(f"name='conv{rng.randint(1, 5)}_{rng.randint(1, 3)}'")
        if sequential and first:
            kwargs.append("input_shape=INPUT_SHAPE")
        call = f"{self.layer('Convolution2D')}({', '.join(args + kwargs)})"
        if sequential:
            return f"{indent}model.add({call})"
        return f"{indent}{var} = {call}({var})"

    def pool(self, indent: str, sequential: bool, var: str = "") -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.4:
            args = "(2, 2), strides=(2, 2)"
        elif choice < 0.7:
            args = "pool_size=(2, 2)"
        else:
            args = "(2, 2)"
        if rng.random() < 0.2:
            args += ", dim_ordering='th'"
        call = f"{self.layer('MaxPooling2D')}({args})"
        return f"{indent}model.add({call})" if sequential else f"{indent}{var} = {call}({var})"

    def dense(self, units: str, indent: str, sequential: bool, var: str = "", activation: str | None = None) -> str:
        rng = self.rng
        # Keras 1 code named the size about as often as it passed it positionally.
        parts = [f"output_dim={units}"] if rng.random() < 0.6 else [units]
        if rng.random() < 0.5:
            parts.append(f"init={rng.choice(_INITS)!r}")
        if activation is not None:
            parts.append(f"activation={activation!r}")
        call = f"{self.layer('Dense')}({', '.join(parts)})"
        return f"{indent}model.add({call})" if sequential else f"{indent}{var} = {call}({var})"

    def simple(self, cls: str, args: str, indent: str, sequential: bool, var: str = "") -> str:
        call = f"{self.layer(cls)}({args})"
        return f"{indent}model.add({call})" if sequential else f"{indent}{var} = {call}({var})"

    def builder_sequential(self) -> None:
        rng = self.rng
        fn = self.fresh(rng.choice(("build_model", "build_cnn", "make_model", "vgg_like")))
        self.builders.append(fn)
        blocks = rng.randint(2, 4)
        base = rng.choice((16, 32, 64))
        self.emit(
            f"def {fn}(nb_classes=NB_CLASSES, dropout={rng.choice(('0.25', '0.5'))}):",
            f'    """A {blocks}-block VGG-style network (conv-conv-pool, then dense)."""',
            f"    model = {self.spell.sequential}()",
        )
        first = True
        for block in range(blocks):
            filters = base * (2**block)
            self.emit(f"    # block {block + 1}: {filters} filters")
            if rng.random() < 0.3 and not first:
                self.emit(self.simple("ZeroPadding2D", "(1, 1)", "    ", True))
            for _ in range(rng.choice((1, 2, 2))):
                self.emit(self.conv(str(filters), rng.choice((3, 3, 5)), "    ", True, first))
                first = False
            self.emit(self.pool("    ", True))
            if rng.random() < 0.5:
                self.emit(self.simple("Dropout", "dropout", "    ", True))
        self.emit("", self.simple("Flatten", "", "    ", True))
        self.emit(self.dense(str(rng.choice((128, 256, 512))), "    ", True))
        self.emit(self.simple("Activation", repr(rng.choice(_ACTIVATIONS)), "    ", True))
        self.emit(self.simple("Dropout", "0.5", "    ", True))
        self.emit(self.dense("nb_classes", "    ", True))
        self.emit(self.simple("Activation", "'softmax'", "    ", True))
        self.emit("    return model")
        self.blank(2)

    def builder_functional(self) -> None:
        rng = self.rng
        fn = self.fresh(rng.choice(("build_functional", "build_graph", "two_tower")))
        self.builders.append(fn)
        self.emit(
            f"def {fn}(nb_classes=NB_CLASSES, width={rng.choice((32, 48, 64))}):",
            '    """The same idea with the functional API, so we can branch later."""',
            f"    inputs = {self.layer('Input')}(shape=INPUT_SHAPE)",
            "    x = inputs",
        )
        if rng.random() < 0.5:
            self.emit("    for depth in range(3):")
            self.emit(self.conv("width * (depth + 1)", 3, "        ", False, False, "x"))
            self.emit(self.pool("        ", False, "x"))
        else:
            for depth in range(rng.randint(2, 3)):
                self.emit(self.conv(f"width * {depth + 1}", rng.choice((3, 5)), "    ", False, False, "x"))
                self.emit(self.pool("    ", False, "x"))
        self.emit(self.simple("Flatten", "", "    ", False, "x"))
        self.emit(self.dense(str(rng.choice((128, 256))), "    ", False, "x", activation="relu"))
        self.emit(self.simple("Dropout", rng.choice(("0.5", "0.3")), "    ", False, "x"))
        self.emit(self.dense("nb_classes", "    ", False, "x", activation="softmax"))
        self.emit(f"    model = {self.spell.model}(input=inputs, output=x)")
        self.emit("    return model")
        self.blank(2)

    def builder_mlp(self) -> None:
        rng = self.rng
        fn = self.fresh("build_mlp")
        self.builders.append(fn)
        hidden = rng.choice((256, 512, 1024))
        self.emit(
            f"def {fn}(nb_classes=NB_CLASSES, hidden={hidden}):",
            "    # a dense baseline; flatten the image first",
            f"    model = {self.spell.sequential}()",
            self.simple("Flatten", "input_shape=INPUT_SHAPE", "    ", True),
            self.dense("hidden", "    ", True, activation="relu"),
            self.simple("Dropout", "0.2", "    ", True),
            self.dense("hidden // 2", "    ", True, activation="relu"),
            self.simple("Dropout", "0.2", "    ", True),
            self.dense("nb_classes", "    ", True, activation="softmax"),
            "    return model",
        )
        self.blank(2)

    def train(self) -> None:
        rng = self.rng
        fn = self.fresh("train")
        builder = rng.choice(self.builders)
        optimizer = rng.choice(_OPTIMIZERS)
        if "SGD" in self.imported and rng.random() < 0.5:
            optimizer = f"SGD(lr={rng.choice(('0.01', '0.1', '0.001'))}, momentum=0.9, nesterov=True)"
        self.emit(
            f"def {fn}(X_train, Y_train, X_test, Y_test, nb_epoch=NB_EPOCH):",
            f"    model = {builder}()",
            f"    model.compile(loss='categorical_crossentropy', optimizer={optimizer},",
            "                  metrics=['accuracy'])",
            "    start = time.time()",
        )
        callbacks = "ModelCheckpoint" in self.imported and rng.random() < 0.7
        if callbacks:
            self.emit(
                "    checkpoint = ModelCheckpoint('weights.hdf5', monitor='val_loss', save_best_only=True)",
                "    stopper = EarlyStopping(monitor='val_loss', patience=5)",
                "    history = model.fit(X_train, Y_train, batch_size=BATCH_SIZE, nb_epoch=nb_epoch,",
                "                        verbose=1, validation_data=(X_test, Y_test),",
                "                        callbacks=[checkpoint, stopper])",
            )
        elif rng.random() < 0.5:
            self.emit(
                "    history = model.fit(X_train, Y_train, batch_size=32, nb_epoch=10,",
                "                        validation_split=0.1, shuffle=True)",
            )
        else:
            self.emit(
                "    history = model.fit(X_train, Y_train, batch_size=BATCH_SIZE, nb_epoch=nb_epoch,",
                "                        verbose=2, validation_data=(X_test, Y_test))",
            )
        self.emit(
            "    print('training took %.1f s' % (time.time() - start))",
            "    score = model.evaluate(X_test, Y_test, verbose=0)",
            "    print('Test score:', score[0])",
            "    print('Test accuracy:', score[1])",
            "    return model, history",
        )
        self.blank(2)

    def main(self) -> None:
        loads = [n for n in self.names_used if n.startswith("load_data")]
        hots = [n for n in self.names_used if n.startswith("one_hot")]
        trains = [n for n in self.names_used if n.startswith("train")]
        load = sorted(loads)[0] if loads else None
        hot = sorted(hots)[0] if hots else None
        train = sorted(trains)[0]
        self.emit("def main(argv=None):")
        if "import argparse" in self.lines:
            self.emit(
                "    parser = argparse.ArgumentParser(description=__doc__)",
                "    parser.add_argument('--epochs', type=int, default=NB_EPOCH)",
                "    parser.add_argument('--data', default=DATA_DIR)",
                "    args = parser.parse_args(argv)",
                "    epochs, data_dir = args.epochs, args.data",
            )
        else:
            self.emit("    epochs, data_dir = NB_EPOCH, DATA_DIR")
        if load:
            self.emit(
                f"    X_train, y_train = {load}(data_dir, 'train')",
                f"    X_test, y_test = {load}(data_dir, 'test')",
            )
        else:
            self.emit(
                "    X_train = np.random.rand(256, *INPUT_SHAPE).astype('float32')",
                "    y_train = np.random.randint(0, NB_CLASSES, 256)",
                "    X_test = np.random.rand(64, *INPUT_SHAPE).astype('float32')",
                "    y_test = np.random.randint(0, NB_CLASSES, 64)",
                "    print('using %s as data dir' % data_dir)",
            )
        if hot:
            self.emit(f"    Y_train, Y_test = {hot}(y_train), {hot}(y_test)")
        elif self.spell.np_utils:
            self.emit(
                f"    Y_train = {self.spell.np_utils}.to_categorical(y_train, NB_CLASSES)",
                f"    Y_test = {self.spell.np_utils}.to_categorical(y_test, NB_CLASSES)",
            )
        else:
            self.emit(
                "    Y_train = np.eye(NB_CLASSES)[y_train]",
                "    Y_test = np.eye(NB_CLASSES)[y_test]",
            )
        self.emit(
            "    print(X_train.shape[0], 'train samples')",
            "    print(X_test.shape[0], 'test samples')",
            f"    model, history = {train}(X_train, Y_train, X_test, Y_test, nb_epoch=epochs)",
            "    model.save_weights('final_weights.h5', overwrite=True)",
            "    return 0",
            "",
            "",
            "if __name__ == '__main__':",
            "    sys.exit(main())",
        )

    # -- the whole module ---------------------------------------------------------------
    def build(self, target_lines: int) -> str:
        rng = self.rng
        self.header()
        self.constants()
        helpers: list[Callable[[], None]] = [
            self.helper_load, self.helper_normalize, self.helper_one_hot, self.helper_shuffle,
            self.helper_minibatches, self.helper_augment, self.helper_accuracy,
            self.helper_confusion, self.helper_history, self.class_logger, self.class_generator,
        ]
        rng.shuffle(helpers)
        for helper in helpers[: rng.randint(2, 4)]:
            helper()
        # At least one Sequential CNN, so every module has Keras 1 layers to migrate.
        self.builder_sequential()
        if rng.random() < 0.6:
            self.builder_functional()
        if rng.random() < 0.3:
            self.builder_mlp()
        # Fill up to the target size with more of the same kind of code.
        fillers: list[Callable[[], None]] = [
            *helpers, self.builder_sequential, self.builder_functional,
        ]
        reserve = 45  # about what train() and main() add
        while len(self.lines) + reserve < target_lines:
            rng.choice(fillers)()
        self.train()
        self.main()
        return "\n".join(self.lines) + "\n"


def _from_import(module: str, names: list[str], rng: random.Random) -> list[str]:
    """``from module import a, b`` on one line, or wrapped in parentheses."""
    one_line = f"from {module} import {', '.join(names)}"
    if len(one_line) <= 79 or rng.random() < 0.3:
        return [one_line]
    style = rng.random()
    if style < 0.5:
        lines = [f"from {module} import ("]
        lines.extend(f"    {name}," for name in names)
        lines.append(")")
        return lines
    # backslash continuation, as older code often did
    half = len(names) // 2
    return [
        f"from {module} import {', '.join(names[:half])}, \\",
        f"    {', '.join(names[half:])}",
    ]


def generate_sources(total_lines: int, seed: int = 0) -> list[tuple[str, str]]:
    """``(file name, source)`` pairs whose sources add up to at least ``total_lines`` lines."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    lines = 0
    index = 0
    while lines < total_lines:
        target = rng.randint(MIN_FILE_LINES, MAX_FILE_LINES)
        module_rng = random.Random(rng.getrandbits(64))
        text = _Module(module_rng, index).build(target)
        name = f"experiment_{index:04d}.py"
        out.append((name, text))
        lines += text.count("\n")
        index += 1
    return out


def generate_corpus(directory: Path | str, total_lines: int = 20_000, seed: int = 0) -> list[Path]:
    """Write the corpus into ``directory`` (created if needed); return the file paths."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate_sources(total_lines, seed):
        path = root / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic Keras 1 corpus.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--lines", type=int, default=20_000, help="total lines (at least)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = generate_corpus(args.directory, args.lines, args.seed)
    total = sum(p.read_text(encoding="utf-8").count("\n") for p in paths)
    print(f"wrote {len(paths)} files, {total} lines, to {args.directory}")


if __name__ == "__main__":
    _main()
