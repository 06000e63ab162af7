"""``kmigrate batch``: many repositories, a patch and a JSON summary each, one table."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kmigrate.batch import RepoResult, migrate_repo, output_names
from kmigrate.cli import main
from kmigrate.config import RunConfig

OLD = "from keras.layers import Dense\nx = Dense(output_dim=3)\n"
NEW = "from tensorflow.keras.layers import Dense\nx = Dense(units=3)\n"
OLD_CRLF = b"from keras.layers import Dense\r\nx = Dense(output_dim=3, init='zero')\r\n"
PLAIN = "import os\nprint(os.name)\n"


def _repos(tmp_path: Path) -> tuple[Path, Path]:
    keras = tmp_path / "repos" / "keras-app"
    (keras / "src").mkdir(parents=True)
    (keras / "src" / "model.py").write_text(OLD)
    (keras / "src" / "crlf.py").write_bytes(OLD_CRLF)
    (keras / "requirements.txt").write_text("keras==1.2.2\nTheano\nnumpy\n")
    plain = tmp_path / "repos" / "plain"
    plain.mkdir(parents=True)
    (plain / "tool.py").write_text(PLAIN)
    return keras, plain


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_batch_writes_a_patch_and_summary_per_repository_and_leaves_repositories_alone(
    tmp_path: Path,
) -> None:
    keras, plain = _repos(tmp_path)
    before = _snapshot(tmp_path / "repos")
    out = tmp_path / "out"
    code, output = _invoke(str(keras), str(plain), "--out", str(out), "--executor", "thread")
    assert code == 0, output
    assert _snapshot(tmp_path / "repos") == before, "nothing written without --apply"
    assert sorted(p.name for p in out.iterdir()) == [
        "keras-app.json",
        "keras-app.patch",
        "plain.json",
        "plain.patch",
        "summary.json",
    ]
    summary = json.loads((out / "keras-app.json").read_text())
    assert summary["files"] == 3
    assert summary["changed"] == 3
    assert summary["failed"] == 0
    assert summary["modernised"] == 0
    assert summary["findings"] == {"K997": 1}
    assert summary["changed_files"] == ["requirements.txt", "src/crlf.py", "src/model.py"]
    assert summary["findings_list"][0]["path"] == "requirements.txt"
    patch = (out / "keras-app.patch").read_bytes()
    assert b"--- a/src/model.py\n+++ b/src/model.py\n" in patch
    assert b"+x = Dense(units=3, kernel_initializer='zeros')\r\n" in patch, "CRLF kept in the patch"
    assert b"-keras==1.2.2\n-Theano\n+tensorflow>=2.16\n" in patch
    assert (out / "plain.patch").read_bytes() == b""
    total = json.loads((out / "summary.json").read_text())["total"]
    assert (total["repositories"], total["files"], total["changed"]) == (2, 4, 3)
    assert "keras-app" in output and "plain" in output and "total" in output


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git binary")
def test_the_patch_applies_with_git_inside_the_repository(tmp_path: Path) -> None:
    keras, _ = _repos(tmp_path)
    out = tmp_path / "out"
    assert _invoke(str(keras), "--out", str(out), "--executor", "thread")[0] == 0
    subprocess.run(["git", "init", "-q"], cwd=keras, check=True)
    subprocess.run(["git", "apply", str(out / "keras-app.patch")], cwd=keras, check=True)
    assert (keras / "src" / "model.py").read_text() == NEW
    assert (keras / "requirements.txt").read_text() == "tensorflow>=2.16\nnumpy\n"


def test_apply_rewrites_the_repositories_and_a_second_run_has_nothing_left(tmp_path: Path) -> None:
    keras, plain = _repos(tmp_path)
    out = tmp_path / "out"
    code, _ = _invoke(str(keras), str(plain), "--out", str(out), "--apply", "--executor", "thread")
    assert code == 0
    assert (keras / "src" / "model.py").read_text() == NEW
    assert json.loads((out / "keras-app.json").read_text())["applied"] is True
    code, _ = _invoke(str(keras), str(plain), "--out", str(out), "--executor", "thread")
    assert code == 0
    assert (out / "keras-app.patch").read_bytes() == b""
    assert json.loads((out / "keras-app.json").read_text())["changed"] == 0


def test_roots_from_a_file_with_comments_in_input_order(tmp_path: Path) -> None:
    keras, plain = _repos(tmp_path)
    listing = tmp_path / "roots.txt"
    listing.write_text(f"# repositories\n{plain}\n\n{keras}\n")
    out = tmp_path / "out"
    assert _invoke("--from-file", str(listing), "--out", str(out), "--executor", "thread")[0] == 0
    repos = json.loads((out / "summary.json").read_text())["repositories"]
    assert [r["name"] for r in repos] == ["plain", "keras-app"]


def test_a_missing_root_is_reported_and_the_others_still_run(tmp_path: Path) -> None:
    keras, _ = _repos(tmp_path)
    out = tmp_path / "out"
    code, output = _invoke(
        str(tmp_path / "gone"), str(keras), "--out", str(out), "--executor", "thread"
    )
    assert code == 123
    assert "gone" in output and "does not exist" in output
    assert json.loads((out / "gone.json").read_text())["error"] == "the root does not exist"
    assert json.loads((out / "keras-app.json").read_text())["changed"] == 3


def test_a_file_that_fails_makes_the_exit_status_123(tmp_path: Path) -> None:
    keras, _ = _repos(tmp_path)
    (keras / "broken.py").write_text("import keras\ndef f(:\n")
    code, _ = _invoke(str(keras), "--out", str(tmp_path / "out"), "--executor", "thread")
    assert code == 123
    failed = json.loads((tmp_path / "out" / "keras-app.json").read_text())["failed_files"]
    assert [f["path"] for f in failed] == ["broken.py"]


def test_the_process_pool_gives_the_same_outputs_as_threads(tmp_path: Path) -> None:
    keras, plain = _repos(tmp_path)
    roots = [str(keras), str(plain)]
    assert _invoke(*roots, "--out", str(tmp_path / "a"), "--executor", "thread")[0] == 0
    assert _invoke(*roots, "--out", str(tmp_path / "b"), "-j", "2")[0] == 0
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


def test_the_dask_executor_runs_the_same_jobs_on_a_local_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    keras, plain = _repos(tmp_path)
    roots = [str(keras), str(plain)]
    assert _invoke(*roots, "--out", str(tmp_path / "a"), "--executor", "thread")[0] == 0
    with distributed.LocalCluster(
        n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        code, output = _invoke(
            *roots, "--out", str(tmp_path / "b"), "--executor", "dask", "--scheduler", address
        )
    assert code == 0, output
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no root at all"),
        pytest.param(["x", "--executor", "dask"], id="dask without a scheduler"),
        pytest.param(["x", "--scheduler", "tcp://h:1"], id="a scheduler without dask"),
    ],
)
def test_usage_errors(args: list[str]) -> None:
    assert _invoke(*args)[0] == 2


def test_output_names_are_distinct_and_safe() -> None:
    assert output_names(["a/app", "b/app/", "c/App", "d/we ird", "/"]) == [
        "app",
        "app-2",
        "App-3",
        "we_ird",
        "repository",
    ]


def test_migrate_repo_paths_are_relative_to_the_root_and_the_result_pickles(tmp_path: Path) -> None:
    import pickle

    keras, _ = _repos(tmp_path)
    result = migrate_repo(str(keras), RunConfig())
    assert isinstance(pickle.loads(pickle.dumps(result)), RepoResult)
    assert result.details["changed_files"] == ["requirements.txt", "src/crlf.py", "src/model.py"]
    assert (keras / "src" / "model.py").read_text() == OLD


def test_python_2_files_are_counted_as_modernised_unless_no_py2(tmp_path: Path) -> None:
    keras, _ = _repos(tmp_path)
    (keras / "old.py").write_text('from keras.layers import Dense\nprint "building"\n')
    out = tmp_path / "out"
    assert _invoke(str(keras), "--out", str(out), "--executor", "thread")[0] == 0
    summary = json.loads((out / "keras-app.json").read_text())
    assert (summary["modernised"], summary["modernised_files"]) == (1, ["old.py"])
    assert b'+print("building")\n' in (out / "keras-app.patch").read_bytes()
    code, _ = _invoke(str(keras), "--out", str(out), "--executor", "thread", "--no-py2")
    assert code == 123
    summary = json.loads((out / "keras-app.json").read_text())
    assert (summary["modernised"], summary["failed"]) == (0, 1)


def test_exclude_patterns_reach_every_repository(tmp_path: Path) -> None:
    keras, _ = _repos(tmp_path)
    out = tmp_path / "out"
    assert (
        _invoke(str(keras), "--out", str(out), "--executor", "thread", "--exclude", "src/")[0] == 0
    )
    assert json.loads((out / "keras-app.json").read_text())["changed_files"] == ["requirements.txt"]
