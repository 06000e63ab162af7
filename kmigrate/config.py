"""Run configuration: one frozen object that every layer of kmigrate reads."""

from __future__ import annotations

import enum
from collections.abc import Callable
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
    ``rules``/``findings``: the rule codes (K1xx-K6xx) that run and the finding
    codes (K9xx) that are reported; None for all (``--select``/``--ignore``,
    resolved by ``kmigrate.selection``).
    """

    target: Target = Target.TF_KERAS
    dim_ordering: DimOrdering = DimOrdering.AUTO
    annotate: bool = True
    channels_last: bool = False
    tree_evidence: tuple[Evidence, ...] = ()
    py2: bool = True
    rules: frozenset[str] | None = None
    findings: frozenset[str] | None = None

    def selects(self, code: str) -> bool:
        """Whether rule or finding ``code`` is on in this run."""
        chosen = self.findings if is_finding_code(code) else self.rules
        return chosen is None or code in chosen

    @property
    def selection(self) -> Callable[[str], bool] | None:
        """:meth:`selects`, or None when everything is on (the fast path)."""
        return None if self.rules is None and self.findings is None else self.selects


def is_finding_code(code: str) -> bool:
    """K9xx codes are findings (a person must look); K1xx-K6xx are rules that rewrite."""
    return code.startswith("K9")


DEFAULT_CONFIG = RunConfig()
