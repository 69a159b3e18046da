"""Output that cannot be forged (issue 13): hostile file names, front matter and
titles, through the real command, in every output format.

File names, posts and front matter come from whoever opened the pull request.
The runner of GitHub Actions reads a line that starts with ``::`` (after white
space) or holds ``##[`` anywhere as a workflow command, on stdout and stderr;
a terminal obeys escape sequences and bidi overrides. So, whatever the input:
no such line but arena-lint's own annotations, no raw control character, valid
UTF-8, valid XML, valid JSON, and no spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree

import pytest

from arena_lint import escape

# A log whose sums are wrong: two errors per file (total and chapter).
WRONG = (
    "Total Hours: 5\n\n- 3h Chapter 1: Sorting\n    - 1h exercise 1.1 Merges\n"
    "- 1h Chapter 2: Heaps\n"
)

FORGED = b"x\n::error file=README.md,line=1::PWNED.md"
HOSTILE_NAMES = [
    FORGED,
    b"::warning ::leading.md",
    b"  ::notice::indented.md",
    b"##[error]anywhere.md",
    b"cr\rline.md",
    b"esc\x1b[31mred.md",
    b"bidi\xe2\x80\xaeevil.md",  # U+202E, right-to-left override
    b"caf\xff\x01.md",  # not UTF-8, and a control byte
]

# Our own annotations: ::error / ::warning / ::notice followed by properties.
OWN_COMMAND = re.compile(r"::(error|warning|notice) [^:]*::")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + escape.BIDI + "]")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file names with any byte need POSIX")


def _write(folder: Path, name: bytes, text: str = WRONG) -> None:
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as stream:
            stream.write(text.encode("utf-8"))
    except OSError as error:  # e.g. a file system that only takes UTF-8 names
        pytest.skip(f"this file system refuses the name {name!r}: {error}")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder holding one wrong log under each hostile name."""
    for name in HOSTILE_NAMES:
        _write(tmp_path, name)
    return tmp_path


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command, its output as bytes (no test harness decoding it)."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    environment.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [sys.executable, "-m", "arena_lint", *args],
        cwd=folder,
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


def _assert_log_safe(data: bytes, *, annotations: bool = False) -> list[str]:
    """``data`` is UTF-8 with no forged command and no raw control character; its lines."""
    text = data.decode("utf-8")  # raises on a stray byte of a file name
    lines = text.split("\n")
    for line in lines:
        assert UNSAFE.search(line) is None, line
        assert "\r" not in line, line
        if line.lstrip().startswith("::"):
            assert annotations, f"a line read as a workflow command: {line!r}"
            assert OWN_COMMAND.match(line), line
        else:
            # The runner tries the ``::`` form first, so only our own
            # annotations may carry ``##[`` (in a file name property).
            assert "##[" not in line, line
    return lines


def _unescape_property(value: str) -> str:
    """As the Actions runner reads a property of a workflow command."""
    for token, replacement in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")):
        value = value.replace(replacement, token)
    return value.replace("%25", "%")


def _expected_paths() -> set[str]:
    return {os.fsdecode(name) for name in HOSTILE_NAMES}


# The text format --------------------------------------------------------------


def test_text_format_prints_no_forged_line(hostile: Path) -> None:
    result = _run(hostile, ".")
    assert result.returncode == 1
    lines = _assert_log_safe(result.stdout)
    findings = [line for line in lines if re.search(r":\d+:\d+: AL10[12] ", line)]
    assert len(findings) == 2 * len(HOSTILE_NAMES)
    # The newline in the name is shown escaped, on the finding's own line.
    shown = escape.display_path(os.fsdecode(FORGED))
    assert shown == "x\\n::error file=README.md,line=1::PWNED.md"
    assert sum(line.startswith(shown + ":") for line in findings) == 2
    assert any(line.startswith("./::warning ::leading.md:") for line in findings)
    assert any(line.startswith("caf\\xff\\x01.md:") for line in findings)
    _assert_log_safe(result.stderr)


