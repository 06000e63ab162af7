"""The rule catalogue: docstring sections, the finding-code table, docs/rules.md, --list/--explain."""

from __future__ import annotations

import ast
import importlib
import re
import tokenize
from pathlib import Path

import pytest
from cli_support import invoke
from click.testing import CliRunner

from codemods import PIPELINE
from codemods.tables.findings import FINDING_CODES
from kmigrate import catalogue
from kmigrate.cli import main

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
FINDINGS_TABLE = ROOT / "codemods" / "tables" / "findings.py"
FINDING_CODE = re.compile(r"K9\d\d")




def _code_literals(path: Path) -> set[str]:
    """The string literals of a Python file that are exactly a finding code."""
    found: set[str] = set()
    with path.open("rb") as f:
        for token in tokenize.tokenize(f.readline):
            if token.type != tokenize.STRING:
                continue
            try:
                value = ast.literal_eval(token.string)
            except (ValueError, SyntaxError):
                continue  # an f-string piece
            if isinstance(value, str) and FINDING_CODE.fullmatch(value):
                found.add(value)
    return found


def _sources() -> list[Path]:
    return sorted(
        p
        for folder in ("codemods", "kmigrate")
        for p in (ROOT / folder).rglob("*.py")
        if p != FINDINGS_TABLE
    )


# ---------------------------------------------------------------- the catalogue


def test_rules_come_first_in_pipeline_order_then_finding_codes_sorted() -> None:
    entries = catalogue.entries()
    rules = [e for e in entries if e.kind == "rule"]
    findings = [e for e in entries if e.kind == "finding"]
    assert [e.code for e in rules] == [c.code for c in PIPELINE]
    assert [e.name for e in rules] == [c.name for c in PIPELINE]
    assert [e.code for e in findings] == sorted(FINDING_CODES)
    assert entries == rules + findings


def test_every_rule_documents_what_why_example_safety_and_limits() -> None:
    for e in catalogue.entries():
        if e.kind == "rule":
            empty = [s for s in catalogue.SECTIONS if not e.sections.get(s, "").strip()]
            assert not empty, f"{e.code} {e.name}: empty or missing sections {empty}"


def test_rule_docstrings_put_what_right_after_the_summary_and_sections_in_order() -> None:
    for codemod in PIPELINE:
        doc = importlib.import_module(type(codemod).__module__).__doc__ or ""
        headings = re.findall(r"^\*\*(\w+)\*\*$", doc, flags=re.MULTILINE)
        assert headings == list(catalogue.SECTIONS), (codemod.name, headings)
        summary, _, rest = doc.partition("\n\n")
        assert "\n" not in summary.strip() and rest.startswith("**What**\n"), codemod.name


def test_rule_entries_carry_the_codemods_summary_and_safety() -> None:
    for codemod in PIPELINE:
        e = catalogue.entry(codemod.code)
        assert e is not None
        assert e.summary == codemod.summary.rstrip(".")
        assert e.safety == codemod.safety.value
        assert e.emitted_by == ()


def test_every_finding_code_in_the_sources_is_in_the_table_and_every_row_is_used() -> None:
    used: dict[str, list[str]] = {}
    for path in _sources():
        for code in _code_literals(path):
            used.setdefault(code, []).append(str(path.relative_to(ROOT)))
    missing = {code: where for code, where in used.items() if code not in FINDING_CODES}
    assert not missing, f"add a row to codemods/tables/findings.py for {missing}"
    unused = sorted(set(FINDING_CODES) - set(used))
    assert not unused, f"finding codes no source uses: {unused}"


def test_a_rule_module_that_uses_a_finding_code_is_listed_as_emitting_it() -> None:
    for codemod in PIPELINE:
        module = importlib.import_module(type(codemod).__module__)
        assert module.__file__ is not None
        for code in _code_literals(Path(module.__file__)):
            assert codemod.code in FINDING_CODES[code].emitted_by, (codemod.code, code)


def test_finding_codes_are_emitted_by_rules_or_driver_modules_that_name_them() -> None:
    rule_codes = {c.code for c in PIPELINE}
    for code, row in FINDING_CODES.items():
        assert row.emitted_by, code
        for source in row.emitted_by:
            if source not in rule_codes:
                assert source.startswith(("kmigrate.", "codemods.")), (code, source)
                module = importlib.import_module(source)
                assert module.__file__ is not None
                assert code in Path(module.__file__).read_text(encoding="utf-8"), (code, source)


def test_finding_slugs_are_unique_kebab_case_and_titles_are_one_line() -> None:
    names = [e.name for e in catalogue.entries()]
    assert len(names) == len(set(names))
    for code, row in FINDING_CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row.slug), code
        assert "\n" not in row.title and not row.title.endswith("."), code


def test_the_findings_table_has_one_sorted_row_a_line() -> None:
    rows = re.findall(r'^    "(K9\d\d)": FindingRow\(.*\),$', FINDINGS_TABLE.read_text(), re.M)
    assert rows == sorted(FINDING_CODES)


def test_a_finding_entry_says_what_it_means_and_who_reports_it() -> None:
    e = catalogue.entry("K903")
    assert e is not None and e.kind == "finding" and e.safety == "manual"
    assert e.emitted_by == ("K301",)
    assert e.sections["What"].startswith(FINDING_CODES["K903"].title)
    assert "K903" in e.sections["What"]  # a sentence of K301's docstring about it
    text = catalogue.help_markdown(e)
    assert "Reported by: K301 (layer_positional_args)" in text


def test_entry_finds_codes_in_any_case_and_names_and_nothing_else() -> None:
    assert catalogue.entry("k301") == catalogue.entry("layer_positional_args")
    assert catalogue.entry("unbound-layer-positionals") == catalogue.entry("K903")
    assert catalogue.entry("K000") is None
    assert catalogue.entry("not_a_rule") is None


