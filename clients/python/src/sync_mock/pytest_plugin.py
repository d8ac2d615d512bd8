"""The pytest plugin (entry point ``pytest11``): a session-scoped sync-mock container and a per-test ``sync_mock``.

    def test_render(sync_mock):
        sync = Sync(base_url=sync_mock.base_url, api_key=sync_mock.api_key)
        ...
        sync_mock.admin.advance(60_000, api_key=sync_mock.api_key)

Configure the container by overriding ``sync_mock_options`` (keyword arguments of :class:`SyncMockContainer`) in
a ``conftest.py``. Testcontainers is imported only when a test asks for the container.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from sync_mock.admin import AdminClient

if TYPE_CHECKING:
    from sync_mock.container import SyncMockContainer


@dataclass(frozen=True)
class SyncMock:
    """One test's view of the session's mock: its own fresh key (a tenant no other test sees)."""

    base_url: str
    """Base URL for SDK clients (``Sync(base_url=...)``)."""
    api_key: str
    """A fresh API key (Scale plan) for this test."""
    admin: AdminClient
    container: SyncMockContainer

    def new_api_key(self, plan: str = "scale") -> str:
        """Another fresh key, e.g. ``new_api_key("free")`` for the Free plan's limits."""
        return self.container.api_key(plan)


@pytest.fixture(scope="session")
def sync_mock_options() -> dict[str, Any]:
    """Keyword arguments of the session's :class:`SyncMockContainer`; override it, e.g.
    ``return {"clock": "manual", "scenario": "instant"}``."""
    return {}


@pytest.fixture(scope="session")
def sync_mock_container(sync_mock_options: dict[str, Any]) -> Iterator[SyncMockContainer]:
    """One sync-mock container for the whole session, removed at its end."""
    from sync_mock.container import SyncMockContainer

    with SyncMockContainer(**sync_mock_options) as container:
        yield container


@pytest.fixture
def sync_mock(sync_mock_container: SyncMockContainer) -> SyncMock:
    """The session's mock, with a fresh API key for this test."""
    return SyncMock(
        base_url=sync_mock_container.base_url,
        api_key=sync_mock_container.api_key(),
        admin=sync_mock_container.admin,
        container=sync_mock_container,
    )
