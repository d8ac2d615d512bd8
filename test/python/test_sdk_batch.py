"""The official Python SDK's Batch API (`syncsdk` 0.3.0: batch.create, get, list) against the mock, every answer
checked against openapi/openapi.json."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import httpx
import pytest
from sync import BatchResponse, ValidationResponse
from sync.common.errors import BadRequestError, NotFoundError, PaymentRequiredError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "batch-25.jsonl"


def jsonl_file(lines: list[dict], name: str = "batch.jsonl") -> io.BytesIO:
    """An in-memory JSONL file with a name, as `open(path, "rb")` would give."""
    data = io.BytesIO("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode())
    data.name = name
    return data


def line(request_id: str) -> dict:
    return {
        "request_id": request_id,
        "endpoint": "/v2/generate",
        "payload": {
            "model": "lipsync-2",
            "input": [
                {"type": "video", "url": "https://assets.sync.so/docs/example-video.mp4"},
                {"type": "audio", "url": "https://assets.sync.so/docs/example-audio.wav"},
            ],
        },
    }


def test_a_dry_run_answers_validated_and_creates_nothing(sdk, key):
    sync = sdk(key)
    with open(FIXTURE, "rb") as f:
        result = sync.batch.create(input=f, dry_run=True)
    assert isinstance(result, ValidationResponse)
    assert result.status == "VALIDATED"
    assert sync.batch.list() == []


def test_create_from_a_file_runs_to_completed_with_a_public_result_file(mock, sdk, key):
    sync = sdk(key)
    with open(FIXTURE, "rb") as f:
        created = sync.batch.create(input=f, webhook_url="https://hooks.test/batch", dry_run=False)
    assert isinstance(created, BatchResponse)
    assert created.status == "PENDING"
    assert created.metrics.total_generations == 25
    assert created.webhook_url == "https://hooks.test/batch"
    assert created.output_url == ""
    assert isinstance(created.created_at, dt.datetime)

    mock.advance(5_000, key)
    done = sync.batch.get(created.id)
    assert done.status == "COMPLETED"
    assert (done.metrics.success_count, done.metrics.failed_count, done.metrics.pending_count) == (25, 0, 0)
    results = httpx.get(done.output_url)  # no API key
    assert results.headers["content-type"].startswith("application/x-ndjson")
    sent = [json.loads(text)["request_id"] for text in FIXTURE.read_text().splitlines() if text.strip()]
    assert [json.loads(text)["request_id"] for text in results.text.splitlines()] == sent


def test_unicode_request_ids_survive_the_round_trip(mock, sdk, key):
    ids = [f"запрос-{i}" if i % 3 == 0 else f"请求-{i}" if i % 3 == 1 else f"req-{i}-🎬" for i in range(20)]
    sync = sdk(key)
    created = sync.batch.create(input=jsonl_file([line(i) for i in ids], name="ünïcode.jsonl"))
    mock.advance(5_000, key)
    done = sync.batch.get(created.id)
    results = httpx.get(done.output_url)
    assert [json.loads(text)["request_id"] for text in results.text.splitlines()] == ids


def test_list_filters_by_status_and_creation_time(mock, sdk, key):
    sync = sdk(key)
    first = sync.batch.create(input=jsonl_file([line(f"a-{i}") for i in range(20)]))
    mock.advance(5_000, key)
    second = sync.batch.create(input=jsonl_file([line(f"b-{i}") for i in range(20)]))

    assert [b.id for b in sync.batch.list()] == [second.id, first.id]
    assert [b.id for b in sync.batch.list(status="COMPLETED")] == [first.id]
    assert [b.id for b in sync.batch.list(status="PENDING")] == [second.id]
    assert [b.id for b in sync.batch.list(created_after=first.created_at)] == [second.id]
    assert [b.id for b in sync.batch.list(created_before=second.created_at)] == [first.id]


def test_an_invalid_file_raises_bad_request_naming_each_line(sdk, key):
    lines = [line(f"r-{i}") for i in range(20)]
    lines[3]["request_id"] = "r-2"
    with pytest.raises(BadRequestError) as error:
        sdk(key).batch.create(input=jsonl_file(lines))
    assert error.value.body.message == ['line 4: request_id "r-2" duplicates line 3']


def test_a_plan_without_the_batch_api_raises_payment_required(mock, sdk):
    with open(FIXTURE, "rb") as f, pytest.raises(PaymentRequiredError) as error:
        sdk(mock.new_key("creator")).batch.create(input=f)
    assert error.value.status_code == 402
    assert error.value.body.errorCode == "plan_feature_unavailable"  # an extra key of GenerationError


def test_get_answers_not_found_for_an_unknown_batch(sdk, key):
    with pytest.raises(NotFoundError):
        sdk(key).batch.get("batch_6533643b-aceb-4c40-967e-d9ba9baac39e")
