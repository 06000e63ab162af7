"""Row types shared by the tables: small frozen dataclasses, not tuples with magic positions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Signature:
    """A Keras 1 positional signature and how to normalise a call against it (spec §3.2).

    ``params`` is the Keras 1 order; the first ``keep`` of them stay positional
    (their position kept its meaning in Keras 3); every later positional becomes a
    keyword with its Keras 1 name, which the keyword renames then translate.
    ``fuse`` names consecutive parameters that Keras 2 merged into one tuple
    argument called ``fused_name`` (``nb_row, nb_col`` -> ``kernel_size``).

    Some classes kept their name in Keras 2 but not their positional order
    (``Dense(64, 'relu')`` is Keras 2, ``Dense(64, 'uniform')`` Keras 1). For them,
    ``k1_markers``/``k2_markers`` list, per position, string literals that prove
    which version a call was written for; a call that proves neither is left as
    it is with a finding.
    """

    params: tuple[str, ...]
    keep: int
    fuse: tuple[str, ...] = ()
    fused_name: str = "kernel_size"
    k1_markers: Mapping[int, frozenset[str]] = field(default_factory=dict)
    k2_markers: Mapping[int, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class KwargRename:
    """A keyword that changed name, and possibly values (spec §3.3, §4).

    ``values`` maps string literals to their new spelling; a literal in
    ``drop_values`` means "the default" and the argument is removed; a literal in
    ``manual_values`` cannot be translated and becomes a finding. Other literals
    pass through unchanged. When ``nonliteral_hint`` is set, a value that is not a
    string literal cannot be checked and becomes a finding carrying that hint.
    """

    old: str
    new: str
    values: Mapping[str, str] = field(default_factory=dict)
    drop_values: frozenset[str] = frozenset()
    manual_values: Mapping[str, str] = field(default_factory=dict)
    nonliteral_hint: str = ""
