"""Helpers of keras.utils, keras.preprocessing and keras.applications (spec §1.13-§1.25, §11.3.13-§11.3.15).

Keys are canonical names (see ``tables.modules``): ``keras.utils.np_utils.to_categorical``
and ``keras.utils.to_categorical`` are both ``keras.utils.to_categorical``. Signatures are
the Keras 1.2.2 ones; ``keep`` counts the leading positions whose meaning is the same in
TensorFlow 2.21 (Keras 3), which ``tests/test_tables_helpers_tensorflow.py`` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from codemods.tables.layers import DIM_ORDERING
from codemods.tables.rows import KwargRename, Signature


@dataclass(frozen=True)
class FlagChoice:
    """A Keras 1 boolean keyword replaced by a keyword that takes one of two strings.

    ``load_img(grayscale=True)`` -> ``load_img(color_mode='grayscale')``. ``false_value``
    is the new keyword's default, so a literal ``False`` is dropped.
    """

    old: str
    new: str
    true_value: str
    false_value: str


@dataclass(frozen=True)
class AddedDefault:
    """A keyword whose default changed: the Keras 1 default is written out.

    ``value`` is Python source. With ``when`` set, the keyword is only added when that
    other keyword is passed with a value other than ``None``.
    """

    keyword: str
    value: str
    when: str = ""


_APP: Final = Signature(
    params=("include_top", "weights", "input_tensor", "input_shape", "classes"),
    keep=4,
    # Keras 2 inserted pooling at position 4: a class count there is Keras 1 code
    k1_markers={4: frozenset({"<int>"})},
    k2_markers={4: frozenset({"avg", "max", "None"})},
)
_PREPROCESS_INPUT: Final = Signature(params=("x", "dim_ordering"), keep=1)
_IMAGE_GENERATOR: Final = Signature(
    params=(
        "featurewise_center", "samplewise_center", "featurewise_std_normalization",
        "samplewise_std_normalization", "zca_whitening", "rotation_range", "width_shift_range",
        "height_shift_range", "shear_range", "zoom_range", "channel_shift_range", "fill_mode", "cval",
        "horizontal_flip", "vertical_flip", "rescale", "preprocessing_function", "dim_ordering",
    ),
    keep=5,  # Keras 3 has zca_epsilon at position 5
)

# Keras 1.2.2 positional signatures.
HELPER_SIGNATURES: Final[Mapping[str, Signature]] = {
    "keras.applications.InceptionV3": _APP,
    "keras.applications.ResNet50": _APP,
    "keras.applications.VGG16": _APP,
    "keras.applications.VGG19": _APP,
    "keras.applications.Xception": _APP,
    "keras.applications.imagenet_utils.preprocess_input": _PREPROCESS_INPUT,
    "keras.applications.inception_v3.InceptionV3": _APP,
    "keras.applications.resnet50.ResNet50": _APP,
    "keras.applications.resnet50.preprocess_input": _PREPROCESS_INPUT,
    "keras.applications.vgg16.VGG16": _APP,
    "keras.applications.vgg16.preprocess_input": _PREPROCESS_INPUT,
    "keras.applications.vgg19.VGG19": _APP,
    "keras.applications.vgg19.preprocess_input": _PREPROCESS_INPUT,
    "keras.applications.xception.Xception": _APP,
    "keras.preprocessing.image.DirectoryIterator": Signature(
        params=(
            "directory", "image_data_generator", "target_size", "color_mode", "dim_ordering", "classes",
            "class_mode", "batch_size", "shuffle", "seed", "save_to_dir", "save_prefix", "save_format",
            "follow_links",
        ),
        keep=4,
    ),
    "keras.preprocessing.image.ImageDataGenerator": _IMAGE_GENERATOR,
    "keras.preprocessing.image.NumpyArrayIterator": Signature(
        params=(
            "x", "y", "image_data_generator", "batch_size", "shuffle", "seed", "dim_ordering",
            "save_to_dir", "save_prefix", "save_format",
        ),
        keep=5,  # Keras 3 has sample_weight at position 5
    ),
    "keras.preprocessing.image.array_to_img": Signature(params=("x", "dim_ordering", "scale"), keep=1),
    "keras.preprocessing.image.img_to_array": Signature(params=("img", "dim_ordering"), keep=1),
    "keras.preprocessing.image.load_img": Signature(params=("path", "grayscale", "target_size"), keep=1),
    "keras.preprocessing.image.random_channel_shift": Signature(params=("x", "intensity", "channel_axis"), keep=3),
    "keras.preprocessing.image.random_shear": Signature(
        params=("x", "intensity", "row_axis", "col_axis", "channel_axis", "fill_mode", "cval"), keep=7
    ),
    "keras.preprocessing.sequence.make_sampling_table": Signature(params=("size", "sampling_factor"), keep=2),
    "keras.preprocessing.sequence.pad_sequences": Signature(
        params=("sequences", "maxlen", "dtype", "padding", "truncating", "value"), keep=6
    ),
    "keras.preprocessing.sequence.skipgrams": Signature(
        params=(
            "sequence", "vocabulary_size", "window_size", "negative_samples", "shuffle", "categorical",
            "sampling_table",
        ),
        keep=7,
    ),
    "keras.preprocessing.text.Tokenizer": Signature(
        params=("nb_words", "filters", "lower", "split", "char_level"), keep=5
    ),
    "keras.preprocessing.text.one_hot": Signature(params=("text", "n", "filters", "lower", "split"), keep=5),
    "keras.preprocessing.text.text_to_word_sequence": Signature(
        params=("text", "filters", "lower", "split"), keep=4
    ),
    "keras.utils.model_to_dot": Signature(params=("model", "show_shapes", "show_layer_names"), keep=2),
    "keras.utils.normalize": Signature(params=("a", "axis", "order"), keep=3),
    "keras.utils.plot": Signature(params=("model", "to_file", "show_shapes", "show_layer_names"), keep=3),
    "keras.utils.to_categorical": Signature(params=("y", "nb_classes"), keep=2),
}

_DIM_ONLY: Final = (DIM_ORDERING,)
_TEXT: Final = KwargRename(old="text", new="input_text")

HELPER_KWARG_RENAMES: Final[Mapping[str, tuple[KwargRename, ...]]] = {
    "keras.applications.imagenet_utils.preprocess_input": _DIM_ONLY,
    "keras.applications.resnet50.preprocess_input": _DIM_ONLY,
    "keras.applications.vgg16.preprocess_input": _DIM_ONLY,
    "keras.applications.vgg19.preprocess_input": _DIM_ONLY,
    "keras.preprocessing.image.DirectoryIterator": _DIM_ONLY,
    "keras.preprocessing.image.ImageDataGenerator": _DIM_ONLY,
    "keras.preprocessing.image.NumpyArrayIterator": _DIM_ONLY,
    "keras.preprocessing.image.array_to_img": _DIM_ONLY,
    "keras.preprocessing.image.img_to_array": _DIM_ONLY,
    "keras.preprocessing.image.random_channel_shift": (KwargRename(old="intensity", new="intensity_range"),),
    "keras.preprocessing.text.Tokenizer": (KwargRename(old="nb_words", new="num_words"),),
    "keras.preprocessing.text.one_hot": (_TEXT,),
    "keras.preprocessing.text.text_to_word_sequence": (_TEXT,),
    "keras.utils.normalize": (KwargRename(old="a", new="x"),),
    "keras.utils.to_categorical": (
        KwargRename(old="nb_classes", new="num_classes"),
        KwargRename(old="y", new="x"),
    ),
}

HELPER_FLAG_CHOICES: Final[Mapping[str, tuple[FlagChoice, ...]]] = {
    "keras.preprocessing.image.load_img": (
        FlagChoice(old="grayscale", new="color_mode", true_value="grayscale", false_value="rgb"),
    ),
}

# Keyword that held an angle in radians in Keras 1 and holds degrees in Keras 3
# (keras-preprocessing 1.0 / Keras 2.2 switched apply_affine_transform to degrees).
HELPER_RADIAN_KWARGS: Final[Mapping[str, str]] = {
    "keras.preprocessing.image.ImageDataGenerator": "shear_range",
    "keras.preprocessing.image.random_shear": "intensity",
}

_JPEG_WHEN_SAVING: Final = (AddedDefault(keyword="save_format", value="'jpeg'", when="save_to_dir"),)

HELPER_ADDED_DEFAULTS: Final[Mapping[str, tuple[AddedDefault, ...]]] = {
    "keras.preprocessing.image.DirectoryIterator": _JPEG_WHEN_SAVING,
    "keras.preprocessing.image.NumpyArrayIterator": _JPEG_WHEN_SAVING,
    # Keras 1 showed layer names by default; plot_model's default is False
    "keras.utils.plot": (AddedDefault(keyword="show_layer_names", value="True"),),
}

HELPER_SYMBOL_RENAMES: Final[Mapping[str, str]] = {
    "keras.utils.plot": "tensorflow.keras.utils.plot_model",
}

# ImageDataGenerator methods, matched on any receiver (method name -> Keras 1.2.2 signature).
# flow_from_directory kept its order and names, so it has no row.
HELPER_METHOD_SIGNATURES: Final[Mapping[str, Signature]] = {
    "flow": Signature(
        params=("X", "y", "batch_size", "shuffle", "seed", "save_to_dir", "save_prefix", "save_format"),
        keep=4,  # Keras 3 has sample_weight at position 4
    ),
}
HELPER_METHOD_RENAMES: Final[Mapping[str, tuple[KwargRename, ...]]] = {
    "flow": (KwargRename(old="X", new="x"),),
}

# Keras 1 helpers with no Keras 3 counterpart -> the finding: what to write instead (spec §1.16).
REMOVED_HELPERS: Final[Mapping[str, str]] = {
    "keras.preprocessing.image.apply_transform": (
        "apply_transform is gone from Keras: use tensorflow.keras.preprocessing.image.apply_affine_transform "
        "(angles in degrees) or call scipy.ndimage.affine_transform per channel"
    ),
    "keras.preprocessing.image.flip_axis": "flip_axis is gone from Keras: use numpy.flip(x, axis)",
    "keras.preprocessing.image.list_pictures": "list_pictures is gone from Keras: list the files with glob or os.walk",
    "keras.preprocessing.image.transform_matrix_offset_center": (
        "transform_matrix_offset_center is gone from Keras: copy its 3x3 matrix arithmetic into your code"
    ),
    "keras.utils.accuracy": "accuracy is gone from Keras: use numpy.mean(numpy.asarray(p) == numpy.asarray(y))",
    "keras.utils.binary_logloss": (
        "binary_logloss is gone from Keras: use sklearn.metrics.log_loss or tensorflow.keras.losses.binary_crossentropy"
    ),
    "keras.utils.conv_input_length": (
        "conv_input_length is gone from Keras: compute it inline, (m - 1) * stride + k for 'valid', "
        "(m - 1) * stride + k - 2 * (k // 2) for 'same'"
    ),
    "keras.utils.conv_output_length": (
        "conv_output_length is gone from Keras: compute it inline, (n - k + stride) // stride for 'valid', "
        "(n + stride - 1) // stride for 'same'"
    ),
    "keras.utils.convert_kernel": (
        "convert_kernel is gone from Keras: for a (rows, cols, in, out) kernel use "
        "numpy.flip(kernel, axis=tuple(range(kernel.ndim - 2)))"
    ),
    "keras.utils.multiclass_logloss": (
        "multiclass_logloss is gone from Keras: compute it with NumPy (it read p[i][y[i] - 1]) "
        "or use sklearn.metrics.log_loss"
    ),
}

# Removed helpers that are rewritten into NumPy (spec §1.15): name -> Keras 1 parameter name.
NUMPY_HELPERS: Final[Mapping[str, str]] = {
    "keras.utils.categorical_probas_to_classes": "p",
    "keras.utils.probas_to_classes": "y_pred",
}

# Every canonical name the helper rules match: what a star import of their module provides.
HELPER_NAMES: Final[frozenset[str]] = frozenset(
    {*HELPER_SIGNATURES, *HELPER_KWARG_RENAMES, *HELPER_FLAG_CHOICES, *REMOVED_HELPERS, *NUMPY_HELPERS}
)
