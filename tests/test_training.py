"""Inline cases for the training-API rules (compile, generator methods, defaults,
Sequential methods, model methods): tiny rewrites, no-ops and findings, through migrate_source."""

from __future__ import annotations

import pytest

from kmigrate import migrate_source

SEQ = "from keras.models import Sequential\nmodel = Sequential()\n"
TF_SEQ = "from tensorflow.keras.models import Sequential\nmodel = Sequential()\n"
NEW_SEQ = TF_SEQ
IDG = "from keras.preprocessing.image import ImageDataGenerator\nfrom keras.models import Sequential\n"
NEW_IDG = "from tensorflow.keras.preprocessing.image import ImageDataGenerator\nfrom tensorflow.keras.models import Sequential\n"
BODY = "model = Sequential()\ndatagen = ImageDataGenerator()\n"
GEN = IDG + BODY
NEW_GEN = NEW_IDG + BODY

REWRITES = [
    pytest.param(
        SEQ + "model.compile('sgd', 'mse', ['mae'], 'temporal')\n",
        NEW_SEQ + "# kmigrate: K960 sample_weight_mode='temporal' was dropped: Keras 3 takes (batch, timesteps) sample "
        "weights as they are and averages over all timesteps (Keras 1 divided by the share of nonzero weights)\n"
        "model.compile('sgd', 'mse', metrics=['mae'])\n",
        id="a Sequential's fourth positional string is its sample_weight_mode",
    ),
    pytest.param(
        TF_SEQ + "model.compile('adam', 'mse', ['mae'])\n",
        TF_SEQ + "model.compile('adam', 'mse', metrics=['mae'])\n",
        id="tf.keras 2 code gets its positional metrics keyworded too",
    ),
    pytest.param(
        SEQ + "def build(net):\n    net.compile('sgd', 'mse', ['mae', 'acc'])\n",
        NEW_SEQ + "def build(net):\n    net.compile('sgd', 'mse', metrics=['mae', 'acc'])\n",
        id="a third positional list of strings proves a Keras compile on any receiver",
    ),
    pytest.param(
        GEN + "model.fit_generator(generator=datagen.flow(X, Y, batch_size=10), samples_per_epoch=len(X), nb_epoch=2)\n",
        NEW_IDG + "from math import ceil\n" + BODY
        + "model.fit(x=datagen.flow(X, Y, batch_size=10), steps_per_epoch=ceil(len(X) / 10), epochs=2)\n",
        id="the generator keyword becomes x and the flowed length is divided by the literal batch size",
    ),
    pytest.param(
        GEN + "model.fit_generator(ImageDataGenerator().flow(X, Y, batch_size=b), samples_per_epoch=n + m, nb_epoch=1)\n",
        NEW_IDG + "from math import ceil\n" + BODY
        + "# kmigrate: K962 Keras 3 reads this ImageDataGenerator iterator in passes of len(iterator) batches: "
        "steps_per_epoch matches Keras 1 only if n + m is its sample count; otherwise use len(iterator) and scale epochs\n"
        "model.fit(ImageDataGenerator().flow(X, Y, batch_size=b), steps_per_epoch=ceil((n + m) / b), epochs=1)\n",
        id="an inline ImageDataGenerator call proves the flow and a sum is parenthesised",
    ),
    pytest.param(
        GEN + "from numpy import ceil\ngen = datagen.flow(X, Y)\nmodel.fit_generator(gen, samples_per_epoch=len(X), nb_epoch=1)\n"
        "model.evaluate_generator(gen, 64)\n",
        NEW_GEN + "from numpy import ceil\nfrom math import ceil as math_ceil\ngen = datagen.flow(X, Y)\n"
        "model.fit(gen, steps_per_epoch=len(gen), epochs=1)\n"
        "# kmigrate: K962 Keras 3 reads at most len(iterator) batches from this ImageDataGenerator iterator: steps "
        "matches Keras 1 only if 64 is at most its sample count\n"
        "model.evaluate(gen, steps=math_ceil(64 / gen.batch_size), verbose=0)\n",
        id="an assigned iterator reads its own batch size and a taken ceil is imported under another name",
    ),
    pytest.param(
        GEN + "p = model.predict_generator(datagen.flow(X, batch_size=50, shuffle=False), val_samples=1000)\n",
        NEW_GEN + "# kmigrate: K962 Keras 3 reads at most len(iterator) batches from this ImageDataGenerator iterator: "
        "steps matches Keras 1 only if 1000 is at most its sample count\n"
        "p = model.predict(datagen.flow(X, batch_size=50, shuffle=False), steps=20, verbose=0)\n",
        id="predict of a whole number of literal batches needs no slice",
    ),
    pytest.param(
        "from tensorflow import keras\nmodel = keras.models.load_model('m.h5')\n"
        "model.fit_generator(seq, steps_per_epoch=10, epochs=2, max_queue_size=4, workers=1)\n",
        "from tensorflow import keras\nmodel = keras.models.load_model('m.h5')\n"
        "model.fit(seq, steps_per_epoch=10, epochs=2)\n",
        id="Keras 2 spellings keep their counts and serial worker keywords go silently",
    ),
    pytest.param(
        SEQ + "model.fit(X, y, validation_split=0.2)\n",
        NEW_SEQ + "# kmigrate: K966 Keras 1 fit trained 10 epochs by default and Keras 3 trains 1: epochs=10 keeps "
        "Keras 1's training; use epochs=1 if this was Keras 2.1+ code\n"
        "model.fit(X, y, validation_split=0.2, epochs=10)\n",
        id="a Keras 1 fit without an epoch count gets epochs=10",
    ),
    pytest.param(
        "from keras import models as M\nmodel = M.Sequential()\np = model.predict_proba(X)\n",
        "from tensorflow.keras import models as M\nmodel = M.Sequential()\np = model.predict(X)\n",
        id="an aliased models module still proves the receiver of predict_proba",
    ),
    pytest.param(
        SEQ + "y = [c for c in model.predict_classes(X)]\n",
        NEW_SEQ + "y = [c for c in (lambda p: p.argmax(axis=-1) if p.shape[-1] > 1 else (p > 0.5).astype('int32'))"
        "(model.predict(X))]\n",
        id="predict_classes inside an expression keeps Keras 1's switch",
    ),
    pytest.param(
        "from keras.models import load_model\nmodel = load_model('m.h5')\nif ready:\n    model._make_predict_function()\n",
        "from tensorflow.keras.models import load_model\n"
        "# kmigrate: K946 Keras 3 does not convert model files written by Keras 1 (configs, conv kernels, LSTM arrays): "
        "if this file comes from Keras 1, rebuild the model in code and load_weights a file re-saved with TensorFlow <= 2.15; "
        "if loading fails on the compile config (a loss named 'mse' or 'mae'), call load_model(path, compile=False) and "
        "compile again\n"
        "model = load_model('m.h5')\nif ready:\n    pass\n",
        id="a _make_predict_function alone in a block leaves pass",
    ),
    pytest.param(
        SEQ + "model.load_weights('pretrained.h5', by_name=True)\n",
        NEW_SEQ + "# kmigrate: K946 Keras 3 does not convert weights written by Keras 1 (Theano-ordered conv kernels, 12-array "
        "LSTM, 9-array GRU): if this file comes from Keras 1, load it once with TensorFlow <= 2.15 and save it again\n"
        "model.load_weights('pretrained.h5', by_name=True)\n",
        id="a legacy weight file nobody renamed is loaded as it is",
    ),
    pytest.param(
        SEQ + "cb = LambdaCallback(on_epoch_begin=lambda e, logs: model.reset_states())\n",
        NEW_SEQ + "cb = LambdaCallback(on_epoch_begin=lambda e, logs: [layer.reset_states() for layer in model.layers "
        "if getattr(layer, 'stateful', False)])\n",
        id="reset_states in a lambda becomes a comprehension",
    ),
    pytest.param(
        SEQ + "layer = model.layers[0]\nmodel.reset_states()\n",
        NEW_SEQ + "layer = model.layers[0]\nfor stateful_layer in model.layers:\n"
        "    if getattr(stateful_layer, 'stateful', False):\n        stateful_layer.reset_states()\n",
        id="the reset loop does not rebind a name the file uses",
    ),
    pytest.param(
        "from keras.callbacks import ModelCheckpoint\nfrom keras.models import load_model\n"
        "cb = ModelCheckpoint('best.hdf5', save_best_only=True)\nbest = load_model('best.hdf5')\n",
        "from tensorflow.keras.callbacks import ModelCheckpoint\nfrom tensorflow.keras.models import load_model\n"
        "# kmigrate: K915 ModelCheckpoint now writes files ending in .h5 instead of .hdf5 (Keras 3 needs it): update "
        "code that reads the checkpoint\ncb = ModelCheckpoint('best.h5', save_best_only=True)\nbest = load_model('best.h5')\n",
        id="load_model follows a checkpoint file renamed earlier in the file",
    ),
    pytest.param(
        SEQ + "for name, value in dict(zip(model.metrics_names, model.evaluate(X, y))).items():\n    print(name, value)\n",
        NEW_SEQ + "for name, value in dict(zip(model.metrics_names, model.evaluate(X, y))).items():\n    print(name, value)\n",
        id="metrics_names in a for header is not seen",
    ),
    pytest.param(
        SEQ + "print(list(zip(model.metrics_names, model.evaluate(X, y, verbose=0))))\n",
        NEW_SEQ + "print(list(model.evaluate(X, y, verbose=0, return_dict=True).items()))\n",
        id="zip of metrics_names and evaluate becomes the items of evaluate's dict",
    ),
]

