"""The sync_mock package (clients/python) against a real container engine and the real image, through its pytest
plugin's `sync_mock` fixture: the official Python SDK drives a generation in the container while the admin client
moves its manual clock, reads its journal and webhook attempts, scopes a scenario to one key, and carries a key's
world to another key. Skipped, with the reason, where no engine or no image is there."""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any, Optional

import httpx
import pytest
from sync import Audio, Sync, Video
from sync.common.errors import NotFoundError

from sync_mock import AdminClient, AdminError, SyncMockContainer, default_image
from sync_mock.pytest_plugin import SyncMock

ROOT = Path(__file__).parents[2]
VIDEO = Video(url="https://cdn.example/face.mp4")
AUDIO = Audio(url="https://cdn.example/voice.wav")
HOW = 'build the image with `bash scripts/container-image.sh` and start an engine with `eval "$(bash scripts/podman-service.sh start)"`'


def _skip_reason() -> Optional[str]:
    """Why the image cannot be run here (the engine docker-py and Testcontainers would find), or None."""
    # Set by .ci/run from podman-service.sh's SKIP line: its probe already ran a container, and said why it failed.
    known = os.environ.get("SYNC_MOCK_CONTAINERS_SKIP")
    if known:
        return known
    import docker
    from docker.errors import ImageNotFound

    try:
        client = docker.from_env()
        client.ping()
    except Exception as error:  # noqa: BLE001 - any failure to reach an engine is the reason to skip
        return f"no container engine ({str(error).splitlines()[0]}; DOCKER_HOST={os.environ.get('DOCKER_HOST', 'unset')}): {HOW}"
    try:
        client.images.get(default_image())
    except ImageNotFound:
        return f"the image {default_image()} is not in the engine at {os.environ.get('DOCKER_HOST', 'the default socket')}: {HOW}"
    return None


REASON = _skip_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")


@pytest.fixture(scope="session")
def sync_mock_options() -> dict[str, Any]:
    """The session's container: a manual clock, so time moves only when a test says so."""
    return {"clock": "manual"}


def sdk(mock: SyncMock, key: Optional[str] = None) -> Sync:
    return Sync(base_url=mock.base_url, api_key=key or mock.api_key)


def test_the_fixture_starts_the_image_of_this_version_and_waits_for_health(sync_mock: SyncMock) -> None:
    # The Python package is versioned with the npm package, so its default image is this repository's.
    assert version("sync-mock") == json.loads((ROOT / "package.json").read_text())["version"]
    assert sync_mock.base_url.startswith("http://")
    assert sync_mock.admin.health()["status"] == "ok"
    assert sync_mock.admin.clock()["mode"] == "manual"
    assert sync_mock.api_key.startswith("scale_")
    assert sync_mock.new_api_key("free").startswith("free_")
    assert sync_mock.new_api_key() != sync_mock.api_key


def test_a_generation_completes_when_the_admin_client_advances_the_keys_clock(sync_mock: SyncMock) -> None:
    sync = sdk(sync_mock)
    created = sync.generations.create(model="lipsync-2", input=[VIDEO, AUDIO])
    assert created.status == "PENDING"
    assert sync.generations.get(created.id).status == "PENDING"  # a manual clock: nothing moves by itself

    sync_mock.admin.advance(60_000, api_key=sync_mock.api_key)
    done = sync.generations.get(created.id)
    assert done.status == "COMPLETED"
    # The URLs the mock hands out carry the host port, so they open from the test's side of the container.
    assert done.output_url.startswith(f"{sync_mock.container.public_url}/")
    video = httpx.get(done.output_url)
    assert video.headers["content-type"] == "video/mp4"
    assert video.content[4:8] == b"ftyp"


def test_the_journal_holds_the_keys_requests_newest_first(sync_mock: SyncMock) -> None:
    sync = sdk(sync_mock)
    created = sync.generations.create(model="lipsync-2", input=[VIDEO, AUDIO])
    sync.generations.get(created.id)

    journal = sync_mock.admin.requests(api_key=sync_mock.api_key)
    assert [(e["method"], e["path"], e["status"]) for e in journal] == [
        ("GET", f"/v2/generate/{created.id}", 200),
        ("POST", "/v2/generate", 201),
    ]
    assert sync_mock.admin.requests(method="POST", api_key=sync_mock.api_key)[0]["path"] == "/v2/generate"
    assert sync_mock.admin.requests(api_key=sync_mock.new_api_key()) == []


