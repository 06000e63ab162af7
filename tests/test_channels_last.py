"""Strategy C (``--channels-last``, rule K602) on realistic snippets, through migrate_source."""

from __future__ import annotations

import ast

import pytest

from kmigrate import migrate_source
from kmigrate.config import DimOrdering, RunConfig

C = RunConfig(channels_last=True, dim_ordering=DimOrdering.TH)
A = RunConfig(dim_ordering=DimOrdering.TH)

LAYERS = "from keras.layers import *\nfrom keras.models import Sequential, Model\n"
BACKEND = "from keras import backend as K\n"


def migrate(source: str, config: RunConfig = C) -> tuple[str, list[str]]:
    result = migrate_source(source, config)
    assert result.error is None, result.error
    ast.parse(result.new_source)
    again = migrate_source(result.new_source, config)
    assert again.new_source == result.new_source, "a second run must change nothing"
    return result.new_source, [f.code for f in result.findings]


def lines(text: str) -> list[str]:
    """The code lines: no imports, no comments."""
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith(("from ", "import ")) and not line.strip().startswith("#")
    ]


def code(text: str) -> str:
    return "\n".join(lines(text))


SEQUENTIAL = LAYERS + """
model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(3, 32, 32)))
model.add(BatchNormalization(axis=1))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
"""

LIST_FORM = LAYERS + """
model = Sequential([
    Convolution2D(8, 3, 3, input_shape=(1, 28, 28)),
    PReLU(shared_axes=[2, 3]),
    UpSampling2D(),
])
"""

UNET = LAYERS + """
inputs = Input((1, 64, 64))
c1 = Convolution2D(8, 3, 3, border_mode='same')(inputs)
p1 = MaxPooling2D()(c1)
c2 = Convolution2D(16, 3, 3, border_mode='same')(p1)
u1 = merge([UpSampling2D()(c2), c1], mode='concat', concat_axis=1)
u2 = Concatenate(axis=1)([u1, inputs])
out = Convolution2D(1, 1, 1, activation='sigmoid')(u2)
model = Model(input=inputs, output=out)
"""

GENERATOR = LAYERS + """
def generator_model():
    model = Sequential()
    model.add(Dense(input_dim=100, output_dim=128 * 7 * 7))
    model.add(Reshape((128, 7, 7)))
    model.add(UpSampling2D(size=(2, 2)))
    model.add(Convolution2D(1, 5, 5, border_mode='same'))
    model.add(Activation('tanh'))
    return model
"""


def test_sequential_add_form_gets_a_permute_first_and_its_axes_mapped() -> None:
    text, codes = migrate(SEQUENTIAL)
    assert lines(text) == [
        "model = Sequential()",
        "model.add(Permute((2, 3, 1), input_shape=(3, 32, 32)))",
        "model.add(Conv2D(32, (3, 3), padding='same', data_format='channels_last'))",
        "model.add(BatchNormalization())",
        "model.add(Activation('relu'))",
        "model.add(MaxPooling2D(pool_size=(2, 2), data_format='channels_last'))",
        "model.add(Flatten())",
        "model.add(Dense(10, activation='softmax'))",
    ]
    assert codes == []


def test_list_form_gets_permutes_as_elements_and_prelu_shared_axes_mapped() -> None:
    text, codes = migrate(LIST_FORM)
    assert lines(text) == [
        "model = Sequential([",
        "Permute((2, 3, 1), input_shape=(1, 28, 28)),",
        "Conv2D(8, (3, 3), data_format='channels_last'),",
        "PReLU(shared_axes=[1, 2]),",
        "UpSampling2D(data_format='channels_last'),",
        "Permute((3, 1, 2)),",
        "])",
    ]
    assert codes == []


def test_functional_unet_permutes_its_input_maps_concatenations_and_permutes_its_output_back() -> None:
    text, codes = migrate(UNET)
    assert lines(text) == [
        "inputs = Input((1, 64, 64))",
        "inputs_nhwc = Permute((2, 3, 1))(inputs)",
        "c1 = Conv2D(8, (3, 3), padding='same', data_format='channels_last')(inputs_nhwc)",
        "p1 = MaxPooling2D(data_format='channels_last')(c1)",
        "c2 = Conv2D(16, (3, 3), padding='same', data_format='channels_last')(p1)",
        "u1 = concatenate([UpSampling2D(data_format='channels_last')(c2), c1], axis=-1)",
        "u2 = Concatenate(axis=-1)([u1, inputs_nhwc])",
        "out = Conv2D(1, (1, 1), activation='sigmoid', data_format='channels_last')(u2)",
        "model = Model(inputs=inputs, outputs=Permute((3, 1, 2))(out))",
    ]
    assert codes == []


