"""Schemas and configuration files from a pull request: no network, no reads
outside the repository and the schema's folder, bounded time, one-line errors.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from arena_lint import schema_check
from arena_lint.cli import main

POST = """\
---
title: {title}
date: 2024-03-01
---

Total Hours: 3

- 2h Chapter 1 Foundations
  - 1h 1.1 Vectors
  - 1h 1.2 Matrices
- 1h Chapter 2 Practice
"""


def _post(folder: Path, title: str = "Spring revision") -> Path:
    post = folder / "post.md"
    post.write_text(POST.format(title=title), encoding="utf-8")
    return post


def _repo(tmp_path: Path, schema: Any, files: dict[str, Any] | None = None) -> Path:
    """A repository whose configuration names ``schemas/post.json`` (``schema``)."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "schemas").mkdir()
    (repo / "schemas" / "post.json").write_text(json.dumps(schema), encoding="utf-8")
    for name, content in (files or {}).items():
        (repo / "schemas" / name).write_text(json.dumps(content), encoding="utf-8")
    (repo / ".arena-lint.toml").write_text(
        'front-matter-schema = "schemas/post.json"\n', encoding="utf-8"
    )
    _post(repo)
    return repo


def _outside(tmp_path: Path) -> tuple[Path, str]:
    """A schema outside the repository with a unique marker that must never be shown."""
    marker = f"SECRET-{uuid.uuid4().hex}"
    secret = tmp_path / "elsewhere" / "secret.json"
    secret.parent.mkdir()
    secret.write_text(
        json.dumps({"description": marker, "$defs": {"x": {"const": marker}}}), encoding="utf-8"
    )
    return secret, marker


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "arena_lint", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def _one_error_line(output: str) -> str:
    lines = output.splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


