"""A user's schema is bounded as a whole, per check: nested ``anyOf``/``$ref``
(exponential in the schema's depth) ends with a finding, a ref loop is a
configuration error, each validation has its own budget even in threads, and
an edited schema is seen without a restart.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from arena_lint import schema_bounds, schema_check
from arena_lint.cli import main

POST = "---\ntitle: Spring revision\n---\n\nTotal Hours: 1\n- 1h Chapter 1: Basics\n"


def exponential(depth: int) -> dict[str, Any]:
    """Each level tries the next twice: 2**depth paths, all failing on a string."""
    defs: dict[str, Any] = {
        f"d{level}": {"anyOf": [{"$ref": f"#/$defs/d{level + 1}"}] * 2} for level in range(depth)
    }
    defs[f"d{depth}"] = {"type": "integer"}
    return {"$defs": defs, "properties": {"title": {"$ref": "#/$defs/d0"}}}


def _write(folder: Path, schema: Any, name: str = "schema.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def test_exponential_schema_ends_with_a_finding(tmp_path: Path) -> None:
    """The issue's schema (1.4 KB) took 70 s and 5.6 GB; 24 levels over 120 s."""
    schema = _write(tmp_path, exponential(24))
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    options = ("--front-matter-schema", str(schema))
    result = subprocess.run(
        [sys.executable, "-m", "arena_lint", "--isolated", "--format", "json", *options, str(post)],
        capture_output=True,
        text=True,
        timeout=60,  # a hang fails here, not after minutes
        check=False,
    )
    assert result.returncode == 1, result.stderr
    (found,) = json.loads(result.stdout)
    assert found["rule"] == "schema-violation"
    assert "the schema took too long" in found["message"]
    assert found["message"].endswith("not checked (at $)")


def test_the_bound_is_work_counted_per_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted in keyword evaluations (not time): the same result on any machine,
    and the budget grows with the value checked, so a long log's tree gets more."""
    monkeypatch.setattr(schema_bounds, "STEPS", 500)
    monkeypatch.setattr(schema_bounds, "STEPS_PER_VALUE", 0)
    check = schema_check.user_validator(_write(tmp_path, exponential(12)))
    (only,) = schema_check.violations(check, {"title": "x"})
    assert only == ((), "the schema took too long (over 500 steps or 5 s); not checked (at $)")
    shallow = schema_check.user_validator(_write(tmp_path, exponential(3), "small.json"))
    found = [message for _, message in schema_check.violations(shallow, {"title": "x"})]
    assert found == ["'x' is not valid under any of the given schemas (at $.title)"]


def test_errors_found_before_the_bound_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema_bounds, "STEPS", 500)
    schema = {"required": ["date"], **exponential(12)}  # checked first: in schema order
    check = schema_check.user_validator(_write(tmp_path, schema))
    messages = [message for _, message in schema_check.violations(check, {"title": "x"})]
    assert messages[0] == "'date' is a required property (at $)"
    assert messages[-1].startswith("the schema took too long")