def test_dcgan_generator_reshape_target_turns_to_channels_last_and_output_is_permuted_back() -> None:
    text, codes = migrate(GENERATOR)
    assert "model.add(Reshape((7, 7, 128)))" in text
    assert text.rstrip().endswith("model.add(Activation('tanh'))\n    model.add(Permute((3, 1, 2)))\n    return model")
    assert codes == []


def test_weights_loaded_in_the_file_make_flatten_and_reshape_findings() -> None:
    text, codes = migrate(SEQUENTIAL + "model.load_weights('cifar_th.h5')\n")
    assert "# kmigrate: K956 Flatten now flattens (H, W, C)" in text
    _, codes = migrate(GENERATOR + "generator = generator_model()\ngenerator.load_weights('g.h5')\n")
    assert "K956" in codes


def test_batch_input_shape_keeps_its_input_and_gets_the_permute_right_after() -> None:
    text, _ = migrate(LAYERS + "m = Sequential()\nm.add(Convolution2D(4, 3, 3, batch_input_shape=(2, 3, 8, 8)))\n")
    assert lines(text)[1:4] == [
        "m.add(Input(batch_shape=(2, 3, 8, 8)))",
        "m.add(Permute((2, 3, 1)))",
        "m.add(Conv2D(4, (3, 3), data_format='channels_last'))",
    ]


def test_volumes_use_the_3d_permutations() -> None:
    source = LAYERS + "v = Input(shape=(1, 8, 16, 16))\ny = Convolution3D(2, 3, 3, 3)(v)\nm = Model(v, y)\n"
    text, _ = migrate(source)
    assert "v_ndhwc = Permute((2, 3, 4, 1))(v)" in text
    assert "m = Model(v, Permute((4, 1, 2, 3))(y))" in text


def test_a_helper_function_called_with_the_input_gets_the_permuted_input() -> None:
    source = LAYERS + (
        "def block(x):\n    x = Convolution2D(8, 3, 3)(x)\n    return BatchNormalization(axis=1)(x)\n"
        "img = Input(shape=(3, 32, 32))\nfeatures = block(img)\ny = merge([features, block(features)], mode='concat', concat_axis=1)\n"
    )
    text, codes = migrate(source)
    assert "features = block(img_nhwc)" in text
    assert "return BatchNormalization()(x)" in text
    assert "y = concatenate([features, block(features)], axis=-1)" in text
    assert codes == []


FINDINGS = [
    pytest.param(
        "m = Sequential()\nm.add(Convolution2D(4, 3, 3, input_shape=(3, 8, 8)))\n"
        "m.add(Lambda(lambda x: x[:, 0:1, :, :]))\n",
        "K957",
        id="a Lambda indexing the channel axis is reported",
    ),
    pytest.param(
        "class Norm(Layer):\n    def call(self, x, mask=None):\n        return x / K.sum(x, axis=1, keepdims=True)\n"
        "m = Sequential()\nm.add(Convolution2D(4, 3, 3, input_shape=(3, 8, 8)))\nm.add(Norm())\n",
        "K957",
        id="a backend call with an axis in a custom layer is reported",
    ),
    pytest.param(
        "x = Input(shape=(3, 8, 8))\ny = Convolution2D(4, 3, 3)(x)\ny = Permute((2, 1, 3))(y)\n",
        "K958",
        id="a Permute of a feature map is reported",
    ),
    pytest.param(
        "x = Input(shape=(3, 8, 8))\ny = Convolution2D(4, 1, 1)(x)\ny = Activation('softmax')(y)\n",
        "K958",
        id="a softmax over a feature map is reported",
    ),
    pytest.param(
        "x = Input(shape=(3, 8, 8))\ny = Convolution2D(4, 1, 1)(x)\ny = Reshape((4, 64))(y)\n",
        "K958",
        id="a Reshape of a feature map is reported",
    ),
    pytest.param(
        "def head(x):\n    return Convolution2D(4, 1, 1)(x)\n",
        "K996",
        id="a function never called here that gets tensors from outside is reported",
    ),
    pytest.param(
        "x = Input(shape=(3, 8, 8))\ny = Convolution2D(4, 1, 1)(x)\ny = BatchNormalization()(y)\n",
        "K996",
        id="BatchNormalization on the width keeps its meaning with a finding",
    ),
    pytest.param(
        "x = Input(shape=(3, 8, 8))\ny = Convolution2D(4, 1, 1)(x)\nm = Model(x, Dense(2)(y))\n",
        "K996",
        id="a model output kmigrate cannot follow is reported",
    ),
    pytest.param(
        "x = Input(shape=(3, 8, 8))\ny = Convolution2D(4, 1, 1)(x)\nf = Model(x, y)\ng = Model(x, f.layers[1].output)\n",
        "K958",
        id="reading a layer output inside a model is reported",
    ),
]


