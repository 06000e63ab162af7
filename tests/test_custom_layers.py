"""Inline cases for the custom-layer rules (K250-K259): tiny rewrites, no-ops and findings.

Everything goes through ``migrate_source``; the TensorFlow side of the claims
is in ``tests/test_tables_custom_layers_tensorflow.py``.
"""

from __future__ import annotations

import textwrap

import pytest

from codemods import PIPELINE
from codemods.tables import custom_layers
from kmigrate import migrate_source
from kmigrate.config import RunConfig

K1 = "from keras import backend as K\nfrom keras.engine.topology import Layer\n\n\n"
K3 = "from tensorflow.keras import backend as K\nfrom tensorflow.keras.layers import Layer\n\n\n"


def _code(body: str) -> str:
    return textwrap.dedent(body).lstrip("\n")


REWRITES = [
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def get_output_shape_for(self, input_shape):
                    return input_shape
        """),
        K3 + _code("""
            class L(Layer):
                def compute_output_shape(self, input_shape):
                    return input_shape
        """),
        id="get_output_shape_for becomes compute_output_shape",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def call(self, x, mask=None):
                    y = K.relu(x)
                    return y + x
        """),
        K3 + _code("""
            class L(Layer):
                def call(self, inputs, mask=None):
                    y = K.relu(inputs)
                    return y + inputs
        """),
        id="call's first parameter becomes inputs with each of its uses",
    ),
    pytest.param(
        "from keras.engine.topology import Layer as Base\n\n\n" + _code("""
            class L(Base):
                def get_output_shape_for(self, s):
                    return s
        """),
        "from tensorflow.keras.layers import Layer as Base\n\n\n" + _code("""
            class L(Base):
                def compute_output_shape(self, s):
                    return s
        """),
        id="an aliased Layer import is followed",
    ),
    pytest.param(
        "import keras\n\n\n" + _code("""
            class L(keras.engine.topology.Layer):
                def get_output_shape_for(self, s):
                    return s


            class M(L):
                def get_output_shape_for(self, s):
                    return s
        """),
        "from tensorflow import keras\n\n\n" + _code("""
            class L(keras.layers.Layer):
                def compute_output_shape(self, s):
                    return s


            class M(L):
                def compute_output_shape(self, s):
                    return s
        """),
        id="a dotted base and a subclass of a local layer are layers too",
    ),
    pytest.param(
        "from keras.engine.topology import Layer, InputSpec\n\n\n" + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.input_spec = [InputSpec(ndim=2)]
        """),
        "from tensorflow.keras.layers import Layer, InputSpec\n\n\n" + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.input_spec = InputSpec(ndim=2)
        """),
        id="a list of one InputSpec becomes the spec",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def __init__(self, **kwargs):
                    self.supports_masking = True
                    super(L, self).__init__(**kwargs)
        """),
        K3 + _code("""
            class L(Layer):
                def __init__(self, **kwargs):
                    super(L, self).__init__(**kwargs)
                    self.supports_masking = True
        """),
        id="supports_masking set before super().__init__ moves after it",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.b = K.zeros((4,))
                    self.trainable_weights = [self.b]
        """),
        K3 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.b = self.add_weight(shape=(4,), initializer='zeros', name='b')
        """),
        id="a K.zeros weight listed in trainable_weights becomes add_weight",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.m = K.ones((4,))
                    self.non_trainable_weights = [self.m]
        """),
        K3 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.m = self.add_weight(shape=(4,), initializer='ones', name='m', trainable=False)
        """),
        id="a weight listed in non_trainable_weights gets trainable=False",
    ),
    pytest.param(
        "from keras import initializations\n" + K1 + _code("""
            class L(Layer):
                def __init__(self, init='uniform', **kwargs):
                    self.init = initializations.get(init)
                    super(L, self).__init__(**kwargs)

                def build(self, input_shape):
                    self.W = self.init((input_shape[1], 3))
                    self.trainable_weights = [self.W]
        """),
        "from tensorflow.keras import initializers as initializations\n" + K3 + _code("""
            class L(Layer):
                def __init__(self, init='uniform', **kwargs):
                    self.init = initializations.get(init)
                    super(L, self).__init__(**kwargs)

                def build(self, input_shape):
                    self.W = self.add_weight(shape=(input_shape[1], 3), initializer=self.init, name='W')
        """),
        id="an initializer chosen by a constructor argument is passed as self.init",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.W = self.add_weight('W', (input_shape[1], 3))
        """),
        K3 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.W = self.add_weight(name='W', shape=(input_shape[1], 3))
        """),
        id="add_weight with a name first takes the Keras 2 order",
    ),
    pytest.param(
        "from keras import regularizers\n" + K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.W_regularizer = regularizers.l2(0.1)
                    self.W_regularizer.set_param(self.W)
                    self.regularizers = []
        """),
        "from tensorflow.keras import regularizers\n" + K3 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.W_regularizer = regularizers.l2(0.1)
        """),
        id="set_param and a lone empty regularizers list are deleted",
    ),
    pytest.param(
        "from keras.layers import Embedding\n" + K1 + _code("""
            class E(Embedding):
                def table(self):
                    return self.W
        """),
        "from tensorflow.keras.layers import Embedding\n" + K3 + _code("""
            class E(Embedding):
                def table(self):
                    return self.embeddings
        """),
        id="an Embedding subclass reads self.embeddings instead of self.W",
    ),
]

NOOPS = [
    pytest.param(
        "from mylib import Layer\nimport keras\n\n\nclass L(Layer):\n    def get_output_shape_for(self, s):\n        return s\n",
        id="a Layer from another library is not a Keras layer",
    ),
    pytest.param(
        K3 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], 4), initializer='glorot_uniform', name='w')

                def call(self, inputs, mask=None):
                    return K.dot(inputs, self.w)

                def compute_output_shape(self, input_shape):
                    return input_shape[:-1] + (4,)
        """),
        id="a layer written for Keras 3 is left as it is",
    ),
    pytest.param(
        K3 + _code("""
            class L(Layer):
                def call(self, x, mask=None):
                    return K.map_fn(lambda x: x + 1, x)
        """),
        id="call keeps its parameter when a lambda rebinds the name",
    ),
    pytest.param(
        K3 + _code("""
            class L(Layer):
                def call(self, x):
                    return x

                def twice(self, t):
                    return self.call(x=t)
        """),
        id="call keeps its parameter when the class passes it by keyword",
    ),
    pytest.param(
        K3 + _code("""
            class L(Layer):
                def get_output_shape_for(self, s):
                    return s

                def compute_output_shape(self, s):
                    return s
        """),
        id="get_output_shape_for stays when compute_output_shape exists",
    ),
    pytest.param(
        K3 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.v = helper.add_weight('v', (3,))
                    self.count = K.variable(0)
        """),
        id="another receiver's add_weight and an unlisted K.variable are left alone",
    ),
    pytest.param(
        "import keras\n\n\nclass Helper(object):\n    def build(self):\n        self.W = keras.backend.zeros((2,))\n        self.trainable_weights = [self.W]\n",
        id="a class that is not a layer keeps its trainable_weights",
    ),
]

FINDINGS = [
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def __init__(self, **kwargs):
                    self.W = K.zeros((2, 2))
                    super(L, self).__init__(**kwargs)

                def build(self, input_shape):
                    self.trainable_weights = [self.W]
        """),
        "self.trainable_weights = [self.W]",
        ["K985"],
        id="a weight made in another method keeps its registration with K985",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.W = self.add_weight(spec, init_or_shape)
        """),
        "self.add_weight(spec, init_or_shape)",
        ["K985"],
        id="add_weight with no proof of its order is K985",
    ),
    pytest.param(
        "from keras import initializations\n" + K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.W = initializations.get('glorot_uniform')((3, 3, 4, 8))
                    self.trainable_weights = [self.W]
        """),
        "initializer='glorot_uniform'",
        ["K986"],
        id="a fan-based initializer on a 4-D shape is rewritten with K986",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.W = make(input_shape)
                    self.constraints = {self.W: clip}
        """),
        "self.constraints = {self.W: clip}",
        ["K987"],
        id="a constraint on a weight kmigrate did not make is K987",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def build(self, input_shape):
                    self.regularizers = [self.W_regularizer]
        """),
        "self.regularizers = [self.W_regularizer]",
        ["K988"],
        id="a regularizers list with a penalty is K988",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def call(self, x, mask=None):
                    self.add_update([(self.v, x)], x)
                    return x
        """),
        "self.add_update([(self.v, inputs)], inputs)",
        ["K989"],
        id="add_update is K989",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def __init__(self, **kwargs):
                    self.uses_learning_phase = True
                    super(L, self).__init__(**kwargs)
        """),
        "self.uses_learning_phase = True",
        ["K990"],
        id="uses_learning_phase is K990",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def call(self, x, mask=None):
                    while K.sum(x) > 1:
                        x = x / 2
                    return x
        """),
        "while K.sum(inputs) > 1:",
        ["K991"],
        id="a while loop on a tensor in call is K991",
    ),
    pytest.param(
        "from keras.layers.recurrent import Recurrent\n\n\nclass R(Recurrent):\n    pass\n",
        "class R(Recurrent):",
        ["K901", "K992"],
        id="a Recurrent subclass is K992",
    ),
    pytest.param(
        "from keras import backend as K\n\n\ndef init(shape, name=None):\n    return K.variable(0.1 * K.ones(shape), name=name)\n",
        "return K.variable(0.1 * K.ones(shape), name=name)",
        ["K993"],
        id="a Keras 1 initializer function returning a variable is K993",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def __init__(self, units, **kwargs):
                    self.units = units
                    super(L, self).__init__(**kwargs)

                def get_config(self):
                    return {'output_dim': self.units}
        """),
        "return {'output_dim': self.units}",
        ["K994"],
        id="a get_config key __init__ does not take is K994",
    ),
    pytest.param(
        K1 + _code("""
            class L(Layer):
                def __init__(self, **kwargs):
                    super(L, self).__init__(input_dtype='int32', **kwargs)
        """),
        "super(L, self).__init__(input_dtype='int32', **kwargs)",
        ["K994"],
        id="a legacy keyword passed to the base Layer is K994",
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
    expected = source.replace("import keras\n", "from tensorflow import keras\n")
    assert result.new_source == expected
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
    assert migrate_source(result.new_source).new_source == result.new_source


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("from keras.engine import Layer, InputSpec", "from tensorflow.keras.layers import Layer, InputSpec", id="keras.engine"),
        pytest.param("from keras.engine.topology import Layer, InputSpec", "from tensorflow.keras.layers import Layer, InputSpec", id="keras.engine.topology"),
        pytest.param("from keras.engine.base_layer import Layer", "from tensorflow.keras.layers import Layer", id="keras.engine.base_layer of 2.2"),
        pytest.param("from keras.engine.input_layer import Input", "from tensorflow.keras.layers import Input", id="keras.engine.input_layer of 2.2"),
        pytest.param("from keras.engine.topology import InputLayer", "from tensorflow.keras.layers import InputLayer", id="InputLayer"),
    ],
)
def test_spec_1_3_engine_imports_are_moved_by_the_imports_rule(line: str, expected: str) -> None:
    assert migrate_source(line + "\n").new_source == expected + "\n"


