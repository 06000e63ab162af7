"""Inline cases for the backend rules (K501-K508), through migrate_source."""

from __future__ import annotations

import pytest

from kmigrate import migrate_source

K = "from keras import backend as K\n"
TK = "from tensorflow.keras import backend as K\n"

REWRITES = [
    pytest.param(
        K + "if K.image_dim_ordering() == 'th':\n    pass\n",
        TK + "if K.image_data_format() == 'channels_first':\n    pass\n",
        id="an if test compared with th becomes channels_first",
    ),
    pytest.param(
        K + "a = 'tf' == K.image_dim_ordering()\n",
        TK + "a = 'channels_last' == K.image_data_format()\n",
        id="the literal may come first",
    ),
    pytest.param(
        K + "a = K.image_dim_ordering() not in ['th']\n",
        TK + "a = K.image_data_format() not in ['channels_first']\n",
        id="not in a list of literals is converted",
    ),
    pytest.param(
        K + "a = K.image_dim_ordering() == 'default'\n",
        TK + "a = K.image_data_format() == 'default'\n",
        id="a literal that is not an ordering is kept",
    ),
    pytest.param(
        K + "o = K.image_dim_ordering()\nfor i in range(2):\n    if o == 'th':\n        pass\n",
        TK + "o = K.image_data_format()\nfor i in range(2):\n    if o == 'channels_first':\n        pass\n",
        id="a variable is followed into nested blocks after it",
    ),
    pytest.param(
        "import keras.backend.common as C\nif C.image_dim_ordering() == 'tf':\n    pass\n",
        "from tensorflow.keras import backend as C\nif C.image_data_format() == 'channels_last':\n    pass\n",
        id="keras.backend.common is the backend",
    ),
    pytest.param(
        "from keras.backend import set_image_dim_ordering as set_ordering\nset_ordering('tf')\n",
        "from tensorflow.keras.backend import set_image_data_format as set_ordering\nset_ordering('channels_last')\n",
        id="an aliased setter keeps its alias",
    ),
    pytest.param(
        K + "y = K.random_normal((2, 3), 0.0, std=1.0)\n",
        TK + "y = K.random_normal((2, 3), 0.0, stddev=1.0)\n",
        id="random_normal std becomes stddev",
    ),
    pytest.param(
        K + "y = K.resize_images(x, 2, 2, dim_ordering='tf')\n",
        TK + "y = K.resize_images(x, 2, 2, data_format='channels_last')\n",
        id="resize_images keyword ordering is converted",
    ),
    pytest.param(
        K + "y = K.conv2d(x, w, dim_ordering='tf', filter_shape=(3, 3, 1, 8))\n",
        TK + "y = K.conv2d(x, w, data_format='channels_last')\n",
        id="filter_shape is dropped",
    ),
    pytest.param(
        K + "y = K.pool3d(x, (2, 2, 2), border_mode='same', dim_ordering='default')\n",
        TK + "y = K.pool3d(x, (2, 2, 2), padding='same')\n",
        id="the default ordering is dropped",
    ),
    pytest.param(
        "from keras.backend import random_binomial\nb = random_binomial((3,), 0.5)\n",
        "from tensorflow.keras.backend import random_bernoulli\nb = random_bernoulli((3,), 0.5)\n",
        id="a from-imported renamed function follows",
    ),
    pytest.param(
        K + "t = K.temporal_padding(x, padding=n)\n",
        TK + "t = K.temporal_padding(x, padding=(n, n))\n",
        id="a temporal padding held in a name becomes a pair",
    ),
    pytest.param(
        K + "t = K.asymmetric_temporal_padding(x)\n",
        TK + "t = K.temporal_padding(x, padding=(1, 1))\n",
        id="asymmetric padding defaults are written out",
    ),
    pytest.param(
        K + "import tensorflow as tf\ny = K.tf.reduce_mean(x)\n",
        TK + "import tensorflow as tf\ny = tf.reduce_mean(x)\n",
        id="K.tf uses an existing tf import",
    ),
    pytest.param(
        "tf = 3\n" + K + "y = K.tf.reduce_mean(x)\n",
        "tf = 3\n" + TK + "import tensorflow\ny = tensorflow.reduce_mean(x)\n",
        id="K.tf avoids a name the file already uses",
    ),
    pytest.param(
        K + "def f(x):\n    return K.print_tensor(x)\n",
        TK + "import tensorflow as tf\ndef f(x):\n    tf.print(x)\n    return x\n",
        id="a returned print_tensor prints first",
    ),
    pytest.param(
        K + "def loss(true, pred):\n    return K.binary_crossentropy(pred, true)\n",
        TK + "def loss(true, pred):\n"
        "    # kmigrate: K979 swapped to (target, output): K.binary_crossentropy took (output, target) up to Keras 2.0.6;"
        " both orders run without an error, so check this loss\n"
        "    return K.binary_crossentropy(true, pred)\n",
        id="names prove the Keras 1 order",
    ),
    pytest.param(
        K + "K.set_value(model.layers[0].bias, b)\n",
        TK + "model.layers[0].bias.assign(b)\n",
        id="set_value on a layer bias becomes assign",
    ),
    pytest.param(
        K + "from keras.layers import Input\nx = Input(shape=(3,))\ny = K.exp(x)\n",
        TK + "from tensorflow.keras.layers import Input, Lambda\nx = Input(shape=(3,))\ny = Lambda(lambda t: K.exp(t))(x)\n",
        id="an op on an Input is wrapped",
    ),
    pytest.param(
        K + "from keras.layers import Input\nt = Input(shape=(3,))\ny = K.exp(t)\n",
        TK + "from tensorflow.keras.layers import Input, Lambda\nt = Input(shape=(3,))\ny = Lambda(lambda t_: K.exp(t_))(t)\n",
        id="the lambda parameter avoids the names it uses",
    ),
    pytest.param(
        K + "from keras.layers import Input\nx = Input(shape=(3,))\ndef f():\n    x = 1\n    return x\ny = K.sum(x)\n",
        TK + "from tensorflow.keras.layers import Input, Lambda\nx = Input(shape=(3,))\n"
        "def f():\n    x = 1\n    return x\ny = Lambda(lambda t: K.sum(t))(x)\n",
        id="a binding inside a def does not rebind the module's name",
    ),
    pytest.param(
        "from keras.layers import Input, Dense\nx = Input(shape=(3,))\nh = Dense(2)(x)\nd = h.get_shape()[1]\n",
        "from tensorflow.keras.layers import Input, Dense\nx = Input(shape=(3,))\nh = Dense(2)(x)\nd = h.shape[1]\n",
        id="get_shape on a layer output becomes shape",
    ),
]

