"""Shared fixtures: the repository, the shared corpora (optional), the seed graph."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (a red CI run must be
# reproducible, and a pass must not depend on luck); HYPOTHESIS_PROFILE=explore
# draws fresh ones, which is how a developer looks for new failures.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def shared_data() -> Path | None:
    """``../shared/data`` beside the repository (or $ZHKG_SHARED), if present."""
    env = os.environ.get("ZHKG_SHARED")
    cand = Path(env) if env else REPO.parent / "shared" / "data"
    return cand if cand.is_dir() else None


@pytest.fixture(scope="session")
def shared() -> Path:
    data = shared_data()
    if data is None:
        pytest.skip("../shared/data is absent (only on a developer or CI machine)")
    return data


@pytest.fixture(scope="session")
def extractor():
    from zhkg.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seeds/ folder built once for the whole session: (out dir, report)."""
    from zhkg import build

    out = tmp_path_factory.mktemp("seed-out")
    report = build(SEEDS, out)
    return out, report


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    from zhkg import load_graph

    return load_graph(seed_build[0])
