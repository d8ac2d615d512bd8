"""Fixtures of the Python contract tests: one built mock per session (manual clock), the official SDK pointed at
it with `base_url`, and every answer checked against openapi/openapi.json."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sync import Sync

from mock_server import MockServer
from openapi_check import checking_client


@pytest.fixture(scope="session")
def mock() -> Iterator[MockServer]:
    server = MockServer("--clock", "manual")
    yield server
    server.close()
    assert not any('"unexpected error"' in line for line in server.output), "".join(server.output)


@pytest.fixture
def problems() -> Iterator[list[str]]:
    """Answers that do not match openapi/openapi.json; must be empty after each test."""
    found: list[str] = []
    yield found
    assert found == [], "responses that do not match openapi/openapi.json"


@pytest.fixture
def sdk(mock: MockServer, problems: list[str]) -> Callable[[str], Sync]:
    """The official client for a key, against the mock, its traffic checked."""
    clients = []

    def make(key: str) -> Sync:
        client = checking_client(mock.base_url, problems)
        clients.append(client)
        return Sync(base_url=mock.base_url, api_key=key, httpx_client=client)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def key(mock: MockServer) -> str:
    """A fresh Scale key: a tenant of its own."""
    return mock.new_key("scale")
