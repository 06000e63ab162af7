"""The rule catalogue: every rule and finding code with its documentation.

A rule is a codemod in ``codemods.PIPELINE``; its documentation is its module
docstring, whose sections start with the lines ``**What**``, ``**Why**``,
``**Example**``, ``**Safety**`` and ``**Limits**``. A finding code (K9xx) is a
row of ``codemods.tables.findings``; its documentation is its title, the
sentences of the reporting rules' docstrings that name it, and their Why and
Example.

``python -m kmigrate.catalogue > docs/rules.md`` writes the rule reference.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType, ModuleType

import click
from rich.console import Console
from rich.table import Table

from codemods import PIPELINE
from codemods._framework import Codemod
from codemods.tables.findings import FINDING_CODES

SECTIONS: tuple[str, ...] = ("What", "Why", "Example", "Safety", "Limits")
GENERATE_COMMAND = "python -m kmigrate.catalogue > docs/rules.md"

_HEADING = re.compile(r"\*\*(\w+)\*\*")
_CODE = re.compile(r"K\d{3}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(*'\"])")
_FINDING_SAFETY = "manual"


@dataclass(frozen=True)
class Entry:
    """One rule (``kind == "rule"``) or finding code (``kind == "finding"``)."""

    code: str
    name: str
    kind: str
    summary: str
    safety: str
    sections: Mapping[str, str] = field(hash=False)  # a read-only mapping: not hashable
    emitted_by: tuple[str, ...]


def entries() -> list[Entry]:
    """Rules in PIPELINE order, then finding codes sorted."""
    return list(_entries())


def entry(code_or_name: str) -> Entry | None:
    """The entry with this code (any case) or name, or None."""
    key = code_or_name.strip().lower()
    for e in _entries():
        if key in (e.code.lower(), e.name.lower()):
            return e
    return None


def resolve_selectors(selectors: Iterable[str]) -> frozenset[str]:
    """The codes that ``selectors`` name: codes, code prefixes (``K3``, ``K30``) or names.

    Raises ValueError naming the first selector that matches nothing.
    """
    all_entries = _entries()
    codes: set[str] = set()
    for selector in selectors:
        key = selector.strip()
        upper, lower = key.upper(), key.lower()
        if re.fullmatch(r"K\d{0,3}", upper):
            matched = {e.code for e in all_entries if e.code.startswith(upper)}
        else:
            matched = {e.code for e in all_entries if e.name.lower() == lower}
        if not matched:
            raise ValueError(f"unknown rule selector '{selector}'")
        codes |= matched
    return frozenset(codes)


def help_markdown(e: Entry) -> str:
    """The full documentation of one entry as Markdown."""
    lines = [f"## {e.code} {e.name}", "", f"{e.summary}.", ""]
    if e.kind == "rule":
        lines.append(f"Rule, safety: **{e.safety}**.")
        emitted = [code for code, row in FINDING_CODES.items() if e.code in row.emitted_by]
        if emitted:
            found = ", ".join(f"{code} ({FINDING_CODES[code].slug})" for code in emitted)
            lines.append(f"Findings it reports: {found}.")
    else:
        lines.append(f"Finding code, safety: **{e.safety}**.")
        lines.append(f"Reported by: {_emitters_text(e.emitted_by)}.")
    for title in SECTIONS:
        text = e.sections.get(title, "").strip()
        if text:
            lines += ["", f"### {title}", "", _markdown(text)]
    return "\n".join(lines).rstrip() + "\n"


def rules_markdown() -> str:
    """docs/rules.md: an index, each rule's documentation, then what each finding code means."""
    all_entries = _entries()
    out = [
        "# kmigrate rules and finding codes",
        "",
        f"_Generated from the rule docstrings and `codemods/tables/findings.py` by "
        f"`{GENERATE_COMMAND}`: do not edit by hand._",
        "",
        "Rules rewrite code; a finding code marks a place a person must look at. "
        "`kmigrate --list` prints this index and `kmigrate --explain CODE` one entry.",
        "",
        "| Code | Name | Kind | Safety | Summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in all_entries:
        summary = e.summary.replace("|", "\\|")
        out.append(
            f"| [{e.code}](#{_anchor(e)}) | `{e.name}` | {e.kind} | {e.safety} | {summary} |"
        )
    out += ["", "# Rules"]
    out += ["\n" + help_markdown(e).rstrip() for e in all_entries if e.kind == "rule"]
    out += ["", "# Finding codes", ""]
    out.append(
        "Each finding's full text (with the Why and Example of the rules that report it) is "
        "`kmigrate --explain CODE`; here: what it means and where it comes from."
    )
    out += ["\n" + _finding_brief(e) for e in all_entries if e.kind == "finding"]
    return "\n".join(out) + "\n"


def _finding_brief(e: Entry) -> str:
    rules = {x.code: x for x in _entries() if x.kind == "rule"}
    by = ", ".join(
        f"[{c} {rules[c].name}](#{_anchor(rules[c])})" if c in rules else f"`{c}`"
        for c in e.emitted_by
    )
    what = _markdown(e.sections["What"])
    return f"## {e.code} {e.name}\n\nReported by {by}.\n\n{what}"


def print_list(console: Console) -> None:
    """The rules, then the finding codes, as tables (``kmigrate --list``)."""
    all_entries = _entries()
    for kind, title in (("rule", "Rules"), ("finding", "Finding codes")):
        chosen = [e for e in all_entries if e.kind == kind]
        table = Table(title=f"{title} ({len(chosen)})", title_justify="left")
        table.add_column("Code", no_wrap=True)
        table.add_column("Name", no_wrap=True)
        table.add_column("Safety", no_wrap=True)
        table.add_column("Summary")
        for e in chosen:
            table.add_row(e.code, e.name, e.safety, e.summary)
        console.print(table)


def list_option_callback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--list``: print the catalogue and exit 0, before any file is looked at."""
    if not value or ctx.resilient_parsing:
        return
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        # piped (to grep, a file): rows of one line each, not an 80-column wrap
        console = Console(highlight=False, soft_wrap=False, width=240)
    print_list(console)
    ctx.exit(0)


def explain_option_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--explain CODE_OR_NAME``: print one entry's documentation and exit 0 (2 if unknown)."""
    if value is None or ctx.resilient_parsing:
        return
    found = entry(value)
    if found is None:
        raise click.BadParameter(
            f"unknown rule '{value}' (kmigrate --list shows every code and name)", ctx, param
        )
    click.echo(help_markdown(found), nl=False)
    ctx.exit(0)


def main() -> None:
    sys.stdout.write(rules_markdown())


# ---------------------------------------------------------------- building


@cache
def _entries() -> tuple[Entry, ...]:
    rules = tuple(_rule_entry(codemod) for codemod in PIPELINE)
    by_code = {e.code: e for e in rules}
    findings = tuple(_finding_entry(code, by_code) for code in sorted(FINDING_CODES))
    return rules + findings


def _rule_entry(codemod: Codemod) -> Entry:
    doc = sys.modules[type(codemod).__module__].__doc__ or ""
    return Entry(
        code=codemod.code,
        name=codemod.name,
        kind="rule",
        summary=codemod.summary.strip().rstrip("."),
        safety=codemod.safety.value,
        sections=MappingProxyType(parse_sections(doc)),
        emitted_by=(),
    )


def _finding_entry(code: str, rules: Mapping[str, Entry]) -> Entry:
    row = FINDING_CODES[code]
    sources = [rules[name] for name in row.emitted_by if name in rules]
    drivers = tuple(name for name in row.emitted_by if name not in rules)
    mentions = _mentions(code, _emitter_texts(row.emitted_by, rules, ("Why", "Safety", "Limits")))
    if not mentions:  # said only in the rule's summary of its findings, or its example's prose
        mentions = _mentions(code, _emitter_texts(row.emitted_by, rules, ("What", "Example")))
    sections: dict[str, str] = {"What": "\n\n".join([f"{row.title}.", *mentions])}
    many = len(sources) > 1
    for title in ("Why", "Example"):
        parts = [
            (f"From {rule.code} ({rule.name}):\n\n" if many else "") + rule.sections[title]
            for rule in sources
            if rule.sections.get(title)
        ]
        if drivers and title == "Why":
            parts.append(_module_summary(drivers))
        if parts:
            sections[title] = "\n\n".join(parts)
    where = "file and line" if not sources else "file, line and column"
    comment = (
        f" and (unless --no-annotate) a '# kmigrate: {code} ...' comment marks the line in the code"
        if sources
        else ""
    )
    sections["Safety"] = (
        f"Manual: kmigrate does not settle this. The finding is printed with its {where}{comment}; "
        "look at each place and decide."
    )
    if sources:
        sections["Limits"] = (
            "The limits of the rule that reports it: "
            + ", ".join(f"``kmigrate --explain {rule.code}``" for rule in sources)
            + "."
        )
    return Entry(
        code=code,
        name=row.slug,
        kind="finding",
        summary=row.title.rstrip("."),
        safety=_FINDING_SAFETY,
        sections=MappingProxyType({t: sections[t] for t in SECTIONS if t in sections}),
        emitted_by=row.emitted_by,
    )


def parse_sections(doc: str) -> dict[str, str]:
    """The ``**Heading**`` sections of a docstring, dedented, by heading name."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _dedent(doc).splitlines():
        heading = _HEADING.fullmatch(line.strip())
        if heading is not None:
            current = sections.setdefault(heading.group(1), [])
        elif current is not None:
            current.append(line)
    return {name: "\n".join(body).strip("\n").rstrip() for name, body in sections.items()}


def _dedent(doc: str) -> str:
    lines = doc.expandtabs().splitlines()
    if not lines:
        return ""
    rest = [line for line in lines[1:] if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    return "\n".join([lines[0].strip(), *(line[indent:] for line in lines[1:])])


def _mentions(code: str, texts: list[str]) -> list[str]:
    """The sentences of ``texts`` that name ``code``, each once."""
    found: list[str] = []
    for text in texts:
        for sentence in map(_as_sentence, _sentences(text)):
            if code in _CODE.findall(sentence) and sentence not in found:
                found.append(sentence)
    return found


def _emitter_texts(
    emitted_by: tuple[str, ...], rules: Mapping[str, Entry], sections: tuple[str, ...]
) -> list[str]:
    """The given sections of the emitting rules; a driver module's whole docstring."""
    texts: list[str] = []
    for name in emitted_by:
        rule = rules.get(name)
        if rule is not None:
            texts += [rule.sections[t] for t in sections if rule.sections.get(t)]
        else:
            texts.append(_dedent(_module(name).__doc__ or ""))
    return texts


def _module(name: str) -> ModuleType:
    return sys.modules.get(name) or importlib.import_module(name)


def _module_summary(modules: tuple[str, ...]) -> str:
    """The first two paragraphs of each module's docstring."""
    docs: list[str] = []
    for name in modules:
        paragraphs = re.split(r"\n\s*\n", _dedent(_module(name).__doc__ or "").strip())
        docs.append(f"From ``{name}``: " + "\n\n".join(paragraphs[:2]))
    return "\n\n".join(docs)


def _sentences(text: str) -> list[str]:
    """The sentences of the prose of ``text``: paragraphs and list items, literal blocks skipped."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.startswith((" ", "\t")):
            continue  # a literal block (an example)
        for item in re.split(r"^\* ", paragraph, flags=re.M):
            joined = " ".join(item.split())
            out += [s for s in _SENTENCE_END.split(joined) if s]
    return out


def _as_sentence(text: str) -> str:
    """A list item or clause as a sentence: capitalised, ending in a full stop."""
    text = text[:1].upper() + text[1:]
    if text.endswith((";", ",")):
        text = text[:-1] + "."
    return text


def _emitters_text(emitted_by: tuple[str, ...]) -> str:
    names = {e.code: e.name for e in _entries() if e.kind == "rule"}
    return ", ".join(f"{c} ({names[c]})" if c in names else c for c in emitted_by)


def _anchor(e: Entry) -> str:
    heading = f"{e.code} {e.name}".lower()
    return re.sub(r"[^a-z0-9 _-]", "", heading).replace(" ", "-")


def _markdown(text: str) -> str:
    """reStructuredText-ish docstring text as Markdown: literal blocks fenced."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::"):
            lead = line.rstrip()[:-2].rstrip()
            if lead:
                out.append(lead + ":")
            block, i = _literal_block(lines, i + 1)
            if block:
                out += ["", "```python", *block, "```"]
                if i < len(lines):
                    out.append("")
            continue
        out.append(line)
        i += 1
    return "\n".join(out).strip("\n")


def _literal_block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The indented lines from ``start`` (blank lines around them skipped), dedented."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    block: list[str] = []
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
        block.append(lines[i])
        i += 1
    while block and not block[-1].strip():
        block.pop()
    indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
    return [b[indent:] for b in block], i


if __name__ == "__main__":
    main()
