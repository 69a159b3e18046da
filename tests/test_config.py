"""Configuration files, discovery, merging with the command line, and their errors."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from arena_lint import lint_text
from arena_lint.cli import main
from arena_lint.config import Overrides, build
from arena_lint.config_files import parent_of

from .conftest import FIXTURES

TABS = (FIXTURES / "posts" / "tabs.md").read_text(encoding="utf-8")
BLOG_SCHEMA = {
    "type": "object",
    "required": ["title", "date", "tags"],
    "properties": {"tags": {"type": "array", "contains": {"const": "study"}}},
}


def _repo(tmp_path: Path, config: str, name: str = "pyproject.toml") -> Path:
    """A git repository holding ``config`` and a blog schema."""
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(textwrap.dedent(config), encoding="utf-8")
    (tmp_path / "blog.schema.json").write_text(json.dumps(BLOG_SCHEMA), encoding="utf-8")
    return tmp_path


def _rules(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(main, ["--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return [item["rule"] for item in json.loads(result.output)]


PYPROJECT = """\
    [project]
    name = "my-blog"

    [tool.arena-lint]
    ignore = ["extra-whitespace"]
    front-matter-schema = "blog.schema.json"
"""


def test_done_when_with_the_seed(runner: CliRunner, tmp_path: Path, seed_text: str) -> None:
    repo = _repo(tmp_path, PYPROJECT)
    posts = repo / "_posts"
    posts.mkdir()
    post = posts / "arena.md"
    post.write_text(seed_text.replace("tags: ML", "tags: [ML, study]"), encoding="utf-8")
    assert sorted(_rules(runner, str(post))) == ["duplicate-link"] * 2 + ["malformed-link"]
    post.write_text(seed_text.replace("tags: ML\n", ""), encoding="utf-8")
    assert _rules(runner, str(post)).count("schema-violation") == 1
    assert "extra-whitespace" not in _rules(runner, str(post))


def test_pyproject_ignores_and_front_matter_schema(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, PYPROJECT)
    post = repo / "post.md"
    post.write_text(TABS, encoding="utf-8")  # tags: [ml, study]
    assert sorted(_rules(runner, str(post))) == ["duplicate-link", "malformed-link"]
    post.write_text(TABS.replace("tags: [ml, study]\n", ""), encoding="utf-8")
    result = runner.invoke(main, [str(post)])
    assert result.exit_code == 1
    assert "AL003 schema-violation front matter: 'tags' is a required property" in result.output


def test_own_file_wins_and_the_nearest_folder_counts(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, PYPROJECT)
    (repo / ".arena-lint.toml").write_text('ignore = ["duplicate-link"]\n')
    deep = repo / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "post.md").write_text(TABS)
    assert sorted(_rules(runner, str(deep / "post.md"))) == ["extra-whitespace", "malformed-link"]
    (repo / "a" / ".arena-lint.toml").write_text('select = ["malformed-link"]\n')
    assert _rules(runner, str(deep / "post.md")) == ["malformed-link"]


def test_discovery_stops_at_the_repository_root(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / ".arena-lint.toml").write_text('select = ["malformed-link"]\n')
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").mkdir()
    (repo / "post.md").write_text(TABS)
    assert len(_rules(runner, str(repo / "post.md"))) == 3


def test_config_option_and_isolated(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'select = ["malformed-link"]\n', ".arena-lint.toml")
    (repo / "post.md").write_text(TABS)
    other = tmp_path / "other.toml"
    other.write_text('select = ["duplicate-link"]\n')
    post = str(repo / "post.md")
    assert _rules(runner, post) == ["malformed-link"]
    assert _rules(runner, "--config", str(other), post) == ["duplicate-link"]
    assert len(_rules(runner, "--isolated", post)) == 3


def test_command_line_overrides_the_file(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'select = ["malformed-link"]\nstrict = true\n', ".arena-lint.toml")
    (repo / "post.md").write_text(TABS)
    post = str(repo / "post.md")
    assert _rules(runner, "--select", "AL3", "--ignore", "duplicate-link", post) == [
        "extra-whitespace",
        "malformed-link",
    ]
    assert runner.invoke(main, [post]).exit_code == 1  # strict in the file
    assert runner.invoke(main, ["--no-strict", post]).exit_code == 0


@pytest.mark.parametrize(
    ("selectors", "expected"),
    [
        (
            ["style"],
            {"extra-whitespace", "mixed-duration-format", "malformed-link", "duplicate-link"},
        ),
        (
            ["AL30"],
            {"extra-whitespace", "mixed-duration-format", "malformed-link", "duplicate-link"},
        ),
        (["AL101", "subtotal-mismatch"], {"total-mismatch", "subtotal-mismatch"}),
        (["arithmetic"], {"total-mismatch", "subtotal-mismatch", "invalid-duration"}),
    ],
)
def test_selectors(selectors: list[str], expected: set[str]) -> None:
    assert build({"select": selectors}, None, Overrides()).enabled == frozenset(expected)


def test_severity_and_per_file_ignores(tmp_path: Path) -> None:
    raw = {
        "severity": {"extra-whitespace": "error", "AL304": "warning"},
        "per-file-ignores": {"drafts/*": ["style"]},
    }
    settings = build(raw, tmp_path / "pyproject.toml", Overrides())
    found = lint_text(TABS, str(tmp_path / "post.md"), settings)
    assert {(d.rule, d.severity.value) for d in found} == {
        ("extra-whitespace", "error"),
        ("duplicate-link", "warning"),
        ("malformed-link", "warning"),
    }
    assert lint_text(TABS, str(tmp_path / "drafts" / "post.md"), settings) == []


def test_include_and_exclude(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        'include = ["*.md", "*.txt"]\nexclude = ["drafts", "README.md"]\n',
        ".arena-lint.toml",
    )
    for name in ("a.md", "b.txt", "README.md", "drafts/c.md", "c.markdown"):
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text("Total: 2h\n- 1h a\n")
    result = runner.invoke(main, ["--format", "json", str(repo)])
    found = sorted(Path(d["path"]).name for d in json.loads(result.output))
    assert found == ["a.md", "b.txt"]
    # A file named explicitly is checked, unless --force-exclude (pre-commit names every file).
    assert runner.invoke(main, [str(repo / "README.md")]).exit_code == 1
    forced = runner.invoke(main, ["--force-exclude", str(repo / "README.md")])
    assert forced.output.startswith("All checks passed")


TOLERANCE_POST = "Total Hours: 1\n- 0.3h a\n- 0.3h b\n- 0.3h c\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, [("total-mismatch", "error")]),
        ({"tolerance": "0.1h"}, []),
        ({"tolerance": "5min"}, [("total-mismatch", "error")]),
        ({"tolerance-mode": "precision"}, [("total-mismatch", "warning")]),
    ],
)
def test_tolerance(raw: dict[str, str], expected: list[tuple[str, str]]) -> None:
    found = lint_text(TOLERANCE_POST, "post.md", build(raw, None, Overrides()))
    assert [(d.rule, d.severity.value) for d in found] == expected


def test_precision_names_rounding_and_its_bound() -> None:
    settings = build({"tolerance-mode": "precision"}, None, Overrides())
    (finding,) = lint_text(TOLERANCE_POST, "post.md", settings)
    assert finding.message == (
        "stated 1h, entries sum to 0.9h (-0.1h); within the rounding of the written figures "
        "(±0.15h), so rounding is the likely cause"
    )
    beyond = lint_text("Total Hours: 1\n- 0.3h a\n- 0.3h b\n", "post.md", settings)
    assert [(d.rule, d.severity.value) for d in beyond] == [("total-mismatch", "error")]


SUMS = "(an option of total-mismatch, subtotal-mismatch)"
TRUST = "(an option of total-mismatch, subtotal-mismatch, untimed-entry)"
SCHEMA = "(an option of schema-violation)"
BAD_CONFIGS = [
    (
        'selct = ["x"]\n',
        "unknown key 'selct' (did you mean 'select'?); expected one of: select, extend-select",
    ),
    ("strict = 1\n", "strict: 1 is not of type 'boolean'"),
    ('ignore = "extra-whitespace"\n', "ignore: 'extra-whitespace' is not of type 'array'"),
    ('ignore = ["extra-whitespce"]\n', "ignore: unknown rule 'extra-whitespce' (did you mean"),
    ('ignore = ["zzz"]\n', "ignore: unknown rule 'zzz'; expected a rule name"),
    (
        'severity = { total-mismatch = "fatal" }\n',
        'severity.total-mismatch: "fatal" is not allowed; expected "error" or "warning"',
    ),
    ('severity = { nope = "error" }\n', "severity: unknown rule 'nope'"),
    (
        'per-file-ignores = { "x/*" = ["AL9999"] }\n',
        "per-file-ignores.\"x/*\": unknown rule 'AL9999'",
    ),
    ('tolerance = "a bit"\n', f'tolerance {SUMS}: "a bit" is not a duration'),
    ("tolerance = 5\n", f"tolerance {SUMS}: 5 is not a duration"),
    ('tolerance-mode = "absolute"\n', 'tolerance-mode: "absolute" needs a tolerance'),
    ('tolerance-mode = "fuzzy"\n', f'tolerance-mode {SUMS}: "fuzzy" is not allowed'),
    ("fix-trust = true\n", f"fix-trust {TRUST}: true is not allowed"),
    ('front-matter-schema = "missing.json"\n', f"front-matter-schema {SCHEMA}: no file at"),
    ("front-matter-schema = 3\n", f"front-matter-schema {SCHEMA}: 3 is not a file name"),
    (
        'fix-trust = "leaves"\nfix-trusts = 1\n',
        "unknown key 'fix-trusts' (did you mean 'fix-trust'?); expected one of: ",
    ),
    ('schema = "bad.json"\n', "bad.json is not JSON"),
    ('schema = "not-a-schema.json"\n', "not-a-schema.json is not a valid JSON Schema"),
    ("select = [\n", "not valid TOML"),
]


@pytest.mark.parametrize(("config", "message"), BAD_CONFIGS, ids=[c[1][:30] for c in BAD_CONFIGS])
def test_malformed_configuration_exits_2_with_one_line(
    runner: CliRunner, tmp_path: Path, config: str, message: str
) -> None:
    repo = _repo(tmp_path, config, ".arena-lint.toml")
    (repo / "bad.json").write_text("{")
    (repo / "not-a-schema.json").write_text('{"type": 12}')
    (repo / "post.md").write_text(TABS)
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    # The file, and the line of the key when the problem is in one (`file:2: key: ...`).
    assert re.match(rf"arena-lint: {re.escape(str(repo / '.arena-lint.toml'))}(:\d+)?: ", lines[0])
    assert message in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("config", "line"),
    [
        # Another tool's `select` comes first: the line found is arena-lint's own.
        ('[tool.ruff]\nselect = ["E"]\n\n[tool.arena-lint]\nselect = 5\n', 5),
        ('tool.arena-lint.select = 5\n\n[tool.ruff]\nselect = ["E"]\n', 1),
        ('[tool.ruff]\nselect = ["E"]\n\n[tool]\narena-lint.select = 5\n', 5),
        ('[tool]\nruff.select = ["E"]\n"arena-lint" . select = 5\n', 3),
    ],
)
def test_a_dotted_key_in_pyproject_gets_its_line(
    runner: CliRunner, tmp_path: Path, config: str, line: int
) -> None:
    repo = _repo(tmp_path, config)
    (repo / "post.md").write_text(TABS)
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    assert result.output.startswith(f"arena-lint: {repo / 'pyproject.toml'}:{line}: select: ")


def test_unknown_rule_on_the_command_line_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(TABS)
    result = runner.invoke(main, ["--isolated", "--select", "nope", str(post)])
    assert result.exit_code == 2
    assert result.output.startswith("arena-lint: --select: unknown rule 'nope'")


def test_config_schema_is_shipped_and_valid() -> None:
    from jsonschema import Draft202012Validator

    from arena_lint.schema_check import load

    schema = load("config.schema.json")
    Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == {
        "select",
        "extend-select",
        "ignore",
        "per-file-ignores",
        "severity",
        "strict",
        "tolerance",
        "tolerance-mode",
        "fixable",
        "fix-trust",
        "front-matter-schema",
        "schema",
        "include",
        "exclude",
        "outline",
        "outlines",
    }


def test_the_readme_example_configuration_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    toml = re.search(r"```toml\n(\[tool\.arena-lint\].*?)```", readme, re.S)
    schema = re.search(r"with `schemas/post.schema.json`:\n\n```json\n(.*?)```", readme, re.S)
    assert toml is not None
    assert schema is not None
    repo = _repo(tmp_path, toml[1])
    (repo / "schemas").mkdir()
    (repo / "schemas" / "post.schema.json").write_text(schema[1])
    (repo / "schemas" / "log.schema.json").write_text("{}")
    post = repo / "post.md"
    post.write_text(TABS)
    assert runner.invoke(main, [str(post)]).exit_code == 0
    post.write_text(TABS.replace("tags: [ml, study]", "tags: [ml]"))
    result = runner.invoke(main, [str(post)])
    assert result.exit_code == 1
    assert "schema-violation front matter: ['ml'] does not contain items matching" in result.output


@pytest.mark.parametrize(
    "text",
    [
        "x = = 1\n",  # not TOML
        "[project\nname = 'blog'\n",
        "[project]\nname = 'a'\n[project]\nname = 'b'\n",  # a table twice
        "[project]\nname = 'a'\nname = 'b'\n",  # a key twice
        "name = 'a'\r\r\n",
        "[project]\x00\n",
    ],
)
def test_a_pyproject_that_is_not_toml_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # Whether or not it could name [tool.arena-lint], as when every
    # pyproject.toml on the way was parsed.
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "post.md").write_text("Total Hours: 1.0\n- 1.0h [A](https://a.example)\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["post.md"])
    assert result.exit_code == 2
    assert "pyproject.toml: not valid TOML" in result.stderr


def test_a_pyproject_that_is_not_utf8_or_too_large_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "post.md").write_text("Total Hours: 1.0\n- 1.0h [A](https://a.example)\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(b"[project]\nname = '\xe9'\n")
    result = CliRunner().invoke(main, ["post.md"])
    assert (result.exit_code, "not UTF-8" in result.stderr) == (2, True)
    (tmp_path / "pyproject.toml").write_bytes(b"# x\n" * 300_000)
    result = CliRunner().invoke(main, ["post.md"])
    assert (result.exit_code, "larger than" in result.stderr) == (2, True)


_BAD_SUM = "Total Hours: 3.0\n- 1.0h [A](https://a.example)\n\t- 0.5h x [B](https://b.example)\n"


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("sub/post.md", "AL102"),  # sub's configuration ignores AL101
        ("sub/", "AL101"),  # a file named sub, in the folder of the root's configuration
        ("sub/.", "AL101"),
        ("sub//", "AL101"),
        ("sub/./post.md", "AL102"),
        ("sub/../post.md", "AL101"),
    ],
)
def test_stdin_filename_takes_the_configuration_of_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, rule: str
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".arena-lint.toml").write_text("ignore = ['AL102']\n", encoding="utf-8")
    (tmp_path / "sub" / ".arena-lint.toml").write_text("ignore = ['AL101']\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["--stdin-filename", name, "--format", "json", "-"], input=_BAD_SUM
    )
    assert [finding["code"] for finding in json.loads(result.stdout)] == [rule]


@pytest.mark.skipif(os.altsep is not None, reason="POSIX paths: Windows goes through pathlib")
@given(st.lists(st.sampled_from(["/", ".", "..", "a", "b", "//", "./", "../"]), max_size=8))
def test_parent_is_pathlibs(parts: list[str]) -> None:
    path = "".join(parts)
    assert parent_of(path) == str(PurePosixPath(path).parent)
