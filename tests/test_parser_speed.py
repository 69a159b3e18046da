"""The parser's speed-ups change nothing but time: each is checked against the slow form."""

from __future__ import annotations

import gc

import pytest

from arena_lint import lint_text, parse_text, parser

LOG = "Total Hours: 3\n- 1h [Chapter 1: One](https://x.example/1)\n- 2h exercise 1.1 Two\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_parse_leaves_the_collector_as_it_found_it(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert len(parse_text(LOG).logs) == 1
        assert gc.isenabled() is enabled

        def fail(self: object) -> None:
            assert not gc.isenabled()  # the tree is built with the collector paused
            raise RuntimeError("inside the pause")

        monkeypatch.setattr(parser._Builder, "logs", fail)
        with pytest.raises(RuntimeError, match="inside the pause"):
            parse_text(LOG)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_rules_run_with_the_collector_paused_and_it_resumes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from arena_lint import engine

    seen: list[bool] = []
    check = engine.check

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "check", spy)
    assert gc.isenabled()
    assert [d.rule for d in lint_text("Total Hours: 4\n- 3h exercise 1.1 One\n")] == [
        "total-mismatch"
    ]
    assert seen == [False]
    assert gc.isenabled()
