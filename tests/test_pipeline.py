"""One pipeline in, one way out: every command tells the same truth (issue #11).

Each test here failed before the pipeline was made one: the commands had
their own copies of the run logic, with their own guards, and disagreed.
"""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import arena_lint
from arena_lint.api import lint_paths, run_text
from arena_lint.cli import main
from arena_lint.config import Overrides, build
from arena_lint.durations import exact_string
from arena_lint.escape import markdown_cell
from arena_lint.model import Document
from arena_lint.rules import all_rules
from arena_lint.rules.catalog import REGISTRY, module_name
from arena_lint.source import Source

WRONG_TOTAL = "Total Hours: 5\n- 2h Chapter 1: A\n- 2h Chapter 2: B\n"
# A chapter stated 3h whose exercises sum to 2.5h, under a total that matches the
# chapters as written: stated and computed hours differ.
WRONG_CHAPTER = (
    "Total Hours: 5\n"
    "- 3h Chapter 1: Tensors\n"
    "    - 1.5h exercise 1.1 Views\n"
    "    - 1h exercise 1.2 Strides\n"
    "- 2h Chapter 2: Autograd\n"
)
# Off by 0.1h, within the rounding of three one-decimal figures: a warning in
# precision mode.
ROUNDED = "Total Hours: 3.1\n- 1.0h Chapter 1: A\n- 1.0h Chapter 2: B\n- 1.0h Chapter 3: C\n"
WARNING_ONLY = "Total Hours: 3\n- 1h Chapter 1: A\n- 2h  Chapter 2: B\n"
NOT_UTF8 = b"Total Hours: 1\n- 1h Chapter 1: \xff\n"


def _write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def _config(folder: Path, text: str) -> None:
    (folder / ".arena-lint.toml").write_text(text, encoding="utf-8")


# -- one stamp -------------------------------------------------------------------------


def test_pipeline_findings_can_be_ignored_and_regraded(tmp_path: Path) -> None:
    odd = _write(tmp_path, "odd.md", NOT_UTF8)
    runner = CliRunner()
    ignored = runner.invoke(main, ["--ignore", "unreadable-file", odd])
    assert (ignored.exit_code, "unreadable-file" in ignored.output) == (0, False)
    _config(tmp_path, '[severity]\nunreadable-file = "warning"\n')
    graded = runner.invoke(main, ["--format", "json", odd])
    assert graded.exit_code == 0
    assert [(d["rule"], d["severity"]) for d in json.loads(graded.output)] == [
        ("unreadable-file", "warning")
    ]


def test_a_configured_severity_beats_the_rules_own_choice() -> None:
    precision = build({"tolerance-mode": "precision"}, None, Overrides())
    (finding,) = run_text(ROUNDED, "p.md", precision).diagnostics
    assert (finding.rule, finding.severity.value) == ("total-mismatch", "warning")
    configured = build(
        {"tolerance-mode": "precision", "severity": {"total-mismatch": "error"}}, None, Overrides()
    )
    (finding,) = run_text(ROUNDED, "p.md", configured).diagnostics
    assert (finding.rule, finding.severity.value) == ("total-mismatch", "error")


def test_rules_receive_only_their_own_options() -> None:
    settings = build(
        {"tolerance": "0.5h", "fix-trust": "parents", "tolerance-mode": "absolute"},
        None,
        Overrides(),
    )
    for rule in all_rules():
        options = settings.options_for(rule)
        assert isinstance(options, rule.options)
    by_name = {rule.name: rule for rule in all_rules()}
    sums = settings.options_for(by_name["total-mismatch"])
    assert (sums.tolerance, sums.tolerance_mode, sums.fix_trust) == (
        Fraction(1, 2),
        "absolute",
        "parents",
    )
    assert not hasattr(settings.options_for(by_name["untimed-entry"]), "tolerance")


def test_selection_is_resolved_when_the_configuration_is_built() -> None:
    settings = build({"select": ["AL1"], "ignore": ["invalid-duration"]}, None, Overrides())
    assert settings.enabled == frozenset({"total-mismatch", "subtotal-mismatch"})


# -- one way out -------------------------------------------------------------------------


def test_fix_honours_output_file_statistics_and_the_job_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = _write(tmp_path, "post.md", WRONG_TOTAL.replace("5", "6") + "- 1h  Chapter 3: C\n")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    report = tmp_path / "report.txt"
    result = CliRunner().invoke(main, ["--fix", "--statistics", "-o", str(report), post])
    assert result.exit_code == 0
    assert result.output == ""  # everything went to the file
    assert report.read_text().splitlines() == [
        "1  AL301  extra-whitespace (warning)",
        "Fixed 1 of 2 findings; 1 remaining (0 errors, 1 warning; 1 file checked). "
        "1 with `--fix --fixable style`.",
    ]
    github = CliRunner().invoke(main, ["--fix", "--format", "github", post])
    assert github.exit_code == 0
    assert "::warning file=" in github.output
    assert "## arena-lint" in summary.read_text()


