"""Module paths: splitting, canonical names and targets (driven by tables.modules)."""

from __future__ import annotations

from typing import Final

from codemods.tables.backend import BACKEND_STAR_EXPORTS
from codemods.tables.callbacks import CALLBACK_NAMES
from codemods.tables.channels import REINTERPRETED_1D_LAYERS, SPATIAL_LAYERS
from codemods.tables.helpers import HELPER_NAMES
from codemods.tables.layers import KERAS1_LAYER_CLASSES
from codemods.tables.losses import LOSS_STAR_EXPORTS
from codemods.tables.modules import MODULE_TARGETS
from codemods.tables.optimizers import OPTIMIZER_STAR_EXPORTS
from codemods.tables.weights import WEIGHT_STAR_EXPORTS

TF_KERAS: Final = "tensorflow.keras"

_TF_MODULES: Final[frozenset[str]] = frozenset(
    {"tensorflow", TF_KERAS} | {t for t in MODULE_TARGETS.values() if t is not None}
)
_ALL_MODULES: Final[frozenset[str]] = frozenset(MODULE_TARGETS) | _TF_MODULES

# Calls whose result is a Keras model (receivers of fit/evaluate/predict).
MODEL_CONSTRUCTORS: Final[frozenset[str]] = frozenset(
    {
        "keras.Model",
        "keras.Sequential",
        "keras.layers.Container",
        "keras.models.Model",
        "keras.models.Sequential",
        "keras.models.load_model",
        "keras.models.model_from_config",
        "keras.models.model_from_json",
        "keras.models.model_from_yaml",
    }
)

# Canonical names a star import can provide (only names kmigrate has rules for
# matter: anything else is left alone whether or not the star provides it).
STAR_EXPORTS: Final[frozenset[str]] = frozenset(
    {f"keras.layers.{name}" for name in KERAS1_LAYER_CLASSES}
    | set(SPATIAL_LAYERS)
    | set(REINTERPRETED_1D_LAYERS)
    | MODEL_CONSTRUCTORS
    | HELPER_NAMES
    | CALLBACK_NAMES
    | WEIGHT_STAR_EXPORTS
    | LOSS_STAR_EXPORTS
    | OPTIMIZER_STAR_EXPORTS
    | BACKEND_STAR_EXPORTS
)


def is_module(path: str) -> bool:
    return path in _ALL_MODULES


def split_module(path: str) -> tuple[str, str] | None:
    """``(module, rest)`` for the longest known module prefix of ``path``."""
    candidate = path
    rest: list[str] = []
    while True:
        if candidate in _ALL_MODULES:
            return candidate, ".".join(reversed(rest))
        head, dot, tail = candidate.rpartition(".")
        if not dot:
            return None
        rest.append(tail)
        candidate = head


def _canonical_module(module: str) -> str | None:
    if module == TF_KERAS or module.startswith(TF_KERAS + "."):
        return module[len("tensorflow.") :]
    if module == "tensorflow":
        return None
    target = MODULE_TARGETS[module]
    if target is None:
        return module
    return "keras" + target[len(TF_KERAS) :]


# Keras 1 functions whose full name Keras 2 reused for a module: imported from
# their parent (``from keras.layers import merge``) they are the function.
FUNCTIONS_NAMED_LIKE_MODULES: Final[frozenset[str]] = frozenset({"keras.layers.merge"})


def canonical(path: str) -> str | None:
    """The canonical name of a Keras path (``keras.layers.core.Dense`` -> ``keras.layers.Dense``)."""
    if path in FUNCTIONS_NAMED_LIKE_MODULES:
        parent, _, last = path.rpartition(".")
        parent_canon = canonical(parent)
        return f"{parent_canon}.{last}" if parent_canon is not None else None
    split = split_module(path)
    if split is None:
        return None
    module, rest = split
    canon = _canonical_module(module)
    if canon is None:
        return None
    return f"{canon}.{rest}" if rest else canon


def target_module(module: str) -> str | None:
    """Where a module lives today; None when it has no counterpart."""
    if module == "tensorflow" or module.startswith(TF_KERAS):
        return module
    return MODULE_TARGETS.get(module)


def default_target(canon: str) -> str:
    """``keras.layers.Dense`` -> ``tensorflow.keras.layers.Dense``."""
    return "tensorflow." + canon
