"""The optimizer rules checked against the installed TensorFlow 2.21 (Keras 3.15).

Three kinds of proof:

* the table: every class and schedule exists, every keyword a rewrite can emit
  is a real parameter, the one positional kept (the learning rate) means the
  same, every pinned Keras 1 default really differs from Keras 3's, and the
  traps the rules avoid are real (``lr=`` raises, ``decay=`` is ignored,
  legacy optimizers raise, Keras 3 reads Keras 1 positionals as other
  parameters);
* the numbers: Keras 1 optimizer calls are migrated, executed, and trained
  for a few steps on a quadratic whose gradients span 1 to 1e-6; the
  parameters must match Keras 1's update rules, written out below in NumPy
  from keras 1.2.2 ``keras/optimizers.py``. Where Keras 3 cannot match
  exactly the measured difference is asserted (and the rule reports it);
* the end-to-end run: Keras 2.0's ``examples/mnist_cnn.py`` in its Keras 1
  form (``optimizer='adadelta'``, random data of MNIST's shapes) is migrated,
  executed, trained for one epoch and compared with the same model written by
  hand in today's tf.keras.

TensorFlow is imported in module-scoped fixtures, so collecting this module
for ``pytest -m "not tensorflow"`` stays cheap.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from codemods.tables.optimizers import (
    INVERSE_TIME_DECAY,
    KERAS1_EPSILON,
    OPTIMIZER_CALLS,
    OPTIMIZER_RENAMES,
    OPTIMIZER_STRINGS,
    OPTIMIZERS,
)
from kmigrate import migrate_source

pytestmark = [pytest.mark.tensorflow, pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning")]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# how the rules translate each Keras 1 keyword (None: dropped or folded into learning_rate)
KERAS1_TO_KERAS3 = {"lr": "learning_rate", "decay": None, "schedule_decay": None}
KERAS1_ROWS = sorted(name for name, row in OPTIMIZERS.items() if row.keras1)


@pytest.fixture(scope="module")
def tf() -> ModuleType:
    import tensorflow

    return tensorflow


@pytest.fixture(scope="module")
def optimizers(tf: ModuleType) -> ModuleType:
    return tf.keras.optimizers  # type: ignore[no-any-return]


def _parameters(cls: type) -> dict[str, inspect.Parameter]:
    params = inspect.signature(cls).parameters
    return {n: p for n, p in params.items() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}


def _run(source: str) -> dict[str, Any]:
    """Migrate Keras 1 source and execute the result."""
    result = migrate_source(source)
    assert result.error is None
    namespace: dict[str, Any] = {"__name__": "migrated"}
    exec(compile(result.new_source, "<migrated>", "exec"), namespace)
    return namespace


# ---------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_emitted_keyword_is_a_real_parameter(name: str, optimizers: ModuleType) -> None:
    row = OPTIMIZERS[name]
    params = _parameters(getattr(optimizers, name))
    emitted = {KERAS1_TO_KERAS3.get(k, k) for k in (*row.keras1, *row.keras23)} | set(row.pins) | {"learning_rate"}
    assert emitted - {None} <= set(params)
    assert next(iter(params)) == "learning_rate", "the first positional (lr) is the only one kept"
    assert params["learning_rate"].default == float(row.keras3_lr)


@pytest.mark.parametrize("name", KERAS1_ROWS)
def test_keras3_reads_keras1_positionals_as_other_parameters(name: str, optimizers: ModuleType) -> None:
    """Why every positional after the first becomes a keyword (spec §7.20)."""
    row = OPTIMIZERS[name]
    keras3 = list(_parameters(getattr(optimizers, name)))
    moved = [k for i, k in enumerate(row.keras1) if i > 0 and keras3[i] != KERAS1_TO_KERAS3.get(k, k)]
    assert moved, f"{name}: Keras 3 kept every Keras 1 position"


@pytest.mark.parametrize("name", KERAS1_ROWS)
def test_every_pinned_default_differs_from_keras3(name: str, optimizers: ModuleType) -> None:
    params = _parameters(getattr(optimizers, name))
    for keyword, value in OPTIMIZERS[name].pins.items():
        assert float(value) != params[keyword].default, f"{name}.{keyword} did not change"
    # rho and the betas did not change, so they are not pinned
    for keyword, keras1 in {"rho": 0.95 if name == "Adadelta" else 0.9, "beta_1": 0.9, "beta_2": 0.999}.items():
        if keyword in params and keyword in OPTIMIZERS[name].keras1:
            assert params[keyword].default == keras1


def test_keras3_epsilon_default_is_not_keras1s(optimizers: ModuleType) -> None:
    for name in KERAS1_ROWS:
        params = _parameters(getattr(optimizers, name))
        if "epsilon" in params:
            assert params["epsilon"].default == 1e-7 != float(KERAS1_EPSILON)


def test_adagrad_accepts_a_zero_initial_accumulator(optimizers: ModuleType) -> None:
    opt = optimizers.Adagrad(initial_accumulator_value=0.0)
    assert opt.initial_accumulator_value == 0.0


def test_renamed_names_exist_and_legacy_optimizers_raise(tf: ModuleType, optimizers: ModuleType) -> None:
    for canon, target in OPTIMIZER_RENAMES.items():
        module, _, attr = target.rpartition(".")
        assert hasattr(tf.keras.optimizers if module.endswith("keras.optimizers") else tf.keras, attr), canon
        if ".legacy." in canon and hasattr(optimizers.legacy, attr):
            with pytest.raises(ImportError):
                getattr(optimizers.legacy, attr)()
    assert set(OPTIMIZER_CALLS.values()) <= set(dir(optimizers))


def test_lr_raises_and_decay_is_ignored(optimizers: ModuleType) -> None:
    with pytest.raises(ValueError, match="lr"):
        optimizers.SGD(lr=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        opt = optimizers.SGD(learning_rate=0.1, decay=0.5)
    assert any("decay" in str(w.message) for w in caught)
    assert float(opt.learning_rate) == pytest.approx(0.1)


def test_inverse_time_decay_gives_keras1_rates(optimizers: ModuleType) -> None:
    assert INVERSE_TIME_DECAY.startswith("tensorflow.keras.optimizers.schedules.")
    schedule_cls = getattr(optimizers.schedules, INVERSE_TIME_DECAY.rpartition(".")[2])
    assert {"initial_learning_rate", "decay_steps", "decay_rate"} <= set(_parameters(schedule_cls))
    schedule = schedule_cls(initial_learning_rate=0.1, decay_steps=1, decay_rate=0.5)
    for t in (0, 1, 2, 7, 100):
        assert float(schedule(t)) == pytest.approx(0.1 / (1 + 0.5 * t), rel=1e-6)


@pytest.mark.parametrize("text", sorted(OPTIMIZER_STRINGS))
def test_keras3_strings_resolve_to_the_class_with_keras3_defaults(text: str, optimizers: ModuleType) -> None:
    """Keras 3 still accepts every Keras 1 string, with its own defaults: hence the rewrite."""
    name = OPTIMIZER_STRINGS[text]
    opt = optimizers.get(text)
    assert type(opt).__name__ == name
    assert float(opt.learning_rate) == pytest.approx(float(OPTIMIZERS[name].keras3_lr))


# ---------------------------------------------------------------------------
# the numbers: Keras 1's update rules in NumPy (keras 1.2.2 keras/optimizers.py)
# ---------------------------------------------------------------------------

CURVATURE = np.array([2.0, 0.5, 1e-3, 4e-6])  # gradients from about 1 down to 1e-6
TARGET = np.array([1.0, -2.0, 3.0, 0.5])
STEPS = 30
# Keras 1 kept beta_1/beta_2 in float32 variables
B1, B2 = float(np.float32(0.9)), float(np.float32(0.999))


def _keras1(name: str, steps: int, lr: float, **h: float) -> np.ndarray:
    """Parameters after ``steps`` Keras 1 updates, from zero, on 0.5 * sum(CURVATURE * (w - TARGET)**2)."""
    w = np.zeros(4)
    s: dict[str, Any] = {}
    zero = np.zeros(4)
    eps = h.get("epsilon", 1e-8)
    for it in range(steps):
        g = CURVATURE * (w - TARGET)
        rate = lr / (1 + h.get("decay", 0.0) * it)  # iterations = updates already made
        t = it + 1
        if name == "SGD":
            mom = h.get("momentum", 0.0)
            v = mom * s.get("m", zero) - rate * g
            s["m"] = v
            w = w + mom * v - rate * g if h.get("nesterov") else w + v
        elif name == "RMSprop":
            a = s["a"] = 0.9 * s.get("a", zero) + 0.1 * g * g
            w = w - rate * g / (np.sqrt(a) + eps)
        elif name == "Adagrad":
            a = s["a"] = s.get("a", zero) + g * g
            w = w - rate * g / (np.sqrt(a) + eps)
        elif name == "Adadelta":
            a = s["a"] = 0.95 * s.get("a", zero) + 0.05 * g * g
            d_a = s.get("d_a", zero)
            update = g * np.sqrt(d_a + eps) / np.sqrt(a + eps)
            w = w - rate * update
            s["d_a"] = 0.95 * d_a + 0.05 * update * update
        elif name == "Adam":
            m = s["m"] = B1 * s.get("m", zero) + (1 - B1) * g
            v = s["v"] = B2 * s.get("v", zero) + (1 - B2) * g * g
            w = w - rate * np.sqrt(1 - B2**t) / (1 - B1**t) * m / (np.sqrt(v) + eps)
        elif name == "Adamax":
            m = s["m"] = B1 * s.get("m", zero) + (1 - B1) * g
            u = s["u"] = np.maximum(B2 * s.get("u", zero), np.abs(g))
            w = w - rate / (1 - B1**t) * m / (u + eps)
        elif name == "Nadam":
            sd = h.get("schedule_decay", 0.004)
            cache = B1 * (1 - 0.5 * 0.96 ** (t * sd))
            cache_next = B1 * (1 - 0.5 * 0.96 ** ((t + 1) * sd))
            schedule = s["schedule"] = s.get("schedule", 1.0) * cache
            m = s["m"] = B1 * s.get("m", zero) + (1 - B1) * g
            v = s["v"] = B2 * s.get("v", zero) + (1 - B2) * g * g
            m_bar = (1 - cache) * g / (1 - schedule) + cache_next * m / (1 - schedule * cache_next)
            w = w - lr * m_bar / (np.sqrt(v / (1 - B2**t)) + eps)
    return w


def _keras3(tf: ModuleType, optimizer: Any, steps: int, rates: list[float] | None = None) -> np.ndarray:
    var = tf.Variable(np.zeros(4, dtype="float32"))
    curvature = tf.constant(CURVATURE, tf.float32)
    target = tf.constant(TARGET, tf.float32)
    for _ in range(steps):
        if rates is not None:
            rates.append(float(optimizer.learning_rate))
        optimizer.apply_gradients([(curvature * (var - target), var)])
    return np.asarray(var.numpy(), dtype=np.float64)


def _deviation(got: np.ndarray, want: np.ndarray) -> float:
    """Largest relative error of the distance travelled, over the coordinates."""
    return float(np.max(np.abs(got - want) / np.abs(want)))


# (Keras 1 constructor call, reference optimizer, its lr and hyper-parameters, allowed deviation)
UPDATE_RULES = [
    pytest.param("SGD(lr=0.1, momentum=0.9, decay=0.01)", "SGD", 0.1, {"momentum": 0.9, "decay": 0.01}, 1e-6, id="SGD momentum and decay"),
    pytest.param("SGD(0.1, 0.9, 0.05, True)", "SGD", 0.1, {"momentum": 0.9, "decay": 0.05, "nesterov": True}, 1e-6, id="SGD positional nesterov"),
    pytest.param("Adadelta()", "Adadelta", 1.0, {}, 1e-6, id="Adadelta defaults"),
    pytest.param("Adadelta(decay=0.1)", "Adadelta", 1.0, {"decay": 0.1}, 1e-6, id="Adadelta decay"),
    pytest.param("Adamax()", "Adamax", 0.002, {}, 1e-6, id="Adamax defaults"),
    # Keras 3 rounds 1 - beta_2 in float64 in the moments and in float32 in the bias correction
    pytest.param("Adam()", "Adam", 0.001, {}, 1e-5, id="Adam defaults"),
    pytest.param("Adam(0.01, 0.9, 0.999, 1e-08, 0.1)", "Adam", 0.01, {"decay": 0.1}, 1e-5, id="Adam positional decay"),
    # Keras 3 adds epsilon inside the square root: off only where sqrt(a) is near epsilon
    pytest.param("RMSprop()", "RMSprop", 0.001, {}, 1e-2, id="RMSprop defaults"),
    pytest.param("RMSprop(lr=0.01, decay=0.05)", "RMSprop", 0.01, {"decay": 0.05}, 1e-2, id="RMSprop decay"),
    pytest.param("Adagrad()", "Adagrad", 0.01, {}, 5e-3, id="Adagrad defaults"),
]


@pytest.mark.parametrize(("call", "name", "lr", "hyper", "tolerance"), UPDATE_RULES)
def test_migrated_optimizer_follows_the_keras1_update_rule(
    call: str, name: str, lr: float, hyper: dict[str, float], tolerance: float, tf: ModuleType
) -> None:
    namespace = _run(f"from keras.optimizers import {name}\nopt = {call}\n")
    rates: list[float] = []
    got = _keras3(tf, namespace["opt"], STEPS, rates)
    want = _keras1(name, STEPS, lr, **hyper)
    assert _deviation(got, want) < tolerance
    decay = hyper.get("decay", 0.0)
    assert rates == pytest.approx([lr / (1 + decay * t) for t in range(STEPS)], rel=1e-6)


@pytest.mark.parametrize(
    ("name", "floor"), [("Adadelta", 0.99), ("Adagrad", 0.9), ("RMSprop", 0.9), ("Adam", 0.2), ("Adamax", 0.4)], ids=str
)
def test_keras3_defaults_would_not_follow_keras1(name: str, floor: float, tf: ModuleType, optimizers: ModuleType) -> None:
    """Without the pins (the strings' meaning in Keras 3) the parameters go elsewhere."""
    got = _keras3(tf, getattr(optimizers, name)(), STEPS)
    assert _deviation(got, _keras1(name, STEPS, float(OPTIMIZERS[name].keras1_lr))) > floor


def test_plain_keras1_epsilon_would_miss_keras1_for_rmsprop(tf: ModuleType, optimizers: ModuleType) -> None:
    """Why RMSprop/Adagrad get epsilon ** 2: epsilon=1e-8 inside the root is far off for small gradients."""
    want = _keras1("RMSprop", STEPS, 0.001)
    plain = _deviation(_keras3(tf, optimizers.RMSprop(epsilon=1e-8), STEPS), want)
    squared = _deviation(_keras3(tf, optimizers.RMSprop(epsilon=1e-8**2), STEPS), want)
    assert plain > 0.5 > 1e-2 > squared


def test_keras3_nadam_is_keras1_nadam_with_schedule_decay_one(tf: ModuleType) -> None:
    """What the K970 finding says, measured."""
    source = "from keras.optimizers import Nadam\nopt = Nadam()\n"
    assert [f.code for f in migrate_source(source).findings] == ["K970"]
    got = _keras3(tf, _run(source)["opt"], STEPS)
    assert _deviation(got, _keras1("Nadam", STEPS, 0.002, schedule_decay=1.0)) < 1e-6
    assert _deviation(got, _keras1("Nadam", STEPS, 0.002)) > 1e-3


def test_a_decay_schedule_cannot_be_set_by_callbacks(tf: ModuleType) -> None:
    """What the K971 finding says: Keras 3 refuses to set a schedule's learning rate."""
    source = (
        "from keras.callbacks import LearningRateScheduler\nfrom keras.optimizers import SGD\n"
        "opt = SGD(lr=0.1, decay=1e-3)\ncallback = LearningRateScheduler(lambda epoch: 0.1)\n"
    )
    assert [f.code for f in migrate_source(source).findings] == ["K971"]
    namespace = _run(source)
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=namespace["opt"], loss="mse")
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        model.fit(np.zeros((4, 2)), np.zeros((4, 1)), epochs=1, verbose=0, callbacks=[namespace["callback"]])


