"""``--select`` / ``--ignore``: which rules run and which findings are reported.

Selectors are codes (``K301``), code prefixes (``K3``, ``K9``) and names
(``layer_positional_args``, ``layer-node-api``), resolved by
:func:`kmigrate.catalogue.resolve_selectors`. Rules (K1xx-K6xx) rewrite;
finding codes (K9xx) are what the rules report. The two meet like this:

* a rule runs when nothing is selected, or it is selected, or a finding code
  it reports is selected (a finding is only found by running its rule), and
  it is not ignored;
* a finding is reported when nothing is selected, or it is selected, or a
  rule that reports it is selected, and it is not ignored.

So ``--select K3`` runs the K3xx rules and reports their findings;
``--ignore K942`` keeps every rewrite and drops one finding (and its comment);
``--select K942`` runs the rule that reports K942, which also rewrites what it
can, and reports only K942.
"""

from __future__ import annotations

from collections.abc import Iterable

from kmigrate.catalogue import entries, resolve_selectors


def resolve(select: Iterable[str] | None, ignore: Iterable[str]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The rule codes that run and the finding codes reported (None: all of them).

    Raises ValueError naming a selector that matches nothing.
    """
    chosen = resolve_selectors(select) if select is not None else None
    left_out = resolve_selectors(ignore)
    if chosen is None and not left_out:
        return None, None
    known = entries()
    emits: dict[str, set[str]] = {}
    for e in known:
        if e.kind == "finding":
            for rule in e.emitted_by:
                emits.setdefault(rule, set()).add(e.code)
    rules = frozenset(
        e.code
        for e in known
        if e.kind == "rule"
        and e.code not in left_out
        and (chosen is None or e.code in chosen or bool(emits.get(e.code, set()) & chosen))
    )
    findings = frozenset(
        e.code
        for e in known
        if e.kind == "finding"
        and e.code not in left_out
        and (chosen is None or e.code in chosen or any(rule in chosen for rule in e.emitted_by))
    )
    return rules, findings


def split(values: Iterable[str]) -> list[str]:
    """Selectors given as repeated options and/or comma-separated lists."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
