from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cli_support import PLAIN_ENV, invoke, write
from hypothesis import given, settings
from hypothesis import strategies as st

import kmigrate
from kmigrate.render import unified_diff, unified_diff_bytes
from kmigrate.results import EXIT_CODES_HELP, FileResult

OLD = b"from keras.layers import Convolution2D\nx = Convolution2D(64, 3, 3, border_mode='same')\n"
NEW = b"from tensorflow.keras.layers import Conv2D\nx = Conv2D(64, (3, 3), padding='same')\n"
# A call that cannot be checked: a K903 finding and a "# kmigrate:" comment.
STARRED = b"from keras.layers import Convolution2D\nx = Convolution2D(64, *sizes)\n"
PY2 = b"from keras.layers import Dense\nprint 'hello'\n"
UNCHANGED = b"import os\nprint(os.name)\n"


# ---------------------------------------------------------------------------
# in place
# ---------------------------------------------------------------------------


def test_rewrites_files_in_place_and_a_second_run_changes_nothing(in_tmp: Path) -> None:
    write(in_tmp / "src/model.py", OLD)
    first = invoke("src")
    assert first.exit_code == 0, first.output
    assert (in_tmp / "src/model.py").read_bytes() == NEW
    assert "rewrote src/model.py" in first.stderr
    assert "1 file seen, 1 changed, 0 failed" in first.stderr
    assert first.stdout == ""

    second = invoke("src")
    assert second.exit_code == 0
    assert (in_tmp / "src/model.py").read_bytes() == NEW
    assert "1 file seen, 0 changed, 0 failed" in second.stderr


def test_findings_are_reported_on_stderr_and_annotated_in_the_code(in_tmp: Path) -> None:
    write(in_tmp / "model.py", STARRED)
    result = invoke("model.py")
    assert result.exit_code == 0
    assert "model.py:2:5: K903 " in result.stderr
    assert "1 finding (K903: 1)" in result.stderr
    assert b"# kmigrate: K903" in (in_tmp / "model.py").read_bytes()


def test_no_annotate_leaves_out_the_review_comments(in_tmp: Path) -> None:
    write(in_tmp / "model.py", STARRED)
    result = invoke("--no-annotate", "model.py")
    assert result.exit_code == 0
    assert "model.py:2:5: K903 " in result.stderr
    assert (in_tmp / "model.py").read_bytes() == (
        b"from tensorflow.keras.layers import Conv2D\nx = Conv2D(64, *sizes)\n"
    )


def test_fail_on_findings_exits_1(in_tmp: Path) -> None:
    write(in_tmp / "model.py", STARRED)
    assert invoke("--fail-on-findings", "model.py").exit_code == 1
    write(in_tmp / "clean.py", OLD)
    assert invoke("--fail-on-findings", "clean.py").exit_code == 0


def test_with_no_py2_a_python2_file_fails_with_123_naming_file_and_line_while_good_files_are_migrated(
    in_tmp: Path,
) -> None:
    write(in_tmp / "src/a_good.py", OLD)
    write(in_tmp / "src/b_py2.py", PY2)
    write(in_tmp / "src/c_good.py", OLD)
    result = invoke("--no-py2", "src")
    assert result.exit_code == 123
    error_lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(error_lines) == 1
    assert error_lines[0].startswith("src/b_py2.py:2: error: cannot parse as Python 3")
    assert "Python 2" in error_lines[0]
    assert "3 files seen, 2 changed, 1 failed" in result.stderr
    assert (in_tmp / "src/a_good.py").read_bytes() == NEW
    assert (in_tmp / "src/c_good.py").read_bytes() == NEW
    assert (in_tmp / "src/b_py2.py").read_bytes() == PY2


