"""Inline cases for the weight, loss and metric rules: tiny rewrites, no-ops and findings."""

from __future__ import annotations

import pytest

from codemods._paths import STAR_EXPORTS, canonical
from codemods.tables import losses, weights
from kmigrate import migrate_source

REWRITES = [
    pytest.param(
        "from keras.regularizers import l2\nr = l2(l=0.01)\n",
        "from tensorflow.keras.regularizers import l2\nr = l2(0.01)\n",
        id="l2 with the Keras 1 keyword l= becomes positional",
    ),
    pytest.param(
        "from keras.regularizers import l1l2\nr = l1l2()\n",
        "from tensorflow.keras.regularizers import l1_l2\nr = l1_l2(l1=0.01, l2=0.01)\n",
        id="l1l2 gets both Keras 1 defaults written out",
    ),
    pytest.param(
        "from keras import regularizers as R\nr = R.activity_l1l2(l2=0.2)\n",
        "from tensorflow.keras import regularizers as R\nr = R.l1_l2(l1=0.01, l2=0.2)\n",
        id="aliased module is followed and the missing factor keeps its Keras 1 default",
    ),
    pytest.param(
        "import keras\nr = keras.regularizers.WeightRegularizer(0.1)\n",
        "from tensorflow import keras\nr = keras.regularizers.L1L2(l1=0.1)\n",
        id="WeightRegularizer becomes L1L2 with keywords and no added defaults",
    ),
    pytest.param(
        "from keras.constraints import *\nc = maxnorm(m=3, axis=[0, 1, 2])\n",
        "from tensorflow.keras.constraints import *\nc = MaxNorm(max_value=3, axis=[0, 1, 2])\n",
        id="star-imported maxnorm is renamed and m becomes max_value",
    ),
    pytest.param(
        "from keras.constraints import MinMaxNorm\nc = MinMaxNorm(low=0.1, high=0.9)\n",
        "from tensorflow.keras.constraints import MinMaxNorm\nc = MinMaxNorm(min_value=0.1, max_value=0.9)\n",
        id="MinMaxNorm low and high become min_value and max_value",
    ),
    pytest.param(
        "from keras.layers import Dense\nfrom keras.initializations import uniform\n"
        "d = Dense(8, init=lambda shape, name=None: uniform(shape, scale=a + b, name=name))\n",
        "from tensorflow.keras.layers import Dense\nfrom tensorflow.keras.initializers import RandomUniform\n"
        "d = Dense(8, kernel_initializer=RandomUniform(minval=-(a + b), maxval=a + b))\n",
        id="uniform initializer lambda becomes RandomUniform with a parenthesised negated scale",
    ),
    pytest.param(
        "from keras.layers import Dense\nfrom keras import initializations as inits\n"
        "d = Dense(8, init=inits.he_normal)\n",
        "from tensorflow.keras.layers import Dense\nfrom tensorflow.keras import initializers as inits\n"
        "d = Dense(8, kernel_initializer=inits.HeNormal())\n",
        id="bare Keras 1 initializer function becomes an instance of its class",
    ),
    pytest.param(
        "from keras import initializers\ni = initializers.normal(stddev=0.01)\n",
        "from tensorflow.keras import initializers\ni = initializers.RandomNormal(stddev=0.01)\n",
        id="Keras 2 lowercase initializer keeps its arguments and takes the class name",
    ),
    pytest.param(
        "from keras import activations\ny = activations.relu(x, alpha=0.2)\n",
        "from tensorflow.keras import activations\ny = activations.relu(x, negative_slope=0.2)\n",
        id="relu alpha becomes negative_slope",
    ),
    pytest.param(
        "from keras.layers import Dense\nd = Dense(8, kernel_initializer='one', kernel_constraint='nonneg')\n",
        "from tensorflow.keras.layers import Dense\nd = Dense(8, kernel_initializer='ones', kernel_constraint='non_neg')\n",
        id="strings under today's keywords are renamed too",
    ),
    pytest.param(
        "from keras.layers import Dense\nd = Dense(8, W_regularizer='activity_l1')\n",
        "from tensorflow.keras.layers import Dense\nd = Dense(8, kernel_regularizer='l1')\n",
        id="activity_l1 string becomes l1",
    ),
    pytest.param(
        "from keras.models import Sequential\nmodel = Sequential()\nmodel.compile(loss='logcosh', optimizer='sgd', metrics=['kld'])\n",
        "from tensorflow.keras.models import Sequential\nmodel = Sequential()\n"
        "model.compile(loss='log_cosh', optimizer='sgd', metrics=['kl_divergence'])\n",
        id="logcosh loss and kld metric strings take today's names",
    ),
    pytest.param(
        "from keras.initializations import *\nfrom keras.layers import Dense\n"
        "d = Dense(3, init=normal, bias_initializer=zero)\n"
        "e = Dense(3, init=lambda shape, name=None: uniform(shape, 0.2, name=name))\n",
        "from tensorflow.keras.initializers import *\nfrom tensorflow.keras.layers import Dense\n"
        "d = Dense(3, kernel_initializer=RandomNormal(), bias_initializer=Zeros())\n"
        "e = Dense(3, kernel_initializer=RandomUniform(minval=-0.2, maxval=0.2))\n",
        id="star-imported initializer functions become instances and the lambda an object",
    ),
    pytest.param(
        "from keras.objectives import *\nloss = mean_squared_logarithmic_error(y_true, y_pred) + kld(y_true, y_pred)\n",
        "from tensorflow.keras.losses import *\nloss = msle(y_true, y_pred) + kld(y_true, y_pred)\n",
        id="star-imported objective takes its short name and names that exist stay",
    ),
    pytest.param(
        "import keras\nf = keras.objectives.mean_absolute_percentage_error\n",
        "from tensorflow import keras\nf = keras.losses.mape\n",
        id="objective spelled through keras.objectives gets its short name in losses",
    ),
]

