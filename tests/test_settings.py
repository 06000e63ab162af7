"""``--select``/``--ignore`` and ``[tool.kmigrate]`` in pyproject.toml, through the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kmigrate.cli import main

OLD = (
    "from keras.layers import Convolution2D, merge\n"
    "c = Convolution2D(8, 3, 3, border_mode='same')\n"
    "y = merge([a, b], mode=f)\n"
    "model.fit(x, y, nb_epoch=5)\n"
)


def run(args: list[str], cwd: Path, stdin: str | None = None) -> tuple[int, str, str]:
    """The CLI run in ``cwd`` (settings are found from the paths given)."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)
    finally:
        os.chdir(here)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "train.py").write_text(OLD)
    return tmp_path / "proj"


def diff_of(project: Path, *options: str) -> tuple[int, str, str]:
    return run(["train.py", "--diff", *options], project)


def test_without_selection_every_rule_runs(project: Path) -> None:
    status, out, _ = diff_of(project)
    assert status == 1
    assert "+c = Conv2D(8, (3, 3), padding='same')" in out
    assert "epochs=5" in out
    assert "# kmigrate: K9" in out


@pytest.mark.parametrize("selector", ["K4", "K401", "training_args", "k401"])
def test_select_by_prefix_code_or_name_runs_only_those_rules(project: Path, selector: str) -> None:
    status, out, _ = diff_of(project, "--select", selector)
    assert status == 1
    assert "epochs=5" in out
    assert "Conv2D" not in out
    assert "# kmigrate:" not in out


def test_ignore_drops_a_finding_and_its_comment_but_keeps_the_rewrites(project: Path) -> None:
    _, before, _ = diff_of(project)
    codes = {line.split("# kmigrate: ")[1].split()[0] for line in before.splitlines() if "# kmigrate: K9" in line}
    assert codes
    _, out, _ = diff_of(project, "--ignore", ",".join(sorted(codes)))
    assert "# kmigrate:" not in out
    assert "Conv2D(8, (3, 3)" in out and "epochs=5" in out


def test_select_and_ignore_combine_and_repeat(project: Path) -> None:
    _, out, _ = diff_of(project, "--select", "K2,K3", "--select", "K401", "--ignore", "K401")
    assert "Conv2D" in out and "epochs" not in out


def test_an_unknown_selector_is_a_usage_error_naming_it(project: Path) -> None:
    status, _, err = diff_of(project, "--select", "K3,nonsense")
    assert status == 2
    assert "unknown rule selector 'nonsense'" in err


def write_settings(where: Path, body: str) -> None:
    (where / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.kmigrate]\n' + body)


def test_the_nearest_pyproject_with_a_kmigrate_table_is_used(project: Path) -> None:
    write_settings(project.parent, 'select = ["K401"]\nannotate = false\n')
    (project / "pyproject.toml").write_text('[project]\nname = "inner"\n')  # no [tool.kmigrate]: passed over
    _, out, _ = diff_of(project)
    assert "epochs=5" in out and "Conv2D" not in out


def test_the_command_line_wins_over_the_file(project: Path) -> None:
    write_settings(project, 'select = ["K401"]\n')
    _, out, _ = diff_of(project, "--select", "K2,K3")
    assert "Conv2D" in out and "epochs" not in out


def test_annotate_false_in_the_file_is_no_annotate(project: Path) -> None:
    write_settings(project, "annotate = false\n")
    _, out, _ = diff_of(project)
    assert "Conv2D" in out and "# kmigrate:" not in out


def test_exclude_and_ignore_from_the_file(project: Path) -> None:
    (project / "vendor").mkdir()
    (project / "vendor" / "old.py").write_text(OLD)
    write_settings(project, 'exclude = ["vendor/"]\nignore = "K9"\n')
    status, out, _ = run([".", "--diff"], project)
    assert status == 1
    assert "vendor/old.py" not in out
    assert "train.py" in out and "# kmigrate:" not in out


def test_dim_ordering_and_jobs_from_the_file_are_used(project: Path) -> None:
    (project / "net.py").write_text(
        "from keras.layers import Convolution2D\nc = Convolution2D(8, 3, 3, input_shape=(3, 32, 32))\n"
    )
    write_settings(project, 'dim-ordering = "th"\njobs = 1\nselect = ["K6", "K2", "K3"]\n')
    _, out, _ = run(["net.py", "--diff"], project)
    assert "data_format='channels_first'" in out


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = 1\n", "unknown key 'colour' in [tool.kmigrate]"),
        ("jobs = 0\n", "[tool.kmigrate] jobs must be a whole number of at least 1"),
        ('select = "K3"\nannotate = "no"\n', "[tool.kmigrate] annotate must be true or false"),
        ('dim-ordering = "theano"\n', "[tool.kmigrate] dim-ordering must be one of"),
        ('target = "keras2"\n', "[tool.kmigrate] target must be one of 'tf-keras'"),
        ('select = ["K3", "bogus"]\n', "unknown rule selector 'bogus'"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_settings_stop_the_run_with_a_message_naming_the_file_and_key(project: Path, body: str, message: str) -> None:
    write_settings(project, body)
    status, out, err = diff_of(project)
    assert status == 2
    assert message in err
    assert "pyproject.toml" in err or "selector" in message
    assert out == ""
    assert (project / "train.py").read_text() == OLD


def test_stdin_uses_the_settings_of_the_current_directory(project: Path) -> None:
    write_settings(project, 'select = ["K401"]\n')
    _, out, _ = run(["-"], project, stdin=OLD)
    assert "epochs=5" in out and "Convolution2D(8, 3, 3" in out


def test_findings_of_dependency_files_follow_the_selection_too(project: Path) -> None:
    (project / "requirements.txt").write_text("keras==1.2.2\ntheano\n")
    status, _, err = run(["requirements.txt", "--dry-run"], project)
    assert status == 1 and "K997" in err
    status, out, err = run(["requirements.txt", "--dry-run", "--ignore", "K997"], project)
    assert status == 1 and "K997" not in err + out
