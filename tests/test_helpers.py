"""Inline cases for the helper, removed-helper and callback rules, through migrate_source."""

from __future__ import annotations

import pytest

from kmigrate import migrate_source

REWRITES = [
    pytest.param(
        "from keras.utils.visualize_util import plot as draw\ndraw(model, 'm.png')\n",
        "from tensorflow.keras.utils import plot_model as draw\ndraw(model, 'm.png', show_layer_names=True)\n",
        id="aliased plot keeps its alias and gets show_layer_names",
    ),
    pytest.param(
        "from keras.utils.visualize_util import plot\nplot(\n    model,\n    to_file='m.png',\n)\n",
        "from tensorflow.keras.utils import plot_model\nplot_model(\n    model,\n    to_file='m.png',\n    show_layer_names=True,\n)\n",
        id="an added keyword follows a trailing comma onto its own line",
    ),
    pytest.param(
        "import keras.utils.visualize_util\nkeras.utils.visualize_util.plot(model)\n",
        "from tensorflow import keras\nkeras.utils.plot_model(model, show_layer_names=True)\n",
        id="dotted plot becomes plot_model",
    ),
    pytest.param(
        "import keras\nY = keras.utils.np_utils.to_categorical(y, nb_classes=3)\n",
        "from tensorflow import keras\nY = keras.utils.to_categorical(y, num_classes=3)\n",
        id="dotted to_categorical keyword is renamed",
    ),
    pytest.param(
        "import tensorflow as tf\nY = tf.keras.utils.to_categorical(y, nb_classes=3)\n",
        "import tensorflow as tf\nY = tf.keras.utils.to_categorical(y, num_classes=3)\n",
        id="a Keras 1 keyword is renamed under tf.keras too",
    ),
    pytest.param(
        "from keras.utils import np_utils\nY = np_utils.to_categorical(y, 10)\n",
        "from tensorflow.keras import utils as np_utils\nY = np_utils.to_categorical(y, 10)\n",
        id="positional nb_classes stays positional",
    ),
    pytest.param(
        "import keras.preprocessing.text as kt\ntok = kt.Tokenizer(nb_words=100, lower=True)\n",
        "from tensorflow.keras.preprocessing import text as kt\ntok = kt.Tokenizer(num_words=100, lower=True)\n",
        id="Tokenizer nb_words through a module alias",
    ),
    pytest.param(
        "from keras.preprocessing.image import load_img\nimg = load_img(p, grayscale=False)\n",
        "from tensorflow.keras.preprocessing.image import load_img\nimg = load_img(p)\n",
        id="grayscale=False is the default color_mode",
    ),
    pytest.param(
        "from keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(shear_range=1.5707963267948966)\n",
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(shear_range=90.0)\n",
        id="a right angle in radians is 90 degrees",
    ),
    pytest.param(
        "from keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(shear_range=15)\n",
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(shear_range=15)\n",
        id="a shear_range above pi/2 is taken to be in degrees already",
    ),
    pytest.param(
        "from keras.applications import VGG16\nm = VGG16(False, 'imagenet', None, None, None)\n",
        "from tensorflow.keras.applications import VGG16\nm = VGG16(False, 'imagenet', None, None, None)\n",
        id="a fifth VGG16 positional of None is the Keras 2 pooling",
    ),
    pytest.param(
        "from keras import callbacks as cbks\ncb = cbks.ModelCheckpoint('m.keras', period=1)\n",
        "from tensorflow.keras import callbacks as cbks\ncb = cbks.ModelCheckpoint('m.keras')\n",
        id="period=1 is dropped",
    ),
    pytest.param(
        "from keras.callbacks import *\ncb = ReduceLROnPlateau(epsilon=1e-3)\n",
        "from tensorflow.keras.callbacks import *\ncb = ReduceLROnPlateau(min_delta=1e-3)\n",
        id="a star import provides the callback",
    ),
    pytest.param(
        "from keras.callbacks import CallbackList\ncbs = CallbackList([a, b], 10)\n",
        "from tensorflow.keras.callbacks import CallbackList\ncbs = CallbackList([a, b])\n",
        id="CallbackList queue_length is dropped, not read as add_history",
    ),
    pytest.param(
        "from keras.utils.np_utils import categorical_probas_to_classes as p2c\nimport numpy as np\nc = p2c(p)\n",
        "import numpy as np\nfrom numpy import argmax\nc = argmax(p, axis=1)\n",
        id="aliased categorical_probas_to_classes loses its import",
    ),
]

