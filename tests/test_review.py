"""``--dry-run``: the diff with each finding at its line, and the codes that fired."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kmigrate.cli import main

SOURCE = (
    "from keras.layers import Convolution2D, merge\n"
    "c = Convolution2D(8, 3, 3, border_mode='same')\n"
    + "".join(f"v{i} = {i}\n" for i in range(10))
    + "y = merge([a, b], mode=f)\n"
    + "".join(f"w{i} = {i}\n" for i in range(10))
    + "model.fit(x, y, nb_epoch=5)\n"
)


def dry_run(tmp_path: Path, source: str) -> list[str]:
    (tmp_path / "m.py").write_text(source)
    result = CliRunner().invoke(main, [str(tmp_path / "m.py"), "--dry-run"], catch_exceptions=False)
    assert result.exit_code == 1
    assert (tmp_path / "m.py").read_text() == source, "a dry run writes nothing"
    return result.stdout.splitlines()


def test_the_header_names_the_file_and_the_rules_that_fired(tmp_path: Path) -> None:
    lines = dry_run(tmp_path, SOURCE)
    assert lines[0].endswith("m.py  K301, K302, K201, K401, K101")


def test_a_finding_follows_the_diff_line_it_is_on(tmp_path: Path) -> None:
    lines = dry_run(tmp_path, SOURCE)
    at = lines.index(" y = merge([a, b], mode=f)")
    assert lines[at - 1].startswith("+# kmigrate: K950 ")
    assert lines[at + 1].startswith("! K950 13:5 merge with this mode")
    assert lines.index("@@ -1,5 +1,6 @@") < at
    assert [line for line in lines if line][-1] == "+model.fit(x, y, epochs=5)", "the last hunk follows"


def test_a_finding_on_a_line_no_hunk_shows_is_listed_after_the_diff(tmp_path: Path) -> None:
    source = SOURCE.replace("y = merge([a, b], mode=f)\n", "y = merge([a, b], mode=f)  # noqa\n")
    (tmp_path / "m.py").write_text(source)
    result = CliRunner().invoke(main, [str(tmp_path / "m.py"), "--dry-run", "--no-annotate"], catch_exceptions=False)
    lines = result.stdout.splitlines()
    assert not any(line.startswith("! ") for line in lines)
    listed = [line for line in lines if ": K950 " in line]
    assert len(listed) == 1 and listed[0].endswith(
        "m.py:13:5: K950 merge with this mode has no one-to-one Keras 3 layer: write Lambda(function, "
        "output_shape=...)(list_of_tensors), or pick concatenate/add/multiply/average/maximum/dot"
    )
    assert lines.index(listed[0]) > lines.index("+model.fit(x, y, epochs=5)")


def test_a_finding_on_a_rewritten_line_follows_the_whole_change(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("from keras.layers import LSTM\nLSTM(4, consume_less='gpu')\nx = 1\n")
    result = CliRunner().invoke(main, [str(tmp_path / "m.py"), "--dry-run", "--no-annotate"], catch_exceptions=False)
    lines = result.stdout.splitlines()
    findings = [i for i, line in enumerate(lines) if line.startswith("! ")]
    assert [lines[i].split()[1:3] for i in findings] == [["K925", "2:1"]]
    changes = [i for i, line in enumerate(lines) if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert min(findings) > max(changes)


def test_a_review_comment_is_placed_once_and_a_second_run_neither_duplicates_nor_removes_it(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(SOURCE)
    assert CliRunner().invoke(main, [str(path)]).exit_code == 0
    first = path.read_text()
    assert first.count("# kmigrate: K950 ") == 1
    assert CliRunner().invoke(main, [str(path)]).exit_code == 0
    assert path.read_text() == first
    second = CliRunner().invoke(main, [str(path), "--no-annotate"])
    assert second.exit_code == 0 and "K950" in second.stderr
    assert path.read_text() == first, "--no-annotate does not take a comment away either"
