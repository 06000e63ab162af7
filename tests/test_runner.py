from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path
from typing import IO, Any

import pytest

from kmigrate import runner
from kmigrate.config import RunConfig
from kmigrate.results import Mode
from kmigrate.runner import FileChangedError, process_file, run, run_stdin, write_atomic

OLD = b"from keras.layers import Convolution2D\nx = Convolution2D(64, 3, 3, border_mode='same')\n"
NEW = b"from tensorflow.keras.layers import Conv2D\nx = Conv2D(64, (3, 3), padding='same')\n"
UNCHANGED = b"import os\nprint(os.name)\n"

CONFIG = RunConfig()


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_write_mode_rewrites_changed_files_and_leaves_others_alone(in_tmp: Path) -> None:
    (in_tmp / "old.py").write_bytes(OLD)
    (in_tmp / "plain.py").write_bytes(UNCHANGED)
    before = os.stat(in_tmp / "plain.py").st_mtime_ns
    report = run(["."], CONFIG, Mode.WRITE)
    assert [(r.path, r.changed) for r in report.results] == [("old.py", True), ("plain.py", False)]
    assert (in_tmp / "old.py").read_bytes() == NEW
    assert os.stat(in_tmp / "plain.py").st_mtime_ns == before


@pytest.mark.parametrize("mode", [Mode.DRY_RUN, Mode.DIFF])
def test_show_modes_write_nothing(in_tmp: Path, mode: Mode) -> None:
    (in_tmp / "old.py").write_bytes(OLD)
    report = run(["old.py"], CONFIG, mode)
    assert report.changed == 1
    assert (in_tmp / "old.py").read_bytes() == OLD


def test_utf8_bom_is_kept(in_tmp: Path) -> None:
    (in_tmp / "bom.py").write_bytes(b"\xef\xbb\xbf" + OLD + b"# \xc3\xa9t\xc3\xa9\n")
    report = run(["bom.py"], CONFIG, Mode.WRITE)
    assert report.encodings["bom.py"] == "utf-8-sig"
    assert (in_tmp / "bom.py").read_bytes() == b"\xef\xbb\xbf" + NEW + b"# \xc3\xa9t\xc3\xa9\n"


def test_latin1_coding_cookie_file_keeps_its_bytes(in_tmp: Path) -> None:
    head = b"# -*- coding: latin-1 -*-\n# caf\xe9 cr\xe8me\n"
    tail = b"label = 'na\xefve'  # \xa9 2016\n"
    (in_tmp / "latin.py").write_bytes(head + OLD + tail)
    run(["latin.py"], CONFIG, Mode.WRITE)
    assert (in_tmp / "latin.py").read_bytes() == head + NEW + tail


def test_crlf_line_endings_are_kept(in_tmp: Path) -> None:
    crlf = OLD.replace(b"\n", b"\r\n") + b"y = 1\r\n"
    (in_tmp / "crlf.py").write_bytes(crlf)
    run(["crlf.py"], CONFIG, Mode.WRITE)
    assert (in_tmp / "crlf.py").read_bytes() == NEW.replace(b"\n", b"\r\n") + b"y = 1\r\n"


def test_missing_final_newline_stays_missing(in_tmp: Path) -> None:
    (in_tmp / "nonl.py").write_bytes(OLD.rstrip(b"\n"))
    run(["nonl.py"], CONFIG, Mode.WRITE)
    assert (in_tmp / "nonl.py").read_bytes() == NEW.rstrip(b"\n")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_permission_bits_are_kept_after_a_rewrite(in_tmp: Path) -> None:
    script = in_tmp / "train.py"
    script.write_bytes(b"#!/usr/bin/env python\n" + OLD)
    os.chmod(script, 0o755)
    run(["train.py"], CONFIG, Mode.WRITE)
    assert stat.S_IMODE(os.stat(script).st_mode) == 0o755
    assert script.read_bytes() == b"#!/usr/bin/env python\n" + NEW


def test_a_symlink_named_on_the_command_line_is_not_written_through(in_tmp: Path) -> None:
    (in_tmp / "real.py").write_bytes(OLD)
    try:
        os.symlink("real.py", in_tmp / "link.py")
    except OSError:
        pytest.skip("symlinks are not supported here")
    report = run(["link.py"], CONFIG, Mode.WRITE)
    assert not report.results
    assert [(s.display, s.reason) for s in report.skipped] == [
        ("link.py", "symlink to real.py, not written through (name the file itself to migrate it)")
    ]
    assert os.path.islink(in_tmp / "link.py")
    assert (in_tmp / "real.py").read_bytes() == OLD
    run(["real.py"], CONFIG, Mode.WRITE)
    assert (in_tmp / "real.py").read_bytes() == NEW


def test_failed_replace_leaves_the_original_intact_and_no_temp_file(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "old.py").write_bytes(OLD)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    report = run(["old.py"], CONFIG, Mode.WRITE)
    (result,) = report.results
    assert result.error is not None
    assert result.error.render() == "old.py: error: cannot write: No space left on device"
    assert not result.changed
    assert (in_tmp / "old.py").read_bytes() == OLD
    assert sorted(p.name for p in in_tmp.iterdir()) == ["old.py"]


