"""The outline rules (AL4) end to end: configured in a repository, through
``check``, ``--fix`` and the editor server; a bad outline is a configuration error."""

from __future__ import annotations

import json
import pickle
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main
from arena_lint.config import Resolver
from arena_lint.course import Outline

from .test_server import SERVER, actions_at, only_edits, open_text, rule, serving

EXAMPLE = Path(__file__).parent.parent / "examples" / "courses" / "arena.toml"

POST = """\
---
title: ARENA, so far
course: ARENA 2.0
---

Total Hours: 9.
- 5h [Chapter 0: Fundamentals](https://arena-ch0-fundamentals.streamlit.app/)
	- 2h exercise 0.1 [Ray Tracing](https://arena-ch0-fundamentals.streamlit.app/[0.2]_CNNs)
	- 3h exercise 0.2 [CNNs](https://colab.research.google.com/drive/mine)
- 4h [Chapter 2: Reinforcement Learning](https://arena-ch2-rl.streamlit.app/)
	- 1h exercise 2.3 [DQN](https://colab.research.google.com/drive/ppo)
	- 3h exercise 2.5 [RLHF](https://arena-ch2-rl.streamlit.app/[2.4]_RLHF)
""".replace("/mine)", "/mine)   ")  # trailing spaces, which --fix leaves alone