@pytest.mark.parametrize(("source", "code"), FINDINGS)
def test_finding(source: str, code: str) -> None:
    _, codes = migrate(LAYERS + BACKEND + source)
    assert code in codes


def test_a_loss_function_with_an_axis_is_not_reported() -> None:
    source = LAYERS + BACKEND + (
        "def loss(y_true, y_pred):\n    return K.mean(K.square(y_pred - y_true), axis=-1)\n"
        "m = Sequential()\nm.add(Convolution2D(4, 3, 3, input_shape=(3, 8, 8)))\n"
    )
    _, codes = migrate(source)
    assert "K957" not in codes


def test_an_elementwise_lambda_is_not_reported() -> None:
    source = LAYERS + "m = Sequential()\nm.add(Lambda(lambda x: x / 255., input_shape=(3, 8, 8)))\nm.add(Convolution2D(4, 3, 3))\n"
    text, codes = migrate(source)
    assert codes == []
    assert "m.add(Permute((2, 3, 1), input_shape=(3, 8, 8)))\nm.add(Lambda(lambda x: x / 255.))" in text


def test_a_global_channels_first_pins_flatten_and_1d_layers() -> None:
    source = LAYERS + BACKEND + (
        "K.set_image_dim_ordering('th')\nm = Sequential()\nm.add(Convolution1D(8, 3, input_shape=(20, 4)))\nm.add(Flatten())\n"
        "c = Sequential()\nc.add(Convolution2D(4, 3, 3, input_shape=(3, 8, 8)))\n"
    )
    text, _ = migrate(source)
    assert "m.add(Conv1D(8, 3, input_shape=(20, 4), data_format='channels_last'))" in text
    assert "m.add(Flatten(data_format='channels_last'))" in text


def test_a_file_asking_for_the_ordering_at_run_time_is_left_alone() -> None:
    source = LAYERS + BACKEND + (
        "shape = (1, 28, 28) if K.image_dim_ordering() == 'th' else (28, 28, 1)\n"
        "m = Sequential()\nm.add(Convolution2D(4, 3, 3, input_shape=shape))\n"
    )
    text, codes = migrate(source)
    assert "Permute" not in code(text) and "data_format=" not in code(text)
    assert codes == ["K996"]


def test_convlstm_keeps_the_file_channels_first() -> None:
    source = LAYERS + "m = Sequential()\nm.add(ConvLSTM2D(4, 3, 3, input_shape=(None, 1, 8, 8)))\nm.add(Convolution3D(1, 3, 3, 3))\n"
    text, codes = migrate(source)
    assert "Permute" not in code(text)
    assert text.count("data_format='channels_first'") == 2
    assert "K996" in codes


NO_OPS = [
    pytest.param(SEQUENTIAL, RunConfig(channels_last=True, dim_ordering=DimOrdering.TF), id="tf ordering is left to Keras 3"),
    pytest.param(
        LAYERS + "m = Sequential()\nm.add(Convolution2D(4, 3, 3, input_shape=(8, 8, 3), dim_ordering='tf'))\n",
        C,
        id="explicit tf layers are not touched",
    ),
    pytest.param(LAYERS + "m = Sequential()\nm.add(Dense(4, input_dim=3))\n", C, id="a model without spatial layers is not touched"),
]


@pytest.mark.parametrize(("source", "config"), NO_OPS)
def test_no_permutes(source: str, config: RunConfig) -> None:
    text, _ = migrate(source, config)
    assert "Permute" not in text
    assert "channels_first" not in text


@pytest.mark.parametrize("source", [SEQUENTIAL, LIST_FORM, UNET, GENERATOR], ids=["sequential", "list", "unet", "generator"])
def test_without_channels_last_the_rule_does_nothing(source: str) -> None:
    text, _ = migrate(source, A)
    assert "Permute" not in text
    assert "data_format='channels_first'" in text