def test_failed_fsync_leaves_the_original_intact_and_no_temp_file(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "old.py").write_bytes(OLD)

    def broken_disk(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_disk)
    report = run(["old.py"], CONFIG, Mode.WRITE)
    assert report.failed == 1
    assert (in_tmp / "old.py").read_bytes() == OLD
    assert sorted(p.name for p in in_tmp.iterdir()) == ["old.py"]


def test_file_changed_since_it_was_read_is_not_overwritten(in_tmp: Path) -> None:
    target = in_tmp / "old.py"
    target.write_bytes(OLD)
    read_time = os.stat(target)
    target.write_bytes(OLD + b"# edited meanwhile\n")
    os.utime(target, ns=(read_time.st_atime_ns, read_time.st_mtime_ns + 1_000_000_000))
    with pytest.raises(FileChangedError, match="changed while"):
        write_atomic(str(target), NEW, read_time)
    assert target.read_bytes() == OLD + b"# edited meanwhile\n"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["old.py"]


def test_missing_file_is_reported_and_the_others_still_run(in_tmp: Path) -> None:
    (in_tmp / "old.py").write_bytes(OLD)
    report = run(["missing.py", "old.py"], CONFIG, Mode.WRITE)
    missing, old = report.results
    assert missing.error is not None
    assert missing.error.render() == "missing.py: error: cannot read: No such file or directory"
    assert old.changed
    assert (in_tmp / "old.py").read_bytes() == NEW


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file_is_reported_and_the_others_still_run(in_tmp: Path) -> None:
    (in_tmp / "a_locked.py").write_bytes(OLD)
    (in_tmp / "b_old.py").write_bytes(OLD)
    os.chmod(in_tmp / "a_locked.py", 0)
    try:
        report = run(["."], CONFIG, Mode.WRITE)
    finally:
        os.chmod(in_tmp / "a_locked.py", 0o644)
    locked, old = report.results
    assert locked.error is not None
    assert locked.error.render() == "a_locked.py: error: cannot read: Permission denied"
    assert old.changed


def test_read_error_is_reported_even_when_running_as_root(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The chmod test above cannot run as root; this one simulates the refusal.
    (in_tmp / "a_locked.py").write_bytes(OLD)
    (in_tmp / "b_old.py").write_bytes(OLD)
    real_open = open

    def guarded_open(path: str, mode: str = "r") -> IO[Any]:
        if os.path.basename(path) == "a_locked.py":
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, mode)

    monkeypatch.setattr(runner, "open", guarded_open, raising=False)
    locked, old = run(["."], CONFIG, Mode.WRITE).results
    assert locked.error is not None
    assert locked.error.render() == "a_locked.py: error: cannot read: Permission denied"
    assert old.changed
    assert (in_tmp / "b_old.py").read_bytes() == NEW


def test_undecodable_file_reports_the_line(in_tmp: Path) -> None:
    (in_tmp / "bad.py").write_bytes(b"import keras\n# caf\xe9\n")
    (result,) = run(["bad.py"], CONFIG, Mode.WRITE).results
    assert result.error is not None
    assert result.error.line == 2
    assert result.error.reason.startswith("cannot decode: ")
    assert (in_tmp / "bad.py").read_bytes() == b"import keras\n# caf\xe9\n"


def test_with_py2_off_a_python2_file_fails_with_its_line_and_is_left_alone(in_tmp: Path) -> None:
    source = b"from keras.layers import Dense\nprint 'hello'\n"
    (in_tmp / "py2.py").write_bytes(source)
    (result,) = run(["py2.py"], RunConfig(py2=False), Mode.WRITE).results
    assert result.error is not None
    assert result.error.render().startswith("py2.py:2: error: cannot parse as Python 3")
    assert (in_tmp / "py2.py").read_bytes() == source


def test_per_file_work_takes_and_returns_picklable_values(in_tmp: Path) -> None:
    (in_tmp / "old.py").write_bytes(OLD)
    args = ("old.py", str(in_tmp / "old.py"), CONFIG, False)
    outcome = process_file(*pickle.loads(pickle.dumps(args)))
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert outcome.result.changed
    assert outcome.encoding == "utf-8"


def test_stdin_source_is_migrated_in_its_own_encoding() -> None:
    source = b"# coding: latin-1\n# \xe9\n" + OLD
    report, output = run_stdin(source, CONFIG)
    assert output == b"# coding: latin-1\n# \xe9\n" + NEW
    assert report.results[0].path == "-"


def test_stdin_source_that_does_not_parse_comes_back_unchanged() -> None:
    source = b"import keras\nprint 'hello'\n"
    report, output = run_stdin(source, RunConfig(py2=False))
    assert output == source
    assert report.failed == 1


# ---------------------------------------------------------------------------
# odd files in real repositories
# ---------------------------------------------------------------------------