NOOPS = [
    pytest.param(
        "from tensorflow.keras import regularizers\nr = regularizers.l2(l2=0.01)\n",
        id="today's keyword l2= is left alone",
    ),
    pytest.param(
        "from tensorflow.keras.regularizers import l1_l2\nr = l1_l2(l1=0.0, l2=0.1)\n",
        id="today's l1_l2 gets no Keras 1 defaults",
    ),
    pytest.param(
        "from tensorflow.keras.layers import Dense\n\n\ndef l2(l=0.01):\n    return l\n\n\nd = Dense(8, kernel_regularizer=l2(l=0.1))\n",
        id="a user's own l2 function is not touched",
    ),
    pytest.param(
        "from tensorflow.keras.layers import Dense, LSTM\n"
        "d = Dense(8, kernel_initializer='glorot_normal', activation='hard_sigmoid')\n"
        "r = LSTM(8, recurrent_initializer='orthogonal', kernel_regularizer='l2', kernel_constraint='MaxNorm')\n",
        id="strings that still resolve are left alone",
    ),
    pytest.param(
        "from tensorflow.keras.layers import Dense\nfrom tensorflow.keras import backend as K\n"
        "d = Dense(8, kernel_initializer=lambda shape, dtype=None: K.random_normal(shape))\n",
        id="an initializer lambda with today's signature is left alone",
    ),
    pytest.param(
        "import re\nfrom tensorflow import keras\np = re.compile('cosine', re.I)\n",
        id="re.compile is not a Keras compile",
    ),
    pytest.param(
        "from tensorflow.keras.models import Sequential\nmodel = Sequential()\n"
        "model.compile(loss='mse', optimizer='sgd', metrics=['acc', 'accuracy', 'mae'])\n",
        id="accuracy metric strings are left to the history-key rules",
    ),
    pytest.param(
        "from tensorflow.keras import losses, metrics\nf = losses.kullback_leibler_divergence\ng = metrics.logcosh\n",
        id="long loss names that still exist as functions are left alone",
    ),
]

