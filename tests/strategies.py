"""Hypothesis strategies: well-formed study logs in random shapes and styles."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

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


# Log shapes (#22): one log whose sums are known, written the ways bloggers write it.

QUARTER = Fraction(1, 4)
"""Generated hours are quarters of an hour: every syntax below writes them exactly."""

SYNTAXES = ("decimal", "minutes", "compound", "colonless")
TOTAL_PLACES = ("before", "after", "last_bullet", "heading")
POSITIONS = ("before", "parenthesis", "dash")
TOPICS = (
    "Tensors",
    "Linear maps",
    "Attention",
    "Optimisers",
    "Eigenvalues",
    "Induction heads",
    "Backpropagation",
    "Inner products",
)
COMMENT = "<!-- arena-lint-disable-next-line extra-whitespace -->"
"""At column 0, as the README shows it; the entry under it has a double space."""
PERTURBATIONS = tuple(QUARTER * k for k in (-3, -2, -1, 1, 2, 4))
WHOLE_PERTURBATIONS = tuple(Fraction(k) for k in (-2, -1, 1, 2))


def spell(hours: Fraction, syntax: str) -> str:
    """``hours`` (a positive multiple of a quarter hour) in one syntax:
    ``1.5h``, ``90min``, ``1h30m`` or ``1h30`` (under an hour: ``45m``)."""
    minutes = int(hours * 60)
    if syntax == "decimal":
        whole, part = divmod(hours, 1)
        return f"{whole}h" if not part else f"{whole}.{str(part * 100).rstrip('0')}h"
    if syntax == "minutes":
        return f"{minutes}min"
    whole_hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{whole_hours}h"
    if not whole_hours:
        return f"{rest}m"
    return f"{whole_hours}h{rest}m" if syntax == "compound" else f"{whole_hours}h{rest}"


def _decimal(hours: Fraction) -> str:
    """A bare decimal for ``Total Hours: 4.5``."""
    return spell(hours, "decimal")[:-1]


@dataclass
class Chapter:
    topic: str
    exercises: list[Fraction]  # empty: the chapter is a leaf timed by ``own``
    own: Fraction = Fraction(0)
    skipped: int | None = None  # the position of a skipped exercise (hours 0), if any

    @property
    def hours(self) -> Fraction:
        return sum(self.exercises, Fraction(0)) if self.exercises else self.own


@dataclass
class Shape:
    """How one log is written."""

    syntax: str
    total_place: str
    headings: bool  # chapters as `## Chapter 1: Title (3h)` rather than bullets
    position: str  # where an entry's duration goes
    loose: bool  # blank lines between items
    bullet_change: bool  # `-` for the first chapter, `*` after it
    indent: str
    comment: bool  # a column-0 suppression comment before one exercise


@dataclass
class ShapedLog:
    """A generated post: ``text`` with one figure possibly off, ``expected`` its
    findings as (line, rule code), ``original`` the post with every figure right and
    ``hours`` the log's true total."""

    text: str
    expected: frozenset[tuple[int, str]]
    original: str
    hours: Fraction
    perturbed: bool


def _entry(text: str, duration: str | None, position: str) -> str:
    if duration is None:
        return text
    if position == "before":
        return f"{duration} {text}"
    if position == "parenthesis":
        return f"{text} ({duration})"
    return f"{text} — {duration}"


