from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_e50890bc28fb5205.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("optional corpus (kept outside the repository): the seed post; nothing to do")
    return SEED.read_text(encoding="utf-8")
