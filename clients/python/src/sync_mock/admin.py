"""A typed client of sync-mock's admin plane (``/__mock``), on the standard library's urllib.

The same operations as the Node ``AdminClient`` (src/testing/admin-client.ts): an ``api_key`` scopes a call to
that key's tenant; without one it is the whole mock's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal, Optional, TypedDict, Union, cast
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

__all__ = [
    "AdminClient",
    "AdminError",
    "ClockState",
    "JournalEntry",
    "ScenarioState",
    "StateImportResult",
    "WebhookDelivery",
]


class ClockState(TypedDict, total=False):
    """The clock as the admin plane reports it (``tenant`` only for a key)."""

    mode: Literal["real", "manual"]
    now: str
    globalShiftMs: float
    tenant: dict[str, Any]


class JournalEntry(TypedDict, total=False):
    """One journalled request (``GET /__mock/requests``)."""

    id: str
    seq: int
    requestId: str
    tenant: Optional[str]
    at: str
    method: str
    path: str
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any
    status: int
    durationMs: float
    scenario: str
    rule: Optional[str]


class WebhookDelivery(TypedDict, total=False):
    """One recorded webhook attempt (``GET /__mock/webhooks``)."""

    id: str
    tenant: str
    jobId: str
    jobType: Literal["generation", "batch"]
    event: str
    url: str
    attempt: int
    redeliveryOf: Optional[str]
    faults: list[str]
    request: dict[str, Any]
    response: Optional[dict[str, Any]]
    error: Optional[str]
    outcome: Literal["delivered", "failed", "dropped"]
    latencyMs: float
    sentAt: str
    nextRetryAt: Optional[str]


class ScenarioState(TypedDict):
    """The scenario in force, and for whom."""

    scope: Literal["tenant", "server"]
    scenario: dict[str, Any]


class StateImportResult(TypedDict):
    """What ``PUT /__mock/state`` imported."""

    scope: Literal["tenant", "all"]
    tenants: int
    generations: int
    batches: int
    assets: int
    webhooks: int


class AdminError(Exception):
    """The admin plane answered with an error status; ``body`` is its parsed JSON (or text)."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"admin request failed with {status}: {json.dumps(body)}")
        self.status = status
        self.body = body


def _query(**params: Union[str, int, float, None]) -> str:
    given = {k: str(v) for k, v in params.items() if v is not None}
    return f"?{urlencode(given)}" if given else ""


