"""``kmigrate shapes``: shape rules, model extraction, the report and the command (no TensorFlow).

The rules are compared with Keras itself in ``test_shapes_tensorflow.py``;
here they are pinned to numbers worked out by hand from Keras 3.15's
``compute_output_shape`` code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kmigrate.cli import main
from kmigrate.config import DimOrdering
from kmigrate.shapes.check import FileShapes, check_source
from kmigrate.shapes.objects import (
    CHANNELS_FIRST,
    CHANNELS_LAST,
    ErrorKind,
    Layer,
    ModelRun,
    Shape,
    ShapeError,
    Untracked,
)
from kmigrate.shapes.report import render
from kmigrate.shapes.rules import apply

DATA = Path(__file__).resolve().parent / "data" / "shapes"
CL, CF = CHANNELS_LAST, CHANNELS_FIRST


def layer(cls: str, *args: object, fmt: str = CL, **kwargs: object) -> Layer:
    return Layer(cls, args, kwargs, line=1, data_format=fmt)


def runs(source: str, input_shape: Shape | None = None) -> list[ModelRun]:
    """Each model's run under channels_last, then under channels_first."""
    result = check(source, input_shape)
    return [m.runs[f] for f in (CL, CF) for m in result.models]


def check(source: str, input_shape: Shape | None = None) -> FileShapes:
    result = check_source(source, "model.py", input_shape=input_shape)
    assert result.error is None
    return result


def shapes(run: ModelRun) -> list[tuple[str, Shape | None]]:
    return [(s.layer.cls, s.output) for s in run.steps]


# ---------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------

RULES = [
    pytest.param("Conv2D", (None, 28, 28, 1), (32, (7, 7)), {"strides": (2, 2)}, CL, (None, 11, 11, 32), id="a valid 7x7 stride-2 convolution on 28x28 gives 11x11"),
    pytest.param("Conv2D", (None, 10, 10, 1), (32, 3), {"strides": 4}, CL, (None, 2, 2, 32), id="a valid 3x3 stride-4 convolution on 10x10 gives 2x2"),
    pytest.param("Conv2D", (None, 3, 256, 256), (64, (3, 3)), {"padding": "same"}, CF, (None, 64, 256, 256), id="a channels-first convolution replaces axis 1"),
    pytest.param("Conv2D", (None, 32, 32, 3), (8, 3), {"dilation_rate": 2}, CL, (None, 28, 28, 8), id="dilation widens the window"),
    pytest.param("Conv1D", (None, 50, 8), (16, 3), {"padding": "causal", "dilation_rate": 2}, CL, (None, 50, 16), id="causal padding keeps the length"),
    pytest.param("Conv1D", (None, 100, 128), (64, 5), {}, CF, (None, 64, 124), id="a channels-first 1D convolution reads steps as channels"),
    pytest.param("Conv3D", (None, 16, 16, 16, 2), (4, 3), {"strides": (1, 2, 2)}, CL, (None, 14, 7, 7, 4), id="3D strides apply per axis"),
    pytest.param("MaxPooling2D", (None, 64, 128, 128), ((2, 2),), {}, CL, (None, 32, 64, 128), id="pooling strides default to the pool size"),
    pytest.param("AveragePooling1D", (None, 150, 16), (3,), {"strides": 2, "padding": "same"}, CL, (None, 75, 16), id="same pooling rounds up"),
    pytest.param("Conv2DTranspose", (None, 5, 5, 3), (8, 3), {"strides": 2}, CL, (None, 11, 11, 8), id="a valid transposed convolution grows by the stride"),
    pytest.param("Conv2DTranspose", (None, 5, 5, 3), (8, 3), {"strides": 2, "output_padding": 1}, CL, (None, 12, 12, 8), id="output padding adds to a valid transposed convolution"),
    pytest.param("Conv2DTranspose", (None, 5, 5, 3), (8, 4), {"strides": 2, "padding": "same", "output_padding": 1}, CL, (None, 9, 9, 8), id="same padding with output padding follows Keras's odd-kernel rule"),
    pytest.param("DepthwiseConv2D", (None, 9, 9, 3), (3,), {"strides": 2, "depth_multiplier": 2}, CL, (None, 4, 4, 6), id="a depthwise convolution multiplies the channels"),
    pytest.param("GlobalAveragePooling2D", (None, 512, 16, 16), (), {}, CF, (None, 512), id="global pooling keeps the channels"),
    pytest.param("GlobalMaxPooling2D", (None, 8, 8, 4), (), {"keepdims": True}, CL, (None, 1, 1, 4), id="global pooling with keepdims keeps the rank"),
    pytest.param("ZeroPadding2D", (None, 24, 24, 8), (((1, 2), (0, 1)),), {}, CL, (None, 27, 25, 8), id="zero padding adds both sides per axis"),
    pytest.param("Cropping1D", (None, 53, 16), ((1, 2),), {}, CF, (None, 50, 16), id="Cropping1D ignores the global ordering"),
    pytest.param("UpSampling1D", (None, 50, 16), (3,), {}, CF, (None, 150, 16), id="UpSampling1D ignores the global ordering"),
    pytest.param("UpSampling2D", (None, 128, 7, 7), ((2, 2),), {}, CL, (None, 256, 14, 7), id="channels-first maps upsampled as channels-last double rows and columns"),
    pytest.param("Flatten", (None, None, 3), (), {}, CL, (None, None), id="Flatten of an unknown dimension is unknown"),
    pytest.param("Reshape", (None, 8, 18), ((-1,),), {}, CL, (None, 144), id="Reshape resolves -1"),
    pytest.param("Reshape", (None, None, 4), ((-1, 2),), {}, CL, (None, None, 2), id="Reshape of an unknown size leaves -1 unknown"),
    pytest.param("Permute", (None, 36, 8), ((2, 1),), {}, CL, (None, 8, 36), id="Permute counts axes from 1"),
    pytest.param("RepeatVector", (None, 8), (5,), {}, CL, (None, 5, 8), id="RepeatVector adds a time axis"),
    pytest.param("Embedding", (None, 5, 3), (10, 4), {}, CL, (None, 5, 3, 4), id="Embedding appends its output dimension"),
    pytest.param("LSTM", (None, 5, 8), (4,), {"return_sequences": True}, CL, (None, 5, 4), id="return_sequences keeps the time axis"),
    pytest.param("Dense", (None, 5, 8), (3,), {}, CL, (None, 5, 3), id="Dense acts on the last axis"),
    pytest.param("Lambda", (None, 144), (None,), {"output_shape": (10,)}, CL, (None, 10), id="a Lambda with a literal output_shape has that shape"),
]


