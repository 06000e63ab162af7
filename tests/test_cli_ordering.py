"""The command line and the channel ordering: --dim-ordering, --channels-last, the
evidence in the summary, and keras.json files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import invoke, write

from kmigrate import runner
from kmigrate.config import DimOrdering, RunConfig
from kmigrate.results import Mode

HEAD = b"from keras import backend as K\nfrom keras.layers import Convolution2D, Input\n"
SETTER = HEAD + b"\nK.set_image_dim_ordering('th')\nx = Convolution2D(8, 3, 3)(x)\n"
GUESSED = HEAD + b"x = Input(shape=(3, 32, 32))\ny = Convolution2D(8, 3, 3)(x)\n"
PLAIN = HEAD + b"y = Convolution2D(8, 3, 3)(x)\n"
KERAS_JSON = b'{\n    "image_dim_ordering": "th",\n    "epsilon": 1e-07,\n    "floatx": "float32",\n    "backend": "theano"\n}\n'





def test_the_summary_names_a_global_setter_and_its_line(in_tmp: Path) -> None:
    write(in_tmp / "model.py", SETTER)
    result = invoke("model.py", "--dry-run")
    assert "model.py: channels first (K.set_image_dim_ordering('th') at line 4)" in result.stderr


def test_the_summary_says_a_guess_is_a_guess_and_how_to_confirm(in_tmp: Path) -> None:
    write(in_tmp / "model.py", GUESSED)
    result = invoke("model.py", "--dry-run")
    assert (
        "model.py: channels first, guessed from input shape (3, 32, 32) at line 3; "
        "confirm with --dim-ordering th or tf"
    ) in result.stderr
    assert "K953 channel ordering guessed: channels_first (th)" in result.stdout


def test_the_default_ordering_is_not_mentioned_unless_verbose(in_tmp: Path) -> None:
    write(in_tmp / "model.py", PLAIN)
    assert "channels" not in invoke("model.py").stderr
    write(in_tmp / "model.py", PLAIN)
    verbose = invoke("model.py", "-v")
    assert "model.py: channels last (no sign of channels first: Keras's default)" in verbose.stderr


def test_verbose_lists_every_sign(in_tmp: Path) -> None:
    write(in_tmp / "model.py", GUESSED + b"if K.image_dim_ordering() == 'th':\n    pass\n")
    result = invoke("model.py", "--dry-run", "-v")
    assert "  model.py:3: input shape (3, 32, 32) -> channels first (weak, global)" in result.stderr
    assert "  model.py:5: K.image_dim_ordering() == 'th' (adapts at run time)" in result.stderr


def test_the_option_overrides_detection_and_is_not_reported(in_tmp: Path) -> None:
    write(in_tmp / "model.py", GUESSED)
    result = invoke("model.py", "--dry-run", "--dim-ordering", "tf")
    assert "channels" not in result.stderr
    assert "K953" not in result.stdout
    assert "data_format" not in result.stdout


def test_quiet_leaves_out_the_ordering(in_tmp: Path) -> None:
    write(in_tmp / "model.py", SETTER)
    assert "channels first" not in invoke("model.py", "-q").stderr


@pytest.mark.parametrize(
    ("args", "channels_last", "ordering"),
    [
        pytest.param([], False, DimOrdering.AUTO, id="detection and strategy A by default"),
        pytest.param(["--channels-last"], True, DimOrdering.AUTO, id="--channels-last asks for strategy C"),
        pytest.param(["--channels-last", "--dim-ordering", "th"], True, DimOrdering.TH, id="both options together"),
    ],
)
def test_options_reach_the_run_config(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], channels_last: bool, ordering: DimOrdering
) -> None:
    seen: list[RunConfig] = []
    real_run = runner.run

    def spy(paths: Any, config: RunConfig, mode: Mode, on_result: Any = None, **options: Any) -> runner.RunReport:
        seen.append(config)
        return real_run(paths, config, mode, on_result, **options)

    monkeypatch.setattr(runner, "run", spy)
    write(in_tmp / "model.py", PLAIN)
    assert invoke("model.py", *args).exit_code == 0
    [config] = seen
    assert (config.channels_last, config.dim_ordering) == (channels_last, ordering)


def test_keras_json_in_the_tree_is_migrated_and_feeds_detection(in_tmp: Path) -> None:
    write(in_tmp / "proj/.keras/keras.json", KERAS_JSON)
    write(in_tmp / "proj/model.py", PLAIN)
    result = invoke("proj")
    assert result.exit_code == 0
    assert (in_tmp / "proj/.keras/keras.json").read_bytes() == KERAS_JSON.replace(
        b'"image_dim_ordering": "th"', b'"image_data_format": "channels_first"'
    )
    assert "rewrote proj/.keras/keras.json" in result.stderr
    assert 'proj/.keras/keras.json:5:5: K995 importing Keras 3 fails with "backend": "theano"' in result.stderr
    assert (
        "proj/model.py: channels first (\"image_dim_ordering\": \"th\" in proj/.keras/keras.json:2)"
    ) in result.stderr
    assert "data_format='channels_first'" in (in_tmp / "proj/model.py").read_text()
    again = invoke("proj")
    assert "rewrote" not in again.stderr
    assert "proj/model.py: channels first (\"image_data_format\": \"channels_first\" in proj/.keras/keras.json:2)" in again.stderr


def test_keras_json_changes_are_in_the_patch(in_tmp: Path) -> None:
    write(in_tmp / "keras.json", KERAS_JSON)
    result = invoke("keras.json", "--diff")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:6] == [
        "--- a/keras.json",
        "+++ b/keras.json",
        "@@ -1,5 +1,5 @@",
        " {",
        '-    "image_dim_ordering": "th",',
        '+    "image_data_format": "channels_first",',
    ]


def test_a_bad_keras_json_is_one_error_line_and_exit_123(in_tmp: Path) -> None:
    write(in_tmp / "proj/keras.json", b'{\n  "image_dim_ordering": "th"\n  "backend": "theano"\n}\n')
    write(in_tmp / "proj/model.py", PLAIN)
    result = invoke("proj")
    assert result.exit_code == 123
    assert "proj/keras.json:3: error: invalid JSON: Expecting ',' delimiter (line 3 column 3)" in result.stderr
    assert "rewrote proj/model.py" in result.stderr
