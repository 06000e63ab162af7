"""``kmigrate --interactive``: scripted answers through click's CliRunner, files checked after."""

from __future__ import annotations

import ast
import json
import random
from pathlib import Path

import pytest
from cli_support import PLAIN_ENV
from click.testing import CliRunner, Result

from kmigrate import interactive
from kmigrate.cli import main
from kmigrate.engine import migrate_source
from kmigrate.interactive import PROMPT, ChangePlan, Hunk, python_plan

# Four changes: the Sequential import; the layers import with the Conv2D line that
# needs it; the Dense keyword; the fit keyword.
KERAS1 = """\
from keras.models import Sequential
from keras.layers import Convolution2D, Dense, Flatten
model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(32, 32, 3)))
model.add(Flatten())
model.add(Dense(10, init='uniform'))
model.compile(optimizer='sgd', loss='mse')
model.fit(x, y, nb_epoch=5)
"""

MIGRATED = """\
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten
model = Sequential()
model.add(Conv2D(32, (3, 3), padding='same', input_shape=(32, 32, 3)))
model.add(Flatten())
model.add(Dense(10, kernel_initializer='uniform'))
model.compile(optimizer='sgd', loss='mse')
model.fit(x, y, epochs=5)
"""

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def review(*args: str, answers: str) -> Result:
    return CliRunner(env=PLAIN_ENV).invoke(main, [*args, "--interactive"], input=answers)


def prompts(result: Result) -> int:
    return result.stderr.count(PROMPT)



def keras1_file(directory: Path, name: str = "model.py") -> Path:
    path = directory / name
    path.write_text(KERAS1)
    return path


