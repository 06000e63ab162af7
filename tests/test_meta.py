"""The registry and the rule documentation keep their promises."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from codemods import PIPELINE
from codemods._framework import Codemod

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HEADINGS = ("**Why**", "**Example**", "**Safety**", "**Limits**")


def _doc(codemod: Codemod) -> str:
    return sys.modules[type(codemod).__module__].__doc__ or ""


def test_every_codemod_is_registered_once() -> None:
    types = [type(c) for c in PIPELINE]
    assert len(types) == len(set(types))
    defined = {cls for cls in Codemod.__subclasses__()}
    assert defined == set(types), "a Codemod subclass is missing from PIPELINE"


def test_codes_are_unique_and_well_formed() -> None:
    codes = [c.code for c in PIPELINE]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"K[1-8]\d\d", code) for code in codes), codes


def test_names_are_unique_and_match_their_module() -> None:
    names = [c.name for c in PIPELINE]
    assert len(names) == len(set(names))
    for codemod in PIPELINE:
        assert type(codemod).__module__ == f"codemods.{codemod.name}"


@pytest.mark.parametrize("codemod", PIPELINE, ids=[c.name for c in PIPELINE])
def test_docstring_has_the_rule_headings(codemod: Codemod) -> None:
    doc = _doc(codemod)
    assert doc.strip(), "the module docstring is the rule's documentation"
    for heading in HEADINGS:
        assert heading in doc, f"{codemod.name}: missing {heading}"
    assert codemod.summary and not codemod.summary.endswith(".")


@pytest.mark.parametrize("codemod", PIPELINE, ids=[c.name for c in PIPELINE])
def test_every_codemod_has_a_fixture_pair(codemod: Codemod) -> None:
    pairs = [p for p in (FIXTURES / codemod.name).glob("*.in.py") if p.with_name(p.name.replace(".in.py", ".out.py")).exists()]
    assert pairs, f"fixtures/{codemod.name}/ needs at least one .in.py/.out.py pair"


def test_every_fixture_directory_belongs_to_a_codemod() -> None:
    names = {c.name for c in PIPELINE} | {"_pipeline", "_layers"}
    dirs = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert dirs <= names, dirs - names


def test_every_finding_code_in_fixtures_is_documented() -> None:
    """A K9xx code a rule emits appears in that rule's docstring."""
    documented = "\n".join(_doc(c) for c in PIPELINE)
    emitted = set()
    for findings in FIXTURES.glob("*/*.findings.txt"):
        emitted |= set(re.findall(r"\bK\d{3}\b", findings.read_text()))
    missing = sorted(code for code in emitted if code not in documented)
    assert not missing


def test_the_readme_rules_table_lists_every_codemod() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (K\d{3}) \| `(\w+)` \| (.+?) \|$", readme, flags=re.MULTILINE))
    assert rows == {(c.code, c.name, c.summary) for c in PIPELINE}
