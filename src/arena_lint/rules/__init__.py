"""The rule registry, by hand: adding a rule is a visible, reviewed change."""

from __future__ import annotations

from . import (
    duplicate_entry,
    duplicate_link,
    extra_whitespace,
    front_matter_invalid,
    internal_error,
    invalid_duration,
    malformed_link,
    missing_total,
    mixed_duration_format,
    numbering_mismatch,
    numbering_order,
    schema_violation,
    subtotal_mismatch,
    total_mismatch,
    unparsed_content,
    unreadable_file,
    untimed_entry,
    unused_suppression,
)
from .base import Finding, Rule

RULES: tuple[Rule, ...] = (
    internal_error.RULE,
    unreadable_file.RULE,
    front_matter_invalid.RULE,
    schema_violation.RULE,
    total_mismatch.RULE,
    subtotal_mismatch.RULE,
    invalid_duration.RULE,
    numbering_mismatch.RULE,
    duplicate_entry.RULE,
    numbering_order.RULE,
    untimed_entry.RULE,
    missing_total.RULE,
    extra_whitespace.RULE,
    mixed_duration_format.RULE,
    malformed_link.RULE,
    duplicate_link.RULE,
    unused_suppression.RULE,
    unparsed_content.RULE,
)
BY_NAME = {rule.name: rule for rule in RULES}
BY_CODE = {rule.code: rule for rule in RULES}


def canonical(name_or_code: str) -> str | None:
    """The rule name for a name or a code (``AL301``), or ``None``."""
    rule = BY_NAME.get(name_or_code) or BY_CODE.get(name_or_code.upper())
    return rule.name if rule is not None else None


__all__ = ["BY_CODE", "BY_NAME", "RULES", "Finding", "Rule", "canonical"]
