"""The course outline: its model, the shipped example, and every way loading it fails."""

from __future__ import annotations

import os
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

from arena_lint import schema_check
from arena_lint.config import ConfigError
from arena_lint.course import MAX_OUTLINE_BYTES, Outline, Planned, load_outline

EXAMPLE = Path(__file__).parent.parent / "examples" / "courses" / "arena.toml"

SMALL = """\
course = "Small"

[[chapters]]
number = "1"
title = "Basics"
link = "https://course.example.org/1"
hours = 3

[[chapters.exercises]]
number = "1.1"
title = "Setup"
hours = 0.5

[[chapters.exercises]]
number = "1.2"
title = "Tensors"
hours = "1h20m"

[[chapters]]
number = "2"
title = "Vision"

[[chapters.exercises]]
number = "2.1"
title = "Convolutions"
hours = 1.25

[[chapters.exercises]]
number = "2.2"
title = "ResNets"

[[chapters]]
number = "3"
title = "Language"
"""


def _write(tmp_path: Path, text: str, name: str = "outline.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _load(tmp_path: Path, text: str) -> Outline:
    return load_outline(_write(tmp_path, text), root=tmp_path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    return message


def test_a_small_outline_is_read_exactly(tmp_path: Path) -> None:
    outline = _load(tmp_path, SMALL)
    assert outline.name == "Small"
    assert outline.path == str(tmp_path / "outline.toml")
    assert [chapter.number for chapter in outline.chapters] == ["1", "2", "3"]
    basics = outline.chapters[0]
    assert basics == Planned(
        "1",
        "Basics",
        "https://course.example.org/1",
        Fraction(3),
        4,
        (
            Planned("1.1", "Setup", None, Fraction(1, 2), 10),
            Planned("1.2", "Tensors", None, Fraction(4, 3), 15),
        ),
    )
    # A TOML float is read as written, not as the nearest binary fraction.
    assert outline.get("2.1") == Planned("2.1", "Convolutions", None, Fraction(5, 4), 24)
    assert outline.get("2.2") == Planned("2.2", "ResNets", None, None, 29)


def test_planned_hours_take_a_chapters_own_else_its_exercises(tmp_path: Path) -> None:
    # Chapter 1 says 3h (its exercises' 1/2 + 4/3 are not added again); chapter 2
    # has none, so its exercises' 5/4 (2.2 plans nothing); chapter 3 plans nothing.
    assert _load(tmp_path, SMALL).planned_hours() == Fraction(3) + Fraction(5, 4)


def test_nothing_planned_is_none_not_zero(tmp_path: Path) -> None:
    outline = _load(tmp_path, 'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\n')
    assert outline.planned_hours() is None


def test_lookups(tmp_path: Path) -> None:
    outline = _load(tmp_path, SMALL)
    chapter = outline.get("1")
    assert chapter is not None
    assert chapter.title == "Basics"
    assert outline.get("1.3") is None
    assert outline.get("4") is None
    parent = outline.parent_of("2.2")
    assert parent is not None
    assert parent.number == "2"
    assert outline.parent_of("2") is None  # a chapter has no parent
    assert outline.parent_of("2.9") is None
    assert [item.number for item in outline.walk()] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "3"]


def test_the_shipped_example(tmp_path: Path) -> None:
    outline = load_outline(EXAMPLE, root=EXAMPLE.parent.parent)
    assert outline.name == "ARENA 2.0"
    assert [c.title for c in outline.chapters] == [
        "Fundamentals",
        "Transformers & Mech Interp",
        "Reinforcement Learning",
        "Training at Scale",
    ]
    two = outline.get("2")
    assert two is not None
    assert [e.title for e in two.children] == [
        "Introduction to RL",
        "Deep Q Learning",
        "PPO",
        "RLHF",
    ]
    assert outline.get("2.5") is None
    # 10 (chapter 0's own) + 4 + 6 (chapter 1 has no hours: its exercises')
    # + 14 + 10 (chapter 3's own; 3.3 plans nothing).
    assert outline.planned_hours() == 44
    dqn = outline.get("2.2")
    assert dqn is not None
    assert dqn.hours == Fraction(9, 2)
    ray = outline.get("0.1")
    assert ray is not None
    assert ray.link == "https://arena-ch0-fundamentals.streamlit.app/[0.1]_Ray_Tracing"


def test_the_schema_is_a_schema() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema_check.load("course-outline.schema.json"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("course = [", ": not valid TOML: "),
        ('course = "c"\n', ":1: 'chapters' is a required property (at $)"),
        (
            'course = "c"\nteacher = "x"\n[[chapters]]\nnumber = "1"\ntitle = "t"\n',
            ":1: unknown key 'teacher' (at $); expected one of: course, chapters",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = -1\n',
            ":3: -1 is less than the minimum of 0 (at $.chapters[0].hours)",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = "soon"\n',
            ":3: hours of 1: 'soon' is not a duration",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = "1h-2h"\n',
            ":3: hours of 1: '1h-2h' is a range; write the time spent as one figure",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = "2,5h"\n',
            ":3: hours of 1: '2,5h' uses a comma; write the decimal point as `.`",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = true\n',
            ":3: True is not of type 'number', 'string' (at $.chapters[0].hours)",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = nan\n',
            ": not valid TOML arena-lint reads: nan is not a number of hours",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = 1e99999\n',
            ": not valid TOML arena-lint reads: 1e99999 has too many digits",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = 1\ntitle = "t"\n',
            ":1: 1 is not of type 'string' (at $.chapters[0].number)",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\n'
            '[[chapters]]\nnumber = "2"\ntitle = "u"\n'
            '[[chapters.exercises]]\nnumber = "1.1"\ntitle = "v"\n',
            ":9: exercise '1.1' is not numbered under its chapter '2' (expected 2.<n>)",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\n'
            '[[chapters.exercises]]\nnumber = "1.1"\ntitle = "v"\n'
            '[[chapters.exercises]]\nnumber = "1.1"\ntitle = "w"\n',
            ":9: number '1.1' appears twice (first at line 6)",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\n'
            '[[chapters.exercises]]\nnumber = "12.1"\ntitle = "v"\n',
            ":6: exercise '12.1' is not numbered under its chapter '1'",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1 and 2"\ntitle = "t"\n',
            ":3: '1 and 2' does not match",
        ),
        (
            'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "  "\n',
            "does not match '\\\\S' (at $.chapters[0].title)",
        ),
        ("x = 1" + "0" * 5000 + "\n", ": not valid TOML arena-lint reads: Exceeds the limit"),
        ("\xff", ": not valid TOML: "),
    ],
)
def test_every_load_error_is_one_line_naming_the_place(
    tmp_path: Path, text: str, expected: str
) -> None:
    message = _error(tmp_path, text)
    shown = str(tmp_path / "outline.toml")
    assert message.startswith(shown + ":"), message
    assert expected.strip() in message, message