NO_OPS = [
    pytest.param(TF_SEQ + "model.fit(x, y)\nmodel.predict(x)\n", id="tf.keras code keeps Keras 3's defaults"),
    pytest.param(SEQ + "def train(net):\n    net.fit(x, y)\n    return net.predict(x)\n", id="an unproven receiver keeps its fit and predict"),
    pytest.param(
        SEQ + "from sklearn.svm import SVC\nclf = SVC()\nclf.fit(X, y)\np = clf.predict_proba(X)\n",
        id="scikit-learn's fit and predict_proba are left alone",
    ),
    pytest.param(SEQ + "import re\npattern = re.compile(r'a+', re.I)\n", id="re.compile is left alone"),
    pytest.param(SEQ + "model.fit(X, y, 32, 5)\n", id="a positional epoch count is kept"),
    pytest.param(SEQ + "model.fit(X, y, steps_per_epoch=10)\n", id="fit with a Keras 2 keyword keeps one epoch"),
    pytest.param(SEQ + "model.predict(X, 32, 0)\n", id="a positional verbose is kept"),
    pytest.param(SEQ + "model.save('model.hdf5')\nimage.save('out.png')\n", id="save with an accepted name and a PIL save are left alone"),
    pytest.param(SEQ + "model.layers[0].reset_states()\nlstm.reset_states()\n", id="a layer's reset_states is left alone"),
    pytest.param(SEQ + "model.test_on_batch(X, y, w)\n", id="test_on_batch kept its order"),
    pytest.param(
        "from keras.models import Model\nmodel = Model(a, b)\nmodel.train_on_batch(X, y, w)\n",
        id="a functional Model's train_on_batch already had today's order",
    ),
    pytest.param(SEQ + "model.compile(optimizer='sgd', loss='mse', *extra)\n", id="compile with star arguments is left alone"),
]