FINDINGS = [
    pytest.param(
        "from keras.models import Sequential\nmodel = Sequential()\nmodel.compile(loss='mse', optimizer='sgd', metrics=['precision'])\n",
        "metrics=['precision']",
        ["K941"],
        id="precision string is kept with a finding",
    ),
    pytest.param(
        "from keras.models import Sequential\nmodel = Sequential()\nmodel.compile(loss='cosine', optimizer='sgd')\n",
        "loss='cosine_similarity'",
        ["K940"],
        id="cosine loss is renamed with a finding about its scale",
    ),
    pytest.param(
        "from keras.layers import Dense\nfrom keras.regularizers import EigenvalueRegularizer\nd = Dense(8, W_regularizer=EigenvalueRegularizer(0.1))\n",
        "from keras.regularizers import EigenvalueRegularizer",
        ["K901", "K931"],
        id="EigenvalueRegularizer keeps its Keras 1 import and is a finding",
    ),
    pytest.param(
        "from keras import initializations\n\n\ndef init(shape, name=None):\n    return initializations.identity(shape, scale=2, name=name)\n",
        "return initializations.Identity(gain=2)(shape)",
        ["K930"],
        id="Keras 1 initializer call inside a def is converted with a finding",
    ),
    pytest.param(
        "from keras.layers import Dense\nd = Dense(8, init=lambda shape, name=None: my_variable(shape, name))\n",
        "kernel_initializer=lambda shape, name=None: my_variable(shape, name)",
        ["K930"],
        id="an initializer lambda with the Keras 1 signature is a finding",
    ),
    pytest.param(
        "from keras.metrics import fmeasure\nx = fmeasure(y_true, y_pred)\n",
        "from keras.metrics import fmeasure",
        ["K901", "K941"],
        id="a removed metric function keeps its Keras 1 import and is a finding",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REWRITES)
def test_rewrite(source: str, expected: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == expected
    assert not result.findings
    assert migrate_source(result.new_source).new_source == expected


@pytest.mark.parametrize("source", NOOPS)
def test_no_op(source: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == source
    assert not result.findings


@pytest.mark.parametrize(("source", "fragment", "codes"), FINDINGS)
def test_finding(source: str, fragment: str, codes: list[str]) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert fragment in result.new_source
    assert sorted(f.code for f in result.findings) == codes
    for finding in result.findings:
        assert finding.message.isascii() and "\n" not in finding.message
        assert f"# kmigrate: {finding.code} {finding.message}" in result.new_source


# -- table invariants (the TensorFlow checks live in test_tables_weights_tensorflow.py) ------

_TABLES = {
    "INITIALIZER_FUNCTIONS": weights.INITIALIZER_FUNCTIONS,
    "WEIGHT_SYMBOL_RENAMES": weights.WEIGHT_SYMBOL_RENAMES,
    "WEIGHT_CALL_CONVERSIONS": weights.WEIGHT_CALL_CONVERSIONS,
    "REMOVED_WEIGHT_SYMBOLS": weights.REMOVED_WEIGHT_SYMBOLS,
    "LOSS_FUNCTION_RENAMES": losses.LOSS_FUNCTION_RENAMES,
}
_STRING_TABLES = {
    "INITIALIZER_STRING_RENAMES": weights.INITIALIZER_STRING_RENAMES,
    "CONSTRAINT_STRING_RENAMES": weights.CONSTRAINT_STRING_RENAMES,
    "REGULARIZER_STRING_RENAMES": weights.REGULARIZER_STRING_RENAMES,
    "REGULARIZER_STRING_OBJECTS": weights.REGULARIZER_STRING_OBJECTS,
    "LOSS_STRING_RENAMES": losses.LOSS_STRING_RENAMES,
    "METRIC_STRING_RENAMES": losses.METRIC_STRING_RENAMES,
    "REMOVED_METRICS": losses.REMOVED_METRICS,
}


@pytest.mark.parametrize("name", sorted({**_TABLES, **_STRING_TABLES}))
def test_table_rows_are_sorted(name: str) -> None:
    keys = list({**_TABLES, **_STRING_TABLES}[name])
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", sorted(_TABLES))
def test_table_keys_are_canonical(name: str) -> None:
    for key in _TABLES[name]:
        assert canonical(key) == key, key


def test_renames_have_no_chains() -> None:
    targets = {row.target for row in weights.INITIALIZER_FUNCTIONS.values()}
    targets |= set(weights.WEIGHT_SYMBOL_RENAMES.values()) | set(losses.LOSS_FUNCTION_RENAMES.values())
    renamed = set(weights.INITIALIZER_FUNCTIONS) | set(weights.WEIGHT_SYMBOL_RENAMES) | set(losses.LOSS_FUNCTION_RENAMES)
    for target in targets:
        assert target.startswith("tensorflow.keras.")
        assert canonical(target) not in renamed, f"{target} is renamed again"


def test_string_renames_have_no_chains() -> None:
    for table in _STRING_TABLES.values():
        values = {v for v in table.values() if isinstance(v, str)}
        assert not values & set(table)


def test_a_renamed_name_is_not_also_removed() -> None:
    removed = set(weights.REMOVED_WEIGHT_SYMBOLS) | {f"keras.metrics.{n}" for n in losses.REMOVED_METRICS}
    assert not removed & (set(weights.WEIGHT_SYMBOL_RENAMES) | set(losses.LOSS_FUNCTION_RENAMES))


def test_star_imports_can_provide_every_name_the_rules_know() -> None:
    assert weights.WEIGHT_STAR_EXPORTS <= STAR_EXPORTS
    assert losses.LOSS_STAR_EXPORTS <= STAR_EXPORTS


def test_accuracy_metric_keeps_keras1_history_keys_when_the_file_reads_them() -> None:
    source = (
        "from keras.models import Sequential\n"
        "model = Sequential()\n"
        "model.compile(loss='mse', optimizer='sgd', metrics=['accuracy'])\n"
        "best = max(model.fit(X, Y, nb_epoch=2).history['val_acc'])\n"
    )
    out = migrate_source(source).new_source
    assert "metrics=['acc']" in out
    assert migrate_source(out).new_source == out


def test_accuracy_metric_is_left_alone_when_no_acc_key_is_read() -> None:
    source = "from keras.models import Sequential\nmodel = Sequential()\nmodel.compile(loss='mse', optimizer='sgd', metrics=['accuracy'])\n"
    assert "metrics=['accuracy']" in migrate_source(source).new_source
