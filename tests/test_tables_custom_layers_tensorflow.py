"""The custom-layer rules (K250-K259) checked against the installed TensorFlow 2.21 (Keras 3.15).

Three parts:

1. the tables: every class and keyword a rule emits exists, every Keras 1
   backend call keeps the positional order the rules read, every keyword
   Keras 3's base ``Layer`` is said to reject is rejected;
2. the claims the rules' documentation makes about Keras 3 (a Keras 1 layer
   that registers its own variables fails or has no weights; ``input_spec``
   and ``supports_masking`` set before ``super().__init__`` are dropped;
   Python ``if`` on a tensor fails in ``call``; Keras 1's fan computation
   differs from today's except on rank-2 shapes; ...);
3. migrated fixtures executed: the custom layers build, hold the weights the
   Keras 1 code registered (count, trainability, values, constraints) and
   train; an autoencoder whose encoder is a Keras 1 custom layer matches the
   same model written by hand (parameters, output shapes, weight counts),
   while the same script with everything but the custom-layer rules
   migrated fails.

TensorFlow is imported inside module-scoped fixtures, so collecting this
module for ``pytest -m "not tensorflow"`` stays cheap.
"""

from __future__ import annotations

import importlib
import inspect
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import libcst as cst
import numpy as np
import pytest

from codemods import PIPELINE, run_pipeline
from codemods._paths import default_target
from codemods.add_weight_args import KERAS1_ORDER, KERAS2_ORDER, KERAS3_ORDER
from codemods.tables.custom_layers import (
    BASE_LAYER_KWARGS,
    BUILTIN_WEIGHT_ATTRIBUTES,
    CONSTANT,
    FAN_INITIALIZERS,
    FILL_VALUES,
    LEGACY_BASE_KWARGS,
    OTHER_VARIABLE_CALLS,
    PLAIN_INITIALIZERS,
    VARIABLE_CALLS,
)
from codemods.tables.layers import LAYER_CLASS_RENAMES
from codemods.tables.weights import INITIALIZER_STRING_RENAMES
from kmigrate import migrate_source

pytestmark = [
    pytest.mark.tensorflow,
    pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning"),
]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CUSTOM_LAYER_RULES = frozenset(c.name for c in PIPELINE if c.code.startswith("K25"))


@pytest.fixture(scope="module")
def tf() -> ModuleType:
    import tensorflow

    return tensorflow


@pytest.fixture(scope="module")
def keras(tf: ModuleType) -> Any:
    return tf.keras


