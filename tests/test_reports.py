"""``--report FORMAT:PATH``: json, sarif and markdown reports, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_support import invoke

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = ROOT / "docs" / "report-schema.json"

CONV = "from keras.layers import Convolution2D\nConvolution2D(64, 3, 3, border_mode='same')\n"
CONV_NEW = "from tensorflow.keras.layers import Conv2D\nConv2D(64, (3, 3), padding='same')\n"
# two statements far apart, changed by different rules (K101 imports, K302 keywords)
SPREAD = (
    "from keras.layers import Dense\nimport numpy as np\n\n\n\n\nx = np.zeros(3)\n"
    "y = Dense(output_dim=10)(x)\n"
)
# Highway has no Keras 3 counterpart: findings, and '# kmigrate:' comments inserted
REMOVED = "import numpy as np\nfrom keras.layers import Highway\n\ny = Highway()(x)\n"
BROKEN = "import keras\ndef f(:\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a file to rewrite, one with findings, one that fails; cwd is its root."""
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "src"
    src.mkdir()
    (src / "conv.py").write_text(CONV)
    (src / "spread.py").write_text(SPREAD)
    (src / "removed.py").write_text(REMOVED)
    (src / "broken.py").write_text(BROKEN)
    (tmp_path / "out").mkdir()
    return tmp_path


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def sarif_run(path: Path) -> dict[str, Any]:
    data = load(path)
    assert len(data["runs"]) == 1
    run: dict[str, Any] = data["runs"][0]
    return run


def results_for(run: dict[str, Any], uri: str) -> list[dict[str, Any]]:
    return [
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    ]


def offset(lines: list[str], line: int, column: int) -> int:
    """The character offset of a SARIF line/column position in text split into lines."""
    return sum(len(text) for text in lines[: line - 1]) + column - 1


def apply_fixes(source: str, results: list[dict[str, Any]]) -> str:
    """The source with the replacements of every fix applied, last region first."""
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for result in results:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    start = offset(lines, region["startLine"], region["startColumn"])
                    end = offset(lines, region["endLine"], region["endColumn"])
                    edits.append((start, end, replacement["insertedContent"]["text"]))
    text = source
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# ---------------------------------------------------------------------------
# several reports in one run
# ---------------------------------------------------------------------------


def test_one_run_writes_a_json_a_sarif_and_a_markdown_report(tree: Path) -> None:
    result = invoke(
        "src",
        "--dry-run",
        "--report",
        "json:out/report.json",
        "--report",
        "sarif:out/report.sarif",
        "--report",
        "markdown:out/report.md",
    )
    assert result.exit_code == 123, result.output  # broken.py failed; the reports are written
    assert load(tree / "out/report.json")["version"] == 1
    assert load(tree / "out/report.sarif")["version"] == "2.1.0"
    assert (tree / "out/report.md").read_text().startswith("## kmigrate report")
    assert (tree / "src/conv.py").read_text() == CONV  # --dry-run still writes no code
    assert "conv.py" in result.stdout  # and still shows its diffs
    assert sorted(p.name for p in (tree / "out").iterdir()) == [
        "report.json",
        "report.md",
        "report.sarif",
    ]


def test_a_second_run_replaces_a_report_and_leaves_no_temporary_file(tree: Path) -> None:
    assert invoke("src/conv.py", "--dry-run", "--report", "json:out/r.json").exit_code == 1
    assert load(tree / "out/r.json")["summary"]["changed"] == 1
    assert invoke("src/conv.py", "--report", "json:out/r.json").exit_code == 0
    second = load(tree / "out/r.json")
    assert (second["mode"], second["applied"]) == ("write", True)
    assert [p.name for p in (tree / "out").iterdir()] == ["r.json"]


@pytest.mark.parametrize(("option", "mode"), [("--diff", "diff"), ("--check", "check")])
def test_runs_that_write_nothing_report_their_changes_as_pending(
    tree: Path, option: str, mode: str
) -> None:
    result = invoke("src/conv.py", option, "--report", "json:out/r.json")
    assert result.exit_code == 1
    assert "r.json" not in result.stdout  # stdout keeps only the patch or the file list
    report = load(tree / "out/r.json")
    assert (report["mode"], report["applied"]) == (mode, False)
    assert report["files"][0]["changes"][0]["new_text"] == CONV_NEW
    assert (tree / "src/conv.py").read_text() == CONV


def test_the_code_read_from_stdin_gets_a_report_too(tree: Path) -> None:
    result = invoke("-", "--report", "json:out/r.json", stdin=CONV)
    assert result.stdout == CONV_NEW
    report = load(tree / "out/r.json")
    assert report["mode"] == "stdin"
    assert report["files"][0]["path"] == "-"
    assert report["files"][0]["changes"][0]["new_text"] == CONV_NEW


# ---------------------------------------------------------------------------
# sarif
# ---------------------------------------------------------------------------


def test_the_sarif_report_is_valid_against_the_sarif_2_1_0_schema(tree: Path) -> None:
    invoke("src", "--dry-run", "--report", "sarif:out/r.sarif")
    schema = load(SARIF_SCHEMA)
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(load(tree / "out/r.sarif"))