def test_missing_path_is_reported_and_the_others_still_run(in_tmp: Path) -> None:
    write(in_tmp / "model.py", OLD)
    result = invoke("missing.py", "model.py")
    assert result.exit_code == 123
    assert "missing.py: error: cannot read: No such file or directory" in result.stderr
    assert (in_tmp / "model.py").read_bytes() == NEW


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file_is_reported_and_the_others_still_run(in_tmp: Path) -> None:
    locked = write(in_tmp / "locked.py", OLD)
    write(in_tmp / "model.py", OLD)
    os.chmod(locked, 0)
    try:
        result = invoke("locked.py", "model.py")
    finally:
        os.chmod(locked, 0o644)
    assert result.exit_code == 123
    assert "locked.py: error: cannot read: Permission denied" in result.stderr
    assert (in_tmp / "model.py").read_bytes() == NEW


def test_quiet_reports_only_errors(in_tmp: Path) -> None:
    write(in_tmp / "a.py", STARRED)
    write(in_tmp / "b.py", PY2)
    result = invoke("-q", "--no-py2", ".")
    assert result.exit_code == 123
    (line,) = result.stderr.splitlines()
    assert line.startswith("b.py:2: error: ")


def test_verbose_also_lists_unchanged_files(in_tmp: Path) -> None:
    write(in_tmp / "a.py", OLD)
    write(in_tmp / "b.py", UNCHANGED)
    assert "unchanged b.py" not in invoke(".").stderr
    write(in_tmp / "a.py", OLD)
    assert "unchanged b.py" in invoke("-v", ".").stderr


def test_output_has_no_ansi_codes_when_not_a_terminal(in_tmp: Path) -> None:
    write(in_tmp / "a.py", STARRED)
    write(in_tmp / "b.py", PY2)
    for args in (["--dry-run", "."], ["--diff", "."], ["-v", "."]):
        result = invoke(*args)
        assert "\x1b[" not in result.stdout
        assert "\x1b[" not in result.stderr


# ---------------------------------------------------------------------------
# --dry-run
# ---------------------------------------------------------------------------


def test_dry_run_writes_nothing_and_exits_1(in_tmp: Path) -> None:
    path = write(in_tmp / "model.py", STARRED)
    before = os.stat(path)
    result = invoke("--dry-run", "model.py")
    assert result.exit_code == 1
    assert path.read_bytes() == STARRED
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in in_tmp.iterdir()) == ["model.py"]
    # The view names the file and the rules that fired, shows the diff and the
    # findings, each after the diff line it is on.
    assert result.stdout.startswith("model.py  K201, K101\n--- a/model.py\n+++ b/model.py\n")
    assert "+x = Conv2D(64, *sizes)\n! K903 2:5 " in result.stdout
    assert "1 file seen, 1 would change, 0 failed" in result.stderr


def test_dry_run_exits_0_when_nothing_would_change(in_tmp: Path) -> None:
    write(in_tmp / "a.py", NEW)
    write(in_tmp / "b.py", UNCHANGED)
    result = invoke("--dry-run", ".")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "2 files seen, 0 would change, 0 failed" in result.stderr


# ---------------------------------------------------------------------------
# --diff
# ---------------------------------------------------------------------------

LATIN1 = (
    b"# -*- coding: latin-1 -*-\n# R\xe9seau de neurones, \xa9 2016\n" + OLD + b"name = 'caf\xe9'\n"
)
LONG = (
    b"from keras.layers import Convolution2D, Dense\n"
    + b"".join(b"a%d = %d\n" % (i, i) for i in range(12))
    + b"c = Convolution2D(32, 5, 5)\n"
    + b"\x0c\n# after a form feed\n"
    + b"".join(b"b%d = %d\n" % (i, i) for i in range(12))
    + b"d = Dense(10, init='uniform')\n"
)
DIFF_CASES = {
    "lf.py": OLD,
    "no_final_newline.py": OLD.rstrip(b"\n"),
    "unchanged_last_line_without_newline.py": OLD + b"y = 1",
    "crlf.py": OLD.replace(b"\n", b"\r\n") + b"y = 1\r\n",
    "crlf_no_final_newline.py": OLD.replace(b"\n", b"\r\n") + b"y = 1",
    "bom.py": b"\xef\xbb\xbf" + OLD,
    "latin1.py": LATIN1,
    "pkg/two_hunks.py": LONG,
    "pkg/untouched.py": UNCHANGED,
}