def _resolve(dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def _params(obj: Any) -> list[str]:
    target = obj.__init__ if isinstance(obj, type) else obj
    return [p for p in inspect.signature(target).parameters if p != "self"]


def _exec(text: str, name: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute migrated text in a fresh namespace (the test runs it, never kmigrate)."""
    namespace: dict[str, Any] = {"__name__": f"kmigrate_fixture_{name}", **(extra or {})}
    exec(compile(text, f"{name}.py", "exec"), namespace)
    return namespace


def _exec_fixture(relative: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    source = (FIXTURES / f"{relative}.in.py").read_text(encoding="utf-8")
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == (FIXTURES / f"{relative}.out.py").read_text(encoding="utf-8")
    return _exec(result.new_source, relative.replace("/", "_"), extra)


# ---------------------------------------------------------------------------
# 1. the tables against TensorFlow
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(n for n, row in VARIABLE_CALLS.items() if row.target))
def test_initializer_classes_exist_and_take_the_emitted_keywords(keras: Any, name: str) -> None:
    row = VARIABLE_CALLS[name]
    assert row.target is not None
    target = _resolve(row.target)
    assert set(row.keywords.values()) <= set(_params(target))
    assert set(row.keywords) <= set(row.params)


def test_constant_initializer_exists(keras: Any) -> None:
    assert _params(_resolve(CONSTANT))[0] == "value"


@pytest.mark.parametrize("name", sorted({*VARIABLE_CALLS, *OTHER_VARIABLE_CALLS}))
def test_variable_calls_keep_the_keras1_positional_order(keras: Any, name: str) -> None:
    """TensorFlow 2.21's legacy backend (and tf.Variable) still have the order the rules bind."""
    obj = _resolve(default_target(name) if name.startswith("keras.") else name)
    row = VARIABLE_CALLS.get(name)
    if row is not None:
        assert _params(obj)[: len(row.params)] == list(row.params)


@pytest.mark.parametrize("name", sorted(FAN_INITIALIZERS | PLAIN_INITIALIZERS))
def test_initializer_strings_resolve(keras: Any, name: str) -> None:
    assert callable(keras.initializers.get(INITIALIZER_STRING_RENAMES.get(name, name)))


@pytest.mark.parametrize("name", sorted(FILL_VALUES))
def test_fill_values_exist(tf: ModuleType, name: str) -> None:
    assert callable(_resolve(name))


def test_add_weight_takes_every_keyword_the_rules_emit(keras: Any) -> None:
    signature = inspect.signature(keras.layers.Layer.add_weight)
    emitted = {"shape", "initializer", "dtype", "name", "trainable", "regularizer", "constraint"}
    assert emitted | set(KERAS1_ORDER) | set(KERAS2_ORDER) | set(KERAS3_ORDER) <= set(signature.parameters)
    assert signature.parameters["name"].kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize(
    ("args", "error", "text"),
    [
        pytest.param(((3, 3), "zeros", "W"), ValueError, "Invalid dtype", id="Keras 1 third positional name is read as dtype"),
        pytest.param(("W", (3, 3)), ValueError, "keyword argument", id="Keras 2 positional name first is refused"),
        pytest.param(((3, 3), "zeros", "W", True), TypeError, "at most 3", id="four positionals are a TypeError"),
    ],
)
def test_legacy_positional_add_weight_fails_today(keras: Any, args: tuple[Any, ...], error: type, text: str) -> None:
    layer = keras.layers.Layer()
    with pytest.raises(error, match=text):
        layer.add_weight(*args)


def test_keras3_positional_order_is_shape_initializer_dtype(keras: Any) -> None:
    layer = keras.layers.Layer()
    weight = layer.add_weight(*[(2, 3), "ones", "float16"][: len(KERAS3_ORDER)])
    assert tuple(weight.shape) == (2, 3) and weight.dtype == "float16" and float(weight.numpy().sum()) == 6.0


def _bare_layer(keras: Any) -> type:
    class Bare(keras.layers.Layer):
        def call(self, inputs: Any) -> Any:
            return inputs

    return Bare


@pytest.mark.parametrize("name", sorted(LEGACY_BASE_KWARGS))
def test_legacy_base_kwargs_are_rejected(keras: Any, name: str) -> None:
    with pytest.raises(ValueError, match="Unrecognized keyword arguments"):
        _bare_layer(keras)(**{name: (None, 3) if "shape" in name else None if name == "weights" else 1})


@pytest.mark.parametrize("name", sorted(BASE_LAYER_KWARGS))
def test_base_layer_kwargs_are_accepted(keras: Any, name: str) -> None:
    values = {"input_shape": (3,), "input_dim": 3, "name": "x", "dtype": "float32", "trainable": False}
    _bare_layer(keras)(**{name: values.get(name)})


# K1 class -> (constructor arguments, input shape) for a small instance of today's class
_BUILTINS: dict[str, tuple[tuple[Any, ...], tuple[int, ...]]] = {
    "keras.layers.AtrousConvolution1D": ((2, 3), (8, 3)),
    "keras.layers.AtrousConvolution2D": ((2, 3), (8, 8, 3)),
    "keras.layers.BatchNormalization": ((), (4,)),
    "keras.layers.Convolution1D": ((2, 3), (8, 3)),
    "keras.layers.Convolution2D": ((2, 3), (8, 8, 3)),
    "keras.layers.Convolution3D": ((2, 3), (4, 4, 4, 3)),
    "keras.layers.Deconvolution2D": ((2, 3), (8, 8, 3)),
    "keras.layers.Dense": ((2,), (4,)),
    "keras.layers.Embedding": ((10, 2), (5,)),
    "keras.layers.PReLU": ((), (4,)),
    "keras.layers.SeparableConvolution2D": ((2, 3), (8, 8, 3)),
}


@pytest.mark.parametrize("name", sorted(BUILTIN_WEIGHT_ATTRIBUTES))
def test_builtin_weight_attributes_have_their_new_names(keras: Any, name: str) -> None:
    cls = _resolve(LAYER_CLASS_RENAMES.get(name, default_target(name)))
    args, shape = _BUILTINS[name]
    layer = cls(*args)
    layer.build((None, *shape))
    for old, new in BUILTIN_WEIGHT_ATTRIBUTES[name].items():
        assert hasattr(layer, new), f"{cls.__name__}.{new}"
        assert not hasattr(layer, old), f"{cls.__name__}.{old} exists today"


# ---------------------------------------------------------------------------
# 2. what the rules say about Keras 3
# ---------------------------------------------------------------------------


def test_a_keras1_layer_that_registers_its_variables_fails(keras: Any) -> None:
    K = keras.backend

    class Keras1(keras.layers.Layer):
        def build(self, input_shape: Any) -> None:
            self.W = K.zeros((input_shape[1], 2))
            self.trainable_weights = [self.W]

        def call(self, inputs: Any) -> Any:
            return K.dot(inputs, self.W)

    with pytest.raises(AttributeError, match="trainable_weights"):
        Keras1()(keras.Input((3,)))


@pytest.mark.parametrize("make", ["zeros", "variable", "random_uniform_variable", "tf.Variable"])
def test_raw_variables_are_not_weights_of_a_layer(tf: ModuleType, keras: Any, make: str) -> None:
    K = keras.backend
    makers = {
        "zeros": lambda: K.zeros((3, 2)),
        "variable": lambda: K.variable(np.ones((3, 2))),
        "random_uniform_variable": lambda: K.random_uniform_variable((3, 2), -1, 1),
        "tf.Variable": lambda: tf.Variable(tf.ones((3, 2))),
    }

    class Raw(keras.layers.Layer):
        def build(self, input_shape: Any) -> None:
            self.W = makers[make]()

        def call(self, inputs: Any) -> Any:
            return tf.matmul(inputs, self.W)

    layer = Raw()
    model = keras.Model(inputs := keras.Input((3,)), layer(inputs))
    assert (len(layer.weights), model.count_params()) == (0, 0)


def test_a_keras1_initializer_object_call_with_name_fails(keras: Any) -> None:
    init = keras.initializers.get("glorot_uniform")
    with pytest.raises(TypeError, match="name"):
        init((3, 2), name="W")


def test_attributes_set_before_super_init_are_reset(keras: Any) -> None:
    class Early(keras.layers.Layer):
        def __init__(self) -> None:
            self.input_spec = keras.layers.InputSpec(ndim=2)
            self.supports_masking = True
            super().__init__()

    layer = Early()
    assert layer.input_spec is None and layer.supports_masking is False


def test_python_control_flow_on_a_tensor_fails_in_call(tf: ModuleType, keras: Any) -> None:
    class Branchy(keras.layers.Layer):
        def call(self, inputs: Any) -> Any:
            if tf.reduce_sum(inputs) > 0:
                return inputs
            return -inputs

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError):
        Branchy()(keras.Input((3,)))


def test_keras3_has_no_keras1_layer_hooks(keras: Any) -> None:
    assert not hasattr(keras.regularizers.l2(0.1), "set_param")
    assert not hasattr(keras.regularizers.l2(0.1), "set_layer")
    assert not hasattr(keras.layers.Layer, "add_update")
    assert not hasattr(keras.layers.Layer, "updates")
    assert not hasattr(keras.layers, "Recurrent")
    assert not hasattr(keras.backend, "in_train_phase")
    assert _params(keras.layers.Layer.add_loss) == ["loss"]


def test_a_constraints_dict_keyed_by_variables_fails(keras: Any) -> None:
    layer = keras.layers.Layer()
    weight = layer.add_weight(shape=(2,))
    raw = keras.backend.zeros((2,))
    with pytest.raises(TypeError, match="unhashable"):
        {raw: keras.constraints.NonNeg()}  # building the Keras 1 dict is the failure
    assert weight.constraint is None


def test_a_keras1_initializer_function_fails_as_an_initializer(keras: Any) -> None:
    def keras1_init(shape: Any, name: Any = None) -> Any:
        return keras.backend.variable(np.zeros(shape), name=name)

    with pytest.raises(TypeError, match="dtype"):
        keras.layers.Dense(2, kernel_initializer=keras1_init).build((None, 3))


def _keras1_fans(shape: tuple[int, ...], dim_ordering: str = "th") -> tuple[float, float]:
    """keras@1.2.2:keras/initializations.py get_fans, as reference data."""
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) in (4, 5):
        if dim_ordering == "th":
            field = math.prod(shape[2:])
            return shape[1] * field, shape[0] * field
        field = math.prod(shape[:2])
        return shape[-2] * field, shape[-1] * field
    return math.sqrt(math.prod(shape)), math.sqrt(math.prod(shape))