def _repo(tmp_path: Path, config: str) -> Path:
    """A repository with the shipped outline in courses/ and ``config``."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "courses").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "courses" / "arena.toml")
    (tmp_path / ".arena-lint.toml").write_text(textwrap.dedent(config), encoding="utf-8")
    (tmp_path / "posts").mkdir()
    return tmp_path


def _found(runner: CliRunner, *args: str) -> list[tuple[int, int, str]]:
    result = runner.invoke(main, ["--format", "json", "--select", "outline", *args])
    assert result.exit_code in (0, 1), result.output
    return [(d["line"], d["column"], d["rule"]) for d in json.loads(result.output)]


def test_check_reports_against_the_configured_outline(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'outline = "courses/arena.toml"\n')
    post = repo / "posts" / "arena.md"
    post.write_text(POST, encoding="utf-8")
    assert _found(runner, str(post)) == [
        (8, 34, "outline-link-mismatch"),
        (9, 21, "outline-title-mismatch"),
        (11, 21, "outline-title-mismatch"),
        (12, 16, "not-in-outline"),
    ]
    result = runner.invoke(main, ["--select", "outline", "--color", "never", str(post)])
    assert "exercise 2.3 is titled 'DQN'; the outline of ARENA 2.0 has 'PPO'" in result.output
    assert "its chapter 2 has 2.1, 2.2, 2.3, 2.4" in result.output


def test_the_seed_agrees_with_the_shipped_outline(
    runner: CliRunner, tmp_path: Path, seed_text: str
) -> None:
    # The example outline takes the seed's titles and links: a clean post stays clean.
    repo = _repo(tmp_path, 'outline = "courses/arena.toml"\n')
    post = repo / "posts" / "arena.md"
    post.write_text(seed_text, encoding="utf-8")
    assert _found(runner, str(post)) == []
    post.write_text(seed_text.replace("exercise 2.4 [RLHF]", "exercise 2.5 [RLHF]"), "utf-8")
    assert _found(runner, str(post)) == [(30, 19, "not-in-outline")]


def test_without_an_outline_the_rules_are_off(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "strict = false\n")
    post = repo / "posts" / "arena.md"
    post.write_text(POST, encoding="utf-8")
    assert _found(runner, str(post)) == []


def test_outlines_are_chosen_by_the_posts_course(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        """\
        [outlines]
        arena = "courses/arena.toml"
        """,
    )
    named = repo / "posts" / "named.md"
    named.write_text(POST.replace("course: ARENA 2.0", "course: Arena"), encoding="utf-8")
    by_name = repo / "posts" / "by-outline-name.md"
    by_name.write_text(POST, encoding="utf-8")  # the outline's own course name
    other = repo / "posts" / "other.md"
    other.write_text(POST.replace("course: ARENA 2.0", "course: Deep RL"), encoding="utf-8")
    unnamed = repo / "posts" / "unnamed.md"
    unnamed.write_text(POST.replace("course: ARENA 2.0\n", ""), encoding="utf-8")
    assert len(_found(runner, str(named))) == 4
    assert len(_found(runner, str(by_name))) == 4
    # No outline for these (no default `outline`): nothing to check against.
    assert _found(runner, str(other)) == []
    assert _found(runner, str(unnamed)) == []


def test_a_post_of_another_course_is_not_checked_against_the_default(
    runner: CliRunner, tmp_path: Path
) -> None:
    repo = _repo(tmp_path, 'outline = "courses/arena.toml"\nfixable = ["outline"]\n')
    other = repo / "posts" / "other.md"
    other.write_text(POST.replace("course: ARENA 2.0", "course: Deep RL"), encoding="utf-8")
    own = repo / "posts" / "own.md"
    own.write_text(POST.replace("course: ARENA 2.0", "course: arena 2.0"), encoding="utf-8")
    assert _found(runner, str(other)) == []
    assert len(_found(runner, str(own))) == 4
    # --fix would have written ARENA's titles into another course's log.
    before = other.read_bytes()
    assert runner.invoke(main, ["--fix", str(other)]).exit_code == 0
    assert other.read_bytes() == before


def test_numbers_match_the_outline_whole(runner: CliRunner, tmp_path: Path) -> None:
    # `Chapter 02` and `exercise 2.03` are the outline's 2 and 2.3, as a log reads them.
    repo = _repo(tmp_path, 'outline = "courses/arena.toml"\n')
    post = repo / "posts" / "arena.md"
    post.write_text(
        "Total Hours: 4\n- 4h Chapter 02: Reinforcement Learning\n    - 4h exercise 2.03 DQN\n",
        encoding="utf-8",
    )
    assert _found(runner, str(post)) == [(3, 24, "outline-title-mismatch")]


def test_fix_changes_only_the_titles_and_links(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'outline = "courses/arena.toml"\nfixable = ["outline"]\n')
    post = repo / "posts" / "arena.md"
    original = POST.replace("\n", "\r\n").encode("utf-8")  # CRLF and a trailing blank kept
    post.write_bytes(original)
    result = runner.invoke(main, ["--fix", str(post)])
    assert result.exit_code in (0, 1), result.output
    expected = (
        original.replace(b"[0.2]_CNNs)", b"[0.1]_Ray_Tracing)")
        .replace(b"[CNNs]", b"[CNN]")
        .replace(b"[DQN]", b"[PPO]")
    )
    assert post.read_bytes() == expected
    # What is left cannot be fixed from the outline: the exercise it does not have.
    assert _found(runner, str(post)) == [(12, 16, "not-in-outline")]


def test_a_title_that_markdown_would_read_otherwise_is_not_written(tmp_path: Path) -> None:
    from arena_lint.api import run_text
    from arena_lint.config import Overrides, build

    outline = tmp_path / "o.toml"
    outline.write_text(
        'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "Nets [draft]"\n', encoding="utf-8"
    )
    (tmp_path / ".git").mkdir()
    settings = build({"outline": "o.toml"}, tmp_path / ".arena-lint.toml", Overrides())
    result = run_text("Total Hours: 1\n- 1h Chapter 1: Networks\n", "p.md", settings)
    (finding,) = [d for d in result.diagnostics if d.rule == "outline-title-mismatch"]
    assert "has 'Nets [draft]'" in finding.message
    assert finding.fix == ()


@pytest.mark.parametrize(
    ("title", "link", "fixable"),
    [
        # Written as is, each would be read back as something else (a new line, an
        # entity, an escape) or put a control character into the post.
        ('"Ray\\nTracing"', '"https://e.org/0"', False),
        ('"Ray\\r\\nTracing"', '"https://e.org/0"', False),
        ('"C\\u202eNN"', '"https://e.org/0"', False),
        ('"Networks\\u0007"', '"https://e.org/0"', False),
        ('"A &amp; B"', '"https://e.org/0"', False),
        ('"A &#38; B"', '"https://e.org/0"', False),
        ('"Q & A"', '"https://e.org/0"', True),  # a plain ampersand is text
        ('"Nets"', '"https://e.org/1\\u001b[31m"', False),
        ('"Nets"', '"https://e.org/a\\\\_b"', False),
        ('"Nets"', '"https://e.org/?a=1&amp;b=2"', False),
        ('"Nets"', '"https://e.org/?a=1&b=2"', True),
    ],
)
def test_an_outline_text_that_would_not_read_back_is_not_written(
    tmp_path: Path, title: str, link: str, fixable: bool
) -> None:
    from arena_lint.api import run_text
    from arena_lint.config import Overrides, build

    outline = tmp_path / "o.toml"
    outline.write_text(
        f'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = {title}\nlink = {link}\n',
        encoding="utf-8",
    )
    (tmp_path / ".git").mkdir()
    settings = build({"outline": "o.toml"}, tmp_path / ".arena-lint.toml", Overrides())
    post = "Total Hours: 1\n- 1h [Chapter 1: Nets](https://e.org/0)\n"
    result = run_text(post, "p.md", settings)
    # Either the title or the link differs from the outline's, not both.
    (found,) = [d for d in result.diagnostics if d.rule.startswith("outline-")]
    assert bool(found.fix) == fixable


def test_outline_text_is_escaped_in_messages(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'outline = "courses/evil.toml"\n')
    (repo / "courses" / "evil.toml").write_text(
        'course = "x\\u001b[2Jy"\n[[chapters]]\nnumber = "1"\ntitle = "a\\u001b]8;;b"\n',
        encoding="utf-8",
    )
    post = repo / "posts" / "p.md"
    post.write_text("Total Hours: 1\n- 1h Chapter 1: Basics\n", encoding="utf-8")
    result = runner.invoke(main, ["--select", "outline", "--color", "never", str(post)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "x\\x1b[2Jy" in result.output


@pytest.mark.parametrize(
    ("config", "outline", "expected"),
    [
        ('outline = "courses/arena.toml"\n', "course = [\n", "arena.toml: not valid TOML"),
        (
            'outline = "courses/arena.toml"\n',
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = "soon"\n',
            "arena.toml:3: hours of 1: 'soon' is not a duration",
        ),
        ('outline = "courses/none.toml"\n', None, "outline (an option of not-in-outline"),
        ('outline = "../outside.toml"\n', None, "is outside the repository"),
        ("outline = 3\n", None, "3 is not a file name"),
        ("outlines = 3\n", None, "3 is not a table of names and file names"),
        ('[outlines]\nx = "courses/none.toml"\n', None, "no file at"),
    ],
)
def test_a_bad_outline_is_a_configuration_error(
    runner: CliRunner, tmp_path: Path, config: str, outline: str | None, expected: str
) -> None:
    (tmp_path / "repo").mkdir()
    repo = _repo(tmp_path / "repo", config)
    (tmp_path / "outside.toml").write_bytes(EXAMPLE.read_bytes())
    if outline is not None:
        (repo / "courses" / "arena.toml").write_text(outline, encoding="utf-8")
    post = repo / "posts" / "p.md"
    post.write_text(POST, encoding="utf-8")
    result = runner.invoke(main, [str(post)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_outline_is_loaded_once_and_the_settings_pickle(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'outline = "courses/arena.toml"\n')
    settings = Resolver().settings_in(str(repo / "posts"))
    outline = settings.options["outline"]
    assert isinstance(outline, Outline)
    assert outline.planned_hours() == 44
    assert Resolver().settings_in(str(repo)).options["outline"] == outline
    # Sent to --jobs workers whole.
    assert pickle.loads(pickle.dumps(settings)) == settings


@pytest.mark.asyncio
async def test_the_server_reports_and_fixes_against_the_outline(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'outline = "courses/arena.toml"\nfixable = ["ALL"]\n')
    post = repo / "posts" / "arena.md"
    post.write_text(POST, encoding="utf-8")
    uri = post.as_uri()
    async with serving(SERVER, root=repo) as client:
        found = await open_text(client, uri, POST)
        outline_rules = sorted(
            (d.range.start.line, d.range.start.character, rule(d))
            for d in found
            if rule(d).startswith(("outline", "not-in"))
        )
        assert outline_rules == [
            (7, 33, "outline-link-mismatch"),
            (8, 20, "outline-title-mismatch"),
            (10, 20, "outline-title-mismatch"),
            (11, 15, "not-in-outline"),
        ]
        actions = await actions_at(client, uri, 10, only=["quickfix"])
        (title,) = [a for a in actions if a.title == "Fix outline-title-mismatch"]
        edits = {
            (e.range.start.line, e.range.start.character, e.new_text)
            for e in only_edits(title, uri)
        }
        assert (10, 20, "PPO") in edits
        assert edits <= {(10, 20, "PPO"), (8, 20, "CNN")}
