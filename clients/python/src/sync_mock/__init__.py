"""sync-mock for Python tests: the image as a Testcontainers module, its admin client, and a pytest fixture.

    from sync_mock import SyncMockContainer

    with SyncMockContainer(clock="manual") as mock:
        sync = Sync(base_url=mock.base_url, api_key=mock.api_key())
        mock.admin.advance(60_000)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync_mock.admin import (
    AdminClient,
    AdminError,
    ClockState,
    JournalEntry,
    ScenarioState,
    StateImportResult,
    WebhookDelivery,
)

if TYPE_CHECKING:
    from sync_mock.container import SYNC_MOCK_PORT, SyncMockContainer, default_image

__all__ = [
    "SYNC_MOCK_PORT",
    "AdminClient",
    "AdminError",
    "ClockState",
    "JournalEntry",
    "ScenarioState",
    "StateImportResult",
    "SyncMockContainer",
    "WebhookDelivery",
    "default_image",
]


def __getattr__(name: str) -> Any:
    # The container module imports Testcontainers (and docker): loaded on first use, so that the admin client and
    # the pytest plugin cost nothing to import.
    if name in ("SYNC_MOCK_PORT", "SyncMockContainer", "default_image"):
        from sync_mock import container

        return getattr(container, name)
    raise AttributeError(f"module 'sync_mock' has no attribute {name!r}")
