"""This repository's pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit.

The slow tests copy the working tree of this repository (tracked files and
untracked ones that are not ignored, so uncommitted work is what runs) into a
throwaway git repository, commit it there, and point a consumer repository's
``.pre-commit-config.yaml`` at that commit. pre-commit then builds a virtual
environment and pip-installs kmigrate into it from PyPI, as it would for a
user: this needs the network and takes a while. PRE_COMMIT_HOME is a temporary
folder, so the user's pre-commit cache is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kmigrate.cli import main
from kmigrate.discovery import is_candidate

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

OLD = b"from keras.layers import Convolution2D\nx = Convolution2D(64, 3, 3, border_mode='same')\n"
NEW = b"from tensorflow.keras.layers import Conv2D\nx = Conv2D(64, (3, 3), padding='same')\n"
OLD_REQUIREMENTS = b"keras==1.2.2\nnumpy\n"
# names Keras but is not a file kmigrate migrates; handed to kmigrate it would fail to parse
NOTES = b"We still train with keras 1.2 (import keras; see below).\n"

# environment-building plus the run; generous, only a guard against a hang
FIRST_RUN_TIMEOUT = 1800
RUN_TIMEOUT = 600


def manifest_hooks() -> dict[str, dict[str, object]]:
    with open(MANIFEST, encoding="utf-8") as handle:
        hooks = yaml.safe_load(handle)
    return {hook["id"]: hook for hook in hooks}


# ---------------------------------------------------------------------------
# the manifest itself (fast)
# ---------------------------------------------------------------------------


def test_the_manifest_declares_a_fixing_hook_and_a_checking_hook() -> None:
    hooks = manifest_hooks()

    assert hooks["kmigrate"]["entry"] == "kmigrate --exit-non-zero-on-fix"
    assert hooks["kmigrate-check"]["entry"] == "kmigrate --check"
    assert {hook["language"] for hook in hooks.values()} == {"python"}


@pytest.mark.parametrize(
    "path",
    [
        "model.py",
        "pkg/sub/train.py",
        "setup.py",
        "notebooks/demo.ipynb",
        "keras.json",
        "conf/.keras/keras.json",
        "Keras.json",
        "requirements.txt",
        "requirements-dev.txt",
        "ci/dev-requirements.txt",
        "requirements/base.txt",
        "REQUIREMENTS.TXT",
        "setup.cfg",
        "sub/pyproject.toml",
        "environment.yml",
        "environment.yaml",
        "notes.txt",
        "README.md",
        "stubs/model.pyi",
        "model.py.orig",
        "mypyproject.toml",
        "keras.json.bak",
        "Dockerfile",
    ],
)
def test_the_hooks_take_exactly_the_files_a_directory_run_takes(path: str) -> None:
    for hook in manifest_hooks().values():
        pattern = re.compile(str(hook["files"]))
        assert bool(pattern.search(path)) is is_candidate(path), hook["id"]


# ---------------------------------------------------------------------------
# the README's CI recipes (fast)
# ---------------------------------------------------------------------------


def readme_yaml(first_line: str) -> Any:
    """The README's YAML code block that starts with ``first_line``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    (block,) = [b for b in blocks if b.startswith(first_line + "\n")]
    return yaml.safe_load(block)


def test_the_readme_pre_commit_recipe_names_hooks_the_manifest_declares() -> None:
    config = readme_yaml("# .pre-commit-config.yaml")

    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/OWNER/kmigrate"
    assert {hook["id"] for hook in repo["hooks"]} <= set(manifest_hooks())


def test_the_readme_workflow_runs_check_with_a_sarif_report_and_uploads_it_even_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workflow = readme_yaml("# .github/workflows/kmigrate.yml")
    steps = workflow["jobs"]["kmigrate"]["steps"]
    (command,) = [s["run"] for s in steps if str(s.get("run", "")).startswith("kmigrate ")]
    (upload,) = [
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    ]
    args = shlex.split(command)[1:]
    sarif_path = args[args.index("--report") + 1].split(":", 1)[1]
    (tmp_path / "src").mkdir()
    (tmp_path / "src/model.py").write_bytes(OLD)
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, args)

    assert result.exit_code == 1, result.output
    assert result.stdout == "would migrate: src/model.py\n"
    assert (tmp_path / "src/model.py").read_bytes() == OLD
    sarif = json.loads((tmp_path / sarif_path).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for found in run["results"]
        for location in found["locations"]
    }
    assert uris == {"src/model.py"}
    assert "always()" in upload["if"]
    assert upload["with"]["sarif_file"] == sarif_path
    assert workflow["permissions"]["security-events"] == "write"


# ---------------------------------------------------------------------------
# the real pre-commit (slow, needs PyPI)
# ---------------------------------------------------------------------------