def test_diff_never_writes_even_with_fix(tmp_path: Path) -> None:
    post = _write(tmp_path, "post.md", WRONG_TOTAL)
    for args in (["--diff"], ["--fix", "--diff"]):
        result = CliRunner().invoke(main, [*args, post])
        assert result.exit_code == 1
        assert "-Total Hours: 5\n+Total Hours: 4\n" in result.output
        assert Path(post).read_text() == WRONG_TOTAL


def test_fix_from_standard_input_always_prints_the_whole_post() -> None:
    for text in (WRONG_TOTAL, "Total Hours: 4\n- 2h Chapter 1: A\n- 2h Chapter 2: B\n", "# hi\n"):
        result = CliRunner().invoke(main, ["--fix", "-"], input=text)
        expected = text.replace("Total Hours: 5", "Total Hours: 4")
        assert result.stdout == expected
        assert "remaining" in result.stderr


def test_fix_from_standard_input_passes_unreadable_bytes_through() -> None:
    result = CliRunner().invoke(main, ["--fix", "-"], input=NOT_UTF8)
    assert result.stdout_bytes == NOT_UTF8
    assert result.exit_code == 1
    assert "unreadable-file" in result.stderr


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "junit"])
def test_quiet_lists_only_errors_in_every_format(tmp_path: Path, output_format: str) -> None:
    post = _write(tmp_path, "post.md", WARNING_ONLY)
    loud = CliRunner().invoke(main, ["--format", output_format, post])
    quiet = CliRunner().invoke(main, ["-q", "--format", output_format, post])
    assert "extra-whitespace" in loud.output
    assert "extra-whitespace" not in quiet.output.replace("AL301", "").split('"rules"')[0]
    assert "AL301 extra-whitespace" not in quiet.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--diff", "--format", "json"], "--diff prints a unified diff"),
        (["--diff", "--statistics"], "--diff prints a unified diff"),
        (["--diff", "-q"], "--diff prints a unified diff"),
        (["--color", "always", "--format", "json"], "--color applies to text output"),
        (["--statistics", "--format", "json"], "--statistics prints text"),
    ],
)
def test_options_that_mean_nothing_are_refused(
    tmp_path: Path, args: list[str], message: str
) -> None:
    post = _write(tmp_path, "post.md", WRONG_TOTAL)
    result = CliRunner().invoke(main, [*args, post])
    assert result.exit_code == 2
    assert message in result.output


def test_report_formats_come_from_one_table(runner: CliRunner) -> None:
    from arena_lint.report.formats import REPORT_FORMATS

    shown = runner.invoke(main, ["report", "--help"]).output
    listed = shown.split("--format [", 1)[1].split("]", 1)[0]
    assert listed.split("|") == sorted(REPORT_FORMATS)


def test_report_output_file(tmp_path: Path) -> None:
    post = _write(tmp_path, "post.md", WRONG_CHAPTER)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["report", "--format", "json", "-o", str(out), post])
    assert (result.exit_code, result.output) == (1, "")  # a wrong chapter: report fails too
    assert json.loads(out.read_text())["all"]["hours"] == "4.5"


