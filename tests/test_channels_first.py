"""Inline cases for strategy A (K601 channels_first_layers), through migrate_source.

The fixtures run with the default options; these cases also set
``--dim-ordering th``/``tf`` (``RunConfig.dim_ordering``) and ``--channels-last``.
"""

from __future__ import annotations

import pytest

from kmigrate import migrate_source
from kmigrate.config import DimOrdering, RunConfig

TH = RunConfig(dim_ordering=DimOrdering.TH)
TF = RunConfig(dim_ordering=DimOrdering.TF)
DEFAULT = RunConfig()
CPU = (
    "# kmigrate: K955 channels-first {} on CPU needs TensorFlow's oneDNN kernels (fails with "
    "TF_ENABLE_ONEDNN_OPTS=0 and on some builds); rerun with `kmigrate --channels-last` for a portable model\n"
)
BN = (
    "# kmigrate: K959 BatchNormalization() normalises the last axis: on these channels-first feature maps "
    "the width (as in Keras 1); it probably meant axis=1 (the channels)\n"
)
L = "from keras.layers import "
TL = "from tensorflow.keras.layers import "
SETTER = "from keras import backend as K\nK.set_image_dim_ordering('th')\n"
TSETTER = "from tensorflow.keras import backend as K\nK.set_image_data_format('channels_first')\n"

REWRITES = [
    pytest.param(
        TH,
        L + "Convolution2D\nc = Convolution2D(8, 3, 3)\n",
        TL + "Conv2D\n" + CPU.format("Conv2D") + "c = Conv2D(8, (3, 3), data_format='channels_first')\n",
        id="a layer that relied on a th global says channels_first under --dim-ordering th",
    ),
    pytest.param(
        TH,
        L + "MaxPooling2D\np = MaxPooling2D((2, 2), dim_ordering='default')\n",
        TL + "MaxPooling2D\np = MaxPooling2D((2, 2), data_format='channels_first')\n",
        id="dim_ordering default follows the th decision",
    ),
    pytest.param(
        TH,
        L + "MaxPooling2D\np = MaxPooling2D((2, 2), dim_ordering='tf')\n",
        TL + "MaxPooling2D\np = MaxPooling2D((2, 2), data_format='channels_last')\n",
        id="an explicit tf layer stays channels_last under a th decision",
    ),
    pytest.param(
        TH,
        L + "Convolution3D, Flatten, Dense\n"
        "m.add(Convolution3D(4, 3, 3, 3, input_shape=(1, 8, 8, 8)))\nm.add(Flatten())\nm.add(Dense(2))\n",
        TL + "Conv3D, Flatten, Dense\n"
        "m.add(Conv3D(4, (3, 3, 3), input_shape=(1, 8, 8, 8), data_format='channels_first'))\n"
        "m.add(Flatten(data_format='channels_last'))\nm.add(Dense(2))\n",
        id="Flatten after th feature maps keeps the Keras 1 order",
    ),
    pytest.param(
        TH,
        L + "Convolution1D, Convolution2D\na = Convolution1D(8, 3)\nb = Convolution2D(8, 3, 3, dim_ordering='tf')\n",
        TL + "Conv1D, Conv2D\na = Conv1D(8, 3)\nb = Conv2D(8, (3, 3), data_format='channels_last')\n",
        id="1D layers are not pinned when nothing sets a global channels_first",
    ),
    pytest.param(
        TH,
        "from keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(rescale=1. / 255)\n",
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
        "g = ImageDataGenerator(rescale=1. / 255, data_format='channels_first')\n",
        id="ImageDataGenerator says channels_first under a th decision",
    ),
    pytest.param(
        TH,
        "from keras import backend as K\ny = K.pool2d(x, (2, 2), border_mode='same')\n",
        "from tensorflow.keras import backend as K\n" + CPU.format("K.pool2d")
        + "y = K.pool2d(x, (2, 2), padding='same', data_format='channels_first')\n",
        id="a backend pooling says channels_first",
    ),
    pytest.param(
        TH,
        L + "Convolution2D, Deconvolution2D\na = Convolution2D(8, 3, 3)\nb = Deconvolution2D(8, 3, 3)\n",
        TL + "Conv2D, Conv2DTranspose\n" + CPU.format("Conv2D") + "a = Conv2D(8, (3, 3), data_format='channels_first')\n"
        "b = Conv2DTranspose(8, (3, 3), data_format='channels_first')\n",
        id="the CPU note comes once per file",
    ),
    pytest.param(
        TH,
        TL + "Conv2D\nc = Conv2D(8, (3, 3), (1, 1), 'valid', 'channels_last')\n",
        TL + "Conv2D\nc = Conv2D(8, (3, 3), (1, 1), 'valid', 'channels_last')\n",
        id="a positional data_format is read where Keras 3 has it",
    ),
    pytest.param(
        DEFAULT,
        L + "Convolution2D, Flatten\nimport keras\n\n\ndef build():\n    return [Convolution2D(8, 3, 3), Flatten()]\n\n\n"
        "if __name__ == '__main__':\n    keras.backend.set_image_dim_ordering('th')\n",
        TL + "Conv2D, Flatten\nfrom tensorflow import keras\n\n\ndef build():\n    " + CPU.format("Conv2D").replace("\n", "\n    ")
        + "return [Conv2D(8, (3, 3), data_format='channels_first'), Flatten(data_format='channels_last')]\n\n\n"
        "if __name__ == '__main__':\n    keras.backend.set_image_data_format('channels_first')\n",
        id="a setter below the model code counts",
    ),
    pytest.param(
        DEFAULT,
        SETTER + L + "Convolution2D, BatchNormalization, Dense\n"
        "x = Convolution2D(8, 3, 3, dim_ordering='th')(x)\nx = BatchNormalization()(x)\nx = Dense(4)(x)\nx = BatchNormalization()(x)\n",
        TSETTER + TL + "Conv2D, BatchNormalization, Dense\n" + CPU.format("Conv2D")
        + "x = Conv2D(8, (3, 3), data_format='channels_first')(x)\n" + BN
        + "x = BatchNormalization()(x)\nx = Dense(4)(x)\nx = BatchNormalization()(x)\n",
        id="BatchNormalization is flagged after th maps only",
    ),
]