@pytest.mark.parametrize(("cls", "shape", "args", "kwargs", "fmt", "expected"), RULES)
def test_rule(cls: str, shape: Shape, args: tuple[object, ...], kwargs: dict[str, object], fmt: str, expected: Shape) -> None:
    assert apply(Layer(cls, args, kwargs, line=1, data_format=fmt), [shape]).outputs[0] == expected


PARAMS = [
    pytest.param("Conv2D", (None, 3, 256, 256), (64, 3), {"padding": "same"}, CF, 1_792, id="a convolution has kernel times channels plus bias weights"),
    pytest.param("Conv2D", (None, 13, 13, 32), (8, 3), {"groups": 2}, CL, 1_160, id="groups divide the input channels"),
    pytest.param("SeparableConv2D", (None, 32, 32, 3), (16, 3), {"padding": "same", "depth_multiplier": 2}, CL, 166, id="a separable convolution counts depthwise and pointwise weights"),
    pytest.param("DepthwiseConv2D", (None, 32, 32, 16), (3,), {"depth_multiplier": 2, "use_bias": False}, CL, 288, id="use_bias=False drops the bias"),
    pytest.param("GRU", (None, 5, 8), (4,), {}, CL, 168, id="GRU has two biases with reset_after"),
    pytest.param("GRU", (None, 5, 8), (4,), {"reset_after": False}, CL, 156, id="GRU without reset_after has one bias"),
    pytest.param("LSTM", (None, 100, 128), (128,), {}, CL, 131_584, id="LSTM has four gates"),
    pytest.param("BatchNormalization", (None, 32, 8, 8), (), {"axis": 1}, CL, 128, id="BatchNormalization counts four weights per feature of its axis"),
    pytest.param("PReLU", (None, 24, 24, 8), (), {"shared_axes": [1, 2]}, CL, 8, id="PReLU shares its slopes over shared_axes"),
]


@pytest.mark.parametrize(("cls", "shape", "args", "kwargs", "fmt", "expected"), PARAMS)
def test_weight_count(cls: str, shape: Shape, args: tuple[object, ...], kwargs: dict[str, object], fmt: str, expected: int) -> None:
    assert apply(Layer(cls, args, kwargs, line=1, data_format=fmt), [shape]).params == expected