@pytest.mark.parametrize(
    ("shape", "dim_ordering", "same"),
    [
        pytest.param((64, 32), "th", True, id="rank 2 keeps its scale"),
        pytest.param((3, 3, 16, 32), "tf", True, id="rank 4 with dim_ordering tf keeps its scale"),
        pytest.param((3, 3, 16, 32), "th", False, id="rank 4 read the Keras 1 default th way differs"),
        pytest.param((64,), "th", False, id="rank 1 differs"),
    ],
)
def test_keras1_fans_match_today_only_where_the_rule_says(keras: Any, shape: tuple[int, ...], dim_ordering: str, same: bool) -> None:
    fan_in, fan_out = _keras1_fans(shape, dim_ordering)
    keras1_limit = math.sqrt(6.0 / (fan_in + fan_out))
    today = np.abs(keras.initializers.GlorotUniform(seed=1)(shape).numpy()).max()
    if same:
        assert 0.9 * keras1_limit < today <= keras1_limit
    else:
        assert not 0.9 * keras1_limit < today <= keras1_limit


def test_the_emitted_initializers_give_the_keras1_values(keras: Any) -> None:
    layer = keras.layers.Layer()
    table = np.arange(6.0).reshape(2, 3)
    constant = layer.add_weight(shape=np.shape(table), initializer=keras.initializers.Constant(table), name="c")
    assert constant.dtype == "float32" and np.array_equal(constant.numpy(), table)
    scalar = layer.add_weight(shape=(), initializer=keras.initializers.Constant(1.5), name="s")
    assert float(scalar.numpy()) == 1.5
    eye = layer.add_weight(shape=(3, 3), initializer="identity", name="eye")
    assert np.array_equal(eye.numpy(), np.eye(3))
    uniform = layer.add_weight(shape=(200,), initializer=keras.initializers.RandomUniform(minval=-0.5, maxval=0.5, seed=1))
    assert -0.5 <= uniform.numpy().min() < -0.4 and 0.4 < uniform.numpy().max() <= 0.5


