"""Layer and model APIs Keras 3 removed or changed (spec §6.15, §6.19-6.23, §9.10, §10.25, §10.32, §10.38-10.42, §10.47).

``tests/test_tables_model_apis_tensorflow.py`` checks each row against
TensorFlow 2.21 (Keras 3.15): the old names are gone, the new ones give the
values the old ones gave.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# Keras 1 layer attribute -> the Keras 3 layer property whose tensor's shape it was
LAYER_SHAPE_ATTRIBUTES: Final[Mapping[str, str]] = {
    "input_shape": "input",
    "output_shape": "output",
}

# Keras 1 node-indexed layer method -> (Keras 3 property for node 0, whether the shape is read)
NODE_METHODS: Final[Mapping[str, tuple[str, bool]]] = {
    "get_input_at": ("input", False),
    "get_input_shape_at": ("input", True),
    "get_output_at": ("output", False),
    "get_output_shape_at": ("output", True),
}

# Keras 1 layer attributes listing a layer's nodes: private (``_inbound_nodes``) in Keras 3
NODE_LISTS: Final[frozenset[str]] = frozenset({"inbound_nodes", "outbound_nodes"})

# Layer classes whose ``input`` is not one tensor in Keras 3: an InputLayer's is [],
# a merge layer's a list
NOT_SINGLE_INPUT: Final[frozenset[str]] = frozenset(
    {
        "keras.layers.Add",
        "keras.layers.Average",
        "keras.layers.Concatenate",
        "keras.layers.Dot",
        "keras.layers.InputLayer",
        "keras.layers.Maximum",
        "keras.layers.Merge",
        "keras.layers.Minimum",
        "keras.layers.Multiply",
        "keras.layers.Subtract",
    }
)

# Capitalised names under keras.layers that are no layer class
NOT_LAYER_CLASSES: Final[frozenset[str]] = frozenset(
    {"keras.layers.Container", "keras.layers.Input", "keras.layers.InputSpec", "keras.layers.Node"}
)

# Layers whose Keras 1 weight arrays have today's order and shapes: set_weights needs no look
SAME_WEIGHT_LAYOUT: Final[frozenset[str]] = frozenset(
    {
        "keras.layers.BatchNormalization",
        "keras.layers.Dense",
        "keras.layers.Embedding",
        "keras.layers.PReLU",
        "keras.layers.SimpleRNN",
    }
)

# Whole-model loaders; model files Keras 3 writes itself end in MODEL_FILE_SUFFIX
LOAD_MODEL_CALLS: Final[frozenset[str]] = frozenset({"keras.models.load_model", "keras.saving.load_model"})
MODEL_FILE_SUFFIX: Final = ".keras"
WEIGHTS_FILE_SUFFIX: Final = ".weights.h5"
HDF5_SUFFIXES: Final[tuple[str, ...]] = (".h5", ".hdf5")

# Keras 1 constructors that took a TF tensor or variable -> the keyword (spec §6.15)
TENSOR_INPUTS: Final[Mapping[str, str]] = {
    "keras.layers.Input": "tensor",
    "keras.layers.InputLayer": "input_tensor",
}

LAMBDA_LAYER: Final = "keras.layers.Lambda"
MODEL_FROM_JSON: Final = "keras.models.model_from_json"
MODEL_FROM_YAML: Final = "keras.models.model_from_yaml"
