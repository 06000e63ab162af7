"""Losses (Keras 1 "objectives") and metrics whose names changed or went away (spec §1.12, §4.22-4.24).

Keys of the function tables are canonical names: ``keras.objectives.mse`` is
``keras.losses.mse``. String tables are keyed by the string ``compile`` got.
Every target is checked against the installed TensorFlow by
``tests/test_tables_weights_tensorflow.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

_LOSSES: Final = "tensorflow.keras.losses"
_METRICS: Final = "tensorflow.keras.metrics"


@dataclass(frozen=True)
class RemovedMetric:
    """A Keras 1 metric that Keras 2 removed (batch-wise functions, spec §4.24).

    ``replacement`` is today's closest metric class, shown with ``kwargs`` in
    the finding; None when there is none, and ``hint`` says what to do.
    ``resolves`` says the Keras 1 string still resolves today (to
    ``replacement()``), with another meaning.
    """

    replacement: str | None
    kwargs: tuple[tuple[str, str], ...] = ()
    resolves: bool = False
    hint: str = ""


# ---------------------------------------------------------------------------
# Strings given to compile(loss=...) and compile(metrics=[...])
# ---------------------------------------------------------------------------

LOSS_STRING_RENAMES: Final[Mapping[str, str]] = {
    "cosine": "cosine_similarity",
    "cosine_proximity": "cosine_similarity",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh",
}
# Metric strings resolve through another table today: 'kld' is a loss, not a metric.
METRIC_STRING_RENAMES: Final[Mapping[str, str]] = {
    "KLD": "kl_divergence",
    "cosine": "cosine_similarity",
    "cosine_proximity": "cosine_similarity",
    "kld": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh_error",
}
# Renamed, but the value changed too (spec §4.22): a finding says how.
COSINE_NAMES: Final[frozenset[str]] = frozenset({"cosine", "cosine_proximity"})

_F1: Final = RemovedMetric(f"{_METRICS}.F1Score", (("average", "'micro'"), ("threshold", "0.5")))

REMOVED_METRICS: Final[Mapping[str, RemovedMetric]] = {
    "f1score": _F1,
    "fbeta_score": RemovedMetric(
        f"{_METRICS}.FBetaScore", (("beta", "1.0"), ("average", "'micro'"), ("threshold", "0.5"))
    ),
    "fmeasure": _F1,
    "fscore": _F1,
    "matthews_correlation": RemovedMetric(
        None,
        hint=(
            "write a metric function (y_true, y_pred) with the Keras 1 formula, or compute "
            "sklearn.metrics.matthews_corrcoef on predict() output"
        ),
    ),
    "precision": RemovedMetric(f"{_METRICS}.Precision", resolves=True),
    "recall": RemovedMetric(f"{_METRICS}.Recall", resolves=True),
}

# ---------------------------------------------------------------------------
# Functions referenced by name (objectives.mse, metrics.fmeasure, ...)
# ---------------------------------------------------------------------------

# tensorflow.keras.losses/metrics keep only the short aliases of these.
LOSS_FUNCTION_RENAMES: Final[Mapping[str, str]] = {
    "keras.losses.cosine": f"{_LOSSES}.cosine_similarity",
    "keras.losses.cosine_proximity": f"{_LOSSES}.cosine_similarity",
    "keras.losses.mean_absolute_error": f"{_LOSSES}.mae",
    "keras.losses.mean_absolute_percentage_error": f"{_LOSSES}.mape",
    "keras.losses.mean_squared_error": f"{_LOSSES}.mse",
    "keras.losses.mean_squared_logarithmic_error": f"{_LOSSES}.msle",
    "keras.metrics.cosine": f"{_LOSSES}.cosine_similarity",
    "keras.metrics.cosine_proximity": f"{_LOSSES}.cosine_similarity",
    "keras.metrics.mean_absolute_error": f"{_METRICS}.mae",
    "keras.metrics.mean_absolute_percentage_error": f"{_METRICS}.mape",
    "keras.metrics.mean_squared_error": f"{_METRICS}.mse",
    "keras.metrics.mean_squared_logarithmic_error": f"{_METRICS}.msle",
}
COSINE_FUNCTIONS: Final[frozenset[str]] = frozenset(
    {"keras.losses.cosine", "keras.losses.cosine_proximity", "keras.metrics.cosine", "keras.metrics.cosine_proximity"}
)

# Every objective/metric function and alias Keras 1.2.2 exported. Those not
# renamed above are left alone: the TensorFlow table test checks they exist.
KERAS1_LOSS_FUNCTIONS: Final[frozenset[str]] = frozenset(
    {
        "KLD", "MAE", "MAPE", "MSE", "MSLE", "binary_crossentropy", "categorical_crossentropy", "cosine",
        "cosine_proximity", "hinge", "kld", "kullback_leibler_divergence", "mae", "mape",
        "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
        "mean_squared_logarithmic_error", "mse", "msle", "poisson", "sparse_categorical_crossentropy",
        "squared_hinge",
    }
)
KERAS1_METRIC_FUNCTIONS: Final[frozenset[str]] = frozenset(
    {
        "MAE", "MAPE", "MSE", "MSLE", "binary_accuracy", "binary_crossentropy", "categorical_accuracy",
        "categorical_crossentropy", "cosine", "cosine_proximity", "hinge", "kullback_leibler_divergence",
        "mae", "mape", "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
        "mean_squared_logarithmic_error", "mse", "msle", "poisson", "sparse_categorical_accuracy",
        "sparse_categorical_crossentropy", "sparse_top_k_categorical_accuracy", "squared_hinge",
        "top_k_categorical_accuracy",
    }
)

# Canonical names that `from keras.objectives import *` (or metrics) provides.
LOSS_STAR_EXPORTS: Final[frozenset[str]] = frozenset(
    set(LOSS_FUNCTION_RENAMES) | {f"keras.metrics.{name}" for name in REMOVED_METRICS}
)