def test_an_outline_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "outline.toml"
    path.write_bytes(b'course = "\xff"\n')
    with pytest.raises(ConfigError, match=r"outline\.toml: not UTF-8 text \(byte 10\)$"):
        load_outline(path, root=tmp_path)


def test_a_large_outline_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "outline.toml"
    path.write_bytes(b"#" * (MAX_OUTLINE_BYTES + 1))
    with pytest.raises(ConfigError, match="larger than 1,000,000 bytes; not read"):
        load_outline(path, root=tmp_path)


def test_a_missing_outline(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read: No such file"):
        load_outline(tmp_path / "missing.toml", root=tmp_path)


def test_an_outline_that_is_a_folder_or_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(ConfigError, match=r"folder\.toml: "):
        load_outline(tmp_path / "folder.toml", root=tmp_path)
    os.mkfifo(tmp_path / "pipe.toml")  # opening it must not wait for a writer
    with pytest.raises(ConfigError, match=r"pipe\.toml: is not a regular file; not read"):
        load_outline(tmp_path / "pipe.toml", root=tmp_path)


def test_an_outline_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    secret = _write(tmp_path, SMALL, "elsewhere.toml")
    (repo / "outline.toml").symlink_to(secret)
    for path in (repo / "outline.toml", repo / ".." / "elsewhere.toml"):
        with pytest.raises(ConfigError, match="is outside the repository"):
            load_outline(path, root=repo)
    # Named by the user (no root), it is theirs to choose.
    assert load_outline(repo / "outline.toml", root=None).name == "Small"


def test_a_message_quoting_the_file_is_cut_short(tmp_path: Path) -> None:
    message = _error(
        tmp_path, 'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "' + "x" * 100_000 + '"\n'
    )
    assert len(message) < 600


@pytest.mark.parametrize("hours", ['"0h"', '"0min"', '"0.0h"', "0", "0.0"])
def test_zero_planned_hours_are_zero_however_written(tmp_path: Path, hours: str) -> None:
    # The schema allows 0 (an optional reading, say); a duration string of zero
    # is the same plan, not "not a duration".
    outline = _load(
        tmp_path, f'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\nhours = {hours}\n'
    )
    assert outline.chapters[0].hours == 0


def test_numbers_are_looked_up_whole_as_a_log_reads_them(tmp_path: Path) -> None:
    # A log's `Chapter 01` is chapter 1 and `1.01` is 1.1 ("numbers are read whole").
    outline = _load(tmp_path, SMALL)
    assert [p and p.number for p in map(outline.get, ("01", "1.01", "001.1", "2.02"))] == [
        "1",
        "1.1",
        "1.1",
        "2.2",
    ]
    parent = outline.parent_of("02.2")
    assert parent is not None
    assert parent.number == "2"
    appendix = _load(
        tmp_path,
        'course = "c"\n[[chapters]]\nnumber = "A"\ntitle = "t"\n'
        '[[chapters.exercises]]\nnumber = "A.1"\ntitle = "u"\n',
    )
    assert appendix.get("a.1") is appendix.chapters[0].children[0]


def test_one_number_written_two_ways_appears_twice(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        'course = "c"\n[[chapters]]\nnumber = "1"\ntitle = "t"\n'
        '[[chapters]]\nnumber = "01"\ntitle = "u"\n',
    )
    assert message.endswith(":6: number '01' appears twice (first at line 3)"), message