def test_the_seeds_pooling_fails_with_the_numbers_of_tensorflow_1s_message() -> None:
    pool = layer("MaxPooling2D", (2, 2), strides=(2, 2))
    with pytest.raises(ShapeError) as caught:
        apply(pool, [(None, 1, 128, 128)])
    error = caught.value
    assert error.kind is ErrorKind.NON_POSITIVE
    assert (error.window, error.size, error.subtracted, error.op) == ((2, 2), 1, 2, "MaxPool")
    assert "Computed output size would be zero or negative" in str(error)


FAILURES = [
    pytest.param("Cropping2D", [(None, 8, 8, 3)], (((4, 4), (0, 0)),), {}, False, ErrorKind.NON_POSITIVE, id="cropping a dimension to nothing fails"),
    pytest.param("Conv2D", [(None, 8, 8, None)], (8, 3), {}, False, ErrorKind.UNDEFINED, id="a convolution needs its channels"),
    pytest.param("Dense", [(None, None)], (4,), {}, False, ErrorKind.UNDEFINED, id="Dense needs its input size"),
    pytest.param("Reshape", [(None, 24)], ((5, 5),), {}, False, ErrorKind.MISMATCH, id="Reshape keeps the size"),
    pytest.param("LSTM", [(None, 5, 8, 2)], (4,), {}, False, ErrorKind.RANK, id="LSTM wants 3D input"),
    pytest.param("Conv2D", [(None, 8, 8, 8, 3)], (4, 3), {}, False, ErrorKind.RANK, id="Conv2D on 5D input fails"),
    pytest.param("Concatenate", [(None, 24, 24, 8), (None, 25, 25, 8)], (), {}, True, ErrorKind.MISMATCH, id="Concatenate needs equal shapes off its axis"),
    pytest.param("Add", [(None, 5, 8), (None, 4, 8)], (), {}, True, ErrorKind.MISMATCH, id="Add fails where it cannot broadcast"),
    pytest.param("Subtract", [(None, 5)] * 3, (), {}, True, ErrorKind.MISMATCH, id="Subtract takes two inputs"),
    pytest.param("Dot", [(None, None), (None, 5)], (), {"axes": 1}, True, ErrorKind.MISMATCH, id="Dot refuses an unknown dimension against a known one"),
    pytest.param("Add", [(None, 5, 8)], (), {}, False, ErrorKind.MISMATCH, id="a merge called on one tensor fails"),
]


@pytest.mark.parametrize(("cls", "shapes_", "args", "kwargs", "as_list", "kind"), FAILURES)
def test_failure(
    cls: str, shapes_: list[Shape], args: tuple[object, ...], kwargs: dict[str, object], as_list: bool, kind: ErrorKind
) -> None:
    with pytest.raises(ShapeError) as caught:
        apply(Layer(cls, args, kwargs, line=1), shapes_, as_list)
    assert caught.value.kind is kind


def test_merges() -> None:
    concat = apply(layer("Concatenate", axis=1), [(None, 128, 32, 32), (None, None, 32, 32)], True)
    assert concat.outputs == ((None, None, 32, 32),)
    add = apply(layer("Add"), [(None, 5, 8), (None, 1, 8)], True)
    assert add.outputs == ((None, 5, 8),)
    assert add.note is not None and "Keras 1 required equal shapes" in add.note
    assert apply(layer("Add"), [(None, 5, 8), (None, 5, 8)], True).note is None
    assert apply(layer("Dot", axes=1), [(None, 10), (None, 10)], True).outputs == ((None, 1),)


def test_wrappers() -> None:
    gru = layer("GRU", 32, return_sequences=True)
    both = Layer("Bidirectional", (gru,), {}, 1, inner=gru)
    assert apply(both, [(None, 100, 64)]).outputs == ((None, 100, 64),)
    summed = Layer("Bidirectional", (gru,), {"merge_mode": "sum"}, 1, inner=gru)
    assert apply(summed, [(None, 100, 64)]).outputs == ((None, 100, 32),)
    dense = layer("Dense", 16)
    spread = Layer("TimeDistributed", (dense,), {}, 1, inner=dense)
    assert apply(spread, [(None, 100, 64)]).outputs == ((None, 100, 16),)
    states = apply(layer("LSTM", 8, return_state=True), [(None, 5, 3)])
    assert states.multiple and states.outputs == ((None, 8), (None, 8), (None, 8))