# --- refs: the network ------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b'{"type": "string"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def answering_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that answers every GET and records it."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_server() -> Iterator[tuple[str, socket.socket]]:
    """A port that accepts connections (in the kernel) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", listener
    finally:
        listener.close()


def _connections(listener: socket.socket) -> int:
    listener.setblocking(False)
    count = 0
    while True:
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@pytest.mark.parametrize("keyword", ["$ref", "$dynamicRef"])
def test_http_ref_is_never_requested(
    tmp_path: Path, answering_server: tuple[str, list[str]], keyword: str
) -> None:
    url, requests = answering_server
    ref = f"{url}/title.json"
    repo = _repo(tmp_path, {"properties": {"title": {keyword: ref}}})
    started = time.monotonic()
    result = _run(str(repo / "post.md"))
    assert time.monotonic() - started < 20
    assert requests == []
    assert result.returncode == 2, result.stdout + result.stderr
    line = _one_error_line(result.stderr)
    assert str(repo / ".arena-lint.toml") in line
    assert repr(ref) in line
    assert "no network requests" in line


def test_ref_to_a_silent_server_fails_fast(
    tmp_path: Path, silent_server: tuple[str, socket.socket]
) -> None:
    url, listener = silent_server
    repo = _repo(tmp_path, {"$ref": f"{url}/post.json"})
    started = time.monotonic()
    result = _run(str(repo / "post.md"), timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode == 2
    assert f"{url}/post.json" in _one_error_line(result.stderr)
    assert _connections(listener) == 0


def test_command_line_schema_refs_are_bounded_too(
    tmp_path: Path, answering_server: tuple[str, list[str]]
) -> None:
    """A schema given with --front-matter-schema may live anywhere; its refs may not."""
    url, requests = answering_server
    schema = tmp_path / "mine.json"
    schema.write_text(json.dumps({"$ref": f"https://example.org/x.json#{url}"}))
    (tmp_path / "other.json").write_text(json.dumps({"$ref": f"{url}/a.json"}))
    post = _post(tmp_path)
    for name in ("mine.json", "other.json"):
        result = _run("--isolated", "--front-matter-schema", str(tmp_path / name), str(post))
        assert result.returncode == 2
        line = _one_error_line(result.stderr)
        assert line.startswith(f"arena-lint: command line: {tmp_path / name}: $ref ")
    assert requests == []


# --- refs: files ------------------------------------------------------------------


def _file_refs(tmp_path: Path, secret: Path) -> dict[str, str]:
    repo_schemas = tmp_path / "repo" / "schemas"
    return {
        "file-uri": secret.as_uri(),
        "file-uri-pointer": secret.as_uri() + "#/$defs/x",
        "dot-dot": "../../elsewhere/secret.json",
        "absolute-path": str(secret),
        "dot-dot-from-inside": "sub/../../../elsewhere/secret.json#/$defs/x",
        "symlink": "link.json",
        "folder-above": str(repo_schemas.parent / ".arena-lint.toml"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "file-uri",
        "file-uri-pointer",
        "dot-dot",
        "absolute-path",
        "dot-dot-from-inside",
        "symlink",
        "folder-above",
    ],
)
def test_ref_outside_the_schema_folder_is_refused_unread(
    runner: CliRunner, tmp_path: Path, case: str
) -> None:
    secret, marker = _outside(tmp_path)
    ref = _file_refs(tmp_path, secret)[case]
    repo = _repo(tmp_path, {"properties": {"title": {"$ref": ref}}})
    (repo / "schemas" / "sub").mkdir()
    (repo / "schemas" / "link.json").symlink_to(secret)
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2, result.output
    line = _one_error_line(result.output)
    assert marker not in result.output
    assert line.startswith(f"arena-lint: {repo / '.arena-lint.toml'}: {repo / 'schemas'}")
    assert "$ref" in line


@pytest.mark.parametrize(
    "root",
    [{}, {"$id": "https://example.org/blog/post.schema.json"}],
    ids=["no-id", "http-id"],
)
def test_sibling_ref_in_the_folder_works(
    runner: CliRunner, tmp_path: Path, root: dict[str, Any]
) -> None:
    """Relative refs name the files beside the schema, even under an http $id."""
    schema = {**root, "properties": {"title": {"$ref": "parts/common.json#/$defs/short"}}}
    common = {"$defs": {"short": {"type": "string", "maxLength": 12}}}
    repo = _repo(tmp_path, schema)
    (repo / "schemas" / "parts").mkdir()
    (repo / "schemas" / "parts" / "common.json").write_text(json.dumps(common))
    result = runner.invoke(main, ["--format", "json", str(repo / "post.md")])
    assert result.exit_code == 1, result.output
    (found,) = json.loads(result.output)
    assert found["rule"] == "schema-violation"
    assert "'Spring revision' is too long" in found["message"]
    assert found["line"] == 2
    _post(repo, "Short one")
    assert runner.invoke(main, [str(repo / "post.md")]).exit_code == 0


def test_ref_to_missing_part_of_a_sibling_is_a_config_error_without_its_text(
    runner: CliRunner, tmp_path: Path
) -> None:
    marker = f"INSIDE-{uuid.uuid4().hex}"
    repo = _repo(
        tmp_path,
        {"properties": {"title": {"$ref": "common.json#/$defs/nope"}}},
        {"common.json": {"$defs": {"short": {"description": marker}}}},
    )
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    line = _one_error_line(result.output)
    assert "'common.json#/$defs/nope' points to nothing" in line
    assert marker not in line


def test_every_ref_is_resolved_at_load_even_one_no_post_reaches(
    runner: CliRunner, tmp_path: Path
) -> None:
    repo = _repo(
        tmp_path,
        {"properties": {"never-present": {"$ref": "missing.json"}}},
        {"chain.json": {"$ref": "missing.json"}},
    )
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    assert "$ref 'missing.json' names no file in the schema's folder" in result.output


def test_ref_in_a_sibling_is_checked_as_well(runner: CliRunner, tmp_path: Path) -> None:
    secret, marker = _outside(tmp_path)
    repo = _repo(
        tmp_path,
        {"properties": {"title": {"$ref": "chain.json"}}},
        {"chain.json": {"$ref": secret.as_uri()}},
    )
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    assert "is outside the schema's folder" in _one_error_line(result.output)
    assert marker not in result.output


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"$ref": "http://[::1"}, "$ref 'http://[::1' is not a URI"),
        ({"$defs": {"x": {"$id": "http://[::1"}}}, "an $id or $ref is not a URI"),
    ],
)
def test_ref_that_is_no_uri_is_a_config_error(
    runner: CliRunner, tmp_path: Path, schema: dict[str, Any], message: str
) -> None:
    repo = _repo(tmp_path, schema)
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    line = _one_error_line(result.output)
    # jsonschema's own schema check says it first where a "uri-reference" format
    # checker is installed (rfc3986-validator, a test dependency); either way it
    # is one line naming the schema file.
    assert message in line or ("post.json" in line and "is not a 'uri-reference'" in line)


def test_metaschema_ref_resolves_without_a_request(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        {"properties": {"extra": {"$ref": "https://json-schema.org/draft/2020-12/schema"}}},
    )
    assert runner.invoke(main, [str(repo / "post.md")]).exit_code == 0


# --- where a configuration may point -------------------------------------------------


def test_configuration_may_not_name_a_schema_outside_the_repository(
    runner: CliRunner, tmp_path: Path
) -> None:
    secret, marker = _outside(tmp_path)
    repo = _repo(tmp_path, {})
    (repo / "schemas" / "escape.json").symlink_to(secret)
    for named in (str(secret), "../elsewhere/secret.json", "schemas/escape.json"):
        (repo / ".arena-lint.toml").write_text(f"schema = {json.dumps(named)}\n")
        result = runner.invoke(main, [str(repo / "post.md")])
        assert result.exit_code == 2, result.output
        line = _one_error_line(result.output)
        key = "schema (an option of schema-violation)"
        assert f"{key}: {named!r} is outside the repository ({repo})" in line
        assert marker not in result.output


def test_schema_elsewhere_in_the_repository_is_allowed(runner: CliRunner, tmp_path: Path) -> None:
    """The repository (the folder with .git), not only the configuration's folder."""
    repo = _repo(tmp_path, {"required": ["tags"]})
    blog = repo / "blog"
    blog.mkdir()
    (blog / ".arena-lint.toml").write_text('front-matter-schema = "../schemas/post.json"\n')
    result = runner.invoke(main, [str(_post(blog))])
    assert result.exit_code == 1, result.output
    assert "'tags' is a required property" in result.output


