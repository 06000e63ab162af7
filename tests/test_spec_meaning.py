"""No rewrite of a SEMANTIC or MANUAL row of spec §6-§10 changes meaning silently.

Each row of ``tests/spec_rows_6_10.py`` (one per SEMANTIC or MANUAL row) has a
Keras 1 snippet and one expectation, checked here through ``migrate_source``:
a finding with its ``# kmigrate:`` comment, or a rewrite (or a construct kept as
it is) together with the TensorFlow tests that prove it computes what Keras 1
computed. Those tests are found by parsing the test files, so this module never
imports TensorFlow and runs with ``-m "not tensorflow"``.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from spec_rows_6_10 import (
    PROOFS_PENDING,
    ROWS,
    SPEC_LABELS,
    Exact,
    Finding,
    KeptExact,
    Row,
)

from kmigrate import migrate_source
from kmigrate.results import FileResult

ROOT = Path(__file__).resolve().parent.parent


def _migrate(row: Row) -> FileResult:
    result = migrate_source(row.snippet)
    assert result.error is None, (
        f"{row.id} {row.construct}: migration failed: {result.error.render()}"
    )
    try:
        ast.parse(result.new_source)
    except SyntaxError as exc:
        pytest.fail(f"{row.id} {row.construct}: the migrated source does not parse: {exc}")
    return result


def _what_came_out(result: FileResult) -> str:
    findings = (
        ", ".join(f"{f.code} (line {f.line}: {f.message})" for f in result.findings) or "none"
    )
    return f"findings: {findings}\nfired: {', '.join(result.fired) or 'nothing'}\nnew source:\n{result.new_source}"


def _proofs(row: Row) -> tuple[str, ...]:
    return row.expect.proofs if isinstance(row.expect, Exact | KeptExact) else ()


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_row_is_reported_or_keeps_its_meaning(row: Row) -> None:
    result = _migrate(row)
    expect = row.expect
    problem = _problem(row, result)
    if problem:
        pytest.fail(
            f"{row.id} {row.construct}: expected {expect!r}, but {problem}\n{_what_came_out(result)}",
            pytrace=False,
        )


def _problem(row: Row, result: FileResult) -> str:
    """What is wrong with ``result`` for ``row``'s expectation, or ''."""
    expect, new = row.expect, result.new_source
    if isinstance(expect, Finding):
        if expect.code not in [f.code for f in result.findings]:
            return f"{expect.code} was not reported"
        if f"# kmigrate: {expect.code}" not in new:
            return f"the output has no '# kmigrate: {expect.code}' comment"
        messages = [f.message for f in result.findings if f.code == expect.code]
        if expect.says and not any(expect.says in m for m in messages):
            return f"no {expect.code} message says {expect.says!r}"
        return ""
    if isinstance(expect, Exact):
        if new == row.snippet:
            return "nothing was rewritten"
        if expect.contains not in new:
            return f"the output does not contain {expect.contains!r}"
        if expect.gone and expect.gone in new:
            return f"the output still contains {expect.gone!r}"
        return _missing_proof(row, expect.proofs)
    if isinstance(expect, KeptExact):
        if expect.kept not in new:
            return f"{expect.kept!r} was not kept as it is"
        return _missing_proof(row, expect.proofs)
    raise AssertionError(f"unknown expectation {expect!r}")


def _missing_proof(row: Row, proofs: tuple[str, ...]) -> str:
    if proofs or row.id in PROOFS_PENDING:
        return ""
    return "no test is named that proves it computes what Keras 1 computed (and the row is not in PROOFS_PENDING)"


def test_the_rows_are_exactly_the_semantic_and_manual_rows_of_sections_6_to_10() -> None:
    ids = [row.id for row in ROWS]
    assert len(SPEC_LABELS) == 80
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert set(ids) == set(SPEC_LABELS), (
        f"missing rows: {sorted(set(SPEC_LABELS) - set(ids))}, rows not in the list: {sorted(set(ids) - set(SPEC_LABELS))}"
    )
    wrong = {row.id: row.label for row in ROWS if row.label != SPEC_LABELS[row.id]}
    assert not wrong, f"labels that differ from the spec's: {wrong}"


def test_pending_proofs_are_rows_that_still_name_none() -> None:
    by_id = {row.id: row for row in ROWS}
    for row_id in sorted(PROOFS_PENDING):
        row = by_id.get(row_id)
        assert row is not None, f"PROOFS_PENDING names {row_id}, which is not a row"
        assert isinstance(row.expect, Exact | KeptExact), (
            f"{row_id} has no proofs to wait for: {row.expect!r}"
        )
        assert not row.expect.proofs, f"{row_id} names proofs now: remove it from PROOFS_PENDING"


def test_snippets_are_keras_1_code() -> None:
    for row in ROWS:
        modules = set()
        for node in ast.walk(ast.parse(row.snippet)):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules.add(node.module)
            elif isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
        legacy = {
            m
            for m in modules
            if m.split(".")[0] == "keras" or m.startswith("tensorflow.python.keras")
        }
        assert legacy, f"{row.id}: the snippet imports no Keras 1 module ({sorted(modules)})"
        assert not any(m.startswith("tensorflow.keras") for m in modules), (
            f"{row.id}: already tf.keras code"
        )


@cache
def _test_functions(relative: str) -> frozenset[str]:
    tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
    return frozenset(
        n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    )


_NAMED = [(row.id, proof) for row in ROWS for proof in _proofs(row)]


@pytest.mark.parametrize(
    ("row_id", "proof"), _NAMED, ids=[f"{i} {p.partition('::')[2]}" for i, p in _NAMED]
)
def test_every_named_proof_is_a_test_function(row_id: str, proof: str) -> None:
    relative, sep, function = proof.partition("::")
    assert sep and relative.startswith("tests/test_") and relative.endswith(".py"), (
        f"{row_id}: {proof!r} is not 'tests/<file>.py::<function>'"
    )
    assert relative != "tests/test_spec_meaning.py", f"{row_id}: a row cannot prove itself"
    assert (ROOT / relative).is_file(), f"{row_id}: {relative} does not exist"
    assert function.startswith("test_") and function in _test_functions(relative), (
        f"{row_id}: {relative} defines no test function {function!r}"
    )
