"""Initializers, regularizers, constraints and activations (spec §1.11, §4.14-4.20, §4.26, §9.14).

Keys are canonical names: ``keras.initializations.normal`` (Keras 1) and
``keras.initializers.normal`` (Keras 2) are both ``keras.initializers.normal``.
Every target and every keyword a rule emits is checked against the installed
TensorFlow by ``tests/test_tables_weights_tensorflow.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

_INIT: Final = "tensorflow.keras.initializers"
_REG: Final = "tensorflow.keras.regularizers"
_CON: Final = "tensorflow.keras.constraints"


@dataclass(frozen=True)
class ScaleKeyword:
    """Where a Keras 1 initializer's ``scale`` goes: ``name=scale`` or ``name=-scale``."""

    name: str
    negate: bool = False


@dataclass(frozen=True)
class InitializerFunction:
    """A Keras 1 initializer function ``f(shape, [scale,] name=None, dim_ordering='th')``.

    ``target`` is the class that replaces it; an explicit ``scale`` becomes the
    ``scale`` keywords (none: the function had no scale). ``params`` is the
    Keras 1 positional order, used to bind a call's arguments.
    """

    target: str
    scale: tuple[ScaleKeyword, ...] = ()

    @property
    def params(self) -> tuple[str, ...]:
        if self.scale:
            return ("shape", "scale", "name", "dim_ordering")
        return ("shape", "name", "dim_ordering")


@dataclass(frozen=True)
class CallConversion:
    """How a Keras 1 call's arguments map onto today's callee (spec §4.17-4.19).

    ``params`` is the Keras 1 positional order. ``keywords`` renames Keras 1
    keywords; a keyword mapped to ``None`` becomes the (only) positional
    argument. With ``keywordise``, positional arguments become keywords named
    after ``params`` (renamed through ``keywords``). ``defaults`` holds the
    Keras 1 defaults that differ today (keyword -> source), added when absent.
    """

    params: tuple[str, ...]
    keywords: Mapping[str, str | None] = field(default_factory=dict)
    keywordise: bool = False
    defaults: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectValue:
    """A string value that must become an object: ``target(kw=source, ...)``."""

    target: str
    kwargs: tuple[tuple[str, str], ...] = ()


# ---------------------------------------------------------------------------
# Keras 1 initializer functions (spec §1.11, §4.16); Keras 2's lowercase
# aliases share these canonical names and take the class's own arguments.
# Keras 1 defaults: normal/uniform scale 0.05 (today's default too), identity
# 1 (gain 1.0), orthogonal 1.1 (gain 1.0 today, spec §4.15).
# ---------------------------------------------------------------------------

_SYMMETRIC: Final = (ScaleKeyword("minval", negate=True), ScaleKeyword("maxval"))

INITIALIZER_FUNCTIONS: Final[Mapping[str, InitializerFunction]] = {
    "keras.initializers.glorot_normal": InitializerFunction(f"{_INIT}.GlorotNormal"),
    "keras.initializers.glorot_uniform": InitializerFunction(f"{_INIT}.GlorotUniform"),
    "keras.initializers.he_normal": InitializerFunction(f"{_INIT}.HeNormal"),
    "keras.initializers.he_uniform": InitializerFunction(f"{_INIT}.HeUniform"),
    "keras.initializers.identity": InitializerFunction(f"{_INIT}.Identity", (ScaleKeyword("gain"),)),
    "keras.initializers.lecun_uniform": InitializerFunction(f"{_INIT}.LecunUniform"),
    "keras.initializers.normal": InitializerFunction(f"{_INIT}.RandomNormal", (ScaleKeyword("stddev"),)),
    "keras.initializers.one": InitializerFunction(f"{_INIT}.Ones"),
    "keras.initializers.orthogonal": InitializerFunction(f"{_INIT}.Orthogonal", (ScaleKeyword("gain"),)),
    "keras.initializers.uniform": InitializerFunction(f"{_INIT}.RandomUniform", _SYMMETRIC),
    "keras.initializers.zero": InitializerFunction(f"{_INIT}.Zeros"),
}