def test_learning_rate_reads_and_writes_run(tf: ModuleType) -> None:
    namespace = _run(
        "import numpy as np\nfrom keras import backend as K\nfrom keras.models import Sequential\n"
        "from keras.layers import Dense\nfrom keras.optimizers import SGD, Adam\n"
        "model = Sequential()\nmodel.add(Dense(1, input_dim=2))\nopt = SGD(lr=0.1)\n"
        "model.compile(loss='mse', optimizer=opt)\n"
        "before = K.get_value(model.optimizer.lr)\n"
        "K.set_value(model.optimizer.lr, K.get_value(model.optimizer.lr) / 10)\n"
        "after = K.eval(opt.lr)\nopt.lr.set_value(np.float32(0.5))\nlast = opt.lr\n"
        "decaying = Adam(lr=0.01, decay=1.0)\ncurrent = K.get_value(decaying.lr)\n"
    )
    assert namespace["before"] == pytest.approx(0.1)
    assert namespace["after"] == pytest.approx(0.01)
    assert float(namespace["last"]) == 0.5
    assert namespace["current"] == pytest.approx(0.01), "float() also reads a schedule's current rate"


def test_keras2_epsilon_none_runs_and_follows_keras2(tf: ModuleType, optimizers: ModuleType) -> None:
    """Keras 3 raises on epsilon=None; the migrated Keras 2.1 call takes K.epsilon() (1e-7) outside the root."""
    with pytest.raises(ValueError):
        _keras3(tf, optimizers.RMSprop(epsilon=None), 1)
    namespace = _run("from keras.optimizers import RMSprop\nopt = RMSprop(lr=0.001, rho=0.9, epsilon=None, decay=0.0)\n")
    got = _keras3(tf, namespace["opt"], STEPS)
    want = _keras1("RMSprop", STEPS, 0.001, epsilon=1e-7)
    assert _deviation(got[:2], want[:2]) < 1e-5
    # where gradients are only 20 times epsilon (2e-6), sqrt(a + eps**2) and sqrt(a) + eps part
    assert _deviation(got, want) < 0.1