def test_webhook_attempts_are_recorded_and_waited_for(sync_mock: SyncMock) -> None:
    # Nothing listens on port 9 in the container: the attempt is recorded as failed, which is all this needs.
    created = sdk(sync_mock).generations.create(model="lipsync-2", input=[VIDEO, AUDIO], webhook_url="http://127.0.0.1:9/hook")
    sync_mock.admin.advance(60_000, api_key=sync_mock.api_key)

    attempt = sync_mock.admin.wait_for_webhook(job_id=created.id, api_key=sync_mock.api_key, timeout_seconds=5)
    assert (attempt["jobId"], attempt["event"], attempt["outcome"]) == (created.id, "COMPLETED", "failed")
    attempts = sync_mock.admin.webhooks(job_id=created.id, api_key=sync_mock.api_key)
    assert attempt["id"] in [a["id"] for a in attempts]
    assert {a["jobId"] for a in attempts} == {created.id}
    with pytest.raises(AdminError) as timeout:
        sync_mock.admin.wait_for_webhook(job_id="no-such-job", api_key=sync_mock.api_key, timeout_seconds=0)
    assert timeout.value.status == 408


def test_a_scenario_is_put_in_force_for_one_key_and_cleared(sync_mock: SyncMock) -> None:
    key, other = sync_mock.api_key, sync_mock.new_api_key()
    state = sync_mock.admin.set_scenario("name: py-instant\nextends: instant\n", api_key=key)
    assert (state["scope"], state["scenario"]["name"]) == ("tenant", "py-instant")
    assert sync_mock.admin.scenario(api_key=key)["scenario"]["name"] == "py-instant"
    assert sync_mock.admin.scenario(api_key=other)["scenario"]["name"] == "default"
    created = sdk(sync_mock, key).generations.create(model="lipsync-2", input=[VIDEO, AUDIO])
    assert sdk(sync_mock, key).generations.get(created.id).status == "COMPLETED"  # instant, with no advance

    assert sync_mock.admin.clear_scenario(api_key=key)["scenario"]["name"] == "default"
    with pytest.raises(AdminError) as refused:
        sync_mock.admin.set_scenario({"name": "bad", "timing": {"preset": "glacial"}}, api_key=key)
    assert refused.value.status == 400


def test_a_keys_world_is_exported_and_imported_as_another_key(sync_mock: SyncMock) -> None:
    created = sdk(sync_mock).generations.create(model="lipsync-2", input=[VIDEO, AUDIO])
    sync_mock.admin.advance(60_000, api_key=sync_mock.api_key)

    snapshot = sync_mock.admin.export_state(api_key=sync_mock.api_key)
    assert (snapshot["format"], snapshot["scope"]) == ("sync-mock-state", "tenant")
    fresh = sync_mock.new_api_key()
    result = sync_mock.admin.import_state(snapshot, api_key=fresh)
    assert (result["tenants"], result["generations"]) == (1, 1)
    copy = sdk(sync_mock, fresh).generations.get(created.id)
    assert (copy.id, copy.status) == (created.id, "COMPLETED")
    assert sync_mock.admin.clock(api_key=fresh)["now"] == sync_mock.admin.clock(api_key=sync_mock.api_key)["now"]


def test_reset_forgets_one_key_and_no_other(sync_mock: SyncMock) -> None:
    other = sync_mock.new_api_key()
    gone = sdk(sync_mock).generations.create(model="lipsync-2", input=[VIDEO, AUDIO])
    kept = sdk(sync_mock, other).generations.create(model="lipsync-2", input=[VIDEO, AUDIO])
    assert sync_mock.admin.reset(api_key=sync_mock.api_key)["scope"] == "tenant"
    with pytest.raises(NotFoundError):
        sdk(sync_mock).generations.get(gone.id)
    assert sdk(sync_mock, other).generations.get(kept.id).id == kept.id


def test_a_container_of_its_own_takes_scenario_text_and_an_admin_token() -> None:
    with SyncMockContainer(scenario={"name": "from-python", "extends": "instant"}, admin_token="let-me-in") as mock:
        assert mock.admin.health()["scenario"] == "from-python"
        with pytest.raises(AdminError) as refused:
            AdminClient(mock.base_url).clock()
        assert refused.value.status == 401