# The module a Keras 1 initializer call comes from (Keras 2's keras.initializers
# has the same lowercase names with the new classes' arguments).
KERAS1_INITIALIZER_MODULE: Final = "keras.initializations"

# ---------------------------------------------------------------------------
# Renamed functions and classes (spec §4.17-4.19): canonical -> today's name.
# The initializer functions above are renamed to their `target` too.
# ---------------------------------------------------------------------------

WEIGHT_SYMBOL_RENAMES: Final[Mapping[str, str]] = {
    "keras.constraints.maxnorm": f"{_CON}.MaxNorm",
    "keras.constraints.nonneg": f"{_CON}.NonNeg",
    "keras.constraints.unitnorm": f"{_CON}.UnitNorm",
    "keras.regularizers.ActivityRegularizer": f"{_REG}.L1L2",
    "keras.regularizers.L1L2Regularizer": f"{_REG}.L1L2",
    "keras.regularizers.WeightRegularizer": f"{_REG}.L1L2",
    "keras.regularizers.activity_l1": f"{_REG}.l1",
    "keras.regularizers.activity_l1l2": f"{_REG}.l1_l2",
    "keras.regularizers.activity_l2": f"{_REG}.l2",
    "keras.regularizers.l1l2": f"{_REG}.l1_l2",
}

# ---------------------------------------------------------------------------
# Argument conversions (spec §4.17-4.19). Keras 3's l1/l2 take `l1=`/`l2=`
# (Keras 1: `l=`), so the value goes positional, valid on every version;
# l1_l2 defaults to 0.0/0.0 today where Keras 1's l1l2 defaulted to 0.01/0.01.
# ---------------------------------------------------------------------------

_ONE_FACTOR: Final = CallConversion(params=("l",), keywords={"l": None})
_TWO_FACTORS: Final = CallConversion(
    params=("l1", "l2"), keywordise=True, defaults={"l1": "0.01", "l2": "0.01"}
)
_L1L2_CLASS: Final = CallConversion(params=("l1", "l2"), keywordise=True)
_MAX_NORM: Final = CallConversion(params=("m", "axis"), keywords={"m": "max_value"})

WEIGHT_CALL_CONVERSIONS: Final[Mapping[str, CallConversion]] = {
    "keras.activations.relu": CallConversion(params=("x", "alpha", "max_value"), keywords={"alpha": "negative_slope"}),
    "keras.constraints.MaxNorm": _MAX_NORM,
    "keras.constraints.MinMaxNorm": CallConversion(
        params=("low", "high", "rate", "axis"), keywords={"low": "min_value", "high": "max_value"}
    ),
    "keras.constraints.maxnorm": _MAX_NORM,
    "keras.regularizers.ActivityRegularizer": _L1L2_CLASS,
    "keras.regularizers.L1L2Regularizer": _L1L2_CLASS,
    "keras.regularizers.WeightRegularizer": _L1L2_CLASS,
    "keras.regularizers.activity_l1": _ONE_FACTOR,
    "keras.regularizers.activity_l1l2": _TWO_FACTORS,
    "keras.regularizers.activity_l2": _ONE_FACTOR,
    "keras.regularizers.l1": _ONE_FACTOR,
    "keras.regularizers.l1l2": _TWO_FACTORS,
    "keras.regularizers.l2": _ONE_FACTOR,
}

# Keras 1 names with no counterpart today: what to do instead.
REMOVED_WEIGHT_SYMBOLS: Final[Mapping[str, str]] = {
    "keras.regularizers.EigenvalueRegularizer": (
        "EigenvalueRegularizer was removed in Keras 2: copy its code into a "
        "tensorflow.keras.regularizers.Regularizer subclass (__call__(self, x) returns the penalty) or drop it"
    ),
}

# ---------------------------------------------------------------------------
# String values of layer keywords (spec §4.14, §4.19, §4.26)
# ---------------------------------------------------------------------------