def test_compile_string_gets_the_keras1_defaults(tf: ModuleType) -> None:
    namespace = _run(
        "from keras.models import Sequential\nfrom keras.layers import Dense\n"
        "model = Sequential()\nmodel.add(Dense(1, input_dim=2))\n"
        "model.compile(loss='mse', optimizer='adagrad')\n"
    )
    config = namespace["model"].optimizer.get_config()
    assert (config["learning_rate"], config["initial_accumulator_value"]) == pytest.approx((0.01, 0.0))
    assert config["epsilon"] == pytest.approx(1e-16)


# ---------------------------------------------------------------------------
# end to end: Keras 2.0's mnist_cnn.py in its Keras 1 form, with 'adadelta'
# ---------------------------------------------------------------------------

MNIST = FIXTURES / "optimizer_strings" / "mnist_cnn_adadelta"


def _hand_written(tf: ModuleType) -> Any:
    layers = tf.keras.layers
    model = tf.keras.Sequential(
        [
            tf.keras.Input((28, 28, 1)),
            layers.Conv2D(32, (3, 3), padding="valid"),
            layers.Activation("relu"),
            layers.Conv2D(32, (3, 3)),
            layers.Activation("relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Dropout(0.25),
            layers.Flatten(),
            layers.Dense(128),
            layers.Activation("relu"),
            layers.Dropout(0.5),
            layers.Dense(10),
            layers.Activation("softmax"),
        ]
    )
    optimizer = tf.keras.optimizers.Adadelta(learning_rate=1.0, rho=0.95, epsilon=1e-8)
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


def test_mnist_cnn_adadelta_migrates_and_trains_like_keras1(tf: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    source = MNIST.with_name(MNIST.name + ".in.py").read_text()
    migrated = migrate_source(source).new_source
    assert migrated == MNIST.with_name(MNIST.name + ".out.py").read_text()
    assert "optimizer=Adadelta(learning_rate=1.0, epsilon=1e-08)" in migrated
    namespace = _run(source)  # builds, compiles, fits one epoch (4 batches of 16), evaluates
    model = namespace["model"]
    assert "Test accuracy:" in capsys.readouterr().out

    config = model.optimizer.get_config()
    assert type(model.optimizer).__name__ == "Adadelta"
    assert (config["learning_rate"], config["rho"], config["epsilon"]) == pytest.approx((1.0, 0.95, 1e-8))
    assert int(model.optimizer.iterations) == 4

    reference = _hand_written(tf)
    assert model.count_params() == reference.count_params() == 600_810
    assert model.output_shape == reference.output_shape == (None, 10)
    assert len(model.trainable_weights) == len(reference.trainable_weights) == 8
    assert [type(layer).__name__ for layer in model.layers] == [type(layer).__name__ for layer in reference.layers]
    history = reference.fit(namespace["X_train"], namespace["Y_train"], batch_size=16, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_adadelta_step_size_is_keras1s_not_keras3s(tf: ModuleType) -> None:
    """The migrated 'adadelta' moves the weights 316 times farther than Keras 3's 'adadelta'."""
    x = np.random.RandomState(0).rand(16, 4).astype("float32")
    y = np.random.RandomState(1).rand(16, 1).astype("float32")

    def moved(make: Callable[[], Any]) -> float:
        tf.keras.utils.set_random_seed(0)
        model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(1)])
        model.compile(loss="mse", optimizer=make())
        before = model.get_weights()[0].copy()
        model.train_on_batch(x, y)
        return float(np.abs(model.get_weights()[0] - before).sum())

    migrated = _run("from keras.models import Sequential\nmodel = Sequential()\nmodel.compile(loss='mse', optimizer='adadelta')\n")
    keras1 = moved(lambda: type(migrated["model"].optimizer).from_config(migrated["model"].optimizer.get_config()))
    keras3 = moved(lambda: "adadelta")
    # Adadelta's first step is about lr * sqrt(epsilon): 1000 times the rate, sqrt(10) times less epsilon
    assert keras1 / keras3 == pytest.approx(1000 / 10**0.5, rel=0.02)