def test_selectors_take_codes_prefixes_and_names() -> None:
    assert catalogue.resolve_selectors(["K301"]) == {"K301"}
    assert catalogue.resolve_selectors(["k30"]) == {f"K30{i}" for i in range(1, 8)}
    assert catalogue.resolve_selectors(["imports", "removed-import"]) == {"K101", "K901"}
    everything = {e.code for e in catalogue.entries()}
    assert catalogue.resolve_selectors(["K"]) == everything
    assert catalogue.resolve_selectors(["K9"]) == set(FINDING_CODES)
    assert catalogue.resolve_selectors([]) == frozenset()


def test_an_unknown_selector_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=r"^unknown rule selector 'K7'$"):
        catalogue.resolve_selectors(["K301", "K7", "nope"])
    with pytest.raises(ValueError, match="unknown rule selector 'nope'"):
        catalogue.resolve_selectors(["nope"])


def test_help_markdown_fences_the_docstring_examples() -> None:
    text = catalogue.help_markdown(catalogue.entry("K301"))  # type: ignore[arg-type]
    assert text.startswith("## K301 layer_positional_args\n")
    assert "Before:\n\n```python\nConvolution2D(64, 3, 3, 'he_normal', 'relu')\n" in text
    assert "::" not in text


# ---------------------------------------------------------------- docs/rules.md


def test_docs_rules_md_is_generated_from_the_current_docstrings() -> None:
    expected = catalogue.rules_markdown()
    actual = RULES_MD.read_text(encoding="utf-8") if RULES_MD.exists() else ""
    assert actual == expected, (
        f"docs/rules.md is stale: run `{catalogue.GENERATE_COMMAND}` from the repository root"
    )


def test_docs_rules_md_says_it_is_generated_and_how() -> None:
    head = catalogue.rules_markdown().splitlines()[:4]
    assert any("Generated" in line and catalogue.GENERATE_COMMAND in line for line in head)


# ---------------------------------------------------------------- the CLI


def test_list_prints_the_rules_then_the_finding_codes_and_exits_0() -> None:
    result = invoke("--list")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for e in catalogue.entries():
        assert e.code in out and e.name in out, e.code
    assert out.index("Rules (") < out.index(PIPELINE[-1].code) < out.index("Finding codes (")
    assert out.index("Finding codes (") < out.index("K901")
    assert "layer_positional_args" in out and "review" in out and "manual" in out
    assert result.stderr == ""


def test_list_touches_no_file_even_when_paths_are_given(tmp_path: Path) -> None:
    source = tmp_path / "old.py"
    source.write_text("from keras.layers import Convolution2D\n")
    result = invoke("--list", str(source))
    assert result.exit_code == 0
    assert source.read_text() == "from keras.layers import Convolution2D\n"


def test_explain_a_rule_prints_its_documentation() -> None:
    result = invoke("--explain", "K301")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("## K301 layer_positional_args\n")
    assert "**safe**" in out
    for section in catalogue.SECTIONS:
        assert f"### {section}\n" in out
    assert "K903 (unbound-layer-positionals)" in out


def test_explain_a_finding_code_names_the_rules_that_report_it() -> None:
    result = invoke("--explain", "k950")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## K950 manual-merge\n")
    assert "Reported by: K203 (functional_merge), K204 (sequential_merge)" in result.stdout
    assert "**manual**" in result.stdout


def test_explain_a_driver_finding_names_its_module() -> None:
    result = invoke("--explain", "K998")
    assert result.exit_code == 0
    assert "Reported by: kmigrate.notebook" in result.stdout


def test_explain_takes_a_name_as_well_as_a_code() -> None:
    by_name = invoke("--explain", "layer_node_apis")
    assert by_name.exit_code == 0
    assert by_name.stdout == invoke("--explain", "K415").stdout


def test_explain_an_unknown_rule_exits_2_naming_it() -> None:
    result = invoke("--explain", "K000")
    assert result.exit_code == 2
    assert "unknown rule 'K000'" in result.stderr
    assert result.stdout == ""


def test_no_path_and_no_catalogue_option_is_a_usage_error() -> None:
    result = invoke()
    assert result.exit_code == 2
    assert "missing PATH" in result.stderr


def test_the_shapes_and_batch_subcommands_still_dispatch() -> None:
    for sub in ("shapes", "batch"):
        result = invoke(sub, "--help")
        assert result.exit_code == 0, result.output
        assert f"kmigrate {sub}" in result.stdout


def test_the_generator_main_writes_the_docs_text(capsys: pytest.CaptureFixture[str]) -> None:
    catalogue.main()
    assert capsys.readouterr().out == catalogue.rules_markdown()


def test_findings_of_a_rule_are_listed_in_its_help() -> None:
    text = catalogue.help_markdown(catalogue.entry("K406"))  # type: ignore[arg-type]
    listed = re.search(r"Findings it reports: (.*)\.", text)
    assert listed is not None
    codes = re.findall(r"K9\d\d", listed.group(1))
    assert codes == [c for c, row in FINDING_CODES.items() if "K406" in row.emitted_by]
    assert codes == ["K961", "K962", "K963", "K964", "K965"]


def test_summaries_are_one_line_without_a_trailing_period() -> None:
    for e in catalogue.entries():
        assert e.summary and "\n" not in e.summary and not e.summary.endswith("."), e.code


def test_piped_list_gives_each_code_one_line() -> None:
    result = CliRunner().invoke(main, ["--list"])
    assert result.exit_code == 0
    codes = [line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│ K")]
    assert codes == [e.code for e in catalogue.entries()]