# ---------------------------------------------------------------------------
# 3. migrated fixtures, executed
# ---------------------------------------------------------------------------


def test_migrated_keras1_dense_holds_its_weights_and_constraints(keras: Any) -> None:
    ns = _exec_fixture("custom_layer_weights/keras1_dense")
    layer = ns["MyDense"](3, W_constraint="non_neg")
    model = keras.Sequential([keras.Input((5,)), layer])
    assert model.output_shape == (None, 3)
    assert [w.name for w in layer.trainable_weights] == ["W", "b"]
    assert [w.name for w in layer.non_trainable_weights] == ["count"]
    assert isinstance(layer.W.constraint, keras.constraints.NonNeg) and layer.b.constraint is None
    assert model.count_params() == 5 * 3 + 3 + 3
    bilinear = ns["Bilinear"](1)
    a, b = keras.Input((4,)), keras.Input((4,))
    assert tuple(bilinear([a, b]).shape) == (None, 1) and len(bilinear.trainable_weights) == 1
    listed = ns["Listed"]()
    listed.build((None, 5))
    assert [(w.name, w.trainable) for w in listed.weights] == [("listed_W", True), ("listed_moving", False)]
    assert isinstance(listed.W.constraint, keras.constraints.NonNeg)
    model.compile(optimizer="sgd", loss="mse")
    before = layer.W.numpy().copy()
    model.train_on_batch(np.ones((2, 5), "float32"), np.full((2, 3), 10.0, "float32"))
    assert not np.array_equal(before, layer.W.numpy())
    assert (layer.W.numpy() >= 0).all()


