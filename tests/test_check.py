"""``kmigrate --check`` and ``--exit-non-zero-on-fix``, driven through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import invoke, write

OLD = b"from keras.layers import Convolution2D\nx = Convolution2D(64, 3, 3, border_mode='same')\n"
NEW = b"from tensorflow.keras.layers import Conv2D\nx = Conv2D(64, (3, 3), padding='same')\n"
# a call kmigrate cannot check: a K903 finding
STARRED = b"from keras.layers import Convolution2D\nx = Convolution2D(64, *sizes)\n"
BROKEN = b"from keras.layers import Dense\ndef f(:\n"
UNCHANGED = b"import os\nprint(os.name)\n"
OLD_REQUIREMENTS = b"keras==1.2.2\nnumpy\n"






def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


# ---------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------


def test_check_lists_each_file_that_would_change_exits_1_and_writes_nothing(in_tmp: Path) -> None:
    write(in_tmp / "src/model.py", OLD)
    write(in_tmp / "src/util.py", UNCHANGED)
    write(in_tmp / "requirements.txt", OLD_REQUIREMENTS)
    before = snapshot(in_tmp)

    result = invoke(".", "--check")

    assert result.exit_code == 1, result.output
    assert result.stdout == "would migrate: requirements.txt\nwould migrate: src/model.py\n"
    assert result.stderr == "2 of 3 files would be migrated\n"
    assert snapshot(in_tmp) == before


def test_check_shows_no_diff_no_rule_codes_and_no_channel_notes(in_tmp: Path) -> None:
    write(
        in_tmp / "model.py",
        b"from keras import backend as K\nK.set_image_dim_ordering('th')\n" + OLD,
    )

    result = invoke("model.py", "--check")

    assert result.exit_code == 1
    assert result.stdout == "would migrate: model.py\n"
    assert result.stderr == "1 of 1 file would be migrated\n"


def test_check_exits_0_and_lists_nothing_on_migrated_code(in_tmp: Path) -> None:
    write(in_tmp / "src/model.py", NEW)
    write(in_tmp / "src/util.py", UNCHANGED)

    result = invoke("src", "--check")

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "0 of 2 files would be migrated\n"


def test_check_passes_after_the_tree_was_migrated(in_tmp: Path) -> None:
    write(in_tmp / "src/model.py", OLD)
    assert invoke("src", "--check").exit_code == 1

    assert invoke("src").exit_code == 0

    assert (in_tmp / "src/model.py").read_bytes() == NEW
    again = invoke("src", "--check")
    assert again.exit_code == 0
    assert again.stdout == ""


def test_check_exits_123_on_a_file_that_cannot_be_migrated_and_still_lists_the_others(
    in_tmp: Path,
) -> None:
    write(in_tmp / "src/broken.py", BROKEN)
    write(in_tmp / "src/model.py", OLD)

    result = invoke("src", "--check")

    assert result.exit_code == 123, result.output
    assert result.stdout == "would migrate: src/model.py\n"
    (error, count) = result.stderr.splitlines()
    assert error.startswith("src/broken.py:2: error: cannot parse as Python 3")
    assert count == "1 of 2 files would be migrated, 1 failed"
    assert (in_tmp / "src/model.py").read_bytes() == OLD


def test_check_quiet_keeps_the_list_and_the_errors_but_drops_the_count_line(in_tmp: Path) -> None:
    write(in_tmp / "a.py", OLD)
    write(in_tmp / "b.py", BROKEN)

    result = invoke(".", "--check", "-q")

    assert result.exit_code == 123
    assert result.stdout == "would migrate: a.py\n"
    assert [line.split(": error: ")[0] for line in result.stderr.splitlines()] == ["b.py:2"]


def test_check_prints_findings_only_when_fail_on_findings_makes_them_fail_the_run(
    in_tmp: Path,
) -> None:
    write(in_tmp / "model.py", STARRED)

    plain = invoke("model.py", "--check")
    strict = invoke("model.py", "--check", "--fail-on-findings")

    assert "K903" not in plain.stderr
    assert "model.py:2:5: K903 " in strict.stderr
    assert plain.stdout == strict.stdout == "would migrate: model.py\n"
    assert (in_tmp / "model.py").read_bytes() == STARRED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--check", "--diff", "."), "--check cannot be used with --dry-run or --diff"),
        (("--check", "--dry-run", "."), "--check cannot be used with --dry-run or --diff"),
        (("--check", "-"), "'-' (stdin) cannot be used with --check"),
    ],
)
def test_check_with_another_output_mode_or_stdin_is_a_usage_error(
    in_tmp: Path, args: tuple[str, ...], message: str
) -> None:
    write(in_tmp / "model.py", OLD)

    result = invoke(*args, stdin=OLD)

    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert (in_tmp / "model.py").read_bytes() == OLD


# ---------------------------------------------------------------------------
# --exit-non-zero-on-fix
# ---------------------------------------------------------------------------


def test_exit_non_zero_on_fix_rewrites_the_files_and_exits_1(in_tmp: Path) -> None:
    write(in_tmp / "model.py", OLD)
    write(in_tmp / "util.py", UNCHANGED)

    result = invoke(".", "--exit-non-zero-on-fix")

    assert result.exit_code == 1, result.output
    assert "rewrote model.py" in result.stderr
    assert (in_tmp / "model.py").read_bytes() == NEW
    assert (in_tmp / "util.py").read_bytes() == UNCHANGED


def test_exit_non_zero_on_fix_exits_0_when_nothing_was_rewritten(in_tmp: Path) -> None:
    write(in_tmp / "model.py", NEW)

    result = invoke(".", "--exit-non-zero-on-fix")

    assert result.exit_code == 0, result.output


def test_without_exit_non_zero_on_fix_a_run_that_rewrote_files_exits_0(in_tmp: Path) -> None:
    write(in_tmp / "model.py", OLD)

    assert invoke(".").exit_code == 0
    assert (in_tmp / "model.py").read_bytes() == NEW


def test_exit_non_zero_on_fix_still_exits_123_when_a_file_failed(in_tmp: Path) -> None:
    write(in_tmp / "model.py", OLD)
    write(in_tmp / "broken.py", BROKEN)

    result = invoke(".", "--exit-non-zero-on-fix")

    assert result.exit_code == 123
    assert (in_tmp / "model.py").read_bytes() == NEW


def test_exit_non_zero_on_fix_from_stdin_exits_1_when_the_code_changed() -> None:
    changed = invoke("-", "--exit-non-zero-on-fix", stdin=OLD)
    same = invoke("-", "--exit-non-zero-on-fix", stdin=NEW)

    assert (changed.exit_code, changed.stdout.encode()) == (1, NEW)
    assert (same.exit_code, same.stdout.encode()) == (0, NEW)