def test_a_file_that_never_names_keras_is_not_decoded_or_parsed(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "plain.py").write_bytes(b"def f(:\n\x00\xff binary junk\n")
    (in_tmp / "old.py").write_bytes(OLD)
    parsed: list[str] = []
    real = runner.migrate_bytes

    def spy(data: bytes, config: RunConfig, display: str) -> tuple[runner.FileOutcome, bytes]:
        parsed.append(display)
        return real(data, config, display)

    monkeypatch.setattr(runner, "migrate_bytes", spy)
    report = run(["."], CONFIG, Mode.WRITE)
    assert parsed == ["old.py"]
    assert [(r.path, r.changed, r.error) for r in report.results] == [
        ("old.py", True, None),
        ("plain.py", False, None),
    ]
    assert (in_tmp / "plain.py").read_bytes() == b"def f(:\n\x00\xff binary junk\n"


def test_a_binary_file_that_names_keras_is_reported_and_left_alone(in_tmp: Path) -> None:
    data = b"keras\x00\x01\x02\xff\xfe"
    (in_tmp / "weights.py").write_bytes(data)
    (result,) = run(["weights.py"], CONFIG, Mode.WRITE).results
    assert result.error is not None
    assert result.error.reason.startswith("cannot decode: ")
    assert (in_tmp / "weights.py").read_bytes() == data


def test_a_file_over_the_size_limit_that_names_keras_is_reported(in_tmp: Path) -> None:
    big = OLD + b"# " + b"x" * 4000 + b"\n"
    (in_tmp / "big.py").write_bytes(big)
    (in_tmp / "big_plain.py").write_bytes(b"# " + b"y" * 4000 + b"\n")
    (in_tmp / "small.py").write_bytes(OLD)
    report = run(["."], CONFIG, Mode.WRITE, max_size=1000)
    big_result, plain, small = report.results
    assert big_result.error is not None
    assert big_result.error.render() == (
        "big.py: error: skipped: 4.0 KB is over the size limit of 1000 bytes (raise it with --max-size)"
    )
    assert plain.error is None and not plain.changed
    assert small.changed
    assert (in_tmp / "big.py").read_bytes() == big


def test_a_read_only_file_is_reported_and_not_replaced(in_tmp: Path) -> None:
    target = in_tmp / "locked.py"
    target.write_bytes(OLD)
    os.chmod(target, 0o444)
    try:
        (result,) = run(["locked.py"], CONFIG, Mode.WRITE).results
        assert result.error is not None
        assert result.error.render() == "locked.py: error: the file is read-only; not written"
        assert target.read_bytes() == OLD
        # showing the change is still fine
        (shown,) = run(["locked.py"], CONFIG, Mode.DRY_RUN).results
        assert shown.changed
    finally:
        os.chmod(target, 0o644)


def test_a_file_that_vanishes_mid_run_is_reported_and_the_run_goes_on(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "a.py").write_bytes(OLD)
    (in_tmp / "b.py").write_bytes(OLD)
    real = runner.migrate_bytes

    def delete_while_migrating(
        data: bytes, config: RunConfig, display: str
    ) -> tuple[runner.FileOutcome, bytes]:
        if display == "a.py":
            os.unlink(in_tmp / "a.py")
        return real(data, config, display)

    monkeypatch.setattr(runner, "migrate_bytes", delete_while_migrating)
    first, second = run(["."], CONFIG, Mode.WRITE).results
    assert first.error is not None
    assert first.error.render() == "a.py: error: the file vanished during the run; not written"
    assert second.changed
    assert sorted(p.name for p in in_tmp.iterdir()) == ["b.py"]


def test_a_symlink_inside_the_tree_is_not_written_through(in_tmp: Path) -> None:
    (in_tmp / "proj").mkdir()
    (in_tmp / "proj/model.py").write_bytes(OLD)
    (in_tmp / "outside.py").write_bytes(OLD)
    try:
        os.symlink("../outside.py", in_tmp / "proj/outside.py")
        os.symlink("model.py", in_tmp / "proj/alias.py")
    except OSError:
        pytest.skip("symlinks are not supported here")
    report = run(["proj"], CONFIG, Mode.WRITE)
    assert [r.path for r in report.results] == ["proj/model.py"]
    assert [s.display for s in report.skipped] == ["proj/outside.py"]
    assert (in_tmp / "outside.py").read_bytes() == OLD
    assert (in_tmp / "proj/model.py").read_bytes() == NEW
    assert os.path.islink(in_tmp / "proj/alias.py")


def test_a_second_run_over_a_migrated_tree_changes_nothing(in_tmp: Path) -> None:
    (in_tmp / "pkg").mkdir()
    for index in range(3):
        (in_tmp / f"pkg/m{index}.py").write_bytes(OLD + f"y = {index}\n".encode())
    first = run(["pkg"], CONFIG, Mode.WRITE)
    assert first.changed == 3
    after_first = {p.name: p.read_bytes() for p in (in_tmp / "pkg").iterdir()}
    second = run(["pkg"], CONFIG, Mode.WRITE)
    assert second.changed == 0 and second.failed == 0
    assert {p.name: p.read_bytes() for p in (in_tmp / "pkg").iterdir()} == after_first
