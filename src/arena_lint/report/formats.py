"""``arena-lint report``'s output formats, by name, as ``check``'s ``FORMATTERS`` are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import csv_format, html, json_format, markdown, table
from .records import HoursReport


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What the text table needs to fit a terminal; the other formats ignore it."""

    width: int = 80
    ascii: bool = False


Render = Callable[[HoursReport, RenderOptions], str]

REPORT_FORMATS: dict[str, Render] = {
    "text": lambda report, options: table.render(report, width=options.width, ascii=options.ascii),
    "markdown": lambda report, _: markdown.render(report),
    "csv": lambda report, _: csv_format.render(report),
    "json": lambda report, _: json_format.render(report),
    "html": lambda report, _: html.render(report),
}
