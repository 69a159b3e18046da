"""A JSON array, one object per finding (``schema/diagnostics.schema.json``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Report


def render(report: Report) -> str:
    return json.dumps([item.to_json() for item in report.shown], indent=2) + "\n"