class AdminClient:
    """Calls the admin plane of one mock at ``base_url``; ``admin_token`` is sent with every request when set."""

    def __init__(self, base_url: str, admin_token: Optional[str] = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._admin_token = admin_token
        self._timeout = timeout

    def request(
        self, method: str, path: str, *, api_key: Optional[str] = None, body: Any = None, timeout: Optional[float] = None
    ) -> Any:
        """Sends one admin request and returns its parsed JSON. A ``str`` body is sent as YAML text."""
        headers = {"accept": "application/json"}
        if api_key:
            headers["x-api-key"] = api_key
        if self._admin_token:
            headers["x-mock-admin-token"] = self._admin_token
        data: Optional[bytes] = None
        if body is not None:
            is_text = isinstance(body, str)
            headers["content-type"] = "application/yaml" if is_text else "application/json"
            data = (body if is_text else json.dumps(body)).encode()
        request = Request(f"{self.base_url}/__mock{path}", data=data, headers=headers, method=method)
        try:
            with urlopen(request, timeout=timeout or self._timeout) as response:
                text = response.read().decode()
        except HTTPError as error:
            raw = error.read().decode()
            try:
                parsed: Any = json.loads(raw)
            except ValueError:
                parsed = raw
            raise AdminError(error.code, parsed) from None
        return json.loads(text) if text else None

    def health(self) -> dict[str, Any]:
        """Health and a summary of state (version, clock mode, scenario, tenants, store)."""
        return cast(dict[str, Any], self.request("GET", "/health"))

    def advance(self, ms: float, api_key: Optional[str] = None) -> ClockState:
        """Moves time forward by ``ms`` (one tenant with ``api_key``, else everyone); returns once due work is done."""
        return cast(ClockState, self.request("POST", "/clock/advance", api_key=api_key, body={"ms": ms}))

    def advance_to(self, to: Union[str, datetime], api_key: str) -> ClockState:
        """Moves one tenant's time to ``to`` (an ISO time with an offset, or an aware datetime)."""
        when = to if isinstance(to, str) else to.isoformat()
        return cast(ClockState, self.request("POST", "/clock/advance", api_key=api_key, body={"to": when}))

    def clock(self, api_key: Optional[str] = None) -> ClockState:
        """The clock, as seen by ``api_key``'s tenant if given."""
        return cast(ClockState, self.request("GET", "/clock", api_key=api_key))

    def reset(self, api_key: Optional[str] = None) -> dict[str, Any]:
        """Forgets one tenant, or everything."""
        return cast(dict[str, Any], self.request("POST", "/reset", api_key=api_key))

    def webhooks(
        self, job_id: Optional[str] = None, outcome: Optional[str] = None, api_key: Optional[str] = None
    ) -> list[WebhookDelivery]:
        """Webhook attempts, newest first (only ``api_key``'s with a key)."""
        answer = self.request("GET", f"/webhooks{_query(jobId=job_id, outcome=outcome)}", api_key=api_key)
        return cast(list[WebhookDelivery], answer["items"])

    def wait_for_webhook(
        self,
        job_id: Optional[str] = None,
        outcome: Optional[str] = None,
        api_key: Optional[str] = None,
        timeout_seconds: Optional[float] = None,
    ) -> WebhookDelivery:
        """Waits (up to ``timeout_seconds``, default 10) for a matching attempt and returns the newest;
        :class:`AdminError` 408 when none came."""
        path = f"/webhooks/wait{_query(jobId=job_id, outcome=outcome, timeout=timeout_seconds)}"
        # The server holds the request up to its timeout: the socket must outlast it.
        return cast(WebhookDelivery, self.request("GET", path, api_key=api_key, timeout=(timeout_seconds or 10) + 10))

    def redeliver(self, delivery_id: str, api_key: Optional[str] = None) -> WebhookDelivery:
        """Sends a recorded attempt again; returns the new attempt."""
        return cast(WebhookDelivery, self.request("POST", f"/webhooks/{quote(delivery_id, safe='')}/redeliver", api_key=api_key))

    def set_scenario(self, scenario: Union[str, Mapping[str, Any]], api_key: Optional[str] = None) -> ScenarioState:
        """Puts a scenario (YAML/JSON text or a mapping) in force for ``api_key`` only, or for the whole server;
        one that does not validate is refused (:class:`AdminError` 400) and nothing changes."""
        body = scenario if isinstance(scenario, str) else dict(scenario)
        return cast(ScenarioState, self.request("PUT", "/scenario", api_key=api_key, body=body))

    def scenario(self, api_key: Optional[str] = None) -> ScenarioState:
        """The scenario in force (for ``api_key``, if given)."""
        return cast(ScenarioState, self.request("GET", "/scenario", api_key=api_key))

    def clear_scenario(self, api_key: Optional[str] = None) -> ScenarioState:
        """Drops ``api_key``'s own scenario, or (without a key) goes back to the start-up scenario."""
        return cast(ScenarioState, self.request("DELETE", "/scenario", api_key=api_key))

    def requests(
        self,
        method: Optional[str] = None,
        path: Optional[str] = None,
        limit: Optional[int] = None,
        api_key: Optional[str] = None,
    ) -> list[JournalEntry]:
        """The request journal, newest first (only ``api_key``'s with a key)."""
        answer = self.request("GET", f"/requests{_query(method=method, path=path, limit=limit)}", api_key=api_key)
        return cast(list[JournalEntry], answer["items"])

    def export_state(self, api_key: Optional[str] = None) -> dict[str, Any]:
        """A state snapshot (``GET /__mock/state``): ``api_key``'s world, or the whole mock's."""
        return cast(dict[str, Any], self.request("GET", "/state", api_key=api_key))

    def import_state(self, snapshot: Mapping[str, Any], api_key: Optional[str] = None) -> StateImportResult:
        """Imports a snapshot (``PUT /__mock/state``): as ``api_key``'s world when given, else as the keys it names."""
        return cast(StateImportResult, self.request("PUT", "/state", api_key=api_key, body=dict(snapshot)))