def test_migrated_weight_sources_keep_their_values(keras: Any) -> None:
    ns = _exec_fixture("custom_layer_weights/weight_sources")
    table = np.full((3, 3), 2.0)
    layer = ns["Sources"](table)
    layer.build((None, 4))
    assert len(layer.trainable_weights) == 6 and len(layer.non_trainable_weights) == 2
    assert np.array_equal(layer.E.numpy(), np.ones(4)) and float(layer.F.numpy()) == 1.5
    assert np.array_equal(layer.G.numpy(), table) and np.array_equal(layer.H.numpy(), np.ones((4, 2)))
    assert layer.C.numpy().min() >= -0.5 and layer.C.numpy().max() <= 0.5
    assert np.abs(layer.B.numpy()).max() <= 0.1
    assert isinstance(layer.A.constraint, keras.constraints.MaxNorm) and layer.A.constraint.max_value == 2
    assert isinstance(layer.B.constraint, keras.constraints.NonNeg)
    conv = ns["ConvKernel"](8)
    out = conv(keras.Input((6, 6, 3)))
    assert tuple(out.shape) == (None, 6, 6, 8) and len(conv.trainable_weights) == 2
    wrapped = ns["WrappedInit"](5)
    wrapped.build((None, 3))
    assert [tuple(w.shape) for w in wrapped.trainable_weights] == [(3, 5), (5,)]
    assert 0.0 < float(wrapped.W.numpy().std()) < 0.1 and not wrapped.b.numpy().any()  # normal(0.05), zeros


def test_migrated_tf_keras_variables_are_weights(tf: ModuleType, keras: Any) -> None:
    ns = _exec_fixture("custom_layer_weights/tf_keras_variables")
    linear = ns["Linear"](units=4, input_dim=3)
    assert tuple(linear(tf.ones((2, 3))).shape) == (2, 4)
    assert [w.name for w in linear.trainable_weights] == ["w", "b"]
    assert [w.name for w in linear.non_trainable_weights] == ["total"]
    lookup = ns["Lookup"]()
    lookup.build((None, 3))
    assert np.array_equal(lookup.table.numpy(), np.eye(3)) and not lookup.table.trainable
    assert len(lookup.weights) == 1  # the gate kept its tf.Variable and its K985 finding


def test_migrated_methods_keep_the_keras1_behaviour(keras: Any) -> None:
    ns = _exec_fixture("custom_layer_methods/keras1_layer")
    layer = ns["MaskedScale"](scale=3.0)
    assert layer.supports_masking and layer.input_spec.ndim == 3
    with pytest.raises(ValueError, match="ndim"):
        layer(keras.Input((4,)))
    masked = keras.layers.Masking()(inputs := keras.Input((5, 2)))
    model = keras.Model(inputs, layer(masked))
    x = np.ones((1, 5, 2), "float32")
    x[0, 3:] = 0.0
    assert np.allclose(model.predict(x, verbose=0)[0, :, 0], [3, 3, 3, 0, 0])
    pair = ns["PairwiseSum"]()
    assert tuple(pair.compute_output_shape([(None, 5, 2), (None, 5, 2)])) == (None, 5, 2)


def test_migrated_add_weight_keywords_build(keras: Any) -> None:
    ns = _exec_fixture("add_weight_args/positional_orders", {"shape_of_g": (8,), "gamma_name": "gamma"})
    keras1 = ns["Keras1Order"]()
    keras1.build((None, 5))
    assert [tuple(w.shape) for w in keras1.weights] == [(5, 8), (8,), (8,)]
    assert [w.trainable for w in keras1.weights] == [True, True, False]
    assert float(keras1.g.numpy().sum()) == 8.0
    keras2 = ns["Keras2Order"]()
    keras2.build((None, 5))
    assert [w.name for w in keras2.weights] == ["kernel", "bias", "gamma"]


def test_migrated_regularizers_build_without_set_param(keras: Any) -> None:
    ns = _exec_fixture("layer_regularizers/keras1_regularizers")
    layer = ns["Affine"](2, W_regularizer=keras.regularizers.l2(0.1))
    layer.build((None, 3))
    assert len(layer.weights) == 1
    ns["NoPenalty"]().build((None, 3))


def test_migrated_builtin_subclasses_read_todays_weights(tf: ModuleType, keras: Any) -> None:
    ns = _exec_fixture("builtin_weight_attributes/subclassed_builtins")
    tied = ns["TiedDense"](3)
    tied.build((None, 3))
    assert tuple(tied.call(tf.ones((2, 3))).shape) == (2, 3)
    embedding = ns["NormEmbedding"](10, 4)
    embedding.build((None, 5))
    rows = embedding.call(tf.constant([[1, 2]]))
    assert np.allclose(np.linalg.norm(rows.numpy(), axis=-1), 1.0, atol=1e-5)
    stats = ns["FrozenStats"]()
    stats.build((None, 4))
    assert [tuple(s.shape) for s in stats.stats()] == [(4,), (4,), (4,)]
    prelu = ns["ClippedPReLU"]()
    prelu.build((None, 4))
    assert tuple(prelu.clip().shape) == (4,)