def render_shape(
    chapters: list[Chapter], shape: Shape, wrong: tuple[int, Fraction] | None = None
) -> tuple[str, dict[int, int]]:
    """The post, and the 1-based line of each figure: -1 the total, ``n`` chapter ``n``.

    ``wrong`` is (figure, value written instead): the total (-1) or a chapter's index.
    """
    total = sum((chapter.hours for chapter in chapters), Fraction(0))
    written = {-1: total} | {index: chapter.hours for index, chapter in enumerate(chapters)}
    if wrong is not None:
        written[wrong[0]] = wrong[1]
    lines = ["I keep my study hours in this post.", ""]
    places: dict[int, int] = {}

    def total_line() -> str:
        figure = written[-1]
        if shape.total_place == "heading":
            return f"## Total ({spell(figure, shape.syntax)})"
        if shape.total_place == "before" and shape.syntax == "decimal":
            return f"Total Hours: {_decimal(figure)}"
        return f"Total: {spell(figure, shape.syntax)}"

    if shape.total_place in ("before", "heading"):
        places[-1] = len(lines) + 1
        lines += [total_line(), ""]
    for index, chapter in enumerate(chapters):
        number = index + 1
        bullet = "*" if shape.bullet_change and index else "-"
        title = f"Chapter {number}: {chapter.topic}"
        figure = spell(written[index], shape.syntax)
        if shape.headings:
            if index:
                lines.append("")
            places[index] = len(lines) + 1
            heading_position = "dash" if shape.position == "dash" else "parenthesis"
            lines += [f"## {_entry(title, figure, heading_position)}", ""]
            prefix = f"{bullet} "
        else:
            if index and shape.loose:
                lines.append("")
            places[index] = len(lines) + 1
            lines.append(f"{bullet} {_entry(title, figure, shape.position)}")
            prefix = f"{shape.indent}{bullet} "
        for position, hours in enumerate(chapter.exercises):
            exercise = f"exercise {number}.{position + 1} {chapter.topic}"
            if chapter.skipped == position:
                exercise += " (skipped)"
                duration = None
            else:
                duration = spell(hours, shape.syntax)
            if shape.comment and index == 0 and position == _first_timed(chapter):
                lines.append(COMMENT)
                exercise = exercise.replace(
                    f"{number}.{position + 1} ", f"{number}.{position + 1}  "
                )
            elif shape.loose and position:
                lines.append("")
            lines.append(prefix + _entry(exercise, duration, shape.position))
    if shape.total_place == "last_bullet":
        if shape.loose:
            lines.append("")
        places[-1] = len(lines) + 1
        bullet = "*" if shape.bullet_change and len(chapters) > 1 else "-"
        lines.append(f"{bullet} **{total_line()}**")
    if shape.total_place == "after":
        places[-1] = len(lines) + 2
        lines += ["", total_line()]
    lines += ["", "More next week."]
    return "\n".join(lines) + "\n", places


def _first_timed(chapter: Chapter) -> int:
    return 1 if chapter.skipped == 0 else 0


@st.composite
def chapters_drawn(draw: st.DrawFn, leaves: bool) -> list[Chapter]:
    """One to three chapters; with ``leaves``, some without exercises."""
    quarters = st.integers(1, 16).map(lambda k: QUARTER * k)
    chapters: list[Chapter] = []
    for topic in draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)):
        exercises = draw(st.lists(quarters, min_size=0 if leaves else 1, max_size=3))
        skipped: int | None = None
        with_skip: bool = draw(st.booleans())
        if exercises and with_skip:
            skipped = draw(st.integers(0, len(exercises)))
            exercises.insert(skipped, Fraction(0))
        chapters.append(Chapter(topic, exercises, draw(quarters), skipped))
    return chapters


@st.composite
def shaped_logs(draw: st.DrawFn) -> ShapedLog:
    """A log in a drawn shape, maybe with one stated sum (the total or a chapter's
    figure) off by a few quarter hours: then the expected findings are the
    total-mismatch on the total and, for a chapter, the subtotal-mismatch on it."""
    headings = draw(st.booleans())
    chapters = draw(chapters_drawn(leaves=not headings))
    shape = Shape(
        syntax=draw(st.sampled_from(SYNTAXES)),
        # A total under the exercise list of the last heading chapter would read as
        # belonging to that chapter: with heading chapters, it comes first.
        total_place=draw(st.sampled_from(TOTAL_PLACES[::3] if headings else TOTAL_PLACES)),
        headings=headings,
        position=draw(st.sampled_from(POSITIONS)),
        loose=draw(st.booleans()),
        bullet_change=draw(st.booleans()),
        indent=draw(st.sampled_from(["  ", "    ", "\t"])),
        comment=draw(st.booleans()),
    )
    hours = sum((chapter.hours for chapter in chapters), Fraction(0))
    original, places = render_shape(chapters, shape)
    # Only stated sums: `--fix` believes the leaves, so a wrong leaf is not restored.
    targets = [-1] + [index for index, chapter in enumerate(chapters) if chapter.exercises]
    target = draw(st.none() | st.sampled_from(targets))
    if target is None:
        return ShapedLog(original, frozenset(), original, hours, perturbed=False)
    right = hours if target == -1 else chapters[target].hours
    # `--fix` keeps the written number of decimals (`0.75` -> `0.50`): in decimal
    # hours a figure is put off by whole hours, so the restored one is spelled alike.
    whole = shape.syntax == "decimal"
    delta = draw(st.sampled_from(WHOLE_PERTURBATIONS if whole else PERTURBATIONS))
    value = right + delta if right + delta > 0 else right + (1 if whole else QUARTER)
    text, _ = render_shape(chapters, shape, (target, value))
    expected = {(places[-1], "AL101")}
    if target != -1:
        expected.add((places[target], "AL102"))
    return ShapedLog(text, frozenset(expected), original, hours, perturbed=True)
