"""The built mock (`node dist/cli.js`) as a child process on a free loopback port, with the admin calls the
tests need. `npm run build` must have run (npm run test:python does it)."""

from __future__ import annotations

import re
import subprocess
import threading
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).parents[2]
CLI = ROOT / "dist" / "cli.js"


class MockServer:
    """A running `sync-mock` process."""

    def __init__(self, *args: str) -> None:
        if not CLI.exists():
            raise RuntimeError(f"{CLI} is missing: run npm run build first")
        command = ["node", str(CLI), "--port", "0", "--host", "127.0.0.1", "--log-level", "error", *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not match:
            self.close()
            raise RuntimeError(f"sync-mock did not start: {line!r}")
        self.base_url = f"http://127.0.0.1:{match.group(1)}"
        # Drained in the background, so a chatty server never blocks on a full pipe; kept for assertions.
        self.output: list[str] = []
        threading.Thread(target=lambda: self.output.extend(self.process.stdout), daemon=True).start()
        self._admin = httpx.Client(base_url=self.base_url, timeout=30)

    @staticmethod
    def new_key(plan: str = "scale") -> str:
        """A fresh API key, hence a fresh tenant; the prefix picks the plan."""
        return f"{plan}_{uuid.uuid4()}"

    def advance(self, ms: int, key: str) -> None:
        """Moves `key`'s clock on; returns once everything due has happened."""
        response = self._admin.post("/__mock/clock/advance", json={"ms": ms}, headers={"x-api-key": key})
        response.raise_for_status()

    def health(self) -> dict:
        return self._admin.get("/health").json()

    def close(self) -> None:
        if hasattr(self, "_admin"):
            self._admin.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
