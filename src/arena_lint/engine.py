"""Rules -> diagnostics: run the rules a file's settings enable, and stamp what they find.

:func:`stamp` is the one place where a finding becomes a :class:`Diagnostic`,
for the rules and for the pipeline's own findings (a file that cannot be
read, a crash, a fix that cannot be written) alike. It applies, in order:

1. selection: ``select`` / ``ignore`` / ``per-file-ignores`` (a rule that is
   not enabled for the file reports nothing);
2. suppression comments in the post;
3. severity: a severity the user configured > the rule's choice for this
   finding (``precision`` tolerance marks rounding as a warning) > the rule's
   default;
4. the rule's code, name and documentation link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic
from .links import rule_url
from .span import FILE_START

if TYPE_CHECKING:
    from collections.abc import Collection

    from .directives import Directive
    from .model import Document
    from .rules.base import Finding, Rule
    from .settings import Settings

Found = list[tuple["Rule[Any]", "Finding"]]


def check(
    document: Document,
    settings: Settings,
    *,
    only: Collection[str] | None = None,
    known: Found | None = None,
) -> list[Diagnostic]:
    """Run the enabled rules on ``document``, each with its own options; stamp the findings.

    ``only``: run just the enabled rules among these (a ``--fix`` pass that is not
    the last needs only the rules that repair); no suppression is then called
    unused, as that weighs the findings of every rule. ``known``: what
    :func:`find` gave for this very document with ``only``, which then names the
    rules not to run again (the last ``--fix`` pass's, completed).
    """
    if known is not None:
        assert only is not None
        found = _merged(known, find(document, settings, skip=only))
        return stamp(document.path, found, settings, document.directives)
    found = find(document, settings, only=only)
    return stamp(document.path, found, settings, document.directives, complete=only is None)


def find(
    document: Document,
    settings: Settings,
    *,
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
) -> Found:
    """What the enabled rules (those in ``only``, none of ``skip``) find, unstamped."""
    from .rules import all_rules

    enabled = settings.rules_for(document.path)
    return [
        (rule, finding)
        for rule in all_rules()
        if rule.check is not None
        and rule.name in enabled
        and (only is None or rule.name in only)
        and rule.name not in skip
        for finding in rule.check(document, settings.options_for(rule))
    ]


def _merged(one: Found, other: Found) -> Found:
    """Two rules' disjoint findings in the order of the rules, as one :func:`find`
    gives them (ties in the diagnostics' order stay as a whole check's)."""
    from .rules import all_rules

    by_rule: dict[str, list[tuple[Rule[Any], Finding]]] = {}
    for pair in (*one, *other):
        by_rule.setdefault(pair[0].name, []).append(pair)
    return [pair for rule in all_rules() for pair in by_rule.get(rule.name, ())]


def problem(
    path: str, rule_name: str, message: str, settings: Settings, document: Document | None = None
) -> list[Diagnostic]:
    """A finding of the pipeline itself, about the whole file, stamped like any other."""
    from .rules import rule_named
    from .rules.base import Finding

    directives = document.directives if document is not None else ()
    found: Found = [(rule_named(rule_name), Finding(FILE_START, message))]
    return stamp(path, found, settings, directives)


def stamp(
    path: str,
    found: Found,
    settings: Settings,
    directives: tuple[Directive, ...] = (),
    *,
    complete: bool = True,
) -> list[Diagnostic]:
    """Diagnostics from ``found``: selected, unsuppressed, graded, linked and sorted.

    ``complete=False``: ``found`` holds what only some rules found, so no
    suppression comment is reported unused.
    """
    enabled = settings.rules_for(path)
    found = [(rule, finding) for rule, finding in found if rule.name in enabled]
    if directives:
        found = _apply_directives(directives, found, enabled, complete=complete)
    diagnostics = [
        Diagnostic(
            path,
            finding.span.line,
            finding.span.column,
            finding.span.end_line,
            finding.span.end_column,
            rule.code,
            rule.name,
            settings.severity.get(rule.name) or finding.severity or rule.severity,
            finding.message,
            rule_url(rule.name),
            finding.fix,
        )
        for rule, finding in found
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _apply_directives(
    directives: tuple[Directive, ...], found: Found, enabled: frozenset[str], *, complete: bool
) -> Found:
    from . import directives as suppression
    from .rules import canonical, rule_named
    from .rules.base import Finding

    outcome = suppression.apply(
        directives,
        [(finding.span.line, rule.name) for rule, finding in found],
        canonical,
        enabled.__contains__,
    )
    kept = [item for index, item in enumerate(found) if index not in outcome.suppressed]
    if complete and "unused-suppression" in enabled:
        unused = rule_named("unused-suppression")
        for directive, name in outcome.unused:
            what = f"`{name}` findings" if name else "any finding"
            message = f"`arena-lint-{directive.kind}` does not silence {what} here; remove it"
            kept.append((unused, Finding(directive.span, message)))
        for directive, written in outcome.unknown:
            message = f"`arena-lint-{directive.kind}` names unknown rule `{written}`"
            kept.append((unused, Finding(directive.span, message)))
        for directive in outcome.misspelled:
            kept.append((unused, Finding(directive.span, suppression.misspelling(directive))))
    return kept
