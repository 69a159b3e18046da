"""The shipped schemas: valid 2020-12 schemas, packaged, and matching real output."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from arena_lint import parse_text
from arena_lint.schema_check import DIAGNOSTICS, FRONT_MATTER, LOG, load

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = (FRONT_MATTER, LOG, DIAGNOSTICS)


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_and_is_the_published_copy(name: str) -> None:
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "post", sorted((FIXTURES / "posts").glob("*.md")), ids=lambda path: path.name
)
def test_tree_of_every_post_validates(post: Path) -> None:
    tree = parse_text(post.read_text(encoding="utf-8-sig"), post.name).to_json()
    Draft202012Validator(load(LOG)).validate(tree)


def test_tree_schema_rejects_a_float_duration() -> None:
    tree = parse_text("Total: 1h\n- 1h a\n").to_json()
    tree["logs"][0]["entries"][0]["duration"]["hours"] = 1.0
    assert not Draft202012Validator(load(LOG)).is_valid(tree)


def test_tree_keeps_exact_hours_as_strings() -> None:
    tree = parse_text("Total: 1h\n- 20min a\n- 40min b\n").to_json()
    hours = [entry["duration"]["hours"] for entry in tree["logs"][0]["entries"]]
    assert hours == ["1/3", "2/3"]


def test_wheel_carries_the_schemas(tmp_path: Path) -> None:
    """A wheel built from the repository has every schema inside the package."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("arena_lint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in SCHEMAS:
        assert f"arena_lint/schema/{name}" in names
    assert "arena_lint/py.typed" in names
