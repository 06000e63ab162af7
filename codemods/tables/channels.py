"""Channel-ordering facts of layers and functions (spec §11.3, §11.3.18, §10.19, §10.50).

Keys are canonical names (see ``codemods._paths.canonical``): Keras 1 names, their
Keras 1 aliases and the Keras 2 names of the same classes. Each row says where
``data_format`` sits among today's positional parameters (TensorFlow 2.21, Keras
3.15), so a call that already passes it positionally is recognised, and whether
a channels-first call needs TensorFlow's oneDNN kernels on CPU.
``tests/test_tables_channels_tensorflow.py`` checks every row against TensorFlow.

Not here: ``LocallyConnected1D``/``LocallyConnected2D`` (gone in Keras 3, see
``removed_layers``), ``K.conv1d`` (``backend_args`` pins it), and the Keras 2
1D classes whose ``data_format`` already followed the global setting in tf.keras 2
(``SeparableConv1D``, ``Conv1DTranspose``, ``DepthwiseConv1D``): pinning them
would change what Keras 2 code computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class FormatCarrier:
    """A layer class or function that takes ``data_format`` today.

    ``today``: its name today (class or ``tensorflow.keras.backend`` function);
    ``rank``: its spatial axes (1, 2 or 3); ``position``: the index of
    ``data_format`` among today's positional parameters; ``needs_onednn``:
    channels-first fails on CPU without oneDNN (``TF_ENABLE_ONEDNN_OPTS=0``,
    spec §10.50); ``keeps_maps``: its output is still a feature map (global
    pooling returns ``(batch, channels)``).
    """

    today: str
    rank: int
    position: int
    needs_onednn: bool = False
    keeps_maps: bool = True


_CONV2D: Final = FormatCarrier("Conv2D", 2, 4, needs_onednn=True)
_CONV2D_T: Final = FormatCarrier("Conv2DTranspose", 2, 5, needs_onednn=True)
_CONV3D: Final = FormatCarrier("Conv3D", 3, 4)
_SEPARABLE2D: Final = FormatCarrier("SeparableConv2D", 2, 4)


def _carrier(today: str, rank: int, position: int, keeps_maps: bool = True) -> FormatCarrier:
    return FormatCarrier(today, rank, position, keeps_maps=keeps_maps)


# 2D and 3D layers: their dim_ordering (Keras 1) / data_format (Keras 2) default
# was the global setting, as today's is (spec §11.3.1-11.3.12).
SPATIAL_LAYERS: Final[Mapping[str, FormatCarrier]] = {
    "keras.layers.AtrousConv2D": _CONV2D,
    "keras.layers.AtrousConvolution2D": _CONV2D,
    "keras.layers.AveragePooling2D": _carrier("AveragePooling2D", 2, 3),
    "keras.layers.AveragePooling3D": _carrier("AveragePooling3D", 3, 3),
    "keras.layers.AvgPool2D": _carrier("AvgPool2D", 2, 3),
    "keras.layers.AvgPool3D": _carrier("AvgPool3D", 3, 3),
    "keras.layers.Conv2D": _CONV2D,
    "keras.layers.Conv2DTranspose": _CONV2D_T,
    "keras.layers.Conv3D": _CONV3D,
    "keras.layers.Conv3DTranspose": FormatCarrier("Conv3DTranspose", 3, 4, needs_onednn=True),
    "keras.layers.ConvLSTM2D": FormatCarrier("ConvLSTM2D", 2, 4, needs_onednn=True),
    "keras.layers.Convolution2D": _CONV2D,
    "keras.layers.Convolution2DTranspose": _CONV2D_T,
    "keras.layers.Convolution3D": _CONV3D,
    "keras.layers.Cropping2D": _carrier("Cropping2D", 2, 1),
    "keras.layers.Cropping3D": _carrier("Cropping3D", 3, 1),
    "keras.layers.Deconv2D": _CONV2D_T,
    "keras.layers.Deconvolution2D": _CONV2D_T,
    "keras.layers.DepthwiseConv2D": _carrier("DepthwiseConv2D", 2, 4),
    "keras.layers.GlobalAveragePooling2D": _carrier("GlobalAveragePooling2D", 2, 0, keeps_maps=False),
    "keras.layers.GlobalAveragePooling3D": _carrier("GlobalAveragePooling3D", 3, 0, keeps_maps=False),
    "keras.layers.GlobalAvgPool2D": _carrier("GlobalAvgPool2D", 2, 0, keeps_maps=False),
    "keras.layers.GlobalAvgPool3D": _carrier("GlobalAvgPool3D", 3, 0, keeps_maps=False),
    "keras.layers.GlobalMaxPool2D": _carrier("GlobalMaxPool2D", 2, 0, keeps_maps=False),
    "keras.layers.GlobalMaxPool3D": _carrier("GlobalMaxPool3D", 3, 0, keeps_maps=False),
    "keras.layers.GlobalMaxPooling2D": _carrier("GlobalMaxPooling2D", 2, 0, keeps_maps=False),
    "keras.layers.GlobalMaxPooling3D": _carrier("GlobalMaxPooling3D", 3, 0, keeps_maps=False),
    "keras.layers.MaxPool2D": _carrier("MaxPool2D", 2, 3),
    "keras.layers.MaxPool3D": _carrier("MaxPool3D", 3, 3),
    "keras.layers.MaxPooling2D": _carrier("MaxPooling2D", 2, 3),
    "keras.layers.MaxPooling3D": _carrier("MaxPooling3D", 3, 3),
    "keras.layers.SeparableConv2D": _SEPARABLE2D,
    "keras.layers.SeparableConvolution2D": _SEPARABLE2D,
    "keras.layers.SpatialDropout2D": _carrier("SpatialDropout2D", 2, 1),
    "keras.layers.SpatialDropout3D": _carrier("SpatialDropout3D", 3, 1),
    "keras.layers.UpSampling2D": _carrier("UpSampling2D", 2, 1),
    "keras.layers.UpSampling3D": _carrier("UpSampling3D", 3, 1),
    "keras.layers.ZeroPadding2D": _carrier("ZeroPadding2D", 2, 1),
    "keras.layers.ZeroPadding3D": _carrier("ZeroPadding3D", 3, 1),
}

_CONV1D: Final = _carrier("Conv1D", 1, 4)

# 1D layers that always read (batch, steps, features) in Keras 1 (and in Keras 2,
# whose default was 'channels_last') but follow the global setting in Keras 3: under
# a global channels_first they read (batch, features, steps) (spec §11.3.18, §10.19).
REINTERPRETED_1D_LAYERS: Final[Mapping[str, FormatCarrier]] = {
    "keras.layers.AtrousConv1D": _CONV1D,
    "keras.layers.AtrousConvolution1D": _CONV1D,
    "keras.layers.AveragePooling1D": _carrier("AveragePooling1D", 1, 3),
    "keras.layers.AvgPool1D": _carrier("AvgPool1D", 1, 3),
    "keras.layers.Conv1D": _CONV1D,
    "keras.layers.Convolution1D": _CONV1D,
    "keras.layers.GlobalAveragePooling1D": _carrier("GlobalAveragePooling1D", 1, 0, keeps_maps=False),
    "keras.layers.GlobalAvgPool1D": _carrier("GlobalAvgPool1D", 1, 0, keeps_maps=False),
    "keras.layers.GlobalMaxPool1D": _carrier("GlobalMaxPool1D", 1, 0, keeps_maps=False),
    "keras.layers.GlobalMaxPooling1D": _carrier("GlobalMaxPooling1D", 1, 0, keeps_maps=False),
    "keras.layers.MaxPool1D": _carrier("MaxPool1D", 1, 3),
    "keras.layers.MaxPooling1D": _carrier("MaxPooling1D", 1, 3),
    "keras.layers.ZeroPadding1D": _carrier("ZeroPadding1D", 1, 1),
}

# 1D layers with no data_format: the global setting never changes them (spec §11.3.18).
ORDERING_FREE_1D_LAYERS: Final[frozenset[str]] = frozenset(
    {"keras.layers.Cropping1D", "keras.layers.SpatialDropout1D", "keras.layers.UpSampling1D"}
)

_PREPROCESS: Final = _carrier("preprocess_input", 2, 1)

# Functions (and iterator classes) whose dim_ordering='default' read the global
# setting, as data_format=None does today (spec §11.3.13-11.3.16).
FORMAT_FUNCTIONS: Final[Mapping[str, FormatCarrier]] = {
    "keras.applications.imagenet_utils.preprocess_input": _PREPROCESS,
    "keras.applications.resnet50.preprocess_input": _PREPROCESS,
    "keras.applications.vgg16.preprocess_input": _PREPROCESS,
    "keras.applications.vgg19.preprocess_input": _PREPROCESS,
    "keras.backend.atrous_conv2d": FormatCarrier("conv2d", 2, 4, needs_onednn=True),
    "keras.backend.conv2d": FormatCarrier("conv2d", 2, 4, needs_onednn=True),
    "keras.backend.conv2d_transpose": FormatCarrier("conv2d_transpose", 2, 5, needs_onednn=True),
    "keras.backend.conv3d": FormatCarrier("conv3d", 3, 4, needs_onednn=True),
    "keras.backend.deconv2d": FormatCarrier("conv2d_transpose", 2, 5, needs_onednn=True),
    "keras.backend.pool2d": FormatCarrier("pool2d", 2, 4, needs_onednn=True),
    "keras.backend.pool3d": FormatCarrier("pool3d", 3, 4, needs_onednn=True),
    "keras.backend.resize_images": _carrier("resize_images", 2, 3),
    "keras.backend.resize_volumes": _carrier("resize_volumes", 3, 4),
    "keras.backend.separable_conv2d": FormatCarrier("separable_conv2d", 2, 5, needs_onednn=True),
    "keras.backend.spatial_2d_padding": _carrier("spatial_2d_padding", 2, 2),
    "keras.backend.spatial_3d_padding": _carrier("spatial_3d_padding", 3, 2),
    "keras.preprocessing.image.DirectoryIterator": _carrier("DirectoryIterator", 2, 9),
    "keras.preprocessing.image.ImageDataGenerator": _carrier("ImageDataGenerator", 2, 19),
    "keras.preprocessing.image.NumpyArrayIterator": _carrier("NumpyArrayIterator", 2, 7),
    "keras.preprocessing.image.array_to_img": _carrier("array_to_img", 2, 1),
    "keras.preprocessing.image.img_to_array": _carrier("img_to_array", 2, 1),
}

# Flatten: Keras 1 flattened in memory order; Keras 3 first moves the channels
# last when its data_format (or the global) is channels_first (spec §11.4.3).
FLATTEN: Final = "keras.layers.Flatten"
FLATTEN_FORMAT_POSITION: Final = 0

# BatchNormalization's axis (today's first positional) defaults to -1 (spec §11.4.2).
BATCH_NORMALIZATION: Final = "keras.layers.BatchNormalization"

# Calls after which the next layer does not see channels-first feature maps: layers
# whose output is not a feature map, and the start of another model (for deciding
# which Flatten / BatchNormalization follows th maps).
CHAIN_BREAKS: Final[frozenset[str]] = frozenset(
    {
        "keras.Input", "keras.Sequential", "keras.layers.Dense", "keras.layers.Embedding",
        "keras.layers.GRU", "keras.layers.Highway", "keras.layers.Input", "keras.layers.LSTM",
        "keras.layers.Lambda", "keras.layers.MaxoutDense", "keras.layers.Permute",
        "keras.layers.RepeatVector", "keras.layers.Reshape", "keras.layers.SimpleRNN",
        "keras.layers.TimeDistributedDense", "keras.models.Sequential",
    }
)

# The global setters: canonical name -> literal value -> 'th' or 'tf'.
GLOBAL_SETTERS: Final[Mapping[str, Mapping[str, str]]] = {
    "keras.backend.set_image_data_format": {"channels_first": "th", "channels_last": "tf"},
    "keras.backend.set_image_dim_ordering": {"th": "th", "tf": "tf"},
}