def git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "HOME": str(repo),
    }
    config = [
        "-c",
        "user.email=ci@example.invalid",
        "-c",
        "user.name=kmigrate tests",
        "-c",
        "core.autocrlf=false",
        "-c",
        "init.defaultBranch=main",
    ]
    return subprocess.run(
        ["git", *config, *args],
        cwd=repo,
        env=env,
        input=stdin,
        capture_output=True,
        check=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_applies_with_git_and_gives_what_in_place_mode_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, in_place = tmp_path / "repo", tmp_path / "in_place"
    for name, data in DIFF_CASES.items():
        write(repo / name, data)
        write(in_place / name, data)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Keras 1 code")

    monkeypatch.chdir(repo)
    result = invoke("--diff", ".")
    assert result.exit_code == 1, result.stderr
    patch = result.stdout_bytes
    assert patch.startswith(b"--- a/")
    for name, data in DIFF_CASES.items():
        assert (repo / name).read_bytes() == data, f"--diff wrote {name}"
    (tmp_path / "upgrade.patch").write_bytes(patch)

    git(repo, "apply", "--check", str(tmp_path / "upgrade.patch"))
    git(repo, "apply", str(tmp_path / "upgrade.patch"))

    monkeypatch.chdir(in_place)
    assert invoke(".").exit_code == 0
    for name in DIFF_CASES:
        assert (repo / name).read_bytes() == (in_place / name).read_bytes(), name
    assert (repo / "no_final_newline.py").read_bytes() == NEW.rstrip(b"\n")
    assert (repo / "crlf.py").read_bytes() == NEW.replace(b"\n", b"\r\n") + b"y = 1\r\n"
    assert (repo / "bom.py").read_bytes() == b"\xef\xbb\xbf" + NEW

    # Applied, nothing is left to do.
    monkeypatch.chdir(repo)
    again = invoke("--diff", ".")
    assert (again.exit_code, again.stdout_bytes) == (0, b"")


def test_diff_prints_only_the_patch_on_stdout(in_tmp: Path) -> None:
    write(in_tmp / "a.py", STARRED)
    write(in_tmp / "b.py", PY2)
    write(in_tmp / "c.py", UNCHANGED)
    result = invoke("--diff", "-v", "--no-py2", ".")
    assert result.exit_code == 123
    assert result.stdout_bytes.startswith(b"--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,3 @@\n")
    assert b"b.py" not in result.stdout_bytes
    assert b"c.py" not in result.stdout_bytes
    assert "a.py:2:5: K903" in result.stderr
    assert "b.py:2: error:" in result.stderr
    assert "3 files seen, 1 would change, 1 failed" in result.stderr


def test_unified_diff_marks_a_last_line_without_newline() -> None:
    result = FileResult(path="m.py", source="a = 1\nb = 2", new_source="a = 1\nb = 3")
    assert unified_diff(result) == (
        "--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,2 @@\n"
        " a = 1\n-b = 2\n\\ No newline at end of file\n+b = 3\n\\ No newline at end of file\n"
    )


LINES = ["a = 1", "b = 2", "", "    x()", "\x0c", "s = 'caf\u00e9'", "\ufeffz", "p = q\r"]


@st.composite
def sources(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(LINES), max_size=12))
    endings = draw(
        st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(lines), max_size=len(lines))
    )
    text = "".join(line + end for line, end in zip(lines, endings, strict=True))
    if text and draw(st.booleans()):
        text = text[: -len(endings[-1])]
    return text


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@settings(max_examples=40, deadline=None)
@given(old=sources(), new=sources())
def test_any_unified_diff_applies_with_git(old: str, new: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / "m.py"
        target.write_bytes(old.encode())
        patch = unified_diff_bytes(FileResult(path="m.py", source=old, new_source=new), "utf-8")
        (Path(work) / "p.patch").write_bytes(patch)
        if patch:
            git(Path(work), "apply", "p.patch")
        assert target.read_bytes() == new.encode()


def test_unified_diff_of_an_unchanged_file_is_empty() -> None:
    assert unified_diff(FileResult(path="m.py", source="a = 1\n", new_source="a = 1\n")) == ""


# ---------------------------------------------------------------------------
# stdin
# ---------------------------------------------------------------------------


def test_stdin_is_migrated_to_stdout() -> None:
    result = invoke("-", stdin=OLD)
    assert result.exit_code == 0
    assert result.stdout_bytes == NEW


def test_stdin_findings_go_to_stderr_and_code_to_stdout() -> None:
    result = invoke("-", stdin=STARRED)
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"from tensorflow.keras.layers import Conv2D\n")
    assert "-:2:5: K903 " in result.stderr
    assert b"# kmigrate: K903" in result.stdout_bytes
    assert b"-:2:5:" not in result.stdout_bytes


