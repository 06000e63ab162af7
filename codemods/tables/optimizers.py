"""Optimizers: Keras 1.2.2 signatures and the defaults that changed (spec §4.27, §7.18-§7.24, §10.2-§10.5).

Rows are keyed by class name. Signatures and defaults were read in the Keras
1.2.2 ``keras/optimizers.py``; ``tests/test_tables_optimizers_tensorflow.py``
checks every keyword and default against TensorFlow 2.21 (Keras 3.15) with
``inspect.signature`` and runs each optimizer against the Keras 1 update rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class OptimizerRow:
    """One optimizer class.

    ``keras1`` is the Keras 1.2.2 positional order (Keras 2.0-2.2 kept it; Adam's
    ``amsgrad`` came in 2.1.3); every positional after the first becomes a keyword
    with these names. ``keras23`` is the Keras 2.3 order, used instead when a
    ``True``/``False`` literal sits where Keras 1 wanted a number. ``keras1_lr`` and
    ``keras3_lr`` are the default learning rates (source text), the start of a
    ``decay`` schedule when the call gives none. ``pins`` are the Keras 1 defaults
    that differ from Keras 3's (keyword -> source text), written out on Keras 1
    calls that omit them. ``squared_epsilon``: Keras 1 divided by ``sqrt(a) + eps``
    and Keras 3 divides by ``sqrt(a + eps)``, so Keras 3 gets ``eps ** 2``.
    ``decays``: Keras 1 applied ``decay=`` to the learning rate.
    """

    keras1: tuple[str, ...] = ()
    keras23: tuple[str, ...] = ()
    keras1_lr: str = "0.001"
    keras3_lr: str = "0.001"
    pins: Mapping[str, str] = field(default_factory=dict)
    squared_epsilon: bool = False
    decays: bool = True


KERAS1_EPSILON: Final = "1e-08"

OPTIMIZERS: Final[Mapping[str, OptimizerRow]] = {
    "Adadelta": OptimizerRow(
        keras1=("lr", "rho", "epsilon", "decay"),
        keras1_lr="1.0",
        pins={"learning_rate": "1.0", "epsilon": KERAS1_EPSILON},
    ),
    "Adagrad": OptimizerRow(
        keras1=("lr", "epsilon", "decay"),
        keras1_lr="0.01",
        pins={"learning_rate": "0.01", "initial_accumulator_value": "0.0", "epsilon": KERAS1_EPSILON},
        squared_epsilon=True,
    ),
    "Adam": OptimizerRow(
        keras1=("lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"),
        keras23=("lr", "beta_1", "beta_2", "amsgrad"),
        pins={"epsilon": KERAS1_EPSILON},
    ),
    "Adamax": OptimizerRow(
        keras1=("lr", "beta_1", "beta_2", "epsilon", "decay"),
        keras1_lr="0.002",
        pins={"learning_rate": "0.002", "epsilon": KERAS1_EPSILON},
    ),
    # tf.keras 2's legacy Ftrl (no Keras 1 counterpart): only lr= and decay= change
    "Ftrl": OptimizerRow(),
    # Nadam never decayed its learning rate: Keras 1 rejected decay=, tf.keras 2 overwrote it
    "Nadam": OptimizerRow(
        keras1=("lr", "beta_1", "beta_2", "epsilon", "schedule_decay"),
        keras1_lr="0.002",
        pins={"learning_rate": "0.002", "epsilon": KERAS1_EPSILON},
        decays=False,
    ),
    "RMSprop": OptimizerRow(
        keras1=("lr", "rho", "epsilon", "decay"),
        pins={"epsilon": KERAS1_EPSILON},
        squared_epsilon=True,
    ),
    "SGD": OptimizerRow(
        keras1=("lr", "momentum", "decay", "nesterov"),
        keras23=("lr", "momentum", "nesterov"),
        keras1_lr="0.01",
        keras3_lr="0.01",
    ),
}

# Keras 1 keywords whose value is a bool (a bool literal anywhere else proves Keras 2.3's order)
BOOL_PARAMETERS: Final[frozenset[str]] = frozenset({"amsgrad", "nesterov"})

# canonical callee -> class name: the classes, Keras 1's lower-case aliases
# (``keras.optimizers.adam``) and tf.keras 2.11-2.15's ``optimizers.legacy`` copies
OPTIMIZER_CALLS: Final[Mapping[str, str]] = {
    **{f"keras.optimizers.{name}": name for name in OPTIMIZERS if OPTIMIZERS[name].keras1 or name == "Ftrl"},
    **{f"keras.optimizers.{name.lower()}": name for name in OPTIMIZERS if OPTIMIZERS[name].keras1},
    **{f"keras.optimizers.legacy.{name}": name for name in OPTIMIZERS},
}

# names Keras 3 does not have -> the class today; ``optimizers.legacy`` imported as a name
# (``from tensorflow.keras.optimizers import legacy``) becomes the optimizers module
OPTIMIZER_RENAMES: Final[Mapping[str, str]] = {
    "keras.optimizers.legacy": "tensorflow.keras.optimizers",
    **{
        canon: f"tensorflow.keras.optimizers.{name}"
        for canon, name in OPTIMIZER_CALLS.items()
        if canon != f"keras.optimizers.{name}"
    },
}

OPTIMIZER_BASE: Final = "keras.optimizers.Optimizer"
LEGACY_OPTIMIZER_BASE: Final = "keras.optimizers.legacy.Optimizer"

# what ``from keras.optimizers import *`` provides that the rules look at
OPTIMIZER_STAR_EXPORTS: Final[frozenset[str]] = frozenset(
    {canon for canon in OPTIMIZER_CALLS if ".legacy." not in canon} | {OPTIMIZER_BASE}
)

# compile(optimizer='...') strings Keras 1 resolved (class names and aliases) -> class name
OPTIMIZER_STRINGS: Final[Mapping[str, str]] = {
    **{name: name for name, row in OPTIMIZERS.items() if row.keras1},
    **{name.lower(): name for name, row in OPTIMIZERS.items() if row.keras1},
}

INVERSE_TIME_DECAY: Final = "tensorflow.keras.optimizers.schedules.InverseTimeDecay"

# callbacks that set the learning rate, which a schedule does not allow
LR_SETTING_CALLBACKS: Final[frozenset[str]] = frozenset(
    {"keras.callbacks.LearningRateScheduler", "keras.callbacks.ReduceLROnPlateau"}
)
