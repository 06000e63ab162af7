"""Keras 1 calls whose migration is easy to get subtly wrong, checked on kmigrate's output.

These tests never import TensorFlow: they assert on the text and the findings of
``migrate_source``. Where TensorFlow proves what a line means (output lengths,
configs, errors), ``tests/test_tensorflow_layers.py`` runs the same snippets.
"""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from kmigrate import migrate_source
from kmigrate.results import FileResult


def _migrate(source: str) -> FileResult:
    result = migrate_source(source)
    assert result.error is None, result.error.render()
    ast.parse(result.new_source)
    again = migrate_source(result.new_source)
    assert again.new_source == result.new_source, "a second run must change nothing"
    return result


def _code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]


# ---------------------------------------------------------------------------
# BatchNormalization(mode=2)
# ---------------------------------------------------------------------------


def test_batchnormalization_mode_2_is_reported_and_never_silently_dropped() -> None:
    result = _migrate("from keras.layers import BatchNormalization\nbn = BatchNormalization(mode=2, axis=1)\n")
    assert _codes(result) == ["K904"]
    (finding,) = result.findings
    assert finding.line == 2
    assert "mode=2" in finding.message and "training=True" in finding.message
    # The argument stays, so Keras 3 refuses the call until someone decides.
    assert "bn = BatchNormalization(mode=2, axis=1)" in _code_lines(result.new_source)


def test_batchnormalization_mode_0_is_the_only_mode_keras_3_has_and_is_dropped_quietly() -> None:
    result = _migrate("from keras.layers import BatchNormalization\nbn = BatchNormalization(mode=0, axis=1)\n")
    assert result.findings == ()
    assert "bn = BatchNormalization(axis=1)" in result.new_source


def test_batchnormalization_positional_epsilon_becomes_the_epsilon_keyword() -> None:
    result = _migrate("from keras.layers import BatchNormalization\nbn = BatchNormalization(1e-5, 0, 1)\n")
    assert "bn = BatchNormalization(epsilon=1e-5, axis=1)" in result.new_source


# ---------------------------------------------------------------------------
# Embedding(dropout=0.2)
# ---------------------------------------------------------------------------


def test_embedding_dropout_in_add_form_becomes_spatial_dropout_right_after_it_with_a_finding() -> None:
    result = _migrate(
        "from keras.layers import Embedding, LSTM\n"
        "from keras.models import Sequential\n"
        "model = Sequential()\n"
        "model.add(Embedding(1000, 64, input_length=10, dropout=0.2))\n"
        "model.add(LSTM(32))\n"
    )
    assert _codes(result) == ["K922", "K925"]
    assert "SpatialDropout1D(p)" in result.findings[0].message
    lines = _code_lines(result.new_source)
    embedding = lines.index("model.add(Embedding(1000, 64, input_shape=(10,)))")
    assert lines[embedding + 1] == "model.add(SpatialDropout1D(0.2))"
    assert lines[embedding + 2].startswith("model.add(LSTM(32")
    assert "SpatialDropout1D" in lines[0]  # imported from tensorflow.keras.layers


def test_embedding_dropout_outside_the_add_form_is_reported_and_left_for_review() -> None:
    result = _migrate(
        "from keras.layers import Embedding, Input\n"
        "tokens = Input(shape=(10,), dtype='int32')\n"
        "vectors = Embedding(1000, 64, dropout=0.2)(tokens)\n"
    )
    assert _codes(result) == ["K922"]
    assert result.findings[0].line == 3
    assert "vectors = Embedding(1000, 64, dropout=0.2)(tokens)" in result.new_source
    assert "SpatialDropout1D(0.2)" not in result.new_source


def test_embedding_dropout_of_zero_is_the_keras_1_default_and_disappears() -> None:
    result = _migrate("from keras.layers import Embedding\ne = Embedding(1000, 64, dropout=0.)\n")
    assert result.findings == ()
    assert "e = Embedding(1000, 64)" in result.new_source


# ---------------------------------------------------------------------------
# Dropout(0.5) and LSTM(consume_less='gpu')
# ---------------------------------------------------------------------------


def test_positional_dropout_stays_the_rate() -> None:
    result = _migrate("from keras.layers import Dropout\nd = Dropout(0.5)\n")
    assert result.findings == ()
    assert "d = Dropout(0.5)" in result.new_source


