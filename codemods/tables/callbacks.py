"""Callbacks: Keras 1 signatures, keyword renames and removed keywords (spec §7.25-§7.31).

Keys are canonical names (``keras.callbacks.X``). Signatures are the Keras 1.2.2 ones;
``keep`` counts the leading positions whose meaning is the same in TensorFlow 2.21
(Keras 3), which ``tests/test_tables_helpers_tensorflow.py`` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from codemods.tables.rows import KwargRename, Signature


@dataclass(frozen=True)
class DroppedKwarg:
    """A keyword that Keras 3 rejects (TypeError).

    A value whose source text is in ``silent`` (or any value when ``always_silent``) means
    what Keras 3 does anyway, and the keyword is dropped. Any other value becomes a finding
    carrying ``hint``; the keyword is dropped as well unless ``keep`` (then the call keeps
    failing loudly until a person rewrites it).
    """

    old: str
    hint: str = ""
    silent: frozenset[str] = frozenset()
    always_silent: bool = False
    keep: bool = False


CALLBACK_SIGNATURES: Final[Mapping[str, Signature]] = {
    "keras.callbacks.CSVLogger": Signature(params=("filename", "separator", "append"), keep=3),
    # Keras 3: CallbackList(callbacks, add_history, add_progbar, model, **params)
    "keras.callbacks.CallbackList": Signature(params=("callbacks", "queue_length"), keep=1),
    "keras.callbacks.EarlyStopping": Signature(
        params=("monitor", "min_delta", "patience", "verbose", "mode"), keep=5
    ),
    # Keras 3 puts on_train_begin/on_train_end where Keras 1 had the batch hooks
    "keras.callbacks.LambdaCallback": Signature(
        params=("on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end", "on_train_begin", "on_train_end"),
        keep=2,
    ),
    "keras.callbacks.LearningRateScheduler": Signature(params=("schedule",), keep=1),
    "keras.callbacks.ModelCheckpoint": Signature(
        params=("filepath", "monitor", "verbose", "save_best_only", "save_weights_only", "mode", "period"),
        keep=6,  # Keras 3 has save_freq (batches) at position 6
    ),
    # epsilon (position 5) is min_delta under its Keras 2 name
    "keras.callbacks.ReduceLROnPlateau": Signature(
        params=("monitor", "factor", "patience", "verbose", "mode", "epsilon", "cooldown", "min_lr"), keep=8
    ),
    "keras.callbacks.RemoteMonitor": Signature(params=("root", "path", "field", "headers"), keep=4),
    "keras.callbacks.TensorBoard": Signature(
        params=("log_dir", "histogram_freq", "write_graph", "write_images"), keep=4
    ),
}

CALLBACK_KWARG_RENAMES: Final[Mapping[str, tuple[KwargRename, ...]]] = {
    # Keras 3 still forwards on_train_batch_* to on_batch_* (through **kwargs); the new
    # names say the same thing in Keras 3's own signature
    "keras.callbacks.LambdaCallback": (
        KwargRename(old="on_batch_begin", new="on_train_batch_begin"),
        KwargRename(old="on_batch_end", new="on_train_batch_end"),
    ),
    # Keras 3 takes **kwargs here and silently ignores epsilon
    "keras.callbacks.ReduceLROnPlateau": (KwargRename(old="epsilon", new="min_delta"),),
}

CALLBACK_DROPPED_KWARGS: Final[Mapping[str, tuple[DroppedKwarg, ...]]] = {
    "keras.callbacks.CallbackList": (DroppedKwarg(old="queue_length", always_silent=True),),
    "keras.callbacks.ModelCheckpoint": (
        DroppedKwarg(
            old="period",
            silent=frozenset({"1"}),
            keep=True,
            hint=(
                "ModelCheckpoint(period=...) was removed and save_freq counts batches: "
                "use save_freq=period * steps_per_epoch, or save in a callback's on_epoch_end"
            ),
        ),
    ),
    "keras.callbacks.TensorBoard": (
        DroppedKwarg(old="batch_size", always_silent=True),
        DroppedKwarg(
            old="embeddings_data",
            silent=frozenset({"None"}),
            hint="TensorBoard(embeddings_data=...) was removed: Keras 3 projects the Embedding layers' weights",
        ),
        DroppedKwarg(
            old="embeddings_layer_names",
            silent=frozenset({"None"}),
            hint="TensorBoard(embeddings_layer_names=...) was removed: Keras 3 projects every Embedding layer",
        ),
        DroppedKwarg(
            old="write_grads",
            silent=frozenset({"False"}),
            hint="TensorBoard(write_grads=...) was removed: log gradient histograms with tf.summary in a custom train_step",
        ),
    ),
}

# Callbacks that are gone (spec §7.31) -> the finding: what to do instead.
REMOVED_CALLBACKS: Final[Mapping[str, str]] = {
    "keras.callbacks.BaseLogger": "BaseLogger is gone from Keras: delete it, Keras 3 averages the epoch metrics itself",
}

# LambdaCallback hooks that Keras 3 calls with logs=... as a keyword (Keras 1: positionally).
LAMBDA_KEYWORD_LOGS_HOOKS: Final[frozenset[str]] = frozenset(
    {"on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end"}
)

# Every canonical name the callback rules match: what a star import of keras.callbacks provides.
CALLBACK_NAMES: Final[frozenset[str]] = frozenset({*CALLBACK_SIGNATURES, *REMOVED_CALLBACKS})