@pytest.mark.parametrize("output_format", ["text", "github", "sarif", "junit", "json"])
def test_non_utf8_names_written_with_output_file(hostile: Path, output_format: str) -> None:
    result = _run(hostile, "--format", output_format, "-o", "report.out", ".")
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    written = (hostile / "report.out").read_bytes()
    written.decode("utf-8")
    if output_format == "junit":
        ElementTree.fromstring(written)
    elif output_format in ("sarif", "json"):
        json.loads(written)
    else:
        _assert_log_safe(written, annotations=output_format == "github")


# The github format ------------------------------------------------------------


def test_github_format_annotations_name_real_files_and_plain_lines_are_inert(
    hostile: Path,
) -> None:
    result = _run(hostile, "--format", "github", ".")
    assert result.returncode == 1
    lines = _assert_log_safe(result.stdout, annotations=True)
    errors = [line for line in lines if line.startswith("::error ")]
    # 16 errors: 10 annotated (GitHub's budget), the rest printed as plain lines.
    assert len(errors) == 10
    plain = [line for line in lines if re.search(r":\d+:\d+: AL10[12] ", line)]
    assert len(plain) == 2 * len(HOSTILE_NAMES) - 10
    assert lines[-3].startswith("::notice title=arena-lint::6 more errors not annotated")
    names = _expected_paths()
    for line in errors:
        properties = line[len("::error ") : line.index("::", 2)]
        fields = dict(part.split("=", 1) for part in properties.split(","))
        # Every annotation points at a real file, with the properties GitHub
        # expects: a forged ``file=`` or ``line=`` would show up here.
        assert set(fields) == {"file", "line", "col", "endLine", "endColumn", "title"}
        assert fields["title"].startswith("AL10")
        file = _unescape_property(fields["file"])
        # The real name, or (a byte that is not UTF-8, ESC, a bidi override:
        # what must not reach the log raw) the name as the text format shows it.
        assert file in names or file in {escape.for_terminal(name) for name in names}
    # The forged name sorts last, past the budget: a plain line, escaped.
    assert (
        sum(line.startswith("x\\n::error file=README.md,line=1::PWNED.md:") for line in plain) == 2
    )


# SARIF, JUnit, JSON -----------------------------------------------------------


def test_sarif_on_stdout_is_utf8_with_percent_encoded_uris(hostile: Path) -> None:
    result = _run(hostile, "--format", "sarif", ".")
    assert result.returncode == 1
    text = result.stdout.decode("utf-8")
    assert "##[" not in text
    assert UNSAFE.search(text) is None  # JSON escapes them; none printed raw
    sarif = json.loads(text)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for item in sarif["runs"][0]["results"]
        for location in item["locations"]
    }
    # Each URI is plain ASCII from RFC 3986 and decodes to the file's own bytes.
    for uri in uris:
        assert re.fullmatch(r"[A-Za-z0-9%/._~!$&'()*+;=@-]+", uri), uri
    assert {unquote_to_bytes(uri) for uri in uris} == set(HOSTILE_NAMES)


def test_junit_is_valid_xml_with_one_case_per_file(hostile: Path) -> None:
    result = _run(hostile, "--format", "junit", ".")
    assert result.returncode == 1
    assert b"##[" not in result.stdout
    root = ElementTree.fromstring(result.stdout)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(HOSTILE_NAMES)
    names = {case.get("name") for case in cases}
    assert "caf\\xff\\x01.md" in names
    assert "esc\\x1b[31mred.md" in names
    assert len(root.findall(".//failure")) == len(HOSTILE_NAMES)  # one per failing file


def test_json_keeps_names_exact_and_is_utf8(hostile: Path) -> None:
    result = _run(hostile, "--format", "json", ".")
    assert result.returncode == 1
    assert b"##[" not in result.stdout
    paths = {item["path"] for item in json.loads(result.stdout.decode("utf-8"))}
    # JSON escapes control characters itself: the names read back exactly; a
    # byte that is not UTF-8 becomes the text \xff (no lone surrogate).
    assert paths == (_expected_paths() - {"caf\udcff\x01.md"}) | {"caf\\xff\x01.md"}