def test_without_git_the_configuration_folder_is_the_bound(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "shared.json").write_text("{}")
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / ".arena-lint.toml").write_text('front-matter-schema = "../shared.json"\n')
    result = runner.invoke(main, [str(_post(blog))])
    assert result.exit_code == 2
    assert f"is outside the repository ({blog})" in result.output


def test_command_line_schema_may_live_anywhere(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, {})
    mine = tmp_path / "elsewhere.json"
    mine.write_text(json.dumps({"required": ["tags"]}))
    result = runner.invoke(main, ["--front-matter-schema", str(mine), str(repo / "post.md")])
    assert result.exit_code == 1
    assert "'tags' is a required property" in result.output


# --- patterns ---------------------------------------------------------------------


def test_catastrophic_pattern_from_the_issue_ends_quickly_with_a_finding(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"properties": {"title": {"pattern": "^(a+)+$"}}})
    _post(repo, "a" * 29 + "!")
    started = time.monotonic()
    result = _run("--format", "json", str(repo / "post.md"), timeout=60)
    assert time.monotonic() - started < 10
    assert result.returncode == 1, result.stderr
    (found,) = json.loads(result.stdout)
    assert found["rule"] == "schema-violation"
    assert "does not match '^(a+)+$'" in found["message"]


def test_pattern_that_hits_the_bound_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    """regex cannot shortcut this one: it runs until its bound."""
    repo = _repo(
        tmp_path,
        {"properties": {"title": {"pattern": "^(a|aa)+$"}, "date": {"pattern": "^2024-"}}},
    )
    _post(repo, "a" * 60 + "!")
    started = time.monotonic()
    result = _run("--format", "json", str(repo / "post.md"), timeout=60)
    assert time.monotonic() - started < 15
    assert result.returncode == 1, result.stderr
    (found,) = json.loads(result.stdout)
    assert found["rule"] == "schema-violation"
    assert found["line"] == 2
    assert "pattern '^(a|aa)+$' took too long" in found["message"]
    assert "not checked" in found["message"]


SLOW = "^(a|aa)+$"
NAME = "a" * 60 + "!"


@pytest.mark.parametrize(
    "schema",
    [
        {"patternProperties": {SLOW: {"type": "integer"}}},
        {"patternProperties": {SLOW: {}}, "additionalProperties": False},
        {"patternProperties": {SLOW: {}}, "unevaluatedProperties": False},
        {"allOf": [{"patternProperties": {SLOW: {}}}], "unevaluatedProperties": False},
        {"propertyNames": {"pattern": SLOW}},
    ],
    ids=["patternProperties", "additional", "unevaluated", "unevaluated-allOf", "propertyNames"],
)
def test_property_name_patterns_are_bounded(tmp_path: Path, schema: dict[str, Any]) -> None:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema))
    check = schema_check.user_validator(path)
    started = time.monotonic()
    found = list(schema_check.violations(check, {NAME: 1, "b" + NAME: 2}))
    assert time.monotonic() - started < 3 * schema_check.BUDGET_SECONDS
    assert [message for _, message in found] == [
        f"pattern {SLOW!r} took too long (over {schema_check.PATTERN_SECONDS:g} s); "
        "not checked (at $)"
    ]


