"""Where every Keras 1 / Keras 2 module went (spec §1).

``MODULE_TARGETS`` maps each legacy module path to the ``tensorflow.keras``
module that now holds its public names, or to ``None`` when the module has no
counterpart (a manual-review finding). A legacy module's *canonical* path is
its target with ``tensorflow.`` dropped: ``keras.layers.convolutional`` and
``keras.layers`` are both canonically ``keras.layers``, so one table row keyed
``keras.layers.Convolution2D`` matches every spelling Keras 1 exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

_LAYERS: Final = "tensorflow.keras.layers"
_UTILS: Final = "tensorflow.keras.utils"

_KERAS_MODULES: Final[Mapping[str, str | None]] = {
    "keras": "tensorflow.keras",
    "keras.activations": "tensorflow.keras.activations",
    "keras.applications": "tensorflow.keras.applications",
    "keras.applications.audio_conv_utils": None,
    "keras.applications.densenet": "tensorflow.keras.applications.densenet",
    "keras.applications.imagenet_utils": "tensorflow.keras.applications.imagenet_utils",
    "keras.applications.inception_resnet_v2": "tensorflow.keras.applications.inception_resnet_v2",
    "keras.applications.inception_v3": "tensorflow.keras.applications.inception_v3",
    "keras.applications.mobilenet": "tensorflow.keras.applications.mobilenet",
    "keras.applications.mobilenet_v2": "tensorflow.keras.applications.mobilenet_v2",
    "keras.applications.music_tagger_crnn": None,
    "keras.applications.nasnet": "tensorflow.keras.applications.nasnet",
    "keras.applications.resnet50": "tensorflow.keras.applications.resnet50",
    "keras.applications.vgg16": "tensorflow.keras.applications.vgg16",
    "keras.applications.vgg19": "tensorflow.keras.applications.vgg19",
    "keras.applications.xception": "tensorflow.keras.applications.xception",
    "keras.backend": "tensorflow.keras.backend",
    "keras.backend.common": "tensorflow.keras.backend",
    "keras.backend.tensorflow_backend": None,
    "keras.backend.theano_backend": None,
    "keras.callbacks": "tensorflow.keras.callbacks",
    "keras.constraints": "tensorflow.keras.constraints",
    "keras.datasets": "tensorflow.keras.datasets",
    "keras.datasets.boston_housing": "tensorflow.keras.datasets.boston_housing",
    "keras.datasets.cifar10": "tensorflow.keras.datasets.cifar10",
    "keras.datasets.cifar100": "tensorflow.keras.datasets.cifar100",
    "keras.datasets.fashion_mnist": "tensorflow.keras.datasets.fashion_mnist",
    "keras.datasets.imdb": "tensorflow.keras.datasets.imdb",
    "keras.datasets.mnist": "tensorflow.keras.datasets.mnist",
    "keras.datasets.reuters": "tensorflow.keras.datasets.reuters",
    "keras.engine": _LAYERS,
    "keras.engine.base_layer": _LAYERS,
    "keras.engine.input_layer": _LAYERS,
    "keras.engine.network": "tensorflow.keras.models",
    "keras.engine.sequential": "tensorflow.keras.models",
    "keras.engine.topology": _LAYERS,
    "keras.engine.training": "tensorflow.keras.models",
    "keras.initializations": "tensorflow.keras.initializers",
    "keras.initializers": "tensorflow.keras.initializers",
    "keras.layers": _LAYERS,
    "keras.layers.advanced_activations": _LAYERS,
    "keras.layers.convolutional": _LAYERS,
    "keras.layers.convolutional_recurrent": _LAYERS,
    "keras.layers.core": _LAYERS,
    "keras.layers.cudnn_recurrent": _LAYERS,
    "keras.layers.embeddings": _LAYERS,
    "keras.layers.local": _LAYERS,
    "keras.layers.merge": _LAYERS,
    "keras.layers.noise": _LAYERS,
    "keras.layers.normalization": _LAYERS,
    "keras.layers.pooling": _LAYERS,
    "keras.layers.recurrent": _LAYERS,
    "keras.layers.wrappers": _LAYERS,
    "keras.legacy": None,
    "keras.legacy.interfaces": None,
    "keras.legacy.layers": None,
    "keras.losses": "tensorflow.keras.losses",
    "keras.metrics": "tensorflow.keras.metrics",
    "keras.models": "tensorflow.keras.models",
    "keras.objectives": "tensorflow.keras.losses",
    "keras.optimizers": "tensorflow.keras.optimizers",
    "keras.preprocessing": "tensorflow.keras.preprocessing",
    "keras.preprocessing.image": "tensorflow.keras.preprocessing.image",
    "keras.preprocessing.sequence": "tensorflow.keras.preprocessing.sequence",
    "keras.preprocessing.text": "tensorflow.keras.preprocessing.text",
    "keras.regularizers": "tensorflow.keras.regularizers",
    "keras.utils": _UTILS,
    "keras.utils.conv_utils": None,
    "keras.utils.data_utils": _UTILS,
    "keras.utils.generic_utils": _UTILS,
    "keras.utils.io_utils": _UTILS,
    "keras.utils.layer_utils": _UTILS,
    "keras.utils.multi_gpu_utils": None,
    "keras.utils.np_utils": _UTILS,
    "keras.utils.test_utils": None,
    "keras.utils.vis_utils": _UTILS,
    "keras.utils.visualize_util": _UTILS,
    "keras.wrappers": None,
    "keras.wrappers.scikit_learn": None,
}

# TensorFlow 1.x-2.15 shipped a private copy of Keras 2 under
# ``tensorflow.python.keras`` (spec §1.30, §10.48). TF 2.21 still imports it, but
# it is a separate, stale implementation whose objects cannot be mixed with
# Keras 3 ones, so its modules move exactly like their ``keras.*`` twins.
TF_PRIVATE_KERAS: Final = "tensorflow.python.keras"

MODULE_TARGETS: Final[Mapping[str, str | None]] = {
    **_KERAS_MODULES,
    **{TF_PRIVATE_KERAS + path[len("keras") :]: target for path, target in _KERAS_MODULES.items()},
}

# Why a module maps to None, for the finding that says what to do instead.
REMOVED_MODULE_HINTS: Final[Mapping[str, str]] = {
    "keras.applications.audio_conv_utils": "removed in Keras 2.0; no replacement",
    "keras.applications.music_tagger_crnn": "removed in Keras 2.0; no replacement",
    "keras.backend.tensorflow_backend": (
        "use tf.config.list_physical_devices / tf.config.experimental.set_memory_growth, "
        "or delete the session handling"
    ),
    "keras.backend.theano_backend": "Theano is gone; delete the Theano-specific code",
    "keras.legacy": "Keras 2 compatibility shims; delete the usage",
    "keras.legacy.interfaces": "Keras 2 compatibility shims; delete the usage",
    "keras.legacy.layers": "Keras 2 compatibility shims; delete the usage",
    "keras.utils.conv_utils": "private helpers; compute shapes inline",
    "keras.utils.multi_gpu_utils": "use tf.distribute.MirroredStrategy",
    "keras.utils.test_utils": "private test helpers; no replacement",
    "keras.wrappers": "use scikeras or keras.wrappers.SKLearnClassifier (different API)",
    "keras.wrappers.scikit_learn": (
        "use the scikeras package or keras.wrappers.SKLearnClassifier/SKLearnRegressor "
        "(a different API: they take a model, not build_fn)"
    ),
}