@pytest.mark.parametrize(
    "unknown",
    [
        pytest.param(layer("Lambda", None), id="a Lambda without output_shape"),
        pytest.param(layer("Conv2D", 8, None), id="a kernel size that is not known"),
        pytest.param(layer("ConvLSTM2D", 8, 3), id="a layer the checker does not know"),
    ],
)
def test_untracked(unknown: Layer) -> None:
    with pytest.raises(Untracked):
        apply(unknown, [(None, 8, 8, 3)])


# ---------------------------------------------------------------------------
# extraction: which models the checker finds, and with which input shapes
# ---------------------------------------------------------------------------

K1_HEADER = (
    "from keras.models import Sequential, Model\n"
    "from keras.layers import Input, Dense, Flatten, Convolution2D, MaxPooling2D, merge\n"
    "from keras import backend as K\n"
)


def test_a_keras1_sequential_add_chain_with_module_constants() -> None:
    source = K1_HEADER + (
        "img_rows, img_cols = 28, 28\n"
        "model = Sequential()\n"
        "model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(1, img_rows, img_cols)))\n"
        "model.add(MaxPooling2D(pool_size=(2, 2)))\n"
        "model.add(Flatten())\n"
        "model.add(Dense(10))\n"
    )
    last, first = runs(source)
    assert first.outputs == ((None, 10),) and first.params == 320 + 32 * 14 * 14 * 10 + 10
    assert last.failure is not None and last.failure.layer.cls == "MaxPooling2D"
    assert last.failure.inputs == ((None, 1, 28, 32),)
    assert last.site.label == "model" and last.site.line == 5


def test_the_list_form_of_sequential_in_todays_code() -> None:
    source = (
        "import tensorflow as tf\n"
        "model = tf.keras.Sequential([tf.keras.Input(shape=(10, 10, 1)), tf.keras.layers.Conv2D(4, 3, strides=4)])\n"
    )
    (last, first) = runs(source)
    assert last.outputs == ((None, 2, 2, 4),)
    assert first.failure is not None


def test_a_keras1_functional_model_with_a_concat_merge() -> None:
    source = K1_HEADER + (
        "a = Input(shape=(3, 32, 32))\n"
        "b = Convolution2D(8, 3, 3, border_mode='same')(a)\n"
        "c = Convolution2D(8, 3, 3, border_mode='same')(a)\n"
        "d = merge([b, c], mode='concat', concat_axis=1)\n"
        "m = Model(input=a, output=d)\n"
    )
    last, first = runs(source)
    assert first.outputs == ((None, 16, 32, 32),)
    assert last.outputs == ((None, 6, 32, 8),)  # axis 1 holds the rows under channels_last


def test_a_function_called_in_the_file_binds_its_parameter() -> None:
    result = check((DATA / "seed_vgg16.py").read_text())
    (model,) = result.models
    run = model.runs[CL]
    assert model.label == "create_vgg16_dense_kpf"
    assert run.site.detail == "called at line 60 with input_shape=(3, 256, 256)"
    assert run.inputs == ((None, 3, 256, 256),)


def test_a_function_never_called_is_analysed_with_its_defaults() -> None:
    source = K1_HEADER + (
        "def build(input_shape=(3, 64, 64), n=10):\n"
        "    x = Input(input_shape)\n"
        "    y = Dense(n)(Flatten()(x))\n"
        "    return Model(x, y)\n"
    )
    (run, _) = runs(source)
    assert run.outputs == ((None, 10),) and run.site.detail.startswith("not called")


def test_an_unknown_input_shape_says_so_and_the_option_supplies_it() -> None:
    source = K1_HEADER + (
        "def build(input_shape):\n"
        "    x = Input(shape=input_shape)\n"
        "    return Model(x, MaxPooling2D((2, 2))(x))\n"
    )
    (run, _) = runs(source)
    assert run.lost is not None and "--input-shape" in run.lost
    (last, first) = runs(source, input_shape=(None, 3, 8, 8))
    assert last.outputs == ((None, 1, 4, 8),) and first.outputs == ((None, 3, 4, 4),)


def test_the_option_overrides_literal_shapes() -> None:
    source = K1_HEADER + "m = Sequential()\nm.add(Dense(4, input_dim=3))\n"
    (run, _) = runs(source, input_shape=(None, 7))
    assert run.steps[0].params == 7 * 4 + 4