UNCHANGED = [
    pytest.param(TK + "if K.image_data_format() == 'channels_first':\n    pass\n", id="Keras 2 ordering code is left alone"),
    pytest.param(
        "from tensorflow.keras import backend as K\ny = K.conv2d(x, w, (1, 1), 'same', 'channels_last', (2, 2))\n",
        id="tensorflow.keras positions are not rebound",
    ),
    pytest.param(TK + "y = K.categorical_crossentropy(y_pred, y_true)\n", id="tensorflow.keras crossentropy is not swapped"),
    pytest.param(TK + "y = K.categorical_crossentropy(target=t, output=o)\n", id="keyword crossentropy is not swapped"),
    pytest.param(
        TK + "from tensorflow.keras.layers import Input\nx = Input(shape=(3,))\nn = K.int_shape(x)\n",
        id="int_shape on a Keras tensor stays",
    ),
    pytest.param(TK + "x = np.ones(3)\ny = K.sum(x)\n", id="an op on a NumPy array is not wrapped"),
    pytest.param(
        TK + "from tensorflow.keras.layers import Input\nx = Input(shape=(3,))\nx = np.ones(3)\ny = K.sum(x)\n",
        id="a rebound name is no longer a Keras tensor",
    ),
    *(
        pytest.param(
            TK + "from tensorflow.keras.layers import Input\nx = Input(shape=(3,))\n" + rebind + "y = K.sum(x)\n",
            id=f"a name rebound by {how} is no longer a Keras tensor",
        )
        for how, rebind in [
            ("a for loop", "for x in range(3):\n    pass\n"),
            ("with-as", "with open('f') as x:\n    pass\n"),
            ("except-as in a nested block", "if a:\n    try:\n        pass\n    except OSError as x:\n        x = 1\n"),
            ("an import in a block", "if a:\n    import x\n"),
            ("a def", "def x():\n    pass\n"),
            ("an assignment expression in a condition", "if (x := np.ones(3)) is not None:\n    pass\n"),
            ("an assignment expression in a loop body", "while a:\n    f(x := 2)\n"),
        ]
    ),
    pytest.param(
        TK + "from tensorflow.keras.layers import Input, Dense\nx = Input(shape=(3,))\ny = K.sum(Dense(2)(x))\n",
        id="an op around a layer call is not wrapped",
    ),
    pytest.param("def image_dim_ordering():\n    return 'th'\nif image_dim_ordering() == 'th':\n    pass\n", id="a user's own function is not touched"),
    pytest.param(TK + "K.set_value(self.model.optimizer.learning_rate, 0.1)\n", id="the learning rate is left to the optimizer rules"),
]