def test_sarif_rules_carry_descriptions_help_text_and_a_default_level(tree: Path) -> None:
    invoke("src", "--dry-run", "--report", "sarif:out/r.sarif")
    run = sarif_run(tree / "out/r.sarif")
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert {"K101", "K201", "K301", "K302", "K901", "K920"} <= set(ids)
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["id"] in rule["help"]["markdown"]
        assert len(rule["help"]["text"]) > len(rule["shortDescription"]["text"])
        assert rule["properties"]["safety"] in ("safe", "review", "manual")
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["K201"]["name"] == "layer_class_renames"
    assert by_id["K201"]["defaultConfiguration"]["level"] == "note"
    assert by_id["K920"]["defaultConfiguration"]["level"] == "warning"
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]


def test_sarif_findings_are_warnings_at_their_relative_path_line_and_column(tree: Path) -> None:
    invoke("src", "--dry-run", "--report", "sarif:out/r.sarif")
    run = sarif_run(tree / "out/r.sarif")
    warnings = [r for r in results_for(run, "src/removed.py") if r["level"] == "warning"]
    assert {r["ruleId"] for r in warnings} >= {"K901", "K920"}
    highway = next(r for r in warnings if r["ruleId"] == "K920")
    location = highway["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/removed.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 4
    assert location["region"]["startColumn"] >= 1
    assert "Highway" in highway["message"]["text"]


def test_a_sarif_rewrite_is_a_note_of_its_rule_whose_fix_gives_the_migrated_lines(
    tree: Path,
) -> None:
    invoke("src/conv.py", "--dry-run", "--report", "sarif:out/r.sarif")
    (note,) = results_for(sarif_run(tree / "out/r.sarif"), "src/conv.py")
    assert note["level"] == "note"
    assert note["ruleId"] in note["properties"]["codes"]
    assert {"K101", "K201", "K301", "K302"} <= set(note["properties"]["codes"])
    (replacement,) = note["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == CONV_NEW
    assert replacement["deletedRegion"]["startLine"] == 1
    assert apply_fixes(CONV, [note]) == CONV_NEW


def test_applying_every_sarif_fix_to_the_originals_gives_the_written_files(tree: Path) -> None:
    originals = {p.name: p.read_text() for p in (tree / "src").iterdir()}
    result = invoke("src", "--report", "sarif:out/r.sarif")
    assert result.exit_code == 123, result.output
    run = sarif_run(tree / "out/r.sarif")
    assert run["properties"]["applied"] is True
    for name, original in originals.items():
        migrated = (tree / "src" / name).read_text()
        assert apply_fixes(original, results_for(run, f"src/{name}")) == migrated, name
    assert (tree / "src/removed.py").read_text() != REMOVED  # the comments were inserted


def test_reports_cover_notebooks_side_files_and_crlf_sources_with_fixes_that_rebuild_them(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": ["from keras.layers import Dense\n", "Dense(output_dim=3)\n"],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    files = {
        "nb.ipynb": json.dumps(notebook, indent=1) + "\n",
        "keras.json": '{\n    "image_dim_ordering": "th",\n    "backend": "tensorflow"\n}\n',
        "requirements.txt": "keras==1.2.0\ntheano\nnumpy\n",
        "crlf.py": CONV.replace("\n", "\r\n"),
    }
    for name, text in files.items():
        (project / name).write_bytes(text.encode())
    report = tmp_path / "r.sarif"
    result = invoke(str(project), "--report", f"sarif:{report}", "--report", f"json:{report}.json")
    assert result.exit_code == 0, result.output
    jsonschema.Draft4Validator(load(SARIF_SCHEMA)).validate(load(report))
    jsonschema.Draft202012Validator(load(REPORT_SCHEMA)).validate(load(tmp_path / "r.sarif.json"))
    run = sarif_run(report)
    for name, original in files.items():
        written = (project / name).read_bytes().decode()
        assert written != original, name
        mine = results_for(run, (project / name).as_uri())
        assert mine, name  # an absolute PATH gives file: URIs
        assert apply_fixes(original, mine) == written, name


def test_a_sarif_fix_that_inserts_lines_is_an_empty_region(tree: Path) -> None:
    invoke("src/removed.py", "--dry-run", "--report", "sarif:out/r.sarif")
    run = sarif_run(tree / "out/r.sarif")
    fixes = [r for r in run["results"] if r.get("fixes")]
    inserted = [
        rep
        for r in fixes
        for rep in r["fixes"][0]["artifactChanges"][0]["replacements"]
        if rep["insertedContent"]["text"].startswith("# kmigrate: K920")
    ]
    assert inserted
    region = inserted[0]["deletedRegion"]
    assert (region["startLine"], region["startColumn"]) == (region["endLine"], region["endColumn"])


def test_a_file_that_fails_is_an_error_notification_in_sarif(tree: Path) -> None:
    invoke("src", "--dry-run", "--report", "sarif:out/r.sarif")
    (invocation,) = sarif_run(tree / "out/r.sarif")["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/broken.py"
    assert location["region"]["startLine"] == 2


# ---------------------------------------------------------------------------
# json
# ---------------------------------------------------------------------------


def test_the_json_report_is_valid_against_its_documented_schema(tree: Path) -> None:
    invoke("src", "--dry-run", "--report", "json:out/r.json")
    schema = load(REPORT_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(load(tree / "out/r.json"))


def test_the_json_report_lists_every_file_with_its_status_changes_and_findings(
    tree: Path,
) -> None:
    invoke("src", "--dry-run", "--report", "json:out/r.json")
    report = load(tree / "out/r.json")
    assert (report["mode"], report["applied"]) == ("dry-run", False)
    files = {f["path"]: f for f in report["files"]}
    assert set(files) == {"src/broken.py", "src/conv.py", "src/removed.py", "src/spread.py"}
    assert files["src/broken.py"]["status"] == "failed"
    assert files["src/broken.py"]["error"]["line"] == 2
    assert files["src/broken.py"]["changes"] == []
    (conv,) = files["src/conv.py"]["changes"]
    assert (conv["line"], conv["end_line"]) == (1, 2)
    assert (conv["old_text"], conv["new_text"]) == (CONV, CONV_NEW)
    assert conv["safety"] in ("safe", "review")
    findings = {f["code"]: f for f in files["src/removed.py"]["findings"]}
    assert findings["K920"]["line"] == 4
    assert findings["K920"]["safety"] == "manual"
    summary = report["summary"]
    assert (summary["files"], summary["changed"], summary["failed"]) == (4, 3, 1)
    assert summary["finding_codes"]["K920"] == 1
    assert report["rules"]["K201"]["name"] == "layer_class_renames"
    assert report["rules"]["K920"]["kind"] == "finding"


def test_each_json_change_carries_the_codes_of_the_rules_that_made_it(tree: Path) -> None:
    invoke("src/spread.py", "--dry-run", "--report", "json:out/r.json")
    (file,) = load(tree / "out/r.json")["files"]
    imports, keywords = file["changes"]
    assert (imports["line"], imports["end_line"], imports["codes"]) == (1, 1, ["K101"])
    assert (keywords["line"], keywords["end_line"], keywords["codes"]) == (8, 8, ["K302"])
    assert keywords["new_text"] == "y = Dense(units=10)(x)\n"


def test_a_json_insertion_replaces_no_original_line(tree: Path) -> None:
    invoke("src/removed.py", "--dry-run", "--report", "json:out/r.json")
    (file,) = load(tree / "out/r.json")["files"]
    comments = [c for c in file["changes"] if c["new_text"].startswith("# kmigrate: K920")]
    assert comments
    (comment,) = comments
    assert comment["end_line"] == comment["line"] - 1
    assert comment["old_text"] == ""
    assert comment["codes"] == ["K920"]
    assert comment["safety"] == "manual"


# ---------------------------------------------------------------------------
# markdown
# ---------------------------------------------------------------------------


def test_the_markdown_report_has_the_counts_rules_findings_and_failures(tree: Path) -> None:
    invoke("src", "--dry-run", "--report", "markdown:out/r.md")
    text = (tree / "out/r.md").read_text()
    assert "4 files seen, 3 would change, 1 failed" in text
    assert "| would change | 3 |" in text
    assert "| failed | 1 |" in text
    assert "| K201 | `layer_class_renames` |" in text
    assert "### Findings that need a person" in text
    assert "**`src/removed.py`**" in text
    assert "- `src/removed.py:4` **K920** " in text
    assert "### Failures (1)" in text
    assert "- `src/broken.py:2` cannot parse" in text


def test_the_markdown_report_of_a_clean_run_says_there_is_nothing_to_do(tree: Path) -> None:
    (tree / "clean.py").write_text("from tensorflow.keras.layers import Dense\n")
    invoke("clean.py", "--report", "markdown:out/r.md")
    text = (tree / "out/r.md").read_text()
    assert "1 file seen, 0 changed, 0 failed; 0 findings" in text
    assert text.count("None.") == 3


# ---------------------------------------------------------------------------
# the option
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("xml:out/r.xml", "unknown report format 'xml'"),
        ("json", "names no file"),
        ("sarif:", "names no file"),
        ("json:-", "not stdout"),
        ("json:missing/r.json", "does not exist"),
        ("json:out", "is a directory"),
    ],
)
def test_a_bad_report_option_is_a_usage_error(tree: Path, value: str, message: str) -> None:
    result = invoke("src", "--report", value)
    assert result.exit_code == 2
    assert "--report" in result.stderr
    assert message in result.stderr
    assert (tree / "src/conv.py").read_text() == CONV  # nothing ran


def test_two_reports_to_one_file_are_a_usage_error(tree: Path) -> None:
    result = invoke("src", "--report", "json:out/r", "--report", "sarif:out/../out/r")
    assert result.exit_code == 2
    assert "would write the same file" in result.stderr