@pytest.mark.parametrize(
    ("schema", "instance", "expected"),
    [
        ({"patternProperties": {"^x-": {"type": "integer"}}}, {"x-a": "no"}, "is not of type"),
        (
            {"patternProperties": {"^x-": {}}, "additionalProperties": False},
            {"x-a": 1, "y": 2},
            "'y' does not match any of the regexes: '^x-'",
        ),
        (
            {"properties": {"x-b": {}}, "additionalProperties": False},
            {"x-b": 1, "y": 2},
            "Additional properties are not allowed ('y' was unexpected)",
        ),
        (
            {"allOf": [{"patternProperties": {"^x-": {}}}], "unevaluatedProperties": False},
            {"x-a": 1, "y": 2},
            "Unevaluated properties are not allowed ('y' was unexpected)",
        ),
        ({"properties": {"t": {"pattern": "^[a-z]+$"}}}, {"t": "Nope"}, "does not match"),
    ],
)
def test_bounded_keywords_still_validate(
    tmp_path: Path, schema: dict[str, Any], instance: dict[str, Any], expected: str
) -> None:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema))
    check = schema_check.user_validator(path)
    (only,) = schema_check.violations(check, instance)
    assert expected in only[1]
    fixed = {key: 1 for key in instance if key.startswith("x-")}
    assert list(schema_check.violations(check, fixed)) == []


def test_invalid_pattern_is_a_config_error(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"patternProperties": {"(unclosed": {}}})
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    assert "post.json is not a valid JSON Schema: '(unclosed' is not a 'regex'" in _one_error_line(
        result.output
    )


def test_regex_is_not_imported_without_a_user_schema(tmp_path: Path) -> None:
    """Start-up time: the bounded engine loads only with a user's schema."""
    post = _post(tmp_path)
    code = (
        "import sys\n"
        "from arena_lint import lint_text\n"
        f"lint_text(open({str(post)!r}).read(), 'post.md')\n"
        "print('regex' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- bombs ------------------------------------------------------------------------

CONFIG_BOMBS: dict[str, bytes] = {
    "long-integer": b"strict = " + b"7" * 5000 + b"\n",
    "deep-array": b"select = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "deep-table": b"severity = " + b"{a = " * 3000 + b"1" + b"}" * 3000 + b"\n",
    "invalid-utf8": b'select = ["caf\xe9"]\n',
    "huge": b"# padding\n" * 150_000,
    "long-string": b'tolerance-mode = "' + b"x" * 500_000 + b'"\n',
}


@pytest.mark.parametrize("name", [".arena-lint.toml", "pyproject.toml"])
@pytest.mark.parametrize("bomb", list(CONFIG_BOMBS))
def test_configuration_bomb_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path, bomb: str, name: str
) -> None:
    (tmp_path / ".git").mkdir()
    content = CONFIG_BOMBS[bomb]
    if name == "pyproject.toml":
        content = b"[tool.arena-lint]\n" + content
    (tmp_path / name).write_bytes(content)
    post = _post(tmp_path)
    result = runner.invoke(main, [str(post)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    line = _one_error_line(result.output)
    assert re.match(rf"arena-lint: {re.escape(str(tmp_path / name))}(:\d+)?: ", line)
    assert len(line) < 600


SCHEMA_BOMBS: dict[str, bytes] = {
    "long-integer": b'{"maxLength": ' + b"7" * 5000 + b"}",
    "deep": b'{"not": ' * 5000 + b"{}" + b"}" * 5000,
    "invalid-utf8": b'{"description": "caf\xe9"}',
    "huge": b'{"description": "' + b"x" * 1_100_000 + b'"}',
}


@pytest.mark.parametrize("bomb", list(SCHEMA_BOMBS))
def test_schema_bomb_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path, bomb: str) -> None:
    schema = tmp_path / "bomb.json"
    schema.write_bytes(SCHEMA_BOMBS[bomb])
    post = _post(tmp_path)
    result = runner.invoke(main, ["--isolated", "--log-schema", str(schema), str(post)])
    assert result.exit_code == 2, result.output
    line = _one_error_line(result.output)
    assert line.startswith(f"arena-lint: command line: {schema}")
    assert len(line) < 600


def test_bomb_gives_no_traceback_in_the_real_process(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".arena-lint.toml").write_bytes(CONFIG_BOMBS["deep-array"])
    result = _run(str(_post(tmp_path)))
    assert result.returncode == 2
    assert "not valid TOML arena-lint reads: nested too deeply" in _one_error_line(result.stderr)
    assert os.path.getsize(tmp_path / ".arena-lint.toml") > 0