FINDINGS = [
    pytest.param(K + "f(K.image_dim_ordering())\n", "K975", id="an unknown use of the ordering is reported"),
    pytest.param(K + "o = K.image_dim_ordering()\no = 'th'\nif o == 'th':\n    pass\n", "K975", id="a variable bound twice is reported"),
    pytest.param(K + "y = K.conv2d(x, w, dim_ordering='th')\n", "K977", id="a th convolution kernel is reported"),
    pytest.param(K + "f = K.function([a], [b])\n", "K978", id="K.function is reported"),
    pytest.param(K + "y = f(K.print_tensor(x))\n", "K978", id="print_tensor inside an expression is reported"),
    pytest.param(K + "y = K.categorical_crossentropy(a, b)\n", "K979", id="an unprovable crossentropy order is reported"),
    pytest.param(K + "K.set_value(v, 1.0)\n", "K980", id="set_value on an unknown variable is reported"),
    pytest.param(K + "y = K.spatial_2d_padding(x, f(x))\n", "K981", id="a computed padding is reported"),
    pytest.param(K + "if K.backend() == 'theano':\n    pass\n", "K982", id="a Theano branch is reported"),
    pytest.param(K + "g = K.gradients(loss, ws)\n", "K983", id="K.gradients is reported"),
    pytest.param("from keras.backend import tensorflow_backend as KTF\ns = KTF.get_session()\n", "K978", id="a tensorflow_backend session is reported"),
]


@pytest.mark.parametrize(("before", "after"), REWRITES)
def test_rewrite(before: str, after: str) -> None:
    result = migrate_source(before)
    assert result.error is None
    assert result.new_source == after
    assert migrate_source(after).new_source == after


@pytest.mark.parametrize("source", UNCHANGED)
def test_unchanged(source: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == source
    assert not [f for f in result.findings if f.code.startswith("K97") or f.code.startswith("K98")]


@pytest.mark.parametrize(("source", "code"), FINDINGS)
def test_finding(source: str, code: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert code in {f.code for f in result.findings}
    assert f"# kmigrate: {code} " in result.new_source


@pytest.mark.parametrize(
    "source",
    [
        "import keras\nfrom keras.layers import Input\nx = Input(shape=(3,))\ny = keras.backend.sum(x)\n",
        "from keras.backend import sum as ksum\nfrom keras.layers import Input\nx = Input(shape=(3,))\ny = ksum(x)\n",
        "import tensorflow as tf\nfrom keras.layers import Input\nx = Input(shape=(3,))\ny = tf.reduce_sum(x)\n",
    ],
    ids=["through the keras module", "an imported backend function", "a TensorFlow function"],
)
def test_ops_reached_by_every_kind_of_name_are_wrapped(source: str) -> None:
    assert "Lambda(lambda t: " in migrate_source(source).new_source
