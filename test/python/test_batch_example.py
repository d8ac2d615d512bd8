"""Sync's published batch example, run as a user runs it (batch_example.py: create from a JSONL file with a dry
run and for real, poll batch.get until COMPLETED or FAILED, download outputUrl without a key into output.jsonl)
against a mock whose jobs finish at once (fixtures/instant.yaml), so its 60-second poll never sleeps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server import MockServer

HERE = Path(__file__).parent
SCRIPT = HERE / "batch_example.py"
# The example sleeps 60 s between polls; a run that needed one would pass this and fail the test.
RUN_TIMEOUT_SECONDS = 45


@pytest.fixture(scope="module")
def instant_mock() -> Iterator[MockServer]:
    server = MockServer("--clock", "real", "--scenario", str(HERE / "fixtures" / "instant.yaml"))
    yield server
    server.close()


def request_lines(count: int) -> list[dict]:
    """`count` requests with ids in several scripts; the one at index 5 points at unreachable media."""
    lines = []
    for i in range(count):
        request_id = [f"video_{i:03}", f"видео-{i}", f"视频-{i}", f"clip-{i}-🎬"][i % 4]
        video = "https://cdn.test/unreachable.mp4" if i == 5 else f"https://cdn.test/video{i}.mp4"
        payload = {"model": "lipsync-2", "input": [{"type": "video", "url": video}, {"type": "audio", "url": f"https://cdn.test/audio{i}.wav"}]}
        lines.append({"request_id": request_id, "endpoint": "/v2/generate", "payload": payload})
    return lines


def run_example(cwd: Path, mock: MockServer, key: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SYNC_API_KEY": key, "SYNC_BASE_URL": mock.base_url, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS
    )


def write_input(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def test_the_example_validates_creates_polls_and_saves_every_result_line(tmp_path, instant_mock):
    key = instant_mock.new_key("scale")
    lines = request_lines(24)
    write_input(tmp_path / "input.jsonl", lines)

    dry = run_example(tmp_path, instant_mock, key, "--input-file", "input.jsonl", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "Dry run validation status: VALIDATED" in dry.stdout
    assert "Validation complete. No batch was created." in dry.stdout
    assert not (tmp_path / "output.jsonl").exists()

    real = run_example(tmp_path, instant_mock, key, "--input-file", "input.jsonl", "--monitor")
    assert real.returncode == 0, real.stdout + real.stderr
    assert "Successfully created batch batch_" in real.stdout
    assert "completed! Result saved to output.jsonl" in real.stdout

    results = [json.loads(text) for text in (tmp_path / "output.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["request_id"] for r in results] == [line["request_id"] for line in lines]
    assert [r["payload"] for r in results] == [line["payload"] for line in lines]
    assert all(r["endpoint"] == "/v2/generate" for r in results)
    failed = results.pop(5)
    assert (failed["status"], failed["error"]["code"], failed["response"]) == ("FAILED", "generation_input_video_inaccessible", None)
    assert all(r["status"] == "COMPLETED" and r["error"] is None and r["response"]["outputUrl"] for r in results)


def test_the_example_monitors_an_existing_batch_by_id(tmp_path, instant_mock):
    key = instant_mock.new_key("scale")
    write_input(tmp_path / "input.jsonl", request_lines(20))
    created = run_example(tmp_path, instant_mock, key, "--input-file", "input.jsonl")
    assert created.returncode == 0, created.stdout + created.stderr
    batch_id = created.stdout.split("Successfully created batch ")[1].split()[0]
    assert not (tmp_path / "output.jsonl").exists()

    monitored = run_example(tmp_path, instant_mock, key, "--batch-id", batch_id, "--monitor")
    assert monitored.returncode == 0, monitored.stdout + monitored.stderr
    assert f"Batch job {batch_id} completed!" in monitored.stdout
    assert len((tmp_path / "output.jsonl").read_text(encoding="utf-8").splitlines()) == 20


def test_the_example_reports_a_refused_file_and_exits_1(tmp_path, instant_mock):
    key = instant_mock.new_key("scale")
    write_input(tmp_path / "input.jsonl", request_lines(3))
    result = run_example(tmp_path, instant_mock, key, "--input-file", "input.jsonl", "--monitor")
    assert result.returncode == 1
    assert "Error creating batch:" in result.stdout
    assert "file must contain at least 20 non-empty lines (found 3)" in result.stdout
    assert "Failed to create batch" in result.stdout


def test_the_example_on_a_plan_without_batches_gets_402(tmp_path, instant_mock):
    write_input(tmp_path / "input.jsonl", request_lines(20))
    result = run_example(tmp_path, instant_mock, instant_mock.new_key("growth"), "--input-file", "input.jsonl", "--monitor")
    assert result.returncode == 1
    assert "status_code: 402" in result.stdout
    assert "plan_feature_unavailable" in result.stdout
