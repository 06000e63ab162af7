from __future__ import annotations

import os
from pathlib import Path

import pytest

from kmigrate.discovery import display_path, iter_files


def touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def displays(root: Path) -> list[str]:
    return [f.display for f in iter_files([root.name])]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_directory_is_searched_for_py_files_in_sorted_order(in_tmp: Path) -> None:
    for name in ["src/b.py", "src/a.py", "src/pkg/z.py", "src/pkg/__init__.py", "src/notes.txt"]:
        touch(in_tmp / name)
    assert displays(in_tmp / "src") == [
        "src/a.py",
        "src/b.py",
        "src/pkg/__init__.py",
        "src/pkg/z.py",
    ]


def test_explicit_file_is_included_whatever_its_extension(in_tmp: Path) -> None:
    touch(in_tmp / "script")
    touch(in_tmp / "train.pyw")
    files = iter_files(["script", "train.pyw"])
    assert [f.display for f in files] == ["script", "train.pyw"]
    assert files[0].path == (in_tmp / "script").resolve()


def test_arguments_keep_their_order_and_each_file_is_listed_once(in_tmp: Path) -> None:
    touch(in_tmp / "src/a.py")
    touch(in_tmp / "src/b.py")
    touch(in_tmp / "z.py")
    files = iter_files(["z.py", "src", "./src/a.py"])
    assert [f.display for f in files] == ["z.py", "src/a.py", "src/b.py"]


def test_vcs_folders_caches_and_installed_packages_are_skipped(in_tmp: Path) -> None:
    touch(in_tmp / "proj/model.py")
    for skipped in [
        ".git/hooks/x.py",
        ".hg/x.py",
        ".svn/x.py",
        "__pycache__/model.py",
        "pkg/__pycache__/x.py",
        ".tox/py311/x.py",
        ".nox/x.py",
        ".mypy_cache/x.py",
        ".pytest_cache/x.py",
        "node_modules/x.py",
        "lib/site-packages/keras/x.py",
    ]:
        touch(in_tmp / "proj" / skipped)
    assert displays(in_tmp / "proj") == ["proj/model.py"]


def test_virtual_environments_are_skipped(in_tmp: Path) -> None:
    touch(in_tmp / "proj/model.py")
    # Any name, recognised by PEP 405's pyvenv.cfg.
    touch(in_tmp / "proj/py311env/pyvenv.cfg")
    touch(in_tmp / "proj/py311env/lib/keras_stub.py")
    # A conventional name with an activate script but no pyvenv.cfg (virtualenv < 20).
    touch(in_tmp / "proj/.venv/bin/activate")
    touch(in_tmp / "proj/.venv/lib/x.py")
    touch(in_tmp / "proj/venv/Scripts/activate")
    touch(in_tmp / "proj/venv/x.py")
    assert displays(in_tmp / "proj") == ["proj/model.py"]


def test_a_source_package_named_env_is_searched(in_tmp: Path) -> None:
    touch(in_tmp / "proj/env/__init__.py")
    touch(in_tmp / "proj/env/gym.py")
    assert displays(in_tmp / "proj") == ["proj/env/__init__.py", "proj/env/gym.py"]


