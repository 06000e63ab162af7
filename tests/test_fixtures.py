"""Fixture pairs: fixtures/<codemod>/<case>.in.py -> <case>.out.py, compared as exact text.

Each case also checks that the output parses, that a second run changes
nothing, and that the findings equal <case>.findings.txt (no file: no
findings). ``pytest --update-fixtures`` rewrites the expected files from the
current output and then fails, so the change is reviewed before it is kept.
Cases run with the default options, unless their directory holds a
``config.json`` giving ``dim_ordering`` ("auto"/"th"/"tf") and ``channels_last``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from kmigrate import migrate_source
from kmigrate.config import DEFAULT_CONFIG, DimOrdering, RunConfig
from kmigrate.results import FileResult

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(FIXTURES.glob("*/*.in.py"))


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name[: -len('.in.py')]}"


def _config(case: Path) -> RunConfig:
    path = case.parent / "config.json"
    if not path.exists():
        return DEFAULT_CONFIG
    options = json.loads(path.read_text(encoding="utf-8"))
    return RunConfig(
        dim_ordering=DimOrdering(options.get("dim_ordering", "auto")),
        channels_last=bool(options.get("channels_last", False)),
    )


def render_findings(result: FileResult) -> str:
    return "".join(f"{f.line}:{f.column}: {f.code} {f.message}\n" for f in result.findings)


def _read(path: Path) -> str:
    # newline="" keeps line endings exactly as stored
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_fixture(case: Path, request: pytest.FixtureRequest) -> None:
    stem = case.name[: -len(".in.py")]
    expected_path = case.with_name(f"{stem}.out.py")
    findings_path = case.with_name(f"{stem}.findings.txt")
    source = _read(case)
    config = _config(case)
    result = migrate_source(source, config, path=str(case))
    assert result.error is None, result.error.render()
    findings = render_findings(result)

    if request.config.getoption("--update-fixtures"):
        _write(expected_path, result.new_source)
        if findings:
            _write(findings_path, findings)
        elif findings_path.exists():
            findings_path.unlink()
        pytest.fail(f"updated {expected_path.name}: review the diff and run again")

    assert result.new_source == _read(expected_path)
    ast.parse(result.new_source)
    expected_findings = _read(findings_path) if findings_path.exists() else ""
    assert findings == expected_findings

    again = migrate_source(result.new_source, config, path=str(case))
    assert again.new_source == result.new_source, "a second run must change nothing"


def test_every_fixture_input_has_an_output() -> None:
    missing = [c for c in CASES if not c.with_name(c.name.replace(".in.py", ".out.py")).exists()]
    assert not missing