def test_findings_inside_methods_have_no_comment_when_comments_are_off() -> None:
    source = K1 + "class L(Layer):\n    def build(self, input_shape):\n        self.regularizers = [r]\n"
    result = migrate_source(source, RunConfig(annotate=False))
    assert [f.code for f in result.findings] == ["K988"]
    assert "# kmigrate" not in result.new_source


def test_a_finding_sits_on_the_line_it_is_about() -> None:
    source = K1 + "class L(Layer):\n    def build(self, input_shape):\n        x = 1\n        self.regularizers = [r]\n"
    result = migrate_source(source)
    (finding,) = result.findings
    assert source.splitlines()[finding.line - 1].strip() == "self.regularizers = [r]"
    lines = result.new_source.splitlines()
    assert lines[lines.index("        self.regularizers = [r]") - 1].startswith("        # kmigrate: K988 ")


def test_a_rewrite_answers_the_initializer_call_finding() -> None:
    """K930 says 'for a weight use add_weight(...)': once the weight is rewritten, it is withdrawn."""
    source = "from keras import initializations\n" + K1 + _code("""
        class L(Layer):
            def build(self, input_shape):
                self.W = initializations.normal((3, 2), scale=0.01, name='W')
                self.trainable_weights = [self.W]
    """)
    result = migrate_source(source)
    assert not result.findings
    assert "self.W = self.add_weight(shape=(3, 2), initializer=initializations.RandomNormal(stddev=0.01), name='W')" in result.new_source


def test_custom_layer_rules_are_registered_before_imports() -> None:
    names = [c.name for c in PIPELINE]
    ours = [c.name for c in PIPELINE if c.code.startswith("K25")]
    assert len(ours) == 10
    assert all(names.index(n) < names.index("imports") for n in ours)
    # the keyword form must exist before the initializer-value rules read add_weight's keywords
    assert names.index("add_weight_args") < names.index("weight_functions") < names.index("weight_strings")


@pytest.mark.parametrize(
    "table",
    ["VARIABLE_CALLS", "FILL_VALUES", "LEGACY_BASE_KWARGS", "BUILTIN_WEIGHT_ATTRIBUTES"],
)
def test_table_rows_are_sorted(table: str) -> None:
    keys = list(getattr(custom_layers, table))
    assert keys == sorted(keys)
