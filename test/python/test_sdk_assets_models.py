"""The official Python SDK's Assets and Models APIs (`syncsdk` 0.3.0: assets.list, assets.get, models.list)
against the mock, every answer checked against openapi/openapi.json."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sync.common.errors import NotFoundError

FIXTURES = Path(__file__).parents[1] / "fixtures"


def upload(sync) -> dict[str, str]:
    """Creates a generation from two files; returns the asset ids by input type."""
    with open(FIXTURES / "clip.mp4", "rb") as video, open(FIXTURES / "voice.wav", "rb") as audio:
        created = sync.generations.create_with_files(model="lipsync-2", video=video, audio=audio)
    return {item.type: item.asset_id for item in created.input}


def test_models_list_names_the_five_public_models(sdk, key):
    models = sdk(key).models.list()
    assert sorted(m.id for m in models) == sorted(["sync-3", "lipsync-2-pro", "lipsync-2", "lipsync-1.9.0-beta", "react-1"])
    assert {m.type for m in models} == {"lipsync", "react"}


def test_assets_list_pages_filters_and_sorts(sdk, key):
    sync = sdk(key)
    first = upload(sync)
    second = upload(sync)

    page = sync.assets.list(limit=3)
    assert page.total_count == 4
    assert len(page.items) == 3
    assert page.next_cursor
    rest = sync.assets.list(limit=3, cursor=page.next_cursor)
    assert len(rest.items) == 1 and rest.next_cursor is None

    videos = sync.assets.list(types=["VIDEO"])
    assert {a.id for a in videos.items} == {first["video"], second["video"]}
    assert {a.type for a in sync.assets.list(types=["AUDIO"], sort_by="sizeDesc").items} == {"AUDIO"}
    assert [a.name for a in sync.assets.list(search_query="VOICE").items] == ["voice.wav", "voice.wav"]


def test_assets_get_serves_the_uploaded_bytes_at_its_url(sdk, key):
    sync = sdk(key)
    ids = upload(sync)
    asset = sync.assets.get(ids["audio"])
    assert (asset.name, asset.type) == ("voice.wav", "AUDIO")
    assert httpx.get(asset.url).content == (FIXTURES / "voice.wav").read_bytes()


def test_assets_get_answers_not_found_for_another_keys_asset(mock, sdk, key):
    ids = upload(sdk(mock.new_key()))
    with pytest.raises(NotFoundError):
        sdk(key).assets.get(ids["video"])