def test_keyword_dropout_p_becomes_rate() -> None:
    result = _migrate("from keras.layers import Dropout\nd = Dropout(p=0.5)\n")
    assert "d = Dropout(rate=0.5)" in result.new_source


@settings(max_examples=25, deadline=None)
@given(rate=st.sampled_from(["0.1", "0.25", "0.5", ".5", "0.75"]))
def test_any_positional_dropout_rate_survives_unchanged(rate: str) -> None:
    result = _migrate(f"from keras.layers import Dropout\nd = Dropout({rate})\n")
    assert f"d = Dropout({rate})" in result.new_source


def test_lstm_consume_less_gpu_is_dropped_and_the_call_equals_the_default_lstm() -> None:
    for value in ("'gpu'", "'cpu'", "'mem'"):
        knob = _migrate(f"from keras.layers import LSTM\nlayer = LSTM(8, consume_less={value})\n")
        plain = _migrate("from keras.layers import LSTM\nlayer = LSTM(8)\n")
        assert _codes(knob) == ["K925"]  # the pinned hard_sigmoid is close to Keras 1's, not equal
        assert "consume_less" not in knob.new_source
        assert knob.new_source == plain.new_source
    assert "layer = LSTM(8, recurrent_activation='hard_sigmoid')" in plain.new_source


# ---------------------------------------------------------------------------
# Convolution1D strides, Convolution2D kernels, the ambiguous Conv2D alias
# ---------------------------------------------------------------------------


def test_convolution1d_subsample_length_2_becomes_strides_2() -> None:
    result = _migrate(
        "from keras.layers import Convolution1D\n"
        "conv = Convolution1D(64, 3, border_mode='same', subsample_length=2)\n"
    )
    assert result.findings == ()
    assert "conv = Conv1D(64, 3, padding='same', strides=2)" in result.new_source


def test_convolution2d_64_3_3_becomes_a_3x3_kernel_not_strides_3() -> None:
    result = _migrate("from keras.layers import Convolution2D\nconv = Convolution2D(64, 3, 3)\n")
    assert result.findings == ()
    assert "conv = Conv2D(64, (3, 3))" in result.new_source


@settings(max_examples=25, deadline=None)
@given(filters=st.integers(1, 512), rows=st.integers(1, 11), cols=st.integers(1, 11))
def test_every_keras_1_convolution2d_kernel_is_fused_into_one_tuple(filters: int, rows: int, cols: int) -> None:
    result = _migrate(f"from keras.layers import Convolution2D\nconv = Convolution2D({filters}, {rows}, {cols})\n")
    assert f"conv = Conv2D({filters}, ({rows}, {cols}))" in result.new_source


def test_conv2d_64_3_3_imported_from_keras_without_a_keyword_proof_is_a_finding_not_a_guess() -> None:
    result = _migrate("from keras.layers import Conv2D\nconv = Conv2D(64, 3, 3)\n")
    assert _codes(result) == ["K903"]
    assert result.findings[0].line == 2
    assert "conv = Conv2D(64, 3, 3)" in _code_lines(result.new_source)


def test_conv2d_64_3_3_with_a_keras_1_keyword_is_proven_keras_1_and_fused() -> None:
    result = _migrate("from keras.layers import Conv2D\nconv = Conv2D(64, 3, 3, border_mode='same')\n")
    assert result.findings == ()
    assert "conv = Conv2D(64, (3, 3), padding='same')" in result.new_source


def test_conv2d_64_3_3_written_for_tensorflow_keras_is_left_alone() -> None:
    source = "from tensorflow.keras.layers import Conv2D\nconv = Conv2D(64, 3, 3)\n"
    result = _migrate(source)
    assert result.findings == ()
    assert result.new_source == source


# ---------------------------------------------------------------------------
# Input((5,), 4)
# ---------------------------------------------------------------------------


def test_input_second_positional_is_keras_1_batch_shape_and_is_keywordised() -> None:
    result = _migrate("from keras.layers import Input\nx = Input((5,), 4)\n")
    assert "x = Input((5,), batch_shape=4)" in result.new_source
    # never the Keras 3 reading, batch_size=4, which would build a (4, 5) input
    assert "Input((5,), 4)" not in result.new_source
    assert "batch_size" not in result.new_source
