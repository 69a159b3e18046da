"""Findings as LSP diagnostics, and the code actions that repair or silence them."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from ..diagnostics import Diagnostic, Severity
from ..fixes import Edit
from ..model import Document, Span
from .outline import Node, nodes
from .positions import Lines
from .state import NAME, Checked


def to_lsp(item: Diagnostic, lines: Lines) -> types.Diagnostic:
    url = item.url
    return types.Diagnostic(
        range=lines.range(Span(item.line, item.column, item.end_line, item.end_column)),
        message=f"{item.message} ({item.rule})",
        severity=(
            types.DiagnosticSeverity.Error
            if item.severity is Severity.ERROR
            else types.DiagnosticSeverity.Warning
        ),
        code=item.code,
        code_description=types.CodeDescription(href=url) if item.url else None,
        source=NAME,
        data={"rule": item.rule},
    )


def anchored(document: Document | None) -> dict[Span, Node]:
    """Each node with a stated duration, by where that duration is written: made
    once per request, so naming many fixes does not walk the log once for each."""
    if document is None:
        return {}
    return {node.anchor: node for node in nodes(document) if node.anchor is not None}


def fix_title(item: Diagnostic, anchors: dict[Span, Node]) -> str:
    """``Set Chapter 0 to 8.8h (sum of its exercises)``; generic when the edit is no number."""
    edit = item.fix[0]
    node = anchors.get(edit.span) if len(item.fix) == 1 else None
    if node is not None and edit.hours is not None:
        why = (
            f"sum of its {node.parts}"
            if node.children_sum == edit.hours
            else "what the stated sum leaves"
        )
        return f"Set {node.label} to {edit.text} ({why})"
    if item.rule == "extra-whitespace":
        if len(item.fix) == 1:
            width = edit.span.end_column - edit.span.column
            return f"Replace {width} spaces with one"
        return f"Replace {len(item.fix)} runs of spaces with one space each"
    return f"Fix {item.rule}"


def suppression(
    item: Diagnostic, lines: Lines, uri: str, document: Document | None = None
) -> types.CodeAction:
    """Silence ``item`` with a directive that cannot change how the post is read:
    ``disable-line`` at the end of the finding's line (a comment on a line of its
    own ends the list there and splits the log), or, for a finding in the front
    matter (where a comment would be YAML), ``disable-file`` just below it."""
    front = document.front_matter if document is not None else None
    if front is not None and item.line <= front.span.end_line:
        closing = front.span.end_line - 1
        if closing + 1 < len(lines.lines):
            at, comment = types.Position(closing + 1, 0), "{}\n"
        else:  # the front matter ends the file, without a final line break
            at, comment = lines.position(closing + 1, len(lines.lines[closing]) + 1), "\n{}"
        comment = comment.format(f"<!-- arena-lint-disable-file {item.rule} -->")
        title = f"Disable {item.rule} for this file"
    else:
        index = item.line - 1
        text = lines.lines[index] if index < len(lines.lines) else ""
        end = len(text.rstrip(" \t"))
        if text[:end].endswith("\\") and (end - len(text[:end].rstrip("\\"))) % 2:
            end -= 1  # before a hard line break's backslash, which must end the line
        at = lines.position(item.line, end + 1)
        comment = f" <!-- arena-lint-disable-line {item.rule} -->"
        title = f"Disable {item.rule} for this line"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(types.Range(at, at), comment)]}),
    )


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Does the client's ``only`` filter let an action of ``kind`` through?"""
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def edits(fix: tuple[Edit, ...], lines: Lines) -> list[types.TextEdit]:
    return [types.TextEdit(lines.range(edit.span), edit.text) for edit in fix]


def lsp_diagnostics(checked: Checked) -> list[types.Diagnostic]:
    found = [to_lsp(item, checked.lines) for item in checked.outcome.diagnostics]
    if checked.config_error is not None:
        start = types.Position(0, 0)
        found.append(
            types.Diagnostic(
                range=types.Range(start, start),
                message=f"configuration error: {checked.config_error}",
                severity=types.DiagnosticSeverity.Error,
                code="config-error",
                source=NAME,
            )
        )
    return found