# Front matter -----------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_front_matter_key_with_newline_and_escape_sequence(
    tmp_path: Path, output_format: str
) -> None:
    (tmp_path / "values.schema.json").write_text(
        json.dumps({"type": "object", "additionalProperties": {"type": "integer"}})
    )
    key = '"tag\\n::error file=README.md::PWNED\\e[2J\\u202e"'  # YAML double-quoted escapes
    _write(tmp_path, b"post.md", f"---\n{key}: some text\n---\n{WRONG}")
    result = _run(
        tmp_path,
        "--format",
        output_format,
        "--front-matter-schema",
        "values.schema.json",
        "post.md",
    )
    assert result.returncode == 1
    lines = _assert_log_safe(result.stdout, annotations=output_format == "github")
    violation = next(line for line in lines if "schema-violation" in line)
    # A newline in an annotation's message is percent-escaped (GitHub shows it).
    newline = "%0A" if output_format == "github" else "\\n"
    assert f"tag{newline}::error file=README.md::PWNED\\x1b[2J\\u202e" in violation


# The report -------------------------------------------------------------------

TITLES = [
    'x" onmouseover="alert(1)" y="',
    '=HYPERLINK("http://example.com","click")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "::error file=README.md,line=1::PWNED",
    "##[error]hidden",
    "bell\x07 and escape\x1b[31m and \u202ereversed",
    "<script>alert(1)</script> & more",
]
HOSTILE_LOG = "Total Hours: {total}\n\n" + "".join(
    f"- 1h Chapter {number}: {title}\n" for number, title in enumerate(TITLES, 1)
)


@pytest.fixture
def hostile_titles(tmp_path: Path) -> Path:
    _write(tmp_path, b"titles.md", HOSTILE_LOG.format(total=len(TITLES)))
    _write(tmp_path, FORGED, HOSTILE_LOG.format(total=len(TITLES)))
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_report_tables_print_no_forged_line(hostile_titles: Path, output_format: str) -> None:
    result = _run(hostile_titles, "report", "--format", output_format, "--width", "400", ".")
    assert result.returncode == 0, result.stderr
    lines = _assert_log_safe(result.stdout)
    # Every chapter is still there, once per log and once for all logs.
    for number in range(1, len(TITLES) + 1):
        assert sum(f"Chapter {number} " in line for line in lines) == 3
    assert sum("Chapter 6 ::error file=README.md,line=1::PWNED" in line for line in lines) == 3


def test_report_csv_neutralises_formulas(hostile_titles: Path) -> None:
    result = _run(hostile_titles, "report", "--format", "csv", ".")
    assert result.returncode == 0, result.stderr
    _assert_log_safe(result.stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert len(rows) == 3 * len(TITLES)
    for row in rows:
        for column in ("log", "number", "title", "sources"):
            assert not row[column].startswith(tuple("=+-@\t\r")), row[column]
    titles = {row["title"] for row in rows}
    assert '\'=HYPERLINK("http://example.com","click")' in titles
    assert "'+SUM(1,2)" in titles
    assert "'-2+3" in titles
    assert "'@cmd" in titles
    assert 'x" onmouseover="alert(1)" y="' in titles  # quoted by CSV, not altered


def test_report_json_keeps_titles_exact(hostile_titles: Path) -> None:
    result = _run(hostile_titles, "report", "--format", "json", ".")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "##[" not in text
    assert UNSAFE.search(text) is None
    report = json.loads(text)
    assert [row["title"] for row in report["all"]["rows"]] == TITLES
    assert {log["path"] for log in report["logs"]} == {"titles.md", os.fsdecode(FORGED)}


def test_chart_keeps_titles_as_text(hostile_titles: Path) -> None:
    result = _run(hostile_titles, "report", "--chart", "chart.svg", ".")
    assert result.returncode == 0, result.stderr
    data = (hostile_titles / "chart.svg").read_bytes()
    assert b"##[" not in data
    root = ElementTree.fromstring(data)  # control characters would make this fail
    elements = list(root.iter())
    assert not [element for element in elements if "onmouseover" in element.attrib]
    assert not [element for element in elements if element.tag.endswith("script")]
    labels = [group.get("data-label") for group in root.iter("{http://www.w3.org/2000/svg}g")]
    assert 'Chapter 1 x" onmouseover="alert(1)" y="' in labels
    assert "Chapter 8 bell\\x07 and escape\\x1b[31m and \\u202ereversed" in labels
    assert "Chapter 9 <script>alert(1)</script> & more" in labels


# The escaping functions themselves --------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain name.md", "plain name.md"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x00\x1b\x7f\x85\x9f", "\\x00\\x1b\\x7f\\x85\\x9f"),
        ("\u202a\u202e\u2066\u2069\u200f\u2028", "\\u202a\\u202e\\u2066\\u2069\\u200f\\u2028"),
        ("caf\udcc3\udca9", "caf\\xc3\\xa9"),  # the bytes of a name that is not UTF-8
        ("\ud800", "\\ud800"),
        ("Übung 2.1 — naïve", "Übung 2.1 — naïve"),
    ],
)
def test_for_terminal(raw: str, shown: str) -> None:
    assert escape.for_terminal(raw) == shown
    assert all(unicodedata.category(char) != "Cc" for char in escape.for_terminal(raw))
    escape.for_terminal(raw).encode("utf-8")


