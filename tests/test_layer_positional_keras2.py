"""Keras 2 layer positionals that Keras 3 reads differently (spec §10.6): inline cases."""

from __future__ import annotations

import pytest

from codemods.tables.layers import KERAS2_PARAM_LITERALS, LAYER_KWARG_RENAMES, LAYER_SIGNATURES
from kmigrate import migrate_source
from kmigrate.results import FileResult

KERAS = "from keras.layers import Conv1D, Conv2D, Conv2DTranspose, Embedding, LSTM, CuDNNLSTM, RNN\n"
TF = "import tensorflow as tf\n"


def _migrate(source: str) -> FileResult:
    result = migrate_source(source)
    assert result.error is None
    again = migrate_source(result.new_source)
    assert again.new_source == result.new_source, "a second run must change nothing"
    return result


def _line(source: str, prefix: str = "x = ") -> str:
    return next(line for line in _migrate(source).new_source.splitlines() if line.startswith(prefix))


def _codes(source: str) -> list[str]:
    return [f.code for f in _migrate(source).findings]


REWRITES = {
    "a tuple kernel proves Keras 2 and position 6 becomes activation": (
        KERAS + "x = Conv2D(32, (3, 3), (1, 1), 'same', None, (1, 1), 'relu')\n",
        "x = Conv2D(32, (3, 3), (1, 1), 'same', None, (1, 1), activation='relu')",
    ),
    "an int at Conv1D's position 4 is Keras 2.0's dilation_rate": (
        KERAS + "x = Conv1D(16, 3, 1, 'valid', 2)\n",
        "x = Conv1D(16, 3, 1, 'valid', dilation_rate=2)",
    ),
    "a data format at Conv1D's position 4 is the later order's": (
        KERAS + "x = Conv1D(16, 3, 1, 'valid', 'channels_last', 2, 'relu')\n",
        "x = Conv1D(16, 3, 1, 'valid', 'channels_last', 2, activation='relu')",
    ),
    "a keyword the later order would bind twice leaves Keras 2.0's order": (
        KERAS + "x = Conv1D(16, 3, 1, 'valid', 2, data_format='channels_last')\n",
        "x = Conv1D(16, 3, 1, 'valid', dilation_rate=2, data_format='channels_last')",
    ),
    "a data format at Conv2DTranspose's position 4 predates output_padding": (
        KERAS + "x = Conv2DTranspose(8, 3, 2, 'same', 'channels_last', 'relu')\n",
        "x = Conv2DTranspose(8, 3, 2, 'same', data_format='channels_last', activation='relu')",
    ),
    "a Keras 2 keyword proves Embedding's position 4 is activity_regularizer": (
        KERAS + "x = Embedding(1000, 64, 'uniform', None, 'l2', embeddings_constraint=c)\n",
        "x = Embedding(1000, 64, 'uniform', None, activity_regularizer='l2', embeddings_constraint=c)",
    ),
    "CuDNNLSTM's second positional is its kernel initializer, not LSTM's activation": (
        KERAS + "x = CuDNNLSTM(64, 'he_normal')\n",
        "x = LSTM(64, kernel_initializer='he_normal')",
    ),
    "an aliased Keras 2 import is bound the same way": (
        "from keras.layers import Conv2D as C\nx = C(8, (3, 3), 1, 'same', None, 1, 'tanh')\n",
        "x = C(8, (3, 3), 1, 'same', None, 1, activation='tanh')",
    ),
    "tf.keras Conv2D with a string at position 6 predates groups": (
        TF + "x = tf.keras.layers.Conv2D(32, 3, 1, 'same', None, 1, 'relu')\n",
        "x = tf.keras.layers.Conv2D(32, 3, 1, 'same', None, 1, activation='relu')",
    ),
    "tf.keras Input's third positional is its name, Keras 3's is the dtype": (
        TF + "x = tf.keras.Input((5,), 8, 'tokens')\n",
        "x = tf.keras.Input((5,), 8, name='tokens')",
    ),
}


@pytest.mark.parametrize("case", REWRITES)
def test_rewrites(case: str) -> None:
    source, expected = REWRITES[case]
    assert _line(source) == expected