def test_accepting_every_change_writes_what_a_plain_run_writes(in_tmp: Path) -> None:
    path = keras1_file(in_tmp)
    result = review("model.py", answers="y\ny\ny\ny\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 4
    assert path.read_text() == MIGRATED
    assert "rewrote model.py: 4 of 4 changes applied" in result.stderr
    assert "review: 4 changes accepted, 0 rejected" in result.stderr


def test_rejecting_every_change_leaves_the_file_byte_for_byte(in_tmp: Path) -> None:
    path = in_tmp / "model.py"
    original = KERAS1.replace("\n", "\r\n").encode()
    path.write_bytes(original)
    before = path.stat()
    result = review("model.py", answers="n\nn\nn\nn\n")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert "left model.py as it was: 0 of 4 changes applied" in result.stderr


def test_accepting_some_changes_writes_exactly_those_and_the_file_parses(in_tmp: Path) -> None:
    path = keras1_file(in_tmp)
    result = review("model.py", answers="y\nn\ny\nn\n")
    assert result.exit_code == 0, result.output
    written = path.read_text()
    ast.parse(written)
    assert written == KERAS1.replace(
        "from keras.models import Sequential", "from tensorflow.keras.models import Sequential"
    ).replace("init='uniform'", "kernel_initializer='uniform'")
    assert "rewrote model.py: 2 of 4 changes applied" in result.stderr


def test_crlf_endings_survive_a_partial_review(in_tmp: Path) -> None:
    path = in_tmp / "model.py"
    path.write_bytes(KERAS1.replace("\n", "\r\n").encode())
    result = review("model.py", answers="n\ny\nn\nn\n")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.count(b"\r\n") == KERAS1.count("\n")
    assert b"from tensorflow.keras.layers import Conv2D, Dense, Flatten\r\n" in data
    assert b"model.add(Conv2D(32, (3, 3), padding='same'" in data


def test_an_import_and_the_lines_that_use_its_new_name_are_one_change(in_tmp: Path) -> None:
    path = keras1_file(in_tmp)
    result = review("model.py", answers="n\ny\nn\nn\n")
    assert result.exit_code == 0, result.output
    second = result.stdout.split("model.py  change 2 of 4")[1].split("model.py  change 3 of 4")[0]
    assert "-from keras.layers import Convolution2D, Dense, Flatten" in second
    assert "+from tensorflow.keras.layers import Conv2D, Dense, Flatten" in second
    assert "+model.add(Conv2D(32, (3, 3), padding='same', input_shape=(32, 32, 3)))" in second
    written = path.read_text()
    assert "Convolution2D" not in written
    assert "from tensorflow.keras.layers import Conv2D" in written
    assert "from keras.models import Sequential" in written
    assert "nb_epoch=5" in written


def test_an_inserted_import_comes_with_the_line_that_reads_it(in_tmp: Path) -> None:
    path = in_tmp / "loss.py"
    path.write_text(
        "from keras import backend as K\n"
        "from keras.layers import Dense\n"
        "\n"
        "y = K.tf.reduce_sum(x)\n"
        "z = Dense(output_dim=3)\n"
    )
    result = review("loss.py", answers="n\ny\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 2
    first = result.stdout.split("loss.py  change 2 of 2")[0]
    assert "+import tensorflow as tf" in first
    assert "+y = tf.reduce_sum(x)" in first
    assert path.read_text() == (
        "from keras import backend as K\n"
        "from keras.layers import Dense\n"
        "\n"
        "y = K.tf.reduce_sum(x)\n"
        "z = Dense(units=3)\n"
    )


def test_a_rewritten_statement_over_several_lines_is_one_change(in_tmp: Path) -> None:
    path = in_tmp / "model.py"
    path.write_text(
        "from keras.layers import Dense\n"
        "layer = Dense(output_dim=10,\n"
        "              activation='relu',\n"
        "              init='uniform')\n"
    )
    result = review("model.py", answers="n\nn\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 2
    second = result.stdout.split("model.py  change 2 of 2")[1]
    assert "+layer = Dense(units=10," in second
    assert "+              kernel_initializer='uniform')" in second


def test_all_accepts_the_rest_of_the_file_without_asking(in_tmp: Path) -> None:
    path = keras1_file(in_tmp)
    result = review("model.py", answers="n\na\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 2
    assert path.read_text() == MIGRATED.replace(
        "from tensorflow.keras.models import Sequential", "from keras.models import Sequential"
    )
    assert "review: 3 changes accepted, 1 rejected" in result.stderr


def test_skip_rejects_the_rest_of_the_file_and_the_next_file_is_still_asked(in_tmp: Path) -> None:
    first = keras1_file(in_tmp, "a.py")
    second = keras1_file(in_tmp, "b.py")
    result = review(".", answers="y\ns\ny\ny\ny\ny\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 6
    assert first.read_text() == KERAS1.replace(
        "from keras.models import Sequential", "from tensorflow.keras.models import Sequential"
    )
    assert second.read_text() == MIGRATED


def test_quit_writes_what_was_accepted_and_leaves_later_files_untouched(in_tmp: Path) -> None:
    first = keras1_file(in_tmp, "a.py")
    second = keras1_file(in_tmp, "b.py")
    before = second.read_bytes()
    result = review(".", answers="y\nq\n")
    assert result.exit_code == 1, result.output
    assert prompts(result) == 2
    assert first.read_text() == KERAS1.replace(
        "from keras.models import Sequential", "from tensorflow.keras.models import Sequential"
    )
    assert second.read_bytes() == before
    assert "b.py" not in result.stdout
    assert "3 not decided; 1 file not reviewed (stopped)" in result.stderr


def test_the_end_of_the_answers_writes_nothing_of_the_current_file(in_tmp: Path) -> None:
    path = keras1_file(in_tmp)
    result = review("model.py", answers="y\ny\n")
    assert result.exit_code == 1, result.output
    assert prompts(result) == 3
    assert path.read_text() == KERAS1


def test_a_file_that_does_not_change_is_not_offered(in_tmp: Path) -> None:
    (in_tmp / "a.py").write_text("from keras.models import Sequential\nmodel = Sequential()\n"
                                 .replace("keras.models", "tensorflow.keras.models"))
    (in_tmp / "b.py").write_text("import os\nprint(os.name)\n")
    keras1_file(in_tmp, "c.py")
    result = review(".", answers="a\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 1
    assert "a.py" not in result.stdout
    assert "b.py" not in result.stdout
    assert (in_tmp / "c.py").read_text() == MIGRATED


def test_an_unknown_answer_is_asked_again(in_tmp: Path) -> None:
    path = keras1_file(in_tmp)
    result = review("model.py", answers="maybe\nyes\nno\nN\nY\n")
    assert result.exit_code == 0, result.output
    assert "answer y, n, a, s or q" in result.stderr
    assert prompts(result) == 5
    assert "from tensorflow.keras.models import Sequential" in path.read_text()
    assert "epochs=5" in path.read_text()


def test_findings_are_shown_with_the_change_on_their_line(in_tmp: Path) -> None:
    path = in_tmp / "model.py"
    path.write_text("from keras.layers import Convolution2D\nx = Convolution2D(64, *sizes)\n")
    result = review("model.py", answers="y\n")
    assert result.exit_code == 0, result.output
    view = result.stdout.split("change 1 of 1")[1]
    assert "+# kmigrate: K903" in view
    assert "model.py:2:5: K903 " in view
    assert "# kmigrate: K903" in path.read_text()


def test_a_dependency_file_is_offered_as_one_change(in_tmp: Path) -> None:
    path = in_tmp / "requirements.txt"
    path.write_text("keras==1.2.2\nnumpy\ntheano\n")
    result = review("requirements.txt", answers="n\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 1
    assert path.read_text() == "keras==1.2.2\nnumpy\ntheano\n"
    result = review("requirements.txt", answers="y\n")
    assert prompts(result) == 1
    assert "tensorflow>=2.16" in path.read_text()


def test_a_notebook_is_offered_as_one_change_and_stays_valid_json(in_tmp: Path) -> None:
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["from keras.layers import Dense\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["layer = Dense(output_dim=3)\n"]},
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = in_tmp / "demo.ipynb"
    path.write_text(json.dumps(notebook, indent=1) + "\n")
    result = review("demo.ipynb", answers="y\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 1
    written = json.loads(path.read_text())
    assert written["cells"][1]["source"] == ["layer = Dense(units=3)\n"]


def test_a_python_2_file_is_offered_as_one_change(in_tmp: Path) -> None:
    path = in_tmp / "old.py"
    path.write_text("from keras.layers import Dense\nprint 'hi'\nx = Dense(output_dim=3)\n")
    result = review("old.py", answers="y\n")
    assert result.exit_code == 0, result.output
    assert prompts(result) == 1
    assert path.read_text() == (
        "from tensorflow.keras.layers import Dense\nprint('hi')\nx = Dense(units=3)\n"
    )


def test_a_read_only_file_is_reported_and_not_offered(in_tmp: Path) -> None:
    path = keras1_file(in_tmp)
    path.chmod(0o444)
    try:
        result = review("model.py", answers="")
    finally:
        path.chmod(0o644)
    assert result.exit_code == 123, result.output
    assert prompts(result) == 0
    assert "model.py: error: the file is read-only" in result.stderr
    assert path.read_text() == KERAS1


def test_a_choice_that_does_not_parse_is_not_written(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = keras1_file(in_tmp)

    def broken_plan(source: str, new_source: str) -> ChangePlan:
        # a plan whose only change leaves a bracket open
        old = tuple(interactive.split_lines(source))
        return ChangePlan(old, ("model.add(Conv2D(\n",), (Hunk(3, 4, 0, 1),), ((0,),))

    monkeypatch.setattr(interactive, "python_plan", broken_plan)
    result = review("model.py", answers="y\n")
    assert result.exit_code == 123, result.output
    assert "model.py:4: error: the accepted changes do not parse" in result.stderr
    assert path.read_text() == KERAS1


def test_a_report_describes_what_the_review_wrote(in_tmp: Path) -> None:
    keras1_file(in_tmp)
    result = review("model.py", "--report", "json:report.json", answers="y\nn\nn\nn\n")
    assert result.exit_code == 0, result.output
    report = json.loads((in_tmp / "report.json").read_text())
    (entry,) = report["files"]
    assert [change["new_text"] for change in entry["changes"]] == [
        "from tensorflow.keras.models import Sequential\n"
    ]


@pytest.mark.parametrize(
    "other",
    [["--dry-run"], ["--diff"], ["--check"]],
    ids=["dry-run", "diff", "check"],
)
def test_interactive_cannot_be_combined_with_modes_that_write_nothing(
    in_tmp: Path, other: list[str]
) -> None:
    keras1_file(in_tmp)
    result = CliRunner(env=PLAIN_ENV).invoke(main, ["model.py", "--interactive", *other])
    assert result.exit_code == 2
    assert "--interactive cannot be used with" in result.stderr
    assert (in_tmp / "model.py").read_text() == KERAS1


def test_interactive_cannot_read_stdin() -> None:
    result = CliRunner(env=PLAIN_ENV).invoke(main, ["-", "--interactive"], input=KERAS1)
    assert result.exit_code == 2
    assert "--interactive cannot be used with" in result.stderr


@pytest.mark.parametrize(
    "fixture",
    [
        "custom_layer_methods",
        "builtin_weight_attributes",
        "sequential_merge",
        "functional_merge",
        "generator_methods",
        "channels_first_layers",
        "backend_symbolic_ops",
        "removed_helpers",
    ],
)
def test_any_choice_of_changes_in_the_fixtures_parses(fixture: str) -> None:
    chooser = random.Random(fixture)
    for path in sorted((FIXTURES / fixture).glob("*.in.py")):
        source = path.read_text()
        result = migrate_source(source, path=path.name)
        if not result.changed or result.modernised:
            continue
        plan = python_plan(result.source, result.new_source)
        assert plan.apply([]) == result.source
        assert plan.apply(range(len(plan.hunks))) == result.new_source
        choices = [[change] for change in plan.changes]
        choices += [[c for c in plan.changes if chooser.random() < 0.5] for _ in range(10)]
        for chosen in choices:
            text = plan.apply(hunk for change in chosen for hunk in change)
            ast.parse(text, filename=f"{path.name} with {chosen}")