LOOPS = {
    "itself": {"$ref": "#"},
    "through-allOf": {"allOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"anyOf": [{"$ref": "#"}]}}},
    "through-not": {"$defs": {"a": {"not": {"$ref": "#/$defs/a"}}}, "$ref": "#/$defs/a"},
    "under-properties": {
        "properties": {"t": {"$ref": "#/$defs/a"}},
        "$defs": {"a": {"$ref": "#/$defs/a"}},
    },
}


@pytest.mark.parametrize("schema", list(LOOPS.values()), ids=list(LOOPS))
def test_ref_loop_is_a_configuration_error(
    runner: CliRunner, tmp_path: Path, schema: dict[str, Any]
) -> None:
    path = _write(tmp_path, schema)
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    result = runner.invoke(main, ["--isolated", "--front-matter-schema", str(path), str(post)])
    assert result.exit_code == 2, result.output
    assert "leads back to itself without reading into the value" in result.output
    assert "internal-error" not in result.output


def test_ref_loop_across_files_is_a_configuration_error(tmp_path: Path) -> None:
    _write(tmp_path, {"allOf": [{"$ref": "schema.json"}]}, "other.json")
    path = _write(tmp_path, {"anyOf": [{"$ref": "other.json"}]})
    with pytest.raises(schema_check.SchemaFileError, match="leads back to itself"):
        schema_check.user_validator(path)


def test_recursion_into_the_value_is_no_loop(tmp_path: Path) -> None:
    """A schema of a tree refers to itself for each child: that ends with the value."""
    tree = {
        "type": "object",
        "required": ["hours"],
        "properties": {"children": {"type": "array", "items": {"$ref": "#"}}},
    }
    check = schema_check.user_validator(_write(tmp_path, tree))
    value = {"hours": 1, "children": [{"hours": 2, "children": [{"children": []}]}]}
    assert [path for path, _ in schema_check.violations(check, value)] == [
        ("children", 0, "children", 0)
    ]


def test_each_validation_has_its_own_budget_in_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor server validates in several threads. A check that starts while
    another is under way neither resets the other's bound nor sees its state."""
    schema = {
        "properties": {
            "a": {"pattern": "^x"},
            "b": {"pattern": "^z"},
            "c": {"pattern": "^x"},
        }
    }
    check = schema_check.user_validator(_write(tmp_path, schema))
    inside, other_done = threading.Event(), threading.Event()
    real = schema_bounds._compiled

    class Pattern:
        def __init__(self, pattern: str) -> None:
            self.pattern = pattern

        def search(self, text: str, timeout: float) -> object:
            if threading.current_thread().name == "slow":
                if self.pattern == "^x":
                    raise TimeoutError  # as regex says when its bound is hit
                inside.set()  # halfway: "a" ran out of time, "c" is still to come
                assert other_done.wait(10)
            return real(self.pattern).search(text, timeout=timeout)

    monkeypatch.setattr(schema_bounds, "_compiled", Pattern)
    value = {"a": "x", "b": "z", "c": "x"}
    results: dict[str, list[str]] = {}

    def validate(name: str) -> None:
        results[name] = [message for _, message in schema_check.violations(check, value)]

    slow = threading.Thread(target=validate, args=("slow",), name="slow")
    slow.start()
    assert inside.wait(10)
    validate("other")
    other_done.set()
    slow.join(10)
    assert results["other"] == []
    assert results["slow"] == [
        f"pattern '^x' took too long (over {schema_check.PATTERN_SECONDS:g} s); "
        "not checked (at $.a)"
    ]


def test_an_edited_schema_is_seen(tmp_path: Path) -> None:
    """Kept by content, not by name: an editor's reload sees the new rules."""
    path = _write(tmp_path, {"properties": {"title": {"type": "integer"}}})
    first = schema_check.validator(path=path)
    assert schema_check.validator(path=path) is first, "unchanged: kept"
    assert list(schema_check.violations(first, {"title": "x"}))
    _write(tmp_path, {"properties": {"title": {"type": "string"}}})
    assert list(schema_check.violations(schema_check.validator(path=path), {"title": "x"})) == []


def test_an_edited_ref_target_is_seen(tmp_path: Path) -> None:
    _write(tmp_path, {"type": "integer"}, "title.json")
    path = _write(tmp_path, {"properties": {"title": {"$ref": "title.json"}}})
    assert list(schema_check.violations(schema_check.validator(path=path), {"title": "x"}))
    _write(tmp_path, {"type": "string"}, "title.json")
    assert list(schema_check.violations(schema_check.validator(path=path), {"title": "x"})) == []


def test_an_edited_schema_that_breaks_is_a_configuration_error(tmp_path: Path) -> None:
    path = _write(tmp_path, {"type": "object"})
    schema_check.validator(path=path)
    _write(tmp_path, {"$ref": "#"})
    with pytest.raises(schema_check.SchemaFileError):
        schema_check.validator(path=path)
