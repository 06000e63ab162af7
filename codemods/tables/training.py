"""Training API: keywords, positional orders and defaults (spec §7, §10.7-10.9, §10.26-10.36, §12.1-12.3).

Keras 1 orders are those of keras@1.2.2 ``keras/engine/training.py`` and
``keras/models.py``; Keras 2 orders keep only the positions every 2.x release
agreed on (2.2.5 put ``validation_freq``/``callbacks`` in the middle).
``tests/test_tables_training_tensorflow.py`` checks every emitted name against
TensorFlow 2.21 (Keras 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# method name -> {Keras 1 keyword: today's keyword}
TRAINING_KWARG_RENAMES: Final[Mapping[str, Mapping[str, str]]] = {
    "fit": {"nb_epoch": "epochs"},
}

# method name -> Keras 0.x/1.x keywords that Keras 3 rejects and that carry no meaning today
TRAINING_KWARG_DROPS: Final[Mapping[str, frozenset[str]]] = {
    "evaluate": frozenset({"show_accuracy"}),
    "evaluate_generator": frozenset({"show_accuracy"}),
    "fit": frozenset({"show_accuracy"}),
    "fit_generator": frozenset({"show_accuracy"}),
    "test_on_batch": frozenset({"show_accuracy"}),
    "train_on_batch": frozenset({"show_accuracy"}),
}

# -- compile (spec §7.5-7.7, §10.35, §12.3) -------------------------------------------------

# Keras 1 Model.compile; Keras 1 Sequential.compile had sample_weight_mode third (index 3)
KERAS1_MODEL_COMPILE: Final[tuple[str, ...]] = ("optimizer", "loss", "metrics", "loss_weights", "sample_weight_mode")
KERAS1_SEQUENTIAL_COMPILE: Final[tuple[str, ...]] = ("optimizer", "loss", "metrics", "sample_weight_mode")
KERAS2_COMPILE: Final[tuple[str, ...]] = (
    "optimizer", "loss", "metrics", "loss_weights", "sample_weight_mode", "weighted_metrics", "target_tensors"
)
COMPILE_KEPT_POSITIONALS: Final = 2  # optimizer, loss: the same places in Keras 3
# keywords only Keras' compile takes (re.compile takes none of them)
COMPILE_KEYWORDS: Final[frozenset[str]] = frozenset(
    {"class_mode", "loss", "loss_weights", "metrics", "optimizer", "sample_weight_mode", "target_tensors", "weighted_metrics"}
)

# -- generator methods (spec §7.8-7.13, §10.7-10.8, §12.1-12.2) -----------------------------

KERAS1_GENERATOR_SIGNATURES: Final[Mapping[str, tuple[str, ...]]] = {
    "evaluate_generator": ("generator", "val_samples", "max_q_size", "nb_worker", "pickle_safe"),
    "fit_generator": (
        "generator", "samples_per_epoch", "nb_epoch", "verbose", "callbacks", "validation_data",
        "nb_val_samples", "class_weight", "max_q_size", "nb_worker", "pickle_safe", "initial_epoch",
    ),
    "predict_generator": ("generator", "val_samples", "max_q_size", "nb_worker", "pickle_safe"),
}
KERAS2_GENERATOR_SIGNATURES: Final[Mapping[str, tuple[str, ...]]] = {
    "evaluate_generator": ("generator", "steps"),
    "fit_generator": ("generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data", "validation_steps"),
    "predict_generator": ("generator", "steps"),
}
GENERATOR_TARGETS: Final[Mapping[str, str]] = {
    "evaluate_generator": "evaluate",
    "fit_generator": "fit",
    "predict_generator": "predict",
}
# keywords that kept their meaning under another name
GENERATOR_KWARG_RENAMES: Final[Mapping[str, str]] = {
    "generator": "x",
    "nb_epoch": "epochs",
}
# Keras 1 sample counts -> today's step counts
GENERATOR_SAMPLE_COUNTS: Final[Mapping[str, str]] = {
    "nb_val_samples": "validation_steps",
    "samples_per_epoch": "steps_per_epoch",
    "val_samples": "steps",
}
# keywords that prove which Keras a generator call was written for
KERAS1_GENERATOR_KEYWORDS: Final[frozenset[str]] = frozenset(
    {"max_q_size", "nb_epoch", "nb_val_samples", "nb_worker", "pickle_safe", "samples_per_epoch", "val_samples"}
)
KERAS2_GENERATOR_KEYWORDS: Final[frozenset[str]] = frozenset(
    {"epochs", "max_queue_size", "steps", "steps_per_epoch", "use_multiprocessing", "validation_freq", "validation_steps", "workers"}
)
# queue and worker keywords Keras 3's fit/evaluate/predict reject -> the literal values
# that ask for no parallelism (other values get a finding when the keyword is dropped)
WORKER_KWARGS: Final[Mapping[str, frozenset[str] | None]] = {
    "max_q_size": None,  # a queue length alone asks for no parallelism
    "max_queue_size": None,
    "nb_worker": frozenset({"0", "1"}),
    "pickle_safe": frozenset({"False"}),
    "use_multiprocessing": frozenset({"False"}),
    "workers": frozenset({"0", "1"}),
}
# ImageDataGenerator iterator methods -> position of batch_size (Keras 1 and 3 agree)
FLOW_BATCH_POSITIONS: Final[Mapping[str, int]] = {
    "flow": 2,
    "flow_from_dataframe": 9,
    "flow_from_directory": 5,
}
FLOW_DEFAULT_BATCH: Final = 32

# -- Keras 1 defaults that changed (spec §7.2, §7.17) ---------------------------------------

KERAS1_FIT_EPOCHS: Final = 10  # Keras 1 fit(nb_epoch=10); Keras 2.1+ and 3: epochs=1
FIT_EPOCHS_POSITION: Final = 3  # fit(x, y, batch_size, epochs): the same place in Keras 1 and 3
PREDICT_VERBOSE_POSITION: Final = 2  # predict(x, batch_size, verbose): Keras 1 default 0

# -- Sequential-only methods (spec §7.14-7.16, §10.9) ----------------------------------------

# Keras 1 Sequential.train_on_batch(x, y, class_weight, sample_weight); Keras 3 (and every
# Keras 1/2 Model) puts sample_weight third
KERAS1_SEQUENTIAL_TRAIN_ON_BATCH: Final[tuple[str, ...]] = ("x", "y", "class_weight", "sample_weight")
BATCH_KEPT_POSITIONALS: Final = 2

# -- model methods (spec §10.26-10.36) ----------------------------------------------------

WEIGHTS_SUFFIX: Final = ".weights.h5"
HDF5_SUFFIXES: Final[tuple[str, ...]] = (".hdf5", ".h5")
MODEL_SUFFIXES: Final[tuple[str, ...]] = (".h5", ".hdf5", ".keras")  # Keras 3 model.save accepts these
# private Keras 1/2 methods that built a backend function ahead of time (web-serving idiom)
MAKE_FUNCTION_METHODS: Final[frozenset[str]] = frozenset(
    {"_make_predict_function", "_make_test_function", "_make_train_function"}
)
