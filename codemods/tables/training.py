"""Training API keywords (spec §7)."""

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
    "fit": frozenset({"show_accuracy"}),
    "test_on_batch": frozenset({"show_accuracy"}),
    "train_on_batch": frozenset({"show_accuracy"}),
}
