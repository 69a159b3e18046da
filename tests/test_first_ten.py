"""A new user's first ten minutes: every run says what it did and what to do next."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main

from .test_discovery import GOOD, needs_git


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll-like blog: its built site is ignored by git."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "blog"
    (repo / "_site").mkdir(parents=True)
    (repo / "_posts").mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("_site/\n")
    (repo / "_site" / "week-3.md").write_text(GOOD)
    (repo / "_posts" / "week-3.md").write_text(GOOD)
    (repo / "_posts" / "notes.txt").write_text("not a post\n")
    monkeypatch.chdir(repo)
    return repo


@needs_git
@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["_site"], "_site: ignored by git (.gitignore)"),
        (["--exclude", "_posts", "_posts"], "_posts: excluded by `exclude`"),
    ],
)
def test_a_run_that_checks_nothing_says_why(blog: Path, args: list[str], why: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "0 files checked" in result.stdout
    assert f"arena-lint: warning: no file checked: {why}" in result.stderr


@needs_git
def test_a_folder_whose_posts_are_all_ignored_says_so(blog: Path) -> None:
    (blog / "_posts" / ".gitignore").write_text("*.md\n")
    result = CliRunner().invoke(main, ["_posts"])
    assert "_posts: every file matching `include` is ignored by git" in result.stderr


@needs_git
def test_a_folder_without_markdown_says_so(blog: Path) -> None:
    (blog / "assets").mkdir()
    (blog / "assets" / "logo.svg").write_text("<svg/>")
    result = CliRunner().invoke(main, ["assets"])
    assert "no file checked: assets: no file matches `include` (*.md, *.markdown)" in result.stderr
    report = CliRunner().invoke(main, ["report", "assets"])
    assert "no file checked: assets: no file matches `include`" in report.stderr


@needs_git
def test_a_run_that_checks_files_says_nothing_aside(blog: Path) -> None:
    result = CliRunner().invoke(main, ["_posts"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert "1 file checked" in result.stdout


@needs_git
def test_an_empty_selection_is_said(blog: Path) -> None:
    (blog / "pyproject.toml").write_text("[tool.arena-lint]\nselect = []\n")
    result = CliRunner().invoke(main, ["_posts"])
    assert "warning: no rule is selected" in result.stderr
    assert "no rule" not in CliRunner().invoke(main, ["--select", "ALL", "_posts"]).stderr


# --- item 1: what --fix repairs is said ---------------------------------------------------

# A wrong chapter (fixable by default), two spaces (style: --fixable), a repeated link (never).
FIXABLE = (
    "Total Hours: 3\n"
    "- 3h [Chapter 1: Basics](https://example.org/ch1)\n"
    "  - 1h exercise 1.1  [Views](https://example.org/ch1)\n"
)


def test_fixable_findings_are_marked_and_counted(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(FIXABLE)
    result = CliRunner().invoke(main, [str(post)])
    lines = result.stdout.splitlines()
    assert [line.split()[1:3] for line in lines[:-1]] == [
        ["AL102", "[*]"],
        ["AL301", "extra-whitespace"],
        ["AL304", "duplicate-link"],
    ]
    assert lines[-1] == (
        "Found 1 error and 2 warnings in 1 of 1 file. "
        "1 fixable with `--fix` (1 more with `--fix --fixable style`)."
    )
    # A configuration that makes style fixable marks it too.
    marked = CliRunner().invoke(main, ["--fixable", "ALL", str(post)]).stdout
    assert marked.count("[*]") == 2
    assert "2 fixable with `--fix`." in marked


def test_the_fix_summary_counts_as_check_does(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(FIXABLE)
    checked = CliRunner().invoke(main, ["--format", "json", str(post)])
    found = len(__import__("json").loads(checked.stdout))
    fixed = CliRunner().invoke(main, ["--fix", str(post)])
    remaining = fixed.stdout.splitlines()[:-1]
    assert fixed.stdout.splitlines()[-1] == (
        f"Fixed 1 of {found} findings; {len(remaining)} remaining "
        "(0 errors, 2 warnings; 1 file checked). 1 with `--fix --fixable style`."
    )
    assert found == 1 + len(remaining)
    again = CliRunner().invoke(main, ["--fix", str(post)]).stdout.splitlines()[-1]
    assert again.startswith("Fixed 0 of 2 findings; 2 remaining")


def test_the_fix_summary_counts_a_file_it_could_not_read(tmp_path: Path) -> None:
    # check reports the unreadable file as one finding; --fix said "Fixed 0 of 0
    # findings; 1 remaining".
    post = tmp_path / "post.md"
    post.write_bytes(b"Total Hours: 1\n- 2h Chapter 1: \xff\n")
    checked = CliRunner().invoke(main, [str(post)]).stdout.splitlines()[-1]
    assert checked.startswith("Found 1 error and 0 warnings in 1 of 1 file")
    fixed = CliRunner().invoke(main, ["--fix", str(post)]).stdout.splitlines()[-1]
    assert fixed.startswith("Fixed 0 of 1 finding; 1 remaining (1 error, 0 warnings;")


def test_list_rules_says_what_fix_repairs() -> None:
    from arena_lint.rules import all_rules
    from arena_lint.settings import DEFAULT_FIXABLE

    rows = CliRunner().invoke(main, ["--list-rules"]).stdout.splitlines()
    assert rows[0].split() == ["code", "name", "severity", "group", "fix", "summary"]
    fix = {row.split()[1]: row.split()[4] for row in rows[1:]}
    assert fix["subtotal-mismatch"] == "[*]"
    assert fix["extra-whitespace"] == "opt-in"
    assert fix["duplicate-link"] == "-"
    # The column follows the rules' own declarations.
    assert {name for name, mark in fix.items() if mark == "[*]"} == DEFAULT_FIXABLE
    assert {rule.name for rule in all_rules() if rule.fixable} == {
        name for name, mark in fix.items() if mark != "-"
    }


@needs_git
def test_a_named_file_left_out_on_purpose_is_not_warned_of(blog: Path) -> None:
    # pre-commit names every staged post with --force-exclude: an excluded one is the
    # user's choice, and a warning at every commit would be noise.
    args = ["--force-exclude", "--exclude", "_posts", "_posts/week-3.md"]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert "0 files checked" in result.stdout


# --- item 3: an output path in a folder that does not exist yet --------------------------


@pytest.mark.parametrize(
    "option", [["-o", "out/deep/res.txt"], ["--output", "sarif:out/deep/res.txt"]]
)
def test_an_output_file_gets_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text(GOOD)
    result = CliRunner().invoke(main, [*option, "post.md"])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out" / "deep" / "res.txt").read_text()
    assert "All checks passed" in written or '"runs"' in written


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(GOOD)
    (tmp_path / "file").write_text("in the way\n")
    result = CliRunner().invoke(
        main, ["-o", str(tmp_path / "file" / "res.txt"), str(tmp_path / "post.md")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"arena-lint: cannot write {tmp_path / 'file' / 'res.txt'}: ")
    assert "Traceback" not in result.output


def test_report_and_chart_get_their_folders(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(GOOD)
    table, chart = tmp_path / "a" / "hours.md", tmp_path / "b" / "hours.svg"
    result = CliRunner().invoke(
        main, ["report", "-o", str(table), "--chart", str(chart), str(post)]
    )
    assert result.exit_code == 0, result.output
    assert table.is_file()
    assert chart.read_text().startswith("<svg")


# --- item 6: report says why it fails, and which dates it could not read ------------------


def _dated(title: str, date: str, total: str = "3") -> str:
    return (
        f"---\ntitle: {title}\ndate: {date}\n---\n\n"
        f"Total Hours: {total}\n- 1h Chapter 1: Basics\n- 2h Chapter 2: Nets\n"
    )


@pytest.fixture
def dated_blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "2024-01-07-week-1.md").write_text(_dated("Week 1", "2024-01-07"))
    # No such month: the YAML date fails, and the file name must not stand in for it.
    (tmp_path / "2024-01-14-week-2.md").write_text(_dated("Week 2", "2024-13-45"))
    (tmp_path / "2024-01-21-week-3.md").write_text("---\ntitle: [unclosed\n---\n" + GOOD)
    (tmp_path / "week-4.md").write_text(_dated("Week 4", "2024-02-01", total="4"))  # wrong sum
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "markdown", "csv", "json", "html"])
def test_report_by_month_says_why_it_fails_in_every_format(
    dated_blog: Path, output_format: str
) -> None:
    result = CliRunner().invoke(main, ["report", "--by", "month", "--format", output_format, "."])
    assert result.exit_code == 1
    notes = result.stderr.splitlines()
    # Every post check fails on: the two whose front matter is invalid, and the wrong sum.
    assert notes[:3] == [
        f"arena-lint: {name}:6: 1 error in this log; its hours may be wrong "
        "(see `arena-lint check`)"
        for name in ("2024-01-14-week-2.md", "2024-01-21-week-3.md", "week-4.md")
    ]
    assert notes[3].startswith(
        "arena-lint: 2024-01-14-week-2.md: date not read, counted as undated: "
        "its front matter cannot be read (YAML error: `date`: cannot read '2024-13-45'"
    )
    assert notes[4].startswith("arena-lint: 2024-01-21-week-3.md: date not read")
    assert len(notes) == 5
    # Undated, not dated by their file names: January holds one post.
    assert "2024-01-14-week-2.md" in result.stdout
    if output_format == "csv":
        assert "\n2024-01,2024-01-01,2024-01-31,3,3,2024-01-07-week-1.md,1,2\n" in result.stdout
    if output_format == "json":
        import json

        data = json.loads(result.stdout)
        assert [p["date"] for p in data["timeline"]["posts"]] == [
            "2024-01-07",
            None,
            None,
            "2024-02-01",
        ]
        assert data["problems"] == [note.removeprefix("arena-lint: ") for note in notes]


def test_report_by_post_leaves_errors_beside_their_log(dated_blog: Path) -> None:
    result = CliRunner().invoke(main, ["report", "week-4.md"])
    assert result.exit_code == 1
    assert "[1 error in this log: see arena-lint check]" in result.stdout
    assert result.stderr == ""  # said once, where the log is


def test_since_says_which_dates_it_could_not_read(dated_blog: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--since", "2024-01-01", "2024-01-14-week-2.md"])
    assert "2024-01-14-week-2.md: date not read, counted as undated" in result.stderr


# --- item 7: a template's front matter (Hugo archetypes) is not a post's ---------------------

ARCHETYPES = {
    "default.md": '---\ntitle: "{{ replace .File.ContentBaseName "-" " " | title }}"\n'
    "date: {{ .Date }}\ndraft: true\n---\n",
    "posts.md": '+++\ntitle = "{{ .Name }}"\ndate = {{ .Date }}\ndraft = true\n+++\n',
    "trimmed.md": "---\ntitle: {{- .Name -}}\n---\n",
}


@pytest.mark.parametrize("name", sorted(ARCHETYPES))
def test_an_archetype_is_not_checked_as_front_matter(tmp_path: Path, name: str) -> None:
    from arena_lint import lint_text

    text = ARCHETYPES[name]
    assert lint_text(text, f"archetypes/{name}") == []
    # The same lines with the template actions written out are checked: the marker is
    # the template, not the folder's name.
    broken = re.sub(r'"?\{\{.*?\}\}"?', "[x", text)
    assert [d.rule for d in lint_text(broken, f"archetypes/{name}")] == ["front-matter-invalid"]


def test_a_template_is_not_held_to_the_front_matter_schema(tmp_path: Path) -> None:
    schema = tmp_path / "post.schema.json"
    schema.write_text('{"type": "object", "required": ["tags"]}')
    (tmp_path / "default.md").write_text(ARCHETYPES["default.md"])
    (tmp_path / "post.md").write_text("---\ntitle: A post\n---\n")
    args = ["--front-matter-schema", str(schema), str(tmp_path / "default.md")]
    assert CliRunner().invoke(main, args).exit_code == 0
    args[-1] = str(tmp_path / "post.md")
    assert "schema-violation" in CliRunner().invoke(main, args).stdout


def test_dump_tree_says_a_template_was_not_checked(tmp_path: Path) -> None:
    import json

    post = tmp_path / "default.md"
    post.write_text(ARCHETYPES["default.md"] + "\nTotal Hours: 1\n- 1h Chapter 1: Basics\n")
    result = CliRunner().invoke(main, ["--dump-tree", str(post)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["front_matter"] is None
    assert len(json.loads(result.stdout)["logs"]) == 1  # the body is still read
    assert result.stderr == (
        f"arena-lint: note: {post}: lines 1-5 are a template's front matter "
        "({{ ... }}, as in Hugo's archetypes/): not parsed or checked\n"
    )
    plain = tmp_path / "plain.md"
    plain.write_text("---\ntitle: A post\n---\n")
    assert CliRunner().invoke(main, ["--dump-tree", str(plain)]).stderr == ""


# --- item 4: configuration errors say where, and what was meant ------------------------------


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        (
            ".arena-lint.toml",
            '# copied from the README\n[tool.arena-lint]\nselect = ["ALL"]\n',
            ":2: [tool.arena-lint] is pyproject.toml's header; in .arena-lint.toml write "
            "the same keys at the top, without it",
        ),
        (
            ".arena-lint.toml",
            'strict = true\nselct = ["AL1"]\n',
            ":2: unknown key 'selct' (did you mean 'select'?); expected one of: select, ",
        ),
        (
            ".arena-lint.toml",
            'select = [\n  "AL1",\n  "totl-mismatch",\n]\n',
            ":3: select: unknown rule 'totl-mismatch' (did you mean 'total-mismatch'?); "
            "see --list-rules",
        ),
        (
            ".arena-lint.toml",
            '[severity]\ntotal-mismatch = "error"\nextra-whitspace = "error"\n',
            ":3: severity: unknown rule 'extra-whitspace' (did you mean 'extra-whitespace'?)",
        ),
        (
            ".arena-lint.toml",
            '[per-file-ignores]\n"drafts/*" = ["AL1", "bogus"]\n',
            ":2: per-file-ignores.\"drafts/*\": unknown rule 'bogus'; expected a rule name",
        ),
        # A wrong type inside a list or a table: the line, and the key as TOML writes it.
        (
            ".arena-lint.toml",
            'strict = true\nselect = [\n  "AL1",\n  3,\n]\n',
            ":2: select: 3 is not of type 'string'",
        ),
        (
            ".arena-lint.toml",
            '[per-file-ignores]\n"drafts/*" = "ALL"\n',
            ":2: per-file-ignores.\"drafts/*\": 'ALL' is not of type 'array'",
        ),
        (
            "pyproject.toml",
            '[tool.ruff]\nselect = ["E"]\n\n[tool.arena-lint]\nselect = ["AL1", "STYLE", "totl"]\n',
            ":5: select: unknown rule 'totl'",
        ),
    ],
)
def test_configuration_errors_name_the_line_and_what_was_meant(
    tmp_path: Path, name: str, text: str, error: str
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text)
    (tmp_path / "post.md").write_text(GOOD)
    result = CliRunner().invoke(main, [str(tmp_path / "post.md")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"arena-lint: {tmp_path / name}{error}")
    assert result.stderr.count("\n") == 1


def test_the_pyproject_header_is_fine_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.arena-lint]\nselect = ["ALL"]\n')
    (tmp_path / "post.md").write_text(GOOD)
    assert CliRunner().invoke(main, [str(tmp_path / "post.md")]).exit_code == 0


def test_an_unknown_rule_on_the_command_line_is_told_what_was_meant(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(GOOD)
    result = CliRunner().invoke(main, ["--isolated", "--ignore", "subtotal-mismatc", str(tmp_path)])
    assert result.stderr == (
        "arena-lint: --ignore: unknown rule 'subtotal-mismatc' (did you mean "
        "'subtotal-mismatch'?); see --list-rules\n"
    )


# --- item 11: the README's test command is the fast suite, and CI runs it first ------------

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readmes_test_command_first_then_the_slow_tests() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"run the fast tests.*?```sh\n(.*?)\n```", readme, re.S)
    assert shown is not None
    command = shown[1]
    assert command == 'python -m pip install -e ".[test]" && python -m pytest -m "not slow"'
    steps = [
        line
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.startswith("python -m p")
    ]
    assert steps[steps.index(command) + 1] == "python -m pytest -m slow"
    assert steps.index(command) < steps.index("python -m pytest -m slow")


# --- item 12: the Python API -----------------------------------------------------------------


def test_the_api_is_visible_to_help() -> None:
    import pydoc

    import arena_lint

    page = pydoc.plain(pydoc.render_doc(arena_lint))
    for name in ("lint_text", "lint_paths", "fix_text", "load_settings"):
        assert f"{name}(" in page
        assert getattr(arena_lint, name).__doc__
        assert name in arena_lint.__all__
    assert "ConfigError" in arena_lint.__all__
    assert arena_lint.ConfigError.__module__ == "arena_lint.config"


def test_the_api_from_a_blogs_configuration(tmp_path: Path) -> None:
    import arena_lint

    blog = tmp_path / "blog"
    (blog / ".git").mkdir(parents=True)
    (blog / "_posts").mkdir()
    (blog / ".arena-lint.toml").write_text('ignore = ["style"]\n')
    text = "Total Hours: 3\n- 2h  Chapter 1: Basics\n"  # a wrong total, two spaces
    post = blog / "_posts" / "week-1.md"
    post.write_text(text)

    settings = arena_lint.load_settings(blog / "_posts")
    assert "extra-whitespace" not in settings.enabled
    assert settings == arena_lint.load_settings(post)
    assert [d.rule for d in arena_lint.lint_text(text, str(post), settings)] == ["total-mismatch"]
    # Without settings, every rule: the blog's configuration is load_settings' job.
    assert {d.rule for d in arena_lint.lint_text(text)} == {"total-mismatch", "extra-whitespace"}
    # lint_paths walks folders and finds each file's configuration by itself.
    (result,) = arena_lint.lint_paths([blog])
    assert (Path(result.path), [d.rule for d in result.diagnostics]) == (post, ["total-mismatch"])
    fixed = arena_lint.fix_text(text, str(post), settings)
    assert fixed.after == text.replace("Total Hours: 3", "Total Hours: 2")
    assert (fixed.fixed, fixed.diagnostics) == (1, [])
    # A configuration that is not valid raises, naming its line.
    (blog / ".arena-lint.toml").write_text('ignore = ["styl"]\n')
    with pytest.raises(arena_lint.ConfigError, match=r"\.arena-lint\.toml:1: ignore: unknown rule"):
        arena_lint.load_settings(blog)
    # `config` names the file, as --config does.
    other = tmp_path / "strict.toml"
    other.write_text("strict = true\n")
    assert arena_lint.load_settings(blog, config=other).strict is True


def test_lint_paths_reads_one_path_given_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import arena_lint

    # A string is an iterable of strings: `lint_paths("post.md")` once checked the
    # paths "p", "o", "s", "t", "." (the whole folder), "m" and "d".
    (tmp_path / "post.md").write_text("Total Hours: 3\n- 2h Chapter 1: Basics\n")
    (tmp_path / "other.md").write_text("Total Hours: 1\n- 1h Chapter 1: Basics\n")
    monkeypatch.chdir(tmp_path)
    for given in ("post.md", Path("post.md")):
        results = list(arena_lint.lint_paths(given))
        assert [(r.path, [d.rule for d in r.diagnostics]) for r in results] == [
            ("post.md", ["total-mismatch"])
        ]


@pytest.mark.slow
def test_a_type_checker_sees_the_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mypy import api as mypy_api

    # An editable install is found through an import hook mypy does not run.
    monkeypatch.setenv("MYPYPATH", str(ROOT / "src"))

    program = tmp_path / "use.py"
    program.write_text(
        "from arena_lint import fix_text, lint_paths, lint_text, load_settings\n"
        "settings = load_settings('.')\n"
        "reveal_type(lint_text('x', 'p.md', settings))\n"
        "reveal_type(fix_text('x').after)\n"
        "reveal_type(next(lint_paths(['.'])).diagnostics)\n"
        "lint_text(3)\n"
    )
    out, _err, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir=/dev/null", str(program)]
    )
    assert status == 1, out
    lines = out.splitlines()
    # Diagnostic is a NamedTuple: mypy shows its fields, then the class.
    for line in (lines[0], lines[2]):
        assert 'Revealed type is "list[tuple[str, int, int' in line
        assert "fallback=arena_lint.diagnostics.Diagnostic]]" in line
    assert lines[1].endswith('Revealed type is "str | None"')
    assert 'Argument 1 to "lint_text" has incompatible type "int"' in out


# --- item 5: courses are never summed by chapter number ---------------------------------------


def _course_post(course: str | None, title: str, exercise: str, hours: str) -> str:
    front = f"---\ntitle: {course} notes\ncourse: {course}\n---\n\n" if course else ""
    return (
        f"{front}Total Hours: {hours}\n- {hours}h Chapter 1: {title}\n"
        f"    - {hours}h exercise 1.1 {exercise}\n"
    )


def test_chapters_of_different_courses_are_never_summed(tmp_path: Path) -> None:
    import json

    (tmp_path / "arena.md").write_text(_course_post("ARENA", "Transformers", "Attention", "2"))
    (tmp_path / "dlc.md").write_text(_course_post("DLC", "Foundations", "Tensors", "1.5"))
    (tmp_path / "mlab.md").write_text(_course_post("MLAB", "Transformers", "Attention", "2"))
    (tmp_path / "arena-2.md").write_text(_course_post("ARENA", "Transformers", "Attention", "1"))
    result = CliRunner().invoke(main, ["report", "--format", "json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["all"]["rows"]
    summed = {(r["course"], r["number"]): (r["hours"], r["children"][0]["hours"]) for r in rows}
    # The same course across posts is still one row (exercise 1.1 logged twice).
    assert summed == {
        ("ARENA", "1"): ("3", "3"),
        ("DLC", "1"): ("1.5", "1.5"),
        ("MLAB", "1"): ("2", "2"),
    }
    assert result.stderr == ""
    # Each chart, table and legend names the course of its chapter 1.
    text = CliRunner().invoke(main, ["report", "--by", "month", str(tmp_path)]).stdout
    for course in ("ARENA", "DLC", "MLAB"):
        assert f"{course}: Chapter 1" in text


def test_one_number_with_titles_that_disagree_is_said(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(_course_post(None, "Transformers", "Attention", "2"))
    (tmp_path / "b.md").write_text(_course_post(None, "Foundations", "Tensors", "1"))
    (tmp_path / "c.md").write_text(_course_post(None, "Transformers, part 2", "Attention", "1"))
    result = CliRunner().invoke(main, ["report", str(tmp_path / "a.md"), str(tmp_path / "b.md")])
    assert result.exit_code == 0
    notes = result.stderr.splitlines()
    assert notes == [
        f"arena-lint: chapter 1 is titled 'Transformers' and 'Foundations' ({tmp_path / 'a.md'}:2, "
        f"{tmp_path / 'b.md'}:2): summed as one; if they are different courses, name each "
        "post's `course` in its front matter",
        f"arena-lint: exercise 1.1 is titled 'Attention' and 'Tensors' ({tmp_path / 'a.md'}:3, "
        f"{tmp_path / 'b.md'}:3): summed as one; if they are different courses, name each "
        "post's `course` in its front matter",
    ]
    # A title that continues the first ("part 2") is the same chapter: nothing to say.
    quiet = CliRunner().invoke(main, ["report", str(tmp_path / "a.md"), str(tmp_path / "c.md")])
    assert quiet.stderr == ""


# --- item 10: the job summary ---------------------------------------------------------------

GITHUB = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "someone/blog",
    "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
}


def _summary_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> str:
    for name in GITHUB:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "a b.md").write_text(
        "Total Hours: 4\n- 3h [Chapter 1: Basics](https://x.org//ch1)\n"
    )
    (tmp_path / "_posts" / "good.md").write_text(GOOD)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    CliRunner().invoke(main, ["--format", "github", "_posts"])
    return summary.read_text()


def test_the_job_summary_links_marks_and_keeps_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _summary_of(tmp_path, monkeypatch, GITHUB)
    blob = "https://github.com/someone/blog/blob/0123456789abcdef0123456789abcdef01234567"
    # The wrong log's row is marked; the right one is not.
    assert (
        f"| [\\_posts/a b.md]({blob}/_posts/a%20b.md#L1) | 1 | **4h** | **3h** "
        "| **mismatch**: the entries are -1h |"
    ) in text
    assert f"| [\\_posts/good.md]({blob}/_posts/good.md#L3) | 3 | 3h | 3h |  |\n" in text
    # Code spans of a message stay code spans, not escaped backticks.
    assert "`https://x.org//ch1` has an empty path segment (`//`)" in text
    assert "\\`" not in text


def test_the_job_summary_without_the_runners_names_has_no_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _summary_of(tmp_path, monkeypatch, {**GITHUB, "GITHUB_SHA": "main; rm -rf"})
    assert "| \\_posts/good.md | 3 | 3h | 3h |  |\n" in text
    assert "](" not in text


def test_a_code_span_cannot_break_out_of_its_cell() -> None:
    from arena_lint.formatters.summary import _code_span, markdown_message

    assert markdown_message("link `a|b` and `c`") == "link `a\\|b` and `c`"
    assert _code_span("c``d") == "```c``d```"  # a longer fence than any run inside
    assert markdown_message("odd ` count <b>") == "odd \\` count \\<b\\>"
    assert markdown_message("`[x](javascript:1)`") == "`[x](javascript:1)`"  # code, not a link


# --- item 13: the smaller things ------------------------------------------------------------


def test_top_level_help_lists_the_version_option() -> None:
    from arena_lint import __version__

    helped = CliRunner().invoke(main, ["--help"]).stdout
    assert "-V, --version" in helped
    for flag in ("-V", "--version"):
        assert CliRunner().invoke(main, [flag]).stdout == f"arena-lint, version {__version__}\n"


@pytest.mark.parametrize(
    ("rule", "other"), [("subtotal-mismatch", "warning"), ("extra-whitespace", "error")]
)
def test_explain_suggests_the_severity_a_rule_does_not_have(rule: str, other: str) -> None:
    page = CliRunner().invoke(main, ["--explain", rule]).stdout
    assert f'`severity = {{ {rule} = "{other}" }}`' in page


def test_the_html_report_names_posts_by_title_and_warnings_are_not_red(tmp_path: Path) -> None:
    post = tmp_path / "week-1.md"
    post.write_text(
        "---\ntitle: Week 1 <of 8>\n---\n\nTotal Hours: 3\n- 1h Chapter 1: Basics\n"
        "- 2h  Chapter 2: Nets\n"
    )
    page = CliRunner().invoke(main, ["report", "--format", "html", str(post)]).stdout
    assert "<cite>Week 1 &lt;of 8&gt;</cite>" in page
    assert f"<code>{post}:5</code>" in page  # where the log is, beside its title
    assert (
        '<span class="problems warnings">0 errors, 1 warning: see arena-lint check</span>' in page
    )
    post.write_text("Total Hours: 4\n- 1h Chapter 1: Basics\n- 2h  Chapter 2: Nets\n")
    page = CliRunner().invoke(main, ["report", "--format", "html", str(post)]).stdout
    assert '<span class="problems">1 error, 1 warning: see arena-lint check</span>' in page
    assert "<cite>" not in page


@pytest.mark.parametrize(
    ("written", "hint"),
    [("2.h", "write `2h` or `2.0h`"), ("12.hours", "write `12hours` or `12.0hours`")],
)
def test_a_point_without_decimals_gets_a_suggestion(written: str, hint: str) -> None:
    from arena_lint import lint_text

    (found,) = lint_text(f"Total Hours: 3\n- 1h Chapter 1: A\n- {written} Chapter 2: B\n")
    assert (found.rule, found.message) == (
        "invalid-duration",
        f"duration `{written}` has a point and no decimals; {hint}",
    )


def test_a_repair_that_brings_a_finding_of_its_own_still_counts_as_fixed() -> None:
    from arena_lint import fix_text

    repaired = fix_text("Notes.\n\nTotal: 1h\n\n- 1h45 Chapter 1: Tensors\n")
    assert "Total: 1h45m" in (repaired.after or "")
    # The total's finding is gone; the new one (`1h45m` beside `1h45`) is another.
    assert (repaired.found, repaired.fixed) == (1, 1)
    assert [d.rule for d in repaired.diagnostics] == ["mixed-duration-format"]


def test_a_whole_sum_is_written_as_the_log_writes_whole_hours() -> None:
    from arena_lint import fix_text

    # The log writes whole hours as `1h`: `2.5h` repaired to two hours is `2h`, not
    # `2.0h`, which --fix would leave behind as a mixed-duration-format warning.
    bare = "Total Hours: 4\n- 2.5h Chapter 1: A\n  - 1h exercise 1.1 A\n  - 1h exercise 1.2 B\n"
    repaired = fix_text(bare + "- 2h Chapter 2: B\n")
    assert repaired.after == (bare + "- 2h Chapter 2: B\n").replace("2.5h", "2h")
    assert (repaired.found, repaired.fixed, repaired.diagnostics) == (2, 2, [])
    # A log that writes `3.0h` keeps its decimal.
    dotted = bare.replace("- 1h", "- 1.0h") + "- 2.0h Chapter 2: B\n"
    assert fix_text(dotted).after == dotted.replace("2.5h", "2.0h")
