"""Hypothesis strategies: well-formed study logs in random shapes and styles."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st


@dataclass
class Node:
    minutes: int  # leaves: drawn; parents: the sum of their children
    children: list[Node] = field(default_factory=list)
    corrupt: int | None = None  # a wrong value to write instead


def write(minutes: int, style: str) -> str:
    """A duration in one of three styles; values are multiples of 6 minutes."""
    if style == "tenths":
        tenths = minutes // 6
        return f"{tenths // 10}.{tenths % 10}h"
    if style == "minutes":
        return f"{minutes}min"
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest}m" if hours and rest else (f"{hours}h" if hours else f"{rest}m")


@st.composite
def trees(draw: st.DrawFn, depth: int) -> Node:
    if depth == 0 or draw(st.booleans()):
        return Node(6 * draw(st.integers(1, 40)))
    children = [draw(trees(depth - 1)) for _ in range(draw(st.integers(1, 4)))]
    return Node(sum(child.minutes for child in children), children)


@dataclass
class Log:
    entries: list[Node]
    style: str
    indent: str
    bullet: str
    newline: str
    bom: bool
    final_newline: bool
    escape: str = "none"
    """How leaves spell their numbers: as is, with a backslash escape (`1\\.2h`)
    or with a numeric entity for their first digit (`&#49;.2h`)."""
    leaf_lines: list[int] = field(default_factory=list)

    def render(self, corrupted: bool) -> str:
        total = sum(entry.minutes for entry in self.entries)
        head = (
            f"Total Hours: {write(total, 'tenths')[:-1]}"
            if self.style == "tenths"
            else (f"Total: {write(total, self.style)}")
        )
        lines = [head]
        self.leaf_lines = []

        def emit(node: Node, level: int, index: int) -> None:
            value = node.corrupt if corrupted and node.corrupt is not None else node.minutes
            written = write(value, self.style)
            if not node.children:
                self.leaf_lines.append(len(lines))
                written = escaped(written, self.escape)
            lines.append(f"{self.indent * level}{self.bullet} {written} task {index}")
            for position, child in enumerate(node.children):
                emit(child, level + 1, position)

        for position, entry in enumerate(self.entries):
            emit(entry, 0, position)
        text = self.newline.join(lines) + (self.newline if self.final_newline else "")
        return ("\ufeff" if self.bom else "") + text


def escaped(written: str, escape: str) -> str:
    """``written`` as Markdown may spell it: the same text once markdown-it decodes it."""
    if escape == "backslash":
        return written.replace(".", "\\.", 1)
    if escape == "entity":
        return f"&#{ord(written[0])};{written[1:]}"
    return written


def nodes(roots: list[Node]) -> list[Node]:
    """Every node, depth first."""
    found = []
    for node in roots:
        found.append(node)
        found.extend(nodes(node.children))
    return found


@st.composite
def logs(draw: st.DrawFn) -> Log:
    return Log(
        entries=[draw(trees(3)) for _ in range(draw(st.integers(1, 4)))],
        style=draw(st.sampled_from(["tenths", "minutes", "compound"])),
        indent=draw(st.sampled_from(["  ", "    ", "\t"])),
        bullet=draw(st.sampled_from(["-", "*", "+"])),
        newline=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        bom=draw(st.booleans()),
        final_newline=draw(st.booleans()),
        escape=draw(st.sampled_from(["none", "none", "backslash", "entity"])),
    )