FINDINGS = [
    pytest.param(
        SEQ + "gen = loader.flow(X, Y, batch_size=8)\nmodel.fit_generator(gen, samples_per_epoch=100, nb_epoch=1)\n",
        ["K961"],
        id="a flow on an unproven receiver has an unknown batch size",
    ),
    pytest.param(SEQ + "model.fit_generator(gen, 100, 5)\n", ["K961", "K965"], id="a positional-only call in a file with no Keras 1 keyword is marked"),
    pytest.param(
        SEQ + "model.fit(X, y, nb_epoch=2)\nmodel.fit_generator(gen, 100, 5)\n",
        ["K961"],
        id="nb_epoch earlier in the file proves Keras 1 positionals",
    ),
    pytest.param(
        SEQ + "model.fit_generator(gen(), samples_per_epoch=9, nb_epoch=1, class_weight=cw, nb_worker=2)\n",
        ["K961", "K963", "K964"],
        id="class_weight and parallel workers with a Python generator are marked",
    ),
    pytest.param("def f(net):\n    return net.predict_classes(X)\n", [], id="predict_classes in a file without Keras is not seen"),
    pytest.param(SEQ + "def f(net):\n    return net.predict_classes(X)\n", ["K967"], id="predict_classes on an unproven receiver is marked"),
    pytest.param(SEQ + "model.save('saved_model_dir')\n", ["K968"], id="save without an extension is marked"),
    pytest.param(SEQ + "model.save_weights(path)\n", ["K968"], id="a weight file name that cannot be seen is marked"),
    pytest.param(
        "from keras.models import load_model\nmodel = load_model('m')\nmodel.compile('sgd', 'mse', ['mae'], w)\n",
        ["K960"],
        id="a fourth compile positional of unknown kind is marked",
    ),
    pytest.param(SEQ + "print(model.metrics_names)\n", ["K969"], id="a metrics_names read is marked"),
    pytest.param(
        "from keras.callbacks import Callback\nclass R(Callback):\n    def on_epoch_end(self, e, logs=None):\n"
        "        self.model.reset_states()\n",
        ["K969"],
        id="reset_states on a callback's model is marked",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REWRITES)
def test_rewrites(source: str, expected: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == expected
    assert migrate_source(result.new_source).new_source == result.new_source


@pytest.mark.parametrize("source", NO_OPS)
def test_no_ops(source: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    body = source.split("\n", 2)[2]
    assert result.new_source.split("\n", 2)[2] == body
    assert not [f for f in result.findings if f.code.startswith("K96")]


@pytest.mark.parametrize(("source", "codes"), FINDINGS)
def test_findings(source: str, codes: list[str]) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert sorted(f.code for f in result.findings if f.code.startswith("K96")) == codes