def test_branches_on_the_ordering_follow_the_ordering_under_test() -> None:
    (run_cl, run_cf) = runs((DATA / "mnist_branches.py").read_text())
    assert run_cl.inputs == ((None, 28, 28, 1),) and run_cf.inputs == ((None, 1, 28, 28),)
    assert run_cl.params == run_cf.params == 600_810


def test_a_global_setter_in_the_code_decides_the_ordering() -> None:
    result = check((DATA / "theano_setter.py").read_text())
    assert result.run_format == CF and "set_image_dim_ordering" in result.run_reason
    (model,) = result.models
    assert [s.output for s in model.runs[CL].steps] == [s.output for s in model.runs[CF].steps]
    assert result.setters and result.line(result.setters[0][0]) == 6
    steps = [(s.layer.cls, result.line(s.layer.line)) for s in model.runs[CF].steps]
    assert [line for _, line in steps] == [9, 10, 11, 12, 13, 14]  # every line gained data_format=


def test_an_explicit_data_format_is_kept_under_both_orderings() -> None:
    source = (
        "from tensorflow.keras import layers, models\n"
        "m = models.Sequential([layers.Input((3, 8, 8)), layers.MaxPooling2D(2, data_format='channels_first')])\n"
    )
    (last, first) = runs(source)
    assert last.outputs == first.outputs == ((None, 3, 4, 4),)


def test_loops_over_known_ranges_are_unrolled() -> None:
    source = K1_HEADER + (
        "model = Sequential()\n"
        "model.add(Dense(8, input_dim=4))\n"
        "for i in range(3):\n"
        "    model.add(Dense(8))\n"
    )
    (run, _) = runs(source)
    assert len(run.steps) == 4


def test_a_custom_layer_stops_the_tracking_with_a_note() -> None:
    source = K1_HEADER + (
        "from mylib import Attention\n"
        "x = Input((5, 8))\n"
        "m = Model(x, Dense(2)(Attention()(x)))\n"
    )
    (run, _) = runs(source)
    assert run.lost is not None and "cannot follow" in run.lost and not run.builds


def test_a_nested_sequential_model_runs_inside_a_functional_one() -> None:
    source = K1_HEADER + (
        "tower = Sequential()\n"
        "tower.add(Dense(4, input_dim=8))\n"
        "x = Input((8,))\n"
        "m = Model(x, Dense(2)(tower(x)))\n"
    )
    result = check(source)
    functional = next(m for m in result.models if m.kind == "Model")
    assert functional.runs[CL].outputs == ((None, 2),) and functional.runs[CL].params == 36 + 10


def test_a_sequential_head_called_by_another_model_is_one_of_its_layers() -> None:
    source = K1_HEADER + (
        "def tower():\n"
        "    branch = Sequential()\n"
        "    branch.add(Dense(16, input_dim=10))\n"
        "    return branch\n"
        "left, right = tower(), tower()\n"
        "head = Sequential()\n"
        "head.add(Dense(1))\n"
        "from keras.layers import concatenate\n"
        "m = Model(left.inputs + right.inputs, head(concatenate(left.outputs + right.outputs)))\n"
    )
    result = check(source)
    assert [m.label for m in result.models] == ["tower", "tower", "m"]
    assert result.models[2].runs[CL].outputs == ((None, 1),)
    assert result.models[2].runs[CL].params == 2 * 176 + 33


def test_build_gives_a_sequential_model_its_input_shape() -> None:
    source = K1_HEADER + "m = Sequential()\nm.add(Dense(4))\nm.build((None, 3))\n"
    (run, _) = runs(source)
    assert run.outputs == ((None, 4),)


def test_a_sequential_model_without_an_input_shape_is_not_guessed() -> None:
    (run, _) = runs(K1_HEADER + "m = Sequential()\nm.add(Dense(4))\n")
    assert run.lost is not None and "no input shape" in run.lost


def test_a_file_without_keras_has_no_models() -> None:
    result = check_source("print('hello')\n", "x.py")
    assert result.models == () and list(render(result)) == []


def test_a_file_that_does_not_parse_is_an_error() -> None:
    result = check_source("from keras.layers import Dense\ndef (:\n", "x.py")
    assert result.error is not None


def test_lines_are_those_of_the_original_file_when_the_migration_inserts_lines() -> None:
    result = check((DATA / "recurrent.py").read_text())
    steps = result.models[0].runs[CL].steps
    assert [(s.layer.cls, result.line(s.layer.line)) for s in steps] == [
        ("Embedding", 16),
        ("SpatialDropout1D", 16),  # Embedding(dropout=0.2) became a layer of its own
        ("LSTM", 17),
        ("Dense", 18),
    ]