INITIALIZER_STRING_RENAMES: Final[Mapping[str, str]] = {
    "one": "ones",
    "zero": "zeros",
}
CONSTRAINT_STRING_RENAMES: Final[Mapping[str, str]] = {
    "maxnorm": "max_norm",
    "nonneg": "non_neg",
    "unitnorm": "unit_norm",
}
# Keras 1 looked regularizer strings up among its functions and called them
# with no arguments: 'activity_l2' meant activity_l2() = l2 of 0.01.
REGULARIZER_STRING_RENAMES: Final[Mapping[str, str]] = {
    "activity_l1": "l1",
    "activity_l2": "l2",
}
# 'l1l2' still resolves today, to L1L2() with both factors 0.0: a silent no-op.
REGULARIZER_STRING_OBJECTS: Final[Mapping[str, ObjectValue]] = {
    "activity_l1l2": ObjectValue(f"{_REG}.L1L2", (("l1", "0.01"), ("l2", "0.01"))),
    "l1l2": ObjectValue(f"{_REG}.L1L2", (("l1", "0.01"), ("l2", "0.01"))),
}

# Keras 1 strings that are left alone because they still resolve to the same
# function or class (the TensorFlow table test checks each one).
KERAS1_INITIALIZER_STRINGS: Final[frozenset[str]] = frozenset(
    {
        "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "lecun_uniform",
        "normal", "orthogonal", "uniform",
    }
)
KERAS1_ACTIVATION_STRINGS: Final[frozenset[str]] = frozenset(
    {"elu", "hard_sigmoid", "linear", "relu", "sigmoid", "softmax", "softplus", "softsign", "tanh"}
)
KERAS1_CONSTRAINT_STRINGS: Final[frozenset[str]] = frozenset({"MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"})
KERAS1_REGULARIZER_STRINGS: Final[frozenset[str]] = frozenset({"l1", "l2"})

# Which keywords carry which kind of value. Keras 1 and today's spellings both
# count: the keyword rules may run before or after the value rules.
# `forget_bias_init` is left to the recurrent rules (spec §4.8-4.9).
INITIALIZER_KEYWORDS: Final[frozenset[str]] = frozenset({"init", "initializer"})
INITIALIZER_SUFFIXES: Final[tuple[str, ...]] = ("_init", "_initializer")
NOT_INITIALIZER_KEYWORDS: Final[frozenset[str]] = frozenset({"forget_bias_init"})
CONSTRAINT_KEYWORDS: Final[frozenset[str]] = frozenset({"constraint"})
CONSTRAINT_SUFFIXES: Final[tuple[str, ...]] = ("_constraint",)
REGULARIZER_KEYWORDS: Final[frozenset[str]] = frozenset({"regularizer"})
REGULARIZER_SUFFIXES: Final[tuple[str, ...]] = ("_regularizer",)



def value_kind(keyword: str) -> str | None:
    """``"initializer"``, ``"constraint"`` or ``"regularizer"``: what a layer keyword takes."""
    if keyword in NOT_INITIALIZER_KEYWORDS:
        return None
    if keyword in INITIALIZER_KEYWORDS or keyword.endswith(INITIALIZER_SUFFIXES):
        return "initializer"
    if keyword in CONSTRAINT_KEYWORDS or keyword.endswith(CONSTRAINT_SUFFIXES):
        return "constraint"
    if keyword in REGULARIZER_KEYWORDS or keyword.endswith(REGULARIZER_SUFFIXES):
        return "regularizer"
    return None


# Canonical names that `from keras.<module> import *` provides (for STAR_EXPORTS).
WEIGHT_STAR_EXPORTS: Final[frozenset[str]] = frozenset(
    set(INITIALIZER_FUNCTIONS) | set(WEIGHT_SYMBOL_RENAMES) | set(WEIGHT_CALL_CONVERSIONS) | set(REMOVED_WEIGHT_SYMBOLS)
)