def git_env(home: Path) -> dict[str, str]:
    """The environment for git and pre-commit: no user or system git config, no GIT_* leaks."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    empty = home / "gitconfig"
    empty.touch()
    env.update(
        GIT_CONFIG_GLOBAL=str(empty),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(home / "pre-commit-cache"),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
    )
    return env


def git(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def new_repository(env: dict[str, str], path: Path) -> Path:
    path.mkdir(parents=True)
    git(env, path, "init", "-q")
    git(env, path, "config", "user.name", "kmigrate tests")
    git(env, path, "config", "user.email", "tests@kmigrate.invalid")
    git(env, path, "config", "commit.gpgsign", "false")
    return path


def commit_all(env: dict[str, str], repo: Path, message: str) -> str:
    git(env, repo, "add", "-A")
    git(env, repo, "commit", "-q", "-m", message)
    return git(env, repo, "rev-parse", "HEAD").strip()


def working_tree_files(env: dict[str, str]) -> list[str]:
    """This repository's files as they are now: tracked and untracked, not ignored ones."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed; pre-commit needs it")
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != ROOT:
        pytest.skip("the repository root is not a git checkout (an unpacked sdist?)")
    listed = git(env, ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return [name for name in listed.split("\0") if name]


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """A committed copy of this repository's working tree: (its path, the commit, the home)."""
    home = tmp_path_factory.mktemp("precommit-home")
    env = git_env(home)
    names = working_tree_files(env)
    snapshot = new_repository(env, home / "kmigrate-hooks")
    for name in names:
        source = ROOT / name
        if not source.is_file() or source.is_symlink():
            continue  # deleted in the working tree, or a link
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    rev = commit_all(env, snapshot, "kmigrate working tree")
    yield snapshot, rev, home


def consumer(hook_repository: tuple[Path, str, Path], name: str, files: dict[str, bytes]) -> Path:
    """A git repository with ``files`` committed and a config for this repository's hooks."""
    snapshot, rev, home = hook_repository
    env = git_env(home)
    repo = new_repository(env, home / name)
    for relative, data in files.items():
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {snapshot}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: kmigrate\n"
        "      - id: kmigrate-check\n",
        encoding="utf-8",
    )
    commit_all(env, repo, "Keras 1 code")
    return repo


def pre_commit(
    hook_repository: tuple[Path, str, Path], repo: Path, hook: str
) -> subprocess.CompletedProcess[str]:
    """``pre-commit run HOOK --all-files`` in ``repo``."""
    env = git_env(hook_repository[2])
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=FIRST_RUN_TIMEOUT,
    )


def shown(run: subprocess.CompletedProcess[str]) -> str:
    return f"exit {run.returncode}\n{run.stdout}\n{run.stderr}"


@pytest.mark.slow
def test_the_kmigrate_hook_rewrites_keras_1_code_and_fails_then_passes_on_the_migrated_code(
    hook_repository: tuple[Path, str, Path],
) -> None:
    repo = consumer(
        hook_repository,
        "fix",
        {"src/model.py": OLD, "requirements.txt": OLD_REQUIREMENTS, "notes.txt": NOTES},
    )

    first = pre_commit(hook_repository, repo, "kmigrate")

    assert first.returncode == 1, shown(first)
    # kmigrate itself failed (--exit-non-zero-on-fix), not only pre-commit's "files were modified"
    assert "- exit code: 1\n" in first.stdout, shown(first)
    assert "rewrote src/model.py" in first.stdout, shown(first)
    assert (repo / "src/model.py").read_bytes() == NEW
    assert b"tensorflow>=2.16" in (repo / "requirements.txt").read_bytes()
    assert (repo / "notes.txt").read_bytes() == NOTES

    second = pre_commit(hook_repository, repo, "kmigrate")

    assert second.returncode == 0, shown(second)
    assert (repo / "src/model.py").read_bytes() == NEW


@pytest.mark.slow
def test_the_kmigrate_check_hook_fails_on_keras_1_code_without_changing_it_and_passes_on_migrated_code(
    hook_repository: tuple[Path, str, Path],
) -> None:
    old = consumer(hook_repository, "check-old", {"src/model.py": OLD, "notes.txt": NOTES})
    new = consumer(hook_repository, "check-new", {"src/model.py": NEW, "notes.txt": NOTES})

    failing = pre_commit(hook_repository, old, "kmigrate-check")
    passing = pre_commit(hook_repository, new, "kmigrate-check")

    assert failing.returncode == 1, shown(failing)
    assert "would migrate: src/model.py" in failing.stdout, shown(failing)
    assert (old / "src/model.py").read_bytes() == OLD
    assert passing.returncode == 0, shown(passing)
    assert (new / "src/model.py").read_bytes() == NEW