def test_for_log_breaks_both_kinds_of_workflow_command() -> None:
    assert escape.for_log(" ::error::x", line_start=True) == " \\x3a:error::x"
    assert escape.for_log("::error::x") == "::error::x"  # inside a line it is inert
    assert escape.for_log("a ##[error]b") == "a ##\\x5berror]b"
    assert escape.display_path("::x.md") == "./::x.md"
    assert escape.display_path("\u3000::x.md") == "./\u3000::x.md"
    assert escape.display_path("posts/a.md") == "posts/a.md"


def test_workflow_escaping_follows_the_toolkit() -> None:
    assert escape.for_workflow_data("100%\r\n\x1b") == "100%25%0D%0A\\x1b"
    assert escape.for_workflow_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_xml_helpers_give_valid_xml() -> None:
    text = "a\"b'c<d>&e\x01\ufffe\udcff"
    document = f"<r a=\"{escape.xml_attribute(text)}\" b='{escape.xml_attribute(text)}'>"
    document += f"{escape.xml_text(text)}</r>"
    root = ElementTree.fromstring(document)
    assert root.get("a") == root.get("b") == root.text == "a\"b'c<d>&e\\x01\\ufffe\\xff"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\uff1d1", "'\uff1d1"),
        ("\t=1", "\\t=1"),  # escaped: it no longer starts with a tab
        ("Chapter 1", "Chapter 1"),
        ("1-2", "1-2"),
    ],
)
def test_for_csv(cell: str, written: str) -> None:
    assert escape.for_csv(cell) == written


def test_uri_path_percent_encodes_the_bytes() -> None:
    assert escape.uri_path("posts/a b#1%.md") == "posts/a%20b%231%25.md"
    assert escape.uri_path("caf\udcff.md") == "caf%FF.md"
    assert escape.uri_path("café.md") == "caf%C3%A9.md"


def test_dumps_json_reads_back_the_same_and_prints_nothing_raw() -> None:
    value = {"k\u202e": ["##[error]x", "\x85\u2028", "caf\udcff"]}
    text = escape.dumps_json(value)
    assert UNSAFE.search(text) is None
    assert "##[" not in text
    assert json.loads(text) == {"k\u202e": ["##[error]x", "\x85\u2028", "caf\\xff"]}


# Messages on standard error, and --diff headers ----------------------------------


def test_stderr_messages_escape_file_names(tmp_path: Path) -> None:
    # A file that is not UTF-8 is a read problem, which report prints on stderr.
    with open(os.path.join(os.fsencode(tmp_path), FORGED), "wb") as stream:
        stream.write(b"Total Hours: 1\n\n- 1h Chapter 1: caf\xe9\n")
    result = _run(tmp_path, "report", ".")
    assert result.returncode == 1
    lines = _assert_log_safe(result.stderr)
    assert lines[0].startswith(
        "arena-lint: x\\n::error file=README.md,line=1::PWNED.md:1:1: AL001 unreadable-file"
    )


def test_diff_headers_stay_one_line(hostile: Path) -> None:
    result = _run(hostile, "--diff", os.fsdecode(FORGED))
    assert result.returncode == 1
    lines = _assert_log_safe(result.stdout)
    assert "--- a/x\\n::error file=README.md,line=1::PWNED.md" in lines
    assert "+++ b/x\\n::error file=README.md,line=1::PWNED.md" in lines
