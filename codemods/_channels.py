"""The channel-ordering plan the driver hands to the codemods of one file.

Keras 1 code is either channels-first (Theano's 'th') or channels-last
('tf'), layer by layer: an explicit ``dim_ordering=`` argument wins, and every
other spatial layer follows a global setting that lived in the file
(``K.set_image_dim_ordering``), elsewhere in the repository, or in a
``~/.keras/keras.json`` that was never committed (spec §11.1). The driver
(``kmigrate.ordering``) gathers the evidence and decides; the codemods only
read the decision from ``FileContext.channels``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Ordering(enum.Enum):
    TH = "th"  # channels first: (batch, channels, rows, cols)
    TF = "tf"  # channels last: (batch, rows, cols, channels)

    @property
    def data_format(self) -> str:
        return "channels_first" if self is Ordering.TH else "channels_last"


@dataclass(frozen=True)
class Evidence:
    """One sign of the ordering: where it is and what it says."""

    ordering: Ordering
    kind: str  # short, for people: "K.set_image_dim_ordering('th')", "input_shape=(3, 256, 256)"
    path: str
    line: int  # 1-based; 0 for a file as a whole
    strong: bool  # an explicit statement of the ordering (True) or a heuristic (False)
    # True when it states the *global* ordering (a setter, keras.json, a heuristic);
    # False for an explicit dim_ordering= on one layer, which says nothing of the others
    is_global: bool = True


class Source(enum.Enum):
    """Where ``ChannelPlan.default`` came from."""

    OPTION = "option"  # --dim-ordering th|tf
    FILE = "file"  # a global setter in this file
    TREE = "tree"  # keras.json or a setter elsewhere in the tree being migrated
    HEURISTIC = "heuristic"  # spec §11.1.4 signs only (weak)
    NONE = "none"  # no evidence at all: Keras's default, channels last


@dataclass(frozen=True)
class ChannelPlan:
    """What the driver decided for one file.

    ``default`` is the ordering of the spatial layers that carry no explicit
    ``dim_ordering=`` (they relied on the global setting); ``channels_last``
    asks for strategy C (--channels-last): channels-first code is rewritten to
    compute channels-last behind a ``Permute`` after each image input.
    ``evidence`` is everything seen (this file's and the tree's), strongest first.
    """

    default: Ordering = Ordering.TF
    source: Source = Source.NONE
    channels_last: bool = False
    evidence: tuple[Evidence, ...] = ()
    conflict: bool = False  # strong global signs disagree (the decision then says which won)

    @property
    def weak(self) -> bool:
        return self.source is Source.HEURISTIC


DEFAULT_PLAN = ChannelPlan()
