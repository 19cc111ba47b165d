"""Shared fixtures: the small test questionnaire and a fresh workspace in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from iah_assess.catalog.loader import load
from iah_assess.domain.questionnaire import Questionnaire
from iah_assess.storage.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "questionnaires" / "mini.yaml"


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load(MINI).questionnaire


@pytest.fixture
def workspace(tmp_path: Path):
    ws = Workspace.in_folder(tmp_path)
    yield ws
    ws.close()
