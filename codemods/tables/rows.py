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
    ``k1_markers``/``k2_markers`` list, per position, the literals that prove
    which version a call was written for: a string literal's value, or one of
    the kinds ``<int>``, ``<float>``, ``<tuple>`` and ``None``. A Keras 1-only
    keyword in the call proves Keras 1, a Keras 2 keyword Keras 2; a call with
    ``ambiguous_from`` positionals or more that proves neither is left as it is
    with a finding.

    ``keras2`` lists the orders Keras 2 releases gave the class where a later
    position means something else in Keras 3 (spec §10.6), and ``keras3`` is
    Keras 3's order; a class Keras 1 did not have has empty ``params``.
    """

    params: tuple[str, ...]
    keep: int
    fuse: tuple[str, ...] = ()
    fused_name: str = "kernel_size"
    k1_markers: Mapping[int, frozenset[str]] = field(default_factory=dict)
    k2_markers: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # a shared-name call with at least this many positionals and no other proof
    # could mean either version (None: a Keras 1-only name, never ambiguous)
    ambiguous_from: int | None = None
    keras2: tuple[Keras2Order, ...] = ()
    # for tensorflow.keras calls, which may be Keras 3 code already (empty: no
    # Keras 3 class of this name)
    keras3: tuple[str, ...] = ()


@dataclass(frozen=True)
class Keras2Order:
    """One positional order a Keras 2 release gave a layer class (spec §10.6).

    ``release`` names it in findings ("Keras 2 without groups"). The first ``keep``
    positions mean the same in Keras 3; a later positional becomes a keyword
    with its name in ``params``. A name in ``gone`` has no Keras 3 parameter:
    it is passed by keyword too (Keras 3 then rejects it loudly) and reported.
    """

    release: str
    params: tuple[str, ...]
    keep: int
    gone: frozenset[str] = frozenset()


@dataclass(frozen=True)
class KwargRename:
    """A keyword that changed name, and possibly values (spec §3.3, §4).

    Values are matched by their literal key: a string literal's value, or the
    source of an int/bool/None literal (``"0"``, ``"True"``). ``values`` maps
    string literals to their new spelling (kept in the original quote style);
    ``value_exprs`` maps a literal key to replacement source (``"True"``); a key
    in ``drop_values`` means "the default" and the argument is removed; a key in
    ``manual_values`` cannot be translated and becomes a finding (the argument is
    left as it is). Other literals pass through unchanged unless ``other_hint``
    is set, which makes them findings too. When ``nonliteral_hint`` is set, a
    value that is not a literal cannot be checked and becomes a finding.
    ``new=None`` keeps the keyword's name (a rule about values only).
    """

    old: str
    new: str | None
    values: Mapping[str, str] = field(default_factory=dict)
    value_exprs: Mapping[str, str] = field(default_factory=dict)
    drop_values: frozenset[str] = frozenset()
    manual_values: Mapping[str, str] = field(default_factory=dict)
    nonliteral_hint: str = ""
    other_hint: str = ""
    drop_always: bool = False
    # calls (canonical names) whose value needs no check: other rules make it right
    trusted_calls: frozenset[str] = frozenset()