# -- end to end: a Keras 1 autoencoder with a custom layer -------------------------------


def _hand_autoencoder(tf: ModuleType, input_dim: int = 32, code_dim: int = 8) -> Any:
    keras = tf.keras

    class Encoder(keras.layers.Layer):
        def __init__(self, units: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape: Any) -> None:
            self.W = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform", name="W")
            self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
            self.scale = self.add_weight(shape=(self.units,), initializer="ones", name="scale", trainable=False)

        def call(self, inputs: Any) -> Any:
            return tf.nn.relu(tf.matmul(inputs, self.W) + self.b) * self.scale

    inputs = keras.Input((input_dim,))
    code = Encoder(code_dim, name="encoder")(inputs)
    outputs = keras.layers.Dense(input_dim, activation="sigmoid", name="decoder")(code)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def test_migrated_autoencoder_matches_the_hand_written_model_and_trains(tf: ModuleType) -> None:
    ns = _exec_fixture("_pipeline/custom_layer_autoencoder")
    migrated, hand = ns["build"](), _hand_autoencoder(tf)
    # 32*8 + 8 (encoder W, b) + 8 (fixed scale) + 8*32 + 32 (decoder) = 560
    assert migrated.count_params() == hand.count_params() == 560
    assert migrated.output_shape == hand.output_shape == (None, 32)
    for name in ("encoder", "decoder"):
        a, b = migrated.get_layer(name), hand.get_layer(name)
        assert a.output.shape == b.output.shape
        assert [tuple(w.shape) for w in a.trainable_weights] == [tuple(w.shape) for w in b.trainable_weights]
        assert [tuple(w.shape) for w in a.non_trainable_weights] == [tuple(w.shape) for w in b.non_trainable_weights]
    assert len(migrated.trainable_weights) == len(hand.trainable_weights) == 4
    assert len(migrated.non_trainable_weights) == len(hand.non_trainable_weights) == 1
    x = np.random.default_rng(0).random((64, 32)).astype("float32")
    encoder = migrated.get_layer("encoder")
    before = encoder.W.numpy().copy()
    history = migrated.fit(x, x, epochs=1, batch_size=16, verbose=0)
    assert len(history.history["loss"]) == 1 and math.isfinite(history.history["loss"][0])
    assert not np.array_equal(before, encoder.W.numpy())  # the custom layer's weight trained
    assert np.array_equal(encoder.scale.numpy(), np.ones(8))  # the fixed scale did not


def test_without_the_custom_layer_rules_the_autoencoder_fails(tf: ModuleType) -> None:
    """The same script with every other rule applied: the Keras 1 weight code breaks."""
    source = (FIXTURES / "_pipeline" / "custom_layer_autoencoder.in.py").read_text(encoding="utf-8")
    others = tuple(c for c in PIPELINE if c.name not in CUSTOM_LAYER_RULES)
    text = run_pipeline(cst.parse_module(source), pipeline=others).module.code
    assert "self.trainable_weights = [self.W, self.b]" in text
    ns = _exec(text, "autoencoder_without_custom_layer_rules")
    with pytest.raises(TypeError, match="unexpected keyword argument 'name'"):
        ns["build"]()


def test_without_the_rules_a_layer_fixed_just_enough_to_build_has_no_weights(tf: ModuleType) -> None:
    """Dropping the failing name= and trainable_weights lines by hand leaves a layer that trains nothing."""
    source = (FIXTURES / "_pipeline" / "custom_layer_autoencoder.in.py").read_text(encoding="utf-8")
    others = tuple(c for c in PIPELINE if c.name not in CUSTOM_LAYER_RULES)
    text = run_pipeline(cst.parse_module(source), pipeline=others).module.code
    text = text.replace(", name='{}_W'.format(self.name))", ")")
    text = text.replace("        self.trainable_weights = [self.W, self.b]\n", "")
    text = text.replace("        self.non_trainable_weights = [self.scale]\n", "")
    model = _exec(text, "autoencoder_fixed_by_hand")["build"]()
    encoder = model.get_layer("encoder")
    assert len(encoder.trainable_weights) == 0 and len(encoder.weights) == 0
    assert model.count_params() == 8 * 32 + 32  # only the decoder
