"""Inline cases for the optimizer rules (K410-K414), through migrate_source."""

from __future__ import annotations

import pytest

from kmigrate import migrate_source

REWRITES = [
    pytest.param(
        "from keras.optimizers import SGD\nopt = SGD(lr=0.1)\n",
        "from tensorflow.keras.optimizers import SGD\nopt = SGD(learning_rate=0.1)\n",
        id="lr becomes learning_rate",
    ),
    pytest.param(
        "from keras.optimizers import SGD as S\nopt = S(lr=0.1, momentum=0.9)\n",
        "from tensorflow.keras.optimizers import SGD as S\nopt = S(learning_rate=0.1, momentum=0.9)\n",
        id="an aliased import is followed",
    ),
    pytest.param(
        "from keras.optimizers import *\nopt = Adam(lr=0.1)\n",
        "from tensorflow.keras.optimizers import *\nopt = Adam(learning_rate=0.1, epsilon=1e-08)\n",
        id="a star import is followed",
    ),
    pytest.param(
        "import keras\nopt = keras.optimizers.SGD(lr=0.1, decay=0.)\n",
        "from tensorflow import keras\nopt = keras.optimizers.SGD(learning_rate=0.1)\n",
        id="decay zero is the default and is dropped",
    ),
    pytest.param(
        "import keras\nopt = keras.optimizers.SGD(lr=0.1, decay=1e-4)\n",
        "from tensorflow import keras\nopt = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay("
        "initial_learning_rate=0.1, decay_steps=1, decay_rate=1e-4))\n",
        id="a decay becomes an inverse-time schedule spelled through the module",
    ),
    pytest.param(
        "from keras.optimizers import Adadelta\nopt = Adadelta(decay=0.1)\n",
        "from tensorflow.keras.optimizers import Adadelta\nfrom tensorflow.keras.optimizers.schedules import InverseTimeDecay\n"
        "opt = Adadelta(learning_rate=InverseTimeDecay(initial_learning_rate=1.0, decay_steps=1, decay_rate=0.1), "
        "epsilon=1e-08)\n",
        id="a decay without lr starts from Keras 1's default learning rate",
    ),
    pytest.param(
        "from keras.optimizers import Nadam\nopt = Nadam(lr=0.002, decay=0.01)\n",
        "from tensorflow.keras.optimizers import Nadam\n"
        "# kmigrate: K970 Keras 3 Nadam warms its momentum as 0.96**t where Keras 1 used 0.96**(t*schedule_decay), "
        "schedule_decay=0.004: steps differ and no argument restores it; subclass Nadam to reproduce Keras 1\n"
        "opt = Nadam(learning_rate=0.002, epsilon=1e-08)\n",
        id="Nadam never decayed its learning rate so decay is dropped",
    ),
    pytest.param(
        "from keras.optimizers import Adagrad\nopt = Adagrad(0.01, 1e-06)\n",
        "from tensorflow.keras.optimizers import Adagrad\n"
        "# kmigrate: K974 Keras 3 adds epsilon inside the square root (Keras 1: sqrt(a) + epsilon): epsilon ** 2 "
        "matches except where sqrt(a) is near epsilon, where steps grow up to 41%\n"
        "opt = Adagrad(0.01, epsilon=1e-06 ** 2, initial_accumulator_value=0.0)\n",
        id="Adagrad's second positional is epsilon not the initial accumulator",
    ),
    pytest.param(
        "from keras.optimizers import RMSprop\nopt = RMSprop(0.01, 0.9, 1e-08)\n",
        "from tensorflow.keras.optimizers import RMSprop\nopt = RMSprop(0.01, rho=0.9, epsilon=1e-08 ** 2)\n",
        id="RMSprop's third positional is epsilon not momentum",
    ),
    pytest.param(
        "from keras.optimizers import adam\nopt = adam()\n",
        "from tensorflow.keras.optimizers import Adam\nopt = Adam(epsilon=1e-08)\n",
        id="a Keras 1 lower-case alias becomes the class",
    ),
    pytest.param(
        "import tensorflow as tf\nopt = tf.keras.optimizers.legacy.Adam(lr=0.1)\n",
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(learning_rate=0.1)\n",
        id="a tf.keras legacy optimizer becomes the regular one with today's defaults",
    ),
    pytest.param(
        "from keras.optimizers import SGD\nopt = SGD(\n    lr=0.1,\n    decay=1e-6,\n)\n",
        "from tensorflow.keras.optimizers import SGD\nfrom tensorflow.keras.optimizers.schedules import InverseTimeDecay\n"
        "opt = SGD(\n    learning_rate=InverseTimeDecay(initial_learning_rate=0.1, decay_steps=1, decay_rate=1e-6),\n)\n",
        id="a multi-line call keeps its closing bracket",
    ),
    pytest.param(
        "from keras.models import Sequential\nmodel = Sequential()\nmodel.compile('adadelta', 'mse')\n",
        "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.optimizers import Adadelta\n"
        "model = Sequential()\nmodel.compile(Adadelta(learning_rate=1.0, epsilon=1e-08), 'mse')\n",
        id="a positional optimizer string on a model",
    ),
    pytest.param(
        "from keras import optimizers\nfrom keras.models import Sequential\nmodel = Sequential()\n"
        "model.compile(loss='mse', optimizer='adamax')\n",
        "from tensorflow.keras import optimizers\nfrom tensorflow.keras.models import Sequential\nmodel = Sequential()\n"
        "model.compile(loss='mse', optimizer=optimizers.Adamax(learning_rate=0.002, epsilon=1e-08))\n",
        id="an optimizer string is spelled through an imported optimizers module",
    ),
    pytest.param(
        "from keras.layers import Dense\n\ndef go(net):\n    net.compile(loss='mse', optimizer='adagrad')\n",
        "from tensorflow.keras.layers import Dense\nfrom tensorflow.keras.optimizers import Adagrad\n\ndef go(net):\n"
        "    net.compile(loss='mse', optimizer=Adagrad(learning_rate=0.01, initial_accumulator_value=0.0, "
        "epsilon=1e-08 ** 2))\n",
        id="Keras keywords prove a compile on an unknown receiver",
    ),
    pytest.param(
        "from keras import backend as K\nK.set_value(model.optimizer.lr, K.get_value(model.optimizer.lr) / 10)\n",
        "from tensorflow.keras import backend as K\n"
        "model.optimizer.learning_rate.assign(float(model.optimizer.learning_rate) / 10)\n",
        id="get_value inside set_value",
    ),
    pytest.param(
        "from keras import backend as K\n\ndef schedule(optimizer):\n    K.set_value(optimizer.lr, 0.1)\n",
        "from tensorflow.keras import backend as K\n\ndef schedule(optimizer):\n    optimizer.learning_rate.assign(0.1)\n",
        id="a name called optimizer counts as an optimizer",
    ),
    pytest.param(
        "import keras\nprint(model.optimizer.lr)\n",
        "from tensorflow import keras\nprint(model.optimizer.learning_rate)\n",
        id="a bare optimizer.lr in a statement that names nothing from Keras",
    ),
    pytest.param(
        "import keras\nopt = keras.optimizers.RMSprop()\nif True:\n    lr = opt.lr\n",
        "from tensorflow import keras\nopt = keras.optimizers.RMSprop(epsilon=1e-08 ** 2)\nif True:\n"
        "    lr = opt.learning_rate\n",
        id="a name assigned an optimizer is followed into a block",
    ),
    pytest.param(
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(lr=0.1, epsilon=None)\n",
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(learning_rate=0.1)\n",
        id="epsilon None meant K.epsilon() which is Keras 3's default",
    ),
    pytest.param(
        "from keras.models import Sequential\nmodel = Sequential()\nmodel.compile(loss='mse', optimizer='sgd')\n",
        "from tensorflow.keras.models import Sequential\nmodel = Sequential()\nmodel.compile(loss='mse', optimizer='sgd')\n",
        id="the sgd string stays: no SGD default changed",
    ),
    pytest.param(
        "from keras.optimizers import Adagrad\nopt = Adagrad(learning_rate=0.1)\n",
        "from tensorflow.keras.optimizers import Adagrad\nopt = Adagrad(learning_rate=0.1)\n",
        id="a Keras 2.3 call with learning_rate keeps today's defaults",
    ),
]

