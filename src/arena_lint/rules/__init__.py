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
    unreadable_file,
    untimed_entry,
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
)
BY_NAME = {rule.name: rule for rule in RULES}
BY_CODE = {rule.code: rule for rule in RULES}

__all__ = ["BY_CODE", "BY_NAME", "RULES", "Finding", "Rule"]
