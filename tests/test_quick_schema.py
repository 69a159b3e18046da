"""The fast verdict for the default front-matter schema agrees with jsonschema."""

from __future__ import annotations

import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from arena_lint import quick_schema
from arena_lint.config import CONFIG_SCHEMA
from arena_lint.schema_check import FRONT_MATTER, load

SCHEMA = load(FRONT_MATTER)
JSONSCHEMA = Draft202012Validator(SCHEMA)
CONFIG = load(CONFIG_SCHEMA)
CONFIG_JSONSCHEMA = Draft202012Validator(CONFIG)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-2, 2, allow_nan=False),
    st.sampled_from(["", "true", "false", "T", "f", "1", "0", "draft", "2024-01-07"]),
    st.text(max_size=5),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = ["title", "description", "layout", "date", "tags", "categories", "draft", "other"]


@settings(max_examples=800)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=5) | values)
def test_the_fast_verdict_never_disagrees_with_jsonschema(instance: Any) -> None:
    verdict = quick_schema.valid(FRONT_MATTER, instance)
    truth = JSONSCHEMA.is_valid(instance)
    # The fast path only ever says "valid", and only when jsonschema agrees; and
    # it says so for every valid instance this schema sees.
    assert verdict is (True if truth else None)


# Configuration tables as TOML gives them: the keys arena-lint knows, a misspelt
# one, values of every TOML type, right and wrong (empty strings, numbers where
# names go, a date, nested tables).
CONFIG_KEYS = [
    "select", "extend-select", "ignore", "per-file-ignores", "severity", "strict",
    "tolerance", "tolerance-mode", "fixable", "fix-trust", "front-matter-schema",
    "schema", "include", "exclude", "selct",
]  # fmt: skip
config_scalars = st.one_of(
    st.booleans(),
    st.integers(-2, 2),
    st.floats(allow_nan=True),
    st.datetimes(),
    st.dates(),
    st.sampled_from(["", "AL1", "style", "ALL", "error", "warning", "info", "exact", "absolute"]),
    st.sampled_from(["precision", "leaves", "parents", "0.05h", "posts/*.md", "a"]),
    st.text(max_size=3),
)
config_values = st.recursive(
    config_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=1500)
@given(st.dictionaries(st.sampled_from(CONFIG_KEYS), config_values, max_size=5))
def test_the_fast_verdict_on_configurations_never_disagrees_with_jsonschema(
    instance: dict[str, Any],
) -> None:
    verdict = quick_schema.valid(CONFIG_SCHEMA, instance)
    assert verdict is (True if CONFIG_JSONSCHEMA.is_valid(instance) else None)


def test_a_usual_configuration_is_read_without_importing_jsonschema(tmp_path: Any) -> None:
    import subprocess

    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.arena-lint]\nstrict = true\nignore = ["extra-whitespace"]\n'
        'severity = { untimed-entry = "error" }\nper-file-ignores = { "drafts/*" = ["AL3"] }\n',
        encoding="utf-8",
    )
    code = (
        "import sys; from arena_lint.config import Resolver;"
        f"s = Resolver().settings_for({str(tmp_path / 'post.md')!r});"
        "print('jsonschema' in sys.modules, s.strict)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"


def test_every_keyword_of_the_schema_is_known() -> None:
    def keywords(node: Any) -> set[str]:
        if isinstance(node, dict):
            found = set(node)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    found |= {k for part in value.values() for k in keywords(part)}
                elif key != "enum":
                    found |= keywords(value)
            return found
        if isinstance(node, list):
            return {k for part in node for k in keywords(part)}
        return set()

    assert keywords(SCHEMA) <= quick_schema.KNOWN | quick_schema.ANNOTATIONS
    assert keywords(CONFIG) <= quick_schema.KNOWN | quick_schema.ANNOTATIONS


def test_a_keyword_it_does_not_know_is_left_to_jsonschema(monkeypatch: Any) -> None:
    schema = {**SCHEMA, "required": ["title"]}
    monkeypatch.setattr(quick_schema, "_schema", lambda name: schema)
    assert quick_schema.valid(FRONT_MATTER, {"title": "x"}) is None


def test_a_valid_post_is_checked_without_importing_jsonschema(tmp_path: Any) -> None:
    import subprocess

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Week 1\ntags: [study]\n---\nTotal Hours: 1\n- 1h Chapter 1: A\n")
    code = (
        "import sys, arena_lint.api as api, arena_lint.settings as s;"
        f"r = api.run({str(post)!r}, s.Settings());"
        "assert r.document is not None and r.document.front_matter is not None;"
        "print('jsonschema' in sys.modules, r.diagnostics)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False []"
