"""Pin the recurrent defaults that changed since Keras 1, so old models compute the same.

**What**
Adds ``recurrent_activation='hard_sigmoid'`` to Keras 1 ``LSTM``, ``GRU`` and
``ConvLSTM2D`` calls that relied on the old default gate, and
``reset_after=False`` to Keras 1 ``GRU`` calls, so that the layers compute
what they computed in Keras 1 and Keras 1 weights still fit. The first such
layer of a file is reported (K925): the gate differs in its last digits.

**Why**
Keras 1 (and multi-backend Keras 2) LSTM, GRU and ConvLSTM2D defaulted to
``inner_activation='hard_sigmoid'``, and GRU had no ``reset_after`` (the
``reset_after=False`` formulation). tf.keras 2 and Keras 3 default to
``recurrent_activation='sigmoid'`` and ``GRU(reset_after=True)``, which adds
a second bias and changes the parameter count, so Keras 1 weights would not
load and training would differ (spec §10.14, §12.9).

**Example**
Before::

    from keras.layers import LSTM, GRU
    LSTM(64)
    GRU(32, return_sequences=True)

After::

    from tensorflow.keras.layers import LSTM, GRU
    LSTM(64, recurrent_activation='hard_sigmoid')
    GRU(32, return_sequences=True, recurrent_activation='hard_sigmoid', reset_after=False)

**Safety**
Only calls imported from standalone ``keras`` (Keras 1 and multi-backend
Keras 2, whose defaults these were) are pinned; code already written for
``tensorflow.keras`` keeps its defaults. An explicit ``inner_activation`` or
``recurrent_activation`` is never overridden. Keras 3's ``'hard_sigmoid'`` is
``relu6(x + 3) / 6`` where Keras 1 used ``clip(0.2 x + 0.5, 0, 1)`` (spec
§4.26): the pin keeps the gate's shape and the weight layout, but not every
last digit, so the first recurrent layer of a file with such a gate (pinned
or written out) gets a K925 finding that says so.
``tensorflow.keras.backend.hard_sigmoid`` has the Keras 1 formula for exact
reproduction, but a model saved with it reloads with the new formula (its
config says only ``'hard_sigmoid'``): kmigrate leaves that choice to a person.

**Limits**
Pinned values also turn off the cuDNN kernel on GPUs (it needs the sigmoid
default), as Keras 1 never had it. ``activation='hard_sigmoid'`` on other
layers (``Dense``, ``Activation``) has the same formula change and no finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Final

import libcst as cst

from codemods._args import keyword, literal_string, new_keyword_arg, new_string, with_args
from codemods._framework import CallSite, Codemod, FileContext, Safety

# canonical layer -> keyword -> source of the Keras 1 default
RECURRENT_DEFAULTS: Final[Mapping[str, Mapping[str, str]]] = {
    "keras.layers.ConvLSTM2D": {"recurrent_activation": "hard_sigmoid"},
    "keras.layers.GRU": {"recurrent_activation": "hard_sigmoid", "reset_after": "False"},
    "keras.layers.LSTM": {"recurrent_activation": "hard_sigmoid"},
}
HARD_SIGMOID = "K925"
_HARD_SIGMOID_HINT = (
    "Keras 3's 'hard_sigmoid' is relu6(x + 3) / 6, Keras 1's was clip(0.2 * x + 0.5, 0, 1): gates differ by up to 0.083; "
    "for Keras 1's exact numbers pass recurrent_activation=K.hard_sigmoid (tensorflow.keras.backend), "
    "which a saved .keras file reloads as the new formula"
)
# Keras 3's position of the argument: a Keras 2 call such as LSTM(32, 'tanh',
# 'sigmoid') gives it positionally (K301 keeps positions that mean the same)
_POSITION: Final[Mapping[str, Mapping[str, int]]] = {
    "keras.layers.ConvLSTM2D": {"recurrent_activation": 7},
    "keras.layers.GRU": {"recurrent_activation": 2},
    "keras.layers.LSTM": {"recurrent_activation": 2},
}
# a Keras 1 keyword that sets the same thing, possibly not yet renamed
_ALIASES: Final[Mapping[str, str]] = {"recurrent_activation": "inner_activation"}


class RecurrentDefaults(Codemod):
    code: ClassVar[str] = "K305"
    name: ClassVar[str] = "recurrent_defaults"
    summary: ClassVar[str] = "Pin hard_sigmoid gates and GRU reset_after=False on Keras 1 recurrent layers"
    safety: ClassVar[Safety] = Safety.SAFE
    calls: ClassVar[frozenset[str]] = frozenset(RECURRENT_DEFAULTS)

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        assert site.canonical is not None
        if site.path is None or not site.path.startswith("keras."):
            return call  # written for tensorflow.keras: today's defaults are the author's
        if any(a.star == "**" for a in call.args):
            return call  # the defaults may be among the **kwargs
        present = {k for k in (keyword(a) for a in call.args) if k is not None}
        positionals = sum(1 for a in call.args if a.keyword is None and not a.star)
        present.update(name for name, i in _POSITION[site.canonical].items() if positionals > i)
        extra = []
        for name, value in RECURRENT_DEFAULTS[site.canonical].items():
            if name in present or _ALIASES.get(name) in present:
                continue
            node = cst.Name(value) if value in ("True", "False") else new_string(value)
            extra.append(new_keyword_arg(name, node))
        if _hard_sigmoid_gates(call) or any(keyword(a) == "recurrent_activation" for a in extra):
            self._note_formula(site, ctx)
        if not extra:
            return call
        ctx.fire(self.code)
        return with_args(call, [*call.args, *extra])

    def _note_formula(self, site: CallSite, ctx: FileContext) -> None:
        """Once per file: the pinned gate is close to Keras 1's, not equal."""
        if ctx.scratch.get(self.name):
            return
        ctx.scratch[self.name] = True
        ctx.report(HARD_SIGMOID, site.original, _HARD_SIGMOID_HINT)


def _hard_sigmoid_gates(call: cst.Call) -> bool:
    return any(
        keyword(a) in ("recurrent_activation", "inner_activation") and literal_string(a.value) == "hard_sigmoid"
        for a in call.args
    )
