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
