"""The sample ward and its analysis, computed once for the report and map-book tests."""

from __future__ import annotations

import pytest

from pipelines.model.store import Ward, open_ward
from pipelines.network.analysis import WardAnalysis, analyze_ward
from tests.conftest import SAMPLE_WARD


@pytest.fixture(scope="session")
def sample_analysis() -> tuple[Ward, WardAnalysis]:
    ward = open_ward(SAMPLE_WARD)
    return ward, analyze_ward(ward)
