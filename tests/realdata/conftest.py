"""The real-world sample files kept beside the repository (../shared/realdata, see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest

REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata"


@pytest.fixture
def realdata() -> Path:
    """The realdata folder; these tests need it and say so when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real-world samples not found at {REALDATA}")
    return REALDATA