NO_OPS = [
    pytest.param(
        "import keras\nimport re\np = re.compile('adam')\n",
        id="re.compile is not a Keras compile",
    ),
    pytest.param(
        "import keras\n\ndef f(net):\n    net.compile('adadelta')\n",
        id="compile on an unknown receiver without Keras keywords is left alone",
    ),
    pytest.param(
        "from tensorflow import keras\nmodel = keras.Sequential()\nmodel.compile(loss='mse', optimizer='adadelta')\n",
        id="a tf.keras file keeps its optimizer strings",
    ),
    pytest.param(
        "from tensorflow.keras.optimizers import Adadelta, Adagrad\na = Adadelta()\nb = Adagrad(0.01, 0.1)\n",
        id="tf.keras optimizers keep their defaults and positionals",
    ),
    pytest.param(
        "import keras\n\nclass SGD(object):\n    def __init__(self, lr):\n        self.lr = lr\n\nopt = SGD(lr=0.1)\n",
        id="a user's own SGD is not Keras's",
    ),
    pytest.param(
        "import keras\nconfig.lr = 0.1\nprint(config.lr, trainer.lr)\n",
        id="lr of something that is not an optimizer",
    ),
]

FINDINGS = [
    pytest.param("from keras.optimizers import SGD\nopt = SGD(*args)\n", ["K972"], id="star arguments cannot be checked"),
    pytest.param(
        "from keras.optimizers import Nadam\nopt = Nadam(schedule_decay=0.01)\n", ["K970"], id="schedule_decay is dropped"
    ),
    pytest.param(
        "from keras.callbacks import LearningRateScheduler\nfrom keras.optimizers import SGD\nopt = SGD(lr=0.1, decay=1e-3)\n",
        ["K971"],
        id="a decay schedule in a file whose callbacks set the learning rate",
    ),
    pytest.param(
        "from keras.optimizers import RMSprop\nopt = RMSprop(epsilon=1e-4)\n",
        ["K974"],
        id="a non-default RMSprop epsilon",
    ),
    pytest.param(
        "from keras import backend as K\nd = K.get_value(model.optimizer.decay)\n", ["K972"], id="the decay attribute is gone"
    ),
    pytest.param(
        "from keras.optimizers import Optimizer\n\nclass Mine(Optimizer):\n    pass\n", ["K973"], id="an Optimizer subclass"
    ),
    pytest.param(
        "import tensorflow as tf\n\nclass Mine(tf.keras.optimizers.legacy.Optimizer):\n    pass\n",
        ["K973"],
        id="a tf.keras 2 legacy Optimizer subclass",
    ),
    pytest.param(
        "import keras\nupdates = opt.get_updates(params, constraints, loss)\n", ["K973"], id="get_updates is called"
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
    """Nothing changes below the import lines (which move to tensorflow.keras), and no finding."""
    result = migrate_source(source)
    assert result.error is None
    body = [line for line in source.splitlines() if "import " not in line]
    assert [line for line in result.new_source.splitlines() if "import " not in line] == body
    assert not result.findings


@pytest.mark.parametrize(("source", "codes"), FINDINGS)
def test_findings(source: str, codes: list[str]) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert [f.code for f in result.findings] == codes