def test_directory_symlinks_are_not_followed(in_tmp: Path) -> None:
    touch(in_tmp / "outside/secret.py")
    touch(in_tmp / "proj/model.py")
    try:
        os.symlink(in_tmp / "outside", in_tmp / "proj/linked", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks are not supported here")
    assert displays(in_tmp / "proj") == ["proj/model.py"]


def test_file_symlink_pointing_outside_the_tree_is_skipped(in_tmp: Path) -> None:
    touch(in_tmp / "outside/secret.py")
    touch(in_tmp / "proj/model.py")
    try:
        os.symlink(in_tmp / "outside/secret.py", in_tmp / "proj/secret.py")
        os.symlink(in_tmp / "proj/model.py", in_tmp / "proj/alias.py")
    except OSError:
        pytest.skip("symlinks are not supported here")
    files = iter_files(["proj"])
    # The in-tree alias resolves to model.py, which is listed once.
    assert [f.path for f in files] == [(in_tmp / "proj/model.py").resolve()]


def test_nonexistent_path_is_kept_so_that_it_is_reported(in_tmp: Path) -> None:
    touch(in_tmp / "a.py")
    files = iter_files(["missing.py", "a.py", "no_such_dir/"])
    assert [f.display for f in files] == ["missing.py", "a.py", "no_such_dir"]


def test_display_path_is_normalised_with_forward_slashes() -> None:
    assert display_path("./src//pkg/../a.py") == "src/a.py"
    assert display_path(os.path.join("src", "a.py")) == "src/a.py"


# ---------------------------------------------------------------------------
# whole repositories: .gitignore, --exclude, build output, symlinks
# ---------------------------------------------------------------------------


def test_gitignore_files_are_honoured_with_git_pattern_rules(in_tmp: Path) -> None:
    for name in [
        "repo/keep.py",
        "repo/generated_pb2.py",
        "repo/data/loader.py",
        "repo/data/keep_me.py",
        "repo/logs/run.py",
        "repo/pkg/logs",  # a file named logs: `logs/` only names directories
        "repo/pkg/model.py",
        "repo/pkg/scratch.py",
        "repo/pkg/deep/a/b/tmp.py",
        "repo/anchored.py",
        "repo/pkg/anchored.py",
    ]:
        touch(in_tmp / name)
    touch(in_tmp / "repo/.gitignore", "# comment\n*_pb2.py\nlogs/\n/anchored.py\ndata/*\n!data/keep_me.py\n")
    touch(in_tmp / "repo/pkg/.gitignore", "scratch.py\n**/tmp.py\n")
    assert displays(in_tmp / "repo") == [
        "repo/data/keep_me.py",
        "repo/keep.py",
        "repo/pkg/anchored.py",
        "repo/pkg/model.py",
    ]


def test_gitignore_of_the_enclosing_repository_applies_to_a_subdirectory(in_tmp: Path) -> None:
    (in_tmp / "repo/.git/info").mkdir(parents=True)
    touch(in_tmp / "repo/.git/info/exclude", "private.py\n")
    touch(in_tmp / "repo/.gitignore", "*.gen.py\n")
    touch(in_tmp / "repo/src/.gitignore", "old/\n")
    for name in ["model.py", "model.gen.py", "private.py", "old/x.py", "new/y.py"]:
        touch(in_tmp / "repo/src" / name)
    files = iter_files(["repo/src/"])
    assert [f.display for f in files] == ["repo/src/model.py", "repo/src/new/y.py"]


def test_exclude_patterns_are_gitignore_style_relative_to_the_directory(in_tmp: Path) -> None:
    for name in ["a.py", "tests/test_a.py", "docs/conf.py", "pkg/docs/keep.py", "legacy/old.py"]:
        touch(in_tmp / "proj" / name)
    files = iter_files(["proj"], exclude=["tests", "/docs", "legacy/*.py"])
    assert [f.display for f in files] == ["proj/a.py", "proj/pkg/docs/keep.py"]


def test_an_ignored_file_named_on_the_command_line_is_still_taken(in_tmp: Path) -> None:
    touch(in_tmp / "proj/.gitignore", "*.py\n")
    touch(in_tmp / "proj/model.py")
    assert displays(in_tmp / "proj") == []
    assert [f.display for f in iter_files(["proj/model.py"], exclude=["*.py"])] == ["proj/model.py"]


def test_build_output_checkpoints_and_conda_environments_are_skipped(in_tmp: Path) -> None:
    touch(in_tmp / "proj/model.py")
    for skipped in [
        "build/lib/model.py",
        "dist/x.py",
        "proj.egg-info/x.py",
        ".eggs/x.py",
        "nb/.ipynb_checkpoints/x-checkpoint.py",
        "condaenv/conda-meta/history",
        "condaenv/lib/x.py",
    ]:
        touch(in_tmp / "proj" / skipped)
    assert displays(in_tmp / "proj") == ["proj/model.py"]


def test_candidates_are_python_keras_json_and_files_that_other_passes_migrate(
    in_tmp: Path,
) -> None:
    from kmigrate import discovery

    for name in ["a.py", ".keras/keras.json", "README.md", "data.csv", "setup.py", "model.h5", "nb.ipynb", "requirements-dev.txt", "requirements/base.txt", "environment.yml", "notes.txt"]:
        touch(in_tmp / "proj" / name)
    found = displays(in_tmp / "proj")
    assert found == [
        "proj/.keras/keras.json",
        "proj/a.py",
        "proj/environment.yml",
        "proj/nb.ipynb",
        "proj/requirements/base.txt",
        "proj/requirements-dev.txt",
        "proj/setup.py",
    ]
    assert discovery.is_candidate("train.py")
    assert not discovery.is_candidate("train.pyc")


def test_symlinks_that_leave_the_tree_dangle_or_loop_are_skipped_with_a_reason(
    in_tmp: Path,
) -> None:
    from kmigrate.discovery import discover

    touch(in_tmp / "outside/secret.py")
    touch(in_tmp / "proj/model.py")
    try:
        os.symlink(in_tmp / "outside/secret.py", in_tmp / "proj/secret.py")
        os.symlink(in_tmp / "outside", in_tmp / "proj/vendor", target_is_directory=True)
        os.symlink("loop_b.py", in_tmp / "proj/loop_a.py")
        os.symlink("loop_a.py", in_tmp / "proj/loop_b.py")
        os.symlink("gone.py", in_tmp / "proj/dangling.py")
        os.symlink(".", in_tmp / "proj/self", target_is_directory=True)
        os.symlink("model.py", in_tmp / "proj/alias.py")
    except OSError:
        pytest.skip("symlinks are not supported here")
    found = discover(["proj"])
    assert [f.display for f in found.files] == ["proj/model.py"]
    assert [f"{s.display}: {s.reason}" for s in found.skipped] == [
        "proj/dangling.py: symlink to a missing file",
        "proj/loop_a.py: symlink loop, not followed",
        "proj/loop_b.py: symlink loop, not followed",
        "proj/secret.py: symlink to a file outside proj, not followed",
        "proj/vendor: symlink to a directory outside proj, not followed",
    ]


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "ignored"),
    [
        ("*.pyc", "a/b/c.pyc", False, True),
        ("/build", "a/build", True, False),
        ("data/", "x/data", False, False),
        ("docs/**/*.py", "docs/c.py", False, True),
        ("docs/**/*.py", "docs/a/b/c.py", False, True),
        ("**/foo", "a/b/foo", False, True),
        ("foo/**", "foo", True, False),
        ("foo/**", "foo/a/b", False, True),
        ("a/b", "x/a/b", False, False),
        ("[!abc].py", "b.py", False, False),
        ("[!abc].py", "d.py", False, True),
        ("\\#notes.py", "#notes.py", False, True),
        ("trailing.py   ", "trailing.py", False, True),
        ("*", "a/b", False, True),
        ("a?c.py", "a/c.py", False, False),
    ],
)
def test_gitignore_pattern_rules(pattern: str, path: str, is_dir: bool, ignored: bool) -> None:
    from kmigrate.discovery import Rule, is_ignored

    rule = Rule.parse(pattern, "")
    assert rule is not None
    assert is_ignored([rule], path, is_dir) is ignored


def test_blank_lines_and_comments_are_not_rules() -> None:
    from kmigrate.discovery import Rule

    assert Rule.parse("\n", "") is None
    assert Rule.parse("# *.py\n", "") is None
    assert Rule.parse("/\n", "") is None
