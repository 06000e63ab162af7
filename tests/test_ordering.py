"""Channel-ordering detection and the decision (kmigrate.ordering), keras.json files
(kmigrate.keras_json), and both through the runner."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from codemods._channels import ChannelPlan, Evidence, Ordering, Source
from kmigrate import migrate_source
from kmigrate.config import DimOrdering, RunConfig
from kmigrate.discovery import iter_files
from kmigrate.keras_json import migrate_text
from kmigrate.ordering import ADAPTIVE, describe, plan_for, tree_evidence
from kmigrate.results import Mode
from kmigrate.runner import run

TH, TF = Ordering.TH, Ordering.TF

HEAD = (
    "from keras import backend as K\n"
    "from keras.layers import BatchNormalization, Convolution2D, Dense, Input, Reshape, merge\n"
    "from keras.models import Sequential\n"
)


def plan(body: str, config: RunConfig | None = None, path: str = "model.py") -> ChannelPlan:
    text = HEAD + body
    return plan_for(ast.parse(text), text, path, config or RunConfig())


# ---------------------------------------------------------------------------
# the decision for one file
# ---------------------------------------------------------------------------

DECISIONS = [
    pytest.param("model = Sequential()\nmodel.add(Convolution2D(8, 3, 3))\n", TF, Source.NONE, id="no sign leaves Keras's default, channels last"),
    pytest.param("K.set_image_dim_ordering('th')\n", TH, Source.FILE, id="a global setter in the file decides"),
    pytest.param("import keras\nkeras.backend.set_image_dim_ordering('th')\n", TH, Source.FILE, id="the setter spelled in full counts"),
    pytest.param("K.set_image_data_format('channels_first')\n", TH, Source.FILE, id="the Keras 2 setter counts"),
    pytest.param("K.set_image_dim_ordering('tf')\nx = Input(shape=(3, 32, 32))\n", TF, Source.FILE, id="a tf setter beats th heuristics"),
    pytest.param("def main():\n    K.set_image_dim_ordering('th')\n", TH, Source.FILE, id="a setter inside a function counts"),
    pytest.param("K.set_image_dim_ordering(ordering)\n", TF, Source.NONE, id="a setter given a variable says nothing"),
    pytest.param("x = Input(shape=(3, 224, 224))\n", TH, Source.HEURISTIC, id="a th input shape guesses th"),
    pytest.param("x = Input((1, 28, 28))\n", TH, Source.HEURISTIC, id="a positional Input shape counts"),
    pytest.param("m.add(Dense(8, batch_input_shape=(None, 3, 32, 32)))\n", TH, Source.HEURISTIC, id="batch_input_shape skips the batch dimension"),
    pytest.param("input_shape = (3, img_rows, img_cols)\n", TH, Source.HEURISTIC, id="a shape assigned to a name counts"),
    pytest.param("x = Input(shape=(28, 28, 1))\n", TF, Source.NONE, id="tf shapes alone agree with the default: nothing is guessed"),
    pytest.param("x = Input(shape=(3, 32, 32))\ny = X.reshape(-1, 32, 32, 3)\n", TF, Source.HEURISTIC, id="th and tf signs that tie fall back to tf weakly"),
    pytest.param("m.add(Reshape((128, 7, 7)))\n", TH, Source.HEURISTIC, id="a Reshape to square sides after the channels guesses th"),
    pytest.param("m.add(Reshape((7, 7, 128)))\n", TF, Source.NONE, id="a Reshape with the channels last is tf"),
    pytest.param("X = X.reshape(X.shape[0], 1, 28, 28)\n", TH, Source.HEURISTIC, id="NumPy data reshaped to (n, 1, 28, 28) guesses th"),
    pytest.param("X = np.reshape(X, (n, 3, 32, 32))\n", TH, Source.HEURISTIC, id="np.reshape with a tuple counts"),
    pytest.param("x = BatchNormalization(axis=1)(x)\n", TF, Source.NONE, id="BatchNormalization(axis=1) without 2D layers says nothing"),
    pytest.param("x = Convolution2D(8, 3, 3)(x)\nx = BatchNormalization(axis=1)(x)\n", TH, Source.HEURISTIC, id="BatchNormalization(axis=1) next to convolutions guesses th"),
    pytest.param("x = Convolution2D(8, 3, 3)(x)\nx = merge([x, y], mode='concat', concat_axis=1)\n", TH, Source.HEURISTIC, id="concat_axis=1 next to convolutions guesses th"),
    pytest.param("import theano\n", TH, Source.HEURISTIC, id="import theano guesses th"),
    pytest.param("import os\nos.environ['KERAS_BACKEND'] = 'theano'\n", TH, Source.HEURISTIC, id="KERAS_BACKEND set to theano guesses th"),
    pytest.param("if K.backend() == 'theano':\n    import theano\n", TF, Source.NONE, id="a Theano import in a branch on the backend says nothing"),
    pytest.param("import os\nos.environ.setdefault('KERAS_BACKEND', 'theano')\n", TH, Source.HEURISTIC, id="KERAS_BACKEND set by a call guesses th"),
    pytest.param("import os\nos.environ['THEANO_FLAGS'] = 'device=gpu'\n", TH, Source.HEURISTIC, id="THEANO_FLAGS guesses th"),
    pytest.param("a = Convolution2D(8, 3, 3, dim_ordering='th')\nb = Convolution2D(8, 3, 3, dim_ordering='th')\n", TH, Source.HEURISTIC, id="th on every explicit layer argument is a weak vote"),
    pytest.param("a = Convolution2D(8, 3, 3, dim_ordering='th')\nb = Convolution2D(8, 3, 3, dim_ordering='tf')\n", TF, Source.NONE, id="mixed explicit layer arguments vote nothing"),
    pytest.param("a = Convolution2D(8, 3, 3, dim_ordering='default')\n", TF, Source.NONE, id="dim_ordering='default' is no evidence"),
    pytest.param("from mylib import Conv\na = Conv(8, dim_ordering='th')\n", TF, Source.NONE, id="a call that is not Keras is no evidence"),
    pytest.param(
        "if K.image_dim_ordering() == 'th':\n    shape = (1, 28, 28)\nelse:\n    shape = (28, 28, 1)\n",
        TF, Source.NONE, id="a runtime branch decides nothing and its shapes are not read",
    ),
    pytest.param("if K.backend() == 'theano':\n    X = X.reshape(n, 1, 28, 28)\n", TF, Source.NONE, id="a branch on the backend adapts at run time"),
    pytest.param("axis = 1 if K.image_dim_ordering() == 'th' else -1\n", TF, Source.NONE, id="a conditional expression adapts at run time"),
    pytest.param(
        "def build(input_shape):\n    return Input(shape=input_shape)\n\nbuild((3, 256, 256))\n",
        TH, Source.HEURISTIC, id="a shape passed to a function of the file counts",
    ),
]


@pytest.mark.parametrize(("body", "ordering", "source"), DECISIONS)
def test_decision(body: str, ordering: Ordering, source: Source) -> None:
    decided = plan(body)
    assert (decided.default, decided.source) == (ordering, source)
    assert not decided.conflict


def test_setters_that_disagree_in_one_file_are_a_conflict_the_first_wins() -> None:
    decided = plan("K.set_image_dim_ordering('th')\nK.set_image_dim_ordering('tf')\n")
    assert (decided.default, decided.source, decided.conflict) == (TH, Source.FILE, True)
    assert decided.evidence[0].kind == "K.set_image_dim_ordering('th')"
    assert decided.evidence[0].line == 4


def test_a_runtime_branch_is_neutral_evidence() -> None:
    decided = plan("if K.image_dim_ordering() == 'th':\n    shape = (1, 28, 28)\n")
    [branch] = decided.evidence
    assert not branch.strong and not branch.is_global
    assert branch.kind == f"K.image_dim_ordering() == 'th' ({ADAPTIVE})"


@pytest.mark.parametrize(
    ("option", "ordering"),
    [
        pytest.param(DimOrdering.TH, TH, id="--dim-ordering th wins over a tf setter"),
        pytest.param(DimOrdering.TF, TF, id="--dim-ordering tf wins over a th setter"),
    ],
)
def test_the_option_wins(option: DimOrdering, ordering: Ordering) -> None:
    setter = "tf" if ordering is TH else "th"
    decided = plan(f"K.set_image_dim_ordering('{setter}')\n", RunConfig(dim_ordering=option))
    assert (decided.default, decided.source) == (ordering, Source.OPTION)


def test_channels_last_is_carried_into_every_plan() -> None:
    assert plan("K.set_image_dim_ordering('th')\n", RunConfig(channels_last=True)).channels_last
    assert plan("", RunConfig(dim_ordering=DimOrdering.TH, channels_last=True)).channels_last


# ---------------------------------------------------------------------------
# the tree's evidence in the decision
# ---------------------------------------------------------------------------


def sign(path: str, ordering: Ordering, line: int = 2) -> Evidence:
    kind = f'"image_dim_ordering": "{ordering.value}"' if path.endswith("keras.json") else f"K.set_image_dim_ordering('{ordering.value}')"
    return Evidence(ordering, kind, path, line, strong=True)


TREE = [
    pytest.param([sign("keras.json", TH)], "src/model.py", "", TH, Source.TREE, False, id="a keras.json above the file decides"),
    pytest.param([sign(".keras/keras.json", TH)], "src/model.py", "", TH, Source.TREE, False, id=".keras/keras.json stands for its parent folder"),
    pytest.param(
        [sign("keras.json", TF), sign("src/keras.json", TH)], "src/model.py", "", TH, Source.TREE, True,
        id="the nearest keras.json wins over one farther up that disagrees, with a conflict",
    ),
    pytest.param([sign("train.py", TH)], "src/model.py", "", TH, Source.TREE, False, id="another file's setter decides when there is no keras.json"),
    pytest.param(
        [sign("keras.json", TH), sign("src/keras.json", TH)], "src/model.py", "", TH, Source.TREE, False,
        id="keras.json files that agree are no conflict",
    ),
    pytest.param(
        [sign("keras.json", TH), sign("train.py", TF)], "model.py", "", TH, Source.TREE, True,
        id="keras.json wins over another file's setter and the disagreement is a conflict",
    ),
    pytest.param(
        [sign("keras.json", TF)], "model.py", "K.set_image_dim_ordering('th')\n", TH, Source.FILE, True,
        id="the file's setter wins over keras.json and the disagreement is a conflict",
    ),
    pytest.param(
        [sign("train.py", TF)], "model.py", "K.set_image_dim_ordering('th')\n", TH, Source.FILE, False,
        id="another file's setter does not contradict this file's own",
    ),
    pytest.param(
        [sign("a/keras.json", TH), sign("b/keras.json", TF)], "a/model.py", "", TH, Source.TREE, False,
        id="a keras.json in a folder that does not hold the file competes only when none does",
    ),
    pytest.param(
        [sign("a/keras.json", TH), sign("b/keras.json", TF)], "c/model.py", "", TH, Source.TREE, True,
        id="keras.json files elsewhere that disagree are a conflict",
    ),
    pytest.param([sign("keras.json", TF)], "model.py", "x = Input(shape=(3, 32, 32))\n", TF, Source.TREE, False, id="tree evidence beats heuristics"),
    pytest.param(
        [sign("model.py", TF)], "model.py", "K.set_image_dim_ordering('th')\n", TH, Source.FILE, False,
        id="the tree's copy of this file's own setter is not counted again",
    ),
]


@pytest.mark.parametrize(("tree", "path", "body", "ordering", "source", "conflict"), TREE)
def test_decision_with_tree_evidence(
    tree: list[Evidence], path: str, body: str, ordering: Ordering, source: Source, conflict: bool
) -> None:
    decided = plan(body, RunConfig(tree_evidence=tuple(tree)), path=path)
    assert (decided.default, decided.source, decided.conflict) == (ordering, source, conflict)


# ---------------------------------------------------------------------------
# findings in the migrated code
# ---------------------------------------------------------------------------

GUESSED = HEAD + "model = Sequential()\nmodel.add(Convolution2D(8, 3, 3, input_shape=(3, 32, 32)))\n"


def test_a_guess_is_a_K953_finding_naming_the_evidence() -> None:
    result = migrate_source(GUESSED)
    [finding] = [f for f in result.findings if f.code == "K953"]
    assert "channels_first (th)" in finding.message
    assert "input shape (3, 32, 32)" in finding.message
    assert "--dim-ordering th or --dim-ordering tf" in finding.message
    assert finding.line == 5


def test_a_guess_among_disagreeing_signs_names_both_sides() -> None:
    text = HEAD + (
        "x = Input(shape=(28, 28, 3))\ny = Convolution2D(8, 3, 3, dim_ordering='th')(x)\n"
        "z = Convolution2D(8, 3, 3)(y)\n"
    )
    [finding] = [f for f in migrate_source(text).findings if f.code == "K953"]
    assert finding.line == 6  # above the layer that relies on the guess
    assert finding.message.startswith(
        "channel ordering guessed: channels_last (tf), signs disagree: "
        "th from dim_ordering='th' on every layer that sets one; tf from input shape (28, 28, 3)"
    )


def test_no_K953_when_every_spatial_layer_states_its_ordering() -> None:
    text = HEAD + "x = Input(shape=(3, 28, 28))\ny = Convolution2D(8, 3, 3, dim_ordering='th')(x)\n"
    assert not [f for f in migrate_source(text).findings if f.code == "K953"]


@pytest.mark.parametrize("option", [DimOrdering.TH, DimOrdering.TF], ids=["th", "tf"])
def test_the_option_leaves_no_K953(option: DimOrdering) -> None:
    result = migrate_source(GUESSED, RunConfig(dim_ordering=option))
    assert not [f for f in result.findings if f.code in ("K953", "K954")]


def test_a_conflict_with_keras_json_is_a_K954_finding_saying_which_won() -> None:
    text = HEAD + "K.set_image_dim_ordering('th')\nx = Convolution2D(8, 3, 3)(x)\n"
    config = RunConfig(tree_evidence=(sign("keras.json", TF),))
    result = migrate_source(text, config, path="model.py")
    [finding] = [f for f in result.findings if f.code == "K954"]
    assert "the first global setter in this file (channels_first) wins over keras.json (channels_last)" in finding.message
    again = migrate_source(result.new_source, config, path="model.py")
    assert again.new_source == result.new_source


def test_a_strong_decision_has_no_finding() -> None:
    result = migrate_source(HEAD + "K.set_image_dim_ordering('th')\nx = Convolution2D(8, 3, 3)(x)\n")
    assert not [f for f in result.findings if f.code in ("K953", "K954")]


def test_the_plan_is_in_the_result() -> None:
    result = migrate_source(GUESSED, path="model.py")
    assert result.channels is not None and result.channels.source is Source.HEURISTIC


# ---------------------------------------------------------------------------
# what the user is told
# ---------------------------------------------------------------------------


def test_describe_names_the_setter_and_its_line() -> None:
    decided = plan("K.set_image_dim_ordering('th')\n")
    assert describe(decided, "model.py") == ["model.py: channels first (K.set_image_dim_ordering('th') at line 4)"]


def test_describe_says_a_guess_is_a_guess() -> None:
    [line] = describe(plan("x = Input(shape=(3, 32, 32))\n"), "model.py")
    assert line == (
        "model.py: channels first, guessed from input shape (3, 32, 32) at line 4; "
        "confirm with --dim-ordering th or tf"
    )


def test_describe_is_silent_about_the_default_and_the_option_unless_verbose() -> None:
    assert describe(plan(""), "model.py") == []
    assert describe(plan("", RunConfig(dim_ordering=DimOrdering.TH)), "model.py") == []
    assert describe(plan("", RunConfig(dim_ordering=DimOrdering.TH)), "model.py", verbose=True) == [
        "model.py: channels first (--dim-ordering th)"
    ]


def test_describe_verbose_lists_every_sign() -> None:
    decided = plan("x = Input(shape=(3, 32, 32))\nif K.image_dim_ordering() == 'th':\n    pass\n")
    lines = describe(decided, "model.py", verbose=True)
    assert lines[1:] == [
        "  model.py:4: input shape (3, 32, 32) -> channels first (weak, global)",
        f"  model.py:5: K.image_dim_ordering() == 'th' ({ADAPTIVE})",
    ]


# ---------------------------------------------------------------------------
# keras.json
# ---------------------------------------------------------------------------

KERAS1_JSON = '{\n    "image_dim_ordering": "th",\n    "epsilon": 1e-07,\n    "floatx": "float32",\n    "backend": "tensorflow"\n}\n'


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(KERAS1_JSON, KERAS1_JSON.replace('"image_dim_ordering": "th"', '"image_data_format": "channels_first"'), id="th becomes channels_first"),
        pytest.param(
            KERAS1_JSON.replace("\n", "\r\n").replace('"th"', '"tf"'),
            KERAS1_JSON.replace("\n", "\r\n").replace('"image_dim_ordering": "th"', '"image_data_format": "channels_last"'),
            id="CRLF endings are kept and tf becomes channels_last",
        ),
        pytest.param(
            '{"backend":"tensorflow",\t"image_dim_ordering" :  "th"}',
            '{"backend":"tensorflow",\t"image_data_format" :  "channels_first"}',
            id="spacing around the key and no final newline are kept",
        ),
        pytest.param('{\n\t"floatx": "float32"\n}\n', '{\n\t"floatx": "float32"\n}\n', id="a file without the old key is left alone"),
    ],
)
def test_keras_json_rewrite_is_byte_exact_and_idempotent(before: str, after: str) -> None:
    result = migrate_text(before, "keras.json")
    assert result.error is None
    assert result.new_source == after
    assert not migrate_text(after, "keras.json").changed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(KERAS1_JSON.replace("tensorflow", "theano"), '"backend": "theano": Keras 3 runs on tensorflow, jax or torch: set "backend": "tensorflow"', id="a theano backend is a K995"),
        pytest.param('{"epsilon": 0}', '"epsilon": 0: Keras 3 wants a float', id="an integer epsilon is a K995"),
        pytest.param('{"floatx": "float8"}', '"floatx": "float8"', id="an unknown floatx is a K995"),
        pytest.param('{"image_data_format": "th"}', '"image_data_format": "th": use "channels_first"', id="an old value under the new key is a K995"),
        pytest.param('{"image_dim_ordering": "default"}', 'must be "th" or "tf" to be migrated', id="an unknown old value is a K995"),
        pytest.param(
            '{"image_dim_ordering": "th", "image_data_format": "channels_last"}',
            'Keras 3 ignores "image_dim_ordering": "th" and reads "image_data_format": "channels_last"',
            id="both keys that disagree are a K995",
        ),
    ],
)
def test_keras_json_problems_are_K995_findings(text: str, expected: str) -> None:
    result = migrate_text(text, "keras.json")
    assert [f.code for f in result.findings] == ["K995"]
    assert expected in result.findings[0].message
    if '"image_data_format"' in text:
        assert not result.changed  # the old key is not renamed onto an existing new one
    else:  # the ordering is migrated all the same
        assert result.new_source == text.replace('"image_dim_ordering": "th"', '"image_data_format": "channels_first"')


def test_invalid_keras_json_is_a_one_line_error_naming_the_file() -> None:
    result = migrate_text('{\n    "image_dim_ordering": "th",\n}\n', ".keras/keras.json")
    assert result.error is not None
    assert result.error.render() == (
        ".keras/keras.json:3: error: invalid JSON: Expecting property name enclosed in double quotes (line 3 column 1)"
    )


def test_a_keras_json_that_is_not_an_object_is_an_error() -> None:
    result = migrate_text("[]", "keras.json")
    assert result.error is not None and "not a JSON object" in result.error.reason


# ---------------------------------------------------------------------------
# through the runner
# ---------------------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def make_tree(root: Path, json_bytes: bytes = KERAS1_JSON.encode()) -> None:
    (root / "proj/.keras").mkdir(parents=True)
    (root / "proj/.keras/keras.json").write_bytes(json_bytes)
    (root / "proj/model.py").write_text(HEAD + "x = Convolution2D(8, 3, 3)(x)\n")
    (root / "proj/train.py").write_text(HEAD + "K.set_image_dim_ordering('th')\n")


def test_discovery_finds_keras_json_files(in_tmp: Path) -> None:
    make_tree(in_tmp)
    (in_tmp / "proj/other.json").write_text("{}")
    assert [f.display for f in iter_files(["proj"])] == ["proj/.keras/keras.json", "proj/model.py", "proj/train.py"]


def test_tree_evidence_reads_keras_json_and_setters(in_tmp: Path) -> None:
    make_tree(in_tmp)
    found = tree_evidence(iter_files(["proj"]))
    assert [(e.path, e.kind, e.line) for e in found] == [
        ("proj/.keras/keras.json", '"image_dim_ordering": "th"', 2),
        ("proj/train.py", "K.set_image_dim_ordering('th')", 4),
    ]


def test_the_runner_feeds_the_tree_evidence_to_every_file(in_tmp: Path) -> None:
    make_tree(in_tmp)
    report = run(["proj"], RunConfig(), Mode.DRY_RUN)
    by_path = {r.path: r for r in report.results}
    model = by_path["proj/model.py"].channels
    train = by_path["proj/train.py"].channels
    assert model is not None and (model.default, model.source) == (TH, Source.TREE)
    assert model.evidence[0].path == "proj/.keras/keras.json"
    assert train is not None and (train.default, train.source, train.conflict) == (TH, Source.FILE, False)
    assert by_path["proj/.keras/keras.json"].changed
    assert "data_format='channels_first'" in by_path["proj/model.py"].new_source


def test_the_option_skips_the_tree_but_keras_json_is_still_migrated(in_tmp: Path) -> None:
    make_tree(in_tmp)
    report = run(["proj"], RunConfig(dim_ordering=DimOrdering.TF), Mode.DRY_RUN)
    by_path = {r.path: r for r in report.results}
    model = by_path["proj/model.py"].channels
    assert model is not None and (model.default, model.source) == (TF, Source.OPTION)
    assert by_path["proj/.keras/keras.json"].changed


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_keras_json_is_written_byte_for_byte_and_a_second_run_changes_nothing(in_tmp: Path, newline: str) -> None:
    before = ("\ufeff" + KERAS1_JSON.replace("    ", "\t")).replace("\n", newline).encode()
    make_tree(in_tmp, before)
    run(["proj"], RunConfig(), Mode.WRITE)
    after = (in_tmp / "proj/.keras/keras.json").read_bytes()
    assert after == before.replace(b'"image_dim_ordering": "th"', b'"image_data_format": "channels_first"')
    second = run(["proj"], RunConfig(), Mode.WRITE)
    assert second.changed == 0
    # the migrated keras.json still says channels first
    model = {r.path: r for r in second.results}["proj/model.py"].channels
    assert model is not None and model.default is TH


def test_a_bad_keras_json_fails_alone(in_tmp: Path) -> None:
    make_tree(in_tmp, b'{"image_dim_ordering": "th",}')
    report = run(["proj"], RunConfig(), Mode.WRITE)
    failed = [r for r in report.results if r.error is not None]
    assert [r.path for r in failed] == ["proj/.keras/keras.json"]
    assert failed[0].error is not None and "invalid JSON" in failed[0].error.reason
    assert (in_tmp / "proj/.keras/keras.json").read_bytes() == b'{"image_dim_ordering": "th",}'
    assert report.changed == 2  # the Python files were still migrated (by train.py's setter)


def test_a_keras_json_that_is_not_utf8_fails_alone(in_tmp: Path) -> None:
    make_tree(in_tmp, b'{"floatx": "\xff"}')
    report = run(["proj"], RunConfig(), Mode.DRY_RUN)
    [failed] = [r for r in report.results if r.error is not None]
    assert failed.error is not None and failed.error.reason.startswith("cannot decode: not valid UTF-8")


@pytest.mark.parametrize(
    "call",
    ["BatchNormalization(1e-3, 0, 1)", "BatchNormalization(1)", "BatchNormalization(axis=1)"],
    ids=["keras1 positional", "keras2 positional", "keyword"],
)
def test_a_channel_axis_given_by_position_is_the_same_sign_as_by_keyword(call: str) -> None:
    """The evidence must not change once K301 turns the positional into a keyword (idempotence)."""
    text = HEAD + f"x = Input(shape=(16, 28, 28))\ny = Convolution2D(8, 3, 3)(x)\nz = {call}(y)\n"
    [finding] = [f for f in migrate_source(text).findings if f.code == "K953"]
    assert "BatchNormalization(axis=1)" in finding.message