# -- one crash guard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [[], ["--fix"], ["--diff"], ["report"], ["report", "--format", "json"]]
)
def test_one_odd_file_never_aborts_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    import arena_lint.parser

    real = arena_lint.parser.parse

    def parse(source: Source) -> Document:
        if source.path.endswith("boom.md"):
            raise ValueError("simulated bug")
        return real(source)

    monkeypatch.setattr(arena_lint.parser, "parse", parse)
    _write(tmp_path, "boom.md", WRONG_TOTAL)
    good = _write(tmp_path, "good.md", WRONG_TOTAL)
    result = CliRunner().invoke(main, [*args, str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "internal-error" in result.stderr + result.stdout
    assert "simulated bug" in result.stderr + result.stdout
    if args[:1] == ["report"]:
        assert "good.md" in result.stdout
    elif args == ["--fix"]:
        assert Path(good).read_text().startswith("Total Hours: 4\n")


# -- one meaning of hours ------------------------------------------------------------------


def test_job_summary_and_report_give_the_same_hours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = _write(tmp_path, "post.md", WRONG_CHAPTER)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    CliRunner().invoke(main, ["--format", "github", post])
    row = next(
        line
        for line in summary.read_text().splitlines()
        if line.startswith(f"| {markdown_cell(post)}")
    )
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    report = json.loads(CliRunner().invoke(main, ["report", "--format", "json", post]).output)
    (log,) = report["logs"]
    assert (log["stated"], log["hours"]) == ("5", "4.5")
    assert cells[2:] == ["**5h**", "**4.5h**", "**mismatch**: the entries are -0.5h"]
    assert "| stated | computed from the entries |" in summary.read_text()
    (result,) = lint_paths([post], arena_lint.Settings())
    (hours,) = result.logs
    assert (exact_string(hours.stated or Fraction(0)), exact_string(hours.computed)) == (
        "5",
        "4.5",
    )


# -- processes ---------------------------------------------------------------------------


def _cli(*args: str, new_session: bool = False) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "arena_lint", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=new_session,
    )


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    process = _cli("-")  # waits on standard input
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert b"Traceback" not in err
    assert b"interrupted" in err


def test_sigterm_ends_the_workers_of_a_jobs_run(tmp_path: Path) -> None:
    body = "".join(f"- 1h exercise 1.{n} Part {n}\n" for n in range(1, 400))
    for index in range(400):
        _write(tmp_path, f"p{index:03}.md", f"Total Hours: 9\n- 1h Chapter 1: A\n{body}")
    process = _cli("-j", "2", str(tmp_path), new_session=True)
    time.sleep(1.5)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # anyone left in the run's process group?
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail("worker processes outlived the run")


# -- structure ---------------------------------------------------------------------------

PACKAGE = Path(arena_lint.__file__).parent


def _imports(path: Path, module: str, modules: dict[str, Path]) -> set[str]:
    """Modules of the package that ``path`` imports, in functions too, not under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for branch in node.orelse:
                visit(branch)
            return
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = f"{base}.{node.module}" if node.level and node.module else base
            if not node.level:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_no_import_cycles_among_the_packages_modules() -> None:
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {
        name: {
            target
            for target in _imports(path, name, modules)
            if target in modules and target != name
        }
        for name, path in modules.items()
    }
    # A submodule import also runs its package's __init__; those edges are not cycles
    # of the code's own making, so only explicit imports count.
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                walk(target)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name)
    assert "arena_lint.engine" in graph
    # Settings is data: it knows the rule catalog and the glob matcher, not the rules.
    assert graph["arena_lint.settings"] <= {
        "arena_lint.globs",
        "arena_lint.diagnostics",
        "arena_lint.rules.catalog",
        "arena_lint.rules",
    }


def test_a_rule_is_its_module_its_registry_line_and_its_fixture() -> None:
    helpers = {"__init__", "base", "catalog", "outlines", "sums"}
    modules = {path.stem for path in (PACKAGE / "rules").glob("*.py")} - helpers
    assert modules == {module_name(name) for _, name in REGISTRY}
    assert [(rule.code, rule.name) for rule in all_rules()] == list(REGISTRY)
    fixtures = Path(__file__).parent / "fixtures" / "rules"
    for rule in all_rules():
        if rule.check is not None and rule.name != "unused-suppression":
            assert (fixtures / f"{rule.name}.md").is_file(), rule.name


def test_a_diff_in_a_github_log_cannot_issue_workflow_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = _write(tmp_path, "post.md", "::error file=x::forged\n\n" + WRONG_TOTAL)
    plain = CliRunner().invoke(main, ["--diff", post])
    assert "\n ::error file=x::forged\n" in plain.output  # the patch itself is untouched
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    fenced = CliRunner().invoke(main, ["--diff", post])
    lines = fenced.output.splitlines()
    assert lines[0].startswith("::stop-commands::")
    token = lines[0].removeprefix("::stop-commands::")
    assert len(token) == 32
    assert lines[-1] == f"::{token}::"
    assert fenced.output.count(token) == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_diff_shows_every_file_whatever_the_number_of_workers(tmp_path: Path, jobs: str) -> None:
    # Worker processes sent back results without the texts (as for `check`), so
    # `--diff` over a folder printed nothing and exited 0 whenever it ran in parallel.
    wrong = "Total Hours: 4\n- 3h Chapter 1: Sets\n    - 1h exercise 1.1 Unions\n"
    for number in range(12):
        (tmp_path / f"week-{number:02}.md").write_text(wrong, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--diff", "--jobs", jobs, str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert result.output.count("+++ ") == 12
    assert result.output.count("+- 1h Chapter 1: Sets") == 12
    assert all(p.read_text(encoding="utf-8") == wrong for p in tmp_path.iterdir())