NO_OPS = [
    pytest.param(
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
        "g = ImageDataGenerator(False, False, False, False, False, 1e-6, 10)\n",
        id="tf.keras positionals keep their Keras 3 meaning",
    ),
    pytest.param(
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(shear_range=0.2)\n",
        id="a tf.keras shear_range is already in degrees",
    ),
    pytest.param(
        "from tensorflow.keras.utils import plot_model\nplot_model(model, 'm.png', True, True)\n",
        id="plot_model is Keras 3 code",
    ),
    pytest.param(
        "from tensorflow.keras.utils import model_to_dot\ndot = model_to_dot(model)\n",
        id="model_to_dot still shows layer names by default",
    ),
    pytest.param(
        "def to_categorical(y, nb_classes):\n    return y\nY = to_categorical(y, nb_classes=3)\nfrom tensorflow import keras\n",
        id="a user's own to_categorical is left alone",
    ),
    pytest.param(
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
        "batches = ImageDataGenerator().flow(x, y, batch_size=32, sample_weight=w)\n",
        id="a Keras 3 flow call is left alone",
    ),
    pytest.param(
        "from tensorflow import keras\nresult = solver.flow(X=grid, steps=10)\n",
        id="flow with keywords ImageDataGenerator never took is not touched",
    ),
    pytest.param(
        "from tensorflow.keras.callbacks import ModelCheckpoint\n"
        "a = ModelCheckpoint('w.weights.h5', save_weights_only=True)\nb = ModelCheckpoint('m.keras')\n",
        id="Keras 3 checkpoint names are kept",
    ),
    pytest.param(
        "from tensorflow.keras.callbacks import EarlyStopping\ne = EarlyStopping(patience=0)\nf = EarlyStopping()\n",
        id="patience 0 and the default need nothing",
    ),
    pytest.param(
        "from tensorflow.keras.callbacks import EarlyStopping\ne = EarlyStopping(patience=3)\n",
        id="tf.keras EarlyStopping already counts patience the Keras 3 way",
    ),
    pytest.param(
        "from tensorflow.keras.preprocessing.sequence import pad_sequences\nX = pad_sequences(s, 80, 'int32', 'post')\n",
        id="pad_sequences did not change",
    ),
]

FINDINGS = [
    pytest.param(
        "from keras.callbacks import EarlyStopping\ne = EarlyStopping(patience=3)\n",
        ["K918"],
        id="Keras 1 patience is one epoch longer",
    ),
    pytest.param(
        "from keras.callbacks import EarlyStopping\ne = EarlyStopping(patience=0)\n",
        [],
        id="Keras 1 patience 0 stops at the same epoch",
    ),
    pytest.param(
        "from keras.callbacks import ModelCheckpoint\ncb = ModelCheckpoint('w.hdf5', save_weights_only=True)\n",
        ["K915"],
        id="a renamed checkpoint file is reported",
    ),
    pytest.param(
        "from keras.preprocessing.image import ImageDataGenerator\nflow = ImageDataGenerator().flow(x, y, 32, True, 3)\n",
        ["K911"],
        id="a five-positional flow is reported, not guessed",
    ),
    pytest.param(
        "from keras.utils.np_utils import convert_kernel\nk = convert_kernel(w)\n",
        ["K901", "K913"],
        id="convert_kernel keeps its import and is marked",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REWRITES)
def test_rewrites(source: str, expected: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == expected
    assert migrate_source(expected).new_source == expected


@pytest.mark.parametrize("source", NO_OPS)
def test_no_ops(source: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == source
    assert not result.findings


@pytest.mark.parametrize(("source", "codes"), FINDINGS)
def test_findings(source: str, codes: list[str]) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert [f.code for f in result.findings] == codes
