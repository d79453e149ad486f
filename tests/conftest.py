"""Shared test set-up."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # With pytest-xdist (--dist loadgroup), the real-browser tests run one after the
    # other in one worker: each starts a JupyterLab server and a Chromium, and two at
    # once on a 2-core machine only make both slow.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