@pytest.mark.parametrize(("config", "before", "after"), REWRITES)
def test_rewrite(config: RunConfig, before: str, after: str) -> None:
    result = migrate_source(before, config)
    assert result.error is None, result.error
    assert result.new_source == after
    assert migrate_source(after, config).new_source == after, "a second run must add nothing"


UNCHANGED = [
    pytest.param(TH, TL + "Dense, Flatten\nm = [Flatten(input_shape=(1, 28, 28)), Dense(10)]\n", id="a file without spatial layers is left alone"),
    pytest.param(TH, TL + "Conv1D, MaxPooling1D\nm = [Conv1D(8, 3), MaxPooling1D(2)]\n", id="1D layers alone are left alone"),
    pytest.param(TF, TL + "Conv2D, Flatten\nm = [Conv2D(8, (3, 3)), Flatten()]\n", id="a tf decision leaves layers without data_format alone"),
    pytest.param(TH, "class Conv2D:\n    pass\n\n\nfrom tensorflow import keras\nc = Conv2D(8)\n", id="a class of the user's own is not a Keras layer"),
    pytest.param(TH, TL + "Conv2D\nc = Conv2D(8, (3, 3), data_format=fmt)\n", id="a data_format that is not a literal is kept"),
    pytest.param(
        TH, TL + "BatchNormalization, Conv2D\nx = Conv2D(8, 3, data_format='channels_last')(x)\nx = BatchNormalization()(x)\n",
        id="BatchNormalization after tf maps is not flagged",
    ),
]


@pytest.mark.parametrize(("config", "source"), UNCHANGED)
def test_unchanged(config: RunConfig, source: str) -> None:
    result = migrate_source(source, config)
    assert result.error is None
    assert result.new_source == source
    assert "K601" not in result.fired


def test_the_last_setter_above_a_layer_decides_its_ordering() -> None:
    source = SETTER + L + "MaxPooling2D\np = MaxPooling2D((2, 2))\nK.set_image_dim_ordering('tf')\nq = MaxPooling2D((2, 2))\n"
    lines = migrate_source(source).new_source.splitlines()
    assert "p = MaxPooling2D((2, 2), data_format='channels_first')" in lines
    assert "q = MaxPooling2D((2, 2))" in lines


def test_keyword_arguments_that_may_hold_the_format_are_reported() -> None:
    result = migrate_source(L + "Convolution2D\nc = Convolution2D(8, 3, 3, **options)\n", TH)
    assert "c = Conv2D(8, (3, 3), **options)\n" in result.new_source
    assert [f.code for f in result.findings] == ["K984"]


def test_keyword_arguments_need_no_finding_where_the_file_sets_the_global() -> None:
    result = migrate_source(SETTER + L + "Convolution2D\nc = Convolution2D(8, 3, 3, **options)\n")
    assert "K984" not in {f.code for f in result.findings}


def test_a_1d_layer_with_keyword_arguments_under_a_global_channels_first_is_reported() -> None:
    result = migrate_source(SETTER + L + "Convolution1D\nc = Convolution1D(8, 3, **options)\n")
    assert [f.code for f in result.findings] == ["K984"]
    assert "c = Conv1D(8, 3, **options)\n" in result.new_source


def test_strategy_c_is_left_to_its_own_rule() -> None:
    config = RunConfig(dim_ordering=DimOrdering.TH, channels_last=True)
    result = migrate_source(L + "Convolution2D, Flatten\nm = [Convolution2D(8, 3, 3), Flatten()]\n", config)
    assert "K601" not in result.fired
    assert not {"K955", "K959"} & {f.code for f in result.findings}


def test_the_global_setter_finding_is_left_to_strategy_c() -> None:
    source = SETTER + L + "Convolution1D\nc = Convolution1D(8, 3)\n"
    assert "K976" not in {f.code for f in migrate_source(source).findings}
    assert "K976" in {f.code for f in migrate_source(source, RunConfig(channels_last=True)).findings}
