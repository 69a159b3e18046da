"""The tree a --fix pass moves its numbers in equals the tree a new parse gives.

:func:`arena_lint.retree.edited` is the fast path of a repair; whenever it
answers (not ``None``), its tree must equal the parser's tree of the edited
text, node for node, position for position. Checked pass by pass on generated
logs and on numbers surrounded by Markdown that could read them differently.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena_lint import engine, fixes
from arena_lint.api import MAX_PASSES, parse_text
from arena_lint.config import Overrides, build
from arena_lint.fixes import Edit
from arena_lint.model import Document
from arena_lint.retree import edited
from arena_lint.settings import Settings
from arena_lint.span import Span

from .conftest import FIXTURES
from .strategies import Log, logs, nodes

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARENTS = build({"fix-trust": "parents"}, None, Overrides())
EVERY_FIX = build({"fixable": ["ALL"]}, None, Overrides())


def _each_pass(text: str, own: Settings) -> list[bool]:
    """Repair ``text`` as --fix does; at each pass, the moved tree (when there is one)
    must be the parsed one. Says, pass by pass, whether the tree was moved."""
    moved = []
    originals: dict[tuple[int, int], str] = {}
    document = parse_text(text, "post.md")
    for _ in range(MAX_PASSES):
        found = engine.check(document, own, only=own.fixable)
        edits = fixes.next_edits(found, own, text, originals)
        if not edits:
            break
        text = fixes.apply(text, edits)
        parsed = parse_text(text, "post.md")
        fast = edited(document, edits)
        if fast is not None:
            assert fast == parsed
            assert fast.lines == parsed.lines
        moved.append(fast is not None)
        document = parsed
    return moved


def _corrupted(log: Log, data: st.DataObject) -> str:
    for node in data.draw(st.lists(st.sampled_from(nodes(log.entries)), max_size=3, unique_by=id)):
        node.corrupt = node.minutes + 6 * data.draw(st.sampled_from([-2, -1, 1, 3, 11]))
        if node.corrupt <= 0:
            node.corrupt = node.minutes + 6
    return log.render(True)


@EXAMPLES
@given(log=logs(), data=st.data())
def test_moved_trees_equal_parsed_trees_on_generated_logs(log: Log, data: st.DataObject) -> None:
    own = data.draw(st.sampled_from([Settings(), PARENTS, EVERY_FIX]))
    moved = _each_pass(_corrupted(log, data), own)
    if log.escape == "none" and own is not EVERY_FIX:
        assert all(moved), "plain numbers in a plain log are moved, never parsed again"


# Around a stated number, Markdown that may make it read differently once rewritten.
_BEFORE = ["", "**", "_", "*", "[", "`", "\\", "<b>", "&#49;", "<!-- c -->", "x "]
_AFTER = [
    "",
    "**",
    "_",
    ".",
    ",",
    ";",
    " 30m",
    " .5h",
    " *5m*",
    " [5m](u)",
    " [notes](u)",
    " `5m`",
    " &#53;m",
    "  ",
    "\\",
    " <!-- arena-lint-disable-line total-mismatch -->",
    " <!-- arena-lint-disable-line duplicate-entry -->",
    " [a](https://x.example/a b)",
    " [2h](2h)",
]
_WRAPS = [
    ("[", "](u)"),
    ("[", "][]"),
    ("[", " x][]"),
    ("[", " x](u)"),
    ("[", "]"),
    ("**[", "](u)**"),
    ("<b>", "</b>"),
    ("`", "`"),
    ("<", ">"),
]
_NEXT = ["", "  30m more", "  - 1h exercise 9.9 Deep", "  [x](1h)", "> 5m"]


@st.composite
def framed(draw: st.DrawFn) -> str:
    """A log whose first chapter's number sits inside drawn Markdown."""
    before, after = draw(st.sampled_from(_BEFORE)), draw(st.sampled_from(_AFTER))
    if draw(st.booleans()):
        # Or inside a construct whose markup a reader does not see.
        before, after = draw(st.sampled_from(_WRAPS))
    stated = draw(st.sampled_from(["3h", "2h30m", "150min", "2.5h", "2 hours", "45m", "1h 5m"]))
    nest = draw(st.sampled_from(["", "> "]))
    head = draw(
        st.sampled_from(["Total Hours: 7", "Total: 7h", "Total Hours: 7 (about)", "Total: 7h\nx"])
    )
    lines = [
        f"{nest}{head}",
        f"{nest}- {before}{stated}{after} Chapter 1: [Tensors](https://x.example/t)",
        f"{nest}    - 1h exercise 1.1 Views",
        f"{nest}    - 1h exercise 1.2 Strides {draw(st.sampled_from(_AFTER))}",
        f"{nest}- 4h Chapter 2: Autograd",
        f"{nest}{draw(st.sampled_from(_NEXT))}",
        "",
        "[3h]: https://x.example/label",
        "[3h x]: https://x.example/label",
    ]
    return "\n".join(lines) + "\n"


@EXAMPLES
@given(text=framed(), own=st.sampled_from([Settings(), PARENTS, EVERY_FIX]))
def test_moved_trees_equal_parsed_trees_around_markup(text: str, own: Settings) -> None:
    _each_pass(text, own)


def test_fixture_posts_move_or_parse_alike() -> None:
    for path in sorted((FIXTURES / "posts").glob("*.md")):
        text = path.read_bytes().decode("utf-8")
        for own in (Settings(), PARENTS, EVERY_FIX):
            _each_pass(text, own)


def _one(text: str, line: int, column: int, end: int, new: str) -> Document | None:
    document = parse_text(text, "post.md")
    return edited(document, [Edit(Span(line, column, line, end), new)])


def test_what_the_tree_cannot_follow_is_parsed_again() -> None:
    log = "Total Hours: 3\n- 3h Chapter 1: A [x](u)\n"
    assert _one(log, 2, 3, 5, "2h") is not None
    assert _one(log, 2, 3, 5, "2h **") is None, "markup in the new text"
    assert _one(log, 2, 12, 13, "2") is None, "not a duration of the tree"
    assert _one(log, 2, 3, 3, "2h ") is None, "an insertion"
    assert _one("Total Hours: 3\n- 2h30m 5m\n", 2, 3, 8, "3h") is None, "would read on"
    document = parse_text(log, "post.md")
    two = [Edit(Span(2, 3, 2, 5), "2h"), Edit(Span(2, 3, 2, 5), "1h")]
    assert edited(document, two) is None, "two edits on one line"


def test_a_moved_link_is_placed_as_the_parser_places_it() -> None:
    # The link's address `20` is first found inside the number once it is rewritten.
    text = "Total Hours: 3\n- 3h Chapter 1: A [x](20)\n"
    moved = _one(text, 2, 3, 5, "20h")
    assert moved is not None
    assert moved == parse_text(text.replace("- 3h", "- 20h"), "post.md")
    assert moved.logs[0].entries[0].links[0].span == Span(2, 3, 2, 5)
