"""``--statistics``: how many findings each rule has, most first, then the summary."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .text import summary

if TYPE_CHECKING:
    from . import CheckReport


def render(report: CheckReport) -> str:
    counts = Counter((item.code, item.rule, item.severity.value) for item in report.shown)
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0][0]))
    width = max((len(str(count)) for count in counts.values()), default=1)
    lines = [
        f"{count:>{width}}  {code}  {rule} ({severity})"
        for (code, rule, severity), count in ordered
    ]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
