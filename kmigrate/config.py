"""Run configuration: one frozen object that every layer of kmigrate reads."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from codemods._channels import Evidence


class Target(enum.Enum):
    """What the migrated code must run on."""

    TF_KERAS = "tf-keras"  # tensorflow.keras as shipped with TensorFlow >= 2.16 (Keras 3)


class DimOrdering(enum.Enum):
    """How to treat Theano ('th') versus TensorFlow ('tf') channel ordering."""

    AUTO = "auto"
    TH = "th"
    TF = "tf"


@dataclass(frozen=True)
class RunConfig:
    """Options that change what a migration produces.

    ``annotate``: place ``# kmigrate: Kxxx ...`` comments above lines that need a person.
    ``channels_last``: rewrite channels-first code to compute channels-last (strategy C).
    ``tree_evidence``: channel-ordering evidence found elsewhere in the tree being
    migrated (keras.json files, global setters in other files), for ``kmigrate.ordering``.
    ``py2``: modernise a source that does not parse as Python 3 with the Python 2 pass
    (``kmigrate.py2``) before migrating it; when False such a file is reported, not changed.
    """

    target: Target = Target.TF_KERAS
    dim_ordering: DimOrdering = DimOrdering.AUTO
    annotate: bool = True
    channels_last: bool = False
    tree_evidence: tuple[Evidence, ...] = ()
    py2: bool = True


DEFAULT_CONFIG = RunConfig()