def test_stdin_keeps_the_source_encoding() -> None:
    result = invoke("-", stdin=LATIN1)
    assert result.exit_code == 0
    assert result.stdout_bytes == LATIN1.replace(OLD, NEW)


def test_stdin_that_does_not_parse_is_echoed_unchanged_and_exits_123() -> None:
    result = invoke("--no-py2", "-", stdin=PY2)
    assert result.exit_code == 123
    assert result.stdout_bytes == PY2
    assert "-:2: error: cannot parse as Python 3" in result.stderr


# ---------------------------------------------------------------------------
# options and usage
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no path"),
        pytest.param(["-", "a.py"], id="stdin mixed with files"),
        pytest.param(["--diff", "-"], id="stdin with --diff"),
        pytest.param(["--dry-run", "--diff", "a.py"], id="dry-run with diff"),
        pytest.param(["-q", "-v", "a.py"], id="quiet with verbose"),
        pytest.param(["--dim-ordering", "theano", "a.py"], id="unknown dim ordering"),
        pytest.param(["--no-such-option", "a.py"], id="unknown option"),
    ],
)
def test_usage_errors_exit_2_and_touch_nothing(in_tmp: Path, args: list[str]) -> None:
    write(in_tmp / "a.py", OLD)
    result = invoke(*args)
    assert result.exit_code == 2
    assert (in_tmp / "a.py").read_bytes() == OLD


@pytest.mark.parametrize("ordering", ["auto", "th", "tf"])
def test_dim_ordering_accepts_its_three_values(in_tmp: Path, ordering: str) -> None:
    write(in_tmp / "a.py", OLD)
    assert invoke("--dim-ordering", ordering, "a.py").exit_code == 0


def test_help_documents_examples_and_exit_codes() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "kmigrate src/ --dry-run" in text
    assert "kmigrate src/ --diff > upgrade.patch && git apply upgrade.patch" in text
    assert "cat old.py | kmigrate - > new.py" in text
    assert " ".join(EXIT_CODES_HELP.split()) in text
    for option in ["--dry-run", "--diff", "--no-annotate", "--fail-on-findings", "--quiet"]:
        assert option in text


def test_version_is_printed() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"kmigrate, version {kmigrate.__version__}\n"


def test_module_entry_point_runs_in_a_subprocess(tmp_path: Path) -> None:
    write(tmp_path / "model.py", OLD)
    package_root = Path(kmigrate.__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k not in PLAIN_ENV}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(package_root), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "kmigrate", "--diff", "model.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(b"--- a/model.py\n+++ b/model.py\n")
    assert b"1 file seen, 1 would change, 0 failed" in proc.stderr
    assert (tmp_path / "model.py").read_bytes() == OLD