NO_OPS = {
    "leading positionals Keras 3 reads alike stay": KERAS + "x = Conv2D(32, (3, 3), (2, 2), 'same', 'channels_last', (1, 1))\n",
    "an int at tf.keras Conv2D's position 6 is groups, as in Keras 3": TF + "x = tf.keras.layers.Conv2D(32, 3, 1, 'same', None, 1, 2)\n",
    "tf.keras Lambda's third positional is mask, never Keras 1's arguments": TF + "x = tf.keras.layers.Lambda(f, (4,), mask_fn)\n",
    "tf.keras PReLU's second positional is alpha_regularizer, never Keras 1's weights": TF + "x = tf.keras.layers.PReLU('zeros', reg)\n",
    "tf.keras Input's second positional is batch_size, as in Keras 3": TF + "x = tf.keras.Input((5,), 4)\n",
    "a Keras 2 class called with *args is left alone": KERAS + "x = Conv2DTranspose(*args)\n",
    "an unclear tensorflow.keras call may be Keras 3 code": TF + "x = tf.keras.layers.Conv2D(32, 3, 1, 'same', None, 1, act)\n",
}


@pytest.mark.parametrize("case", NO_OPS)
def test_no_ops(case: str) -> None:
    source = NO_OPS[case]
    assert _migrate(source).findings == ()
    assert _line(source).partition(" = ")[2] == source.splitlines()[-1].partition(" = ")[2]


FINDINGS = {
    "an unknown value at Conv2D's position 6 could be activation or groups": KERAS + "x = Conv2D(32, (3, 3), 1, 'same', None, 1, act)\n",
    "an int at SeparableConv2D's position 5 could be depth_multiplier or dilation_rate": (
        "from keras.layers import SeparableConv2D\nx = SeparableConv2D(32, (3, 3), 1, 'same', None, 2)\n"
    ),
    "a string at Conv1D's position 4 fits no Keras 2 order": KERAS + "x = Conv1D(16, 3, 1, 'valid', 'relu')\n",
    "Embedding with None at position 3 and more after it could be either version": KERAS + "x = Embedding(1000, 64, 'uniform', None, None)\n",
}


@pytest.mark.parametrize("case", FINDINGS)
def test_unclear_calls_are_findings_and_left_as_they_are(case: str) -> None:
    source = FINDINGS[case]
    assert _codes(source) == ["K903"]
    assert _line(source).partition(" = ")[2] == source.splitlines()[-1].partition(" = ")[2]


def test_a_positional_keras_3_has_no_parameter_for_is_passed_by_keyword_with_a_finding() -> None:
    source = KERAS + "x = RNN(cell, True, False, False, False, False, True)\n"
    assert _line(source) == "x = RNN(cell, True, False, False, False, False, time_major=True)"
    assert _codes(source) == ["K903"]
    assert "time_major" in _migrate(source).findings[0].message


def test_a_keras_1_call_is_still_bound_against_keras_1() -> None:
    source = KERAS + "x = Conv1D(64, 3, 'he_normal', 'relu')\n"
    assert _line(source) == "x = Conv1D(64, 3, kernel_initializer='he_normal', activation='relu')"


def test_keras_input_keeps_the_keras_1_and_multi_backend_keras_2_order() -> None:
    source = "from keras.layers import Input\nx = Input((5,), (None, 5), 'in', 'int32')\n"
    assert _line(source) == "x = Input((5,), batch_shape=(None, 5), name='in', dtype='int32')"


def test_sequential_name_and_compile_metrics_are_already_keywordised_by_other_rules() -> None:
    """Spec §10.6's `Sequential` index 1 and `compile` index 2 (rules K405, K404)."""
    source = (
        "from keras.models import Sequential\nfrom keras.layers import Dense\n"
        "model = Sequential([Dense(2)], 'encoder')\nmodel.compile('sgd', 'mse', ['mae'])\n"
    )
    assert _line(source, "model = ") == "model = Sequential([Dense(2)], name='encoder')"
    assert _line(source, "model.compile") == "model.compile('sgd', 'mse', metrics=['mae'])"


@pytest.mark.parametrize("layer", sorted(k for k, s in LAYER_SIGNATURES.items() if s.keras2))
def test_keras2_orders_are_consistent(layer: str) -> None:
    sig = LAYER_SIGNATURES[layer]
    renamed = {r.old for r in LAYER_KWARG_RENAMES.get(layer, ())}
    for order in sig.keras2:
        assert len(order.params) == len(set(order.params)), order.release
        assert 0 <= order.keep <= len(order.params), order.release
        assert order.gone <= set(order.params[order.keep :]), order.release
        # a Keras 2 name the keyword rules would rename again: only InputLayer's batch_input_shape
        moved = set(order.params[order.keep :]) & renamed
        assert moved <= {"batch_input_shape"}, (order.release, moved)
    if sig.keras3:
        assert len(sig.keras3) == len(set(sig.keras3))


def test_every_literal_rule_names_a_parameter_of_some_keras2_order() -> None:
    used = {p for s in LAYER_SIGNATURES.values() for o in s.keras2 for p in o.params}
    used |= {p for s in LAYER_SIGNATURES.values() for p in s.keras3}
    assert set(KERAS2_PARAM_LITERALS) <= used
