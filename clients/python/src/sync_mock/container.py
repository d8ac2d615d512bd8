"""The sync-mock image as a Testcontainers module: ``SyncMockContainer``.

It starts the image with the mock's settings, waits for ``GET /health`` to answer 200, and hands back what
``sync-mock/testing`` does in Node: ``base_url``, ``api_key()`` (a fresh key, hence a fresh tenant, per call) and
``admin`` (the admin client).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal, Optional, Union

from testcontainers.core.container import DockerContainer
from testcontainers.core.wait_strategies import HttpWaitStrategy

from sync_mock.admin import AdminClient

__all__ = ["SYNC_MOCK_PORT", "SyncMockContainer", "default_image"]

SYNC_MOCK_PORT = 8080
"""The port the image listens on (its ``PORT``)."""

# Where a scenario given as text is copied (the path docker-compose.example.yml mounts its scenarios at).
_SCENARIO_PATH = "/scenarios/testcontainers.yaml"


def _package_version() -> str:
    try:
        return version("sync-mock")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0.1.0"


def default_image() -> str:
    """``SYNC_MOCK_IMAGE`` if set, else ``sync-mock:<this package's version>`` (the npm package's version too)."""
    return os.environ.get("SYNC_MOCK_IMAGE") or f"sync-mock:{_package_version()}"


def _scenario_text(scenario: Union[str, Mapping[str, Any]]) -> Optional[str]:
    """The text to copy into the container, or None for a name or path the image resolves itself."""
    if not isinstance(scenario, str):
        return json.dumps(dict(scenario))
    return scenario if ("\n" in scenario or "{" in scenario) else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("", 0))
        return int(probe.getsockname()[1])


class SyncMockContainer(DockerContainer):
    """The sync-mock image, ready to start (``with SyncMockContainer(clock="manual") as mock: ...``).

    Args:
        image: default :func:`default_image`.
        scenario: a shipped scenario's name (``"instant"``) or a path inside the container, passed as
            ``SYNC_MOCK_SCENARIO``; or YAML/JSON text (anything with a newline or a ``{``) or a mapping, copied
            into the container first. A file of yours: pass its text (``Path(p).read_text()``).
        clock: ``"manual"`` freezes time until ``admin.advance()``; default ``"real"``.
        admin_token: require this token on the admin plane; ``admin`` sends it.
        public_url: base of every URL the mock hands out (e.g. ``http://sync-mock:8080`` for an app in another
            container on its network). Default: ``base_url``, so downloads work from the test process.
        webhook_secret: the secret that signs webhooks.
        environment: more of the image's settings (``SYNC_MOCK_LOG_LEVEL``, ...; see ``sync-mock --help``).
        startup_timeout: seconds to wait for ``/health`` (default 60).
        **kwargs: passed to :class:`DockerContainer`.
    """

    def __init__(
        self,
        image: Optional[str] = None,
        *,
        scenario: Union[str, Mapping[str, Any], None] = None,
        clock: Optional[Literal["real", "manual"]] = None,
        admin_token: Optional[str] = None,
        public_url: Optional[str] = None,
        webhook_secret: Optional[str] = None,
        environment: Optional[Mapping[str, str]] = None,
        startup_timeout: float = 60,
        **kwargs: Any,
    ) -> None:
        super().__init__(image or default_image(), **kwargs)
        self._admin_token = admin_token
        self._public_url = public_url or (environment or {}).get("SYNC_MOCK_PUBLIC_URL")
        self._admin: Optional[AdminClient] = None
        self.with_envs(**dict(environment or {}))
        if scenario is not None:
            text = _scenario_text(scenario)
            self.with_env("SYNC_MOCK_SCENARIO", _SCENARIO_PATH if text is not None else str(scenario))
            if text is not None:
                self.with_copy_into_container(text.encode(), _SCENARIO_PATH)
        if clock:
            self.with_env("SYNC_MOCK_CLOCK", clock)
        if admin_token:
            self.with_env("SYNC_MOCK_ADMIN_TOKEN", admin_token)
        if webhook_secret:
            self.with_env("SYNC_MOCK_WEBHOOK_SECRET", webhook_secret)
        if self._public_url:
            self.with_env("SYNC_MOCK_PUBLIC_URL", self._public_url)
            self.with_exposed_ports(SYNC_MOCK_PORT)
        self.waiting_for(
            HttpWaitStrategy(SYNC_MOCK_PORT, "/health").for_status_code(200).with_startup_timeout(int(startup_timeout))
        )

    def _configure(self) -> None:
        if self._public_url:
            return
        # The URLs the mock hands out are fixed when it starts and must reach it from here: so the host port is
        # chosen before the container exists, and the mock is told its own address.
        port = _free_port()
        self._public_url = f"http://{self.get_docker_client().host()}:{port}"
        self.with_bind_ports(SYNC_MOCK_PORT, port)
        self.with_env("SYNC_MOCK_PUBLIC_URL", self._public_url)

    @property
    def base_url(self) -> str:
        """Base URL for SDK clients in this process (``Sync(base_url=...)``): the engine's host and mapped port."""
        return f"http://{self.get_container_host_ip()}:{self.get_exposed_port(SYNC_MOCK_PORT)}"

    @property
    def public_url(self) -> str:
        """The base of the URLs the mock hands out (``outputUrl``, asset URLs)."""
        return self._public_url or self.base_url

    @property
    def admin(self) -> AdminClient:
        """The admin client of this container (it sends the admin token)."""
        if self._admin is None:
            self._admin = AdminClient(self.base_url, self._admin_token)
        return self._admin

    def api_key(self, plan: str = "scale") -> str:
        """A fresh API key, hence a fresh, isolated tenant; ``plan`` picks the key prefix (default scale)."""
        return f"{plan}_{uuid.uuid4()}"