def test_the_option_decides_the_ordering_the_code_runs_with() -> None:
    seed = (DATA / "seed_vgg16.py").read_text()
    assert check_source(seed, "m.py").failing
    assert not check_source(seed, "m.py", DimOrdering.TH).failing


# ---------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------


def test_the_seed_report_names_the_layer_the_shapes_the_errors_and_the_fix() -> None:
    text = "\n".join(render(check((DATA / "seed_vgg16.py").read_text())))
    assert "create_vgg16_dense_kpf (model.py:12), called at line 60 with input_shape=(3, 256, 256)" in text
    assert "under channels_last (TensorFlow's default; what this code runs with): MaxPooling2D at line 35" in text
    assert "gets (None, 1, 128, 128) and would need a 2x2 window over a dimension of size 1" in text
    assert "\"Negative dimension size caused by subtracting 2 from 1 for 'MaxPool'\"" in text
    assert '(Keras 3: "Computed output size would be zero or negative")' in text
    assert "under channels_first (Theano's ordering): it builds: output (None, 512, 16, 16), 7,635,264 parameters" in text
    assert "Fix: kmigrate --dim-ordering th model.py" in text


def test_a_model_that_builds_both_ways_but_differently_is_flagged() -> None:
    text = "\n".join(render(check((DATA / "dcgan.py").read_text())))
    assert "Both orderings build, but different models" in text
    assert "6,569,153 parameters" in text and "6,762,753 parameters" in text


def test_keras_3_broadcasting_where_keras_1_wanted_equal_shapes_is_noted() -> None:
    text = "\n".join(render(check((DATA / "recurrent.py").read_text())))
    assert (
        "note: Add at line 37: Keras 3 broadcasts (None, 5, 8) and (None, 1, 8) to (None, 5, 8); "
        "Keras 1 required equal shapes"
    ) in text


def test_the_verbose_table_lists_each_layer_under_both_orderings() -> None:
    lines = list(render(check((DATA / "seed_vgg16.py").read_text()), verbose=True))
    header = next(line for line in lines if "layer" in line and "params" in line)
    assert header.split() == ["layer", "line", "channels_last", "params", "channels_first", "params"]
    assert any(line.split()[:3] == ["MaxPooling2D", "35", "fails"] for line in lines)


# ---------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_command_exits_1_when_a_model_cannot_build_under_the_ordering_the_code_runs_with() -> None:
    result = invoke("shapes", str(DATA / "seed_vgg16.py"))
    assert result.exit_code == 1, result.output
    assert "Fix: kmigrate --dim-ordering th seed_vgg16.py" in result.output


def test_the_command_exits_0_when_every_model_builds() -> None:
    assert invoke("shapes", str(DATA / "recurrent.py")).exit_code == 0
    assert invoke("shapes", "--dim-ordering", "th", str(DATA / "seed_vgg16.py")).exit_code == 0


def test_the_input_shape_option(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(K1_HEADER + "def build(shape):\n    x = Input(shape)\n    return Model(x, MaxPooling2D()(x))\n")
    assert invoke("shapes", str(path)).exit_code == 0
    failing = invoke("shapes", "--input-shape", "1,64,64", str(path))
    assert failing.exit_code == 1 and "(None, 1, 64, 64)" in failing.output
    assert invoke("shapes", "--input-shape", "3,x", str(path)).exit_code == 2


def test_the_verbose_option_prints_the_table() -> None:
    result = invoke("shapes", "--verbose", str(DATA / "unet.py"))
    assert "Concatenate" in result.output and "channels_first" in result.output


def test_usage_errors_exit_2() -> None:
    assert invoke("shapes").exit_code == 2
    assert invoke("shapes", "no/such/file.py").exit_code == 2


def test_a_directory_is_searched_and_a_broken_file_exits_123(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text(K1_HEADER + "m = Sequential()\nm.add(Dense(4, input_dim=3))\n")
    (tmp_path / "broken.py").write_text("from keras.layers import Dense\ndef (:\n")
    result = invoke("shapes", str(tmp_path))
    assert result.exit_code == 123 and "ok.py" in result.output


def test_a_file_named_shapes_is_still_migrated_as_dot_slash_shapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("shapes").write_text("from keras.layers import Convolution2D\nx = Convolution2D(64, 3, 3)\n")
    result = invoke("./shapes", "--diff")
    assert result.exit_code == 1 and "Conv2D(64, (3, 3))" in result.output
